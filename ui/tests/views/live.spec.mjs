import { assert, test, text, until } from './harness.mjs';

const HOUSE = 'ECC9FF5C7F14';
const FLAT = 'B8D61A0F1E2D';
const GARAGE = 'A4CF12B7E0D2';

const card = (page, name) => page.getByTestId('meter-card').filter({ has: page.getByRole('heading', { name, exact: true }) });

/** Coloured (series) pixels on a chart's canvas, and whether it differs from a blank canvas of its size. */
async function chartInk(page, kind) {
  return page.evaluate((kind) => {
    const c = document.querySelector(`[data-testid="chart-${kind}"] canvas`);
    if (!c) return { colourful: 0, blank: true, points: 0 };
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let colourful = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 60 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) colourful++;
    }
    const empty = document.createElement('canvas');
    empty.width = c.width;
    empty.height = c.height;
    const points = Number(c.closest('[data-testid^="chart-"]').dataset.points);
    return { colourful, blank: c.toDataURL() === empty.toDataURL(), points };
  }, kind);
}

async function waitForInk(page, kind) {
  await until(page, (kind) => Number(document.querySelector(`[data-testid="chart-${kind}"]`)?.dataset.points) > 10, kind);
  const ink = await chartInk(page, kind);
  assert.equal(ink.blank, false, `${kind} chart canvas is blank`);
  assert.ok(ink.colourful > 300, `${kind} chart has drawn lines (${ink.colourful} coloured pixels)`);
  return ink;
}

async function assertBackground(page, scheme) {
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  if (scheme === 'dark') assert.ok(luminance < 0.2, `dark background expected, got ${bg}`);
  else assert.ok(luminance > 0.8, `light background expected, got ${bg}`);
}

