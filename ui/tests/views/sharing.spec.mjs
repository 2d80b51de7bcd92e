// Settings › Sharing (#/settings/sharing) against the mock backend's gateway (src/features/sharing/mock.ts):
// off by default; `&sharing=on` runs with a token (Home Assistant) and the House meter answering like the
// reader on port 8081, two programs connected; `&sharing=port-in-use` is on with port 8437 taken.
import { assert, test, text, until } from './harness.mjs';

const HOUSE = 'ECC9FF5C7F14';
const GARAGE = 'A4CF12B7E0D2';
/** Tall enough for the whole panel in one screenshot. */
const TALL = { width: 1100, height: 1900 };
const TOKEN_REQUIRED =
  'Create a token first: sharing with other devices on your network, or asking programs on this computer for a token, needs one.';

/** The state badge reads exactly this ("Running", "Not running", "Off"). */
const state = (panel, words) => panel.getByTestId('sharing-state').filter({ hasText: new RegExp(`^${words}$`) }).waitFor();

const calls = (page, cmd) => page.evaluate((cmd) => window.__wattdeskMock.calls.filter((c) => c.cmd === cmd).map((c) => c.args), cmd);

/** Opens Settings at Sharing and waits for its choices. */
async function open(page, base, query = '') {
  await page.goto(`${base}?mock=meters${query}#/settings/sharing`);
  const panel = page.getByTestId('sharing-panel');
  await panel.getByTestId('sharing-enabled').waitFor();
  return panel;
}

/** Records what is copied (the clipboard of a headless browser is not shared with the test). */
async function recordClipboard(ctx) {
  await ctx.addInitScript(() => {
    window.__copied = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (t) => void window.__copied.push(t) },
    });
  });
}
const copied = (page) => page.evaluate(() => window.__copied);

/** Lets the page think it is hidden (as minimizing does), like quiet.spec.mjs. */
async function visibilityLever(ctx) {
  await ctx.addInitScript(() => {
    window.__hidden = false;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden });
    window.__setHidden = (hidden) => {
      window.__hidden = hidden;
      document.dispatchEvent(new Event('visibilitychange'));
    };
  });
}

/** Waits `ms` of real time (the one place these tests let time pass: counting polls). */
const wait = (page, ms) => page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), ms);

for (const scheme of ['light', 'dark']) {
  test(`sharing: off, then on; the address is shown and copied (${scheme})`, { colorScheme: scheme, viewport: TALL }, async ({ page, base, ctx, shot }) => {
    await recordClipboard(ctx);
    const panel = await open(page, base);
    assert.match(await text(panel), /Let other programs on this computer — or on your network — read your meters through WattDesk, so they don't compete for the reader's single live connection\./);
    // Technical words only behind "How it works".
    const intro = await panel.locator('header').innerText();
    assert.doesNotMatch(intro, /REST|WebSocket|gateway/);
    assert.equal(await text(panel.getByTestId('sharing-state')), 'Off');
    const toggle = panel.getByRole('switch', { name: 'Share my meters with other programs' });
    assert.equal(await toggle.isChecked(), false);
    assert.equal(await panel.getByTestId('sharing-api-url').count(), 0);
    assert.equal(await panel.getByTestId('sharing-port').inputValue(), '8437');
    assert.equal(await panel.getByTestId('sharing-no-tokens').count(), 1);
    await shot(`sharing-off-${scheme}`);

    await toggle.check();
    await state(panel, 'Running');
    await page.getByTestId('toast').filter({ hasText: 'Sharing is on' }).waitFor();
    assert.deepEqual(await calls(page, 'sharing_save'), [
      { settings: { enabled: true, allow_lan: false, port: 8437, compat: [], allowed_origins: [], require_token: false } },
    ]);
    const address = panel.getByTestId('sharing-api-url');
    assert.equal(await text(address.getByTestId('copy-text')), 'http://127.0.0.1:8437');
    assert.match(await text(address), /For programs on this computer\. Sharing works while WattDesk is open\./);
    await address.getByRole('button', { name: "Copy WattDesk's address" }).click();
    await page.getByTestId('toast').filter({ hasText: "Copied WattDesk's address" }).waitFor();
    assert.deepEqual(await copied(page), ['http://127.0.0.1:8437']);
    // Running, the programs connected and the example lines show.
    await panel.getByTestId('sharing-client-row').first().waitFor();
    await panel.getByTestId('sharing-example').waitFor();
    await shot(`sharing-on-${scheme}`);

    await toggle.uncheck();
    await state(panel, 'Off');
    assert.equal(await panel.getByTestId('sharing-api-url').count(), 0);
    assert.equal(await panel.getByTestId('sharing-clients').count(), 0);
    assert.equal((await calls(page, 'sharing_save')).at(-1).settings.enabled, false);
  });
}

