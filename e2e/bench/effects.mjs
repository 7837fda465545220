// The background effect's cost: outgoing frame rate with blur on at 640×360 against the camera's own frame rate
// (the baseline, same run, same page), and CPU time per frame: the whole browser's CPU time (every process of
// it, from /proc) over a window with blur on, less a window of the same length with it off, per frame sent.
// Runs inside e2e/run-in-netns.sh; prints one JSON line. Not a test: nothing is asserted. The machine's load
// average is printed with it, since a loaded machine says little about a quiet one.
//   node e2e/bench/effects.mjs [--seconds 10]
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { CHROMIUM_ARGS, launchChromium, startOtter, waitFor } from '../lib/index.mjs';
import { WEB_DIR, people, requireBuiltWebApp } from '../lib/webapp.mjs';

const secondsIndex = process.argv.indexOf('--seconds');
const SECONDS = secondsIndex >= 0 ? Number(process.argv[secondsIndex + 1]) : 10;
const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) of `root` and every process under it. */
function cpuSeconds(root) {
  const parent = new Map();
  const cpu = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(pid), Number(fields[1]));
      cpu.set(Number(pid), (Number(fields[11]) + Number(fields[12])) / TICKS);
    } catch {
      // gone meanwhile
    }
  }
  const under = (pid) => pid === root || (parent.has(pid) && pid > 1 && under(parent.get(pid)));
  let total = 0;
  for (const [pid, seconds] of cpu) if (under(pid)) total += seconds;
  return total;
}

/** Frames the page's camera track delivers in `ms`, counted with a MediaStreamTrackProcessor on a clone. */
const cameraFrames = (page, ms) =>
  page.evaluate(async (ms) => {
    const track = window.__otter.room.media.track('video').clone();
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    let frames = 0;
    const until = performance.now() + ms;
    while (performance.now() < until) {
      const { value } = await reader.read();
      value?.close();
      frames++;
    }
    track.stop();
    return frames;
  }, ms);

requireBuiltWebApp();
const otter = await startOtter({ webDir: WEB_DIR, startTimeoutMs: 180_000 });
// Chromium's fake camera gives 20 frames a second unless told otherwise: at 30 the effect has room to fall short
// of the 20 it must keep, and the camera's own rate (the baseline) shows what it was given.
const browser = await launchChromium({
  args: [...CHROMIUM_ARGS.filter((a) => a !== '--use-fake-device-for-media-stream'), '--use-fake-device-for-media-stream=fps=30'],
});
/** The browser's root process: playwright started it as a child of this process. */
const pid = readdirSync('/proc')
  .filter((p) => /^\d+$/.test(p))
  .find((p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('chrom');
    } catch {
      return false;
    }
  });
try {
  const { person, closeAll } = people(browser);
  const room = await otter.createRoom({ name: 'bench-effects' });
  const page = await person(room.hostUrl, 'Bench');
  await page.evaluate(() => window.__otter.room.media.track('video').applyConstraints({ width: 640, height: 360, frameRate: 30 }));
  const load = loadavg().map((l) => Number(l.toFixed(2)));
  const ms = SECONDS * 1000;

  // Blur off: the camera's own frame rate, and the browser's CPU over the window.
  let cpu = pid ? cpuSeconds(Number(pid)) : NaN;
  const baseline = await cameraFrames(page, ms);
  const cpuOff = pid ? cpuSeconds(Number(pid)) - cpu : NaN;

  await page.evaluate(() => window.__otter.room.setBackground({ mode: 'blur' }));
  await waitFor(() => page.evaluate(() => window.__otter.room.backgroundStats()), (s) => s?.masks > 0 && s.frames > 0, {
    timeoutMs: 300_000,
    what: 'the blur running',
  });
  const before = await page.evaluate(() => window.__otter.room.backgroundStats());
  cpu = pid ? cpuSeconds(Number(pid)) : NaN;
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await page.evaluate(() => window.__otter.room.backgroundStats());
  const elapsed = (Date.now() - started) / 1000;
  const cpuOn = pid ? cpuSeconds(Number(pid)) - cpu : NaN;
  const frames = after.frames - before.frames;
  const result = {
    size: '640x360',
    path: after.path,
    outgoingFps: Number((frames / elapsed).toFixed(1)),
    cameraFps: Number((baseline / SECONDS).toFixed(1)),
    masksPerSecond: Number(((after.masks - before.masks) / elapsed).toFixed(1)),
    // Over the window only: the first masks (shaders compiled, the model warmed up) take far longer.
    msPerMask: Number(
      (after.masks > before.masks ? (after.msPerMask * after.masks - before.msPerMask * before.masks) / (after.masks - before.masks) : after.msPerMask).toFixed(1),
    ),
    compositeMsPerFrame: Number(after.msPerFrame.toFixed(2)),
    compositeMsPerStep: Object.fromEntries(Object.entries(after.msPerStep).map(([step, ms]) => [step, Number(ms.toFixed(2))])),
    cpuMsPerFrame: Number((((cpuOn - cpuOff) * 1000) / Math.max(1, frames)).toFixed(1)),
    browserCpuSecondsOff: Number(cpuOff.toFixed(2)),
    browserCpuSecondsOn: Number(cpuOn.toFixed(2)),
    loadAverage: load,
  };
  console.log(JSON.stringify(result));
  await closeAll();
} finally {
  await browser.close();
  await otter.stop();
}
