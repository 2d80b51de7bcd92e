// The only module that talks to Tauri. Every command is a typed function; every failure rejects with an
// `AppError` (`{code, message}`), whatever shape the rejection had on the way in.
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type {
  AddMeterRequest,
  AppInfo,
  BrokerRequest,
  BrokerView,
  Comparison,
  DeviceMqttRequest,
  DeviceMqttStatus,
  DeviceMqttView,
  DiscoveredView,
  EventPayloads,
  LiveBatch,
  MappingChoice,
  MappingGuess,
  MeterLinkRequest,
  MeterLinkView,
  MeterView,
  ProbeView,
  TemplatePreview,
  TransportFigures,
} from './bindings';
import { toAppError } from './errors';

/** True inside the WattDesk window (or when a mock backend is installed). */
function backendPresent(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

const NO_BACKEND = {
  code: 'internal',
  message: 'The WattDesk app is not connected: this page was opened outside the WattDesk window.',
};

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  if (!backendPresent()) throw NO_BACKEND;
  try {
    return await invoke<T>(cmd, args);
  } catch (reason) {
    throw toAppError(reason);
  }
}

export const ipc = {
  appInfo: () => call<AppInfo>('app_info'),
  listMeters: () => call<MeterView[]>('list_meters'),
  addMeter: (request: AddMeterRequest) => call<MeterView>('add_meter', { request }),
  removeMeter: (deviceId: string) => call<null>('remove_meter', { deviceId }),
  renameMeter: (deviceId: string, name: string) => call<MeterView>('rename_meter', { deviceId, name }),
  probeAddress: (address: string, password: string | null) =>
    call<ProbeView>('probe_address', { address, password }),
  discoverySnapshot: () => call<DiscoveredView[]>('discovery_snapshot'),
  setDiscoveryActive: (active: boolean) => call<null>('set_discovery_active', { active }),
  startDemo: () => call<MeterView>('start_demo'),
  /**
   * Streams a meter's readings: `onBatch` gets every channel message (numbered batches of ≤ 10 readings).
   * Resolves to the subscription id for `unsubscribeLive`.
   */
  subscribeLive: async (deviceId: string, onBatch: (batch: LiveBatch) => void): Promise<number> => {
    if (!backendPresent()) throw NO_BACKEND;
    const channel = new Channel<LiveBatch>(onBatch);
    return call<number>('subscribe_live', { deviceId, onBatch: channel });
  },
  unsubscribeLive: (subscription: number) => call<null>('unsubscribe_live', { subscription }),

  // MQTT: broker profiles (saved in WattDesk), each meter's transport, the device's own publishing.
  listBrokers: () => call<BrokerView[]>('list_brokers'),
  saveBroker: (request: BrokerRequest) => call<BrokerView>('save_broker', { request }),
  deleteBroker: (id: string) => call<null>('delete_broker', { id }),
  /** Connects to the broker (within 8 s); rejects with `broker_auth`, `broker_tls`, `broker_unreachable`… */
  testBroker: (id: string) => call<null>('test_broker', { id }),
  meterLink: (deviceId: string) => call<MeterLinkView>('meter_link', { deviceId }),
  /** Saves how the meter's readings arrive; the meter's session restarts. */
  setMeterLink: (deviceId: string, request: MeterLinkRequest) =>
    call<MeterLinkView>('set_meter_link', { deviceId, request }),
  /**
   * One step: the meter publishes WattDesk's template to the saved broker on `wattdesk/<id>`, and its session
   * listens there (transport unchanged). Resolves to the new link.
   */
  quickMqttSetup: (deviceId: string, brokerId: string) =>
    call<MeterLinkView>('quick_mqtt_setup', { deviceId, brokerId }),
  deviceMqtt: (deviceId: string) => call<DeviceMqttView>('device_mqtt', { deviceId }),
  saveDeviceMqtt: (deviceId: string, request: DeviceMqttRequest) =>
    call<null>('save_device_mqtt', { deviceId, request }),
  previewTemplate: (deviceId: string, template: string, mapping: MappingChoice) =>
    call<TemplatePreview>('preview_template', { deviceId, template, mapping }),
  deviceMqttStatus: (deviceId: string) => call<DeviceMqttStatus>('device_mqtt_status', { deviceId }),
  suggestMapping: (deviceId: string) => call<MappingGuess>('suggest_mapping', { deviceId }),
  /** What the meter's session received per transport since it started (SSE, Poll, MQTT). */
  transportFigures: (deviceId: string) => call<TransportFigures[]>('transport_figures', { deviceId }),
  /** Measures all three transports side by side for `seconds` (10–300), then resolves. */
  compareTransports: (deviceId: string, seconds: number) =>
    call<Comparison>('compare_transports', { deviceId, seconds }),
};

export type Ipc = typeof ipc;

export type Unlisten = () => void;

/**
 * Subscribes to a backend event. Resolves to the unsubscribe function; rejects with an `AppError`
 * when the event system is not reachable.
 */
export async function on<E extends keyof EventPayloads>(
  event: E,
  handler: (payload: EventPayloads[E]) => void,
): Promise<Unlisten> {
  if (!backendPresent()) throw NO_BACKEND;
  try {
    return await listen<EventPayloads[E]>(event, (e) => handler(e.payload));
  } catch (reason) {
    throw toAppError(reason);
  }
}
