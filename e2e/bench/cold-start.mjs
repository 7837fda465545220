// Cold-start bench: a fresh JVM building the GET /room/{id} handler the way the Lambda runtime does, serving one
// real request (one consistent GetItem against dynalite over HTTP), whole process; baseline: Node.js doing the
// same GetItem with the AWS SDK for JavaScript v3. Both run alternately against the same engine, in one run.
//
// The JVM gets exactly what the deployed function gets: the shipped shaded jar, the Lambda Java runtime's default
// JVM flags (tiered compilation stopped at C1, serial GC) and the JAVA_TOOL_OPTIONS that infra/LambdaFactory puts
// in every function's environment (read from its source, so the two cannot drift).
//
// Usage: node e2e/bench/cold-start.mjs [--runs 10] [--java /path/to/java] [--also-jar other-lambda.jar] [--json]
// --also-jar times a second build of the jar (e.g. main's) in the same alternation, for before/after figures.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const HANDLER = 'dev.otter.lambda.http.GetRoomHandler';
const ROOMS_TABLE = 'otter-bench-rooms';
/** Lambda's Java 17 and 21 runtimes stop tiered compilation at C1 and use the serial collector by default. */
export const LAMBDA_RUNTIME_JVM_FLAGS = ['-XX:+TieredCompilation', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The JAVA_TOOL_OPTIONS value the CDK app sets on every function ('' when it sets none). */
export function deployedJavaToolOptions(factorySource = readFileSync(join(root, 'infra/src/main/java/dev/otter/infra/LambdaFactory.java'), 'utf8')) {
  const match = factorySource.match(/JAVA_TOOL_OPTIONS\s*=\s*"([^"]*)"/);
  return match ? match[1] : '';
}

function lambdaJar() {
  const dir = join(root, 'lambdas/target');
  const find = () => existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('-lambda.jar')) : undefined;
  if (!find()) {
    console.error('cold-start: building the Lambda jar (mvn package -pl lambdas -am)...');
    const build = spawnSync('mvn', ['-B', '-q', 'package', '-Dmaven.test.skip=true', '-pl', 'lambdas', '-am'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0 || !find()) throw new Error('could not build lambdas/target/*-lambda.jar');
  }
  return join(dir, find());
}

function ensureNodeModules(dir, probe) {
  if (!existsSync(join(dir, 'node_modules', probe))) {
    console.error(`cold-start: npm ci in ${dir}...`);
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
    if (install.status !== 0) throw new Error(`npm ci failed in ${dir}`);
  }
}

async function startDynalite() {
  ensureNodeModules(join(root, 'tools/dynalite'), 'dynalite');
  const child = spawn('node', [join(root, 'tools/dynalite/start.js'), '--port', '0'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise((resolve, reject) => {
    lines.on('line', (line) => { const m = line.match(/listening on 127\.0\.0\.1:(\d+)/); if (m) resolve(Number(m[1])); });
    child.on('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => { child.stdin.end(); child.kill(); } };
}

/** The rooms table and one open room, written as the Java adapter writes them (RoomItem). */
async function seedRoom(endpoint) {
  const { DynamoDBClient, CreateTableCommand, PutItemCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({ region: 'eu-central-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await client.send(new CreateTableCommand({
    TableName: ROOMS_TABLE, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'roomId', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'roomId', KeyType: 'HASH' }],
  }));
  const roomId = 'BenchRoom0123456789abc';
  const now = Math.floor(Date.now() / 1000);
  await client.send(new PutItemCommand({
    TableName: ROOMS_TABLE,
    Item: {
      roomId: { S: roomId }, name: { S: 'Cold start' }, maxParticipants: { N: '4' }, ttlHours: { N: '24' },
      relayOnly: { BOOL: false }, lobby: { BOOL: false }, createdAt: { N: String(now) }, expiresAt: { N: String(now + 86400) },
      ended: { BOOL: false }, seats: { M: {} }, ttl: { N: String(now + 8 * 86400) },
    },
  }));
  client.destroy();
  return roomId;
}

/** Wall time of one whole process, spawn to exit, in ms; fails unless it answered 200. */
function timeProcess(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0 || !out.startsWith('200')) reject(new Error(`${command} failed (${code}): ${out}${err}`));
      else resolve(ms);
    });
  });
}

