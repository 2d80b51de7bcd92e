import { describe, expect, it } from 'vitest';
import { Ring, TieredSeries } from './ring';

const q = (over: Partial<Parameters<TieredSeries['query']>[0]> = {}) => ({
  from: 0,
  to: 10_000,
  maxPoints: 1000,
  series: [0],
  gapMs: 20_000,
  ...over,
});

describe('Ring', () => {
  it('keeps the newest rows in order once full', () => {
    const r = new Ring(4, 1);
    for (let i = 1; i <= 6; i++) r.push(i * 10, [i]);
    expect(r.length).toBe(4);
    expect(r.wrapped).toBe(true);
    expect([0, 1, 2, 3].map((i) => r.timeAt(i))).toEqual([30, 40, 50, 60]);
    expect([0, 1, 2, 3].map((i) => r.valueAt(0, i))).toEqual([3, 4, 5, 6]);
  });

  it('binary-searches across the wrap', () => {
    const r = new Ring(5, 1);
    for (let i = 1; i <= 8; i++) r.push(i * 10, [i]);
    expect(r.lowerBound(0)).toBe(0);
    expect(r.lowerBound(40)).toBe(0);
    expect(r.lowerBound(55)).toBe(2);
    expect(r.lowerBound(80)).toBe(4);
    expect(r.lowerBound(81)).toBe(5);
  });

  it('stores missing values as NaN', () => {
    const r = new Ring(2, 2);
    r.push(1, [1]);
    expect(r.valueAt(1, 0)).toBeNaN();
  });
});

