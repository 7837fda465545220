import { chromium } from 'playwright-core';
import { assertPrivateNetwork } from './netns.mjs';

/** Debian's Chromium; playwright-core never downloads a browser. */
export const CHROMIUM = process.env.OTTER_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for headless WebRTC with fake camera and microphone, on loopback only. */
export const CHROMIUM_ARGS = Object.freeze([
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  // Inside the namespace loopback is the only interface; without this Chromium gathers no candidates at all.
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
]);

/**
 * Keeps every RTCPeerConnection a page creates in `window.__otterPeerConnections`, so tests can read getStats
 * from the web app or any other page without its cooperation.
 */
export const TRACK_PEER_CONNECTIONS = () => {
  const Native = window.RTCPeerConnection;
  const all = [];
  Object.defineProperty(window, '__otterPeerConnections', { value: all });
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      all.push(this);
    }
  };
};

/**
 * Launches headless Chromium; refuses outside a private network namespace.
 * @param {object} [options] passed to playwright's `chromium.launch` (e.g. `{ slowMo: 50 }`)
 */
export async function launchChromium(options = {}) {
  assertPrivateNetwork();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS], ...options });
}

/**
 * A new browser context (its own storage, like another person's browser) whose pages record their peer
 * connections. Camera and microphone are allowed.
 */
export async function newParticipant(browser) {
  const context = await browser.newContext();
  // Generous bounds on every locator wait: a loaded machine slows pages down a lot (e2e/lib/webapp.mjs).
  context.setDefaultTimeout(60_000);
  await context.addInitScript(TRACK_PEER_CONNECTIONS);
  return context;
}
