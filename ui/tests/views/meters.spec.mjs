import { assert, test, text, until } from './harness.mjs';

const HOUSE = 'ECC9FF5C7F14';
const GARAGE = 'A4CF12B7E0D2';

const card = (page, name) => page.getByTestId('meter-card').filter({ has: page.getByRole('heading', { name, exact: true }) });

for (const scheme of ['light', 'dark']) {
  test(`meters: three saved meters render (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=meters`);
    await page.getByTestId('meter-card').nth(2).waitFor();
    assert.equal(await page.getByTestId('meter-card').count(), 3);

    const house = card(page, 'House meter');
    assert.match(await text(house), /ECC9FF5C7F14/);
    assert.match(await text(house), /192\.168\.1\.50:80/);
    assert.match(await text(house), /1\.10\.3/);
    assert.equal(await text(house.getByTestId('connection')), 'Live stream');
    // Live readings are newer than the backend's last-seen time (1 min ago).
    await house.getByTestId('net-power').waitFor();
    assert.equal(await text(house.getByTestId('last-seen')), 'just now');
    assert.match(await text(house), /PLUS/);

    const garage = card(page, 'Garage sub-meter');
    assert.match(await text(garage.getByTestId('connection')), /^Offline · retrying in \d+ s$/);
    assert.match(await text(garage.getByTestId('live')), /No live reading/);
    assert.match(await text(garage), /FREE – reduced features/);
    // Offline: its last meter-link status may be old, so it is not shown.
    assert.equal(await text(garage.getByTestId('meter-link')), 'Unknown');
    assert.equal(await text(house.getByTestId('meter-link')), 'Connected');
    assert.match(await text(garage), /3 days ago/);
    assert.match(await text(garage), /Password saved/);

    const demo = card(page, 'Demo meter');
    assert.match(await text(demo), /Demo meter/);
    assert.equal(await demo.locator('.badge', { hasText: 'Demo meter' }).count(), 1);

    assert.match(await text(page.locator('header.view-header')), /3 meters · 2 online/);

    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    if (scheme === 'dark') assert.ok(luminance < 0.2, `dark background expected, got ${bg}`);
    else assert.ok(luminance > 0.8, `light background expected, got ${bg}`);
    await shot(`meters-${scheme}`);
  });
}

test('meters: skeleton rows while loading, then the list', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters&latency=1500`);
  await page.locator('.skeleton').first().waitFor();
  assert.equal(await page.locator('.skeleton').count(), 3);
  const before = await page.locator('.list').boundingBox();
  await shot('meters-loading-light');
  await page.getByTestId('meter-card').first().waitFor({ timeout: 8000 });
  assert.equal(await page.locator('.skeleton').count(), 0);
  const after = await page.locator('.list').boundingBox();
  assert.equal(Math.round(before.y), Math.round(after.y), 'list must not move when data arrives');
});

test('meters: online state follows meters-changed events', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=meters`);
  const garage = card(page, 'Garage sub-meter');
  await garage.getByTestId('connection').filter({ hasText: /^Offline/ }).waitFor();
  await page.evaluate((id) => window.__wattdeskMock.setOnline(id, true), GARAGE);
  await garage.getByTestId('connection').filter({ hasText: 'Live stream' }).waitFor();
  assert.equal(await text(garage.getByTestId('last-seen')), 'just now');
  // Back online, its readings start.
  await garage.getByTestId('net-power').waitFor();
  await page.evaluate((id) => window.__wattdeskMock.setOnline(id, false), HOUSE);
  await card(page, 'House meter').getByTestId('connection').filter({ hasText: /^Offline/ }).waitFor();
});

test('meters: rename with Enter, Escape cancels', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=meters`);
  await card(page, 'House meter').getByRole('button', { name: 'Rename House meter' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename meter' });
  await dialog.waitFor();
  // The name field has focus with its text selected.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'rename-input');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  await card(page, 'House meter').getByRole('button', { name: 'Rename House meter' }).click();
  await dialog.waitFor();
  await page.keyboard.type('Main house');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await card(page, 'Main house').waitFor();
  await page.getByTestId('toast').filter({ hasText: 'Renamed to Main house' }).waitFor();
  const calls = await page.evaluate(() => window.__wattdeskMock.calls.filter((c) => c.cmd === 'rename_meter'));
  assert.deepEqual(calls, [{ cmd: 'rename_meter', args: { deviceId: HOUSE, name: 'Main house' } }]);
});

test('meters: rename refuses an empty name', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=meters`);
  await card(page, 'House meter').getByRole('button', { name: 'Rename House meter' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('   ');
  await page.keyboard.press('Enter');
  await page.getByText('Enter a name.').waitFor();
  assert.equal(await page.getByRole('dialog').count(), 1);
});

