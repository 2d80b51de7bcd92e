import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TariffSettings } from '../../lib/bindings';
import { tariffPlan } from '../../lib/testFixtures';
import { answer, BadRequest, bucketOf, fillFromCard, meterHistory, peaks, tariffProblem, type Profile } from './mockData';
import { addDays, periodAt, startOfDay } from './range';

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Zurich';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

const house: Profile = { seed: 3, baseKw: 0.45, pvPeakKw: 4.3, tariffs: true, story: true };
const flat: Profile = { seed: 7, baseKw: 0.3, pvPeakKw: 0.7, tariffs: false, story: false };
const now = new Date(2026, 11, 2, 17, 40).getTime();
const none: TariffSettings = { plans: [], quarter_limit_kw: null, capacity: null };
const priced: TariffSettings = {
  plans: [tariffPlan({ valid_from: '2026-09-01', energy: { kind: 'schedule', high_per_kwh: 0.3, low_per_kwh: 0.2, high_hours: [{ days: [1, 2, 3, 4, 5], from_hour: 7, to_hour: 20 }] }, vat_pct: 8.1 })],
  quarter_limit_kw: 5,
  capacity: { floor_kw: 2.5, price_per_kw_year: 50 },
};
const req = (from: number, to: number, bucket: string | null, meter: string | null = 'H') => ({ meter, from_ms: from, to_ms: to, bucket });

