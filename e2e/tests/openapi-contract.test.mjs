// The HTTP API's contract, docs/openapi.yaml, against the real thing: the document lists exactly the HTTP routes of
// the route table and every error code, and local Otter, driven over real HTTP through every route and every status
// it can be brought to give, answers exactly what the document says (openapi-backend's validator, Ajv 2020-12).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { startOtter } from '../lib/otter.mjs';
import {
  contractValidator,
  documentedOperations,
  errorCodes,
  loadDocument,
  routeTable,
  webhookValidator,
} from '../lib/openapi-contract.mjs';

/**
 * Statuses the document lists that no request to local Otter can produce, each with the reason. Everything else
 * the document lists must be driven below, or the coverage test fails.
 */
const NOT_DRIVEN = {
  429: 'API Gateway throttling on AWS; local Otter does not throttle HTTP routes',
  500: 'a failing handler or function; no input may cause one (bad input is a 4xx)',
  'createRoom 409': 'idempotency-key-in-use: a retry that arrives while the first request is still being carried out (a race)',
  'getRoom 404': 'needs a genuine room token whose room item is gone (DynamoDB TTL deletes it after expiry)',
  'getCredentials 404': 'needs a genuine room token whose room item is gone (DynamoDB TTL deletes it after expiry)',
};

const document = loadDocument();

describe('docs/openapi.yaml, statically', () => {
  test('describes exactly the HTTP routes of the route table (OtterRoute)', () => {
    const table = routeTable()
      .filter((route) => route.api === 'HTTP')
      .map((route) => route.routeKey)
      .sort();
    const documented = documentedOperations(document)
      .map((entry) => entry.routeKey)
      .sort();
    assert.deepEqual(
      {
        missingFromDocument: table.filter((key) => !documented.includes(key)),
        notInRouteTable: documented.filter((key) => !table.includes(key)),
      },
      { missingFromDocument: [], notInRouteTable: [] },
    );
  });

  test('lists every error code of Errors, and each route answers a code only with its mapped status', () => {
    const codes = errorCodes();
    const documented = document.components.schemas.ErrorCode.enum;
    assert.deepEqual(codes.map(({ code }) => code).filter((code) => !documented.includes(code)), []);
    const statusOf = new Map(codes.map(({ code, status }) => [code, status]));
    for (const { routeKey, operation } of documentedOperations(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const code of codesIn(resolve(response))) {
          assert.equal(String(statusOf.get(code)), status, `${routeKey} lists ${code} under ${status}`);
        }
      }
    }
  });
});

