// Accessibility of the web app (webapp/dist) in headless Chromium against local Otter: an axe-core audit of every
// screen (no violation of impact serious or critical), the call operable by keyboard alone with visible focus, and
// the live region that tells screen-reader users who joined and left. Every violation found is printed with its rule
// and target, and the per-screen counts go to e2e/artifacts/axe-results.json. Runs inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, assertReceivesMedia, launchChromium, startOtter, waitFor } from '../lib/index.mjs';
import { WEB_DIR, peerIdOf, people, requireBuiltWebApp, tileOf } from '../lib/webapp.mjs';

// Evaluated in the page rather than added as a <script>: the app's Content-Security-Policy (script-src 'self')
// refuses inline scripts, and bypassing it would also hide a CSP break of the app itself.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 720 };
const BLOCKING = new Set(['serious', 'critical']);
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];

/** Every screen's audit in this run, for the summary file. */
const audited = [];

/**
 * Runs axe-core on the page as it is now and records the result under `screen`. Prints every violation (rule,
 * impact, targets) so a failing run says what to fix; returns the violations of impact serious or critical.
 */
async function audit(page, screen) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const counts = Object.fromEntries(IMPACTS.map((impact) => [impact, violations.filter((v) => v.impact === impact).length]));
  const elements = Object.fromEntries(IMPACTS.map((impact) => [impact, violations.filter((v) => v.impact === impact).reduce((n, v) => n + v.nodes.length, 0)]));
  audited.push({ screen, counts, elements, rules: violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) })) });
  console.log(`axe ${screen}: rules violated ${IMPACTS.map((i) => `${counts[i]} ${i}`).join(', ')} (elements: ${IMPACTS.map((i) => elements[i]).join('/')})`);
  for (const v of violations) {
    console.log(`  ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  }
  return violations.filter((v) => BLOCKING.has(v.impact)).map((v) => `${screen}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Fails with every blocking violation of the screens audited, after all of them were audited and printed. */
function assertNoBlocking(found) {
  assert.deepEqual(found.flat(), [], 'axe violations of impact serious or critical');
}

/** The element that has focus: its test id (or tag), whether it shows a focus ring, and whether it sits in `scope`. */
function focused(page, scope = 'nav.controls') {
  return page.evaluate((scopeSelector) => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      id: el.dataset.testid ?? el.tagName.toLowerCase(),
      ring: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      inScope: !!el.closest(scopeSelector),
    };
  }, scope);
}

/** The live region's text (Announcer.tsx). */
const announced = (page) => page.getByTestId('announcer').innerText();

