// Chromium and Firefox in one call: the real web app (webapp/dist) against local Otter, Chromium driven by
// playwright-core, Firefox ESR by puppeteer-core over WebDriver BiDi, both inside e2e/run-in-netns.sh.
// Every call checks decoded video on both sides (inbound-rtp framesDecoded rising).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { selectedCandidatePairs, startOtter, waitFor } from '../lib/index.mjs';
import { assertDecodesFrom, browsers, chatArrives, peerIdOf, people, sendFile, testId, tileSelector } from '../lib/person.mjs';
import { WEB_DIR, requireBuiltWebApp } from '../lib/webapp.mjs';

describe('Chromium and Firefox in one call', () => {
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

  for (const [first, second] of [
    ['chromium', 'firefox'],
    ['firefox', 'chromium'],
  ]) {
    test(`${first} joins first, ${second} second: both decode the other's video and see the other's name`, async () => {
      const room = await otter.createRoom({ name: `${first}-${second}` });
      try {
        const a = await person(first, room.hostUrl, 'Ada');
        const b = await person(second, room.url, 'Bo');
        await Promise.all([assertDecodesFrom(a, 1), assertDecodesFrom(b, 1)]);
        const aId = await peerIdOf(a);
        const bId = await peerIdOf(b);
        await waitFor(() => b.text(tileSelector(aId)), (t) => t?.includes('Ada'), { what: 'Ada on the tile' });
        await waitFor(() => a.text(tileSelector(bId)), (t) => t?.includes('Bo'), { what: 'Bo on the tile' });
      } finally {
        await closeAll();
      }
    });
  }

  test('chat and a file go both ways between Chromium and Firefox with the same SHA-256', async () => {
    const room = await otter.createRoom({ name: 'mixed-data' });
    try {
      const c = await person('chromium', room.hostUrl, 'Chro');
      const f = await person('firefox', room.url, 'Fox');
      await Promise.all([assertDecodesFrom(c, 1), assertDecodesFrom(f, 1)]);
      await chatArrives(c, f, 'hello from chromium', { fromName: 'Chro' });
      await chatArrives(f, c, 'hello from firefox', { fromName: 'Fox' });
      const size = 3 * 1024 * 1024 + 17;
      const toFirefox = await sendFile(c, f, size);
      assert.deepEqual(toFirefox.received, toFirefox.sent);
      const toChromium = await sendFile(f, c, size);
      assert.deepEqual(toChromium.received, toChromium.sent);
    } finally {
      await closeAll();
    }
  });

  test('a relay-only room connects Chromium and Firefox through the local coturn', async () => {
    const room = await otter.createRoom({ name: 'mixed-relay', relayOnly: true });
    try {
      const c = await person('chromium', room.hostUrl, 'Chro');
      const f = await person('firefox', room.url, 'Fox');
      await Promise.all([assertDecodesFrom(c, 1), assertDecodesFrom(f, 1)]);
      // Each side sends only from its own relay (Firefox reports no `url` on a relay candidate; its type is
      // still `relay`), and each side's remote is the other's relay. The remote may be typed `prflx` when the
      // relay's check arrives before its trickled candidate; its address and port are the other relay's.
      const [fromChromium, fromFirefox] = await Promise.all([c, f].map((p) => waitFor(
        () => selectedCandidatePairs(p),
        (pairs) => pairs.length === 1 && pairs[0].local.candidateType === 'relay',
        { what: `a selected pair from a relay in ${p.engine}` },
      )));
      const endpoint = (candidate) => `${candidate.address}:${candidate.port}`;
      assert.equal(endpoint(fromChromium[0].remote), endpoint(fromFirefox[0].local), 'Chromium talks to Firefox\'s relay');
      assert.equal(endpoint(fromFirefox[0].remote), endpoint(fromChromium[0].local), 'Firefox talks to Chromium\'s relay');
    } finally {
      await closeAll();
    }
  });

  test('a 3-way mesh of Chromium, Firefox and Chromium where every pair decodes video', async () => {
    const room = await otter.createRoom({ name: 'mixed-mesh', maxParticipants: 3 });
    try {
      const all = [
        await person('chromium', room.hostUrl, 'C1'),
        await person('firefox', room.url, 'F2'),
        await person('chromium', room.url, 'C3'),
      ];
      await Promise.all(all.map((p) => assertDecodesFrom(p, 2, { timeoutMs: 60_000 })));
    } finally {
      await closeAll();
    }
  });

  test('mute and camera-off from each engine are seen by the other', async () => {
    const room = await otter.createRoom({ name: 'mixed-mute' });
    try {
      const c = await person('chromium', room.hostUrl, 'Chro');
      const f = await person('firefox', room.url, 'Fox');
      await Promise.all([assertDecodesFrom(c, 1), assertDecodesFrom(f, 1)]);
      for (const [actor, viewer] of [
        [c, f],
        [f, c],
      ]) {
        const tile = tileSelector(await peerIdOf(actor));
        await actor.click(testId('toggle-mic'));
        await waitFor(() => viewer.attribute(tile, 'data-mic'), (v) => v === 'off', { what: `${actor.engine} muted, seen in ${viewer.engine}` });
        await actor.click(testId('toggle-camera'));
        await waitFor(() => viewer.attribute(tile, 'data-camera'), (v) => v === 'off', { what: `${actor.engine} camera off, seen in ${viewer.engine}` });
        await actor.click(testId('toggle-camera'));
        await actor.click(testId('toggle-mic'));
        await waitFor(() => viewer.attribute(tile, 'data-camera'), (v) => v === 'on', { what: `camera back on in ${viewer.engine}` });
        await waitFor(() => viewer.attribute(tile, 'data-mic'), (v) => v === 'on', { what: `mic back on in ${viewer.engine}` });
      }
      await Promise.all([assertDecodesFrom(c, 1), assertDecodesFrom(f, 1)]);
    } finally {
      await closeAll();
    }
  });

  test('a screen shared from Chromium is decoded in Firefox as its own tile', async () => {
    const room = await otter.createRoom({ name: 'mixed-screen' });
    try {
      const c = await person('chromium', room.hostUrl, 'Chro');
      const f = await person('firefox', room.url, 'Fox');
      await Promise.all([assertDecodesFrom(c, 1), assertDecodesFrom(f, 1)]);
      const cId = await peerIdOf(c);
      await c.click(testId('toggle-screen'));
      const screenVideo = `${testId(`screen-${cId}`)} video`;
      // The frames decoded of the very track the screen tile shows (inbound-rtp `trackIdentifier` is its id).
      // Firefox's getVideoPlaybackQuality() stays at 0 for a MediaStream, so getStats is the engine-neutral count.
      const shown = () =>
        f.evaluate(async (s) => {
          const track = document.querySelector(s)?.srcObject?.getVideoTracks()[0];
          if (!track) return 0;
          let frames = 0;
          for (const pc of window.__otterPeerConnections) {
            (await pc.getStats()).forEach((x) => {
              if (x.type === 'inbound-rtp' && x.trackIdentifier === track.id) frames = x.framesDecoded ?? 0;
            });
          }
          return frames;
        }, screenVideo);
      const first = await waitFor(shown, (n) => n > 0, { timeoutMs: 30_000, what: 'screen frames in Firefox' });
      await waitFor(shown, (n) => n > first, { timeoutMs: 30_000, what: 'screen frames still rising in Firefox' });
      await c.click(testId('toggle-screen'));
      await f.waitFor(testId(`screen-${cId}`), { state: 'detached' });
    } finally {
      await closeAll();
    }
  });
});
