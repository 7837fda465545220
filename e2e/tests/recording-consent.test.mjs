// Consent-based local recording in the real web app (headless Chromium) against local Otter: nothing records before
// everyone present agreed (no MediaRecorder runs, no indicator shows), a forged or malformed consent counts for
// nothing, the indicator shows on every screen while it records, withdrawing consent stops it everywhere, the
// recorder's device saves a WebM file (a download, never an upload), and someone who joins a recorded call is asked
// first while the recording pauses. Writes screenshots to e2e/artifacts/screenshots. Runs inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { assertReceivesMedia, REPO_ROOT, waitFor } from '../lib/index.mjs';
import { chromiumCalls, peerIdOf } from '../lib/webapp.mjs';

const SCREENSHOTS = join(REPO_ROOT, 'e2e', 'artifacts', 'screenshots');
/** The first four bytes of every WebM (and Matroska) file: the EBML header's id. */
const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);

/**
 * Keeps every MediaRecorder the page creates in `window.__recorders`, with the bytes it handed over, so the test
 * sees whether anything records without the app's cooperation.
 */
const TRACK_RECORDERS = () => {
  const Native = window.MediaRecorder;
  const all = [];
  window.__recorders = all;
  window.MediaRecorder = class extends Native {
    constructor(...args) {
      super(...args);
      const entry = { recorder: this, bytes: 0 };
      all.push(entry);
      this.addEventListener('dataavailable', (event) => {
        entry.bytes += event.data.size;
      });
    }
  };
  window.MediaRecorder.isTypeSupported = (type) => Native.isTypeSupported(type);
};

/** The states of the page's MediaRecorders (`recording`, `paused`, `inactive`) and the bytes they wrote. */
const recordersOf = (page) => page.evaluate(() => (window.__recorders ?? []).map((r) => ({ state: r.recorder.state, bytes: r.bytes })));
const indicatorOf = (page) =>
  page.evaluate(() => document.querySelector('[data-testid="recording-indicator"]')?.dataset.state ?? null);

