// The window stays open all day: it must be quiet. These tests count what the page asks the browser to do
// (animation frames, running animations) in the mock build. The real window's CPU is measured by
// tests/e2e/quiet.mjs (scripts/measure-quiet.sh).
import { assert, test, until } from './harness.mjs';

const HOUSE = 'ECC9FF5C7F14';

/** Counts animation frames the page requests, and lets a test hide the page (as minimizing does). */
async function instrument(ctx) {
  await ctx.addInitScript(() => {
    window.__frames = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => raf((t) => {
      window.__frames++;
      cb(t);
    });
    window.__hidden = false;
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden });
    window.__setHidden = (hidden) => {
      window.__hidden = hidden;
      document.dispatchEvent(new Event('visibilitychange'));
    };
  });
}

/** Animation frames run during `ms` (a measurement: the one place these tests let time pass). */
const framesDuring = (page, ms) =>
  page.evaluate((ms) => new Promise((r) => {
    const f0 = window.__frames;
    setTimeout(() => r(window.__frames - f0), ms);
  }), ms);

/** CSS animations running now that never end. */
const endless = (page) =>
  page.evaluate(() =>
    document
      .getAnimations()
      .filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations === Infinity)
      .map((a) => `${a.animationName} on ${a.effect?.target?.className}`),
  );

test('quiet: the Meters view shows each new reading once, and nothing moves for ever', {}, async ({ page, base, ctx }) => {
  await instrument(ctx);
  await page.goto(`${base}?mock=meters&rate=1`);
  await page.getByTestId('net-power').first().waitFor();
  await framesDuring(page, 2000); // the page settles
  // Two live meters at 1 reading/s each: a frame per reading (about 2 a second), not 60.
  const frames = await framesDuring(page, 5000);
  assert.ok(frames <= 12, `${frames} frames in 5 s`);
  assert.deepEqual(await endless(page), [], 'no endless animation while meters are live');
});

for (const rate of [1, 10]) {
  test(`quiet: the meter detail draws about once a second at ${rate} reading${rate > 1 ? 's' : ''}/s`, {}, async ({ page, base, ctx }) => {
    await instrument(ctx);
    await page.goto(`${base}?mock=live&rate=${rate}#/meter/${HOUSE}`);
    await until(page, () => Number(document.querySelector('[data-testid="chart-power"]')?.dataset.points) > 10);
    await framesDuring(page, 2000); // the page settles (first draws, sizes)
    const frames = await framesDuring(page, 5000);
    assert.ok(frames >= 3 && frames <= 7, `${frames} frames in 5 s`);
    assert.deepEqual(await endless(page), []);
  });
}

test('quiet: nothing is drawn while the window is hidden; it catches up when shown', {}, async ({ page, base, ctx }) => {
  await instrument(ctx);
  await page.goto(`${base}?mock=live&rate=2#/meter/${HOUSE}`);
  await until(page, () => Number(document.querySelector('[data-testid="chart-power"]')?.dataset.points) > 10);
  await page.evaluate(() => window.__setHidden(true));
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('page-hidden')), true);
  const kw = await page.getByTestId('net-power').getAttribute('data-kw');
  assert.equal(await framesDuring(page, 3000), 0);
  assert.equal(await page.getByTestId('net-power').getAttribute('data-kw'), kw, 'nothing on screen changed while hidden');
  await page.evaluate(() => window.__setHidden(false));
  await until(page, (before) => document.querySelector('[data-testid="net-power"]')?.dataset.kw !== before, kw);
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('page-hidden')), false);
});

test('quiet: looking for meters does not animate for ever', {}, async ({ page, base }) => {
  await page.goto(`${base}?mock=errors#/discovery`);
  await page.getByTestId('discovery-scanning').waitFor();
  // A few beats when looking starts, then the indicators stand still (looking lasts while the page is open).
  await until(page, () => document.getAnimations().every((a) => a.playState !== 'running'), undefined, 10_000);
});
