import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveBatch } from '../../lib/bindings';
import { sample } from '../../lib/testFixtures';
import { shouldDraw, wakeAt, windowMs, type DrawState, type WindowId } from './charts';
import type { ChartHandle, LiveMeter, LiveStore as Store } from './live.svelte';

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
    historyRecent: async (deviceId: string, seconds: number) => {
      backend.calls.push(`recent ${deviceId} ${seconds}`);
      if (backend.fail) throw { code: 'history', message: 'the history is not open' };
      const now = Date.now();
      const step = seconds <= 3600 ? 1000 : 60_000;
      return Array.from({ length: Math.floor((seconds * 1000) / step) }, (_, k) => ({ t_ms: now - seconds * 1000 + k * step, kw: 0.5 }));
    },
  },
}));

const { LiveStore } = await import('./live.svelte');

/** Animation frames the store asked for and the browser has not run yet. */
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

/** Lets `ms` pass like a browser would: timers fire, and a requested frame runs within 16 ms. */
async function pass(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 16) {
    await vi.advanceTimersByTimeAsync(Math.min(16, ms - t));
    runFrame();
  }
}

let seq = 0;
const batch = (n = 1, dropped = 0, s = ++seq): LiveBatch => ({
  seq: s,
  dropped,
  samples: Array.from({ length: n }, (_, i) => {
    const t = Date.now() - 5 + i;
    return sample({ received_ms: t, device_ms: t - 40 });
  }),
});
const send = (deviceId: string, b: LiveBatch = batch()) => {
  const sub = [...backend.subs.values()].find((x) => x.deviceId === deviceId);
  if (sub === undefined) throw new Error(`no subscription for ${deviceId}`);
  sub.onBatch(b);
};

/** A chart as LiveChart.svelte makes one: drawn when `nextDrawAt` says, counting its draws. */
function chart(feed: LiveMeter, window: WindowId = '5m', widthPx = 900) {
  let lastDraw = -Infinity;
  let drawnVersion = -1;
  let force = true;
  let hasData = false;
  const state = (): DrawState => ({
    lastDrawMs: lastDraw,
    windowMs: windowMs(window),
    widthPx,
    newData: feed.model.version !== drawnVersion,
    hasData,
    force,
  });
  const c = {
    draws: [] as number[],
    handle: {
      wakeAt: () => wakeAt(state()),
      shouldDraw: (now: number) => shouldDraw(state(), now),
      draw: (now: number) => {
        force = false;
        lastDraw = now;
        drawnVersion = feed.model.version;
        hasData = feed.model.series.query({ from: now - windowMs(window), to: now, maxPoints: widthPx, series: [0], gapMs: 20_000 }).t.length > 0;
        c.draws.push(now);
      },
      invalidate: () => {
        force = true;
      },
    } satisfies ChartHandle,
  };
  return c;
}

/** A store with M1 saved and subscribed, shown by a view with a 5 min chart. */
async function shownWithChart() {
  const live = await saved();
  const m = live.meter('M1');
  const release = live.acquire('M1');
  const c = chart(m);
  const remove = live.addChart(c.handle);
  return { live, m, c, release, remove };
}

/** A store with M1 saved and subscribed. */
async function saved(ids = ['M1']): Promise<Store> {
  const live = new LiveStore();
  live.retain(ids);
  await flush();
  return live;
}