describe('recording with everyone’s consent', () => {
  const suite = chromiumCalls();
  before(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  test('records only once all three agreed, shows it on every screen, stops everywhere when one withdraws, saves a WebM', async (t) => {
    const room = await suite.otter.createRoom({ name: 'Recorded' });
    const hana = await suite.crowd.person(room.hostUrl, 'Hana', { initScript: TRACK_RECORDERS });
    const ada = await suite.crowd.person(room.url, 'Ada');
    const bob = await suite.crowd.person(room.url, 'Bob');
    await Promise.all([assertReceivesMedia(hana), assertReceivesMedia(ada), assertReceivesMedia(bob)]);
    const [hanaId, bobId] = await Promise.all([peerIdOf(hana), peerIdOf(bob)]);
    const everyone = [['Hana', hana], ['Ada', ada], ['Bob', bob]];

    await hana.getByTestId('toggle-recording').click();
    for (const [who, page] of [['Ada', ada], ['Bob', bob]]) {
      const dialog = page.getByTestId('recording-consent');
      await dialog.waitFor();
      assert.equal(await dialog.getAttribute('role'), 'alertdialog', `${who}'s consent question is an alert dialog`);
      assert.match(await dialog.textContent(), /Hana asks to record this call/);
      assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), `the focus moved into ${who}'s dialog`);
    }
    await hana.getByTestId('recording-asking').waitFor();
    await ada.screenshot({ path: join(SCREENSHOTS, 'recording-consent.png') });

    // Ada agrees; then, on her data channel, she agrees "for Bob" and sends a malformed agreement. Neither counts.
    await ada.getByTestId('consent-yes').click();
    await hana.evaluate(() => {
      window.__dropped = [];
      window.__chatLines = [];
      const { room, RoomEvent } = window.__otter;
      room.on(RoomEvent.Error, ({ error }) => error.name === 'PeerMessageDroppedError' && window.__dropped.push(error.detail));
      room.on(RoomEvent.Chat, ({ message }) => window.__chatLines.push(message.text));
    });
    await ada.evaluate(({ to, victim }) => {
      const { room } = window.__otter;
      const id = room.consent.session.id;
      const control = room.peers.get(to).control;
      control.send({ t: 'rec-answer', id, yes: true, peerId: victim, from: victim });
      control.send({ t: 'rec-answer', id, yes: 'yes' });
      control.send({ t: 'rec-request', id: 'forged', running: true });
      room.sendChat('after the forged consent');
    }, { to: hanaId, victim: bobId });
    await waitFor(() => hana.evaluate(() => window.__chatLines), (lines) => lines.includes('after the forged consent'), {
      what: "Hana handled Ada's forged consent",
    });
    assert.ok((await hana.evaluate(() => window.__dropped)).includes('rec-answer.yes: not a boolean'));
    // One consent (Bob's) missing: no MediaRecorder exists, and no screen shows the indicator.
    assert.deepEqual(await recordersOf(hana), []);
    for (const [who, page] of everyone) assert.equal(await indicatorOf(page), null, `no indicator on ${who}'s screen yet`);
    assert.equal(await hana.evaluate(() => window.__otter.room.recording.state), 'asking');
    assert.deepEqual(await hana.evaluate(() => window.__otter.room.recording.waitingFor), [bobId]);

    // From now on, any HTTP request from Hana's page with a body would be an upload.
    const bodies = [];
    hana.on('request', (request) => {
      const body = request.postDataBuffer();
      if (body?.length) bodies.push({ url: request.url(), bytes: body.length });
    });
    await bob.getByTestId('consent-yes').click();
    for (const [who, page] of everyone) {
      await waitFor(() => indicatorOf(page), (state) => state === 'recording', { what: `the recording indicator on ${who}'s screen` });
    }
    await waitFor(() => recordersOf(hana), (r) => r.length === 1 && r[0].state === 'recording' && r[0].bytes > 0, {
      what: "Hana's MediaRecorder writing",
      timeoutMs: 60_000,
    });
    await bob.screenshot({ path: join(SCREENSHOTS, 'recording-indicator.png') });

    // Bob withdraws his consent: it stops on every screen, and Hana's device saves the file.
    const download = hana.waitForEvent('download', { timeout: 60_000 });
    await bob.getByTestId('recording-stop').click();
    for (const [who, page] of everyone) {
      await waitFor(() => indicatorOf(page), (state) => state === null, { what: `the indicator gone from ${who}'s screen` });
    }
    await hana.getByTestId('recording-ended').getByText('Bob withdrew consent').waitFor();
    const saved = await download;
    assert.match(saved.suggestedFilename(), /^otter-Recorded-.+\.webm$/);
    const bytes = readFileSync(await saved.path());
    assert.ok(bytes.length > 1000, `a recording of ${bytes.length} bytes`);
    assert.deepEqual(bytes.subarray(0, 4), EBML_MAGIC, 'the file starts with the WebM (EBML) magic bytes');
    assert.deepEqual((await recordersOf(hana)).map((r) => r.state), ['inactive']);
    // The composited grid plays back at the recording's size.
    const size = await hana.evaluate(async (base64) => {
      const blob = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'video/webm' });
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(blob);
      await new Promise((resolve, reject) => {
        video.onloadedmetadata = resolve;
        video.onerror = () => reject(new Error('the recording does not play'));
      });
      return { width: video.videoWidth, height: video.videoHeight };
    }, bytes.toString('base64'));
    assert.deepEqual(size, { width: 1280, height: 720 });
    t.diagnostic(`recording saved: ${bytes.length} bytes`);
    assert.deepEqual(bodies, [], 'Hana sent nothing over HTTP while recording');
    await assertReceivesMedia(ada);
  });

  test('someone who joins while it records is asked at once, and the recording pauses until they agree', async () => {
    const room = await suite.otter.createRoom({ name: 'Late' });
    const hana = await suite.crowd.person(room.hostUrl, 'Hana', { initScript: TRACK_RECORDERS });
    const ada = await suite.crowd.person(room.url, 'Ada');
    await Promise.all([assertReceivesMedia(hana), assertReceivesMedia(ada)]);

    await hana.getByTestId('toggle-recording').click();
    await ada.getByTestId('consent-yes').click();
    await waitFor(() => recordersOf(hana), (r) => r.length === 1 && r[0].state === 'recording', { what: 'Hana recording', timeoutMs: 60_000 });

    const bob = await suite.crowd.person(room.url, 'Bob');
    const dialog = bob.getByTestId('recording-consent');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Hana is recording this call/);
    // Until Bob agrees nothing is recorded: Hana's recorder is paused and every screen says so.
    await waitFor(() => recordersOf(hana), (r) => r[0].state === 'paused', { what: "Hana's recorder paused for Bob" });
    for (const [who, page] of [['Hana', hana], ['Ada', ada]]) {
      await waitFor(() => indicatorOf(page), (state) => state === 'paused', { what: `the paused indicator on ${who}'s screen` });
    }
    assert.equal(await indicatorOf(bob), null);
    assert.match(await hana.getByTestId('recording-indicator').textContent(), /waiting for Bob to agree/);

    await bob.getByTestId('consent-yes').click();
    for (const [who, page] of [['Hana', hana], ['Ada', ada], ['Bob', bob]]) {
      await waitFor(() => indicatorOf(page), (state) => state === 'recording', { what: `the indicator on ${who}'s screen` });
    }
    await waitFor(() => recordersOf(hana), (r) => r.length === 1 && r[0].state === 'recording', { what: "Hana's recorder running again" });

    // The recorder stops it: gone everywhere, saved on Hana's device.
    const download = hana.waitForEvent('download', { timeout: 60_000 });
    await hana.getByTestId('recording-stop').click();
    for (const [who, page] of [['Hana', hana], ['Ada', ada], ['Bob', bob]]) {
      await waitFor(() => indicatorOf(page), (state) => state === null, { what: `the indicator gone from ${who}'s screen` });
    }
    const bytes = readFileSync(await (await download).path());
    assert.deepEqual(bytes.subarray(0, 4), EBML_MAGIC);
  });
});