describe('local Otter answers as docs/openapi.yaml says', () => {
  let otter;
  let contract;
  let key; // the API key in use: the runner's, until a rotation replaces it
  let room; // a live room
  let endedRoom;
  let receiver; // a webhook endpoint on loopback
  let webhook; // its registration

  before(async () => {
    contract = await contractValidator(document);
    receiver = await startReceiver();
    // Failed webhook deliveries become dead letters within a second, so that a real one can be listed.
    otter = await startOtter({
      args: ['--webhook-first-retry', 'PT0.2S', '--webhook-give-up-after', 'PT1S'],
      startTimeoutMs: 180_000, // a loaded CI machine
    });
    key = otter.apiKey;
    // Registered first, so that it hears every event of the rooms below.
    webhook = await call('registerWebhook', { body: { url: receiver.url } }, 201);
    room = await call('createRoom', { body: { name: 'Contract', lobby: false } }, 201);
    endedRoom = await call('createRoom', { body: {} }, 201);
  });

  after(async () => {
    await otter?.stop();
    await receiver?.close();
  });

  /**
   * Sends one request of `operationId` over real HTTP and checks the answer against the document.
   * @param {string} operationId
   * @param {{path?: object, query?: object, headers?: object, body?: unknown, raw?: string|Buffer, auth?: 'apiKey'|'x-api-key'|'none'|string}} request
   * @param {number} expected status
   */
  async function call(operationId, request, expected) {
    const { path, method, operation } = contract.operations.get(operationId);
    const url = new URL(otter.apiUrl + path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(request.path?.[name] ?? '')));
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
    const headers = { ...(request.headers ?? {}) };
    const auth = request.auth ?? 'apiKey';
    if (auth === 'apiKey') headers.Authorization = `Bearer ${key}`;
    else if (auth === 'x-api-key') headers['x-api-key'] = key;
    else if (auth !== 'none') headers.Authorization = `Bearer ${auth}`;
    let body = request.raw;
    if (request.body !== undefined) body = JSON.stringify(request.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const answer = await send(url, method.toUpperCase(), headers, body);
    const parsed = contract.check(operation.operationId, answer);
    assert.equal(answer.status, expected, `${method.toUpperCase()} ${path}: ${answer.text}`);
    return parsed;
  }

  const token = (link) => new URLSearchParams(new URL(link).hash.slice(1)).get('token');

  test('POST /createRoom', async () => {
    const created = await call('createRoom', { auth: 'x-api-key', body: { maxParticipants: 2, ttlHours: 1, relayOnly: true, embedOrigins: ['https://App.example.com:443'] } }, 201);
    assert.deepEqual(created.embedOrigins, ['https://app.example.com']);
    await call('createRoom', { raw: '' }, 201);
    assert.equal((await call('createRoom', { raw: '[1]' }, 400)).error.code, 'invalid-json');
    assert.equal((await call('createRoom', { body: { maxParticipants: 9 } }, 400)).error.code, 'invalid-field');
    await call('createRoom', { auth: 'none', body: {} }, 403);
    await call('createRoom', { auth: 'otr_notAKeyAtAll0000000000000000', body: {} }, 403);
    assert.equal((await call('createRoom', { raw: JSON.stringify({ name: 'x'.repeat(70_000) }) }, 413)).error.code, 'payload-too-large');
    // Over API Gateway's own 10 MB: the gateway answers, not the handler.
    assert.equal((await call('createRoom', { raw: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) }, 413)).message, 'Request Entity Too Large');
  });

  test('GET /rooms/{id} and DELETE /rooms/{id}', async () => {
    const seen = await call('getDeveloperRoom', { path: { id: room.roomId } }, 200);
    assert.equal(seen.name, 'Contract');
    await call('getDeveloperRoom', { path: { id: 'A'.repeat(22) } }, 404);
    await call('getDeveloperRoom', { path: { id: 'not-a-room' }, auth: 'x-api-key' }, 404);
    await call('getDeveloperRoom', { path: { id: room.roomId }, auth: 'none' }, 403);
    assert.equal((await call('endDeveloperRoom', { path: { id: endedRoom.roomId } }, 200)).ended, true);
    assert.equal((await call('endDeveloperRoom', { path: { id: endedRoom.roomId } }, 200)).disconnected, 0);
    await call('endDeveloperRoom', { path: { id: 'A'.repeat(22) } }, 404);
    await call('endDeveloperRoom', { path: { id: endedRoom.roomId }, auth: 'none' }, 403);
    assert.equal((await call('getDeveloperRoom', { path: { id: endedRoom.roomId } }, 200)).ended, true);
  });

  test('GET /room/{id}', async () => {
    const guest = token(room.url);
    const seen = await call('getRoom', { path: { id: room.roomId }, auth: guest }, 200);
    assert.equal(seen.role, 'guest');
    assert.equal((await call('getRoom', { path: { id: room.roomId }, auth: token(room.hostUrl) }, 200)).role, 'host');
    await call('getRoom', { path: { id: room.roomId }, auth: 'none' }, 401);
    await call('getRoom', { path: { id: room.roomId }, auth: `${guest}x` }, 403);
    assert.equal((await call('getRoom', { path: { id: endedRoom.roomId }, auth: guest }, 403)).error.code, 'wrong-room');
    await call('getRoom', { path: { id: endedRoom.roomId }, auth: token(endedRoom.url) }, 410);
  });

  test('GET /credentials', async () => {
    const guest = token(room.url);
    const { socket, joined } = await join(otter.wsUrl, guest);
    try {
      const credentials = await call('getCredentials', { auth: guest, headers: { 'X-Otter-Seat': joined.resumeToken } }, 200);
      assert.ok(credentials.ttlSeconds > 0);
      assert.equal((await call('getCredentials', { auth: guest }, 403)).error.code, 'forbidden');
      assert.equal((await call('getCredentials', { auth: guest, headers: { 'X-Otter-Seat': 'forged' } }, 403)).error.code, 'forbidden');
      assert.equal((await call('getCredentials', { auth: `${guest}x`, headers: { 'X-Otter-Seat': joined.resumeToken } }, 403)).message, 'Forbidden');
      await call('getCredentials', { auth: 'none' }, 401);
      await call('getCredentials', { auth: token(endedRoom.url), headers: { 'X-Otter-Seat': joined.resumeToken } }, 410);
    } finally {
      socket.close();
    }
  });

  test('POST /apiKeys/rotate, GET /apiKeys, DELETE /apiKeys/{id}', async () => {
    const first = key;
    await call('listApiKeys', { auth: 'none' }, 403);
    assert.equal((await call('rotateApiKey', { raw: '"grace"' }, 400)).error.code, 'invalid-json');
    assert.equal((await call('rotateApiKey', { body: { graceSeconds: -1 } }, 400)).error.code, 'invalid-field');
    assert.equal((await call('rotateApiKey', { raw: JSON.stringify({ pad: 'x'.repeat(70_000) }) }, 413)).error.code, 'payload-too-large');
    await call('rotateApiKey', { raw: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) }, 413);
    await call('rotateApiKey', { auth: 'none' }, 403);
    const rotated = await call('rotateApiKey', { body: { graceSeconds: 600 } }, 201);
    // The first key is in grace now: still valid, but only a current key may rotate.
    assert.equal((await call('rotateApiKey', { body: {} }, 403)).error.code, 'forbidden');
    key = rotated.apiKey;
    const listed = await call('listApiKeys', { auth: 'x-api-key' }, 200);
    assert.deepEqual(listed.apiKeys.map((k) => k.state).sort(), ['current', 'grace']);

    assert.equal((await call('revokeApiKey', { path: { id: rotated.id } }, 409)).error.code, 'last-current-key');
    await call('revokeApiKey', { path: { id: rotated.id }, query: { allowNoCurrentKey: 'maybe' } }, 400);
    await call('revokeApiKey', { path: { id: 'key_00000000000000000000' } }, 404);
    await call('revokeApiKey', { path: { id: rotated.previousKeyId }, auth: 'none' }, 403);
    assert.equal((await call('revokeApiKey', { path: { id: rotated.previousKeyId }, query: { allowNoCurrentKey: 'false' } }, 200)).state, 'revoked');
    key = first;
    await call('listApiKeys', {}, 403); // revoked from the very next request
    key = rotated.apiKey;
  });

  test('POST /webhooks, GET /webhooks, DELETE /webhooks/{id}, GET /webhooks/deadLetters', async () => {
    assert.ok(webhook.secret.startsWith('whsec_'));
    assert.equal((await call('registerWebhook', { body: { url: 'ftp://127.0.0.1/x' } }, 400)).error.code, 'invalid-field');
    assert.equal((await call('registerWebhook', { raw: '{' }, 400)).error.code, 'invalid-json');
    await call('registerWebhook', { raw: JSON.stringify({ url: `https://x.example/${'x'.repeat(70_000)}` }) }, 413);
    await call('registerWebhook', { auth: 'none', body: { url: receiver.url } }, 403);
    const listed = await call('listWebhooks', { auth: 'x-api-key' }, 200);
    assert.deepEqual(listed.webhooks.map((w) => w.id), [webhook.id]);
    await call('listWebhooks', { auth: 'none' }, 403);
    // Fill up to the limit with endpoints on the same receiver, meet the limit, and delete them again.
    const fillers = [];
    while (fillers.length + 1 < 10) {
      fillers.push(await call('registerWebhook', { body: { url: `${receiver.url}/filler${fillers.length}` } }, 201));
    }
    assert.equal((await call('registerWebhook', { body: { url: receiver.url } }, 409)).error.code, 'webhook-limit');
    for (const filler of fillers) assert.equal((await call('deleteWebhook', { path: { id: filler.id } }, 200)).deleted, true);
    assert.equal((await call('deleteWebhook', { path: { id: fillers[0].id } }, 404)).error.code, 'webhook-not-found');
    await call('deleteWebhook', { path: { id: webhook.id }, auth: 'none' }, 403);
    assert.deepEqual((await call('listWebhookDeadLetters', {}, 200)).deadLetters, []);
    await call('listWebhookDeadLetters', { auth: 'none' }, 403);
    // An endpoint that refuses every delivery: the room.created of a new room becomes a dead letter.
    const refusing = await call('registerWebhook', { body: { url: `${receiver.url}/refuse` } }, 201);
    const refused = await call('createRoom', { body: {} }, 201);
    let letters = [];
    const deadline = Date.now() + 30_000;
    while (!letters.some((letter) => letter.endpointId === refusing.id)) {
      assert.ok(Date.now() < deadline, 'no dead letter within 30 s');
      letters = (await call('listWebhookDeadLetters', {}, 200)).deadLetters;
      if (!letters.some((l) => l.endpointId === refusing.id)) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const letter = letters.find((l) => l.endpointId === refusing.id);
    assert.equal(JSON.parse(letter.payload).data.roomId, refused.roomId);
    await call('deleteWebhook', { path: { id: refusing.id } }, 200);
  });

  test('a lobby call sends every webhook event, each as the document says', async () => {
    const lobby = await call('createRoom', { body: { lobby: true, name: 'Lobby' } }, 201);
    const host = await connect(otter.wsUrl, token(lobby.hostUrl));
    host.send({ action: 'join', name: 'Host' });
    await host.next('joined');
    const admitted = await connect(otter.wsUrl, token(lobby.url));
    admitted.send({ action: 'join', name: 'Ada' });
    await admitted.next('lobby-waiting');
    host.send({ action: 'admit', peerId: (await host.next('knock')).peer.peerId });
    await admitted.next('joined');
    const denied = await connect(otter.wsUrl, token(lobby.url));
    denied.send({ action: 'join', name: 'Eve' });
    await denied.next('lobby-waiting');
    host.send({ action: 'deny', peerId: (await host.next('knock')).peer.peerId });
    await denied.next('lobby-denied');
    admitted.send({ action: 'leave' });
    await host.next('peer-left'); // the leave is carried out before the end, which would otherwise take its seat
    host.send({ action: 'end' });
    await host.next('room-ended');
    for (const socket of [host, admitted, denied]) socket.close();

    const every = Object.keys(document.webhooks);
    const deliveries = await receiver.waitFor(
      (received) => every.every((type) => received.some((d) => d.type === type && d.roomId === lobby.roomId)),
      60_000,
    );
    const webhooks = webhookValidator(document);
    for (const delivery of deliveries) webhooks.check(delivery);
    assert.deepEqual([...webhooks.seen].sort(), [...every].sort());
    const ofLobby = deliveries.filter((d) => d.roomId === lobby.roomId).map((d) => JSON.parse(d.text));
    assert.deepEqual(
      ofLobby.filter((e) => e.type === 'participant.left').map((e) => [e.data.name, e.data.reason]),
      [['Ada', 'left']],
    );
    assert.equal(ofLobby.find((e) => e.type === 'room.ended').data.reason, 'host');
  });

  test('GET /rooms, PATCH /rooms/{id}, per-person links, Idempotency-Key', async () => {
    const listed = await call('listDeveloperRooms', { query: { state: 'all', limit: '1' } }, 200);
    assert.equal(listed.rooms.length, 1);
    await call('listDeveloperRooms', { query: { state: 'active', cursor: listed.nextCursor }, auth: 'x-api-key' }, 200);
    await call('listDeveloperRooms', { query: { state: 'sideways' } }, 400);
    await call('listDeveloperRooms', { auth: 'none' }, 403);

    const managed = await call('createRoom', { body: { maxParticipants: 4, name: 'Managed' } }, 201);
    const id = { id: managed.roomId };
    const later = new Date(Date.parse(managed.expiresAt) + 3_600_000).toISOString();
    const changed = await call('changeDeveloperRoom', { path: id, body: { lobby: false, locked: false, expiresAt: later } }, 200);
    assert.ok(changed.hostUrl);
    await call('changeDeveloperRoom', { path: id, body: { maxParticipants: 9 } }, 400);
    await call('changeDeveloperRoom', { path: id, raw: '[' }, 400);
    await call('changeDeveloperRoom', { path: id, raw: JSON.stringify({ pad: 'x'.repeat(70_000) }) }, 413);
    await call('changeDeveloperRoom', { path: id, auth: 'none', body: {} }, 403);
    await call('changeDeveloperRoom', { path: { id: 'A'.repeat(22) }, body: {} }, 404);
    await call('changeDeveloperRoom', { path: { id: endedRoom.roomId }, body: { locked: true } }, 410);

    const link = await call('createRoomLink', { path: id, body: { role: 'guest', name: 'Ada', singleUse: true } }, 201);
    await call('createRoomLink', { path: id, body: { role: 'admiral' } }, 400);
    await call('createRoomLink', { path: id, raw: JSON.stringify({ pad: 'x'.repeat(70_000) }) }, 413);
    await call('createRoomLink', { path: id, auth: 'none', body: {} }, 403);
    await call('createRoomLink', { path: { id: 'A'.repeat(22) }, body: {} }, 404);
    await call('createRoomLink', { path: { id: endedRoom.roomId }, body: {} }, 410);
    for (let made = 1; made < 50; made += 1) await call('createRoomLink', { path: id, body: {} }, 201);
    assert.equal((await call('createRoomLink', { path: id, body: {} }, 409)).error.code, 'too-many-links');
    assert.equal((await call('listRoomLinks', { path: id }, 200)).links.length, 50);
    await call('listRoomLinks', { path: id, auth: 'none' }, 403);
    await call('listRoomLinks', { path: { id: 'A'.repeat(22) } }, 404);

    // Three seated people, then a capacity below them.
    const seated = [];
    for (const name of ['One', 'Two', 'Three']) seated.push((await join(otter.wsUrl, token(changed.url ?? managed.url), name)).socket);
    assert.equal((await call('changeDeveloperRoom', { path: id, body: { maxParticipants: 2 } }, 409)).error.code, 'capacity-below-participants');
    for (const socket of seated) socket.close();

    assert.equal((await call('revokeRoomLink', { path: { ...id, linkId: link.linkId } }, 200)).state, 'revoked');
    assert.equal((await call('getRoom', { path: id, auth: token(link.url) }, 403)).error.code, 'link-revoked');
    assert.equal((await call('revokeRoomLink', { path: { ...id, linkId: 'nosuchlink00' } }, 404)).error.code, 'link-not-found');
    assert.equal((await call('revokeRoomLink', { path: { id: 'A'.repeat(22), linkId: link.linkId } }, 404)).error.code, 'room-not-found');
    await call('revokeRoomLink', { path: { ...id, linkId: link.linkId }, auth: 'none' }, 403);

    const once = { 'Idempotency-Key': `contract-${managed.roomId}` };
    const first = await call('createRoom', { headers: once, body: { name: 'Once' } }, 201);
    assert.equal((await call('createRoom', { headers: once, body: { name: 'Once' } }, 201)).roomId, first.roomId);
    assert.equal((await call('createRoom', { headers: once, body: { name: 'Twice' } }, 422)).error.code, 'idempotency-key-reused');
    assert.equal((await call('createRoom', { body: { guestLink: 'none' } }, 201)).url, undefined);
  });

  test('every status the document lists was driven and matched, except those that cannot be', () => {
    const missing = [];
    let checked = 0;
    for (const [operationId, { operation }] of contract.operations) {
      for (const status of Object.keys(operation.responses)) {
        const pair = `${operationId} ${status}`;
        if (contract.seen.get(operationId)?.has(status)) checked += 1;
        else if (!NOT_DRIVEN[status] && !NOT_DRIVEN[pair]) missing.push(pair);
      }
    }
    assert.deepEqual(missing, []);
    console.log(`contract: ${contract.operations.size} routes, ${checked} route × status pairs driven and validated`);
  });
});

