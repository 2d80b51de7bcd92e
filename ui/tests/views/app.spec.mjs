import { assert, test, text } from './harness.mjs';

test('app: keyboard navigation with arrows and Enter, visible focus', {}, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters`);
  await page.getByTestId('meter-card').first().waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Meters');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Discovery');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid', 'focused nav link shows a focus ring');
  await shot('nav-focus-light');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Discovery', level: 1 }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Discovery' }).getAttribute('aria-current'), 'page');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'About');
  await page.keyboard.press('Home');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Meters');
});

for (const scheme of ['light', 'dark']) {
  test(`about: name, version, what it does (${scheme})`, { colorScheme: scheme }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=meters#/about`);
    await page.getByTestId('about-version').filter({ hasText: '0.1.0' }).waitFor();
    const main = await text(page.locator('main'));
    assert.match(main, /WattDesk/);
    assert.match(main, /What it does/);
    assert.match(main, /Open source/);
    const features = await text(page.getByTestId('about-features'));
    for (const f of [/Finds your meters/, /password/, /Live power and energy/, /charts/, /Device health/, /MQTT/, /broker profiles/, /Transport inspector/, /Sharing:/, /demo meter/]) {
      assert.match(features, f);
    }
    assert.match(await text(page.getByTestId('about-desktop')), /^Always there: closing the window keeps WattDesk reading/);
    await shot(`about-${scheme}`);
  });
}

for (const view of ['meters', 'discovery', 'settings', 'about']) {
  test(`layout: ${view} fits the minimum window (800×560)`, { viewport: { width: 800, height: 560 } }, async ({ page, base, shot }) => {
    await page.goto(`${base}?mock=meters#/${view}`);
    await page.locator(`main[data-view="${view}"] h1`).waitFor();
    if (view === 'meters') await page.getByTestId('meter-card').first().waitFor();
    if (view === 'discovery') await page.getByTestId('discovered-card').nth(2).waitFor();
    const overflow = await page.evaluate(() => {
      const wide = [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1);
      return { scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 3).map((el) => el.outerHTML.slice(0, 80)) };
    });
    assert.ok(overflow.scroll <= 800, `page scrolls sideways (${overflow.scroll}px)`);
    assert.deepEqual(overflow.wide, [], 'nothing sticks out of the window');
    await shot(`min-window-${view}-light`);
  });
}

test('production bundle: no mock, graceful outside Tauri, CSP clean', { server: 'prod' }, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters`);
  const err = page.getByTestId('meters-error');
  await err.waitFor();
  assert.match(await text(err), /not connected/);
  assert.equal(await page.evaluate(() => 'mock' in document.documentElement.dataset), false);
  assert.equal(await page.evaluate(() => '__wattdeskMock' in window), false);
  await shot('production-outside-tauri-light');
});

test('csp: the app CSP is enforced in these tests (an inline style is refused)', {}, async ({ page, base, allow }) => {
  allow(/Applying inline style violates the following Content Security Policy directive 'style-src 'self''/);
  allow(/^CSP violation: style-src-attr blocked inline$/);
  await page.goto(`${base}?mock=meters`);
  await page.getByTestId('meter-card').first().waitFor();
  const result = await page.evaluate(async () => {
    // The violation event is dispatched asynchronously: wait for it (bounded) rather than a frame.
    const reported = new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
      setTimeout(() => resolve(false), 5000);
    });
    const el = document.createElement('div');
    el.setAttribute('style', 'width: 123px');
    document.body.append(el);
    await reported;
    const width = el.getBoundingClientRect().width;
    el.remove();
    return { width, violations: [...window.__cspViolations] };
  });
  assert.notEqual(result.width, 123, 'inline style attribute must be blocked');
  assert.deepEqual(result.violations, ['style-src-attr blocked inline']);
});
