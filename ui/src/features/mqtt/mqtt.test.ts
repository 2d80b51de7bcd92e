import { describe, expect, it } from 'vitest';
import { isSecureUrl, meterWriteFailed, mqttUrlProblem, pemBlocks, pemProblem, templateCount, TEMPLATE_MAX } from './mqtt';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
const EC_KEY = '-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n';

describe('broker URL', () => {
  it('accepts mqtt:// and mqtts:// with host and optional port', () => {
    expect(mqttUrlProblem('mqtt://192.168.1.10:1883')).toBeNull();
    expect(mqttUrlProblem('mqtts://broker.example.com')).toBeNull();
    expect(mqttUrlProblem(' MQTT://[fe80::1]:1883/ ')).toBeNull();
    expect(mqttUrlProblem('mqtt://user@host:1883')).toBeNull();
  });
  it('explains what is wrong', () => {
    expect(mqttUrlProblem('')).toMatch(/Enter the broker/);
    expect(mqttUrlProblem('', false)).toBeNull();
    expect(mqttUrlProblem('http://host')).toMatch(/mqtt:\/\//);
    expect(mqttUrlProblem('192.168.1.10')).toMatch(/mqtt:\/\//);
    expect(mqttUrlProblem('mqtt://')).toMatch(/host/);
    expect(mqttUrlProblem('mqtt://host:0')).toMatch(/port/);
    expect(mqttUrlProblem('mqtt://host:70000')).toMatch(/port/);
    expect(mqttUrlProblem('mqtt://host:abc')).toMatch(/host|port/);
    expect(mqttUrlProblem('mqtt://host/topic')).toMatch(/path/);
    expect(mqttUrlProblem('mqtt://ho st')).toMatch(/spaces/);
    expect(mqttUrlProblem('mqtt://' + 'a'.repeat(121))).toMatch(/127 characters \(this has 128\)/);
    expect(mqttUrlProblem('mqtt://' + 'a'.repeat(120))).toBeNull();
  });
  it('knows TLS URLs', () => {
    expect(isSecureUrl('mqtts://x')).toBe(true);
    expect(isSecureUrl('mqtt://x')).toBe(false);
  });
});

describe('PEM checks', () => {
  it('finds complete blocks only', () => {
    expect(pemBlocks(CERT + KEY)).toEqual(['CERTIFICATE', 'PRIVATE KEY']);
    expect(pemBlocks('-----BEGIN CERTIFICATE-----\nMIIB')).toEqual([]);
  });
  it('wants certificates for the CA and client certificate', () => {
    expect(pemProblem('ca', CERT)).toBeNull();
    expect(pemProblem('ca', CERT + CERT)).toBeNull();
    expect(pemProblem('cert', CERT)).toBeNull();
    expect(pemProblem('ca', KEY)).toMatch(/private key/);
    expect(pemProblem('cert', CERT + KEY)).toMatch(/private key/);
    expect(pemProblem('ca', 'hello')).toMatch(/not a PEM file/);
    expect(pemProblem('ca', '-----BEGIN CERTIFICATE-----\nabc')).toMatch(/incomplete/);
  });
  it('wants one unencrypted private key for the client key', () => {
    expect(pemProblem('key', KEY)).toBeNull();
    expect(pemProblem('key', EC_KEY)).toBeNull();
    expect(pemProblem('key', CERT)).toMatch(/certificate, not a private key/);
    expect(pemProblem('key', KEY + CERT)).toMatch(/only the private key/);
    expect(pemProblem('key', '-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n-----END ENCRYPTED PRIVATE KEY-----')).toMatch(/encrypted/);
  });
});

describe('template count', () => {
  it('counts characters against the limit', () => {
    expect(templateCount('{"a":1}')).toEqual({ text: `7 / ${TEMPLATE_MAX}`, over: false });
    expect(templateCount('x'.repeat(1023)).over).toBe(false);
    expect(templateCount('x'.repeat(1024)).over).toBe(true);
    expect(templateCount('€€').text).toBe(`2 / ${TEMPLATE_MAX}`);
  });
});

describe('meterWriteFailed', () => {
  it('says the meter refused invalid settings, otherwise the given headline', () => {
    const title = meterWriteFailed("Couldn't save.");
    expect(title({ code: 'invalid_input', message: 'too long' })).toBe('The meter did not accept these settings.');
    expect(title({ code: 'timeout', message: 'late' })).toBe("Couldn't save.");
  });
});