/** Runs the bench; returns { javaMs, nodeMs, ratio, runs, javaToolOptions }. */
export async function measureColdStart({ runs = 10, java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java', alsoJar, log = () => {} } = {}) {
  ensureNodeModules(join(root, 'e2e'), '@aws-sdk/client-dynamodb');
  const jar = lambdaJar();
  const launcher = mkdtempSync(join(tmpdir(), 'otter-cold-start-'));
  const javac = spawnSync(java.includes('/') ? join(dirname(java), 'javac') : 'javac', ['-cp', jar, '-d', launcher, join(here, 'cold-start/LambdaInit.java')], { stdio: 'inherit' });
  if (javac.status !== 0) throw new Error('could not compile LambdaInit.java');
  const engine = await startDynalite();
  try {
    const roomId = await seedRoom(engine.endpoint);
    const javaToolOptions = deployedJavaToolOptions();
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && k !== 'JAVA_TOOL_OPTIONS'));
    // What Lambda puts in a function's environment (without SnapStart: credentials as variables), plus the endpoint.
    const env = {
      ...base, AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_SESSION_TOKEN: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint, AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      OTTER_ROOMS_TABLE: ROOMS_TABLE,
    };
    const javaEnv = javaToolOptions ? { ...env, JAVA_TOOL_OPTIONS: javaToolOptions } : env;
    const argsFor = (jarFile) => [...LAMBDA_RUNTIME_JVM_FLAGS, '-cp', `${jarFile}:${launcher}`, 'LambdaInit', HANDLER, roomId];
    const javaArgs = argsFor(jar);
    const nodeArgs = [join(here, 'cold-start/node-get-item.mjs'), roomId];
    // One untimed run of each fills the page cache; then they alternate so that load on the machine hits both.
    await timeProcess(java, javaArgs, javaEnv);
    await timeProcess(process.execPath, nodeArgs, env);
    const javaMs = [];
    const nodeMs = [];
    const otherMs = [];
    for (let i = 0; i < runs; i++) {
      javaMs.push(await timeProcess(java, javaArgs, javaEnv));
      nodeMs.push(await timeProcess(process.execPath, nodeArgs, env));
      if (alsoJar) otherMs.push(await timeProcess(java, argsFor(alsoJar), javaEnv));
      log(`run ${i + 1}/${runs}: java ${javaMs.at(-1).toFixed(0)} ms, node ${nodeMs.at(-1).toFixed(0)} ms`
        + (alsoJar ? `, other jar ${otherMs.at(-1).toFixed(0)} ms` : ''));
    }
    const result = { javaMs: median(javaMs), nodeMs: median(nodeMs), runs, javaToolOptions, jar };
    result.ratio = result.javaMs / result.nodeMs;
    if (alsoJar) Object.assign(result, { alsoJar, alsoJarMs: median(otherMs), alsoJarRatio: median(otherMs) / result.nodeMs });
    return result;
  } finally {
    engine.stop();
    rmSync(launcher, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : fallback; };
  const result = await measureColdStart({ runs: Number(arg('--runs', 10)), java: arg('--java', undefined), alsoJar: arg('--also-jar', undefined),
    log: (l) => console.error(l) });
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else console.log(`cold start (median of ${result.runs}): Java ${result.javaMs.toFixed(0)} ms, Node.js ${result.nodeMs.toFixed(0)} ms, ratio ${result.ratio.toFixed(2)}x`
    + (result.javaToolOptions ? ` (JAVA_TOOL_OPTIONS=${result.javaToolOptions})` : '')
    + (result.alsoJar ? `; ${result.alsoJar}: ${result.alsoJarMs.toFixed(0)} ms, ratio ${result.alsoJarRatio.toFixed(2)}x` : ''));
}
