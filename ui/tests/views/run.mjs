// `npm run test:views`: builds the production bundle (dist/, checked to contain no mock) and the mock
// bundle (dist-mock/, `vite build --mode mocktest`), serves both with `vite preview` on free ports under
// the app's real Content-Security-Policy, drives /usr/bin/chromium with playwright-core through every
// scenario and saves screenshots to test-results/screenshots/.
//
//   node tests/views/run.mjs [name-filter] [--no-build]
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { runAll, SHOTS_DIR, UI_DIR } from './harness.mjs';

import './meters.spec.mjs';
import './discovery.spec.mjs';
import './manual-add.spec.mjs';
import './settings.spec.mjs';
import './app.spec.mjs';
import './live.spec.mjs';
import './mqtt.spec.mjs';
import './trust.spec.mjs';
import './quiet.spec.mjs';
import './setup.spec.mjs';
import './devicesettings.spec.mjs';
import './history.spec.mjs';
import './sharing.spec.mjs';
import './a11y.spec.mjs';
import './languages.spec.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith('--'));
const skipBuild = args.includes('--no-build');

/** The CSP the Tauri window enforces (tauri.conf.json), so a violation fails here first. */
async function appCsp() {
  for (const rel of ['../src-tauri/tauri.conf.json', '../tauri.conf.json']) {
    const file = path.join(UI_DIR, rel);
    if (!existsSync(file)) continue;
    const csp = JSON.parse(await readFile(file, 'utf8'))?.app?.security?.csp;
    if (typeof csp === 'string' && csp !== '') return csp;
  }
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src ipc: http://ipc.localhost; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";
}

/** Strings that survive minification and exist only in the mock backend (ours and @tauri-apps/api/mocks). */
const MOCK_MARKERS = ['__wattdeskMock', 'printer.local', 'mock: unknown command', "Couldn't find callback id"];

async function bundleText(dir) {
  const assets = path.join(UI_DIR, dir, 'assets');
  const files = (await readdir(assets)).filter((f) => f.endsWith('.js'));
  return (await Promise.all(files.map((f) => readFile(path.join(assets, f), 'utf8')))).join('\n');
}

/** The mock must never reach the bundle Tauri ships (and the markers must be real: the mock build has them). */
async function assertProductionHasNoMock() {
  const prod = await bundleText('dist');
  const mock = await bundleText('dist-mock');
  for (const marker of MOCK_MARKERS) {
    if (!mock.includes(marker)) throw new Error(`marker ${JSON.stringify(marker)} is not in dist-mock: update MOCK_MARKERS`);
    if (prod.includes(marker)) throw new Error(`dist/ contains mock code (${JSON.stringify(marker)})`);
  }
  console.log('production bundle: no mock code');
}

async function serve(mode, outDir, csp) {
  const server = await preview({
    root: UI_DIR,
    mode,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false, headers: { 'Content-Security-Policy': csp } },
  });
  const addr = server.httpServer.address();
  if (addr === null || typeof addr === 'string') throw new Error('preview server has no TCP address');
  return { server, url: `http://127.0.0.1:${addr.port}/` };
}

async function main() {
  const t0 = Date.now();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found (apt-get install chromium)`);
  if (!skipBuild) {
    await build({ root: UI_DIR, mode: 'production', logLevel: 'warn' });
    await build({ root: UI_DIR, mode: 'mocktest', logLevel: 'warn' });
  }
  await assertProductionHasNoMock();
  const csp = await appCsp();
  const prod = await serve('production', 'dist', csp);
  const mock = await serve('mocktest', 'dist-mock', csp);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  let result = { passed: 0, failed: 1 };
  try {
    console.log(`view tests: mock ${mock.url}, production ${prod.url}`);
    result = await runAll({ browser, servers: { mock: mock.url, prod: prod.url }, filter });
  } finally {
    await browser.close();
    await Promise.all([prod.server.close(), mock.server.close()]);
  }
  console.log(`\nscreenshots: ${path.relative(process.cwd(), SHOTS_DIR) || SHOTS_DIR}`);
  console.log(`time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${result.passed} passed, ${result.failed} failed`);
  process.exitCode = result.failed > 0 || result.passed === 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
