// The app's language: typed messages compiled by paraglide-js from ui/messages/<locale>.json (`m.key()`),
// and the locale numbers, dates and money are written in. Both are decided once before the first
// component mounts (main.ts asks the backend, which knows the user's choice and the computer's locale);
// a change in Settings reloads the window, so every module sees one locale for its whole life.
import { m } from './paraglide/messages.js';
import { getLocale, locales, setLocale } from './paraglide/runtime.js';

export { m };

export type Language = (typeof locales)[number];
export const LANGUAGES: readonly Language[] = locales;

const DEFAULT_FORMAT: Record<Language, string> = { en: 'en-GB', de: 'de-CH', fr: 'fr-CH', it: 'it-CH' };
let format = 'en-GB';

function validTag(tag: string): boolean {
  try {
    return new Intl.NumberFormat(tag).resolvedOptions().locale !== '';
  } catch {
    return false;
  }
}

/** Speak `language` and format with `formatTag` (the language's own default when the tag is unusable). */
export function applyLocale(language: string, formatTag: string | null): void {
  const lang = (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : 'en';
  setLocale(lang, { reload: false });
  format = formatTag !== null && validTag(formatTag) ? formatTag : DEFAULT_FORMAT[lang];
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** The language messages are in now. */
export function language(): Language {
  return getLocale();
}

/** The BCP 47 tag for `Intl` formatters (numbers, dates, units, currency). */
export function formatLocale(): string {
  return format;
}

/** A language's own name ("Deutsch"), for the language switch. */
export function languageName(l: Language): string {
  return { en: m.language_en, de: m.language_de, fr: m.language_fr, it: m.language_it }[l]();
}

/**
 * A message looked up by its key at run time, for words the backend names by a key (`Said`, settings
 * fields); `null` when this window's catalogue does not have it (the caller shows the backend's English).
 */
export function messageNamed(key: string): ((args: Record<string, string>) => string) | null {
  const f = (m as unknown as Record<string, unknown>)[key];
  return typeof f === 'function' ? (f as (args: Record<string, string>) => string) : null;
}
