// The mock backend's saved meters: list, rename, remove, the demo meter, a moved meter's new address
// (accept or keep it), allowing the simple login, and (for the view tests) pushing presence, session state
// and health changes as the backend's checks would.
import type { Health, MeterView, SessionState } from '../../lib/bindings';
import { BASIC_REFUSED_MESSAGE, DEMO, health, LIVE, offline, toMeter } from '../../mock/devices';
import { fail, type MockFeature } from '../../mock/world';
import { METER_OFFSET_S, streamingTransport } from '../live/mockFeeds';

export const metersMock: MockFeature = (world) => {
  const s = world.state;
  /** Replaces one saved meter and sends `meters-changed`. */
  const update = (id: string, change: (m: MeterView) => MeterView) => {
    s.meters = s.meters.map((m) => (m.device_id === id ? change(m) : m));
    world.emitMeters();
  };

  /** The session (re)starts: connecting now, live shortly after. */
  const restart = (m: MeterView): MeterView => {
    world.later(1200, () =>
      update(m.device_id, (x) => ({ ...x, ...LIVE, last_seen: new Date().toISOString(), utc_offset_s: x.utc_offset_s ?? METER_OFFSET_S })),
    );
    return { ...m, online: null, connection: { state: 'connecting', attempt: 1 } };
  };

  // A freshly added meter is checked shortly after: it comes online.
  world.onMeterAdded((m) => void restart(m));

  // The backend re-reads each live meter's health about once a minute (`&health=<s>` for the view tests) and
  // sends `meters-changed` when anything moved: the uptime always does, the Wi-Fi signal now and then.
  const healthS = Math.max(1, Number(world.params.get('health') ?? '60') || 60);
  let reads = 0;
  setInterval(() => {
    reads++;
    let changed = false;
    s.meters = s.meters.map((m) => {
      if (m.health === null || streamingTransport(m.connection) === null) return m;
      changed = true;
      const h = m.health;
      const wobble = reads % 3 === 0 ? (reads % 2 === 0 ? 1 : -1) : 0;
      return {
        ...m,
        health: {
          ...h,
          uptime_s: h.uptime_s === null ? null : h.uptime_s + healthS,
          wifi_rssi_dbm: h.wifi_rssi_dbm === null ? null : h.wifi_rssi_dbm + wobble,
        },
      };
    });
    if (changed) world.emitMeters();
  }, healthS * 1000);

  return {
    handlers: {
      list_meters: async () => {
        await world.slow(120);
        if (s.brokenMeters) throw fail('internal', 'could not read or write /home/anna/.config/wattdesk/meters.json: permission denied');
        return structuredClone(s.meters);
      },
      remove_meter: async (args) => {
        await world.slow(150);
        const id = String(args.deviceId);
        world.meter(id);
        world.removeMeter(id);
        return null;
      },
      rename_meter: async (args) => {
        await world.slow(120);
        const id = String(args.deviceId);
        const renamed = { ...world.meter(id), name: String(args.name) };
        update(id, () => renamed);
        return renamed;
      },
      accept_meter_address: async (args) => {
        await world.slow(600);
        const id = String(args.deviceId);
        const address = String(args.address);
        const m = world.meter(id);
        // The backend logs in there with the meter's password and scheme before it moves the meter.
        if (s.impostors.includes(address)) throw fail('basic_refused', BASIC_REFUSED_MESSAGE);
        if (address.startsWith('10.0.0.99')) throw fail('unreachable', `device unreachable at ${address}: connection timed out after 4 s`);
        const moved = restart({ ...m, address, moved_to: null });
        update(id, () => moved);
        return moved;
      },
      dismiss_meter_move: async (args) => {
        await world.slow(80);
        const id = String(args.deviceId);
        world.meter(id);
        update(id, (m) => ({ ...m, moved_to: null }));
        return null;
      },
      allow_basic_login: async (args) => {
        await world.slow(150);
        const id = String(args.deviceId);
        const allowed = restart(world.meter(id));
        update(id, () => allowed);
        return allowed;
      },
      start_demo: async () => {
        await world.slow(900);
        const existing = s.meters.find((m) => m.demo);
        if (existing) return existing;
        s.info.demo_running = true;
        const m = toMeter(DEMO, null, false);
        world.addMeter(m);
        return m;
      },
    },
    testApi: {
      /** Pushes a meter online/offline as the backend's presence checks would. */
      setOnline(id: string, online: boolean) {
        update(id, (m) => ({
          ...m,
          ...(online ? LIVE : offline(m.address)),
          last_seen: online ? new Date().toISOString() : m.last_seen,
          utc_offset_s: online ? (m.utc_offset_s ?? METER_OFFSET_S) : m.utc_offset_s,
        }));
      },
      /** The session state changes (readings stop unless live or polling in place of the stream). */
      setConnection(id: string, connection: SessionState) {
        update(id, (m) => ({
          ...m,
          connection,
          online: streamingTransport(connection) !== null ? true : connection.state === 'offline' ? false : m.online,
        }));
      },
      /** The backend found a device announcing this meter's id at `address` (null: forget it). */
      setMovedTo(id: string, address: string | null) {
        update(id, (m) => ({ ...m, moved_to: address }));
      },
      setHealth(id: string, over: Partial<Health>) {
        update(id, (m) => ({ ...m, health: health({ ...m.health, ...over }) }));
      },
    },
  };
};
