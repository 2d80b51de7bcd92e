// The main views in every language (en, de, fr, it) and both themes, against the mock backend
// (`?lang=<locale>` stands for the computer's locale, src/features/shell/mock.ts). Each view must:
// say which language it is in (<html lang>), show its headings from that language's catalogue
// (ui/messages/<locale>.json, read here by key: no translation is written in this file), leave no
// English catalogue text on screen in de/fr/it (the mock backend's data may stay English), write
// power and energy the locale's way (Intl.NumberFormat), and not scroll sideways where English does not
// (1100×720, and 800×560 for the translations). Text cut off by its box and things drawn over each other
// are printed as notes (`LANG_STRICT=1` fails on overlaps English does not have).
// Screenshots: lang-<locale>-<view>-<theme>.png, and lang-<locale>-<view>-<theme>-800x560.png.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assert, test, text, until, UI_DIR } from './harness.mjs';

const HOUSE = 'ECC9FF5C7F14';
const FLAT = 'B8D61A0F1E2D';
const ZONE = 'Europe/Zurich';
const LOCALES = ['en', 'de', 'fr', 'it'];
const SMALL = { width: 800, height: 560 };

/** @type {Record<string, Record<string, string>>} */
const CATALOGUE = Object.fromEntries(
  LOCALES.map((l) => {
    const { $schema, ...messages } = JSON.parse(readFileSync(path.join(UI_DIR, 'messages', `${l}.json`), 'utf8'));
    return [l, messages];
  }),
);
const msg = (locale, key) => {
  const v = CATALOGUE[locale][key];
  assert.equal(typeof v, 'string', `${locale}.json has no key ${key}`);
  return v;
};

/** Text the mock backend sends as data (names, device messages): it may stay English in every language. */
const MOCK_DATA = [
  'House meter',
  'Garden flat',
  'Garage sub-meter',
  'Demo meter',
  "Neighbour's meter",
];

const collapse = (s) => s.replace(/\s+/g, ' ').trim();

/**
 * English catalogue text that must not be on screen in `locale`: for every key whose translation differs,
 * the English text (exact text nodes) and its longer pieces between placeholders (anywhere in a text node).
 * English that the locale's own catalogue also uses somewhere (technical terms, names) is left out.
 */
function englishLeftovers(locale) {
  const own = Object.values(CATALOGUE[locale]).map(collapse);
  const ownSet = new Set(own);
  const ownText = own.join('\n');
  const exact = new Map();
  const pieces = new Map();
  for (const [key, en] of Object.entries(CATALOGUE.en)) {
    const tr = CATALOGUE[locale][key];
    if (tr === undefined || collapse(tr) === collapse(en)) continue;
    const whole = collapse(en);
    if (!/\{/.test(en) && /\p{L}{2}/u.test(whole) && !ownSet.has(whole)) exact.set(whole, [...(exact.get(whole) ?? []), key]);
    for (const piece of en.split(/\{[^}]*\}/).map(collapse)) {
      // Distinctive: two words or more and long enough not to be a common term.
      if (piece.length >= 12 && /\p{L}+\s+\p{L}+/u.test(piece) && !ownText.includes(piece)) pieces.set(piece, key);
    }
  }
  return { exact, pieces };
}

/** Visible text nodes (whitespace collapsed) and user-facing attributes of visible elements. */
async function visibleStrings(page) {
  return page.evaluate(() => {
    const visible = (el) =>
      el.checkVisibility({ opacityProperty: false, visibilityProperty: true, contentVisibilityAuto: true }) && el.getClientRects().length > 0;
    const skip = (el) => el.closest('code, kbd, pre, script, style, noscript') !== null;
    const nodes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
      const t = n.textContent.replace(/\s+/g, ' ').trim();
      const el = n.parentElement;
      if (t === '' || el === null || skip(el) || !visible(el)) continue;
      nodes.push(t);
    }
    const attrs = [];
    for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
      if (skip(el) || !visible(el)) continue;
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) attrs.push(`${a}="${v.replace(/\s+/g, ' ').trim()}"`);
      }
    }
    return { nodes, attrs };
  });
}

