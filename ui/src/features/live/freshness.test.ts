import { describe, expect, it } from 'vitest';
import { isFresh, readingAge } from './freshness';

describe('isFresh', () => {
  it('is fresh while readings arrive and the last one is recent', () => {
    expect(isFresh(true, 2_000, 1)).toBe(true);
    expect(isFresh(true, 31_000, 1)).toBe(false);
  });
  it('allows slow meters five report intervals', () => {
    expect(isFresh(true, 40_000, 10)).toBe(true);
    expect(isFresh(true, 51_000, 10)).toBe(false);
  });
  it('is never fresh when the session is not receiving', () => {
    expect(isFresh(false, 0, 1)).toBe(false);
  });
});

describe('readingAge', () => {
  it('stays "just now" for a meter reporting every second: nothing to redraw between readings', () => {
    const a = readingAge(10_000, 10_400, true, 1);
    expect(a.value).toEqual({ fresh: true, label: 'Updated just now' });
    expect(a.nextChangeMs).toBe(4_600);
  });
  it('counts seconds once it is older, and says when it goes stale', () => {
    expect(readingAge(0, 12_300, true, 7)).toEqual({ value: { fresh: true, label: 'Updated 12 s ago' }, nextChangeMs: 700 });
    const late = readingAge(0, 35_000, true, 7);
    expect(late.value.fresh).toBe(true);
    const stale = readingAge(0, 35_001 + 700, true, 1);
    expect(stale.value).toEqual({ fresh: false, label: 'Last reading 35 s ago' });
    expect(readingAge(0, 29_999, true, 1).nextChangeMs).toBe(1);
  });
  it('is not fresh when the session does not receive, and then changes only with the label', () => {
    const a = readingAge(0, 5 * 60_000 + 1_000, false, 1);
    expect(a.value).toEqual({ fresh: false, label: 'Last reading 5 min ago' });
    expect(a.nextChangeMs).toBe(59_000);
  });
});
