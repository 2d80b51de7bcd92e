import { describe, expect, it } from 'vitest';
import { hashFor, navKeyTarget, viewFromHash } from './nav';

describe('navigation', () => {
  it('reads the view from the hash', () => {
    expect(viewFromHash('')).toBe('meters');
    expect(viewFromHash('#/discovery')).toBe('discovery');
    expect(viewFromHash('#settings')).toBe('settings');
    expect(viewFromHash('#/nope')).toBe('meters');
    expect(viewFromHash(hashFor('about'))).toBe('about');
  });
  it('moves with arrow keys, wrapping, and Home/End', () => {
    expect(navKeyTarget('ArrowDown', 0, 4)).toBe(1);
    expect(navKeyTarget('ArrowDown', 3, 4)).toBe(0);
    expect(navKeyTarget('ArrowUp', 0, 4)).toBe(3);
    expect(navKeyTarget('Home', 2, 4)).toBe(0);
    expect(navKeyTarget('End', 0, 4)).toBe(3);
    expect(navKeyTarget('a', 0, 4)).toBeNull();
    expect(navKeyTarget('ArrowDown', 0, 0)).toBeNull();
  });
});
