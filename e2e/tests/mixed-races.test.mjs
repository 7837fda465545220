// Two races that used to kill or stall a Chromium↔Firefox call, made to happen every time: each page holds the
// signals it receives until both sides have acted, so their offers (or ICE restarts) cross for certain.
// The real web app (webapp/dist) against local Otter, inside e2e/run-in-netns.sh.
import { after, before, describe, test } from 'node:test';
import { startOtter, waitFor } from '../lib/index.mjs';
import { openSignal } from '../lib/signal-envelope.mjs';
import { assertDecodesFrom, browsers, connectionsOf, joinAs, peerIdOf, people, testId } from '../lib/person.mjs';
import { WEB_DIR, requireBuiltWebApp } from '../lib/webapp.mjs';

/**
 * Page init script. While `window.__holdSignals` is true, relayed `signal` messages are queued instead of handed
 * to the app; `window.__releaseSignals()` delivers them in order and stops holding. Every `signal` the page sends
 * is recorded (`to` and the sealed `data`) in `window.__sent`.
 */
const HOLD_SIGNALS = () => {
  const Native = window.WebSocket;
  window.__holdSignals = false;
  window.__sent = [];
  const held = [];
  let deliver = null;
  window.__releaseSignals = () => {
    window.__holdSignals = false;
    for (const event of held.splice(0)) deliver?.(event);
  };
  window.WebSocket = class extends Native {
    send(raw) {
      try {
        const message = JSON.parse(raw);
        if (message.action === 'signal') window.__sent.push({ to: message.to, data: message.data });
      } catch {
        // not ours to judge
      }
      super.send(raw);
    }

    set onmessage(handler) {
      if (!handler) {
        super.onmessage = null;
        return;
      }
      deliver = handler;
      super.onmessage = (event) => {
        if (window.__holdSignals && typeof event.data === 'string' && event.data.includes('"signal"')) {
          held.push(event);
          return;
        }
        handler(event);
      };
    }

    get onmessage() {
      return super.onmessage;
    }
  };
};

/** Each room gives either side the polite role with even odds (random peer ids): 24 all missing is 1 in 16 million. */
const MAX_ROOMS_FOR_ROLES = 24;

