// A participant's camera stops mid-call without them asking, as when iOS ends capture in the background (a phone
// call, Siri) or a camera is unplugged. The others must see the camera off rather than a frozen picture, the person
// is told, and once the page is visible again the camera is opened again and the others see video again.
// Real web app, real local Otter, Chromium with fake media, inside e2e/run-in-netns.sh.
//
// How the condition is made: a fake camera cannot be unplugged, so the test stops the camera track (capture really
// stops) and fires `ended` on it, which is what the browser does when it ends a capture itself (our own `stop()`
// fires nothing). The page is hidden first (VISIBILITY_CONTROL), as a backgrounded phone's is, so that the SDK waits
// for it to be visible before asking for the camera again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium, startOtter, waitFor } from '../lib/index.mjs';
import { VISIBILITY_CONTROL, WEB_DIR, people, peerIdOf, requireBuiltWebApp, tileOf } from '../lib/webapp.mjs';
import { connectionsOf } from '../lib/person.mjs';

const framesOf = async (page) => (await connectionsOf(page)).reduce((sum, c) => sum + c.frames, 0);

describe('a camera the browser ends mid-call', () => {
  let otter;
  let browser;
  let person;
  let closeAll;

  before(async () => {
    requireBuiltWebApp();
    otter = await startOtter({ webDir: WEB_DIR });
    browser = await launchChromium();
    ({ person, closeAll } = people(browser));
  });

  after(async () => {
    await closeAll?.();
    await browser?.close();
    await otter?.stop();
  });

  test('shows the others the camera off, tells the person, and brings the video back when visible again', async () => {
    const room = await otter.createRoom({ name: 'device-ended' });
    const ada = await person(room.hostUrl, 'Ada', { initScript: VISIBILITY_CONTROL });
    const bo = await person(room.url, 'Bo');
    const adaId = await peerIdOf(ada);
    await waitFor(() => framesOf(bo), (n) => n > 0, { timeoutMs: 60_000, what: "Bo decoding Ada's camera" });
    assert.equal(await tileOf(bo, adaId).getAttribute('data-camera'), 'on');

    // In the background, the system ends Ada's camera.
    await ada.evaluate(() => {
      window.__setVisibility('hidden');
      const camera = window.__otter.room.media.track('video');
      camera.stop();
      camera.dispatchEvent(new Event('ended'));
    });
    await waitFor(() => tileOf(bo, adaId).getAttribute('data-camera'), (v) => v === 'off', { timeoutMs: 30_000, what: "Bo seeing Ada's camera off" });
    assert.equal(await ada.getByTestId('device-interrupted-video').getAttribute('data-reason'), 'ended');
    assert.equal(await ada.getByTestId('tile-local').getAttribute('data-camera'), 'off');

    // Back in front: the camera is opened again and Bo decodes new frames from it.
    const framesWhileOff = await framesOf(bo);
    await ada.evaluate(() => window.__setVisibility('visible'));
    await waitFor(() => tileOf(bo, adaId).getAttribute('data-camera'), (v) => v === 'on', { timeoutMs: 30_000, what: "Bo seeing Ada's camera on again" });
    await waitFor(() => framesOf(bo), (n) => n > framesWhileOff + 30, { timeoutMs: 30_000, what: "Bo decoding Ada's reacquired camera" });
    await ada.getByTestId('device-interrupted-video').waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await ada.evaluate(() => window.__otter.room.media.track('video')?.readyState), 'live');
  });
});
