import { describe, expect, it } from 'vitest';
import { hashFor, hashForMeter, meterFromHash, navKeyTarget, viewFromHash } from './nav';

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
  it('reads a meter detail page from the hash; it belongs to Meters', () => {
    expect(meterFromHash('#/meter/ECC9FF5C7F14')).toBe('ECC9FF5C7F14');
    expect(viewFromHash('#/meter/ECC9FF5C7F14')).toBe('meters');
    expect(meterFromHash(hashForMeter('a b/c'))).toBe('a b/c');
    expect(meterFromHash('#/meters')).toBeNull();
    expect(meterFromHash('#/meter/')).toBeNull();
    expect(meterFromHash('#/meter/%E0%A4%A')).toBeNull();
  });
});