describe('subscriptions: every saved meter, whatever view is open', () => {
  it('subscribes each saved meter once, and keeps it while views come and go', async () => {
    const live = await saved(['M1', 'M2']);
    expect(backend.calls).toEqual(['sub M1', 'sub M2']);
    const card = live.acquire('M1');
    const detail = live.acquire('M1');
    card();
    detail();
    live.retain(['M1', 'M2']); // the list again (a health update)
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.calls).toEqual(['sub M1', 'sub M2']);
    expect(live.meter('M1').status).toBe('subscribed');
  });

  it('keeps filling the rings while no view shows the meter, without drawing anything', async () => {
    const live = await saved();
    const m = live.meter('M1');
    for (let i = 0; i < 30; i++) {
      send('M1', batch(1));
      await pass(1000);
    }
    expect(m.model.series.pushed).toBe(30);
    expect(live.framesRequested).toBe(0); // nobody looks: no frame, no reactive update
    expect(m.latest).toBeNull();
    // A view opens: what arrived meanwhile is there at once.
    live.acquire('M1');
    await pass(20);
    expect(m.latest).not.toBeNull();
    expect(m.model.series.query({ from: Date.now() - 60_000, to: Date.now(), maxPoints: 100, series: [0], gapMs: 20_000 }).t.length).toBe(30);
  });

  it('lets a meter go when it is no longer saved, and ignores what its old channel still sends', async () => {
    const live = await saved(['M1', 'M2']);
    const m = live.meter('M1');
    live.retain(['M2']);
    await flush();
    expect(backend.calls).toEqual(['sub M1', 'sub M2', 'unsub 1']);
    expect(live.size).toBe(1);
    backend.channels[0]!(batch(3));
    expect(m.model.series.pushed).toBe(0);
  });

  it('keeps a meter shown by a view until the view goes, even when it was removed', async () => {
    const live = await saved(['M1']);
    const release = live.acquire('M1');
    live.retain([]);
    expect(live.size).toBe(1);
    release();
    expect(live.size).toBe(0);
  });

  it('unsubscribes a subscribe answer that came after the meter was removed', async () => {
    const live = new LiveStore();
    backend.hold = () => {};
    live.retain(['M1']);
    await flush();
    live.retain([]);
    backend.hold!(); // the answer arrives after the meter left the list
    await flush();
    expect(backend.calls).toEqual(['sub M1', 'unsub 1']);
  });

  it('retries a failed subscription while the meter is saved', async () => {
    const live = new LiveStore({ retryMs: 1000 });
    backend.fail = true;
    live.retain(['M1']);
    await flush();
    expect(live.meter('M1').status).toBe('error');
    expect(live.meter('M1').error?.code).toBe('not_found');
    backend.fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(live.meter('M1').status).toBe('subscribed');
  });
});