/**
 * One HTTP request; resolves with its status, headers and body text. A body over a megabyte goes with
 * `Expect: 100-continue` and is sent only when the server asks for it: a server refusing it as too large answers
 * at once and closes, and a client still writing ten megabytes would meet a reset instead of the answer.
 */
function send(url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const large = body !== undefined && Buffer.byteLength(body) > 1024 * 1024;
    const request = httpRequest(url, { method, agent: false, headers: large ? { ...headers, Expect: '100-continue' } : headers });
    request.on('error', reject);
    request.on('continue', () => request.end(body));
    request.on('response', (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const one of [value].flat()) responseHeaders.append(name, one);
        }
        resolve({ status: response.statusCode, headers: responseHeaders, text: Buffer.concat(chunks).toString('utf8') });
        // A refused large body was never sent: this request can go no further.
        if (large) request.destroy();
      });
    });
    if (!large) request.end(body);
  });
}

/**
 * A signaling connection: `send` an action, `next(type)` resolves with the first message of that type not taken yet
 * (an `error` frame fails it), within 15 s.
 */
async function connect(wsUrl, roomToken) {
  const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(roomToken)}`);
  const messages = [];
  const waiting = new Set();
  const settle = () => {
    for (const waiter of waiting) {
      const index = messages.findIndex((m) => m.type === waiter.type || m.type === 'error');
      if (index < 0) continue;
      const [message] = messages.splice(index, 1);
      waiting.delete(waiter);
      if (message.type === 'error') waiter.reject(new Error(`waiting for ${waiter.type}, got ${JSON.stringify(message)}`));
      else waiter.resolve(message);
    }
  };
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    settle();
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    send: (message) => socket.send(JSON.stringify(message)),
    next: (type) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} within 15 s`)), 15_000);
        waiting.add({ type, resolve: (m) => (clearTimeout(timer), resolve(m)), reject: (e) => (clearTimeout(timer), reject(e)) });
        settle();
      }),
    close: () => socket.close(),
  };
}

