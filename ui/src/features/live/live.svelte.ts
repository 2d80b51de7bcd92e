// Live readings per meter. Every saved meter has one backend subscription for as long as it is saved
// (`retain`, from the saved list), whatever view is open, so its ring buffers (24 h, bounded, see ring.ts) have
// no holes for the minutes the user spent on another page. Views only say what they show (`acquire`: publish
// this meter's readings to its reactive fields; `addChart`: draw this chart).
//
// Drawing is paced, not per message and not per animation frame: a frame is requested only when a shown
// meter has new readings or a chart's time axis has to move by a pixel, at most about once a second
// (MIN_FRAME_GAP_MS), and never while the window is hidden (readings are still stored then; the first frame
// after it is shown again brings everything up to date).
import type { AppError, LiveBatch, LiveSample } from '../../lib/bindings';
import { toAppError } from '../../lib/errors';
import { ipc } from '../../lib/ipc';
import { page } from '../../lib/visibility.svelte';
import { MIN_DRAW_GAP_MS } from './charts';
import { FeedModel, phasesOf, type Phase } from './feed';

/** After a failed subscribe, try again this much later while the meter is saved. */
const RETRY_MS = 5000;
/** The latency figures change at most this often (they are medians; flicker helps nobody). */
const LATENCY_PUBLISH_MS = 1000;
/**
 * A meter's readings are shown at most this often, counted between the arrival of the readings shown (not
 * between frames, so a meter reporting every second, with some jitter, is shown as each reading arrives, never
 * late by a drifting phase); a faster meter costs about as much as that.
 */
const MIN_FRAME_GAP_MS = MIN_DRAW_GAP_MS;
/** A chart's wake-up waits this much longer, so a reading arriving about then shares its frame. */
const FRAME_SLACK_MS = 100;

export type FeedStatus = 'idle' | 'subscribing' | 'subscribed' | 'error';

export interface Latency {
  /** Median received_ms − device_ms of the last 50 readings with a device time. */
  deviceToReceive: number | null;
  /** Median time from received_ms to the frame that showed the reading, last 50 frames. */
  receiveToDraw: number | null;
}

/**
 * A chart fed from the rings (charts.ts decides when: `shouldDraw`, `wakeAt`). Frames come for new readings;
 * a chart that needs one without them (its axis has to slide) says when.
 */
export interface ChartHandle {
  /** When the store must wake up for this chart even if no reading comes (ms epoch); Infinity: never. */
  wakeAt(nowMs: number): number;
  /** Whether it draws in a frame at `nowMs`. */
  shouldDraw(nowMs: number): boolean;
  draw(nowMs: number): void;
  /** Draw at the next frame whatever changed (the window was hidden). */
  invalidate(): void;
}

export class LiveMeter {
  readonly deviceId: string;
  /** The data itself; not reactive (charts read it when they draw). */
  readonly model = new FeedModel();

  // Published in frames, while a view shows the meter.
  latest = $state.raw<LiveSample | null>(null);
  phases = $state.raw<Phase[]>([]);
  lost = $state(0);
  dropped = $state(0);
  latency = $state.raw<Latency>({ deviceToReceive: null, receiveToDraw: null });
  status = $state<FeedStatus>('idle');
  error = $state.raw<AppError | null>(null);

  /** Views showing this meter. */
  viewers = 0;
  /** The model has something the reactive fields do not show yet. */
  dirty = false;
  /** When the reading the reactive fields show arrived (received_ms): the next one is shown MIN_FRAME_GAP_MS later. */
  shownReceivedMs = -Infinity;
  subscription: number | null = null;
  /** Bumped by every (un)subscribe: batches of an older subscription are ignored. */
  generation = 0;
  retryTimer: ReturnType<typeof setTimeout> | null = null;
  latencyPublishedAt = 0;
  /** Spans of the past (s) read from the history store, or being read: each is read once. */
  pastRead = new Set<number>();

  constructor(deviceId: string) {
    this.deviceId = deviceId;
  }

