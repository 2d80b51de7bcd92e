// History (#/meter/<id>/history and #/history) and the electricity prices (Settings) against the mock
// backend's history (src/features/history/mock.ts): ~40 days of quarter hours, the House meter's night
// filled from the SD card yesterday and its offline hours two days ago, prices in the `history` scenario
// (none elsewhere). This computer is in Zurich for these tests.
import { assert, test, text, until } from './harness.mjs';

const HOUSE = 'ECC9FF5C7F14';
const FLAT = 'B8D61A0F1E2D';
const ZONE = 'Europe/Zurich';
/** Tall enough for the chart, the totals with their bill and the peak card in one screenshot. */
const TALL = { width: 1100, height: 1500 };

const calls = (page, cmd) => page.evaluate((cmd) => window.__wattdeskMock.calls.filter((c) => c.cmd === cmd).map((c) => c.args), cmd);
/** Intl's thin and no-break spaces as plain ones. */
const plain = (s) => s.replace(/[\u2009\u202f\u00a0]/g, ' ');

/** Waits until the chart shows the latest request's answer. */
async function settled(page) {
  await until(page, () => document.querySelector('[data-testid="history-chart"]') !== null || document.querySelector('[data-testid="history-empty"]') !== null);
  await until(page, () => document.querySelector('.chart-card')?.getAttribute('aria-busy') === 'false');
}

async function openHistory(page, base, { query = 'history', id = HOUSE } = {}) {
  await page.goto(`${base}?mock=${query}#/meter/${id}/history`);
  await page.getByRole('heading', { name: 'History', level: 1 }).waitFor();
  await settled(page);
}

/** Coloured pixels on the chart's canvas (bars and lines drawn). */
async function chartInk(page) {
  return page.evaluate(() => {
    const c = document.querySelector('[data-testid="history-chart"] canvas');
    if (!c) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 60 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) n++;
    return n;
  });
}

/** The plot area of the chart (uPlot's `.u-over`). */
const plotBox = (page) => page.getByTestId('history-chart').locator('.u-over').boundingBox();

async function step(page, testid, times = 1) {
  for (let i = 0; i < times; i++) {
    const before = await text(page.getByTestId('period-label'));
    await page.getByTestId(testid).click();
    await until(page, (b) => document.querySelector('[data-testid="period-label"]')?.innerText.replace(/\s+/g, ' ').trim() !== b, before);
  }
  await settled(page);
}

