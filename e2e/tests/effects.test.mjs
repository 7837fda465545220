// On-device effects of the web app (webapp/dist) in headless Chromium against local Otter, measured at the
// receiving side: the background effect (pre-join preview, the choice remembered and applied at join, switched
// in the call), the person kept sharp while the background is blurred, the self-view showing what is sent, the
// effect's canvas path in Firefox (windowed on a virtual display, for WebGL), and RNNoise noise suppression. Runs inside e2e/run-in-netns.sh.
//
// What the background tests measure, and why it is honest. Chromium's default fake camera shows no person (a
// moving pattern with sharp edges and text), so segmentation finds (almost) only background there: the first test
// checks what the effect does to background, at the receiver, against the same camera in the same call (painted
// over: the chosen colour; blurred: its high-frequency energy, the mean absolute Laplacian of the luma, falls to a
// fraction of the unprocessed camera's and comes back when the effect is turned off). The person test gives
// Chromium a camera that does show one: a head-and-shoulders figure (face, hair, eyes, mouth, shirt) drawn here
// and written as a .y4m file for `--use-file-for-fake-video-capture`, in front of a fine checkerboard. MediaPipe's
// model segments that figure as a person (checked by the test itself: the face region must stay sharp), and the
// sharpness is measured per region of the received picture: the face keeps most of its detail with blur on, the
// background at the sides loses most of it. A compositor that blurred everything, or nothing, fails it.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM_ARGS, FIREFOX_PREFS, launchChromium, startOtter, waitFor } from '../lib/index.mjs';
import { browsers as engines, people as mixedPeople, peerIdOf as peerIdOfPerson } from '../lib/person.mjs';
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

/** Where the drawn person's face is, and background only, in fractions of the picture (see drawPerson). */
const FACE = { x0: 0.44, x1: 0.56, y0: 0.33, y1: 0.5 };
/** Sky only in the bundled background picture (webapp/src/sdk/effects/background-image.svg), left of its sun. */
const SKY = { x0: 0.02, x1: 0.2, y0: 0.05, y1: 0.4, color: '#9bd3f0' };
const SIDES = [
  { x0: 0.02, x1: 0.2, y0: 0.05, y1: 0.95 },
  { x0: 0.8, x1: 0.98, y0: 0.05, y1: 0.95 },
];

/**
 * Draws a head-and-shoulders figure in front of a fine checkerboard on a 2D context (runs in a page): the picture
 * of the person camera. Sizes are for 640×360; FACE and SIDES above are regions of it.
 */
function drawPerson(x, w, h) {
  for (let y = 0; y < h; y += 8) {
    for (let i = 0; i < w; i += 8) {
      x.fillStyle = ((i + y) / 8) % 2 ? '#5a6f7f' : '#b8c4cc';
      x.fillRect(i, y, 8, 8);
    }
  }
  const cx = w / 2;
  x.fillStyle = '#2c4a7a';
  x.beginPath();
  x.moveTo(cx - 150, h);
  x.bezierCurveTo(cx - 150, 270, cx - 120, 245, cx - 40, 235);
  x.lineTo(cx + 40, 235);
  x.bezierCurveTo(cx + 120, 245, cx + 150, 270, cx + 150, h);
  x.fill();
  x.fillStyle = '#d9a27c';
  x.fillRect(cx - 25, 190, 50, 55);
  x.beginPath();
  x.ellipse(cx, 140, 62, 80, 0, 0, 2 * Math.PI);
  x.fill();
  x.fillStyle = '#3b2a1e';
  x.beginPath();
  x.ellipse(cx, 95, 66, 45, 0, Math.PI, 2 * Math.PI);
  x.fill();
  x.fillStyle = '#fff';
  x.beginPath();
  x.ellipse(cx - 22, 135, 10, 6, 0, 0, 2 * Math.PI);
  x.ellipse(cx + 22, 135, 10, 6, 0, 0, 2 * Math.PI);
  x.fill();
  x.fillStyle = '#222';
  x.beginPath();
  x.arc(cx - 22, 135, 4, 0, 2 * Math.PI);
  x.arc(cx + 22, 135, 4, 0, 2 * Math.PI);
  x.fill();
  x.lineWidth = 4;
  x.strokeStyle = '#8a4a3a';
  x.beginPath();
  x.arc(cx, 170, 18, 0.2, Math.PI - 0.2);
  x.stroke();
  x.strokeStyle = '#b07858';
  x.beginPath();
  x.moveTo(cx, 140);
  x.lineTo(cx - 6, 158);
  x.lineTo(cx + 4, 160);
  x.stroke();
}

