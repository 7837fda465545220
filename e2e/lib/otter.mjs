import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: local Otter runs from there so it finds coturn/turnserver.conf. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLASSPATH_FILE = join(REPO_ROOT, 'local', 'target', 'runtime-classpath.txt');
const CLASSES_DIR = join(REPO_ROOT, 'local', 'target', 'classes');

/**
 * Starts local Otter as a child process on a free loopback port with a fresh temporary data directory and
 * resolves once it has written `local.json` (which it does after its sample room was created, so it is ready).
 *
 * @param {object} [options]
 * @param {string} [options.webDir] directory to serve as the web app (default: webapp/dist)
 * @param {boolean} [options.turn=true] start coturn (false passes --no-turn)
 * @param {string[]} [options.args] further flags, e.g. ['--idle-timeout', 'PT5S']
 * @param {number} [options.startTimeoutMs=60000]
 * @returns {Promise<LocalOtter>}
 *
 * @typedef {object} LocalOtter
 * @property {string} apiUrl   e.g. http://127.0.0.1:41234/api
 * @property {string} wsUrl    e.g. ws://127.0.0.1:41234/ws
 * @property {string} webUrl   e.g. http://127.0.0.1:41234
 * @property {string} apiKey   the developer API key (otr_…)
 * @property {string} sampleRoomUrl a guest link to a room created at start
 * @property {string} dataDir  the temporary data directory
 * @property {string} logFile  the runner's stdout and stderr
 * @property {(options?: object) => Promise<object>} createRoom POST /createRoom with the API key; resolves to
 *   the 201 body (`roomId`, `url`, `hostUrl`, `expiresAt`, …) with a room secret added to both links as a
 *   developer's backend does (`secret`). Options are the request body (`maxParticipants`, `ttlHours`, `name`, `relayOnly`).
 * @property {() => Promise<void>} restart SIGTERM, wait for exit, start again on the same port and data directory
 * @property {() => Promise<void>} stop SIGTERM, wait for exit, delete the data directory
 */
export async function startOtter({ webDir, turn = true, args = [], startTimeoutMs = 60_000 } = {}) {
  if (!existsSync(CLASSPATH_FILE)) {
    throw new Error(`${CLASSPATH_FILE} is missing: build local Otter first with \`bash scripts/local.sh --build-only\``);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'otter-e2e-'));
  const logFile = join(dataDir, 'runner.log');
  const flags = ['--host', '127.0.0.1', '--data-dir', dataDir];
  if (webDir) flags.push('--web-dir', resolve(webDir));
  if (!turn) flags.push('--no-turn');
  const classpath = `${CLASSES_DIR}:${readFileSync(CLASSPATH_FILE, 'utf8').trim()}`;

  // One runner process on `port` (0: a free one); resolves once it has written local.json.
  async function launch(port) {
    rmSync(join(dataDir, 'local.json'), { force: true });
    const log = openSync(logFile, 'a');
    const child = spawn(
      'java',
      ['-XX:TieredStopAtLevel=1', '-cp', classpath, 'dev.otter.local.OtterLocalCommand', '--port', String(port), ...flags, ...args],
      { cwd: REPO_ROOT, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
    try {
      const endpoints = await waitForLocalJson(join(dataDir, 'local.json'), exited, startTimeoutMs);
      return { child, exited, endpoints };
    } catch (error) {
      child.kill('SIGKILL');
      await exited;
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
      throw new Error(`${error.message}\n--- runner log (last lines) ---\n${tail}`);
    }
  }

  async function terminate({ child, exited }) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  }

  let running;
  try {
    running = await launch(0);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { endpoints } = running;

  return {
    ...endpoints,
    dataDir,
    logFile,
    createRoom: (options = {}) => createRoom(endpoints, options),
    /** Stops the runner as Ctrl-C does and starts it again on the same port with the same data directory. */
    async restart() {
      await terminate(running);
      running = await launch(new URL(endpoints.webUrl).port);
    },
    async stop() {
      await terminate(running);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A room link from createRoom with a room secret added, as a developer's backend makes the links it hands out
 * (docs/http-api.md, "Room links"). `secret` defaults to a fresh one.
 */
export function withRoomSecret(link, secret = randomBytes(32).toString('base64url')) {
  const url = new URL(link);
  const fragment = new URLSearchParams(url.hash.slice(1));
  fragment.set('k', secret);
  url.hash = fragment.toString();
  return url.toString();
}

/**
 * POST /createRoom with the API key, then, as a developer's backend does, one fresh room secret added to both
 * links. The 201 body plus `secret`; `serverUrl` and `serverHostUrl` are the links as the server returned them.
 */
export async function createRoom({ apiUrl, apiKey }, options = {}) {
  const response = await fetch(`${apiUrl}/createRoom`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(options),
  });
  const body = await response.json();
  if (response.status !== 201) {
    throw new Error(`createRoom answered ${response.status}: ${JSON.stringify(body)}`);
  }
  const secret = randomBytes(32).toString('base64url');
  return {
    ...body,
    serverUrl: body.url,
    serverHostUrl: body.hostUrl,
    secret,
    url: withRoomSecret(body.url, secret),
    hostUrl: withRoomSecret(body.hostUrl, secret),
  };
}

/**
 * A participant's TURN credentials, as the SDK gets them: joins the room over signaling (`GET /credentials` needs
 * the seat's resume token), fetches them, and leaves again, freeing the seat. Returns the `iceServers`.
 */
export async function seatedIceServers({ apiUrl, wsUrl }, roomToken, name = 'Probe') {
  const { default: WebSocket } = await import('ws');
  const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(roomToken)}`);
  try {
    const joined = await new Promise((resolve, reject) => {
      socket.on('open', () => socket.send(JSON.stringify({ action: 'join', name })));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.type === 'joined') resolve(message);
        else if (message.type === 'error' || message.type === 'lobby-waiting') reject(new Error(`join answered ${message.type}`));
      });
      socket.on('error', reject);
      socket.on('close', (code) => reject(new Error(`signaling closed (${code}) before joined`)));
    });
    const response = await fetch(`${apiUrl}/credentials`, {
      headers: { Authorization: `Bearer ${roomToken}`, 'X-Otter-Seat': joined.resumeToken },
    });
    if (response.status !== 200) throw new Error(`GET /credentials answered ${response.status}`);
    return (await response.json()).iceServers;
  } finally {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ action: 'leave' }));
    socket.close();
  }
}

async function waitForLocalJson(file, exited, timeoutMs) {
  let exit = null;
  exited.then((result) => {
    exit = result;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`local Otter exited before it was ready (code ${exit.code}, signal ${exit.signal})`);
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        // written atomically, so a parse error means we raced the rename on a slow disk; look again
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`local Otter did not write ${file} within ${timeoutMs} ms`);
}
