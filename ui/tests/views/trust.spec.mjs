// Where passwords may go (`?mock=trust`): a meter that seems to have moved (accept, a refused accept, keep),
// a meter that asked for its password unencrypted (basic_refused, with its confirmation), the Settings notices
// about saved passwords, and a broker whose login goes over the network unencrypted.
import { assert, expand, test, text, until } from './harness.mjs';

const HOUSE = 'ECC9FF5C7F14';
const GARAGE = 'A4CF12B7E0D2';
const FLAT = 'B8D61A0F1E2D';

const card = (page, name) => page.getByTestId('meter-card').filter({ has: page.getByRole('heading', { name, exact: true }) });
const calls = (page, cmd) => page.evaluate((cmd) => window.__wattdeskMock.calls.filter((c) => c.cmd === cmd), cmd);
const addressFact = (c) => c.locator('dl.facts > div').filter({ hasText: /^\s*Address/ }).locator('dd');

for (const scheme of ['light', 'dark']) {
  test(`trust: a moved meter is asked about on its card (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=trust`);
    const house = card(page, 'House meter');
    const notice = house.getByTestId('moved-notice');
    await notice.waitFor();
    assert.equal(await text(notice.locator('.title')), 'Your meter seems to have moved to 192.168.1.77:80. Use it?');
    assert.match(await text(house.getByTestId('connection')), /^Offline/);
    assert.equal(await text(addressFact(house)), '192.168.1.50:80');

    // Why WattDesk asks: folded away until wanted.
    const why = notice.getByText('Why does WattDesk ask?');
    const explanation = notice.getByText(/only sends a password to an address you have confirmed/);
    assert.equal(await explanation.isVisible(), false);
    await why.click();
    await explanation.waitFor();
    assert.match(await text(notice), /WattDesk no longer reaches this meter at 192\.168\.1\.50:80, and a device at 192\.168\.1\.77:80 says it is this meter\./);
    await house.scrollIntoViewIfNeeded();
    await shot(`trust-moved-card-${scheme}`);

    if (scheme === 'dark') return;
    await notice.getByRole('button', { name: 'Use this address' }).click();
    await notice.waitFor({ state: 'detached' });
    await page.getByTestId('toast').filter({ hasText: 'House meter now uses 192.168.1.77:80' }).waitFor();
    assert.equal(await text(addressFact(house)), '192.168.1.77:80');
    // The session starts again at the new address.
    await house.getByTestId('connection').filter({ hasText: 'Live stream' }).waitFor();
    assert.deepEqual(await calls(page, 'accept_meter_address'), [
      { cmd: 'accept_meter_address', args: { deviceId: HOUSE, address: '192.168.1.77:80' } },
    ]);
    // Still in place after the next meters-changed.
    await page.evaluate((id) => window.__wattdeskMock.setOnline(id, true), HOUSE);
    assert.equal(await text(addressFact(house)), '192.168.1.77:80');
    assert.equal(await house.getByTestId('moved-notice').count(), 0);
  });
}

test('trust: a move the backend refuses says why; keeping the old address ends the question', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=trust`);
  const garage = card(page, 'Garage sub-meter');
  const notice = garage.getByTestId('moved-notice');
  await notice.waitFor();
  assert.equal(await text(notice.locator('.title')), 'Your meter seems to have moved to 192.168.1.99:80. Use it?');

  await notice.getByRole('button', { name: 'Use this address' }).click();
  await notice.getByRole('button', { name: 'Checking 192.168.1.99:80…' }).waitFor();
  const problem = notice.getByTestId('moved-problem');
  await problem.waitFor();
  await expand(problem);
  assert.match(
    await text(problem),
    /^The device at 192\.168\.1\.99:80 asked for the password unencrypted, which your meter did not do before\. WattDesk did not send it: this may not be your meter\./,
  );
  assert.match(await text(problem), /HTTP Basic/);
  assert.equal(await problem.getAttribute('role'), 'alert');
  assert.equal(await text(addressFact(garage)), '192.168.1.61:80', 'the address stays');
  await garage.scrollIntoViewIfNeeded();
  await shot('trust-moved-refused-light');

  await notice.getByRole('button', { name: 'Keep the old address' }).click();
  await notice.waitFor({ state: 'detached' });
  await page.getByTestId('toast').filter({ hasText: 'Kept 192.168.1.61:80 for Garage sub-meter' }).waitFor();
  assert.equal(await text(addressFact(garage)), '192.168.1.61:80');
  assert.deepEqual(await calls(page, 'dismiss_meter_move'), [{ cmd: 'dismiss_meter_move', args: { deviceId: GARAGE } }]);
  const accepts = await calls(page, 'accept_meter_address');
  assert.deepEqual(accepts.map((c) => c.args), [{ deviceId: GARAGE, address: '192.168.1.99:80' }]);
});

test('trust: the moved notice on the meter page, and a new suggestion later', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=trust#/meter/${HOUSE}`);
  const notice = page.getByTestId('moved-notice');
  await notice.waitFor();
  assert.equal(await text(notice.locator('.title')), 'Your meter seems to have moved to 192.168.1.77:80. Use it?');
  // The connection note still says what the session does.
  assert.match(await text(page.getByTestId('connection-note')), /^Offline/);
  await notice.getByRole('button', { name: 'Keep the old address' }).click();
  await notice.waitFor({ state: 'detached' });
  // The backend finds it elsewhere again: the question comes back, for the new address.
  await page.evaluate((id) => window.__wattdeskMock.setMovedTo(id, '192.168.1.80:80'), HOUSE);
  await page.getByTestId('moved-notice').filter({ hasText: 'moved to 192.168.1.80:80' }).waitFor();
});

