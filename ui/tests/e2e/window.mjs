// Real-window E2E: the built WattDesk (tauri build --debug --no-bundle) in demo mode under Xvfb,
// driven by tauri-driver. Run by scripts/test.sh inside xvfb-run:
//   node ui/tests/e2e/window.mjs <path-to-wattdesk-binary>
// Checks: the demo meter appears in Discovery, is added, shows in Meters; its live power changes within
// 2 s and the detail view draws a chart, which has the readings of the seconds spent on another page; the
// health panel's uptime advances; the transport inspector compares SSE, polling and MQTT (the
// demo meter publishes to a local mosquitto, as scripts/demo.sh sets up); a manual add of an
// unreachable address shows the "unreachable" diagnostic. Screenshots go to target/e2e/.

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Session, freePort, lit, startDriver } from './webdriver.mjs';

const app = resolve(process.argv[2] ?? 'target/debug/wattdesk');
const outDir = resolve('target/e2e');
mkdirSync(outDir, { recursive: true });

const config = mkdtempSync(join(tmpdir(), 'wattdesk-e2e-'));
// Not a first run: an empty list exists, so the demo meter is only running, not saved yet.
writeFileSync(join(config, 'meters.json'), JSON.stringify({ version: 1, meters: [] }));

// The demo broker: mosquitto in the foreground on a free loopback port, like scripts/demo.sh.
const brokerPort = await freePort();
const brokerConf = join(config, 'mosquitto.conf');
writeFileSync(brokerConf, `listener ${brokerPort} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n`);
const broker = spawn('/usr/sbin/mosquitto', ['-c', brokerConf], { stdio: 'ignore' });

const { driver, url } = await startDriver({
  WATTDESK_MDNS: 'loopback',
  WATTDESK_CONFIG_DIR: config,
  WATTDESK_SECRETS: 'file',
  WATTDESK_DEMO_BROKER: `mqtt://127.0.0.1:${brokerPort}`,
});

let session;
const started = Date.now();

