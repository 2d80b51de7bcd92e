import { assert, expand, test, text, until } from './harness.mjs';

const DEMO = 'DEMO0A1B2C3D';
const HOUSE = 'ECC9FF5C7F14';
const FLAT = 'B8D61A0F1E2D';

const calls = (page, cmd) => page.evaluate((cmd) => window.__wattdeskMock.calls.filter((c) => c.cmd === cmd), cmd);

for (const scheme of ['light', 'dark']) {
  test(`mqtt: transport inspector runs a comparison (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=meters#/meter/${DEMO}`);
    await page.getByTestId('open-transports').click();
    await until(page, () => window.location.hash.endsWith('/transports'));
    const session = page.getByTestId('session-table');
    await session.waitFor();
    assert.deepEqual(
      await session.getByTestId('figures-row').evaluateAll((rows) => rows.map((r) => r.dataset.transport)),
      ['sse', 'poll', 'mqtt'],
    );
    assert.match(await text(session.locator('[data-transport="mqtt"]')), /Not set up/);
    await page.getByLabel('60 s').check();
    await page.getByTestId('run-comparison').click();
    const progress = page.getByTestId('comparison-progress');
    await progress.waitFor();
    assert.match(await text(progress), /Measuring for 60 s · [01]:\d\d left/);
    await page.getByTestId('comparison-result').waitFor({ timeout: 8000 });
    await progress.waitFor({ state: 'detached' });
    const table = page.getByTestId('comparison-table');
    assert.match(await text(table.locator('[data-transport="sse"]')), /^Live stream 60 1\.0 s [67]\d\d B \d{3} ms 0$/);
    assert.match(await text(page.getByTestId('comparison-conclusion')), /^The live stream suits this meter best: every report arrives within about a second, and it costs the meter nothing extra\.$/);
    assert.match(await text(table.locator('[data-transport="poll"]')), /^Polling \d+ 1\.0 s 2\.\d kB \d{3} ms 0$/);
    assert.match(await text(table.locator('[data-transport="mqtt"]')), /^MQTT 2 30 s \d{3} B \d{3} ms 1 payload did not decode/);
    assert.match(await text(page.locator('main')), /The meter stamps whole seconds/);
    const [call] = await calls(page, 'compare_transports');
    assert.deepEqual(call.args, { deviceId: DEMO, seconds: 60 });
    await page.getByTestId('comparison-result').scrollIntoViewIfNeeded();
    await shot(`mqtt-transports-${scheme}`);
  });
}

