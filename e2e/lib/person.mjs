// One browser-neutral "person" over Chromium (playwright-core) and Firefox (puppeteer-core, WebDriver BiDi), so a
// test can say "a Chromium person and a Firefox person" and use the same helpers for both.
import { launchChromium, newParticipant, TRACK_PEER_CONNECTIONS } from './browser.mjs';
import { launchFirefox } from './firefox.mjs';
import { inboundTotals, waitFor } from './stats.mjs';
import { debugUrl } from './webapp.mjs';

/**
 * Browsers for a test file, each launched on first use and closed by `close()`.
 * `await browsers.get('chromium' | 'firefox')`. `options.chromium` / `options.firefox` go to that engine's launch
 * (e.g. `{ firefox: { extraPrefsFirefox } }`).
 */
export function browsers(options = {}) {
  const launched = new Map();
  const launchers = { chromium: () => launchChromium(options.chromium), firefox: () => launchFirefox(options.firefox) };
  return {
    get(engine) {
      if (!launchers[engine]) throw new Error(`unknown engine ${engine}`);
      if (!launched.has(engine)) launched.set(engine, launchers[engine]());
      return launched.get(engine);
    },
    async close() {
      const all = [...launched.values()];
      launched.clear();
      await Promise.all(all.map(async (b) => (await b.catch(() => null))?.close()));
    },
  };
}

/**
 * A person in a call: one browser context of its own (own storage, like another person's browser) with one page.
 * `evaluate(fn, arg)` has the same shape on both drivers, so the stats helpers take a Person as well as a page.
 */
class Person {
  constructor(engine, context, page) {
    this.engine = engine;
    this.context = context;
    this.page = page;
  }

  evaluate(fn, arg) {
    return this.page.evaluate(fn, arg);
  }

  async goto(url) {
    await this.page.goto(url);
  }

  /**
   * Clicks the element matching a CSS selector with the driver's own input events. Firefox persons are tabs of
   * one window, so the tab comes to the front first (a background tab gets no animation frames to act on).
   */
  async click(selector) {
    await this.waitFor(selector);
    if (this.engine === 'firefox') await this.page.bringToFront();
    await this.page.locator(selector).click();
  }

  async fill(selector, text) {
    await this.waitFor(selector);
    if (this.engine === 'firefox') await this.page.bringToFront();
    await this.page.locator(selector).fill(text);
  }

  /** Waits until an element matches (or, with `state: 'detached'`, none does). */
  async waitFor(selector, { state = 'attached', timeoutMs = 60_000 } = {}) {
    await waitFor(
      () => this.page.evaluate((s) => document.querySelector(s) !== null, selector),
      (present) => present === (state !== 'detached'),
      { timeoutMs, what: `${selector} ${state} in ${this.engine}` },
    );
  }

  /** An attribute of the element matching a selector, or null. */
  attribute(selector, name) {
    return this.page.evaluate(([s, n]) => document.querySelector(s)?.getAttribute(n) ?? null, [selector, name]);
  }

  text(selector) {
    return this.page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }

  close() {
    return this.context.close();
  }
}

/** CSS selector of a data-testid. */
export const testId = (id) => `[data-testid="${id}"]`;

/**
 * People of any engine in calls of a test file. `person(engine, link, name)` opens the link with `?debug` (so
 * `window.__otter` exists) in a fresh context and, unless `join: false`, joins as `name`; it records the SDK's
 * error events in `window.__errors`. `initScript` runs in the page before the app. `closeAll()` ends every context opened so far.
 */
export function people(browserSet) {
  const opened = [];
  async function person(engine, link, name, { join = true, initScript } = {}) {
    const browser = await browserSet.get(engine);
    let context;
    let page;
    if (engine === 'chromium') {
      context = await newParticipant(browser);
      if (initScript) await context.addInitScript(initScript);
      page = await context.newPage();
    } else {
      context = await browser.createBrowserContext();
      page = await context.newPage();
      page.setDefaultTimeout(60_000);
      await page.evaluateOnNewDocument(TRACK_PEER_CONNECTIONS);
      if (initScript) await page.evaluateOnNewDocument(initScript);
    }
    const p = new Person(engine, context, page);
    opened.push(p);
    await p.goto(debugUrl(link));
    if (join) await joinAs(p, name);
    return p;
  }
  async function closeAll() {
    await Promise.all(opened.splice(0).map((p) => p.close().catch(() => undefined)));
  }
  return { person, closeAll };
}

