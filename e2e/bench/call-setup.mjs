// Call set-up time: from opening the first person's link until both people decode the other's video, against a
// floor measured in the same run.
//   bash e2e/run-in-netns.sh node e2e/bench/call-setup.mjs [--rooms 7] [--pairs chromium-chromium,chromium-firefox]
//     [--web-dir webapp/dist] [--baseline-web-dir <another build of the web app, e.g. main's>]
// Otter: the first person opens the room link and joins (name typed, Join pressed), then the second does the same;
// the clock stops when both pages have decoded a frame from the other. Floor: the same two pages (the same room
// links, same origin) opened one after the other, each running an in-page loopback RTCPeerConnection pair with the
// same fake camera, until both decode. Both are timed by the same in-page probe (first `framesDecoded > 0` on any
// RTCPeerConnection of the page, polled every 10 ms), and floors and calls alternate, so load on the machine hits
// both alike. Reports medians per browser pair and the ratio otter / floor. With --baseline-web-dir a second local
// Otter serves that build and every round times it too (floor, call, baseline call, in turn), so a change is
// compared with what it replaces under the same load.
import { performance } from 'node:perf_hooks';
import { startOtter, waitFor } from '../lib/index.mjs';
import { browsers, people, testId } from '../lib/person.mjs';
import { WEB_DIR, requireBuiltWebApp } from '../lib/webapp.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}
const ROOMS = Number(option('rooms', '7'));
const PAIRS = option('pairs', 'chromium-chromium,chromium-firefox')
  .split(',')
  .map((pair) => pair.split('-'));

/** Runs in every page before its scripts: records when the page first decodes a video frame, on any connection. */
const FIRST_DECODE_PROBE = () => {
  window.__firstDecodeAt = null;
  const timer = setInterval(async () => {
    for (const pc of window.__otterPeerConnections ?? []) {
      if (pc.connectionState === 'closed') continue;
      let frames = 0;
      try {
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
        });
      } catch {
        continue;
      }
      if (frames > 0 && window.__firstDecodeAt === null) {
        window.__firstDecodeAt = Date.now();
        clearInterval(timer);
      }
    }
  }, 10);
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
  const a = await person(first, room.hostUrl, 'Floor A', { join: false, initScript: FIRST_DECODE_PROBE });
  await a.evaluate(LOOPBACK);
  const b = await person(second, room.url, 'Floor B', { join: false, initScript: FIRST_DECODE_PROBE });
  await b.evaluate(LOOPBACK);
  const [ta, tb] = await Promise.all([decodedAt(a, `floor decode in ${first}`), decodedAt(b, `floor decode in ${second}`)]);
  return Math.max(ta, tb) - start;
}

/** Types the name and presses Join as soon as the field is there (polled finely, so the poll adds little). */
async function join(p, name) {
  await waitFor(() => p.evaluate(() => document.querySelector('#name') !== null), Boolean, { timeoutMs: 60_000, intervalMs: 10 });
  await p.fill('#name', name);
  await p.click(testId('join'));
}

async function callOnce(person, [first, second], room) {
  const start = Date.now();
  const a = await person(first, room.hostUrl, 'Ada', { join: false, initScript: FIRST_DECODE_PROBE });
  await join(a, 'Ada');
  const b = await person(second, room.url, 'Bo', { join: false, initScript: FIRST_DECODE_PROBE });
  await join(b, 'Bo');
  const [ta, tb] = await Promise.all([decodedAt(a, `call decode in ${first}`), decodedAt(b, `call decode in ${second}`)]);
  return Math.max(ta, tb) - start;
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
    const began = performance.now();
    const kinds = baseline ? ['floor', 'otter', 'baseline'] : ['floor', 'otter'];
    // One warm-up round (browser start, caches, JIT), not counted; the order of the kinds turns every round.
    for (let round = -1; round < ROOMS; round++) {
      const times = {};
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[(i + round + 1) % kinds.length];
        const server = kind === 'baseline' ? baseline : otter;
        const room = await server.createRoom({ name: `${kind}-${round}` });
        times[kind] = kind === 'floor' ? await floorOnce(person, pair, room) : await callOnce(person, pair, room);
        await closeAll();
        if (round >= 0) samples[kind].push(times[kind]);
      }
      const line = kinds.map((k) => `${k} ${times[k]} ms`).join(', ');
      process.stderr.write(`${label} ${round < 0 ? 'warm-up' : `room ${round + 1}/${ROOMS}`}: ${line}\n`);
    }
    const floor = median(samples.floor);
    const result = { pair: label, rooms: ROOMS, floorMedianMs: floor, otterMedianMs: median(samples.otter) };
    result.ratio = Number((result.otterMedianMs / floor).toFixed(2));
    if (baseline) {
      result.baselineMedianMs = median(samples.baseline);
      result.baselineRatio = Number((result.baselineMedianMs / floor).toFixed(2));
    }
    results.push({ ...result, samplesMs: samples, seconds: Math.round((performance.now() - began) / 1000) });
  }
} finally {
  await closeAll();
  await engines.close();
  await otter.stop();
  await baseline?.stop();
}
console.log(JSON.stringify(results, null, 2));
