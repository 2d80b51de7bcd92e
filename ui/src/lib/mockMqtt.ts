// The mock backend's MQTT side (see mock.ts): broker profiles, each meter's transport choice, the device's
// own MQTT publishing, template previews, transport figures and comparisons.
//
// Failures on purpose: a broker at 10.0.0.99 is unreachable, the username "wrong" is refused (test_broker);
// a device broker URL with 10.0.0.99 never connects (device_mqtt_status). Meters with a FREE licence
// store MQTT settings but do not publish. `&compare-scale=<n>` shortens comparisons (default: 20× faster).
import type {
  AppError,
  BrokerRequest,
  BrokerView,
  Comparison,
  DeviceMqttRequest,
  DeviceMqttStatus,
  DeviceMqttView,
  MappingChoice,
  MappingGuess,
  MeterLinkRequest,
  MeterLinkView,
  MeterView,
  PayloadProblem,
  PemChange,
  TemplatePreview,
  TransportFigures,
} from './bindings';

export const WATTDESK_TEMPLATE =
  '{"id":"${sys.id}","t":${timestamp},"tariff":${tariff},' +
  '"p_in":${1_7_0},"p_out":${2_7_0},' +
  '"p1_in":${21_7_0},"p2_in":${41_7_0},"p3_in":${61_7_0},' +
  '"p1_out":${22_7_0},"p2_out":${42_7_0},"p3_out":${62_7_0},' +
  '"q_in":${3_7_0},"q_out":${4_7_0},' +
  '"v1":${32_7_0},"v2":${52_7_0},"v3":${72_7_0},' +
  '"i1":${31_7_0},"i2":${51_7_0},"i3":${71_7_0},"pf":${13_7_0},' +
  '"e_in":${1_8_0},"e_in_t1":${1_8_1},"e_in_t2":${1_8_2},' +
  '"e_out":${2_8_0},"e_out_t1":${2_8_1},"e_out_t2":${2_8_2},' +
  '"qe_in":${3_8_0},"qe_out":${4_8_0}}';

/** Device variables: plausible values and the quantity WattDesk reads them as. */
const VARIABLES: Record<string, [number | string, string | null]> = {
  'sys.id': ['ECC9FF5C7F14', null],
  timestamp: [0, 'unix_time'],
  tariff: [1, 'tariff'],
  '1_7_0': [1.234, 'power_import_kw'],
  '2_7_0': [0, 'power_export_kw'],
  '21_7_0': [0.412, 'power_import_l1_kw'],
  '41_7_0': [0.388, 'power_import_l2_kw'],
  '61_7_0': [0.434, 'power_import_l3_kw'],
  '22_7_0': [0, 'power_export_l1_kw'],
  '42_7_0': [0, 'power_export_l2_kw'],
  '62_7_0': [0, 'power_export_l3_kw'],
  '3_7_0': [0.121, 'reactive_import_kvar'],
  '4_7_0': [0.018, 'reactive_export_kvar'],
  '32_7_0': [231.4, 'voltage_l1_v'],
  '52_7_0': [229.8, 'voltage_l2_v'],
  '72_7_0': [232.1, 'voltage_l3_v'],
  '31_7_0': [1.82, 'current_l1_a'],
  '51_7_0': [1.71, 'current_l2_a'],
  '71_7_0': [1.93, 'current_l3_a'],
  '13_7_0': [0.97, 'power_factor'],
  '1_8_0': [12345.678, 'energy_import_kwh'],
  '1_8_1': [8012.345, 'energy_import_t1_kwh'],
  '1_8_2': [4333.333, 'energy_import_t2_kwh'],
  '2_8_0': [3456.789, 'energy_export_kwh'],
  '2_8_1': [2100.5, 'energy_export_t1_kwh'],
  '2_8_2': [1356.289, 'energy_export_t2_kwh'],
  '3_8_0': [321.5, 'reactive_energy_import_kvarh'],
  '4_8_0': [98.25, 'reactive_energy_export_kvarh'],
};

const fail = (code: string, message: string): AppError => ({ code, message });
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface DeviceState extends Omit<DeviceMqttView, 'plus' | 'license' | 'default_topic' | 'default_client_id' | 'wattdesk_template'> {
  /** device_mqtt_status calls left before it reports connected. */
  pollsLeft: number;
}

