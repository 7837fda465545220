// Issue 26's conditions made in Firefox ESR (puppeteer-core over WebDriver BiDi), against Chromium people: a page
// coming back from the background with a dead socket, sound under Firefox's strict autoplay policy, and a browser
// lacking an API. The Chromium versions are background-return, remote-audio and browser-guards.test.mjs; the mesh
// codec is tested with Firefox in mesh-codec.test.mjs. What could not be made in Firefox (a camera the browser
// ends, the pre-join meter) is said in docs/browsers.md. Real web app, real local Otter, inside
// e2e/run-in-netns.sh (nft cuts the socket).
//
// How the conditions are made, and what differs from Chromium:
// - Hidden: every Firefox person is a tab of one window, so bringing another tab (a blank one, "another app") to
//   the front really hides the page: Firefox sets `document.visibilityState` and fires `visibilitychange` itself,
//   and bringing the tab back shows it again. Nothing in the page is overridden. Unlike a phone, Firefox does not
//   freeze the hidden tab (and the harness turns its background throttling off), so its timers keep running.
// - Dead socket: nft drops every packet of the Firefox process's TCP connections to local Otter (the page's
//   signaling socket, and any idle HTTP connection) in both directions: no close, no reset, as for a suspended
//   phone's socket. Connections opened afterwards pass.
// - Autoplay: Firefox runs with `media.autoplay.default` = 1 (audible autoplay blocked) and
//   `media.autoplay.blocking_policy` = 0. Firefox still lets a page that captures camera or microphone play sound,
//   so the "tap to turn on sound" prompt cannot be brought about in a call; what is tested is that the sound of a
//   camera-off participant is played and no prompt shows.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { startOtter, waitFor } from '../lib/index.mjs';
import { FIREFOX_PREFS } from '../lib/firefox.mjs';
import { assertDecodesFrom, browsers, connectionsOf, peerIdOf, people, testId } from '../lib/person.mjs';
import { WEB_DIR, requireBuiltWebApp } from '../lib/webapp.mjs';

const STRICT_AUTOPLAY = { 'media.autoplay.default': 1, 'media.autoplay.blocking_policy': 0 };

const NFT_TABLE = 'otter_phones_firefox';
const nft = (...args) => execFileSync('nft', args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** The local ports of a process's established TCP connections to `port` (from `ss`, inside the namespace). */
function clientPortsOf(pid, port) {
  const lines = execFileSync('ss', ['-tnpH', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' }).split('\n');
  return lines.filter((l) => l.includes(`pid=${pid},`)).map((l) => Number(l.trim().split(/\s+/)[2].split(':').pop()));
}

/** Drops, both ways, every packet of these client ports until `restore()`: the connections die without a word. */
function cutSilently(ports) {
  const set = `{ ${ports.join(', ')} }`;
  nft('add', 'table', 'inet', NFT_TABLE);
  nft('add', 'chain', 'inet', NFT_TABLE, 'input', '{ type filter hook input priority 0; policy accept; }');
  nft('add', 'rule', 'inet', NFT_TABLE, 'input', 'tcp', 'sport', set, 'drop');
  nft('add', 'rule', 'inet', NFT_TABLE, 'input', 'tcp', 'dport', set, 'drop');
}

function restore() {
  try {
    nft('delete', 'table', 'inet', NFT_TABLE);
  } catch {
    // not there
  }
}

const visibility = (p) => p.evaluate(() => document.visibilityState);

/** The sound a page plays of one participant: its audio element, the received audio, and the prompt. */
function soundOf(p, peerId) {
  return p.evaluate(async (id) => {
    const element = document.querySelector(`[data-testid="audio-${id}"]`);
    let energy = 0;
    let packets = 0;
    (await window.__otter?.room?.peerConnection(id)?.getStats())?.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        energy += s.totalAudioEnergy ?? 0;
        packets += s.packetsReceived ?? 0;
      }
    });
    return {
      paused: element?.paused ?? true,
      tracks: element?.srcObject?.getAudioTracks().length ?? 0,
      energy,
      packets,
      prompt: !!document.querySelector('[data-testid="sound-prompt"]'),
    };
  }, peerId);
}

