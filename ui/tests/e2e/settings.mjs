// Real-window E2E of the meter's settings: a saved, simulated whatwatt Go; in the built WattDesk under
// Xvfb (tauri-driver) the user opens the meter's Settings, changes the device name and the report
// interval, reviews the field-by-field diff, saves, and sees the values read back. The device itself
// is then asked over HTTP (node's fetch, not WattDesk) whether it holds them. mDNS stays on loopback.
// Run by scripts/test.sh inside xvfb-run:
//   node ui/tests/e2e/settings.mjs <wattdesk-binary> <whatwatt-sim-binary>
// Screenshots go to target/e2e/settings-*.png.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Session, startDriver } from './webdriver.mjs';

const app = resolve(process.argv[2] ?? 'target/debug/wattdesk');
const simBin = resolve(process.argv[3] ?? 'target/debug/whatwatt-sim');
const outDir = resolve('target/e2e');
mkdirSync(outDir, { recursive: true });

const sim = spawn(simBin, ['--interval', '1', '--seed', '77'], {
  env: { ...process.env, WATTDESK_MDNS: 'loopback' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const { id, address } = await new Promise((ok, no) => {
  const lines = createInterface({ input: sim.stdout });
  lines.on('line', (l) => {
    const m = l.match(/^device (\S+) http:\/\/(\S+)/);
    if (m) ok({ id: m[1], address: m[2] });
  });
  sim.on('exit', (code) => no(new Error(`whatwatt-sim exited (${code})`)));
  setTimeout(() => no(new Error('whatwatt-sim did not start')), 15000);
});

const config = mkdtempSync(join(tmpdir(), 'wattdesk-e2e-settings-'));
writeFileSync(
  join(config, 'meters.json'),
  JSON.stringify({ version: 1, meters: [{ device_id: id, name: 'Kitchen meter', address, has_password: false }] }),
);
const { driver, url } = await startDriver({ WATTDESK_MDNS: 'loopback', WATTDESK_CONFIG_DIR: config, WATTDESK_SECRETS: 'file' });

let session;
// WebKitWebDriver answers element and screenshot commands on this page only after a long wait or
// never (its General and Protection sections; other pages are fine, and the window itself paints:
// checked with xwd), while script execution works. So the page is driven by small scripts that do
// what a user does: set a field and send its input event, click, read the DOM.
const js = (script, ...args) => session.cmd('POST', '/execute/sync', { script, args });
async function waitFor(css, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await js('const e = document.querySelector(arguments[0]); if (!e) return null; return "value" in e && typeof e.value === "string" ? e.value : e.innerText', css);
    if (found !== null) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const click = (css) => js('document.querySelector(arguments[0]).click(); return 1', css);
const typeInto = (css, text) =>
  js(
    `const e = document.querySelector(arguments[0]); e.focus();
     Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(e, arguments[1]);
     e.dispatchEvent(new Event('input', { bubbles: true })); return 1`,
    css,
    text,
  );
const field = (key) => `[data-testid="field-${key}"]`;
const tid = (id) => `[data-testid="${id}"]`;
try {
  session = await Session.start(url, { browserName: 'wry', 'tauri:options': { application: app, args: [] } });
  await session.click(`//*[@data-testid='meter-card'][contains(., 'Kitchen meter')]//*[@data-testid='open-meter']`, { timeoutMs: 30000, what: 'Open on the saved meter' });
  await writeFileSync(join(outDir, 'settings-detail.png'), await session.screenshot());
  await js('document.querySelector(arguments[0]).click(); return 1', tid('open-settings'));
  const before = await waitFor(field('device.system.name'), 'the device name field');
  if (before !== '') throw new Error(`the name field shows ${JSON.stringify(before)}, the device's name is empty`);
  await typeInto(field('device.system.name'), 'Kitchen');

  await click(tid('section-services'));
  const interval = await waitFor(field('device.services.report_interval'), 'the report interval field');
  if (interval !== '30') throw new Error(`the report interval shows ${interval}, not the device default 30`);
  await typeInto(field('device.services.report_interval'), '12');
  const count = await waitFor(tid('changes-count'), 'the count of changes');
  if (!count.includes('2')) throw new Error(`the edit bar counts: ${count}`);

  await click(tid('review-changes'));
  const nameRow = await waitFor(tid('change-device.system.name'), 'the name in the diff');
  const intervalRow = await waitFor(tid('change-device.services.report_interval'), 'the interval in the diff');
  if (!nameRow.includes('Kitchen') || !intervalRow.includes('30') || !intervalRow.includes('12')) {
    throw new Error(`the diff reads: ${nameRow} | ${intervalRow}`);
  }
  await click(tid('save-settings'));
  const said = await waitFor(tid('saved-readback'), 'saved and read back');
  if (!said.includes('read back') || said.includes('something else')) throw new Error(`after saving: ${said}`);

  // The device holds them (asked directly, not through WattDesk), and the field shows the value read back.
  const device = await (await fetch(`http://${address}/api/v1/settings`)).json();
  if (device.system.name !== 'Kitchen' || device.services.report_interval !== 12) {
    throw new Error(`the device holds name ${JSON.stringify(device.system.name)}, interval ${device.services.report_interval}`);
  }
  const shown = await waitFor(field('device.services.report_interval'), 'the interval after saving');
  if (shown !== '12') throw new Error(`the field shows ${shown} after the save`);
  console.log(`settings e2e: name and report interval changed, reviewed, saved and read back (device ${id})`);
} finally {
  if (session) await session.end().catch(() => {});
  driver.kill();
  sim.kill();
}
