import { describe, expect, it } from 'vitest';
import { ethernetNote, fieldAdvice, plusNote } from './advice';
import { fieldSpecs } from './mockCatalogue';

const facts = { meter_powered: false, ethernet_up: false, plus: true };
const spec = (key: string) => fieldSpecs().find((f) => f.key === key)!;

describe('advice', () => {
  it('speaks of power next to the report interval on a meter-powered reader', () => {
    expect(fieldAdvice('device.services.report_interval', facts)).toBeNull();
    expect(fieldAdvice('device.services.report_interval', { ...facts, meter_powered: true })).toMatch(/^This reader runs on the meter's power: shorter intervals draw more/);
    expect(fieldAdvice('device.system.power_save', { ...facts, ethernet_up: true })).toMatch(/network cable is connected/);
    expect(fieldAdvice('device.system.name', { ...facts, meter_powered: true, ethernet_up: true })).toBeNull();
  });

  it('says a PLUS field is idle on FREE, and nothing on PLUS', () => {
    expect(plusNote(spec('device.services.modbus.enable'), { ...facts, plus: false })).toBe('Stored, but idle until the device has a PLUS licence.');
    expect(plusNote(spec('device.services.modbus.enable'), facts)).toBeNull();
    expect(plusNote(spec('device.system.name'), { ...facts, plus: false })).toBeNull();
  });

  it("states Ethernet's power rule", () => {
    expect(ethernetNote(facts)).toBe('Ethernet works only while the reader has USB power and power saving is off.');
    expect(ethernetNote({ ...facts, meter_powered: true })).toMatch(/network port stays off/);
    expect(ethernetNote({ ...facts, ethernet_up: true })).toMatch(/connected and working/);
  });
});
