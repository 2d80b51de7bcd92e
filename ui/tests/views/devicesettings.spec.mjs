// A meter's device settings page (#/meter/<id>/settings[/<section>]) against the mock backend: every
// section on a PLUS and a FREE reader in light and dark, editing with inline problems, the review dialog,
// save with read back, conflicts, refusals, the password, the SD card and maintenance.
import { assert, expand, test, text, until } from './harness.mjs';

const HOUSE = 'ECC9FF5C7F14';
const FLAT = 'B8D61A0F1E2D';
const GARAGE = 'A4CF12B7E0D2';
const SECTIONS = ['general', 'protection', 'services', 'meter', 'wifi', 'ethernet', 'mqtt', 'sdcard', 'maintenance'];
const TALL = { width: 1100, height: 1180 };

const calls = (page, cmd) => page.evaluate((cmd) => window.__wattdeskMock.calls.filter((c) => c.cmd === cmd), cmd);
const field = (page, key) => page.getByTestId(`field-${key}`);
const open = async (page, base, id, section = '', query = 'meters') => {
  await page.goto(`${base}?mock=${query}#/meter/${id}/settings${section ? `/${section}` : ''}`);
  await page.getByTestId('device-settings').waitFor();
};
/** Types into a field and waits for the backend's check of it (debounced; the reader is not asked). */
const typeAndReview = async (page, key, value) => {
  const before = (await calls(page, 'settings_check')).length;
  await field(page, key).fill(value);
  await until(page, (n) => window.__wattdeskMock.calls.filter((c) => c.cmd === 'settings_check').length > n, before);
  await until(page, () => !document.querySelector('[data-testid="edit-bar"] .spinner'));
};

/** Each section looks settled: its own content is there (not a loading line). */
async function settled(page, id) {
  const panel = page.getByTestId(`panel-${id}`);
  await panel.waitFor();
  if (id === 'mqtt') await panel.getByTestId('mqtt-enable').waitFor();
  else if (id === 'sdcard') await panel.locator('[data-testid="sd-browser"] table, [data-testid="sd-no-card"]').first().waitFor();
  else if (id === 'protection') await panel.getByTestId('protection-state').waitFor();
  else if (id === 'maintenance') await panel.getByTestId('reset-card').waitFor();
  else await panel.locator('[data-testid^="fields-"], [data-testid="group-unavailable"]').first().waitFor();
}

for (const scheme of ['light', 'dark']) {
  for (const [variant, id, query] of [
    ['plus', HOUSE, 'meters'],
    ['free', FLAT, 'free'],
  ]) {
    test(`devicesettings: every section, ${variant.toUpperCase()} reader (${scheme})`, { colorScheme: scheme, viewport: TALL }, async ({ page, base, shot }) => {
      await open(page, base, id, '', query);
      assert.equal(await page.getByTestId('device-settings').getAttribute('data-plus'), String(variant === 'plus'));
      for (const s of SECTIONS) {
        await page.getByTestId(`section-${s}`).click();
        await until(page, (s) => window.location.hash.endsWith(s === 'general' ? '/settings' : `/settings/${s}`), s);
        await settled(page, s);
        if (s === 'services' || s === 'meter') await page.getByTestId('more-settings').locator('summary').click();
        await shot(`devicesettings-${variant}-${s}-${scheme}`);
      }
    });
  }
}

test('devicesettings: the meter page opens Settings; fields come from the catalogue', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=meters#/meter/${HOUSE}`);
  await page.getByTestId('open-settings').click();
  await until(page, (id) => window.location.hash === `#/meter/${id}/settings`, HOUSE);
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'General' }).getAttribute('aria-selected'), 'true');
  assert.equal(await field(page, 'device.system.name').inputValue(), 'House meter');
  assert.equal(await field(page, 'device.system.host_name').inputValue(), 'whatwatt_5C7F14');
  assert.equal(await field(page, 'device.system.use_dhcp_ntp_server').isChecked(), true);
  // The technical name is behind the ⓘ.
  await page.getByRole('button', { name: 'About Device name' }).click();
  assert.match(await text(page.getByTestId('row-device.system.name')), /system\.name, up to 31 characters/);
  // Next to power saving: the cable is in.
  assert.match(await text(page.getByTestId('advice-device.system.power_save')), /A network cable is connected: the reader refuses power saving/);
  // Arrow keys move between sections; the section is in the address (a reload lands there).
  await page.getByRole('tab', { name: 'General' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getByRole('tab', { name: 'Services' }).getAttribute('aria-selected'), 'true');
  await page.reload();
  await page.getByTestId('panel-services').waitFor();
  assert.equal(await field(page, 'device.services.report_interval').inputValue(), '10');
  assert.equal(await page.getByTestId('plus-note-device.services.modbus.enable').count(), 0);
});

