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
const shot = async (name) => writeFileSync(join(outDir, `settings-${name}.png`), await session.screenshot());
const field = (key) => `//*[@data-testid='field-${key}']`;
try {
  session = await Session.start(url, { browserName: 'wry', 'tauri:options': { application: app, args: [] } });
  await session.click(`//*[@data-testid='meter-card'][contains(., 'Kitchen meter')]//*[@data-testid='open-meter']`, { timeoutMs: 30000, what: 'Open on the saved meter' });
  await session.click(`//*[@data-testid='open-settings']`, { what: 'Settings' });
  const name = await session.find(field('device.system.name'), { timeoutMs: 20000, what: 'the device name field' });
  await shot('general');
  const before = await session.property(name, 'value');
  if (before !== '') throw new Error(`the name field shows ${JSON.stringify(before)}, the device's name is empty`);
  await session.type(field('device.system.name'), 'Kitchen', { what: 'the device name' });

  await session.click(`//*[@data-testid='section-services']`, { what: 'Services' });
  const interval = await session.find(field('device.services.report_interval'), { what: 'the report interval field' });
  if ((await session.property(interval, 'value')) !== '30') throw new Error('the report interval does not show the device default 30');
  await session.type(field('device.services.report_interval'), '12', { what: 'the report interval' });
  await session.find(`//*[@data-testid='changes-count'][contains(., '2')]`, { what: 'two changes counted' });
  await shot('edited');

  await session.click(`//*[@data-testid='review-changes']`, { what: 'Review changes' });
  const nameRow = await session.find(`//*[@data-testid='change-device.system.name']`, { what: 'the name in the diff' });
  const intervalRow = await session.find(`//*[@data-testid='change-device.services.report_interval']`, { what: 'the interval in the diff' });
  const diff = `${await session.text(nameRow)} | ${await session.text(intervalRow)}`;
  if (!diff.includes('Kitchen') || !diff.includes('30') || !diff.includes('12')) throw new Error(`the diff reads: ${diff}`);
  await shot('review');
  await session.click(`//*[@data-testid='save-settings']`, { what: 'Save' });
  const saved = await session.find(`//*[@data-testid='saved-readback']`, { timeoutMs: 20000, what: 'saved and read back' });
  const said = await session.text(saved);
  if (!said.includes('read back') || said.includes('something else')) throw new Error(`after saving: ${said}`);
  await shot('saved');

  // The device holds them (asked directly, not through WattDesk).
  const device = await (await fetch(`http://${address}/api/v1/settings`)).json();
  if (device.system.name !== 'Kitchen' || device.services.report_interval !== 12) {
    throw new Error(`the device holds name ${JSON.stringify(device.system.name)}, interval ${device.services.report_interval}`);
  }
  const shown = await session.property(await session.find(field('device.services.report_interval')), 'value');
  if (shown !== '12') throw new Error(`the field shows ${shown} after the save`);
  console.log(`settings e2e: name and report interval changed, reviewed, saved and read back (device ${id})`);
} finally {
  if (session) await session.end().catch(() => {});
  driver.kill();
  sim.kill();
}
