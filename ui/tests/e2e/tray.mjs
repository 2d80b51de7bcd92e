// Real-window E2E of WattDesk as a tray app: the built app on a first run (the demo meter), in Xvfb
// with its own D-Bus session (single instance and notifications speak D-Bus). Closing the window hides
// it while the app keeps running and recording; a second launch exits at once and brings the first
// window back. Run by scripts/test.sh:
//   dbus-run-session -- xvfb-run -a node ui/tests/e2e/tray.mjs <wattdesk-binary>
// Screenshot: target/e2e/tray-back.png.

import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session, startDriver, until } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const app = resolve(process.argv[2] ?? 'target/debug/wattdesk');
const outDir = resolve('target/e2e');
mkdirSync(outDir, { recursive: true });

const config = mkdtempSync(join(tmpdir(), 'wattdesk-e2e-tray-'));
const env = { WATTDESK_MDNS: 'loopback', WATTDESK_CONFIG_DIR: config, WATTDESK_SECRETS: 'file' };
const { driver, url } = await startDriver(env);

let session;
const invoke = (cmd, args = {}) =>
  session.cmd('POST', '/execute/async', {
    script: 'const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(done, (e) => done({ failed: e }))',
    args: [cmd, args],
  });

/** Visible top-level X windows titled WattDesk (xdotool; Xvfb has no window manager to ask). */
function visibleWindows() {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--name', '^WattDesk$'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

try {
  session = await Session.start(url, { browserName: 'wry', 'tauri:options': { application: app, args: [] } });
  await session.find(`//*[@data-testid='meter-card'][contains(., 'Demo meter')]`, { timeoutMs: 40000, what: 'the demo meter' });
  if (!(await invoke('tray_available'))) throw new Error('no tray icon came up (is libayatana-appindicator3 installed?)');
  const stored = async () => (await invoke('history_status')).readings_stored;
  await until('readings being recorded', async () => (await stored()) > 0, 40000);
  await until('the window on screen', () => visibleWindows().length > 0, 10000);

  // The user clicks the title bar's close button: the window manager's request, sent by close-window.py.
  // Debian's python3, where apt put python3-xlib (a pyenv python3 earlier in PATH would lack it).
  execFileSync('/usr/bin/python3', [join(here, 'close-window.py'), ...visibleWindows()], { stdio: 'inherit' });
  await until('the window to leave the screen', () => visibleWindows().length === 0, 10000);
  const before = await stored();
  const prefs = await invoke('preferences');
  if (!prefs.close_explained) throw new Error('the first close to the tray was not remembered as explained');
  // Still running and still recording with no window.
  const after = await until('more readings recorded while hidden', async () => {
    const n = await stored();
    return n >= before + 3 ? n : null;
  });
  console.log(`tray e2e: window hidden, ${after - before} more readings recorded`);

  // A second launch hands over to the first (which shows its window again) and exits by itself.
  const second = spawn(app, [], { env: { ...process.env, ...env }, stdio: 'inherit' });
  const code = await new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error('the second launch did not exit within 20 s')), 20000);
    second.once('exit', (c) => {
      clearTimeout(t);
      res(c);
    });
  });
  if (code !== 0) throw new Error(`the second launch exited with ${code}`);
  await until('the first window back on screen', () => visibleWindows().length === 1, 10000);
  const meters = await invoke('list_meters');
  if (!Array.isArray(meters) || meters.length !== 1) throw new Error(`expected the one demo meter in the first instance, got ${JSON.stringify(meters).slice(0, 200)}`);
  writeFileSync(join(outDir, 'tray-back.png'), await session.screenshot());
  console.log('tray e2e: a second launch exited (0) and brought the first window back');
} catch (e) {
  if (session) await session.screenshot().then((png) => writeFileSync(join(outDir, 'tray-failed.png'), png)).catch(() => {});
  throw e;
} finally {
  if (session) await session.end().catch(() => {});
  driver.kill();
}
