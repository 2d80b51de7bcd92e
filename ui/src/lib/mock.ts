// A realistic stand-in for the Rust backend, for the browser (`npm run dev` with `?mock=<scenario>`) and
// the view tests (`vite build --mode mocktest`). Never part of the production bundle: main.ts imports it
// dynamically behind `import.meta.env.DEV || import.meta.env.VITE_MOCK === '1'`, which is false there.
//
// Scenarios: empty | meters | errors | file-secrets | broken | live | states | gap | free (one FREE meter).
// MQTT commands (brokers, meter links, device publishing, transport figures) are in mockMqtt.ts. Add `&latency=<ms>` to slow
// every command, `&rate=<Hz>` for the live reading rate (default 5), `&history=<min>` for how much past the
// first live subscription of a meter replays (default 15; the real backend sends only new readings).
import type { Channel } from '@tauri-apps/api/core';
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import type {
  AddMeterRequest,
  AppError,
  AppInfo,
  DayStart,
  DiscoveredView,
  DiscoveryEvent,
  Health,
  LiveBatch,
  LiveSample,
  MeterView,
  ProbeView,
  SessionState,
  Transport,
} from './bindings';
import { createMqttMock } from './mockMqtt';
import { MeterSim } from './mockSignal';

export const SCENARIOS = ['empty', 'meters', 'errors', 'file-secrets', 'broken', 'live', 'states', 'gap', 'free'] as const;
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
const offline = (address: string, retry = 30): Partial<MeterView> => ({
  online: false,
  connection: { state: 'offline', retry_in_s: retry, reason: `no answer from ${address}: connection timed out` },
});

function health(over: Partial<Health> = {}): Health {
  return {
    meter_status: 'OK',
    interface: 'P1',
    report_interval_s: 1,
    wifi_rssi_dbm: -58,
    wifi_signal_pct: 84,
    v_scap: 4.96,
    scap_low: false,
    uptime_s: 3 * 86_400 + 4 * 3600 + 17 * 60,
    reboots_seen: 0,
    firmware: '1.10.3',
    license: 'PLUS',
    mqtt_enabled: true,
    mqtt_connected: true,
    ...over,
  };
}

/** How a mock meter's readings look (meters without one get a default when they stream). */
interface FeedSpec {
  phases: 1 | 3;
  pvPeakKw: number;
  baseLoadKw: number;
  seed: number;
  /** Today so far at page load (kWh), for the day baseline. */
  todayImport: number;
  todayExport: number;
  /** The baseline reading came late (WattDesk was not running at midnight). */
  since?: string;
  /** History replayed on the first subscription ends this long ago (an offline meter's last readings). */
  lastReadingAgoMs?: number;
  /** Skip batch numbers and report skipped readings now and then (the gap notice). */
  gaps?: boolean;
  /** Readings per second (default: `&rate=`, 5). */
  rateHz?: number;
}

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

