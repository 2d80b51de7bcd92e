// The mock backend's MQTT side: broker profiles, each meter's transport choice (meter link), the device's
// own MQTT publishing, template previews and the transport inspector (mockTemplate.ts, mockInspector.ts).
//
// Failures on purpose: a broker at 10.0.0.99 is unreachable, the username "wrong" is refused (test_broker);
// a device broker URL with 10.0.0.99 never connects (device_mqtt_status). Meters with a FREE licence
// store MQTT settings but do not publish. `&compare-scale=<n>` shortens comparisons (default: 20× faster).
import type {
  BrokerRequest,
  BrokerView,
  DeviceMqttRequest,
  DeviceMqttStatus,
  DeviceMqttView,
  MappingChoice,
  MeterLinkRequest,
  MeterLinkView,
  MeterView,
  PayloadProblem,
  PemChange,
  TemplatePreview,
} from '../../lib/bindings';
import { fail, sleep, type MockFeature } from '../../mock/world';
import { comparison, transportFigures } from './mockInspector';
import { decode, guess, render, WATTDESK_TEMPLATE } from './mockTemplate';

interface DeviceState extends Omit<DeviceMqttView, 'plus' | 'license' | 'default_topic' | 'default_client_id' | 'wattdesk_template'> {
  /** device_mqtt_status calls left before it reports connected. */
  pollsLeft: number;
}

interface Link {
  transport: MeterLinkRequest['transport'];
  mqtt: MeterLinkRequest['mqtt'];
  problem: PayloadProblem | null;
}

/** A profile as the backend stores it; `used_by` and `warning` are worked out when it is shown. */
type SavedBroker = Omit<BrokerView, 'used_by' | 'warning'> & { password: string | null };

const BROKER_ID = 'broker-home-1';

const noBroker = () => fail('not_found', 'that broker profile no longer exists');
const plus = (m: MeterView) => (m.health?.license ?? m.license ?? 'PLUS') !== 'FREE';
const pem = (change: PemChange, was: boolean) => (change.action === 'keep' ? was : change.action === 'set');
/**
 * The backend's warning for a login that would cross the network unencrypted: `mqtt://` to another
 * host with a username or password (BrokerEndpoint::plain_login_warning).
 */
export function plainLoginWarning(url: string, username: string | null, hasPassword: boolean): string | null {
  const m = /^(mqtts?|ssl|tcp):\/\/(\[[^\]]+\]|[^:/]+)/i.exec(url.trim());
  if (m === null) return null;
  const tls = /^(mqtts|ssl)$/i.test(m[1]!);
  const host = m[2]!;
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(host);
  const login = hasPassword || (username ?? '') !== '';
  if (!login || tls || loopback) return null;
  return `The login to ${host} goes over the network unencrypted (mqtt://): anyone on the way can read the username and password. Use mqtts:// if the broker offers it.`;
}

/** The meter (`deviceId`) or broker (`id`) a command is about. */
const idOf = (args: Record<string, unknown>) => String(args.deviceId ?? args.id ?? '');