describe('accessibility', () => {
  let otter;
  let browser;
  let crowd;

  before(async () => {
    requireBuiltWebApp();
    mkdirSync(ARTIFACTS, { recursive: true });
    otter = await startOtter({ webDir: WEB_DIR });
    browser = await launchChromium();
    crowd = people(browser);
  });

  after(async () => {
    if (audited.length > 0) writeFileSync(join(ARTIFACTS, 'axe-results.json'), `${JSON.stringify(audited, null, 2)}\n`);
    await crowd?.closeAll();
    await browser?.close();
    await otter?.stop();
  });

  test('axe finds nothing serious or critical on the pre-join and call screens, panels, popovers and the More menu', async () => {
    const room = await otter.createRoom({ name: 'Audit' });
    const found = [];
    try {
      const host = await crowd.person(room.hostUrl, 'Hana', { join: false, viewport: DESKTOP });
      await host.getByTestId('preview-video').waitFor();
      await host.locator('[data-testid="connectivity"][data-state="done"]').waitFor();
      // With a name typed, so that Join is enabled and its contrast counts.
      await host.getByLabel('Your name').fill('Hana');
      found.push(await audit(host, 'pre-join'));

      await host.getByTestId('join').click();
      await host.getByTestId('call-screen').waitFor();
      const guest = await crowd.person(room.url, 'Gus');
      await Promise.all([assertReceivesMedia(host), assertReceivesMedia(guest)]);
      found.push(await audit(host, 'call (2 people, host)'));
      found.push(await audit(guest, 'call (2 people, guest)'));

      await host.getByTestId('toggle-chat').click();
      await host.getByTestId('chat-input').fill('Hello, can you hear me?');
      await host.getByTestId('chat-input').press('Enter');
      await host.getByTestId('chat-message').waitFor();
      found.push(await audit(host, 'chat panel open'));
      await host.getByTestId('toggle-files').click();
      await host.getByTestId('file-panel').waitFor();
      found.push(await audit(host, 'files panel open'));
      await host.getByTestId('toggle-people').click();
      await host.getByTestId('people-panel').waitFor();
      found.push(await audit(host, 'people panel open (host)'));
      await host.getByTestId('toggle-people').click();

      await host.getByTestId('toggle-devices').click();
      await host.getByTestId('devices').waitFor();
      found.push(await audit(host, 'devices popover open'));
      await host.getByTestId('toggle-devices').click();
      await host.getByTestId('toggle-effects').click();
      await host.getByTestId('effects').waitFor();
      found.push(await audit(host, 'effects popover open'));
      await host.getByTestId('toggle-effects').click();
      await host.getByTestId('toggle-reactions').click();
      await host.getByTestId('reactions').waitFor();
      found.push(await audit(host, 'reactions popover open'));
      await host.getByTestId('toggle-reactions').click();

      await host.setViewportSize(PHONE);
      await host.getByTestId('toggle-more').click();
      await host.locator('.more-items.open').waitFor();
      found.push(await audit(host, 'More menu open (390 px)'));
    } finally {
      await crowd.closeAll();
    }
    assertNoBlocking(found);
  });

  test('axe finds nothing serious or critical on the lobby, the knock prompt and the status screens', async () => {
    const lobby = await otter.createRoom({ name: 'Audit lobby', lobby: true });
    const ended = await otter.createRoom({ name: 'Audit ended' });
    const found = [];
    try {
      const host = await crowd.person(lobby.hostUrl, 'Hana');
      const guest = await crowd.person(lobby.url, 'Gus', { join: false });
      await guest.getByLabel('Your name').fill('Gus');
      await guest.getByTestId('join').click();
      await guest.locator('[data-testid="status-screen"][data-kind="lobby-waiting"]').waitFor();
      found.push(await audit(guest, 'lobby: waiting to be let in'));
      await host.getByTestId('knock').getByText('Gus').waitFor();
      // The knock's chime has a visible caption: the toast.
      await host.getByTestId('toast').getByText('Gus is waiting to join').waitFor();
      found.push(await audit(host, "host's knock prompt"));

      await host.getByTestId('knock').getByTestId('admit').click();
      await guest.getByTestId('call-screen').waitFor();
      const guestId = await peerIdOf(guest);
      await tileOf(host, guestId).getByRole('button', { name: 'Remove Gus from the call' }).click();
      await guest.locator('[data-testid="status-screen"][data-kind="Removed"]').waitFor();
      found.push(await audit(guest, 'removed'));

      await host.getByTestId('leave').click();
      await host.locator('[data-testid="status-screen"][data-kind="left"]').waitFor();
      found.push(await audit(host, 'you left the call'));

      const endHost = await crowd.person(ended.hostUrl, 'Hana');
      await endHost.getByTestId('end-for-all').click();
      await endHost.locator('[data-testid="status-screen"][data-kind="ended-by-host"]').waitFor();
      found.push(await audit(endHost, 'you ended the call (host)'));
      const late = await crowd.person(ended.url, 'Late', { join: false });
      await late.getByLabel('Your name').fill('Late');
      await late.getByTestId('join').click();
      await late.locator('[data-testid="status-screen"][data-kind="RoomEnded"]').waitFor();
      found.push(await audit(late, 'room ended'));

      const bad = await crowd.person(`${otter.webUrl}/room/nope`, '', { join: false });
      await bad.locator('[data-testid="status-screen"][data-kind="InvalidLink"]').waitFor();
      found.push(await audit(bad, 'bad link'));
    } finally {
      await crowd.closeAll();
    }
    assertNoBlocking(found);
  });

  test('the call works by keyboard alone: Tab walks the toolbar with a visible ring, chat opens and closes, Escape closes popovers', async () => {
    const room = await otter.createRoom({ name: 'Keyboard' });
    try {
      const host = await crowd.person(room.hostUrl, 'Hana', { viewport: DESKTOP });
      await crowd.person(room.url, 'Gus');
      await assertReceivesMedia(host);

      // Tab from the top of the page until the whole toolbar was walked: every control reached, each with a ring.
      await host.evaluate(() => document.activeElement?.blur());
      const expected = await host.locator('nav.controls button:not([disabled])').evaluateAll((all) =>
        all.filter((b) => b.offsetParent !== null).map((b) => b.dataset.testid),
      );
      const reached = [];
      for (let presses = 0; presses < 60 && reached.length < expected.length; presses++) {
        await host.keyboard.press('Tab');
        const now = await focused(host);
        if (!now?.inScope) continue;
        assert.ok(now.ring, `${now.id} shows a focus ring`);
        reached.push(now.id);
      }
      assert.deepEqual(reached, expected, 'Tab reaches every toolbar control in order');

      // Chat by keyboard only: Enter opens it with the cursor in the message field; Escape closes it and focus
      // goes back to the Chat button.
      await host.getByTestId('toggle-chat').focus();
      await host.keyboard.press('Enter');
      await host.getByTestId('chat-panel').waitFor();
      await waitFor(() => focused(host, 'aside'), (f) => f?.id === 'chat-input', { timeoutMs: 60_000, what: 'focus in the message field' });
      await host.keyboard.type('typed, not clicked');
      await host.keyboard.press('Enter');
      await host.getByTestId('chat-message').getByText('typed, not clicked').waitFor();
      await host.keyboard.press('Escape');
      await host.getByTestId('chat-panel').waitFor({ state: 'detached' });
      assert.equal((await focused(host))?.id, 'toggle-chat', 'focus back on the Chat button');

      // Each popover: Enter opens it, Escape closes it, and focus returns to its button.
      for (const [button, popover] of [['toggle-devices', 'devices'], ['toggle-effects', 'effects'], ['toggle-reactions', 'reactions']]) {
        await host.getByTestId(button).focus();
        await host.keyboard.press('Enter');
        await host.getByTestId(popover).waitFor();
        await host.keyboard.press('Escape');
        await host.getByTestId(popover).waitFor({ state: 'detached' });
        assert.equal((await focused(host))?.id, button, `focus back on ${button}`);
      }

      // The phone's More menu: the same.
      await host.setViewportSize(PHONE);
      await host.getByTestId('toggle-more').focus();
      await host.keyboard.press('Enter');
      await host.locator('.more-items.open').waitFor();
      await host.keyboard.press('Escape');
      await host.locator('.more-items.open').waitFor({ state: 'detached' });
      assert.equal(await host.getByTestId('toggle-more').getAttribute('aria-expanded'), 'false');
      assert.equal((await focused(host))?.id, 'toggle-more', 'focus back on More');
    } finally {
      await crowd.closeAll();
    }
  });

  test('the live region tells who joined, raised a hand and left', async () => {
    const room = await otter.createRoom({ name: 'Announcements' });
    try {
      const host = await crowd.person(room.hostUrl, 'Hana');
      await host.getByTestId('announcer').waitFor({ state: 'attached' });
      assert.equal(await host.getByTestId('announcer').getAttribute('aria-live'), 'polite');
      const guest = await crowd.person(room.url, 'Gus');
      await waitFor(() => announced(host), (text) => text.includes('Gus joined'), { timeoutMs: 60_000, what: 'the join announced' });
      await guest.getByTestId('toggle-hand').click();
      await waitFor(() => announced(host), (text) => text.includes('Gus raised their hand'), { timeoutMs: 60_000, what: 'the raised hand announced' });
      await guest.getByTestId('leave').click();
      await waitFor(() => announced(host), (text) => text.includes('Gus left'), { timeoutMs: 60_000, what: 'the leave announced' });
    } finally {
      await crowd.closeAll();
    }
  });
});
