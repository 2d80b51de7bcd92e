// The mock backend's core: the scenario's state shared by all features, the events the real backend sends,
// and the shape of a feature's mock part (a table of command handlers, optionally a test API).
import { emit } from '@tauri-apps/api/event';
import type { AppError, DiscoveryEvent, MeterView } from '../lib/bindings';
import type { CommandName, Commands } from '../lib/commands.gen';
import type { Scenario, ScenarioState } from './scenarios';

/**
 * One command: its arguments as the UI sent them (camelCase keys) → what the backend would answer,
 * both typed from the generated contract (src/lib/commands.gen.ts).
 */
export type Handler<K extends CommandName> = (args: Commands[K]['args']) => Promise<Commands[K]['result']>;

/** Handlers keyed by the exact snake_case command name; a feature mocks only the commands its views use. */
export type Handlers = { [K in CommandName]?: Handler<K> };

/** What a feature adds to the mock: its commands and, for the view tests, functions on `window.__wattdeskMock`. */
export interface MockPart {
  handlers: Handlers;
  testApi?: Record<string, unknown>;
}

/** A feature's mock: built once per page load from the shared world. */
export type MockFeature = (world: MockWorld) => MockPart;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const fail = (code: AppError['code'], message: string): AppError => ({ code, message });

export interface MockWorld {
  readonly scenario: Scenario;
  /** The page's query (`latency`, `rate`, `history`, `compare-scale`). */
  readonly params: URLSearchParams;
  /** The scenario's data; features read and change it (it is what the backend would hold). */
  readonly state: ScenarioState;
  /** Waits like a command taking `ms` (plus `&latency=`). */
  slow(ms: number): Promise<void>;
  /** Sends `meters-changed` with the current list. */
  emitMeters(): void;
  /** Sends a `discovery` event. */
  emitDiscovery(event: DiscoveryEvent): void;
  /** Runs `f` after `ms`; `clearLater` cancels everything scheduled this way (discovery switched off). */
  later(ms: number, f: () => void): void;
  clearLater(): void;
  /** Adds a meter to the saved list, sends `meters-changed`, then tells the features (`onMeterAdded`). */
  addMeter(meter: MeterView): void;
  /** Removes a saved meter, sends `meters-changed`, then tells the features (`onMeterRemoved`). */
  removeMeter(deviceId: string): void;
  onMeterAdded(f: (meter: MeterView) => void): void;
  onMeterRemoved(f: (deviceId: string) => void): void;
  /** The saved meter with this id, or a `not_found` rejection. */
  meter(deviceId: string): MeterView;
}

export function createWorld(scenario: Scenario, params: URLSearchParams, state: ScenarioState): MockWorld {
  const latency = Math.max(0, Number(params.get('latency') ?? '0') || 0);
  let timers: ReturnType<typeof setTimeout>[] = [];
  const added: ((meter: MeterView) => void)[] = [];
  const removed: ((deviceId: string) => void)[] = [];
  const world: MockWorld = {
    scenario,
    params,
    state,
    slow: (ms) => sleep(latency + ms),
    emitMeters: () => void emit('meters-changed', structuredClone(state.meters)),
    emitDiscovery: (e) => void emit('discovery', e),
    later: (ms, f) => void timers.push(setTimeout(f, ms)),
    clearLater: () => {
      timers.forEach(clearTimeout);
      timers = [];
    },
    addMeter(meter) {
      state.meters = [...state.meters, meter];
      world.emitMeters();
      added.forEach((f) => f(meter));
    },
    removeMeter(deviceId) {
      state.meters = state.meters.filter((m) => m.device_id !== deviceId);
      world.emitMeters();
      removed.forEach((f) => f(deviceId));
    },
    onMeterAdded: (f) => void added.push(f),
    onMeterRemoved: (f) => void removed.push(f),
    meter(deviceId) {
      const m = state.meters.find((x) => x.device_id === deviceId);
      if (m === undefined) throw fail('not_found', `no saved meter has the id ${deviceId}`);
      return m;
    },
  };
  return world;
}
