import { describe, expect, it, vi } from 'vitest';
import type { AddMeterRequest, ProbeView } from '../../lib/bindings';
import { MESSAGES } from '../../lib/diagnostics';
import { discovered, meter } from '../../lib/testFixtures';
import { add, check, quickAdd, type AddApi } from './addFlow';

function api(probe: (pw: string | null) => ProbeView | Promise<never>, addResult?: () => unknown): AddApi & {
  probeAddress: ReturnType<typeof vi.fn>;
  addMeter: ReturnType<typeof vi.fn>;
} {
  return {
    probeAddress: vi.fn(async (_a: string, pw: string | null) => probe(pw)),
    addMeter: vi.fn(async (req: AddMeterRequest) => {
      if (addResult) return addResult();
      return meter({ name: req.name ?? 'whatwatt-5C7F14' });
    }),
  } as never;
}

describe('check', () => {
  it('returns the device', async () => {
    const a = api(() => ({ kind: 'device', device: discovered() }));
    const out = await check(a, ' 192.168.1.50 ', null);
    expect(out).toEqual({ kind: 'device', device: discovered() });
    expect(a.probeAddress).toHaveBeenCalledWith('192.168.1.50', null);
  });

  it('sends an empty password as null', async () => {
    const a = api(() => ({ kind: 'device', device: discovered() }));
    await check(a, 'x', '');
    expect(a.probeAddress).toHaveBeenCalledWith('x', null);
  });

  it('asks for a password', async () => {
    const out = await check(api(() => ({ kind: 'needs_password' })), 'locked.local', null);
    expect(out.kind).toBe('needs_password');
  });

  it('reports problems with their message', async () => {
    const out = await check(api(() => ({ kind: 'unreachable', detail: 'refused' })), '10.0.0.99', null);
    expect(out).toMatchObject({ kind: 'problem', diagnostic: { title: MESSAGES.unreachable('10.0.0.99'), detail: 'refused' } });
    const wrong = await check(api(() => ({ kind: 'wrong_password' })), 'locked.local', 'wrong');
    expect(wrong).toMatchObject({ kind: 'problem', diagnostic: { title: MESSAGES.wrongPassword, focus: 'password' } });
  });

  it('maps rejections, including bare strings', async () => {
    const invalid = await check(api(() => Promise.reject({ code: 'invalid_address', message: 'bad' })), 'a b', null);
    expect(invalid).toMatchObject({ kind: 'problem', diagnostic: { title: MESSAGES.invalidAddress } });
    const str = await check(api(() => Promise.reject('panic')), 'x', null);
    expect(str).toMatchObject({ kind: 'problem', diagnostic: { title: MESSAGES.internal, detail: 'panic' } });
    const pw = await check(api(() => Promise.reject({ code: 'password_required', message: '' })), 'x', null);
    expect(pw.kind).toBe('needs_password');
  });
});

describe('add', () => {
  it('sends a trimmed request with empty fields as null', async () => {
    const a = api(() => ({ kind: 'needs_password' }));
    const out = await add(a, ' meter.local ', '', '  ');
    expect(a.addMeter).toHaveBeenCalledWith({ address: 'meter.local', password: null, name: null });
    expect(out.kind).toBe('added');
  });

  it('keeps the password exactly as typed', async () => {
    const a = api(() => ({ kind: 'needs_password' }));
    await add(a, 'm', ' secret ', 'Garage');
    expect(a.addMeter).toHaveBeenCalledWith({ address: 'm', password: ' secret ', name: 'Garage' });
  });

  it.each([
    ['already_added', 'problem', MESSAGES.alreadyAdded],
    ['wrong_password', 'problem', MESSAGES.wrongPassword],
    ['password_required', 'needs_password', MESSAGES.needsPassword],
    ['timeout', 'problem', MESSAGES.timeout('m')],
  ])('maps %s', async (code, kind, title) => {
    const a = api(
      () => ({ kind: 'needs_password' }),
      () => Promise.reject({ code, message: 'x' }),
    );
    expect(await add(a, 'm', null, null)).toMatchObject({ kind, diagnostic: { title } });
  });
});

describe('quickAdd', () => {
  it('probes, then adds without a password', async () => {
    const a = api(() => ({ kind: 'device', device: discovered() }));
    const out = await quickAdd(a, '192.168.1.50:80');
    expect(out.kind).toBe('added');
    expect(a.probeAddress).toHaveBeenCalledTimes(1);
    expect(a.addMeter).toHaveBeenCalledWith({ address: '192.168.1.50:80', password: null, name: null });
  });

  it('stops to ask for a password', async () => {
    const a = api(() => ({ kind: 'needs_password' }));
    expect((await quickAdd(a, 'x')).kind).toBe('needs_password');
    expect(a.addMeter).not.toHaveBeenCalled();
  });

  it('stops on problems', async () => {
    const a = api(() => ({ kind: 'not_whatwatt', detail: 'printer' }));
    expect(await quickAdd(a, 'x')).toMatchObject({ kind: 'problem', diagnostic: { title: MESSAGES.notWhatwatt } });
    expect(a.addMeter).not.toHaveBeenCalled();
  });
});
