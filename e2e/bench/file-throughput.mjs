// File-transfer throughput of Otter's SDK against a raw RTCDataChannel baseline, direct and through the local
// coturn, all measured in one run so that the ratios compare like with like on a loaded machine.
// Runs inside the private network namespace:
//   bash e2e/run-in-netns.sh node e2e/bench/file-throughput.mjs
// Needs local Otter built (`bash scripts/local.sh --build-only`) and webapp/dist (`npm --prefix webapp run build`).
// Tunables (environment): BENCH_RUNS (default 5), BENCH_MIB (payload, default 32).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, launchChromium, newParticipant, seatedIceServers, startOtter } from '../lib/index.mjs';
import { WEB_DIR, debugUrl, requireBuiltWebApp } from '../lib/webapp.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PAYLOAD_BYTES = Number(process.env.BENCH_MIB ?? 32) * 1024 * 1024;
/** The goal of issue 4: the SDK reaches at least this fraction of the raw channel's throughput. */
const GOAL_RATIO = 0.8;
/** The raw baseline paces like the SDK's defaults (webapp/src/sdk/defaults.ts FILE_DEFAULTS). */
const RAW = { chunkBytes: 64 * 1024, lowWaterBytes: 1024 * 1024, highWaterBytes: 4 * 1024 * 1024 };
const TRANSFER_TIMEOUT_MS = 120_000;
const ARTIFACT = join(REPO_ROOT, 'e2e', 'artifacts', 'bench-file-throughput.json');

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim().split(/\s+/).slice(0, 3).map(Number);

function tokenOf(link) {
  return new URLSearchParams(new URL(link).hash.slice(1)).get('token');
}

function iceServersOf(otter, room) {
  return seatedIceServers(otter, tokenOf(room.url));
}

/** The selected candidate pair's local and remote candidate types, e.g. `host/host` or `relay/relay`. */
function candidateTypes(page) {
  return page.evaluate(async () => {
    const types = [];
    for (const pc of window.__otterPeerConnections ?? []) {
      if (pc.connectionState !== 'connected') continue;
      const report = await pc.getStats();
      report.forEach((stat) => {
        if (stat.type !== 'transport' || !stat.selectedCandidatePairId) return;
        const pair = report.get(stat.selectedCandidatePairId);
        types.push(`${report.get(pair.localCandidateId).candidateType}/${report.get(pair.remoteCandidateId).candidateType}`);
      });
    }
    return types.join(',');
  });
}

/**
 * A page in a context of its own (its own renderer, like another person's browser). `withoutCamera` refuses
 * getUserMedia, so that the web app's pre-join preview (camera, microphone level meter) does not run next to
 * the transfer: the raw pages have no media either.
 */
