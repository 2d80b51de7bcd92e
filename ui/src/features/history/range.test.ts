import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  autoBucket,
  axisTicks,
  bucketSlots,
  bucketStart,
  customRange,
  dateInputValue,
  dayCount,
  holdsNow,
  isWholeDays,
  parseDateInput,
  periodAt,
  periodLabel,
  previousRange,
  reachesNow,
  relativeDay,
  spanLabel,
  requestBucket,
  shiftRange,
  slotLabel,
  startOfWeek,
  zoomTo,
} from './range';

// This computer is in Zurich for these tests: the clocks go forward on 29 March 2026 (a 23-hour day) and
// back on 25 October 2026 (a 25-hour day).
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Zurich';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** Intl puts thin and no-break spaces around dashes: compare with plain ones. */
const plain = (s: string) => s.replace(/[\u2009\u202f\u00a0]/g, ' ');
/** Local wall time in Zurich as an instant. */
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();

describe('periods in local time', () => {
  it('cuts a day at local midnight', () => {
    const r = periodAt('day', local(2026, 3, 12, 15, 30));
    expect(iso(r.from)).toBe('2026-03-11T23:00:00.000Z');
    expect(r.to - r.from).toBe(24 * H);
  });

  it('gives the clocks-forward day 23 hours and the clocks-back day 25', () => {
    const spring = periodAt('day', local(2026, 3, 29, 12));
    expect(iso(spring.from)).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(spring.to)).toBe('2026-03-29T22:00:00.000Z');
    expect(spring.to - spring.from).toBe(23 * H);
    const autumn = periodAt('day', local(2026, 10, 25, 12));
    expect(autumn.to - autumn.from).toBe(25 * H);
    // Moving day by day across them lands on midnights.
    expect(shiftRange('day', spring, 1)).toEqual(periodAt('day', local(2026, 3, 30)));
    expect(shiftRange('day', periodAt('day', local(2026, 3, 30)), -1)).toEqual(spring);
    expect(dayCount(spring)).toBe(1);
    expect(dayCount(autumn)).toBe(1);
  });

  it('starts weeks on Monday, also across a month and a clock change', () => {
    // Sunday 29 March 2026 belongs to the week of Monday 23 March.
    const w = periodAt('week', local(2026, 3, 29, 10));
    expect(w.from).toBe(local(2026, 3, 23));
    expect(w.to).toBe(local(2026, 3, 30));
    expect(w.to - w.from).toBe(7 * 24 * H - H);
    expect(startOfWeek(local(2026, 3, 30, 0, 0))).toBe(local(2026, 3, 30));
    expect(shiftRange('week', w, 1)).toEqual({ from: local(2026, 3, 30), to: local(2026, 4, 6) });
    expect(periodAt('week', local(2026, 12, 2, 17))).toEqual({ from: local(2026, 11, 30), to: local(2026, 12, 7) });
  });

  it('cuts months and years, and steps over the year end', () => {
    const m = periodAt('month', local(2026, 10, 31, 23, 59));
    expect(m).toEqual({ from: local(2026, 10, 1), to: local(2026, 11, 1) });
    expect(m.to - m.from).toBe(31 * 24 * H + H);
    expect(shiftRange('month', periodAt('month', local(2026, 12, 15)), 1)).toEqual({ from: local(2027, 1, 1), to: local(2027, 2, 1) });
    expect(shiftRange('month', periodAt('month', local(2026, 3, 31)), -1)).toEqual({ from: local(2026, 2, 1), to: local(2026, 3, 1) });
    expect(periodAt('year', local(2026, 6, 1))).toEqual({ from: local(2026, 1, 1), to: local(2027, 1, 1) });
    expect(previousRange('year', periodAt('year', local(2026, 6, 1)))).toEqual({ from: local(2025, 1, 1), to: local(2026, 1, 1) });
  });

  it('moves a custom range by its days, and a zoom by its length', () => {
    const r = { from: local(2026, 3, 27), to: local(2026, 3, 30) }; // 3 days over the clock change
    expect(isWholeDays(r)).toBe(true);
    expect(dayCount(r)).toBe(3);
    expect(shiftRange('custom', r, -1)).toEqual({ from: local(2026, 3, 24), to: local(2026, 3, 27) });
    expect(shiftRange('custom', r, 1)).toEqual({ from: local(2026, 3, 30), to: local(2026, 4, 2) });
    const zoom = { from: local(2026, 3, 12, 9), to: local(2026, 3, 12, 13, 30) };
    expect(isWholeDays(zoom)).toBe(false);
    expect(previousRange('custom', zoom)).toEqual({ from: local(2026, 3, 12, 4, 30), to: local(2026, 3, 12, 9) });
  });

  it('knows whether a range holds now or reaches it', () => {
    const now = local(2026, 12, 2, 17);
    const today = periodAt('day', now);
    expect(holdsNow(today, now)).toBe(true);
    expect(reachesNow(today, now)).toBe(true);
    expect(reachesNow(shiftRange('day', today, -1), now)).toBe(false);
    expect(relativeDay(today, now)).toBe('Today');
    expect(relativeDay(shiftRange('day', today, -1), now)).toBe('Yesterday');
    expect(relativeDay(shiftRange('day', today, -2), now)).toBeNull();
  });
});

