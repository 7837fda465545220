// What a browser or web view that lacks something shows, instead of a blank page or a call that never connects:
// no `navigator.mediaDevices` (an insecure address, a limited web view) on the pre-join screen, and a WebRTC too old
// for the SDK's negotiation (Safari before 14.1 has no `restartIce`). The condition is made by removing the API in
// an init script, before the app loads. Real web app, real local Otter, Chromium, inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium, startOtter } from '../lib/index.mjs';
import { WEB_DIR, people, requireBuiltWebApp, STEP_TIMEOUT_MS } from '../lib/webapp.mjs';

describe('a browser that lacks an API', () => {
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

  test('without navigator.mediaDevices, the pre-join screen says no camera is available', async () => {
    const room = await otter.createRoom({ name: 'no-media-devices' });
    const page = await person(room.url, 'Ada', {
      join: false,
      initScript: () => Object.defineProperty(Navigator.prototype, 'mediaDevices', { configurable: true, get: () => undefined }),
    });
    const problem = page.getByTestId('media-problem');
    await problem.waitFor({ timeout: STEP_TIMEOUT_MS });
    assert.equal(await problem.getAttribute('data-problem'), 'missing');
    assert.equal(await page.getByLabel('Your name').isVisible(), true, 'the rest of the screen is there');
  });

  test('without RTCPeerConnection.restartIce, the page asks to update the browser', async () => {
    const room = await otter.createRoom({ name: 'old-webrtc' });
    const page = await person(room.url, 'Ada', {
      join: false,
      // From the whole prototype chain: the harness's RTCPeerConnection is a subclass of the browser's.
      initScript: () => {
        for (let proto = RTCPeerConnection.prototype; proto; proto = Object.getPrototypeOf(proto)) delete proto.restartIce;
      },
    });
    const screen = page.getByTestId('status-screen');
    await screen.waitFor({ timeout: STEP_TIMEOUT_MS });
    assert.equal(await screen.getAttribute('data-kind'), 'Unsupported');
    assert.match(await screen.textContent(), /update your browser/i);
  });
});
