// A realistic stand-in for the Rust backend, for the browser (`npm run dev` with `?mock=<scenario>`) and
// the view tests (`vite build --mode mocktest`). Never part of the production bundle: main.ts imports it
// dynamically behind `import.meta.env.DEV || import.meta.env.VITE_MOCK === '1'`, which is false there.
//
// Scenarios: empty | meters | errors | file-secrets | broken. Add `&latency=<ms>` to slow every command.
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import type {
  AddMeterRequest,
  AppError,
  AppInfo,
  DiscoveredView,
  DiscoveryEvent,
  MeterView,
  ProbeView,
} from './bindings';

export const SCENARIOS = ['empty', 'meters', 'errors', 'file-secrets', 'broken'] as const;
export type Scenario = (typeof SCENARIOS)[number];

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const fail = (code: string, message: string): AppError => ({ code, message });

function device(over: Partial<DiscoveredView> & Pick<DiscoveredView, 'device_id'>): DiscoveredView {
  const suffix = over.device_id.slice(-6);
  return {
    instance_name: `whatwatt-${suffix}`,
    host_name: `whatwatt-${suffix}.local`,
    address: '192.168.1.50:80',
    addresses: ['192.168.1.50'],
    port: 80,
    firmware: '1.10.3',
    license: 'PLUS',
    meter_status: 'OK',
    model: 'whatwatt Go',
    needs_password: false,
    saved: false,
    demo: false,
    ...over,
  };
}

function toMeter(d: DiscoveredView, name: string | null, hasPassword: boolean): MeterView {
  return {
    device_id: d.device_id,
    name: name ?? (d.demo ? 'Demo meter' : d.instance_name),
    host_name: d.host_name,
    address: d.address,
    demo: d.demo,
    has_password: hasPassword,
    online: null,
    connection: { state: 'connecting', attempt: 1 },
    health: null,
    today: null,
    firmware: d.firmware,
    license: d.license,
    meter_status: d.meter_status,
    last_seen: null,
  };
}

const LIVE = { online: true, connection: { state: 'live', transport: 'sse' } } as const satisfies Partial<MeterView>;

const DEMO = device({
  device_id: 'DEMO0A1B2C3D',
  instance_name: 'Demo meter',
  host_name: 'wattdesk-demo.local',
  address: '127.0.0.1:47080',
  addresses: ['127.0.0.1'],
  port: 47080,
  firmware: '1.10.3',
  license: 'PLUS',
  model: 'whatwatt Go (simulated)',
  demo: true,
});

const HOUSE = device({
  device_id: 'ECC9FF5C7F14',
  instance_name: 'whatwatt-5C7F14',
  address: '192.168.1.50:80',
  addresses: ['192.168.1.50', 'fe80::eec9:ffff:fe5c:7f14'],
});

const GARAGE = device({
  device_id: 'A4CF12B7E0D2',
  address: '192.168.1.61:80',
  addresses: ['192.168.1.61'],
  firmware: '1.9.8',
  license: 'FREE',
  meter_status: 'NOT CONNECTED',
  needs_password: true,
});

const NEIGHBOUR = device({
  device_id: '3C71BF4A21C0',
  address: '192.168.1.73:80',
  addresses: ['192.168.1.73'],
  firmware: '1.10.1',
  license: 'FREE',
  meter_status: 'OK',
  needs_password: true,
});

/** Passwords the mock's devices accept (by device id). */
const PASSWORDS: Record<string, string> = {
  [GARAGE.device_id]: 'garage-secret',
  [NEIGHBOUR.device_id]: 'letmein',
  LOCKED000001: 'letmein',
};

interface State {
  info: AppInfo;
  meters: MeterView[];
  /** What mDNS would announce while discovery is active, with the delay (ms) before each appears. */
  announce: { device: DiscoveredView; after: number; lostAfter?: number }[];
  active: boolean;
  /** What the backend's browse cache holds (the snapshot). */
  visible: Map<string, DiscoveredView>;
  timers: ReturnType<typeof setTimeout>[];
  brokenDiscovery: boolean;
  brokenMeters: boolean;
}

function baseInfo(): AppInfo {
  return {
    version: '0.1.0',
    secret_backend: { kind: 'keychain' },
    config_dir: '/home/anna/.config/wattdesk',
    mdns: 'all',
    registry_recovered: null,
    demo_running: false,
  };
}