async function openPage(browser, url, { withoutCamera = false } = {}) {
  const context = await newParticipant(browser);
  if (withoutCamera) {
    await context.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('benchmark without media', 'NotAllowedError'));
    });
  }
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Random bytes in the page, kept as `window.__payload` (a Uint8Array) and as `window.__payloadBlob`. */
async function makePayload(page, size) {
  return page.evaluate(async (size) => {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
    window.__payload = bytes;
    window.__payloadBlob = new Blob([bytes], { type: 'application/octet-stream' });
    const hash = await crypto.subtle.digest('SHA-256', bytes);
    return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, size);
}

/**
 * A plain RTCPeerConnection pair with one ordered channel, signaled by handing complete SDP (after gathering)
 * from page to page. No Otter code runs in these pages.
 */
async function rawPair(browser, origin, rtcConfig) {
  const sender = await openPage(browser, `${origin}/config.json`);
  const receiver = await openPage(browser, `${origin}/config.json`);
  const setUp = (config) => {
    window.pc = new RTCPeerConnection(config);
    window.gatheredDescription = async () => {
      await pc.setLocalDescription();
      if (pc.iceGatheringState !== 'complete') {
        await new Promise((resolve) => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve()));
      }
      return pc.localDescription.toJSON();
    };
  };
  await sender.evaluate(setUp, rtcConfig);
  await receiver.evaluate(setUp, rtcConfig);
  await sender.evaluate(() => {
    window.dc = pc.createDataChannel('bench', { ordered: true });
    dc.binaryType = 'arraybuffer';
    window.dcOpen = new Promise((resolve) => dc.addEventListener('open', resolve, { once: true }));
  });
  await receiver.evaluate(() => {
    window.dcOpen = new Promise((resolve) =>
      pc.addEventListener('datachannel', ({ channel }) => {
        window.dc = channel;
        channel.binaryType = 'arraybuffer';
        resolve();
      }),
    );
  });
  const offer = await sender.evaluate(() => gatheredDescription());
  const answer = await receiver.evaluate(async (offer) => {
    await pc.setRemoteDescription(offer);
    return gatheredDescription();
  }, offer);
  await sender.evaluate((answer) => pc.setRemoteDescription(answer), answer);
  await Promise.all([sender.evaluate(() => dcOpen), receiver.evaluate(() => dcOpen)]);
  const sha256 = await makePayload(sender, PAYLOAD_BYTES);

  return {
    path: await candidateTypes(sender),
    sha256,
    /** Seconds from the first send to the last byte's arrival. */
    async transfer() {
      await receiver.evaluate((size) => {
        window.rx = new Promise((resolve) => {
          let got = 0;
          dc.onmessage = ({ data }) => {
            got += data.byteLength;
            if (got >= size) resolve({ at: Date.now(), got });
          };
        });
      }, PAYLOAD_BYTES);
      const started = await sender.evaluate(async ({ chunkBytes, lowWaterBytes, highWaterBytes }) => {
        const payload = window.__payload;
        dc.bufferedAmountLowThreshold = lowWaterBytes;
        const started = Date.now();
        for (let offset = 0; offset < payload.byteLength; offset += chunkBytes) {
          if (dc.bufferedAmount > highWaterBytes) {
            await new Promise((resolve) => dc.addEventListener('bufferedamountlow', resolve, { once: true }));
          }
          dc.send(payload.subarray(offset, offset + chunkBytes));
        }
        return started;
      }, RAW);
      const { at, got } = await receiver.evaluate(() => window.rx);
      if (got !== PAYLOAD_BYTES) throw new Error(`raw channel delivered ${got} of ${PAYLOAD_BYTES} bytes`);
      return { seconds: (at - started) / 1000 };
    },
  };
}

/**
 * Two people in an Otter room, joined through the web app's `?debug` handle with the SDK, without camera or
 * microphone: the file is the only traffic, as in the raw baseline.
 */
