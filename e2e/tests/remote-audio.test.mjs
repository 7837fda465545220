// Remote sound under a strict autoplay policy, as on Safari: a participant whose camera is off must still be heard,
// and when the browser holds sound back until the person interacts with the page, the call says so and one tap
// brings the sound. The listener joins without touching the page (its name is remembered and the form is submitted
// by script, as an embedding page that joins by itself would), so the page has had no user activation when the
// sound arrives. Until the tap the test reads that page only through CDP's Runtime.evaluate without a user gesture
// (Playwright's own evaluate counts as one).
//
// Chromium is started with `--autoplay-policy=document-user-activation-required`, but Chromium exempts elements
// playing a MediaStream from it (seen here: sound played with no activation), so the listener's page also gets
// WebKit's rule as an init script: an element with sound neither autoplays nor `play()`s before the first user
// activation (`play()` rejects with NotAllowedError, as WebKit's does).
//
// A second test shows the pre-join microphone meter held back the same way (its AudioContext suspended until the
// first user activation, WebKit's rule as an init script: see STRICT_AUDIO_CONTEXT) and started by one tap.
//
// A third test chooses a speaker that the browser then refuses (`setSinkId` rejecting, as for a headset unplugged
// after the pre-join screen listed it; made by an init script, since Chromium's fake devices list no speaker).
// Real web app, real local Otter, Chromium with fake media (its fake microphone beeps), inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM_ARGS, launchChromium, startOtter, waitFor } from '../lib/index.mjs';
import { WEB_DIR, joinAs, people, peerIdOf, requireBuiltWebApp, STEP_TIMEOUT_MS } from '../lib/webapp.mjs';

const STRICT_AUTOPLAY = [...CHROMIUM_ARGS.filter((a) => !a.startsWith('--autoplay-policy=')), '--autoplay-policy=document-user-activation-required'];

/**
 * WebKit's autoplay rule for sound (see above), then joins as soon as the pre-join form can be sent, by script: no
 * user activation.
 */
const STRICT_PAGE_AUTO_JOIN = () => {
  const allowed = (element) => element.muted || navigator.userActivation.hasBeenActive;
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    if (!allowed(this)) return Promise.reject(new DOMException('play() needs a user gesture first', 'NotAllowedError'));
    return play.call(this);
  };
  // The `autoplay` attribute starts playback without play(): held back the same way.
  document.addEventListener('play', (event) => !allowed(event.target) && event.target.pause(), true);
  localStorage.setItem('otter.name', 'Bo');
  const timer = setInterval(() => {
    const join = document.querySelector('[data-testid="join"]');
    if (join && !join.disabled) {
      clearInterval(timer);
      document.querySelector('[data-testid="name-prompt"]').requestSubmit();
    }
  }, 100);
};

/**
 * WebKit's rule for Web Audio (Chromium runs the meter's context without a user activation even under
 * `--autoplay-policy=document-user-activation-required`, seen here while the page captures the microphone): an
 * AudioContext made before the first user activation starts suspended, and `resume()` is refused until then.
 */
const STRICT_AUDIO_CONTEXT = () => {
  const Native = window.AudioContext;
  const resume = Native.prototype.resume;
  window.AudioContext = class extends Native {
    constructor(...args) {
      super(...args);
      if (!navigator.userActivation.hasBeenActive) void this.suspend();
    }
  };
  Native.prototype.resume = function () {
    if (!navigator.userActivation.hasBeenActive) return Promise.reject(new DOMException('resume() needs a user gesture first', 'NotAllowedError'));
    return resume.call(this);
  };
};

/**
 * In the page: the highest level the pre-join microphone meter shows over `ms` (it paints on every frame), and
 * whether the page has had a user activation. A reading over time: the fake microphone beeps, silent in between.
 */
const HIGHEST_METER_LEVEL_OVER = (ms) => new Promise((resolve) => {
  let highest = 0;
  const timer = setInterval(() => {
    highest = Math.max(highest, Number(document.querySelector('[data-testid="mic-level"]')?.dataset.level ?? 0));
  }, 20);
  setTimeout(() => {
    clearInterval(timer);
    resolve({ highest, activated: navigator.userActivation.hasBeenActive });
  }, ms);
});

/** Evaluates `fn(arg)` in the page without a user gesture (unlike Playwright's evaluate), returning its value. */
async function quietly(cdp, fn, arg) {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression: `(${fn})(${JSON.stringify(arg)})`,
    awaitPromise: true,
    returnByValue: true,
    userGesture: false,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

/** What the listener's page plays of one participant: its audio element, and the energy of the sound received. */
function soundOf(cdp, peerId) {
  return quietly(
    cdp,
    async (id) => {
      const element = document.querySelector(`[data-testid="audio-${id}"]`);
      const pc = window.__otter?.room?.peerConnection(id);
      let energy = 0;
      (await pc?.getStats())?.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') energy += s.totalAudioEnergy ?? 0;
      });
      return {
        present: !!element,
        paused: element?.paused ?? true,
        tracks: element?.srcObject?.getAudioTracks().length ?? 0,
        energy,
        prompt: !!document.querySelector('[data-testid="sound-prompt"]'),
        activated: navigator.userActivation.hasBeenActive,
      };
    },
    peerId,
  );
}

