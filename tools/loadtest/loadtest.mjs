#!/usr/bin/env node
// ./otter loadtest: load a local Otter or a deployment with real signaling participants, or its TURN server with
// real relay clients, within fixed bounds, and report latency percentiles, errors by type and throughput.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runSignalingLoad } from './lib/signaling-load.mjs';
import { formatSignalingReport, formatTurnReport } from './lib/stats.mjs';
import { runTurnLoad } from './lib/turn-load.mjs';

const USAGE = `Usage: ./otter loadtest [target] [load] [--json]

Target (default: the running ./otter local whose data directory is .otter):
  --local DIR             a running ./otter local with --data-dir DIR (reads DIR/local.json); loopback only
  --api URL --ws URL      a deployment: its HTTP API and WebSocket URLs (the stack outputs)
  --key KEY               the deployment's API key (or OTTER_API_KEY in the environment)

Signaling load (default mode):
  --rooms N               rooms to open, 1–1000 (default 10)
  --participants K        participants per room, 2–8 (default 2)
  --join-rate R           participants joining per second, 0.1–500 (default 20)
  --hold S                seconds each room stays in call once everyone is in, 0–600 (default 10)
  --candidates C          ICE candidates each side trickles per connection, 0–50 (default 8)

TURN load (--turn): clients relaying to each other through the TURN server (coturn's turnutils_uclient)
  --clients N             relay clients, 2–400 (default 20)
  --packets N             packets per client, 1–100000 (default 500)
  --bytes B               packet size, 20–1400 (default 200)
  --interval MS           milliseconds between a client's packets, 1–1000 (default 20)
  --transport udp|tcp     (default udp)

Everything stops by itself: a run lasts at most the joins' schedule + the hold + 75 s.`;

const options = {
  local: { type: 'string' }, api: { type: 'string' }, ws: { type: 'string' }, key: { type: 'string' },
  rooms: { type: 'string' }, participants: { type: 'string' }, 'join-rate': { type: 'string' }, hold: { type: 'string' },
  candidates: { type: 'string' }, turn: { type: 'boolean' }, clients: { type: 'string' }, packets: { type: 'string' },
  bytes: { type: 'string' }, interval: { type: 'string' }, transport: { type: 'string' }, json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

class UsageError extends Error {}
/** The command was fine but names no reachable Otter: said without the usage text. */
class TargetError extends Error {}

function bounded(values, name, fallback, min, max) {
  if (values[name] === undefined) return fallback;
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}`);
  return value;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function resolveTarget(values) {
  if (values.api || values.ws) {
    if (!values.api || !values.ws) throw new UsageError('a deployment needs both --api and --ws');
    const apiKey = values.key ?? process.env.OTTER_API_KEY;
    if (!apiKey) throw new UsageError('a deployment needs --key (or OTTER_API_KEY)');
    return { apiUrl: values.api.replace(/\/$/, ''), wsUrl: values.ws, apiKey, loopbackOnly: false };
  }
  const dir = values.local ?? '.otter';
  let endpoints;
  try {
    endpoints = JSON.parse(readFileSync(join(dir, 'local.json'), 'utf8'));
  } catch {
    throw new TargetError(`no local Otter found: ${join(dir, 'local.json')} is missing (start ./otter local, or pass --local DIR / --api and --ws)`);
  }
  for (const url of [endpoints.apiUrl, endpoints.wsUrl]) {
    if (!LOOPBACK.has(new URL(url).hostname)) throw new TargetError(`local Otter must be on loopback, not ${url}`);
  }
  return { apiUrl: endpoints.apiUrl, wsUrl: endpoints.wsUrl, apiKey: endpoints.apiKey, loopbackOnly: true };
}

async function main() {
  const { values } = parseArgs({ options, strict: true });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.turn) {
    const transport = values.transport ?? 'udp';
    if (transport !== 'udp' && transport !== 'tcp') throw new UsageError('--transport must be udp or tcp');
    const plan = {
      clients: bounded(values, 'clients', 20, 2, 400), messages: bounded(values, 'packets', 500, 1, 100_000),
      bytes: bounded(values, 'bytes', 200, 20, 1400), intervalMs: bounded(values, 'interval', 20, 1, 1000), transport,
    };
    const result = await runTurnLoad(resolveTarget(values), plan);
    console.log(values.json ? JSON.stringify(result, null, 2) : formatTurnReport(result));
    return result.errors.total === 0 ? 0 : 1;
  }
  const plan = {
    rooms: bounded(values, 'rooms', 10, 1, 1000), participants: bounded(values, 'participants', 2, 2, 8),
    joinRate: bounded(values, 'join-rate', 20, 0.1, 500), holdSeconds: bounded(values, 'hold', 10, 0, 600),
    candidates: bounded(values, 'candidates', 8, 0, 50), graceSeconds: 60,
  };
  const result = await runSignalingLoad(resolveTarget(values), plan);
  console.log(values.json ? JSON.stringify(result, null, 2) : formatSignalingReport(result));
  return result.errors.total === 0 ? 0 : 1;
}

main().then((code) => {
  process.exitCode = code;
}, (error) => {
  if (error instanceof UsageError || error?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    console.error(`otter loadtest: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof TargetError) {
    console.error(`otter loadtest: ${error.message}`);
    process.exitCode = 2;
  } else {
    console.error(`otter loadtest: ${error.message}`);
    process.exitCode = 1;
  }
});