/** The drawn person as a 640×360 .y4m (4:2:0, a few identical frames; Chromium loops the file as the camera). */
async function personY4m(browser, path) {
  const [w, h] = [640, 360];
  const page = await browser.newPage();
  try {
    const rgba = Buffer.from(
      await page.evaluate(
        ([draw, w, h]) => {
          const canvas = document.createElement('canvas');
          canvas.width = w;
          canvas.height = h;
          const context = canvas.getContext('2d');
          new Function('x', 'w', 'h', `(${draw})(x, w, h)`)(context, w, h);
          const { data } = context.getImageData(0, 0, w, h);
          let binary = '';
          for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
          return btoa(binary);
        },
        [drawPerson.toString(), w, h],
      ),
      'base64',
    );
    const y = Buffer.alloc(w * h);
    const u = Buffer.alloc((w * h) / 4);
    const v = Buffer.alloc((w * h) / 4);
    for (let p = 0; p < w * h; p++) {
      const [r, g, b] = [rgba[p * 4], rgba[p * 4 + 1], rgba[p * 4 + 2]];
      y[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
    for (let j = 0; j < h / 2; j++) {
      for (let i = 0; i < w / 2; i++) {
        let [r, g, b] = [0, 0, 0];
        for (const [di, dj] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
          const p = (2 * j + dj) * w + 2 * i + di;
          r += rgba[p * 4] / 4;
          g += rgba[p * 4 + 1] / 4;
          b += rgba[p * 4 + 2] / 4;
        }
        u[j * (w / 2) + i] = Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        v[j * (w / 2) + i] = Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
      }
    }
    const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
    writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F30:1 Ip A1:1 C420jpeg\n`), ...Array(10).fill(frame)]));
  } finally {
    await page.close();
  }
}

/**
 * An init script for Firefox, which has no file-backed fake camera: the camera's video track becomes the drawn
 * person (drawPerson on a canvas, captured at 30 fps; one corner pixel changes each frame so frames keep coming);
 * the microphone stays the fake one.
 */
function drawnCameraScript() {
  return `(() => {
    const draw = ${drawPerson.toString()};
    const nativeGum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await nativeGum(constraints);
      if (!constraints || !constraints.video) return stream;
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 360;
      const context = canvas.getContext('2d');
      draw(context, 640, 360);
      let tick = 0;
      const timer = setInterval(() => {
        context.fillStyle = tick++ % 2 ? '#5a6f7f' : '#5b6f7f';
        context.fillRect(0, 0, 1, 1);
      }, 33);
      const drawn = canvas.captureStream(30).getVideoTracks()[0];
      drawn.addEventListener('ended', () => clearInterval(timer));
      for (const track of stream.getVideoTracks()) {
        stream.removeTrack(track);
        track.stop();
      }
      stream.addTrack(drawn);
      return stream;
    };
  })();`;
}

/** Sharpness (mean absolute Laplacian of the luma) of the face and of the sides in the next frames a <video> presents. */
function regionsOf(locator) {
  return locator.evaluate(
    async (video, [face, sides, sky]) => {
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
        const luma = (x, y) => {
          const p = (y * w + x) * 4;
          return 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2];
        };
        const sharpness = (regions) => {
          let sum = 0;
          let n = 0;
          for (const r of regions) {
            for (let y = Math.max(1, Math.round(r.y0 * h)); y < Math.min(h - 1, Math.round(r.y1 * h)); y++) {
              for (let x = Math.max(1, Math.round(r.x0 * w)); x < Math.min(w - 1, Math.round(r.x1 * w)); x++) {
                sum += Math.abs(4 * luma(x, y) - luma(x - 1, y) - luma(x + 1, y) - luma(x, y - 1) - luma(x, y + 1));
                n++;
              }
            }
          }
          return sum / n;
        };
        let [r, g, b, n] = [0, 0, 0, 0];
        for (let y = Math.round(sky.y0 * h); y < Math.round(sky.y1 * h); y++) {
          for (let x = Math.round(sky.x0 * w); x < Math.round(sky.x1 * w); x++) {
            const p = (y * w + x) * 4;
            [r, g, b, n] = [r + data[p], g + data[p + 1], b + data[p + 2], n + 1];
          }
        }
        readings.push({ face: sharpness([face]), background: sharpness(sides), sky: [r / n, g / n, b / n], width: w });
      }
      readings.sort((a, b) => a.background - b.background);
      return readings[2];
    },
    [FACE, SIDES, SKY],
  );
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
      // In the call the background and noise choices sit behind the Effects button.
      await ada.getByTestId('toggle-effects').click();
      assert.equal(await ada.getByTestId('pick-background').inputValue(), 'green');

      // A second after the first connection the camera goes to the call's size (MediaController.raiseToCallSize).
      // Sharpness per pixel depends on the size, so the plain reference is read only once that has happened.
      await waitFor(() => ada.evaluate(() => window.__otter.room.media.pendingCallSize), (pending) => pending === null, {
        ...BOUND,
        what: "Ada's camera raised to the call's size",
      });
      let lastWidth = 0;
      await waitFor(
        () => framesOf(adaAtBob),
        (f) => {
          const settled = !!f && f.width === lastWidth;
          lastWidth = f?.width ?? 0;
          return settled;
        },
        { ...BOUND, intervalMs: 1_000, what: 'the same size at Bob a second apart' },
      );
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

  test('blur keeps a person sharp and blurs only the background, at the other side and in the self-view; the picture replaces it', async () => {
    const camera = join(mkdtempSync(join(tmpdir(), 'otter-person-')), 'person.y4m');
    const plainBrowser = await launchChromium();
    browsers.push(plainBrowser);
    await personY4m(plainBrowser, camera);
    const personBrowser = await launchChromium({ args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${camera}`] });
    browsers.push(personBrowser);
    const bobs = people(plainBrowser);
    const adas = people(personBrowser);
    const room = await otter.createRoom({ name: 'person' });
    try {
      const bob = await bobs.person(room.hostUrl, 'Bob');
      const ada = await adas.person(room.url, 'Ada');
      const adaId = await peerIdOf(ada);
      const adaAtBob = tileOf(bob, adaId).locator('video');
      const selfView = ada.getByTestId('tile-local').locator('video');
      // The drawn picture, unprocessed, as Bob receives it: the reference for both regions.
      const plain = await waitFor(() => regionsOf(adaAtBob), (r) => r && r.width >= 640 && r.face > 5 && r.background > 5, {
        ...BOUND,
        what: "Ada's drawn camera at Bob",
      });
      console.log(`# person received plain ${JSON.stringify(plain)}`);

      await ada.evaluate(() => window.__otter.room.setBackground({ mode: 'blur' }));
      await waitFor(() => ada.evaluate(() => window.__otter.room.backgroundStats()), (s) => s?.masks > 2 && s.frames > 0, {
        ...BOUND,
        what: 'masks computed and frames composited',
      });
      // The face keeps most of its detail (a blurred person fails here), the background loses most of it.
      const blurred = await waitFor(
        () => regionsOf(adaAtBob),
        (r) => r && r.background < plain.background * 0.3 && r.face > plain.face * 0.6,
        { ...BOUND, what: 'the sides blurred and the face sharp at Bob' },
      );
      console.log(
        `# person received blurred ${JSON.stringify(blurred)}: face ${(blurred.face / plain.face).toFixed(2)}×, ` +
          `background ${(blurred.background / plain.background).toFixed(2)}× of the plain picture's sharpness`,
      );
      // The self-view shows what is sent: the same blurred background, the same sharp face.
      const own = await waitFor(
        () => regionsOf(selfView),
        (r) => r && r.background < plain.background * 0.3 && r.face > plain.face * 0.6,
        { ...BOUND, what: "the processed video in Ada's self-view" },
      );
      console.log(`# person self-view ${JSON.stringify(own)}`);

      // The bundled picture instead of the room: its sky where the checkerboard was, the face still the camera's.
      await ada.evaluate(() => window.__otter.room.setBackground({ mode: 'image' }));
      const pictured = await waitFor(
        () => regionsOf(adaAtBob),
        (r) => r && distance(r.sky, SKY.color) < 40 && r.face > plain.face * 0.6,
        { ...BOUND, what: 'the picture behind a sharp face at Bob' },
      );
      console.log(`# person received with the picture ${JSON.stringify(pictured)}`);

      // The canvas path (browsers without MediaStreamTrackProcessor, e.g. Firefox and Safari), run here in Chromium
      // with those interfaces removed before the app loads: the same sharp face and blurred background at Bob.
      const cy = await adas.person(room.url, 'Cy', {
        initScript: () => {
          delete globalThis.MediaStreamTrackProcessor;
          delete globalThis.MediaStreamTrackGenerator;
        },
      });
      const cyAtBob = tileOf(bob, await peerIdOf(cy)).locator('video');
      // Three people: each sends the others a smaller picture (sender caps), so any decent width will do.
      const cyPlain = await waitFor(() => regionsOf(cyAtBob), (r) => r && r.width >= 320 && r.face > 5 && r.background > 5, {
        ...BOUND,
        what: "Cy's drawn camera at Bob",
      });
      await cy.evaluate(() => window.__otter.room.setBackground({ mode: 'blur' }));
      const canvasBlurred = await waitFor(
        () => regionsOf(cyAtBob),
        (r) => r && r.background < cyPlain.background * 0.3 && r.face > cyPlain.face * 0.6,
        { ...BOUND, what: 'the sides blurred and the face sharp at Bob, canvas path' },
      );
      assert.equal((await cy.evaluate(() => window.__otter.room.backgroundStats())).path, 'canvas');
      console.log(
        `# person received blurred on the canvas path ${JSON.stringify(canvasBlurred)}: face ${(canvasBlurred.face / cyPlain.face).toFixed(2)}×, ` +
          `background ${(canvasBlurred.background / cyPlain.background).toFixed(2)}×`,
      );
    } finally {
      await Promise.all([bobs.closeAll(), adas.closeAll()]);
    }
  });

  /** A Chromium host and a Firefox guest (launched with `firefox` options) in a new room; Ada's video as Bob sees it. */
  async function chromiumMeetsFirefox(name, firefox, run, { initScript } = {}) {
    const set = engines({ firefox });
    const { person, closeAll } = mixedPeople(set);
    const room = await otter.createRoom({ name });
    try {
      const bob = await person('chromium', room.hostUrl, 'Bob');
      const ada = await person('firefox', room.url, 'Ada', { initScript });
      const adaAtBob = bob.page.getByTestId(`tile-${await peerIdOfPerson(ada)}`).locator('video');
      const plain = await waitFor(() => framesOf(adaAtBob), (f) => f && f.width >= 320, { ...BOUND, what: "Ada's camera at Bob" });
      console.log(`# firefox received plain ${JSON.stringify(plain)}`);
      assert.ok(distance(plain.color, '#166534') > 60, 'the plain camera is not already the colour');
      await run({ ada, adaAtBob });
    } finally {
      await closeAll();
      await set.close();
    }
  }

  /** Asks Ada's room for a background without awaiting it in the page: a change that never settles fails the wait. */
  async function setBackgroundIn(ada, background) {
    await ada.evaluate((background) => {
      window.__background = 'pending';
      window.__otter.room
        .setBackground(background)
        .then(() => (window.__background = 'applied'), (error) => (window.__background = `refused: ${error.message}`));
    }, background);
    return waitFor(() => ada.evaluate(() => window.__background), (o) => o !== 'pending', { ...BOUND, what: 'the background applied or refused' });
  }

  const hasWebGl = (ada) =>
    ada.evaluate(() => {
      const canvas = document.createElement('canvas');
      return !!(canvas.getContext('webgl2') || canvas.getContext('webgl'));
    });

  test('in Firefox (windowed, with WebGL) blur keeps the person sharp and blurs the background on the canvas path; the colour replaces it', async () => {
    // Headless Firefox has no WebGL without a GPU; on a virtual display it has Mesa's software renderer, as a
    // person's Firefox has some WebGL. Its camera shows the drawn person (drawnCameraScript).
    const firefox = { display: true };
    await chromiumMeetsFirefox('firefox-background', firefox, async ({ ada, adaAtBob }) => {
      assert.equal(await hasWebGl(ada), true, 'Firefox on the virtual display has WebGL');
      const plain = await waitFor(() => regionsOf(adaAtBob), (r) => r && r.width >= 320 && r.face > 5 && r.background > 5, {
        ...BOUND,
        what: "Ada's drawn camera from Firefox at Bob",
      });
      console.log(`# firefox person received plain ${JSON.stringify(plain)}`);

      assert.equal(await setBackgroundIn(ada, { mode: 'blur' }), 'applied');
      const blurred = await waitFor(
        () => regionsOf(adaAtBob),
        (r) => r && r.background < plain.background * 0.3 && r.face > plain.face * 0.6,
        { ...BOUND, what: 'the sides blurred and the face sharp from Firefox at Bob' },
      );
      const stats = await ada.evaluate(() => window.__otter.room.backgroundStats());
      console.log(
        `# firefox person received blurred ${JSON.stringify(blurred)}: face ${(blurred.face / plain.face).toFixed(2)}×, ` +
          `background ${(blurred.background / plain.background).toFixed(2)}×; effect ${JSON.stringify(stats)}`,
      );
      assert.equal(stats.path, 'canvas');

      assert.equal(await setBackgroundIn(ada, { mode: 'color', color: '#166534' }), 'applied');
      const green = await waitFor(() => framesOf(adaAtBob), (f) => f && distance(f.color, '#166534') < 60, { ...BOUND, what: 'green from Firefox at Bob' });
      console.log(`# firefox received with colour ${JSON.stringify(green)}`);

      assert.equal(await setBackgroundIn(ada, { mode: 'none' }), 'applied');
      const again = await waitFor(() => regionsOf(adaAtBob), (r) => r && r.background > plain.background * 0.7, { ...BOUND, what: 'sharp again from Firefox at Bob' });
      console.log(`# firefox person received plain again ${JSON.stringify(again)}`);
    }, { initScript: drawnCameraScript() });
  });

  test('a Firefox without WebGL is told at once that the background cannot run, and keeps sending its camera', async () => {
    await chromiumMeetsFirefox('firefox-no-webgl', { extraPrefsFirefox: { ...FIREFOX_PREFS, 'webgl.disabled': true } }, async ({ ada, adaAtBob }) => {
      assert.equal(await hasWebGl(ada), false);
      assert.match(await setBackgroundIn(ada, { mode: 'color', color: '#166534' }), /refused: .*WebGL/);
      assert.equal((await ada.evaluate(() => window.__otter.room.background)).mode, 'none');
      // Frames keep being presented (framesOf waits for new ones), and they are the camera's, not the colour.
      const still = await waitFor(() => framesOf(adaAtBob), (f) => f && f.width >= 320 && distance(f.color, '#166534') > 60, {
        ...BOUND,
        what: "Ada's plain camera still at Bob",
      });
      console.log(`# firefox without WebGL still sent ${JSON.stringify(still)}`);
    });
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
      await ada.getByTestId('toggle-effects').click();
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