const FLAT = device({
  device_id: 'B8D61A0F1E2D',
  instance_name: 'whatwatt-0F1E2D',
  host_name: 'whatwatt-0F1E2D.local',
  address: '192.168.1.64:80',
  addresses: ['192.168.1.64'],
  firmware: '1.9.8',
  license: 'FREE',
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
  feeds: Record<string, FeedSpec>;
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
    feeds: {},
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
          ...offline(GARAGE.address, 25),
          last_seen: minutesAgo(60 * 24 * 3 + 30),
        },
        { ...toMeter(DEMO, null, false), ...LIVE, last_seen: minutesAgo(0), health: health({ interface: 'SIM' }) },
      ];
      s.feeds[HOUSE.device_id] = HOUSE_FEED;
      s.meters[0]!.health = health();
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
    case 'live':
      s.meters = [
        { ...toMeter(HOUSE, 'House meter', false), ...LIVE, last_seen: minutesAgo(0), health: health() },
        {
          ...toMeter(FLAT, 'Garden flat', false),
          online: true,
          connection: { state: 'live', transport: 'poll' },
          last_seen: minutesAgo(0),
          health: health({
            interface: 'MBUS',
            report_interval_s: 7,
            wifi_rssi_dbm: -79,
            wifi_signal_pct: 36,
            v_scap: 4.31,
            scap_low: true,
            uptime_s: 5 * 3600 + 12 * 60,
            reboots_seen: 2,
            firmware: '1.9.8',
            license: 'FREE',
            mqtt_enabled: false,
            mqtt_connected: null,
          }),
        },
        {
          ...toMeter(GARAGE, 'Garage sub-meter', true),
          ...offline(GARAGE.address, 25),
          last_seen: minutesAgo(5),
          health: health({ interface: 'P1', wifi_rssi_dbm: -84, wifi_signal_pct: 22, uptime_s: 41 * 3600, license: 'FREE', firmware: '1.9.8' }),
        },
      ];
      s.feeds[HOUSE.device_id] = HOUSE_FEED;
      s.feeds[FLAT.device_id] = { phases: 1, pvPeakKw: 0.6, baseLoadKw: 0.3, seed: 7, todayImport: 3.184, todayExport: 0.412, since: '07:42:10', rateHz: 1 };
      s.feeds[GARAGE.device_id] = { phases: 3, pvPeakKw: 0, baseLoadKw: 0.35, seed: 11, todayImport: 1.92, todayExport: 0, lastReadingAgoMs: 5 * 60_000 };
      break;
    case 'states': {
      const named = (id: string, name: string, connection: SessionState, over: Partial<MeterView> = {}): MeterView => ({
        ...toMeter(device({ device_id: id, address: `192.168.1.${100 + s.meters.length}:80` }), name, false),
        online: connection.state === 'offline' ? false : connection.state === 'connecting' ? null : true,
        connection,
        last_seen: minutesAgo(connection.state === 'live' || connection.state === 'preempted' ? 0 : 12),
        ...over,
      });
      const add = (...a: Parameters<typeof named>) => s.meters.push(named(...a));
      add('5CCF7F000001', 'Workshop', { state: 'preempted', fallback: 'poll', retry_in_s: 45 }, { health: health() });
      add('5CCF7F000002', 'Barn', { state: 'preempted', fallback: null, retry_in_s: 20 });
      add('5CCF7F000003', 'Cellar', { state: 'needs_password' }, { has_password: false });
      add('5CCF7F000004', 'Studio', { state: 'wrong_password' }, { has_password: true });
      add('5CCF7F000005', 'Annex', { state: 'license_required', detail: 'The live stream needs a PLUS licence; this meter has FREE.' }, { license: 'FREE' });
      add('5CCF7F000006', 'Shed', { state: 'stale', transport: 'sse', silent_s: 40 });
      add('5CCF7F000007', 'Attic', { state: 'connecting', attempt: 3 });
      s.feeds['5CCF7F000001'] = { ...HOUSE_FEED, seed: 13, todayImport: 4.215, todayExport: 9.84 };
      s.feeds['5CCF7F000006'] = { ...HOUSE_FEED, seed: 5, lastReadingAgoMs: 40_000 };
      break;
    }
    case 'free':
      s.meters = [{ ...toMeter(FLAT, 'Garden flat', false), online: true, connection: { state: 'live', transport: 'poll' }, last_seen: minutesAgo(0) }];
      s.feeds[FLAT.device_id] = { phases: 1, pvPeakKw: 0.6, baseLoadKw: 0.3, seed: 7, todayImport: 3.184, todayExport: 0.412, rateHz: 1 };
      break;
    case 'gap':
      s.meters = [{ ...toMeter(HOUSE, 'House meter', false), ...LIVE, last_seen: minutesAgo(0), health: health() }];
      s.feeds[HOUSE.device_id] = { ...HOUSE_FEED, gaps: true };
      break;
  }
  for (const m of s.meters) {
    const f = s.feeds[m.device_id];
    if (f && m.today === null) m.today = dayStart(f);
  }
  return s;
}