for (const scheme of ['light', 'dark']) {
  test(`devicesettings: edit, inline problem, review, save and read back (${scheme})`, { colorScheme: scheme, viewport: TALL }, async ({ page, base, shot }) => {
    await open(page, base, HOUSE);
    await typeAndReview(page, 'device.system.name', 'Kitchen meter');
    assert.equal(await text(page.getByTestId('changes-count')), '1 change');
    await page.getByTestId('changed-device.system.name').waitFor();

    await page.getByTestId('section-services').click();
    await typeAndReview(page, 'device.services.report_interval', '0');
    const problem = page.getByTestId('problem-device.services.report_interval');
    assert.equal(await text(problem), '1 to 3600 s, not 0');
    assert.equal(await field(page, 'device.services.report_interval').getAttribute('aria-invalid'), 'true');
    assert.match(await text(page.getByTestId('edit-bar')), /2 changes not saved \(General and Services\) 1 thing to fix/);
    await page.getByTestId('dirty-general').waitFor();
    await page.getByTestId('dirty-services').waitFor();
    await shot(`devicesettings-inline-problem-${scheme}`);

    await typeAndReview(page, 'device.services.report_interval', '15');
    await problem.waitFor({ state: 'detached' });

    await page.getByTestId('review-changes').click();
    const dialog = page.getByRole('dialog', { name: 'Review changes: General and Services' });
    await dialog.getByTestId('change-device.system.name').waitFor();
    assert.equal(await text(dialog.getByTestId('change-device.system.name')), 'Device name House meter Kitchen meter');
    assert.equal(await text(dialog.getByTestId('change-device.services.report_interval')), 'Report every 10 s 15 s');
    await until(page, () => !document.querySelector('[data-testid="save-settings"]').disabled);
    await shot(`devicesettings-review-dialog-${scheme}`);

    await dialog.getByTestId('save-settings').click();
    const saved = page.getByTestId('saved-readback');
    await saved.waitFor();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await text(saved), 'Saved and read back: the reader has your settings.');
    assert.equal(await page.getByTestId('edit-bar').count(), 0);
    assert.equal(await page.getByTestId('dirty-general').count(), 0);
    assert.equal(await field(page, 'device.services.report_interval').inputValue(), '15');
    const [save] = await calls(page, 'settings_save');
    assert.deepEqual(save.args.request.edits, { 'device.system.name': 'Kitchen meter', 'device.services.report_interval': 15 });
    assert.equal(save.args.request.force, false);
    assert.equal(save.args.request.base['device.services.report_interval'], 10);
    await shot(`devicesettings-saved-${scheme}`);

    // Discard puts the fields back as read.
    await typeAndReview(page, 'device.services.report_interval', '20');
    await page.getByTestId('discard-changes').click();
    assert.equal(await field(page, 'device.services.report_interval').inputValue(), '15');
    assert.equal(await page.getByTestId('edit-bar').count(), 0);
  });
}

