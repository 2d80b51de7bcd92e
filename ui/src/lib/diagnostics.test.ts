import { describe, expect, it } from 'vitest';
import type { AppError } from './bindings';
import { errorDiagnostic, isFreeLicence, MESSAGES, probeDiagnostic } from './diagnostics';
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

  it('explains not_whatwatt', () => {
    const d = probeDiagnostic({ kind: 'not_whatwatt', detail: 'HTTP 404 from /api/v1/system' }, 'printer.local');
    expect(d?.title).toBe('Something answered, but it is not a whatwatt Go.');
    expect(d?.detail).toBe('HTTP 404 from /api/v1/system');
    expect(d?.tone).toBe('warning');
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

  it('drops empty details', () => {
    expect(probeDiagnostic({ kind: 'unreachable', detail: '  ' }, 'a')?.detail).toBeNull();
  });
});

describe('error diagnostics', () => {
  // Codes as the backend may send them, including one this build does not know.
  const code = (c: string) => c as AppError['code'];
  const cases: [AppError['code'], string][] = [
    ['unreachable', MESSAGES.unreachable('meter.local')],
    ['timeout', MESSAGES.timeout('meter.local')],
    ['not_whatwatt', MESSAGES.notWhatwatt],
    ['password_required', MESSAGES.needsPassword],
    ['wrong_password', MESSAGES.wrongPassword],
    ['already_added', 'This meter is already in your list.'],
    ['invalid_address', MESSAGES.invalidAddress],
    ['not_found', MESSAGES.notFound],
    ['license_required', MESSAGES.licenseRequired],
    ['internal', MESSAGES.internal],
    [code('something_new'), MESSAGES.internal],
  ];
  it.each(cases)('%s has its own message', (code, title) => {
    expect(errorDiagnostic({ code, message: 'm' }, 'meter.local').title).toBe(title);
  });

  it('keeps the backend message as detail, but never for password prompts', () => {
    expect(errorDiagnostic({ code: 'unreachable', message: 'connect: refused' }, 'a').detail).toBe('connect: refused');
    expect(errorDiagnostic({ code: 'wrong_password', message: 'the device rejected the password' }, 'a').detail).toBeNull();
  });

  it('falls back to the code when an unknown error has no message', () => {
    expect(errorDiagnostic({ code: code('weird'), message: '' }, 'a').detail).toBe('weird');
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