/** Fills the name on the pre-join screen, presses Join, waits for the call screen and starts recording errors. */
export async function joinAs(p, name) {
  await p.fill('#name', name);
  await p.click(testId('join'));
  await p.waitFor(testId('call-screen'));
  await waitFor(() => p.evaluate(() => !!window.__otter?.room), Boolean, { what: `the joined room in ${p.engine}` });
  await p.evaluate(() => {
    window.__errors = [];
    window.__otter.room.on(window.__otter.RoomEvent.Error, (e) => window.__errors.push(`${e.peerId}: ${e.error.name}: ${e.error.message}`));
  });
}

export const peerIdOf = (p) => p.attribute(testId('call-screen'), 'data-peer-id');
export const tileSelector = (peerId) => testId(`tile-${peerId}`);
export const errorsOf = (p) => p.evaluate(() => window.__errors ?? []);

/**
 * Per open peer connection of a page: video frames decoded so far and its states, read from getStats the same
 * way in every engine (inbound-rtp `framesDecoded`).
 */
export function connectionsOf(p) {
  return p.evaluate(async () => {
    // Firefox can leave getStats() of a connection that closes meanwhile unanswered for good; such a
    // connection is skipped rather than hanging this reading (and the test) until the driver's timeout.
    const unanswered = Symbol('unanswered');
    const result = [];
    for (const pc of window.__otterPeerConnections ?? []) {
      if (pc.connectionState === 'closed') continue;
      const report = await Promise.race([pc.getStats().catch(() => unanswered), new Promise((r) => setTimeout(() => r(unanswered), 3_000))]);
      if (report === unanswered || pc.connectionState === 'closed') continue;
      let frames = 0;
      report.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
      });
      result.push({ frames, state: pc.connectionState, signaling: pc.signalingState });
    }
    return result;
  });
}

/**
 * Resolves once every one of `count` open connections of the person decodes video and keeps decoding (each
 * connection's framesDecoded rises after the first reading). Failure messages carry the states and SDK errors.
 */
export async function assertDecodesFrom(p, count, { timeoutMs = 45_000 } = {}) {
  const what = `${p.engine}: video decoded and rising on ${count} connection(s)`;
  try {
    const first = await waitFor(() => connectionsOf(p), (c) => c.length === count && c.every((x) => x.frames > 0), { timeoutMs, what });
    await waitFor(
      () => connectionsOf(p),
      (c) => c.length === count && c.every((x, i) => x.frames > (first[i]?.frames ?? 0)),
      { timeoutMs, what: `${what} (still rising)` },
    );
  } catch (error) {
    throw new Error(`${error.message}; SDK errors: ${JSON.stringify(await errorsOf(p).catch(() => 'unreadable'))}`);
  }
}

/** Total video frames decoded over all of the person's connections. */
export async function framesDecoded(p) {
  return (await inboundTotals(p)).videoFramesDecoded;
}

/** Sends a chat line through the SDK and resolves once `to` has received it with the sender's name. */
export async function chatArrives(from, to, text, { fromName }) {
  await to.evaluate(() => {
    if (window.__chat) return;
    window.__chat = [];
    window.__otter.room.on(window.__otter.RoomEvent.Chat, ({ message, local }) => {
      if (!local) window.__chat.push({ text: message.text, name: message.name });
    });
  });
  await from.evaluate((t) => window.__otter.room.sendChat(t), text);
  return waitFor(
    () => to.evaluate(() => window.__chat),
    (lines) => lines.some((l) => l.text === text && l.name === fromName),
    { what: `chat "${text}" in ${to.engine}` },
  );
}

/**
 * Sends `size` random bytes from `from` to `to` through the SDK (the receiver accepts the offer) and returns both
 * sides' `{ size, sha256 }`, the sender's computed before sending, the receiver's over the Blob it got.
 */
export async function sendFile(from, to, size) {
  await to.evaluate(() => {
    window.__received = null;
    const { room, RoomEvent } = window.__otter;
    window.__offerOff?.();
    window.__offerOff = room.on(RoomEvent.FileOffer, ({ id }) => room.files.accept(id));
    window.__receivedOff?.();
    window.__receivedOff = room.on(RoomEvent.FileReceived, async ({ file }) => {
      const hash = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
      window.__received = { size: file.size, sha256: [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('') };
    });
  });
  const sent = await from.evaluate(async (n) => {
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(n, i + 65536)));
    const hash = await crypto.subtle.digest('SHA-256', bytes);
    window.__otter.room.sendFile(new Blob([bytes]), { name: 'mixed.bin' });
    return { size: n, sha256: [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('') };
  }, size);
  const received = await waitFor(() => to.evaluate(() => window.__received), Boolean, {
    timeoutMs: 90_000,
    what: `the file in ${to.engine}`,
  });
  return { sent, received };
}
