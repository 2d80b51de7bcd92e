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
});

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
  let network: SetupNetwork;
  switch (f.network) {
    case 'wifi':
      network = { kind: 'wifi', ssid: f.ssid, password: f.wifiPassword === '' ? null : f.wifiPassword, static_ip: null };
      break;
    case 'ethernet':
      network = { kind: 'ethernet', static_ip: null };
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
    report_interval_s: null,
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
