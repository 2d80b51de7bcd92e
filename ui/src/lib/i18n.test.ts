// The message catalogue: every language has exactly the keys English has, with the same {placeholders},
// and no text is missing. (That components show only catalogue words is scripts/check-strings.mjs.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = path.resolve(__dirname, '../../messages');
const LOCALES = ['en', 'de', 'fr', 'it'] as const;

function load(locale: string): Record<string, string> {
  const raw = JSON.parse(readFileSync(path.join(DIR, `${locale}.json`), 'utf8')) as Record<string, unknown>;
  delete raw.$schema;
  for (const [k, v] of Object.entries(raw)) if (typeof v !== 'string') throw new Error(`${locale}.json: ${k} is not a string`);
  return raw as Record<string, string>;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Pieces of a sentence split around inline markup may be empty where a language needs no words there. */
const PIECE = /_(before|after|middle|between|lead|tail|pre|post)\d*$/;

describe('message catalogue', () => {
  const en = load('en');

  it('has a sizeable English base', () => {
    expect(Object.keys(en).length).toBeGreaterThan(500);
  });

  for (const locale of LOCALES) {
    it(`${locale}: the same keys as English, each with its placeholders and words`, () => {
      const c = load(locale);
      const missing = Object.keys(en).filter((k) => !(k in c));
      const extra = Object.keys(c).filter((k) => !(k in en));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      const wrong = Object.keys(en).filter((k) => placeholders(en[k]!).join() !== placeholders(c[k]!).join());
      expect(wrong).toEqual([]);
      const empty = Object.keys(c).filter((k) => c[k]!.trim() === '' && !PIECE.test(k));
      expect(empty).toEqual([]);
    });
  }

  it('translations are not left in English (beyond names and units that read the same)', () => {
    for (const locale of ['de', 'fr', 'it']) {
      const c = load(locale);
      const same = Object.keys(en).filter((k) => en[k]!.length > 24 && c[k] === en[k]);
      // A few long strings may legitimately be identical (examples, addresses); a wholesale copy is not.
      expect(same.length, `${locale}: ${same.slice(0, 5).join(', ')}`).toBeLessThan(Object.keys(en).length * 0.02);
    }
  });
});
