import { assert, test, text, until } from './harness.mjs';

const FILE_NOTICE =
  'No system keychain was found; passwords are stored in a file only your user can read: /home/anna/.config/wattdesk/secrets.json';

for (const scheme of ['light', 'dark']) {
  test(`settings: file secret backend notice (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=file-secrets#/settings`);
    const notice = page.getByTestId('file-secrets-notice');
    await notice.waitFor();
    assert.equal(await text(notice), FILE_NOTICE);
    assert.equal(await text(page.getByTestId('config-dir')), '/home/anna/.config/wattdesk');
    assert.match(await text(page.getByTestId('mdns-mode')), /This computer only/);
    assert.match(await text(page.getByTestId('device-settings-pointer')), /is under that meter: open it in Meters and choose Settings\./);
    await shot(`settings-${scheme}`);
  });
}

test('settings: keychain backend', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters#/settings`);
  await page.getByTestId('secret-backend').filter({ hasText: 'In your system keychain' }).waitFor();
  assert.equal(await page.getByTestId('file-secrets-notice').count(), 0);
  assert.match(await text(page.getByTestId('mdns-mode')), /^On/);
  await shot('settings-keychain-light');
});

test('meters: damaged registry banner can be dismissed', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=file-secrets`);
  const banner = page.getByTestId('recovered-banner');
  await banner.waitFor();
  assert.equal(
    await text(banner),
    'Your saved meters file was damaged; it was kept at /home/anna/.config/wattdesk/meters.json.damaged-20260312T101500Z and a fresh list was started.',
  );
  await page.getByTestId('meters-empty').waitFor();
  await shot('meters-recovered-light');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await banner.waitFor({ state: 'detached' });
});

const HOUSE = 'ECC9FF5C7F14';
const FLAT = 'B8D61A0F1E2D';

for (const scheme of ['light', 'dark']) {
  // This computer is in London (UTC+0 in winter, UTC+1 in summer); the mock meters' clocks run on UTC+01:00.
  test(`settings: times in one zone, this computer's or the meter's (${scheme})`, { colorScheme: scheme, timezoneId: 'Europe/London' }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=live#/settings`);
    const times = page.getByTestId('times');
    await times.waitFor();
    const computer = times.getByLabel("This computer's time zone (Europe/London)");
    await until(page, () => document.querySelector('[data-testid="zone-computer"]')?.checked === true && !document.querySelector('[data-testid="times"] fieldset').disabled);
    assert.equal(await computer.isChecked(), true);
    await times.filter({ hasText: 'Your meters run on UTC+01:00.' }).waitFor();
    assert.match(await text(times), /The meter's own clock For a meter in another time zone than this computer\. Your meters run on UTC\+01:00\./);
    assert.match(await text(times), /Changing it starts today's totals again from now/);
    await shot(`settings-times-${scheme}`);

    // Before: the Garden flat started counting at 07:42 on this computer's clock.
    await page.goto(`${base}?mock=live#/meter/${FLAT}`);
    const label = page.getByTestId('now').locator('dt').filter({ hasText: /^Import since/ });
    await label.filter({ hasText: 'Import since 07:42' }).waitFor();
    assert.match(await text(page.getByTestId('zone-note')), /^Today's figures count from 07:42, in this computer's time zone \(Europe\/London\)/);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const before = await page.evaluate(() => window.__TAURI_INTERNALS__.invoke('preferences'));
    await times.getByLabel("The meter's own clock").check();
    await page.getByTestId('toast').filter({ hasText: "Times now follow each meter's own clock" }).waitFor();
    const saved = await page.evaluate(() => window.__wattdeskMock.calls.filter((c) => c.cmd === 'set_preferences').map((c) => c.args));
    assert.deepEqual(saved.length, 1);
    // The whole set goes back with only the zone changed, so no other choice is lost.
    assert.equal(before.time_zone, 'computer');
    assert.deepEqual(saved[0].preferences, { ...before, time_zone: 'meter' });
    if (scheme === 'light') await shot('settings-times-meter-light');

    // After: "today" starts again now, and every time on the page reads the meter's clock (UTC+01:00).
    await page.goto(`${base}?mock=live&zone=meter#/meter/${HOUSE}`);
    await page.getByTestId('zone-note').filter({ hasText: "in the meter's clock (UTC+01:00)" }).waitFor();
    const axis = await page.evaluate(() => {
      const now = new Date(Date.now() + 3600_000);
      return `${String(now.getUTCHours()).padStart(2, '0')}:`;
    });
    // The chart's legend shows the newest reading's time on the meter's clock.
    await until(page, (hh) => document.querySelector('[data-testid="chart-power"] .u-legend .u-series:first-child .u-value')?.textContent?.startsWith(hh), axis);
  });
}

test('settings: a meter card says which zone today is counted in', { timezoneId: 'Europe/London' }, async ({ page, base }) => {
  await page.goto(`${base}?mock=live`);
  const flat = page.getByTestId('meter-card').filter({ hasText: 'Garden flat' });
  await flat.getByTestId('net-power').waitFor();
  const today = flat.getByTestId('today');
  assert.match(await today.getAttribute('title'), /^Today's figures count from 07:42, in this computer's time zone \(Europe\/London\): WattDesk started counting today then\.$/);
  const seen = page.getByTestId('meter-card').filter({ hasText: 'House meter' }).getByTestId('last-seen');
  assert.match(await seen.getAttribute('title'), /^\d+ \w{3} \d{4}, \d\d:\d\d, this computer's time zone \(Europe\/London\)$/);
});
