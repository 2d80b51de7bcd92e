// The mock backend's copy of the core's settings rules (settings/rules.rs, settings/edit.rs `plan`): each
// value checked and shaped, the rules between fields, advice, and what a save would send. Close enough to
// the real messages for the view tests; the real ones are tested in Rust.
import type { FieldChange, FieldNote, FieldProblem, Said, SettingsEditRequest, SettingsGroup, SettingsSnapshot } from '../../lib/bindings';
import { m } from '../../lib/i18n';
import { findField, type MockField } from './mockCatalogue';

type Value = boolean | number | string | null;
type Result = { ok: true; value: Value } | { ok: false; said: Said };

export interface Facts {
  ethernetUp: boolean;
  meterPowered: boolean;
  plus: boolean;
}

const said = (key: string, args: Record<string, string | number> = {}): Said => ({
  key,
  args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)])),
});
/** The sentence in English, as the backend sends it beside the key (`Display` of a Rust `Said`). */
export function english(s: Said): string {
  const f = (m as unknown as Record<string, (args: Record<string, string>, options: { locale: 'en' }) => string>)[s.key];
  return f === undefined ? s.key : f(s.args, { locale: 'en' });
}
const ok = (value: Value): Result => ({ ok: true, value });
const no = (key: string, args: Record<string, string | number> = {}): Result => ({ ok: false, said: said(key, args) });
const range = (min: number, max: number, unit: string, n: number): Result =>
  unit === '' ? no('rule_range', { min, max, value: n }) : no('rule_range_unit', { min, max, unit, value: n });
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const bytes = (s: string) => new TextEncoder().encode(s).length;

function hostName(v: string): boolean {
  return v.length <= 253 && v.split('.').every((l) => l !== '' && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-') && /^[A-Za-z0-9_-]+$/.test(l));
}

function number(v: Value): number | Result {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.trim()))) return Number(v.trim());
  return typeof v === 'string' ? no('rule_not_number', { value: v.trim() }) : no('rule_expected_number');
}

