// Advice next to a field from what the panel knows about the reader (its power, its network cable, its
// licence). Not rules: the backend's review says what is refused.
import type { FieldSpec, SettingsPanel } from '../../lib/bindings';

type Facts = Pick<SettingsPanel, 'meter_powered' | 'ethernet_up' | 'plus'>;

/** The maker's advice for a reader on the meter's power (core: POWER_SAFE_INTERVAL_S). */
export const POWER_SAFE_INTERVAL_S = 30;

/** Advice for one field, or null. */
export function fieldAdvice(key: string, facts: Facts): string | null {
  switch (key) {
    case 'device.services.report_interval':
      return facts.meter_powered
        ? `This reader runs on the meter's power: shorter intervals draw more from it. Reporting every ${POWER_SAFE_INTERVAL_S} seconds or less often keeps it steady.`
        : null;
    case 'device.system.power_save':
      return facts.ethernet_up
        ? 'A network cable is connected: the reader refuses power saving while it is, because saving power switches Ethernet off.'
        : null;
    case 'device.system.p1_wifi_boost':
      return facts.meter_powered ? "This reader runs on the meter's power: faster Wi-Fi draws more from it." : null;
    case 'wifi.max_tx_power':
      return facts.meter_powered ? "On the meter's power, 10 to 13 dBm keeps the reader's supply steady." : null;
    default:
      return null;
  }
}

/** The note under a field that works only with PLUS on a reader without it (with PLUS its badge says enough). */
export function plusNote(spec: FieldSpec, facts: Facts): string | null {
  return spec.plus_only && !facts.plus ? 'Stored, but idle until the device has a PLUS licence.' : null;
}

/** What the Ethernet section says first (the docs' requirement, and this reader's state). */
export function ethernetNote(facts: Facts): string {
  const rule = 'Ethernet works only while the reader has USB power and power saving is off.';
  if (facts.meter_powered) return `${rule} This reader runs on the meter's power now, so its network port stays off.`;
  if (facts.ethernet_up) return `${rule} A network cable is connected and working.`;
  return rule;
}
