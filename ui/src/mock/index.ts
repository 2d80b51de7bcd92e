// A realistic stand-in for the Rust backend, for the browser (`npm run dev` with `?mock=<scenario>`) and
// the view tests (`vite build --mode mocktest`). Never part of the production bundle: main.ts imports it
// dynamically behind `import.meta.env.DEV || import.meta.env.VITE_MOCK === '1'`, which is false there.
//
// The core (this folder): the scenarios (scenarios.ts), the devices they are made of (devices.ts), the
// shared state and events (world.ts) and, here, the dispatch of every command to the handler table that
// the features' mock parts (src/features/*/mock.ts) make up. Add `&latency=<ms>` to slow every command.
import { mockIPC } from '@tauri-apps/api/mocks';
import { deviceSettingsMock } from '../features/devicesettings/mock';
import { discoveryMock } from '../features/discovery/mock';
import { historyMock } from '../features/history/mock';
import { liveMock } from '../features/live/mock';
import { metersMock } from '../features/meters/mock';
import { mqttMock } from '../features/mqtt/mock';
import { settingsMock } from '../features/settings/mock';
import { setupMock } from '../features/setup/mock';
import { sharingMock } from '../features/sharing/mock';
import { shellMock } from '../features/shell/mock';
import { SCENARIOS, scenarioState, type Scenario } from './scenarios';
import { createWorld, fail, type Handlers, type MockFeature } from './world';

export { SCENARIOS, type Scenario } from './scenarios';

/** Every feature's mock part; each command belongs to exactly one. */
const FEATURES: MockFeature[] = [shellMock, settingsMock, metersMock, discoveryMock, liveMock, mqttMock, setupMock, deviceSettingsMock, historyMock, sharingMock];

/** One table of all commands; a command claimed twice is a mistake in the mock. */
function mergeHandlers(tables: Handlers[]): Map<string, (args: never) => Promise<unknown>> {
  const all = new Map<string, (args: never) => Promise<unknown>>();
  for (const table of tables) {
    for (const [cmd, handler] of Object.entries(table)) {
      if (all.has(cmd)) throw new Error(`mock: ${cmd} is handled twice`);
      all.set(cmd, handler);
    }
  }
  return all;
}

/** The arguments as the view tests see them in `calls`: passwords and private keys blanked out. */
function redact(args: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = structuredClone({
    ...args,
    ...('onBatch' in args ? { onBatch: '<channel>' } : {}),
    ...('onProgress' in args ? { onProgress: '<channel>' } : {}),
  });
  const blank = (o: Record<string, unknown>) => {
    if (typeof o.password === 'string') o.password = '<redacted>';
  };
  blank(copy);
  if (typeof copy.request === 'object' && copy.request !== null) {
    const req = copy.request as Record<string, unknown>;
    blank(req);
    if (typeof req.client_key_pem === 'string' && req.client_key_pem !== '') req.client_key_pem = '<redacted>';
    for (const k of ['meter_key', 'auth_key'] as const) if (typeof req[k] === 'string') req[k] = '<redacted>';
    if (typeof req.network === 'object' && req.network !== null) blank(req.network as Record<string, unknown>);
    const key = req.client_key as { action?: string; pem?: string } | undefined;
    if (key?.action === 'set') key.pem = '<redacted>';
    // Device settings: a new device password, write-only values in edits (keys, passwords) and in a restore.
    if (typeof req.new_password === 'string') req.new_password = '<redacted>';
    const edits = req.edits as Record<string, unknown> | undefined;
    if (edits) for (const k of Object.keys(edits)) if (/\.(encryption_key|authentication_key|password)$/.test(k)) edits[k] = '<redacted>';
    const secrets = req.secrets as Record<string, unknown> | undefined;
    if (secrets) for (const k of Object.keys(secrets)) secrets[k] = '<redacted>';
  }
  return copy;
}

export function installMock(scenarioName: string): void {
  const params = new URLSearchParams(window.location.search);
  const name: Scenario = (SCENARIOS as readonly string[]).includes(scenarioName)
    ? (scenarioName as Scenario)
    : 'meters';
  const world = createWorld(name, params, scenarioState(name, params));
  const parts = FEATURES.map((feature) => feature(world));
  const handlers = mergeHandlers(parts.map((p) => p.handlers));

  async function dispatch(cmd: string, args: Record<string, unknown>): Promise<unknown> {
    const handler = handlers.get(cmd);
    if (handler === undefined) {
      await world.slow(0);
      throw fail('internal', `mock: unknown command ${cmd}`);
    }
    // The UI's calls are typed by the same contract as the handlers; here the name is a runtime string.
    return handler(args as never);
  }

  /** Every command the UI sent, passwords blanked out (the view tests read it). */
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: redact(args) });
      return dispatch(cmd, args);
    },
    { shouldMockEvents: true },
  );

  // For the view tests: the scenario, the calls, and each feature's levers (setOnline, setConnection,
  // setHealth, subscriptions, lose).
  const w = window as unknown as { __wattdeskMock?: unknown };
  w.__wattdeskMock = Object.assign({ scenario: name, calls }, ...parts.map((p) => p.testApi ?? {}));
  document.documentElement.dataset.mock = name;
}
