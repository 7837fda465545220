// The call experience of the web app (webapp/dist) in headless Chromium against local Otter: the pre-join
// screen, screen sharing, safety codes, network quality, active speaker, host controls, the lobby, embedding,
// shortcuts and the page title; screenshots of each screen go to e2e/artifacts/screenshots/.
// Runs inside e2e/run-in-netns.sh. Pages are opened with `?debug` (window.__otter: the Room and the SDK).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, assertReceivesMedia, launchChromium, newParticipant, startOtter, waitFor } from '../lib/index.mjs';
import { WEB_DIR, debugUrl, joinAs, peerIdOf, people, requireBuiltWebApp, tileOf } from '../lib/webapp.mjs';

const SCREENSHOTS = join(REPO_ROOT, 'e2e', 'artifacts', 'screenshots');
const PHONE = { width: 390, height: 844 };

/** Saves a PNG of the page into e2e/artifacts/screenshots/<name>.png. */
async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Frames the <video> inside `locator` has presented so far (0 until one decodes). */
function framesShown(locator) {
  return locator.locator('video').evaluate((v) => (v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : 0));
}

/** An init script: getUserMedia fails with NotAllowedError until the page calls `window.__allowMedia()`. */
const DENY_MEDIA = () => {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  let denied = true;
  window.__allowMedia = () => (denied = false);
  navigator.mediaDevices.getUserMedia = (constraints) =>
    denied ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) : original(constraints);
};

/** An init script: `window.__nameFieldShownAt` is the page time at which the pre-join screen's name field appeared. */
const STAMP_NAME_FIELD = () => {
  new MutationObserver((_, observer) => {
    if (!document.getElementById('name')) return;
    window.__nameFieldShownAt = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
};

/**
 * An init script: `window.__sockets` lists every WebSocket the page creates (its URL's query, when it was created and
 * whether it was open when the Join form was submitted); `window.__joinedAt` is when that happened.
 */
const RECORD_SOCKETS = () => {
  const Native = window.WebSocket;
  const sockets = (window.__sockets = []);
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      sockets.push({ query: [...new URL(url).searchParams.keys()], createdAt: performance.now(), socket: this });
    }
  };
  document.addEventListener('submit', () => {
    window.__joinedAt = performance.now();
    for (const s of sockets) s.openAtJoin = s.socket.readyState === Native.OPEN;
  }, true);
};

/** What RECORD_SOCKETS saw, without the sockets themselves. */
const socketsOf = (page) =>
  page.evaluate(() => ({ joinedAt: window.__joinedAt ?? null, sockets: window.__sockets.map(({ socket, ...seen }) => seen) }));

/** A page of another origin that embeds `roomUrl` with /otter-embed.js from the app and records every event. */
function parentPage(appOrigin, roomUrl) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Parent</title>
<script src="${appOrigin}/otter-embed.js"></script></head>
<body style="margin:0"><div id="call" style="width:900px;height:600px"></div>
<script>
  window.events = [];
  window.otter = Otter.embed('#call', ${JSON.stringify(roomUrl)}, { onEvent: (e) => window.events.push(e) });
  // Also listen without the helper's origin check, to prove nothing arrives at a parent that is not allowed.
  window.raw = [];
  window.addEventListener('message', (e) => window.raw.push(e.data));
