// Live discovery while the Discovery view is open: subscribe, switch browsing on, read the snapshot,
// then apply `found` / `lost` events. Leaving the view switches browsing off again.
import type { AppError, DiscoveryEvent } from '../../lib/bindings';
import { toAppError } from '../../lib/errors';
import { ipc, on, type Unlisten } from '../../lib/ipc';
import { applyEvent, applySnapshot, emptyList, type DiscoveryList } from './discoveryList';

export type DiscoveryStatus = 'idle' | 'starting' | 'scanning' | 'error';

class DiscoveryStore {
  list = $state<DiscoveryList>(emptyList());
  status = $state<DiscoveryStatus>('idle');
  error = $state<AppError | null>(null);
  /** When the current scan started (ms since epoch), for "nothing found yet" hints. */
  startedAt = $state(0);

  #session = 0;
  #unlisten: Unlisten | null = null;
  /** `set_discovery_active` calls go out one after another so on/off never overtake each other. */
  #activeChain: Promise<unknown> = Promise.resolve();

  #setActive(active: boolean): Promise<null> {
    const next = this.#activeChain.then(() => ipc.setDiscoveryActive(active));
    this.#activeChain = next.catch(() => undefined);
    return next;
  }

  async start(): Promise<void> {
    const session = ++this.#session;
    this.#unlisten?.();
    this.#unlisten = null;
    this.list = emptyList();
    this.status = 'starting';
    this.error = null;
    this.startedAt = Date.now();

    const early: DiscoveryEvent[] = [];
    let live = false;
    try {
      const unlisten = await on('discovery', (event) => {
        if (session !== this.#session) return;
        if (live) this.list = applyEvent(this.list, event);
        else early.push(event);
      });
      if (session !== this.#session) {
        unlisten();
        return;
      }
      this.#unlisten = unlisten;
      await this.#setActive(true);
      const snapshot = await ipc.discoverySnapshot();
      if (session !== this.#session) return;
      let list = applySnapshot(emptyList(), snapshot);
      for (const event of early) list = applyEvent(list, event);
      this.list = list;
      live = true;
      this.status = 'scanning';
    } catch (reason) {
      if (session !== this.#session) return;
      this.error = toAppError(reason);
      this.status = 'error';
    }
  }

  stop(): void {
    this.#session++;
    this.#unlisten?.();
    this.#unlisten = null;
    this.status = 'idle';
    this.#setActive(false).catch(() => undefined);
  }
}

export const discovery = new DiscoveryStore();
