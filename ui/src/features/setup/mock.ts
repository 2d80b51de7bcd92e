// The mock backend's setup: a new device answering on its own Wi-Fi at 192.168.4.1 with a scan of the
// neighbourhood, and a run that walks the steps with the progress a real one sends. `&setup=` picks what
// happens: `wrong-wifi` (the join fails), `lost` (it joins but is not found again; the user's address
// for it continues), `key` (the meter wants its key first: KEY REQUIRED until the
// request carries one), `resume` (a setup stopped half way is offered), `unrecognised` (the meter is NOT
// RECOGNIZED until interface and protocol come by hand), `meter-powered` (no USB supply: the power
// advice shows), `none` (nothing is found without an address).
import type { Channel } from '@tauri-apps/api/core';
import type { Said, SavedSetup, SetupCandidate, SetupDevice, SetupProgress, SetupRequest, WifiChoice } from '../../lib/bindings';
import { device, toMeter } from '../../mock/devices';
import { fail, sleep, type MockFeature } from '../../mock/world';

export const SETUP_AP = '192.168.4.1';
export const SETUP_ID = 'A842E3C0FFEE';
const HOME_ADDRESS = '192.168.1.42';

const NETWORKS: WifiChoice[] = [
  { ssid: 'HomeNet', hidden: false, bars: 4, rssi_dbm: -48, secured: true, wps: true, auth_mode: 'WPA2-WPA3' },
  { ssid: 'Guest', hidden: false, bars: 3, rssi_dbm: -55, secured: false, wps: false, auth_mode: 'open' },
  { ssid: '', hidden: true, bars: 2, rssi_dbm: -66, secured: true, wps: false, auth_mode: 'WPA2' },
  { ssid: 'FRITZ!Box 7590 KL', hidden: false, bars: 1, rssi_dbm: -71, secured: true, wps: true, auth_mode: 'WPA2' },
];

const DEVICE: SetupDevice = {
  device_id: SETUP_ID,
  model: 'WW_Go_1.2',
  firmware: '1.10.3',
  license: 'PLUS',
  network: 'its own Wi-Fi',
  on_access_point: true,
  meter_status: 'NOT CONNECTED',
  meter_powered: false,
  protected: false,
  password_saved: false,
};

// This computer is on the new device's Wi-Fi: the device is its gateway.
const FOUND: SetupCandidate[] = [{ address: SETUP_AP, device_id: SETUP_ID, found_by: 'gateway', on_access_point: true, meter_status: 'NOT CONNECTED', saved: false }];

