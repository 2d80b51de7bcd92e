// The meter's two tariff registers in words: T1 and T2 are what the meter calls them; most utilities use T1
// for the high (day) rate and T2 for the low (night or weekend) rate.

export const TARIFF_WORD: Record<1 | 2, string> = { 1: 'High tariff', 2: 'Low tariff' };

export const TARIFF_HELP =
  "T1 and T2 are the meter's two tariff registers. Most utilities bill T1 at the high (day) rate and T2 at the low (night) rate; your bill says which is which.";

/** "High tariff (T1)", or "Tariff 3" for anything else a meter may report. */
export function tariffName(tariff: number): string {
  return tariff === 1 || tariff === 2 ? `${TARIFF_WORD[tariff]} (T${tariff})` : `Tariff ${tariff}`;
}
