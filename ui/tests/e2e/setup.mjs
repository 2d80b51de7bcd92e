// Real-window E2E of the setup wizard: a simulated whatwatt Go fresh out of the box (its own access
// point, an encrypted meter waiting for its key) set up in the built WattDesk under Xvfb, driven by
// tauri-driver, to its first live reading in the Meters view. mDNS stays on loopback. Run by
// scripts/test.sh inside xvfb-run:
//   node ui/tests/e2e/setup.mjs <wattdesk-binary> <whatwatt-sim-binary>
// Prints how long each part took; screenshots go to target/e2e/setup-*.png.

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
const KEY = '00112233445566778899AABBCCDDEEFF';

const config = mkdtempSync(join(tmpdir(), 'wattdesk-e2e-setup-'));
writeFileSync(join(config, 'meters.json'), JSON.stringify({ version: 1, meters: [] }));

const sim = spawn(
  simBin,
  ['--setup-mode', '--key-required', '--meter-key', KEY, '--wifi-password', 'our-home-wifi-2024', '--interval', '0.5', '--seed', '4242'],
  { env: { ...process.env, WATTDESK_MDNS: 'loopback' }, stdio: ['ignore', 'pipe', 'inherit'] },
);
const ap = await new Promise((ok, no) => {
  const lines = createInterface({ input: sim.stdout });
  lines.on('line', (l) => {
    const m = l.match(/^device \S+ http:\/\/(\S+)/);
    if (m) ok(m[1]);
  });
  sim.on('exit', (code) => no(new Error(`whatwatt-sim exited (${code})`)));
  setTimeout(() => no(new Error('whatwatt-sim did not start')), 15000);
});

// The simulator's address stands in for this computer's default gateway (on the device's own Wi-Fi
// the device is the gateway); the real gateway is never asked, so no packet leaves the machine.
const { driver, url } = await startDriver({
  WATTDESK_MDNS: 'loopback',
  WATTDESK_CONFIG_DIR: config,
  WATTDESK_SECRETS: 'file',
  WATTDESK_SETUP_GATEWAY: ap,
});
let session;
const times = [];
let mark = Date.now();
const lap = (what) => {
  times.push(`${what} ${((Date.now() - mark) / 1000).toFixed(1)} s`);
  mark = Date.now();
};
const shot = async (name) => writeFileSync(join(outDir, `setup-${name}.png`), await session.screenshot());
try {
  session = await Session.start(url, { browserName: 'wry', 'tauri:options': { application: app, args: [] } });
  await session.click(`//*[@data-testid='setup-open-wizard']`, { timeoutMs: 30000, what: 'Set up a new meter' });
  // Found without typing an address: as the computer's gateway.
  await session.find(`//*[@data-testid='setup-found']//label[contains(., 'on its own Wi-Fi')]`, { timeoutMs: 20000, what: 'the device found by itself' });
  const typed = await session.property(await session.find(`//*[@data-testid='setup-address']`), 'value');
  if (typed !== ap) throw new Error(`the address field holds ${JSON.stringify(typed)}, not the device's ${ap}`);
  lap('found as the gateway');
  await shot('where');
  await session.click(`//button[normalize-space(.)='Next']`, { what: 'Next' });
  await session.find(`//*[@data-testid='setup-networks']//label[contains(., 'HomeNet')]`, { timeoutMs: 20000, what: "the device's Wi-Fi scan" });
  await shot('network');
  lap('scan');
  await session.click(`//*[@data-testid='setup-networks']//label[contains(., 'HomeNet')]`, { what: 'HomeNet' });
  await session.type(`//*[@data-testid='setup-wifi-password']`, 'our-home-wifi-2024', { what: 'the Wi-Fi password' });
  await session.click(`//button[normalize-space(.)='Next']`, { what: 'Next' });
  await session.type(`//*[@data-testid='setup-meter-key']`, '0011 2233 4455 6677 8899 aabb ccdd eeff', { what: 'the meter key' });
  await session.type(`//*[@data-testid='setup-password']`, 'hall-meter-pw', { what: 'the device password' });
  await session.type(`//*[@data-testid='setup-name']`, 'Hall meter', { what: 'the name' });
  await session.click(`//*[@data-testid='setup-start']`, { what: 'Set up' });
  mark = Date.now();
  await session.find(`//*[@data-testid='setup-now'][contains(., 'connection to the meter')]`, { timeoutMs: 60000, what: 'the meter step' });
  lap('device identified');
  await shot('meter');
  await session.find(`//*[@data-testid='setup-now'][contains(., 'join your home network')]`, { timeoutMs: 120000, what: 'the join step' });
  lap('meter OK with its key, first reading, password set and proven, named');
  await session.find(`//*[@data-testid='setup-done']`, { timeoutMs: 120000, what: 'the setup finished' });
  lap('joined Wi-Fi, found again by mDNS, saved');
  await shot('done');
  await session.click(`//button[normalize-space(.)='Close']`, { what: 'Close' });
  const card = `//*[@data-testid='meter-card'][contains(., 'Hall meter')]`;
  await session.find(`${card}//*[@data-testid='net-power'][@data-kw]`, { timeoutMs: 30000, what: 'the first live reading in Meters' });
  lap('first live reading in Meters');
  await shot('meters');
  console.log(`setup walked: ${times.join(', ')}`);
} catch (e) {
  if (session) await shot('failed').catch(() => {});
  throw e;
} finally {
  if (session) await session.end();
  driver.kill();
  sim.kill();
}
