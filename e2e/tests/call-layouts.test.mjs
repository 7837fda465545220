// The call screen's layouts in the real web app (headless Chromium) against local Otter: picture-in-picture (Document
// PiP, and the video-element fallback) receives the active speaker's decoded video, follows the speaker and closes
// with the call; the self-view floats small over the grid once others are present and moves by pointer and keys;
// the grid and the screen-share layout fit a desktop and a phone held either way. Writes the screenshot set to
// e2e/artifacts/screenshots (e2e/scripts/docs-screenshots.mjs copies a chosen few to docs/screenshots).
// Runs inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { assertReceivesMedia, REPO_ROOT, waitFor } from '../lib/index.mjs';
import { chromiumCalls, joinAs, peerIdOf } from '../lib/webapp.mjs';

const SCREENSHOTS = join(REPO_ROOT, 'e2e', 'artifacts', 'screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PHONE_LANDSCAPE = { width: 844, height: 390 };
const VIEWPORTS = { desktop: DESKTOP, phone: PHONE, 'phone-landscape': PHONE_LANDSCAPE };

async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/**
 * The boxes of the call's layout as the page lays them out now: the grid, the stage, every tile in the grid (a
 * floating self-view apart) and the floating self-view.
 */
function layoutOf(page) {
  return page.evaluate(() => {
    const box = (el) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    };
    const grid = document.querySelector('.grid');
    const floating = grid.querySelector('.self-view.floating');
    const tiles = [...grid.querySelectorAll('.tile')]
      .filter((t) => !floating?.contains(t))
      .map((t) => ({ id: t.dataset.testid, ...box(t) }));
    return { grid: box(grid), stage: box(document.querySelector('.stage .tile')), tiles, self: box(floating) };
  });
}

const inside = (inner, outer, slack = 0.5) =>
  inner.left >= outer.left - slack && inner.top >= outer.top - slack && inner.right <= outer.right + slack && inner.bottom <= outer.bottom + slack;
const overlap = (a, b, slack = 0.5) => a.left < b.right - slack && b.left < a.right - slack && a.top < b.bottom - slack && b.top < a.bottom - slack;

/**
 * Every tile (and the stage) lies inside the viewport, is big enough to see someone, and overlaps no other; a floating
 * self-view lies inside the grid. Returns the layout.
 */
async function assertFits(page, viewport, { tiles: count, what }) {
  const screen = { left: 0, top: 0, right: viewport.width, bottom: viewport.height };
  // The layout follows the viewport change within a frame or two; wait on the condition rather than for a time.
  const layout = await waitFor(
    () => layoutOf(page),
    (l) => l.tiles.length === count && l.tiles.every((t) => inside(t, screen)),
    { what: `${count} tiles inside ${viewport.width}x${viewport.height} (${what})` },
  );
  const boxes = layout.stage ? [{ id: 'stage', ...layout.stage }, ...layout.tiles] : layout.tiles;
  for (const t of boxes) {
    assert.ok(inside(t, screen), `${what}: ${t.id} inside ${viewport.width}x${viewport.height}: ${JSON.stringify(t)}`);
    assert.ok(t.width >= 60 && t.height >= 50, `${what}: ${t.id} big enough to see someone: ${JSON.stringify(t)}`);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      assert.ok(!overlap(boxes[i], boxes[j]), `${what}: ${boxes[i].id} and ${boxes[j].id} overlap: ${JSON.stringify([boxes[i], boxes[j]])}`);
    }
  }
  if (layout.self) assert.ok(inside(layout.self, layout.grid), `${what}: the self-view inside the grid: ${JSON.stringify(layout)}`);
  return layout;
}

/**
 * The picture-in-picture as the page sees it: whether it is open, whom it shows, and its video's size, frames presented
 * and a coarse sample of its pixels. `kind` 'document': the Document PiP window; 'video': the floating video element.
 */