/** Joins over signaling as the SDK does; resolves with the connection and the `joined` message. */
async function join(wsUrl, roomToken, name = 'Contract') {
  const socket = await connect(wsUrl, roomToken);
  socket.send({ action: 'join', name });
  return { socket, joined: await socket.next('joined') };
}

/**
 * A webhook endpoint on loopback that takes every delivery (200; 500 under `…/refuse`) and keeps it: headers (lower case), body text,
 * and the event's type and room.
 */
async function startReceiver() {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let event = {};
      try {
        event = JSON.parse(text);
      } catch {
        // kept as it came; the validator reports it
      }
      received.push({ headers: request.headers, text, type: event.type, roomId: event.data?.roomId });
      response.writeHead(request.url.includes('/refuse') ? 500 : 200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/otter-events`,
    /** Resolves with every delivery so far once `done(deliveries)` holds; fails after `timeoutMs`. */
    async waitFor(done, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!done(received)) {
        if (Date.now() > deadline) {
          throw new Error(`webhooks received so far: ${JSON.stringify(received.map((d) => [d.type, d.roomId]))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return [...received];
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A `$ref` of the document, followed (one level is all responses use). */
function resolve(node) {
  if (!node?.$ref) return node;
  return node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((at, part) => at[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

/** The error codes a response's schemas allow (`const` or `enum` of `error.code`), following refs. */
function codesIn(response) {
  const codes = new Set();
  const visit = (schema) => {
    schema = resolve(schema);
    if (!schema || typeof schema !== 'object') return;
    for (const branch of [...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) visit(branch);
    const code = schema.properties?.error?.properties?.code;
    if (code?.const) codes.add(code.const);
    for (const value of code?.enum ?? []) codes.add(value);
  };
  for (const media of Object.values(response.content ?? {})) visit(media.schema);
  return codes;
}
