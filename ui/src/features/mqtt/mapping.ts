// The custom payload mapping: which key of the device's MQTT payload carries which quantity.
import type { MappingChoice, MappingGuess } from '../../lib/bindings';
import { m } from '../../lib/i18n';

/** What each quantity is called, in the editor and in problems (units stay as they are). */
const QUANTITY_LABELS = {
  unix_time: m.mqtt_q_unix_time,
  iso_time: m.mqtt_q_iso_time,
  tariff: m.mqtt_q_tariff,
  power_import_kw: m.mqtt_q_power_import_kw,
  power_export_kw: m.mqtt_q_power_export_kw,
  power_import_l1_kw: m.mqtt_q_power_import_l1_kw,
  power_import_l2_kw: m.mqtt_q_power_import_l2_kw,
  power_import_l3_kw: m.mqtt_q_power_import_l3_kw,
  power_export_l1_kw: m.mqtt_q_power_export_l1_kw,
  power_export_l2_kw: m.mqtt_q_power_export_l2_kw,
  power_export_l3_kw: m.mqtt_q_power_export_l3_kw,
  reactive_import_kvar: m.mqtt_q_reactive_import_kvar,
  reactive_export_kvar: m.mqtt_q_reactive_export_kvar,
  apparent_power_kva: m.mqtt_q_apparent_power_kva,
  voltage_l1_v: m.mqtt_q_voltage_l1_v,
  voltage_l2_v: m.mqtt_q_voltage_l2_v,
  voltage_l3_v: m.mqtt_q_voltage_l3_v,
  current_l1_a: m.mqtt_q_current_l1_a,
  current_l2_a: m.mqtt_q_current_l2_a,
  current_l3_a: m.mqtt_q_current_l3_a,
  power_factor: m.mqtt_q_power_factor,
  energy_import_kwh: m.mqtt_q_energy_import_kwh,
  energy_import_t1_kwh: m.mqtt_q_energy_import_t1_kwh,
  energy_import_t2_kwh: m.mqtt_q_energy_import_t2_kwh,
  energy_export_kwh: m.mqtt_q_energy_export_kwh,
  energy_export_t1_kwh: m.mqtt_q_energy_export_t1_kwh,
  energy_export_t2_kwh: m.mqtt_q_energy_export_t2_kwh,
  reactive_energy_import_kvarh: m.mqtt_q_reactive_energy_import_kvarh,
  reactive_energy_export_kvarh: m.mqtt_q_reactive_energy_export_kvarh,
} as const;

export type Quantity = keyof typeof QUANTITY_LABELS;
export const QUANTITIES = Object.keys(QUANTITY_LABELS) as Quantity[];

/** "Power import (kW)". */
export function quantityLabel(q: Quantity): string {
  return QUANTITY_LABELS[q]();
}

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
  if (used.length === 0) return m.mqtt_map_problem_none();
  const keys = new Set<string>();
  for (const r of used) {
    const k = r.key.trim();
    if (k === '') return m.mqtt_map_problem_no_key();
    if (keys.has(k)) return m.mqtt_map_problem_twice({ key: k });
    keys.add(k);
  }
  const seen = new Set<string>();
  for (const r of used) {
    if (seen.has(r.quantity)) return m.mqtt_map_problem_double({ quantity: quantityLabel(r.quantity as Quantity) });
    seen.add(r.quantity);
  }
  if (!used.some((r) => POWER.includes(r.quantity as Quantity))) return m.mqtt_map_problem_power();
  return null;
}
