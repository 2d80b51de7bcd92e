// The mock backend's discovery and adding: mDNS announcements while browsing is on, the browse cache
// (snapshot), probing an address and adding a meter. The `errors` scenario's special addresses are listed
// in ui/README.md.
import type { AddMeterRequest, DiscoveredView, DiscoveryEvent, MeterView, ProbeView } from '../../lib/bindings';
import { BASIC_REFUSED_MESSAGE, DEMO, device, GARAGE, hash6, HOUSE, NEIGHBOUR, PASSWORDS, toMeter } from '../../mock/devices';
import { fail, type MockFeature } from '../../mock/world';

export const discoveryMock: MockFeature = (world) => {
  const s = world.state;
  let active = false;
  /** What the backend's browse cache holds (the snapshot). */
  const visible = new Map<string, DiscoveredView>();

  const announce = (e: DiscoveryEvent) => {
    if (e.type === 'found') visible.set(e.device.device_id, e.device);
    else visible.delete(e.device_id);
    if (active) world.emitDiscovery(e);
  };
  /** A saved (or forgotten) meter shows as such in the announcements from now on. */
  const markSaved = (id: string, saved: boolean) => {
    const entry = s.announce.find((x) => x.device.device_id === id);
    if (entry) entry.device = { ...entry.device, saved };
    if (entry && visible.has(id)) announce({ type: 'found', device: entry.device });
  };
  world.onMeterAdded((m) => markSaved(m.device_id, true));
  world.onMeterRemoved((id) => markSaved(id, false));

  /** What probing an address finds in the mock world. */
  function probe(address: string, password: string | null): ProbeView {
    const a = address.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    const host = a.replace(/:\d+$/, '');
    if (/\s/.test(a) || a === '') throw fail('invalid_address', `invalid device address "${address}"`);
    if (host === '10.0.0.99')
      return { kind: 'unreachable', detail: 'device unreachable at 10.0.0.99:80: connection timed out after 3 s' };
    if (host === 'printer.local')
      return {
        kind: 'not_whatwatt',
        detail: 'a web server answered, but it has no whatwatt Go API (not found: GET /api/v1/system answered HTTP 404, server: HP HTTP Server)',
      };
    // A name nobody on the network has (a typo of the House meter's name).
    if (host === 'nosuch.local' || host === 'whatwatt-5c7f41.local') return { kind: 'unknown_host', host: address.trim().replace(/^https?:\/\//i, '').replace(/[:/].*$/, '') };
    if (host === 'broker.local' || a.endsWith(':1883'))
      return {
        kind: 'not_whatwatt',
        detail: `an MQTT broker answers at ${a.includes(':') ? a : `${a}:1883`}, not a whatwatt Go (its web interface is on another port, usually 80)`,
      };
    if (host === 'nas.local')
      return {
        kind: 'not_whatwatt',
        detail: `something answers at ${a.includes(':') ? a : `${a}:80`}, but not like a web server (another service on that port?): error sending request for url (http://${a}/api/v1/system): connection closed before message completed`,
      };
    if (host === 'slow.local') throw fail('timeout', 'device did not answer within 5s');
    if (host === 'crash.local') throw 'command probe_address panicked'; // a bare string, as a panic would send
    // Asks for a password with the safe login, then for it unencrypted: WattDesk keeps it.
    if (host === 'impostor.local') return password === null ? { kind: 'needs_password' } : { kind: 'basic_refused' };
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

  function addMeter(req: AddMeterRequest): MeterView {
    const p = probe(req.address, req.password);
    switch (p.kind) {
      case 'needs_password':
        throw fail('password_required', 'the device is password protected: a password is needed');
      case 'wrong_password':
        throw fail('wrong_password', 'the device rejected the password');
      case 'basic_refused':
        throw fail('basic_refused', BASIC_REFUSED_MESSAGE);
      case 'unreachable':
        throw fail('unreachable', p.detail);
      case 'not_whatwatt':
        throw fail('not_whatwatt', p.detail);
      case 'unknown_host':
        throw fail('unknown_host', `no device on the network has the name "${p.host}"`);
      case 'device': {
        if (s.meters.some((m) => m.device_id === p.device.device_id))
          throw fail('already_added', 'this meter is already in your list');
        const m = toMeter(p.device, req.name, req.password !== null);
        world.addMeter(m);
        return m;
      }
    }
  }

  return {
    handlers: {
      probe_address: async (args) => {
        await world.slow(350);
        return probe(String(args.address ?? ''), (args.password as string | null) ?? null);
      },
      add_meter: async (args) => {
        await world.slow(400);
        return addMeter(args.request as AddMeterRequest);
      },
      discovery_snapshot: async () => {
        await world.slow(60);
        if (s.brokenDiscovery) throw fail('internal', 'mDNS discovery failed: no usable network interface');
        return structuredClone([...visible.values()]);
      },
      set_discovery_active: async (args) => {
        await world.slow(30);
        const on = Boolean(args.active);
        if (on === active) return null;
        active = on;
        if (on) {
          for (const a of s.announce) {
            world.later(a.after, () => announce({ type: 'found', device: a.device }));
            if (a.lostAfter !== undefined) world.later(a.lostAfter, () => announce({ type: 'lost', device_id: a.device.device_id }));
          }
        } else {
          world.clearLater();
        }
        return null;
      },
    },
    testApi: {
      /** The device stops answering mDNS. */
      lose(id: string) {
        announce({ type: 'lost', device_id: id });
      },
    },
  };
};