describe('remote sound', () => {
  let otter;
  let browser;
  let strictBrowser;
  let closeAll;
  let closeStrict;
  let person;
  let strictPerson;

  before(async () => {
    requireBuiltWebApp();
    otter = await startOtter({ webDir: WEB_DIR });
    browser = await launchChromium();
    strictBrowser = await launchChromium({ args: STRICT_AUTOPLAY });
    ({ person, closeAll } = people(browser));
    ({ person: strictPerson, closeAll: closeStrict } = people(strictBrowser));
  });

  after(async () => {
    await closeAll?.();
    await closeStrict?.();
    await browser?.close();
    await strictBrowser?.close();
    await otter?.stop();
  });

  test('asks for a tap when sound is held back, then plays a camera-off participant', async () => {
    const room = await otter.createRoom({ name: 'remote-audio' });
    const ada = await person(room.hostUrl, 'Ada', { join: false });
    await ada.getByTestId('start-camera-off').check();
    await joinAs(ada, 'Ada');
    const adaId = await peerIdOf(ada);

    let cdp;
    const bo = await strictPerson(room.url, 'Bo', {
      join: false,
      initScript: STRICT_PAGE_AUTO_JOIN,
      beforeGoto: async (page) => (cdp = await page.context().newCDPSession(page)),
    });

    // Ada's sound reaches Bo, but the browser does not let it play: the call says so.
    const held = await waitFor(() => soundOf(cdp, adaId), (s) => s.present && s.tracks === 1 && s.prompt, {
      timeoutMs: 60_000,
      what: "Ada's audio element and the prompt to turn on sound on Bo's page",
    });
    assert.equal(held.activated, false, 'Bo never interacted with the page');
    assert.equal(held.paused, true, 'no sound before the tap');
    assert.equal(await ada.getByTestId('tile-local').getAttribute('data-camera'), 'off');

    // One tap: Ada, camera off, is heard (the received sound's energy rises while her audio element plays).
    await bo.getByTestId('sound-prompt').click();
    await bo.getByTestId('sound-prompt').waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
    const first = await waitFor(() => soundOf(cdp, adaId), (s) => !s.paused && s.energy > 0, { timeoutMs: 30_000, what: "Ada's sound playing on Bo's page" });
    const later = await waitFor(() => soundOf(cdp, adaId), (s) => !s.paused && s.energy > first.energy, { timeoutMs: 30_000, what: "Ada's sound energy rising on Bo's page" });
    console.log(`# energy while held back ${held.energy}, after the tap ${first.energy} → ${later.energy}`);
  });

  test('the pre-join microphone meter, held back until the person taps, starts on the first tap', async () => {
    const room = await otter.createRoom({ name: 'meter-resume' });
    let cdp;
    const bo = await person(room.url, 'Bo', {
      join: false,
      initScript: STRICT_AUDIO_CONTEXT,
      beforeGoto: async (page) => (cdp = await page.context().newCDPSession(page)),
    });
    const level = () => quietly(cdp, () => document.querySelector('[data-testid="mic-level"]')?.dataset.level ?? null);
    await waitFor(level, (l) => l !== null, { timeoutMs: 60_000, what: 'the meter painting on the pre-join screen' });
    // Held back, it reads silence over several of the fake microphone's beeps (one every second or so).
    const held = await quietly(cdp, HIGHEST_METER_LEVEL_OVER, 3_000);
    assert.deepEqual(held, { highest: 0, activated: false });
    await bo.getByLabel('Your name').click();
    await waitFor(level, (l) => Number(l) > 0, { timeoutMs: 30_000, what: 'the meter moving after the tap' });
  });

  test('a speaker the browser refuses leaves the sound on the default one, and the call says so', async () => {
    const room = await otter.createRoom({ name: 'speaker-refused' });
    const ada = await person(room.hostUrl, 'Ada');
    const adaId = await peerIdOf(ada);
    // A speaker that is listed but refused when chosen (unplugged meanwhile): Chromium's fake devices list none.
    const bo = await person(room.url, 'Bo', {
      join: false,
      initScript: () => {
        const enumerate = MediaDevices.prototype.enumerateDevices;
        MediaDevices.prototype.enumerateDevices = async function () {
          const speaker = { deviceId: 'gone-speaker', groupId: 'gone', kind: 'audiooutput', label: 'USB headset' };
          return [...(await enumerate.call(this)), { ...speaker, toJSON: () => speaker }];
        };
        HTMLMediaElement.prototype.setSinkId = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
      },
    });
    await bo.getByTestId('pick-speaker').selectOption('gone-speaker');
    await joinAs(bo, 'Bo');
    await bo.getByTestId('speaker-failed').waitFor({ timeout: STEP_TIMEOUT_MS });
    await waitFor(
      () => bo.evaluate((id) => document.querySelector(`[data-testid="audio-${id}"]`)?.paused, adaId),
      (paused) => paused === false,
      { timeoutMs: 30_000, what: "Ada's sound playing on Bo's default speaker" },
    );
  });
});
