// Rolling medians for the measured latencies (the badge shows the median of the last ~50).

export function median(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Array.from(values).sort((a, b) => a - b);
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The last `capacity` values. */
export class Rolling {
  readonly capacity: number;
  #values: number[] = [];
  #next = 0;

  constructor(capacity = 50) {
    this.capacity = capacity;
  }

  add(v: number): void {
    if (!Number.isFinite(v)) return;
    if (this.#values.length < this.capacity) this.#values.push(v);
    else this.#values[this.#next] = v;
    this.#next = (this.#next + 1) % this.capacity;
  }

  get size(): number {
    return this.#values.length;
  }

  median(): number | null {
    return median(this.#values);
  }

  clear(): void {
    this.#values = [];
    this.#next = 0;
  }
}