interface Link {
  transport: MeterLinkRequest['transport'];
  mqtt: MeterLinkRequest['mqtt'];
  problem: PayloadProblem | null;
}

function render(template: string): string {
  return template.replace(/\$\{([^}]+)\}/g, (_, v: string) => {
    if (v === 'timestamp') return String(Math.floor(Date.now() / 1000));
    const known = VARIABLES[v];
    return known === undefined ? 'null' : String(known[0]);
  });
}

/** `"key":${variable}` pairs of a template. */
function templateKeys(template: string): { key: string; variable: string }[] {
  return [...template.matchAll(/"([^"]+)"\s*:\s*"?\$\{([^}]+)\}/g)].map((m) => ({ key: m[1]!, variable: m[2]! }));
}

function guess(template: string): MappingGuess {
  const t = template.trim() === '' ? WATTDESK_TEMPLATE : template;
  return {
    builtin: t.trim() === WATTDESK_TEMPLATE ? { kind: 'wattdesk' } : null,
    fields: templateKeys(t).map(({ key, variable }) => ({ key, variable, quantity: VARIABLES[variable]?.[1] ?? null })),
  };
}

/** Whether WattDesk can read `payload` with `mapping`, and the net power it carries. */
function decode(payload: string, mapping: MappingChoice): Pick<TemplatePreview, 'decodes' | 'problem' | 'power_kw'> {
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(payload) as Record<string, unknown>;
  } catch (e) {
    return { decodes: false, problem: `the payload is not JSON: ${(e as Error).message}`, power_kw: null };
  }
  const num = (k: string) => (typeof obj[k] === 'number' ? (obj[k] as number) : null);
  let imp: number | null = null;
  let exp: number | null = null;
  if (mapping.kind === 'wattdesk') {
    imp = num('p_in');
    exp = num('p_out');
  } else if (mapping.kind === 'home_assistant') {
    imp = num('power_import') ?? num('P_In');
    exp = num('power_export') ?? num('P_Out');
  } else {
    for (const [key, q] of mapping.fields) {
      if (!(key in obj)) return { decodes: false, problem: `the key "${key}" is not in the payload`, power_kw: null };
      if (q === 'power_import_kw') imp = num(key);
      if (q === 'power_export_kw') exp = num(key);
    }
  }
  if (imp === null && exp === null) return { decodes: false, problem: 'no power value found with this payload format', power_kw: null };
  return { decodes: true, problem: null, power_kw: (imp ?? 0) - (exp ?? 0) };
}

const BROKER_ID = 'broker-home-1';

function figure(transport: TransportFigures['transport'], over: Partial<TransportFigures> = {}): TransportFigures {
  return { transport, readings: 0, mean_interval_s: null, bytes_per_reading: null, latency_ms_p50: null, errors: 0, last_error: null, note: null, ...over };
}
const jitter = (x: number, spread = 0.08) => x * (1 - spread + 2 * spread * Math.random());

