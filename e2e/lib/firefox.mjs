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

/** Launches headless Firefox ESR over WebDriver BiDi; refuses outside a private network namespace. */
export async function launchFirefox(options = {}) {
  assertPrivateNetwork();
  return puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: { ...FIREFOX_PREFS },
    ...options,
  });
}
