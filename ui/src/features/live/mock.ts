// The mock backend's live readings: `subscribe_live` streams numbered batches of simulated readings through
// the real `Channel` callback path, at `&rate=<Hz>` (default 5). A meter's first subscription replays
// `&history=<min>` (default 15) of past readings at 1 Hz, so the charts are not empty (the real backend
// sends only new readings).
import type { Channel } from '@tauri-apps/api/core';
import type { LiveBatch, LiveSample, Transport } from '../../lib/bindings';
import { hash6 } from '../../mock/devices';
import type { MockFeature } from '../../mock/world';
import { HOUSE_FEED, START_EXPORT, START_IMPORT, streamingTransport, type FeedSpec } from './mockFeeds';
import { MeterSim } from './mockSignal';

/** What the real IPC layer does with a channel message: mockIPC's callback registry. */
const runCallback = (id: number, data: unknown) =>
  (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__.runCallback(
    id,
    data,
  );

const lag = (t: Transport) => (t === 'poll' ? 180 : t === 'mqtt' ? 90 : 35) * (0.7 + 0.6 * Math.random());

export const liveMock: MockFeature = (world) => {
  const s = world.state;
  const rateHz = Math.min(1000, Math.max(0.1, Number(world.params.get('rate') ?? '5') || 5));
  const historyMin = Math.max(0, Number(world.params.get('history') ?? '15') || 0);
  const sims = new Map<string, MeterSim>();
  const replayed = new Set<string>();
  const subs = new Map<number, { deviceId: string; stop: () => void }>();
  let nextSub = 1;

  const specFor = (id: string): FeedSpec =>
    (s.feeds[id] ??= { ...HOUSE_FEED, seed: parseInt(hash6(id), 16) % 97, todayImport: 2.4, todayExport: 0.9 });
  const simFor = (id: string): MeterSim => {
    let sim = sims.get(id);
    if (sim === undefined) {
      const f = specFor(id);
      sim = new MeterSim({
        seed: f.seed,
        phases: f.phases,
        pvPeakKw: f.pvPeakKw,
        baseLoadKw: f.baseLoadKw,
        importKwh: START_IMPORT + f.seed,
        exportKwh: START_EXPORT + f.seed,
        lagMs: 45,
      });
      sims.set(id, sim);
    }
    return sim;
  };

  /** Streams like the backend: numbered batches of ≤ 10 readings into the channel, in order. */
  function subscribe(deviceId: string, channel: Channel<LiveBatch>): number {
    world.meter(deviceId);
    const id = nextSub++;
    const spec = specFor(deviceId);
    const sim = simFor(deviceId);
    let index = 0;
    let seq = 0;
    let batches = 0;
    const deliver = (message: LiveBatch | null) =>
      runCallback(channel.id, message === null ? { index: index++, end: true } : { index: index++, message });
    const send = (samples: LiveSample[]) => {
      batches++;
      seq += spec.gaps && batches % 9 === 0 ? 2 + (batches % 2) : 1;
      deliver({ seq, samples, dropped: spec.gaps && batches % 13 === 0 ? 4 : 0 });
    };
    const sendAll = (samples: LiveSample[]) => {
      for (let i = 0; i < samples.length; i += 10) send(samples.slice(i, i + 10));
    };
    const timers: ReturnType<typeof setTimeout>[] = [];

    // The past: what an earlier session would have collected (the real backend sends only new readings).
    timers.push(
      setTimeout(() => {
        if (replayed.has(deviceId)) return;
        replayed.add(deviceId);
        const current = s.meters.find((m) => m.device_id === deviceId)?.connection ?? null;
        // Only a meter that streams now, or one that went quiet a while ago, has a past worth showing.
        if (streamingTransport(current) === null && spec.lastReadingAgoMs === undefined) return;
        const end = Date.now() - (spec.lastReadingAgoMs ?? 0);
        const minutes = spec.lastReadingAgoMs !== undefined ? Math.max(historyMin, 2) : historyMin;
        if (minutes <= 0) return;
        const past: LiveSample[] = [];
        const transport = streamingTransport(current) ?? 'sse';
        for (let t = end - minutes * 60_000; t <= end; t += 1000) past.push(sim.sample(t - lag(transport), transport, t));
        sendAll(past);
      }, 0),
    );

    const period = 1000 / (spec.rateHz ?? rateHz);
    let next = Date.now();
    timers.push(
      setInterval(
        () => {
          const current = s.meters.find((m) => m.device_id === deviceId);
          const transport = streamingTransport(current?.connection ?? null);
          const now = Date.now();
          if (transport === null || !replayed.has(deviceId)) {
            next = now;
            return;
          }
          const fresh: LiveSample[] = [];
          for (; next <= now && fresh.length < 1000; next += period) {
            const received = Math.min(now, Math.round(next));
            fresh.push(sim.sample(received - lag(transport), transport, received));
          }
          if (next < now) next = now;
          sendAll(fresh);
        },
        Math.max(10, period),
      ),
    );
    subs.set(id, {
      deviceId,
      stop: () => {
        timers.forEach(clearTimeout);
        deliver(null);
      },
    });
    return id;
  }

  function unsubscribe(id: number): void {
    subs.get(id)?.stop();
    subs.delete(id);
  }

  // A removed meter's streams end.
  world.onMeterRemoved((deviceId) => {
    for (const [sub, x] of subs) if (x.deviceId === deviceId) unsubscribe(sub);
  });

  return {
    handlers: {
      subscribe_live: async (args) => {
        await world.slow(10);
        return subscribe(String(args.deviceId), args.onBatch as Channel<LiveBatch>);
      },
      unsubscribe_live: async (args) => {
        await world.slow(5);
        unsubscribe(Number(args.subscription));
        return null;
      },
    },
    testApi: {
      /** Open live subscriptions (device ids). */
      subscriptions() {
        return [...subs.values()].map((x) => x.deviceId);
      },
    },
  };
};