describe('date inputs and custom ranges', () => {
  it('reads and writes YYYY-MM-DD in local time', () => {
    expect(dateInputValue(local(2026, 3, 29, 23, 30))).toBe('2026-03-29');
    expect(parseDateInput('2026-03-29')).toBe(local(2026, 3, 29));
    expect(parseDateInput('2026-02-30')).toBeNull();
    expect(parseDateInput('29.03.2026')).toBeNull();
    expect(parseDateInput('')).toBeNull();
  });

  it('includes the last day, and says what is wrong', () => {
    expect(customRange('2026-03-28', '2026-03-29')).toEqual({ range: { from: local(2026, 3, 28), to: local(2026, 3, 30) }, problem: null });
    expect(customRange('2026-03-29', '2026-03-28').problem).toBe('The last day comes before the first.');
    expect(customRange('', '2026-03-28').problem).toBe('Choose the first day.');
    expect(customRange('2026-03-28', 'x').problem).toBe('Choose the last day.');
  });
});

describe('buckets', () => {
  it('asks for the period’s bucket, or lets the backend choose', () => {
    const day = periodAt('day', local(2026, 3, 12));
    expect(requestBucket('day', day, false)).toBe('15m');
    expect(requestBucket('week', day, true)).toBe('1h');
    expect(requestBucket('year', day, false)).toBe('1mo');
    expect(requestBucket('custom', day, false)).toBeNull();
    // Money has no price per minute: a short custom range is asked for in quarter hours.
    expect(autoBucket(day)).toBe('1m');
    expect(requestBucket('custom', day, true)).toBe('15m');
    const month = periodAt('month', local(2026, 3, 12));
    expect(autoBucket(periodAt('week', local(2026, 3, 12)))).toBe('15m');
    expect(autoBucket(month)).toBe('1h');
    expect(requestBucket('custom', month, true)).toBeNull();
    expect(autoBucket({ from: 0, to: 200 * 24 * H })).toBe('1d');
    expect(autoBucket({ from: 0, to: 10 * 365 * 24 * H })).toBe('1w');
  });

  it('lists the quarter hours of a 23-hour day and the days of a month', () => {
    const spring = periodAt('day', local(2026, 3, 29));
    expect(bucketSlots('15m', spring)).toHaveLength(92);
    expect(bucketSlots('1h', periodAt('day', local(2026, 10, 25)))).toHaveLength(25);
    const days = bucketSlots('1d', periodAt('month', local(2026, 3, 5)));
    expect(days).toHaveLength(31);
    expect(days[28]).toEqual({ from: local(2026, 3, 29), to: local(2026, 3, 30) });
    expect(bucketSlots('1mo', periodAt('year', local(2026, 3, 5))).map((s) => dateInputValue(s.from))[11]).toBe('2026-12-01');
    expect(bucketSlots('1w', { from: local(2026, 3, 1), to: local(2026, 3, 31) })[0]!.from).toBe(local(2026, 2, 23));
    expect(bucketStart('1h', local(2026, 3, 12, 14, 40))).toBe(local(2026, 3, 12, 14));
  });

  it('snaps a drag to whole buckets inside the range', () => {
    const day = periodAt('day', local(2026, 3, 12));
    expect(zoomTo('15m', local(2026, 3, 12, 9, 7), local(2026, 3, 12, 13, 20), day)).toEqual({
      from: local(2026, 3, 12, 9),
      to: local(2026, 3, 12, 13, 30),
    });
    // Dragged right to left, and past the end.
    expect(zoomTo('15m', local(2026, 3, 13, 2), local(2026, 3, 12, 22), day)).toEqual({ from: local(2026, 3, 12, 22), to: day.to });
    expect(zoomTo('15m', local(2026, 3, 12, 9, 1), local(2026, 3, 12, 9, 2), day)).toEqual({ from: local(2026, 3, 12, 9), to: local(2026, 3, 12, 9, 15) });
    expect(zoomTo('15m', day.from, day.to, day)).toBeNull();
    const month = periodAt('month', local(2026, 3, 5));
    expect(zoomTo('1d', local(2026, 3, 3, 12), local(2026, 3, 5, 1), month)).toEqual({ from: local(2026, 3, 3), to: local(2026, 3, 6) });
  });
});

