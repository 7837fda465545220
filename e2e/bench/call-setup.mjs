// Call set-up time: from opening the first person's link until both people decode the other's video, against a
// floor measured in the same run.
//   bash e2e/run-in-netns.sh node e2e/bench/call-setup.mjs [--rooms 7] [--pairs chromium-chromium,chromium-firefox]
//     [--web-dir webapp/dist] [--baseline-web-dir <another build of the web app, e.g. main's>] [--timeline]
// Otter: the first person opens the room link and joins (name typed and Join pressed inside the page, the moment the
// form is there), then the second does the same; the clock stops when both pages have decoded a frame from the
// other. Floor: the same two pages (the same room links, same origin) opened one after the other, each running an
// in-page loopback RTCPeerConnection pair with the same fake camera, until both decode; the pre-join network check
// does not run in them (see NO_CHECK). Both are timed by the same in-page probe (first `framesDecoded > 0` on any
// RTCPeerConnection of the page, polled every 10 ms), and floors and calls alternate, so load on the machine hits
// both alike. Reports medians per browser pair and the ratio otter / floor; a call that never decodes counts as the
// slowest and is reported. With --baseline-web-dir a second local Otter serves that build and every round times it
// too (floor, call, baseline call, in turn), so a change is compared with what it replaces under the same load.
// With --timeline both pages of every call record what they do (call-setup-timeline.mjs) and the medians are printed.
import { performance } from 'node:perf_hooks';
import { startOtter, waitFor } from '../lib/index.mjs';
import { browsers, people } from '../lib/person.mjs';
import { WEB_DIR, requireBuiltWebApp } from '../lib/webapp.mjs';
import { TIMELINE_PROBE, summarise, timelineOf } from './call-setup-timeline.mjs';
import { FIRST_DECODE_PROBE, JOIN_AT_ONCE } from './in-page.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}
const ROOMS = Number(option('rooms', '7'));
const TIMELINE = process.argv.includes('--timeline');
const PAIRS = option('pairs', 'chromium-chromium,chromium-firefox')
  .split(',')
  .map((pair) => pair.split('-'));

/**
 * In the floor's pages, before their scripts: the app's pre-join network check gets no credentials (its request fails
 * at once, so it opens no connection). The floor is what the browser needs at least to show these pages and carry a
 * call; the check is Otter's own extra work, which a person who joins at once does not wait for, so it has no place
 * in the floor (where it once ran beside the loopback pair and raised the floor).
 */
const NO_CHECK = () => {
  const nativeFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : (input.url ?? String(input));
    if (url.includes('purpose=check')) return Promise.reject(new TypeError('no network check in the floor'));
    return nativeFetch.call(this, input, init);
  };
};

/** In the floor's pages: a loopback pair with the fake camera, candidates handed over directly. Not awaited. */
const LOOPBACK = () => {
  void (async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.onicecandidate = ({ candidate }) => candidate && b.addIceCandidate(candidate);
    b.onicecandidate = ({ candidate }) => candidate && a.addIceCandidate(candidate);
    for (const track of stream.getTracks()) a.addTrack(track, stream);
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription);
  })();
};

/** What runs in every page before its scripts: the decode probe, and with --timeline the in-page timeline too. */
const PROBES = TIMELINE ? `(${FIRST_DECODE_PROBE})();(${TIMELINE_PROBE})();` : `(${FIRST_DECODE_PROBE})();`;
const FLOOR_PROBES = `${PROBES}(${NO_CHECK})();`;

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function decodedAt(p, what) {
  return waitFor(() => p.evaluate(() => window.__firstDecodeAt), (t) => typeof t === 'number', {
    timeoutMs: 60_000,
    intervalMs: 20,
    what,
  });
}

async function floorOnce(person, [first, second], room) {
  const start = Date.now();
  const a = await person(first, room.hostUrl, 'Floor A', { join: false, initScript: FLOOR_PROBES });
  await a.evaluate(LOOPBACK);
  const b = await person(second, room.url, 'Floor B', { join: false, initScript: FLOOR_PROBES });
  await b.evaluate(LOOPBACK);
  const [ta, tb] = await Promise.all([decodedAt(a, `floor decode in ${first}`), decodedAt(b, `floor decode in ${second}`)]);
  return Math.max(ta, tb) - start;
}