/** From any page: Meters, then the demo meter's detail. */
async function openDemoMeter() {
  await session.click(`//nav//*[self::a or self::button][contains(., 'Meters')]`, { what: 'the Meters tab' });
  await session.click(`//*[@data-testid='meter-card'][contains(., 'Demo meter')]//*[@data-testid='open-meter']`, { what: 'Open' });
}
try {
  session = await Session.start(url, {
    browserName: 'wry',
    'tauri:options': { application: app, args: ['--demo'] },
  });

  // Discovery finds the demo meter like a real one.
  await session.click(`//nav//*[self::a or self::button][contains(., 'Discovery')]`, { what: 'the Discovery tab' });
  const card = `//*[@data-testid='discovered-card'][contains(., 'Demo meter')]`;
  await session.find(card, { timeoutMs: 30000, what: 'the demo meter in Discovery' });
  writeFileSync(join(outDir, 'discovery.png'), await session.screenshot());
  await session.click(`${card}//button[normalize-space(.)='Add']`, { what: 'the Add button' });
  await session.find(`//*[contains(., ${lit('Added')})]`, { what: 'the added confirmation' });

  // It shows in Meters.
  await session.click(`//nav//*[self::a or self::button][contains(., 'Meters')]`, { what: 'the Meters tab' });
  const row = await session.find(`//*[@data-testid='meter-card'][contains(., 'Demo meter')]`, { what: 'the demo meter in Meters' });
  const rowText = await session.text(row);
  writeFileSync(join(outDir, 'meters.png'), await session.screenshot());
  if (!/Demo meter/.test(rowText)) throw new Error(`unexpected Meters row: ${rowText}`);

  // Live: the card's power value changes within 2 s of the first one (the demo is a 1 s P1 meter).
  // Compared on the raw value: at a high evening load the shown figure has 0.1 kW steps.
  const power = `//*[@data-testid='meter-card'][contains(., 'Demo meter')]//*[@data-testid='net-power']`;
  const kw = async () => session.attribute(await session.find(power, { what: 'the live power value' }), 'data-kw');
  let first = null;
  const firstDeadline = Date.now() + 20000;
  while (!/\d/.test(first ?? '')) {
    if (Date.now() > firstDeadline) throw new Error('no live power value on the Meters card');
    first = await kw();
  }
  const changedBy = Date.now() + 2000;
  let now = first;
  while (now === first) {
    if (Date.now() > changedBy) throw new Error(`live power stuck at ${first} kW for 2 s`);
    await new Promise((r) => setTimeout(r, 100));
    now = await kw();
  }
  const shown = (await session.text(await session.find(power))).replace(/\s+/g, ' ');
  console.log(`live power changed: ${first} kW → ${now} kW (shown: ${shown})`);

  // The meter detail draws its power chart.
  await session.click(`//*[@data-testid='meter-card'][contains(., 'Demo meter')]//*[@data-testid='open-meter']`, { what: 'Open' });
  await session.find(`//*[@data-testid='chart-power'][number(@data-points) > 1]//canvas`, { timeoutMs: 20000, what: 'a drawn power chart' });
  writeFileSync(join(outDir, 'meter-detail.png'), await session.screenshot());
  const uptimeXpath = `//*[@data-testid='uptime'][@data-seconds]`;
  const uptimeAt = Date.now();
  const uptime0 = Number(await session.attribute(await session.find(uptimeXpath, { timeoutMs: 20000, what: 'the uptime' }), 'data-seconds'));

  // Readings keep filling the charts while the detail view is closed: after 8 s on another page the chart
  // has them at once (without that it could only gain about one point a second after coming back).
  const chart = `//*[@data-testid='chart-power']`;
  const points0 = Number(await session.attribute(await session.find(chart), 'data-points'));
  await session.click(`//nav//*[self::a or self::button][contains(., 'Settings')]`, { what: 'the Settings tab' });
  await new Promise((r) => setTimeout(r, 8000));
  await openDemoMeter();
  const back = await session.find(`${chart}[number(@data-points) >= ${points0 + 5}]`, {
    timeoutMs: 1500,
    what: `the power chart with the readings of the 8 s away (had ${points0} points)`,
  });
  console.log(`chart points: ${points0} before 8 s on Settings, ${await session.attribute(back, 'data-points')} on coming back`);

  // The transport inspector: a 30 s comparison sees all three transports of the demo meter.
  await session.click(`//*[@data-testid='open-transports']`, { what: 'the Transports button' });
  await session.click(`//label[contains(., '30 s')]`, { what: 'the 30 s choice' });
  await session.click(`//*[@data-testid='run-comparison']`, { what: 'Run comparison' });
  const table = `//*[@data-testid='comparison-table']`;
  await session.find(table, { timeoutMs: 60000, what: 'the comparison result' });
  const figures = {};
  for (const t of ['sse', 'poll', 'mqtt']) {
    const row = await session.text(await session.find(`${table}//*[@data-testid='figures-row'][@data-transport='${t}']`));
    figures[t] = row.replace(/\s+/g, ' ').trim();
    const readings = Number((figures[t].match(/\d+/) ?? ['0'])[0]);
    if (!(readings > 0)) throw new Error(`no ${t} readings in the comparison: ${figures[t]}`);
  }
  console.log(`inspector (30 s): ${JSON.stringify(figures)}`);
  writeFileSync(join(outDir, 'transports.png'), await session.screenshot());

  // Manual add of an address where nothing listens explains it.
  const deadPort = await freePort();
  await session.click(`//nav//*[self::a or self::button][contains(., 'Discovery')]`);
  await session.type(`//input[@id='manual-address']`, `127.0.0.1:${deadPort}`, { what: 'the address field' });
  await session.click(`//button[normalize-space(.)='Check']`, { what: 'the Check button' });
  await session.find(`//*[contains(., 'Nothing answered')]`, { timeoutMs: 20000, what: 'the unreachable diagnostic' });
  writeFileSync(join(outDir, 'unreachable.png'), await session.screenshot());

  // The health panel's uptime advances (health is re-read about once a minute).
  await openDemoMeter();
  const later = await session.find(`//*[@data-testid='uptime'][number(@data-seconds) > ${uptime0}]`, {
    timeoutMs: Math.max(1000, uptimeAt + 80000 - Date.now()),
    what: `the uptime moving on from ${uptime0} s`,
  });
  console.log(`uptime: ${uptime0} s, then ${await session.attribute(later, 'data-seconds')} s`);

  console.log(`real window check took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log('e2e: 1 passed, 0 failed');
} catch (e) {
  if (session) {
    try {
      writeFileSync(join(outDir, 'failure.png'), await session.screenshot());
    } catch {
      /* ignore */
    }
  }
  console.error(`e2e: 0 passed, 1 failed\n${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  if (session) await session.end();
  driver.kill();
  broker.kill();
}
