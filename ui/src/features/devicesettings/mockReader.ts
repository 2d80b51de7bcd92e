// A mock reader's own settings, as the device keeps them: every catalogue value, the write-only values
// (which the device never shows), its facts (licence, power, Ethernet, firmware) and its SD card. Built from
// the saved meter, so each scenario's meters get settings that fit them.
import type { MeterView, SdEntry, SettingsGroup, SettingsSnapshot, SettingsBackup } from '../../lib/bindings';
import { FIELDS, GROUPS } from './mockCatalogue';

type Value = boolean | number | string | null;

export type SdNode = { name: string; dir: true; children: SdNode[] } | { name: string; dir: false; size: number };

export interface MockReader {
  id: string;
  values: Record<string, Value>;
  /** Write-only values as the device holds them (null: none). */
  secrets: Record<string, string | null>;
  plus: boolean;
  meterPowered: boolean;
  /** The reader has an Ethernet port (its `eth` settings exist). */
  hasEthernet: boolean;
  ethernetUp: boolean;
  upgradeCapable: boolean;
  firmware: string;
  model: string;
  /** Counts boots (the report's boot_id with PLUS). */
  boots: number;
  /** The card's root, or null: no card (or one the reader could not mount). */
  card: SdNode[] | null;
  custom_scalers: { obis: string; scaler: number }[];
}

const FLAT_ID = 'B8D61A0F1E2D';
const HOUSE_ID = 'ECC9FF5C7F14';

/** The values a reader leaves the factory with. */
export function factoryValues(id: string): Record<string, Value> {
  return {
    'device.system.name': 'whatwatt Go',
    'device.system.host_name': `whatwatt_${id.slice(-6)}`,
    'device.system.use_dhcp_ntp_server': true,
    'device.system.use_custom_ntp_server': false,
    'device.system.custom_ntp_server': '',
    'device.system.power_save': false,
    'device.system.p1_wifi_boost': false,
    'device.services.report_interval': 30,
    'device.services.broadcast': true,
    'device.services.cloud.what_watt': true,
    'device.services.cloud.solar_manager': false,
    'device.services.cloud.mystrom': false,
    'device.services.cloud.stromkonto': false,
    'device.services.local.solar_manager': false,
    'device.services.other_energy_provider': false,
    'device.services.low_power_report': false,
    'device.services.log': false,
    'device.services.sd.enable': false,
    'device.services.sd.frequency': 60,
    'device.services.sd.recorder_mode': false,
    'device.services.meter_proxy': false,
    'device.services.modbus.enable': false,
    'device.services.modbus.port': 502,
    'device.services.berry.auto_run': false,
    'device.services.berry.run_delay': 60,
    'meter.if_type': 'auto',
    'meter.protocol': 'auto',
    'meter.if_mode': 'auto',
    'meter.encryption': false,
    'meter.auto_baudrate': true,
    'meter.baudrate': 115200,
    'meter.parity': 'none',
    'meter.stop_bits': '1',
    'meter.buffer_size': 64,
    'meter.rx_invert': false,
    'meter.tx_invert': false,
    'meter.conv_factor': 1,
    'meter.time_offset': 0,
    'meter.sync_time_offset_with_ntp': true,
    'meter.scalers_set': 'default',
    'wifi.name': 'HomeNet',
    'wifi.static_ip': false,
    'wifi.ip': '',
    'wifi.netmask': '',
    'wifi.gateway': '',
    'wifi.dns': '',
    'wifi.max_tx_power': 17,
    'eth.enable': false,
    'eth.static_ip': false,
    'eth.ip': '',
    'eth.netmask': '',
    'eth.gateway': '',
    'eth.dns': '',
    'mqtt.enable': false,
    'mqtt.url': '',
    'mqtt.username': '',
    'mqtt.client_id': '',
    'mqtt.publish.topic': '',
    'mqtt.publish.template': '',
    'mqtt.skip_cn_check': false,
  };
}

const day = (y: number, m: number, d: number, size: number): SdNode => ({ name: `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}.CSV`, dir: false, size });

function card(): SdNode[] {
  const march = Array.from({ length: 12 }, (_, i) => day(2026, 3, i + 1, 171_000 + ((i * 7919) % 9000)));
  return [
    { name: '2026', dir: true, children: march },
    { name: '2025', dir: true, children: [day(2025, 12, 30, 168_420), day(2025, 12, 31, 170_112)] },
    { name: 'LOGS', dir: true, children: [{ name: 'BOOT.LOG', dir: false, size: 2341 }] },
    { name: 'README.TXT', dir: false, size: 312 },
  ];
}

/** A reader that fits the saved meter: the Garden flat runs on the meter's power without Ethernet, the House
 *  meter has a cable in, FREE meters have no PLUS. */
