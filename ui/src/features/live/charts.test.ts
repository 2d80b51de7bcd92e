import { describe, expect, it } from 'vitest';
import { currentRange, liveSummary, MAX_DATA_LAG_MS, MIN_DRAW_GAP_MS, powerRange, seriesFor, shouldDraw, SLIDE_MIN_MS, voltageRange, wakeAt, windowMs } from './charts';
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

describe('when a chart draws', () => {
  const base = { lastDrawMs: 10_000, windowMs: windowMs('5m'), widthPx: 900, newData: false, hasData: true, force: false };

  it('draws at once when forced (first draw, new size, window shown again)', () => {
    expect(shouldDraw({ ...base, force: true }, 10_001)).toBe(true);
    expect(wakeAt({ ...base, force: true })).toBe(-Infinity);
  });

  it('draws new readings in the frame that shows them on a short chart (frames come at most every MIN_DRAW_GAP_MS)', () => {
    expect(shouldDraw({ ...base, newData: true }, 10_000 + MIN_DRAW_GAP_MS)).toBe(true);
    expect(shouldDraw({ ...base, newData: true }, 10_000 + 200)).toBe(true);
    expect(wakeAt({ ...base, newData: true })).toBe(10_000 + MIN_DRAW_GAP_MS);
  });

  it('slides a chart without new readings only when its axis moved a pixel, and at most every SLIDE_MIN_MS', () => {
    // 5 min over 900 px: a pixel is 333 ms; a meter reporting every second never needs a slide.
    expect(shouldDraw(base, 10_000 + 1_000)).toBe(false);
    expect(wakeAt(base)).toBe(10_000 + SLIDE_MIN_MS);
    // 24 h over 900 px: one pixel is 96 s.
    expect(wakeAt({ ...base, windowMs: windowMs('24h') })).toBe(10_000 + 96_000);
    expect(shouldDraw({ ...base, windowMs: windowMs('24h') }, 10_000 + 95_000)).toBe(false);
    expect(shouldDraw({ ...base, windowMs: windowMs('24h') }, 10_000 + 96_000)).toBe(true);
    expect(wakeAt({ ...base, windowMs: windowMs('1h') })).toBe(10_000 + 4_000);
  });

  it('takes new readings on a long chart once per pixel of time, never later than MAX_DATA_LAG_MS', () => {
    const hour = { ...base, windowMs: windowMs('1h'), newData: true };
    expect(shouldDraw(hour, 10_000 + 3_000)).toBe(false);
    expect(shouldDraw(hour, 10_000 + 4_000)).toBe(true);
    expect(wakeAt({ ...base, windowMs: windowMs('24h'), newData: true })).toBe(10_000 + MAX_DATA_LAG_MS);
  });

  it('does not draw an empty chart again until data comes', () => {
    expect(wakeAt({ ...base, hasData: false })).toBe(Infinity);
    expect(shouldDraw({ ...base, hasData: false }, 1e9)).toBe(false);
    expect(shouldDraw({ ...base, hasData: false, newData: true }, 10_000 + MIN_DRAW_GAP_MS)).toBe(true);
  });
});

describe('what a chart says to a screen reader', () => {
  it('power: now, highest and lowest of the net line, with the way it flows', () => {
    const specs = seriesFor('power', [1, 2, 3]);
    const rows = { y: [[0.4, null, 3.4, -0.2, 1.2], [1, 1, 1, 1, 1], [], []] };
    expect(liveSummary('power', specs, rows, 5 * 60_000)).toBe(
      'Power over the last 5 min: now 1.20 kW from the grid, highest 3.40 kW from the grid, lowest 200 W to the grid.',
    );
    expect(liveSummary('power', specs, { y: [[0.0001, -0.85]] }, 3_600_000)).toBe(
      'Power over the last 1 h: now 850 W to the grid, highest 0 W, lowest 850 W to the grid.',
    );
  });

  it('voltage and current per phase; nothing drawn yet', () => {
    const rows = { y: [[229.5, 231.25, 230], [null, null], [232, 233]] };
    expect(liveSummary('voltage', seriesFor('voltage', [1, 2, 3]), rows, 24 * 3_600_000)).toBe(
      'Voltage over the last 24 h: L1 now 230.0 V, lowest 229.5 V, highest 231.3 V; L3 now 233.0 V, lowest 232.0 V, highest 233.0 V.',
    );
    expect(liveSummary('current', seriesFor('current', [1]), { y: [[1.5, 12]] }, 5 * 60_000)).toBe(
      'Current over the last 5 min: L1 now 12.0 A, lowest 1.50 A, highest 12.0 A.',
    );
    expect(liveSummary('power', seriesFor('power', [1]), undefined, 5 * 60_000)).toBe('Power over the last 5 min: no readings yet.');
    expect(liveSummary('current', seriesFor('current', [1]), { y: [[null]] }, 90_000)).toBe('Current over the last 1 min: no readings yet.');
  });
});
