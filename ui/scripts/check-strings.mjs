// `npm run check` (part): every word a component shows comes from the message catalogue. Walks each
// .svelte template (svelte's own parser) and fails on text, or a user-facing attribute (title,
// aria-label, placeholder, alt, label...), that contains letters and is written in the markup instead of
// `{m.key()}`. Strings built in <script> blocks and .ts helpers are not seen here; they go through m.* by
// review and the view tests in four languages. Also fails on catalogue keys nobody uses.
//
//   node scripts/check-strings.mjs [path-filter]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'svelte/compiler';

const UI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2];

/** Attributes people read or hear. */
const SPOKEN = new Set(['title', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'placeholder', 'alt', 'label']);

/** Not words to translate: units, symbols, names of products and protocols. */
const ALLOWED = new Set(JSON.parse(readFileSync(path.join(UI, 'scripts', 'untranslated-ok.json'), 'utf8')).allowed);

const LETTERS = /\p{L}/u;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'paraglide' || d.name === 'mock' ? [] : files(p);
    return d.name.endsWith('.svelte') ? [p] : [];
  });
}

function lineOf(source, offset) {
  return source.slice(0, offset).split('\n').length;
}

function visit(node, report, inCode) {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) visit(n, report, inCode);
    return;
  }
  if (node.type === 'Text' && !inCode) {
    const text = node.data.replace(/\s+/g, ' ').trim();
    if (LETTERS.test(text) && !ALLOWED.has(text)) report(node.start, text);
    return;
  }
  if ((node.type === 'RegularElement' || node.type === 'Component' || node.type === 'SvelteElement') && Array.isArray(node.attributes)) {
    for (const a of node.attributes) {
      if (a.type !== 'Attribute' || !SPOKEN.has(a.name) || !Array.isArray(a.value)) continue;
      for (const part of a.value) {
        const text = part.type === 'Text' ? part.data.trim() : '';
        if (LETTERS.test(text) && !ALLOWED.has(text)) report(part.start, `${a.name}="${text}"`);
      }
    }
  }
  // <code> and <kbd> show commands and keys the user types: they stay as written.
  const code = inCode || (node.type === 'RegularElement' && (node.name === 'code' || node.name === 'kbd' || node.name === 'pre'));
  for (const [k, v] of Object.entries(node)) {
    if (k === 'attributes' || k === 'expression' || k === 'instance' || k === 'module' || k === 'css' || k === 'parent') continue;
    if (typeof v === 'object') visit(v, report, code);
  }
}

const problems = [];
const sources = [];
for (const file of files(path.join(UI, 'src'))) {
  const rel = path.relative(UI, file);
  const source = readFileSync(file, 'utf8');
  sources.push(source);
  if (filter && !rel.includes(filter)) continue;
  const ast = parse(source, { modern: true });
  visit(ast.fragment, (at, text) => problems.push(`${rel}:${lineOf(source, at)}: "${text}"`), false);
}

// Keys used nowhere: neither as m.key / m['key'] in the UI nor by the Rust side (i18n/catalog.rs).
if (!filter) {
  const en = Object.keys(JSON.parse(readFileSync(path.join(UI, 'messages', 'en.json'), 'utf8'))).filter((k) => k !== '$schema');
  const tsSources = [];
  const walkTs = (dir) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) {
        if (d.name !== 'paraglide') walkTs(p);
      } else if (/\.(ts|svelte)$/.test(d.name) && !d.name.endsWith('.test.ts')) tsSources.push(readFileSync(p, 'utf8'));
    }
  };
  walkTs(path.join(UI, 'src'));
  const rust = readFileSync(path.join(UI, '..', 'crates', 'wattdesk-core', 'src', 'i18n', 'catalog.rs'), 'utf8');
  const all = tsSources.join('\n') + rust;
  // Field words are looked up by the field's key (features/devicesettings/fieldWords.ts); a Rust test
  // (settings::catalogue) fails on any that no field needs.
  const BY_FIELD_KEY = /^field_/;
  for (const key of en) {
    if (BY_FIELD_KEY.test(key)) continue;
    if (!new RegExp(`\\b${key}\\b`).test(all)) problems.push(`messages/en.json: "${key}" is used nowhere`);
  }
}

if (problems.length > 0) {
  console.error(`${problems.length} string(s) outside the message catalogue:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('strings: every shown word comes from the catalogue');
