import { describe, expect, it } from 'vitest';
import { meter } from '../../lib/testFixtures';
import { basicRefusedDetail, connectionBadge, isOnline, meterLinkState, noReadingHint, StateClock } from './connection';

describe('connectionBadge', () => {
  it.each([
    [null, 'Checking…', 'neutral'],
    [{ state: 'connecting', attempt: 1 }, 'Connecting…', 'neutral'],
    [{ state: 'connecting', attempt: 4 }, 'Connecting… (try 4)', 'neutral'],
    [{ state: 'live', transport: 'sse' }, 'Live stream', 'success'],
    [{ state: 'live', transport: 'poll' }, 'Live · polling', 'success'],
    [{ state: 'live', transport: 'mqtt' }, 'Live · MQTT', 'success'],
    [{ state: 'stale', transport: 'sse', silent_s: 12 }, 'Stale · 12 s silent', 'warning'],
    [{ state: 'preempted', fallback: 'poll', retry_in_s: 30 }, 'Live · polling', 'info'],
    [{ state: 'preempted', fallback: null, retry_in_s: 30 }, 'Another app is using the live stream', 'warning'],
    [{ state: 'needs_password' }, 'Needs password', 'warning'],
    [{ state: 'wrong_password' }, 'Wrong password', 'danger'],
    [{ state: 'basic_refused' }, 'Password not sent', 'danger'],
    [{ state: 'license_required', detail: 'SSE needs PLUS' }, 'Licence required', 'warning'],
    [{ state: 'offline', retry_in_s: 15, reason: 'timed out' }, 'Offline · retrying in 15 s', 'neutral'],
    [{ state: 'stopped' }, 'Stopped', 'neutral'],
  ] as const)('%j → %s', (state, label, tone) => {
    const b = connectionBadge(state, 0);
    expect(b.label).toBe(label);
    expect(b.tone).toBe(tone);
  });

  it('counts down from when the state arrived', () => {
    const off = { state: 'offline', retry_in_s: 15, reason: 'no route to host' } as const;
    expect(connectionBadge(off, 5).label).toBe('Offline · retrying in 10 s');
    expect(connectionBadge(off, 20).label).toBe('Offline · retrying now');
    expect(connectionBadge(off, 5).detail).toBe('no route to host');
    expect(connectionBadge({ state: 'stale', transport: 'poll', silent_s: 10 }, 5).label).toBe('Stale · 15 s silent');
  });

  it('explains a preempted stream and whether readings still arrive', () => {
    const poll = connectionBadge({ state: 'preempted', fallback: 'poll', retry_in_s: 60 }, 0);
    expect(poll.receiving).toBe(true);
    expect(poll.detail).toMatch(/^Another app is using the live stream/);
    expect(poll.detail).toMatch(/in 60 s/);
    expect(connectionBadge({ state: 'preempted', fallback: null, retry_in_s: 60 }, 0).receiving).toBe(false);
    expect(connectionBadge({ state: 'license_required', detail: 'SSE needs PLUS' }).detail).toBe('SSE needs PLUS');
  });

  it('explains a refused clear-text login in plain words', () => {
    const b = connectionBadge({ state: 'basic_refused' });
    expect(b.receiving).toBe(false);
    expect(b.detail).toBe(basicRefusedDetail());
    expect(b.detail).toMatch(/unencrypted/);
    expect(b.detail).toMatch(/did not send the password/);
    expect(b.detail).not.toMatch(/Basic|Digest|HTTP/);
  });

  it('counts as online only while readings arrive: connecting is not online', () => {
    expect(isOnline({ state: 'connecting', attempt: 1 })).toBe(false);
    expect(isOnline(null)).toBe(false);
    expect(isOnline({ state: 'live', transport: 'poll' })).toBe(true);
    expect(isOnline({ state: 'preempted', fallback: 'poll', retry_in_s: 3 })).toBe(true);
    expect(isOnline({ state: 'needs_password' })).toBe(false);
  });

  it("shows the reader's meter link only while the session is live", () => {
    expect(meterLinkState(null)).toBe('checking');
    expect(meterLinkState({ state: 'connecting', attempt: 1 })).toBe('checking');
    expect(meterLinkState({ state: 'live', transport: 'sse' })).toBe('known');
    expect(meterLinkState({ state: 'offline', retry_in_s: 3, reason: '' })).toBe('unknown');
  });

  it('says "live stream", not SSE, on the badge (the technical name is in the tooltip)', () => {
    const b = connectionBadge({ state: 'live', transport: 'sse' });
    expect(b.label).not.toMatch(/SSE/);
    expect(b.detail).toMatch(/live stream/);
  });

  it('receives only while live (or polling in place of the stream)', () => {
    expect(connectionBadge({ state: 'live', transport: 'sse' }).receiving).toBe(true);
    expect(connectionBadge({ state: 'stale', transport: 'sse', silent_s: 1 }).receiving).toBe(false);
    expect(connectionBadge({ state: 'offline', retry_in_s: 1, reason: '' }).receiving).toBe(false);
  });
});

describe('StateClock', () => {
  it('stamps a state when it changes, not when the same list comes again', () => {
    const c = new StateClock();
    const offline = meter({ connection: { state: 'offline', retry_in_s: 30, reason: 'x' } });
    c.update([offline], 1000);
    c.update([{ ...offline, name: 'renamed' }], 5000);
    expect(c.since(offline.device_id)).toBe(1000);
    c.update([{ ...offline, connection: { state: 'connecting', attempt: 2 } }], 7000);
    expect(c.since(offline.device_id)).toBe(7000);
    c.update([], 8000);
    expect(c.since(offline.device_id)).toBeNull();
  });
});

describe('noReadingHint', () => {
  it('says briefly why there is nothing to show', () => {
    expect(noReadingHint(null)).toBe('Connecting…');
    expect(noReadingHint({ state: 'offline', retry_in_s: 5, reason: '' })).toBe('Back when the meter answers.');
    expect(noReadingHint({ state: 'needs_password' })).toBe('The meter needs its password.');
    expect(noReadingHint({ state: 'preempted', fallback: null, retry_in_s: 5 })).toBe('Another app has the stream.');
    expect(noReadingHint({ state: 'stopped' })).toBe('Not being watched.');
    expect(noReadingHint({ state: 'basic_refused' })).toBe('The password was not sent.');
    expect(noReadingHint({ state: 'wrong_password' })).toBe('The saved password was refused.');
  });
});
