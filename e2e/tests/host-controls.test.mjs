// A host's controls over who gets in, in the real web app (headless Chromium) against local Otter: stopping and
// reopening the shared guest link. Runs inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertReceivesMedia, launchChromium, startOtter } from '../lib/index.mjs';
import { WEB_DIR, people, requireBuiltWebApp } from '../lib/webapp.mjs';

describe('host controls', () => {
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

  /** Opens the link and presses Join; resolves with the status screen's kind once one shows. */
  async function refusedKind(link, name) {
    const late = await crowd.person(link, name, { join: false });
    await late.getByLabel('Your name').fill(name);
    await late.getByTestId('join').click();
    const screen = late.getByTestId('status-screen');
    await screen.waitFor();
    return { page: late, kind: await screen.getAttribute('data-kind') };
  }

  test('the host stops the guest link: a new guest sees the stopped screen, the guest in the call keeps video; reopening lets guests in', async () => {
    const room = await otter.createRoom({ name: 'stop-link' });
    try {
      const host = await crowd.person(room.hostUrl, 'Host');
      const bob = await crowd.person(room.url, 'Bob');
      await assertReceivesMedia(bob);
      await assertReceivesMedia(host);

      await host.getByTestId('toggle-people').click();
      await host.getByTestId('stop-guest-link').click();
      await host.getByTestId('reopen-guest-link').waitFor();
      assert.equal(await host.getByTestId('guest-link').getAttribute('data-stopped'), 'true');

      const late = await refusedKind(room.url, 'Late');
      assert.equal(late.kind, 'GuestLinkStopped');
      await late.page.getByText('This link has been stopped by the host').waitFor();
      // The guest already in the call, and the host, still decode each other's video after the stop.
      await assertReceivesMedia(bob);
      await assertReceivesMedia(host);

      await host.getByTestId('reopen-guest-link').click();
      await host.getByTestId('stop-guest-link').waitFor();
      const carol = await crowd.person(room.url, 'Carol');
      await assertReceivesMedia(carol);
    } finally {
      await crowd.closeAll();
    }
  });
});
