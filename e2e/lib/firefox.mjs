import { spawn } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import { assertPrivateNetwork } from './netns.mjs';

/** Debian's Firefox ESR, driven over WebDriver BiDi by puppeteer-core (no geckodriver, nothing downloaded). */
export const FIREFOX = process.env.OTTER_FIREFOX ?? '/usr/bin/firefox-esr';

/**
 * Prefs for headless WebRTC with fake camera and microphone on loopback. Granting camera permission over BiDi is
 * refused, so the prefs grant it. Inside the namespace (only `lo`) Firefox gathers no ICE candidates at all
 * without `permission.fake`, `ice.loopback` and un-obfuscated host addresses; and Firefox ESR 153 leaves
 * `getUserMedia` pending forever (a prompt nobody answers) unless `permission.disabled` is set as well.
 */
export const FIREFOX_PREFS = Object.freeze({
  'media.navigator.permission.fake': true,
  'media.navigator.permission.disabled': true,
  'media.navigator.streams.fake': true,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.autoplay.default': 0,
  // Every person is a tab of one window, and only one tab is in front: the others must not be throttled.
  'media.suspend-bkgnd-video.enabled': false,
  'dom.min_background_timeout_value': 4,
  'dom.timeout.enable_budget_timer_throttling': false,
  'media.autoplay.blocking_policy': 0,
  // Screen capture: Firefox has no fake display source, so a test shares from Chromium only.
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'app.update.disabledForTesting': true,
});

/**
 * Launches Firefox ESR over WebDriver BiDi; refuses outside a private network namespace. Headless by default.
 * `{ display: true }` runs it on a virtual X display of its own (Debian's Xvfb) instead: headless Firefox has no
 * WebGL on a machine without a GPU, a windowed one gets Mesa's software renderer, so what needs WebGL (the
 * background effects' segmentation) runs as on a person's machine. The display ends with the browser.
 */
export async function launchFirefox({ display = false, ...options } = {}) {
  assertPrivateNetwork();
  const launch = (extra) =>
    puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: FIREFOX,
      headless: true,
      extraPrefsFirefox: { ...FIREFOX_PREFS },
      ...extra,
      ...options,
    });
  if (!display) return launch({});
  const screen = await startVirtualDisplay();
  try {
    const browser = await launch({ headless: false, env: { ...process.env, DISPLAY: screen.display, MOZ_HEADLESS: '' } });
    const close = browser.close.bind(browser);
    browser.close = async () => {
      try {
        await close();
      } finally {
        screen.stop();
      }
    };
    return browser;
  } catch (error) {
    screen.stop();
    throw error;
  }
}

/** Xvfb on the first free display number (it says which on `-displayfd`), listening on its Unix socket only. */
function startVirtualDisplay() {
  return new Promise((resolve, reject) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    xvfb.stderr.on('data', (chunk) => (errors += chunk));
    xvfb.once('error', (error) => reject(new Error(`Xvfb could not start (is Debian's xvfb installed?): ${error.message}`)));
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it had a display: ${errors.trim()}`)));
    let number = '';
    xvfb.stdio[3].on('data', (chunk) => {
      number += chunk;
      if (!number.includes('\n')) return;
      resolve({ display: `:${number.trim()}`, stop: () => xvfb.kill() });
    });
  });
}