for (const scheme of ['light', 'dark']) {
  test(`live: overview with live power, today, badges (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=live`);
    const house = card(page, 'House meter');
    const power = house.getByTestId('net-power');
    await power.waitFor();
    assert.match(await text(power), /^−?[\d,.]+ k?W (Importing|Exporting|Balanced)$/i);
    assert.equal(await text(house.getByTestId('connection')), 'Live stream');
    assert.match(await text(house.getByTestId('today-import')), /^\d+\.\d+ kWh$/);
    assert.match(await text(house.getByTestId('today-export')), /^\d+\.\d+ kWh$/);
    assert.match(await text(house.getByTestId('reading-age')), /^Updated (just now|\d s ago)$/);

    const flat = card(page, 'Garden flat');
    assert.equal(await text(flat.getByTestId('connection')), 'Live · polling');
    assert.match(await text(flat.getByTestId('live')), /Import since 07:42/i);
    await flat.getByTestId('scap-low').waitFor();

    const garage = card(page, 'Garage sub-meter');
    assert.match(await text(garage.getByTestId('connection')), /^Offline · retrying in \d+ s$/);
    await garage.getByTestId('reading-age').filter({ hasText: 'Last reading 5 min ago' }).waitFor();
    assert.equal(await garage.getByTestId('live').getAttribute('data-fresh'), 'false');

    if (scheme === 'light') {
      // The number follows the readings (no fixed sleep: wait for the text to change).
      const first = await text(power);
      await until(page, ([sel, before]) => document.querySelector(sel)?.innerText.replace(/\s+/g, ' ').trim() !== before, [
        `[data-device-id="${HOUSE}"] [data-testid="net-power"]`,
        first,
      ]);
      // The offline countdown runs.
      const countdown = await text(garage.getByTestId('connection'));
      await until(page, ([sel, before]) => document.querySelector(sel)?.innerText.trim() !== before, [
        `[data-device-id="${GARAGE}"] [data-testid="connection"]`,
        countdown,
      ], 3000);
    }
    await assertBackground(page, scheme);
    await shot(`live-overview-${scheme}`);
  });

  test(`live: detail draws charts, phases, latency, health (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=live`);
    await card(page, 'House meter').getByTestId('net-power').waitFor();
    // Clicking anywhere on the card opens it (here: on the live figures).
    const live = await card(page, 'House meter').getByTestId('live').boundingBox();
    await page.mouse.click(live.x + live.width / 2, live.y + live.height / 2);
    await page.getByRole('heading', { name: 'House meter', level: 1 }).waitFor();
    assert.match(page.url(), new RegExp(`#/meter/${HOUSE}$`));
    assert.equal(await page.getByRole('link', { name: 'Meters' }).first().getAttribute('aria-current'), 'page');

    await waitForInk(page, 'power');
    await waitForInk(page, 'voltage');
    await waitForInk(page, 'current');
    const rows = await page.getByTestId('phase-row').evaluateAll((els) => els.map((e) => e.dataset.phase));
    assert.deepEqual(rows, ['L1', 'L2', 'L3']);
    assert.match(await text(page.getByTestId('phase-table')), /L1 −?[\d.,]+ k?W \d{3}\.\d V \d+\.\d+ A/);
    assert.match(await text(page.getByTestId('energy-registers')), /kWh Total T1 high ?(now)? T2 low ?(now)? Import 12,3\d\d\.\d{3} \d/i);
    assert.match(await text(page.getByTestId('tariff')), /^(High|Low) tariff \(T[12]\)$/);
    assert.match(await text(page.getByTestId('power-factor')), /^0\.\d\d$/);
    // Legend: the power chart names net and phases with values and units.
    assert.match(await text(page.getByTestId('chart-power').locator('.u-legend')), /Net.*k?W.*L1.*L2.*L3/);
    // Measured latencies: meter → app from device_ms, app → screen from the frames.
    await until(page, () => /\d/.test(document.querySelector('[data-testid="latency-draw"]')?.textContent ?? ''));
    assert.match(await text(page.getByTestId('latency-device')), /^\d+ ms$/);
    assert.match(await text(page.getByTestId('latency-draw')), /^(< 1 ms|\d+ ms)$/);
    const health = await text(page.getByTestId('health'));
    assert.match(health, /Connected/);
    assert.match(health, /84 % · −58 dBm/);
    assert.match(health, /4\.96 V/);
    assert.match(health, /3 d 4 h/);
    assert.match(health, /PLUS/);
    // Tooltips: hovering the plot shows the cursor's values in the legend.
    const over = page.getByTestId('chart-power').locator('.u-over');
    const box = await over.boundingBox();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await until(page, () => document.querySelector('[data-testid="chart-power"] .u-cursor-x:not(.u-off)') !== null);
    await page.mouse.move(0, 0);
    await assertBackground(page, scheme);
    await shot(`live-detail-${scheme}`);
  });
}

test('live: window selector switches 5 min / 1 h / 24 h', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=live&history=90#/meter/${HOUSE}`);
  await waitForInk(page, 'power');
  const span = () => page.getByTestId('chart-power').getAttribute('data-span');
  assert.equal(await span(), String(5 * 60_000));
  const before = await page.evaluate(() => document.querySelector('[data-testid="chart-power"] canvas').toDataURL());
  await page.getByRole('radio', { name: '1 h' }).check();
  await until(page, () => document.querySelector('[data-testid="chart-power"]')?.dataset.span === String(3_600_000));
  await until(page, (b) => document.querySelector('[data-testid="chart-power"] canvas').toDataURL() !== b, before);
  assert.equal(await page.getByTestId('chart-voltage').getAttribute('data-span'), String(3_600_000));
  await waitForInk(page, 'power');
  await shot('live-detail-1h-light');
  // Keyboard: arrow to the next option.
  await page.getByRole('radio', { name: '1 h' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('radio', { name: '24 h' }).isChecked(), true);
  await until(page, () => document.querySelector('[data-testid="chart-power"]')?.dataset.span === String(86_400_000));
  await waitForInk(page, 'power');
  await shot('live-detail-24h-light');
});

