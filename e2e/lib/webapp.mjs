// Driving the built web app (webapp/dist) as people in a call: shared by the web app's browser tests.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { REPO_ROOT, startOtter } from './otter.mjs';
import { launchChromium, newParticipant } from './browser.mjs';

export const WEB_DIR = join(REPO_ROOT, 'webapp', 'dist');

/** Fails early, naming the command, when the web app has not been built. */
export function requireBuiltWebApp() {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    throw new Error('webapp/dist is not built: run `npm ci && npm run build` in webapp/');
  }
}

/** `…/room/<id>?debug#token=…`: the app then exposes `window.__otter` (webapp/README.md). */
export function debugUrl(link) {
  const url = new URL(link);
  url.search = '?debug';
  return url.toString();
}

/**
 * Bounds for one step of a person's way into a call. Generous: on a loaded two-core machine a page with a fake
 * camera was seen needing more than 30 s to show its name field. They are bounds on conditions, never waits.
 */
export const STEP_TIMEOUT_MS = 60_000;

/** Fills the name on the pre-join screen, presses Join and waits for the call screen. */
export async function joinAs(page, name) {
  await page.getByLabel('Your name').fill(name, { timeout: STEP_TIMEOUT_MS });
  await page.getByTestId('join').click({ timeout: STEP_TIMEOUT_MS });
  await page.getByTestId('call-screen').waitFor({ timeout: STEP_TIMEOUT_MS });
}

export const tileOf = (page, peerId) => page.getByTestId(`tile-${peerId}`);
export const peerIdOf = (page) => page.getByTestId('call-screen').getAttribute('data-peer-id');

/**
 * People in a call, each in a browser context of their own. `person(link, name)` opens the link (with
 * `?debug` unless `debug: false`) and, unless `join: false`, joins as `name`; `initScript` runs in the page
 * before the app (e.g. to deny the camera); `closeAll()` ends every context opened so far.
 */
export function people(browser) {
  const contexts = [];
  async function person(link, name, { join = true, viewport, initScript, initArg, beforeGoto, debug = true } = {}) {
    const context = await newParticipant(browser);
    contexts.push(context);
    if (initScript) await context.addInitScript(initScript, initArg);
    const page = await context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await beforeGoto?.(page);
    await page.goto(debug ? debugUrl(link) : link, { timeout: STEP_TIMEOUT_MS });
    if (join) await joinAs(page, name);
    return page;
  }
  async function closeAll() {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  }
  return { person, closeAll };
}

/**
 * An init script that lets a test hide and show the page (headless Chromium keeps every page visible):
 * `window.__setVisibility('hidden' | 'visible')` sets `document.visibilityState` and fires `visibilitychange`.
 */
export const VISIBILITY_CONTROL = () => {
  let state = 'visible';
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => state === 'hidden' });
  window.__setVisibility = (next) => {
    state = next;
    document.dispatchEvent(new Event('visibilitychange'));
  };
};

/**
 * Routes a page's signaling WebSocket through the test (Playwright's routeWebSocket), so that `cut()` can make every
 * socket open at that moment a dead path for good: frames go nowhere in either direction and no close arrives,
 * as with a socket whose network vanished. Sockets opened later pass through again.
 */
export async function cuttableSignaling(page) {
  const open = new Set();
  await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    const server = ws.connectToServer();
    const link = { dead: false };
    open.add(link);
    ws.onMessage((message) => !link.dead && server.send(message));
    server.onMessage((message) => !link.dead && ws.send(message));
    ws.onClose((code, reason) => !link.dead && server.close({ code, reason }));
    server.onClose((code, reason) => !link.dead && ws.close({ code, reason }));
  });
  return {
    cut() {
      for (const link of open) link.dead = true;
      open.clear();
    },
  };
}

/**
 * The set-up most web-app test files share, registered on the `describe` it is called in: local Otter serving the
 * built web app, one headless Chromium, and `crowd` (people in it). Each test's people leave after it (pages left
 * running would load the machine for the next test); Chromium and Otter stop after the last.
 */
export function chromiumCalls(otterOptions = {}) {
  const suite = { otter: null, crowd: null };
  let browser;
  before(async () => {
    requireBuiltWebApp();
    suite.otter = await startOtter({ webDir: WEB_DIR, ...otterOptions });
    browser = await launchChromium();
    suite.crowd = people(browser);
  });
  afterEach(() => suite.crowd?.closeAll());
  after(async () => {
    await browser?.close();
    await suite.otter?.stop();
  });
  return suite;
}
