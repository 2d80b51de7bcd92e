// Live readings per meter: one backend subscription per meter while any view shows it (reference-counted,
// released with the components that use it), ring buffers that outlive the subscription (24 h, bounded, see
// ring.ts), and a single animation-frame loop that publishes new readings to the UI and lets the charts
// draw: however fast batches arrive, the numbers and charts change at most once per frame.
import type { AppError, LiveBatch, LiveSample } from '../../lib/bindings';
import { toAppError } from '../../lib/errors';
import { ipc } from '../../lib/ipc';
import { FeedModel, phasesOf, type Phase } from './feed';

/** How long a subscription outlives its last user (switching between overview and detail keeps it). */
const RELEASE_GRACE_MS = 750;
/** After a failed subscribe, try again this much later while still in use. */
const RETRY_MS = 5000;
/** The latency figures change at most this often (they are medians; flicker helps nobody). */
const LATENCY_PUBLISH_MS = 1000;

export type FeedStatus = 'idle' | 'subscribing' | 'subscribed' | 'error';

export interface Latency {
  /** Median received_ms − device_ms of the last 50 readings with a device time. */
  deviceToReceive: number | null;
  /** Median time from received_ms to the frame that drew the reading, last 50 frames. */
  receiveToDraw: number | null;
}

export class LiveMeter {
  readonly deviceId: string;
  /** The data itself; not reactive (charts read it on animation frames). */
  readonly model = new FeedModel();

  // Published once per frame.
  latest = $state.raw<LiveSample | null>(null);
  phases = $state.raw<Phase[]>([]);
  lost = $state(0);
  dropped = $state(0);
  latency = $state.raw<Latency>({ deviceToReceive: null, receiveToDraw: null });
  status = $state<FeedStatus>('idle');
  error = $state.raw<AppError | null>(null);

  users = 0;
  subscription: number | null = null;
  /** Bumped by every (un)subscribe: batches of an older subscription are ignored. */
  generation = 0;
  releaseTimer: ReturnType<typeof setTimeout> | null = null;
  retryTimer: ReturnType<typeof setTimeout> | null = null;
  latencyPublishedAt = 0;

  constructor(deviceId: string) {
    this.deviceId = deviceId;
  }

  /** Copies what changed in the model into the reactive fields. */
  publish(): void {
    const m = this.model;
    if (m.latest !== this.latest) {
      const phases = m.latest === null ? [] : phasesOf(m.latest);
      if (phases.join() !== this.phases.join()) this.phases = phases;
      this.latest = m.latest;
    }
    if (m.lostMessages !== this.lost) this.lost = m.lostMessages;
    if (m.droppedReadings !== this.dropped) this.dropped = m.droppedReadings;
  }

  publishLatency(nowMs: number): void {
    if (nowMs - this.latencyPublishedAt < LATENCY_PUBLISH_MS && this.latency.receiveToDraw !== null) return;
    this.latencyPublishedAt = nowMs;
    const next = { deviceToReceive: this.model.deviceToReceive.median(), receiveToDraw: this.model.receiveToDraw.median() };
    if (next.deviceToReceive !== this.latency.deviceToReceive || next.receiveToDraw !== this.latency.receiveToDraw) {
      this.latency = next;
    }
  }
}

export type FrameCallback = (nowMs: number) => void;

export class LiveStore {
  #meters = new Map<string, LiveMeter>();
  /** Saved meters as of the last `retain` (null: not known yet). */
  #saved: Set<string> | null = null;
  readonly #graceMs: number;
  readonly #retryMs: number;

  constructor(opts: { graceMs?: number; retryMs?: number } = {}) {
    this.#graceMs = opts.graceMs ?? RELEASE_GRACE_MS;
    this.#retryMs = opts.retryMs ?? RETRY_MS;
  }
  #dirty = new Set<LiveMeter>();
  #frameCallbacks = new Set<FrameCallback>();
  #raf = 0;