/** One value against its field's rule (rules::check). */
export function check(f: MockField, v: Value): Result {
  const kind = f.kind;
  switch (kind.type) {
    case 'toggle':
      return typeof v === 'boolean' ? ok(v) : no('rule_expected_on_off');
    case 'whole': {
      const n = number(v);
      if (typeof n !== 'number') return n;
      if (!Number.isInteger(n)) return no('rule_whole_number', { value: n });
      if (n < kind.min || n > kind.max) return range(kind.min, kind.max, kind.unit, n);
      return ok(n);
    }
    case 'decimal': {
      const n = number(v);
      if (typeof n !== 'number') return n;
      if (n < kind.min || n > kind.max) return range(kind.min, kind.max, kind.unit, n);
      const steps = n / kind.step;
      if (Math.abs(steps - Math.round(steps)) > 1e-6)
        return kind.unit === '' ? no('rule_steps', { step: kind.step, value: n }) : no('rule_steps_unit', { step: kind.step, unit: kind.unit, value: n });
      return ok(n);
    }
    case 'choice': {
      if (typeof v !== 'string') return no('rule_expected_text');
      const o = kind.options.find((x) => x.value.toLowerCase() === v.trim().toLowerCase());
      return o ? ok(o.value) : no('rule_not_choice', { value: v.trim(), choices: kind.options.map((x) => x.value).join(', ') });
    }
    case 'address': {
      if (typeof v !== 'string') return no('rule_expected_text');
      const t = v.trim();
      return IPV4.test(t) ? ok(t) : no('rule_not_address', { value: t });
    }
    case 'text': {
      if (typeof v !== 'string') return no('rule_expected_text');
      const rule = f.textRule ?? 'any';
      const t = rule === 'any' || rule === 'ssid' ? v : v.trim();
      const len = rule === 'ssid' ? bytes(t) : [...t].length;
      if (len > kind.max_len) return no(rule === 'ssid' ? 'rule_too_long_bytes' : 'rule_too_long', { max: kind.max_len, count: len });
      if (rule === 'host_name' && t !== '' && !hostName(t)) return no('rule_not_network_name', { value: t });
      if (rule === 'host_or_ip' && t !== '' && !hostName(t)) return no('rule_not_host', { value: t });
      if (rule === 'ssid' && t === '') return no('rule_ssid_empty');
      if (rule === 'mqtt_url' && t !== '' && !/^mqtts?:\/\//.test(t)) return no('rule_broker_scheme');
      if (rule === 'mqtt_url' && t.includes('@')) return no('rule_broker_credentials');
      if (rule === 'mqtt_url' && t !== '' && !/^mqtts?:\/\/[^/\s:]+(:\d{1,5})?$/.test(t)) return no('rule_broker_url');
      if (rule === 'topic' && /[#+]/.test(t)) return no('rule_topic_wildcards');
      return ok(t);
    }
    case 'secret': {
      if (typeof v !== 'string') return no('rule_expected_text');
      if (f.secretRule === 'meter_key') {
        if (v !== '' && /^0+$/.test(v)) return ok('0'.repeat(32));
        const key = v.replace(/[\s:-]/g, '');
        if (key.length !== 32 || !/^[0-9a-fA-F]+$/.test(key))
          return no(/^[0-9a-fA-F]*$/.test(key) ? 'rule_key_digits' : 'rule_key_letters', { count: [...key].length });
        return ok(key.toUpperCase());
      }
      if (f.secretRule === 'wifi_password') {
        if (v === '') return ok('');
        const n = [...v].length;
        if (n === 64 && /^[0-9a-fA-F]+$/.test(v)) return ok(v);
        if (n === 64) return no('rule_wifi_key_hex');
        if (n < 8) return no('rule_wifi_password_short', { count: n });
        if (n > 63) return no('rule_wifi_password_long', { count: n });
        if (!/^[ -~]+$/.test(v)) return no('rule_wifi_password_letters');
        return ok(v);
      }
      return [...v].length > 63 ? no('rule_at_most', { max: 63 }) : ok(v);
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

const bits = (a: string) => a.split('.').reduce((n, x) => n * 256 + Number(x), 0);

/** A fixed address's four fields together (setup::rules StaticIp::parse), or null when they fit. */
function staticRefusal(k: (p: string) => string, merged: Record<string, Value>): Said | null {
  const v: Record<string, string> = {};
  for (const [p, name] of [['ip', 'address'], ['netmask', 'mask'], ['gateway', 'gateway'], ['dns', 'dns']] as const) {
    v[p] = String(merged[k(p)] ?? '').trim();
    if (!IPV4.test(v[p])) return said(`rule_static_${name}_bad`, { value: v[p] });
    if (v[p] === '0.0.0.0') return said(`rule_static_${name}_zero`);
  }
  const mask = bits(v.netmask!);
  const ones = mask.toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(ones)) return said('rule_static_mask_shape', { mask: v.netmask! });
  const prefix = ones.includes('0') ? ones.indexOf('0') : 32;
  const net = (a: string) => Math.floor(bits(a) / 2 ** (32 - prefix));
  if (net(v.ip!) !== net(v.gateway!)) return said('rule_static_gateway_outside', { gateway: v.gateway!, address: v.ip!, mask: v.netmask! });
  return null;
}

/** Rules between fields and advice (rules::across), on the values after the save. */
export function across(group: SettingsGroup, merged: Record<string, Value>, edited: Record<string, Value>, facts: Facts): { problems: FieldProblem[]; notes: FieldNote[] } {
  const problems: FieldProblem[] = [];
  const notes: FieldNote[] = [];
  const on = (k: string) => merged[k] === true;
  const touched = (k: string) => k in edited;
  const problem = (key: string, s: Said) => problems.push({ key, message: english(s), said: s });
  const note = (s: Said) => notes.push({ key: null, message: english(s), said: s });
  if (group === 'device') {
    if (touched('device.system.power_save') && on('device.system.power_save') && facts.ethernetUp) problem('device.system.power_save', said('ds_rule_power_save_cable'));
    if (on('device.system.use_custom_ntp_server') && (touched('device.system.use_custom_ntp_server') || touched('device.system.custom_ntp_server')) && !merged['device.system.custom_ntp_server'])
      problem('device.system.custom_ntp_server', said('ds_rule_time_server_empty'));
    if (facts.meterPowered) {
      const n = edited['device.services.report_interval'];
      if (typeof n === 'number' && n < 30) note(said('ds_note_report_drain', { seconds: n, safe: 30 }));
      if (touched('device.system.p1_wifi_boost') && on('device.system.p1_wifi_boost')) note(said('ds_note_wifi_boost'));
    }
  }
  if (group === 'wifi' || group === 'eth') {
    const k = (p: string) => `${group}.${p}`;
    if (on(k('static_ip')) && ['static_ip', 'ip', 'netmask', 'gateway', 'dns'].some((p) => touched(k(p)))) {
      const refused = staticRefusal(k, merged);
      if (refused !== null) problem(k('ip'), refused);
    }
    if (group === 'wifi' && touched('wifi.name') && !touched('wifi.password')) problem('wifi.password', said('ds_rule_wifi_password_needed'));
    if (group === 'eth' && touched('eth.enable') && on('eth.enable') && facts.meterPowered) note(said('ds_note_ethernet_usb'));
  }
  if (group === 'meter' && touched('meter.encryption') && on('meter.encryption') && !touched('meter.encryption_key')) note(said('ds_note_meter_key'));
  if (group === 'mqtt' && on('mqtt.enable') && (touched('mqtt.enable') || touched('mqtt.url')) && !merged['mqtt.url']) problem('mqtt.url', said('ds_rule_broker_empty'));
  if (!facts.plus) {
    for (const key of Object.keys(edited)) {
      const f = findField(key);
      const s = said('ds_note_plus_idle');
      if (f?.plus_only) notes.push({ key, message: `${f.label}: ${english(s)}`, said: s });
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
  notes: FieldNote[];
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
      problems.push({ key, message: `${key} is not a setting of the ${req.group} group WattDesk edits`, said: null });
      continue;
    }
    const r = check(f, raw);
    if (!r.ok) {
      problems.push({ key, message: `${f.label}: ${english(r.said)}`, said: r.said });
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
  const own = problems.map((p) => p.key);
  problems.push(...more.problems.filter((p) => p.key === null || !own.includes(p.key)));
  const conflicts: FieldChange[] = [];
  for (const [key, read] of Object.entries(req.base)) {
    const f = findField(key);
    if (f === undefined || f.group !== req.group || isSecret(f)) continue;
    const current = now.values[key] ?? null;
    if (!sameValue(read, current)) conflicts.push(change(f, read, current));
  }
  const bodyBytes = JSON.stringify(values).length;
  if (bodyBytes > 8192) {
    const s = said('ds_rule_too_large', { bytes: bodyBytes, max: 8192 });
    problems.push({ key: null, message: english(s), said: s });
  }
  return { changes, values, problems, conflicts, notes: more.notes, bodyBytes };
}
