// The mock backend's device settings: the panel from the catalogue (mockCatalogue.ts), check (the rules
// alone), review (against the reader's values now) and save with the core's rules (mockRules.ts), the password, restart, firmware with progress, backup and restore,
// factory reset, the SD card and the scalers, on readers made from the saved meters (mockReader.ts).
//
// On purpose: an offline meter answers nothing (`unreachable`). A Modbus port of 80 is refused by the reader
// (400, naming the field); "TTL, meter sends by itself" with "The reader asks" is refused without naming
// one. A time server ending in `.invalid` makes the reader switch "Use my own time server" off by itself
// (read back differently). The Garden flat runs on the meter's power, has no Ethernet port and cannot take
// a firmware update. Levers: `&settings=conflict` (the report interval changes on the device right after
// the panel is read), `&sd=none` (no card), `&chooser=cancel` (every file chooser is closed); for the view
// tests `setDeviceSetting(id, key, value)`, `cancelChooser(on)`, `removeCard(id)`.
import type { Channel } from '@tauri-apps/api/core';
import type { FirmwareProgress, MeterView, RestartReport, RestoreReport, ScalersView, SettingsBackup, SettingsEditRequest, SettingsGroup, SettingsSaved } from '../../lib/bindings';
import { fail, sleep, type MockFeature } from '../../mock/world';
import { fieldSpecs, findField, FIELDS } from './mockCatalogue';
import { backupOf, entriesOf, factoryValues, folder, groupsOf, readerFor, snapshot, valueAt, type MockReader } from './mockReader';
import { check, english, plan, sameValue, type Facts } from './mockRules';

type Value = boolean | number | string | null;

