// Webhooks end to end: local Otter delivers a scripted call's events, signed, to a real HTTP receiver on
// loopback that verifies them with the `standardwebhooks` library (not our code), retries a receiver that
// answers 500, and keeps what it gave up on as dead letters. No browsers: the call is scripted over real
// WebSockets, as the SDK speaks it. Retry waits are shortened with the runner's flags, never slept.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';
import WebSocket from 'ws';
import { startOtter } from '../lib/otter.mjs';

const WAIT_MS = 60_000;
const ALLOWED_DATA = new Set(['eventId', 'roomId', 'peerId', 'name', 'role', 'linkId', 'joinedAt', 'reason']);

/** Resolves once `condition()` is truthy, polling; fails after `timeoutMs` with `what`. */
async function until(condition, what, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A webhook receiver on 127.0.0.1. Each path has a behaviour: `ok` answers 204; `flaky` answers 500 to the first
 * two attempts of each webhook id, then 204; `down` always answers 500. Every request is kept with whether
 * `standardwebhooks` verified it against the secret registered for its path.
 */
async function startReceiver() {
  const requests = [];
  const secrets = new Map();
  const attemptsById = new Map();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url.slice(1);
      const body = Buffer.concat(chunks).toString('utf8');
      let payload = null;
      let verifyError = null;
      try {
        payload = new Webhook(secrets.get(path)).verify(body, req.headers);
      } catch (error) {
        verifyError = error.message;
      }
      const id = req.headers['webhook-id'];
      const key = `${path} ${id}`;
      const attempt = (attemptsById.get(key) ?? 0) + 1;
      attemptsById.set(key, attempt);
      requests.push({ path, id, timestamp: req.headers['webhook-timestamp'], body, payload, verifyError, attempt });
      const fail = path === 'down' || (path === 'flaky' && attempt <= 2);
      res.writeHead(fail ? 500 : 204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = (path) => `http://127.0.0.1:${server.address().port}/${path}`;
  return {
    url,
    requests,
    setSecret: (path, secret) => secrets.set(path, secret),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A participant scripted over the WebSocket API: sends actions, waits for message types. */
async function participant(wsUrl, link) {
  const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token');
  const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
  const received = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    received,
    send: (message) => socket.send(JSON.stringify(message)),
    waitFor: (type) => until(() => received.find((message) => message.type === type), `a ${type} message`),
    close: () => socket.close(),
  };
}

describe('webhooks', () => {
  let otter;
  let receiver;

  async function api(method, path, body) {
    const response = await fetch(`${otter.apiUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${otter.apiKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  async function register(path) {
    const { status, body } = await api('POST', '/webhooks', { url: receiver.url(path) });
    assert.equal(status, 201);
    assert.match(body.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
    receiver.setSecret(path, body.secret);
    return body.id;
  }

  const eventsAt = (path, roomId) =>
    receiver.requests.filter((request) => request.path === path && request.payload?.data?.roomId === roomId);

  before(async () => {
    receiver = await startReceiver();
    otter = await startOtter({ turn: false, args: ['--webhook-first-retry', 'PT0.2S', '--webhook-give-up-after', 'PT3S'] });
  });

  after(async () => {
    await otter?.stop();
    await receiver?.close();
  });

  test('a receiver sees every event of a lobby call, in order, each verified by standardwebhooks', async () => {
    const okId = await register('ok');
    const room = await otter.createRoom({ lobby: true, name: 'Webhook call' });
    const host = await participant(otter.wsUrl, room.hostUrl);
    host.send({ action: 'join', name: 'Host Ann' });
    await host.waitFor('joined');
    const guest = await participant(otter.wsUrl, room.url);
    guest.send({ action: 'join', name: 'Guest Bo' });
    const knock = await host.waitFor('knock');
    host.send({ action: 'admit', peerId: knock.peer.peerId });
    await guest.waitFor('joined');
    guest.send({ action: 'leave' });
    await host.waitFor('peer-left');
    host.send({ action: 'end' });
    await host.waitFor('room-ended');

    const expected = ['room.created', 'room.started', 'participant.joined', 'participant.knocked', 'participant.admitted',
      'participant.joined', 'participant.left', 'room.ended'];
    await until(() => eventsAt('ok', room.roomId).length >= expected.length, 'every event of the call');

    const delivered = eventsAt('ok', room.roomId);
    assert.deepEqual(delivered.map((request) => request.payload.type), expected);
    assert.ok(receiver.requests.filter((r) => r.path === 'ok').every((r) => r.verifyError === null), 'every signature verifies');
    assert.deepEqual(delivered.map((r) => r.payload.data.name ?? null),
      [null, null, 'Host Ann', 'Guest Bo', 'Guest Bo', 'Guest Bo', 'Guest Bo', null]);
    assert.deepEqual(delivered.map((r) => r.payload.data.role ?? null),
      [null, null, 'host', 'guest', 'guest', 'guest', 'guest', null]);
    assert.equal(delivered[6].payload.data.reason, 'left');
    assert.equal(delivered[7].payload.data.reason, 'host');
    assert.equal(delivered[3].payload.data.peerId, knock.peer.peerId);
    for (const request of delivered) {
      assert.equal(request.id, request.payload.data.eventId, 'webhook-id is the event id');
      // Nothing a backend must not see: only these fields, so no token, session description or address.
      assert.deepEqual(Object.keys(request.payload).sort(), ['data', 'timestamp', 'type']);
      for (const field of Object.keys(request.payload.data)) assert.ok(ALLOWED_DATA.has(field), `unexpected field ${field}`);
      assert.equal(request.body.includes(new URLSearchParams(new URL(room.hostUrl).hash.slice(1)).get('token')), false);
    }
    assert.equal(new Set(delivered.map((r) => r.id)).size, delivered.length, 'one id per event');

    const listed = await api('GET', '/webhooks');
    assert.deepEqual(listed.body.webhooks.map((w) => w.id), [okId]);
    assert.equal(JSON.stringify(listed.body).includes('whsec_'), false, 'the secret is never listed');
    host.close();
    guest.close();
  });

  test('a receiver answering 500 gets retries of the same event; one always failing ends in the dead letters', async () => {
    await register('flaky');
    const downId = await register('down');

    const room = await otter.createRoom({ name: 'Retried' });

    const retried = await until(() => {
      const attempts = eventsAt('flaky', room.roomId);
      return attempts.length >= 3 && attempts;
    }, 'the third attempt at the flaky receiver');
    assert.deepEqual(retried.map((r) => r.attempt), [1, 2, 3]);
    assert.equal(new Set(retried.map((r) => r.id)).size, 1, 'the same webhook-id on every retry');
    assert.equal(new Set(retried.map((r) => r.body)).size, 1, 'the same body on every retry');
    assert.ok(retried.every((r) => r.verifyError === null), 'every retry is freshly signed and verifies');

    const letter = await until(async () => {
      const { body } = await api('GET', '/webhooks/deadLetters');
      return body.deadLetters.find((l) => l.endpointId === downId && l.eventId === retried[0].id);
    }, 'the dead letter of the receiver that is down');
    assert.equal(letter.type, 'room.created');
    assert.equal(letter.lastResult, 'HTTP 500');
    assert.equal(letter.attempts, eventsAt('down', room.roomId).length);
    assert.equal(letter.payload, retried[0].body);

    assert.equal((await api('DELETE', `/webhooks/${downId}`)).status, 200);
    const unknown = await api('DELETE', `/webhooks/${downId}`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'webhook-not-found');
  });

  test('registration refuses a URL that is neither https nor loopback http, with a 400', async () => {
    const refused = await api('POST', '/webhooks', { url: 'http://example.com/hook' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'invalid-field');
  });
});
