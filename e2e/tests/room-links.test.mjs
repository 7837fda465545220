// Per-person links in the real web app (headless Chromium) against local Otter: the name a developer gives a link
// is what the pre-join screen shows (not editable) and what the others see; a developer's lock shows in the call.
// Runs inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertReceivesMedia, launchChromium, startOtter } from '../lib/index.mjs';
import { withRoomSecret } from '../lib/otter.mjs';
import { STEP_TIMEOUT_MS, WEB_DIR, peerIdOf, people, requireBuiltWebApp, tileOf } from '../lib/webapp.mjs';

describe('per-person links', () => {
  let otter;
  let browser;
  let crowd;

  before(async () => {
    requireBuiltWebApp();
    otter = await startOtter({ webDir: WEB_DIR });
    browser = await launchChromium();
    crowd = people(browser);
  });

  after(async () => {
    await browser?.close();
    await otter?.stop();
  });

  /** A developer API call with the deployment's API key; resolves to the JSON body, failing on another status. */
  async function developer(method, path, body, expected) {
    const response = await fetch(`${otter.apiUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${otter.apiKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    assert.equal(response.status, expected, JSON.stringify(json));
    return json;
  }

  test("a link's name fills the pre-join screen, cannot be changed, and is the name the host sees", async () => {
    const room = await otter.createRoom({ name: 'named-link' });
    try {
      const link = await developer('POST', `/rooms/${room.roomId}/links`, { name: 'Dr. Ada Lovelace' }, 201);
      const host = await crowd.person(room.hostUrl, 'Host');

      const ada = await crowd.person(withRoomSecret(link.url, room.secret), 'ignored', { join: false });
      const nameField = ada.getByLabel('Your name');
      await ada.waitForFunction(() => document.querySelector('#name')?.value === 'Dr. Ada Lovelace', null, { timeout: STEP_TIMEOUT_MS });
      assert.equal(await nameField.getAttribute('readonly'), '');
      await ada.getByTestId('join').click({ timeout: STEP_TIMEOUT_MS });
      await ada.getByTestId('call-screen').waitFor({ timeout: STEP_TIMEOUT_MS });

      const adaId = await peerIdOf(ada);
      await tileOf(host, adaId).getByText('Dr. Ada Lovelace').waitFor({ timeout: STEP_TIMEOUT_MS });
      await assertReceivesMedia(host);
      await assertReceivesMedia(ada);
    } finally {
      await crowd.closeAll();
    }
  });

  test('locking the room through the API shows on every screen in the call', async () => {
    const room = await otter.createRoom({ name: 'locked-room' });
    try {
      const host = await crowd.person(room.hostUrl, 'Host');
      const bob = await crowd.person(room.url, 'Bob');

      await developer('PATCH', `/rooms/${room.roomId}`, { locked: true }, 200);

      await host.getByTestId('room-locked').waitFor({ timeout: STEP_TIMEOUT_MS });
      await bob.getByTestId('room-locked').waitFor({ timeout: STEP_TIMEOUT_MS });
      await assertReceivesMedia(bob);
    } finally {
      await crowd.closeAll();
    }
  });
});
