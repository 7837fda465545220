// A participant's page goes to the background, as on a phone whose person switches apps: the page is hidden and
// suspended, and its signaling socket dies without a `close` (iOS kills a suspended page's sockets). Meanwhile a
// third person joins, whose offer goes to that dead socket. When the page comes back, the SDK must notice the dead
// socket at once (not at the next 4-minute keep-alive), resume its seat, and connect with the newcomer.
// Real web app, real local Otter, Chromium with fake media, inside e2e/run-in-netns.sh.
//
// How the condition is made: the page is hidden by overriding `document.visibilityState` and firing
// `visibilitychange` (headless Chromium keeps every page visible), and asked to freeze over CDP
// (`Page.setWebLifecycleState`), which this headless Chromium accepts but does not act on for a page it holds
// visible; the socket is cut silently through Playwright's WebSocket routing: frames go nowhere both ways and no
// close arrives, as with a socket whose page was suspended.
//
// A second test goes to another page and back. The app leaves the call on `pagehide`, so a page the browser
// restores from its back/forward cache (only `pageshow` fires, with `persisted`) holds a call already left. The
// browser runs with its back/forward cache on (Playwright turns it off by default).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium, startOtter, waitFor } from '../lib/index.mjs';
import { cuttableSignaling, joinAs, peerIdOf, people, requireBuiltWebApp, STEP_TIMEOUT_MS, VISIBILITY_CONTROL, WEB_DIR } from '../lib/webapp.mjs';
import { connectionsOf } from '../lib/person.mjs';

/** Resolves once the page has `count` connections, all connected, each decoding video that still rises. */
async function decodesFromAll(page, count, what) {
  const ready = (c) => c.length === count && c.every((x) => x.state === 'connected' && x.frames > 0);
  try {
    const first = await waitFor(() => connectionsOf(page), ready, { timeoutMs: 60_000, what });
    await waitFor(
      () => connectionsOf(page),
      (c) => ready(c) && c.every((x, i) => x.frames > first[i].frames),
      { timeoutMs: 30_000, what: `${what} (still rising)` },
    );
  } catch (error) {
    const pairs = await page.evaluate(() => [window.__otter.room.signalingState, window.__otter.room.participants.map((p) => p.pairState)]);
    throw new Error(`${error.message}; signaling and pairs: ${JSON.stringify(pairs)}`);
  }
}

describe('a participant coming back from the background', () => {
  let otter;
  let browser;
  let person;
  let closeAll;

  before(async () => {
    requireBuiltWebApp();
    otter = await startOtter({ webDir: WEB_DIR });
    browser = await launchChromium({ ignoreDefaultArgs: ['--disable-back-forward-cache'] });
    ({ person, closeAll } = people(browser));
  });

  after(async () => {
    await closeAll?.();
    await browser?.close();
    await otter?.stop();
  });

  test('notices its dead socket, resumes its seat and connects with whoever joined meanwhile, in seconds', async () => {
    const room = await otter.createRoom({ name: 'background-return' });
    const ada = await person(room.hostUrl, 'Ada');
    let signaling;
    const bo = await person(room.url, 'Bo', {
      initScript: VISIBILITY_CONTROL,
      beforeGoto: async (page) => (signaling = await cuttableSignaling(page)),
    });
    const boId = await peerIdOf(bo);
    await decodesFromAll(ada, 1, 'Ada decoding Bo before Bo goes to the background');
    await decodesFromAll(bo, 1, 'Bo decoding Ada before going to the background');
    await bo.evaluate(() => {
      window.__signaling = [];
      const { room, RoomEvent } = window.__otter;
      room.on(RoomEvent.SignalingStateChanged, ({ state }) => window.__signaling.push(state));
    });

    // To the background: hidden, asked to freeze, and the socket dies without a word.
    const cdp = await bo.context().newCDPSession(bo);
    await bo.evaluate(() => window.__setVisibility('hidden'));
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    signaling.cut();

    // Cy joins while Bo is away: Cy's offer to Bo goes to the dead socket.
    const cy = await person(room.url, 'Cy');
    await waitFor(() => connectionsOf(cy), (c) => c.some((x) => x.state === 'connected' && x.frames > 0), {
      timeoutMs: 60_000,
      what: 'Cy decoding Ada while Bo is away',
    });
    assert.deepEqual(await bo.evaluate(() => window.__signaling), [], 'Bo noticed nothing while away');

    // Back: resumed and visible. Within seconds (the keep-alive alone would take 4 minutes), all three see each other.
    const backAt = Date.now();
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await bo.evaluate(() => window.__setVisibility('visible'));
    await decodesFromAll(bo, 2, 'Bo decoding Ada and Cy after coming back');
    const boBackMs = Date.now() - backAt;
    await decodesFromAll(cy, 2, 'Cy decoding Ada and Bo after Bo came back');
    await decodesFromAll(ada, 2, 'Ada decoding Bo and Cy after Bo came back');
    console.log(`# Bo decoding both others ${boBackMs} ms after coming back`);

    // The same seat, resumed on a new socket.
    assert.equal(await peerIdOf(bo), boId);
    const states = await bo.evaluate(() => window.__signaling);
    assert.deepEqual(states.slice(0, 3), ['reconnecting', 'resuming', 'open'], `Bo's signaling states: ${states}`);
  });

  test('a page restored from the back/forward cache offers to rejoin, and rejoining brings the call back', async () => {
    const room = await otter.createRoom({ name: 'back-forward-cache' });
    const ada = await person(room.hostUrl, 'Ada');
    const bo = await person(room.url, 'Bo', {
      initScript: () => {
        window.__pageshows = [];
        window.addEventListener('pageshow', (event) => window.__pageshows.push(event.persisted));
      },
    });
    await decodesFromAll(ada, 1, 'Ada decoding Bo before Bo goes to another page');

    // Another page, then back (a restore fires no `load`, so the navigation is awaited only until it commits).
    await bo.goto(new URL('/otter-embed.js', otter.webUrl).toString(), { timeout: STEP_TIMEOUT_MS });
    await waitFor(() => connectionsOf(ada), (c) => c.length === 0, { timeoutMs: 60_000, what: 'Ada letting Bo go' });
    await bo.goBack({ waitUntil: 'commit', timeout: STEP_TIMEOUT_MS });
    await waitFor(() => bo.evaluate(() => window.__pageshows ?? []), (shows) => shows.length === 2, {
      timeoutMs: 60_000,
      what: "Bo's page shown again",
    });
    assert.deepEqual(await bo.evaluate(() => window.__pageshows), [false, true], 'restored from the back/forward cache');

    // Not a dead call screen: the page says the call was left and offers to rejoin; rejoining connects again.
    const screen = bo.getByTestId('status-screen');
    await screen.waitFor({ timeout: STEP_TIMEOUT_MS });
    assert.equal(await screen.getAttribute('data-kind'), 'left');
    await bo.getByTestId('retry').click();
    await joinAs(bo, 'Bo');
    await decodesFromAll(bo, 1, 'Bo decoding Ada after rejoining');
    await decodesFromAll(ada, 1, 'Ada decoding Bo after Bo rejoined');
  });
});
