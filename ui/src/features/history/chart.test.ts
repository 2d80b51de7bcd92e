import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyAnswer, historyBucket } from '../../lib/testFixtures';
import { barRange, buildChart, changeText, chartSummary, percentChange, slotsOf, tooltipLines, type ChartInput } from './chart';
import { periodAt, previousRange } from './range';

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Zurich';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

const Q = 900_000;
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();

/** A day of quarter hours 08:00–12:00 with data, except 09:00–10:00 (no readings: offline). */
function morning() {
  const day = periodAt('day', local(2026, 3, 12));
  const buckets = [];
  for (let t = local(2026, 3, 12, 8); t < local(2026, 3, 12, 12); t += Q) {
    if (t >= local(2026, 3, 12, 9) && t < local(2026, 3, 12, 10)) continue;
    buckets.push(historyBucket(t));
  }
  // The quarter after the gap holds the energy counted meanwhile; 11:00 came from the SD card.
  buckets[4] = historyBucket(local(2026, 3, 12, 10), { import_kwh: 1.5 });
  buckets[8] = historyBucket(local(2026, 3, 12, 11), { source: 'device_log', readings: 15 });
  const answer = historyAnswer(buckets, {
    gaps: [{ start_ms: local(2026, 3, 12, 8, 59), end_ms: local(2026, 3, 12, 10, 0, ) + 20_000, reason: 'offline', filled_rows: 0 }],
  });
  return { day, answer };
}

const input = (over: Partial<ChartInput>): ChartInput => {
  const { day, answer } = morning();
  return { answer, range: day, measure: 'energy', flow: 'both', tariffs: false, power: true, ...over };
};

describe('slots', () => {
  it('has every quarter hour of the day; those without data are null', () => {
    const { day, answer } = morning();
    const slots = slotsOf(answer, day);
    expect(slots).toHaveLength(96);
    expect(slots[32]!.from).toBe(local(2026, 3, 12, 8));
    expect(slots[32]!.bucket).not.toBeNull();
    expect(slots[36]!.bucket).toBeNull(); // 09:00
    expect(slots[0]!.bucket).toBeNull();
  });

  it('marks the bucket after a gap (its energy includes the gap), not one after a filled or reset gap', () => {
    const { day, answer } = morning();
    const slots = slotsOf(answer, day);
    expect(slots.filter((s) => s.afterGap).map((s) => s.from)).toEqual([local(2026, 3, 12, 10)]);
    const filled = { ...answer, gaps: answer.gaps.map((g) => ({ ...g, filled_rows: 40 })) };
    expect(slotsOf(filled, day).some((s) => s.afterGap)).toBe(false);
    const reset = { ...answer, gaps: answer.gaps.map((g) => ({ ...g, reason: 'counter_reset' as const })) };
    expect(slotsOf(reset, day).some((s) => s.afterGap)).toBe(false);
  });

  it('keeps a bucket off the expected grid instead of dropping it', () => {
    const day = periodAt('day', local(2026, 3, 12));
    const odd = historyAnswer([historyBucket(local(2026, 3, 12, 8, 5))]);
    const slots = slotsOf(odd, day);
    expect(slots).toHaveLength(97);
    expect(slots.filter((s) => s.bucket !== null)).toHaveLength(1);
  });

  it('fills the 23-hour day with 92 quarter hours', () => {
    const spring = periodAt('day', local(2026, 3, 29));
    expect(slotsOf(historyAnswer([]), spring)).toHaveLength(92);
  });
});