function scenarioState(name: Scenario): State {
  const s: State = {
    info: baseInfo(),
    meters: [],
    announce: [],
    active: false,
    visible: new Map(),
    timers: [],
    brokenDiscovery: false,
    brokenMeters: false,
  };
  switch (name) {
    case 'empty':
      s.announce = [{ device: DEMO, after: 1000 }];
      break;
    case 'meters':
      s.info.demo_running = true;
      s.meters = [
        { ...toMeter(HOUSE, 'House meter', false), ...LIVE, last_seen: minutesAgo(1) },
        {
          ...toMeter(GARAGE, 'Garage sub-meter', true),
          online: false,
          connection: { state: 'connecting', attempt: 7 },
          last_seen: minutesAgo(60 * 24 * 3 + 30),
        },
        { ...toMeter(DEMO, null, false), ...LIVE, last_seen: minutesAgo(0) },
      ];
      s.announce = [
        { device: { ...HOUSE, saved: true }, after: 300 },
        { device: { ...DEMO, saved: true }, after: 500 },
        { device: NEIGHBOUR, after: 1200 },
      ];
      break;
    case 'errors':
      s.meters = [{ ...toMeter(HOUSE, 'House meter', false), ...LIVE, last_seen: minutesAgo(2) }];
      break;
    case 'file-secrets':
      s.info.secret_backend = { kind: 'file', path: '/home/anna/.config/wattdesk/secrets.json' };
      s.info.mdns = 'loopback';
      s.info.registry_recovered = '/home/anna/.config/wattdesk/meters.json.damaged-20260312T101500Z';
      break;
    case 'broken':
      s.brokenDiscovery = true;
      s.brokenMeters = true;
      break;
  }
  return s;
}

/** What probing an address finds in the mock world. `errors` scenario addresses are listed in the README. */
function probe(s: State, address: string, password: string | null): ProbeView {
  const a = address.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const host = a.replace(/:\d+$/, '');
  if (/\s/.test(a) || a === '') throw fail('invalid_address', `invalid device address "${address}"`);
  if (host === '10.0.0.99')
    return { kind: 'unreachable', detail: 'device unreachable at 10.0.0.99:80: connection timed out after 3 s' };
  if (host === 'printer.local')
    return { kind: 'not_whatwatt', detail: 'GET /api/v1/system answered HTTP 404 (server: HP HTTP Server)' };
  if (host === 'slow.local') throw fail('timeout', 'device did not answer within 5s');
  if (host === 'crash.local') throw 'command probe_address panicked'; // a bare string, as a panic would send
  const known = [HOUSE, GARAGE, NEIGHBOUR, DEMO].find(
    (d) => host === d.host_name.toLowerCase() || d.addresses.includes(host) || a === d.address,
  );
  const locked = host === 'locked.local';
  const dev =
    known ??
    device({
      device_id: locked ? 'LOCKED000001' : 'B8D61A' + hash6(host),
      address: a.includes(':') ? a : `${a}:80`,
      addresses: /^\d+\.\d+\.\d+\.\d+$/.test(host) ? [host] : ['192.168.1.88'],
      host_name: host.endsWith('.local') ? host : `whatwatt-${hash6(host)}.local`,
      instance_name: locked ? 'whatwatt-LOCKED' : `whatwatt-${hash6(host)}`,
      license: host.includes('plus') || locked ? 'PLUS' : 'FREE',
      needs_password: locked,
    });
  const expected = PASSWORDS[dev.device_id];
  if (expected !== undefined) {
    if (password === null) return { kind: 'needs_password' };
    // locked.local (errors scenario) takes any password but "wrong".
    const rejected = locked ? password === 'wrong' : password !== expected;
    if (rejected) return { kind: 'wrong_password' };
  }
  return { kind: 'device', device: { ...dev, saved: s.meters.some((m) => m.device_id === dev.device_id) } };
}

function redact(args: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(args);
  const blank = (o: Record<string, unknown>) => {
    if (typeof o.password === 'string') o.password = '<redacted>';
  };
  blank(copy);
  if (typeof copy.request === 'object' && copy.request !== null) blank(copy.request as Record<string, unknown>);
  return copy;
}

function hash6(s: string): string {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) & 0xffffff).toString(16).toUpperCase().padStart(6, '0');
}