/** Joins as a person who presses Join the moment the form is there (JOIN_AT_ONCE). */
async function join(p, name) {
  // Firefox persons are tabs of one window: the tab comes to the front, as a person's would.
  if (p.engine === 'firefox') await p.page.bringToFront();
  await p.evaluate(JOIN_AT_ONCE, name);
}

async function callOnce(person, [first, second], room) {
  const start = Date.now();
  const a = await person(first, room.hostUrl, 'Ada', { join: false, initScript: PROBES });
  await join(a, 'Ada');
  const secondOpened = Date.now();
  const b = await person(second, room.url, 'Bo', { join: false, initScript: PROBES });
  await join(b, 'Bo');
  const [ta, tb] = await Promise.all([decodedAt(a, `call decode in ${first}`), decodedAt(b, `call decode in ${second}`)]);
  const ms = Math.max(ta, tb) - start;
  if (!TIMELINE) return { ms };
  const [ea, eb] = await Promise.all([timelineOf(a, start), timelineOf(b, start)]);
  ea.set('first frame decoded (getStats probe)', ta - start);
  eb.set('bench opens this link', secondOpened - start);
  eb.set('first frame decoded (getStats probe)', tb - start);
  return { ms, timeline: { first: ea, second: eb } };
}

const webDir = option('web-dir', null);
const baselineWebDir = option('baseline-web-dir', null);
if (!webDir) requireBuiltWebApp();
const otter = await startOtter({ webDir: webDir ?? WEB_DIR });
const baseline = baselineWebDir ? await startOtter({ webDir: baselineWebDir }) : null;
const engines = browsers();
const { person, closeAll } = people(engines);
const results = [];
try {
  for (const pair of PAIRS) {
    const label = pair.join('↔');
    const samples = { floor: [], otter: [], baseline: [] };
    const timelines = { otter: [], baseline: [] };
    const failed = { floor: 0, otter: 0, baseline: 0 };
    const began = performance.now();
    const kinds = baseline ? ['floor', 'otter', 'baseline'] : ['floor', 'otter'];
    // One warm-up round (browser start, caches, JIT), not counted; the order of the kinds turns every round.
    for (let round = -1; round < ROOMS; round++) {
      const times = {};
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[(i + round + 1) % kinds.length];
        const server = kind === 'baseline' ? baseline : otter;
        const room = await server.createRoom({ name: `${kind}-${round}` });
        try {
          if (kind === 'floor') times[kind] = await floorOnce(person, pair, room);
          else {
            const call = await callOnce(person, pair, room);
            times[kind] = call.ms;
            if (call.timeline && round >= 0) timelines[kind].push(call.timeline);
          }
        } catch (error) {
          // A call that never decodes counts as slower than every other (it stays in the median) and is reported.
          process.stderr.write(`${label} ${kind} failed: ${error.message.split('\n')[0]}\n`);
          times[kind] = Infinity;
          if (round >= 0) failed[kind]++;
        }
        await closeAll();
        if (round >= 0) samples[kind].push(times[kind]);
      }
      const line = kinds.map((k) => `${k} ${Number.isFinite(times[k]) ? `${times[k]} ms` : 'failed'}`).join(', ');
      process.stderr.write(`${label} ${round < 0 ? 'warm-up' : `room ${round + 1}/${ROOMS}`}: ${line}\n`);
    }
    const floor = median(samples.floor);
    const result = { pair: label, rooms: ROOMS, floorMedianMs: floor, otterMedianMs: median(samples.otter) };
    result.ratio = Number((result.otterMedianMs / floor).toFixed(2));
    if (baseline) {
      result.baselineMedianMs = median(samples.baseline);
      result.baselineRatio = Number((result.baselineMedianMs / floor).toFixed(2));
    }
    if (failed.floor + failed.otter + failed.baseline > 0) result.failedCalls = failed;
    results.push({ ...result, samplesMs: samples, seconds: Math.round((performance.now() - began) / 1000) });
    for (const kind of ['otter', 'baseline']) {
      if (timelines[kind].length > 0) process.stderr.write(`\n${label}, ${kind}: ${summarise(timelines[kind])}\n`);
    }
  }
} finally {
  await closeAll();
  await engines.close();
  await otter.stop();
  await baseline?.stop();
}
console.log(JSON.stringify(results, null, 2));
