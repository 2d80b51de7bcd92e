import { describe, expect, it } from 'vitest';
import { median, Rolling } from './stats';

describe('median', () => {
  it('handles odd, even and empty', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('Rolling', () => {
  it('keeps only the last N values', () => {
    const r = new Rolling(3);
    for (const v of [100, 100, 100, 1, 2, 3]) r.add(v);
    expect(r.size).toBe(3);
    expect(r.median()).toBe(2);
  });

  it('ignores non-finite values and an outlier does not move the median much', () => {
    const r = new Rolling(50);
    for (let i = 0; i < 49; i++) r.add(10 + (i % 3));
    r.add(5000);
    r.add(NaN);
    expect(r.size).toBe(50);
    expect(r.median()).toBe(11);
  });
});
