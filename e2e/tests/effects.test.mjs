// On-device effects of the web app (webapp/dist) in headless Chromium against local Otter, measured at the
// receiving side: the background effect (pre-join preview, the choice remembered and applied at join, switched
// in the call) and RNNoise noise suppression. Runs inside e2e/run-in-netns.sh.
//
// What the background test measures, and why it is honest: Chromium's fake camera shows no person (a moving
// pattern with sharp edges and text), so segmentation finds (almost) only background there. The test therefore
// checks what the effect does to background, at the receiver, against the same camera in the same call:
// painted over, the received picture is the chosen colour; blurred, its high-frequency energy (mean absolute
// Laplacian of the luma) falls to a fraction of what the unprocessed camera gives, and comes back when the effect
// is turned off, so the drop is the effect and not the network. That the person mask is really computed is read
// from the effect's own counters (masks > 0). Keeping a real person sharp is not shown here: no input with a
// person can be generated or shipped reliably, and a person-like drawing proves nothing about the model.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM_ARGS, launchChromium, startOtter, waitFor } from '../lib/index.mjs';
import { WEB_DIR, peerIdOf, people, requireBuiltWebApp, tileOf } from '../lib/webapp.mjs';

const BOUND = { timeoutMs: 90_000, intervalMs: 500 };

/** Luma sharpness and mean colour of the next few frames a <video> presents, read in the page. */
function framesOf(locator) {
  return locator.evaluate(async (video) => {
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const readings = [];
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
      const w = video.videoWidth;
      const h = video.videoHeight;
      if (!w || !h) return null;
      canvas.width = w;
      canvas.height = h;
      context.drawImage(video, 0, 0, w, h);
      const { data } = context.getImageData(0, 0, w, h);
      const luma = new Float32Array(w * h);
      let r = 0, g = 0, b = 0;
      for (let p = 0; p < w * h; p++) {
        r += data[p * 4];
        g += data[p * 4 + 1];
        b += data[p * 4 + 2];
        luma[p] = 0.299 * data[p * 4] + 0.587 * data[p * 4 + 1] + 0.114 * data[p * 4 + 2];
      }
      let laplacian = 0;
      for (let y = 1; y < h - 1; y++) {
        for (let x = 1; x < w - 1; x++) {
          const p = y * w + x;
          laplacian += Math.abs(4 * luma[p] - luma[p - 1] - luma[p + 1] - luma[p - w] - luma[p + w]);
        }
      }
      const n = w * h;
      readings.push({ sharpness: laplacian / ((w - 2) * (h - 2)), color: [r / n, g / n, b / n], width: w });
    }
    readings.sort((a, b) => a.sharpness - b.sharpness);
    return readings[2];
  });
}

const distance = (color, hex) => {
  const target = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return Math.hypot(...color.map((c, i) => c - target[i]));
};

/** Seeded low-passed noise, like a fan, as a 48 kHz mono 16-bit WAV: Chromium loops it as the microphone. */
function noiseWav(path, seconds = 10) {
  const rate = 48_000;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  let state = 42;
  let low = 0;
  for (let i = 0; i < samples; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    low = 0.98 * low + 0.2 * (((t ^ (t >>> 14)) >>> 0) / 2 ** 32 - 0.5);
    wav.writeInt16LE(Math.max(-32_768, Math.min(32_767, Math.round(low * 1.2 * 32_767))), 44 + i * 2);
  }
  writeFileSync(path, wav);
}

