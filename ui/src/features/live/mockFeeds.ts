// How the mock meters' readings look (the scenarios pick one per meter; see mock.ts for the streaming).
import type { DayStart, SessionState, TimeZoneChoice, Transport } from '../../lib/bindings';

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

/** The mock meters' clocks run in Central European Time (winter): one hour ahead of UTC. */
export const METER_OFFSET_S = 3600;

const two = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` and `HH:MM:SS` of `ms` in the computer's zone or on the meter's clock. */
function wall(ms: number, zone: TimeZoneChoice): { date: string; time: string } {
  const d = zone === 'meter' ? new Date(ms + METER_OFFSET_S * 1000) : new Date(ms);
  const [y, mo, day, h, mi, sec] =
    zone === 'meter'
      ? [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
      : [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return { date: `${y}-${two(mo + 1)}-${two(day)}`, time: `${two(h)}:${two(mi)}:${two(sec)}` };
}

/** The day baseline for a mock meter: registers now (start values) minus today so far. */
export function dayStart(f: FeedSpec): DayStart {
  const d = new Date();
  const [h = 0, m = 0, sec = 0] = (f.since ?? '00:00:02').split(':').map(Number);
  const sinceMs = new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, m, sec).getTime();
  const w = wall(sinceMs, 'computer');
  return {
    date: w.date,
    import_kwh: START_IMPORT + f.seed - f.todayImport,
    export_kwh: START_EXPORT + f.seed - f.todayExport,
    since: w.time,
    since_ms: sinceMs,
    zone: 'computer',
    partial: f.since !== undefined,
  };
}

/** The baseline after the user picked another zone: "today" starts again now, in that zone (as the backend does). */
export function dayStartNow(f: FeedSpec, zone: TimeZoneChoice, nowMs = Date.now()): DayStart {
  const w = wall(nowMs, zone);
  return {
    date: w.date,
    import_kwh: START_IMPORT + f.seed,
    export_kwh: START_EXPORT + f.seed,
    since: w.time,
    since_ms: nowMs,
    zone,
    partial: w.time > '00:05:00',
  };
}

/** Readings arrive in these states (live, or polling while another app holds the stream). */
export function streamingTransport(c: SessionState | null): Transport | null {
  if (c === null) return null;
  if (c.state === 'live') return c.transport;
  if (c.state === 'preempted') return c.fallback;
  return null;
}