for (const scheme of ['light', 'dark']) {
  test(`history: today with costs, totals and the peak (${scheme})`, { colorScheme: scheme, timezoneId: ZONE, viewport: TALL }, async ({ page, base, shot }) => {
    // A mid-afternoon "now", so today already holds the morning's solar export whenever the tests run.
    await page.clock.setFixedTime(new Date('2026-11-18T15:00:00+01:00'));
    await openHistory(page, base);
    assert.match(plain(await text(page.getByTestId('period-label'))), /^Today · \w+day, \d{1,2} \w+ \d{4}$/);
    assert.equal(await page.getByTestId('period-next').isDisabled(), true, 'nothing after today');
    assert.equal(await text(page.locator('#chart-title')), 'Energy per quarter hour');
    assert.ok(Number(await page.getByTestId('history-chart').getAttribute('data-buckets')) > 4);
    assert.ok((await chartInk(page)) > 400, 'bars are drawn');
    const legend = await text(page.getByTestId('history-legend'));
    assert.match(legend, /Imported from the grid/);
    assert.match(legend, /Sent to the grid \(solar\)/);
    assert.match(legend, /Average power/);
    const q = (await calls(page, 'history_query')).at(-1).request;
    assert.equal(q.meter, HOUSE);
    assert.equal(q.bucket, '15m');
    assert.equal(q.to_ms - q.from_ms, 24 * 3_600_000);
    // Totals and the bill.
    assert.match(await text(page.getByTestId('total-import')), /^Imported from the grid [\d.]+ kWh$/);
    assert.match(await text(page.getByTestId('total-export')), /^Sent to the grid \(solar\) [\d.]+ kWh$/);
    assert.match(await text(page.getByTestId('total-tariffs')), /high tariff \(T1\) [\d.]+ kWh, at low tariff \(T2\) [\d.]+ kWh/);
    const bill = plain(await text(page.getByTestId('cost-breakdown')));
    assert.match(bill, /Energy at (high|low) tariff/);
    assert.match(bill, /Monthly fee \(for these days\)/);
    assert.match(bill, /Credit for energy sent [\d.]+ −CHF [\d.]+/);
    assert.match(bill, /VAT CHF [\d.]+/);
    assert.match(plain(await text(page.getByTestId('cost-total'))), /^CHF \d+\.\d\d$/);
    // The peak card.
    await page.getByTestId('peak-month').waitFor();
    assert.match(await text(page.getByTestId('peak-month')), /^[\d.]+ k?W$/);
    assert.match(await text(page.getByTestId('history-peak')), /12-month average [\d.]+ kW/i);
    assert.match(plain(await text(page.getByTestId('peak-yearly'))), /^CHF [\d.,]+ a year$/);
    assert.equal(await page.getByTestId('peak-heading-over').count(), 0);
    assert.match(await page.locator('#peak-title span').getAttribute('title'), /Average import power of a 15-minute period; capacity tariffs bill the monthly highest/);
    // The chart's summary for screen readers.
    assert.match(plain(await text(page.locator('#history-chart-summary'))), /^\w+day, \d+ \w+ \d{4}: imported [\d.]+ kWh, sent to the grid [\d.]+ kWh, cost CHF [\d.]+\./);
    await shot(`history-day-${scheme}`);

    // Money: one signed bar per quarter hour; the tooltip names the cost.
    await page.getByTestId('measure').getByRole('radio', { name: 'Money', exact: true }).check();
    await until(page, () => document.querySelector('[data-testid="history-chart"]')?.dataset.bars === 'cost');
    assert.equal(await text(page.locator('#chart-title')), 'Cost per quarter hour');
    assert.equal(await page.getByTestId('flow').count(), 0);
    const box = await plotBox(page);
    await page.mouse.move(box.x + box.width * (2.15 / 24), box.y + box.height / 2);
    const tip = page.getByTestId('history-tooltip');
    await tip.waitFor();
    assert.match(plain(await text(tip)), /^\w{3} \d+ \w{3}, 02:00–02:15 (Cost|Credit) CHF \d\.\d\d/);
    await shot(`history-day-money-${scheme}`);
  });

  test(`history: week, month and year (${scheme})`, { colorScheme: scheme, timezoneId: ZONE, viewport: TALL }, async ({ page, base, shot }) => {
    await openHistory(page, base);
    const kinds = [
      ['Week', 'Energy per hour', '1h', /^\d{1,2}( \w{3})? – \d{1,2} \w{3} \d{4}$/],
      ['Month', 'Energy per day', '1d', /^\w+ \d{4}$/],
      ['Year', 'Energy per month', '1mo', /^\d{4}$/],
    ];
    for (const [kind, title, bucket, label] of kinds) {
      await page.getByTestId('period-kind').getByRole('radio', { name: kind, exact: true }).check();
      await until(page, (b) => window.__wattdeskMock.calls.filter((c) => c.cmd === 'history_query').at(-1)?.args.request.bucket === b, bucket);
      // From the period holding today.
      await page.getByTestId('period-today').click();
      await until(page, () => document.querySelector('[data-testid="period-next"]')?.disabled === true);
      await settled(page);
      assert.equal(await text(page.locator('#chart-title')), title);
      assert.match(plain(await text(page.getByTestId('period-label'))), label);
      // A whole week or month before this one (this one has only begun).
      if (kind !== 'Year') await step(page, 'period-previous');
      assert.ok(Number(await page.getByTestId('history-chart').getAttribute('data-buckets')) >= (kind === 'Year' ? 2 : 5), `${kind} has data`);
      assert.ok((await chartInk(page)) > 150, `${kind}: bars are drawn`);
      await shot(`history-${kind.toLowerCase()}-${scheme}`);
    }
    // Monday weeks: the week holds today and starts on a Monday.
    await page.getByTestId('period-kind').getByRole('radio', { name: 'Week', exact: true }).check();
    await settled(page);
    const q = (await calls(page, 'history_query')).at(-1).request;
    const monday = await page.evaluate((ms) => new Date(ms).getDay() === 1 && new Date(ms).getHours() === 0, q.from_ms);
    assert.equal(monday, true, 'weeks start on Monday at midnight');
  });

  test(`history: a period without readings (${scheme})`, { colorScheme: scheme, timezoneId: ZONE }, async ({ page, base, shot }) => {
    await openHistory(page, base);
    await page.getByTestId('period-kind').getByRole('radio', { name: 'Month', exact: true }).check();
    await settled(page);
    await step(page, 'period-previous', 3);
    const empty = page.getByTestId('history-empty');
    await empty.waitFor();
    assert.match(await text(empty), /^No history for this period yet WattDesk records while it runs; the reader's SD card can fill in up to 31 days it missed/);
    assert.equal(await page.getByTestId('history-totals').count(), 0);
    await shot(`history-empty-${scheme}`);
    await empty.getByRole('button', { name: 'Show this month' }).click();
    await page.getByTestId('history-chart').waitFor();
    assert.equal(await page.getByTestId('period-next').isDisabled(), true, 'back at this month');
  });

  test(`history: a night filled from the SD card and hours without readings (${scheme})`, { colorScheme: scheme, timezoneId: ZONE, viewport: TALL }, async ({ page, base, shot }) => {
    await openHistory(page, base);
    // Yesterday: WattDesk was not running 01:30–06:30; the reader's SD card filled it.
    await step(page, 'period-previous');
    assert.match(await text(page.getByTestId('period-label')), /^Yesterday/);
    const legend = await text(page.getByTestId('history-legend'));
    assert.match(legend, /Filled from the reader's SD card/);
    assert.match(legend, /WattDesk was not running/);
    assert.match(plain(await text(page.getByTestId('history-gaps'))), /\w{3} \d+ \w{3}, 01:29–06:30 WattDesk was not running · filled from the reader's SD card/);
    assert.match(await text(page.getByTestId('total-sd')), /^\d+ bars \(partly\) filled from the reader's SD card$/);
    const box = await plotBox(page);
    await page.mouse.move(box.x + box.width * (3.1 / 24), box.y + box.height / 2);
    await page.getByTestId('history-tooltip').filter({ hasText: "Filled from the reader's SD card" }).waitFor();
    await shot(`history-sd-filled-${scheme}`);
    await page.mouse.move(0, 0);

    // Two days ago: the meter was unreachable 09:00–13:30; the first quarter after holds that energy.
    await step(page, 'period-previous');
    const gaps = plain(await text(page.getByTestId('history-gaps')));
    assert.match(gaps, /\w{3} \d+ \w{3}, 08:59–13:30 Meter unreachable$/);
    assert.match(await text(page.getByTestId('history-legend')), /Meter unreachable.*|Includes a stretch without readings/);
    await page.mouse.move(box.x + box.width * (11 / 24), box.y + box.height / 2);
    await page.getByTestId('history-tooltip').filter({ hasText: 'No readings' }).filter({ hasText: 'Meter unreachable' }).waitFor();
    await page.mouse.move(box.x + box.width * (13.6 / 24), box.y + box.height / 2);
    await page.getByTestId('history-tooltip').filter({ hasText: 'Includes the energy counted while readings were missing' }).waitFor();
    await shot(`history-gap-${scheme}`);
    await page.mouse.move(0, 0);

    // The reader had logged those hours on its card: filling brings them in.
    const before = Number(await page.getByTestId('history-chart').getAttribute('data-buckets'));
    await page.getByTestId('backfill-run').click();
    const result = page.getByTestId('backfill-result');
    await result.waitFor();
    assert.match(await text(result), /^Added 270 readings from the reader's SD card\. 3 daily files of 31 read from the card; 300 readings already added before; 3,750 readings where WattDesk had recorded itself\.$/);
    await until(page, (n) => Number(document.querySelector('[data-testid="history-chart"]')?.dataset.buckets) > n, before);
    assert.match(await text(page.getByTestId('history-gaps')), /Meter unreachable · filled from the reader's SD card/);
    if (scheme === 'light') await shot('history-gap-filled-light');
    // Again: nothing new.
    await page.getByTestId('backfill-run').click();
    await result.filter({ hasText: 'Nothing new: the history already has everything the SD card holds.' }).waitFor();
  });

  test(`history: export with progress, then the saved file (${scheme})`, { colorScheme: scheme, timezoneId: ZONE, viewport: TALL }, async ({ page, base, shot }) => {
    await openHistory(page, base);
    await page.evaluate(() => window.__wattdeskMock.holdExport());
    await page.getByTestId('export-buckets').click();
    const progress = page.locator('[data-testid="export-progress"][data-fraction="0.45"]');
    await progress.waitFor();
    assert.match(await text(progress), /^Buckets: Writing \d+ rows… 45 %$/);
    assert.equal(await page.getByTestId('export-raw').isDisabled(), true);
    await page.getByTestId('export').scrollIntoViewIfNeeded();
    await shot(`history-export-progress-${scheme}`);
    await page.evaluate(() => window.__wattdeskMock.releaseExport());
    const done = page.getByTestId('export-done');
    await done.waitFor();
    assert.equal(await text(page.getByTestId('export-path')), `/home/anna/Documents/wattdesk-${HOUSE.toLowerCase()}-history.csv`);
    assert.match(await text(done), /^Exported \d+ rows\. Saved to /);
    await shot(`history-export-done-${scheme}`);
    const sent = await calls(page, 'history_export');
    assert.equal(sent.length, 1);
    assert.equal(sent[0].raw, false);
    assert.equal(sent[0].onProgress, '<channel>');
    assert.equal(sent[0].request.meter, HOUSE);
    assert.equal(sent[0].request.bucket, '15m');
  });

  test(`history: the quarter hour heading over the limit (${scheme})`, { colorScheme: scheme, timezoneId: ZONE }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=history&peak=over#/meter/${HOUSE}/history`);
    const over = page.getByTestId('peak-heading-over');
    await over.waitFor();
    assert.match(await text(over), /^This quarter hour is heading over your limit of 5\.00 kW At the present pace it averages 6\.20 kW \(\d+ (s|min) in\)\. Switching something big off now keeps the peak lower\.$/);
    await page.getByTestId('history-peak').scrollIntoViewIfNeeded();
    await shot(`history-heading-over-${scheme}`);
  });

  test(`history: electricity prices in Settings (${scheme})`, { colorScheme: scheme, timezoneId: ZONE, viewport: { width: 1100, height: 1300 } }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=history#/settings/prices`);
    const prices = page.getByTestId('prices');
    const plan = prices.getByTestId('plan');
    await plan.first().waitFor();
    assert.equal(await plan.count(), 1);
    assert.match(plain(await text(plan)), /^Home tariff from \d+ \w{3,4} \d{4} In force today Edit Delete CHF 0.315\/kWh high \(Mon–Fri 07:00–20:00; Sat 07:00–13:00\), CHF 0.245\/kWh low · CHF 0.12\/kWh back for solar · CHF 9.50 a month · plus 8.1 % VAT$/);
    assert.equal(await prices.getByTestId('quarter-limit').inputValue(), '5');
    assert.equal(await prices.getByTestId('capacity-on').isChecked(), true);
    // The page scrolled to the prices (opened from History's link).
    const top = await prices.evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(top < 200, `the prices are in view (${top}px)`);
    await plan.getByTestId('plan-edit').click();
    await plan.getByTestId('plan-editor').waitFor();
    assert.equal(await plan.getByTestId('plan-high').inputValue(), '0.315');
    assert.equal(await plan.locator('[data-testid$="-hours-row"]').count(), 2);
    await shot(`history-prices-${scheme}`);
  });
}

test('history: prices are checked as typed, the backend’s refusal is shown, and saving works', { timezoneId: ZONE, viewport: { width: 1100, height: 1300 } }, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=history#/settings`);
  const prices = page.getByTestId('prices');
  const plan = prices.getByTestId('plan');
  await plan.first().waitFor();
  await plan.getByTestId('plan-edit').click();
  await plan.getByTestId('plan-high').fill('0,33');
  await plan.getByTestId('plan-low').fill('');
  await plan.getByTestId('plan-currency').fill('CH1');
  await prices.getByTestId('quarter-limit').fill('0');
  assert.equal(await prices.getByTestId('prices-unsaved').count(), 1);
  await prices.getByTestId('save-prices').click();
  await prices.getByTestId('prices-problems').filter({ hasText: '3 fields need a look before saving.' }).waitFor();
  const fields = await text(plan.getByTestId('plan-editor'));
  assert.match(fields, /Three letters, like CHF or EUR\./);
  assert.match(fields, /Enter the price per kWh\./);
  assert.match(await text(prices), /Between 0 and 1,000 kW\./);
  assert.equal(await plan.getByTestId('plan-low').getAttribute('aria-invalid'), 'true');
  assert.equal((await calls(page, 'set_tariffs')).length, 0, 'nothing is sent while fields are wrong');
  await prices.scrollIntoViewIfNeeded();
  await shot('history-prices-problems-light');

  await plan.getByTestId('plan-low').fill('0.25');
  await plan.getByTestId('plan-currency').fill('chf');
  await prices.getByTestId('quarter-limit').fill('4.5');
  // The backend refuses in its own words.
  await page.evaluate(() => window.__wattdeskMock.refuseNextPrices('plan "Home tariff": energy prices are between 0 and 100 per kWh'));
  await prices.getByTestId('save-prices').click();
  const failed = prices.getByTestId('prices-save-failed');
  await failed.waitFor();
  assert.equal(await text(failed), 'Couldn\'t save the prices. Plan "Home tariff": energy prices are between 0 and 100 per kWh.');
  // Saved: the whole list, the limit and the rule.
  await prices.getByTestId('save-prices').click();
  await page.getByTestId('toast').filter({ hasText: 'Electricity prices saved' }).waitFor();
  const saved = await page.evaluate(() => window.__wattdeskMock.tariffSettings());
  assert.equal(saved.plans[0].energy.high_per_kwh, 0.33);
  assert.equal(saved.plans[0].energy.low_per_kwh, 0.25);
  assert.equal(saved.plans[0].currency, 'CHF');
  assert.equal(saved.quarter_limit_kw, 4.5);
  assert.equal(await prices.getByTestId('prices-unsaved').count(), 0);

  // A new plan starts from the example; the Flanders rule sets the floor; deleting and saving.
  await prices.getByTestId('add-plan').click();
  await until(page, () => document.querySelectorAll('[data-testid="prices"] [data-testid="plan"]').length === 2);
  const fresh = plan.first();
  assert.equal(await fresh.getByTestId('plan-name').inputValue(), 'New plan');
  await fresh.getByTestId('plan-kind').getByText('One price').click();
  await fresh.getByTestId('plan-flat').fill('0.29');
  await prices.getByTestId('capacity-on').uncheck();
  await prices.getByTestId('capacity-flanders').click();
  assert.equal(await prices.getByTestId('capacity-floor').inputValue(), '2.5');
  await prices.getByTestId('save-prices').click();
  await page.getByTestId('toast').filter({ hasText: 'Electricity prices saved' }).last().waitFor();
  await until(page, () => window.__wattdeskMock.tariffSettings().plans.length === 2);
  const two = await page.evaluate(() => window.__wattdeskMock.tariffSettings());
  assert.deepEqual(two.plans.map((p) => p.energy.kind).sort(), ['flat', 'schedule']);
  assert.deepEqual(two.capacity, { floor_kw: 2.5, price_per_kw_year: 48.5 });
  await plan.first().getByTestId('plan-delete').click();
  await prices.getByTestId('save-prices').click();
  await until(page, () => window.__wattdeskMock.tariffSettings().plans.length === 1);
});

test('history: money without prices points to the prices editor', { timezoneId: ZONE }, async ({ page, base, shot }) => {
  await openHistory(page, base, { query: 'live' });
  assert.match(await text(page.getByTestId('cost-none')), /^Add your electricity prices to see what this cost\. Add prices$/);
  await page.getByTestId('measure').getByRole('radio', { name: 'Money', exact: true }).check();
  const hint = page.getByTestId('money-needs-prices');
  await hint.waitFor();
  assert.match(await text(hint), /^Add your electricity prices to see costs\./);
  assert.equal(await page.getByTestId('history-chart').count(), 0);
  await shot('history-money-needs-prices-light');
  await page.getByTestId('money-add-prices').click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  await page.getByTestId('prices-empty').waitFor();
  assert.match(page.url(), /#\/settings\/prices$/);
});

test('history: drag to zoom in, and back out', { timezoneId: ZONE }, async ({ page, base }) => {
  await openHistory(page, base);
  await step(page, 'period-previous');
  const box = await plotBox(page);
  await page.mouse.move(box.x + box.width * (9.1 / 24), box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * (12 / 24), box.y + 60, { steps: 6 });
  await page.mouse.move(box.x + box.width * (13.4 / 24), box.y + 60, { steps: 6 });
  await page.mouse.up();
  await page.getByTestId('zoom-reset').waitFor();
  await settled(page);
  assert.match(plain(await text(page.getByTestId('period-label'))), /^\d+ \w{3} \d{4}, 09:00–13:30$/);
  const q = (await calls(page, 'history_query')).at(-1).request;
  assert.equal(q.bucket, null, 'the backend chooses the bucket of a zoomed range');
  assert.equal(q.to_ms - q.from_ms, 4.5 * 3_600_000);
  assert.equal(await text(page.locator('#chart-title')), 'Energy per minute');
  assert.equal(await text(page.getByTestId('zoom-reset')), 'Show the whole day');
  await page.getByTestId('zoom-reset').click();
  await settled(page);
  assert.match(await text(page.getByTestId('period-label')), /^Yesterday/);
  assert.equal((await calls(page, 'history_query')).at(-1).request.bucket, '15m');
});

test('history: compare with the day before, and high/low tariff', { timezoneId: ZONE, viewport: TALL }, async ({ page, base, shot }) => {
  await openHistory(page, base);
  await page.getByTestId('compare').check();
  await until(page, () => (document.querySelector('[data-testid="history-legend"]')?.textContent ?? '').includes('Period before'));
  const qs = (await calls(page, 'history_query')).slice(-2).map((c) => c.request);
  assert.equal(qs[0].from_ms - qs[1].from_ms, 24 * 3_600_000, 'the day before is read with today');
  assert.match(await text(page.getByTestId('total-import-before')), /^The day before: [\d.]+ kWh \((\+|−|±)\d+ %\)$/);
  await page.getByTestId('split-tariffs').check();
  await until(page, () => document.querySelector('[data-testid="history-chart"]')?.dataset.bars === 't2 t1 export');
  assert.match(await text(page.getByTestId('history-legend')), /High tariff \(T1\).*Low tariff \(T2\)|Low tariff \(T2\).*High tariff \(T1\)/);
  await page.getByTestId('flow').getByRole('radio', { name: 'Net', exact: true }).check();
  await until(page, () => document.querySelector('[data-testid="history-chart"]')?.dataset.bars === 'net');
  assert.equal(await page.getByTestId('split-tariffs').count(), 0);
  await page.getByTestId('flow').getByRole('radio', { name: 'In and out', exact: true }).check();
  await shot('history-compare-tariffs-light');
});

test('history: a custom range of days', { timezoneId: ZONE }, async ({ page, base }) => {
  await openHistory(page, base);
  await page.getByTestId('period-kind').getByRole('radio', { name: 'Custom', exact: true }).check();
  await page.getByTestId('period-custom').waitFor();
  const [from, to] = await page.evaluate(() => {
    const d = (n) => {
      const x = new Date();
      x.setDate(x.getDate() - n);
      return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
    };
    return [d(10), d(4)];
  });
  await page.getByTestId('custom-from').fill(from);
  await page.getByTestId('custom-to').fill(to);
  await until(page, () => {
    const q = window.__wattdeskMock.calls.filter((c) => c.cmd === 'history_query').at(-1)?.args.request;
    return q && Math.round((q.to_ms - q.from_ms) / 86_400_000) === 7;
  });
  await settled(page);
  assert.equal((await calls(page, 'history_query')).at(-1).request.bucket, null);
  assert.equal(await text(page.locator('#chart-title')), 'Energy per quarter hour');
  // The previous period of a custom range is as long, just before it.
  await step(page, 'period-previous');
  const q = (await calls(page, 'history_query')).at(-1).request;
  assert.equal(Math.round((q.to_ms - q.from_ms) / 86_400_000), 7);
  // A last day before the first is said, and not asked.
  const n = (await calls(page, 'history_query')).length;
  await page.getByTestId('custom-to').fill('2020-01-01');
  await page.getByTestId('period-custom').getByText('The last day comes before the first.').waitFor();
  assert.equal((await calls(page, 'history_query')).length, n);
});

test('history: the household adds the meters up; a meter page opens its own', { timezoneId: ZONE }, async ({ page, base }) => {
  await page.goto(`${base}?mock=history#/history`);
  await page.getByRole('heading', { name: 'History', level: 1 }).waitFor();
  await settled(page);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).getAttribute('aria-current'), 'page');
  assert.match(await text(page.locator('.view-header')), /All your meters added up: House meter, Garden flat\./);
  assert.equal((await calls(page, 'history_query')).at(-1).request.meter, null);
  assert.equal((await calls(page, 'history_peaks')).at(-1).meter, null);
  assert.equal(await page.getByTestId('backfill').count(), 0);
  assert.equal(await page.getByTestId('history-gaps').count(), 0);
  await page.getByTestId('export-meter').selectOption({ label: 'Garden flat' });
  await page.getByTestId('export-buckets').click();
  await page.getByTestId('export-done').waitFor();
  assert.equal((await calls(page, 'history_export')).at(-1).request.meter, FLAT);
  // The meter's page has a History button.
  await page.goto(`${base}?mock=history#/meter/${HOUSE}`);
  await page.getByTestId('open-history').click();
  await until(page, (id) => window.location.hash === `#/meter/${id}/history`, HOUSE);
  await settled(page);
  assert.equal((await calls(page, 'history_query')).at(-1).request.meter, HOUSE);
  // With one meter, the household is that meter.
  await page.goto(`${base}?mock=free#/history`);
  await settled(page);
  assert.equal(await page.getByTestId('history-view').getAttribute('data-meter'), FLAT);
  await page.getByTestId('backfill').waitFor();
});

test('history: the store’s problem is shown; a cancelled export writes nothing', { timezoneId: ZONE }, async ({ page, base }) => {
  await page.goto(`${base}?mock=history&store=broken&chooser=cancel#/meter/${HOUSE}/history`);
  const notice = page.getByTestId('history-store-problem');
  await notice.waitFor();
  assert.match(await text(notice), /^WattDesk is not saving history right now\. New readings cannot be saved: the disk is full/);
  await settled(page);
  await page.getByTestId('export-raw').click();
  await page.getByTestId('export-cancelled').filter({ hasText: 'No file chosen: nothing was exported.' }).waitFor();
});

test('history: keyboard use, visible focus, labelled controls', { timezoneId: ZONE }, async ({ page, base }) => {
  await openHistory(page, base);
  await page.getByTestId('period-previous').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('period-label').filter({ hasText: 'Yesterday' }).waitFor();
  assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'solid', 'focused button shows a ring');
  assert.equal(await page.getByRole('button', { name: 'Previous day' }).count(), 1);
  assert.equal(await page.getByRole('button', { name: 'Next day' }).count(), 1);
  // Segmented controls: arrow keys move the choice.
  await page.getByRole('radio', { name: 'Day' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('radio', { name: 'Week' }).isChecked(), true);
  await settled(page);
  // The numbers as a table, for keyboard and screen-reader users.
  await page.getByTestId('history-table').locator('summary').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('history-table').locator('table').waitFor();
  assert.ok((await page.getByTestId('history-table').locator('tbody tr').count()) > 24);
  assert.equal(await page.getByRole('checkbox', { name: 'Compare with the week before' }).count(), 1);
});

test('history: fits the minimum window (800×560)', { timezoneId: ZONE, viewport: { width: 800, height: 560 } }, async ({ page, base, shot }) => {
  for (const hash of [`#/meter/${HOUSE}/history`, '#/settings/prices']) {
    await page.goto(`${base}?mock=history${hash}`);
    if (hash.includes('history')) await settled(page);
    else {
      await page.getByTestId('plan').first().waitFor();
      await page.getByTestId('plan-edit').click();
      await page.getByTestId('plan-editor').waitFor();
    }
    const overflow = await page.evaluate(() => {
      const wide = [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1);
      return { scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 3).map((el) => el.outerHTML.slice(0, 80)) };
    });
    assert.ok(overflow.scroll <= 800, `page scrolls sideways (${overflow.scroll}px)`);
    assert.deepEqual(overflow.wide, [], 'nothing sticks out of the window');
  }
  await shot('min-window-prices-light');
  await page.goto(`${base}?mock=history#/meter/${HOUSE}/history`);
  await settled(page);
  await shot('min-window-history-light');
});

test('history: quiet while open; the peaks are read at most once a minute, never while hidden', { timezoneId: ZONE }, async ({ page, base, ctx }) => {
  await ctx.addInitScript(() => {
    window.__frames = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => raf((t) => {
      window.__frames++;
      cb(t);
    });
    window.__hidden = false;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
    window.__setHidden = (hidden) => {
      window.__hidden = hidden;
      document.dispatchEvent(new Event('visibilitychange'));
    };
  });
  await page.clock.install();
  await openHistory(page, base);
  await page.getByTestId('peak-month').waitFor();
  const peaks = async () => (await calls(page, 'history_peaks')).length;
  assert.equal(await peaks(), 1);
  // Nothing moves by itself: no frames, no endless animation.
  const f0 = await page.evaluate(() => window.__frames);
  await page.clock.runFor(3000);
  assert.ok((await page.evaluate(() => window.__frames)) - f0 <= 2, 'no frames while nothing changes');
  const endless = await page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations === Infinity).length);
  assert.equal(endless, 0);
  await page.clock.runFor(60_000);
  await until(page, () => window.__wattdeskMock.calls.filter((c) => c.cmd === 'history_peaks').length === 2);
  await page.evaluate(() => window.__setHidden(true));
  await page.clock.runFor(150_000);
  assert.equal(await peaks(), 2, 'not read while hidden');
  await page.evaluate(() => window.__setHidden(false));
  await until(page, () => window.__wattdeskMock.calls.filter((c) => c.cmd === 'history_peaks').length === 3);
});