function pipState(page, kind) {
  return page.evaluate((kind) => {
    let video;
    let peerId;
    if (kind === 'document') {
      const w = window.documentPictureInPicture.window;
      if (!w) return { open: false };
      const view = w.document.querySelector('[data-testid="pip-view"]');
      peerId = view?.dataset.peerId;
      video = view?.querySelector('video');
    } else {
      video = document.pictureInPictureElement;
      if (!video) return { open: false };
      peerId = video.dataset.peerId;
    }
    if (!video) return { open: true, peerId };
    let pixels = '';
    if (video.videoWidth > 0) {
      const canvas = document.createElement('canvas');
      canvas.width = 16;
      canvas.height = 9;
      const g = canvas.getContext('2d');
      g.drawImage(video, 0, 0, 16, 9);
      pixels = Array.from(g.getImageData(0, 0, 16, 9).data).join(',');
    }
    return { open: true, peerId, video: { width: video.videoWidth, frames: video.getVideoPlaybackQuality().totalVideoFrames, pixels } };
  }, kind);
}
const documentPip = (page) => pipState(page, 'document');
const videoPip = (page) => pipState(page, 'video');

/** Waits until the picture-in-picture shows `peerId` with decoded video whose frames and pixels keep changing. */
async function assertPipShowsVideo(read, peerId, what) {
  const first = await waitFor(read, (p) => p.open && p.peerId === peerId && p.video?.width > 0 && p.video.frames > 0, {
    what: `${what}: picture-in-picture showing ${peerId} with decoded video`,
    timeoutMs: 45_000,
  });
  await waitFor(read, (p) => p.open && p.peerId === peerId && p.video.frames > first.video.frames && p.video.pixels !== first.video.pixels, {
    what: `${what}: picture-in-picture frames and pixels still changing`,
    timeoutMs: 45_000,
  });
}

/** Removes the browser's picture-in-picture APIs before the app loads (`which`: 'document' or 'all'). */
const WITHOUT_PIP = (which) => {
  delete window.documentPictureInPicture;
  delete Window.prototype.documentPictureInPicture;
  if (which === 'all') delete HTMLVideoElement.prototype.requestPictureInPicture;
};

