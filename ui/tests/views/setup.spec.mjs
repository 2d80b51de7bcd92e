import { assert, test, text } from './harness.mjs';

/** Opens the wizard from the Meters view and gives it the device's access-point address. */
async function openAt(page, base, query, address = '192.168.4.1') {
  await page.goto(`${base}?mock=meters${query}`);
  await page.getByTestId('setup-open-wizard').click();
  await page.getByTestId('setup-address').fill(address);
  await page.getByRole('button', { name: 'Next' }).click();
}

async function chooseHomeNet(page) {
  await page.getByTestId('setup-networks').waitFor();
  await page.getByTestId('setup-networks').getByText('HomeNet').click();
  await page.getByTestId('setup-wifi-password').fill('our-home-wifi');
  await page.getByRole('button', { name: 'Next' }).click();
}

for (const scheme of ['light', 'dark']) {
  test(`setup: from the access point to a saved meter, every step (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=meters&setup-step-ms=700`);
    await page.getByTestId('setup-open-wizard').click();
    // Found without typing: this computer is on the device's Wi-Fi, the device is its gateway.
    await page.getByTestId('setup-found').getByText('whatwatt Go C0FFEE').waitFor();
    assert.equal(await page.getByTestId('setup-address').inputValue(), '192.168.4.1');
    assert.match(await text(page.getByTestId('setup-found')), /on its own Wi-Fi, waiting to be set up/);
    await shot(`setup-where-${scheme}`);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('setup-networks').waitFor();
    // Step 1: who the device is and how it is connected now.
    assert.match(await text(page.getByTestId('setup-device')), /A842E3C0FFEE[\s\S]*WW_Go_1\.2[\s\S]*1\.10\.3[\s\S]*PLUS[\s\S]*its own Wi-Fi/);
    // Strongest first, the hidden one offered by name.
    assert.match(await text(page.getByTestId('setup-networks')), /HomeNet[\s\S]*Guest[\s\S]*FRITZ[\s\S]*Another network \(hidden\)/);
    await page.getByTestId('setup-networks').getByText('HomeNet').click();
    await page.getByTestId('setup-wifi-password').fill('short');
    await page.getByRole('button', { name: 'Next' }).click();
    assert.match(await text(page.getByTestId('setup-wizard')), /at least 8 characters/);
    // A fixed address is checked field by field before anything is sent.
    await page.getByTestId('setup-fixed-ip').check();
    await page.locator('#setup-ip').fill('192.168.1.20');
    await page.locator('#setup-gateway').fill('10.0.0.1');
    await page.locator('#setup-dns').fill('192.168.1');
    await page.getByRole('button', { name: 'Next' }).click();
    const fixed = await text(page.getByTestId('setup-fixed'));
    assert.match(fixed, /not in the same network/);
    assert.match(fixed, /DNS server as four numbers/);
    await page.getByTestId('setup-tx-power').selectOption('10');
    await shot(`setup-network-${scheme}`);
    await page.getByTestId('setup-fixed-ip').uncheck();
    await page.getByTestId('setup-wifi-password').fill('our-home-wifi');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('setup-interval').selectOption('60');
    await page.getByTestId('setup-meter-key').fill('0011 2233 4455 6677 8899 aabb ccdd eeff');
    await page.getByTestId('setup-password').fill('hall-meter-pw');
    await page.getByTestId('setup-name').fill('Hall meter');
    await shot(`setup-details-${scheme}`);
    await page.getByTestId('setup-start').click();
    await page.getByTestId('setup-now').filter({ hasText: /connection to the meter/ }).waitFor();
    await shot(`setup-run-meter-${scheme}`);
    await page.getByTestId('setup-done').waitFor({ timeout: 10000 });
    assert.match(await text(page.getByTestId('setup-done')), /Hall meter is set up/);
    await shot(`setup-done-${scheme}`);
    const run = await page.evaluate(() => window.__wattdeskMock.calls.find((c) => c.cmd === 'run_setup'));
    assert.equal(run.args.request.meter_key, '<redacted>');
    assert.equal(run.args.request.network.password, '<redacted>');
    assert.equal(run.args.request.network.max_tx_power, 10);
    assert.equal(run.args.request.network.static_ip, null);
    assert.equal(run.args.request.report_interval_s, 60);
    await page.getByTestId('setup-open').click();
    await page.waitForURL(/A842E3C0FFEE/);
  });
}

