// Devices in the call, in headless Chromium against local Otter: switching camera and microphone mid-call (the
// other side keeps decoding the new device's media), the choice remembered for the next call, and a camera that
// disappears falling back to the default one with a notice. Chromium's fake devices: `device-count=3` gives three
// cameras; there are always three fake microphones and speakers. The tests switch to fake_device_2: frames of
// fake_device_1 play in a <video> but never reach the encoder (seen here: after replaceTrack to it, framesEncoded
// stays flat, in a bare RTCPeerConnection pair too), so it cannot stand for a real second camera.
// Runs inside e2e/run-in-netns.sh; a screenshot of the notice goes to e2e/artifacts/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { CHROMIUM_ARGS, REPO_ROOT, assertReceivesMedia, inboundTotals, launchChromium, startOtter, waitFor } from '../lib/index.mjs';
import { STEP_TIMEOUT_MS, WEB_DIR, debugUrl, people, requireBuiltWebApp } from '../lib/webapp.mjs';

const SCREENSHOTS = join(REPO_ROOT, 'e2e', 'artifacts', 'screenshots');
const THREE_CAMERAS = CHROMIUM_ARGS.map((arg) => (arg === '--use-fake-device-for-media-stream' ? `${arg}=device-count=3` : arg));
const OTHER_CAMERA = 'fake_device_2';

/** The label of the local track of a kind, and of the track each peer connection sends of that kind. */
function sending(page, kind) {
  return page.evaluate((kind) => {
    const local = window.__otter.room.media.track(kind)?.label ?? null;
    const senders = (window.__otterPeerConnections ?? [])
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) => pc.getSenders())
      .filter((s) => s.track?.kind === kind)
      .map((s) => s.track.label);
    return { local, senders };
  }, kind);
}

/** Waits until the receiver's counter of `key` has grown by `by` from now. */
async function keepsReceiving(page, key, by, what) {
  const start = (await inboundTotals(page))[key];
  await waitFor(() => inboundTotals(page), (t) => t[key] >= start + by, { timeoutMs: 60_000, what });
}

describe('devices in the call', () => {
  let otter;
  let browser;
  let crowd;

  before(async () => {
    requireBuiltWebApp();
    // A generous start bound: on a loaded shared machine the runner was seen needing about a minute.
    otter = await startOtter({ webDir: WEB_DIR, startTimeoutMs: 180_000 });
    browser = await launchChromium({ args: THREE_CAMERAS });
    crowd = people(browser);
  });

  // Each test's people leave before the next: on a loaded machine their pages' video slows the next joins.
  afterEach(() => crowd.closeAll());

  after(async () => {
    await crowd?.closeAll();
    await browser?.close();
    await otter?.stop();
  });

  test('camera and microphone switch mid-call, the other side keeps decoding, and the choice is remembered', async () => {
    const room = await otter.createRoom({ name: 'devices' });
    const alice = await crowd.person(room.hostUrl, 'Alice');
    const bob = await crowd.person(room.url, 'Bob');
    await assertReceivesMedia(bob);
    assert.equal((await sending(alice, 'video')).local, 'fake_device_0');

    await alice.getByTestId('toggle-devices').click();
    await alice.getByTestId('call-camera').selectOption({ label: OTHER_CAMERA });
    await waitFor(() => sending(alice, 'video'), (s) => s.local === OTHER_CAMERA && s.senders.join() === OTHER_CAMERA, {
      timeoutMs: 60_000,
      what: `Alice sends ${OTHER_CAMERA}`,
    });
    await keepsReceiving(bob, 'videoFramesDecoded', 30, 'Bob decodes 30 more frames from the new camera');

    await alice.getByTestId('call-mic').selectOption({ label: 'Fake Audio Input 1' });
    await waitFor(() => sending(alice, 'audio'), (s) => s.local === 'Fake Audio Input 1' && s.senders.join() === 'Fake Audio Input 1', {
      timeoutMs: 60_000,
      what: 'Alice sends Fake Audio Input 1',
    });
    await keepsReceiving(bob, 'audioPacketsReceived', 50, 'Bob receives 50 more audio packets from the new microphone');

    // The next visit of a room link in this browser (same storage) starts with the devices chosen in the call.
    const next = await alice.context().newPage();
    await next.goto(debugUrl(room.hostUrl), { timeout: STEP_TIMEOUT_MS });
    // Bounds for a fresh page to open its camera and list the devices: on a loaded machine that took over a minute.
    await next.getByTestId('pick-camera').waitFor({ timeout: 2 * STEP_TIMEOUT_MS });
    const cameraPicked = () => next.getByTestId('pick-camera').evaluate((select) => select.selectedOptions[0]?.textContent ?? '');
    const micPicked = () => next.getByTestId('pick-mic').evaluate((select) => select.selectedOptions[0]?.textContent ?? '');
    await waitFor(cameraPicked, (label) => label === OTHER_CAMERA, { timeoutMs: 60_000, what: 'the pre-join camera picker on the remembered camera' });
    await waitFor(micPicked, (label) => label === 'Fake Audio Input 1', { timeoutMs: 60_000, what: 'the pre-join microphone picker on the remembered microphone' });
    await next.close();
  });

  test('a camera that disappears falls back to the default one with a notice, and the other side keeps decoding', async () => {
    const room = await otter.createRoom({ name: 'unplugged' });
    const alice = await crowd.person(room.hostUrl, 'Alice');
    const bob = await crowd.person(room.url, 'Bob');
    await assertReceivesMedia(bob);
    await alice.getByTestId('toggle-devices').click();
    await alice.getByTestId('call-camera').selectOption({ label: OTHER_CAMERA });
    await waitFor(() => sending(alice, 'video'), (s) => s.senders.join() === OTHER_CAMERA, {
      timeoutMs: 60_000,
      what: `Alice sends ${OTHER_CAMERA}`,
    });

    // Unplugged, as the page sees it: the browser stops listing the camera and fires devicechange.
    await alice.evaluate((unplugged) => {
      const devices = navigator.mediaDevices;
      const list = devices.enumerateDevices.bind(devices);
      devices.enumerateDevices = async () => (await list()).filter((d) => d.label !== unplugged);
      devices.dispatchEvent(new Event('devicechange'));
    }, OTHER_CAMERA);

    const notice = alice.getByTestId('device-notice');
    await notice.waitFor({ timeout: STEP_TIMEOUT_MS });
    assert.match(await notice.innerText(), new RegExp(`Your camera \\(${OTHER_CAMERA}\\) was disconnected; now using the default camera\\.`));
    await waitFor(() => sending(alice, 'video'), (s) => s.local === 'fake_device_0' && s.senders.join() === 'fake_device_0', {
      timeoutMs: 60_000,
      what: 'Alice back on fake_device_0',
    });
    await keepsReceiving(bob, 'videoFramesDecoded', 30, 'Bob decodes 30 more frames from the default camera');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await alice.screenshot({ path: join(SCREENSHOTS, 'devices-camera-unplugged.png') });
  });
});
