// Real-window E2E of History: the built WattDesk on a first run (the demo meter is added by itself), in
// Xvfb through tauri-driver. The user opens the demo meter's History and goes back one day: yesterday's
// bars are there although WattDesk never ran yesterday, filled from the demo reader's SD card (its
// daily CSV files) when its session went live. mDNS stays on loopback.
// Run by scripts/test.sh inside xvfb-run:
//   node ui/tests/e2e/history.mjs <wattdesk-binary>
// Screenshot: target/e2e/history-yesterday.png.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, startDriver, until } from './webdriver.mjs';

const app = resolve(process.argv[2] ?? 'target/debug/wattdesk');
const outDir = resolve('target/e2e');
mkdirSync(outDir, { recursive: true });

// A first run: no meters.json, so the demo meter is started and saved.
const config = mkdtempSync(join(tmpdir(), 'wattdesk-e2e-history-'));
const { driver, url } = await startDriver({ WATTDESK_MDNS: 'loopback', WATTDESK_CONFIG_DIR: config, WATTDESK_SECRETS: 'file' });

let session;
let lastSeen = '';
const js = (script, ...args) => session.cmd('POST', '/execute/sync', { script, args });
const tid = (id) => `[data-testid="${id}"]`;
const click = (css) => js('const e = document.querySelector(arguments[0]); if (!e) return 0; e.click(); return 1', css);

try {
  session = await Session.start(url, { browserName: 'wry', 'tauri:options': { application: app, args: [] } });
  await session.click(`//*[@data-testid='meter-card'][contains(., 'Demo meter')]//*[@data-testid='open-meter']`, {
    timeoutMs: 40000,
    what: 'Open on the demo meter',
  });
  await until('the History link', () => click(tid('open-history')));
  await until('the history view', () => js('return !!document.querySelector(arguments[0])', tid('history-view')));
  await until('the previous-day button', () => click(tid('period-previous')));
  // The session goes live, then the SD card is read and the view asks again (history-filled): poll the
  // table until yesterday's rows come from the card.
  const rows = await until(
    "yesterday's bars from the SD card",
    async () => {
      const counts = await js(
        `const d = document.querySelector(arguments[0]);
         if (!d) return { missing: true, view: document.querySelector('[data-testid="history-view"]')?.innerText?.slice(0, 600) ?? 'no view' };
         if (!d.open) { d.open = true; d.dispatchEvent(new Event('toggle')); return null; }
         const rows = [...d.querySelectorAll('tbody tr')];
         return { all: rows.length, sd: rows.filter((r) => r.innerText.includes("SD card")).length,
                  label: document.querySelector(arguments[1])?.innerText ?? '' };`,
        tid('history-table'),
        tid('period-label'),
      );
      // A whole day of 15-minute rows (the demo card keeps 2 days); DST days have 92 or 100.
      if (counts && counts.sd >= 90) return counts;
      // What the view shows while waiting, once per change, so a CI log tells why it timed out.
      const seen = counts?.missing ? `no table yet: ${counts.view.replace(/\s+/g, ' ').slice(0, 240)}` : JSON.stringify(counts);
      if (counts && seen !== lastSeen) console.log(`history e2e: ${seen}`);
      lastSeen = seen;
      return null;
    },
    60000,
  );
  writeFileSync(join(outDir, 'history-yesterday.png'), await session.screenshot());
  console.log(`history e2e: ${rows.label}: ${rows.all} buckets, ${rows.sd} filled from the demo reader's SD card`);
} catch (e) {
  // What the window showed when it failed, beside the log.
  if (session) await session.screenshot().then((png) => writeFileSync(join(outDir, 'history-failed.png'), png)).catch(() => {});
  throw e;
} finally {
  if (session) await session.end().catch(() => {});
  driver.kill();
}