export function createMqttMock(meters: () => MeterView[], params: URLSearchParams, scenario: string) {
  const scale = Math.max(1, Number(params.get('compare-scale') ?? '20') || 20);
  const started = Date.now();
  const brokers: (BrokerView & { password: string | null })[] = [
    {
      id: BROKER_ID,
      name: 'Home Assistant broker',
      url: 'mqtt://192.168.1.10:1883',
      username: 'wattdesk',
      password: 'mosquitto-pw',
      has_password: true,
      has_ca: false,
      has_client_cert: false,
      used_by: [],
    },
  ];
  let nextBroker = 2;
  const links = new Map<string, Link>();
  const devices = new Map<string, DeviceState>();
  if (scenario === 'meters') {
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

  const meter = (id: string): MeterView => {
    const m = meters().find((x) => x.device_id === id);
    if (m === undefined) throw fail('not_found', `no saved meter has the id ${id}`);
    return m;
  };
  const usedBy = (brokerId: string) =>
    meters()
      .filter((m) => links.get(m.device_id)?.mqtt?.broker_id === brokerId)
      .map((m) => m.name);
  const brokerView = ({ password: _, ...b }: (typeof brokers)[number]): BrokerView => ({ ...b, used_by: usedBy(b.id) });
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
  const plus = (m: MeterView) => (m.health?.license ?? m.license ?? 'PLUS') !== 'FREE';
  const deviceView = (id: string): DeviceMqttView => {
    const m = meter(id);
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
  const pem = (change: PemChange, was: boolean) => (change.action === 'keep' ? was : change.action === 'set');

  function saveBroker(req: BrokerRequest): BrokerView {
    if (req.name.trim() === '') throw fail('invalid_input', 'the broker needs a name');
    if (!/^mqtts?:\/\/[^/\s]+$/i.test(req.url.trim())) throw fail('broker_url', `"${req.url}" is not an mqtt:// or mqtts:// URL`);
    const secret = (v: string | null, was: boolean) => (v === null ? was : v !== '');
    const old = brokers.find((b) => b.id === req.id);
    if (req.id !== null && old === undefined) throw fail('not_found', 'that broker profile no longer exists');
    const b = {
      id: old?.id ?? `broker-${nextBroker++}`,
      name: req.name.trim(),
      url: req.url.trim(),
      username: req.username?.trim() || null,
      password: req.password === null ? (old?.password ?? null) : req.password || null,
      has_password: secret(req.password, old?.has_password ?? false),
      has_ca: secret(req.ca_pem, old?.has_ca ?? false),
      has_client_cert: secret(req.client_cert_pem, old?.has_client_cert ?? false),
      used_by: [],
    };
    if (old) brokers.splice(brokers.indexOf(old), 1, b);
    else brokers.push(b);
    return brokerView(b);
  }

  function testBroker(id: string): null {
    const b = brokers.find((x) => x.id === id);
    if (b === undefined) throw fail('not_found', 'that broker profile no longer exists');
    const host = b.url.replace(/^mqtts?:\/\//i, '');
    if (host.startsWith('10.0.0.99')) throw fail('broker_unreachable', `no answer from ${host} within 8 s`);
    if (b.username === 'wrong') throw fail('broker_auth', 'the broker refused the username or password (CONNACK: not authorised)');
    return null;
  }

  function saveDevice(id: string, req: DeviceMqttRequest): null {
    meter(id);
    if (JSON.stringify(req).length > 8192) throw fail('invalid_input', 'the settings are over 8 kB: use shorter certificates or template');
    if ([...req.template].length > 1023) throw fail('invalid_input', 'the template is longer than 1023 characters');
    if (req.url.length > 127) throw fail('invalid_input', 'the broker URL is longer than 127 characters');
    if (req.url !== '' && !/^mqtts?:\/\//i.test(req.url)) throw fail('invalid_input', 'the broker URL must start with mqtt:// or mqtts://');
    const d = device(id);
    const fromBroker = req.password_from_broker === null ? undefined : brokers.find((b) => b.id === req.password_from_broker);
    if (req.password_from_broker !== null && fromBroker === undefined) throw fail('not_found', 'that broker profile no longer exists');
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
    meter(id);
    const b = brokers.find((x) => x.id === brokerId);
    if (b === undefined) throw fail('not_found', 'that broker profile no longer exists');
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
    const m = meter(id);
    const d = device(id);
    const p = plus(m);
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

  function figures(id: string): TransportFigures[] {
    const m = meter(id);
    const t = m.connection?.state === 'live' ? m.connection.transport : m.connection?.state === 'preempted' ? m.connection.fallback : null;
    const secs = Math.max(1, Math.round((Date.now() - started) / 1000));
    const l = links.get(id);
    const base = { readings: secs, mean_interval_s: 1.0, errors: 0 };
    return [
      t === 'sse' ? figure('sse', { ...base, bytes_per_reading: 712, latency_ms_p50: 420 }) : figure('sse', { note: t === null ? 'Not connected.' : 'Not used: another transport is delivering.' }),
      t === 'poll' ? figure('poll', { ...base, bytes_per_reading: 2710, latency_ms_p50: 610 }) : figure('poll', { note: 'Not used: the live stream is running.' }),
      l?.mqtt
        ? figure('mqtt', { readings: Math.floor(secs / 30), mean_interval_s: 30, bytes_per_reading: 698, latency_ms_p50: 380, errors: l.problem?.count ?? 0, last_error: l.problem?.reason ?? null })
        : figure('mqtt', { note: 'Not set up: choose a broker under Connection.' }),
    ];
  }

  async function compare(id: string, seconds: number): Promise<Comparison> {
    const m = meter(id);
    if (!Number.isFinite(seconds) || seconds < 10 || seconds > 300) throw fail('invalid_input', 'a comparison runs for 10 to 300 seconds');
    await sleep((seconds * 1000) / scale);
    const p = plus(m);
    const n = (interval: number) => Math.max(1, Math.round(seconds / interval));
    return {
      seconds,
      rows: [
        figure('sse', { readings: n(1), mean_interval_s: jitter(1.0, 0.02), bytes_per_reading: Math.round(jitter(710)), latency_ms_p50: Math.round(jitter(400)) }),
        p
          ? figure('poll', { readings: n(1), mean_interval_s: jitter(1.02, 0.02), bytes_per_reading: Math.round(jitter(2700)), latency_ms_p50: Math.round(jitter(650)) })
          : figure('poll', { note: 'polling needs a PLUS licence' }),
        p
          ? figure('mqtt', { readings: Math.max(1, Math.floor(seconds / 30)), mean_interval_s: 30, bytes_per_reading: Math.round(jitter(700)), latency_ms_p50: Math.round(jitter(380)), errors: seconds >= 60 ? 1 : 0, last_error: seconds >= 60 ? 'payload did not decode: missing key "p_in"' : null })
          : figure('mqtt', { note: 'MQTT publishing needs PLUS.' }),
      ],
    };
  }

  /** Handles an MQTT command, or returns `undefined` when `cmd` is not one. */
  return async function handle(cmd: string, args: Record<string, unknown>): Promise<unknown> {
    const id = String(args.deviceId ?? args.id ?? '');
    switch (cmd) {
      case 'list_brokers':
        await sleep(60);
        return brokers.map(brokerView);
      case 'save_broker':
        await sleep(200);
        return saveBroker(args.request as BrokerRequest);
      case 'delete_broker': {
        await sleep(120);
        const used = usedBy(id);
        if (used.length > 0)
          throw fail('broker_in_use', `${used.join(', ')} ${used.length === 1 ? 'reads' : 'read'} through this broker; choose another source for ${used.length === 1 ? 'it' : 'them'} first`);
        const i = brokers.findIndex((b) => b.id === id);
        if (i < 0) throw fail('not_found', 'that broker profile no longer exists');
        brokers.splice(i, 1);
        return null;
      }
      case 'test_broker':
        await sleep(700);
        return testBroker(id);
      case 'meter_link':
        await sleep(60);
        meter(id);
        return linkView(id);
      case 'set_meter_link': {
        await sleep(250);
        meter(id);
        const req = args.request as MeterLinkRequest;
        if (req.transport === 'mqtt' && req.mqtt === null) throw fail('invalid_input', 'MQTT only needs a broker and a topic');
        if (req.mqtt && !brokers.some((b) => b.id === req.mqtt?.broker_id)) throw fail('not_found', 'that broker profile no longer exists');
        links.set(id, { transport: req.transport, mqtt: structuredClone(req.mqtt), problem: null });
        return linkView(id);
      }
      case 'device_mqtt':
        await sleep(150);
        return deviceView(id);
      case 'save_device_mqtt':
        await sleep(400);
        return saveDevice(id, args.request as DeviceMqttRequest);
      case 'quick_mqtt_setup':
        await sleep(500);
        return quickSetup(id, String(args.brokerId ?? ''));
      case 'preview_template': {
        await sleep(300);
        meter(id);
        const template = String(args.template ?? '');
        if ([...template].length > 1023) throw fail('invalid_input', 'the template is longer than 1023 characters');
        const rendered = render(template);
        return { rendered, template_chars: [...template].length, ...decode(rendered, args.mapping as MappingChoice) } satisfies TemplatePreview;
      }
      case 'device_mqtt_status':
        await sleep(80);
        return status(id);
      case 'suggest_mapping':
        await sleep(120);
        return guess(device(id).template);
      case 'transport_figures':
        await sleep(40);
        return figures(id);
      case 'compare_transports':
        return compare(id, Number(args.seconds));
      default:
        return undefined;
    }
  };
}
