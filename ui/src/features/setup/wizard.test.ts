import { describe, expect, it } from 'vitest';
import { applyLocale } from '../../lib/i18n';
import {
  applyProgress,
  devicePasswordProblem,
  emptyForm,
  emptyRun,
  keyProblem,
  nameProblem,
  normaliseKey,
  powerAdvice,
  ssidProblem,
  staticIpProblems,
  wpsLeft,
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
      network: { kind: 'wifi', ssid: 'HomeNet', password: 'our-home-wifi', static_ip: null, max_tx_power: null },
      meter_key: '00112233445566778899AABBCCDDEEFF',
      auth_key: null,
      password: 'pw',
      name: 'Hall',
      report_interval_s: null,
      meter_interface: null,
    });
    const fixed = { ...form, fixedIp: true, ip: ' 192.168.1.20', gateway: '192.168.1.1', dns: '192.168.1.1', txPower: '12.5', reportInterval: '60' };
    expect(toRequest(fixed).network).toEqual({
      kind: 'wifi',
      ssid: 'HomeNet',
      password: 'our-home-wifi',
      static_ip: { ip: '192.168.1.20', netmask: '255.255.255.0', gateway: '192.168.1.1', dns: '192.168.1.1' },
      max_tx_power: 12.5,
    });
    expect(toRequest(fixed).report_interval_s).toBe(60);
    expect(toRequest({ ...fixed, network: 'ethernet' }).network).toEqual({ kind: 'ethernet', static_ip: { ip: '192.168.1.20', netmask: '255.255.255.0', gateway: '192.168.1.1', dns: '192.168.1.1' } });
    // Interface by hand only when asked for and not left on automatic.
    expect(toRequest({ ...form, chooseInterface: true }).meter_interface).toBeNull();
    expect(toRequest({ ...form, chooseInterface: true, ifType: 'p1', protocol: 'dsmr' }).meter_interface).toEqual({ if_type: 'p1', protocol: 'dsmr' });
    expect(toRequest({ ...form, chooseInterface: false, ifType: 'p1', protocol: 'dsmr' }).meter_interface).toBeNull();
    expect(toRequest({ ...form, network: 'wps', skipPassword: true }).password).toBeNull();
    expect(toRequest({ ...form, network: 'wps' }).network).toEqual({ kind: 'wps' });
  });

  it('checks a fixed address as the core does', () => {
    const ok = { ip: '192.168.1.20', netmask: '255.255.255.0', gateway: '192.168.1.1', dns: '1.1.1.1' };
    expect(Object.values(staticIpProblems(ok)).every((p) => p === null)).toBe(true);
    expect(staticIpProblems({ ...ok, ip: '192.168.1' }).ip).toMatch(/four numbers/);
    expect(staticIpProblems({ ...ok, ip: '192.168.1.256' }).ip).toMatch(/four numbers/);
    expect(staticIpProblems({ ...ok, netmask: '255.0.255.0' }).netmask).toMatch(/subnet mask/);
    expect(staticIpProblems({ ...ok, gateway: '10.0.0.1' }).gateway).toMatch(/same network/);
    expect(staticIpProblems({ ...ok, dns: '0.0.0.0' }).dns).toMatch(/0\.0\.0\.0/);
    expect(staticIpProblems({ ...ok, netmask: '255.255.0.0', gateway: '192.168.7.1' }).gateway).toBeNull();
  });

  it('gives the power advice only to a device on the meter\'s power', () => {
    expect(powerAdvice(false, '20', '10')).toBeNull();
    expect(powerAdvice(true, '20', '')).toMatch(/transmit power/);
    expect(powerAdvice(true, '', '10')).toMatch(/reporting this often/);
    expect(powerAdvice(true, '13', '60')).toBeNull();
    expect(wpsLeft(17)).toBe(103);
    expect(wpsLeft(130)).toBe(0);
  });

  it('folds progress into what the wizard shows', () => {
    const unknown = (key: string) => ({ key, args: {} });
    let run = emptyRun();
    run = applyProgress(run, { type: 'step', step: 'meter', message: 'Checking the meter', said: unknown('setup_say_from_the_future') });
    run = applyProgress(run, { type: 'waiting', step: 'meter', message: 'RECOGNITION', elapsed_s: 4, limit_s: 180 });
    run = applyProgress(run, { type: 'meter_status', status: 'KEY REQUIRED', advice: 'Enter the key', said: unknown('setup_advice_from_the_future') });
    run = applyProgress(run, { type: 'warning', message: 'No password', said: unknown('setup_warn_from_the_future') });
    // Keys this window does not know (a newer backend) show the English the backend sent.
    expect(run).toMatchObject({ step: 'meter', meterStatus: 'KEY REQUIRED', advice: 'Enter the key', waiting: { elapsed: 4, limit: 180 }, warnings: ['No password'] });
    expect(applyProgress(run, { type: 'step', step: 'protect', message: 'p', said: unknown('x') }).waiting).toBeNull();
  });

  it('says what the backend said in the user language', () => {
    applyLocale('de', null);
    try {
      let run = applyProgress(emptyRun(), { type: 'step', step: 'network', message: 'Sending the Wi-Fi settings for Home', said: { key: 'setup_say_sending_wifi', args: { ssid: 'Home' } } });
      expect(run.message).toBe('Die Wi-Fi-Einstellungen für Home werden gesendet');
      run = applyProgress(run, { type: 'warning', message: 'x', said: { key: 'setup_warn_report_interval', args: { seconds: '5', safe: '30' } } });
      expect(run.warnings[0]).toMatch(/^Dieses Gerät läuft mit dem Strom des Zählers: Alle 5 s .* 30 s oder mehr\)\.$/);
      run = applyProgress(run, { type: 'meter_status', status: 'OK', advice: 'x', said: { key: 'setup_advice_ok', args: {} } });
      expect(run.advice).toBe('Der Zähler spricht mit dem Gerät.');
    } finally {
      applyLocale('en', null);
    }
  });

  it('sends the user back to what needs changing', () => {
    expect(stageFor('wifi_join_failed')).toBe('network');
    expect(stageFor('meter_key_wrong')).toBe('details');
    expect(stageFor('unreachable')).toBe('where');
  });
});
