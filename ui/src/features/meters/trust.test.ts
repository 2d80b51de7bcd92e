import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../lib/diagnostics';
import { firmwareNote, firmwareOlderThan, moveExplanation, moveProblem } from './trust';

describe('firmwareOlderThan', () => {
  it.each([
    ['1.9.8', true],
    ['1.9', true],
    ['0.12.1', true],
    ['1.10.0', false],
    ['1.10.3', false],
    ['v1.11.0-beta', false],
    ['2.0.1', false],
  ] as const)('%s → %s', (fw, older) => {
    expect(firmwareOlderThan(fw)).toBe(older);
  });

  it('does not guess when the firmware is unknown', () => {
    expect(firmwareOlderThan(null)).toBeNull();
    expect(firmwareOlderThan('unknown')).toBeNull();
  });

  it('compares with any version', () => {
    expect(firmwareOlderThan('1.10.3', [1, 11])).toBe(true);
  });
});

describe('firmwareNote', () => {
  it('warns when the meter has firmware that logs in safely', () => {
    const n = firmwareNote('1.10.3');
    expect(n.suspicious).toBe(true);
    expect(n.text).toMatch(/^This meter last reported firmware 1\.10\.3, which has the safer login/);
  });

  it('says so plainly for old firmware or an unknown one', () => {
    expect(firmwareNote('1.9.8')).toEqual({ text: 'This meter last reported firmware 1.9.8, which is older than 1.10.', suspicious: false });
    expect(firmwareNote(null)).toEqual({ text: 'WattDesk does not know which firmware this meter runs.', suspicious: false });
  });
});

describe('moving a meter', () => {
  it('explains why WattDesk asks, with both addresses', () => {
    const t = moveExplanation('192.168.1.50:80', '192.168.1.77:80');
    expect(t).toMatch(/^WattDesk no longer reaches this meter at 192\.168\.1\.50:80, and a device at 192\.168\.1\.77:80 says it is this meter\./);
    expect(t).toMatch(/only sends a password to an address you have confirmed/);
  });

  it('says what a refused move means for this meter', () => {
    const basic = moveProblem({ code: 'basic_refused', message: 'the device asked for the password in clear text (HTTP Basic)' }, '192.168.1.99:80');
    expect(basic.title).toBe(
      'The device at 192.168.1.99:80 asked for the password unencrypted, which your meter did not do before. WattDesk did not send it: this may not be your meter.',
    );
    expect(basic.detail).toMatch(/HTTP Basic/);
    expect(basic.tone).toBe('warning');

    expect(moveProblem({ code: 'not_this_meter', message: 'it reports the id "X"' }, 'a:80').title).toBe(
      'A different whatwatt Go answers at a:80: it is not this meter.',
    );
    expect(moveProblem({ code: 'wrong_password', message: 'm' }, 'a:80').title).toMatch(/did not accept this meter's saved password/);
    expect(moveProblem({ code: 'password_required', message: 'm' }, 'a:80')).toMatchObject({ tone: 'warning', title: 'The device at a:80 asks for a password, but none is saved for this meter.' });
  });

  it('uses the usual words for anything else', () => {
    expect(moveProblem({ code: 'unreachable', message: 'connection refused' }, 'a:80')).toMatchObject({
      title: MESSAGES.unreachable('a:80'),
      detail: 'connection refused',
    });
  });
});
