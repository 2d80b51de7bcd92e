// Formatting for the transport inspector: what each transport delivered, and the comparison countdown.
import type { Transport, TransportFigures } from '../../lib/bindings';
import { formatLocale, m } from '../../lib/i18n';
import { formatLatency } from '../../lib/units';

/** A transport's name: "Live stream", "Polling", "MQTT". */
export function transportName(t: Transport): string {
  return t === 'sse' ? m.mqtt_transport_sse() : t === 'poll' ? m.mqtt_transport_poll() : 'MQTT';
}

/** What each transport is, with its technical name, for tooltips. */
export function transportHelp(t: Transport): string {
  return t === 'sse' ? m.mqtt_transport_sse_help() : t === 'poll' ? m.mqtt_transport_poll_help() : m.mqtt_transport_mqtt_help();
}

/** A number with exactly `digits` decimals in the app's locale, without grouping ("1.0", "712"). */
function fixed(x: number, digits: number): string {
  return new Intl.NumberFormat(formatLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(x);
}

export const COMPARE_CHOICES = [30, 60, 120] as const;

/** A countdown as a clock: "0:45", "2:00". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "1.0 s", "30 s", "—". */
export function formatInterval(s: number | null): string {
  if (s === null) return '—';
  return s < 10 ? `${fixed(s, 1)} s` : `${fixed(Math.round(s), 0)} s`;
}

/** "700 B", "2.7 kB", "—". */
export function formatBytes(b: number | null): string {
  if (b === null) return '—';
  if (b < 1000) return `${fixed(Math.round(b), 0)} B`;
  return `${fixed(b / 1000, b < 9950 ? 1 : 0)} kB`;
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