test('live: single-phase meter shows only L1, since-time and a low supercap', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=live#/meter/${FLAT}`);
  await page.getByRole('heading', { name: 'Garden flat', level: 1 }).waitFor();
  await page.getByTestId('phase-row').first().waitFor();
  const rows = await page.getByTestId('phase-row').evaluateAll((els) => els.map((e) => e.dataset.phase));
  assert.deepEqual(rows, ['L1']);
  await waitForInk(page, 'voltage');
  const legend = await text(page.getByTestId('chart-voltage').locator('.u-legend'));
  assert.match(legend, /L1/);
  assert.doesNotMatch(legend, /L2|L3/);
  assert.doesNotMatch(await text(page.getByTestId('chart-power').locator('.u-legend')), /L1|L2|L3/);
  assert.match(await text(page.getByTestId('now')), /Import since 07:42/i);
  assert.match(await text(page.getByTestId('scap-warning')), /Power reserve low \(4\.31 V\)/);
  assert.match(await text(page.getByTestId('health')), /FREE – reduced features/);
  assert.equal(await text(page.getByTestId('connection')), 'Live · polling');
  await shot('live-detail-single-phase-light');
});

test('live: a meter going offline keeps its last values, greyed', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=live`);
  const house = card(page, 'House meter');
  await house.getByTestId('net-power').waitFor();
  assert.equal(await house.getByTestId('live').getAttribute('data-fresh'), 'true');
  await page.evaluate((id) => window.__wattdeskMock.setConnection(id, { state: 'offline', retry_in_s: 12, reason: 'no answer from 192.168.1.50:80' }), HOUSE);
  await house.getByTestId('connection').filter({ hasText: /^Offline · retrying in 1[0-2] s$/ }).waitFor();
  await house.locator('[data-testid="live"][data-fresh="false"]').waitFor();
  assert.match(await text(house.getByTestId('reading-age')), /^Last reading (just now|\d s ago)$/);
  assert.match(await text(house.getByTestId('net-power')), /W/);
  const color = await house.getByTestId('net-power').locator('.value').evaluate((el) => getComputedStyle(el).color);
  const muted = await page.evaluate(() => {
    const p = document.createElement('span');
    p.style.color = 'var(--text-3)';
    document.body.append(p);
    const c = getComputedStyle(p).color;
    p.remove();
    return c;
  });
  assert.equal(color, muted, 'old values are greyed');
});

test('live: connection states as badges (states scenario)', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=states`);
  await page.getByTestId('meter-card').nth(6).waitFor();
  const badge = async (name) => text(card(page, name).getByTestId('connection'));
  assert.equal(await badge('Workshop'), 'Live · polling');
  assert.match(await card(page, 'Workshop').getByTestId('connection').getAttribute('title'), /^Another app is using the live stream/);
  assert.equal(await text(card(page, 'Workshop').getByTestId('preempted-note')), 'Another app is using the live stream');
  assert.equal(await badge('Barn'), 'Another app is using the live stream');
  assert.equal(await badge('Cellar'), 'Needs password');
  assert.equal(await badge('Studio'), 'Wrong password');
  assert.equal(await badge('Annex'), 'Licence required');
  assert.match(await badge('Shed'), /^Stale · \d+ s silent$/);
  assert.equal(await badge('Attic'), 'Connecting… (try 3)');
  assert.match(await text(card(page, 'Cellar').getByTestId('live')), /No live reading The meter needs its password\./);
  await card(page, 'Workshop').getByTestId('net-power').waitFor();
  await shot('live-states-light');

  await card(page, 'Cellar').getByRole('link', { name: 'Open Cellar' }).click();
  const note = page.getByTestId('connection-note');
  await note.waitFor();
  assert.match(await text(note), /Needs password.*Web UI password/);
  await shot('live-detail-needs-password-light');
});

test('live: lost messages show a gap notice (also in the minimum window)', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=gap#/meter/${HOUSE}`);
  const notice = page.getByTestId('gap-notice');
  await notice.waitFor();
  assert.match(await text(notice), /^\d+ updates? lost/);
  await notice.filter({ hasText: /\d+ readings? skipped/ }).waitFor();
  assert.match(await notice.getAttribute('title'), /lost on the way/);
  await shot('live-detail-gap-light');
  await page.setViewportSize({ width: 800, height: 560 });
  await notice.locator('.short').waitFor();
  assert.match(await text(notice), /^\d+ lost · \d+ skipped$/);
  const right = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.charts-head *')].map((e) => e.getBoundingClientRect().right)));
  assert.ok(right <= 800, `the chart header fits (${right}px)`);
});