test('sharing: other devices need a token; the form is checked before saving', { viewport: TALL }, async ({ page, base, shot }) => {
  const panel = await open(page, base);
  await panel.getByTestId('sharing-enabled').check();
  await state(panel, 'Running');

  // On the network: a warning, and no save without a token.
  await panel.getByLabel('Allow other devices on my network').check();
  const warning = panel.getByTestId('sharing-lan-warning');
  await warning.waitFor();
  assert.match(await text(warning), /Any device on your network that has a token can read your meters/);
  assert.match(await text(warning), /Create a token below first/);
  assert.equal(await panel.getByTestId('sharing-unsaved').count(), 1);
  await panel.getByTestId('sharing-save').click();
  const failed = panel.getByTestId('sharing-save-failed');
  await failed.waitFor();
  assert.equal(await text(failed), `${TOKEN_REQUIRED} Create a token`);
  assert.equal(await panel.getByTestId('sharing-lan').isChecked(), true, 'the choice stays, unsaved');
  assert.equal(await text(panel.getByTestId('sharing-state')), 'Running');
  assert.equal(await text(panel.getByTestId('sharing-api-url').getByTestId('copy-text')), 'http://127.0.0.1:8437');
  await failed.scrollIntoViewIfNeeded();
  await shot('sharing-token-required-light');

  // Asking on this computer too: the same.
  await panel.getByLabel('Allow other devices on my network').uncheck();
  await panel.getByLabel('Ask for a token on this computer too').check();
  await panel.getByTestId('sharing-save').click();
  await until(page, () => window.__wattdeskMock.calls.filter((c) => c.cmd === 'sharing_save').length === 3);
  await until(page, () => document.querySelectorAll('[data-testid="sharing-save-failed"]').length === 1 && !document.querySelector('[data-testid="sharing-save"]').disabled);
  assert.equal(await text(failed), `${TOKEN_REQUIRED} Create a token`);
  // Its button leads to the token's name.
  await failed.getByRole('button', { name: 'Create a token' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sharing-token-name');

  // Checked as typed: the port, a meter's port, the web pages.
  await panel.getByTestId('sharing-port').fill('70000');
  for (const id of [HOUSE, GARAGE]) {
    await panel.getByTestId(`sharing-compat-${id}`).getByTestId('sharing-compat-on').check();
    await panel.getByTestId(`sharing-compat-${id}`).getByLabel('Port').fill('8081');
  }
  await panel.getByText('Web pages that may read your meters').click();
  await panel.getByTestId('sharing-origins').fill('http://homeassistant.local:8123\nhomeassistant.local/lovelace');
  await panel.getByTestId('sharing-save').click();
  await panel.getByTestId('sharing-problems').filter({ hasText: '3 fields need a look before saving.' }).waitFor();
  assert.match(await text(panel), /A port is a whole number between 1 and 65535\./);
  assert.match(await text(panel.getByTestId(`sharing-compat-${GARAGE}`)), /Port 8081 is used twice: give each meter its own\./);
  assert.equal(await panel.getByTestId('sharing-save-failed').count(), 0, 'the last refusal is no longer shown');
  assert.match(await text(panel), /"homeassistant.local\/lovelace" is not a web address of the form http:\/\/host:port\./);
  assert.equal((await calls(page, 'sharing_save')).length, 3, 'nothing was sent');
  assert.equal(await panel.getByTestId('sharing-port').getAttribute('aria-invalid'), 'true');
});

test('sharing: a token is shown once, listed, and revoked', { viewport: TALL }, async ({ page, base, ctx, shot }) => {
  await recordClipboard(ctx);
  const panel = await open(page, base);
  // A name is needed.
  await panel.getByTestId('sharing-token-create').click();
  await panel.getByText('Give it a name: who will use it, e.g. Home Assistant.').waitFor();
  assert.equal((await calls(page, 'sharing_create_token')).length, 0);

  await panel.getByLabel('New token for').fill('Home Assistant');
  await panel.getByTestId('sharing-token-create').click();
  const box = panel.getByTestId('sharing-new-token');
  await box.waitFor();
  const value = await text(box.getByTestId('copy-text'));
  assert.match(value, /^wdt_[A-Za-z0-9_-]{43}$/);
  assert.match(await text(box), /The token for Home Assistant: copy it now/);
  assert.match(await text(box), /It won't be shown again\./);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Copy the token for Home Assistant', 'the keyboard is on its Copy button');
  await page.keyboard.press('Enter');
  await page.getByTestId('toast').filter({ hasText: 'Copied the token for Home Assistant' }).waitFor();
  assert.deepEqual(await copied(page), [value]);
  const rows = panel.getByTestId('sharing-token-row');
  assert.equal(await rows.count(), 1);
  assert.match(await text(rows.first()), /^Home Assistant Created \d{1,2} \w{3} \d{4} Revoke$/);
  assert.equal(await panel.getByTestId('sharing-token-name').inputValue(), '', 'the name field is empty again');
  await box.scrollIntoViewIfNeeded();
  await shot('sharing-new-token-light');

  // Two tokens may not share a name.
  await panel.getByLabel('New token for').fill('Home Assistant');
  await panel.getByTestId('sharing-token-create').click();
  await panel.getByText('A token is already named Home Assistant.').waitFor();

  // Shown once: "I have copied it" closes it, and a new visit does not show it.
  await box.getByRole('button', { name: 'I have copied it' }).click();
  await box.waitFor({ state: 'detached' });
  assert.equal(await page.getByText(value).count(), 0);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'About' }).click();
  await page.getByTestId('about-version').waitFor();
  await nav.getByRole('link', { name: 'Settings' }).click();
  await panel.getByTestId('sharing-token-row').first().waitFor();
  assert.equal(await panel.getByTestId('sharing-new-token').count(), 0);
  assert.equal(await page.getByText(value).count(), 0);

  // With a token, other devices may connect.
  await panel.getByTestId('sharing-enabled').check();
  await state(panel, 'Running');
  await panel.getByTestId('sharing-lan').check();
  await panel.getByTestId('sharing-save').click();
  await page.getByTestId('toast').filter({ hasText: 'Sharing settings saved' }).waitFor();
  assert.equal(await text(panel.getByTestId('sharing-api-url').getByTestId('copy-text')), 'http://192.168.1.20:8437');
  assert.match(await text(panel.getByTestId('sharing-api-url')), /For programs on this computer and on your network, with a token\./);

  // Revoke asks first; Keep keeps it.
  await panel.getByRole('button', { name: 'Revoke Home Assistant' }).click();
  const row = panel.getByTestId('sharing-token-row');
  assert.match(await text(row), /Programs using it are disconnected, and refused until you create another\./);
  await row.getByRole('button', { name: 'Keep' }).click();
  assert.equal(await row.getByTestId('sharing-revoke-confirm').count(), 0);
  await panel.getByTestId('sharing-revoke').click();
  await row.getByTestId('sharing-revoke-confirm').click();
  await page.getByTestId('toast').filter({ hasText: 'Revoked the token Home Assistant' }).waitFor();
  await row.waitFor({ state: 'detached' });
  await panel.getByTestId('sharing-no-tokens').waitFor();
  assert.equal((await calls(page, 'sharing_revoke_token')).length, 1);
  // Its programs were disconnected.
  await panel.getByTestId('sharing-clients-empty').waitFor();
});

