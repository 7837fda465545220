// A participant who holds the room link and turns against the others (issue 21): hostile chat messages,
// forged names, signals from peers nobody announced, HTML passed off as a file, and what a render crash must
// do. The web app (webapp/dist) in headless Chromium against local Otter, inside e2e/run-in-netns.sh.
// Pages are opened with `?debug` (window.__otter: the Room and the SDK); the attacker writes to the victim
// straight over the data channel of its own Room, as a modified client would.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertReceivesMedia, inboundTotals, launchChromium, startOtter, waitFor } from '../lib/index.mjs';
import { sealSignal } from '../lib/signal-envelope.mjs';
import { WEB_DIR, peerIdOf, people, requireBuiltWebApp, tileOf } from '../lib/webapp.mjs';

/**
 * Page init script: keeps the signaling socket's message handler reachable, so a test can hand the SDK a
 * server frame the server would not send (a `signal` from a peer nobody announced).
 */
const INJECTABLE_SIGNALING = () => {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    set onmessage(handler) {
      super.onmessage = handler;
      window.__injectServerMessage = handler ? (message) => handler({ data: JSON.stringify(message) }) : null;
    }

    get onmessage() {
      return super.onmessage;
    }
  };
};

/**
 * Starts recording the SDK's dropped peer messages of a joined page into `window.__dropped`, and its refused
 * (not decrypting) signals into `window.__rejected`.
 */
function recordDropped(page) {
  return page.evaluate(() => {
    window.__dropped = [];
    window.__rejected = [];
    const { room, RoomEvent } = window.__otter;
    room.on(RoomEvent.Error, ({ error, peerId }) => {
      if (error.name === 'PeerMessageDroppedError') window.__dropped.push({ peerId, source: error.source, detail: error.detail });
      if (error.name === 'SignalRejectedError') window.__rejected.push({ peerId, reason: error.reason });
    });
  });
}

/** Sends raw text to `targetId` over the attacker's control data channel, once that channel is open. */
async function sendRaw(attacker, targetId, frames) {
  await waitFor(
    () => attacker.evaluate((id) => window.__otter.room.peers.get(id)?.session.control.readyState, targetId),
    (state) => state === 'open',
    { what: "the attacker's control channel open" },
  );
  await attacker.evaluate(
    ({ id, frames }) => {
      const channel = window.__otter.room.peers.get(id).session.control;
      for (const frame of frames) channel.send(frame);
    },
    { id: targetId, frames },
  );
}

/** Video frames decoded so far over the page's connections that are still open. */
async function framesDecoded(page) {
  return (await inboundTotals(page)).videoFramesDecoded;
}

