import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password';

describe('the device password', () => {
  it('is 1 to 31 characters, typed twice', () => {
    expect(passwordProblems('', '', false)).toEqual({ first: null, second: null });
    expect(passwordProblems('', '', true).first).toBe('Enter the new password.');
    expect(passwordProblems('x'.repeat(32), '', false).first).toMatch(/at most 31 characters; this has 32/);
    expect(passwordProblems('secret', 'sec', false).second).toBeNull();
    expect(passwordProblems('secret', 'secreX', false).second).toBe('The two passwords are not the same.');
    expect(passwordProblems('secret', 'sec', true).second).toBe('The two passwords are not the same.');
    expect(passwordProblems('secret', 'secret', true)).toEqual({ first: null, second: null });
  });
});
