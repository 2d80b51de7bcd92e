import { describe, expect, it } from 'vitest';
import type { AppError, ErrorCode } from './bindings';
import { errorDiagnostic, hostOf, isFreeLicence, MESSAGES, probeDiagnostic, whatAnswered } from './diagnostics';
import { discovered } from './testFixtures';

describe('probe diagnostics', () => {
  it('says nothing for a found device', () => {
    expect(probeDiagnostic({ kind: 'device', device: discovered() }, 'x')).toBeNull();
  });

  it('explains unreachable with the address and the detail', () => {
    const d = probeDiagnostic({ kind: 'unreachable', detail: 'connection refused' }, '10.0.0.99');
    expect(d).toEqual({
      code: 'unreachable',
      tone: 'error',
      title:
        'Nothing answered at 10.0.0.99. Check the address and that the meter is powered and on the same network.',
      detail: 'connection refused',
      focus: 'address',
    });
  });

  it('explains not_whatwatt, naming what answered when the backend says', () => {
    const web = 'a web server answered, but it has no whatwatt Go API (not found: /api/v1/system (HTTP 404, server: HP HTTP Server))';
    const d = probeDiagnostic({ kind: 'not_whatwatt', detail: web }, 'printer.local');
    expect(d?.title).toBe('Another web server answers at printer.local, not a whatwatt Go. Check the address.');
    expect(d?.detail).toBe(web);
    expect(d?.tone).toBe('warning');
    const broker = 'an MQTT broker answers at 192.168.1.20:1883, not a whatwatt Go (its web interface is on another port, usually 80)';
    expect(probeDiagnostic({ kind: 'not_whatwatt', detail: broker }, '192.168.1.20:1883')?.title).toBe(
      "An MQTT broker answers at 192.168.1.20:1883, not a whatwatt Go. The meter's own page is usually on port 80: try the address without a port.",
    );
    const other = 'something answers at nas.local:22, but not like a web server (another service on that port?): connection closed';
    expect(probeDiagnostic({ kind: 'not_whatwatt', detail: other }, 'nas.local:22')?.title).toBe(
      'Another service answers at nas.local:22, not a whatwatt Go. Check the address and the port.',
    );
    expect(probeDiagnostic({ kind: 'not_whatwatt', detail: 'invalid response from the device' }, 'x')?.title).toBe(MESSAGES.notWhatwatt);
  });

  it('keeps the whole technical detail, however long', () => {
    const long = `something answers at nas.local:22, but not like a web server: ${'x'.repeat(600)}`;
    expect(probeDiagnostic({ kind: 'not_whatwatt', detail: long }, 'nas.local:22')?.detail).toBe(long);
  });

  it('says when no device has that name', () => {
    expect(probeDiagnostic({ kind: 'unknown_host', host: 'whatwatt-5C7F41.local' }, 'whatwatt-5C7F41.local')).toEqual({
      code: 'unknown_host',
      tone: 'error',
      title: 'No device on your network is called whatwatt-5C7F41.local. Check the spelling, or use its IP address.',
      detail: null,
      focus: 'address',
    });
  });

  it('asks for the password, then says when it is wrong', () => {
    expect(probeDiagnostic({ kind: 'needs_password' }, 'x')).toMatchObject({
      title: 'This meter is protected by its Web UI password.',
      focus: 'password',
      tone: 'info',
    });
    expect(probeDiagnostic({ kind: 'wrong_password' }, 'x')).toMatchObject({
      title: 'That password was not accepted.',
      focus: 'password',
      tone: 'error',
    });
  });

  it('explains a refused clear-text login without blaming the user', () => {
    const d = probeDiagnostic({ kind: 'basic_refused' }, 'meter.local');
    expect(d).toMatchObject({ code: 'basic_refused', tone: 'warning', title: MESSAGES.basicRefused, focus: 'address' });
    expect(d?.title).toMatch(/did not send it/);
    expect(d?.detail).toMatch(/HTTP Basic/);
  });

  it('drops empty details', () => {
    expect(probeDiagnostic({ kind: 'unreachable', detail: '  ' }, 'a')?.detail).toBeNull();
  });
});