test('sharing: a meter also answers like the reader itself', { viewport: TALL }, async ({ page, base, ctx, shot }) => {
  await recordClipboard(ctx);
  const panel = await open(page, base, '&sharing=on');
  await state(panel, 'Running');
  const house = panel.getByTestId(`sharing-compat-${HOUSE}`);
  assert.equal(await house.getByRole('checkbox', { name: 'Also answer like the reader itself' }).isChecked(), true);
  assert.equal(await house.getByLabel('Port').inputValue(), '8081');
  assert.equal(await text(house.getByTestId('sharing-compat-url').getByTestId('copy-text')), 'http://127.0.0.1:8081');
  assert.match(await text(house), /^House meter reader at 192\.168\.1\.50:80/);

  // The garage, on a port WattDesk picks (and keeps).
  const garage = panel.getByTestId(`sharing-compat-${GARAGE}`);
  assert.equal(await garage.getByTestId('sharing-compat-url').count(), 0);
  await garage.getByRole('checkbox', { name: 'Also answer like the reader itself' }).check();
  assert.equal(await garage.getByLabel('Port').getAttribute('placeholder'), 'automatic');
  assert.match(await text(garage), /Leave the port empty to let WattDesk choose one/);
  await panel.getByTestId('sharing-save').click();
  await page.getByTestId('toast').filter({ hasText: 'Sharing settings saved' }).waitFor();
  const saved = (await calls(page, 'sharing_save')).at(-1).settings;
  assert.deepEqual(saved.compat, [{ meter: HOUSE, port: 8081 }, { meter: GARAGE, port: 0 }]);
  const url = garage.getByTestId('sharing-compat-url');
  await url.waitFor();
  assert.equal(await text(url.getByTestId('copy-text')), 'http://127.0.0.1:45001');
  assert.equal(await garage.getByLabel('Port').inputValue(), '45001', 'the port picked is kept');
  assert.equal(await panel.getByTestId('sharing-unsaved').count(), 0);
  await url.getByRole('button', { name: /^Copy the address of / }).click();
  assert.deepEqual(await copied(page), ['http://127.0.0.1:45001']);
  await garage.scrollIntoViewIfNeeded();
  await shot('sharing-compat-light');

  // Off again: its address goes.
  await garage.getByRole('checkbox', { name: 'Also answer like the reader itself' }).uncheck();
  await panel.getByTestId('sharing-save').click();
  await until(page, (g) => document.querySelector(`[data-testid="sharing-compat-${g}"] [data-testid="sharing-compat-url"]`) === null, GARAGE);
  assert.deepEqual((await calls(page, 'sharing_save')).at(-1).settings.compat, [{ meter: HOUSE, port: 8081 }]);
});

