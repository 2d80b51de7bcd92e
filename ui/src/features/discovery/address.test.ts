import { describe, expect, it } from 'vitest';
import { ADDRESS_PROBLEMS, checkAddress } from './address';

describe('address check', () => {
  it.each([
    '192.168.1.20',
    ' 192.168.1.20 ',
    'whatwatt-9F8124.local',
    'whatwatt_9f8124.local',
    'meter',
    '127.0.0.1:8080',
    '[::1]:80',
    '[fe80::1]',
    'http://10.0.0.5:81/api/v1/system?x=1',
    'https://meter.example',
    'http://user:pw@host/',
    'host.local.',
  ])('accepts %s', (input) => {
    expect(checkAddress(input)).toEqual({ ok: true, problem: null });
  });

  it.each([
    ['', ADDRESS_PROBLEMS.empty],
    ['   ', ADDRESS_PROBLEMS.empty],
    ['a b', ADDRESS_PROBLEMS.spaces],
    ['ftp://host', ADDRESS_PROBLEMS.scheme],
    ['http://', ADDRESS_PROBLEMS.noHost],
    ['http://:80', ADDRESS_PROBLEMS.noHost],
    ['192.168.1', ADDRESS_PROBLEMS.incompleteIp],
    ['192.168.1.2.3', ADDRESS_PROBLEMS.incompleteIp],
    ['192.168.1.256', ADDRESS_PROBLEMS.ipRange],
    ['meter.local:0', ADDRESS_PROBLEMS.port],
    ['meter.local:70000', ADDRESS_PROBLEMS.port],
    ['meter.local:http', ADDRESS_PROBLEMS.port],
    ['meter$.local', ADDRESS_PROBLEMS.host],
    ['-meter.local', ADDRESS_PROBLEMS.host],
  ])('rejects %j', (input, problem) => {
    expect(checkAddress(input)).toEqual({ ok: false, problem });
  });

  it('tells how to write a bare IPv6 address', () => {
    expect(checkAddress('fe80::1').problem).toMatch(/square brackets/);
  });
});