/** English catalogue text found on the page (with its key), leaving out the mock backend's data. */
function findEnglish(strings, leftovers) {
  const found = new Set();
  for (const raw of [...strings.nodes, ...strings.attrs]) {
    const t = raw.replace(/^(title|aria-label|placeholder|alt)="(.*)"$/s, '$2');
    if (MOCK_DATA.includes(t)) continue;
    for (const key of leftovers.exact.get(t) ?? []) found.add(`${key}: "${t}"`);
    let rest = t;
    for (const d of MOCK_DATA) rest = rest.split(d).join(' ');
    for (const [piece, key] of leftovers.pieces) if (rest.includes(piece)) found.add(`${key}: "${piece}" in "${t.slice(0, 120)}"`);
  }
  return [...found];
}

/** Text nodes that read like English sentences although no catalogue key matched (hard-coded text?). */
function englishLooking(strings, locale) {
  // Small English words that are not words of the locale too (German "was", "will").
  const list = ['the', 'your', 'you', 'and', 'with', 'this', 'that', 'from', 'is', 'are', 'not', 'of', 'to', 'for', 'has', 'have', 'can'];
  if (locale !== 'de') list.push('was', 'will');
  const words = new RegExp(`\\b(${list.join('|')})\\b`, 'gi');
  return [...new Set([...strings.nodes, ...strings.attrs])].filter((t) => {
    let rest = t;
    for (const d of MOCK_DATA) rest = rest.split(d).join(' ');
    return (rest.match(words) ?? []).length >= 2;
  });
}

/** Sideways overflow: of the page, of the scrolling <main>, and what sticks out; text cut by its box. */
async function overflow(page) {
  return page.evaluate(() => {
    const describe = (el) => {
      const id = el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : '';
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const t = (el.innerText ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
      return `<${el.tagName.toLowerCase()}${id}${cls}> "${t}"`;
    };
    const se = document.scrollingElement;
    const main = document.querySelector('main');
    const vw = document.documentElement.clientWidth;
    const mainRight = main.getBoundingClientRect().left + main.clientWidth;
    const all = [...main.querySelectorAll('*')].filter((el) => el.getClientRects().length > 0);
    const wide = all.filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.right > Math.min(vw, mainRight) + 1;
    });
    const outer = wide.filter((el) => !wide.includes(el.parentElement));
    // Text cut off by its own box (ellipsis or hidden overflow), e.g. a long word in a narrow button.
    const cut = all.filter((el) => {
      if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth <= 1 || el.matches('.mono')) return false;
      const s = getComputedStyle(el);
      if (s.position === 'absolute' && el.getBoundingClientRect().width <= 1) return false; // visually hidden
      if (!['hidden', 'clip'].includes(s.overflowX) && s.textOverflow !== 'ellipsis') return false;
      return [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
    });
    // Things drawn over each other: text (as far as its clipping ancestors show it) and badges, buttons, fields.
    const clipOf = (el) => {
      let r = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
      for (let a = el; a !== null && a !== main; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible' || s.clipPath !== 'none') {
          const b = a.getBoundingClientRect();
          r = { left: Math.max(r.left, b.left), top: Math.max(r.top, b.top), right: Math.min(r.right, b.right), bottom: Math.min(r.bottom, b.bottom) };
        }
      }
      return r;
    };
    const boxes = [];
    const add = (el, rect) => {
      const c = clipOf(el);
      const r = { left: Math.max(rect.left, c.left), top: Math.max(rect.top, c.top), right: Math.min(rect.right, c.right), bottom: Math.min(rect.bottom, c.bottom) };
      if (r.right - r.left > 2 && r.bottom - r.top > 2) boxes.push({ el, r });
    };
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
      const el = n.parentElement;
      if (n.textContent.trim() === '' || el === null || !el.checkVisibility({ visibilityProperty: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const rect of range.getClientRects()) add(el, rect);
    }
    // Controls, and pills (small boxes with a background: badges, status chips).
    const pill = (el) => {
      const s = getComputedStyle(el);
      return el.getBoundingClientRect().height <= 40 && !/rgba\(.*, 0\)$|transparent/.test(s.backgroundColor) && el.textContent.trim() !== '';
    };
    for (const el of main.querySelectorAll('*')) {
      if (!el.matches('.badge, .btn, button, input, select, textarea') && !pill(el)) continue;
      if (el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) add(el, el.getBoundingClientRect());
    }
    const overlaps = new Set();
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 2 && h > 2) overlaps.add(`${describe(a.el)} × ${describe(b.el)}`);
      }
    }
    return {
      overlaps: [...overlaps].slice(0, 10),
      page: se.scrollWidth > se.clientWidth + 1 ? `page ${se.scrollWidth} > ${se.clientWidth}` : null,
      main: main.scrollWidth > main.clientWidth + 1 ? `main ${main.scrollWidth} > ${main.clientWidth}` : null,
      wide: outer.slice(0, 6).map(describe),
      cut: cut.slice(0, 10).map(describe),
    };
  });
}