for (const scheme of ['light', 'dark']) {
  test(`sharing: the connected programs, read every 2 s only while shown (${scheme})`, { colorScheme: scheme, viewport: TALL }, async ({ page, base, ctx, shot }) => {
    await visibilityLever(ctx);
    const panel = await open(page, base, '&sharing=on');
    const table = panel.getByTestId('sharing-clients');
    await table.getByTestId('sharing-client-row').nth(1).waitFor();
    const rows = await table.getByTestId('sharing-client-row').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.innerText.replace(/\s+/g, ' ').trim())));
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0].slice(0, 4), ['127.0.0.1:52814 this computer', 'Live updates (WebSocket)', 'Any it asks for', 'None needed']);
    assert.match(rows[0][4], /^\d\d:\d\d 12 min ago$/);
    assert.deepEqual(rows[0].slice(5), ['2.0', '0']);
    assert.deepEqual(rows[1].slice(0, 4), ['127.0.0.1:50122 this computer', 'Reader-style live stream', 'House meter', 'None needed']);
    assert.match(rows[1][4], /^\d\d:\d\d 4 min ago$/);
    assert.deepEqual(rows[1].slice(5), ['1.0', '3']);
    const headers = await table.locator('thead th').allInnerTexts();
    assert.deepEqual(headers.map((h) => h.trim().toLowerCase()), ['from', 'connection', 'meter', 'token', 'since', 'per second', 'missed']);
    await table.scrollIntoViewIfNeeded();
    await shot(`sharing-clients-${scheme}`);

    // Read again every 2 s while shown.
    const n0 = (await calls(page, 'sharing_clients')).length;
    await wait(page, 4300);
    const n1 = (await calls(page, 'sharing_clients')).length;
    assert.ok(n1 - n0 >= 2 && n1 - n0 <= 3, `${n1 - n0} reads in 4.3 s`);
    // Nothing while the window is hidden; at once when it is shown again.
    await page.evaluate(() => window.__setHidden(true));
    const h0 = (await calls(page, 'sharing_clients')).length;
    await wait(page, 4300);
    assert.equal((await calls(page, 'sharing_clients')).length, h0, 'no reads while hidden');
    await page.evaluate(() => window.__setHidden(false));
    await until(page, (h) => window.__wattdeskMock.calls.filter((c) => c.cmd === 'sharing_clients').length > h, h0, 1000);
    // Nothing once Settings is left.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'About' }).click();
    await page.getByTestId('about-version').waitFor();
    const a0 = (await calls(page, 'sharing_clients')).length;
    await wait(page, 2500);
    assert.equal((await calls(page, 'sharing_clients')).length, a0, 'no reads on another page');
  });
}