</script></body></html>`;
}

/**
 * A web server on loopback for the embedding page: another origin than the app (another port), and a real
 * loopback one, since Chromium's local-network-access checks block a page from a routed (public) origin from
 * loading the app's loopback script and frame. `serve(html)` sets what /embed-parent.html answers.
 */
async function parentServer() {
  let html = '';
  const server = createServer((request, response) => {
    if (request.url !== '/embed-parent.html') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    serve: (page) => (html = page),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('the call experience', () => {
  let otter;
  let browser;
  let person;
  let closeAll;
  let embedder;

  before(async () => {
    requireBuiltWebApp();
    // The embedding page's server, under both its names, may frame the app (as `./otter deploy --embed-origins`
    // lets a site); which of them a room talks to is the room's own embedOrigins.
    embedder = await parentServer();
    const framing = [`http://localhost:${embedder.port}`, `http://127.0.0.1:${embedder.port}`];
    otter = await startOtter({ webDir: WEB_DIR, args: ['--embed-origins', framing.join(',')] });
    browser = await launchChromium();
    ({ person, closeAll } = people(browser));
  });

  after(async () => {
    await embedder?.close();
    await browser?.close();
    await otter?.stop();
  });

  test('the pre-join screen previews the camera, moves the level meter, remembers the name and joins muted with the camera off', async () => {
    const room = await otter.createRoom({ name: 'prejoin' });
    try {
      const alice = await person(room.hostUrl, 'Alice');
      const aliceId = await peerIdOf(alice);
      const bob = await person(room.url, 'Bob', { join: false });
      await waitFor(() => bob.getByTestId('preview-video').evaluate((v) => v.videoWidth), (w) => w > 0, { what: 'camera preview' });
      await waitFor(() => bob.getByTestId('mic-level').getAttribute('data-level'), (l) => Number(l) > 0, { what: 'mic level above zero' });
      assert.ok((await bob.getByTestId('pick-camera').locator('option').count()) >= 2, 'a camera picker with the fake camera');
      assert.ok((await bob.getByTestId('pick-mic').locator('option').count()) >= 2, 'a microphone picker');
      await bob.getByLabel('Your name').fill('Bob');
      await screenshot(bob, 'prejoin-desktop');
      await bob.getByTestId('start-muted').check();
      await bob.getByTestId('start-camera-off').check();
      await waitFor(() => bob.getByTestId('preview').innerText(), (t) => t.includes('Camera off'), { what: 'preview shows camera off' });
      await bob.getByTestId('join').click();
      await bob.getByTestId('call-screen').waitFor();
      const bobId = await peerIdOf(bob);
      await waitFor(() => tileOf(alice, bobId).getAttribute('data-mic'), (v) => v === 'off', { what: 'Bob joined muted' });
      assert.equal(await tileOf(alice, bobId).getAttribute('data-camera'), 'off');
      await assertReceivesMedia(bob);
      assert.ok(await tileOf(bob, aliceId).count());

      // The name is remembered for the next visit in the same browser. The page removed the token from its
      // address, so a plain reload no longer holds it: open the link again (in the same tab it differs only in
      // its fragment, and the app loads it afresh).
      await bob.goto(debugUrl(room.url));
      await bob.getByTestId('call-screen').waitFor({ state: 'detached' });
      assert.equal(await bob.getByLabel('Your name').inputValue(), 'Bob');
    } finally {
      await closeAll();
    }
  });

  test('the call code is on its way before the pre-join screen shows, so an early Join does not wait for it', async () => {
    const room = await otter.createRoom({ name: 'call-code' });
    try {
      const page = await person(room.url, 'Bob', { join: false, initScript: STAMP_NAME_FIELD });
      await page.locator('#name').waitFor();
      const { requested, shown } = await page.evaluate(() => ({
        requested: performance.getEntriesByType('resource').find((e) => /\/call-bundle-[^/]+\.js$/.test(e.name))?.startTime ?? null,
        shown: window.__nameFieldShownAt,
      }));
      assert.ok(requested !== null && requested < shown, `call code requested at ${requested} ms, name field shown at ${shown} ms`);
    } finally {
      await closeAll();
    }
  });

  test('people on the pre-join screen hold no seat; the socket opened there carries the join, and a full room turns away whoever joins last', async () => {
    const room = await otter.createRoom({ name: 'standby', maxParticipants: 2 });
    const seatsTaken = async () => {
      const token = new URLSearchParams(new URL(room.url).hash.slice(1)).get('token');
      const details = await fetch(`${otter.apiUrl}/room/${room.roomId}`, { headers: { Authorization: `Bearer ${token}` } });
      return (await details.json()).participants;
    };
    try {
      const [alice, bob, carol] = await Promise.all(
        ['Alice', 'Bob', 'Carol'].map((name) => person(room.url, name, { join: false, initScript: RECORD_SOCKETS })),
      );
      for (const page of [alice, bob, carol]) {
        await waitFor(() => page.evaluate(() => window.__sockets[0]?.socket.readyState), (state) => state === 1, { what: 'a socket open on the pre-join screen' });
      }
      // Three people look at a room of two: nobody holds a seat yet, so nobody is turned away for looking.
      assert.equal(await seatsTaken(), 0);

      await joinAs(alice, 'Alice');
      await joinAs(bob, 'Bob');
      await Promise.all([assertReceivesMedia(alice), assertReceivesMedia(bob)]);
      for (const page of [alice, bob]) {
        const { joinedAt, sockets } = await socketsOf(page);
        assert.equal(sockets.length, 1, `one socket, opened before Join and used for the call: ${JSON.stringify(sockets)}`);
        assert.deepEqual(sockets[0].query, ['token', 'standby']);
        assert.ok(sockets[0].openAtJoin && sockets[0].createdAt < joinedAt, JSON.stringify({ joinedAt, sockets }));
      }

      await joinExpectingScreen(carol, 'Carol', 'RoomFull');
      assert.equal(await seatsTaken(), 2);
      assert.deepEqual(await alice.evaluate(() => window.__otter.room.participants.map((p) => p.name)), ['Bob']);
    } finally {
      await closeAll();
    }
  });

  test('a call keeps the preview camera at its own size until its first connection is up, then raises it to 720p', async () => {
    const room = await otter.createRoom({ name: 'camera-size' });
    // Pages of one browser share its (fake) camera, which then stays at the size the first of them opened it with:
    // Bob has a browser of his own, as a real participant does.
    const bobsBrowser = await launchChromium();
    const bobsSide = people(bobsBrowser);
    const cameraSize = (page) =>
      page.evaluate(() => {
        const { width, height } = window.__otter.room.media.track('video').getSettings();
        return { width, height };
      });
    try {
      const alice = await person(room.hostUrl, 'Alice');
      // Alone in the room, nobody receives her video: the camera stays at the size the preview opened it with.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const alone = await cameraSize(alice);
      assert.ok(alone.height > 0 && alone.height < 720, `Alice's camera alone: ${JSON.stringify(alone)}`);
      const bob = await bobsSide.person(room.url, 'Bob');
      await Promise.all([assertReceivesMedia(alice), assertReceivesMedia(bob)]);
      for (const page of [alice, bob]) {
        await waitFor(() => cameraSize(page), (size) => size.width === 1280 && size.height === 720, { what: 'the camera at the call size' });
      }
      // Both still decode the other's video after the change of size.
      await Promise.all([assertReceivesMedia(alice), assertReceivesMedia(bob)]);
    } finally {
      await bobsSide.closeAll();
      await bobsBrowser.close();
      await closeAll();
    }
  });

  test('the pre-join screen on a phone-sized viewport', async () => {
    const room = await otter.createRoom({ name: 'phone' });
    try {
      const page = await person(room.url, 'Pat', { join: false, viewport: PHONE });
      await waitFor(() => page.getByTestId('preview-video').evaluate((v) => v.videoWidth), (w) => w > 0, { what: 'camera preview' });
      await page.getByLabel('Your name').fill('Pat');
      await screenshot(page, 'prejoin-phone');
      await page.getByTestId('join').click();
      await page.getByTestId('call-screen').waitFor();
      await screenshot(page, 'call-alone-phone');
    } finally {
      await closeAll();
    }
  });

  test('denied camera and microphone are explained on the pre-join screen and Try again recovers once allowed', async () => {
    const room = await otter.createRoom({ name: 'denied' });
    try {
      const page = await person(room.url, 'Dee', { join: false, initScript: DENY_MEDIA });
      const problem = page.getByTestId('media-problem');
      await problem.waitFor();
      assert.equal(await problem.getAttribute('data-problem'), 'denied');
      await problem.getByText('Camera and microphone are blocked').waitFor();
      await page.getByLabel('Your name').fill('Dee');
      await screenshot(page, 'error-permission-denied-prejoin');
      await page.evaluate(() => window.__allowMedia());
      await page.getByTestId('media-retry').click();
      await problem.waitFor({ state: 'detached' });
      await waitFor(() => page.getByTestId('preview-video').evaluate((v) => v.videoWidth), (w) => w > 0, { what: 'preview after retry' });
      await page.getByTestId('join').click();
      await page.getByTestId('call-screen').waitFor();
    } finally {
      await closeAll();
    }
  });

  test('with no camera or microphone the pre-join screen says so and offers Try again', async () => {
    const room = await otter.createRoom({ name: 'no-device' });
    try {
      const page = await person(room.url, 'Nia', {
        join: false,
        initScript: () => {
          navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
        },
      });
      const problem = page.getByTestId('media-problem');
      await problem.waitFor();
      assert.equal(await problem.getAttribute('data-problem'), 'missing');
      await problem.getByText('No camera or microphone found').waitFor();
      await screenshot(page, 'error-no-device-prejoin');
      await page.getByTestId('media-retry').click();
      await problem.getByText('No camera or microphone found').waitFor();
    } finally {
      await closeAll();
    }
  });

  test('joining while camera and microphone stay denied shows the permission screen', async () => {
    const room = await otter.createRoom({ name: 'denied-join' });
    try {
      const page = await person(room.url, 'Dee', { join: false, initScript: DENY_MEDIA });
      await page.getByTestId('media-problem').waitFor();
      await page.getByLabel('Your name').fill('Dee');
      await page.getByTestId('join').click();
      const screen = page.getByTestId('status-screen');
      await screen.waitFor();
      assert.equal(await screen.getAttribute('data-kind'), 'MediaDenied');
      await screenshot(page, 'error-permission-denied');
    } finally {
      await closeAll();
    }
  });

  test('a shared screen reaches the others as its own decoded track in the large tile, and stopping from the browser ends it', async () => {
    const room = await otter.createRoom({ name: 'share', maxParticipants: 3 });
    try {
      const alice = await person(room.hostUrl, 'Alice');
      const bob = await person(room.url, 'Bob');
      const carol = await person(room.url, 'Carol');
      await Promise.all([alice, bob, carol].map((p) => assertReceivesMedia(p)));
      const aliceId = await peerIdOf(alice);
      await alice.getByTestId('toggle-screen').click();
      for (const page of [bob, carol]) {
        const tile = page.getByTestId(`screen-${aliceId}`);
        await tile.waitFor();
        assert.equal(await tile.getAttribute('data-large'), 'true');
        const first = await waitFor(() => framesShown(tile), (n) => n > 0, { what: 'screen frames decoded' });
        await waitFor(() => framesShown(tile), (n) => n > first, { what: 'screen frames still decoding' });
        // The camera still plays in Alice's own tile beside the screen.
        await waitFor(() => framesShown(tileOf(page, aliceId)), (n) => n > 0, { what: 'camera beside the screen' });
      }
      await screenshot(bob, 'call-3-people-screen-share');
      await bob.setViewportSize(PHONE);
      await screenshot(bob, 'call-3-people-screen-share-phone');

      // The browser's own "Stop sharing" ends the track with an `ended` event.
      await alice.evaluate(() => window.__otter.room.screenShare.getVideoTracks()[0].dispatchEvent(new Event('ended')));
      for (const page of [bob, carol]) await page.getByTestId(`screen-${aliceId}`).waitFor({ state: 'detached' });
      assert.equal(await alice.getByTestId('toggle-screen').getAttribute('aria-pressed'), 'false');
    } finally {
      await closeAll();
    }
  });

  test('two people who start sharing at the same instant are both shown to everyone', async () => {
    const room = await otter.createRoom({ name: 'share2', maxParticipants: 3 });
    try {
      const alice = await person(room.hostUrl, 'Alice');
      const bob = await person(room.url, 'Bob');
      const carol = await person(room.url, 'Carol');
      await Promise.all([alice, bob, carol].map((p) => assertReceivesMedia(p)));
      const bobId = await peerIdOf(bob);
      const carolId = await peerIdOf(carol);
      await Promise.all([bob.getByTestId('toggle-screen').click(), carol.getByTestId('toggle-screen').click()]);
      for (const [page, ids] of [[alice, [bobId, carolId]], [bob, [carolId]], [carol, [bobId]]]) {
        for (const id of ids) {
          await waitFor(() => framesShown(page.getByTestId(`screen-${id}`)), (n) => n > 0, { what: `screen of ${id} decoded`, timeoutMs: 30_000 });
        }
      }
      assert.equal(await alice.locator('[data-large="true"]').count(), 1, 'one screen takes the large tile');

      // The sharer in the large tile leaves: the other share takes the large tile.
      const largeId = await alice.locator('[data-large="true"]').getAttribute('data-testid');
      const [leaver, stayId] = largeId === `screen-${bobId}` ? [bob, carolId] : [carol, bobId];
      await leaver.getByTestId('leave').click();
      await waitFor(() => alice.locator('[data-large="true"]').getAttribute('data-testid'), (id) => id === `screen-${stayId}`, {
        what: 'the remaining share in the large tile',
      });
    } finally {
      await closeAll();
    }
  });

  test('both people see the same safety code for their connection', async () => {
    const room = await otter.createRoom({ name: 'safety' });
    try {
      const alice = await person(room.hostUrl, 'Alice');
      const bob = await person(room.url, 'Bob');
      await Promise.all([assertReceivesMedia(alice), assertReceivesMedia(bob)]);
      const aliceId = await peerIdOf(alice);
      const bobId = await peerIdOf(bob);
      await tileOf(alice, bobId).getByTestId('verify').click();
      await tileOf(bob, aliceId).getByTestId('verify').click();
      const codeOf = (page, id) => tileOf(page, id).getByTestId('safety-code');
      const aliceSees = await waitFor(() => codeOf(alice, bobId).innerText(), (c) => /^\d{4} \d{4} \d{4}$/.test(c), { what: 'code on Alice side' });
      const bobSees = await waitFor(() => codeOf(bob, aliceId).innerText(), (c) => /^\d{4} \d{4} \d{4}$/.test(c), { what: 'code on Bob side' });
      assert.equal(aliceSees, bobSees);
      await screenshot(alice, 'safety-code');
    } finally {
      await closeAll();
    }
  });

  test('each remote tile shows a good network-quality badge on loopback and someone is highlighted as the speaker', async () => {
    const room = await otter.createRoom({ name: 'quality' });
    try {
      const alice = await person(room.hostUrl, 'Alice');
      const bob = await person(room.url, 'Bob');
      await Promise.all([assertReceivesMedia(alice), assertReceivesMedia(bob)]);
      const bobId = await peerIdOf(bob);
      const badge = tileOf(alice, bobId).getByTestId('quality');
      await badge.waitFor({ timeout: 10_000 });
      assert.equal(await badge.getAttribute('data-quality'), 'good');
      // The fake microphone beeps; the detector gives somebody the highlight.
      await alice.locator('[data-speaking="true"]').first().waitFor({ timeout: 20_000 });
    } finally {
      await closeAll();
    }
  });

  test('m and v toggle microphone and camera except while typing, and the page title shows the call', async () => {
    const room = await otter.createRoom({ name: 'keys' });
    try {
      const alice = await person(room.hostUrl, 'Alice');
      await waitFor(() => alice.title(), (t) => t.startsWith('● Call · 1 person'), { what: 'title alone' });
      const bob = await person(room.url, 'Bob');
      await waitFor(() => alice.title(), (t) => t.startsWith('● Call · 2 people'), { what: 'title with two' });
      const aliceId = await peerIdOf(alice);
      await alice.locator('body').press('m');
      await waitFor(() => tileOf(bob, aliceId).getAttribute('data-mic'), (v) => v === 'off', { what: 'm mutes' });
      await alice.locator('body').press('v');
      await waitFor(() => tileOf(bob, aliceId).getAttribute('data-camera'), (v) => v === 'off', { what: 'v turns the camera off' });
      await alice.getByTestId('toggle-chat').click();
      await alice.getByTestId('chat-input').fill('mmvv');
      assert.equal(await alice.getByTestId('toggle-mic').getAttribute('aria-pressed'), 'true', 'typing did not toggle the microphone');
      assert.equal(await alice.getByTestId('toggle-camera').getAttribute('aria-pressed'), 'true', 'typing did not toggle the camera');
      assert.match(await alice.getByTestId('toggle-mic').getAttribute('title'), /\(M\)/);
    } finally {
      await closeAll();
    }
  });

  test('while signaling reconnects a banner and the page title say so, and both clear once it is back', async () => {
    const room = await otter.createRoom({ name: 'banner' });
    try {
      let first = null;
      let blocked = false;
      const alice = await person(room.hostUrl, 'Alice', {
        beforeGoto: (page) =>
          page.routeWebSocket(/\/ws/, (ws) => {
            if (blocked) {
              ws.close({ code: 1006 });
              return;
            }
            ws.connectToServer();
            first ??= ws;
          }),
      });
      await person(room.url, 'Bob');
      await waitFor(() => alice.title(), (t) => t.startsWith('● Call · 2 people'), { what: 'title in call' });
      blocked = true;
      await first.close({ code: 1006 });
      await alice.getByTestId('reconnecting').getByText('Reconnecting…').waitFor();
      await waitFor(() => alice.title(), (t) => t.startsWith('Reconnecting…'), { what: 'title while reconnecting' });
      blocked = false;
      await alice.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 30_000 });
      await waitFor(() => alice.title(), (t) => t.startsWith('● Call · 2 people'), { what: 'title back' });
    } finally {
      await closeAll();
    }
  });

  test('the host asks a guest to mute; the guest sees the request and accepting mutes them for everyone', async () => {
    const room = await otter.createRoom({ name: 'mute-request' });
    try {
      const host = await person(room.hostUrl, 'Hana');
      const bob = await person(room.url, 'Bob');
      await Promise.all([assertReceivesMedia(host), assertReceivesMedia(bob)]);
      const hostId = await peerIdOf(host);
      const bobId = await peerIdOf(bob);
      await host.getByTestId('toggle-people').click();
      await host.getByTestId(`person-${bobId}`).getByTestId('ask-mute').click();
      const request = bob.getByTestId('mute-request');
      await request.getByText('Hana (host) asks you to mute').waitFor();
      await bob.getByTestId('accept-mute').click();
      await waitFor(() => tileOf(host, bobId).getAttribute('data-mic'), (v) => v === 'off', { what: 'Bob muted on the host side' });
      // A guest cannot ask: the SDK refuses, and a forged request from a guest is ignored by the receiver.
      await assert.rejects(bob.evaluate((id) => window.__otter.room.requestMute(id), hostId), /Only the host/);
      // Bob forges the request on the data channel himself; the host's SDK drops it (signaling says Bob is a guest).
      // A chat line sent after it on the same ordered channel marks when the host has handled the forgery.
      await host.evaluate(() => {
        const { room: r, RoomEvent } = window.__otter;
        window.__muteRequests = 0;
        window.__chatLines = [];
        r.on(RoomEvent.MuteRequested, () => window.__muteRequests++);
        r.on(RoomEvent.Chat, ({ message }) => window.__chatLines.push(message.text));
      });
      await bob.evaluate((id) => {
        window.__otter.room.peers.get(id).control.send({ t: 'mute-request', id: 'forged' });
        window.__otter.room.sendChat('after the forged request');
      }, hostId);
      await waitFor(() => host.evaluate(() => window.__chatLines), (lines) => lines.includes('after the forged request'), {
        what: 'the chat line sent after the forged request',
      });
      await host.getByTestId('call-screen').evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
      assert.equal(await host.evaluate(() => window.__muteRequests), 0, 'a guest cannot ask the host to mute');
      assert.equal(await host.getByTestId('mute-request').count(), 0, 'no mute request shown');
      assert.equal(await bob.getByTestId('people-panel').count(), 0);
    } finally {
      await closeAll();
    }
  });

  test('in a lobby room the guest waits, the host sees the knock with the name and admits, and the call starts', async () => {
    const room = await otter.createRoom({ name: 'lobby', lobby: true });
    try {
      const host = await person(room.hostUrl, 'Hana');
      const guest = await person(room.url, 'Gus', { join: false });
      await guest.getByLabel('Your name').fill('Gus');
      await guest.getByTestId('join').click();
      const waiting = guest.getByTestId('status-screen');
      await waiting.waitFor();
      assert.equal(await waiting.getAttribute('data-kind'), 'lobby-waiting');
      await screenshot(guest, 'lobby-waiting');
      const knock = host.getByTestId('knock');
      await knock.getByText('Gus').waitFor();
      await screenshot(host, 'host-knock');
      await knock.getByTestId('admit').click();
      await guest.getByTestId('call-screen').waitFor();
      await knock.waitFor({ state: 'detached' });
      await Promise.all([assertReceivesMedia(host), assertReceivesMedia(guest)]);
    } finally {
      await closeAll();
    }
  });

  test('in a lobby room a denied guest sees that the host did not let them in', async () => {
    const room = await otter.createRoom({ name: 'lobby-deny', lobby: true });
    try {
      const host = await person(room.hostUrl, 'Hana');
      const guest = await person(room.url, 'Gus', { join: false, viewport: PHONE });
      await guest.getByLabel('Your name').fill('Gus');
      await guest.getByTestId('join').click();
      await guest.getByTestId('status-screen').waitFor();
      await screenshot(guest, 'lobby-waiting-phone');
      await host.getByTestId('knock').getByTestId('deny').click();
      await waitFor(() => guest.getByTestId('status-screen').getAttribute('data-kind'), (k) => k === 'lobby-denied', { what: 'denied screen' });
      await guest.getByText('The host did not let you in').waitFor();
      await screenshot(guest, 'lobby-denied');
      assert.equal(await host.getByTestId('knock').count(), 0);
    } finally {
      await closeAll();
    }
  });

  test('an embedding page on an allowed origin receives joined and participant-joined, and toggle-mic mutes', async () => {
    const parentOrigin = `http://localhost:${embedder.port}`;
    const room = await otter.createRoom({ name: 'embed', embedOrigins: [parentOrigin] });
    try {
      const host = await person(room.hostUrl, 'Hana');
      const hostId = await peerIdOf(host);
      const context = await newParticipant(browser);
      try {
        const parent = await context.newPage();
        embedder.serve(parentPage(otter.webUrl, room.url));
        await parent.goto(`${parentOrigin}/embed-parent.html`);
        const frame = parent.frameLocator('iframe');
        await frame.getByLabel('Your name').fill('Emma');
        await frame.getByTestId('join').click();
        await frame.getByTestId('call-screen').waitFor({ timeout: 20_000 });
        const events = () => parent.evaluate(() => window.events);
        const seen = await waitFor(events, (e) => e.some((x) => x.type === 'joined') && e.some((x) => x.type === 'participant-joined'), {
          what: 'joined and participant-joined',
        });
        const joined = seen.find((e) => e.type === 'joined');
        assert.equal(joined.role, 'guest');
        assert.deepEqual(
          seen.filter((e) => e.type === 'participant-joined').map((e) => [e.peerId, e.name]),
          [[hostId, 'Hana']],
        );
        await screenshot(parent, 'embedded-call');
        await parent.evaluate(() => window.otter.toggleMic());
        await waitFor(() => tileOf(host, joined.peerId).getAttribute('data-mic'), (v) => v === 'off', { what: 'mic off after toggle-mic' });
        await parent.evaluate(() => window.otter.leave());
        await waitFor(events, (e) => e.some((x) => x.type === 'left' && x.reason === 'left'), { what: 'left' });
      } finally {
        await context.close();
      }
    } finally {
      await closeAll();
    }
  });

  test('an embedding page on an origin not in embedOrigins receives nothing and cannot command the room', async () => {
    // The same server under another name is another origin: 127.0.0.1 instead of localhost.
    const allowed = `http://localhost:${embedder.port}`;
    const other = `http://127.0.0.1:${embedder.port}`;
    const room = await otter.createRoom({ name: 'embed-denied', embedOrigins: [allowed] });
    try {
      const host = await person(room.hostUrl, 'Hana');
      const context = await newParticipant(browser);
      try {
        const parent = await context.newPage();
        embedder.serve(parentPage(otter.webUrl, room.url));
        await parent.goto(`${other}/embed-parent.html`);
        const frame = parent.frameLocator('iframe');
        await frame.getByLabel('Your name').fill('Eve');
        await frame.getByTestId('join').click();
        await frame.getByTestId('call-screen').waitFor({ timeout: 20_000 });
        const eveId = await frame.getByTestId('call-screen').getAttribute('data-peer-id');
        await tileOf(host, eveId).waitFor();
        // The app's own frame counts the commands it was sent; once it has the one below, its bridge (whose
        // listener came first) has handled it, and one rendered frame later the UI shows the outcome.
        const child = parent.frames().find((f) => f !== parent.mainFrame());
        await child.evaluate(() => {
          window.__commands = 0;
          window.addEventListener('message', () => window.__commands++);
        });
        await parent.evaluate(() => window.otter.toggleMic());
        await waitFor(() => child.evaluate(() => window.__commands), (n) => n > 0, { what: 'the command reaching the frame' });
        await child.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
        assert.equal(await frame.getByTestId('toggle-mic').getAttribute('aria-pressed'), 'false', 'the microphone stayed on');
        assert.deepEqual(await parent.evaluate(() => window.raw.filter((d) => d && d.source === 'otter')), []);
        assert.equal(await tileOf(host, eveId).getAttribute('data-mic'), 'on', 'the command was ignored');
      } finally {
        await context.close();
      }
    } finally {
      await closeAll();
    }
  });

  test('a site the deployment does not let frame the app gets no call in its iframe', async () => {
    const stranger = await parentServer();
    const room = await otter.createRoom({ name: 'framed-by-stranger', embedOrigins: [`http://localhost:${stranger.port}`] });
    const context = await newParticipant(browser);
    try {
      const parent = await context.newPage();
      stranger.serve(parentPage(otter.webUrl, room.url));
      await parent.goto(`http://localhost:${stranger.port}/embed-parent.html`);
      const frame = await (await parent.waitForSelector('iframe')).contentFrame();
      await frame.waitForLoadState('load');
      assert.ok(!frame.url().startsWith(otter.webUrl), `the browser refused the frame (${frame.url()})`);
      assert.equal(await frame.locator('[data-testid="join"]').count(), 0);
      const headers = (await fetch(room.url.split('#')[0])).headers;
      assert.match(headers.get('content-security-policy'), /frame-ancestors 'self' http:\/\/localhost:\d+ http:\/\/127\.0\.0\.1:\d+;/);
      assert.match(headers.get('content-security-policy'), /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ blob:;/);
    } finally {
      await context.close();
      await stranger.close();
    }
  });

  test('screenshots of the error screens: invalid link, expired link, full room, ended room, removed', async () => {
    const full = await otter.createRoom({ name: 'full', maxParticipants: 2 });
    const ended = await otter.createRoom({ name: 'ended' });
    const removed = await otter.createRoom({ name: 'removed' });
    try {
      const invalid = await person(`${otter.webUrl}/room/nope`, '', { join: false });
      await invalid.getByTestId('status-screen').waitFor();
      assert.equal(await invalid.getByTestId('status-screen').getAttribute('data-kind'), 'InvalidLink');
      await screenshot(invalid, 'error-invalid-link');

      const url = new URL(full.url);
      const fragment = new URLSearchParams(url.hash.slice(1));
      const [header, payload, signature] = fragment.get('token').split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      claims.exp = Math.floor(Date.now() / 1000) - 3600;
      fragment.set('token', `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`);
      url.hash = fragment.toString();
      const expired = await person(url.toString(), 'Dana', { join: false });
      await joinExpectingScreen(expired, 'Dana', 'LinkExpired');
      await screenshot(expired, 'error-expired-link');

      await person(full.hostUrl, 'Alice');
      await person(full.url, 'Bob');
      const third = await person(full.url, 'Carol', { join: false, viewport: PHONE });
      await joinExpectingScreen(third, 'Carol', 'RoomFull');
      await screenshot(third, 'error-room-full-phone');

      const endHost = await person(ended.hostUrl, 'Hana');
      await endHost.getByTestId('end-for-all').click();
      await endHost.getByTestId('status-screen').waitFor();
      const late = await person(ended.url, 'Late', { join: false });
      await joinExpectingScreen(late, 'Late', 'RoomEnded');
      await screenshot(late, 'error-room-ended');

      const removeHost = await person(removed.hostUrl, 'Hana');
      const bob = await person(removed.url, 'Bob');
      const bobId = await peerIdOf(bob);
      await tileOf(removeHost, bobId).getByRole('button', { name: 'Remove Bob from the call' }).click();
      await waitFor(() => bob.getByTestId('status-screen').getAttribute('data-kind'), (k) => k === 'Removed', { what: 'removed screen' });
      await screenshot(bob, 'error-removed');
    } finally {
      await closeAll();
    }
  });
});

async function joinExpectingScreen(page, name, kind) {
  await page.getByLabel('Your name').fill(name);
  await page.getByTestId('join').click();
  const screen = page.getByTestId('status-screen');
  await screen.waitFor();
  assert.equal(await screen.getAttribute('data-kind'), kind);
}
