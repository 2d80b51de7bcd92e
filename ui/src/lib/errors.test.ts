import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from './bindings';
import { errorDetail, errorText, isAppError, toAppError } from './errors';
import { applyLocale, m } from './i18n';

const CODES: ErrorCode[] = [
  'unreachable', 'timeout', 'password_required', 'wrong_password', 'license_required', 'not_found', 'bad_request',
  'payload_too_large', 'service_unavailable', 'http_status', 'invalid_response', 'invalid_address', 'unknown_host',
  'not_http', 'malformed_event', 'oversized_event', 'stream_broken', 'mdns', 'not_whatwatt', 'not_this_meter',
  'already_added', 'invalid_input', 'internal', 'secrets_exposed', 'basic_refused', 'history_unavailable', 'broker_url',
  'broker_topic', 'broker_auth', 'broker_refused', 'broker_tls', 'broker_unreachable', 'broker_oversized', 'broker_lost',
  'broker_in_use', 'wifi_join_failed', 'device_lost', 'wps_failed', 'meter_not_ready', 'meter_key_wrong', 'cancelled',
  'port_in_use', 'token_required',
];

describe('toAppError', () => {
  it('keeps a proper AppError', () => {
    expect(toAppError({ code: 'timeout', message: 'slow' })).toEqual({ code: 'timeout', message: 'slow' });
  });
  it('fills a missing message with the code', () => {
    expect(toAppError({ code: 'timeout' })).toEqual({ code: 'timeout', message: 'timeout' });
  });
  it('keeps the sentence a rule sent by key, and drops one that is not', () => {
    const said = { key: 'rule_device_name_long', args: { count: '40' } };
    expect(toAppError({ code: 'invalid_input', message: 'long', said })).toEqual({ code: 'invalid_input', message: 'long', said });
    expect(toAppError({ code: 'invalid_input', message: 'long', said: { key: 3 } })).toEqual({ code: 'invalid_input', message: 'long' });
  });
  it('says a rule in the language', () => {
    const e = toAppError({ code: 'invalid_input', message: 'the device keeps names of at most 31 characters; this one has 40', said: { key: 'rule_device_name_long', args: { count: '40' } } });
    applyLocale('de', null);
    expect(errorText(e)).toBe('das Gerät speichert Namen mit höchstens 31 Zeichen; dieser hat 40');
    expect(errorDetail(e)).toBe('the device keeps names of at most 31 characters; this one has 40');
    applyLocale('en', null);
    expect(errorText(e)).toBe(e.message);
    expect(errorDetail(e)).toBeNull();
  });
  it('turns a bare string into internal', () => {
    expect(toAppError('command add_meter not found')).toEqual({ code: 'internal', message: 'command add_meter not found' });
  });
  it('parses a JSON string', () => {
    expect(toAppError('{"code":"already_added","message":"x"}')).toEqual({ code: 'already_added', message: 'x' });
  });
  it('turns an Error into internal', () => {
    expect(toAppError(new TypeError('boom'))).toEqual({ code: 'internal', message: 'boom' });
  });
  it('handles junk', () => {
    expect(toAppError(undefined)).toEqual({ code: 'internal', message: 'Unknown error' });
    expect(toAppError(42)).toEqual({ code: 'internal', message: 'Unknown error' });
    expect(toAppError({ message: 'm' })).toEqual({ code: 'internal', message: 'm' });
    expect(toAppError('')).toEqual({ code: 'internal', message: 'Unknown error' });
  });
  it('recognises AppErrors', () => {
    expect(isAppError({ code: 'a', message: 'b' })).toBe(true);
    expect(isAppError('a')).toBe(false);
  });
});

describe('errorText', () => {
  afterEach(() => applyLocale('en', null));

  it('keeps the backend message in English', () => {
    expect(errorText({ code: 'timeout', message: 'meter at 192.168.1.50 timed out after 5 s' })).toBe('meter at 192.168.1.50 timed out after 5 s');
    expect(errorDetail({ code: 'timeout', message: 'meter at 192.168.1.50 timed out after 5 s' })).toBeNull();
  });
  it('says the code in the app language, with the English original as detail', () => {
    applyLocale('de', null);
    const e = { code: 'timeout', message: 'meter at 192.168.1.50 timed out after 5 s' } as const;
    expect(errorText(e)).toBe(m.lib_error_timeout());
    expect(errorText(e)).not.toBe(e.message);
    expect(errorDetail(e)).toBe(e.message);
  });
  it('reads a code this build does not know as internal', () => {
    applyLocale('fr', null);
    expect(errorText({ code: 'from_the_future' as ErrorCode, message: 'x' })).toBe(m.lib_error_internal());
  });
  it('has a sentence for every code in every language', () => {
    for (const lang of ['en', 'de', 'fr', 'it']) {
      applyLocale(lang, null);
      for (const code of CODES) expect(errorText({ code, message: '' }).length).toBeGreaterThan(10);
    }
  });
});
