// The periods of the History view, cut in this computer's local time: a day (midnight to midnight: 23 or
// 25 hours on the days the clocks change), a Monday-to-Sunday week, a month, a year, or a custom span of
// whole days (or any span, once zoomed); moving back and forth, the bucket each is drawn with, the buckets a
// range should have, and the words for all of it. Pure: every date is built with the local `Date`
// constructor, which knows the zone's rules.

import { formatLocale, m } from '../../lib/i18n';

export type PeriodKind = 'day' | 'week' | 'month' | 'year' | 'custom';

/** UTC ms, `from` inclusive, `to` exclusive. */
export interface Range {
  from: number;
  to: number;
}

/** The periods to choose from, in words. */
export function periods(): { value: PeriodKind; label: string }[] {
  return [
    { value: 'day', label: m.history_period_day() },
    { value: 'week', label: m.history_period_week() },
    { value: 'month', label: m.history_period_month() },
    { value: 'year', label: m.history_period_year() },
    { value: 'custom', label: m.history_period_custom() },
  ];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Local midnight of a calendar day (the Date constructor carries overflowing days and months over). */
function midnight(year: number, month: number, day: number): number {
  return new Date(year, month, day).getTime();
}

function parts(ms: number): [number, number, number] {
  const d = new Date(ms);
  return [d.getFullYear(), d.getMonth(), d.getDate()];
}

export function startOfDay(ms: number): number {
  return midnight(...parts(ms));
}

/** The local midnight `n` days after the day holding `ms`. */
export function addDays(ms: number, n: number): number {
  const [y, m, d] = parts(ms);
  return midnight(y, m, d + n);
}

/** Monday 00:00 of the week holding `ms`. */
export function startOfWeek(ms: number): number {
  const d = new Date(ms);
  const sinceMonday = (d.getDay() + 6) % 7;
  return midnight(d.getFullYear(), d.getMonth(), d.getDate() - sinceMonday);
}

export function startOfMonth(ms: number): number {
  const [y, m] = parts(ms);
  return midnight(y, m, 1);
}

export function addMonths(ms: number, n: number): number {
  const [y, m] = parts(ms);
  return midnight(y, m + n, 1);
}

export function startOfYear(ms: number): number {
  return midnight(new Date(ms).getFullYear(), 0, 1);
}

/** The day, week, month or year holding `ms`. */
export function periodAt(kind: Exclude<PeriodKind, 'custom'>, ms: number): Range {
  switch (kind) {
    case 'day': {
      const from = startOfDay(ms);
      return { from, to: addDays(from, 1) };
    }
    case 'week': {
      const from = startOfWeek(ms);
      return { from, to: addDays(from, 7) };
    }
    case 'month': {
      const from = startOfMonth(ms);
      return { from, to: addMonths(from, 1) };
    }
    case 'year': {
      const y = new Date(ms).getFullYear();
      return { from: midnight(y, 0, 1), to: midnight(y + 1, 0, 1) };
    }
  }
}

/** Both ends are local midnights. */
export function isWholeDays(r: Range): boolean {
  return startOfDay(r.from) === r.from && startOfDay(r.to) === r.to;
}

/** Calendar days in a range of whole days (a 23- or 25-hour day counts as one). */
export function dayCount(r: Range): number {
  return Math.max(1, Math.round((r.to - r.from) / DAY));
}

/**
 * The period `steps` periods later (negative: earlier). A custom range of whole days moves by its number of
 * days; any other custom range (a zoom) by its length.
 */
export function shiftRange(kind: PeriodKind, r: Range, steps: number): Range {
  switch (kind) {
    case 'day':
      return periodAt('day', addDays(r.from, steps));
    case 'week':
      return periodAt('week', addDays(r.from, 7 * steps));
    case 'month':
      return periodAt('month', addMonths(r.from, steps));
    case 'year':
      return periodAt('year', midnight(new Date(r.from).getFullYear() + steps, 0, 1));
    case 'custom': {
      if (isWholeDays(r)) {
        const n = dayCount(r) * steps;
        return { from: addDays(r.from, n), to: addDays(r.to, n) };
      }
      const len = r.to - r.from;
      return { from: r.from + len * steps, to: r.to + len * steps };
    }
  }
}

/** The period before, to compare with (a day with the day before, a month with the month before…). */
export function previousRange(kind: PeriodKind, r: Range): Range {
  return shiftRange(kind, r, -1);
}

/** The range holds `now`. */
export function holdsNow(r: Range, now: number): boolean {
  return r.from <= now && now < r.to;
}

/** There is nothing to see after this range: it reaches now or the future. */
export function reachesNow(r: Range, now: number): boolean {
  return r.to > now;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of the local day holding `ms` (what `<input type="date">` holds). */
export function dateInputValue(ms: number): string {
  const [y, m, d] = parts(ms);
  return `${y}-${pad(m + 1)}-${pad(d)}`;
}

/** Local midnight of a `YYYY-MM-DD` day, or null when it is not a real date. */
export function parseDateInput(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const ms = midnight(y, mo, d);
  const [y2, mo2, d2] = parts(ms);
  return y2 === y && mo2 === mo && d2 === d ? ms : null;
}

/** A custom range from one day to another, both included; a reason when it is not one. */
export function customRange(fromDate: string, toDate: string): { range: Range; problem: null } | { range: null; problem: string } {
  const from = parseDateInput(fromDate);
  const to = parseDateInput(toDate);
  if (from === null) return { range: null, problem: m.history_range_first_missing() };
  if (to === null) return { range: null, problem: m.history_range_last_missing() };
  if (to < from) return { range: null, problem: m.history_range_reversed() };
  return { range: { from, to: addDays(to, 1) }, problem: null };
}

// Buckets ---------------------------------------------------------------------------------------------

/** The bucket each period is drawn with; custom ranges (and zooms) let the backend choose (null). */
export const PERIOD_BUCKET: Record<PeriodKind, string | null> = {
  day: '15m',
  week: '1h',
  month: '1d',
  year: '1mo',
  custom: null,
};

/** Nominal lengths, as the backend counts them (a month as 28 days, so a year of months is 13 at most). */
const NOMINAL_MS: Record<string, number> = {
  '1m': MINUTE,
  '15m': 15 * MINUTE,
  '1h': HOUR,
  '1d': DAY,
  '1w': 7 * DAY,
  '1mo': 28 * DAY,
  '1y': 365 * DAY,
};

/** The backend answers at most this many buckets. */
export const MAX_BUCKETS = 2000;

/** What the backend picks for a range without a bucket: the finest that gives at most 2,000. */
export function autoBucket(r: Range): string {
  const len = Math.max(0, r.to - r.from);
  for (const code of ['1m', '15m', '1h', '1d', '1w', '1mo']) {
    if (Math.ceil(len / NOMINAL_MS[code]!) <= MAX_BUCKETS) return code;
  }
  return '1y';
}

/**
 * The bucket to ask for: the period's own, else the backend's choice; money needs quarter hours at least
 * (a minute has no price of its own).
 */
export function requestBucket(kind: PeriodKind, r: Range, money: boolean): string | null {
  const own = PERIOD_BUCKET[kind];
  if (own !== null) return own;
  return money && autoBucket(r) === '1m' ? '15m' : null;
}

/** Minutes, quarter hours and hours are cut on UTC boundaries (as the backend does); longer ones locally. */
export function bucketStart(code: string, ms: number): number {
  switch (code) {
    case '1d':
      return startOfDay(ms);
    case '1w':
      return startOfWeek(ms);
    case '1mo':
      return startOfMonth(ms);
    case '1y':
      return startOfYear(ms);
    default: {
      const w = NOMINAL_MS[code] ?? 15 * MINUTE;
      return Math.floor(ms / w) * w;
    }
  }
}

/** The start of the bucket after the one starting at `start`. */
export function bucketEnd(code: string, start: number): number {
  switch (code) {
    case '1d':
      return addDays(start, 1);
    case '1w':
      return addDays(start, 7);
    case '1mo':
      return addMonths(start, 1);
    case '1y':
      return midnight(new Date(start).getFullYear() + 1, 0, 1);
    default:
      return start + (NOMINAL_MS[code] ?? 15 * MINUTE);
  }
}

/** Every bucket a range should have, in order (the chart draws a gap where the answer has none). */
export function bucketSlots(code: string, r: Range, limit = 5000): Range[] {
  const out: Range[] = [];
  for (let s = bucketStart(code, r.from); s < r.to && out.length < limit; ) {
    const e = bucketEnd(code, s);
    out.push({ from: s, to: e });
    s = e;
  }
  return out;
}

/** A dragged span snapped outwards to whole buckets of `code`, clipped to `within`; null when too small. */
export function zoomTo(code: string, fromMs: number, toMs: number, within: Range): Range | null {
  const a = Math.max(within.from, Math.min(fromMs, toMs));
  const b = Math.min(within.to, Math.max(fromMs, toMs));
  if (b <= a) return null;
  const from = Math.max(within.from, bucketStart(code, a));
  const end = bucketStart(code, b);
  const to = Math.min(within.to, end === b ? b : bucketEnd(code, end));
  if (to - from < 15 * MINUTE) return null;
  if (from === within.from && to === within.to) return null;
  return { from, to };
}

// Words -----------------------------------------------------------------------------------------------

/** Formatters in this computer's zone and format (built per call: cheap, and always in the zone in force). */
const fmt = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(formatLocale(), opts);
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** "Today", "Yesterday" or "Tomorrow" for a day range near `now`, else null. */
export function relativeDay(r: Range, now: number): string | null {
  const today = startOfDay(now);
  if (r.from === today) return m.history_today();
  if (r.from === addDays(today, -1)) return m.history_yesterday();
  if (r.from === addDays(today, 1)) return m.history_tomorrow();
  return null;
}

/** The heading of a period: "Wednesday 2 December 2026", "30 Nov – 6 Dec 2026", "December 2026", "2026". */
export function periodLabel(kind: PeriodKind, r: Range): string {
  const last = new Date(r.to - 1);
  switch (kind) {
    case 'day':
      return fmt({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(r.from);
    case 'week':
      return fmt({ day: 'numeric', month: 'short', year: 'numeric' }).formatRange(new Date(r.from), last);
    case 'month':
      return fmt({ month: 'long', year: 'numeric' }).format(r.from);
    case 'year':
      return String(new Date(r.from).getFullYear());
    case 'custom':
      if (isWholeDays(r)) {
        return dayCount(r) === 1
          ? fmt({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(r.from)
          : fmt({ day: 'numeric', month: 'short', year: 'numeric' }).formatRange(new Date(r.from), last);
      }
      return fmt({ day: 'numeric', month: 'short', year: 'numeric', ...CLOCK }).formatRange(new Date(r.from), new Date(r.to));
  }
}

/** The previous period in words, as a label: "The day before", "The week before"… */
export function previousWords(kind: PeriodKind): string {
  switch (kind) {
    case 'day':
      return m.history_before_day();
    case 'week':
      return m.history_before_week();
    case 'month':
      return m.history_before_month();
    case 'year':
      return m.history_before_year();
    case 'custom':
      return m.history_before_custom();
  }
}

/** The comparison's checkbox: "Compare with the day before"… */
export function compareWords(kind: PeriodKind): string {
  switch (kind) {
    case 'day':
      return m.history_compare_day();
    case 'week':
      return m.history_compare_week();
    case 'month':
      return m.history_compare_month();
    case 'year':
      return m.history_compare_year();
    case 'custom':
      return m.history_compare_custom();
  }
}

/** One bucket in words (a tooltip's first line): "Wed 2 Dec, 14:00–14:15", "Wed 2 Dec 2026", "December 2026". */
export function slotLabel(code: string, s: Range): string {
  switch (code) {
    case '1d':
      return fmt({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(s.from);
    case '1w':
      return m.history_week_of({ date: fmt({ day: 'numeric', month: 'short', year: 'numeric' }).format(s.from) });
    case '1mo':
      return fmt({ month: 'long', year: 'numeric' }).format(s.from);
    case '1y':
      return String(new Date(s.from).getFullYear());
    default: {
      const day = fmt({ weekday: 'short', day: 'numeric', month: 'short' }).format(s.from);
      const clock = fmt(CLOCK);
      return `${day}, ${clock.format(s.from)}–${clock.format(s.to)}`;
    }
  }
}

/** A stretch of time: "Mon 30 Nov, 08:59–13:30", or "Mon 30 Nov, 22:00 – Tue 1 Dec, 06:00" over midnight. */
export function spanLabel(from: number, to: number): string {
  const day = fmt({ weekday: 'short', day: 'numeric', month: 'short' });
  const clock = fmt(CLOCK);
  if (startOfDay(from) === startOfDay(to - 1)) return `${day.format(from)}, ${clock.format(from)}–${clock.format(to)}`;
  return `${day.format(from)}, ${clock.format(from)} – ${day.format(to)}, ${clock.format(to)}`;
}

/** "per quarter hour", "per hour", "per day"… (the chart's title). */
export function bucketWords(code: string): string {
  const words: Record<string, () => string> = {
    '1m': m.history_per_1m,
    '15m': m.history_per_15m,
    '1h': m.history_per_1h,
    '1d': m.history_per_1d,
    '1w': m.history_per_1w,
    '1mo': m.history_per_1mo,
    '1y': m.history_per_1y,
  };
  return words[code]?.() ?? '';
}

// Axis ------------------------------------------------------------------------------------------------

export interface Tick {
  ms: number;
  label: string;
}

const SUB_DAY_STEPS_H = [0.25, 0.5, 1, 2, 3, 6, 12];

/** Local clock times every `stepH` hours over the days of a range (DST days get their real hours). */
function clockTicks(r: Range, stepH: number): number[] {
  const out: number[] = [];
  for (let d = startOfDay(r.from); d < r.to; d = addDays(d, 1)) {
    const [y, m, day] = parts(d);
    for (let k = 0; k * stepH < 24; k++) {
      const minutes = Math.round(k * stepH * 60);
      const t = new Date(y, m, day, Math.floor(minutes / 60), minutes % 60).getTime();
      // A time the clocks skip comes out as the next real one: keep each instant once, in order.
      if (t >= r.from && t < r.to && (out.length === 0 || t > out[out.length - 1]!)) out.push(t);
    }
  }
  return out;
}

/** Half of the bucket starting at `start`, so a label sits under its bar rather than between two. */
function middle(code: string, start: number): number {
  return start + (bucketEnd(code, start) - start) / 2;
}

/**
 * Where the time axis has its labels and what they say, for a plot `widthPx` wide: clock times within a
 * day ("06:00"), days ("Mon 30", "5 Dec"), months ("Dec"), years, at least ~70 px apart. With day, month or
 * year bars (`bucket`) a label stands under the middle of its bar.
 */
export function axisTicks(r: Range, widthPx: number, bucket: string | null = null): Tick[] {
  const most = Math.max(2, Math.floor(widthPx / 70));
  const len = r.to - r.from;
  const clock = fmt(CLOCK);
  const multiDay = len > DAY + 2 * HOUR;
  for (const stepH of SUB_DAY_STEPS_H) {
    if (len / (stepH * HOUR) > most) continue;
    const dayWord = fmt({ weekday: 'short', day: 'numeric' });
    return clockTicks(r, stepH).map((ms) => ({
      ms,
      label: multiDay && startOfDay(ms) === ms ? dayWord.format(ms) : clock.format(ms),
    }));
  }
  const days = len / DAY;
  for (const step of [1, 2, 3, 4, 5, 7, 14]) {
    if (days / step > most) continue;
    const out: Tick[] = [];
    const f = days <= 10 ? fmt({ weekday: 'short', day: 'numeric' }) : fmt({ day: 'numeric', month: 'short' });
    const weekly = step === 7 || step === 14;
    let d = weekly ? startOfWeek(r.from) : startOfDay(r.from);
    if (d < r.from) d = addDays(d, weekly ? 7 : step);
    for (; d < r.to; d = addDays(d, step)) out.push({ ms: bucket === '1d' ? middle('1d', d) : d, label: f.format(d) });
    return out;
  }
  const months = days / 30.44;
  for (const step of [1, 2, 3, 6]) {
    if (months / step > most) continue;
    const out: Tick[] = [];
    let d = startOfMonth(r.from);
    if (d < r.from) d = addMonths(d, 1);
    for (; d < r.to; d = addMonths(d, step)) {
      const withYear = out.length === 0 || new Date(d).getMonth() === 0;
      out.push({
        ms: bucket === '1mo' ? middle('1mo', d) : d,
        label: fmt(withYear ? { month: 'short', year: 'numeric' } : { month: 'short' }).format(d),
      });
    }
    return out;
  }
  const out: Tick[] = [];
  const yStep = Math.max(1, Math.ceil(months / 12 / most));
  for (let y = new Date(r.from).getFullYear(); midnight(y, 0, 1) < r.to; y += yStep) {
    const t = midnight(y, 0, 1);
    if (t >= r.from) out.push({ ms: bucket === '1y' ? middle('1y', t) : t, label: String(y) });
  }
  return out;
}
