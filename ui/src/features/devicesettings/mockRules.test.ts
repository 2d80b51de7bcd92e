import { describe, expect, it } from 'vitest';
import { findField } from './mockCatalogue';
import { check, english, plan } from './mockRules';

const facts = { ethernetUp: false, meterPowered: true, plus: false };
const now = { group: 'device' as const, values: { 'device.system.name': 'House', 'device.services.report_interval': 10 }, secrets: {} };

describe("the mock's copy of the core's rules", () => {
  it('checks and shapes values like the core', () => {
    const f = (k: string) => findField(k)!;
    const no = (key: string, args: Record<string, string> = {}) => ({ ok: false, said: { key, args } });
    expect(check(f('device.services.report_interval'), 0)).toEqual(no('rule_range_unit', { min: '1', max: '3600', unit: 's', value: '0' }));
    expect(check(f('device.services.report_interval'), '12')).toEqual({ ok: true, value: 12 });
    expect(check(f('wifi.max_tx_power'), 10.3)).toEqual(no('rule_steps_unit', { step: '0.5', unit: 'dBm', value: '10.3' }));
    expect(check(f('meter.encryption_key'), '0011 2233-4455:6677 8899 aabb ccdd eeff')).toEqual({ ok: true, value: '00112233445566778899AABBCCDDEEFF' });
    expect(check(f('wifi.ip'), '192.168.1')).toEqual(no('rule_not_address', { value: '192.168.1' }));
    expect(english(no('rule_not_address', { value: '192.168.1' }).said)).toBe('"192.168.1" is not an address like 192.168.1.20');
  });

  it('checks a fixed address as a whole, like the core', () => {
    const wifi = (values: Record<string, string>) =>
      plan({ group: 'wifi', base: {}, edits: { 'wifi.static_ip': true, ...values }, force: false }, { group: 'wifi', values: {}, secrets: {} }, facts).problems.map((p) => [p.key, p.said?.key, p.said?.args]);
    const good = { 'wifi.ip': '192.168.1.20', 'wifi.netmask': '255.255.255.0', 'wifi.gateway': '192.168.1.1', 'wifi.dns': '1.1.1.1' };
    expect(wifi(good)).toEqual([]);
    expect(wifi({ ...good, 'wifi.netmask': '255.0.255.0' })).toEqual([['wifi.ip', 'rule_static_mask_shape', { mask: '255.0.255.0' }]]);
    expect(wifi({ ...good, 'wifi.gateway': '10.0.0.1' })).toEqual([['wifi.ip', 'rule_static_gateway_outside', { gateway: '10.0.0.1', address: '192.168.1.20', mask: '255.255.255.0' }]]);
    expect(wifi({ ...good, 'wifi.dns': '0.0.0.0' })).toEqual([['wifi.ip', 'rule_static_dns_zero', {}]]);
  });

  it('plans a save: changes, problems, conflicts and advice', () => {
    const p = plan(
      {
        group: 'device',
        base: { 'device.system.name': 'House', 'device.services.report_interval': 5 },
        edits: { 'device.system.name': 'Kitchen', 'device.services.report_interval': 7, 'device.services.modbus.enable': true, 'device.system.host_name': 'bad name' },
        force: false,
      },
      now,
      facts,
    );
    expect(p.changes.map((c) => c.key)).toEqual(['device.system.name', 'device.services.report_interval', 'device.services.modbus.enable']);
    expect(p.problems).toEqual([
      {
        key: 'device.system.host_name',
        message: 'Network name: "bad name" is not a network name: letters, digits, - and _ only, not starting or ending with -',
        said: { key: 'rule_not_network_name', args: { value: 'bad name' } },
      },
    ]);
    expect(p.conflicts).toEqual([{ key: 'device.services.report_interval', label: 'Report every', before: 5, after: 10, secret_action: null }]);
    expect(p.notes.map((n) => [n.key, n.message, n.said?.key])).toEqual([
      [null, 'This reader is powered by the meter: a report every 7 s may drain it; the maker advises 30 s or more.', 'ds_note_report_drain'],
      ['device.services.modbus.enable', 'Modbus TCP server: stored, but idle until the device has a PLUS licence.', 'ds_note_plus_idle'],
    ]);
  });
});
