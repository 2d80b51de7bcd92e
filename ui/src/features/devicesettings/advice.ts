// Advice next to a field from what the panel knows about the reader (its power, its network cable, its
// licence). Not rules: the backend's review says what is refused.
import type { FieldSpec, SettingsPanel } from '../../lib/bindings';
import { m } from '../../lib/i18n';

type Facts = Pick<SettingsPanel, 'meter_powered' | 'ethernet_up' | 'plus'>;

/** The maker's advice for a reader on the meter's power (core: POWER_SAFE_INTERVAL_S). */
export const POWER_SAFE_INTERVAL_S = 30;

/** Advice for one field, or null. */
export function fieldAdvice(key: string, facts: Facts): string | null {
  switch (key) {
    case 'device.services.report_interval':
      return facts.meter_powered ? m.ds_advice_report_interval({ seconds: POWER_SAFE_INTERVAL_S }) : null;
    case 'device.system.power_save':
      return facts.ethernet_up ? m.ds_advice_power_save() : null;
    case 'device.system.p1_wifi_boost':
      return facts.meter_powered ? m.ds_advice_wifi_boost() : null;
    case 'wifi.max_tx_power':
      return facts.meter_powered ? m.ds_advice_tx_power() : null;
    default:
      return null;
  }
}

/** The note under a field that works only with PLUS on a reader without it (with PLUS its badge says enough). */
export function plusNote(spec: FieldSpec, facts: Facts): string | null {
  return spec.plus_only && !facts.plus ? m.ds_plus_note() : null;
}

/** What the Ethernet section says first (the docs' requirement, and this reader's state). */
export function ethernetNote(facts: Facts): string {
  const rule = m.ds_eth_rule();
  if (facts.meter_powered) return `${rule} ${m.ds_eth_meter_powered()}`;
  if (facts.ethernet_up) return `${rule} ${m.ds_eth_cable_up()}`;
  return rule;
}
