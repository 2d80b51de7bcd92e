// The setup wizard's rules and bookkeeping, without the UI: what each field accepts (the same rules the
// core checks again before anything is sent), the request built from the form, and the run's progress
// folded into what the wizard shows.
import type { SetupNetwork, SetupProgress, SetupRequest, SetupStep } from '../../lib/bindings';
import { m } from '../../lib/i18n';
import { say } from '../../lib/said';

export type NetworkKind = SetupNetwork['kind'];

export interface SetupForm {
  address: string;
  network: NetworkKind;
  ssid: string;
  wifiPassword: string;
  meterKey: string;
  authKey: string;
  password: string;
  skipPassword: boolean;
  name: string;
  /** A fixed address instead of one from the router (Wi-Fi or cable). */
  fixedIp: boolean;
  ip: string;
  netmask: string;
  gateway: string;
  dns: string;
  /** dBm as typed in the select; '' keeps the device's (17 dBm). */
  txPower: string;
  /** Seconds; '' keeps the device's. */
  reportInterval: string;
  /** Interface and protocol by hand, for a meter the device does not recognise. */
  chooseInterface: boolean;
  ifType: string;
  protocol: string;
}

export const emptyForm = (): SetupForm => ({
  address: '',
  network: 'wifi',
  ssid: '',
  wifiPassword: '',
  meterKey: '',
  authKey: '',
  password: '',
  skipPassword: false,
  name: '',
  fixedIp: false,
  ip: '',
  netmask: '255.255.255.0',
  gateway: '',
  dns: '',
  txPower: '',
  reportInterval: '',
  chooseInterface: false,
  ifType: 'auto',
  protocol: 'auto',
});

/** The docs' lists (meter-comm), with plain names first. */
export const interfaces = (): { value: string; label: string }[] => [
  { value: 'auto', label: m.setup_if_auto() },
  { value: 'p1', label: m.setup_if_p1() },
  { value: 'mbus', label: 'M-Bus' },
  { value: 'mep', label: 'MEP' },
  { value: 'ttl', label: m.setup_if_ttl() },
  { value: 'ttl_push', label: m.setup_if_ttl_push() },
  { value: 'irda', label: m.setup_if_irda() },
  { value: 'uart', label: 'UART' },
  { value: 'p1_adapter', label: m.setup_if_p1_adapter() },
];
export const protocols = (): { value: string; label: string }[] => [
  { value: 'auto', label: m.setup_if_auto() },
  { value: 'dsmr', label: m.setup_proto_dsmr() },
  { value: 'hdlc', label: m.setup_proto_hdlc() },
  { value: 'mbus', label: m.setup_proto_mbus() },
  { value: 'kmp', label: 'Kamstrup (KMP)' },
  { value: 'mep', label: 'MEP' },
  { value: 'mbtr', label: m.setup_proto_mbtr() },
];

/** Transmit power (docs: wifi-setup): 17 dBm by default; 10–15 for a device on the meter's power. */
export const txPowers = (): { value: string; label: string }[] => [
  { value: '', label: m.setup_tx_default() },
  { value: '10', label: m.setup_tx_low() },
  { value: '13', label: m.setup_tx_reduced() },
  { value: '15', label: m.setup_tx_medium() },
  { value: '20', label: m.setup_tx_high() },
];

export const reportIntervals = (): { value: string; label: string }[] => [
  { value: '', label: m.setup_interval_keep() },
  { value: '10', label: m.setup_interval_10s() },
  { value: '30', label: m.setup_interval_30s() },
  { value: '60', label: m.setup_interval_1m() },
  { value: '300', label: m.setup_interval_5m() },
];