test('devicesettings: the device shows another value after the save (read back)', {}, async ({ page, base, shot }) => {
  await open(page, base, HOUSE);
  await field(page, 'device.system.use_custom_ntp_server').check();
  await typeAndReview(page, 'device.system.custom_ntp_server', '');
  assert.match(await text(page.getByTestId('problem-device.system.custom_ntp_server')), /^Enter the time server to use/);
  await typeAndReview(page, 'device.system.custom_ntp_server', 'time.invalid');
  await page.getByTestId('review-changes').click();
  await page.getByTestId('change-device.system.custom_ntp_server').waitFor();
  await until(page, () => !document.querySelector('[data-testid="save-settings"]').disabled);
  await page.getByTestId('save-settings').click();
  const saved = page.getByTestId('saved-readback');
  await saved.waitFor();
  assert.match(await text(saved), /^Saved and read back, but the reader shows something else for one setting\./);
  assert.equal(await text(page.getByTestId('different-device.system.use_custom_ntp_server')), 'Use my own time server: The device shows Off instead of On.');
  assert.equal(await field(page, 'device.system.use_custom_ntp_server').isChecked(), false);
  await shot('devicesettings-readback-different-light');
});

for (const scheme of ['light', 'dark']) {
  test(`devicesettings: a value changed on the device meanwhile: conflict, save anyway (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await open(page, base, HOUSE, 'services', 'meters&settings=conflict');
    // The device's own page changes the interval right after WattDesk read it; typing is checked without
    // asking the reader, so only the review before saving finds it.
    await typeAndReview(page, 'device.services.sd.frequency', '30');
    const banner = page.getByTestId('conflict-banner');
    assert.equal(await banner.count(), 0);
    assert.equal((await calls(page, 'settings_check'))[0].args.facts.ethernet_up, true);
    await page.getByTestId('review-changes').click();
    const conflicts = page.getByTestId('review-conflicts');
    await conflicts.waitFor();
    assert.match(await text(conflicts), /Report every: 10 s → 60 s/);
    await page.getByTestId('save-settings').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.match(await text(banner), /^These settings changed on the device since you opened them \(Report every: 10 s → 60 s\)\./);
    await shot(`devicesettings-conflict-${scheme}`);
    await banner.getByTestId('save-anyway').click();
    await page.getByTestId('saved-readback').waitFor();
    const saves = await calls(page, 'settings_save');
    assert.deepEqual(saves.map((c) => c.args.request.force), [false, true]);
    assert.equal(await banner.count(), 0);
    // What was saved read back, with the device's interval.
    assert.equal(await field(page, 'device.services.report_interval').inputValue(), '60');
  });
}

test('devicesettings: Reload shows the device values and keeps my changes', {}, async ({ page, base }) => {
  await open(page, base, HOUSE, 'services');
  await page.evaluate((id) => window.__wattdeskMock.setDeviceSetting(id, 'device.services.report_interval', 45), HOUSE);
  await typeAndReview(page, 'device.services.sd.frequency', '30');
  await page.getByTestId('review-changes').click();
  await page.getByTestId('review-conflicts').waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await page.getByTestId('conflict-banner').waitFor();
  assert.equal(await page.getByTestId('save-anyway').count(), 0);
  await page.getByTestId('reload-group').click();
  await page.getByTestId('conflict-banner').waitFor({ state: 'detached' });
  assert.equal(await field(page, 'device.services.report_interval').inputValue(), '45');
  assert.equal(await field(page, 'device.services.sd.frequency').inputValue(), '30');
  assert.equal(await text(page.getByTestId('changes-count')), '1 change');
  assert.equal((await calls(page, 'settings_group'))[0].args.group, 'device');
});

for (const scheme of ['light', 'dark']) {
  test(`devicesettings: the reader refuses a value, naming the field (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await open(page, base, HOUSE, 'services');
    await typeAndReview(page, 'device.services.modbus.port', '80');
    await page.getByTestId('review-changes').click();
    await until(page, () => !document.querySelector('[data-testid="save-settings"]').disabled);
    await page.getByTestId('save-settings').click();
    const refused = page.getByTestId('refused-device.services.modbus.port');
    await refused.waitFor();
    assert.equal(await text(refused), "The reader refused this: services.modbus.port: port 80 is taken by the device's own web page");
    await page.getByTestId('refused-note').waitFor();
    await refused.scrollIntoViewIfNeeded();
    await shot(`devicesettings-refused-${scheme}`);
    // Changing the field again clears the refusal.
    await typeAndReview(page, 'device.services.modbus.port', '1502');
    await refused.waitFor({ state: 'detached' });
  });
}

