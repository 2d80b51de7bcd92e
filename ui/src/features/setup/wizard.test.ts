import { describe, expect, it } from 'vitest';
import {
  applyProgress,
  devicePasswordProblem,
  emptyForm,
  emptyRun,
  keyProblem,
  nameProblem,
  normaliseKey,
  ssidProblem,
  stageFor,
  toRequest,
  wifiPasswordProblem,
} from './wizard';

describe('setup wizard rules', () => {
  it('checks Wi-Fi names and passwords as the device does', () => {
    expect(ssidProblem('')).toMatch(/hidden/);
    expect(ssidProblem('x'.repeat(33))).toMatch(/32/);
    expect(ssidProblem('é'.repeat(17))).toMatch(/32/);
    expect(ssidProblem('HomeNet')).toBeNull();
    expect(wifiPasswordProblem('', true)).toMatch(/Enter/);
    expect(wifiPasswordProblem('', false)).toBeNull();
    expect(wifiPasswordProblem('short', true)).toMatch(/at least 8/);
    expect(wifiPasswordProblem('x'.repeat(64), true)).toMatch(/0–9/);
    expect(wifiPasswordProblem('aB'.repeat(32), true)).toBeNull();
    expect(wifiPasswordProblem('pässword-1', true)).toMatch(/letters/);
  });

  it('takes a key as printed in a letter', () => {
    expect(normaliseKey('0011 2233-4455:6677 8899 aabb ccdd eeff')).toBe('00112233445566778899AABBCCDDEEFF');
    expect(keyProblem('0011 2233 4455 6677 8899 aabb ccdd eeff')).toBeNull();
    expect(keyProblem('0011')).toMatch(/32/);
    expect(keyProblem('G'.repeat(32))).toMatch(/A–F/);
    expect(keyProblem('')).toBeNull();
  });

  it('asks for a password unless skipped, and a short name', () => {
    expect(devicePasswordProblem('', false)).toMatch(/skip/);
    expect(devicePasswordProblem('', true)).toBeNull();
    expect(devicePasswordProblem('p'.repeat(32), false)).toMatch(/31/);
    expect(nameProblem('n'.repeat(32))).toMatch(/31/);
  });

  it('builds the request the core takes', () => {
    const form = { ...emptyForm(), address: ' 192.168.4.1 ', ssid: 'HomeNet', wifiPassword: 'our-home-wifi', meterKey: '0011 2233 4455 6677 8899 aabb ccdd eeff', password: 'pw', name: ' Hall ' };
    expect(toRequest(form)).toEqual({
      address: '192.168.4.1',
      network: { kind: 'wifi', ssid: 'HomeNet', password: 'our-home-wifi', static_ip: null },
      meter_key: '00112233445566778899AABBCCDDEEFF',
      auth_key: null,
      password: 'pw',
      name: 'Hall',
      report_interval_s: null,
    });
    expect(toRequest({ ...form, network: 'wps', skipPassword: true }).password).toBeNull();
    expect(toRequest({ ...form, network: 'wps' }).network).toEqual({ kind: 'wps' });
  });

  it('folds progress into what the wizard shows', () => {
    let run = emptyRun();
    run = applyProgress(run, { type: 'step', step: 'meter', message: 'Checking the meter' });
    run = applyProgress(run, { type: 'waiting', step: 'meter', message: 'RECOGNITION', elapsed_s: 4, limit_s: 180 });
    run = applyProgress(run, { type: 'meter_status', status: 'KEY REQUIRED', advice: 'Enter the key' });
    run = applyProgress(run, { type: 'warning', message: 'No password' });
    expect(run).toMatchObject({ step: 'meter', meterStatus: 'KEY REQUIRED', advice: 'Enter the key', waiting: { elapsed: 4, limit: 180 }, warnings: ['No password'] });
    expect(applyProgress(run, { type: 'step', step: 'protect', message: 'p' }).waiting).toBeNull();
  });

  it('sends the user back to what needs changing', () => {
    expect(stageFor('wifi_join_failed')).toBe('network');
    expect(stageFor('meter_key_wrong')).toBe('details');
    expect(stageFor('unreachable')).toBe('where');
  });
});