const runCallback = (id: number, data: unknown) =>
  (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__.runCallback(id, data);

const NO_CARD = 'the device answered 503 Service Unavailable: SD card not mounted';

export const deviceSettingsMock: MockFeature = (world) => {
  const readers = new Map<string, MockReader>();
  const conflictOnce = world.params.get('settings') === 'conflict' ? new Set<string>() : null;
  let cancelChooser = world.params.get('chooser') === 'cancel';
  const noCard = world.params.get('sd') === 'none';

  /** The reader behind a saved meter; an offline one does not answer. */
  function reader(id: string): MockReader {
    const m = world.meter(id);
    if (m.online === false) throw fail('unreachable', `no answer from ${m.address}: connection timed out`);
    let r = readers.get(id);
    if (r === undefined) {
      r = readerFor(m);
      if (noCard) r.card = null;
      readers.set(id, r);
    }
    return r;
  }
  const facts = (r: MockReader): Facts => ({ ethernetUp: r.ethernetUp, meterPowered: r.meterPowered, plus: r.plus });
  const offered = (r: MockReader, g: SettingsGroup) => {
    if (!groupsOf(r).includes(g)) throw fail('not_found', 'the device has no /api/v1/eth/settings (404 Not Found)');
  };
  const updateMeter = (id: string, change: (m: MeterView) => MeterView) => {
    world.state.meters = world.state.meters.map((m) => (m.device_id === id ? change(m) : m));
    world.emitMeters();
  };
  const bootId = (r: MockReader) => (r.plus ? `b${(r.boots * 2654435761) % 0xffffff}`.padEnd(7, '0') : null);

  /** Writes values as the device does: a time server it cannot use switches "my own time server" off. */
  function write(r: MockReader, values: Record<string, Value>) {
    for (const [key, v] of Object.entries(values)) {
      const f = findField(key);
      if (f?.kind.type === 'secret') r.secrets[key] = v === '' || (typeof v === 'string' && /^0+$/.test(v)) ? null : String(v);
      else r.values[key] = v;
    }
    const server = String(r.values['device.system.custom_ntp_server'] ?? '');
    if (r.values['device.system.use_custom_ntp_server'] === true && server.endsWith('.invalid')) r.values['device.system.use_custom_ntp_server'] = false;
  }

  /** What the reader refuses (its 400 answers). */
  function refusal(req: SettingsEditRequest, values: Record<string, Value>, r: MockReader): SettingsSaved | null {
    if (values['device.services.modbus.port'] === 80)
      return { outcome: 'refused', key: 'device.services.modbus.port', message: "services.modbus.port: port 80 is taken by the device's own web page" };
    const merged = { ...snapshot(r, req.group).values, ...values };
    if (req.group === 'meter' && merged['meter.if_type'] === 'ttl_push' && merged['meter.if_mode'] === 'pull')
      return { outcome: 'refused', key: null, message: 'unsupported interface configuration' };
    return null;
  }

  function save(id: string, req: SettingsEditRequest): SettingsSaved {
    const r = reader(id);
    offered(r, req.group);
    const now = snapshot(r, req.group);
    const p = plan(req, now, facts(r));
    if (p.problems.length > 0) return { outcome: 'invalid', problems: p.problems };
    if (p.conflicts.length > 0 && !req.force) return { outcome: 'conflict', conflicts: p.conflicts };
    if (p.changes.length === 0) return { outcome: 'nothing_to_save' };
    const refused = refusal(req, p.values, r);
    if (refused) return refused;
    write(r, p.values);
    const host = p.values['device.system.host_name'];
    if (typeof host === 'string') updateMeter(id, (m) => ({ ...m, host_name: `${host}.local` }));
    const back = snapshot(r, req.group);
    const different = Object.entries(back.values).flatMap(([key, got]) => {
      const f = findField(key);
      const expected = key in p.values ? p.values[key]! : (now.values[key] ?? null);
      return f && !sameValue(expected, got) ? [{ key, label: f.label, before: expected, after: got, secret_action: null }] : [];
    });
    return { outcome: 'saved', sent: p.changes, read_back: back, different };
  }

  async function firmware(id: string, channel: Channel<FirmwareProgress>): Promise<RestartReport | null> {
    const r = reader(id);
    await world.slow(300);
    if (cancelChooser) return null;
    if (!r.upgradeCapable) throw fail('invalid_input', 'the device says it cannot take a firmware update now (upgrade_capable is false)');
    const before = { firmware: r.firmware, boot: bootId(r) };
    let index = 0;
    const say = (message: FirmwareProgress) => runCallback(channel.id, { index: index++, message });
    const total = 1_572_864;
    for (let sent = 0; sent <= total; sent += total / 8) {
      say({ stage: 'uploading', sent, total });
      await sleep(220);
    }
    say({ stage: 'restarting' });
    await sleep(1200);
    const [a = 1, b = 10, c = 3] = r.firmware.split('.').map(Number);
    r.firmware = `${a}.${b}.${c + 1}`;
    r.boots++;
    updateMeter(id, (m) => ({ ...m, firmware: r.firmware, health: m.health ? { ...m.health, firmware: r.firmware } : null }));
    return { downtime_s: 41.3, boot_id_before: before.boot, boot_id_after: bootId(r), firmware_before: before.firmware, firmware_after: r.firmware, message: 'OK' };
  }

  function restore(id: string, backup: SettingsBackup, secrets: Record<string, string>): RestoreReport {
    if (backup.format !== 'wattdesk-settings' || backup.version !== 1)
      throw fail('invalid_input', `this file is not a WattDesk settings backup (format "${backup.format}" version ${backup.version})`);
    for (const key of Object.keys(secrets)) {
      if (findField(key)?.kind.type !== 'secret')
        throw fail('invalid_input', `${key} is not a write-only setting a restore can set (the device password is changed under Protection)`);
    }
    const r = reader(id);
    const report: RestoreReport = { restored: [], skipped: [], secrets_set: [], secrets_unchanged: [], different: [] };
    for (const [name, doc] of Object.entries(backup.groups)) {
      const g = name as SettingsGroup;
      if (!['device', 'meter', 'wifi', 'eth', 'mqtt'].includes(g)) continue;
      if (g === 'wifi' && !('wifi.password' in secrets)) {
        report.skipped.push({ group: g, reason: 'Wi-Fi is restored only with the network\'s password; the device stays on the network it is on' });
        report.secrets_unchanged.push('wifi.password');
        continue;
      }
      offered(r, g);
      const values: Record<string, Value> = {};
      for (const f of FIELDS.filter((x) => x.group === g)) {
        if (f.kind.type === 'secret') {
          const s = secrets[f.key];
          if (s === undefined) report.secrets_unchanged.push(f.key);
          else {
            const c = check(f, s);
            if (!c.ok) throw fail('invalid_input', `${f.label}: ${english(c.said)}`);
            values[f.key] = c.value;
            report.secrets_set.push(f.key);
          }
          continue;
        }
        const v = valueAt(doc, f.key.slice(g.length + 1));
        if (v === undefined || v === null) continue;
        const c = check(f, v);
        if (!c.ok) throw fail('invalid_input', `the backup's ${f.key}: ${english(c.said)}`);
        values[f.key] = c.value;
      }
      const sent = { ...values };
      // Power saving is refused while a cable is connected; the rest still goes in.
      if (g === 'device' && sent['device.system.power_save'] === true && r.ethernetUp) sent['device.system.power_save'] = false;
      write(r, sent);
      if (g === 'mqtt') report.secrets_unchanged.push('mqtt.client.key');
      for (const [key, want] of Object.entries(values)) {
        const f = findField(key);
        if (f === undefined || f.kind.type === 'secret') continue;
        const got = r.values[key] ?? null;
        if (!sameValue(want, got)) report.different.push({ key, label: f.label, before: want, after: got, secret_action: null });
      }
      report.restored.push(g);
    }
    if (backup.custom_scalers.length > 0) r.custom_scalers = backup.custom_scalers.map((s) => ({ obis: s.obis, scaler: s.scaler ?? 0 }));
    report.secrets_unchanged.push('device.system.password');
    report.secrets_unchanged = [...new Set(report.secrets_unchanged)].sort();
    return report;
  }

  /** The scalers in use (DLMS meters list them) and the custom list. */
  function scalers(r: MockReader): ScalersView {
    const dlms = r.values['meter.protocol'] === 'hdlc' || r.values['meter.protocol'] === 'mbus';
    return {
      current: dlms ? [{ obis: '1.8.0', scaler: 0 }, { obis: '2.8.0', scaler: 0 }, { obis: '1.7.0', scaler: -3 }, { obis: '32.7.0', scaler: -1 }] : [],
      current_note: dlms ? null : "This meter's values come without scalers to show (only DLMS meters list them).",
      custom: r.custom_scalers.map((s) => ({ ...s })),
      scalers_set: typeof r.values['meter.scalers_set'] === 'string' ? r.values['meter.scalers_set'] : null,
    };
  }

  /** The card's root, or the device's 503 without a card. */
  function cardOf(id: string) {
    const r = reader(id);
    if (r.card === null) throw fail('service_unavailable', NO_CARD);
    return r.card;
  }
  function cardPath(path: string): string {
    const p = path.trim().replace(/^\/+/, '');
    if (p.split('/').some((x) => x === '..' || x === '.') || p.includes('\\')) throw fail('invalid_input', `"${path}" is not a path on the SD card`);
    return p;
  }

  return {
    handlers: {
      settings_panel: async ({ deviceId }) => {
        await world.slow(250);
        const r = reader(deviceId);
        const m = world.meter(deviceId);
        if (conflictOnce && !conflictOnce.has(deviceId)) {
          conflictOnce.add(deviceId);
          // Someone changes the interval on the reader's own page right after WattDesk read it.
          setTimeout(() => (r.values['device.services.report_interval'] = 60), 100);
        }
        const offeredGroups = groupsOf(r);
        return {
          fields: fieldSpecs(),
          groups: offeredGroups.map((g) => snapshot(r, g)),
          unavailable: r.hasEthernet ? [] : [{ group: 'eth', reason: 'the device does not offer these settings (not found: /api/v1/eth/settings)' }],
          plus: r.plus,
          license: r.plus ? 'PLUS' : 'FREE',
          protected: m.has_password,
          meter_powered: r.meterPowered,
          ethernet_up: r.ethernetUp,
          upgrade_capable: r.upgradeCapable,
          firmware: r.firmware,
          wifi_link: { ssid: String(r.values['wifi.name'] ?? 'HomeNet'), bars: r.meterPowered ? 2 : 3, rssi_dbm: r.meterPowered ? -67 : -58, ip: '192.168.1.40', mode: 'STA', status: 'Connected' },
        };
      },
      settings_wifi_networks: async ({ deviceId }) => {
        await world.slow(400);
        reader(deviceId);
        return [
          { ssid: 'HomeNet', hidden: false, bars: 4, rssi_dbm: -48, secured: true, wps: true, auth_mode: 'WPA2-WPA3' },
          { ssid: 'Guest', hidden: false, bars: 3, rssi_dbm: -55, secured: false, wps: false, auth_mode: 'open' },
          { ssid: '', hidden: true, bars: 2, rssi_dbm: -66, secured: true, wps: false, auth_mode: 'WPA2' },
        ];
      },
      settings_group: async ({ deviceId, group }) => {
        await world.slow(150);
        const r = reader(deviceId);
        offered(r, group);
        return snapshot(r, group);
      },
      settings_check: async ({ request, facts }) => {
        // The rules alone, against the values the UI read: the reader is not asked.
        await world.slow(30);
        const p = plan(request, { group: request.group, values: request.base, secrets: {} }, { ethernetUp: facts.ethernet_up, meterPowered: facts.meter_powered, plus: facts.plus });
        return { changes: p.changes, problems: p.problems, conflicts: [], notes: p.notes, body_bytes: p.bodyBytes };
      },
      settings_review: async ({ deviceId, request }) => {
        await world.slow(120);
        const r = reader(deviceId);
        offered(r, request.group);
        const p = plan(request, snapshot(r, request.group), facts(r));
        return { changes: p.changes, problems: p.problems, conflicts: p.conflicts, notes: p.notes, body_bytes: p.bodyBytes };
      },
      settings_save: async ({ deviceId, request }) => {
        await world.slow(450);
        return save(deviceId, request);
      },
      set_device_password: async ({ deviceId, request }) => {
        await world.slow(500);
        reader(deviceId);
        const p = request.new_password;
        if (p !== null && p !== '' && [...p].length > 31)
          throw fail('invalid_input', `the device accepts at most 31 characters; this password has ${[...p].length}`);
        const has = p !== null && p !== '';
        updateMeter(deviceId, (m) => ({ ...m, has_password: has }));
        return structuredClone(world.meter(deviceId));
      },
      reboot_meter: async ({ deviceId }) => {
        const r = reader(deviceId);
        const before = bootId(r);
        await world.slow(1800);
        r.boots++;
        return { downtime_s: 34.6, boot_id_before: before, boot_id_after: bootId(r), firmware_before: r.firmware, firmware_after: r.firmware, message: null };
      },
      update_firmware: async ({ deviceId, onProgress }) => firmware(deviceId, onProgress as Channel<FirmwareProgress>),
      factory_reset_meter: async ({ deviceId }) => {
        const r = reader(deviceId);
        await world.slow(2500);
        r.values = factoryValues(deviceId);
        r.secrets = { 'meter.encryption_key': null, 'meter.authentication_key': null, 'wifi.password': r.secrets['wifi.password'] ?? null, 'mqtt.password': null };
        r.custom_scalers = [];
        r.boots++;
        updateMeter(deviceId, (m) => ({ ...m, has_password: false }));
        const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
        return { backup_path: `${world.state.info.config_dir}/backups/${deviceId}-${stamp}-before-factory-reset.json` };
      },
      save_settings_backup: async ({ deviceId }) => {
        reader(deviceId);
        await world.slow(300);
        return cancelChooser ? null : `/home/anna/Documents/whatwatt-${deviceId}-settings.json`;
      },
      open_settings_backup: async () => {
        await world.slow(200);
        if (cancelChooser) return null;
        // A backup of the House meter from three days ago, when it still saved power.
        const house = world.state.meters.find((m) => m.device_id === 'ECC9FF5C7F14') ?? world.state.meters[0];
        if (house === undefined) throw fail('invalid_input', 'that file is not a WattDesk settings backup');
        const b = backupOf(readerFor(house), 3);
        ((b.groups.device as { system: Record<string, unknown> }).system).power_save = true;
        ((b.groups.device as { services: Record<string, unknown> }).services).report_interval = 15;
        return b;
      },
      restore_settings: async ({ deviceId, request }) => {
        await world.slow(900);
        return restore(deviceId, request.backup, request.secrets);
      },
      sd_list: async ({ deviceId, dir }) => {
        await world.slow(200);
        const d = cardPath(dir);
        const nodes = folder(cardOf(deviceId), d);
        if (nodes === undefined) throw fail('not_found', `there is no folder ${d} on the card`);
        const prefix = d.replace(/\/+$/, '') === '' ? '' : `${d.replace(/\/+$/, '')}/`;
        return { path: prefix, entries: entriesOf(nodes, prefix) };
      },
      sd_download: async ({ deviceId, file }) => {
        const f = cardPath(file);
        const parts = f.split('/');
        const name = parts.pop() ?? '';
        const nodes = folder(cardOf(deviceId), parts.join('/'));
        if (name === '' || !nodes?.some((n) => n.name === name && !n.dir)) throw fail('not_found', `there is no file ${f} on the card`);
        await world.slow(400);
        return cancelChooser ? null : `/home/anna/Downloads/${name}`;
      },
      sd_delete: async ({ deviceId, path }) => {
        await world.slow(300);
        const p = cardPath(path).replace(/\/+$/, '');
        if (p === '') throw fail('invalid_input', 'the whole card cannot be deleted; choose a folder or a file');
        const parts = p.split('/');
        const name = parts.pop()!;
        const nodes = folder(cardOf(deviceId), parts.join('/'));
        const i = nodes?.findIndex((n) => n.name === name) ?? -1;
        if (nodes === undefined || i < 0) throw fail('not_found', `there is no ${p} on the card`);
        nodes.splice(i, 1);
        return null;
      },
      meter_scalers: async ({ deviceId }) => {
        await world.slow(150);
        return scalers(reader(deviceId));
      },
      set_custom_scalers: async ({ deviceId, list }) => {
        await world.slow(300);
        const r = reader(deviceId);
        const problems: string[] = [];
        const seen = new Set<string>();
        list.forEach((row, i) => {
          const parts = row.obis.trim().split('.');
          const fine = parts.length === 3 && parts.every((p, j) => /^\d+$/.test(p) && Number(p) <= (j === 2 ? 255 : 254));
          if (!fine) problems.push(`row ${i + 1}: "${row.obis}" is not a register like 1.8.0 (C.D.E)`);
          else if (seen.has(parts.join('.'))) problems.push(`row ${i + 1}: ${parts.join('.')} is in the list twice`);
          else if (row.scaler < -6 || row.scaler > 6) problems.push(`row ${i + 1}: the scaler is a power of ten from -6 to 6, not ${row.scaler}`);
          seen.add(parts.join('.'));
        });
        if (problems.length > 0) throw fail('invalid_input', problems.join('; '));
        r.custom_scalers = list.map((s) => ({ obis: s.obis.trim(), scaler: s.scaler }));
        return scalers(r);
      },
    },
    testApi: {
      /** The reader's value changes behind WattDesk's back (another app, its own web page). */
      setDeviceSetting: (id: string, key: string, value: Value) => void (reader(id).values[key] = value),
      /** Every file chooser is closed without a choice (`null` results) while on. */
      cancelChooser: (on: boolean) => void (cancelChooser = on),
      removeCard: (id: string) => void (reader(id).card = null),
    },
  };
};
