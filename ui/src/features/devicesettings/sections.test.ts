import { describe, expect, it } from 'vitest';
import { fieldSpecs } from './mockCatalogue';
import { groupOfSection, hashForSection, joinLabels, sectionFields, sectionFromHash, sectionsOfGroup, unavailableReason } from './sections';

const fields = fieldSpecs();

describe('sections', () => {
  it('read the section from the address and write it back', () => {
    expect(sectionFromHash('#/meter/ECC9FF5C7F14/settings')).toBe('general');
    expect(sectionFromHash('#/meter/ECC9FF5C7F14/settings/wifi')).toBe('wifi');
    expect(sectionFromHash('#/meter/X/settings/nope')).toBe('general');
    expect(hashForSection('a b', 'general')).toBe('#/meter/a%20b/settings');
    expect(hashForSection('X', 'sdcard')).toBe('#/meter/X/settings/sdcard');
  });

  it('take their fields from the catalogue, the advanced ones apart', () => {
    const meter = sectionFields(fields, 'meter');
    expect(meter.basic.map((f) => f.key)).toContain('meter.if_type');
    expect(meter.advanced.map((f) => f.key)).toContain('meter.baudrate');
    expect(meter.basic.every((f) => !f.advanced && f.section === 'meter')).toBe(true);
    expect(sectionFields(fields, 'general').advanced).toEqual([]);
  });

  it('know which group a section edits and which sections share one', () => {
    expect(groupOfSection(fields, 'services')).toBe('device');
    expect(groupOfSection(fields, 'ethernet')).toBe('eth');
    expect(groupOfSection([], 'wifi')).toBeNull();
    expect(sectionsOfGroup(fields, 'device')).toEqual(['general', 'services']);
    expect(sectionsOfGroup(fields, 'wifi')).toEqual(['wifi']);
    expect(joinLabels(['General', 'Services'])).toBe('General and Services');
    expect(joinLabels(['A', 'B', 'C'])).toBe('A, B and C');
    expect(joinLabels(['Wi-Fi'])).toBe('Wi-Fi');
  });

  it('say why a group is not there', () => {
    const panel = { unavailable: [{ group: 'eth' as const, reason: 'no port' }] };
    expect(unavailableReason(panel as never, 'eth')).toBe('no port');
    expect(unavailableReason(panel as never, 'wifi')).toBeNull();
    expect(unavailableReason(panel as never, null)).toBeNull();
  });
});
