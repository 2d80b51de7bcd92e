// The whatwatt Go readers of the mock world, and how a saved meter, its health and its session look.
import type { DiscoveredView, Health, MeterView } from '../lib/bindings';
import { discovered } from '../lib/testFixtures';

export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** A stable six-digit hex tag for any text (ids for addresses the mock world does not know). */
export function hash6(s: string): string {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) & 0xffffff).toString(16).toUpperCase().padStart(6, '0');
}

/** A reader as discovery sees it; names follow the id's last six digits unless given. */
export function device(over: Partial<DiscoveredView> & Pick<DiscoveredView, 'device_id'>): DiscoveredView {
  const suffix = over.device_id.slice(-6);
  return discovered({ instance_name: `whatwatt-${suffix}`, host_name: `whatwatt-${suffix}.local`, ...over });
}

/** A freshly saved meter (the session starts by connecting). */
export function toMeter(d: DiscoveredView, name: string | null, hasPassword: boolean): MeterView {
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
    moved_to: null,
    // Known from the first reading on.
    utc_offset_s: null,
  };
}

export const LIVE = { online: true, connection: { state: 'live', transport: 'sse' } } as const satisfies Partial<MeterView>;

export const offline = (address: string, retry = 30): Partial<MeterView> => ({
  online: false,
  connection: { state: 'offline', retry_in_s: retry, reason: `no answer from ${address}: connection timed out` },
});

export function health(over: Partial<Health> = {}): Health {
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
    gentle: null,
    gentle_said: null,
    ...over,
  };
}

export const DEMO = device({
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

export const HOUSE = device({
  device_id: 'ECC9FF5C7F14',
  instance_name: 'whatwatt-5C7F14',
  address: '192.168.1.50:80',
  addresses: ['192.168.1.50', 'fe80::eec9:ffff:fe5c:7f14'],
});

export const GARAGE = device({
  device_id: 'A4CF12B7E0D2',
  address: '192.168.1.61:80',
  addresses: ['192.168.1.61'],
  firmware: '1.9.8',
  license: 'FREE',
  meter_status: 'NOT CONNECTED',
  needs_password: true,
});

export const NEIGHBOUR = device({
  device_id: '3C71BF4A21C0',
  address: '192.168.1.73:80',
  addresses: ['192.168.1.73'],
  firmware: '1.10.1',
  license: 'FREE',
  meter_status: 'OK',
  needs_password: true,
});

export const FLAT = device({
  device_id: 'B8D61A0F1E2D',
  instance_name: 'whatwatt-0F1E2D',
  host_name: 'whatwatt-0F1E2D.local',
  address: '192.168.1.64:80',
  addresses: ['192.168.1.64'],
  firmware: '1.9.8',
  license: 'FREE',
});

/** Where the House meter answers after its address changed (`trust`: accepting the move works). */
export const MOVED_HOUSE = '192.168.1.77:80';

/** A device that announces the Garage meter's id but asks for its password unencrypted (`trust`). */
export const IMPOSTOR = '192.168.1.99:80';

/** What the backend says when it refuses to send a password unencrypted (whatwatt's AuthFailure::BasicRefused). */
export const BASIC_REFUSED_MESSAGE =
  'the device asked for the password in clear text (HTTP Basic); WattDesk did not send it, because this meter used the safer Digest login before or its address is not confirmed: it may be another device pretending to be your meter';

/** Passwords the mock's devices accept (by device id). */
export const PASSWORDS: Record<string, string> = {
  [GARAGE.device_id]: 'garage-secret',
  [NEIGHBOUR.device_id]: 'letmein',
  LOCKED000001: 'letmein',
};
