// A tiny test harness for the view tests: register tests, run them one by one in fresh browser contexts,
// fail on any page error, console error or CSP violation, and save screenshots.
import assert from 'node:assert/strict';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const UI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS_DIR = path.join(UI_DIR, 'test-results', 'screenshots');

/** @typedef {{ page: import('playwright-core').Page, base: string, shot: (name: string) => Promise<void>, ctx: import('playwright-core').BrowserContext, allow: (re: RegExp) => void }} T */

const tests = [];

/**
 * @param {string} name
 * @param {{ server?: 'mock' | 'prod', colorScheme?: 'light' | 'dark', viewport?: { width: number, height: number }, timezoneId?: string }} opts
 * @param {(t: T) => Promise<void>} fn
 */
export function test(name, opts, fn) {
  tests.push({ name, opts, fn });
}

export { assert };

/** Waits until `fn` (run in the page) returns truthy. Polls on animation frames, no fixed sleeps. */
export async function until(page, fn, arg, timeout = 5000) {
  await page.waitForFunction(fn, arg, { timeout });
}

/** Text of a locator, whitespace collapsed. */
export async function text(locator) {
  return ((await locator.innerText()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Opens every "Details" disclosure in a locator (technical details are closed at first), for `text`. */
export async function expand(locator) {
  await locator.evaluate((el) => {
    for (const d of [el, ...el.querySelectorAll('details')]) if (d instanceof HTMLDetailsElement) d.open = true;
  });
}

export async function runAll({ browser, servers, filter }) {
  await mkdir(SHOTS_DIR, { recursive: true });
  for (const f of await readdir(SHOTS_DIR)) {
    if (f.startsWith('FAILED-')) await rm(path.join(SHOTS_DIR, f));
  }
  let passed = 0;
  let failed = 0;
  const failures = [];
  for (const t of tests) {
    if (filter && !t.name.includes(filter)) continue;
    const started = Date.now();
    const ctx = await browser.newContext({
      viewport: t.opts.viewport ?? { width: 1100, height: 720 },
      colorScheme: t.opts.colorScheme ?? 'light',
      reducedMotion: 'no-preference',
      deviceScaleFactor: 1,
      ...(t.opts.timezoneId ? { timezoneId: t.opts.timezoneId } : {}),
    });
    await ctx.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
      );
    });
    const page = await ctx.newPage();
    page.setDefaultTimeout(5000);
    const problems = [];
    /** Problems a test provokes on purpose (matched against the messages). */
    const allowed = [];
    const allow = (re) => allowed.push(re);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || (m.type() === 'warning' && /Content Security Policy|\[svelte\]/i.test(m.text()))) {
        problems.push(`console ${m.type()}: ${m.text()}`);
      }
    });
    const base = servers[t.opts.server ?? 'mock'];
    const shot = async (name) => {
      await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), animations: 'disabled', caret: 'hide' });
    };
    try {
      await t.fn({ page, base, shot, ctx, allow });
      const csp = await page.evaluate(() => window.__cspViolations ?? []);
      for (const v of csp) problems.push(`CSP violation: ${v}`);
      const unexpected = problems.filter((p) => !allowed.some((re) => re.test(p)));
      if (unexpected.length > 0) throw new Error(unexpected.join('\n'));
      passed++;
      console.log(`  ✓ ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      failures.push({ name: t.name, error: e });
      console.log(`  ✗ ${t.name} (${Date.now() - started} ms)`);
      await page.screenshot({ path: path.join(SHOTS_DIR, `FAILED-${t.name.replace(/[^\w-]+/g, '_')}.png`) }).catch(() => {});
    } finally {
      await ctx.close();
    }
  }
  for (const f of failures) {
    console.log(`\n✗ ${f.name}\n${f.error?.stack ?? f.error}`);
  }
  return { passed, failed };
}
