// Scalers in words and the custom list's rules as the core checks them (settings/scalers.rs): an OBIS
// register in short C.D.E form (C and D up to 254, E up to 255: every E), a power of ten from -6 to 6,
// each register once.
import type { ScalerRow } from '../../lib/bindings';
import { formatLocale, m } from '../../lib/i18n';

export const SCALER_MIN = -6;
export const SCALER_MAX = 6;

/** What a scaler does to the meter's value: "× 1000", "÷ 10", "as sent". */
export function scaleText(scaler: number): string {
  if (scaler === 0) return m.ds_scale_as_sent();
  const factor = 10 ** Math.abs(scaler);
  return `${scaler > 0 ? '×' : '÷'} ${factor.toLocaleString(formatLocale())}`;
}

/** The register as the device keeps it ("1.8.0"), or null when it is not one. */
export function normalObis(text: string): string | null {
  const parts = text.trim().split('.');
  if (parts.length !== 3) return null;
  const limits = [254, 254, 255];
  for (const [i, p] of parts.entries()) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > limits[i]!) return null;
  }
  return parts.map(Number).join('.');
}

/** What is wrong with each row (by index), checked as the core will. */
export function scalerProblems(rows: readonly ScalerRow[]): Record<number, string> {
  const problems: Record<number, string> = {};
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const o = normalObis(r.obis);
    if (o === null) problems[i] = m.ds_scaler_bad_register();
    else if (seen.has(o)) problems[i] = m.ds_scaler_twice({ register: o });
    else if (!Number.isInteger(r.scaler) || r.scaler < SCALER_MIN || r.scaler > SCALER_MAX) problems[i] = m.ds_scaler_bad_power({ min: SCALER_MIN, max: SCALER_MAX });
    if (o !== null) seen.add(o);
  });
  return problems;
}

/** Whether two lists are the same (what was read and what is on screen). */
export function sameRows(a: readonly ScalerRow[], b: readonly ScalerRow[]): boolean {
  return a.length === b.length && a.every((r, i) => r.obis.trim() === b[i]?.obis.trim() && r.scaler === b[i]?.scaler);
}