test('mqtt: device publishing setup (WattDesk template → preview → save → connected)', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters#/meter/${DEMO}/connection`);
  const form = page.getByTestId('device-mqtt');
  await form.getByTestId('mqtt-enable').waitFor();
  assert.equal(await form.getByTestId('free-notice').count(), 0);
  assert.equal(await page.locator('#mqtt-topic').inputValue(), 'wattdesk/demo0a1b2c3d');
  await form.getByTestId('mqtt-enable').check();

  // Inline URL check.
  await page.locator('#mqtt-url').fill('http://192.168.1.10');
  assert.match(await text(form.getByTestId('url-problem')), /mqtt:\/\/ or mqtts:\/\//);
  // Fill from the saved broker: URL, username and its password (copied on the backend side).
  await page.locator('#mqtt-from-broker').selectOption({ label: 'Home Assistant broker · mqtt://192.168.1.10:1883' });
  assert.equal(await page.locator('#mqtt-url').inputValue(), 'mqtt://192.168.1.10:1883');
  assert.equal(await form.getByTestId('url-problem').count(), 0);
  assert.equal(await page.locator('#mqtt-user').inputValue(), 'wattdesk');

  await form.getByTestId('use-wattdesk-template').click();
  assert.match(await text(form.getByTestId('template-count')), /^\d{3} \/ 1023$/);
  await form.getByTestId('preview-template').click();
  const preview = form.getByTestId('template-preview');
  await preview.waitFor();
  assert.equal(await preview.getAttribute('data-decodes'), 'true');
  assert.match(await text(preview), /"p_in":1\.234/);
  assert.match(await text(preview), /WattDesk can read this payload: 1\.23 kW now/);

  // A key file with a certificate in it is refused before upload.
  await form.getByText('TLS certificates').click();
  await page.locator('#pem-key').setInputFiles({ name: 'client.pem', mimeType: 'text/plain', buffer: Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n') });
  await form.getByTestId('pem-key').getByRole('alert').filter({ hasText: 'not a private key' }).waitFor();

  await form.getByTestId('save-device-mqtt').click();
  const status = form.getByTestId('mqtt-status');
  await status.waitFor();
  await shot('mqtt-device-connecting-light');
  await until(page, () => document.querySelector('[data-testid="mqtt-status"]')?.dataset.outcome === 'connected', undefined, 8000);
  assert.match(await text(status), /Connected: the meter publishes to the broker/);
  const [save] = await calls(page, 'save_device_mqtt');
  assert.equal(save.args.request.enable, true);
  assert.equal(save.args.request.password, null);
  assert.equal(save.args.request.password_from_broker, 'broker-home-1');
  assert.equal(save.args.request.topic, 'wattdesk/demo0a1b2c3d');
  assert.equal(save.args.request.client_id, 'wattdesk-demo0a1b2c3d');
  assert.deepEqual(save.args.request.client_key, { action: 'keep' });
  assert.match(save.args.request.template, /^\{"id":"\$\{sys\.id\}"/);
  assert.equal(await text(form.getByTestId('password-state')), 'Set');
  await shot('mqtt-device-connected-light');
});

test('mqtt: quick setup publishes to a saved broker in one step (→ connected, forms refreshed)', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters#/meter/${DEMO}/connection`);
  const quick = page.getByTestId('quick-mqtt');
  await page.locator('#quick-broker').waitFor();
  assert.equal(await quick.getByTestId('quick-free-notice').count(), 0);
  assert.equal(await page.getByTestId('device-mqtt').getByTestId('mqtt-enable').isChecked(), false);
  await page.locator('#quick-broker').selectOption({ label: 'Home Assistant broker · mqtt://192.168.1.10:1883' });
  assert.match(
    await text(quick.getByTestId('quick-explain')),
    /compact template to mqtt:\/\/192\.168\.1\.10:1883 on topic wattdesk\/demo0a1b2c3d, and WattDesk listens there\. The broker must be reachable from the meter/,
  );
  await quick.getByTestId('quick-setup').click();
  const status = quick.getByTestId('mqtt-status');
  await status.waitFor();
  await until(page, () => document.querySelector('[data-testid="quick-mqtt"] [data-testid="mqtt-status"]')?.dataset.outcome === 'connected', undefined, 8000);
  assert.match(await text(status), /Connected: the meter publishes to the broker/);
  const [call] = await calls(page, 'quick_mqtt_setup');
  assert.deepEqual(call.args, { deviceId: DEMO, brokerId: 'broker-home-1' });

  // Both forms below read the new settings.
  const form = page.getByTestId('device-mqtt');
  await until(page, () => document.querySelector('#mqtt-url')?.value === 'mqtt://192.168.1.10:1883');
  assert.equal(await form.getByTestId('mqtt-enable').isChecked(), true);
  assert.equal(await page.locator('#mqtt-user').inputValue(), 'wattdesk');
  assert.equal(await page.locator('#mqtt-topic').inputValue(), 'wattdesk/demo0a1b2c3d');
  assert.equal(await text(form.getByTestId('password-state')), 'Set');
  assert.equal(await page.locator('#link-broker').inputValue(), 'broker-home-1');
  assert.equal(await page.locator('#link-topic').inputValue(), 'wattdesk/demo0a1b2c3d');
  // The "Recognise automatically" choice's help also names the WattDesk template: match the label's start.
  assert.equal(await page.getByRole('radio', { name: /^WattDesk template/ }).isChecked(), true);
  assert.equal(await page.getByLabel('Automatic (recommended)').isChecked(), true);
  await shot('mqtt-quick-setup-light');
});

test('mqtt: meter link shows payload problems and saves a custom mapping', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters#/meter/${HOUSE}/connection`);
  const problem = page.getByTestId('payload-problem');
  await problem.waitFor();
  assert.match(await text(problem), /^3 payloads could not be read \(no power value found/);
  assert.match(await text(problem), /\{"energy":12345\.678,"status":"ok"\}/);
  assert.equal(await page.locator('#link-broker').inputValue(), 'broker-home-1');
  await page.getByLabel('MQTT only').check();
  await page.getByLabel('Custom mapping').check();
  const rows = page.getByTestId('mapping-row');
  await until(page, () => document.querySelectorAll('[data-testid="mapping-row"]').length > 10);
  assert.equal(await rows.first().locator('select').inputValue(), '');
  assert.equal(await rows.nth(3).locator('input').inputValue(), 'p_in');
  assert.equal(await rows.nth(3).locator('select').inputValue(), 'power_import_kw');
  await shot('mqtt-meter-link-light');
  await page.getByTestId('save-link').click();
  await until(page, () => window.__wattdeskMock.calls.some((c) => c.cmd === 'set_meter_link'));
  const [call] = await calls(page, 'set_meter_link');
  assert.equal(call.args.request.transport, 'mqtt');
  assert.equal(call.args.request.mqtt.mapping.kind, 'custom');
  assert.deepEqual(call.args.request.mqtt.mapping.fields.find((f) => f[0] === 'p_in'), ['p_in', 'power_import_kw']);
  await page.getByTestId('payload-problem').waitFor({ state: 'detached' });
});

for (const scheme of ['light', 'dark']) {
  test(`mqtt: broker profiles add, test, delete in use (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=meters#/settings`);
    const list = page.getByTestId('brokers');
    const home = list.getByTestId('broker-row').filter({ hasText: 'Home Assistant broker' });
    await home.waitFor();
    assert.match(await text(home), /mqtt:\/\/192\.168\.1\.10:1883 User wattdesk · password saved · used by House meter/);

    await home.getByTestId('test-broker').click();
    await home.getByTestId('broker-test-result').filter({ hasText: 'Connected' }).waitFor();

    await list.getByTestId('add-broker').click();
    const dialog = page.getByRole('dialog');
    await page.locator('#broker-name').fill('Garage broker');
    await page.locator('#broker-url').fill('mqtt//10.0.0.99');
    await dialog.getByTestId('save-broker').click();
    await dialog.getByText('Start with mqtt:// or mqtts://').waitFor();
    await page.locator('#broker-url').fill('mqtt://10.0.0.99:1883');
    await page.locator('#broker-user').fill('anna');
    await page.locator('#broker-pw').fill('s3cret');
    if (scheme === 'light') await shot('mqtt-broker-dialog-light');
    await dialog.getByTestId('save-broker').click();
    await dialog.waitFor({ state: 'detached' });
    const garage = list.getByTestId('broker-row').filter({ hasText: 'Garage broker' });
    await garage.waitFor();
    const [save] = await calls(page, 'save_broker');
    assert.equal(save.args.request.password, '<redacted>');
    assert.equal(save.args.request.id, null);

    await garage.getByTestId('test-broker').click();
    const result = garage.getByTestId('broker-test-result');
    await result.waitFor();
    await expand(result);
    assert.match(await text(result), /The broker did not answer.*no answer from 10\.0\.0\.99:1883 within 8 s/);

    await home.getByTestId('delete-broker').click();
    await home.getByTestId('confirm-delete').click();
    const inUse = home.getByTestId('broker-delete-error');
    await inUse.waitFor();
    await expand(inUse);
    assert.match(await text(inUse), /This broker is still in use\. Details House meter reads through this broker/);
    await shot(`mqtt-brokers-${scheme}`);

    await garage.getByTestId('delete-broker').click();
    await garage.getByTestId('confirm-delete').click();
    await garage.waitFor({ state: 'detached' });
  });
}

test('mqtt: a FREE meter gets the PLUS notice, settings still editable', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=free#/meter/${FLAT}/connection`);
  const notice = page.getByTestId('free-notice');
  await notice.waitFor();
  assert.match(await text(notice), /MQTT publishing needs a PLUS licence\. This meter has FREE/);
  assert.equal(await page.getByTestId('mqtt-enable').isEnabled(), true);
  const quick = page.getByTestId('quick-free-notice');
  await quick.waitFor();
  assert.match(await text(quick), /MQTT publishing needs a PLUS licence\. This meter has FREE/);
  assert.equal(await page.getByTestId('quick-setup').isEnabled(), true);
  await shot('mqtt-free-light');
});