for (const scheme of ['light', 'dark']) {
  test(`trust: a meter that asked for its password unencrypted (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=trust`);
    const flat = card(page, 'Garden flat');
    const badge = flat.getByTestId('connection');
    await badge.filter({ hasText: 'Password not sent' }).waitFor();
    assert.equal(await badge.getAttribute('data-state'), 'basic_refused');
    assert.match(await badge.getAttribute('title'), /unencrypted.*did not send the password/);
    assert.match(await text(flat.getByTestId('live')), /No live reading The password was not sent\./);
    const short = flat.getByTestId('basic-refused-notice');
    assert.match(await text(short), /^WattDesk did not send this meter's password It asked for the password unencrypted\./);

    await flat.getByRole('link', { name: 'Open Garden flat' }).click();
    const notice = page.getByTestId('basic-refused-notice');
    await notice.waitFor();
    assert.match(await text(notice), /although it used a safer login before\. This could be another device pretending to be your meter/);
    assert.match(await text(notice), /old firmware \(before 1\.10\)/);
    assert.equal(await page.getByTestId('connection-note').count(), 0, 'one note, not two');
    await notice.getByText('Technical details').click();
    await notice.getByText(/HTTP Basic challenge after it had logged in with HTTP Digest/).waitFor();
    await shot(`trust-basic-refused-detail-${scheme}`);
  });
}

test('trust: "Allow the simple login" asks first, Cancel is the default', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=trust#/meter/${FLAT}`);
  const notice = page.getByTestId('basic-refused-notice');
  await notice.getByRole('button', { name: 'Allow the simple login…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Allow the simple login for Garden flat?' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Cancel');
  assert.match(await text(dialog), /password travels unencrypted over your home network/);
  assert.match(await text(dialog), /Only do this if the meter has old firmware \(before 1\.10\)/);
  assert.equal(await text(dialog.getByTestId('firmware-note')), 'This meter last reported firmware 1.9.8, which is older than 1.10.');
  await shot('trust-allow-basic-dialog-light');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await calls(page, 'allow_basic_login')).length, 0);

  await notice.getByRole('button', { name: 'Allow the simple login…' }).click();
  await dialog.getByRole('button', { name: 'Allow the simple login', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('toast').filter({ hasText: 'Garden flat may now use the simple login' }).waitFor();
  await notice.waitFor({ state: 'detached' });
  await page.getByTestId('connection').filter({ hasText: 'Live stream' }).waitFor();
  assert.deepEqual(await calls(page, 'allow_basic_login'), [{ cmd: 'allow_basic_login', args: { deviceId: FLAT } }]);
});

test('trust: the same confirmation from the card', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=trust`);
  const flat = card(page, 'Garden flat');
  await flat.getByRole('button', { name: 'Allow the simple login…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Allow the simple login for Garden flat?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.match(page.url(), /\?mock=trust(#\/?)?$/, 'the card did not open the meter');
});

test('trust: settings say why saved passwords could not be read', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=trust#/settings`);
  const problem = page.getByTestId('secrets-problem');
  await problem.waitFor();
  await expand(problem);
  assert.match(
    await text(problem),
    /^WattDesk could not read your saved passwords, so meters and brokers that need one cannot log in\. Details the system keychain failed: Platform secure storage failure/,
  );
  assert.match(await text(page.getByTestId('secret-backend')), /^In your system keychain Could not be read \(see above\)$/);
  assert.equal(await page.getByTestId('file-secrets-notice').count(), 0);
  assert.equal(await page.getByTestId('secrets-recovered').count(), 0);
  await page.getByTestId('config-dir').scrollIntoViewIfNeeded();
  await shot('trust-settings-secrets-problem-light');
});

