// `npm run gen` (step 1 of 2): compiles ui/messages/<locale>.json into typed message functions in
// src/lib/paraglide/ (generated, not committed) with paraglide-js, offline: the message-format plugin
// is loaded from node_modules, never from a CDN. The four files have the same keys (src/lib/i18n.test.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '@inlang/paraglide-js';

const UI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cwd = process.cwd();
process.chdir(UI);
try {
  await compile({
    project: './project.inlang',
    outdir: './src/lib/paraglide',
    // The locale is decided once at start (Settings or the computer's language, from the backend) and
    // a change reloads the window: no cookie, URL or storage strategy.
    strategy: ['globalVariable', 'baseLocale'],
    emitGitIgnore: false,
    emitPrettierIgnore: false,
  });
} finally {
  process.chdir(cwd);
}