/** The advice for a device living on the meter's power (docs: power-and-wifi, wifi-setup). */
export function powerAdvice(meterPowered: boolean, txPower: string, reportInterval: string): string | null {
  if (!meterPowered) return null;
  if (txPower !== '' && Number(txPower) > 15) return m.setup_advice_tx();
  if (reportInterval !== '' && Number(reportInterval) < 30) return m.setup_advice_interval();
  return null;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const toNumber = (a: string) => a.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/** All four fields of a fixed address, checked as the core checks them. */
export function staticIpProblems(f: Pick<SetupForm, 'ip' | 'netmask' | 'gateway' | 'dns'>): Record<'ip' | 'netmask' | 'gateway' | 'dns', string | null> {
  // One message per field (not a label put into a sentence): the words around it differ by language.
  const field = (v: string, format: () => string, zero: () => string) => {
    const t = v.trim();
    if (!IPV4.test(t)) return format();
    if (t === '0.0.0.0') return zero();
    return null;
  };
  const out = {
    ip: field(f.ip, m.setup_ip_format_address, m.setup_ip_zero_address),
    netmask: field(f.netmask, m.setup_ip_format_netmask, m.setup_ip_zero_netmask),
    gateway: field(f.gateway, m.setup_ip_format_gateway, m.setup_ip_zero_gateway),
    dns: field(f.dns, m.setup_ip_format_dns, m.setup_ip_zero_dns),
  };
  if (!out.netmask) {
    const mask = toNumber(f.netmask.trim()) >>> 0;
    const inverted = ~mask >>> 0;
    if ((inverted & (inverted + 1)) !== 0) out.netmask = m.setup_netmask_invalid();
    else if (!out.ip && !out.gateway && ((toNumber(f.ip.trim()) & mask) >>> 0) !== ((toNumber(f.gateway.trim()) & mask) >>> 0))
      out.gateway = m.setup_gateway_other_network();
  }
  return out;
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

export function ssidProblem(ssid: string): string | null {
  if (ssid === '') return m.setup_ssid_empty();
  if (utf8Length(ssid) > 32) return m.setup_ssid_long();
  return null;
}

/** 8–63 printable characters, or the 64-digit hex key; empty for an open network. */
export function wifiPasswordProblem(password: string, secured: boolean): string | null {
  if (password === '') return secured ? m.setup_wifi_password_empty() : null;
  if (password.length === 64) return /^[0-9a-fA-F]{64}$/.test(password) ? null : m.setup_wifi_password_hex();
  if (password.length < 8) return m.setup_wifi_password_short({ count: password.length });
  if (password.length > 63) return m.setup_wifi_password_long();
  if (!/^[\x20-\x7e]+$/.test(password)) return m.setup_wifi_password_chars();
  return null;
}

/** A key as printed in the grid operator's letter, without its spaces, dashes and colons. */
export function normaliseKey(text: string): string {
  return text.replace(/[\s:-]/g, '').toUpperCase();
}

export function keyProblem(text: string): string | null {
  const key = normaliseKey(text);
  if (key === '') return null;
  if (!/^[0-9A-F]*$/.test(key)) return m.setup_key_chars();
  if (key.length !== 32) return m.setup_key_length({ count: key.length });
  return null;
}

export function devicePasswordProblem(password: string, skip: boolean): string | null {
  if (skip) return null;
  if (password === '') return m.setup_password_empty();
  if ([...password].length > 31) return m.setup_password_long();
  return null;
}

export function nameProblem(name: string): string | null {
  return [...name.trim()].length > 31 ? m.setup_name_long() : null;
}

const orNull = (s: string) => (s.trim() === '' ? null : s);

export function toRequest(f: SetupForm): SetupRequest {
  const fixed = f.fixedIp ? { ip: f.ip.trim(), netmask: f.netmask.trim(), gateway: f.gateway.trim(), dns: f.dns.trim() } : null;
  let network: SetupNetwork;
  switch (f.network) {
    case 'wifi':
      network = {
        kind: 'wifi',
        ssid: f.ssid,
        password: f.wifiPassword === '' ? null : f.wifiPassword,
        static_ip: fixed,
        max_tx_power: f.txPower === '' ? null : Number(f.txPower),
      };
      break;
    case 'ethernet':
      network = { kind: 'ethernet', static_ip: fixed };
      break;
    case 'wps':
      network = { kind: 'wps' };
      break;
    case 'keep':
      network = { kind: 'keep' };
      break;
  }
  return {
    address: f.address.trim(),
    network,
    meter_key: orNull(normaliseKey(f.meterKey)),
    auth_key: orNull(normaliseKey(f.authKey)),
    password: f.skipPassword ? null : orNull(f.password),
    name: orNull(f.name.trim()),
    report_interval_s: f.reportInterval === '' ? null : Number(f.reportInterval),
    meter_interface: f.chooseInterface && (f.ifType !== 'auto' || f.protocol !== 'auto') ? { if_type: f.ifType, protocol: f.protocol } : null,
  };
}

// The order a setup runs in: every secret goes to the address the user gave before the device moves.
export const steps = (): { step: SetupStep; label: string }[] => [
  { step: 'device', label: m.setup_step_device() },
  { step: 'meter', label: m.setup_step_meter() },
  { step: 'protect', label: m.setup_step_protect() },
  { step: 'name', label: m.setup_step_name() },
  { step: 'licence', label: m.setup_step_licence() },
  { step: 'network', label: m.setup_step_network() },
  { step: 'join', label: m.setup_step_join() },
  { step: 'done', label: m.setup_step_done() },
];

/** What the wizard shows of a running setup. */
export interface RunView {
  step: SetupStep | null;
  message: string;
  deviceId: string | null;
  licence: string | null;
  meterStatus: string | null;
  advice: string | null;
  waiting: { elapsed: number; limit: number } | null;
  warnings: string[];
}

export const emptyRun = (): RunView => ({
  step: null,
  message: '',
  deviceId: null,
  licence: null,
  meterStatus: null,
  advice: null,
  waiting: null,
  warnings: [],
});

export function applyProgress(run: RunView, p: SetupProgress): RunView {
  switch (p.type) {
    case 'step':
      return { ...run, step: p.step, message: say(p.said, p.message), waiting: null };
    case 'device':
      return { ...run, deviceId: p.device_id, licence: p.license, meterStatus: p.meter_status };
    case 'waiting':
      return { ...run, waiting: { elapsed: p.elapsed_s, limit: p.limit_s } };
    case 'meter_status':
      return { ...run, meterStatus: p.status, advice: say(p.said, p.advice) };
    case 'warning': {
      const text = say(p.said, p.message);
      return run.warnings.includes(text) ? run : { ...run, warnings: [...run.warnings, text] };
    }
  }
}

/** Seconds left of the router's 2-minute WPS window (docs: wps), from the run's elapsed time. */
export function wpsLeft(elapsed: number): number {
  return Math.max(0, 120 - elapsed);
}

/** Where the wizard goes back to when a run fails with `code`: the part of the form to change. */
export function stageFor(code: string): 'where' | 'network' | 'details' {
  switch (code) {
    case 'wifi_join_failed':
    case 'device_lost':
    case 'wps_failed':
      return 'network';
    case 'meter_not_ready':
    case 'meter_key_wrong':
    case 'invalid_input':
      return 'details';
    default:
      return 'where';
  }
}
