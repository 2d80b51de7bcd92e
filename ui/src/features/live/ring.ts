// Bounded time-series storage for the live charts: a fixed-size full-resolution ring for the recent past and
// a ring of per-second means for the whole day. Memory does not depend on how fast a meter reports:
//
//   raw tier:     RAW_CAPACITY points at full rate (16,384: 55 min at 5 Hz, 4.5 h at 1 Hz, 2.7 min at 100 Hz)
//   second tier:  BUCKET_CAPACITY one-second means (86,400 = 24 h whatever the rate)
//
// Each point is one Float64 time (ms epoch) plus one Float32 per series (NaN = not provided), so with the
// 10 live series a meter holds at most (16,384 + 86,400) × 48 B ≈ 4.9 MB.
//
// Queries pick the raw tier when it still reaches back to the window start, else the second tier, and
// return at most `maxPoints` rows (means per column: average power, so the energy under the line is kept)
// with a `null` row wherever the meter was silent for longer than `gapMs` (uPlot draws a gap there instead
// of a straight line).

export const RAW_CAPACITY = 16_384;
export const BUCKET_MS = 1000;
export const BUCKET_CAPACITY = 86_400;

/** A circular buffer of columns: time plus `series` values per row. Times must not decrease. */
export class Ring {
  readonly capacity: number;
  readonly series: number;
  readonly t: Float64Array;
  readonly v: Float32Array[];
  #start = 0;
  #length = 0;

  constructor(capacity: number, series: number) {
    this.capacity = capacity;
    this.series = series;
    this.t = new Float64Array(capacity);
    this.v = Array.from({ length: series }, () => new Float32Array(capacity));
  }

  get length(): number {
    return this.#length;
  }

  /** True once the oldest rows are being overwritten. */
  get wrapped(): boolean {
    return this.#length === this.capacity;
  }

  push(t: number, values: ArrayLike<number>): void {
    let slot: number;
    if (this.#length < this.capacity) {
      slot = (this.#start + this.#length) % this.capacity;
      this.#length++;
    } else {
      slot = this.#start;
      this.#start = (this.#start + 1) % this.capacity;
    }
    this.t[slot] = t;
    for (let s = 0; s < this.series; s++) this.v[s]![slot] = values[s] ?? NaN;
  }

  /** Physical slot of logical row `i` (0 = oldest). */
  slot(i: number): number {
    return (this.#start + i) % this.capacity;
  }

  timeAt(i: number): number {
    return this.t[this.slot(i)]!;
  }

  valueAt(series: number, i: number): number {
    return this.v[series]![this.slot(i)]!;
  }

  /** First logical row with time ≥ `t` (`length` if none). */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.#length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  clear(): void {
    this.#start = 0;
    this.#length = 0;
  }
}

/** Rows for a chart: `t` in seconds (uPlot's time unit), one array per requested series. */
export interface Window {
  t: number[];
  y: (number | null)[][];
  /** Which tier answered (for tests and the debug overlay). */
  tier: 'raw' | 'second';
}

export interface QueryOptions {
  /** Window start and end, ms epoch. */
  from: number;
  to: number;
  /** At most this many rows (about twice the plot width in pixels). */
  maxPoints: number;
  /** Series indices to return, in this order. */
  series: readonly number[];
  /** A silence longer than this becomes a gap. */
  gapMs: number;
}

/** Read access shared by both tiers (the second tier adds its still-open bucket as a last row). */
interface Rows {
  length: number;
  timeAt(i: number): number;
  valueAt(series: number, i: number): number;
  lowerBound(t: number): number;
}

/** Raw points plus per-second means, 24 h deep, bounded whatever the input rate. */
export class TieredSeries {
  readonly series: number;
  readonly raw: Ring;
  readonly seconds: Ring;
  readonly bucketMs: number;
  #open = -1;
  #openT = 0;
  #sum: Float64Array;
  #count: Uint32Array;
  #n = 0;
  #row: Float64Array;
  #last = -Infinity;
  /** Points ever pushed (for tests). */
  pushed = 0;

