// The mock backend's Sharing (Settings › Sharing): the choices checked as app/sharing.rs checks them, tokens
// (their values made here and returned once), the gateway "running" or not, and two programs connected while
// it runs. `&sharing=on` starts it on with a token (Home Assistant) and the first meter answering like the
// reader on port 8081; `&sharing=port-in-use` starts it on with port 8437 taken by another program (its
// problem). For the view tests: `occupyPort(port)`, `sharingSettings()`.
import type { CompatAddress, SharingClient, SharingSettings, SharingStatus, SharingToken } from '../../lib/bindings';
import { fail, type MockFeature } from '../../mock/world';

const LAN_IP = '192.168.1.20';

interface ClientSeed {
  id: number;
  /** The address on this computer / from the network. */
  local: string;
  lan: string;
  kind: SharingClient['kind'];
  /** Seconds connected when the mock started. */
  ageS: number;
  rate: number;
  lagged: number;
}

const SEEDS: ClientSeed[] = [
  { id: 1, local: '127.0.0.1:52814', lan: '192.168.1.40:52814', kind: 'web_socket', ageS: 12 * 60 + 5, rate: 2, lagged: 0 },
  { id: 2, local: '127.0.0.1:50122', lan: '192.168.1.45:50122', kind: 'live_stream', ageS: 3 * 60 + 40, rate: 1, lagged: 3 },
];