describe('issue 26 in Firefox', () => {
  let otter;
  let engines;
  let person;
  let closeAll;
  let elsewhere; // a blank Firefox tab: in front, it hides the Firefox person, as another app on a phone would

  before(async () => {
    requireBuiltWebApp();
    otter = await startOtter({ webDir: WEB_DIR });
    engines = browsers({ firefox: { extraPrefsFirefox: { ...FIREFOX_PREFS, ...STRICT_AUTOPLAY } } });
    ({ person, closeAll } = people(engines));
    elsewhere = await (await (await engines.get('firefox')).createBrowserContext()).newPage();
  });

  after(async () => {
    restore();
    await closeAll?.();
    await engines?.close();
    await otter?.stop();
  });

  test('a camera-off participant is heard under the strict autoplay policy (Firefox lets a capturing page play)', async () => {
    const room = await otter.createRoom({ name: 'ff-sound' });
    try {
      const ada = await person('chromium', room.hostUrl, 'Ada', { join: false });
      await ada.click(testId('start-camera-off'));
      await ada.fill('#name', 'Ada');
      await ada.click(testId('join'));
      await ada.waitFor(testId('call-screen'));
      const adaId = await peerIdOf(ada);
      const fox = await person('firefox', room.url, 'Fox');
      const first = await waitFor(() => soundOf(fox, adaId), (s) => s.tracks === 1 && !s.paused && s.packets > 0, {
        timeoutMs: 60_000,
        what: "Ada's sound playing in Firefox",
      });
      const later = await waitFor(() => soundOf(fox, adaId), (s) => !s.paused && s.packets > first.packets && s.energy > first.energy, {
        timeoutMs: 30_000,
        what: "Ada's sound still arriving in Firefox",
      });
      assert.equal(later.prompt, false, 'no prompt: Firefox did not hold the sound back');
      assert.equal(await ada.attribute(testId('tile-local'), 'data-camera'), 'off');
      console.log(`# Firefox received audio energy ${first.energy} → ${later.energy}, packets ${first.packets} → ${later.packets}`);
    } finally {
      await closeAll();
    }
  });

  test('back from the background with a dead socket, Firefox resumes its seat and meets whoever joined meanwhile', async () => {
    const room = await otter.createRoom({ name: 'ff-background' });
    try {
      const ada = await person('chromium', room.hostUrl, 'Ada');
      const fox = await person('firefox', room.url, 'Fox');
      const foxId = await peerIdOf(fox);
      await Promise.all([assertDecodesFrom(ada, 1), assertDecodesFrom(fox, 1)]);
      await fox.evaluate(() => {
        window.__signaling = [];
        const { room: r, RoomEvent } = window.__otter;
        r.on(RoomEvent.SignalingStateChanged, ({ state }) => window.__signaling.push(state));
      });

      // To the background (another tab in front), and the socket dies without a word.
      await elsewhere.bringToFront();
      await waitFor(() => visibility(fox), (v) => v === 'hidden', { what: "Fox's tab hidden" });
      const firefoxPid = (await engines.get('firefox')).process().pid;
      const ports = clientPortsOf(firefoxPid, new URL(otter.webUrl).port);
      assert.ok(ports.length > 0, 'Firefox has a connection to Otter');
      cutSilently(ports);

      // Cy joins meanwhile; Cy's offer to Fox goes to the dead socket.
      const cy = await person('chromium', room.url, 'Cy');
      await waitFor(() => connectionsOf(cy), (c) => c.some((x) => x.state === 'connected' && x.frames > 0), {
        timeoutMs: 60_000,
        what: 'Cy decoding Ada while Fox is away',
      });
      assert.deepEqual(await fox.evaluate(() => window.__signaling), [], 'Fox noticed nothing while away');

      // Back in front: Firefox fires visibilitychange itself; within seconds all three see each other.
      const backAt = Date.now();
      await fox.page.bringToFront();
      await assertDecodesFrom(fox, 2, { timeoutMs: 60_000 });
      const backMs = Date.now() - backAt;
      await Promise.all([assertDecodesFrom(cy, 2, { timeoutMs: 60_000 }), assertDecodesFrom(ada, 2, { timeoutMs: 60_000 })]);
      console.log(`# Firefox decoding both others ${backMs} ms after coming back`);
      assert.equal(await peerIdOf(fox), foxId, 'the same seat');
      const states = await fox.evaluate(() => window.__signaling);
      assert.deepEqual(states.slice(0, 3), ['reconnecting', 'resuming', 'open'], `Fox's signaling states: ${states}`);
    } finally {
      restore();
      await closeAll();
    }
  });

  test('without navigator.mediaDevices, the pre-join screen says no camera is available', async () => {
    const room = await otter.createRoom({ name: 'ff-no-media-devices' });
    try {
      const fox = await person('firefox', room.url, 'Fox', {
        join: false,
        initScript: () => Object.defineProperty(Navigator.prototype, 'mediaDevices', { configurable: true, get: () => undefined }),
      });
      await fox.waitFor(testId('media-problem'));
      assert.equal(await fox.attribute(testId('media-problem'), 'data-problem'), 'missing');
      await fox.waitFor('#name');
    } finally {
      await closeAll();
    }
  });

  test('without RTCPeerConnection.restartIce, the page asks to update the browser', async () => {
    const room = await otter.createRoom({ name: 'ff-old-webrtc' });
    try {
      const fox = await person('firefox', room.url, 'Fox', {
        join: false,
        initScript: () => {
          for (let proto = RTCPeerConnection.prototype; proto; proto = Object.getPrototypeOf(proto)) delete proto.restartIce;
        },
      });
      await fox.waitFor(testId('status-screen'));
      assert.equal(await fox.attribute(testId('status-screen'), 'data-kind'), 'Unsupported');
      assert.match(await fox.text(testId('status-screen')), /update your browser/i);
    } finally {
      await closeAll();
    }
  });

  test('without implicit rollback (Safari before 15.4), the page asks to update the browser', async () => {
    const room = await otter.createRoom({ name: 'ff-no-rollback' });
    try {
      const fox = await person('firefox', room.url, 'Fox', {
        join: false,
        // What such a browser does: a remote offer applied while its own is pending throws InvalidStateError.
        initScript: () => {
          const apply = RTCPeerConnection.prototype.setRemoteDescription;
          RTCPeerConnection.prototype.setRemoteDescription = function (description) {
            if (description?.type === 'offer' && this.signalingState === 'have-local-offer') {
              return Promise.reject(new DOMException('Called in wrong state: have-local-offer', 'InvalidStateError'));
            }
            return apply.call(this, description);
          };
        },
      });
      await fox.waitFor(testId('status-screen'));
      assert.equal(await fox.attribute(testId('status-screen'), 'data-kind'), 'Unsupported');
    } finally {
      await closeAll();
    }
  });

  test('without getDisplayMedia, the call has no share button and the SDK says screen sharing is unsupported', async () => {
    const room = await otter.createRoom({ name: 'ff-no-display-media' });
    try {
      const fox = await person('firefox', room.hostUrl, 'Fox', {
        initScript: () => {
          delete MediaDevices.prototype.getDisplayMedia;
        },
      });
      await fox.waitFor(testId('toggle-camera'));
      assert.equal(await fox.evaluate(() => document.querySelector('[data-testid="toggle-screen"]') === null), true, 'no share button');
      const failure = await fox.evaluate(() => window.__otter.room.startScreenShare().then(() => 'shared', (e) => `${e.name}: ${e.reason}`));
      assert.equal(failure, 'UnsupportedError: Unsupported');
    } finally {
      await closeAll();
    }
  });
});
