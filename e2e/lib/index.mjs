/**
 * Otter's browser-test harness. Run tests with `bash e2e/run-in-netns.sh node --test e2e/tests/*.test.mjs`.
 *
 *   const otter = await startOtter({ webDir: 'webapp/dist' });      // local Otter on a free port
 *   const room = await otter.createRoom({ relayOnly: true });       // POST /createRoom with the API key
 *   const browser = await launchChromium();                         // Debian Chromium, fake media
 *   const alice = await (await newParticipant(browser)).newPage();  // one context per person
 *   await alice.goto(room.hostUrl);
 *   await assertReceivesMedia(alice);                               // framesDecoded rising, audio packets
 *   await browser.close(); await otter.stop();
 *
 * Mixed browsers (person.mjs): `const { person } = people(browsers());`
 *   const c = await person('chromium', room.hostUrl, 'Ada'); const f = await person('firefox', room.url, 'Bo');
 *   await assertDecodesFrom(f, 1);                                  // every connection decoding, rising
 */
export { startOtter, createRoom, withRoomSecret, seatedIceServers, REPO_ROOT } from './otter.mjs';
export { launchChromium, newParticipant, CHROMIUM, CHROMIUM_ARGS } from './browser.mjs';
export { inboundTotals, localCandidateTypes, selectedCandidatePairs, waitFor, assertReceivesMedia } from './stats.mjs';
export { assertPrivateNetwork } from './netns.mjs';
export { launchFirefox, FIREFOX, FIREFOX_PREFS } from './firefox.mjs';