  /** Copies what changed in the model into the reactive fields. */
  publish(): void {
    this.dirty = false;
    const m = this.model;
    if (m.latest !== null) this.shownReceivedMs = m.latest.received_ms;
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

export interface LiveStoreOptions {
  retryMs?: number;
  minFrameGapMs?: number;
}

export class LiveStore {
  #meters = new Map<string, LiveMeter>();
  /** Saved meters as of the last `retain` (null: not known yet). */
  #saved: Set<string> | null = null;
  #charts = new Set<ChartHandle>();
  #visible = true;
  #raf = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #timerAt = Infinity;
  readonly #retryMs: number;
  readonly #gapMs: number;
  /** Animation frames requested so far (for tests and measurements). */
  framesRequested = 0;

  constructor(opts: LiveStoreOptions = {}) {
    this.#retryMs = opts.retryMs ?? RETRY_MS;
    this.#gapMs = opts.minFrameGapMs ?? MIN_FRAME_GAP_MS;
  }

  /** The meter's live state (created on first use; stays while the meter is saved or shown). */
  meter(deviceId: string): LiveMeter {
    let m = this.#meters.get(deviceId);
    if (m === undefined) {
      m = new LiveMeter(deviceId);
      this.#meters.set(deviceId, m);
    }
    return m;
  }

  /**
   * The saved meters: each gets a subscription (kept until it is no longer saved, whatever view is open);
   * meters no longer saved are let go (once no view shows them).
   */
  retain(deviceIds: readonly string[]): void {
    const keep = new Set(deviceIds);
    this.#saved = keep;
    for (const id of keep) {
      const m = this.meter(id);
      if (m.status === 'idle') void this.#subscribe(m);
    }
    for (const [id, m] of this.#meters) {
      if (keep.has(id)) continue;
      this.#unsubscribe(m);
      if (m.viewers === 0) this.#meters.delete(id);
    }
  }

  /**
   * A view shows `deviceId`: its readings are published to the meter's reactive fields (in frames) until the
   * returned release is called (an `$effect` can return it directly). Subscribing is `retain`'s job.
   */
  acquire(deviceId: string): () => void {
    const m = this.meter(deviceId);
    m.viewers++;
    m.dirty = true;
    this.#schedule();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      m.viewers--;
      if (m.viewers === 0 && this.#saved !== null && !this.#saved.has(deviceId)) this.#meters.delete(deviceId);
    };
  }

  /** Registers a chart (drawn in frames when it says it is due); returns the function that removes it. */
  addChart(chart: ChartHandle): () => void {
    this.#charts.add(chart);
    this.#schedule();
    return () => {
      this.#charts.delete(chart);
      this.#schedule();
    };
  }

  /**
   * A chart of `windowMs` opened: its past comes from the history store once (an hour at full rate, then a
   * day of minute means), so a restart does not begin with an empty chart. Readings already kept stay; a
   * failed read is tried again when the window opens next.
   */
  async fillPast(deviceId: string, windowMs: number): Promise<void> {
    if (windowMs < 3_600_000) return;
    const m = this.meter(deviceId);
    // The last hour at full rate first, then (a 24 h chart) the rest of the day in minute means.
    for (const seconds of windowMs >= 86_400_000 ? [3600, 86_400] : [3600]) {
      if (m.pastRead.has(seconds)) continue;
      m.pastRead.add(seconds);
      try {
        const points = await ipc.historyRecent(deviceId, seconds);
        if (m.model.fillPast(points) > 0) {
          for (const c of this.#charts) c.invalidate();
          this.#schedule();
        }
      } catch {
        m.pastRead.delete(seconds);
        return;
      }
    }
  }

  /** Something a chart shows changed (its size): look again at what is due. */
  wake(): void {
    this.#schedule();
  }

  /** The window was shown or hidden: nothing is drawn while hidden; showing it brings everything up to date. */
  setVisible(visible: boolean): void {
    if (visible === this.#visible) return;
    this.#visible = visible;
    if (visible) {
      for (const m of this.#meters.values()) if (m.viewers > 0) m.dirty = true;
      for (const c of this.#charts) c.invalidate();
    }
    this.#schedule();
  }

  /** Meters with live state (for tests). */
  get size(): number {
    return this.#meters.size;
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
        // Let go while the command was on its way.
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
        if (m.status === 'error' && this.#saved?.has(m.deviceId) === true) void this.#subscribe(m);
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

  #ingest(m: LiveMeter, batch: LiveBatch): void {
    // Always stored; shown only if a view shows this meter.
    if (m.model.ingest(batch) && m.viewers > 0) {
      m.dirty = true;
      this.#schedule();
    }
  }

  /** When a shown meter's new readings may be shown: MIN_FRAME_GAP_MS after the reading it shows arrived. */
  #publishAt(m: LiveMeter): number {
    return m.shownReceivedMs + this.#gapMs;
  }

  /** When the next frame is needed (ms epoch), Infinity when nothing waits. */
  #dueAt(now: number): number {
    let due = Infinity;
    for (const m of this.#meters.values()) {
      if (m.dirty && m.viewers > 0) due = Math.min(due, Math.max(now, this.#publishAt(m)));
    }
    // A chart's wake-up comes a little late, so that a reading due about then is drawn in the same frame.
    for (const c of this.#charts) due = Math.min(due, c.wakeAt(now) + FRAME_SLACK_MS);
    return due;
  }

  /** Requests the frame or sets the one timer for the next thing due; nothing while hidden. */
  #schedule(): void {
    if (!this.#visible) {
      this.#clearTimer();
      return;
    }
    if (this.#raf !== 0) return; // the frame will schedule what comes after it
    const now = Date.now();
    const due = this.#dueAt(now);
    if (due <= now) {
      this.#clearTimer();
      this.#requestFrame();
    } else if (Number.isFinite(due)) {
      if (this.#timer !== null && this.#timerAt === due) return;
      this.#clearTimer();
      this.#timerAt = due;
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#timerAt = Infinity;
        if (this.#visible) this.#requestFrame();
      }, due - now);
    } else {
      this.#clearTimer();
    }
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerAt = Infinity;
  }

  #requestFrame(): void {
    if (this.#raf !== 0 || typeof requestAnimationFrame !== 'function') return;
    this.framesRequested++;
    this.#raf = requestAnimationFrame(this.#frame);
  }

  #frame = (): void => {
    this.#raf = 0;
    if (!this.#visible) return;
    const now = Date.now();
    const published: LiveMeter[] = [];
    for (const m of this.#meters.values()) {
      if (!m.dirty || m.viewers === 0 || this.#publishAt(m) > now) continue;
      m.publish();
      published.push(m);
    }
    for (const c of this.#charts) {
      if (c.shouldDraw(now)) c.draw(now);
    }
    const drawnAt = Date.now();
    for (const m of published) {
      m.model.drawn(drawnAt);
      m.publishLatency(drawnAt);
    }
    this.#schedule();
  };
}

export const live = new LiveStore();
live.setVisible(page.visible);
page.onChange((visible) => live.setVisible(visible));
