import { describe, expect, it } from 'vitest';
import { Action, Resource } from './requests.svelte';

describe('Resource', () => {
  it('holds the value, or the error as an AppError (the old value stays)', async () => {
    let answer: () => Promise<number> = async () => 1;
    const r = new Resource(() => answer());
    expect(r.value).toBeNull();
    await r.load();
    expect(r.value).toBe(1);
    answer = async () => {
      throw 'backend panicked';
    };
    await r.load();
    expect(r.error).toEqual({ code: 'internal', message: 'backend panicked' });
    expect(r.value).toBe(1);
    answer = async () => 2;
    const { load } = r; // usable as a callback (onretry={r.load})
    await load();
    expect(r).toMatchObject({ value: 2, error: null });
  });
});

describe('Action', () => {
  it('is busy while running, and runs once at a time', async () => {
    const a = new Action();
    let release = () => {};
    const first = a.run(() => new Promise<void>((r) => (release = r)));
    expect(a.busy).toBe(true);
    expect(await a.run(async () => {})).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(a.busy).toBe(false);
  });

  it('keeps why it failed until the next run', async () => {
    const a = new Action();
    expect(await a.run(async () => Promise.reject({ code: 'broker_auth', message: 'not authorised' }))).toBe(false);
    expect(a.error).toEqual({ code: 'broker_auth', message: 'not authorised' });
    expect(a.busy).toBe(false);
    expect(await a.run(async () => {})).toBe(true);
    expect(a.error).toBeNull();
  });
});
