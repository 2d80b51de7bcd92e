// The two ways a view talks to the backend, as reactive state: reading something (Resource) and sending
// something (Action). Both turn any rejection into an `AppError`, so every form shows failures one way
// (LoadFailed for a Resource, FormFooter or a Callout for an Action).
import type { AppError } from './bindings';
import { toAppError } from './errors';

/** Something read from the backend: the value once it arrived, or why it could not be read. */
export class Resource<T> {
  value = $state<T | null>(null);
  error = $state<AppError | null>(null);
  readonly #fetch: () => Promise<T>;

  constructor(fetch: () => Promise<T>) {
    this.#fetch = fetch;
  }

  /** Reads it (again); the previous value stays until the new one arrives. Safe to pass as a callback. */
  load = async (): Promise<void> => {
    this.error = null;
    try {
      this.value = await this.#fetch();
    } catch (reason) {
      this.error = toAppError(reason);
    }
  };
}

/** A request a form sends (save, set up, preview): busy while it runs, and why it failed if it did. */
export class Action {
  busy = $state(false);
  error = $state<AppError | null>(null);

  /**
   * Runs `request` unless a run is still busy; resolves to whether it succeeded. Whatever `request`
   * throws becomes `error`.
   */
  run = async (request: () => Promise<void>): Promise<boolean> => {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    try {
      await request();
      return true;
    } catch (reason) {
      this.error = toAppError(reason);
      return false;
    } finally {
      this.busy = false;
    }
  };
}