const runCallback = (id: number, data: unknown) =>
  (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__.runCallback(
    id,
    data,
  );

export const setupMock: MockFeature = (world) => {
  const mode = world.params.get('setup') ?? '';
  const step = Number(world.params.get('setup-step-ms') ?? '400') || 400;
  let cancelled = false;

  /** A sentence as the backend sends it: catalogue key and values (the English text rides beside it). */
  const said = (key: string, args: Record<string, string> = {}): Said => ({ key, args });

  async function run(req: SetupRequest, channel: Channel<SetupProgress>) {
    let index = 0;
    const say = (message: SetupProgress) => runCallback(channel.id, { index: index++, message });
    const pause = async () => {
      await sleep(step);
      if (cancelled) throw fail('cancelled', 'the setup was cancelled; it can continue from where it stopped');
    };
    cancelled = false;
    if (req.address !== SETUP_AP && req.address !== HOME_ADDRESS) throw fail('unreachable', `no answer from ${req.address}: connection refused`);
    say({ type: 'step', step: 'device', message: 'Asking the device who it is', said: said('setup_say_asking_device') });
    say({ type: 'device', device_id: SETUP_ID, model: 'WW_Go_1.2', firmware: '1.10.3', license: 'PLUS', network: 'its own Wi-Fi', meter_status: 'NOT CONNECTED' });
    await pause();
    say({ type: 'step', step: 'meter', message: 'Checking the connection to the meter', said: said('setup_say_checking_meter') });
    if (mode === 'unrecognised' && req.meter_interface === null) {
      say({ type: 'meter_status', status: 'NOT RECOGNIZED', advice: 'The device cannot tell what kind of meter this is: choose the interface and protocol by hand.', said: said('setup_advice_not_recognized') });
      await pause();
      throw fail('meter_not_ready', 'the meter is not ready (NOT RECOGNIZED): choose the interface and protocol by hand');
    }
    if (mode === 'key' && req.meter_key === null) {
      say({ type: 'meter_status', status: 'KEY REQUIRED', advice: 'The meter encrypts its data: enter the encryption key (32 characters) from your grid operator\'s letter.', said: said('setup_advice_key_required') });
      await pause();
      throw fail('meter_not_ready', 'the meter is not ready (KEY REQUIRED): enter the encryption key from your grid operator\'s letter');
    }
    say({ type: 'meter_status', status: 'RECOGNITION', advice: 'The device is working out how the meter talks. This takes a few seconds.', said: said('setup_advice_recognition') });
    say({ type: 'waiting', step: 'meter', message: 'RECOGNITION', elapsed_s: 4, limit_s: 180 });
    await pause();
    say({ type: 'meter_status', status: 'OK', advice: 'The meter is talking to the device.', said: said('setup_advice_ok') });
    if (req.password === null)
      say({ type: 'warning', message: 'The device has no password: anyone on your network can read it and change its settings. You can set one later in the meter\'s settings.', said: said('setup_warn_no_password') });
    else say({ type: 'step', step: 'protect', message: 'Setting the device password', said: said('setup_say_setting_password') });
    await pause();
    if (req.name !== null) say({ type: 'step', step: 'name', message: 'Naming the device', said: said('setup_say_naming') });
    say({ type: 'step', step: 'licence', message: 'PLUS licence: live readings, history from reports and MQTT publishing all work.', said: said('setup_say_licence_plus') });
    if (req.network.kind !== 'keep') {
      const net = req.network;
      if (net.kind === 'wifi') say({ type: 'step', step: 'network', message: `Sending the Wi-Fi settings for ${net.ssid}`, said: said('setup_say_sending_wifi', { ssid: net.ssid }) });
      else if (net.kind === 'wps') say({ type: 'step', step: 'network', message: 'WPS started: press the WPS button on your router within 2 minutes', said: said('setup_say_wps_started') });
      else say({ type: 'step', step: 'network', message: 'Sending the network-cable settings', said: said('setup_say_sending_cable') });
      await pause();
      say({ type: 'step', step: 'join', message: 'Waiting for the device to join your home network. Bring this computer back to your home network now if it is still on the device\'s Wi-Fi.', said: said('setup_say_joining') });
      say({ type: 'waiting', step: 'join', message: 'Joining', elapsed_s: req.network.kind === 'wps' ? 17 : 2, limit_s: req.network.kind === 'wps' ? 150 : 90 });
      await pause();
      if (mode === 'lost')
        throw fail('device_lost', 'the device did not show up on your home network in time: likely causes, most likely first: a wrong Wi-Fi password (the device went back to its own Wi-Fi: join it again and check the password); a network that is 5 GHz only (the device needs 2.4 GHz); the device is out of the router\'s range');
      if (mode === 'wrong-wifi')
        throw fail('wifi_join_failed', 'the device could not join the Wi-Fi network "HomeNet": check the password (the device is back on its own Wi-Fi), or choose a 2.4 GHz network in range');
    }
    say({ type: 'step', step: 'done', message: 'Saving the meter', said: said('setup_say_saving') });
    const name = req.name ?? 'whatwatt Go C0FFEE';
    const dev = device({ device_id: SETUP_ID, address: '192.168.1.42:80', addresses: ['192.168.1.42'], license: 'PLUS', meter_status: 'OK', needs_password: req.password !== null });
    if (!world.state.meters.some((m) => m.device_id === SETUP_ID)) world.addMeter(toMeter(dev, name, req.password !== null));
    return { device_id: SETUP_ID, address: 'http://192.168.1.42:80', meter_status: 'OK', name };
  }

  const saved: SavedSetup | null =
    mode === 'resume'
      ? { device_id: SETUP_ID, step: 'done', address: '192.168.1.42:80', addresses: [SETUP_AP, '192.168.1.42:80'], updated_ms: Date.now() - 600_000 }
      : null;

  return {
    handlers: {
      setup_scan: async (args) => {
        await world.slow(300);
        // The garage reader was set up with a password before; its meter is not connected yet.
        if (args.address === '192.168.1.61:80') {
          // Saved with its password: WattDesk logs in with it. Otherwise it asks for the password first.
          const saved = world.state.meters.some((m) => m.address === args.address && m.has_password);
          return saved
            ? { device: { ...DEVICE, device_id: 'A4CF12B7E0D2', firmware: '1.9.8', license: 'FREE', network: 'Wi-Fi HomeNet', on_access_point: false, protected: true, password_saved: true }, networks: [] }
            : { device: { ...DEVICE, device_id: '', protected: true }, networks: [] };
        }
        if (args.address !== SETUP_AP && args.address !== '192.168.1.42:80') throw fail('unreachable', `no answer from ${String(args.address)}: connection refused`);
        const onAp = args.address === SETUP_AP;
        return {
          device: { ...DEVICE, on_access_point: onAp, network: onAp ? DEVICE.network : 'Wi-Fi HomeNet', meter_powered: mode === 'meter-powered' },
          networks: NETWORKS,
        };
      },
      setup_locate: async () => {
        await world.slow(600);
        return mode === 'none' ? [] : FOUND;
      },
      setup_progress: async () => {
        await world.slow(5);
        return saved;
      },
      run_setup: async (args) => run(args.request as SetupRequest, args.onProgress as Channel<SetupProgress>),
      cancel_setup: async () => {
        cancelled = true;
        return null;
      },
    },
  };
};
