// The custom payload mapping: which key of the device's MQTT payload carries which quantity.
import type { MappingChoice, MappingGuess } from '../../lib/bindings';

export const QUANTITY_LABELS = {
  unix_time: 'Time (Unix seconds)',
  iso_time: 'Time (ISO 8601)',
  tariff: 'Tariff',
  power_import_kw: 'Power import (kW)',
  power_export_kw: 'Power export (kW)',
  power_import_l1_kw: 'Power import L1 (kW)',
  power_import_l2_kw: 'Power import L2 (kW)',
  power_import_l3_kw: 'Power import L3 (kW)',
  power_export_l1_kw: 'Power export L1 (kW)',
  power_export_l2_kw: 'Power export L2 (kW)',
  power_export_l3_kw: 'Power export L3 (kW)',
  reactive_import_kvar: 'Reactive import (kvar)',
  reactive_export_kvar: 'Reactive export (kvar)',
  apparent_power_kva: 'Apparent power (kVA)',
  voltage_l1_v: 'Voltage L1 (V)',
  voltage_l2_v: 'Voltage L2 (V)',
  voltage_l3_v: 'Voltage L3 (V)',
  current_l1_a: 'Current L1 (A)',
  current_l2_a: 'Current L2 (A)',
  current_l3_a: 'Current L3 (A)',
  power_factor: 'Power factor',
  energy_import_kwh: 'Energy import (kWh)',
  energy_import_t1_kwh: 'Energy import T1 (kWh)',
  energy_import_t2_kwh: 'Energy import T2 (kWh)',
  energy_export_kwh: 'Energy export (kWh)',
  energy_export_t1_kwh: 'Energy export T1 (kWh)',
  energy_export_t2_kwh: 'Energy export T2 (kWh)',
  reactive_energy_import_kvarh: 'Reactive energy import (kvarh)',
  reactive_energy_export_kvarh: 'Reactive energy export (kvarh)',
} as const;

export type Quantity = keyof typeof QUANTITY_LABELS;
export const QUANTITIES = Object.keys(QUANTITY_LABELS) as Quantity[];

export function isQuantity(s: string): s is Quantity {
  return Object.hasOwn(QUANTITY_LABELS, s);
}

/** One row of the editor: a payload key, the device variable behind it (if known), the chosen quantity ('' = ignored). */
export interface MappingRow {
  key: string;
  variable: string;
  quantity: Quantity | '';
}

/**
 * The editor's rows: the keys found in the device's template with WattDesk's guesses, overridden by what is
 * saved (`current`, when custom); saved keys the template no longer has are kept at the end.
 */
export function rowsFrom(guess: MappingGuess | null, current: MappingChoice | null): MappingRow[] {
  const saved = new Map(current?.kind === 'custom' ? current.fields : []);
  const rows: MappingRow[] = (guess?.fields ?? []).map((f) => {
    const q = saved.get(f.key) ?? f.quantity ?? '';
    return { key: f.key, variable: f.variable, quantity: isQuantity(q) ? q : '' };
  });
  for (const [key, q] of saved) {
    if (!rows.some((r) => r.key === key)) rows.push({ key, variable: '', quantity: isQuantity(q) ? q : '' });
  }
  return rows;
}

/** The custom mapping the rows describe (ignored keys left out). */
export function customChoice(rows: readonly MappingRow[]): MappingChoice {
  return {
    kind: 'custom',
    fields: rows.filter((r) => r.key.trim() !== '' && r.quantity !== '').map((r) => [r.key.trim(), r.quantity] as [string, string]),
  };
}

const POWER: readonly Quantity[] = ['power_import_kw', 'power_export_kw', 'power_import_l1_kw', 'power_export_l1_kw'];

/** Why the rows are not a usable mapping yet, or null. */
export function mappingProblem(rows: readonly MappingRow[]): string | null {
  const used = rows.filter((r) => r.quantity !== '');
  if (used.length === 0) return 'Choose what at least one key carries.';
  const keys = new Set<string>();
  for (const r of used) {
    const k = r.key.trim();
    if (k === '') return 'Every mapped row needs a key.';
    if (keys.has(k)) return `The key "${k}" is listed twice.`;
    keys.add(k);
  }
  const seen = new Set<string>();
  for (const r of used) {
    if (seen.has(r.quantity)) return `${QUANTITY_LABELS[r.quantity as Quantity]} is chosen for two keys.`;
    seen.add(r.quantity);
  }
  if (!used.some((r) => POWER.includes(r.quantity as Quantity))) return 'Map a power key (import or export) so WattDesk can show power.';
  return null;
}
