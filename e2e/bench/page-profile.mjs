// Where the pages' main threads spend a call's set-up: a sampling CPU profile (Chromium's Profiler over CDP) of both
// people's pages from opening their link until both decode the other's video, self time summed per function over
// several calls and mapped to the web app's sources.
//   (cd webapp && npx vite build --sourcemap --outDir /tmp/otter-dist-maps)
//   bash e2e/run-in-netns.sh node e2e/bench/page-profile.mjs --web-dir /tmp/otter-dist-maps [--calls 4] [--top 28]
// The people join as call-setup.mjs's do (name and Join pressed inside the page the moment the form is there).
// "(idle)" is time the main thread waited; "(program)" native work the profiler cannot attribute to a script.
import { readFileSync } from 'node:fs';
import { SourceMapConsumer } from '../../webapp/node_modules/source-map-js/source-map.js';
import { startOtter, launchChromium, newParticipant, waitFor } from '../lib/index.mjs';
import { FIRST_DECODE_PROBE, JOIN_AT_ONCE } from './in-page.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}
const WEB_DIR = option('web-dir', null);
const CALLS = Number(option('calls', '4'));
const TOP = Number(option('top', '28'));
if (!WEB_DIR) throw new Error('--web-dir: a build of the web app with source maps (see the top of this file)');

/** A person's page with the profiler sampling from before its link opens. */
async function profiledPage(browser, link) {
  const context = await newParticipant(browser);
  await context.addInitScript(FIRST_DECODE_PROBE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(link);
  return { page, cdp };
}

const decodedAt = (page) =>
  waitFor(() => page.evaluate(() => window.__firstDecodeAt), (t) => typeof t === 'number', { timeoutMs: 60_000, intervalMs: 20, what: 'a decoded frame' });

/** Where a script position of the built app comes from, by its source map (null outside the app's assets). */
const maps = new Map();
function sourceOf(frame) {
  if (!frame.url.includes('/assets/')) return null;
  const file = `${WEB_DIR}/assets/${frame.url.split('/assets/')[1]}`;
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMapConsumer(JSON.parse(readFileSync(`${file}.map`, 'utf8'))));
    } catch {
      maps.set(file, null);
    }
  }
  const original = maps.get(file)?.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
  if (!original?.source) return null;
  const path = original.source.replace(/.*node_modules\//, 'node_modules/').replace(/.*src\//, 'src/');
  return `${original.name ?? frame.functionName} ${path}:${original.line}`;
}

/** Self time per function, in ms, summed over the profiles. */
function selfTimes(profiles) {
  const self = new Map();
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, i) => {
      const frame = nodes.get(id).callFrame;
      const name = sourceOf(frame) ?? `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
      self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
    });
  }
  return self;
}

const otter = await startOtter({ webDir: WEB_DIR });
const browser = await launchChromium();
const profiles = { first: [], second: [] };
try {
  for (let i = 0; i < CALLS; i++) {
    const room = await otter.createRoom({});
    const first = await profiledPage(browser, room.hostUrl);
    await first.page.evaluate(JOIN_AT_ONCE, 'Ada');
    const second = await profiledPage(browser, room.url);
    await second.page.evaluate(JOIN_AT_ONCE, 'Bo');
    await Promise.all([decodedAt(first.page), decodedAt(second.page)]);
    for (const [who, person] of Object.entries({ first, second })) {
      profiles[who].push((await person.cdp.send('Profiler.stop')).profile);
      await person.page.context().close();
    }
  }
} finally {
  await browser.close();
  await otter.stop();
}
for (const [who, taken] of Object.entries(profiles)) {
  const self = selfTimes(taken);
  const total = [...self.values()].reduce((sum, ms) => sum + ms, 0);
  console.log(`\n${who} person's page: ${(total / CALLS).toFixed(0)} ms sampled per call; self time per call:`);
  const top = [...self.entries()].sort((x, y) => y[1] - x[1]).slice(0, TOP);
  for (const [name, ms] of top) console.log(`  ${(ms / CALLS).toFixed(1).padStart(7)} ms  ${name}`);
}
