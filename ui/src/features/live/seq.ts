// Batch numbering: each subscription numbers its messages 1, 2, 3 …; a jump means messages were lost.

export class SeqTracker {
  #last = 0;
  /** Messages missing so far in this subscription. */
  lost = 0;

  /** Takes the next batch number; returns how many messages are missing before it (0 normally). */
  accept(seq: number): number {
    if (!Number.isInteger(seq) || seq <= this.#last) return 0; // a repeat or nonsense: nothing learned
    const missing = seq - this.#last - 1;
    this.#last = seq;
    this.lost += missing;
    return missing;
  }

  /** A new subscription starts again at 1. */
  reset(): void {
    this.#last = 0;
    this.lost = 0;
  }
}