/** The level (dBFS, RMS over `ms`) of the audio this page receives from its first participant. */
function receivedLevel(page, ms = 2_000) {
  return page.evaluate(async (ms) => {
    const participant = window.__otter.room.participants[0];
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(participant.stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let sum = 0;
    let count = 0;
    const until = performance.now() + ms;
    while (performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      analyser.getFloatTimeDomainData(samples);
      for (const s of samples) sum += s * s;
      count += samples.length;
    }
    await context.close();
    return 10 * Math.log10(sum / count + 1e-12);
  }, ms);
}

describe('on-device effects', () => {
  let otter;
  const browsers = [];

  before(async () => {
    requireBuiltWebApp();
    // A generous bound on start-up: the machines these run on are often shared and loaded.
    otter = await startOtter({ webDir: WEB_DIR, startTimeoutMs: 180_000 });
  });

  after(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await otter?.stop();
  });

  test('the background is painted over on the preview and at the other side, blurred in the call, and back on', async () => {
    const browser = await launchChromium();
    browsers.push(browser);
    const { person, closeAll } = people(browser);
    const room = await otter.createRoom({ name: 'background' });
    try {
      const bob = await person(room.hostUrl, 'Bob');
      const ada = await person(room.url, 'Ada', { join: false });
      // Pre-join: the preview shows the chosen colour instead of the camera's background.
      await ada.getByTestId('pick-background').selectOption('green');
      const preview = await waitFor(() => framesOf(ada.getByTestId('preview-video')), (f) => f && distance(f.color, '#166534') < 40, {
        ...BOUND,
        what: 'a green preview',
      });
      console.log(`# preview ${JSON.stringify(preview)}`);
      await ada.getByLabel('Your name').fill('Ada');
      await ada.getByTestId('join').click();
      await ada.getByTestId('call-screen').waitFor();
      const adaId = await peerIdOf(ada);
      const adaAtBob = tileOf(bob, adaId).locator('video');
      // Remembered and applied from the first frame the call sends.
      const green = await waitFor(() => framesOf(adaAtBob), (f) => f && distance(f.color, '#166534') < 40, { ...BOUND, what: 'green at Bob' });
      console.log(`# received with colour ${JSON.stringify(green)}`);
      assert.equal(await ada.getByTestId('pick-background').inputValue(), 'green');

      await ada.getByTestId('pick-background').selectOption('none');
      const plain = await waitFor(() => framesOf(adaAtBob), (f) => f && distance(f.color, '#166534') > 60 && f.width >= 320, {
        ...BOUND,
        what: 'the plain camera at Bob',
      });
      console.log(`# received plain ${JSON.stringify(plain)}`);

      await ada.getByTestId('pick-background').selectOption('blur');
      const blurred = await waitFor(() => framesOf(adaAtBob), (f) => f && f.sharpness < plain.sharpness * 0.5, { ...BOUND, what: 'a blurred background at Bob' });
      console.log(`# received blurred ${JSON.stringify(blurred)}; sharpness ratio ${(blurred.sharpness / plain.sharpness).toFixed(3)}`);
      const stats = await waitFor(() => ada.evaluate(() => window.__otter.room.backgroundStats()), (s) => s?.masks > 0 && s.frames > 0, {
        ...BOUND,
        what: 'masks computed and frames composited',
      });
      console.log(`# effect ${JSON.stringify(stats)}`);
      assert.equal(stats.path, 'insertable');

      await ada.getByTestId('pick-background').selectOption('none');
      const again = await waitFor(() => framesOf(adaAtBob), (f) => f && f.sharpness > plain.sharpness * 0.7, { ...BOUND, what: 'sharp again at Bob' });
      console.log(`# received plain again ${JSON.stringify(again)}`);
    } finally {
      await closeAll();
    }
  });

  test('noise suppression takes a noise-only microphone down at the other side, switched in the call', async () => {
    const wav = join(mkdtempSync(join(tmpdir(), 'otter-noise-')), 'noise.wav');
    noiseWav(wav);
    const browser = await launchChromium({ args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${wav}`] });
    browsers.push(browser);
    const { person, closeAll } = people(browser);
    const room = await otter.createRoom({ name: 'noise' });
    try {
      const bob = await person(room.hostUrl, 'Bob');
      const ada = await person(room.url, 'Ada');
      // Ada is listed as soon as she joins; her audio track arrives once their connection has negotiated.
      await waitFor(
        () => bob.evaluate(() => window.__otter.room.participants.map((p) => p.stream?.getAudioTracks().length ?? 0)),
        (tracks) => tracks.length === 1 && tracks[0] > 0,
        { ...BOUND, what: "Ada's audio at Bob" },
      );
      // The browser's own noise suppression (on in the call's constraints) adapts for a while: the level with ours
      // off is read once two readings in a row agree, and read again after ours is turned back off.
      let previous = Infinity;
      const off = await waitFor(
        async () => {
          const [before, now] = [previous, await receivedLevel(bob)];
          previous = now;
          return { before, now };
        },
        ({ before, now }) => now > -45 && Math.abs(now - before) < 2,
        { ...BOUND, what: 'a steady noise level at Bob' },
      ).then(({ now }) => now);
      await ada.getByTestId('toggle-noise').click();
      await waitFor(() => ada.getByTestId('toggle-noise').getAttribute('aria-pressed'), (v) => v === 'true', { ...BOUND, what: 'noise reduction on' });
      const on = await waitFor(() => receivedLevel(bob), (db) => db < off - 10, { ...BOUND, what: 'the noise reduced at Bob' });
      await ada.getByTestId('toggle-noise').click();
      const back = await waitFor(() => receivedLevel(bob), (db) => db > on + 10, { ...BOUND, what: 'the noise back at Bob' });
      console.log(
        `# received noise level: off ${off.toFixed(1)} dBFS, on ${on.toFixed(1)} dBFS, off again ${back.toFixed(1)} dBFS: ` +
          `${(Math.min(off, back) - on).toFixed(1)} dB less with it on (against the lower of the two)`,
      );
    } finally {
      await closeAll();
    }
  });
});
