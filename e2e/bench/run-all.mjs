// `./otter bench` (scripts/bench.sh builds first, then runs this inside the private network namespace): every
// benchmark of the project, one table. Each bench measures its own baseline in the same run; this file only runs
// them and lays their figures out (the arithmetic lives in report.mjs, which a unit test checks).
//   node e2e/bench/run-all.mjs [--quick] [--only name,name]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { measureColdStart } from './cold-start.mjs';
import { callCost, formatTable, parseProbe, parseSignalRelay, row } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1].split(',') : null;
const wanted = (name) => !only || only.includes(name);
const rows = [];
const log = (line) => console.error(`bench: ${line}`);

/** Runs a command, echoing its output to stderr; resolves with its standard output. */
function run(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

async function section(name, body) {
  if (!wanted(name)) return;
  log(`${name}...`);
  try {
    await body();
  } catch (e) {
    rows.push(row(name, `failed: ${e.message.split('\n')[0]}`, undefined, ''));
  }
}

await section('cold-start', async () => {
  const r = await measureColdStart({ runs: quick ? 5 : 10, log });
  rows.push(row('cold start, GET /room/{id}: Java (shaded jar) vs Node.js SDK v3', r.javaMs, r.nodeMs, 'ms',
    `whole process, one GetItem on dynalite, median of ${r.runs}, alternating`));
});

await section('signal-relay', async () => {
  const args = quick ? ['--pairs', '100', '--repeat', '3', '--idle-rounds', '100'] : [];
  const s = parseSignalRelay(await run('node', [join(here, 'signal-relay.mjs'), ...args]));
  // signal-relay.mjs prints milliseconds to one decimal; the in-memory relay's idle round trip is often below that.
  const relay = 'vs in-memory WebSocket relay (printed to 0.1 ms: a ratio over a baseline under 1 ms is rough)';
  rows.push(row('signal relay, one pair idle, p50', s.idle.p50[0], s.idle.p50[1], 'ms', relay));
  rows.push(row('signal relay, one pair idle, p99', s.idle.p99[0], s.idle.p99[1], 'ms', relay));
  const pairs = quick ? 100 : 500;
  rows.push(row(`signal relay, ${pairs} pairs at once, p50`, s.burst.p50[0], s.burst.p50[1], 'ms',
    `${relay}; median of per-repetition ratios ${s.burstRatio?.p50 ?? '—'}×`));
  rows.push(row(`signal relay, ${pairs} pairs at once, p99`, s.burst.p99[0], s.burst.p99[1], 'ms',
    `${relay}; median of per-repetition ratios ${s.burstRatio?.p99 ?? '—'}×`));
});

await section('file-throughput', async () => {
  await run('node', [join(here, 'file-throughput.mjs')], quick ? { BENCH_RUNS: '3', BENCH_MIB: '8' } : {});
  const r = JSON.parse(readFileSync(join(root, 'e2e/artifacts/bench-file-throughput.json'), 'utf8')).results;
  rows.push(row('file transfer, direct: SDK vs raw RTCDataChannel', r.sdkDirect.median, r.rawDirect.median, 'MB/s', 'Chromium, same run'));
  rows.push(row('file transfer, via TURN: SDK vs raw RTCDataChannel', r.sdkRelay.median, r.rawRelay.median, 'MB/s', 'Chromium through local coturn'));
});

await section('call-setup', async () => {
  const pairs = JSON.parse(await run('node', [join(here, 'call-setup.mjs'), ...(quick ? ['--rooms', '3'] : [])]));
  for (const p of pairs) {
    rows.push(row(`call set-up, ${p.pair}: open link to both decoding`, p.otterMedianMs, p.floorMedianMs, 'ms',
      `floor: the same two pages of one origin plus an in-page loopback pair with fake media; median of ${p.rooms} rooms`));
  }
});

await section('effects', async () => {
  const r = JSON.parse((await run('node', [join(here, 'effects.mjs'), ...(quick ? ['--seconds', '5'] : [])])).trim().split('\n').at(-1));
  rows.push(row(`background blur ${r.size}: outgoing frame rate vs the camera's`, r.outgoingFps, r.cameraFps, 'fps',
    `headless Chromium, ${r.path} path; ${r.masksPerSecond} masks/s at ${r.msPerMask} ms each; load average ${r.loadAverage.join(' ')}`));
  rows.push(row('background blur: browser CPU per frame sent', r.cpuMsPerFrame, undefined, 'ms',
    `whole browser, blur-on window less a blur-off window; compositing alone ${r.compositeMsPerFrame} ms/frame (${Object.entries(r.compositeMsPerStep ?? {}).map(([step, ms]) => `${step} ${ms}`).join(', ')})`));
});

await section('sizes', async () => {
  const dist = join(root, 'webapp/dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/<(?:script[^>]*type="module"[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
  const kb = initial.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0) / 1000;
  rows.push(row('web app, initial JavaScript (gzip)', kb, 70, 'kB', 'baseline: the 70 kB goal'));
  const sdk = JSON.parse(await runIn(join(root, 'webapp/sdk'), 'npm', ['pack', '--dry-run', '--json', '--silent']))[0];
  rows.push(row('SDK package @otter/client (npm tarball)', sdk.size / 1000, sdk.unpackedSize / 1000, 'kB', 'baseline: the same package unpacked'));
  const target = join(root, 'lambdas/target');
  const jar = readdirSync(target).find((f) => f.endsWith('-lambda.jar'));
  rows.push(row('Lambda jar (shaded, every handler)', statSync(join(target, jar)).size / 1e6, 50, 'MB', 'baseline: Lambda\'s 50 MB zipped upload limit'));
});

function runIn(cwd, command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code} in ${cwd}`))));
  });
}

await section('cost', async () => {
  const classpath = ['lambdas/target/test-classes', 'lambdas/target/classes', readFileSync(join(root, 'lambdas/target/test-classpath.txt'), 'utf8').trim()].join(':');
  const probe = parseProbe(await run('java', ['-cp', classpath, 'dev.otter.testing.CallCostProbe']));
  const prices = JSON.parse(readFileSync(join(here, 'aws-prices.json'), 'utf8'));
  const cost = callCost(probe, prices);
  for (const p of cost.phases) {
    rows.push(row(`cost: ${p.phase} ×${p.times}`, p.per1000, cost.total, '$',
      `per 1,000 two-person 30-min calls; ${p.requests} DynamoDB requests, ${p.readUnits} RRU, ${p.writeUnits} WRU per call`));
  }
  rows.push(row('cost: whole call (signaling, no TURN data)', cost.total, undefined, '$',
    `per 1,000 calls; ${prices.region} list prices of ${prices.date}; Lambda at 1,024 MB arm64, ${probe.medianInvocationMs.toFixed(0)} ms per invocation as measured here`));
});

const table = formatTable(rows);
console.log(table);
mkdirSync(join(root, 'e2e/artifacts'), { recursive: true });
writeFileSync(join(root, 'e2e/artifacts/bench.md'), `${table}\n`);