test('live: every saved meter streams whatever page is open, one subscription each', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=meters`);
  await card(page, 'House meter').getByTestId('net-power').waitFor();
  await until(page, () => window.__wattdeskMock.subscriptions().length === 3);
  // Keyboard: Tab to the card's Open link, Enter opens the detail, focus lands on the heading.
  await card(page, 'House meter').getByRole('link', { name: 'Open House meter' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'House meter', level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  // Another page: the readings keep coming (the charts have no hole for the time spent there).
  await page.getByRole('link', { name: 'Discovery' }).click();
  await page.getByRole('heading', { name: 'Discovery', level: 1 }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => window.__wattdeskMock.subscriptions().length), 3);
  const subs = await page.evaluate(() => window.__wattdeskMock.calls.filter((c) => c.cmd === 'subscribe_live').map((c) => c.args.deviceId));
  assert.deepEqual([...subs].sort(), ['A4CF12B7E0D2', 'DEMO0A1B2C3D', HOUSE].sort(), 'one subscription per saved meter, never renewed');
  assert.equal(await page.evaluate(() => window.__wattdeskMock.calls.filter((c) => c.cmd === 'unsubscribe_live').length), 0);
  // A removed meter's subscription ends.
  await page.getByRole('link', { name: 'Meters' }).first().click();
  await card(page, 'Garage sub-meter').getByRole('button', { name: 'Remove Garage sub-meter' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove meter' }).click();
  await until(page, () => window.__wattdeskMock.subscriptions().length === 2);
});

test('live: the chart has no hole for the minutes spent on another page', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=live&history=0&rate=2#/meter/${HOUSE}`);
  await until(page, () => Number(document.querySelector('[data-testid="chart-power"]')?.dataset.points) > 2);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  const away = Date.now();
  await page.waitForFunction((t) => Date.now() - t > 3000, away);
  await page.goBack();
  await page.getByRole('heading', { name: 'House meter', level: 1 }).waitFor();
  // Readings from the whole time away are drawn at once (2 per second): no gap in the data.
  await until(page, () => Number(document.querySelector('[data-testid="chart-power"]')?.dataset.points) >= 8);
});

test('live: skeletons until the first reading, nothing moves when it comes', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=live&history=0&rate=0.7#/meter/${HOUSE}`);
  await page.locator('[data-testid="now"] .b-big').waitFor();
  const before = await page.locator('.charts').boundingBox();
  assert.equal(await page.getByTestId('reading-age').innerText(), 'Waiting for the first reading…');
  await shot('live-detail-waiting-light');
  await page.getByTestId('net-power').waitFor({ timeout: 6000 });
  const after = await page.locator('.charts').boundingBox();
  assert.equal(Math.round(after.y), Math.round(before.y), 'the charts must not move when the first reading arrives');
  assert.equal(Math.round(after.height), Math.round(before.height), 'the charts keep their height');
});

test('live: detail fits the minimum window (800×560)', { viewport: { width: 800, height: 560 } }, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=live#/meter/${HOUSE}`);
  await waitForInk(page, 'power');
  const overflow = await page.evaluate(() => {
    const wide = [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1);
    return { scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 3).map((el) => el.outerHTML.slice(0, 80)) };
  });
  assert.ok(overflow.scroll <= 800, `page scrolls sideways (${overflow.scroll}px)`);
  assert.deepEqual(overflow.wide, [], 'nothing sticks out of the window');
  await shot('min-window-meter-detail-light');
});

test('live: removed meter id shows a way back', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=live#/meter/NOPE00000000`);
  const missing = page.getByTestId('meter-missing');
  await missing.waitFor();
  await missing.getByRole('link', { name: 'Back to Meters' }).click();
  await page.getByRole('heading', { name: 'Meters', level: 1 }).waitFor();
});
