// Imported first by main.ts. WebKitGTK reports the POSIX locale "C" as navigator.language when LANG is
// unset (common under Xvfb, CI, minimal desktops); Intl rejects that tag, and uPlot builds
// `Intl.NumberFormat(navigator.language)` when its module loads, which would leave a blank window.
// Fall back to the first valid language, else en-US.

function validTag(tag: string | undefined): tag is string {
  if (!tag) return false;
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

export function safeLanguage(language: string | undefined, languages: readonly string[] = []): string {
  if (validTag(language)) return language;
  return languages.find(validTag) ?? 'en-US';
}

if (typeof navigator !== 'undefined' && !validTag(navigator.language)) {
  const fallback = safeLanguage(navigator.language, navigator.languages ?? []);
  Object.defineProperty(navigator, 'language', { value: fallback, configurable: true });
}
