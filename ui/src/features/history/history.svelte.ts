// What the History view shows, read from the backend: the range's answer and, when comparing, the period
// before, together (a chart never mixes a new range with an old comparison). An older request that
// answers late is dropped; the previous answer stays on screen until the new one arrives.
import type { AppError, HistoryAnswer, HistoryRequest } from '../../lib/bindings';
import { toAppError } from '../../lib/errors';
import { ipc } from '../../lib/ipc';

export interface Loaded {
  request: HistoryRequest;
  answer: HistoryAnswer;
  previousRequest: HistoryRequest | null;
  previous: HistoryAnswer | null;
}

export class HistoryData {
  current = $state.raw<Loaded | null>(null);
  error = $state.raw<AppError | null>(null);
  loading = $state(false);
  #seq = 0;
  readonly #query: (r: HistoryRequest) => Promise<HistoryAnswer>;

  constructor(query: (r: HistoryRequest) => Promise<HistoryAnswer> = (r) => ipc.historyQuery(r)) {
    this.#query = query;
  }

  /** Reads `request` (and `previous`); resolves once this or a newer load is done. */
  load = async (request: HistoryRequest, previous: HistoryRequest | null): Promise<void> => {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const [answer, before] = await Promise.all([this.#query(request), previous === null ? null : this.#query(previous)]);
      if (seq !== this.#seq) return;
      this.current = { request, answer, previousRequest: previous, previous: before };
      this.error = null;
    } catch (reason) {
      if (seq !== this.#seq) return;
      this.error = toAppError(reason);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  };
}
