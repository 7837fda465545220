// How a call starts when the newcomer's own set-up is slow (headless Chromium against local Otter, in
// e2e/run-in-netns.sh). With the pre-join preview's tracks handed over, the newcomer joins over signaling while
// `GET /room/{id}` is still on its way, and its call is wired only once that answer is in; call messages that come
// meanwhile wait at its signaling client. Held back less than the person already in the room waits for the
// newcomer's first offer (firstOfferFallbackMs, 3 s), the newcomer still makes the first offer. Held back longer,
// that person offers first, and the newcomer must answer it, not cross it with an offer of its own: a first offer
// rolled back was seen to leave headless Chromium's connection without ICE candidates for good.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium, startOtter, waitFor } from '../lib/index.mjs';
import { connectionsOf } from '../lib/person.mjs';
import { joinAs, people, requireBuiltWebApp, WEB_DIR } from '../lib/webapp.mjs';

/** Longer than the 3 s the person already in the room waits for the newcomer's first offer. */
const ROOM_DETAILS_DELAY_MS = 5_000;
/** Well within that wait. */
const SHORT_DETAILS_DELAY_MS = 1_000;
const GET_ROOM = /\/api\/room\/[^/?]+(\?|$)/;

/** In the page: the type of every local description set, in order (reset by the test just before Join). */
const RECORD_LOCAL_DESCRIPTIONS = () => {
  window.__localDescriptions = [];
  const set = RTCPeerConnection.prototype.setLocalDescription;
  RTCPeerConnection.prototype.setLocalDescription = async function (...args) {
    const type = args[0]?.type ?? (this.signalingState === 'have-remote-offer' ? 'answer' : 'offer');
    window.__localDescriptions.push(type);
    return set.apply(this, args);
  };
};

describe('start order', () => {
  let otter;
  let browser;

  before(async () => {
    requireBuiltWebApp();
    otter = await startOtter({ webDir: WEB_DIR, turn: false, startTimeoutMs: 180_000 });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await otter?.stop();
  });

  /**
   * Ada is in the room; Bo joins from the pre-join screen with its `GET /room` held back `delayMs`. Returns the type
   * of every description each set on the call, in order, once both decode the other's video.
   */
  async function slowNewcomer(delayMs) {
    const { person, closeAll } = people(browser);
    const room = await otter.createRoom({ name: `slow-newcomer-${delayMs}` });
    try {
      const ada = await person(room.hostUrl, 'Ada', { initScript: RECORD_LOCAL_DESCRIPTIONS });
      const heldBack = [];
      const bo = await person(room.url, 'Bo', {
        join: false,
        initScript: RECORD_LOCAL_DESCRIPTIONS,
        beforeGoto: (page) =>
          page.route(GET_ROOM, async (route) => {
            if (route.request().method() !== 'GET') return route.continue();
            heldBack.push(Date.now());
            await new Promise((resolve) => setTimeout(resolve, delayMs));
            await route.continue().catch(() => undefined);
          }),
      });
      // Join once the preview has opened: its tracks are handed over, so the socket does not wait for the details.
      await bo.getByTestId('preview-video').waitFor({ state: 'visible', timeout: 60_000 });
      // What the pre-join screen's probes described is no part of the call.
      await bo.evaluate(() => (window.__localDescriptions = []));
      await ada.evaluate(() => (window.__localDescriptions = []));
      await joinAs(bo, 'Bo');
      assert.ok(heldBack.length >= 1, "Bo's GET /room was held back");

      for (const [who, page] of [['Ada', ada], ['Bo', bo]]) {
        const connections = await waitFor(() => connectionsOf(page), (c) => c.length === 1 && c[0].frames > 0, {
          timeoutMs: 60_000,
          intervalMs: 500,
          what: `${who} decodes the other's video`,
        });
        console.log(`# ${who} decodes ${JSON.stringify(connections)}`);
      }
      const described = { ada: await ada.evaluate(() => window.__localDescriptions), bo: await bo.evaluate(() => window.__localDescriptions) };
      console.log(`# local descriptions in order: Ada ${described.ada.join(', ')}; Bo ${described.bo.join(', ')}`);
      return described;
    } finally {
      await closeAll();
    }
  }

  test('a newcomer whose room details come late answers the offer of the person who stopped waiting for its own', async () => {
    // Ada's wait ran out while Bo's call was not yet wired: Bo's first description on the call is its answer.
    const described = await slowNewcomer(ROOM_DETAILS_DELAY_MS);
    assert.equal(described.bo[0], 'answer');
    assert.equal(described.ada[0], 'offer');
  });

  test('a newcomer whose room details come within the wait makes the first offer, though the other side spoke first', async () => {
    // Ada hears `peer-joined` while Bo's details are on their way; whatever of hers reaches Bo before his call is
    // wired must not pass for an offer, or neither offers until the fallback (and the two may cross).
    const described = await slowNewcomer(SHORT_DETAILS_DELAY_MS);
    assert.equal(described.bo[0], 'offer');
    assert.equal(described.ada[0], 'answer');
  });
});