function hex(bytes: number): string {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return [...a].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function tokenValue(): string {
  const a = new Uint8Array(32);
  crypto.getRandomValues(a);
  return `wdt_${btoa(String.fromCharCode(...a)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

const isOrigin = (o: string) => {
  try {
    const u = new URL(o);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.pathname === '/' && u.search === '' && u.hash === '' && u.username === '';
  } catch {
    return false;
  }
};

export const sharingMock: MockFeature = (world) => {
  const s = world.state;
  const preset = world.params.get('sharing');
  const started = Date.now();
  let settings: SharingSettings = { enabled: false, allow_lan: false, port: 8437, compat: [], allowed_origins: [], require_token: false };
  let tokens: SharingToken[] = [];
  /** Ports other programs hold on this computer. */
  const busy = new Set<number>();
  let running = false;
  let problem: string | null = null;
  /** Clients disconnected (their token revoked). */
  const gone = new Set<number>();
  let nextPort = 45001;

  if (preset === 'on' || preset === 'port-in-use') {
    settings.enabled = true;
    tokens = [{ id: '9f3c2a7b1d4e5f60', name: 'Home Assistant', created: new Date(started - 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z') }];
    const first = s.meters[0];
    if (first && preset === 'on') settings.compat = [{ meter: first.device_id.toUpperCase(), port: 8081 }];
  }
  if (preset === 'port-in-use') busy.add(8437);

  /** Starts, restarts or stops the "gateway" to match the choices (app/sharing.rs `sharing_apply`). */
  function apply() {
    running = false;
    problem = null;
    if (!settings.enabled) return;
    const host = settings.allow_lan ? '0.0.0.0' : '127.0.0.1';
    const taken = [settings.port, ...settings.compat.map((c) => c.port)].find((p) => p !== 0 && busy.has(p));
    if (taken !== undefined) {
      problem = `could not listen on ${host}:${taken}: Address already in use (os error 98)`;
      return;
    }
    // A port WattDesk picks is kept, so the address stays the same.
    const used = new Set([settings.port, ...settings.compat.map((c) => c.port)]);
    settings = {
      ...settings,
      compat: settings.compat.map((c) => {
        if (c.port !== 0) return c;
        while (used.has(nextPort) || busy.has(nextPort)) nextPort++;
        used.add(nextPort);
        return { ...c, port: nextPort++ };
      }),
    };
    running = true;
  }
  apply();

  const host = () => (settings.allow_lan ? LAN_IP : '127.0.0.1');

  function compatAddresses(): CompatAddress[] {
    if (!running) return [];
    return settings.compat.map((c) => ({
      meter: c.meter,
      name: s.meters.find((m) => m.device_id.toUpperCase() === c.meter)?.name ?? c.meter,
      url: `http://${host()}:${c.port}`,
    }));
  }

  function clients(): SharingClient[] {
    if (!running) return [];
    const now = Date.now();
    const token = settings.allow_lan || settings.require_token ? (tokens[0]?.name ?? null) : null;
    const compatMeter = settings.compat[0]?.meter ?? null;
    return SEEDS.filter((c) => !gone.has(c.id)).map((c) => {
      const ageS = c.ageS + (now - started) / 1000;
      const stream = c.kind === 'live_stream' && compatMeter !== null;
      return {
        id: c.id,
        address: settings.allow_lan ? c.lan : c.local,
        // Without a meter answering like the reader, the second program is another WebSocket (a script).
        kind: stream ? 'live_stream' : 'web_socket',
        meter: stream ? compatMeter : null,
        token,
        since: new Date(now - ageS * 1000).toISOString(),
        messages: Math.round(ageS * c.rate),
        messages_per_s: c.rate,
        lagged: c.lagged,
      };
    });
  }

  function status(): SharingStatus {
    return {
      settings: structuredClone(settings),
      tokens: structuredClone(tokens),
      running,
      api_url: running ? `http://${host()}:${settings.port}` : null,
      compat: compatAddresses(),
      problem,
      clients: clients(),
    };
  }

  /** app/sharing.rs `validate`, with its words. */
  function validate(next: SharingSettings) {
    if (!Number.isInteger(next.port) || next.port < 1 || next.port > 65535) throw fail('invalid_input', 'choose a port between 1 and 65535');
    const ports = [next.port];
    for (const c of next.compat) {
      if (!s.meters.some((m) => m.device_id.toUpperCase() === c.meter.toUpperCase())) throw fail('not_found', `no saved meter has the id ${c.meter}`);
      if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) throw fail('invalid_input', 'choose a port between 1 and 65535');
      if (c.port !== 0 && ports.includes(c.port)) throw fail('invalid_input', `port ${c.port} is used twice; give each meter its own`);
      ports.push(c.port);
    }
    for (const o of next.allowed_origins) {
      if (!isOrigin(o)) throw fail('invalid_input', `${JSON.stringify(o)} is not a web origin; write it as http://host:port`);
    }
    if (next.enabled && (next.allow_lan || next.require_token) && tokens.length === 0) {
      throw fail('token_required', 'sharing with other devices needs a token: create one first');
    }
  }

  return {
    handlers: {
      sharing_status: async () => {
        await world.slow(30);
        return status();
      },
      sharing_save: async (args) => {
        await world.slow(200);
        const next = structuredClone(args.settings);
        validate(next);
        next.compat = next.compat.map((c) => ({ ...c, meter: c.meter.toUpperCase() }));
        settings = next;
        apply();
        return status();
      },
      sharing_create_token: async (args) => {
        await world.slow(120);
        const name = args.name.trim();
        if (name === '' || [...name].length > 40) {
          throw fail('invalid_input', 'give the token a name of 1 to 40 characters (who uses it, e.g. Home Assistant)');
        }
        if (tokens.some((t) => t.name === name)) throw fail('invalid_input', `a token is already named ${JSON.stringify(name)}`);
        const token: SharingToken = { id: hex(8), name, created: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
        tokens = [...tokens, token];
        return { token: structuredClone(token), value: tokenValue() };
      },
      sharing_revoke_token: async (args) => {
        await world.slow(120);
        const t = tokens.find((x) => x.id === args.id);
        if (t === undefined) throw fail('invalid_input', 'no such token (already revoked?)');
        // Programs that used it are disconnected.
        for (const c of clients()) if (c.token === t.name) gone.add(c.id);
        tokens = tokens.filter((x) => x.id !== args.id);
        return status();
      },
      sharing_clients: async () => {
        await world.slow(20);
        return clients();
      },
    },
    testApi: {
      /** Another program takes this port (sharing restarted on it then has a problem). */
      occupyPort(port: number) {
        busy.add(port);
      },
      sharingSettings: () => structuredClone(settings),
    },
  };
};
