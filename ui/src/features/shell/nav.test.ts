import { describe, expect, it } from 'vitest';
import { hashFor, hashForMeter, meterFromHash, meterPageFromHash, navKeyTarget, PRICES_HASH, SHARING_HASH, viewFromHash, wantsPrices, wantsSharing } from './nav';

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
  it('reads a meter sub-page from the hash', () => {
    expect(meterPageFromHash('#/meter/ECC9FF5C7F14')).toBe('detail');
    expect(meterPageFromHash(hashForMeter('X1', 'transports'))).toBe('transports');
    expect(meterPageFromHash('#/meter/X1/connection')).toBe('connection');
    expect(meterPageFromHash('#/meter/X1/nope')).toBe('detail');
    expect(meterPageFromHash('#/meter/X1/settings')).toBe('settings');
    expect(meterPageFromHash('#/meter/X1/settings/wifi')).toBe('settings');
    expect(meterFromHash(hashForMeter('a b', 'connection'))).toBe('a b');
    expect(hashForMeter('X1')).toBe('#/meter/X1');
  });
  it('has a History page for the household and one per meter, and a way to the prices', () => {
    expect(viewFromHash('#/history')).toBe('history');
    expect(meterPageFromHash(hashForMeter('X1', 'history'))).toBe('history');
    expect(hashForMeter('X1', 'history')).toBe('#/meter/X1/history');
    expect(viewFromHash(PRICES_HASH)).toBe('settings');
    expect(wantsPrices(PRICES_HASH)).toBe(true);
    expect(wantsPrices('#/settings')).toBe(false);
  });
  it('opens Settings at Sharing', () => {
    expect(viewFromHash(SHARING_HASH)).toBe('settings');
    expect(wantsSharing(SHARING_HASH)).toBe(true);
    expect(wantsSharing('#settings/sharing')).toBe(true);
    expect(wantsSharing('#/settings/sharingx')).toBe(false);
    expect(wantsSharing('#/settings/prices')).toBe(false);
  });
});