async function sdkPair(browser, room) {
  const join = async (link, name) => {
    const page = await openPage(browser, debugUrl(link), { withoutCamera: true });
    await page.waitForFunction(() => window.__otter);
    await page.evaluate(
      async ({ link, name }) => {
        const sdk = await window.__otter.sdk();
        const config = await (await fetch('/config.json')).json();
        window.__otter.room = await sdk.joinRoom({ link }, { ...config, name, media: { audio: false, video: false } });
      },
      { link, name },
    );
    return page;
  };
  const sender = await join(room.hostUrl, 'Sender');
  const receiver = await join(room.url, 'Receiver');
  const connected = (page) =>
    page.waitForFunction(() => window.__otter.room.participants.some((p) => p.connectionState === 'connected'), null, {
      timeout: 30_000,
    });
  await Promise.all([connected(sender), connected(receiver)]);
  await receiver.evaluate(() => {
    const { room, RoomEvent } = window.__otter;
    room.on(RoomEvent.FileOffer, ({ id }) => room.files.accept(id));
    room.on(RoomEvent.FileReceived, (event) => window.__onReceived?.(event));
    room.on(RoomEvent.FileCancelled, (event) => window.__onCancelled?.(event));
    room.on(RoomEvent.FileProgress, ({ bytes, total }) => {
      const now = Date.now();
      window.__firstByteAt ??= now;
      if (bytes === total) window.__lastByteAt = now;
    });
  });
  await sender.evaluate(() => {
    const { room, RoomEvent } = window.__otter;
    room.on(RoomEvent.FileDelivered, () => window.__onDelivered?.());
  });
  const sha256 = await makePayload(sender, PAYLOAD_BYTES);

  return {
    path: await candidateTypes(sender),
    sha256,
    /** Seconds from `sendFile` to `file-received` (after the SDK checked its digest); then the whole file's SHA-256 is checked. */
    async transfer() {
      await receiver.evaluate(() => {
        window.__firstByteAt = undefined;
        window.__lastByteAt = undefined;
        window.rx = new Promise((resolve, reject) => {
          window.__onCancelled = (event) => reject(new Error(`transfer cancelled: ${event.reason}`));
          window.__onReceived = ({ file }) => {
            window.__received = file;
            resolve({ at: Date.now(), size: file.size, firstByteAt: window.__firstByteAt, lastByteAt: window.__lastByteAt });
          };
        });
      });
      const started = await sender.evaluate(() => {
        window.delivered = new Promise((resolve) => (window.__onDelivered = resolve));
        const started = Date.now();
        window.__otter.room.sendFile(window.__payloadBlob, { name: 'bench.bin' });
        return started;
      });
      const { at, size, firstByteAt, lastByteAt } = await receiver.evaluate(() => window.rx);
      await sender.evaluate(() => window.delivered);
      const received = await receiver.evaluate(async () => {
        const hash = await crypto.subtle.digest('SHA-256', await window.__received.arrayBuffer());
        window.__received = null;
        return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
      });
      if (size !== PAYLOAD_BYTES || received !== this.sha256) {
        throw new Error(`SDK delivered ${size} bytes with SHA-256 ${received}, expected ${PAYLOAD_BYTES} bytes with ${this.sha256}`);
      }
      // Where the time went: offer, accept and channel set-up until the first progress event (256 KiB in), and
      // the receiver's digest check after the last byte.
      return { seconds: (at - started) / 1000, startMs: firstByteAt - started, verifyMs: at - lastByteAt };
    },
  };
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${TRANSFER_TIMEOUT_MS} ms`)), TRANSFER_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function summarize(mbps) {
  const sorted = [...mbps].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), n: sorted.length, runs: mbps };
}

const fmt = (x) => x.toFixed(1);

async function main() {
  requireBuiltWebApp();
  const loadBefore = loadavg();
  const startedAt = new Date();
  const otter = await startOtter({ webDir: WEB_DIR });
  const browser = await launchChromium();
  try {
    const directRoom = await otter.createRoom({ name: 'bench-direct' });
    const relayRoom = await otter.createRoom({ name: 'bench-relay', relayOnly: true });
    const iceServers = await iceServersOf(otter, relayRoom);
    const scenarios = [
      { key: 'rawDirect', label: 'raw DataChannel, direct', pair: await rawPair(browser, otter.webUrl, {}) },
      { key: 'sdkDirect', label: 'Otter SDK, direct', pair: await sdkPair(browser, directRoom) },
      { key: 'rawRelay', label: 'raw DataChannel, via TURN', pair: await rawPair(browser, otter.webUrl, { iceServers, iceTransportPolicy: 'relay' }) },
      { key: 'sdkRelay', label: 'Otter SDK, relayOnly room', pair: await sdkPair(browser, relayRoom) },
    ];
    const expectedPath = { rawDirect: 'host/host', rawRelay: 'relay/relay', sdkDirect: 'host/host', sdkRelay: 'relay/relay' };
    for (const s of scenarios) {
      if (s.pair.path !== expectedPath[s.key]) throw new Error(`${s.label}: selected pair ${s.pair.path}, expected ${expectedPath[s.key]}`);
    }
    const mbps = Object.fromEntries(scenarios.map((s) => [s.key, []]));
    const phases = { sdkDirect: [], sdkRelay: [] };
    // Interleaved, so that the other helpers' load drifts over all four alike.
    for (let run = 1; run <= RUNS; run++) {
      for (const s of scenarios) {
        const { seconds, ...phase } = await withTimeout(s.pair.transfer(), `${s.label} run ${run}`);
        mbps[s.key].push(PAYLOAD_BYTES / 1e6 / seconds);
        if (phases[s.key]) phases[s.key].push(phase);
        const detail = phases[s.key] ? `, first progress after ${phase.startMs} ms, verified ${phase.verifyMs} ms after the last byte` : '';
        console.error(`# run ${run} ${s.label}: ${fmt(PAYLOAD_BYTES / 1e6 / seconds)} MB/s${detail} (load ${loadavg().join(' ')})`);
      }
    }
    const loadAfter = loadavg();
    const results = Object.fromEntries(scenarios.map((s) => [s.key, { label: s.label, path: s.pair.path, ...summarize(mbps[s.key]) }]));
    const ratios = {
      direct: results.sdkDirect.median / results.rawDirect.median,
      relay: results.sdkRelay.median / results.rawRelay.median,
    };
    // Each SDK run against the raw run just before it, which saw nearly the same load.
    const paired = (sdk, raw) => summarize(mbps[sdk].map((v, i) => v / mbps[raw][i]));
    const pairedRatios = { direct: paired('sdkDirect', 'rawDirect'), relay: paired('sdkRelay', 'rawRelay') };
    for (const key of Object.keys(phases)) {
      results[key].startMs = summarize(phases[key].map((p) => p.startMs));
      results[key].verifyMs = summarize(phases[key].map((p) => p.verifyMs));
    }

    console.log(`\nFile transfer, ${PAYLOAD_BYTES / 1024 / 1024} MiB per run, MB/s (1 MB = 10^6 bytes), median (min–max), n = ${RUNS}`);
    console.log(`load average before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}\n`);
    console.log('| scenario | path | MB/s median | min–max | n |');
    console.log('|---|---|---|---|---|');
    for (const r of Object.values(results)) {
      console.log(`| ${r.label} | ${r.path} | ${fmt(r.median)} | ${fmt(r.min)}–${fmt(r.max)} | ${r.n} |`);
    }
    const pct = (x) => `${(x * 100).toFixed(0)} %`;
    const pairedText = (p) => `per-run pairs ${pct(p.median)} (${pct(p.min)}–${pct(p.max)})`;
    console.log(`\nSDK / raw, direct:    ${pct(ratios.direct)} of medians, ${pairedText(pairedRatios.direct)}; goal ≥ ${pct(GOAL_RATIO)}`);
    console.log(`SDK / raw, via TURN:  ${pct(ratios.relay)} of medians, ${pairedText(pairedRatios.relay)}; goal ≥ ${pct(GOAL_RATIO)}`);
    for (const key of Object.keys(phases)) {
      const r = results[key];
      console.log(`${r.label}: first progress ${r.startMs.median} ms after sendFile, verified ${r.verifyMs.median} ms after the last byte (medians)`);
    }

    mkdirSync(join(REPO_ROOT, 'e2e', 'artifacts'), { recursive: true });
    writeFileSync(
      ARTIFACT,
      JSON.stringify(
        {
          startedAt: startedAt.toISOString(),
          payloadBytes: PAYLOAD_BYTES,
          runs: RUNS,
          raw: RAW,
          unit: 'MB/s (10^6 bytes per second)',
          loadavg: { before: loadBefore, after: loadAfter },
          results,
          ratios: { ofMedians: ratios, paired: pairedRatios, goal: GOAL_RATIO },
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`\nwritten to ${ARTIFACT}`);
  } finally {
    await browser.close();
    await otter.stop();
  }
}

await main();