test('history: a 1 h live chart starts from the stored past', { timezoneId: ZONE }, async ({ page, base }) => {
  await page.goto(`${base}?mock=live&history=2#/meter/${HOUSE}`);
  await until(page, () => Number(document.querySelector('[data-testid="chart-power"]')?.dataset.points) > 10);
  assert.equal((await calls(page, 'history_recent')).length, 0, 'the 5 min chart needs no past');
  await page.getByRole('radio', { name: '1 h' }).check();
  await until(page, () => window.__wattdeskMock.calls.some((c) => c.cmd === 'history_recent'));
  assert.deepEqual((await calls(page, 'history_recent'))[0], { deviceId: HOUSE, seconds: 3600 });
  // Two minutes of replayed readings would be a few dozen columns of the hour; the past fills it.
  await until(page, () => Number(document.querySelector('[data-testid="chart-power"]')?.dataset.points) > 500);
  await page.getByRole('radio', { name: '24 h' }).check();
  await until(page, () => window.__wattdeskMock.calls.filter((c) => c.cmd === 'history_recent').length === 2);
  assert.deepEqual((await calls(page, 'history_recent'))[1], { deviceId: HOUSE, seconds: 86400 });
  await page.getByRole('radio', { name: '1 h' }).check();
  await until(page, () => document.querySelector('[data-testid="chart-power"]')?.dataset.span === String(3_600_000));
  assert.equal((await calls(page, 'history_recent')).length, 2, 'each span is read once');
});
