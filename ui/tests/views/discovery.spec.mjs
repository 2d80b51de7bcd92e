import { assert, test, text, until } from './harness.mjs';

const found = (page, name) =>
  page.getByTestId('discovered-card').filter({ has: page.getByRole('heading', { name, exact: true }) });

test('discovery: switches browsing on while open and off when left', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=meters#/discovery`);
  await page.getByTestId('discovered-card').first().waitFor();
  await page.getByRole('link', { name: 'Meters' }).click();
  await page.getByRole('heading', { name: 'Meters', level: 1 }).waitFor();
  await until(page, () =>
    window.__wattdeskMock.calls.some((c) => c.cmd === 'set_discovery_active' && c.args.active === false),
  );
  const calls = await page.evaluate(() =>
    window.__wattdeskMock.calls
      .filter((c) => ['set_discovery_active', 'discovery_snapshot'].includes(c.cmd))
      .map((c) => (c.cmd === 'set_discovery_active' ? `active:${c.args.active}` : c.cmd)),
  );
  assert.deepEqual(calls, ['active:true', 'discovery_snapshot', 'active:false']);
});

test('discovery: the demo meter appears and can be added', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=empty#/discovery`);
  const status = page.getByTestId('scan-status');
  await status.filter({ hasText: 'Looking for meters on your network…' }).waitFor();
  await page.getByTestId('discovery-scanning').waitFor();
  await shot('discovery-scanning-light');
  const demo = found(page, 'Demo meter');
  await demo.waitFor({ timeout: 4000 });
  assert.match(await text(demo), /DEMO0A1B2C3D/);
  assert.match(await text(demo), /wattdesk-demo\.local/);
  assert.match(await text(demo), /127\.0\.0\.1/);
  assert.match(await text(demo), /1\.10\.3/);
  assert.match(await text(demo), /PLUS/);
  assert.match(await text(status), /1 found/);
  const add = demo.getByRole('button', { name: 'Add Demo meter' });
  await add.click();
  await page.getByTestId('toast').filter({ hasText: 'Added Demo meter' }).waitFor();
  await demo.getByRole('button', { name: 'Open Demo meter in Meters' }).click();
  await page.getByRole('heading', { name: 'Meters', level: 1 }).waitFor();
  await page.getByTestId('meter-card').filter({ hasText: 'Demo meter' }).waitFor();
  const cmds = await page.evaluate(() => window.__wattdeskMock.calls.map((c) => c.cmd));
  assert.ok(cmds.indexOf('probe_address') < cmds.indexOf('add_meter'), 'probes before adding');
});

for (const scheme of ['light', 'dark']) {
  test(`discovery: saved and new meters (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=meters#/discovery`);
    const neighbour = found(page, 'whatwatt-4A21C0');
    await neighbour.waitFor();
    await found(page, 'whatwatt-5C7F14').getByRole('button', { name: /^Open/ }).waitFor();
    await found(page, 'Demo meter').getByRole('button', { name: /^Open/ }).waitFor();
    await neighbour.getByRole('button', { name: 'Add whatwatt-4A21C0' }).waitFor();
    assert.match(await text(neighbour), /FREE – reduced features/);
    assert.match(await text(page.getByTestId('scan-status')), /3 found/);
    await shot(`discovery-${scheme}`);
  });
}

test('discovery: Add asks for the password, rejects a wrong one, then adds', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters#/discovery`);
  const neighbour = found(page, 'whatwatt-4A21C0');
  await neighbour.getByRole('button', { name: 'Add whatwatt-4A21C0' }).click();
  const dialog = page.getByRole('dialog', { name: 'Password for whatwatt-4A21C0' });
  await dialog.waitFor();
  assert.match(await text(dialog), /protected by its Web UI password/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pw-dialog-input');
  await page.keyboard.type('guess');
  await page.keyboard.press('Enter');
  await dialog.getByTestId('password-problem').filter({ hasText: 'That password was not accepted.' }).waitFor();
  assert.equal(await dialog.getByLabel('Web UI password').inputValue(), '', 'password cleared after the call');
  await shot('discovery-password-dialog-light');
  await page.keyboard.type('letmein');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('toast').filter({ hasText: 'Added whatwatt-4A21C0' }).waitFor();
  await neighbour.getByRole('button', { name: /^Open/ }).waitFor();
  const adds = await page.evaluate(() => window.__wattdeskMock.calls.filter((c) => c.cmd === 'add_meter').map((c) => c.args));
  assert.deepEqual(adds.at(-1), { request: { address: '192.168.1.73:80', password: '<redacted>', name: null } });
});

test('discovery: Escape closes the password dialog', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=meters#/discovery`);
  await found(page, 'whatwatt-4A21C0').getByRole('button', { name: 'Add whatwatt-4A21C0' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('discovery: a lost meter is marked and cannot be added', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=meters#/discovery`);
  const neighbour = found(page, 'whatwatt-4A21C0');
  await neighbour.waitFor();
  await page.evaluate(() => window.__wattdeskMock.lose('3C71BF4A21C0'));
  await neighbour.getByText('Not answering').waitFor();
  assert.equal(await neighbour.getByRole('button', { name: 'Add whatwatt-4A21C0' }).isDisabled(), true);
  assert.match(await text(page.getByTestId('scan-status')), /2 found/);
});

test('discovery: nothing found suggests adding by address', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=errors#/discovery`);
  await page.getByTestId('discovery-scanning').waitFor();
  const empty = page.getByTestId('discovery-empty');
  await empty.waitFor({ timeout: 9000 });
  assert.match(await text(empty), /add it by its address/);
  await empty.getByRole('button', { name: 'Enter an address' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'manual-address');
  await shot('discovery-empty-light');
});

test('discovery: error state keeps the manual form usable', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=broken#/discovery`);
  const err = page.getByTestId('discovery-error');
  await err.waitFor();
  assert.match(await text(err), /no usable network interface/);
  await page.getByRole('textbox', { name: 'Address', exact: true }).waitFor();
});