describe('words', () => {
  it('names periods and buckets', () => {
    expect(periodLabel('day', periodAt('day', local(2026, 12, 2)))).toBe('Wednesday, 2 December 2026');
    expect(plain(periodLabel('week', periodAt('week', local(2026, 12, 2))))).toBe('30 Nov – 6 Dec 2026');
    expect(plain(periodLabel('week', periodAt('week', local(2026, 3, 12))))).toBe('9 – 15 Mar 2026');
    expect(periodLabel('month', periodAt('month', local(2026, 12, 2)))).toBe('December 2026');
    expect(periodLabel('year', periodAt('year', local(2026, 12, 2)))).toBe('2026');
    expect(plain(periodLabel('custom', { from: local(2026, 11, 3), to: local(2026, 12, 3) }))).toBe('3 Nov – 2 Dec 2026');
    expect(plain(periodLabel('custom', { from: local(2026, 12, 2, 9), to: local(2026, 12, 2, 13, 30) }))).toBe('2 Dec 2026, 09:00–13:30');
    expect(slotLabel('15m', { from: local(2026, 12, 2, 14), to: local(2026, 12, 2, 14, 15) })).toBe('Wed 2 Dec, 14:00–14:15');
    expect(slotLabel('1d', { from: local(2026, 12, 2), to: local(2026, 12, 3) })).toBe('Wed, 2 Dec 2026');
    expect(slotLabel('1mo', { from: local(2026, 12, 1), to: local(2027, 1, 1) })).toBe('December 2026');
    expect(spanLabel(local(2026, 11, 30, 8, 59), local(2026, 11, 30, 13, 30))).toBe('Mon 30 Nov, 08:59–13:30');
    expect(spanLabel(local(2026, 11, 30, 22), local(2026, 12, 1, 6))).toBe('Mon 30 Nov, 22:00 – Tue 1 Dec, 06:00');
  });

  it('puts axis labels on local clock times, days and months', () => {
    const day = periodAt('day', local(2026, 12, 2));
    const ticks = axisTicks(day, 700);
    expect(ticks.map((t) => t.label)).toEqual(['00:00', '03:00', '06:00', '09:00', '12:00', '15:00', '18:00', '21:00']);
    // The 23-hour day: no 02:00 (it does not exist), still on local clock times.
    const spring = axisTicks(periodAt('day', local(2026, 3, 29)), 1800);
    expect(spring.map((t) => t.label).slice(0, 4)).toEqual(['00:00', '01:00', '03:00', '04:00']);
    const week = axisTicks(periodAt('week', local(2026, 12, 2)), 700);
    expect(week.map((t) => t.label)).toEqual(['Mon 30', 'Tue 1', 'Wed 2', 'Thu 3', 'Fri 4', 'Sat 5', 'Sun 6']);
    expect(week[1]!.ms).toBe(local(2026, 12, 1));
    // Day bars: each label under the middle of its day.
    const month = axisTicks(periodAt('month', local(2026, 12, 2)), 700, '1d');
    expect(month.map((t) => t.label)).toEqual(['1 Dec', '5 Dec', '9 Dec', '13 Dec', '17 Dec', '21 Dec', '25 Dec', '29 Dec']);
    expect(month[0]!.ms).toBe(local(2026, 12, 1, 12));
    const year = axisTicks(periodAt('year', local(2026, 12, 2)), 900, '1mo');
    expect(year.map((t) => t.label).slice(0, 3)).toEqual(['Jan 2026', 'Feb', 'Mar']);
    expect(year).toHaveLength(12);
    // Two days: clock times, each midnight named.
    expect(axisTicks({ from: local(2026, 12, 1), to: local(2026, 12, 3) }, 700).map((t) => t.label)).toEqual(['Tue 1', '06:00', '12:00', '18:00', 'Wed 2', '06:00', '12:00', '18:00']);
    expect(addDays(local(2026, 3, 28), 1)).toBe(local(2026, 3, 29));
  });
});
