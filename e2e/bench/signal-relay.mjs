// Signal relay latency through local Otter, against a minimal in-memory WebSocket relay measured in the same run.
//   node e2e/bench/signal-relay.mjs [--pairs 500] [--burst-rounds 10] [--idle-rounds 200] [--repeat 5]
// Each pair is two joined sockets in one room; a round trip is A -> signal -> B -> signal -> A. "Idle" is one pair
// alone; "burst" is every pair doing its rounds at once. The relay does only what a relay must (parse, look up
// the target, forward), so the ratio otter/relay says what the storage and the handlers add under load.
// The burst is measured `repeat` times, relay and Otter alternating, and the ratio reported is the median of the
// per-repetition ratios, so a neighbour's load spike lands on both sides of one ratio rather than on the result.
// Everything listens on 127.0.0.1; the run is bounded by the pair and round counts.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import { startOtter } from '../lib/index.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
const PAIRS = option('pairs', 500);
const BURST_ROUNDS = option('burst-rounds', 10);
const IDLE_ROUNDS = option('idle-rounds', 200);
const REPEAT = option('repeat', 5);
const WARMUP_ROUNDS = 20;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** One socket: resolves `joined` with the peer id; `next()` waits for the next signal. */
function client(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const waiting = [];
    let onSignal = null;
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ action: 'join', name: 'bench' })));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type === 'joined') {
        resolve({
          peerId: message.peerId,
          signal: (to, data) => socket.send(JSON.stringify({ action: 'signal', to, data })),
          set onSignal(handler) {
            onSignal = handler;
          },
          close: () => socket.close(1000),
        });
      } else if (message.type === 'signal') {
        if (onSignal) onSignal(message);
        else waiting.push(message);
      } else if (message.type === 'error') {
        reject(new Error(`server error ${message.code}: ${message.message}`));
      }
    });
  });
}

/** Two joined sockets; B echoes every signal back to A; `roundTrip()` measures one A -> B -> A in ms. */
async function pair(urlA, urlB) {
  const [a, b] = await Promise.all([client(urlA), client(urlB)]);
  b.onSignal = (message) => b.signal(message.from, message.data);
  let pending = null;
  a.onSignal = () => pending?.();
  return {
    roundTrip() {
      return new Promise((resolve) => {
        const start = performance.now();
        pending = () => resolve(performance.now() - start);
        a.signal(b.peerId, { candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0' } });
      });
    },
    close() {
      a.close();
      b.close();
    },
  };
}

async function idleRoundTrips(pairs) {
  const idle = pairs[0];
  for (let i = 0; i < WARMUP_ROUNDS; i++) await idle.roundTrip();
  const samples = [];
  for (let i = 0; i < IDLE_ROUNDS; i++) samples.push(await idle.roundTrip());
  return summary(samples);
}

async function burstRoundTrips(pairs) {
  const samples = [];
  await Promise.all(
    pairs.map(async (p) => {
      for (let i = 0; i < BURST_ROUNDS; i++) samples.push(await p.roundTrip());
    }),
  );
  return summary(samples);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The minimal relay: a peer names itself in `?id=`; `signal` goes to the named peer, nothing is stored. */
async function startRelay() {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const peers = new Map();
  wss.on('connection', (socket, request) => {
    const id = new URL(request.url, 'http://relay').searchParams.get('id');
    peers.set(id, socket);
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.action === 'join') socket.send(JSON.stringify({ type: 'joined', peerId: id }));
      else if (message.action === 'signal') peers.get(message.to)?.send(JSON.stringify({ type: 'signal', from: id, data: message.data }));
    });
    socket.on('close', () => peers.delete(id));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `ws://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { wss.close(); server.close(r); }) };
}

async function openPairs(count, urls) {
  const pairs = [];
  for (let i = 0; i < count; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 50); j++) batch.push(pair(...urls(j)));
    pairs.push(...(await Promise.all(batch)));
  }
  return pairs;
}

const otter = await startOtter({ turn: false, args: ['--web-dir', '/nonexistent'] });
const relay = await startRelay();
try {
  const tokens = [];
  for (let i = 0; i < PAIRS; i++) {
    const room = await otter.createRoom({ maxParticipants: 2 });
    tokens.push(new URLSearchParams(new URL(room.url).hash.slice(1)).get('token'));
  }
  const otterPairs = await openPairs(PAIRS, (i) => [`${otter.wsUrl}?token=${tokens[i]}`, `${otter.wsUrl}?token=${tokens[i]}`]);
  const relayPairs = await openPairs(PAIRS, (i) => [`${relay.url}/?id=a${i}`, `${relay.url}/?id=b${i}`]);

  const idle = { otter: await idleRoundTrips(otterPairs), relay: await idleRoundTrips(relayPairs) };
  await burstRoundTrips(otterPairs); // warm-up: the runner's JIT and connection pools
  const bursts = [];
  for (let i = 0; i < REPEAT; i++) bursts.push({ relay: await burstRoundTrips(relayPairs), otter: await burstRoundTrips(otterPairs) });
  otterPairs.forEach((p) => p.close());
  relayPairs.forEach((p) => p.close());

  const ms = (v) => `${v.toFixed(1)} ms`;
  const mid = (side, p) => median(bursts.map((b) => b[side][p]));
  console.log(`signal round trip, ${PAIRS} pairs; idle: ${IDLE_ROUNDS} rounds of one pair; burst: ${BURST_ROUNDS} rounds per pair, all at once, ${REPEAT} times`);
  console.log(`| relay | idle p50 | idle p99 | burst p50 (median of ${REPEAT}) | burst p99 (median of ${REPEAT}) |`);
  console.log(`|---|---|---|---|---|`);
  for (const [name, side] of [['local Otter (dynalite)', 'otter'], ['in-memory relay', 'relay']]) {
    console.log(`| ${name} | ${ms(idle[side].p50)} | ${ms(idle[side].p99)} | ${ms(mid(side, 'p50'))} | ${ms(mid(side, 'p99'))} |`);
  }
  const ratios = (p) => bursts.map((b) => b.otter[p] / b.relay[p]);
  const listed = (values) => values.map((v) => v.toFixed(1)).join(', ');
  console.log(`burst ratio Otter/relay, median of ${REPEAT}: p50 ${median(ratios('p50')).toFixed(1)}x (${listed(ratios('p50'))}), p99 ${median(ratios('p99')).toFixed(1)}x (${listed(ratios('p99'))})`);
} finally {
  await relay.close();
  await otter.stop();
}
