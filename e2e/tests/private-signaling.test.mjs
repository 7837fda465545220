// Signaling the server cannot read (issue 22, section 5): the web app (webapp/dist) in headless Chromium against
// local Otter started with `--log-level debug`, whose gateway then logs every WebSocket message exactly as the
// server handled it (what reached the signaling Lambda's handler, and what it posted back). Runs inside
// e2e/run-in-netns.sh. Pages are opened with `?debug` (window.__otter).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { assertReceivesMedia, inboundTotals, launchChromium, startOtter, waitFor, withRoomSecret } from '../lib/index.mjs';
import { WEB_DIR, peerIdOf, people, requireBuiltWebApp } from '../lib/webapp.mjs';

/** Every WebSocket message the local gateway logged: `{ direction: 'in' | 'out', connectionId, message }`. */
function relayedMessages(logFile) {
  const messages = [];
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    const match = / message (in on|out to) (\S+): (\{.*\})$/.exec(line);
    if (match) messages.push({ direction: match[1] === 'in on' ? 'in' : 'out', connectionId: match[2], message: JSON.parse(match[3]) });
  }
  return messages;
}

/** What SDP and ICE look like in clear: none of it may reach the server. */
const CLEAR_SIGNALING = [/v=0\\r\\n/, /a=fingerprint/i, /a=ice-ufrag/i, /candidate:/i, /typ (host|srflx|relay)/i, /"sdp"/, /"candidate"/, /"description"/];

/** Page init script: records every connection state any RTCPeerConnection of the page ever reached. */
const RECORD_CONNECTION_STATES = () => {
  const Tracked = window.RTCPeerConnection;
  window.__connectionStates = [];
  window.RTCPeerConnection = class extends Tracked {
    constructor(...args) {
      super(...args);
      // Only the call's connections, which carry media: the pre-join connectivity check's loopback pairs connect by
      // design, and the capability probes never do.
      this.addEventListener('connectionstatechange', () => {
        if (this.getTransceivers().length > 0) window.__connectionStates.push(this.connectionState);
      });
    }
  };
};

/** Starts recording the typed errors of rejected signals of a joined page into `window.__rejections`. */
function recordRejections(page) {
  return page.evaluate(() => {
    window.__rejections = [];
    const { room, RoomEvent } = window.__otter;
    room.on(RoomEvent.Error, ({ error, peerId }) => {
      if (error.name === 'SignalRejectedError') window.__rejections.push({ peerId, reason: error.reason });
    });
  });
}

describe('signaling the server cannot read', () => {
  let otter;
  let browser;
  let crowd;

  before(async () => {
    requireBuiltWebApp();
    otter = await startOtter({ webDir: WEB_DIR, args: ['--log-level', 'debug'] });
    browser = await launchChromium();
    crowd = people(browser);
  });

  after(async () => {
    await browser?.close();
    await otter?.stop();
  });

  test('two people call with decoded video while the relay handles only sealed envelopes: no SDP, no candidate', async () => {
    const room = await otter.createRoom({ name: 'sealed' });
    try {
      const alice = await crowd.person(room.hostUrl, 'Alice');
      const bob = await crowd.person(room.url, 'Bob');
      await Promise.all([assertReceivesMedia(alice), assertReceivesMedia(bob)]);
      const ids = [await peerIdOf(alice), await peerIdOf(bob)];

      const messages = relayedMessages(otter.logFile);
      const signalsIn = messages.filter((m) => m.direction === 'in' && m.message.action === 'signal');
      const signalsOut = messages.filter((m) => m.direction === 'out' && m.message.type === 'signal');
      // The tap saw the negotiation itself: both descriptions and candidates went through it, each way.
      assert.ok(signalsIn.length >= 4, `the gateway received ${signalsIn.length} signals`);
      assert.ok(signalsOut.length >= 4, `the gateway relayed ${signalsOut.length} signals`);
      assert.deepEqual(new Set(signalsOut.map((m) => m.message.from)), new Set(ids), 'signals relayed from both');
      for (const { message } of [...signalsIn, ...signalsOut]) {
        assert.deepEqual(Object.keys(message.data).sort(), ['ct', 'iv', 'seq', 'v'], 'signal.data is an envelope only');
        assert.equal(message.data.v, 1);
        assert.match(message.data.ct, /^[A-Za-z0-9_-]+$/);
      }
      // Nothing the server handled, in any message, reads as SDP or ICE; and the room secret never reached it.
      const everything = readFileSync(otter.logFile, 'utf8');
      for (const clear of CLEAR_SIGNALING) assert.doesNotMatch(everything, clear, `the server saw ${clear}`);
      assert.equal(everything.includes(room.secret), false, 'the room secret never reached the server');
    } finally {
      await crowd.closeAll();
    }
  });

  test('a participant whose link has another room secret: both sides say whom they could not connect with, and no connection is made', async () => {
    const room = await otter.createRoom({ name: 'wrong-secret' });
    try {
      const alice = await crowd.person(room.hostUrl, 'Alice', { initScript: RECORD_CONNECTION_STATES });
      await recordRejections(alice);
      const mallory = await crowd.person(withRoomSecret(room.url), 'Mallory', { initScript: RECORD_CONNECTION_STATES });
      const [aliceId, malloryId] = [await peerIdOf(alice), await peerIdOf(mallory)];

      const aliceNotice = alice.getByTestId('signal-rejected');
      await aliceNotice.waitFor({ timeout: 60_000 });
      assert.equal(await aliceNotice.getAttribute('data-peer-id'), malloryId);
      assert.match(await aliceNotice.innerText(), /Not connected with Mallory/);
      const malloryNotice = mallory.getByTestId('signal-rejected');
      await malloryNotice.waitFor({ timeout: 60_000 });
      assert.equal(await malloryNotice.getAttribute('data-peer-id'), aliceId);
      assert.match(await malloryNotice.innerText(), /Not connected with Alice/);

      const rejections = await waitFor(() => alice.evaluate(() => window.__rejections), (r) => r.length >= 1, { what: 'the typed error' });
      assert.deepEqual(rejections, [{ peerId: malloryId, reason: 'undecryptable' }]);
      for (const [page, other] of [[alice, malloryId], [mallory, aliceId]]) {
        const seen = await page.evaluate(() => ({
          participants: window.__otter.room.participants.map((p) => p.peerId),
          rejected: window.__otter.room.rejected.map((p) => p.peerId),
          states: window.__connectionStates,
          open: window.__otterPeerConnections.filter((pc) => pc.connectionState !== 'closed').length,
        }));
        assert.deepEqual(seen.participants, [], 'nobody to connect with');
        assert.deepEqual(seen.rejected, [other]);
        assert.equal(seen.open, 0, 'the pair was closed');
        assert.ok(!seen.states.includes('connected') && !seen.states.includes('connecting'), `states reached: ${seen.states}`);
        assert.equal((await inboundTotals(page)).videoFramesDecoded, 0);
      }
    } finally {
      await crowd.closeAll();
    }
  });

  test('a link without its room secret is refused before joining, saying what is missing', async () => {
    const room = await otter.createRoom({ name: 'no-secret' });
    try {
      const page = await crowd.person(room.serverUrl, 'Nia', { join: false });
      const screen = page.getByTestId('status-screen');
      await screen.waitFor({ timeout: 60_000 });
      assert.equal(await screen.getAttribute('data-kind'), 'no-secret');
      assert.equal(page.url().includes('token='), false, 'the token still leaves the address bar');
    } finally {
      await crowd.closeAll();
    }
  });
});