const overflows = (o) => o.page !== null || o.main !== null || o.wide.length > 0;
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Waits until the history chart shows its answer (as history.spec.mjs). */
async function historySettled(page) {
  await until(page, () => document.querySelector('[data-testid="history-chart"]') !== null || document.querySelector('[data-testid="history-empty"]') !== null);
  await until(page, () => document.querySelector('.chart-card')?.getAttribute('aria-busy') === 'false');
}

/**
 * The views: where they are, when they are ready (language-neutral: test ids), and the headings they
 * show (selector → catalogue key).
 */
const VIEWS = [
  {
    id: 'meters',
    query: 'mock=live',
    hash: '',
    ready: async (page) => {
      await page.getByTestId('meter-card').nth(2).waitFor();
      // Both live meters show their power (their badges say how they are connected).
      for (const id of [HOUSE, FLAT]) await page.locator(`[data-testid="meter-card"][data-device-id="${id}"] [data-testid="net-power"]`).waitFor();
    },
    headings: [['main h1', 'meters_title'], ['nav a[aria-current="page"] span', 'shell_nav_meters']],
    numbers: true,
  },
  {
    id: 'live',
    query: 'mock=live',
    hash: `#/meter/${HOUSE}`,
    ready: async (page) => {
      await page.getByTestId('net-power').waitFor();
      await until(page, () => Number(document.querySelector('[data-testid="chart-power"]')?.dataset.points) > 2);
    },
    headings: [['#charts-title', 'meters_power'], ['#phases-title', 'meters_phases'], ['#registers-title', 'meters_registers'], ['#health-title', 'meters_health']],
    numbers: true,
  },
  {
    id: 'history',
    query: 'mock=history',
    hash: `#/meter/${HOUSE}/history`,
    ready: async (page) => {
      await page.getByTestId('history-chart').waitFor();
      await historySettled(page);
      await page.getByTestId('peak-month').waitFor();
    },
    headings: [['main h1', 'history_title'], ['#tools-title', 'history_your_data']],
  },
  {
    id: 'settings',
    query: 'mock=live',
    hash: '#/settings',
    ready: async (page) => {
      await page.getByTestId('times').waitFor();
      await until(page, () => document.querySelector('[data-testid="times"] fieldset')?.disabled === false);
    },
    headings: [['main h1', 'settings_title'], ['#this-computer-title', 'settings_this_computer'], ['#device-settings-title', 'settings_device_title'], ['nav a[aria-current="page"] span', 'shell_nav_settings']],
  },
  {
    // Field labels, help and choices come from the backend in English and are worded here from the
    // catalogue by field key (features/devicesettings/fieldWords.ts).
    id: 'device-settings',
    query: 'mock=meters',
    hash: `#/meter/${HOUSE}/settings`,
    ready: async (page) => {
      await page.locator('[data-testid="row-device.system.name"]').waitFor();
    },
    headings: [
      ['[data-testid="row-device.system.name"] label', 'field_device_system_name'],
      ['[data-testid="row-device.system.power_save"] label', 'field_device_system_power_save'],
    ],
  },
  {
    id: 'discovery',
    query: 'mock=meters',
    hash: '#/discovery',
    ready: async (page) => {
      await page.getByTestId('discovered-card').nth(2).waitFor();
    },
    headings: [['main h1', 'discovery_title'], ['#found-title', 'discovery_on_network'], ['nav a[aria-current="page"] span', 'shell_nav_discovery']],
  },
  {
    // After discovery, not straight after device-settings: a change of section alone is a hash change.
    id: 'device-meter',
    query: 'mock=meters',
    hash: `#/meter/${HOUSE}/settings/meter`,
    ready: async (page) => {
      await page.locator('[data-testid="row-meter.if_type"]').waitFor();
    },
    headings: [
      ['[data-testid="row-meter.if_type"] label', 'field_meter_if_type'],
      ['[data-testid="row-meter.encryption"] label', 'field_meter_encryption'],
    ],
  },
];

