// The setup wizard's rules and bookkeeping, without the UI: what each field accepts (the same rules the
// core checks again before anything is sent), the request built from the form, and the run's progress
// folded into what the wizard shows.
import type { SetupNetwork, SetupProgress, SetupRequest, SetupStep } from '../../lib/bindings';

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
export const INTERFACES: { value: string; label: string }[] = [
  { value: 'auto', label: 'Find out by itself' },
  { value: 'p1', label: 'P1 port (DSMR meters)' },
  { value: 'mbus', label: 'M-Bus' },
  { value: 'mep', label: 'MEP' },
  { value: 'ttl', label: 'TTL serial' },
  { value: 'ttl_push', label: 'TTL serial, push' },
  { value: 'irda', label: 'Optical (infrared)' },
  { value: 'uart', label: 'UART' },
  { value: 'p1_adapter', label: 'P1 adapter' },
];
export const PROTOCOLS: { value: string; label: string }[] = [
  { value: 'auto', label: 'Find out by itself' },
  { value: 'dsmr', label: 'DSMR (P1 meters)' },
  { value: 'hdlc', label: 'DLMS over HDLC' },
  { value: 'mbus', label: 'DLMS over M-Bus' },
  { value: 'kmp', label: 'Kamstrup (KMP)' },
  { value: 'mep', label: 'MEP' },
  { value: 'mbtr', label: 'M-Bus transparent' },
];

/** Transmit power (docs: wifi-setup): 17 dBm by default; 10–15 for a device on the meter's power. */
export const TX_POWERS: { value: string; label: string }[] = [
  { value: '', label: 'Device default (17 dBm)' },
  { value: '10', label: 'Low, 10 dBm: saves power, shorter range' },
  { value: '13', label: 'Reduced, 13 dBm' },
  { value: '15', label: 'Medium, 15 dBm' },
  { value: '20', label: 'High, 20 dBm: longer range, needs a USB supply' },
];

export const REPORT_INTERVALS: { value: string; label: string }[] = [
  { value: '', label: 'Keep the device\'s setting' },
  { value: '10', label: 'Every 10 seconds' },
  { value: '30', label: 'Every 30 seconds' },
  { value: '60', label: 'Every minute' },
  { value: '300', label: 'Every 5 minutes' },
];

/** The advice for a device living on the meter's power (docs: power-and-wifi, wifi-setup). */
export function powerAdvice(meterPowered: boolean, txPower: string, reportInterval: string): string | null {
  if (!meterPowered) return null;
  if (txPower !== '' && Number(txPower) > 15) return 'This device runs on the meter\'s power: high transmit power can make it restart. 10–15 dBm is steadier.';
  if (reportInterval !== '' && Number(reportInterval) < 30) return 'This device runs on the meter\'s power: reporting this often may drain it. Every 30 seconds or less often is safer.';
  return null;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const toNumber = (a: string) => a.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/** All four fields of a fixed address, checked as the core checks them. */
export function staticIpProblems(f: Pick<SetupForm, 'ip' | 'netmask' | 'gateway' | 'dns'>): Record<'ip' | 'netmask' | 'gateway' | 'dns', string | null> {
  const field = (v: string, label: string) => {
    const t = v.trim();
    if (!IPV4.test(t)) return `Enter the ${label} as four numbers, like 192.168.1.20.`;
    if (t === '0.0.0.0') return `The ${label} cannot be 0.0.0.0.`;
    return null;
  };
  const out = { ip: field(f.ip, 'address'), netmask: field(f.netmask, 'subnet mask'), gateway: field(f.gateway, 'gateway'), dns: field(f.dns, 'DNS server') };
  if (!out.netmask) {
    const mask = toNumber(f.netmask.trim()) >>> 0;
    const inverted = ~mask >>> 0;
    if ((inverted & (inverted + 1)) !== 0) out.netmask = 'This is not a subnet mask like 255.255.255.0.';
    else if (!out.ip && !out.gateway && ((toNumber(f.ip.trim()) & mask) >>> 0) !== ((toNumber(f.gateway.trim()) & mask) >>> 0))
      out.gateway = 'The gateway is not in the same network as the address.';
  }
  return out;
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

export function ssidProblem(ssid: string): string | null {
  if (ssid === '') return 'Choose a network, or type the name of a hidden one.';
  if (utf8Length(ssid) > 32) return 'A Wi-Fi name has at most 32 characters.';
  return null;
}

/** 8–63 printable characters, or the 64-digit hex key; empty for an open network. */
export function wifiPasswordProblem(password: string, secured: boolean): string | null {
  if (password === '') return secured ? 'Enter the Wi-Fi password.' : null;
  if (password.length === 64) return /^[0-9a-fA-F]{64}$/.test(password) ? null : 'A 64-character key uses only 0–9 and A–F.';
  if (password.length < 8) return `A Wi-Fi password has at least 8 characters (this one has ${password.length}).`;
  if (password.length > 63) return 'A Wi-Fi password has at most 63 characters.';
  if (!/^[\x20-\x7e]+$/.test(password)) return 'Use letters, digits, spaces and the usual punctuation only.';
  return null;
}

/** A key as printed in the grid operator's letter, without its spaces, dashes and colons. */
export function normaliseKey(text: string): string {
  return text.replace(/[\s:-]/g, '').toUpperCase();
}

export function keyProblem(text: string): string | null {
  const key = normaliseKey(text);
  if (key === '') return null;
  if (!/^[0-9A-F]*$/.test(key)) return 'The key uses only the digits 0–9 and the letters A–F.';
  if (key.length !== 32) return `The key has 32 characters (this one has ${key.length}).`;
  return null;
}

export function devicePasswordProblem(password: string, skip: boolean): string | null {
  if (skip) return null;
  if (password === '') return 'Choose a password, or skip this (not recommended).';
  if ([...password].length > 31) return 'The device accepts at most 31 characters.';
  return null;
}

export function nameProblem(name: string): string | null {
  return [...name.trim()].length > 31 ? 'The device keeps names of at most 31 characters.' : null;
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
export const STEPS: { step: SetupStep; label: string }[] = [
  { step: 'device', label: 'Device' },
  { step: 'meter', label: 'Meter' },
  { step: 'protect', label: 'Password' },
  { step: 'name', label: 'Name' },
  { step: 'licence', label: 'Licence' },
  { step: 'network', label: 'Network' },
  { step: 'join', label: 'Joining your network' },
  { step: 'done', label: 'Saved' },
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
      return { ...run, step: p.step, message: p.message, waiting: null };
    case 'device':
      return { ...run, deviceId: p.device_id, licence: p.license, meterStatus: p.meter_status };
    case 'waiting':
      return { ...run, waiting: { elapsed: p.elapsed_s, limit: p.limit_s } };
    case 'meter_status':
      return { ...run, meterStatus: p.status, advice: p.advice };
    case 'warning':
      return run.warnings.includes(p.message) ? run : { ...run, warnings: [...run.warnings, p.message] };
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
