import { describe, expect, it } from 'vitest';
import { absoluteDate, absoluteDateTime, licenceBadge, meterStatus, relativeTime } from './format';

const now = Date.parse('2026-03-12T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const utc = { timeZone: 'UTC' };

describe('relativeTime', () => {
  it.each([
    [null, 'Never'],
    ['not a date', 'Unknown'],
    [ago(0), 'just now'],
    [ago(44_000), 'just now'],
    [ago(60_000), '1 min ago'],
    [ago(2 * 60_000), '2 min ago'],
    [ago(44 * 60_000), '44 min ago'],
    [ago(60 * 60_000), '1 h ago'],
    [ago(3 * 3_600_000), '3 h ago'],
    [ago(24 * 3_600_000), 'yesterday'],
    [ago(3 * 86_400_000), '3 days ago'],
    [ago(10 * 86_400_000), '2 Mar 2026'],
  ])('%s → %s', (iso, want) => {
    expect(relativeTime(iso, now, utc)).toBe(want);
  });

  it('tolerates a little clock skew, but not a lot', () => {
    expect(relativeTime(new Date(now + 30_000).toISOString(), now, utc)).toBe('just now');
    expect(relativeTime('2026-04-01T00:00:00Z', now, utc)).toBe('1 Apr 2026');
  });
});

describe('absolute dates', () => {
  it('formats date and time', () => {
    expect(absoluteDate('2026-03-12T10:05:00Z', utc)).toBe('12 Mar 2026');
    expect(absoluteDateTime('2026-03-12T10:05:00Z', utc)).toBe('12 Mar 2026, 10:05');
    expect(absoluteDateTime(null)).toBe('Never seen');
  });
});

describe('badges', () => {
  it('spells out the FREE licence', () => {
    expect(licenceBadge('FREE')).toEqual({ label: 'FREE – reduced features', tone: 'warning' });
    expect(licenceBadge('plus')).toEqual({ label: 'PLUS', tone: 'accent' });
    expect(licenceBadge(null)).toEqual({ label: 'Unknown', tone: 'neutral' });
  });
  it('names the meter status', () => {
    expect(meterStatus('OK')).toEqual({ label: 'Connected', tone: 'success' });
    expect(meterStatus('NOT CONNECTED')).toEqual({ label: 'Not connected', tone: 'warning' });
    expect(meterStatus('PARSE ERROR').tone).toBe('danger');
    expect(meterStatus(null).label).toBe('Unknown');
  });
});
