import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clockTime,
  computerZoneName,
  dateTime,
  offsetLabel,
  relativeTime,
  relativeTimeNextCheckMs,
  seenAt,
  wallDate,
  zoneDescription,
  zoneFor,
  type TimeZone,
} from './time';

// This computer is in Zurich for these tests (UTC+1 in March, UTC+2 in July).
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Zurich';
});
afterAll(() => {
  process.env.TZ = savedTz;
});

const computer: TimeZone = { kind: 'computer' };
const meterUtc: TimeZone = { kind: 'meter', offsetS: 0 };
const meterNewYork: TimeZone = { kind: 'meter', offsetS: -5 * 3600 };
const t = Date.parse('2026-03-12T21:27:05Z');

describe('one zone for every time on screen', () => {
  it('picks the computer by default and the meter only when its clock is known', () => {
    expect(zoneFor('computer', 3600)).toEqual({ kind: 'computer' });
    expect(zoneFor('meter', 3600)).toEqual({ kind: 'meter', offsetS: 3600 });
    expect(zoneFor('meter', null)).toEqual({ kind: 'computer', fallback: true });
    // The same zone is the same object: charts rebuild only when the zone really changes.
    expect(zoneFor('meter', 3600)).toBe(zoneFor('meter', 3600));
    expect(zoneFor('computer', 3600)).toBe(zoneFor('computer', -3600));
  });

  it('formats clock times in the zone', () => {
    expect(clockTime(t, computer)).toBe('22:27');
    expect(clockTime(t, computer, { seconds: true })).toBe('22:27:05');
    expect(clockTime(t, meterUtc)).toBe('21:27');
    expect(clockTime(t, meterNewYork, { seconds: true })).toBe('16:27:05');
    expect(clockTime(Date.parse('2026-03-12T23:00:00Z'), computer)).toBe('00:00');
    expect(clockTime(NaN, computer)).toBe('—');
  });

  it('formats dates with times for tooltips', () => {
    expect(dateTime(t, computer)).toBe('12 Mar 2026, 22:27');
    expect(dateTime(Date.parse('2026-03-12T23:30:00Z'), computer)).toBe('13 Mar 2026, 00:30');
    expect(dateTime(Date.parse('2026-03-12T23:30:00Z'), meterUtc)).toBe('12 Mar 2026, 23:30');
    expect(seenAt(null, computer)).toBe('Never seen');
    expect(seenAt('2026-03-12T21:27:05Z', meterNewYork)).toBe('12 Mar 2026, 16:27');
  });

  it('names the zone', () => {
    expect(offsetLabel(3600)).toBe('UTC+01:00');
    expect(offsetLabel(-12_600)).toBe('UTC\u221203:30');
    expect(offsetLabel(0)).toBe('UTC');
    expect(computerZoneName()).toBe('Europe/Zurich');
    expect(zoneDescription(computer)).toBe("this computer's time zone (Europe/Zurich)");
    expect(zoneDescription({ kind: 'meter', offsetS: 7200 })).toBe("the meter's clock (UTC+02:00)");
  });

  it("gives chart axes a date that reads the zone's wall clock", () => {
    const d = wallDate(t, meterNewYork);
    expect([d.getHours(), d.getMinutes(), d.getSeconds()]).toEqual([16, 27, 5]);
    expect(wallDate(t, computer).getTime()).toBe(t);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-03-12T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();
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
    expect(relativeTime(iso, now, meterUtc)).toBe(want);
  });

  it('tolerates a little clock skew, but not a lot', () => {
    expect(relativeTime(new Date(now + 30_000).toISOString(), now)).toBe('just now');
    expect(relativeTime('2026-04-01T00:00:00Z', now, meterUtc)).toBe('1 Apr 2026');
  });

  it('is checked rarely once the label changes slowly', () => {
    expect(relativeTimeNextCheckMs(10_000)).toBe(5_000);
    expect(relativeTimeNextCheckMs(10 * 60_000)).toBe(30_000);
    expect(relativeTimeNextCheckMs(3 * 3_600_000)).toBe(300_000);
    expect(relativeTimeNextCheckMs(3 * 86_400_000)).toBe(3_600_000);
  });
});
