// Prints the gzipped size of the JavaScript a room link loads before first paint (the entry script and its
// modulepreloads in dist/index.html), against the 70 kB goal; lazily loaded chunks are listed apart.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const GOAL_KB = 70;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script[^>]*type="module"[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
if (initial.length === 0) throw new Error('no module script in dist/index.html; run npm run build first');
const kb = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1000;
const initialKb = initial.reduce((sum, file) => sum + kb(file), 0);
const lazy = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js') && !initial.includes(`assets/${f}`))
  .map((f) => `assets/${f}`);
for (const file of initial) console.log(`initial  ${kb(file).toFixed(1).padStart(6)} kB  ${file}`);
for (const file of lazy) console.log(`lazy     ${kb(file).toFixed(1).padStart(6)} kB  ${file}`);
console.log(`initial JS gzipped: ${initialKb.toFixed(1)} kB (goal <= ${GOAL_KB} kB: ${initialKb <= GOAL_KB ? 'met' : 'NOT met'})`);
