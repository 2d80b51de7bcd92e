import { describe, expect, it } from 'vitest';
import { isAppError, toAppError } from './errors';

describe('toAppError', () => {
  it('keeps a proper AppError', () => {
    expect(toAppError({ code: 'timeout', message: 'slow' })).toEqual({ code: 'timeout', message: 'slow' });
  });
  it('fills a missing message with the code', () => {
    expect(toAppError({ code: 'timeout' })).toEqual({ code: 'timeout', message: 'timeout' });
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