describe('call layouts', () => {
  const suite = chromiumCalls();
  before(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  test('Document Picture-in-Picture shows the active speaker decoded, follows when they leave, and closes with the call', async () => {
    const room = await suite.otter.createRoom({ name: 'PiP' });
    const host = await suite.crowd.person(room.hostUrl, 'Hana', { viewport: DESKTOP });
    const ada = await suite.crowd.person(room.url, 'Ada');
    const bob = await suite.crowd.person(room.url, 'Bob');
    await Promise.all([assertReceivesMedia(host), assertReceivesMedia(ada), assertReceivesMedia(bob)]);
    const [adaId, bobId] = await Promise.all([peerIdOf(ada), peerIdOf(bob)]);

    // A real click: the browser opens the window only on a user gesture. On a loaded machine Playwright's click was
    // once seen not to return while the new window was being set up, so the window opening is the condition awaited.
    const clicked = host.getByTestId('toggle-pip').click({ timeout: 120_000 });
    const opened = await waitFor(() => documentPip(host), (p) => p.open && !!p.peerId, { what: 'the PiP window open', timeoutMs: 120_000 });
    await clicked;
    assert.ok([adaId, bobId].includes(opened.peerId), `the PiP shows someone else: ${opened.peerId}`);
    await assertPipShowsVideo(() => documentPip(host), opened.peerId, 'Document PiP');
    assert.equal(await host.getByTestId('toggle-pip').getAttribute('aria-pressed'), 'true');

    // The one it shows and the host fall silent: the other becomes the active speaker and the PiP follows.
    const [quiet, quietId, speakerId] = opened.peerId === adaId ? [ada, adaId, bobId] : [bob, bobId, adaId];
    await Promise.all([host.getByTestId('toggle-mic').click(), quiet.getByTestId('toggle-mic').click()]);
    await assertPipShowsVideo(() => documentPip(host), speakerId, 'Document PiP following the active speaker');

    // The one it shows leaves: it moves to the one still here, with their video.
    const speaker = speakerId === adaId ? ada : bob;
    await speaker.context().close();
    await assertPipShowsVideo(() => documentPip(host), quietId, 'Document PiP after the speaker left');

    // Leaving the call closes the window.
    await host.getByTestId('leave').click();
    await waitFor(() => documentPip(host), (p) => !p.open, { what: 'the PiP window closed with the call' });
  });

  test('without Document PiP the video element floats the speaker; without any PiP API there is no button', async () => {
    const room = await suite.otter.createRoom({ name: 'Video PiP' });
    const host = await suite.crowd.person(room.hostUrl, 'Hana', { viewport: DESKTOP, initScript: WITHOUT_PIP, initArg: 'document' });
    const ada = await suite.crowd.person(room.url, 'Ada');
    await Promise.all([assertReceivesMedia(host), assertReceivesMedia(ada)]);
    const adaId = await peerIdOf(ada);
    assert.equal(await host.evaluate(() => 'documentPictureInPicture' in window), false);

    await host.getByTestId('toggle-pip').click();
    await assertPipShowsVideo(() => videoPip(host), adaId, 'video PiP');
    await host.getByTestId('leave').click();
    await waitFor(() => videoPip(host), (p) => !p.open, { what: 'the floating video gone with the call' });

    const bare = await suite.crowd.person(room.url, 'Bo', { viewport: DESKTOP, initScript: WITHOUT_PIP, initArg: 'all' });
    await bare.getByTestId('toggle-people').waitFor();
    assert.equal(await bare.getByTestId('toggle-pip').count(), 0, 'no PiP button without a PiP API');
  });

  test('the self-view floats small over the grid with others present, moves by drag and by arrow keys, and stays in the grid', async () => {
    const room = await suite.otter.createRoom({ name: 'Design review' });
    const host = await suite.crowd.person(room.hostUrl, 'Hana', { viewport: DESKTOP, join: false });
    await host.getByTestId('join').waitFor();
    await screenshot(host, 'prejoin-desktop');
    await joinAs(host, 'Hana');

    // Alone: our tile is the grid's only tile, not floating.
    await assertFits(host, DESKTOP, { tiles: 1, what: 'alone' });
    assert.equal(await host.getByTestId('self-view').count(), 0);

    const ada = await suite.crowd.person(room.url, 'Ada', { viewport: PHONE });
    await Promise.all([assertReceivesMedia(host), assertReceivesMedia(ada)]);
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      await host.setViewportSize(viewport);
      const layout = await assertFits(host, viewport, { tiles: 1, what: `2 people, ${name}` });
      assert.ok(layout.self, `${name}: the self-view floats`);
      assert.ok(layout.self.width <= layout.grid.width * 0.3, `${name}: the self-view is small: ${JSON.stringify(layout)}`);
      assert.ok(overlap(layout.self, layout.tiles[0]), `${name}: the self-view sits over the grid's tile`);
      await screenshot(host, `call-2-people-${name}`);
    }
    await screenshot(ada, 'call-2-people-phone-guest');

    await host.setViewportSize(DESKTOP);
    const selfView = host.getByTestId('self-view');
    await host.evaluate(() => localStorage.removeItem('otter.selfViewCorner'));
    assert.equal(await selfView.getAttribute('data-corner'), 'bottom-right');
    const start = (await layoutOf(host)).self;

    // Drag towards the top left, far past the window's edge: while dragging it follows but stays inside the grid.
    await host.mouse.move(start.left + start.width / 2, start.top + start.height / 2);
    await host.mouse.down();
    await host.mouse.move(start.left - 200, start.top - 150, { steps: 8 });
    const midway = await layoutOf(host);
    assert.ok(midway.self.left < start.left - 100 && midway.self.top < start.top - 100, `follows the pointer: ${JSON.stringify([start, midway.self])}`);
    await host.mouse.move(-400, -400, { steps: 8 });
    const pastEdge = await layoutOf(host);
    assert.ok(inside(pastEdge.self, pastEdge.grid), `stays inside the grid past the window's edge: ${JSON.stringify(pastEdge)}`);
    await host.mouse.up();
    await waitFor(() => selfView.getAttribute('data-corner'), (c) => c === 'top-left', { what: 'the self-view settled top left' });
    const settled = await assertFits(host, DESKTOP, { tiles: 1, what: 'after the drag' });
    assert.ok(settled.self.left - settled.grid.left < 30 && settled.self.top - settled.grid.top < 30, `top left of the grid: ${JSON.stringify(settled)}`);
    assert.equal(await host.evaluate(() => localStorage.getItem('otter.selfViewCorner')), 'top-left');

    // Keyboard: focused, the arrow keys move it from corner to corner.
    await selfView.focus();
    await host.keyboard.press('ArrowRight');
    await waitFor(() => selfView.getAttribute('data-corner'), (c) => c === 'top-right', { what: 'ArrowRight → top right' });
    await host.keyboard.press('ArrowDown');
    await waitFor(() => selfView.getAttribute('data-corner'), (c) => c === 'bottom-right', { what: 'ArrowDown → bottom right' });
    const keyed = await assertFits(host, DESKTOP, { tiles: 1, what: 'after the keys' });
    assert.ok(keyed.grid.right - keyed.self.right < 30 && keyed.grid.bottom - keyed.self.bottom < 30, `bottom right: ${JSON.stringify(keyed)}`);
    assert.equal(await host.evaluate(() => localStorage.getItem('otter.selfViewCorner')), 'bottom-right');
  });

  test('4 people, 8 tiles, a shared screen, hands and reactions fit a desktop and a phone held either way', async () => {
    const room = await suite.otter.createRoom({ name: 'Team sync' });
    const host = await suite.crowd.person(room.hostUrl, 'Hana', { viewport: DESKTOP });
    const ada = await suite.crowd.person(room.url, 'Ada');
    const bob = await suite.crowd.person(room.url, 'Bob');
    const cy = await suite.crowd.person(room.url, 'Cy');
    await Promise.all([host, ada, bob, cy].map((p) => assertReceivesMedia(p)));

    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      await host.setViewportSize(viewport);
      await assertFits(host, viewport, { tiles: 3, what: `4 people, ${name}` });
      await screenshot(host, `call-4-people-${name}`);
    }

    // Hands and a reaction, as everyone sees them (a reaction shows for a few seconds: one per screenshot).
    await ada.getByTestId('toggle-hand').click();
    await bob.getByTestId('toggle-hand').click();
    await host.locator('[data-hand="2"]').waitFor();
    for (const [name, viewport, emoji] of [['desktop', DESKTOP, 'react-celebrate'], ['phone', PHONE, 'react-thumbs-up']]) {
      await host.setViewportSize(viewport);
      await host.getByTestId('reaction').waitFor({ state: 'detached', timeout: 30_000 });
      await cy.getByTestId('toggle-reactions').click();
      await cy.getByTestId(emoji).click();
      await host.getByTestId('reaction').waitFor();
      await screenshot(host, `hands-and-reaction-${name}`);
    }

    // A shared screen takes the stage; the people move to a strip (a column on a phone held sideways).
    await ada.getByTestId('toggle-screen').click();
    const adaId = await peerIdOf(ada);
    await host.getByTestId(`screen-${adaId}`).waitFor();
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      await host.setViewportSize(viewport);
      await assertFits(host, viewport, { tiles: 4, what: `screen share, ${name}` });
      await screenshot(host, `screen-share-${name}`);
    }
    await ada.getByTestId('toggle-screen').click();
    await host.getByTestId(`screen-${adaId}`).waitFor({ state: 'detached' });

    // Eight people: four real ones here, so the host's grid gets four copies of the three remote tiles' markup with
    // their live streams, made the way CallScreen lays out seven others (class n7) — eight real browsers are too
    // heavy for this machine. The layout under test is the CSS, which is the same for copies as for originals.
    await host.evaluate(() => {
      const grid = document.querySelector('.grid');
      const originals = [...grid.querySelectorAll(':scope > .tile')];
      ['Dee', 'Eve', 'Finn', 'Gus'].forEach((name, i) => {
        const source = originals[i % originals.length];
        const copy = source.cloneNode(true);
        copy.dataset.testid = `tile-copy-${i}`;
        copy.querySelector('.name').textContent = name;
        copy.querySelector('video').srcObject = source.querySelector('video').srcObject;
        grid.append(copy);
      });
      grid.className = 'grid n7';
    });
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      await host.setViewportSize(viewport);
      await assertFits(host, viewport, { tiles: 7, what: `8 people, ${name}` });
      await screenshot(host, `call-8-tiles-${name}`);
    }
  });
});
