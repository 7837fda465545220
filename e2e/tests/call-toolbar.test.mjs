// The call toolbar in the real web app (headless Chromium) against local Otter: icon buttons with accessible names
// and tooltips in one row on a desktop and on a 390-px phone, where the secondary controls move into "More".
// Writes screenshots to e2e/artifacts/screenshots. Runs inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { assertReceivesMedia, REPO_ROOT } from '../lib/index.mjs';
import { chromiumCalls } from '../lib/webapp.mjs';

const SCREENSHOTS = join(REPO_ROOT, 'e2e', 'artifacts', 'screenshots');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 720 };
const SECONDARY = ['toggle-screen', 'toggle-reactions', 'toggle-recording', 'toggle-pip', 'toggle-devices', 'toggle-effects', 'send-file', 'toggle-files', 'end-for-all'];

/** Every toolbar button a person can see now: its test id, accessible name, tooltip and box. */
function visibleControls(page) {
  return page.locator('nav.controls button.control').evaluateAll((buttons) =>
    buttons
      .filter((b) => b.offsetParent !== null)
      .map((b) => {
        const box = b.getBoundingClientRect();
        return { id: b.dataset.testid, name: b.getAttribute('aria-label'), title: b.title, top: Math.round(box.top), right: box.right, text: b.innerText.trim() };
      }),
  );
}

/** The toolbar is one row that fits the window: every button at the same height, none past the right edge. */
async function assertOneRow(page, viewport) {
  const controls = await visibleControls(page);
  assert.ok(controls.length >= 7, JSON.stringify(controls));
  assert.equal(new Set(controls.map((c) => c.top)).size, 1, `one row at ${viewport.width} px: ${JSON.stringify(controls)}`);
  for (const c of controls) {
    assert.ok(c.right <= viewport.width, `${c.id} ends at ${c.right}, past ${viewport.width} px`);
    assert.ok(c.name && c.title, `${c.id} has an accessible name and a tooltip`);
  }
  return controls;
}

describe('the call toolbar', () => {
  const suite = chromiumCalls();
  before(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  test('icon buttons in one row on a desktop and on a phone, where the rest is under More', async () => {
    const room = await suite.otter.createRoom({ name: 'Toolbar' });
    const host = await suite.crowd.person(room.hostUrl, 'Hana', { viewport: DESKTOP });
    const guest = await suite.crowd.person(room.url, 'Gus');
    await Promise.all([assertReceivesMedia(host), assertReceivesMedia(guest)]);

    // Desktop: everything inline, icons only, no More button.
    const wide = await assertOneRow(host, DESKTOP);
    const wideIds = wide.map((c) => c.id);
    for (const id of [...SECONDARY, 'toggle-mic', 'toggle-camera', 'toggle-hand', 'toggle-chat', 'toggle-people', 'leave']) {
      assert.ok(wideIds.includes(id), `${id} in the desktop toolbar`);
    }
    assert.ok(!wideIds.includes('toggle-more'));
    assert.ok(wide.every((c) => !/[a-z]{3}/i.test(c.text)), `icons, no words: ${JSON.stringify(wide.map((c) => c.text))}`);
    await host.screenshot({ path: join(SCREENSHOTS, 'call-toolbar-desktop.png') });

    // Phone: the primary controls and More in one row; the secondary ones only inside More, with words.
    await host.setViewportSize(PHONE);
    const narrow = await assertOneRow(host, PHONE);
    const narrowIds = narrow.map((c) => c.id);
    assert.ok(narrowIds.includes('toggle-more') && narrowIds.includes('leave') && narrowIds.includes('toggle-mic'), JSON.stringify(narrowIds));
    for (const id of SECONDARY) assert.ok(!narrowIds.includes(id), `${id} waits under More on a phone`);
    await host.screenshot({ path: join(SCREENSHOTS, 'call-toolbar-phone.png') });

    await host.getByTestId('toggle-more').click();
    assert.equal(await host.getByTestId('toggle-more').getAttribute('aria-expanded'), 'true');
    const opened = (await visibleControls(host)).filter((c) => SECONDARY.includes(c.id));
    assert.deepEqual(opened.map((c) => c.id).sort(), [...SECONDARY].sort());
    assert.equal(opened.find((c) => c.id === 'toggle-screen').text, 'Share screen');
    await host.screenshot({ path: join(SCREENSHOTS, 'call-toolbar-phone-more.png') });

    // A control under More works from there: Files opens its panel.
    await host.getByTestId('toggle-files').click();
    await host.getByTestId('file-panel').waitFor();
    await assertReceivesMedia(host);
  });
});
