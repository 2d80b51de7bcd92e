// How the mock meters' readings look (the scenarios pick one per meter; see mock.ts for the streaming).
import type { DayStart, SessionState, Transport } from '../../lib/bindings';

/** How a mock meter's readings look (meters without one get a default when they stream). */
export interface FeedSpec {
  phases: 1 | 3;
  pvPeakKw: number;
  baseLoadKw: number;
  seed: number;
  /** Today so far at page load (kWh), for the day baseline. */
  todayImport: number;
  todayExport: number;
  /** The baseline reading came late (WattDesk was not running at midnight). */
  since?: string;
  /** History replayed on the first subscription ends this long ago (an offline meter's last readings). */
  lastReadingAgoMs?: number;
  /** Skip batch numbers and report skipped readings now and then (the gap notice). */
  gaps?: boolean;
  /** Readings per second (default: `&rate=`, 5). */
  rateHz?: number;
}

export const HOUSE_FEED: FeedSpec = { phases: 3, pvPeakKw: 3.6, baseLoadKw: 0.45, seed: 3, todayImport: 7.842, todayExport: 12.307 };

export const START_IMPORT = 12_345.678;
export const START_EXPORT = 3_456.789;

/** The day baseline for a mock meter: registers now (start values) minus today so far. */
export function dayStart(f: FeedSpec): DayStart {
  const d = new Date();
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return {
    date,
    import_kwh: START_IMPORT + f.seed - f.todayImport,
    export_kwh: START_EXPORT + f.seed - f.todayExport,
    since: f.since ?? '00:00:02',
    partial: f.since !== undefined,
  };
}

/** Readings arrive in these states (live, or polling while another app holds the stream). */
export function streamingTransport(c: SessionState | null): Transport | null {
  if (c === null) return null;
  if (c.state === 'live') return c.transport;
  if (c.state === 'preempted') return c.fallback;
  return null;
}
