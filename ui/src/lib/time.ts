// Times for people, all in one zone: this computer's (the default) or a meter's own clock when the user chose
// it in Settings. Every clock time, date and "since" on screen goes through here, so the cards, the detail
// page, the chart axes and their tooltips always agree.
import type { TimeZoneChoice } from './bindings';
import { formatLocale, m } from './i18n';

/** Where clock times are read: this computer's zone, or a meter's clock (its offset from UTC). */
export type TimeZone =
  | {
      kind: 'computer';
      /** The meter's clock was asked for, but the meter has not told its offset yet. */
      fallback?: boolean;
    }
  | { kind: 'meter'; offsetS: number };

export const COMPUTER_ZONE: TimeZone = { kind: 'computer' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const COMPUTER_FALLBACK: TimeZone = { kind: 'computer', fallback: true };
const meterZones = new Map<number, TimeZone>();

/**
 * The zone a meter's times are shown in: the user's choice, the computer's while the meter's is unknown. The
 * same zone is the same object (a chart rebuilds when its zone changes, not on every meter update).
 */
export function zoneFor(choice: TimeZoneChoice, meterOffsetS: number | null): TimeZone {
  if (choice === 'computer') return COMPUTER_ZONE;
  if (meterOffsetS === null) return COMPUTER_FALLBACK;
  let zone = meterZones.get(meterOffsetS);
  if (zone === undefined) {
    zone = { kind: 'meter', offsetS: meterOffsetS };
    meterZones.set(meterOffsetS, zone);
  }
  return zone;
}

// Formatters are built once per locale tag (formatLocale(), set before the first component mounts): chart
// axes format many labels per draw.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, utc: boolean, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const tag = formatLocale();
  const k = `${tag}/${key}/${utc ? 'utc' : 'local'}`;
  let f = formatters.get(k);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(tag, { ...opts, timeZone: utc ? 'UTC' : undefined });
    formatters.set(k, f);
  }
  return f;
}

/** The instant to format and whether to read it as UTC (a meter's clock is UTC shifted by its offset). */
function shifted(ms: number, zone: TimeZone): [Date, boolean] {
  return zone.kind === 'meter' ? [new Date(ms + zone.offsetS * 1000), true] : [new Date(ms), false];
}

const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const CLOCK_S: Intl.DateTimeFormatOptions = { ...CLOCK, second: '2-digit' };

/** "14:05", or "14:05:09" with `seconds`. */
export function clockTime(ms: number, zone: TimeZone, opts: { seconds?: boolean } = {}): string {
  const [d, utc] = shifted(ms, zone);
  if (Number.isNaN(d.getTime())) return '—';
  return opts.seconds ? formatter('clock-s', utc, CLOCK_S).format(d) : formatter('clock', utc, CLOCK).format(d);
}

/** "12 Mar 2026" */
export function dateOnly(ms: number, zone: TimeZone): string {
  const [d, utc] = shifted(ms, zone);
  if (Number.isNaN(d.getTime())) return m.lib_unknown();
  return formatter('date', utc, { day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

/** "12 Mar 2026, 14:05" (for tooltips). */
export function dateTime(ms: number, zone: TimeZone): string {
  const [d, utc] = shifted(ms, zone);
  if (Number.isNaN(d.getTime())) return m.lib_unknown();
  return formatter('datetime', utc, { day: 'numeric', month: 'short', year: 'numeric', ...CLOCK }).format(d);
}

/** "UTC+01:00", "UTC−03:30", "UTC". */
export function offsetLabel(offsetS: number): string {
  if (offsetS === 0) return 'UTC';
  const a = Math.abs(Math.round(offsetS / 60));
  return `UTC${offsetS < 0 ? '\u2212' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** This computer's zone by name ("Europe/Zurich"), else its offset now. */
export function computerZoneName(nowMs = Date.now()): string {
  try {
    const name = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (name) return name;
  } catch {
    /* fall through */
  }
  return offsetLabel(-new Date(nowMs).getTimezoneOffset() * 60);
}

/** Says which zone times are in: "this computer's time zone (Europe/Zurich)", "the meter's clock (UTC+01:00)". */
export function zoneDescription(zone: TimeZone): string {
  if (zone.kind === 'meter') return m.lib_zone_meter({ offset: offsetLabel(zone.offsetS) });
  return m.lib_zone_computer({ zone: computerZoneName() });
}

/**
 * A Date whose local fields (getHours…) read the wall clock of `zone` at `ms`: what uPlot's `tzDate` needs
 * to put round times on a chart's axis in a zone that is not the computer's.
 */
export function wallDate(ms: number, zone: TimeZone): Date {
  if (zone.kind === 'computer') return new Date(ms);
  const u = new Date(ms + zone.offsetS * 1000);
  return new Date(
    u.getUTCFullYear(),
    u.getUTCMonth(),
    u.getUTCDate(),
    u.getUTCHours(),
    u.getUTCMinutes(),
    u.getUTCSeconds(),
    u.getUTCMilliseconds(),
  );
}

/** "just now", "2 min ago", "3 h ago", "yesterday", "4 days ago", else a date in `zone`. `null` → "Never". */
export function relativeTime(iso: string | null, nowMs: number, zone: TimeZone = COMPUTER_ZONE): string {
  if (iso === null) return m.lib_time_never();
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return m.lib_unknown();
  const diff = nowMs - t;
  if (diff < 45_000) return diff > -5 * MINUTE ? m.lib_age_just_now() : dateOnly(t, zone);
  if (diff < 90_000) return m.lib_age_minutes({ count: 1 });
  if (diff < 45 * MINUTE) return m.lib_age_minutes({ count: Math.round(diff / MINUTE) });
  if (diff < 90 * MINUTE) return m.lib_age_hours({ count: 1 });
  if (diff < 22 * HOUR) return m.lib_age_hours({ count: Math.round(diff / HOUR) });
  if (diff < 36 * HOUR) return m.lib_time_yesterday();
  if (diff < 7 * DAY) return m.lib_time_days_ago({ count: Math.max(2, Math.round(diff / DAY)) });
  return dateOnly(t, zone);
}

/**
 * How soon a `relativeTime` label of something `diffMs` old may read differently (an upper bound for the
 * next check; the label is only redrawn when its text changed).
 */
export function relativeTimeNextCheckMs(diffMs: number): number {
  if (diffMs < 90_000) return 5_000;
  if (diffMs < 45 * MINUTE) return 30_000;
  if (diffMs < 22 * HOUR) return 5 * MINUTE;
  return HOUR;
}

/** `iso` as "12 Mar 2026, 14:05" in `zone`, "Never seen" for null. */
export function seenAt(iso: string | null, zone: TimeZone): string {
  if (iso === null) return m.lib_time_never_seen();
  return dateTime(Date.parse(iso), zone);
}