for (const scheme of ['light', 'dark']) {
test(`setup: a wrong Wi-Fi password says so and goes back to the network step (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
  await openAt(page, base, '&setup=wrong-wifi&setup-step-ms=100');
  await chooseHomeNet(page);
  await page.getByTestId('setup-password').fill('pw');
  await page.getByTestId('setup-start').click();
  await page.getByTestId('setup-error').waitFor();
  assert.match(await text(page.getByTestId('setup-error')), /could not join that Wi-Fi network/);
  await shot(`setup-error-wifi-${scheme}`);
  await page.getByTestId('setup-back').click();
  await page.getByTestId('setup-networks').waitFor();
});

test(`setup: a meter that wants its key asks for it, then comes up (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
  await openAt(page, base, '&setup=key&setup-step-ms=100');
  await chooseHomeNet(page);
  await page.getByTestId('setup-password').fill('pw');
  await page.getByTestId('setup-start').click();
  await page.getByTestId('setup-error').waitFor();
  // Plain words first; the device's own status word is in the details.
  assert.match(await text(page.getByTestId('setup-wizard')), /enter the encryption key/);
  await shot(`setup-error-key-${scheme}`);
  await page.getByTestId('setup-back').click();
  await page.getByTestId('setup-meter-key').fill('00112233445566778899AABBCCDDEEFF');
  await page.getByTestId('setup-start').click();
  await page.getByTestId('setup-done').waitFor({ timeout: 10000 });
});

test(`setup: a meter the device cannot recognise gets its interface and protocol by hand (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
  await openAt(page, base, '&setup=unrecognised&setup-step-ms=100');
  await chooseHomeNet(page);
  await page.getByTestId('setup-password').fill('pw');
  await page.getByTestId('setup-start').click();
  await page.getByTestId('setup-error').waitFor();
  assert.match(await text(page.getByTestId('setup-wizard')), /choose the interface and protocol by hand/);
  await shot(`setup-error-unrecognised-${scheme}`);
  await page.getByTestId('setup-back').click();
  // Back at the details with the chooser open.
  await page.getByTestId('setup-interface').waitFor();
  await page.locator('#setup-if-type').selectOption('p1');
  await page.locator('#setup-protocol').selectOption('dsmr');
  await shot(`setup-interface-${scheme}`);
  await page.getByTestId('setup-start').click();
  await page.getByTestId('setup-done').waitFor({ timeout: 10000 });
  const runs = await page.evaluate(() => window.__wattdeskMock.calls.filter((c) => c.cmd === 'run_setup'));
  assert.deepEqual(runs.at(-1).args.request.meter_interface, { if_type: 'p1', protocol: 'dsmr' });
});
}

test('setup: a device that joined but was not found continues at the address the user found', {}, async ({ page, base, shot }) => {
  await openAt(page, base, '&setup=lost&setup-step-ms=100');
  await chooseHomeNet(page);
  await page.getByTestId('setup-password').fill('pw');
  await page.getByTestId('setup-start').click();
  await page.getByTestId('setup-error').waitFor();
  assert.match(await text(page.getByTestId('setup-error')), /did not show up/);
  assert.equal(await page.getByTestId('setup-continue-at').isDisabled(), true);
  await page.getByTestId('setup-found-at').fill('192.168.1.42');
  await shot('setup-error-lost-light');
  await page.getByTestId('setup-continue-at').click();
  await page.getByTestId('setup-done').waitFor({ timeout: 10000 });
  const runs = await page.evaluate(() => window.__wattdeskMock.calls.filter((c) => c.cmd === 'run_setup'));
  assert.equal(runs.length, 2);
  assert.equal(runs[1].args.request.address, '192.168.1.42');
  assert.equal(runs[1].args.request.network.kind, 'keep');
});

test('setup: nothing found by itself asks for the address', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters&setup=none`);
  await page.getByTestId('setup-open-wizard').click();
  await page.getByTestId('setup-look-again').waitFor();
  assert.match(await text(page.getByTestId('setup-found')), /No device answered by itself/);
  // Nothing typed: says what is missing, sends nothing.
  await page.getByRole('button', { name: 'Next' }).click();
  assert.match(await text(page.getByTestId('setup-wizard')), /Enter the address/);
  await shot('setup-where-none-light');
  assert.equal((await page.evaluate(() => window.__wattdeskMock.calls.filter((c) => c.cmd === 'setup_scan'))).length, 0);
});

