// Real-window E2E of Sharing: the built WattDesk on a first run (the demo meter is added by itself), in
// Xvfb through tauri-driver. The user opens Settings › Sharing, lets the demo meter also answer like the
// reader itself, turns sharing on, and an independent client (curl) reads the demo meter's live stream
// through that compatibility port and the meter list through WattDesk's own address. mDNS stays on
// loopback; the gateway listens on 127.0.0.1 only.
// Run by scripts/test.sh inside xvfb-run:
//   node ui/tests/e2e/sharing.mjs <wattdesk-binary>
// Screenshot: target/e2e/sharing-on.png.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, Session, startDriver, until } from './webdriver.mjs';

const app = resolve(process.argv[2] ?? 'target/debug/wattdesk');
const outDir = resolve('target/e2e');
mkdirSync(outDir, { recursive: true });

const config = mkdtempSync(join(tmpdir(), 'wattdesk-e2e-sharing-'));
const { driver, url } = await startDriver({ WATTDESK_MDNS: 'loopback', WATTDESK_CONFIG_DIR: config, WATTDESK_SECRETS: 'file' });

let session;
const js = (script, ...args) => session.cmd('POST', '/execute/sync', { script, args });
const tid = (id) => `[data-testid="${id}"]`;

try {
  session = await Session.start(url, { browserName: 'wry', 'tauri:options': { application: app, args: [] } });
  // The demo meter is saved and live before sharing it.
  await session.find(`//*[@data-testid='meter-card'][contains(., 'Demo meter')]`, { timeoutMs: 40000, what: 'the demo meter' });
  await js(`location.hash = '#/settings/sharing'`);
  await until('the Sharing panel', () => js('return !!document.querySelector(arguments[0])', tid('sharing-enabled')));
  const port = await freePort();
  // WattDesk's port (a free one here), and the demo meter also answering like the reader (port chosen by WattDesk).
  await js(
    `const p = document.querySelector(arguments[0]); p.value = String(arguments[1]); p.dispatchEvent(new Event('input', { bubbles: true }));
     const c = document.querySelector('[data-testid^="sharing-compat-"] [data-testid="sharing-compat-on"]'); if (!c.checked) c.click();`,
    tid('sharing-port'),
    port,
  );
  await js('document.querySelector(arguments[0]).click()', tid('sharing-enabled'));
  const state = await until('sharing running', () =>
    js(`const s = document.querySelector(arguments[0])?.innerText ?? ''; const p = document.querySelector(arguments[1])?.innerText; return s.includes('Running') ? s : (p ? 'problem: ' + p : null)`, tid('sharing-state'), tid('sharing-problem')),
  );
  if (!state.includes('Running')) throw new Error(`sharing did not start: ${state}`);
  const compat = await until('the compatibility address', () =>
    js(`return document.querySelector('[data-testid="sharing-compat-url"] [data-testid="copy-text"]')?.innerText ?? null`),
  );
  const api = await js(`return document.querySelector('[data-testid="sharing-api-url"] [data-testid="copy-text"]')?.innerText ?? null`);
  if (api !== `http://127.0.0.1:${port}`) throw new Error(`WattDesk's address: ${api}`);
  writeFileSync(join(outDir, 'sharing-on.png'), await session.screenshot());

  // curl reads the demo meter's live stream through the compatibility port, like the device's own.
  let live = '';
  try {
    live = execFileSync('curl', ['-s', '-N', '--max-time', '6', `${compat}/api/v1/live`], { encoding: 'utf8' });
  } catch (e) {
    live = e.stdout ?? ''; // --max-time ends the endless stream with status 28
  }
  const events = live.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
  if (!live.includes('event: live') || events.length < 2 || events.some((e) => typeof e.E_In !== 'number')) {
    throw new Error(`the compatibility port's live stream: ${live.slice(0, 400)}`);
  }
  const meters = JSON.parse(execFileSync('curl', ['-s', '--max-time', '5', `${api}/api/v1/meters`], { encoding: 'utf8' }));
  if (meters[0]?.name !== 'Demo meter' || meters[0]?.state?.state !== 'live') throw new Error(`the meter list: ${JSON.stringify(meters).slice(0, 300)}`);
  console.log(`sharing e2e: ${events.length} live events from ${compat}, ${meters.length} meter(s) at ${api}`);
} catch (e) {
  if (session) await session.screenshot().then((png) => writeFileSync(join(outDir, 'sharing-failed.png'), png)).catch(() => {});
  throw e;
} finally {
  if (session) await session.end().catch(() => {});
  driver.kill();
}