describe('a hostile participant', () => {
  let otter;
  let browser;
  let crowd;

  before(async () => {
    requireBuiltWebApp();
    otter = await startOtter({ webDir: WEB_DIR });
    browser = await launchChromium();
    crowd = people(browser);
  });

  after(async () => {
    await browser?.close();
    await otter?.stop();
  });

  const closeAll = () => crowd.closeAll();

  test('a chat message with an impossible time is dropped and reported, the page keeps rendering, and names come from signaling', async () => {
    const room = await otter.createRoom({ name: 'hostile-chat' });
    try {
      const victim = await crowd.person(room.hostUrl, 'Hana');
      const mallory = await crowd.person(room.url, 'Mallory');
      await Promise.all([assertReceivesMedia(victim), assertReceivesMedia(mallory)]);
      const victimId = await peerIdOf(victim);
      const malloryId = await peerIdOf(mallory);
      await recordDropped(victim);
      await victim.getByTestId('toggle-chat').click();

      await sendRaw(mallory, victimId, [
        // Made ChatPanel throw (new Date(1e300).toISOString()) and blanked the page while media kept flowing.
        JSON.stringify({ t: 'chat', id: 'boom', text: 'crash', sentAt: 1e300 }),
        // A guest passing itself off as the host.
        JSON.stringify({ t: 'chat', id: 'imposter', text: 'I am the doctor', sentAt: Date.now(), name: 'Dr. Host', role: 'host', from: victimId }),
      ]);

      const line = victim.getByTestId('chat-message').filter({ hasText: 'I am the doctor' });
      await line.waitFor({ timeout: 20_000 });
      assert.equal(await line.getByTestId('chat-sender').innerText(), 'Mallory', 'the name signaling announced, no role');
      assert.equal(await line.getAttribute('data-from'), malloryId);
      assert.equal(await victim.getByTestId('chat-messages').getByText('crash').count(), 0, 'the hostile message is not shown');
      const dropped = await waitFor(() => victim.evaluate(() => window.__dropped), (d) => d.length >= 1, { what: 'the drop reported' });
      assert.deepEqual(dropped, [{ peerId: malloryId, source: 'control', detail: 'chat.sentAt: not a time' }]);
      await victim.getByTestId('call-screen').waitFor();
      await assertReceivesMedia(victim);

      // The host's own line reaches the guest under the host's announced name and role.
      await victim.getByTestId('chat-input').fill('hello from the host');
      await victim.getByTestId('chat-input').press('Enter');
      await mallory.getByTestId('toggle-chat').click();
      const hostLine = mallory.getByTestId('chat-message').filter({ hasText: 'hello from the host' });
      await hostLine.waitFor({ timeout: 20_000 });
      assert.equal(await hostLine.getByTestId('chat-sender').innerText(), 'Hana (host)');
    } finally {
      await closeAll();
    }
  });

  test('a render crash leaves the call, ends every local track and stops the others decoding; Rejoin gets back in', async () => {
    const room = await otter.createRoom({ name: 'crash' });
    try {
      const victim = await crowd.person(room.hostUrl, 'Hana');
      const bob = await crowd.person(room.url, 'Bob');
      await Promise.all([assertReceivesMedia(victim), assertReceivesMedia(bob)]);
      const victimId = await peerIdOf(victim);
      assert.deepEqual(
        await victim.evaluate(() => {
          window.__localTracks = window.__otter.room.media.stream.getTracks();
          return window.__localTracks.map((t) => `${t.kind}:${t.readyState}`).sort();
        }),
        ['audio:live', 'video:live'],
      );
      await victim.getByTestId('toggle-chat').click();

      // A render crash of the kind the hostile chat message caused, forced past the SDK's checks by emitting a
      // chat event whose time no Date can hold straight on the victim's Room.
      await victim.evaluate(() => {
        const { room: r, RoomEvent } = window.__otter;
        r.emit(RoomEvent.Chat, { message: { id: 'x', from: 'nobody', name: 'x', role: 'guest', text: 'x', sentAt: 1e300 }, local: false });
      });

      await waitFor(() => victim.getByTestId('status-screen').getAttribute('data-kind').catch(() => null), (k) => k === 'crashed', {
        what: 'the crash screen',
      });
      assert.deepEqual(await victim.evaluate(() => window.__localTracks.map((t) => t.readyState)), ['ended', 'ended']);
      assert.equal(await victim.evaluate(() => window.__otter.room.isClosed), true);
      assert.ok(
        await victim.evaluate(() => window.__otterPeerConnections.every((pc) => pc.connectionState === 'closed')),
        'every peer connection of the victim is closed',
      );

      // Bob sees Hana leave and decodes no new frames from her.
      await tileOf(bob, victimId).waitFor({ state: 'detached', timeout: 20_000 });
      let previous = await framesDecoded(bob);
      await waitFor(
        async () => {
          const now = await framesDecoded(bob);
          const stalled = now === previous;
          previous = now;
          return stalled;
        },
        Boolean,
        { intervalMs: 1_000, what: "Bob's decoded frames to stop rising" },
      );

      // The way back: Rejoin mounts the app afresh with the token kept in memory.
      await victim.getByTestId('retry').click();
      await victim.getByLabel('Your name').fill('Hana');
      await victim.getByTestId('join').click();
      await victim.getByTestId('call-screen').waitFor({ timeout: 20_000 });
      await Promise.all([assertReceivesMedia(victim), assertReceivesMedia(bob)]);
    } finally {
      await closeAll();
    }
  });

  test('the room token leaves the address bar once read, and leaving and rejoining works from memory', async () => {
    const room = await otter.createRoom({ name: 'token' });
    try {
      const alice = await crowd.person(room.url, 'Alice', { join: false });
      await alice.getByLabel('Your name').waitFor();
      // Compared as booleans: a failure must not print the token or the room secret.
      assert.equal(alice.url().includes('token='), false, 'no token in the address bar');
      assert.equal(alice.url().includes(room.secret), false, 'no room secret in the address bar');
      await alice.getByLabel('Your name').fill('Alice');
      await alice.getByTestId('join').click();
      await alice.getByTestId('call-screen').waitFor({ timeout: 20_000 });
      await alice.getByTestId('leave').click();
      await alice.getByTestId('retry').click();
      await alice.getByLabel('Your name').fill('Alice');
      await alice.getByTestId('join').click();
      await alice.getByTestId('call-screen').waitFor({ timeout: 20_000 });
      assert.equal(alice.url().includes('token='), false);
      assert.equal(alice.url().includes(room.secret), false);
    } finally {
      await closeAll();
    }
  });

  test('signals from a peer signaling never announced open no connection and are dropped; malformed, clear and forged ones too', async () => {
    const room = await otter.createRoom({ name: 'ghost-signal' });
    try {
      const victim = await crowd.person(room.hostUrl, 'Hana', { initScript: INJECTABLE_SIGNALING });
      const bob = await crowd.person(room.url, 'Bob');
      await Promise.all([assertReceivesMedia(victim), assertReceivesMedia(bob)]);
      const [victimId, bobId] = [await peerIdOf(victim), await peerIdOf(bob)];
      await recordDropped(victim);
      const before = await victim.evaluate(() => window.__otterPeerConnections.length);

      // Sealed with the room secret, as a participant holding the link would: they pass decryption and meet the
      // SDK's other checks. (Bob's number 500 lies within the replay window, above anything Bob sent so far.)
      const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };
      const sealed = (from, seq, data) => sealSignal({ secret: room.secret, roomId: room.roomId, from, to: victimId, seq, data });
      const ghostOffer = await sealed('ghost-peer', 1, { description: offer });
      const malformed = await sealed(bobId, 500, { state: { audio: 'off', video: false } });
      await victim.evaluate(
        ({ bobId, ghostOffer, malformed, offer }) => {
          window.__injectServerMessage({ type: 'signal', from: 'ghost-peer', data: ghostOffer });
          window.__injectServerMessage({ type: 'signal', from: bobId, data: malformed });
          // In clear, as a server making signals up would send them: never read.
          window.__injectServerMessage({ type: 'signal', from: bobId, data: { state: { audio: false, video: false } } });
          window.__injectServerMessage({ type: 'signal', from: 'clear-ghost', data: { description: offer } });
        },
        { bobId, ghostOffer, malformed, offer },
      );

      const dropped = await waitFor(() => victim.evaluate(() => window.__dropped), (d) => d.length >= 2, {
        timeoutMs: 30_000,
        what: 'both sealed signals reported as dropped',
      });
      assert.deepEqual(dropped, [
        { peerId: bobId, source: 'signal', detail: 'state.audio: not a boolean' },
        { peerId: 'ghost-peer', source: 'signal', detail: '1 signal(s) from a peer signaling never announced' },
      ]);
      const rejected = await victim.evaluate(() => window.__rejected);
      assert.deepEqual(
        rejected.sort((a, b) => a.peerId.localeCompare(b.peerId)),
        [
          { peerId: bobId, reason: 'not-encrypted' },
          { peerId: 'clear-ghost', reason: 'not-encrypted' },
        ].sort((a, b) => a.peerId.localeCompare(b.peerId)),
      );
      assert.equal(await victim.evaluate(() => window.__otterPeerConnections.length), before, 'no connection for the ghosts');
      assert.deepEqual(await victim.evaluate(() => window.__otter.room.participants.map((p) => p.peerId)), [bobId]);
      assert.deepEqual(await victim.evaluate(() => window.__otter.room.rejected), [], 'no participant was announced for them');
      assert.equal(await tileOf(victim, bobId).getAttribute('data-mic'), 'on', "Bob's state untouched by the malformed and forged signals");
      // Bob, already verified, is not cut off by a forged signal said to be his.
      await assertReceivesMedia(victim);
    } finally {
      await closeAll();
    }
  });

  test('a received HTML file is saved as a neutral download, never opened as a page of the app', async () => {
    const room = await otter.createRoom({ name: 'html-file' });
    try {
      const victim = await crowd.person(room.hostUrl, 'Hana');
      const mallory = await crowd.person(room.url, 'Mallory');
      await assertReceivesMedia(victim);
      const victimId = await peerIdOf(victim);
      await mallory.evaluate((id) => {
        const page = '<!doctype html><script>window.parent.postMessage("pwned", "*")</script>';
        window.__otter.room.sendFile(new Blob([page], { type: 'text/html' }), { to: id, name: 'invoice.html' });
      }, victimId);
      await victim.getByTestId('toggle-files').click();
      await victim.getByTestId('file-accept').click();
      const save = victim.getByTestId('file-save');
      await save.waitFor({ timeout: 20_000 });
      assert.equal(await save.getAttribute('download'), 'invoice.html');
      const href = await save.getAttribute('href');
      assert.equal(await victim.evaluate(async (url) => (await (await fetch(url)).blob()).type, href), 'application/octet-stream');
      const [download] = await Promise.all([victim.waitForEvent('download', { timeout: 20_000 }), save.click()]);
      assert.equal(download.suggestedFilename(), 'invoice.html');
      await victim.getByTestId('call-screen').waitFor();
      assert.equal(victim.context().pages().length, 1, 'no page opened the file');
    } finally {
      await closeAll();
    }
  });
});
