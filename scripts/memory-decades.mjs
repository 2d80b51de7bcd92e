#!/usr/bin/env node
// memory-decades.mjs FILE.json... — the per-minute memory samples that quiet.mjs --minutes (or
// --hello-minutes) wrote, as means per ten minutes, and the growth from minutes 11–20 to the last full
// decade: the numbers the README's memory paragraph quotes. Reads `pss_minutes`, `anon_minutes` and
// `web_anon_minutes` at the top level or under `hello_stream`.
import { readFileSync } from 'node:fs';

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
for (const file of process.argv.slice(2)) {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const runs = Object.entries({ app: json, hello_stream: json.hello_stream ?? {} }).filter(([, r]) => Array.isArray(r.web_anon_minutes));
  for (const [name, r] of runs) {
    console.log(`${file} (${name}, ${r.web_anon_minutes.length} minutes)`);
    for (const key of ['pss_minutes', 'anon_minutes', 'web_anon_minutes']) {
      const xs = r[key];
      const decades = [];
      for (let i = 0; i + 10 <= xs.length; i += 10) decades.push(mean(xs.slice(i, i + 10)));
      const growth = decades.length >= 3 ? decades.at(-1) - decades[1] : NaN;
      console.log(`  ${key.padEnd(17)} ${decades.map((d) => d.toFixed(1)).join(', ')} MiB; minutes 11–20 → last decade ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MiB`);
    }
  }
}