describe('races between Chromium and Firefox', () => {
  let otter;
  let engines;
  let person;
  let closeAll;

  before(async () => {
    requireBuiltWebApp();
    otter = await startOtter({ webDir: WEB_DIR });
    engines = browsers();
    ({ person, closeAll } = people(engines));
  });

  after(async () => {
    await engines?.close();
    await otter?.stop();
  });

  /**
   * A Chromium and a Firefox person in one room, with `polite` ('chromium' or 'firefox') the polite side of the
   * pair (the smaller peerId, docs/signaling.md). Peer ids are random, so rooms are tried until the roles fit.
   */
  async function pairWithPolite(polite, { startCameraOff = false } = {}) {
    const tried = [];
    for (let attempt = 0; attempt < MAX_ROOMS_FOR_ROLES; attempt++) {
      const room = await otter.createRoom({ name: `race-${attempt}` });
      const enter = async (engine, link, name) => {
        const p = await person(engine, link, name, { join: false, initScript: HOLD_SIGNALS });
        if (startCameraOff) await p.click(testId('start-camera-off'));
        await joinAs(p, name);
        return p;
      };
      const c = await enter('chromium', room.hostUrl, 'Chro');
      const f = await enter('firefox', room.url, 'Fox');
      const idOf = (p) => waitFor(() => peerIdOf(p), Boolean, { what: `the peer id of ${p.engine}` });
      const [cId, fId] = [await idOf(c), await idOf(f)];
      tried.push(cId < fId ? 'chromium' : 'firefox');
      // The room and each person's peer id, to open what they send (sealed with the room secret).
      Object.assign(c, { room, peerId: cId });
      Object.assign(f, { room, peerId: fId });
      if ((cId < fId) === (polite === 'chromium')) return { c, f };
      await closeAll();
    }
    throw new Error(`no room in ${MAX_ROOMS_FOR_ROLES} gave ${polite} the polite role; polite in each: ${tried.join(', ')}`);
  }

  // Records the SDK's rebuilds of the pair (for the log; a browser without the bug needs none).
  const recordRebuilds = (p) =>
    p.evaluate(() => {
      window.__rebuilt = [];
      window.__otter.room.on(window.__otter.RoomEvent.ConnectionRebuilt, (e) => window.__rebuilt.push(e.reason));
    });

  const connected = (p) => waitFor(() => connectionsOf(p), (c) => c.length === 1 && c[0].state === 'connected', { what: `${p.engine} connected` });
  // What a person sent since a mark, opened with the room secret: the socket only ever carries sealed envelopes.
  const sentSince = async (p, from) => {
    const sent = await p.evaluate((n) => window.__sent.slice(n), from);
    const open = ({ to, data }) => openSignal({ secret: p.room.secret, roomId: p.room.roomId, from: p.peerId, to, envelope: data });
    return Promise.all(sent.map(open));
  };
  const stable = (p) =>
    waitFor(() => connectionsOf(p), (c) => c.length === 1 && c[0].signaling === 'stable' && c[0].state === 'connected', {
      timeoutMs: 45_000,
      what: `${p.engine} stable and connected`,
    });

  test('both sides turning the camera on at once, offers crossing with Chromium polite, ends with video both ways', async () => {
    try {
      const { c, f } = await pairWithPolite('chromium', { startCameraOff: true });
      await Promise.all([c, f].map(recordRebuilds));
      await Promise.all([connected(c), connected(f)]);
      const marks = await Promise.all([c, f].map((p) => p.evaluate(() => ((window.__holdSignals = true), window.__sent.length))));
      await Promise.all([c, f].map((p) => p.evaluate(() => void window.__otter.room.setCameraEnabled(true))));
      // Both have sent their offer before either sees the other's: the offers cross for certain.
      for (const [i, p] of [c, f].entries()) {
        await waitFor(() => sentSince(p, marks[i]), (sent) => sent.some((d) => d.description?.type === 'offer'), {
          what: `${p.engine}'s offer`,
        });
      }
      const released = Date.now();
      await Promise.all([c, f].map((p) => p.evaluate(() => window.__releaseSignals())));
      await Promise.all([stable(c), stable(f)]);
      await Promise.all([assertDecodesFrom(c, 1), assertDecodesFrom(f, 1)]);
      const rebuilt = await Promise.all([c, f].map((p) => p.evaluate(() => window.__rebuilt)));
      console.log(`# glare settled in ${Date.now() - released} ms; rebuilds seen: ${JSON.stringify(rebuilt)}`);
    } finally {
      await closeAll();
    }
  });

  test('both sides restarting ICE at once, with Firefox polite, keeps video decoding both ways', async () => {
    try {
      const { c, f } = await pairWithPolite('firefox');
      await Promise.all([assertDecodesFrom(c, 1), assertDecodesFrom(f, 1)]);
      const marks = await Promise.all([c, f].map((p) => p.evaluate(() => ((window.__holdSignals = true), window.__sent.length))));
      await Promise.all([c, f].map((p) => p.evaluate(() => window.__otter.room.restartIce())));
      // Each side has acted (an offer, or a request to the other to restart) before either hears the other.
      for (const [i, p] of [c, f].entries()) {
        await waitFor(() => sentSince(p, marks[i]), (sent) => sent.some((d) => d.description?.type === 'offer' || d.iceRestart === true), {
          what: `${p.engine}'s restart`,
        });
      }
      await Promise.all([c, f].map((p) => p.evaluate(() => window.__releaseSignals())));
      await Promise.all([stable(c), stable(f)]);
      // Decoding, and decoding at a rate: at least 5 frames a second over 4 s on both sides (a stalled pair
      // creeps along at one or two).
      for (const p of [c, f]) {
        const rate = async () => {
          const before = (await connectionsOf(p))[0]?.frames ?? 0;
          const started = Date.now();
          await waitFor(() => connectionsOf(p), () => Date.now() - started >= 4_000, { intervalMs: 500, what: 'four seconds of frames' });
          return (((await connectionsOf(p))[0]?.frames ?? 0) - before) / ((Date.now() - started) / 1000);
        };
        await waitFor(rate, (fps) => fps >= 5, { timeoutMs: 45_000, intervalMs: 0, what: `${p.engine} decoding at ≥ 5 frames/s` });
      }
    } finally {
      await closeAll();
    }
  });

  test('video that stalls on a connected pair is noticed by the receiver and comes back', async () => {
    const room = await otter.createRoom({ name: 'stall' });
    try {
      const c = await person('chromium', room.hostUrl, 'Chro');
      const f = await person('firefox', room.url, 'Fox');
      await Promise.all([assertDecodesFrom(c, 1), assertDecodesFrom(f, 1)]);
      await Promise.all([c, f].map(recordRebuilds));
      // Behind the SDK's back, Chromium's camera sender stops sending; its media state still says camera on.
      await c.evaluate(() => {
        const pc = window.__otterPeerConnections.find((x) => x.connectionState === 'connected');
        return pc.getSenders().find((s) => s.track?.kind === 'video').replaceTrack(null);
      });
      const stalledAt = Date.now();
      await waitFor(() => f.evaluate(() => window.__rebuilt.length), (n) => n > 0, { timeoutMs: 60_000, what: 'Firefox noticing the stall' });
      await Promise.all([assertDecodesFrom(c, 1), assertDecodesFrom(f, 1)]);
      const rebuilt = await Promise.all([c, f].map((p) => p.evaluate(() => window.__rebuilt)));
      console.log(`# stall repaired in ${Date.now() - stalledAt} ms; rebuilds seen: ${JSON.stringify(rebuilt)}`);
    } finally {
      await closeAll();
    }
  });
});
