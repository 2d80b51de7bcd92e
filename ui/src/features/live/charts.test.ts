import { describe, expect, it } from 'vitest';
import { currentRange, powerRange, redrawDue, seriesFor, voltageRange, windowMs } from './charts';
import { S } from './feed';

describe('chart series', () => {
  it('power: net plus each phase; single-phase only the net', () => {
    expect(seriesFor('power', [1, 2, 3]).map((s) => s.label)).toEqual(['Net', 'L1', 'L2', 'L3']);
    expect(seriesFor('power', [1])).toEqual([{ column: S.net, label: 'Net', color: '--chart-import', net: true }]);
  });

  it('voltage and current: one line per existing phase', () => {
    expect(seriesFor('voltage', [1, 2, 3]).map((s) => s.column)).toEqual([S.v1, S.v2, S.v3]);
    expect(seriesFor('current', [1]).map((s) => s.label)).toEqual(['L1']);
  });
});

describe('ranges', () => {
  it('power always includes zero with headroom', () => {
    expect(powerRange(0.5, 2)).toEqual([0, 2.2]);
    const [lo, hi] = powerRange(-3, 1);
    expect(lo).toBeCloseTo(-3.4);
    expect(hi).toBeCloseTo(1.4);
    expect(powerRange(null, null)).toEqual([0, 0.1]);
    const neg = powerRange(-2, -1);
    expect(neg[1]).toBeGreaterThan(0);
  });

  it('voltage keeps a calm minimum span; current starts at zero', () => {
    expect(voltageRange(230.1, 230.4)).toEqual([227, 234]);
    expect(voltageRange(null, null)).toEqual([225, 235]);
    expect(currentRange(0, 10)).toEqual([0, 11.5]);
    expect(currentRange(null, 0.2)).toEqual([0, 1]);
  });
});

describe('redrawDue', () => {
  const base = { nowMs: 10_000, lastDrawMs: 9_990, windowMs: 300_000, widthPx: 900, newData: false, force: false };

  it('scrolls when time moved a pixel', () => {
    expect(redrawDue(base)).toBe(false);
    expect(redrawDue({ ...base, lastDrawMs: 10_000 - 334 })).toBe(true);
  });

  it('draws new data in its frame for short windows, at most once a second for long ones', () => {
    expect(redrawDue({ ...base, newData: true, lastDrawMs: 9_995 })).toBe(true);
    expect(redrawDue({ ...base, newData: true, windowMs: windowMs('1h'), lastDrawMs: 9_500 })).toBe(false);
    expect(redrawDue({ ...base, newData: true, windowMs: windowMs('24h'), lastDrawMs: 9_500 })).toBe(false);
    expect(redrawDue({ ...base, newData: true, windowMs: windowMs('24h'), lastDrawMs: 9_000 })).toBe(true);
    expect(redrawDue({ ...base, force: true })).toBe(true);
  });
});
