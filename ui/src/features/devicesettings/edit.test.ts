import { describe, expect, it } from 'vitest';
import {
  changeText,
  changesCount,
  conflictText,
  differenceText,
  formatValue,
  inlineMessage,
  inputText,
  labelledMessage,
  noteText,
  parseNumber,
  rebase,
  sameValue,
  secretStateLabel,
  splitProblems,
  valueOf,
  withEdit,
  withoutEdit,
} from './edit';
import { fieldSpecs } from './mockCatalogue';

const fields = fieldSpecs();
const spec = (key: string) => {
  const f = fields.find((x) => x.key === key);
  if (f === undefined) throw new Error(key);
  return f;
};
const base = { 'device.system.name': 'House', 'device.services.report_interval': 10, 'device.system.power_save': false };

describe('edits', () => {
  it('compare numbers by value, everything else exactly', () => {
    expect(sameValue(30, 30.0000000001)).toBe(true);
    expect(sameValue(30, 31)).toBe(false);
    expect(sameValue('30', 30)).toBe(false);
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue(false, null)).toBe(false);
  });

  it('keep a change only while it differs from the value read', () => {
    let edits = withEdit(base, {}, spec('device.system.name'), 'Kitchen');
    expect(edits).toEqual({ 'device.system.name': 'Kitchen' });
    expect(valueOf(base, edits, 'device.system.name')).toBe('Kitchen');
    edits = withEdit(base, edits, spec('device.services.report_interval'), 10);
    expect(edits).toEqual({ 'device.system.name': 'Kitchen' });
    edits = withEdit(base, edits, spec('device.system.name'), 'House');
    expect(edits).toEqual({});
    expect(valueOf(base, edits, 'device.system.name')).toBe('House');
    expect(valueOf(base, edits, 'device.system.host_name')).toBeNull();
  });

  it('always keep a write-only value (the device never shows it to compare)', () => {
    const key = spec('meter.encryption_key');
    const edits = withEdit({}, {}, key, '');
    expect(edits).toEqual({ 'meter.encryption_key': '' });
    expect(withoutEdit(edits, 'meter.encryption_key')).toEqual({});
  });

  it('drop the changes the device has now after reading it again', () => {
    const edits = { 'device.system.name': 'Kitchen', 'device.services.report_interval': 60, 'meter.encryption_key': 'x' };
    expect(rebase({ 'device.system.name': 'House', 'device.services.report_interval': 60 }, edits, fields)).toEqual({
      'device.system.name': 'Kitchen',
      'meter.encryption_key': 'x',
    });
  });

  it('read numbers as typed, in either decimal mark, and hand anything else on as text', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber(' 0,5 ')).toBe(0.5);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('1.')).toBe(1);
    expect(parseNumber('')).toBe('');
    expect(parseNumber('ten')).toBe('ten');
    expect(parseNumber('1e3')).toBe('1e3');
    expect(inputText(null)).toBe('');
    expect(inputText(12.5)).toBe('12.5');
  });
});

describe('words', () => {
  it('say values with their unit, choice label, on/off', () => {
    expect(formatValue(spec('device.services.report_interval'), 10)).toBe('10 s');
    expect(formatValue(spec('device.services.modbus.port'), 502)).toBe('502');
    expect(formatValue(spec('meter.if_type'), 'p1')).toBe('P1 port (DSMR)');
    expect(formatValue(spec('meter.if_type'), 'usb')).toBe('usb');
    expect(formatValue(spec('device.system.power_save'), true)).toBe('On');
    expect(formatValue(spec('device.system.name'), '')).toBe('(empty)');
    expect(formatValue(undefined, null)).toBe('not set');
  });

  it('say what the device says about a write-only value', () => {
    expect(secretStateLabel('set')).toEqual({ label: 'Set', tone: 'success' });
    expect(secretStateLabel('not_set').label).toBe('Not set');
    expect(secretStateLabel('hidden').label).toBe('Not shown by the device');
    expect(secretStateLabel(undefined).label).toBe('Not shown by the device');
  });

  it('put problems next to their field, the others above with their label', () => {
    const said = (key: string, args: Record<string, string> = {}) => ({ key, args });
    const problems = [
      { key: 'device.services.report_interval', message: 'Report every: 1 to 3600 s, not 0', said: said('rule_range_unit', { min: '1', max: '3600', unit: 's', value: '0' }) },
      { key: 'device.system.power_save', message: 'power saving turns Ethernet off: …', said: said('ds_rule_power_save_cable') },
      { key: null, message: 'these changes take 9000 bytes …', said: said('ds_rule_too_large', { bytes: '9000', max: '8192' }) },
      { key: 'device.system.name', message: 'name taken', said: null },
    ];
    const shown = new Set(['device.services.report_interval']);
    expect(splitProblems(problems, shown, fields)).toEqual({
      byKey: { 'device.services.report_interval': ['1 to 3600 s, not 0'] },
      other: [
        'Save power: power saving turns Ethernet off: the device refuses it while a network cable is connected',
        'These changes take 9000 bytes; the device accepts at most 8192 (8 kB) at once: save them in parts',
        'Device name: name taken',
      ],
    });
    expect(inlineMessage({ message: 'Device name: at most 31 characters; this has 40', said: said('rule_too_long', { max: '31', count: '40' }) })).toBe('At most 31 characters; this has 40');
    // The device's own message (only in English) keeps a name it already starts with.
    expect(labelledMessage(spec('device.system.name'), { message: 'Device name: too long' })).toBe('Device name: too long');
    // A note names its field only where it says so.
    expect(noteText({ key: null, message: 'x', said: said('ds_note_wifi_boost') }, fields)).toBe("This reader is powered by the meter: faster Wi-Fi draws more of the meter port's power.");
    expect(noteText({ key: 'device.system.name', message: 'x', said: said('ds_note_plus_idle') }, fields)).toBe('Device name: stored, but idle until the device has a PLUS licence.');
  });

  it('describe a change, never a write-only value', () => {
    const interval = spec('device.services.report_interval');
    expect(changeText({ key: interval.key, label: 'Report every', before: 10, after: 30, secret_action: null }, interval)).toEqual({ before: '10 s', after: '30 s' });
    expect(changeText({ key: 'wifi.password', label: 'Wi-Fi password', before: null, after: null, secret_action: 'set' }, undefined)).toEqual({ secret: 'will be set' });
    expect(changeText({ key: 'mqtt.password', label: 'Broker password', before: null, after: null, secret_action: 'clear' }, undefined)).toEqual({ secret: 'will be cleared' });
    const change = { key: interval.key, label: 'Report every', before: 10, after: 60, secret_action: null };
    expect(differenceText(change, interval)).toBe('The device shows 60 s instead of 10 s');
    expect(conflictText(change, interval)).toBe('Report every: 10 s → 60 s');
    expect(changesCount(1)).toBe('1 change');
    expect(changesCount(3)).toBe('3 changes');
  });
});
