// The mock backend's copy of the core's settings rules (settings/rules.rs, settings/edit.rs `plan`): each
// value checked and shaped, the rules between fields, advice, and what a save would send. Close enough to
// the real messages for the view tests; the real ones are tested in Rust.
import type { FieldChange, FieldProblem, SettingsEditRequest, SettingsGroup, SettingsSnapshot } from '../../lib/bindings';
import { findField, type MockField } from './mockCatalogue';

type Value = boolean | number | string | null;
type Result = { ok: true; value: Value } | { ok: false; message: string };

export interface Facts {
  ethernetUp: boolean;
  meterPowered: boolean;
  plus: boolean;
}

const ok = (value: Value): Result => ({ ok: true, value });
const no = (message: string): Result => ({ ok: false, message });
const spaced = (unit: string) => (unit === '' ? '' : ` ${unit}`);
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const bytes = (s: string) => new TextEncoder().encode(s).length;

function hostName(v: string): boolean {
  return v.length <= 253 && v.split('.').every((l) => l !== '' && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-') && /^[A-Za-z0-9_-]+$/.test(l));
}

function number(v: Value): number | string {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.trim()))) return Number(v.trim());
  return typeof v === 'string' ? `"${v}" is not a number` : 'expected a number';
}

/** One value against its field's rule (rules::check). */
export function check(f: MockField, v: Value): Result {
  const kind = f.kind;
  switch (kind.type) {
    case 'toggle':
      return typeof v === 'boolean' ? ok(v) : no('expected on or off');
    case 'whole': {
      const n = number(v);
      if (typeof n === 'string') return no(n);
      if (!Number.isInteger(n)) return no(`a whole number, not ${n}`);
      if (n < kind.min || n > kind.max) return no(`${kind.min} to ${kind.max}${spaced(kind.unit)}, not ${n}`);
      return ok(n);
    }
    case 'decimal': {
      const n = number(v);
      if (typeof n === 'string') return no(n);
      if (n < kind.min || n > kind.max) return no(`${kind.min} to ${kind.max}${spaced(kind.unit)}, not ${n}`);
      const steps = n / kind.step;
      if (Math.abs(steps - Math.round(steps)) > 1e-6) return no(`in steps of ${kind.step}${spaced(kind.unit)}, not ${n}`);
      return ok(n);
    }
    case 'choice': {
      if (typeof v !== 'string') return no('expected text');
      const o = kind.options.find((x) => x.value.toLowerCase() === v.trim().toLowerCase());
      return o ? ok(o.value) : no(`"${v.trim()}" is not one of ${kind.options.map((x) => x.value).join(', ')}`);
    }
    case 'address': {
      if (typeof v !== 'string') return no('expected text');
      const t = v.trim();
      return IPV4.test(t) ? ok(t) : no(`"${t}" is not an address like 192.168.1.20`);
    }
    case 'text': {
      if (typeof v !== 'string') return no('expected text');
      const rule = f.textRule ?? 'any';
      const t = rule === 'any' || rule === 'ssid' ? v : v.trim();
      const len = rule === 'ssid' ? bytes(t) : [...t].length;
      if (len > kind.max_len) return no(`at most ${kind.max_len} ${rule === 'ssid' ? 'bytes' : 'characters'}; this has ${len}`);
      if (rule === 'host_name' && t !== '' && !hostName(t)) return no(`"${t}" is not a network name: letters, digits, - and _ only, not starting or ending with -`);
      if (rule === 'host_or_ip' && t !== '' && !hostName(t)) return no(`"${t}" is not a host name or an address`);
      if (rule === 'ssid' && t === '') return no("enter the Wi-Fi network's name");
      if (rule === 'mqtt_url' && t !== '' && !/^mqtts?:\/\/[^/\s:]+(:\d{1,5})?$/.test(t)) return no('the address starts with mqtt:// or mqtts://, then the host and maybe a port');
      if (rule === 'topic' && /[#+]/.test(t)) return no('a topic to publish to has no wildcards (# or +)');
      return ok(t);
    }
    case 'secret': {
      if (typeof v !== 'string') return no('expected text');
      if (f.secretRule === 'meter_key') {
        if (v !== '' && /^0+$/.test(v)) return ok('0'.repeat(32));
        const key = v.replace(/[\s:-]/g, '');
        if (key.length !== 32 || !/^[0-9a-fA-F]+$/.test(key))
          return no(`the key is 32 hexadecimal digits (0-9, A-F); this one has ${[...key].length} characters${/^[0-9a-fA-F]*$/.test(key) ? '' : ' and other letters'}`);
        return ok(key.toUpperCase());
      }
      if (f.secretRule === 'wifi_password') {
        if (v === '') return ok('');
        const n = [...v].length;
        if (n === 64 && /^[0-9a-fA-F]+$/.test(v)) return ok(v);
        if (n < 8) return no(`a Wi-Fi password has at least 8 characters; this one has ${n}`);
        if (n > 63) return no(`a Wi-Fi password has at most 63 characters; this one has ${n}`);
        return ok(v);
      }
      return [...v].length > 63 ? no('at most 63 characters') : ok(v);
    }
  }
}

export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), 1);
  return (a ?? null) === (b ?? null);
}

const isSecret = (f: MockField) => f.kind.type === 'secret';

function change(f: MockField, before: Value, after: Value): FieldChange {
  if (!isSecret(f)) return { key: f.key, label: f.label, before, after, secret_action: null };
  const clear = typeof after === 'string' && (after === '' || (f.secretRule === 'meter_key' && /^0+$/.test(after)));
  return { key: f.key, label: f.label, before: null, after: null, secret_action: clear ? 'clear' : 'set' };
}

