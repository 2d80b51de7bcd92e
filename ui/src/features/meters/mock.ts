// The mock backend's saved meters: list, rename, remove, the demo meter, and (for the view tests) pushing
// presence, session state and health changes as the backend's checks would.
import type { Health, MeterView, SessionState } from '../../lib/bindings';
import { DEMO, health, LIVE, offline, toMeter } from '../../mock/devices';
import { fail, type MockFeature } from '../../mock/world';
import { streamingTransport } from '../live/mockFeeds';

export const metersMock: MockFeature = (world) => {
  const s = world.state;
  /** Replaces one saved meter and sends `meters-changed`. */
  const update = (id: string, change: (m: MeterView) => MeterView) => {
    s.meters = s.meters.map((m) => (m.device_id === id ? change(m) : m));
    world.emitMeters();
  };

  // A freshly added meter is checked shortly after: it comes online.
  world.onMeterAdded((m) =>
    world.later(1200, () => update(m.device_id, (x) => ({ ...x, ...LIVE, last_seen: new Date().toISOString() }))),
  );

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
      setHealth(id: string, over: Partial<Health>) {
        update(id, (m) => ({ ...m, health: health({ ...m.health, ...over }) }));
      },
    },
  };
};