export const mqttMock: MockFeature = (world) => {
  const scale = Math.max(1, Number(world.params.get('compare-scale') ?? '20') || 20);
  const started = Date.now();
  const brokers: SavedBroker[] = [
    {
      id: BROKER_ID,
      name: 'Home Assistant broker',
      url: 'mqtt://192.168.1.10:1883',
      username: 'wattdesk',
      password: 'mosquitto-pw',
      has_password: true,
      has_ca: false,
      has_client_cert: false,
    },
  ];
  if (world.scenario === 'trust') {
    brokers.push({
      id: 'broker-cloud-1',
      name: 'Cloud broker',
      url: 'mqtts://mqtt.example.net:8883',
      username: 'anna',
      password: 'cloud-pw',
      has_password: true,
      has_ca: false,
      has_client_cert: false,
    });
  }
  let nextBroker = 2;
  const links = new Map<string, Link>();
  const devices = new Map<string, DeviceState>();
  if (world.scenario === 'meters') {
    links.set('ECC9FF5C7F14', {
      transport: 'auto',
      mqtt: { broker_id: BROKER_ID, topic: 'homeassistant/sensor/house', mapping: { kind: 'home_assistant' } },
      problem: {
        transport: 'mqtt',
        count: 3,
        reason: 'no power value found with this payload format',
        snippet: '{"energy":12345.678,"status":"ok"}',
        bytes: 34,
        at: new Date(Date.now() - 90_000).toISOString(),
      },
    });
  }

  const broker = (id: string): SavedBroker => {
    const b = brokers.find((x) => x.id === id);
    if (b === undefined) throw noBroker();
    return b;
  };
  const usedBy = (brokerId: string) =>
    world.state.meters.filter((m) => links.get(m.device_id)?.mqtt?.broker_id === brokerId).map((m) => m.name);
  const brokerView = ({ password: _, ...b }: SavedBroker): BrokerView => ({
    ...b,
    used_by: usedBy(b.id),
    warning: world.state.brokerWarnings ? plainLoginWarning(b.url, b.username, b.has_password) : null,
  });
  const linkView = (id: string): MeterLinkView => {
    const l = links.get(id) ?? { transport: 'auto', mqtt: null, problem: null };
    return { transport: l.transport, mqtt: structuredClone(l.mqtt), default_topic: `wattdesk/${id.toLowerCase()}`, last_problem: l.problem };
  };
  const device = (id: string): DeviceState => {
    let d = devices.get(id);
    if (d === undefined) {
      d = {
        enable: false,
        url: '',
        username: '',
        password_set: false,
        client_id: '',
        topic: '',
        template: '',
        ca_set: false,
        client_cert_set: false,
        client_key_set: false,
        skip_cn_check: false,
        pollsLeft: 0,
      };
      devices.set(id, d);
    }
    return d;
  };
  const deviceView = (id: string): DeviceMqttView => {
    const m = world.meter(id);
    const { pollsLeft: _, ...d } = device(id);
    return {
      ...d,
      plus: plus(m),
      license: m.license,
      default_topic: `wattdesk/${id.toLowerCase()}`,
      default_client_id: `wattdesk-${id.toLowerCase()}`,
      wattdesk_template: WATTDESK_TEMPLATE,
    };
  };

  function saveBroker(req: BrokerRequest): BrokerView {
    if (req.name.trim() === '') throw fail('invalid_input', 'the broker needs a name');
    if (!/^mqtts?:\/\/[^/\s]+$/i.test(req.url.trim())) throw fail('broker_url', `"${req.url}" is not an mqtt:// or mqtts:// URL`);
    const secret = (v: string | null, was: boolean) => (v === null ? was : v !== '');
    const old = brokers.find((b) => b.id === req.id);
    if (req.id !== null && old === undefined) throw noBroker();
    const b: SavedBroker = {
      id: old?.id ?? `broker-${nextBroker++}`,
      name: req.name.trim(),
      url: req.url.trim(),
      username: req.username?.trim() || null,
      password: req.password === null ? (old?.password ?? null) : req.password || null,
      has_password: secret(req.password, old?.has_password ?? false),
      has_ca: secret(req.ca_pem, old?.has_ca ?? false),
      has_client_cert: secret(req.client_cert_pem, old?.has_client_cert ?? false),
    };
    if (old) brokers.splice(brokers.indexOf(old), 1, b);
    else brokers.push(b);
    return brokerView(b);
  }

  function testBroker(id: string): null {
    const b = broker(id);
    const host = b.url.replace(/^mqtts?:\/\//i, '');
    if (host.startsWith('10.0.0.99')) throw fail('broker_unreachable', `no answer from ${host} within 8 s`);
    if (b.username === 'wrong') throw fail('broker_auth', 'the broker refused the username or password (CONNACK: not authorised)');
    return null;
  }

  function saveDevice(id: string, req: DeviceMqttRequest): null {
    world.meter(id);
    if (JSON.stringify(req).length > 8192) throw fail('invalid_input', 'the settings are over 8 kB: use shorter certificates or template');
    if ([...req.template].length > 1023) throw fail('invalid_input', 'the template is longer than 1023 characters');
    if (req.url.length > 127) throw fail('invalid_input', 'the broker URL is longer than 127 characters');
    if (req.url !== '' && !/^mqtts?:\/\//i.test(req.url)) throw fail('invalid_input', 'the broker URL must start with mqtt:// or mqtts://');
    const d = device(id);
    const fromBroker = req.password_from_broker === null ? undefined : broker(req.password_from_broker);
    Object.assign(d, {
      enable: req.enable,
      url: req.url,
      username: req.username,
      password_set: fromBroker ? fromBroker.has_password : req.password === null ? d.password_set : req.password !== '',
      client_id: req.client_id,
      topic: req.topic,
      template: req.template,
      ca_set: pem(req.ca, d.ca_set),
      client_cert_set: pem(req.client_cert, d.client_cert_set),
      client_key_set: pem(req.client_key, d.client_key_set),
      skip_cn_check: req.skip_cn_check,
      pollsLeft: 2,
    });
    return null;
  }

  /** quick_mqtt_setup: the device publishes the WattDesk template to the broker; the link listens there. */
  function quickSetup(id: string, brokerId: string): MeterLinkView {
    world.meter(id);
    const b = broker(brokerId);
    if (b.url.length > 127) throw fail('invalid_input', 'the broker URL is longer than 127 characters');
    const topic = `wattdesk/${id.toLowerCase()}`;
    Object.assign(device(id), {
      enable: true,
      url: b.url,
      username: b.username ?? '',
      password_set: b.has_password,
      client_id: `wattdesk-${id.toLowerCase()}`,
      topic,
      template: WATTDESK_TEMPLATE,
      ca_set: b.has_ca,
      client_cert_set: b.has_client_cert,
      client_key_set: b.has_client_cert,
      pollsLeft: 2,
    });
    const old = links.get(id);
    links.set(id, { transport: old?.transport ?? 'auto', mqtt: { broker_id: b.id, topic, mapping: { kind: 'wattdesk' } }, problem: null });
    return linkView(id);
  }

  function status(id: string): DeviceMqttStatus {
    const p = plus(world.meter(id));
    const d = device(id);
    if (d.pollsLeft > 0) d.pollsLeft--;
    const connected = d.enable && p && d.pollsLeft === 0 && !d.url.includes('10.0.0.99');
    const hints: string[] = [];
    if (d.enable && !connected) {
      if (!p) hints.push('The device has a FREE licence: it keeps the MQTT settings but publishes only with PLUS.');
      hints.push(`The broker address ${d.url} must be reachable from the device (its own network), not only from this computer.`);
      if (d.username !== '') hints.push('The broker may refuse the username or password.');
    } else if (!d.enable) hints.push('MQTT publishing is switched off on the device.');
    return { enabled: d.enable, connected, plus: p, hints: connected ? [] : hints };
  }

  return {
    handlers: {
      list_brokers: async () => {
        await world.slow(60);
        return brokers.map(brokerView);
      },
      save_broker: async (args) => {
        await world.slow(200);
        return saveBroker(args.request as BrokerRequest);
      },
      delete_broker: async (args) => {
        await world.slow(120);
        const id = idOf(args);
        const used = usedBy(id);
        if (used.length > 0)
          throw fail('broker_in_use', `${used.join(', ')} ${used.length === 1 ? 'reads' : 'read'} through this broker; choose another source for ${used.length === 1 ? 'it' : 'them'} first`);
        brokers.splice(brokers.indexOf(broker(id)), 1);
        return null;
      },
      test_broker: async (args) => {
        await world.slow(700);
        return testBroker(idOf(args));
      },
      meter_link: async (args) => {
        await world.slow(60);
        const id = idOf(args);
        world.meter(id);
        return linkView(id);
      },
      set_meter_link: async (args) => {
        await world.slow(250);
        const id = idOf(args);
        world.meter(id);
        const req = args.request as MeterLinkRequest;
        if (req.transport === 'mqtt' && req.mqtt === null) throw fail('invalid_input', 'MQTT only needs a broker and a topic');
        if (req.mqtt && !brokers.some((b) => b.id === req.mqtt?.broker_id)) throw noBroker();
        links.set(id, { transport: req.transport, mqtt: structuredClone(req.mqtt), problem: null });
        return linkView(id);
      },
      device_mqtt: async (args) => {
        await world.slow(150);
        return deviceView(idOf(args));
      },
      save_device_mqtt: async (args) => {
        await world.slow(400);
        return saveDevice(idOf(args), args.request as DeviceMqttRequest);
      },
      quick_mqtt_setup: async (args) => {
        await world.slow(500);
        return quickSetup(idOf(args), String(args.brokerId ?? ''));
      },
      preview_template: async (args) => {
        await world.slow(300);
        world.meter(idOf(args));
        const template = String(args.template ?? '');
        if ([...template].length > 1023) throw fail('invalid_input', 'the template is longer than 1023 characters');
        const rendered = render(template);
        return { rendered, template_chars: [...template].length, ...decode(rendered, args.mapping as MappingChoice) } satisfies TemplatePreview;
      },
      device_mqtt_status: async (args) => {
        await world.slow(80);
        return status(idOf(args));
      },
      suggest_mapping: async (args) => {
        await world.slow(120);
        return guess(device(idOf(args)).template);
      },
      transport_figures: async (args) => {
        await world.slow(40);
        const id = idOf(args);
        const l = links.get(id);
        return transportFigures(world.meter(id), started, l?.mqtt ? l : null);
      },
      compare_transports: async (args) => {
        await world.slow(0);
        const m = world.meter(idOf(args));
        const seconds = Number(args.seconds);
        if (!Number.isFinite(seconds) || seconds < 10 || seconds > 300) throw fail('invalid_input', 'a comparison runs for 10 to 300 seconds');
        await sleep((seconds * 1000) / scale);
        return comparison(seconds, plus(m));
      },
    },
  };
};