test('devicesettings: a refusal naming no field shows for the whole group', {}, async ({ page, base, shot }) => {
  await open(page, base, HOUSE, 'meter');
  await field(page, 'meter.if_type').selectOption({ label: 'TTL, meter sends by itself' });
  await page.getByTestId('more-settings').locator('summary').click();
  await field(page, 'meter.if_mode').selectOption({ label: 'The reader asks' });
  await page.getByTestId('review-changes').click();
  const dialog = page.getByRole('dialog');
  assert.equal(await text(dialog.getByTestId('change-meter.if_type')), 'Meter connection P1 port (DSMR) TTL, meter sends by itself');
  await until(page, () => !document.querySelector('[data-testid="save-settings"]').disabled);
  await dialog.getByTestId('save-settings').click();
  const group = page.getByTestId('refused-group');
  await group.waitFor();
  assert.equal(await text(group), 'The reader refused these settings; nothing was changed. Unsupported interface configuration');
  await shot('devicesettings-refused-group-light');
});

test('devicesettings: write-only values: set, clear, never shown or logged', {}, async ({ page, base, shot }) => {
  await open(page, base, HOUSE, 'meter');
  assert.equal(await text(page.getByTestId('secret-state-meter.encryption_key')), 'Not shown by the device');
  await page.getByTestId('set-secret-meter.encryption_key').click();
  await typeAndReview(page, 'meter.encryption_key', '0011 2233');
  assert.match(await text(page.getByTestId('problem-meter.encryption_key')), /^Encryption key|^The key is 32 hexadecimal digits/);
  await typeAndReview(page, 'meter.encryption_key', '0011 2233-4455:6677 8899 aabb ccdd eeff');
  await page.getByTestId('clear-secret-meter.authentication_key').click();
  assert.equal(await text(page.getByTestId('secret-state-meter.authentication_key')), 'Will be cleared');
  await field(page, 'meter.encryption').check();
  await page.getByTestId('review-changes').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('change-meter.encryption_key').waitFor();
  assert.equal(await text(dialog.getByTestId('change-meter.encryption_key')), 'Encryption key will be set');
  assert.equal(await text(dialog.getByTestId('change-meter.authentication_key')), 'Authentication key will be cleared');
  assert.doesNotMatch(await text(dialog), /0011|AABB/i);
  await shot('devicesettings-review-secrets-light');
  await until(page, () => !document.querySelector('[data-testid="save-settings"]').disabled);
  await dialog.getByTestId('save-settings').click();
  await page.getByTestId('saved-readback').waitFor();
  const [save] = await calls(page, 'settings_save');
  assert.deepEqual(save.args.request.edits, { 'meter.encryption_key': '<redacted>', 'meter.authentication_key': '<redacted>', 'meter.encryption': true });
  assert.equal(await text(page.getByTestId('secret-state-meter.encryption_key')), 'Not shown by the device');

  // Wi-Fi: a new network needs its password.
  await page.getByTestId('section-wifi').click();
  await typeAndReview(page, 'wifi.name', 'Garden AP');
  assert.equal(await text(page.getByTestId('problem-wifi.password')), "Give the new network's password (leave it empty for an open network)");
  await page.getByTestId('set-secret-wifi.password').click();
  await typeAndReview(page, 'wifi.password', 'short');
  assert.match(await text(page.getByTestId('problem-wifi.password').first()), /at least 8 characters; this one has 5/);
  await shot('devicesettings-wifi-password-light');
});

