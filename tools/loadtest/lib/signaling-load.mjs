/**
 * Rooms of real WebSocket participants doing what a call's signaling does: connect, `join`, the joiner offers to
 * every peer listed in `joined`, the other answers, both trickle candidates, everyone holds the call for a while
 * (pinging), then `leave`. Every number comes from what the participants saw.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { distribution, Tally } from './stats.mjs';

/**
 * Signals are shaped and sized like the SDK's sealed envelopes (docs/signaling.md, "Encrypted signals"): an
 * offer or answer of about 6.4 KB seals to about 8.6 KB, a candidate to about 220 bytes. The server reads neither;
 * `kind` and `sentAt` are this tool's own, in clear, so the receiving participant can answer and time it.
 */
const ENVELOPE_TEXT = { description: 'x'.repeat(8_500), candidate: 'x'.repeat(150) };
const PING_EVERY_MS = 60_000;
const QUIET_WAIT_MS = 15_000;

/** The room token in a link's `#token=` fragment. */
export const tokenOf = (link) => new URL(link).hash.replace(/^#/, '').split('&').map((kv) => kv.split('='))
  .find(([key]) => key === 'token')?.[1];

export async function createRooms(target, count, errors) {
  const rooms = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, async () => {
      const response = await fetch(`${target.apiUrl}/createRoom`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${target.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ maxParticipants: target.participants, name: 'loadtest', ttlHours: 1 }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.status !== 201) {
        errors.add(`create-room-${response.status}${body?.error?.code ? `-${body.error.code}` : ''}`);
        return null;
      }
      return body;
    });
    rooms.push(...(await Promise.all(batch)));
  }
  return rooms.filter(Boolean);
}

/** One participant's socket. Resolves when it has left (or failed); never rejects. */
function participant({ wsUrl, token, name, plan, record, room }) {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
    const opened = performance.now();
    const timers = [];
    let state = 'connecting';
    const finish = (outcome) => {
      if (state === 'done') return;
      const joined = state === 'joined' || state === 'leaving';
      if (state === 'connecting') room.joinSettled();
      state = 'done';
      timers.forEach(clearTimeout);
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
      resolve({ joined, outcome });
    };
    const send = (message) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    };
    const sequence = new Map();
    const signal = (to, kind) => {
      record.sent += 1;
      room.inFlight += 1;
      const seq = (sequence.get(to) ?? 0) + 1;
      sequence.set(to, seq);
      const ct = kind === 'candidate' ? ENVELOPE_TEXT.candidate : ENVELOPE_TEXT.description;
      send({ action: 'signal', to, data: { v: 1, seq, iv: 'AAAAAAAAAAAAAAAA', ct, kind, sentAt: performance.now() } });
    };
    const trickle = (to) => {
      for (let i = 0; i < plan.candidates; i++) timers.push(setTimeout(() => signal(to, 'candidate'), 10 * (i + 1)));
    };
    const describe = (to, kind) => {
      signal(to, kind);
      trickle(to);
    };

    // Leaving while a peer's signals are still on their way would turn them into `peer-not-found`: a call's
    // negotiation finishes before anyone hangs up, so wait (boundedly) until the room has nothing in flight.
    const leaveOnceQuiet = (until) => {
      if (state !== 'joined') return;
      if (room.inFlight > 0 && Date.now() < until) {
        timers.push(setTimeout(() => leaveOnceQuiet(until), 50));
        return;
      }
      state = 'leaving';
      send({ action: 'leave' });
      timers.push(setTimeout(() => finish('left'), 5_000));
    };

    socket.on('unexpected-response', (request, response) => {
      record.errors.add(`connect-${response.statusCode}`);
      finish('refused');
    });
    socket.on('error', (error) => {
      if (state !== 'done') record.errors.add(`socket-${error.code ?? 'error'}`);
      finish('error');
    });
    socket.on('close', (code) => {
      if (state !== 'leaving' && state !== 'done') record.errors.add(`closed-${code}`);
      finish(state === 'leaving' ? 'left' : 'closed');
    });
    socket.on('open', () => send({ action: 'join', name }));
    socket.on('message', (raw) => {
      let message;
      try {
        message = JSON.parse(String(raw));
      } catch {
        record.errors.add('unparsable-frame');
        return;
      }
      switch (message.type) {
        case 'joined':
          if (state !== 'connecting') break;
          state = 'joined';
          room.joinSettled();
          record.connect.push(performance.now() - opened);
          for (const peer of message.peers) describe(peer.peerId, 'offer');
          timers.push(setInterval(() => send({ action: 'ping' }), PING_EVERY_MS));
          room.ready.then(() => {
            timers.push(setTimeout(() => leaveOnceQuiet(Date.now() + QUIET_WAIT_MS), plan.holdSeconds * 1000));
          });
          break;
        case 'signal':
          record.received += 1;
          room.inFlight -= 1;
          if (typeof message.data?.sentAt === 'number') record.relay.push(performance.now() - message.data.sentAt);
          if (message.data?.kind === 'offer') describe(message.from, 'answer');
          break;
        case 'error':
          record.errors.add(`error-${message.code}`);
          break;
        case 'removed':
        case 'room-ended':
          record.errors.add(message.type);
          break;
        default:
          break;
      }
    });
    record.sockets.add({ finish });
  });
}

/**
 * @param {{apiUrl: string, wsUrl: string, apiKey: string}} target
 * @param {{rooms: number, participants: number, joinRate: number, holdSeconds: number, candidates: number, graceSeconds: number}} plan
 */
export async function runSignalingLoad(target, plan) {
  const started = performance.now();
  const record = { sent: 0, received: 0, connect: [], relay: [], errors: new Tally(), sockets: new Set() };
  const rooms = await createRooms({ ...target, participants: plan.participants }, plan.rooms, record.errors);

  let next = 0;
  const all = [];
  for (const created of rooms) {
    // The room's call is held once every participant has joined or failed to; each then leaves after the hold.
    const room = { inFlight: 0, settled: 0 };
    room.ready = new Promise((resolve) => {
      room.joinSettled = () => {
        room.settled += 1;
        if (room.settled === plan.participants) resolve();
      };
    });
    for (let i = 0; i < plan.participants; i++) {
      const delay = (next++ / plan.joinRate) * 1000;
      const link = i === 0 ? created.hostUrl : created.url;
      all.push(new Promise((resolve) => setTimeout(resolve, delay)).then(() => participant({
        wsUrl: target.wsUrl, token: tokenOf(link), name: `load ${i + 1}`, plan, record, room,
      })));
    }
  }

  const budgetMs = ((next / plan.joinRate) + plan.holdSeconds + plan.graceSeconds) * 1000 + QUIET_WAIT_MS;
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    for (const socket of record.sockets) socket.finish('timeout');
  }, budgetMs);
  const outcomes = await Promise.all(all);
  clearTimeout(deadline);
  if (timedOut) record.errors.add('timeout', outcomes.filter((o) => o.outcome === 'timeout').length);

  return {
    plan,
    seconds: (performance.now() - started) / 1000,
    joins: { planned: plan.rooms * plan.participants, ok: record.connect.length },
    connect: distribution(record.connect),
    relay: distribution(record.relay),
    signals: { sent: record.sent, received: record.received },
    errors: record.errors,
  };
}