describe('TieredSeries', () => {
  it('answers from the raw tier while it reaches back far enough', () => {
    const s = new TieredSeries(1, { rawCapacity: 100 });
    for (let i = 0; i < 50; i++) s.push(i * 200, [i]);
    const w = s.query(q({ from: 0, to: 10_000 }));
    expect(w.tier).toBe('raw');
    expect(w.t.length).toBe(50);
    expect(w.t[1]).toBeCloseTo(0.2);
    expect(w.y[0]![49]).toBe(49);
  });

  it('falls back to per-second means when the raw tier has wrapped past the window start', () => {
    const s = new TieredSeries(1, { rawCapacity: 20 });
    // 5 Hz for 10 s: values 0..49; the raw ring keeps only the last 4 s.
    for (let i = 0; i < 50; i++) s.push(i * 200, [i]);
    const w = s.query(q({ from: 0, to: 10_000 }));
    expect(w.tier).toBe('second');
    expect(w.t.length).toBe(10); // nine closed buckets plus the open one
    expect(w.y[0]![0]).toBe(2); // mean of 0..4
    expect(w.y[0]![9]).toBe(47); // the open bucket: mean of 45..49
    expect(w.t[0]).toBeCloseTo(0.4); // mean time of the bucket
  });

  it('bounds memory whatever the rate: 24 h at 1 Hz fits, 100 Hz keeps 24 h of seconds', () => {
    const fast = new TieredSeries(1, { rawCapacity: 1000, bucketCapacity: 3600 });
    // One hour at 100 Hz = 360,000 readings.
    for (let i = 0; i < 360_000; i++) fast.push(i * 10, [Math.sin(i / 100)]);
    expect(fast.raw.length).toBe(1000);
    expect(fast.seconds.length).toBe(3599); // plus one open bucket
    const w = fast.query(q({ from: 0, to: 3_600_000, maxPoints: 800 }));
    expect(w.tier).toBe('second');
    expect(w.t.length).toBeLessThanOrEqual(800);

    const day = new TieredSeries(1);
    for (let i = 0; i < 86_400; i++) day.push(i * 1000, [i]);
    expect(day.seconds.length + 1).toBe(86_400);
    expect(day.seconds.timeAt(0)).toBe(0);
  });

  it('decimates to column means, keeping the average (energy) and the order of time', () => {
    const s = new TieredSeries(1, { rawCapacity: 10_000 });
    // 1 kW for the first half, 3 kW for the second, plus a short spike.
    for (let i = 0; i < 10_000; i++) s.push(i, [i === 2_500 ? 100 : i < 5_000 ? 1 : 3]);
    const w = s.query(q({ from: 0, to: 10_000, maxPoints: 100 }));
    expect(w.t.length).toBeLessThanOrEqual(100);
    const ys = w.y[0]!.map((v) => v ?? NaN);
    expect(ys[0]).toBe(1);
    expect(ys.at(-1)).toBe(3);
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    expect(mean).toBeCloseTo((5_000 * 1 + 4_999 * 3 + 100) / 10_000, 2);
    expect(Math.max(...ys)).toBeGreaterThan(1); // the spike still lifts its column
    expect(w.t.every((t, i) => i === 0 || t > w.t[i - 1]!)).toBe(true);
  });

  it('leaves gaps in decimated windows too', () => {
    const s = new TieredSeries(1, { rawCapacity: 10_000 });
    for (let i = 0; i < 2_000; i++) s.push(i * 10, [1]);
    for (let i = 0; i < 2_000; i++) s.push(200_000 + i * 10, [2]);
    const w = s.query(q({ from: 0, to: 220_000, maxPoints: 200, gapMs: 5_000 }));
    expect(w.y[0]!.filter((v) => v === null).length).toBe(1);
  });

  it('leaves a gap (null row) where the meter was silent', () => {
    const s = new TieredSeries(1);
    s.push(0, [1]);
    s.push(1000, [2]);
    s.push(60_000, [3]);
    const w = s.query(q({ from: 0, to: 61_000, gapMs: 20_000 }));
    expect(w.y[0]).toEqual([1, 2, null, 3]);
    expect(w.t[2]).toBeCloseTo(30.5);
  });

  it('returns only the requested series, null for missing values', () => {
    const s = new TieredSeries(3);
    s.push(0, [1, NaN, 3]);
    const w = s.query(q({ series: [2, 1] }));
    expect(w.y).toEqual([[3], [null]]);
  });

  it('includes one point before the window so the line starts at the edge', () => {
    const s = new TieredSeries(1);
    for (let i = 0; i < 10; i++) s.push(i * 1000, [i]);
    const w = s.query(q({ from: 4500, to: 9000 }));
    expect(w.y[0]).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('clamps a time that goes backwards so the rings stay sorted', () => {
    const s = new TieredSeries(1);
    s.push(5000, [1]);
    s.push(4000, [2]);
    expect(s.raw.timeAt(1)).toBe(5000);
    expect(s.lastTime).toBe(5000);
  });

  it('copies only the rows of the window, into the arrays of the previous answer when given', () => {
    const s = new TieredSeries(2, { rawCapacity: 1000 });
    for (let i = 0; i < 1000; i++) s.push(i * 1000, [i, -i]);
    const first = s.query(q({ from: 990_000, to: 999_000, series: [0, 1] }));
    expect(first.t.length).toBe(11); // 990..999 and one before
    const again = s.query(q({ from: 995_000, to: 999_000, series: [1] }), first);
    expect(again).toBe(first);
    expect(again.t).toBe(first.t);
    expect(again.y.length).toBe(1);
    expect(again.y[0]).toEqual([-994, -995, -996, -997, -998, -999]);
    expect(again.t.length).toBe(6);
  });

  it('puts the past in front of what is kept, leaving out what it already has', () => {
    const s = new TieredSeries(2, { rawCapacity: 100 });
    for (let i = 50; i < 60; i++) s.push(i * 1000, [i, i]);
    expect(s.firstTime).toBe(50_000);
    // The history store's points overlap the live ones from 50 s on: only the older ones are taken.
    const past = Array.from({ length: 30 }, (_, k) => ({ t: (30 + k) * 1000, values: [100 - k, NaN] }));
    expect(s.prepend(past)).toBe(20);
    expect(s.firstTime).toBe(30_000);
    expect(s.pushed).toBe(30);
    const w = s.query(q({ from: 0, to: 60_000, series: [0, 1], maxPoints: 1000 }));
    expect(w.t.length).toBe(30);
    expect(w.y[0]!.slice(0, 3)).toEqual([100, 99, 98]);
    expect(w.y[1]![0]).toBeNull();
    expect(w.y[0]!.slice(-2)).toEqual([58, 59]);
    // Nothing older: nothing changes.
    expect(s.prepend([{ t: 45_000, values: [1, 1] }])).toBe(0);
    // New readings go on after it as before.
    s.push(60_000, [60, 60]);
    expect(s.lastTime).toBe(60_000);
  });

  it('keeps the second tier’s older means and the newest raw rows when it rebuilds', () => {
    const s = new TieredSeries(1, { rawCapacity: 20 });
    for (let i = 0; i < 60; i++) s.push(100_000 + i * 500, [i]); // 30 s at 2 Hz: the raw tier has the last 10 s
    const before = s.query(q({ from: 100_000, to: 130_000, maxPoints: 1000 }));
    expect(s.prepend([{ t: 50_000, values: [-1] }, { t: 60_000, values: [-2] }])).toBe(2);
    expect(s.firstTime).toBe(50_000);
    const after = s.query(q({ from: 100_000, to: 130_000, maxPoints: 1000 }));
    // The same rows in the window, now after the point before it (60 s) and a gap.
    expect(after.t.slice(0, 2)).toEqual([60, 80.125]);
    expect(after.t.slice(2)).toEqual(before.t);
    expect(after.y[0]!.slice(2)).toEqual(before.y[0]);
    expect(s.raw.timeAt(s.raw.length - 1)).toBe(129_500);
  });

  it('fills an empty series with the past', () => {
    const s = new TieredSeries(1);
    expect(s.firstTime).toBe(Infinity);
    expect(s.prepend([{ t: 2000, values: [2] }, { t: 1000, values: [1] }])).toBe(2);
    expect(s.raw.timeAt(0)).toBe(1000);
  });
});