/** Rules between fields and advice (rules::across), on the values after the save. */
export function across(group: SettingsGroup, merged: Record<string, Value>, edited: Record<string, Value>, facts: Facts): { problems: FieldProblem[]; notes: string[] } {
  const problems: FieldProblem[] = [];
  const notes: string[] = [];
  const on = (k: string) => merged[k] === true;
  const touched = (k: string) => k in edited;
  const problem = (key: string, message: string) => problems.push({ key, message });
  if (group === 'device') {
    if (touched('device.system.power_save') && on('device.system.power_save') && facts.ethernetUp)
      problem('device.system.power_save', 'power saving turns Ethernet off: the device refuses it while a network cable is connected');
    if (on('device.system.use_custom_ntp_server') && (touched('device.system.use_custom_ntp_server') || touched('device.system.custom_ntp_server')) && !merged['device.system.custom_ntp_server'])
      problem('device.system.custom_ntp_server', 'enter the time server to use, or switch "Use my own time server" off');
    if (facts.meterPowered) {
      const n = edited['device.services.report_interval'];
      if (typeof n === 'number' && n < 30)
        notes.push(`This reader is powered by the meter: a report every ${n} s may drain it; the maker advises 30 s or more.`);
      if (touched('device.system.p1_wifi_boost') && on('device.system.p1_wifi_boost'))
        notes.push("This reader is powered by the meter: faster Wi-Fi draws more of the meter port's power.");
    }
  }
  if (group === 'wifi' || group === 'eth') {
    const k = (p: string) => `${group}.${p}`;
    if (on(k('static_ip')) && ['static_ip', 'ip', 'netmask', 'gateway', 'dns'].some((p) => touched(k(p)))) {
      for (const [p, label] of [['ip', 'address'], ['netmask', 'subnet mask'], ['gateway', 'gateway'], ['dns', 'DNS server']] as const) {
        const v = String(merged[k(p)] ?? '').trim();
        if (!IPV4.test(v)) {
          problem(k('ip'), `the ${label} "${v}" is not an address like 192.168.1.20`);
          break;
        }
        if (v === '0.0.0.0') {
          problem(k('ip'), `the ${label} cannot be 0.0.0.0`);
          break;
        }
      }
    }
    if (group === 'wifi' && touched('wifi.name') && !touched('wifi.password'))
      problem('wifi.password', "give the new network's password (leave it empty for an open network)");
    if (group === 'eth' && touched('eth.enable') && on('eth.enable') && facts.meterPowered)
      notes.push("Ethernet works only while the reader has USB power; on the meter's power it stays off.");
  }
  if (group === 'meter' && touched('meter.encryption') && on('meter.encryption') && !touched('meter.encryption_key'))
    notes.push("The meter's data is decrypted only with the key from your grid operator: enter it if the device does not have it yet.");
  if (group === 'mqtt' && on('mqtt.enable') && (touched('mqtt.enable') || touched('mqtt.url')) && !merged['mqtt.url'])
    problem('mqtt.url', "enter the broker's address");
  if (!facts.plus) {
    for (const key of Object.keys(edited)) {
      const f = findField(key);
      if (f?.plus_only) notes.push(`${f.label}: stored, but idle until the device has a PLUS licence.`);
    }
  }
  return { problems, notes };
}

export interface Plan {
  changes: FieldChange[];
  /** What would be sent, by key. */
  values: Record<string, Value>;
  problems: FieldProblem[];
  conflicts: FieldChange[];
  notes: string[];
  bodyBytes: number;
}

/** What a save of `req` would send, against the device's values now (edit.rs `plan`). */
export function plan(req: SettingsEditRequest, now: SettingsSnapshot, facts: Facts): Plan {
  const problems: FieldProblem[] = [];
  const changes: FieldChange[] = [];
  const values: Record<string, Value> = {};
  const merged: Record<string, Value> = { ...now.values };
  const edited: Record<string, Value> = {};
  for (const [key, raw] of Object.entries(req.edits)) {
    const f = findField(key);
    if (f === undefined || f.group !== req.group) {
      problems.push({ key, message: `${key} is not a setting of the ${req.group} group WattDesk edits` });
      continue;
    }
    const r = check(f, raw);
    if (!r.ok) {
      problems.push({ key, message: `${f.label}: ${r.message}` });
      continue;
    }
    const before = now.values[key] ?? null;
    if (isSecret(f) || !sameValue(before, r.value)) {
      changes.push(change(f, before, r.value));
      values[key] = r.value;
      edited[key] = r.value;
    }
    merged[key] = r.value;
  }
  const more = across(req.group, merged, edited, facts);
  problems.push(...more.problems);
  const conflicts: FieldChange[] = [];
  for (const [key, read] of Object.entries(req.base)) {
    const f = findField(key);
    if (f === undefined || f.group !== req.group || isSecret(f)) continue;
    const current = now.values[key] ?? null;
    if (!sameValue(read, current)) conflicts.push(change(f, read, current));
  }
  const bodyBytes = JSON.stringify(values).length;
  if (bodyBytes > 8192)
    problems.push({ key: null, message: `these changes take ${bodyBytes} bytes; the device accepts at most 8192 (8 kB) at once: save them in parts` });
  return { changes, values, problems, conflicts, notes: more.notes, bodyBytes };
}