test('trust: settings say where a damaged passwords file went', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=file-secrets#/settings`);
  const recovered = page.getByTestId('secrets-recovered');
  await recovered.waitFor();
  assert.equal(
    await text(recovered),
    'Your saved passwords file was damaged; it was kept at /home/anna/.config/wattdesk/secrets.json.corrupt-20260312T101500 and a new, empty one was started. Meters and brokers that use a password need it entered again.',
  );
  await page.getByTestId('file-secrets-notice').waitFor();
  assert.equal(await page.getByTestId('secrets-problem').count(), 0);
  await page.getByTestId('config-dir').scrollIntoViewIfNeeded();
  await shot('trust-settings-secrets-recovered-light');
});

for (const scheme of ['light', 'dark']) {
  test(`trust: a broker login sent unencrypted is pointed out (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=trust#/settings`);
    const list = page.getByTestId('brokers');
    const home = list.getByTestId('broker-row').filter({ hasText: 'Home Assistant broker' });
    await home.waitFor();
    assert.equal(
      await text(home.getByTestId('broker-warning')),
      'The login to 192.168.1.10 goes over the network unencrypted (mqtt://): anyone on the way can read the username and password. Use mqtts:// if the broker offers it.',
    );
    const cloud = list.getByTestId('broker-row').filter({ hasText: 'Cloud broker' });
    await cloud.waitFor();
    assert.equal(await cloud.getByTestId('broker-warning').count(), 0, 'mqtts:// needs no warning');
    await list.scrollIntoViewIfNeeded();
    await shot(`trust-broker-warning-${scheme}`);
  });
}

test('trust: the broker dialog stays open to show a warning after saving', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=trust#/settings`);
  const list = page.getByTestId('brokers');
  await list.getByTestId('broker-row').first().waitFor();
  await list.getByTestId('add-broker').click();
  const dialog = page.getByRole('dialog', { name: 'Add an MQTT broker' });
  await page.locator('#broker-name').fill('Garage broker');
  await page.locator('#broker-url').fill('mqtt://192.168.1.20:1883');
  await page.locator('#broker-user').fill('anna');
  await page.locator('#broker-pw').fill('s3cret');
  await dialog.getByTestId('save-broker').click();
  const warning = dialog.getByTestId('broker-saved-warning');
  await warning.waitFor();
  assert.match(await text(warning), /^Saved\. Before you use it, please note: The login to 192\.168\.1\.20 goes over the network unencrypted/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'broker-done');
  assert.match(await text(dialog.locator('label[for="broker-pw"]')), /saved/);
  await shot('trust-broker-saved-warning-light');

  // Switching to mqtts:// and saving again updates the same profile; without a warning the dialog closes.
  await page.locator('#broker-url').fill('mqtts://192.168.1.20:8883');
  await dialog.getByTestId('save-broker').click();
  await dialog.waitFor({ state: 'detached' });
  const garage = list.getByTestId('broker-row').filter({ hasText: 'Garage broker' });
  await garage.waitFor();
  assert.equal(await garage.count(), 1);
  assert.equal(await garage.getByTestId('broker-warning').count(), 0);
  const saves = await calls(page, 'save_broker');
  assert.equal(saves.length, 2);
  assert.equal(saves[0].args.request.id, null);
  assert.equal(saves[1].args.request.id, 'broker-2');
  assert.equal(saves[1].args.request.password, null, 'the saved password is kept');
  await until(page, () => document.querySelectorAll('[data-testid="broker-row"]').length === 3);
});

test('trust: Done closes the dialog, the list shows the warning', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=trust#/settings`);
  const list = page.getByTestId('brokers');
  await list.getByTestId('broker-row').first().waitFor();
  await list.getByTestId('add-broker').click();
  const dialog = page.getByRole('dialog', { name: 'Add an MQTT broker' });
  await page.locator('#broker-name').fill('Shed broker');
  await page.locator('#broker-url').fill('mqtt://shed.lan');
  await page.locator('#broker-user').fill('shed');
  await dialog.getByTestId('save-broker').click();
  await dialog.getByTestId('broker-done').click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('toast').filter({ hasText: 'Saved Shed broker' }).waitFor();
  const shed = list.getByTestId('broker-row').filter({ hasText: 'Shed broker' });
  assert.match(await text(shed.getByTestId('broker-warning')), /^The login to shed\.lan goes over the network unencrypted/);
});

test('trust: adding a device that asks for the password unencrypted', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=errors#/discovery`);
  const form = page.getByTestId('manual-add');
  await form.getByLabel('Address').fill('impostor.local');
  await form.getByLabel('Address').press('Enter');
  const pw = form.getByLabel('Web UI password');
  await pw.waitFor();
  await pw.fill('hunter2');
  await pw.press('Enter');
  const d = form.getByTestId('diagnostic');
  await d.filter({ hasText: 'so WattDesk did not send it' }).waitFor();
  await expand(d);
  assert.match(
    await text(d),
    /^The device asked for the password in a way that would send it unencrypted, so WattDesk did not send it\. It may be another device pretending to be your meter\. Details HTTP Basic/,
  );
  await shot('trust-manual-basic-refused-light');
});