describe('bars', () => {
  it('draws import up and export down, with nulls where nothing was recorded', () => {
    const m = buildChart(input({}));
    expect(m.bars.map((b) => b.key)).toEqual(['import', 'export']);
    expect(m.bars[0]!.values[32]).toBe(0.3);
    expect(m.bars[1]!.values[32]).toBe(-0.1);
    expect(m.bars[1]!.shown[32]).toBe(0.1);
    expect(m.bars[0]!.values[36]).toBeNull();
    expect(m.x[32]).toBe(local(2026, 3, 12, 8) + Q / 2);
    expect(m.hasData).toBe(true);
    expect(m.sd[40]).toBe(false);
    expect(m.sd[44]).toBe(true);
    expect(m.power?.[32]).toBe(0.8);
    expect(m.power?.[36]).toBeNull();
  });

  it('hatches buckets from the SD card; a long bucket only when all of it came from the card', () => {
    const day = periodAt('day', local(2026, 3, 12));
    const minutes = historyAnswer([historyBucket(local(2026, 3, 12, 1), { source: 'mixed' }), historyBucket(local(2026, 3, 12, 2), { source: 'device_log' })]);
    expect(buildChart({ ...input({}), answer: minutes, range: day }).sd.filter(Boolean)).toHaveLength(2);
    const month = periodAt('month', local(2026, 3, 12));
    const days = historyAnswer(
      [historyBucket(local(2026, 3, 1), { source: 'mixed', end_ms: local(2026, 3, 2) }), historyBucket(local(2026, 3, 2), { source: 'device_log', end_ms: local(2026, 3, 3) })],
      { bucket: '1d' },
    );
    expect(buildChart({ ...input({}), answer: days, range: month }).sd.slice(0, 3)).toEqual([false, true, false]);
  });

    it('shows one direction, or the net by sign', () => {
    expect(buildChart(input({ flow: 'import' })).bars.map((b) => b.key)).toEqual(['import']);
    const exp = buildChart(input({ flow: 'export' })).bars;
    expect(exp.map((b) => [b.key, b.values[32]])).toEqual([['export', 0.1]]);
    const net = buildChart(input({ flow: 'net' })).bars[0]!;
    expect(net.values[32]).toBeCloseTo(0.2);
    expect(net.tone).toBe('signed');
  });

  it('stacks the high and low tariff when the meter counts them', () => {
    const day = periodAt('day', local(2026, 3, 12));
    const answer = historyAnswer([historyBucket(local(2026, 3, 12, 6), { import_kwh: 0.5, import_t1_kwh: 0.2, import_t2_kwh: 0.3 })]);
    const m = buildChart({ answer, range: day, measure: 'energy', flow: 'both', tariffs: true, power: false });
    expect(m.hasTariffs).toBe(true);
    expect(m.bars.map((b) => b.key)).toEqual(['t2', 't1', 'export']);
    expect(m.bars[0]!.values[24]).toBeCloseTo(0.5); // the stack's top
    expect(m.bars[0]!.shown[24]).toBe(0.3);
    expect(m.bars[1]!.values[24]).toBe(0.2);
    // Without the counters the toggle changes nothing; net never splits.
    expect(buildChart(input({ tariffs: true })).bars.map((b) => b.key)).toEqual(['import', 'export']);
    expect(buildChart({ answer, range: day, measure: 'energy', flow: 'net', tariffs: true, power: false }).bars.map((b) => b.key)).toEqual(['net']);
  });

  it('draws money as one signed bar per bucket; without costs there is nothing to draw', () => {
    const day = periodAt('day', local(2026, 3, 12));
    const answer = historyAnswer([historyBucket(local(2026, 3, 12, 6), { cost: 0.09 }), historyBucket(local(2026, 3, 12, 13), { cost: -0.12 })]);
    const m = buildChart({ answer, range: day, measure: 'money', flow: 'both', tariffs: true, power: false });
    expect(m.bars.map((b) => b.key)).toEqual(['cost']);
    expect(m.bars[0]!.values[24]).toBe(0.09);
    expect(m.bars[0]!.values[52]).toBe(-0.12);
    expect(buildChart(input({ measure: 'money' })).hasData).toBe(false);
  });

  it('lines up the previous period slot by slot', () => {
    const { day } = morning();
    const prevRange = previousRange('day', day);
    const prev = historyAnswer([historyBucket(local(2026, 3, 11, 8), { import_kwh: 0.7, export_kwh: 0.2 })]);
    const m = buildChart({ ...input({}), previous: { answer: prev, range: prevRange } });
    expect(m.previous.map((p) => p.label)).toEqual(['Imported from the grid', 'Sent to the grid (solar)']);
    expect(m.previous[0]!.values[32]).toBe(0.7);
    expect(m.previous[1]!.values[32]).toBe(-0.2);
    expect(m.previous[0]!.values[33]).toBeNull();
    expect(buildChart(input({})).previous).toEqual([]);
  });

  it('scales the bars without the bucket holding a gap, which is drawn cut off with its value', () => {
    const m = buildChart(input({}));
    // 10:00 holds 1.5 kWh (the gap's energy); every other quarter 0.3 in, 0.1 out; power 0.8 kW = 0.2 per quarter.
    expect(m.yRange[1]).toBeCloseTo(0.34);
    expect(m.yRange[0]).toBeCloseTo(-0.14);
    expect(m.cut).toEqual([{ i: 40, value: 1.5, text: '1.50 kWh' }]);
    // The power line shares the bars' zero: a quarter hour's kWh × 4 = kW.
    expect(m.kwPerUnit).toBe(4);
    expect(buildChart(input({ measure: 'money' })).kwPerUnit).toBeNull();
  });

  it('keeps zero on the axis with headroom', () => {
    expect(barRange(0.1, 0.5)).toEqual([0, 0.55]);
    const [lo, hi] = barRange(-0.4, 0.6);
    expect(lo).toBeCloseTo(-0.5);
    expect(hi).toBeCloseTo(0.7);
    expect(barRange(null, null)).toEqual([0, 1]);
  });
});