  /** The meter's live state (created on first use; stays until the meter leaves the list). */
  meter(deviceId: string): LiveMeter {
    let m = this.#meters.get(deviceId);
    if (m === undefined) {
      m = new LiveMeter(deviceId);
      this.#meters.set(deviceId, m);
    }
    return m;
  }

  /**
   * A view starts showing `deviceId` live. Returns the release function: call it when the view goes (an
   * `$effect` can return it directly). The backend subscription exists while at least one user holds it.
   */
  acquire(deviceId: string): () => void {
    const m = this.meter(deviceId);
    m.users++;
    if (m.releaseTimer !== null) {
      clearTimeout(m.releaseTimer);
      m.releaseTimer = null;
    }
    if (m.status === 'idle') void this.#subscribe(m);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      m.users--;
      if (m.users === 0) {
        m.releaseTimer = setTimeout(() => {
          m.releaseTimer = null;
          if (m.users > 0) return;
          this.#unsubscribe(m);
          if (this.#saved !== null && !this.#saved.has(deviceId)) this.#meters.delete(deviceId);
        }, this.#graceMs);
      }
    };
  }

  /** Called on every animation frame while registered (after new readings were published). */
  onFrame(cb: FrameCallback): () => void {
    this.#frameCallbacks.add(cb);
    this.#schedule();
    return () => this.#frameCallbacks.delete(cb);
  }

  /** Forgets meters that are no longer saved (and nobody shows). */
  retain(deviceIds: readonly string[]): void {
    const keep = new Set(deviceIds);
    this.#saved = keep;
    for (const [id, m] of this.#meters) {
      if (!keep.has(id) && m.users === 0) {
        this.#unsubscribe(m);
        this.#meters.delete(id);
      }
    }
  }

  async #subscribe(m: LiveMeter): Promise<void> {
    if (m.retryTimer !== null) {
      clearTimeout(m.retryTimer);
      m.retryTimer = null;
    }
    const generation = ++m.generation;
    m.status = 'subscribing';
    // Batches can arrive before the command answers: the numbering restarts now.
    m.model.resubscribed();
    try {
      const id = await ipc.subscribeLive(m.deviceId, (batch) => {
        if (m.generation === generation) this.#ingest(m, batch);
      });
      if (m.generation !== generation) {
        // Released while the command was on its way.
        void ipc.unsubscribeLive(id).catch(() => {});
        return;
      }
      m.subscription = id;
      m.status = 'subscribed';
      m.error = null;
    } catch (reason) {
      if (m.generation !== generation) return;
      m.status = 'error';
      m.error = toAppError(reason);
      m.retryTimer = setTimeout(() => {
        m.retryTimer = null;
        if (m.users > 0 && m.status === 'error') void this.#subscribe(m);
      }, this.#retryMs);
    }
  }

  #unsubscribe(m: LiveMeter): void {
    m.generation++;
    if (m.retryTimer !== null) clearTimeout(m.retryTimer);
    m.retryTimer = null;
    const id = m.subscription;
    m.subscription = null;
    m.status = 'idle';
    if (id !== null) void ipc.unsubscribeLive(id).catch(() => {});
  }

  /** Meters with live state (for tests). */
  get size(): number {
    return this.#meters.size;
  }

  #ingest(m: LiveMeter, batch: LiveBatch): void {
    if (m.model.ingest(batch)) {
      this.#dirty.add(m);
      this.#schedule();
    }
  }

  #schedule(): void {
    if (this.#raf === 0 && typeof requestAnimationFrame === 'function') this.#raf = requestAnimationFrame(this.#frame);
  }

  #frame = (): void => {
    this.#raf = 0;
    const published = [...this.#dirty];
    this.#dirty.clear();
    for (const m of published) m.publish();
    const now = Date.now();
    for (const cb of this.#frameCallbacks) cb(now);
    const drawnAt = Date.now();
    for (const m of published) {
      m.model.drawn(drawnAt);
      m.publishLatency(drawnAt);
    }
    if (this.#frameCallbacks.size > 0) this.#schedule();
  };
}

export const live = new LiveStore();
