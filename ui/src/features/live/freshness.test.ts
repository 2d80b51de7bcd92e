import { describe, expect, it } from 'vitest';
import { isFresh } from './freshness';

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