  constructor(
    series: number,
    opts: { rawCapacity?: number; bucketMs?: number; bucketCapacity?: number } = {},
  ) {
    this.series = series;
    this.raw = new Ring(opts.rawCapacity ?? RAW_CAPACITY, series);
    this.bucketMs = opts.bucketMs ?? BUCKET_MS;
    this.seconds = new Ring(opts.bucketCapacity ?? BUCKET_CAPACITY, series);
    this.#sum = new Float64Array(series);
    this.#count = new Uint32Array(series);
    this.#row = new Float64Array(series);
  }

  /** Time of the newest point (-Infinity when empty). */
  get lastTime(): number {
    return this.#last;
  }

  get empty(): boolean {
    return this.pushed === 0;
  }

  /**
   * Adds a reading. A time earlier than the previous one (clock step) is clamped to it, so both rings stay
   * sorted for the binary searches.
   */
  push(tMs: number, values: ArrayLike<number>): void {
    const t = Math.max(tMs, this.#last);
    this.#last = t;
    this.pushed++;
    this.raw.push(t, values);
    const bucket = Math.floor(t / this.bucketMs);
    if (bucket !== this.#open) {
      this.#close();
      this.#open = bucket;
    }
    this.#openT += t;
    this.#n++;
    for (let s = 0; s < this.series; s++) {
      const v = values[s] ?? NaN;
      if (!Number.isNaN(v)) {
        this.#sum[s]! += v;
        this.#count[s]!++;
      }
    }
  }

  #close(): void {
    if (this.#n === 0) return;
    const row = this.#row;
    for (let s = 0; s < this.series; s++) {
      const c = this.#count[s]!;
      row[s] = c === 0 ? NaN : this.#sum[s]! / c;
    }
    this.seconds.push(this.#openT / this.#n, row);
    this.#sum.fill(0);
    this.#count.fill(0);
    this.#openT = 0;
    this.#n = 0;
  }

  /** The second tier with its open bucket as the newest row. */
  #secondRows(): Rows {
    const ring = this.seconds;
    const n = this.#n;
    if (n === 0) return ring;
    const openT = this.#openT / n;
    const sum = this.#sum;
    const count = this.#count;
    return {
      length: ring.length + 1,
      timeAt: (i) => (i < ring.length ? ring.timeAt(i) : openT),
      valueAt: (s, i) => (i < ring.length ? ring.valueAt(s, i) : count[s] === 0 ? NaN : sum[s]! / count[s]!),
      lowerBound: (t) => {
        const i = ring.lowerBound(t);
        return i < ring.length || openT >= t ? i : i + 1;
      },
    };
  }

  /** Time of the oldest point kept (Infinity when empty). */
  get firstTime(): number {
    let t = this.raw.length > 0 ? this.raw.timeAt(0) : Infinity;
    if (this.seconds.length > 0) t = Math.min(t, this.seconds.timeAt(0));
    return t;
  }

  /**
   * Puts points from before the oldest one kept in front of everything (a live chart's past, read from the
   * history store when a long window opens); points at or after it are left out, so nothing is there twice.
   * The rings are rebuilt, oldest first: what is kept stays (the raw tier's newest rows, the second tier's
   * older means). Returns how many points were added. Rare (once per meter and window), never per reading.
   */
  prepend(points: readonly { t: number; values: ArrayLike<number> }[]): number {
    const first = this.firstTime;
    const older = points.filter((p) => Number.isFinite(p.t) && p.t < first).sort((a, b) => a.t - b.t);
    if (older.length === 0) return 0;
    const keep: { t: number; values: Float64Array }[] = [];
    const copy = (ring: Ring, i: number) => {
      const v = new Float64Array(this.series);
      for (let s = 0; s < this.series; s++) v[s] = ring.valueAt(s, i);
      keep.push({ t: ring.timeAt(i), values: v });
    };
    const rawFirst = this.raw.length > 0 ? this.raw.timeAt(0) : Infinity;
    for (let i = 0; i < this.seconds.length && this.seconds.timeAt(i) < rawFirst; i++) copy(this.seconds, i);
    for (let i = 0; i < this.raw.length; i++) copy(this.raw, i);
    const pushed = this.pushed;
    this.clear();
    for (const p of older) this.push(p.t, p.values);
    for (const k of keep) this.push(k.t, k.values);
    this.pushed = pushed + older.length;
    return older.length;
  }

  /**
   * Rows for `[from, to]`, decimated to `maxPoints`, with gaps. Only the rows asked for are copied (never a
   * whole ring); pass the previous answer as `into` to reuse its arrays (a chart redrawing does).
   */
  query(q: QueryOptions, into?: Window): Window {
    const rawReaches = this.raw.length > 0 && (!this.raw.wrapped || this.raw.timeAt(0) <= q.from);
    const tier = rawReaches ? 'raw' : 'second';
    const rows: Rows = rawReaches ? this.raw : this.#secondRows();
    // One row before the window so the line enters from the left edge.
    const first = Math.max(0, rows.lowerBound(q.from) - 1);
    let end = rows.lowerBound(q.to);
    while (end < rows.length && rows.timeAt(end) <= q.to) end++;
    const out = reuse(into, q.series.length, tier);
    if (end - first <= q.maxPoints) copyRows(rows, first, end, q, out);
    else decimate(rows, first, end, q, out);
    return out;
  }

  clear(): void {
    this.raw.clear();
    this.seconds.clear();
    this.#open = -1;
    this.#n = 0;
    this.#openT = 0;
    this.#sum.fill(0);
    this.#count.fill(0);
    this.#last = -Infinity;
    this.pushed = 0;
  }
}

const num = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** An empty window for `series` columns, in `into`'s arrays when given. */
function reuse(into: Window | undefined, series: number, tier: Window['tier']): Window {
  if (into === undefined) return { t: [], y: Array.from({ length: series }, () => []), tier };
  into.t.length = 0;
  into.y.length = Math.min(into.y.length, series);
  for (const col of into.y) col.length = 0;
  while (into.y.length < series) into.y.push([]);
  into.tier = tier;
  return into;
}

function pushGap(out: Window, prevT: number, nextT: number): void {
  out.t.push((prevT + nextT) / 2 / 1000);
  for (const col of out.y) col.push(null);
}

function copyRows(rows: Rows, first: number, end: number, q: QueryOptions, out: Window): void {
  let prev = NaN;
  for (let i = first; i < end; i++) {
    const t = rows.timeAt(i);
    if (t - prev > q.gapMs) pushGap(out, prev, t);
    out.t.push(t / 1000);
    for (let k = 0; k < q.series.length; k++) out.y[k]!.push(num(rows.valueAt(q.series[k]!, i)));
    prev = t;
  }
}

/**
 * Averaging decimation: the window is cut into `maxPoints` columns and each column with data becomes one row
 * at its mean time with each series' mean. For power that is the average power over the column, so the
 * area under the line (energy) is kept; a zig-zag of minima and maxima would read as noise on a 24 h chart.
 */
function decimate(rows: Rows, first: number, end: number, q: QueryOptions, out: Window): void {
  const columns = Math.max(1, q.maxPoints);
  const colMs = Math.max(1, (q.to - q.from) / columns);
  const gapMs = Math.max(q.gapMs, 2.5 * colMs);
  const m = q.series.length;
  const sum = new Float64Array(m);
  const count = new Uint32Array(m);
  let col = NaN;
  let tSum = 0;
  let n = 0;
  let prevT = NaN;

  const flush = () => {
    if (n === 0) return;
    const t = tSum / n;
    if (t - prevT > gapMs) pushGap(out, prevT, t);
    out.t.push(t / 1000);
    for (let k = 0; k < m; k++) out.y[k]!.push(count[k] === 0 ? null : sum[k]! / count[k]!);
    prevT = t;
  };

  for (let i = first; i < end; i++) {
    const t = rows.timeAt(i);
    const c = Math.floor((t - q.from) / colMs);
    if (c !== col) {
      flush();
      col = c;
      tSum = 0;
      n = 0;
      sum.fill(0);
      count.fill(0);
    }
    tSum += t;
    n++;
    for (let k = 0; k < m; k++) {
      const v = rows.valueAt(q.series[k]!, i);
      if (Number.isNaN(v)) continue;
      sum[k]! += v;
      count[k]!++;
    }
  }
  flush();
}