test('sharing: #/settings/sharing opens Settings at Sharing', {}, async ({ page, base }) => {
  const panel = await open(page, base);
  await until(page, () => Math.abs(document.querySelector('[data-testid="sharing-panel"]').getBoundingClientRect().top) < 40);
  assert.equal(await panel.getByRole('heading', { name: 'Sharing', level: 2 }).isVisible(), true);
});

test('sharing: nothing is read while the panel is scrolled away', { viewport: { width: 1100, height: 720 } }, async ({ page, base }) => {
  await page.goto(`${base}?mock=meters&sharing=on#/settings`);
  await page.getByTestId('sharing-enabled').waitFor();
  // At the top of Settings the panel is below the fold.
  const top = await page.getByTestId('sharing-panel').evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(top > 720, `the panel is below the window (${top}px)`);
  await wait(page, 2500);
  assert.equal((await calls(page, 'sharing_clients')).length, 0);
  await page.getByTestId('sharing-panel').scrollIntoViewIfNeeded();
  await until(page, () => window.__wattdeskMock.calls.some((c) => c.cmd === 'sharing_clients'), undefined, 1000);
});

test('sharing: ready-to-paste example lines', { viewport: TALL }, async ({ page, base, ctx }) => {
  await recordClipboard(ctx);
  const panel = await open(page, base, '&sharing=on');
  const example = panel.getByTestId('sharing-example');
  await example.waitFor();
  const lines = (await example.innerText()).split('\n');
  assert.deepEqual(lines, [
    '# Your meters and their latest readings',
    'curl http://127.0.0.1:8437/api/v1/meters',
    '',
    '# Live updates: connect, then type the next line',
    'websocat ws://127.0.0.1:8437/api/v1/ws',
    '',
    '# Which meters to follow',
    `{"type":"subscribe","meters":["${HOUSE}"]}`,
    '',
    '# The live stream, as the reader itself sends it',
    'curl http://127.0.0.1:8081/api/v1/live',
  ]);
  assert.doesNotMatch(await text(panel.getByTestId('sharing-try')), /Replace TOKEN/);
  await panel.getByTestId('sharing-example-copy').click();
  assert.deepEqual(await copied(page), [lines.join('\n')]);

  // A token asked for on this computer: every line sends it.
  await panel.getByTestId('sharing-require-token').check();
  await panel.getByTestId('sharing-save').click();
  await page.getByTestId('toast').filter({ hasText: 'Sharing settings saved' }).waitFor();
  await until(page, () => document.querySelector('[data-testid="sharing-example"]')?.innerText.includes('Bearer'));
  const withToken = (await example.innerText()).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  assert.deepEqual(withToken, [
    'curl -H "Authorization: Bearer TOKEN" http://127.0.0.1:8437/api/v1/meters',
    'websocat -H "Authorization: Bearer TOKEN" ws://127.0.0.1:8437/api/v1/ws',
    `{"type":"subscribe","meters":["${HOUSE}"]}`,
    'curl -H "Authorization: Bearer TOKEN" http://127.0.0.1:8081/api/v1/live',
  ]);
  assert.match(await text(panel.getByTestId('sharing-try')), /Replace TOKEN with one of your tokens\./);
  // The programs now present the token.
  await until(page, () => [...document.querySelectorAll('[data-testid="sharing-client-row"]')].every((tr) => tr.children[3].innerText.trim() === 'Home Assistant'));
});