describe('tooltip and words', () => {
  it('names the bucket, its figures and where they came from', () => {
    const m = buildChart(input({}));
    const tip = tooltipLines(m, 32);
    expect(tip.title).toBe('Thu 12 Mar, 08:00–08:15');
    expect(tip.lines.map((l) => `${l.label}: ${l.value}`)).toEqual([
      'Imported from the grid: 0.30 kWh',
      'Sent to the grid (solar): 0.10 kWh',
      'Average power: 800 W',
    ]);
    expect(tooltipLines(m, 36).lines.map((l) => l.label)).toEqual(['No readings', 'Meter unreachable']);
    expect(tooltipLines(m, 40).lines.map((l) => l.label)).toContain('Includes the energy counted while readings were missing');
    expect(tooltipLines(m, 44).lines.map((l) => l.label)).toContain("Filled from the reader's SD card");
    expect(tooltipLines(m, 500)).toEqual({ title: '', lines: [] });
  });

  it('says money as cost or credit', () => {
    const day = periodAt('day', local(2026, 3, 12));
    const answer = historyAnswer([historyBucket(local(2026, 3, 12, 13), { cost: -0.12 })], {
      totals: { import_kwh: 0, export_kwh: 0, import_t1_kwh: null, import_t2_kwh: null, from_device_log: 0, costs: { currency: 'EUR', energy: [], fixed_fee: 0, export_kwh: 0, export_credit: 0, vat: 0, total: 0, unpriced_kwh: 0, plans: [] } },
    });
    const m = buildChart({ answer, range: day, measure: 'money', flow: 'both', tariffs: false, power: false });
    expect(tooltipLines(m, 52).lines[0]).toEqual({ label: 'Credit', value: '€0.12', tone: 'export' });
  });

  it('compares totals in percent', () => {
    expect(percentChange(12, 10)).toBeCloseTo(20);
    expect(percentChange(5, 0)).toBeNull();
    expect(percentChange(1.79, -0.17)).toBeNull();
    expect(percentChange(-2, -1)).toBeCloseTo(-100);
    expect(changeText(percentChange(8, 10))).toBe('−20 %');
    expect(changeText(percentChange(10.02, 10))).toBe('±0 %');
    expect(changeText(12.6)).toBe('+13 %');
    expect(changeText(null)).toBe('—');
  });

  it('sums the chart up in a sentence', () => {
    const { answer } = morning();
    expect(chartSummary(answer, 'Thursday, 12 March 2026')).toBe(
      'Thursday, 12 March 2026: imported 4.80 kWh, sent to the grid 1.20 kWh. Most imported: 0.30 kWh (Thu 12 Mar, 08:00–08:15). Most sent to the grid: 0.10 kWh (Thu 12 Mar, 08:00–08:15). 1 stretch without readings.',
    );
    // The highest bucket, leaving out the one after the gap (its 1.50 kWh include the missing hour's).
    answer.buckets[5] = historyBucket(local(2026, 3, 12, 10, 15), { import_kwh: 0.9, export_kwh: 0.4 });
    expect(chartSummary(answer, 'Thursday')).toContain('Most imported: 0.90 kWh (Thu 12 Mar, 10:15–10:30). Most sent to the grid: 0.40 kWh (Thu 12 Mar, 10:15–10:30).');
    expect(chartSummary(historyAnswer([historyBucket(local(2026, 3, 12, 8))]), 'Today')).not.toContain('Most');
    expect(chartSummary(historyAnswer([]), 'March 2026')).toBe('March 2026: no readings.');
  });
});