async function open(page, base, view, locale) {
  await page.goto(`${base}?${view.query}&lang=${locale}${view.hash}`);
  await view.ready(page);
}

/** Every power/energy figure on the page is written like `Intl.NumberFormat(tag)`; at least one has decimals. */
async function assertNumbers(page, locale, view) {
  const r = await page.evaluate(() => {
    const lang = document.documentElement.lang;
    const tag = { en: 'en-GB', de: 'de-CH', fr: 'fr-CH', it: 'it-CH' }[lang];
    const parts = new Intl.NumberFormat(tag).formatToParts(12345.6);
    const figures = [...document.querySelector('main').innerText.matchAll(/(−?\d(?:[\d.,'’\u00a0\u202f ]*\d)?)[ \u00a0\u202f]?(kWh|kW)\b/g)].map((m) => m[1].trim());
    return {
      tag,
      sample: new Intl.NumberFormat(tag).format(1.5),
      decimal: parts.find((p) => p.type === 'decimal').value,
      group: parts.find((p) => p.type === 'group').value,
      figures,
    };
  });
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  assert.equal(r.sample, `1${r.decimal}5`);
  const number = new RegExp(`^−?(\\d{1,3}(${esc(r.group)}\\d{3})*|\\d+)(${esc(r.decimal)}\\d+)?$`);
  assert.ok(r.figures.length > 0, `${view}: no kW/kWh figure on screen`);
  const wrong = r.figures.filter((f) => !number.test(f));
  assert.deepEqual(wrong, [], `${locale} ${view}: figures not written the ${r.tag} way (decimal "${r.decimal}", group "${r.group}")`);
  const decimals = r.figures.filter((f) => f.includes(r.decimal));
  assert.ok(decimals.length > 0, `${locale} ${view}: no figure with a decimal "${r.decimal}" among ${r.figures.join(' | ')}`);
}

/** `LANG_STRICT=1`: things drawn over each other that English does not have fail the test (else a note). */
const STRICT = process.env.LANG_STRICT === '1';
const englishLayouts = new Map();

/** The same view in English at `size` (measured once per view and size). */
async function englishLayout(ctx, base, view, size) {
  const key = `${view.id}/${size.width}x${size.height}`;
  if (!englishLayouts.has(key)) {
    const page = await ctx.newPage();
    try {
      await page.setViewportSize(size);
      await open(page, base, view, 'en');
      await frames(page);
      englishLayouts.set(key, await overflow(page));
    } finally {
      await page.close();
    }
  }
  return englishLayouts.get(key);
}

/**
 * Sideways overflow in `locale`: a failure when English fits at the same size, otherwise reported as
 * pre-existing. Text cut by its box and things drawn over each other are reported (with English's count).
 */
async function checkLayout({ page, ctx, base }, locale, view, size, notes) {
  const o = await overflow(page);
  if (!overflows(o) && o.cut.length === 0 && o.overlaps.length === 0) return;
  const where = `${locale} ${view.id} ${size.width}×${size.height}`;
  const en = locale === 'en' ? null : await englishLayout(ctx, base, view, size);
  if (o.cut.length > 0) notes.push(`${where}: text cut by its box${en ? ` (English: ${en.cut.length})` : ''}: ${o.cut.join('; ')}`);
  if (o.overlaps.length > 0) notes.push(`${where}: drawn over each other${en ? ` (English: ${en.overlaps.length})` : ''}: ${o.overlaps.join('; ')}`);
  if (STRICT && en !== null) assert.ok(o.overlaps.length <= en.overlaps.length, `${where}: drawn over each other: ${o.overlaps.join('; ')}`);
  if (!overflows(o)) return;
  const detail = [o.page, o.main, ...o.wide].filter(Boolean).join('; ');
  if (en === null) notes.push(`${where}: overflows in English: ${detail}`);
  else if (overflows(en)) notes.push(`${where}: overflows, as English does (pre-existing): ${detail}`);
  else assert.fail(`${where}: the page scrolls sideways, English does not: ${detail}`);
}

const GERMAN_LEFTOVERS = englishLeftovers('de');

for (const locale of LOCALES) {
  const leftovers = locale === 'en' ? null : englishLeftovers(locale);
  for (const scheme of ['light', 'dark']) {
    test(`languages: ${locale} main views (${scheme})`, { colorScheme: scheme, timezoneId: ZONE }, async ({ page, base, shot, ctx }) => {
      const notes = [];
      for (const view of VIEWS) {
        await open(page, base, view, locale);
        assert.equal(await page.evaluate(() => document.documentElement.lang), locale, `${view.id}: <html lang>`);
        for (const [selector, key] of view.headings) {
          assert.equal(await text(page.locator(selector).first()), collapse(msg(locale, key)), `${locale} ${view.id}: ${selector} is ${key}`);
        }
        if (view.id === 'history') {
          // Dates in the language too: today's weekday, as Intl writes it for the locale.
          const weekday = await page.evaluate(() => {
            const tag = { en: 'en-GB', de: 'de-CH', fr: 'fr-CH', it: 'it-CH' }[document.documentElement.lang];
            return new Intl.DateTimeFormat(tag, { weekday: 'long' }).format(new Date());
          });
          const label = await text(page.getByTestId('period-label'));
          assert.ok(label.toLowerCase().includes(weekday.toLowerCase()), `${locale} history: "${label}" names today (${weekday})`);
        }
        if (view.numbers) await assertNumbers(page, locale, view.id);
        if (locale === 'en') {
          // The detector itself: on the English page it must find the English headings (German's leftovers).
          const found = findEnglish(await visibleStrings(page), GERMAN_LEFTOVERS);
          for (const [, key] of view.headings) {
            if (collapse(msg('de', key)) !== collapse(msg('en', key))) assert.ok(found.some((f) => f.startsWith(`${key}: `)), `${view.id}: the English check misses ${key} (found ${found.length})`);
          }
        }
        if (leftovers !== null) {
          const strings = await visibleStrings(page);
          const english = findEnglish(strings, leftovers);
          assert.deepEqual(english, [], `${locale} ${view.id}: English catalogue text on screen`);
          const looking = englishLooking(strings, locale);
          if (looking.length > 0) notes.push(`${locale} ${view.id}: English-looking text not from the catalogue: ${looking.map((t) => JSON.stringify(t.slice(0, 100))).join('; ')}`);
        }
        await checkLayout({ page, ctx, base }, locale, view, { width: 1100, height: 720 }, notes);
        await shot(`lang-${locale}-${view.id}-${scheme}`);
        // The smallest window, where long words hurt most (German in both themes, the others once).
        if (locale === 'de' || scheme === 'light') {
          await page.setViewportSize(SMALL);
          await frames(page);
          await checkLayout({ page, ctx, base }, locale, view, SMALL, notes);
          await shot(`lang-${locale}-${view.id}-${scheme}-800x560`);
          await page.setViewportSize({ width: 1100, height: 720 });
        }
      }
      for (const n of notes) console.log(`    note: ${n}`);
    });
  }
}

// A sentence the backend composes (a `Said`: key and values) reads in the language too: why WattDesk asks
// the Garden flat's reader less often (its power reserve is low).
for (const locale of LOCALES) {
  test(`languages: ${locale} backend sentence`, { timezoneId: ZONE }, async ({ page, base }) => {
    await page.goto(`${base}?mock=live&lang=${locale}#/meter/${FLAT}`);
    const gentle = page.getByTestId('gentle-polling');
    await gentle.waitFor();
    const want = msg(locale, 'meters_gentle_low_reserve').replace('{poll}', '10').replace('{health}', '5');
    assert.equal(await text(gentle), collapse(want));
  });
}

// The setup wizard says what the backend is doing in the language (progress arrives as `Said`).
test('languages: de setup progress', { timezoneId: ZONE }, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=meters&setup-step-ms=700&lang=de`);
  await page.getByTestId('setup-open-wizard').click();
  await page.getByTestId('setup-found').getByText('whatwatt Go C0FFEE').waitFor();
  assert.equal(await page.getByTestId('setup-address').inputValue(), '192.168.4.1');
  await page.getByRole('button', { name: msg('de', 'common_next'), exact: true }).click();
  await page.getByTestId('setup-networks').waitFor();
  await page.locator('input[type="radio"][value="keep"]').check();
  await page.getByRole('button', { name: msg('de', 'common_next'), exact: true }).click();
  await page.getByTestId('setup-password').fill('hall-meter-pw');
  await page.getByTestId('setup-start').click();
  await page.getByTestId('setup-now').filter({ hasText: msg('de', 'setup_say_checking_meter') }).waitFor();
  await page.getByTestId('setup-meter-status').filter({ hasText: msg('de', 'setup_advice_recognition') }).waitFor();
  await shot('lang-de-setup-run');
});

// The device settings' own problems and advice read in the language (the backend sends them by key): a
// report interval out of range next to its field, and the notes a FREE reader on the meter's power gets.
test('languages: de device settings problems and notes', { timezoneId: ZONE }, async ({ page, base, shot }) => {
  await page.goto(`${base}?mock=free&lang=de#/meter/${FLAT}/settings/services`);
  await page.getByTestId('panel-services').waitFor();
  const field = (key) => page.getByTestId(`field-${key}`);
  const checked = async (key, value) => {
    const before = await page.evaluate(() => window.__wattdeskMock.calls.filter((c) => c.cmd === 'settings_check').length);
    await field(key).fill(value);
    await until(page, (n) => window.__wattdeskMock.calls.filter((c) => c.cmd === 'settings_check').length > n, before);
    await until(page, () => !document.querySelector('[data-testid="edit-bar"] .spinner'));
  };
  const fill = (key, args) => Object.entries(args).reduce((s, [k, v]) => s.replace(`{${k}}`, v), msg('de', key));
  await checked('device.services.report_interval', '0');
  const range = fill('rule_range_unit', { min: '1', max: '3600', unit: 's', value: '0' });
  assert.equal(await text(page.getByTestId('problem-device.services.report_interval')), range);
  assert.equal(range, '1 bis 3600 s, nicht 0');
  await field('device.services.modbus.enable').check();
  await checked('device.services.report_interval', '5');
  const notes = page.getByTestId('review-notes-inline');
  await notes.waitFor();
  const said = await text(notes);
  assert.ok(said.includes(fill('ds_note_report_drain', { seconds: '5', safe: '30' })), said);
  const idle = `${msg('de', 'field_device_services_modbus_enable')}: ${msg('de', 'ds_note_plus_idle')}`;
  assert.ok(said.includes(idle), said);
  assert.ok(!/stored|idle|maker/.test(said), `English left in: ${said}`);
  await shot('lang-de-settings-notes');
});
