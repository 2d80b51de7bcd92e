// Formatting for the transport inspector: what each transport delivered, and the comparison countdown.
import type { Transport, TransportFigures } from '../../lib/bindings';
import { formatLatency } from '../../lib/units';

export const TRANSPORT_NAMES: Record<Transport, string> = {
  sse: 'Live stream',
  poll: 'Polling',
  mqtt: 'MQTT',
};

/** What each transport is, with its technical name, for tooltips. */
export const TRANSPORT_HELP: Record<Transport, string> = {
  sse: 'The meter pushes every reading as it takes it (technical name: Server-Sent Events, SSE). One app at a time.',
  poll: 'WattDesk asks the meter for each reading (HTTP polling).',
  mqtt: 'The meter publishes its readings to your MQTT broker, and WattDesk listens there.',
};

export const COMPARE_CHOICES = [30, 60, 120] as const;

/** A countdown as a clock: "0:45", "2:00". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "1.0 s", "30 s", "—". */
export function formatInterval(s: number | null): string {
  if (s === null) return '—';
  return s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`;
}

/** "700 B", "2.7 kB", "—". */
export function formatBytes(b: number | null): string {
  if (b === null) return '—';
  if (b < 1000) return `${Math.round(b)} B`;
  return `${(b / 1000).toFixed(b < 9950 ? 1 : 0)} kB`;
}

export function formatLatencyCell(ms: number | null): string {
  return ms === null ? '—' : formatLatency(ms);
}

/** The rows in a fixed order (live stream, polling, MQTT), whatever order they came in. */
export function orderedFigures(rows: readonly TransportFigures[]): TransportFigures[] {
  const order: Transport[] = ['sse', 'poll', 'mqtt'];
  return [...rows].sort((a, b) => order.indexOf(a.transport) - order.indexOf(b.transport));
}

/** Progress of a running comparison (0–1) and the time left, from its start and length. */
export function comparisonProgress(startedMs: number, seconds: number, nowMs: number): { fraction: number; left: string } {
  const elapsed = Math.max(0, (nowMs - startedMs) / 1000);
  return { fraction: Math.min(1, elapsed / seconds), left: formatClock(seconds - elapsed) };
}
