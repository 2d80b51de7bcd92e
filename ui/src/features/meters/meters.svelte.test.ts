import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MeterView } from '../../lib/bindings';
import { meter } from '../../lib/testFixtures';

const backend = vi.hoisted(() => ({
  calls: [] as string[],
  /** What the next accept_meter_address rejects with, if anything. */
  refuse: null as null | { code: string; message: string },
  meters: [] as MeterView[],
}));

vi.mock('../../lib/ipc', () => ({
  on: async () => () => {},
  ipc: {
    listMeters: async () => structuredClone(backend.meters),
    acceptMeterAddress: async (deviceId: string, address: string) => {
      backend.calls.push(`accept ${deviceId} ${address}`);
      if (backend.refuse) throw backend.refuse;
      const m = backend.meters.find((x) => x.device_id === deviceId)!;
      return { ...m, address, moved_to: null, connection: { state: 'connecting', attempt: 1 } };
    },
    dismissMeterMove: async (deviceId: string) => {
      backend.calls.push(`dismiss ${deviceId}`);
      return null;
    },
    allowBasicLogin: async (deviceId: string) => {
      backend.calls.push(`allow ${deviceId}`);
      const m = backend.meters.find((x) => x.device_id === deviceId)!;
      return { ...m, connection: { state: 'connecting', attempt: 1 } };
    },
  },
}));

const { meters } = await import('./meters.svelte');

const moved = meter({ online: false, connection: { state: 'offline', retry_in_s: 30, reason: 'timed out' }, moved_to: '192.168.1.77:80' });
const refused = meter({ device_id: 'B8D61A0F1E2D', name: 'Garden flat', connection: { state: 'basic_refused' } });

beforeEach(async () => {
  backend.calls = [];
  backend.refuse = null;
  backend.meters = [moved, refused];
  await meters.connect();
});

describe('a moved meter', () => {
  it('takes the new address once the backend accepted it', async () => {
    const m = await meters.acceptAddress(moved.device_id, '192.168.1.77:80');
    expect(backend.calls).toEqual([`accept ${moved.device_id} 192.168.1.77:80`]);
    expect(m.address).toBe('192.168.1.77:80');
    expect(meters.byId(moved.device_id)).toMatchObject({ address: '192.168.1.77:80', moved_to: null });
  });

  it('keeps everything as it was when the backend refuses', async () => {
    backend.refuse = { code: 'basic_refused', message: 'the device asked for the password in clear text' };
    await expect(meters.acceptAddress(moved.device_id, '192.168.1.99:80')).rejects.toMatchObject({ code: 'basic_refused' });
    expect(meters.byId(moved.device_id)).toMatchObject({ address: '192.168.1.50:80', moved_to: '192.168.1.77:80' });
  });

  it('forgets the suggestion when the user keeps the old address', async () => {
    await meters.dismissMove(moved.device_id);
    expect(backend.calls).toEqual([`dismiss ${moved.device_id}`]);
    expect(meters.byId(moved.device_id)).toMatchObject({ address: '192.168.1.50:80', moved_to: null });
  });
});

describe('a refused clear-text login', () => {
  it('restarts the session once the user allows the simple login', async () => {
    await meters.allowBasicLogin(refused.device_id);
    expect(backend.calls).toEqual([`allow ${refused.device_id}`]);
    expect(meters.byId(refused.device_id)?.connection).toEqual({ state: 'connecting', attempt: 1 });
  });
});
