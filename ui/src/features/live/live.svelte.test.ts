import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveBatch } from '../../lib/bindings';
import { sample } from '../../lib/testFixtures';

const backend = vi.hoisted(() => ({
  subs: new Map<number, { deviceId: string; onBatch: (b: LiveBatch) => void }>(),
  next: 1,
  calls: [] as string[],
  fail: false,
  /** Resolve subscribe_live only when released (to test answers that come late). */
  hold: null as null | (() => void),
  /** Every channel the UI handed over, also after it was unsubscribed (a backend may still send). */
  channels: [] as ((b: LiveBatch) => void)[],
}));

vi.mock('../../lib/ipc', () => ({
  ipc: {
    subscribeLive: async (deviceId: string, onBatch: (b: LiveBatch) => void) => {
      backend.calls.push(`sub ${deviceId}`);
      backend.channels.push(onBatch);
      if (backend.fail) throw { code: 'not_found', message: 'no saved meter' };
      if (backend.hold) await new Promise<void>((r) => (backend.hold = r));
      const id = backend.next++;
      backend.subs.set(id, { deviceId, onBatch });
      return id;
    },
    unsubscribeLive: async (id: number) => {
      backend.calls.push(`unsub ${id}`);
      backend.subs.delete(id);
      return null;
    },
  },
}));

const { LiveStore } = await import('./live.svelte');

const frames: FrameRequestCallback[] = [];
const runFrame = () => frames.splice(0).forEach((f) => f(0));

beforeEach(() => {
  vi.useFakeTimers();
  backend.subs.clear();
  backend.calls = [];
  backend.next = 1;
  backend.fail = false;
  backend.hold = null;
  backend.channels = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  frames.length = 0;
});

const flush = () => vi.advanceTimersByTimeAsync(0);
const batch = (seq: number, n = 1, dropped = 0): LiveBatch => ({
  seq,
  dropped,
  samples: Array.from({ length: n }, (_, i) => {
    const t = Date.now() - 5 + i;
    return sample({ received_ms: t, device_ms: t - 40 });
  }),
});

describe('LiveStore', () => {
  it('subscribes once per meter however many views use it, and unsubscribes after the last one leaves', async () => {
    const live = new LiveStore({ graceMs: 500 });
    const a = live.acquire('M1');
    const b = live.acquire('M1');
    await flush();
    expect(backend.calls).toEqual(['sub M1']);
    a();
    a(); // releasing twice counts once
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.calls).toEqual(['sub M1']);
    b();
    await vi.advanceTimersByTimeAsync(499);
    expect(backend.calls).toEqual(['sub M1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(backend.calls).toEqual(['sub M1', 'unsub 1']);
    expect(live.meter('M1').status).toBe('idle');
  });

  it('keeps the subscription when a view hands over to another within the grace time', async () => {
    const live = new LiveStore({ graceMs: 500 });
    const card = live.acquire('M1');
    await flush();
    card();
    await vi.advanceTimersByTimeAsync(100);
    const detail = live.acquire('M1');
    await vi.advanceTimersByTimeAsync(2000);
    expect(backend.calls).toEqual(['sub M1']);
    detail();
  });

  it('publishes readings once per frame, not per message, and counts gaps and drops', async () => {
    const live = new LiveStore();
    live.acquire('M1');
    await flush();
    const m = live.meter('M1');
    const send = backend.subs.get(1)!.onBatch;
    send(batch(1, 3));
    send(batch(2, 2));
    send(batch(5, 1, 7));
    expect(m.latest).toBeNull(); // nothing on screen before the frame
    expect(frames.length).toBe(1); // one frame requested for all three messages
    runFrame();
    expect(m.latest).not.toBeNull();
    expect(m.lost).toBe(2);
    expect(m.dropped).toBe(7);
    expect(m.phases).toEqual([1, 2, 3]);
    expect(m.model.series.pushed).toBe(6);
    expect(m.latency.receiveToDraw).not.toBeNull();
    expect(m.latency.deviceToReceive).toBe(40);
  });

  it('ignores messages of a subscription that was let go, and unsubscribes an answer that came too late', async () => {
    const live = new LiveStore({ graceMs: 10 });
    backend.hold = () => {};
    const release = live.acquire('M1');
    const m = live.meter('M1');
    await flush();
    release();
    await vi.advanceTimersByTimeAsync(20);
    backend.hold!(); // the subscribe answer arrives after the view left
    await flush();
    expect(backend.calls).toEqual(['sub M1', 'unsub 1']);
    // The backend had sent readings on that channel before it heard of the unsubscribe.
    backend.channels[0]!(batch(1, 3));
    runFrame();
    expect(m.latest).toBeNull();
    expect(m.model.series.pushed).toBe(0);
  });

  it('retries a failed subscription while in use', async () => {
    const live = new LiveStore({ retryMs: 1000 });
    backend.fail = true;
    live.acquire('M1');
    await flush();
    expect(live.meter('M1').status).toBe('error');
    expect(live.meter('M1').error?.code).toBe('not_found');
    backend.fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(live.meter('M1').status).toBe('subscribed');
  });

  it('forgets meters that left the saved list once nobody shows them', async () => {
    const live = new LiveStore({ graceMs: 10 });
    const release = live.acquire('M1');
    live.meter('M2');
    await flush();
    live.retain(['M1']);
    expect(live.size).toBe(1);
    live.retain([]);
    expect(live.size).toBe(1); // still on screen
    release();
    await vi.advanceTimersByTimeAsync(20);
    expect(live.size).toBe(0);
  });
});