test('setup: WPS counts down the router button\'s two minutes; a meter-powered device gets the power advice', { colorScheme: 'dark' }, async ({ page, base, shot }) => {
  await openAt(page, base, '&setup=meter-powered&setup-step-ms=400');
  await page.getByTestId('setup-networks').waitFor();
  assert.match(await text(page.getByTestId('setup-device')), /Powered by\s*the meter/i);
  await page.getByTestId('setup-tx-power').selectOption('20');
  assert.match(await text(page.getByTestId('setup-power-advice')), /high transmit power can make it restart/);
  await shot('setup-power-advice-dark');
  await page.getByText('WPS button').click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('setup-password').fill('pw');
  await page.getByTestId('setup-start').click();
  await page.getByTestId('setup-wps-left').waitFor();
  assert.match(await text(page.getByTestId('setup-wps-left')), /press your router's WPS button: 1:43 left/);
  await shot('setup-wps-dark');
});

test('setup: a setup stopped half way is offered to continue', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters&setup=resume`);
  await page.getByTestId('setup-open-wizard').click();
  await page.getByTestId('setup-resume').waitFor();
  await shot('setup-resume-light');
  await page.getByRole('button', { name: 'Continue it' }).click();
  // It had moved: continued at its home address, straight past the network choice.
  assert.equal(await page.getByTestId('setup-address').inputValue(), '192.168.1.42:80');
});

test('setup: a discovered reader whose meter is not connected can be finished from Discovery', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=unfinished#/discovery`);
  const garage = page.getByTestId('discovered-card').filter({ hasText: 'A4CF12B7E0D2' });
  await garage.getByTestId('finish-setup').click();
  assert.equal(await page.getByTestId('setup-address').inputValue(), '192.168.1.61:80');
  await page.getByRole('button', { name: 'Next' }).click();
  // It has a password already: it says so, keeps the device where it is, and asks for the password.
  await page.getByTestId('setup-notice').waitFor();
  assert.equal(await page.locator('input[value="keep"]').isChecked(), true);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('setup-meter-key').waitFor();
  await page.getByTestId('setup-password').waitFor();
  await shot('setup-finish-from-discovery-light');
});

test('setup: a saved meter whose reader does not read the meter yet is finished from its card', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=unfinished-saved`);
  const card = page.getByTestId('meter-card').filter({ hasText: 'Garage' });
  assert.match(await text(card.getByTestId('meter-unfinished')), /does not read the meter yet/);
  await shot('setup-finish-from-meters-light');
  await card.getByTestId('finish-setup').click();
  assert.equal(await page.getByTestId('setup-address').inputValue(), '192.168.1.61:80');
  await page.getByRole('button', { name: 'Next' }).click();
  // Logged in with the saved password: the device's facts, nothing to type.
  assert.match(await text(page.getByTestId('setup-device')), /A4CF12B7E0D2[\s\S]*FREE[\s\S]*Wi-Fi HomeNet/);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('setup-password-kept').waitFor();
  assert.equal(await page.getByTestId('setup-password').count(), 0);
});
