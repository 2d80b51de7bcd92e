// The mock backend's scenarios (`?mock=<name>`): what is saved, what discovery finds, how each meter streams.
// ui/README.md lists what each one shows; the view tests rely on these names and contents.
import { dayStart, HOUSE_FEED, METER_OFFSET_S, type FeedSpec } from '../features/live/mockFeeds';
import type { AppInfo, DiscoveredView, MeterView, Preferences, SessionState } from '../lib/bindings';
import { DEMO, device, FLAT, GARAGE, health, HOUSE, IMPOSTOR, LIVE, minutesAgo, MOVED_HOUSE, NEIGHBOUR, offline, toMeter } from './devices';
import { DEFAULT_PREFERENCES } from '../features/settings/defaultPreferences';

export const SCENARIOS = ['empty', 'meters', 'errors', 'file-secrets', 'broken', 'live', 'states', 'gap', 'free', 'trust', 'unfinished', 'unfinished-saved', 'history'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** A device mDNS announces `after` ms into a scan (and loses again `lostAfter` ms in, if set). */
export interface Announcement {
  device: DiscoveredView;
  after: number;
  lostAfter?: number;
}

export interface ScenarioState {
  info: AppInfo;
  meters: MeterView[];
  /** What mDNS would announce while discovery is active. */
  announce: Announcement[];
  brokenDiscovery: boolean;
  brokenMeters: boolean;
  /** How each meter's readings look, by device id. */
  feeds: Record<string, FeedSpec>;
  /**
   * Addresses where a device claims a saved meter's id but asks for the password unencrypted (HTTP Basic):
   * accepting a move there is refused with `basic_refused`.
   */
  impostors: string[];
  /** Broker profiles carry the backend's warning about logins sent unencrypted (off in the older scenarios). */
  brokerWarnings: boolean;
  /** What the user chose in Settings (`?zone=meter` starts with the meter's clock). */
  preferences: Preferences;
  startAtLogin: boolean;
  livePaused: boolean;
}

function baseInfo(): AppInfo {
  return {
    version: '0.1.0',
    secret_backend: { kind: 'keychain' },
    config_dir: '/home/anna/.config/wattdesk',
    mdns: 'all',
    registry_recovered: null,
    secrets_recovered: null,
    secrets_problem: null,
    demo_running: false,
  };
}

export function scenarioState(name: Scenario, params = new URLSearchParams()): ScenarioState {
  const s: ScenarioState = {
    info: baseInfo(),
    meters: [],
    announce: [],
    brokenDiscovery: false,
    brokenMeters: false,
    feeds: {},
    impostors: [],
    brokerWarnings: false,
    startAtLogin: false,
    livePaused: false,
    preferences: { ...structuredClone(DEFAULT_PREFERENCES), time_zone: params.get('zone') === 'meter' ? 'meter' : 'computer' },
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
    case 'unfinished':
      // A reader on the network whose meter is not connected yet: Discovery offers to finish its setup.
      s.announce = [{ device: GARAGE, after: 300 }];
      break;
    case 'unfinished-saved':
      // The same reader saved with its password: the Meters card offers to finish its setup.
      s.meters = [{ ...toMeter(GARAGE, 'Garage', true), last_seen: minutesAgo(1) }];
      break;
    case 'file-secrets':
      s.info.secret_backend = { kind: 'file', path: '/home/anna/.config/wattdesk/secrets.json' };
      s.info.mdns = 'loopback';
      s.info.registry_recovered = '/home/anna/.config/wattdesk/meters.json.damaged-20260312T101500Z';
      s.info.secrets_recovered = '/home/anna/.config/wattdesk/secrets.json.corrupt-20260312T101500';
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
            gentle:
              'WattDesk asks this reader for a report at most every 10 s and for its health every 5 minutes, because its power reserve is low (super-capacitor below 4.5 V).',
            gentle_said: { key: 'meters_gentle_low_reserve', args: { poll: '10', health: '5' } },
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
    case 'trust':
      // Where passwords may go: two meters seem to have moved (one to a device that then asks for the
      // password unencrypted), one asked for its password unencrypted, the keychain failed, and a broker
      // login goes over the network unencrypted.
      s.info.secrets_problem =
        'the system keychain failed: Platform secure storage failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files';
      s.meters = [
        {
          ...toMeter(HOUSE, 'House meter', true),
          ...offline(HOUSE.address, 20),
          last_seen: minutesAgo(9),
          health: health(),
          moved_to: MOVED_HOUSE,
        },
        {
          ...toMeter(GARAGE, 'Garage sub-meter', true),
          ...offline(GARAGE.address, 40),
          last_seen: minutesAgo(35),
          moved_to: IMPOSTOR,
        },
        {
          ...toMeter(FLAT, 'Garden flat', true),
          online: true,
          connection: { state: 'basic_refused' },
          last_seen: minutesAgo(4),
          health: health({ interface: 'MBUS', firmware: '1.9.8', license: 'FREE', mqtt_enabled: false, mqtt_connected: null }),
        },
      ];
      s.impostors = [IMPOSTOR];
      s.brokerWarnings = true;
      s.feeds[HOUSE.device_id] = HOUSE_FEED;
      s.feeds[FLAT.device_id] = { phases: 1, pvPeakKw: 0.6, baseLoadKw: 0.3, seed: 7, todayImport: 3.184, todayExport: 0.412, rateHz: 1 };
      break;
    case 'history':
      // History with prices (features/history/mock.ts): the House meter (its gaps, a night filled from the SD
      // card) and the Garden flat, both live.
      s.meters = [
        { ...toMeter(HOUSE, 'House meter', false), ...LIVE, last_seen: minutesAgo(0), health: health() },
        { ...toMeter(FLAT, 'Garden flat', false), online: true, connection: { state: 'live', transport: 'poll' }, last_seen: minutesAgo(0), health: health({ interface: 'MBUS', license: 'FREE', firmware: '1.9.8' }) },
      ];
      s.feeds[HOUSE.device_id] = HOUSE_FEED;
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
    // A meter WattDesk has had readings from knows its clock.
    if (m.last_seen !== null && m.utc_offset_s === null) m.utc_offset_s = METER_OFFSET_S;
  }
  return s;
}
