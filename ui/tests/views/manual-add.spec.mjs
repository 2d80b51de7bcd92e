import { assert, expand, test, text } from './harness.mjs';

async function open(page, base, scheme) {
  await page.goto(`${base}?mock=errors#/discovery`);
  await page.getByTestId('manual-add').waitFor();
  void scheme;
  return page.getByTestId('manual-add');
}

async function checkAddress(page, address) {
  const form = page.getByTestId('manual-add');
  await form.getByLabel('Address').fill(address);
  await form.getByLabel('Address').press('Enter');
}

const diagnostic = (page) => page.getByTestId('manual-add').getByTestId('diagnostic');

async function addressFocused(page) {
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'manual-address');
}

for (const scheme of ['light', 'dark']) {
  test(`manual add: unreachable (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await open(page, base);
    await checkAddress(page, '10.0.0.99');
    await page.getByRole('button', { name: 'Checking…' }).waitFor();
    const d = diagnostic(page);
    await d.waitFor();
    assert.match(
      await text(d),
      /^Nothing answered at 10\.0\.0\.99\. Check the address and that the meter is powered and on the same network\./,
    );
    await addressFocused(page);
    // The technical detail is there, whole, behind "Details".
    assert.doesNotMatch(await text(d), /connection timed out/);
    await d.getByText('Details', { exact: true }).click();
    assert.match(await text(d), /device unreachable at 10\.0\.0\.99:80: connection timed out after 3 s$/);
    await shot(`manual-unreachable-${scheme}`);
  });
}

test('manual add: not a whatwatt: another web server, an MQTT broker, another service', {}, async ({ page, base, shot }) => {
  await open(page, base);
  await checkAddress(page, 'printer.local');
  const d = diagnostic(page);
  await d.filter({ hasText: 'Another web server answers at printer.local, not a whatwatt Go. Check the address.' }).waitFor();
  await expand(d);
  assert.match(await text(d), /HTTP 404, server: HP HTTP Server\)$/);
  await shot('manual-not-whatwatt-light');

  await checkAddress(page, '192.168.1.20:1883');
  await d.filter({ hasText: "An MQTT broker answers at 192.168.1.20:1883, not a whatwatt Go. The meter's own page is usually on port 80" }).waitFor();
  await checkAddress(page, 'nas.local');
  await d.filter({ hasText: 'Another service answers at nas.local, not a whatwatt Go. Check the address and the port.' }).waitFor();
  await expand(d);
  // The backend's detail is long: it is shown whole, never cut.
  assert.match(await text(d), /connection closed before message completed$/);
  assert.doesNotMatch(await text(d), /…/);
  await shot('manual-other-service-light');
});

for (const scheme of ['light', 'dark']) {
  test(`manual add: no device has that name (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await open(page, base);
    await checkAddress(page, 'whatwatt-5C7F41.local');
    const d = diagnostic(page);
    await d.waitFor();
    assert.equal(
      await text(d),
      'No device on your network is called whatwatt-5C7F41.local. Check the spelling, or use its IP address.',
    );
    assert.equal(await d.getAttribute('role'), 'alert');
    await addressFocused(page);
    await shot(`manual-unknown-host-${scheme}`);
  });
}

for (const scheme of ['light', 'dark']) {
  test(`manual add: password flow (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    const form = await open(page, base);
    assert.equal(await form.getByLabel('Web UI password').count(), 0, 'no password field until needed');
    await checkAddress(page, 'locked.local');
    await diagnostic(page).filter({ hasText: 'This meter is protected by its Web UI password.' }).waitFor();
    const pw = form.getByLabel('Web UI password');
    await pw.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'manual-password');
    await shot(`manual-needs-password-${scheme}`);

    await pw.fill('wrong');
    await pw.press('Enter');
    await diagnostic(page).filter({ hasText: 'That password was not accepted.' }).waitFor();
    assert.equal(await pw.inputValue(), '', 'a rejected password is cleared');
    await shot(`manual-wrong-password-${scheme}`);

    await pw.fill('right-one');
    await pw.press('Enter');
    const summary = form.getByTestId('device-summary');
    await summary.waitFor();
    assert.match(await text(summary), /LOCKED000001/);
    await form.getByLabel('Name (optional)').fill('Attic meter');
    await form.getByLabel('Name (optional)').press('Enter');
    await page.getByTestId('toast').filter({ hasText: 'Added Attic meter' }).waitFor();
    await form.getByTestId('added').filter({ hasText: 'Added Attic meter.' }).waitFor();
    const values = await page.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value));
    assert.ok(!values.includes('right-one'), 'the password is not kept in any field');
    const add = await page.evaluate(() => window.__wattdeskMock.calls.filter((c) => c.cmd === 'add_meter').at(-1).args);
    assert.deepEqual(add, { request: { address: 'locked.local', password: '<redacted>', name: 'Attic meter' } });
  });
}

for (const scheme of ['light', 'dark']) {
  test(`manual add: FREE licence summary (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    const form = await open(page, base);
    await checkAddress(page, '192.168.1.77');
    const summary = form.getByTestId('device-summary');
    await summary.waitFor();
    assert.match(await text(summary), /FREE – reduced features/);
    assert.equal(
      await text(summary.getByTestId('free-note')),
      'Works with reduced features: live data via the stream; reports, MQTT and history need a PLUS licence.',
    );
    await form.getByRole('button', { name: 'Add meter' }).waitFor();
    await shot(`manual-found-free-${scheme}`);
    await form.getByRole('button', { name: 'Add meter' }).click();
    await page.getByTestId('toast').filter({ hasText: /Added whatwatt-/ }).waitFor();
  });
}

test('manual add: already in the list', {}, async ({ page, base, shot }) => {
  const form = await open(page, base);
  await checkAddress(page, '192.168.1.50');
  await form.getByTestId('device-summary').waitFor();
  await form.getByRole('button', { name: 'Add meter' }).click();
  await diagnostic(page).filter({ hasText: 'This meter is already in your list.' }).waitFor();
  await shot('manual-already-added-light');
  await diagnostic(page).getByRole('button', { name: 'Open Meters' }).click();
  await page.getByRole('heading', { name: 'Meters', level: 1 }).waitFor();
});

test('manual add: timeout, internal error from a bare string, invalid address', {}, async ({ page, base }) => {
  await open(page, base);
  await checkAddress(page, 'slow.local');
  await diagnostic(page).filter({ hasText: 'The meter at slow.local took too long to answer.' }).waitFor();
  await checkAddress(page, 'crash.local');
  await diagnostic(page).filter({ hasText: 'Something went wrong inside WattDesk.' }).waitFor();
  await expand(diagnostic(page));
  assert.match(await text(diagnostic(page)), /command probe_address panicked/);
});

test('manual add: address hints before anything is sent', {}, async ({ page, base }) => {
  const form = await open(page, base);
  await form.getByRole('button', { name: 'Check' }).click();
  await form.getByTestId('address-problem').filter({ hasText: "Enter the meter's IP address or host name." }).waitFor();
  await checkAddress(page, '192.168.1');
  await form.getByTestId('address-problem').filter({ hasText: 'four numbers' }).waitFor();
  await checkAddress(page, 'ftp://meter.local');
  await form.getByTestId('address-problem').filter({ hasText: 'Only http:// and https://' }).waitFor();
  const probes = await page.evaluate(() => window.__wattdeskMock.calls.filter((c) => c.cmd === 'probe_address').length);
  assert.equal(probes, 0);
  assert.equal(await form.getByLabel('Address').getAttribute('aria-invalid'), 'true');
});
