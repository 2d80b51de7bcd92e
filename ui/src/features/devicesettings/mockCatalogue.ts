// The mock backend's copy of the settings catalogue (crates/wattdesk-core/src/settings/catalogue.rs, as
// `settings_panel` sends it: keys, sections, plain labels, help, kinds with their limits, PLUS and "More
// settings"). Test data: the UI itself never lists fields, it renders what `SettingsPanel.fields` holds.
import type { ChoiceOption, FieldKind, FieldSpec, SettingsGroup, SettingsSection } from '../../lib/bindings';

/** How the core checks a text field (catalogue::Text). */
export type TextRule = 'any' | 'host_name' | 'host_or_ip' | 'ssid' | 'mqtt_url' | 'topic';
/** Which write-only value a secret is (catalogue::Secret). */
export type SecretRule = 'meter_key' | 'wifi_password' | 'mqtt_password';

export interface MockField extends FieldSpec {
  textRule?: TextRule;
  secretRule?: SecretRule;
}

const options = (pairs: [string, string][]): ChoiceOption[] => pairs.map(([value, label]) => ({ value, label }));

const IF_TYPES = options([
  ['auto', 'Find out by itself'],
  ['p1', 'P1 port (DSMR)'],
  ['mbus', 'M-Bus'],
  ['ttl', 'TTL serial'],
  ['mep', 'MEP'],
  ['irda', 'Optical (infrared)'],
  ['uart', 'Serial (UART)'],
  ['p1_adapter', 'P1 adapter'],
  ['ttl_push', 'TTL, meter sends by itself'],
]);
const PROTOCOLS = options([
  ['auto', 'Find out by itself'],
  ['dsmr', 'DSMR (P1)'],
  ['hdlc', 'DLMS/COSEM (HDLC)'],
  ['kmp', 'Kamstrup (KMP)'],
  ['mep', 'MEP'],
  ['mbus', 'M-Bus'],
  ['mbtr', 'M-Bus, raw'],
]);
const IF_MODES = options([
  ['auto', 'Find out by itself'],
  ['push', 'The meter sends'],
  ['pull', 'The reader asks'],
]);
const PARITIES = options([
  ['none', 'None'],
  ['odd', 'Odd'],
  ['even', 'Even'],
]);
const STOP_BITS = options([
  ['1', '1'],
  ['1.5', '1.5'],
  ['2', '2'],
]);
const SCALER_SETS = options([
  ['default', 'Automatic'],
  ['lge570', 'Landis+Gyr E570'],
  ['custom', 'My own (custom scalers)'],
]);

const TOGGLE: FieldKind = { type: 'toggle' };
const ADDRESS: FieldKind = { type: 'address' };
const PLACEHOLDERS: Partial<Record<TextRule, string>> = { host_or_ip: 'pool.ntp.org', mqtt_url: 'mqtt://192.168.1.10:1883', host_name: 'whatwatt_9F8124' };
const text = (max: number, rule: TextRule = 'any') => ({ kind: { type: 'text', max_len: max, placeholder: PLACEHOLDERS[rule] ?? '' } as FieldKind, textRule: rule });
const whole = (min: number, max: number, unit = ''): FieldKind => ({ type: 'whole', min, max, unit });
const decimal = (min: number, max: number, step: number, unit = ''): FieldKind => ({ type: 'decimal', min, max, step, unit });
const choice = (o: ChoiceOption[]): FieldKind => ({ type: 'choice', options: o });
const secret = (rule: SecretRule) => ({
  kind: {
    type: 'secret',
    max_len: rule === 'meter_key' ? 47 : rule === 'wifi_password' ? 64 : 63,
    clear_value: rule === 'meter_key' ? '0'.repeat(32) : rule === 'mqtt_password' ? '' : null,
  } as FieldKind,
  secretRule: rule,
});

type Extra = { plus?: boolean; more?: boolean; textRule?: TextRule; secretRule?: SecretRule };