const HOUSE_FEED: FeedSpec = { phases: 3, pvPeakKw: 3.6, baseLoadKw: 0.45, seed: 3, todayImport: 7.842, todayExport: 12.307 };

const START_IMPORT = 12_345.678;
const START_EXPORT = 3_456.789;

/** The day baseline for a mock meter: registers now (start values) minus today so far. */
function dayStart(f: FeedSpec): DayStart {
  const d = new Date();
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return {
    date,
    import_kwh: START_IMPORT + f.seed - f.todayImport,
    export_kwh: START_EXPORT + f.seed - f.todayExport,
    since: f.since ?? '00:00:02',
    partial: f.since !== undefined,
  };
}

/** Readings arrive in these states (live, or polling while another app holds the stream). */
function streamingTransport(c: SessionState | null): Transport | null {
  if (c === null) return null;
  if (c.state === 'live') return c.transport;
  if (c.state === 'preempted') return c.fallback;
  return null;
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
  const copy: Record<string, unknown> = structuredClone({ ...args, ...('onBatch' in args ? { onBatch: '<channel>' } : {}) });
  const blank = (o: Record<string, unknown>) => {
    if (typeof o.password === 'string') o.password = '<redacted>';
  };
  blank(copy);
  if (typeof copy.request === 'object' && copy.request !== null) {
    const req = copy.request as Record<string, unknown>;
    blank(req);
    if (typeof req.client_key_pem === 'string' && req.client_key_pem !== '') req.client_key_pem = '<redacted>';
    const key = req.client_key as { action?: string; pem?: string } | undefined;
    if (key?.action === 'set') key.pem = '<redacted>';
  }
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

  // Live feeds ----------------------------------------------------------------------------------------
  const rateHz = Math.min(1000, Math.max(0.1, Number(params.get('rate') ?? '5') || 5));
  const historyMin = Math.max(0, Number(params.get('history') ?? '15') || 0);
  const sims = new Map<string, MeterSim>();
  const replayed = new Set<string>();
  const subs = new Map<number, { deviceId: string; stop: () => void }>();
  let nextSub = 1;
  /** What the real IPC layer does with a channel message: mockIPC's callback registry (set up below). */
  const runCallback = (id: number, data: unknown) =>
    (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__.runCallback(
      id,
      data,
    );

  const specFor = (id: string): FeedSpec =>
    (s.feeds[id] ??= { ...HOUSE_FEED, seed: parseInt(hash6(id), 16) % 97, todayImport: 2.4, todayExport: 0.9 });
  const simFor = (id: string): MeterSim => {
    let sim = sims.get(id);
    if (sim === undefined) {
      const f = specFor(id);
      sim = new MeterSim({
        seed: f.seed,
        phases: f.phases,
        pvPeakKw: f.pvPeakKw,
        baseLoadKw: f.baseLoadKw,
        importKwh: START_IMPORT + f.seed,
        exportKwh: START_EXPORT + f.seed,
        lagMs: 45,
      });
      sims.set(id, sim);
    }
    return sim;
  };
  const lag = (t: Transport) => (t === 'poll' ? 180 : t === 'mqtt' ? 90 : 35) * (0.7 + 0.6 * Math.random());

  /** Streams like the backend: numbered batches of ≤ 10 readings into the channel, in order. */
  function subscribe(deviceId: string, channel: Channel<LiveBatch>): number {
    const meter = s.meters.find((m) => m.device_id === deviceId);
    if (meter === undefined) throw fail('not_found', `no saved meter has the id ${deviceId}`);
    const id = nextSub++;
    const spec = specFor(deviceId);
    const sim = simFor(deviceId);
    let index = 0;
    let seq = 0;
    let batches = 0;
    const deliver = (message: LiveBatch | null) =>
      runCallback(channel.id, message === null ? { index: index++, end: true } : { index: index++, message });
    const send = (samples: LiveSample[]) => {
      batches++;
      seq += spec.gaps && batches % 9 === 0 ? 2 + (batches % 2) : 1;
      deliver({ seq, samples, dropped: spec.gaps && batches % 13 === 0 ? 4 : 0 });
    };
    const sendAll = (samples: LiveSample[]) => {
      for (let i = 0; i < samples.length; i += 10) send(samples.slice(i, i + 10));
    };
    const timers: ReturnType<typeof setTimeout>[] = [];

    // The past: what an earlier session would have collected (the real backend sends only new readings).
    timers.push(
      setTimeout(() => {
        if (replayed.has(deviceId)) return;
        replayed.add(deviceId);
        const current = s.meters.find((m) => m.device_id === deviceId)?.connection ?? null;
        // Only a meter that streams now, or one that went quiet a while ago, has a past worth showing.
        if (streamingTransport(current) === null && spec.lastReadingAgoMs === undefined) return;
        const end = Date.now() - (spec.lastReadingAgoMs ?? 0);
        const minutes = spec.lastReadingAgoMs !== undefined ? Math.max(historyMin, 2) : historyMin;
        if (minutes <= 0) return;
        const past: LiveSample[] = [];
        const transport = streamingTransport(current) ?? 'sse';
        for (let t = end - minutes * 60_000; t <= end; t += 1000) past.push(sim.sample(t - lag(transport), transport, t));
        sendAll(past);
      }, 0),
    );

    const period = 1000 / (spec.rateHz ?? rateHz);
    let next = Date.now();
    timers.push(
      setInterval(
        () => {
          const current = s.meters.find((m) => m.device_id === deviceId);
          const transport = streamingTransport(current?.connection ?? null);
          const now = Date.now();
          if (transport === null || !replayed.has(deviceId)) {
            next = now;
            return;
          }
          const fresh: LiveSample[] = [];
          for (; next <= now && fresh.length < 1000; next += period) {
            const received = Math.min(now, Math.round(next));
            fresh.push(sim.sample(received - lag(transport), transport, received));
          }
          if (next < now) next = now;
          sendAll(fresh);
        },
        Math.max(10, period),
      ),
    );
    subs.set(id, {
      deviceId,
      stop: () => {
        timers.forEach(clearTimeout);
        deliver(null);
      },
    });
    return id;
  }

  function unsubscribe(id: number): void {
    subs.get(id)?.stop();
    subs.delete(id);
  }

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

  const mqtt = createMqttMock(() => s.meters, params, name);

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
        for (const [sub, x] of subs) if (x.deviceId === id) unsubscribe(sub);
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
      case 'subscribe_live':
        await slow(10);
        return subscribe(String(args.deviceId), args.onBatch as Channel<LiveBatch>);
      case 'unsubscribe_live':
        await slow(5);
        unsubscribe(Number(args.subscription));
        return null;
      default: {
        await slow(0);
        const answer = await mqtt(cmd, args);
        if (answer === undefined) throw fail('internal', `mock: unknown command ${cmd}`);
        return answer;
      }
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
              ...(online ? LIVE : offline(m.address)),
              last_seen: online ? new Date().toISOString() : m.last_seen,
            }
          : m,
      );
      emitMeters();
    },
    /** The session state changes (readings stop unless live or polling in place of the stream). */
    setConnection(id: string, connection: SessionState) {
      s.meters = s.meters.map((m) =>
        m.device_id === id
          ? { ...m, connection, online: streamingTransport(connection) !== null ? true : connection.state === 'offline' ? false : m.online }
          : m,
      );
      emitMeters();
    },
    setHealth(id: string, over: Partial<Health>) {
      s.meters = s.meters.map((m) => (m.device_id === id ? { ...m, health: health({ ...m.health, ...over }) } : m));
      emitMeters();
    },
    /** Open live subscriptions (device ids), for the tests. */
    subscriptions() {
      return [...subs.values()].map((x) => x.deviceId);
    },
    lose(id: string) {
      emitDiscovery({ type: 'lost', device_id: id });
    },
  };
  document.documentElement.dataset.mock = name;
}
