// A bystander room's signaling latency while one socket of another room floods signals, through local Otter.
//   node e2e/bench/signal-flood.mjs [--rounds 300] [--pairs 4] [--reconnect]
// The bystanders are `pairs` rooms of one pair each: a round trip is A -> signal -> B -> signal -> A, and A's
// ping -> pong. Each is measured `rounds` times, taking the pairs in turn (one socket doing all rounds would send
// more than a real call does and meet its own message budget), while nothing else happens ("quiet"), then as often
// while a flooder in another room sends signals to its victim as fast as its socket takes them ("flood"). With --reconnect the flooder, once the
// server closes it, comes back with its resume token, joins and floods again (the most one seat can do).
// The flood stops when the flood measurement ends, so the run is bounded by `rounds`. Everything is on 127.0.0.1.
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { startOtter } from '../lib/index.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
const ROUNDS = option('rounds', 300);
const PAIRS = option('pairs', 4);
const RECONNECT = process.argv.includes('--reconnect');
const WARMUP_ROUNDS = 20;
/** Bytes the flooder lets queue in its own socket before it waits for them to drain. */
const FLOOD_BUFFER = 256 * 1024;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** One joined socket: `joined` is the server's reply; `on(type, handler)` sees every later message of that type. */
function client(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const handlers = new Map();
    socket.on('error', reject);
    socket.on('unexpected-response', (request, response) => reject(new Error(`refused: ${response.statusCode}`)));
    socket.on('close', (code) => reject(new Error(`closed before joined: ${code}`)));
    socket.on('open', () => socket.send(JSON.stringify({ action: 'join', name: 'bench' })));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type === 'joined') {
        resolve({
          socket,
          joined: message,
          on: (type, handler) => handlers.set(type, handler),
          send: (message) => socket.send(JSON.stringify(message)),
        });
      } else {
        handlers.get(message.type)?.(message);
      }
    });
  });
}

/** The bystander pair: B echoes every signal back to A. */
async function bystanders(token, otter) {
  const [a, b] = [await client(`${otter.wsUrl}?token=${token}`), await client(`${otter.wsUrl}?token=${token}`)];
  b.on('signal', (message) => b.send({ action: 'signal', to: message.from, data: message.data }));
  let pending = null;
  a.on('signal', () => pending?.());
  a.on('pong', () => pending?.());
  a.on('error', (message) => {
    throw new Error(`the bystander got an error: ${message.code}`);
  });
  const timed = (message) =>
    new Promise((resolve) => {
      const start = performance.now();
      pending = () => resolve(performance.now() - start);
      a.send(message);
    });
  return {
    signal: () => timed({ action: 'signal', to: b.joined.peerId, data: { candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0' } } }),
    ping: () => timed({ action: 'ping' }),
    close() {
      a.socket.close(1000);
      b.socket.close(1000);
    },
  };
}

async function measure(pairs) {
  const signal = [];
  const ping = [];
  for (let i = 0; i < ROUNDS; i++) {
    const pair = pairs[i % pairs.length];
    signal.push(await pair.signal());
    ping.push(await pair.ping());
  }
  return { signal: summary(signal), ping: summary(ping) };
}

/** Floods the victim from one socket until `stop()`; counts what it sent and how the server answered. */
async function flood(otter, token, victimId) {
  const counts = { sent: 0, errors: 0, closes: [], reconnects: 0, refusedReconnects: 0 };
  let stopped = false;
  let resume = null;
  let current = null;
  const data = { candidate: { candidate: 'candidate:9 1 udp 1 10.0.0.9 9 typ host', sdpMid: '0' } };
  const line = JSON.stringify({ action: 'signal', to: victimId, data });

  async function run() {
    while (!stopped) {
      const url = `${otter.wsUrl}?token=${token}${resume ? `&resume=${resume}` : ''}`;
      let flooder;
      try {
        flooder = await client(url);
      } catch (error) {
        // Its seat's budget is still spent (or the connect was throttled): try again, as an attacker would.
        counts.refusedReconnects++;
        continue;
      }
      current = flooder.socket;
      resume = flooder.joined.resumeToken;
      flooder.on('error', () => counts.errors++);
      const closed = new Promise((resolve) => flooder.socket.once('close', (code) => resolve(code)));
      let open = true;
      closed.then(() => (open = false));
      while (open && !stopped) {
        if (flooder.socket.bufferedAmount < FLOOD_BUFFER) {
          for (let i = 0; i < 50; i++) flooder.socket.send(line);
          counts.sent += 50;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (stopped) {
        flooder.socket.close(1000);
        return;
      }
      counts.closes.push(await closed);
      if (!RECONNECT) return;
      counts.reconnects++;
    }
  }
  const running = run();
  return {
    counts,
    async stop() {
      stopped = true;
      current?.close(1000);
      await running;
    },
  };
}

const otter = await startOtter({ turn: false, args: ['--web-dir', '/nonexistent'] });
try {
  const tokenOf = (room) => room.url.slice(room.url.indexOf('#token=') + 7);
  const pairs = [];
  for (let i = 0; i < PAIRS; i++) pairs.push(await bystanders(tokenOf(await otter.createRoom({ maxParticipants: 2 })), otter));
  const floodedToken = tokenOf(await otter.createRoom({ maxParticipants: 2 }));
  const victim = await client(`${otter.wsUrl}?token=${floodedToken}`);
  let delivered = 0;
  victim.on('signal', () => delivered++);

  for (let i = 0; i < WARMUP_ROUNDS; i++) await pairs[i % pairs.length].signal();
  const quiet = await measure(pairs);
  const flooding = await flood(otter, floodedToken, victim.joined.peerId);
  const flooded = await measure(pairs);
  await flooding.stop();
  // Whatever the victim is still being sent arrives before its own pong.
  await new Promise((resolve) => {
    victim.on('pong', resolve);
    victim.send({ action: 'ping' });
  });
  pairs.forEach((pair) => pair.close());
  victim.socket.close(1000);

  const ms = (v) => `${v.toFixed(1)} ms`;
  const { counts } = flooding;
  console.log(`bystander rooms during a flood from another room, ${ROUNDS} rounds per phase over ${PAIRS} pairs${RECONNECT ? ', flooder reconnects' : ''}`);
  console.log(`| phase | signal round trip p50 | p99 | ping p50 | p99 |`);
  console.log(`|---|---|---|---|---|`);
  for (const [name, r] of [['quiet', quiet], ['flood', flooded]]) {
    console.log(`| ${name} | ${ms(r.signal.p50)} | ${ms(r.signal.p99)} | ${ms(r.ping.p50)} | ${ms(r.ping.p99)} |`);
  }
  console.log(`flood / quiet: signal p50 ${(flooded.signal.p50 / quiet.signal.p50).toFixed(1)}x, p99 ${(flooded.signal.p99 / quiet.signal.p99).toFixed(1)}x; ` +
    `ping p50 ${(flooded.ping.p50 / quiet.ping.p50).toFixed(1)}x, p99 ${(flooded.ping.p99 / quiet.ping.p99).toFixed(1)}x`);
  console.log(`flooder: ${counts.sent} signals written to its socket, ${delivered} delivered to the victim, ` +
    `${counts.errors} rate-limited errors, closes: [${counts.closes.join(', ')}], reconnects: ${counts.reconnects} ` +
    `(${counts.refusedReconnects} refused or closed before joined)`);
} finally {
  await otter.stop();
}