function f(
  group: SettingsGroup,
  path: string,
  section: SettingsSection,
  label: string,
  help: string,
  kind: FieldKind | { kind: FieldKind; textRule?: TextRule; secretRule?: SecretRule },
  extra: Extra = {},
): MockField {
  const k = 'type' in kind ? { kind } : kind;
  return {
    key: `${group}.${path}`,
    group,
    section,
    label,
    help,
    kind: k.kind,
    plus_only: extra.plus ?? false,
    advanced: extra.more ?? false,
    ...('textRule' in k && k.textRule ? { textRule: k.textRule } : {}),
    ...('secretRule' in k && k.secretRule ? { secretRule: k.secretRule } : {}),
  };
}

const plus = { plus: true };
const more = { more: true };

export const FIELDS: MockField[] = [
  // General (/api/v1/settings .system)
  f('device', 'system.name', 'general', 'Device name', 'The name the device shows in its own web page and its reports (system.name, up to 31 characters).', text(31)),
  f('device', 'system.host_name', 'general', 'Network name', 'The name the device has on your network and in its mDNS announcement (system.host_name, up to 31 letters, digits, - or _). It is also the login realm: WattDesk logs in again by itself after a change.', text(31, 'host_name')),
  f('device', 'system.use_dhcp_ntp_server', 'general', "Take the clock from the router's time server", "Adds the time server your router announces (DHCP) to the device's list (system.use_dhcp_ntp_server).", TOGGLE),
  f('device', 'system.use_custom_ntp_server', 'general', 'Use my own time server', 'Uses the time server below (system.use_custom_ntp_server). The device switches this off by itself when the server name is not valid.', TOGGLE),
  f('device', 'system.custom_ntp_server', 'general', 'Time server', 'A host name or address, e.g. pool.ntp.org (system.custom_ntp_server, up to 127 characters).', text(127, 'host_or_ip')),
  f('device', 'system.power_save', 'general', 'Save power', 'Wi-Fi sleeps between messages and Ethernet is off (system.power_save). Refused while a network cable is connected.', TOGGLE),
  f('device', 'system.p1_wifi_boost', 'general', 'Faster Wi-Fi on a P1 meter', 'Keeps Wi-Fi awake while a P1 meter is connected, for quicker answers (system.p1_wifi_boost). Draws more power from the meter.', TOGGLE),
  // Services (/api/v1/settings .services)
  f('device', 'services.report_interval', 'services', 'Report every', 'How often the device sends a report to its services and MQTT (services.report_interval, 1 to 3600 s). Shorter intervals draw more power on a unit powered by the meter.', whole(1, 3600, 's')),
  f('device', 'services.broadcast', 'services', 'Let apps find it on the network', 'Announces the device by mDNS so apps like WattDesk find it by themselves (services.broadcast).', TOGGLE),
  f('device', 'services.cloud.what_watt', 'services', 'whatwatt cloud', 'Sends readings to the whatwatt cloud (services.cloud.what_watt).', TOGGLE),
  f('device', 'services.cloud.solar_manager', 'services', 'Solar Manager cloud', 'services.cloud.solar_manager', TOGGLE),
  f('device', 'services.cloud.mystrom', 'services', 'myStrom cloud', 'services.cloud.mystrom', TOGGLE, plus),
  f('device', 'services.cloud.stromkonto', 'services', 'Stromkonto cloud', 'services.cloud.stromkonto', TOGGLE),
  f('device', 'services.local.solar_manager', 'services', 'Solar Manager on this network', 'Lets a Solar Manager on your network read the device (services.local.solar_manager).', TOGGLE, plus),
  f('device', 'services.other_energy_provider', 'services', 'Other energy provider features', 'services.other_energy_provider', TOGGLE, more),
  f('device', 'services.low_power_report', 'services', 'Low-power reporting', 'Wakes, reports and sleeps again; needs a meter interface chosen by hand (services.low_power_report).', TOGGLE, more),
  f('device', 'services.log', 'services', 'Device log', "The device's internal log service (services.log).", TOGGLE, more),
  f('device', 'services.sd.enable', 'services', 'Write readings to the SD card', 'A CSV file per day on the card (services.sd.enable).', TOGGLE),
  f('device', 'services.sd.frequency', 'services', 'SD card: a row every', 'services.sd.frequency, 1 to 1440 s.', whole(1, 1440, 's')),
  f('device', 'services.sd.recorder_mode', 'services', 'SD card recorder mode', 'The device records to the card on its own, without the network (services.sd.recorder_mode, firmware 2.0.1 and later).', TOGGLE, more),
  f('device', 'services.meter_proxy', 'services', 'Meter proxy', "Passes the meter's raw data on to another system (services.meter_proxy).", TOGGLE, plus),
  f('device', 'services.modbus.enable', 'services', 'Modbus TCP server', 'Lets energy managers read the meter over Modbus TCP (services.modbus.enable).', TOGGLE, plus),
  f('device', 'services.modbus.port', 'services', 'Modbus TCP port', 'services.modbus.port, 1 to 65535; 502 is the usual one.', whole(1, 65535), plus),
  f('device', 'services.berry.auto_run', 'services', 'Run the Berry script at start', 'services.berry.auto_run', TOGGLE, { ...more, ...plus }),
  f('device', 'services.berry.run_delay', 'services', 'Berry script: wait before running', 'services.berry.run_delay, 60 to 86400 s.', whole(60, 86400, 's'), { ...more, ...plus }),
  // Meter (/api/v1/meter/settings)
  f('meter', 'if_type', 'meter', 'Meter connection', 'The port the reader uses at the meter (if_type).', choice(IF_TYPES)),
  f('meter', 'protocol', 'meter', 'Meter language', 'The protocol the meter speaks (protocol).', choice(PROTOCOLS)),
  f('meter', 'if_mode', 'meter', 'Who starts the exchange', 'if_mode: the meter pushes its data, or the reader polls it.', choice(IF_MODES), more),
  f('meter', 'encryption', 'meter', "The meter's data is encrypted", 'DLMS encryption (encryption). Your grid operator gives the key.', TOGGLE),
  f('meter', 'encryption_key', 'meter', 'Encryption key', '32 hexadecimal digits from your grid operator (encryption_key). The device never shows it; clearing sends 32 zeros.', secret('meter_key')),
  f('meter', 'authentication_key', 'meter', 'Authentication key', 'Only if your grid operator gave one (authentication_key, 32 hexadecimal digits). The device never shows it; clearing sends 32 zeros.', secret('meter_key')),
  f('meter', 'auto_baudrate', 'meter', 'Find the serial speed by itself', 'auto_baudrate', TOGGLE, more),
  f('meter', 'baudrate', 'meter', 'Serial speed', 'baudrate, 300 to 115200 baud.', whole(300, 115200, 'baud'), more),
  f('meter', 'parity', 'meter', 'Parity', 'parity', choice(PARITIES), more),
  f('meter', 'stop_bits', 'meter', 'Stop bits', 'stop_bits', choice(STOP_BITS), more),
  f('meter', 'buffer_size', 'meter', 'Receive buffer', 'buffer_size, 1 to 128 bytes.', whole(1, 128, 'bytes'), more),
  f('meter', 'rx_invert', 'meter', 'Invert the receive line', 'rx_invert', TOGGLE, more),
  f('meter', 'tx_invert', 'meter', 'Invert the send line', 'tx_invert', TOGGLE, more),
  f('meter', 'conv_factor', 'meter', 'Conversion factor', 'Multiplies power, energy and current (conv_factor, 0.001 to 1000), e.g. for a meter behind current transformers.', decimal(0.001, 1000, 0.001)),
  f('meter', 'time_offset', 'meter', 'Meter clock correction', "Seconds added to the meter's time (time_offset).", whole(-2_147_483_648, 2_147_483_647, 's'), more),
  f('meter', 'sync_time_offset_with_ntp', 'meter', 'Correct the meter clock from the internet time', 'sync_time_offset_with_ntp', TOGGLE, more),
  f('meter', 'scalers_set', 'meter', "Scaling of the meter's values", 'scalers_set: automatic, a known meter, or your own scalers below.', choice(SCALER_SETS)),
  // Wi-Fi (/api/v1/wifi/sta/settings)
  f('wifi', 'name', 'wifi', 'Wi-Fi network', "The network's name (SSID, up to 32 bytes). Changing it moves the device to that network: give its password too.", text(32, 'ssid')),
  f('wifi', 'password', 'wifi', 'Wi-Fi password', '8 to 63 characters, or the 64-digit key; empty for an open network. The device never shows it.', secret('wifi_password')),
  f('wifi', 'static_ip', 'wifi', 'Fixed address', 'Use the address below instead of one from the router (static_ip).', TOGGLE),
  f('wifi', 'ip', 'wifi', 'Address', 'ip', ADDRESS),
  f('wifi', 'netmask', 'wifi', 'Subnet mask', 'netmask, e.g. 255.255.255.0', ADDRESS),
  f('wifi', 'gateway', 'wifi', 'Gateway (router)', 'gateway', ADDRESS),
  f('wifi', 'dns', 'wifi', 'DNS server', 'dns', ADDRESS),
  f('wifi', 'max_tx_power', 'wifi', 'Transmit power', 'max_tx_power, 0 to 21 dBm in steps of 0.5 (the device starts at 17). On a unit powered by the meter, 10 to 13 dBm keeps its supply steady.', decimal(0, 21, 0.5, 'dBm'), more),
  // Ethernet (/api/v1/eth/settings)
  f('eth', 'enable', 'ethernet', 'Use the network cable', 'enable. Ethernet works only with USB power and power saving off.', TOGGLE),
  f('eth', 'static_ip', 'ethernet', 'Fixed address', 'static_ip', TOGGLE),
  f('eth', 'ip', 'ethernet', 'Address', 'ip', ADDRESS),
  f('eth', 'netmask', 'ethernet', 'Subnet mask', 'netmask', ADDRESS),
  f('eth', 'gateway', 'ethernet', 'Gateway (router)', 'gateway', ADDRESS),
  f('eth', 'dns', 'ethernet', 'DNS server', 'dns', ADDRESS),
  // MQTT publishing (/api/v1/mqtt/settings)
  f('mqtt', 'enable', 'mqtt', 'Publish to my MQTT broker', 'enable', TOGGLE),
  f('mqtt', 'url', 'mqtt', 'Broker address', 'mqtt://host:port or mqtts://host:port (url, up to 127 characters).', text(127, 'mqtt_url')),
  f('mqtt', 'username', 'mqtt', 'Broker user name', 'username', text(63)),
  f('mqtt', 'password', 'mqtt', 'Broker password', 'password; the device never shows it.', secret('mqtt_password')),
  f('mqtt', 'client_id', 'mqtt', 'Client id', 'client_id, up to 63 characters, unique per broker.', text(63)),
  f('mqtt', 'publish.topic', 'mqtt', 'Topic', 'publish.topic, up to 127 characters.', text(127, 'topic')),
  f('mqtt', 'publish.template', 'mqtt', 'Message template', 'publish.template, up to 1023 characters with ${variable} placeholders.', text(1023), more),
  f('mqtt', 'skip_cn_check', 'mqtt', 'Skip the certificate name check', 'skip_cn_check', TOGGLE, more),
];

/** The catalogue as `settings_panel` sends it (without the mock's rule tags). */
export function fieldSpecs(): FieldSpec[] {
  return FIELDS.map(({ textRule: _t, secretRule: _s, ...spec }) => structuredClone(spec));
}

export const findField = (key: string): MockField | undefined => FIELDS.find((f) => f.key === key);

export const GROUPS: SettingsGroup[] = ['device', 'meter', 'wifi', 'eth', 'mqtt'];
