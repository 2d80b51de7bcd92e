// The meter's two tariff registers in words: T1 and T2 are what the meter calls them; most utilities use T1
// for the high (day) rate and T2 for the low (night or weekend) rate.
import { m } from '../../lib/i18n';

/** "High tariff" / "Low tariff", in the app's language. */
export function tariffWord(tariff: 1 | 2): string {
  return tariff === 1 ? m.meters_live_tariff_high() : m.meters_live_tariff_low();
}

/** The same words as a record (read when used, so always in the app's language). Prefer `tariffWord`. */
export const TARIFF_WORD: Readonly<Record<1 | 2, string>> = {
  get 1() {
    return tariffWord(1);
  },
  get 2() {
    return tariffWord(2);
  },
};

/** What T1 and T2 mean, for tooltips. */
export function tariffHelp(): string {
  return m.meters_live_tariff_help();
}

/**
 * The same sentence as a constant, for modules that still import it: the language is fixed before any
 * module that shows it is loaded (main.ts), so it is already in the app's language. Prefer `tariffHelp()`.
 */
export const TARIFF_HELP: string = tariffHelp();

/** "High tariff (T1)", or "Tariff 3" for anything else a meter may report. */
export function tariffName(tariff: number): string {
  return tariff === 1 || tariff === 2 ? `${tariffWord(tariff)} (T${tariff})` : m.meters_live_tariff_other({ number: tariff });
}