describe('the mock history', () => {
  it('is the same for the same meter and day, and adds up whatever the bucket', () => {
    const h = meterHistory(house, now);
    expect(meterHistory(house, now).quarters[100]).toEqual(h.quarters[100]);
    const week = periodAt('week', addDays(now, -7));
    const quarters = answer([h], req(week.from, week.to, '15m'), none, 'Europe/Zurich');
    const days = answer([h], req(week.from, week.to, '1d'), none, 'Europe/Zurich');
    expect(days.buckets).toHaveLength(7);
    expect(days.totals.import_kwh).toBeCloseTo(quarters.totals.import_kwh, 6);
    expect(days.totals.export_kwh).toBeCloseTo(quarters.totals.export_kwh, 6);
    const day = periodAt('day', addDays(now, -3));
    const minutes = answer([h], req(day.from, day.to, null), none, 'Europe/Zurich');
    expect(minutes.bucket).toBe('1m');
    expect(minutes.totals.import_kwh).toBeCloseTo(answer([h], req(day.from, day.to, '1h'), none, 'x').totals.import_kwh, 6);
    // Solar: some export around midday.
    expect(days.totals.export_kwh).toBeGreaterThan(1);
  });

  it('misses the offline hours two days ago, the first quarter after holding their energy', () => {
    const h = meterHistory(house, now);
    const day = periodAt('day', addDays(now, -2));
    const a = answer([h], req(day.from, day.to, '15m'), none, 'x');
    const nine = new Date(2026, 10, 30, 9).getTime();
    const after = new Date(2026, 10, 30, 13, 30).getTime();
    expect(a.buckets.some((b) => b.start_ms >= nine && b.start_ms < after)).toBe(false);
    const first = a.buckets.find((b) => b.start_ms === after)!;
    expect(first.import_kwh! + first.export_kwh!).toBeGreaterThan(1);
    expect(a.gaps.map((g) => g.reason)).toEqual(['offline']);
    // Last night came from the SD card.
    const yesterday = periodAt('day', addDays(now, -1));
    const y = answer([h], req(yesterday.from, yesterday.to, '1h'), none, 'x');
    expect(y.buckets.filter((b) => b.source === 'device_log').map((b) => new Date(b.start_ms).getHours())).toEqual([2, 3, 4, 5]);
    expect(y.buckets.filter((b) => b.source === 'mixed').map((b) => new Date(b.start_ms).getHours())).toEqual([1, 6]);
    expect(y.gaps).toMatchObject([{ reason: 'not_recording', filled_rows: 300 }]);
  });

  it('fills the offline stretch once from the SD card', () => {
    const h = meterHistory(house, now);
    expect(fillFromCard(h, house)).toBe(270);
    expect(fillFromCard(h, house)).toBe(0);
    const day = periodAt('day', addDays(now, -2));
    const a = answer([h], req(day.from, day.to, '15m'), none, 'x');
    expect(a.buckets).toHaveLength(96);
    expect(a.gaps[0]!.filled_rows).toBe(270);
  });

  it('prices quarter hours like the backend: lines, fee, VAT and credit add up', () => {
    const h = meterHistory(house, now);
    const day = periodAt('day', addDays(now, -5)); // a Friday
    const a = answer([h], req(day.from, day.to, '1h'), priced, 'x');
    const c = a.totals.costs!;
    expect(c.currency).toBe('CHF');
    expect(c.energy.map((l) => l.label)).toEqual(['Energy at high tariff', 'Energy at low tariff']);
    expect(c.fixed_fee).toBeCloseTo(8 / 30, 6);
    const energy = c.energy.reduce((s, l) => s + l.amount, 0);
    expect(c.total).toBeCloseTo(energy + c.fixed_fee + c.vat - c.export_credit, 9);
    // Bucket costs: energy with VAT minus the credit, no fee.
    const buckets = a.buckets.reduce((s, b) => s + b.cost!, 0);
    expect(buckets).toBeCloseTo(c.total - c.fixed_fee * 1.081, 6);
    expect(answer([h], req(day.from, day.to, null), priced, 'x').buckets[0]!.cost).toBeNull();
    expect(answer([h], req(day.from, day.to, '1h'), none, 'x').totals.costs).toBeNull();
  });

  it('adds meters up for the household, without gaps', () => {
    const hs = [meterHistory(house, now), meterHistory(flat, now)];
    const day = periodAt('day', addDays(now, -2));
    const both = answer(hs, req(day.from, day.to, '1d', null), priced, 'x');
    const one = answer([hs[0]!], req(day.from, day.to, '1d'), priced, 'x');
    const other = answer([hs[1]!], req(day.from, day.to, '1d'), priced, 'x');
    expect(both.totals.import_kwh).toBeCloseTo(one.totals.import_kwh + other.totals.import_kwh, 6);
    expect(both.gaps).toEqual([]);
    expect(both.totals.costs!.fixed_fee).toBeCloseTo(one.totals.costs!.fixed_fee, 9);
    expect(both.buckets[0]!.cost).toBeCloseTo(one.buckets[0]!.cost! + other.buckets[0]!.cost!, 6);
  });

  it('refuses what the backend refuses', () => {
    const d = startOfDay(now);
    expect(() => bucketOf(req(d, d, '1h'))).toThrow(BadRequest);
    expect(() => bucketOf(req(d, d + 30 * 86_400_000, '15m'))).toThrow(/15m buckets of 15m would be 2880; at most 2000/);
    expect(() => bucketOf(req(d, d + 86_400_000, '2h'))).toThrow(/"2h" is not a bucket size/);
    expect(tariffProblem(priced)).toBeNull();
    expect(tariffProblem({ ...priced, plans: [tariffPlan({ name: 'A', currency: 'Euro' })] })).toBe('plan "A": the currency is a three-letter code like CHF or EUR');
    expect(tariffProblem({ ...priced, plans: [tariffPlan({ name: 'A' }), tariffPlan({ name: 'B' })] })).toBe('two plans start on 2026-03-01: one plan per start day');
    expect(tariffProblem({ ...priced, quarter_limit_kw: 0 })).toBe('the quarter-hour limit is between 0 and 1,000 kW');
  });

  it('has monthly peaks with the floor, and the quarter hour now', () => {
    const p = peaks([meterHistory(house, now)], priced, now, 40);
    expect(p.months.map((m) => m.month)).toEqual(['2026-10', '2026-11', '2026-12']);
    for (const m of p.months) expect(m.counted_kw).toBe(Math.max(m.peak_kw, 2.5));
    expect(p.yearly_cost).toBeCloseTo(50 * p.rolling_average_kw!, 9);
    expect(p.quarter?.heading_over).toBe(true);
    expect(peaks([meterHistory(house, now)], priced, now, 0).quarter?.heading_over).toBe(false);
  });
});