test('meters: remove asks first, Cancel is the default', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters`);
  await card(page, 'Garage sub-meter').getByRole('button', { name: 'Remove Garage sub-meter' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove Garage sub-meter?' });
  await dialog.waitFor();
  assert.match(await text(dialog), /saved password/);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Cancel');
  await shot('meters-remove-confirm-light');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('meter-card').count(), 3);

  await card(page, 'Garage sub-meter').getByRole('button', { name: 'Remove Garage sub-meter' }).click();
  await dialog.getByRole('button', { name: 'Remove meter' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('toast').filter({ hasText: 'Removed Garage sub-meter' }).waitFor();
  await until(page, () => document.querySelectorAll('[data-testid="meter-card"]').length === 2);
});

test('meters: empty state, then the demo meter', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=empty`);
  const empty = page.getByTestId('meters-empty');
  await empty.waitFor();
  assert.match(await text(empty), /finds whatwatt Go readers on your home network/);
  await empty.getByRole('button', { name: 'Find meters' }).waitFor();
  await shot('meters-empty-light');
  await empty.getByRole('button', { name: 'Try the demo meter' }).click();
  await page.getByRole('button', { name: 'Starting the demo…' }).waitFor();
  const demo = card(page, 'Demo meter');
  await demo.waitFor();
  await page.getByTestId('toast').filter({ hasText: 'Added Demo meter' }).waitFor();
  assert.equal(await demo.locator('.badge', { hasText: 'Demo meter' }).count(), 1);
  await demo.getByTestId('connection').filter({ hasText: 'Live stream' }).waitFor();
  await demo.getByTestId('net-power').waitFor();
  const calls = await page.evaluate(() => window.__wattdeskMock.calls.map((c) => c.cmd));
  assert.ok(calls.includes('start_demo'));
});

test('meters: empty state "Find meters" opens Discovery', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=empty`);
  await page.getByRole('button', { name: 'Find meters' }).click();
  await page.getByRole('heading', { name: 'Discovery', level: 1 }).waitFor();
  assert.match(page.url(), /#\/discovery$/);
});

test('meters: error state with retry', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=broken`);
  const err = page.getByTestId('meters-error');
  await err.waitFor();
  assert.match(await text(err), /Couldn't load your meters/);
  assert.match(await text(err), /permission denied/);
  await err.getByRole('button', { name: 'Try again' }).waitFor();
  await shot('meters-error-light');
});

test('meters: on start, the count, the badge and the meter link agree (connecting is not online)', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters`);
  const house = card(page, 'House meter');
  await house.getByTestId('connection').filter({ hasText: 'Live stream' }).waitFor();
  // The session restarts: the badge says so, and nothing else claims the meter is fine.
  await page.evaluate((id) => window.__wattdeskMock.setConnection(id, { state: 'connecting', attempt: 1 }), HOUSE);
  await house.getByTestId('connection').filter({ hasText: 'Connecting…' }).waitFor();
  assert.match(await text(page.locator('header.view-header')), /3 meters · 1 online/);
  assert.equal(await text(house.getByTestId('meter-link')), 'Checking…');
  await shot('meters-connecting-light');
  await page.evaluate((id) => window.__wattdeskMock.setConnection(id, { state: 'live', transport: 'sse' }), HOUSE);
  await house.getByTestId('meter-link').filter({ hasText: 'Connected' }).waitFor();
  assert.match(await text(page.locator('header.view-header')), /3 meters · 2 online/);
});

test('meters: health re-reads reach the screen (uptime advances, Wi-Fi moves)', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=meters&health=1#/meter/${HOUSE}`);
  const uptime = page.getByTestId('uptime');
  await uptime.waitFor();
  const first = Number(await uptime.getAttribute('data-seconds'));
  assert.ok(first > 0);
  await until(page, (s) => Number(document.querySelector('[data-testid="uptime"]')?.dataset.seconds) >= s + 2, first);
  // A change pushed by the backend shows at once.
  await page.evaluate((id) => window.__wattdeskMock.setHealth(id, { wifi_signal_pct: 41, wifi_rssi_dbm: -71, uptime_s: 90_061 }), HOUSE);
  await page.getByTestId('wifi').filter({ hasText: /41 % · −7[012] dBm/ }).waitFor();
  await uptime.filter({ hasText: '1 d 1 h 1 min' }).waitFor();
});

