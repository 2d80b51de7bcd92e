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
    await page.getByTestId('setup-address').waitFor();
    await shot(`setup-where-${scheme}`);
    // Nothing typed: says what is missing, sends nothing.
    await page.getByRole('button', { name: 'Next' }).click();
    assert.match(await text(page.getByTestId('setup-wizard')), /Enter the address/);
    await page.getByTestId('setup-address').fill('192.168.4.1');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('setup-networks').waitFor();
    // Strongest first, the hidden one offered by name.
    assert.match(await text(page.getByTestId('setup-networks')), /HomeNet[\s\S]*Guest[\s\S]*FRITZ[\s\S]*Another network \(hidden\)/);
    await page.getByTestId('setup-networks').getByText('HomeNet').click();
    await page.getByTestId('setup-wifi-password').fill('short');
    await page.getByRole('button', { name: 'Next' }).click();
    assert.match(await text(page.getByTestId('setup-wizard')), /at least 8 characters/);
    await shot(`setup-network-${scheme}`);
    await page.getByTestId('setup-wifi-password').fill('our-home-wifi');
    await page.getByRole('button', { name: 'Next' }).click();
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
    await page.getByTestId('setup-open').click();
    await page.waitForURL(/A842E3C0FFEE/);
  });
}

test('setup: a wrong Wi-Fi password says so and goes back to the network step', {}, async ({ page, base, shot }) => {
  await openAt(page, base, '&setup=wrong-wifi&setup-step-ms=100');
  await chooseHomeNet(page);
  await page.getByTestId('setup-password').fill('pw');
  await page.getByTestId('setup-start').click();
  await page.getByTestId('setup-error').waitFor();
  assert.match(await text(page.getByTestId('setup-error')), /could not join that Wi-Fi network/);
  await shot('setup-error-wifi-light');
  await page.getByTestId('setup-back').click();
  await page.getByTestId('setup-networks').waitFor();
});

test('setup: a meter that wants its key asks for it, then comes up', { colorScheme: 'dark' }, async ({ page, base, shot }) => {
  await openAt(page, base, '&setup=key&setup-step-ms=100');
  await chooseHomeNet(page);
  await page.getByTestId('setup-password').fill('pw');
  await page.getByTestId('setup-start').click();
  await page.getByTestId('setup-error').waitFor();
  // Plain words first; the device's own status word is in the details.
  assert.match(await text(page.getByTestId('setup-wizard')), /enter the encryption key/);
  await shot('setup-error-key-dark');
  await page.getByTestId('setup-back').click();
  await page.getByTestId('setup-meter-key').fill('00112233445566778899AABBCCDDEEFF');
  await page.getByTestId('setup-start').click();
  await page.getByTestId('setup-done').waitFor({ timeout: 10000 });
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
  // It has a password already: straight to the meter, asking for it.
  await page.getByTestId('setup-notice').waitFor();
  await page.getByTestId('setup-meter-key').waitFor();
  await shot('setup-finish-from-discovery-light');
});
