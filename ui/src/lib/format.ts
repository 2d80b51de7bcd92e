// Formatting for people: relative times, licences, meter status.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TimeFormatOptions {
  locale?: string | undefined;
  timeZone?: string | undefined;
}

/** "just now", "2 min ago", "3 h ago", "yesterday", "4 days ago", else a date. `null` → "Never". */
export function relativeTime(iso: string | null, nowMs: number, opts: TimeFormatOptions = {}): string {
  if (iso === null) return 'Never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'Unknown';
  const diff = nowMs - t;
  if (diff < 45_000) return diff > -5 * MINUTE ? 'just now' : absoluteDate(iso, opts);
  if (diff < 90_000) return '1 min ago';
  if (diff < 45 * MINUTE) return `${Math.round(diff / MINUTE)} min ago`;
  if (diff < 90 * MINUTE) return '1 h ago';
  if (diff < 22 * HOUR) return `${Math.round(diff / HOUR)} h ago`;
  if (diff < 36 * HOUR) return 'yesterday';
  if (diff < 7 * DAY) return `${Math.max(2, Math.round(diff / DAY))} days ago`;
  return absoluteDate(iso, opts);
}

/** "12 Mar 2026" */
export function absoluteDate(iso: string, opts: TimeFormatOptions = {}): string {
  return dateText(iso, opts, {});
}

/** "12 Mar 2026, 14:05" for tooltips. */
export function absoluteDateTime(iso: string | null, opts: TimeFormatOptions = {}): string {
  if (iso === null) return 'Never seen';
  return dateText(iso, opts, { hour: '2-digit', minute: '2-digit' });
}

/** The day (and `time` parts) of `iso` in the UI's date style, or "Unknown" when it is not a date. */
function dateText(iso: string, opts: TimeFormatOptions, time: Intl.DateTimeFormatOptions): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'Unknown';
  return new Intl.DateTimeFormat(opts.locale ?? 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...time,
    timeZone: opts.timeZone,
  }).format(d);
}

export type BadgeTone = 'accent' | 'warning' | 'danger' | 'neutral' | 'success' | 'info';

/** Label and tone of a licence badge. FREE is spelled out because it limits features. */
export function licenceBadge(license: string | null): { label: string; tone: BadgeTone } {
  if (license === null || license.trim() === '') return { label: 'Unknown', tone: 'neutral' };
  const l = license.trim().toUpperCase();
  if (l === 'FREE') return { label: 'FREE – reduced features', tone: 'warning' };
  return { label: l, tone: 'accent' };
}

/** The meter (not the reader) connection status as a short phrase. */
export function meterStatus(status: string | null): { label: string; tone: BadgeTone } {
  if (status === null || status.trim() === '') return { label: 'Unknown', tone: 'neutral' };
  const s = status.trim().toUpperCase();
  if (s === 'OK') return { label: 'Connected', tone: 'success' };
  if (s === 'NOT CONNECTED') return { label: 'Not connected', tone: 'warning' };
  if (s.includes('ERROR') || s.includes('FAIL')) return { label: sentence(status), tone: 'danger' };
  return { label: sentence(status), tone: 'neutral' };
}

function sentence(s: string): string {
  const t = s.trim().toLowerCase();
  return t.charAt(0).toUpperCase() + t.slice(1);
}
