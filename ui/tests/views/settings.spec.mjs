import { assert, test, text } from './harness.mjs';

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
    assert.match(await text(page.locator('main')), /Device settings arrive with a later release/);
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