for (const scheme of ['light', 'dark']) {
  test(`devicesettings: FREE reader on the meter's power: PLUS notes, power advice, no Ethernet (${scheme})`, { colorScheme: scheme, viewport: TALL }, async ({ page, base, shot }) => {
    await open(page, base, FLAT, 'services', 'free');
    assert.equal(await text(page.getByTestId('plus-note-device.services.modbus.enable')), 'Stored, but idle until the device has a PLUS licence.');
    assert.match(await text(page.getByTestId('advice-device.services.report_interval')), /^This reader runs on the meter's power: shorter intervals draw more/);
    await field(page, 'device.services.modbus.enable').check();
    await typeAndReview(page, 'device.services.report_interval', '5');
    const notes = page.getByTestId('review-notes-inline');
    await notes.waitFor();
    assert.match(await text(notes), /a report every 5 s may drain it; the maker advises 30 s or more/);
    assert.match(await text(notes), /Modbus TCP server: stored, but idle until the device has a PLUS licence/);
    await shot(`devicesettings-free-advice-${scheme}`);

    await page.getByTestId('section-ethernet').click();
    const none = page.getByTestId('group-unavailable');
    await none.waitFor();
    assert.match(await text(none), /This reader does not offer these settings\. The device does not offer these settings \(not found/);
    await page.getByTestId('section-maintenance').click();
    assert.match(await text(page.getByTestId('firmware-blocked')), /cannot take an update now/);
    assert.equal(await page.getByTestId('update-firmware').isDisabled(), true);
  });
}

for (const scheme of ['light', 'dark']) {
  test(`devicesettings: protection: set, change and remove the password (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await open(page, base, HOUSE, 'protection');
    const state = page.getByTestId('protection-state');
    assert.match(await text(state), /^No password/);
    await page.getByTestId('password-new').fill('kitchen-42');
    await page.getByTestId('password-again').fill('kitchen-43');
    await page.getByTestId('set-password').click();
    await page.getByText('The two passwords are not the same.').waitFor();
    await page.getByTestId('password-new').fill('x'.repeat(32));
    await page.getByText('The reader takes at most 31 characters; this has 32.').waitFor();
    await shot(`devicesettings-password-problems-${scheme}`);
    await page.getByTestId('password-new').fill('kitchen-42');
    await page.getByTestId('password-again').fill('kitchen-42');
    await page.getByTestId('set-password').click();
    await page.getByTestId('password-done').waitFor();
    assert.equal(await state.getAttribute('data-protected'), 'true');
    assert.match(await text(state), /^A password protects this reader/);
    const [set] = await calls(page, 'set_device_password');
    assert.deepEqual(set.args, { deviceId: HOUSE, request: { new_password: '<redacted>' } });
    await shot(`devicesettings-password-set-${scheme}`);

    await page.getByTestId('remove-password').click();
    const dialog = page.getByRole('dialog', { name: "Remove the reader's password?" });
    await dialog.getByTestId('confirm-remove-password').click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await state.getAttribute('data-protected'), 'false');
    const sets = await calls(page, 'set_device_password');
    assert.deepEqual(sets[1].args.request, { new_password: null });
  });
}

for (const scheme of ['light', 'dark']) {
  test(`devicesettings: SD card: folders, download, delete (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await open(page, base, HOUSE, 'sdcard');
    const rows = page.getByTestId('sd-entry');
    await rows.first().waitFor();
    assert.deepEqual(await rows.evaluateAll((r) => r.map((x) => x.dataset.path)), ['LOGS/', '2026/', '2025/', 'README.TXT']);
    await rows.filter({ hasText: '2026' }).getByTestId('sd-open').click();
    await until(page, () => document.querySelector('[data-testid="sd-here"]')?.textContent === '2026');
    assert.equal(await rows.count(), 12);
    assert.match(await text(rows.first()), /^20260312\.CSV 17\d kB Download$/);
    await rows.first().getByTestId('sd-download').click();
    const savedTo = page.getByTestId('sd-saved');
    await savedTo.waitFor();
    assert.equal(await text(savedTo), 'Saved 20260312.CSV to /home/anna/Downloads/20260312.CSV');
    assert.deepEqual((await calls(page, 'sd_download'))[0].args, { deviceId: HOUSE, file: '2026/20260312.CSV' });
    await shot(`devicesettings-sd-folder-${scheme}`);

    await rows.first().getByTestId('sd-delete').click();
    const dialog = page.getByRole('dialog', { name: 'Delete 20260312.CSV?' });
    assert.match(await text(dialog.getByTestId('sd-delete-question')), /2026\/20260312\.CSV \(17\d kB\) is deleted from the card/);
    await dialog.getByTestId('confirm-sd-delete').click();
    await dialog.waitFor({ state: 'detached' });
    await until(page, () => document.querySelectorAll('[data-testid="sd-entry"]').length === 11);
    assert.deepEqual((await calls(page, 'sd_delete'))[0].args, { deviceId: HOUSE, path: '2026/20260312.CSV' });

    await page.getByTestId('sd-up').click();
    await until(page, () => document.querySelector('[data-testid="sd-here"]')?.textContent === 'SD card');
    await rows.filter({ hasText: '2025' }).getByTestId('sd-delete').click();
    const folderDialog = page.getByRole('dialog', { name: 'Delete the folder 2025 and everything in it?' });
    await folderDialog.waitFor();
    await shot(`devicesettings-sd-delete-folder-${scheme}`);
    await folderDialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test(`devicesettings: SD card: no card in the reader (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await open(page, base, HOUSE, 'sdcard', 'meters&sd=none');
    const none = page.getByTestId('sd-no-card');
    await none.waitFor();
    assert.match(
      await text(none),
      /No SD card in the reader, or the reader could not read it \(not mounted\)\. Insert a FAT32 card and restart the reader\./,
    );
    await shot(`devicesettings-sd-no-card-${scheme}`);
  });
}

for (const scheme of ['light', 'dark']) {
  test(`devicesettings: maintenance: restart and firmware with progress (${scheme})`, { colorScheme: scheme, viewport: TALL }, async ({ page, base, shot }) => {
    await open(page, base, HOUSE, 'maintenance');
    await page.getByTestId('restart').click();
    await page.getByRole('dialog', { name: 'Restart the reader?' }).getByTestId('confirm-restart').click();
    const progress = page.getByTestId('restart-progress');
    await progress.waitFor();
    assert.equal(await text(progress), 'Restarting — usually 30 to 60 seconds…');
    await shot(`devicesettings-restart-progress-${scheme}`);
    const report = page.getByTestId('restart-report');
    await report.waitFor();
    assert.match(await text(report), /^The reader was away for 35 s and came back with firmware 1\.10\.3\. Start id \(boot_id\): \w+ → \w+$/);

    assert.equal(await text(page.getByTestId('firmware-now')), '1.10.3');
    await page.getByTestId('update-firmware').click();
    const fw = page.getByTestId('firmware-progress');
    await until(page, () => document.querySelector('[data-testid="firmware-progress"]')?.dataset.stage === 'uploading');
    await until(page, () => /Uploading [\d.]+ (kB|MB) of 1\.6 MB \([1-9]\d %\)/.test(document.querySelector('[data-testid="firmware-progress"]')?.textContent ?? ''));
    await shot(`devicesettings-firmware-uploading-${scheme}`);
    await until(page, () => document.querySelector('[data-testid="firmware-progress"]')?.dataset.stage === 'restarting');
    assert.match(await text(fw), /^Restarting with the new firmware/);
    await shot(`devicesettings-firmware-restarting-${scheme}`);
    const done = page.getByTestId('firmware-report');
    await done.waitFor();
    assert.match(await text(done), /^Firmware updated: 1\.10\.3 → 1\.10\.4\. The reader was away for 41 s/);
    // The page read the reader again.
    await until(page, () => document.querySelector('[data-testid="firmware-now"]')?.textContent === '1.10.4');
    await shot(`devicesettings-firmware-done-${scheme}`);
  });
}

test('devicesettings: maintenance: backup, restore with a password, chooser cancelled', { viewport: TALL }, async ({ page, base, shot }) => {
  await open(page, base, HOUSE, 'maintenance');
  await page.getByTestId('save-backup').click();
  assert.equal(await text(page.getByTestId('backup-saved')), `Saved to /home/anna/Documents/whatwatt-${HOUSE}-settings.json`);

  await page.getByTestId('open-backup').click();
  const dialog = page.getByRole('dialog', { name: 'Restore these settings?' });
  await dialog.waitFor();
  assert.equal(await text(dialog.getByTestId('backup-device')), HOUSE);
  assert.equal(await text(dialog.getByTestId('backup-groups')), 'It holds: General and services, Meter, Wi-Fi, Ethernet, MQTT publishing.');
  assert.match(await text(dialog.getByTestId('backup-secrets')), /Encryption key, Authentication key, Wi-Fi password, Broker password, Device password, MQTT client key/);
  assert.match(await text(dialog.getByTestId('restore-secret-note-wifi.password')), /Wi-Fi is restored only with its password/);
  assert.equal(await text(dialog.getByTestId('restore-secret-note-mqtt.password')), 'Left unchanged on the reader.');
  await shot('devicesettings-restore-dialog-light');
  await dialog.getByTestId('restore-secret-wifi.password').fill('home-wifi-pw');
  assert.equal(await text(dialog.getByTestId('restore-secret-note-wifi.password')), 'Set on the reader with the restore.');
  await dialog.getByTestId('restore-settings').click();
  const done = page.getByRole('dialog', { name: 'Settings restored' });
  const report = done.getByTestId('restore-report');
  await report.waitFor();
  assert.equal(await text(report.getByTestId('restore-restored')), 'General and services, Meter, Wi-Fi, Ethernet, MQTT publishing');
  assert.equal(await text(report.getByTestId('restore-secrets-set')), 'Wi-Fi password');
  assert.match(await text(report.getByTestId('restore-secrets-unchanged')), /Device password/);
  assert.match(await text(report.getByTestId('restore-different')), /Save power: The device shows Off instead of On\./);
  const [restore] = await calls(page, 'restore_settings');
  assert.deepEqual(restore.args.request.secrets, { 'wifi.password': '<redacted>' });
  await shot('devicesettings-restore-report-light');
  await done.getByTestId('restore-close').click();
  await done.waitFor({ state: 'detached' });
  // The restored interval shows.
  await page.getByTestId('section-services').click();
  assert.equal(await field(page, 'device.services.report_interval').inputValue(), '15');

  // Without a choice in the file window nothing happens.
  await page.evaluate(() => window.__wattdeskMock.cancelChooser(true));
  await page.getByTestId('section-maintenance').click();
  await page.getByTestId('update-firmware').click();
  await page.getByTestId('firmware-cancelled').waitFor();
  await page.getByTestId('save-backup').click();
  await until(page, () => window.__wattdeskMock.calls.filter((c) => c.cmd === 'save_settings_backup').length === 2 && !document.querySelector('[data-testid="save-backup"]').disabled);
  assert.equal(await page.getByTestId('backup-saved').count(), 0);
});

for (const scheme of ['light', 'dark']) {
  test(`devicesettings: factory reset asks for the name, backs up, offers setup (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await open(page, base, HOUSE, 'maintenance');
    await page.getByTestId('factory-reset').click();
    const dialog = page.getByRole('dialog', { name: 'Reset the reader to factory settings?' });
    const go = dialog.getByTestId('confirm-factory-reset');
    assert.equal(await go.isDisabled(), true);
    await dialog.getByTestId('reset-confirm').fill('House');
    assert.equal(await go.isDisabled(), true);
    await dialog.getByTestId('reset-confirm').fill('house meter');
    assert.equal(await go.isDisabled(), false);
    assert.match(await text(dialog), /WattDesk first saves a backup of the settings/);
    await shot(`devicesettings-factory-reset-dialog-${scheme}`);
    await go.click();
    await dialog.getByText('Resetting — the reader restarts').waitFor();
    const done = page.getByTestId('reset-done');
    await done.waitFor({ timeout: 8000 });
    await done.scrollIntoViewIfNeeded();
    assert.match(await text(page.getByTestId('reset-backup-path')), new RegExp(`^/home/anna/\\.config/wattdesk/backups/${HOUSE}-\\d{8}T\\d{6}Z-before-factory-reset\\.json$`));
    await shot(`devicesettings-factory-reset-done-${scheme}`);
    await page.getByTestId('setup-again').click();
    await page.getByRole('dialog').first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').first().waitFor({ state: 'detached' });
    // The page read the reader again: factory values.
    await page.getByTestId('section-general').click();
    assert.equal(await field(page, 'device.system.name').inputValue(), 'whatwatt Go');
  });
}

test('devicesettings: MQTT publishing is the same form as on the Connection page', {}, async ({ page, base, shot }) => {
  await open(page, base, HOUSE, 'mqtt');
  const form = page.getByTestId('device-mqtt');
  await form.getByTestId('mqtt-enable').waitFor();
  assert.equal(await page.locator('#mqtt-topic').inputValue(), 'wattdesk/ecc9ff5c7f14');
  await page.getByTestId('mqtt-connection-link').click();
  await until(page, (id) => window.location.hash === `#/meter/${id}/connection`, HOUSE);
  await page.getByTestId('device-mqtt').waitFor();
  await shot('devicesettings-mqtt-connection-light');
});

test('devicesettings: an offline reader cannot be read', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters#/meter/${GARAGE}/settings`);
  const failed = page.getByRole('alert').filter({ hasText: "Couldn't read the reader's settings." });
  await failed.waitFor();
  await expand(failed);
  assert.match(await text(failed), /no answer from 192\.168\.1\.61:80: connection timed out/);
  await shot('devicesettings-offline-light');
});

test('devicesettings: scalers: in use, and my own list saved whole', { viewport: TALL }, async ({ page, base, shot }) => {
  await open(page, base, FLAT, 'meter', 'free');
  const card = page.getByTestId('scalers');
  await card.getByTestId('scalers-current').waitFor();
  assert.match(await text(card.getByTestId('scalers-current')), /1\.7\.0 ÷ 1,000/);
  await card.getByTestId('scalers-not-used').waitFor();
  await card.getByTestId('add-scaler').click();
  await card.getByLabel('Register of row 1').fill('1.8');
  await card.getByTestId('save-scalers').click();
  await card.getByText('A register like 1.8.0').waitFor();
  await card.getByLabel('Register of row 1').fill('1.8.0');
  await card.getByLabel('Scaler of row 1').selectOption('3');
  await card.scrollIntoViewIfNeeded();
  await shot('devicesettings-scalers-light');
  await card.getByTestId('save-scalers').click();
  await card.getByTestId('save-scalers').waitFor({ state: 'detached' });
  const [set] = await calls(page, 'set_custom_scalers');
  assert.deepEqual(set.args, { deviceId: FLAT, list: [{ obis: '1.8.0', scaler: 3 }] });
  // Choosing "My own" and saving it: the list is in use.
  await field(page, 'meter.scalers_set').selectOption({ label: 'My own (custom scalers)' });
  await page.getByTestId('review-changes').click();
  await until(page, () => !document.querySelector('[data-testid="save-settings"]').disabled);
  await page.getByTestId('save-settings').click();
  await page.getByTestId('saved-readback').waitFor();
  await card.getByTestId('scalers-not-used').waitFor({ state: 'detached' });
});

test('devicesettings: Wi-Fi shows the link now; a network chosen from the scan fills the name and asks for its password', { viewport: TALL }, async ({ page, base, shot }) => {
  await open(page, base, HOUSE, 'wifi');
  const now = await text(page.getByTestId('wifi-link-now'));
  assert.match(now, /HomeNet/);
  assert.match(now, /good signal \(-58 dBm\) · address 192\.168\.1\.40/);
  await page.getByTestId('wifi-scan').click();
  await page.getByTestId('wifi-networks').waitFor();
  assert.equal(await page.getByTestId('wifi-network').count(), 3);
  const before = (await calls(page, 'settings_check')).length;
  await page.getByTestId('wifi-network').filter({ hasText: 'Guest' }).click();
  assert.equal(await field(page, 'wifi.name').inputValue(), 'Guest');
  await until(page, (n) => window.__wattdeskMock.calls.filter((c) => c.cmd === 'settings_check').length > n, before);
  await page.getByTestId('problem-wifi.password').waitFor();
  assert.match(await text(page.getByTestId('problem-wifi.password')), /password/);
  await shot('devicesettings-wifi-scan-light');
});
