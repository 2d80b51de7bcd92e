// One meter's live data without any UI: batches in, ring buffers, latest reading, counters and latencies out.
// `live.svelte.ts` wraps it with the subscription and the once-per-frame publishing.
import type { LiveBatch, LiveSample, PowerPoint } from '../../lib/bindings';
import { TieredSeries } from './ring';
import { SeqTracker } from './seq';
import { Rolling } from './stats';

/** Column of each quantity in the ring buffers. */
export const S = {
  net: 0,
  p1: 1,
  p2: 2,
  p3: 3,
  v1: 4,
  v2: 5,
  v3: 6,
  i1: 7,
  i2: 8,
  i3: 9,
} as const;
export const SERIES_COUNT = 10;

export type Phase = 1 | 2 | 3;

/** Net power, import positive (kW): import − export, else the sum of the phases. */
export function netPowerKw(s: LiveSample): number | null {
  if (s.power_import_kw !== null || s.power_export_kw !== null) {
    return (s.power_import_kw ?? 0) - (s.power_export_kw ?? 0);
  }
  const phases = [s.power_l1_kw, s.power_l2_kw, s.power_l3_kw].filter((p): p is number => p !== null);
  return phases.length === 0 ? null : phases.reduce((a, b) => a + b, 0);
}

/** Phases this reading has anything for (power, voltage or current). Single-phase meters: [1]. */
export function phasesOf(s: LiveSample): Phase[] {
  const has = (p: number | null, v: number | null, i: number | null) => p !== null || v !== null || i !== null;
  const out: Phase[] = [];
  if (has(s.power_l1_kw, s.voltage_l1_v, s.current_l1_a)) out.push(1);
  if (has(s.power_l2_kw, s.voltage_l2_v, s.current_l2_a)) out.push(2);
  if (has(s.power_l3_kw, s.voltage_l3_v, s.current_l3_a)) out.push(3);
  return out;
}

const nan = (v: number | null): number => (v === null ? NaN : v);

/** Fills `row` (length SERIES_COUNT) with a reading's chart values; NaN where absent. */
export function sampleRow(s: LiveSample, row: Float64Array): Float64Array {
  row[S.net] = nan(netPowerKw(s));
  row[S.p1] = nan(s.power_l1_kw);
  row[S.p2] = nan(s.power_l2_kw);
  row[S.p3] = nan(s.power_l3_kw);
  row[S.v1] = nan(s.voltage_l1_v);
  row[S.v2] = nan(s.voltage_l2_v);
  row[S.v3] = nan(s.voltage_l3_v);
  row[S.i1] = nan(s.current_l1_a);
  row[S.i2] = nan(s.current_l2_a);
  row[S.i3] = nan(s.current_l3_a);
  return row;
}

export class FeedModel {
  readonly series = new TieredSeries(SERIES_COUNT);
  readonly seq = new SeqTracker();
  /** received_ms − device_ms of the last 50 readings that carry a device time. */
  readonly deviceToReceive = new Rolling(50);
  /** Time from received_ms to the animation frame that drew the reading, last 50 frames. */
  readonly receiveToDraw = new Rolling(50);
  latest: LiveSample | null = null;
  /** Messages lost between the backend and here (seq jumps), over all subscriptions. */
  lostMessages = 0;
  /** Readings the backend skipped because this window was slow, over all subscriptions. */
  droppedReadings = 0;
  /** Bumped whenever data arrives (charts compare it to what they drew). */
  version = 0;
  /** received_ms of the newest reading not yet drawn (null when everything is on screen). */
  undrawn: number | null = null;
  #row = new Float64Array(SERIES_COUNT);

  /** Takes one channel message. Returns true when it carried anything new to show. */
  ingest(batch: LiveBatch): boolean {
    const missing = this.seq.accept(batch.seq);
    this.lostMessages += missing;
    this.droppedReadings += batch.dropped;
    for (const s of batch.samples) {
      this.series.push(s.received_ms, sampleRow(s, this.#row));
      if (s.device_ms !== null) this.deviceToReceive.add(s.received_ms - s.device_ms);
      if (this.latest === null || s.received_ms >= this.latest.received_ms) this.latest = s;
    }
    if (batch.samples.length > 0) {
      this.version++;
      this.undrawn = Math.max(this.undrawn ?? -Infinity, batch.samples.at(-1)!.received_ms);
    }
    return batch.samples.length > 0 || missing > 0 || batch.dropped > 0;
  }

  /** The frame that shows the newest readings ran at `nowMs`. */
  drawn(nowMs: number): void {
    if (this.undrawn === null) return;
    this.receiveToDraw.add(nowMs - this.undrawn);
    this.undrawn = null;
  }

  /**
   * The net power of the past (from the history store, when a 1 h or 24 h chart opens) in front of the
   * readings kept; only what is older than them. Returns how many points were added.
   */
  fillPast(points: readonly PowerPoint[]): number {
    const rows = points.map((p) => {
      const values = new Float64Array(SERIES_COUNT).fill(NaN);
      values[S.net] = p.kw;
      return { t: p.t_ms, values };
    });
    const added = this.series.prepend(rows);
    if (added > 0) this.version++;
    return added;
  }

  /** A new subscription: numbering starts again at 1. Stored readings stay. */
  resubscribed(): void {
    this.seq.reset();
  }
}
