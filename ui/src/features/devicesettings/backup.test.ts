import { describe, expect, it } from 'vitest';
import type { SettingsBackup } from '../../lib/bindings';
import { groupLabel, restorableSecrets, restoreIsClean, restoreRequest, secretName } from './backup';
import { fieldSpecs } from './mockCatalogue';

const fields = fieldSpecs();
const backup: SettingsBackup = {
  format: 'wattdesk-settings',
  version: 1,
  device_id: 'ECC9FF5C7F14',
  model: 'whatwatt Go',
  firmware: '1.10.3',
  taken_at: '2026-03-09T10:15:00Z',
  groups: { device: {}, meter: {}, wifi: {}, mqtt: {} },
  custom_scalers: [],
  secrets_not_included: ['meter.encryption_key', 'meter.authentication_key', 'wifi.password', 'mqtt.password', 'device.system.password', 'mqtt.client.key'],
};

describe('a backup before restoring', () => {
  it('offers the write-only values of the groups it holds, never the device password', () => {
    expect(restorableSecrets(backup, fields).map((f) => f.key)).toEqual(['meter.encryption_key', 'meter.authentication_key', 'wifi.password', 'mqtt.password']);
    const noWifi = { ...backup, groups: { device: {}, mqtt: {} } };
    expect(restorableSecrets(noWifi, fields).map((f) => f.key)).toEqual(['mqtt.password']);
  });

  it('sends only the values typed', () => {
    expect(restoreRequest(backup, { 'wifi.password': 'home-wifi-pw', 'mqtt.password': '' }).secrets).toEqual({ 'wifi.password': 'home-wifi-pw' });
  });

  it('names groups and write-only values for people', () => {
    expect(groupLabel('device')).toBe('General and services');
    expect(groupLabel('eth')).toBe('Ethernet');
    expect(groupLabel('other')).toBe('other');
    expect(secretName('wifi.password', fields)).toBe('Wi-Fi password');
    expect(secretName('device.system.password', fields)).toBe('Device password');
    expect(secretName('x.y', fields)).toBe('x.y');
  });

  it('tells a clean restore', () => {
    const clean = { restored: ['device' as const], skipped: [], secrets_set: [], secrets_unchanged: [], different: [] };
    expect(restoreIsClean(clean)).toBe(true);
    expect(restoreIsClean({ ...clean, skipped: [{ group: 'wifi' as const, reason: 'no password' }] })).toBe(false);
  });
});