describe('error diagnostics', () => {
  // Codes as the backend may send them, including one this build does not know. A Record over the
  // generated ErrorCode, so a code added on the Rust side fails the type check here until it has a message.
  const code = (c: string) => c as AppError['code'];
  const EXPECTED: Record<ErrorCode, string> = {
    unreachable: MESSAGES.unreachable('meter.local'),
    timeout: MESSAGES.timeout('meter.local'),
    not_whatwatt: MESSAGES.notWhatwatt,
    unknown_host: MESSAGES.unknownHost('meter.local'),
    not_http: MESSAGES.otherService('meter.local'),
    not_this_meter: MESSAGES.notThisMeter('meter.local'),
    password_required: MESSAGES.needsPassword,
    wrong_password: MESSAGES.wrongPassword,
    basic_refused: MESSAGES.basicRefused,
    already_added: 'This meter is already in your list.',
    invalid_address: MESSAGES.invalidAddress,
    not_found: MESSAGES.notFound,
    license_required: MESSAGES.licenseRequired,
    bad_request: MESSAGES.badRequest,
    payload_too_large: MESSAGES.payloadTooLarge,
    service_unavailable: MESSAGES.serviceUnavailable,
    http_status: MESSAGES.unexpectedAnswer,
    invalid_response: MESSAGES.unexpectedAnswer,
    malformed_event: MESSAGES.liveDataBroken,
    oversized_event: MESSAGES.liveDataBroken,
    stream_broken: MESSAGES.liveDataBroken,
    mdns: MESSAGES.mdns,
    invalid_input: MESSAGES.invalidInput,
    internal: MESSAGES.internal,
    secrets_exposed: MESSAGES.secretsExposed,
    history_unavailable: MESSAGES.historyUnavailable,
    broker_url: MESSAGES.brokerUrl,
    broker_topic: MESSAGES.brokerTopic,
    broker_auth: MESSAGES.brokerAuth,
    broker_refused: MESSAGES.brokerRefused,
    broker_tls: MESSAGES.brokerTls,
    broker_unreachable: MESSAGES.brokerUnreachable,
    broker_oversized: MESSAGES.brokerOversized,
    broker_lost: MESSAGES.brokerLost,
    broker_in_use: MESSAGES.brokerInUse,
    wifi_join_failed: MESSAGES.wifiJoinFailed,
    device_lost: MESSAGES.deviceLost,
    wps_failed: MESSAGES.wpsFailed,
    meter_not_ready: MESSAGES.meterNotReady,
    meter_key_wrong: MESSAGES.meterKeyWrong,
    cancelled: MESSAGES.cancelled,
    port_in_use: MESSAGES.portInUse,
    token_required: MESSAGES.tokenRequired,
  };
  const cases: [AppError['code'], string][] = [
    ...(Object.entries(EXPECTED) as [ErrorCode, string][]),
    [code('something_new'), MESSAGES.internal],
  ];
  it.each(cases)('%s has its own message', (code, title) => {
    expect(errorDiagnostic({ code, message: 'm' }, 'meter.local').title).toBe(title);
  });

  it('says a value rule the backend sent by key as the title', () => {
    const said = { key: 'rule_password_long', args: { count: '40' } };
    const d = errorDiagnostic({ code: 'invalid_input', message: 'the device accepts at most 31 characters; this password has 40', said }, 'a');
    expect(d.title).toBe('The device accepts at most 31 characters; this password has 40.');
    expect(d.detail).toBeNull();
  });

  it('keeps the backend message as detail, but never for password prompts', () => {
    expect(errorDiagnostic({ code: 'unreachable', message: 'connect: refused' }, 'a').detail).toBe('connect: refused');
    expect(errorDiagnostic({ code: 'wrong_password', message: 'the device rejected the password' }, 'a').detail).toBeNull();
  });

  it('names the address another meter answers at', () => {
    expect(errorDiagnostic({ code: 'not_this_meter', message: 'it reports the id "3C71BF4A21C0"' }, '192.168.1.77:80')).toEqual({
      code: 'not_this_meter',
      tone: 'warning',
      title: 'A different whatwatt Go answers at 192.168.1.77:80, not this meter.',
      detail: 'it reports the id "3C71BF4A21C0"',
      focus: 'address',
    });
  });

  it('says plainly that a password was held back or is exposed, with the technical words as detail', () => {
    const basic = errorDiagnostic({ code: 'basic_refused', message: '' }, 'a');
    expect(basic.tone).toBe('warning');
    expect(basic.detail).toMatch(/HTTP Basic/);
    const exposed = errorDiagnostic({ code: 'secrets_exposed', message: 'run chmod 600 /home/anna/.config/wattdesk/secrets.json' }, 'a');
    expect(exposed).toMatchObject({ tone: 'error', detail: 'run chmod 600 /home/anna/.config/wattdesk/secrets.json' });
  });

  it('gives every known code a message of its own (only an unknown code reads as an internal fault)', () => {
    const known = (Object.keys(EXPECTED) as ErrorCode[]).filter((c) => c !== 'internal');
    for (const c of known) expect(errorDiagnostic({ code: c, message: 'm' }, 'a').title, c).not.toBe(MESSAGES.internal);
  });

  it('falls back to the code when an unknown error has no message', () => {
    expect(errorDiagnostic({ code: code('weird'), message: '' }, 'a').detail).toBe('weird');
  });
});

describe('what answered', () => {
  it('reads the backend detail', () => {
    expect(whatAnswered(null)).toBe('unknown');
    expect(whatAnswered('an MQTT broker answers at h:1883, not a whatwatt Go')).toBe('mqtt_broker');
    expect(whatAnswered('something answers at h:80, but not like a web server (it may be an MQTT broker or another service): eof')).toBe('service');
    expect(whatAnswered('a web server answered, but it has no whatwatt Go API (HTTP 404)')).toBe('web_server');
  });

  it('names the host of an address for "no device is called …"', () => {
    expect(hostOf('whatwatt-5C7F14.local')).toBe('whatwatt-5C7F14.local');
    expect(hostOf('http://meter.lan:8080/api')).toBe('meter.lan');
    expect(hostOf('[fe80::1]:80')).toBe('fe80::1');
    expect(errorDiagnostic({ code: 'unknown_host', message: 'no device on the network has the name "meter.lan"' }, 'http://meter.lan:8080').title).toBe(
      MESSAGES.unknownHost('meter.lan'),
    );
  });
});

describe('licence', () => {
  it('recognises FREE in any case', () => {
    expect(isFreeLicence('FREE')).toBe(true);
    expect(isFreeLicence(' free ')).toBe(true);
    expect(isFreeLicence('PLUS')).toBe(false);
    expect(isFreeLicence(null)).toBe(false);
  });
});
