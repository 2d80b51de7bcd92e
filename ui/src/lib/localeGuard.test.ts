import { describe, expect, it } from 'vitest';
import { safeLanguage } from './localeGuard';

describe('safeLanguage', () => {
  it('keeps a valid tag', () => {
    expect(safeLanguage('de-CH')).toBe('de-CH');
  });
  it('replaces the POSIX "C" locale that WebKitGTK reports without LANG', () => {
    expect(() => new Intl.NumberFormat('C')).toThrow();
    expect(safeLanguage('C', ['C', 'fr-CH'])).toBe('fr-CH');
    expect(safeLanguage('C')).toBe('en-US');
    expect(safeLanguage(undefined)).toBe('en-US');
  });
});