export function readerFor(m: MeterView): MockReader {
  const plus = (m.health?.license ?? m.license ?? 'PLUS').toUpperCase() !== 'FREE';
  const flat = m.device_id === FLAT_ID;
  const house = m.device_id === HOUSE_ID;
  const values = factoryValues(m.device_id);
  Object.assign(values, {
    'device.system.name': m.name,
    'device.services.report_interval': flat ? 7 : house ? 10 : 5,
    'device.services.sd.enable': true,
    'meter.if_type': flat ? 'mbus' : 'p1',
    'meter.protocol': flat ? 'mbus' : 'dsmr',
    'meter.encryption': flat,
    'wifi.max_tx_power': flat ? 11.5 : 17,
    // The fixed addresses stay stored while the router gives the address.
    'wifi.ip': flat ? '192.168.1.64' : house ? '192.168.1.50' : '192.168.1.40',
    'wifi.netmask': '255.255.255.0',
    'wifi.gateway': '192.168.1.1',
    'wifi.dns': '192.168.1.1',
    'eth.ip': house ? '192.168.1.51' : '',
    'eth.netmask': house ? '255.255.255.0' : '',
    'eth.gateway': house ? '192.168.1.1' : '',
    'eth.dns': house ? '192.168.1.1' : '',
    'eth.enable': house,
    'device.services.modbus.enable': house,
  });
  return {
    id: m.device_id,
    values,
    secrets: { 'meter.encryption_key': flat ? '00112233445566778899AABBCCDDEEFF' : null, 'meter.authentication_key': null, 'wifi.password': 'home-wifi-pw', 'mqtt.password': null },
    plus,
    meterPowered: flat,
    hasEthernet: !flat,
    ethernetUp: house,
    upgradeCapable: !flat,
    firmware: m.health?.firmware ?? m.firmware ?? '1.10.3',
    model: m.demo ? 'whatwatt Go (simulated)' : 'whatwatt Go',
    boots: 7,
    card: card(),
    custom_scalers: [],
  };
}

/** The groups the reader offers (no `eth` without a port). */
export const groupsOf = (r: MockReader): SettingsGroup[] => GROUPS.filter((g) => g !== 'eth' || r.hasEthernet);

/** A group as `settings_group` reads it: the catalogue's values, whether each write-only value is stored. */
export function snapshot(r: MockReader, group: SettingsGroup): SettingsSnapshot {
  const values: Record<string, Value> = {};
  const secrets: Record<string, 'set' | 'not_set' | 'hidden'> = {};
  for (const f of FIELDS.filter((x) => x.group === group)) {
    if (f.kind.type === 'secret') secrets[f.key] = f.secretRule === 'mqtt_password' ? (r.secrets[f.key] ? 'set' : 'not_set') : 'hidden';
    else values[f.key] = r.values[f.key] ?? null;
  }
  return { group, values, secrets };
}

/** A group as the device's JSON document (what a backup holds). */
export function documentOf(r: MockReader, group: SettingsGroup): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const f of FIELDS.filter((x) => x.group === group && x.kind.type !== 'secret')) {
    const parts = f.key.slice(group.length + 1).split('.');
    let at = doc;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]!] = r.values[f.key] ?? null;
  }
  if (group === 'mqtt') doc.password_len = (r.secrets['mqtt.password'] ?? '').length;
  return doc;
}

/** A value out of a document by its dotted path. */
export function valueAt(doc: unknown, path: string): Value | undefined {
  let at: unknown = doc;
  for (const p of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[p];
  }
  return at === undefined || typeof at === 'object' ? (at === null ? null : undefined) : (at as Value);
}

export const SECRETS_NOT_INCLUDED = [...FIELDS.filter((f) => f.kind.type === 'secret').map((f) => f.key), 'device.system.password', 'mqtt.client.key'];

/** A backup of `r` as the backend writes it, taken `daysAgo` days ago. */
export function backupOf(r: MockReader, daysAgo: number): SettingsBackup {
  const groups: Record<string, unknown> = {};
  for (const g of groupsOf(r)) groups[g] = documentOf(r, g);
  return {
    format: 'wattdesk-settings',
    version: 1,
    device_id: r.id,
    model: r.model,
    firmware: r.firmware,
    taken_at: new Date(Date.now() - daysAgo * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    groups,
    custom_scalers: r.custom_scalers.map((s) => ({ ...s })),
    secrets_not_included: [...SECRETS_NOT_INCLUDED],
  };
}

/** The folder at `dir` on the card ('' is the root), or undefined. */
export function folder(root: SdNode[], dir: string): SdNode[] | undefined {
  let at: SdNode[] = root;
  for (const part of dir.split('/').filter((p) => p !== '')) {
    const next = at.find((n) => n.name === part && n.dir);
    if (next === undefined || !next.dir) return undefined;
    at = next.children;
  }
  return at;
}

/** A folder's entries as `sd_list` sends them: folders first, then newest name first. */
export function entriesOf(nodes: SdNode[], prefix: string): SdEntry[] {
  return nodes
    .map((n) => ({ name: n.name, path: `${prefix}${n.name}${n.dir ? '/' : ''}`, is_dir: n.dir, size: n.dir ? 0 : n.size }))
    .sort((a, b) => Number(b.is_dir) - Number(a.is_dir) || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}
