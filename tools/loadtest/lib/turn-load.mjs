/**
 * Relays through the deployment's TURN server with coturn's own test client (`turnutils_uclient`, Debian
 * `coturn`): each client allocates a relay and the clients send to each other through their relays (`-y`), so no
 * outside peer is needed. Credentials come the way the SDK gets them: a participant joins a room over signaling
 * and calls `GET /credentials` with its seat proof. coturn counts allocations per participant (`user-quota`, 42),
 * and the test client takes about two per client (30 clients on one participant's credentials hit the quota
 * here, 20 did not), so every {@link CLIENTS_PER_PARTICIPANT} clients get a participant of their own.
 */
import { execFile } from 'node:child_process';
import WebSocket from 'ws';
import { createRooms, tokenOf } from './signaling-load.mjs';
import { Tally } from './stats.mjs';

export const CLIENTS_PER_PARTICIPANT = 20;

/** Joins a room and fetches TURN credentials; resolves to { iceServers, close }. */
async function seatedCredentials(target, room) {
  const token = tokenOf(room.hostUrl);
  const socket = new WebSocket(`${target.wsUrl}?token=${encodeURIComponent(token)}`);
  const joined = await new Promise((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ action: 'join', name: 'load relay' })));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      if (message.type === 'joined') resolve(message);
      else if (message.type === 'error') reject(new Error(`join answered error ${message.code}`));
    });
    socket.on('unexpected-response', (request, response) => reject(new Error(`signaling refused the connection (${response.statusCode})`)));
    socket.on('error', reject);
  });
  const response = await fetch(`${target.apiUrl}/credentials`, {
    headers: { Authorization: `Bearer ${token}`, 'X-Otter-Seat': joined.resumeToken },
  });
  if (response.status !== 200) throw new Error(`GET /credentials answered ${response.status}`);
  const { iceServers } = await response.json();
  return {
    iceServers,
    close() {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ action: 'leave' }));
      socket.close();
    },
  };
}

/** The TURN server's host and port for a transport, from the `RTCIceServer` list. */
export function turnServer(iceServers, transport) {
  for (const server of iceServers) {
    if (!server.username) continue;
    for (const url of [].concat(server.urls)) {
      const match = /^turn:([^:?]+):(\d+)\?transport=(udp|tcp)$/.exec(url);
      if (match && match[3] === transport) {
        return { host: match[1], port: Number(match[2]), username: server.username, credential: server.credential };
      }
    }
  }
  return null;
}

/** The figures of one `turnutils_uclient` run's output. */
export function parseUclient(output) {
  const number = (pattern) => {
    const matches = [...output.matchAll(pattern)];
    return matches.length ? Number(matches[matches.length - 1][1]) : NaN;
  };
  return {
    sent: number(/tot_send_msgs=(\d+), tot_recv_msgs=\d+\s*$/gm),
    received: number(/tot_send_msgs=\d+, tot_recv_msgs=(\d+)\s*$/gm),
    seconds: number(/Total transmit time is (\d+)/g),
    rttMean: number(/Average round trip delay ([\d.]+) ms/g),
    rttMax: number(/Average round trip delay [\d.]+ ms; min = \d+ ms, max = (\d+) ms/g),
    jitterMean: number(/Average jitter ([\d.]+) ms/g),
    jitterMax: number(/Average jitter [\d.]+ ms; min = \d+ ms, max = (\d+) ms/g),
  };
}

function uclient(server, plan, clients) {
  // -c: no RTCP relay, so each client is one allocation against the participant's quota.
  const args = ['-y', '-c', '-m', String(clients), '-n', String(plan.messages), '-l', String(plan.bytes), '-z', String(plan.intervalMs),
    '-u', server.username, '-w', server.credential, '-p', String(server.port)];
  if (plan.transport === 'tcp') args.push('-t');
  args.push(server.host);
  const timeout = plan.messages * plan.intervalMs + 60_000;
  return new Promise((resolve) => {
    execFile('turnutils_uclient', args, { timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ error, output: `${stdout}\n${stderr}` });
    });
  });
}

/**
 * @param {{apiUrl: string, wsUrl: string, apiKey: string, loopbackOnly: boolean}} target
 * @param {{clients: number, messages: number, bytes: number, intervalMs: number, transport: 'udp'|'tcp'}} plan
 */
export async function runTurnLoad(target, plan) {
  const errors = new Tally();
  const sessions = Math.ceil(plan.clients / CLIENTS_PER_PARTICIPANT);
  const rooms = await createRooms({ ...target, participants: 2 }, sessions, errors);
  const seated = [];
  try {
    for (const room of rooms) seated.push(await seatedCredentials(target, room));
    const runs = seated.map((seat, i) => {
      const server = turnServer(seat.iceServers, plan.transport);
      if (!server) throw new Error(`the deployment offers no turn:…?transport=${plan.transport} server`);
      if (target.loopbackOnly && server.host !== '127.0.0.1') throw new Error(`TURN server ${server.host} is not on loopback`);
      const clients = Math.min(CLIENTS_PER_PARTICIPANT, plan.clients - i * CLIENTS_PER_PARTICIPANT);
      return uclient(server, plan, clients + (clients % 2)); // -y pairs clients up
    });
    const results = await Promise.all(runs);
    const totals = { sent: 0, received: 0, seconds: 0, rttMean: 0, rttMax: 0, jitterMean: 0, jitterMax: 0 };
    let measured = 0;
    for (const { error, output } of results) {
      const figures = parseUclient(output);
      if (error || !Number.isFinite(figures.received)) {
        errors.add(error?.killed ? 'uclient-timeout' : 'uclient-failed');
        continue;
      }
      measured += 1;
      totals.sent += figures.sent;
      totals.received += figures.received;
      totals.seconds = Math.max(totals.seconds, figures.seconds);
      totals.rttMean += figures.rttMean;
      totals.rttMax = Math.max(totals.rttMax, figures.rttMax);
      totals.jitterMean += figures.jitterMean;
      totals.jitterMax = Math.max(totals.jitterMax, figures.jitterMax);
    }
    return {
      plan,
      sessions: seated.length,
      sent: totals.sent,
      received: totals.received,
      lossPercent: totals.sent ? (100 * (totals.sent - totals.received)) / totals.sent : 0,
      packetsPerSecond: totals.received / Math.max(1, totals.seconds),
      rtt: { mean: measured ? totals.rttMean / measured : NaN, max: totals.rttMax },
      jitter: { mean: measured ? totals.jitterMean / measured : NaN, max: totals.jitterMax },
      errors,
    };
  } finally {
    seated.forEach((seat) => seat.close());
  }
}