export function installMock(scenarioName: string): void {
  const params = new URLSearchParams(window.location.search);
  const name: Scenario = (SCENARIOS as readonly string[]).includes(scenarioName)
    ? (scenarioName as Scenario)
    : 'meters';
  const latency = Math.max(0, Number(params.get('latency') ?? '0') || 0);
  const s = scenarioState(name);

  const emitMeters = () => void emit('meters-changed', structuredClone(s.meters));
  const emitDiscovery = (e: DiscoveryEvent) => {
    if (e.type === 'found') s.visible.set(e.device.device_id, e.device);
    else s.visible.delete(e.device_id);
    if (s.active) void emit('discovery', e);
  };
  const later = (ms: number, f: () => void) => s.timers.push(setTimeout(f, ms));
  const markSaved = (id: string) => {
    const entry = s.announce.find((x) => x.device.device_id === id);
    if (entry) entry.device = { ...entry.device, saved: true };
    if (entry && s.visible.has(id)) {
      emitDiscovery({ type: 'found', device: entry.device });
    }
  };
  /** A freshly added meter is checked shortly after: it comes online. */
  const comeOnline = (id: string) =>
    later(1200, () => {
      s.meters = s.meters.map((m) =>
        m.device_id === id ? { ...m, ...LIVE, last_seen: new Date().toISOString() } : m,
      );
      emitMeters();
    });

  function addMeter(req: AddMeterRequest): MeterView {
    const p = probe(s, req.address, req.password);
    switch (p.kind) {
      case 'needs_password':
        throw fail('password_required', 'the device is password protected: a password is needed');
      case 'wrong_password':
        throw fail('wrong_password', 'the device rejected the password');
      case 'unreachable':
        throw fail('unreachable', p.detail);
      case 'not_whatwatt':
        throw fail('not_whatwatt', p.detail);
      case 'device': {
        if (s.meters.some((m) => m.device_id === p.device.device_id))
          throw fail('already_added', 'this meter is already in your list');
        const m = toMeter(p.device, req.name, req.password !== null);
        s.meters = [...s.meters, m];
        emitMeters();
        markSaved(m.device_id);
        comeOnline(m.device_id);
        return m;
      }
    }
  }

  async function handle(cmd: string, args: Record<string, unknown>): Promise<unknown> {
    const slow = (ms: number) => sleep(latency + ms);
    switch (cmd) {
      case 'app_info':
        await slow(20);
        return structuredClone(s.info);
      case 'list_meters':
        await slow(120);
        if (s.brokenMeters) throw fail('internal', 'could not read or write /home/anna/.config/wattdesk/meters.json: permission denied');
        return structuredClone(s.meters);
      case 'probe_address':
        await slow(350);
        return probe(s, String(args.address ?? ''), (args.password as string | null) ?? null);
      case 'add_meter':
        await slow(400);
        return addMeter(args.request as AddMeterRequest);
      case 'remove_meter': {
        await slow(150);
        const id = String(args.deviceId);
        if (!s.meters.some((m) => m.device_id === id)) throw fail('not_found', `no saved meter has the id ${id}`);
        s.meters = s.meters.filter((m) => m.device_id !== id);
        emitMeters();
        const entry = s.announce.find((x) => x.device.device_id === id);
        if (entry) entry.device = { ...entry.device, saved: false };
        if (entry && s.visible.has(id)) {
          emitDiscovery({ type: 'found', device: entry.device });
        }
        return null;
      }
      case 'rename_meter': {
        await slow(120);
        const id = String(args.deviceId);
        const i = s.meters.findIndex((m) => m.device_id === id);
        const old = s.meters[i];
        if (old === undefined) throw fail('not_found', `no saved meter has the id ${id}`);
        const renamed = { ...old, name: String(args.name) };
        s.meters = s.meters.map((m, j) => (j === i ? renamed : m));
        emitMeters();
        return renamed;
      }
      case 'discovery_snapshot':
        await slow(60);
        if (s.brokenDiscovery) throw fail('internal', 'mDNS discovery failed: no usable network interface');
        return structuredClone([...s.visible.values()]);
      case 'set_discovery_active': {
        await slow(30);
        const active = Boolean(args.active);
        if (active === s.active) return null;
        s.active = active;
        if (active) {
          for (const a of s.announce) {
            later(a.after, () => emitDiscovery({ type: 'found', device: a.device }));
            if (a.lostAfter !== undefined) later(a.lostAfter, () => emitDiscovery({ type: 'lost', device_id: a.device.device_id }));
          }
        } else {
          s.timers.forEach(clearTimeout);
          s.timers = [];
        }
        return null;
      }
      case 'start_demo': {
        await slow(900);
        const existing = s.meters.find((m) => m.demo);
        if (existing) return existing;
        s.info.demo_running = true;
        const m = toMeter(DEMO, null, false);
        s.meters = [...s.meters, m];
        emitMeters();
        markSaved(m.device_id);
        comeOnline(m.device_id);
        return m;
      }
      default:
        throw fail('internal', `mock: unknown command ${cmd}`);
    }
  }

  /** Every command the UI sent, passwords blanked out (the view tests read it). */
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: redact(args) });
      return handle(cmd, args);
    },
    { shouldMockEvents: true },
  );

  // For the view tests: push a meter online/offline as the backend's presence checks would.
  const w = window as unknown as { __wattdeskMock?: unknown };
  w.__wattdeskMock = {
    scenario: name,
    calls,
    setOnline(id: string, online: boolean) {
      s.meters = s.meters.map((m) =>
        m.device_id === id
          ? {
              ...m,
              online,
              connection: online ? LIVE.connection : { state: 'connecting', attempt: 1 },
              last_seen: online ? new Date().toISOString() : m.last_seen,
            }
          : m,
      );
      emitMeters();
    },
    lose(id: string) {
      emitDiscovery({ type: 'lost', device_id: id });
    },
  };
  document.documentElement.dataset.mock = name;
}