describe('frames: only when something changed', () => {
  it('shows each reading of a 1 reading/s meter as it arrives, even when the first frame came just before', async () => {
    const live = await saved();
    const m = live.meter('M1');
    live.acquire('M1');
    send('M1');
    await pass(20);
    await pass(880); // the next reading comes 900 ms after the first was shown, then one a second with jitter
    for (const gap of [0, 1040, 960, 1010, 990]) {
      await pass(gap);
      send('M1');
      const sent = Date.now();
      await pass(20);
      expect(m.latest?.received_ms).toBe(sent - 5);
    }
    expect(m.latency.receiveToDraw).toBeLessThan(100);
  });

  it('publishes readings in a frame, not per message, and counts gaps and drops', async () => {
    const live = await saved();
    live.acquire('M1');
    await pass(1000);
    const m = live.meter('M1');
    const before = live.framesRequested;
    send('M1', batch(3, 0, 1));
    send('M1', batch(2, 0, 2));
    send('M1', batch(1, 7, 5));
    expect(m.latest).toBeNull(); // nothing on screen before the frame
    expect(live.framesRequested - before).toBe(1); // one frame for all three messages
    runFrame();
    expect(m.latest).not.toBeNull();
    expect(m.lost).toBe(2);
    expect(m.dropped).toBe(7);
    expect(m.phases).toEqual([1, 2, 3]);
    expect(m.model.series.pushed).toBe(6);
    expect(m.latency.receiveToDraw).not.toBeNull();
    expect(m.latency.deviceToReceive).toBe(40);
  });

  it('requests no frame while nothing changes, one per new reading at 1 reading/s', async () => {
    const { live, c } = await shownWithChart();
    await pass(100);
    expect(c.draws.length).toBe(1); // the first, empty draw
    const idle = live.framesRequested;
    await pass(30_000);
    expect(live.framesRequested).toBe(idle); // an empty chart does not slide: nothing to draw

    const start = live.framesRequested;
    for (let i = 0; i < 10; i++) {
      send('M1');
      await pass(1000);
    }
    expect(live.framesRequested - start).toBe(10);
    expect(c.draws.length).toBe(11);
  });

  it('draws a 10 readings/s meter about once a second, not ten times', async () => {
    const { live, m, c } = await shownWithChart();
    await pass(100);
    const start = live.framesRequested;
    const drawn = c.draws.length;
    for (let i = 0; i < 100; i++) {
      send('M1');
      await pass(100);
    }
    // 10 s of readings: one frame per 900 ms of readings (and the first), against 10 for a 1 reading/s meter.
    expect(live.framesRequested - start).toBeLessThanOrEqual(13);
    expect(c.draws.length - drawn).toBeLessThanOrEqual(13);
    expect(m.model.series.pushed).toBe(100);
  });

  it('slides a chart on a timer when its axis moves a pixel (96 s on a 24 h chart), with no frame in between', async () => {
    const live = await saved();
    const m = live.meter('M1');
    live.acquire('M1');
    send('M1');
    const c = chart(m, '24h');
    live.addChart(c.handle);
    await pass(100);
    expect(c.draws.length).toBe(1);
    const frames0 = live.framesRequested;
    await pass(95_000);
    expect(c.draws.length).toBe(1);
    expect(live.framesRequested).toBe(frames0);
    await pass(1_500);
    expect(c.draws.length).toBe(2);
    expect(live.framesRequested).toBe(frames0 + 1);
    // A 5 min chart (a pixel is 333 ms) slides every 2 s while no reading comes.
    const short = chart(m, '5m');
    live.addChart(short.handle);
    await pass(100);
    const first = short.draws.length;
    await pass(10_000);
    expect(short.draws.length - first).toBe(4); // every 2 s (and a little: the frame slack)
  });

  it('draws nothing while the window is hidden, keeps storing, and catches up in one frame when shown', async () => {
    const { live, m, c } = await shownWithChart();
    send('M1');
    await pass(100);
    const draws = c.draws.length;
    live.setVisible(false);
    const hiddenAt = live.framesRequested;
    for (let i = 0; i < 20; i++) {
      send('M1');
      await pass(1000);
    }
    expect(live.framesRequested).toBe(hiddenAt);
    expect(c.draws.length).toBe(draws);
    expect(m.model.series.pushed).toBe(21);
    live.setVisible(true);
    await pass(20);
    expect(live.framesRequested).toBe(hiddenAt + 1);
    expect(c.draws.length).toBe(draws + 1);
    expect(m.latest?.received_ms).toBe(m.model.latest?.received_ms);
  });

  it('stops asking for frames when the last chart and view go', async () => {
    const { live, release, remove } = await shownWithChart();
    send('M1');
    await pass(2000);
    remove();
    release();
    const n = live.framesRequested;
    for (let i = 0; i < 5; i++) {
      send('M1');
      await pass(1000);
    }
    expect(live.framesRequested).toBe(n);
  });
});

describe('the past of a long chart', () => {
  it('is read once per span when a 1 h or 24 h window opens, in front of the readings kept', async () => {
    const store = new LiveStore();
    const m = store.meter('A');
    m.model.ingest({ seq: 1, dropped: 0, samples: [sample({ received_ms: Date.now() - 1000 })] });
    await store.fillPast('A', windowMs('5m'));
    expect(backend.calls).toEqual([]);
    await store.fillPast('A', windowMs('1h'));
    expect(backend.calls).toEqual(['recent A 3600']);
    expect(m.model.series.pushed).toBe(1 + 3599);
    await store.fillPast('A', windowMs('24h'));
    await store.fillPast('A', windowMs('1h'));
    expect(backend.calls).toEqual(['recent A 3600', 'recent A 86400']);
    // The day's minute means only before the hour already there.
    expect(m.model.series.firstTime).toBeLessThan(Date.now() - 23 * 3_600_000);
    expect(m.model.series.pushed).toBe(3600 + 1380);
  });

  it('is tried again after a failed read', async () => {
    const store = new LiveStore();
    backend.fail = true;
    await store.fillPast('B', windowMs('1h'));
    backend.fail = false;
    await store.fillPast('B', windowMs('1h'));
    expect(backend.calls).toEqual(['recent B 3600', 'recent B 3600']);
    expect(store.meter('B').model.series.pushed).toBe(3600);
  });

  it('makes charts draw at once', async () => {
    const store = new LiveStore();
    const invalidated: string[] = [];
    const chart: ChartHandle = { wakeAt: () => Infinity, shouldDraw: () => false, draw: () => {}, invalidate: () => invalidated.push('x') };
    store.addChart(chart);
    await store.fillPast('C', windowMs('1h'));
    expect(invalidated).toEqual(['x']);
  });
});