for (const scheme of ['light', 'dark']) {
  test(`sharing: a port in use is explained, and another port fixes it (${scheme})`, { colorScheme: scheme, viewport: TALL }, async ({ page, base, shot }) => {
    const panel = await open(page, base, '&sharing=port-in-use');
    const problem = panel.getByTestId('sharing-problem');
    await problem.waitFor();
    assert.equal(await problem.locator('.title').innerText(), 'Another program on this computer already uses port 8437. Choose another port, or close that program.');
    await problem.getByText('Details').click();
    assert.match(await text(problem), /could not listen on 127\.0\.0\.1:8437: Address already in use \(os error 98\)/);
    assert.equal(await text(panel.getByTestId('sharing-state')), 'Not running');
    assert.equal(await panel.getByTestId('sharing-enabled').isChecked(), true);
    assert.equal(await panel.getByTestId('sharing-api-url').count(), 0);
    assert.equal(await panel.getByTestId('sharing-clients').count(), 0);
    assert.equal(await panel.getByTestId('sharing-example').count(), 0);
    await shot(`sharing-port-in-use-${scheme}`);

    await panel.getByTestId('sharing-port').fill('8438');
    await panel.getByTestId('sharing-save').click();
    await state(panel, 'Running');
    assert.equal(await panel.getByTestId('sharing-problem').count(), 0);
    assert.equal(await text(panel.getByTestId('sharing-api-url').getByTestId('copy-text')), 'http://127.0.0.1:8438');
    assert.match(await text(panel.getByTestId('sharing-example')), /curl http:\/\/127\.0\.0\.1:8438\/api\/v1\/meters/);
  });
}

test('sharing: fits the minimum window (800×560), running with programs connected', { viewport: { width: 800, height: 560 } }, async ({ page, base, shot }) => {
  const panel = await open(page, base, '&sharing=on');
  await panel.getByTestId('sharing-client-row').nth(1).waitFor();
  const wide = await page.evaluate(() => {
    /** Inside a box that scrolls sideways (the table of programs), width is that box's business. */
    const scrolls = (el) => {
      for (let p = el.parentElement; p !== null && p.tagName !== 'MAIN'; p = p.parentElement) if (getComputedStyle(p).overflowX === 'auto') return true;
      return false;
    };
    return [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !scrolls(el))
      .slice(0, 3)
      .map((el) => el.outerHTML.slice(0, 80));
  });
  assert.deepEqual(wide, [], 'nothing sticks out of the window');
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 800);
  await panel.getByTestId('sharing-clients').scrollIntoViewIfNeeded();
  await shot('sharing-min-window-light');
});

test('sharing: keyboard only, from the switch to a new token', { viewport: TALL }, async ({ page, base }) => {
  const panel = await open(page, base);
  // Keyboard focus onto the switch (from the element before it).
  await panel.getByTestId('sharing-enabled').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'sharing-enabled');
  await page.keyboard.press('Space');
  await state(panel, 'Running');
  const outline = await panel.getByTestId('sharing-enabled').evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.equal(outline, 'solid', 'the focused switch shows a focus ring');
  await panel.getByTestId('sharing-token-name').focus();
  await page.keyboard.type('Script');
  await page.keyboard.press('Enter');
  await panel.getByTestId('sharing-new-token').waitFor();
  assert.match(await text(panel.getByTestId('sharing-token-row')), /^Script Created \d{1,2} \w{3} \d{4} Revoke$/);
  // Every field has a label.
  for (const id of ['sharing-port', 'sharing-lan', 'sharing-require-token', 'sharing-token-name']) {
    const name = await panel.getByTestId(id).evaluate((el) => el.labels?.[0]?.innerText.trim() ?? '');
    assert.ok(name !== '', `${id} has a label`);
  }
});
