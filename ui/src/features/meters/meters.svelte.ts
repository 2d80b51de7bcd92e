// The saved meters: loaded once, then kept current by `meters-changed` events and command results.
import type { AppError, MeterView } from '../../lib/bindings';
import { toAppError } from '../../lib/errors';
import { ipc, on, type Unlisten } from '../../lib/ipc';
import { StateClock } from './connection';

export type LoadStatus = 'loading' | 'ready' | 'error';

class MetersStore {
  #list = $state<MeterView[]>([]);
  status = $state<LoadStatus>('loading');
  error = $state<AppError | null>(null);
  /** The demo meter is being started. */
  startingDemo = $state(false);

  #unlisten: Unlisten | null = null;
  #version = 0;
  #states = new StateClock();

  get list(): MeterView[] {
    return this.#list;
  }

  set list(list: MeterView[]) {
    this.#states.update(list, Date.now());
    this.#list = list;
  }

  /** When the meter's current connection state arrived (ms epoch): countdowns run from it. */
  stateSince(deviceId: string): number {
    return this.#states.since(deviceId) ?? Date.now();
  }

  /** Subscribes to `meters-changed` (first, so no change is missed) and loads the list. */
  async connect(): Promise<void> {
    if (this.#unlisten === null) {
      try {
        this.#unlisten = await on('meters-changed', (list) => {
          this.#version++;
          this.list = list;
          this.status = 'ready';
          this.error = null;
        });
      } catch (reason) {
        this.#fail(reason);
        return;
      }
    }
    await this.reload();
  }

  disconnect(): void {
    this.#unlisten?.();
    this.#unlisten = null;
  }

  async reload(): Promise<void> {
    const version = this.#version;
    if (this.status === 'error') this.status = 'loading';
    try {
      const list = await ipc.listMeters();
      // An event that arrived meanwhile is newer than this answer.
      if (version === this.#version) this.list = list;
      this.status = 'ready';
      this.error = null;
    } catch (reason) {
      this.#fail(reason);
    }
  }

  byId(deviceId: string): MeterView | undefined {
    return this.list.find((m) => m.device_id === deviceId);
  }

  has(deviceId: string): boolean {
    return this.list.some((m) => m.device_id === deviceId);
  }

  /** Puts a meter returned by a command into the list (the event with the full list follows). */
  upsert(meter: MeterView): void {
    this.#version++;
    const i = this.list.findIndex((m) => m.device_id === meter.device_id);
    this.list = i === -1 ? [...this.list, meter] : this.list.map((m, j) => (j === i ? meter : m));
    this.status = 'ready';
  }

  /** Rejects with an AppError. */
  async remove(deviceId: string): Promise<void> {
    await ipc.removeMeter(deviceId);
    this.#version++;
    this.list = this.list.filter((m) => m.device_id !== deviceId);
  }

  /** Rejects with an AppError. */
  async rename(deviceId: string, name: string): Promise<MeterView> {
    const meter = await ipc.renameMeter(deviceId, name.trim());
    this.upsert(meter);
    return meter;
  }

  /**
   * The user confirmed the address the meter seems to have moved to; the backend checks it with the
   * meter's password and login first. Rejects with an AppError (`basic_refused`, `not_this_meter`, …).
   */
  async acceptAddress(deviceId: string, address: string): Promise<MeterView> {
    const meter = await ipc.acceptMeterAddress(deviceId, address);
    this.upsert(meter);
    return meter;
  }

  /** The user keeps the saved address. Rejects with an AppError. */
  async dismissMove(deviceId: string): Promise<void> {
    await ipc.dismissMeterMove(deviceId);
    const meter = this.byId(deviceId);
    if (meter) this.upsert({ ...meter, moved_to: null });
  }

  /** The user lets the meter log in with its password unencrypted (HTTP Basic). Rejects with an AppError. */
  async allowBasicLogin(deviceId: string): Promise<MeterView> {
    const meter = await ipc.allowBasicLogin(deviceId);
    this.upsert(meter);
    return meter;
  }

  /** Rejects with an AppError. */
  async startDemo(): Promise<MeterView> {
    this.startingDemo = true;
    try {
      const meter = await ipc.startDemo();
      this.upsert(meter);
      return meter;
    } finally {
      this.startingDemo = false;
    }
  }

  #fail(reason: unknown): void {
    this.error = toAppError(reason);
    this.status = 'error';
  }
}

export const meters = new MetersStore();
