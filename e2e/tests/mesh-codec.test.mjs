// Mesh video is sent as VP8 (sdk/codec-preferences.ts): an iPhone runs only about three hardware H.264 encoders,
// and in a mesh each connection encodes its own copy of the camera. Safari offers H.264 first when left to itself;
// Chromium puts VP8 first anyway, so each page here gets Safari's default order as an init script: before any
// offer or answer, every video transceiver whose codec preferences the page did not set prefers H.264. A 4-person
// mesh must then still send VP8 on every connection, read from getStats (the codec of each outbound video stream).
// The fourth person is Firefox ESR (puppeteer-core over WebDriver BiDi), which gets the same init script; Debian's
// Firefox ESR here offers H.264 only when its OpenH264 plugin is installed (`hasH264` in the log says whether it was).
// Real web app, real local Otter, Chromium and Firefox with fake media, inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startOtter, waitFor } from '../lib/index.mjs';
import { browsers, people } from '../lib/person.mjs';
import { WEB_DIR, requireBuiltWebApp } from '../lib/webapp.mjs';

/** Safari's default: H.264 first, unless the page set the transceiver's codec preferences itself. */
const H264_FIRST_BY_DEFAULT = () => {
  const chosen = new WeakSet();
  const setPreferences = RTCRtpTransceiver.prototype.setCodecPreferences;
  RTCRtpTransceiver.prototype.setCodecPreferences = function (codecs) {
    chosen.add(this);
    return setPreferences.call(this, codecs);
  };
  const setLocal = RTCPeerConnection.prototype.setLocalDescription;
  RTCPeerConnection.prototype.setLocalDescription = function (...args) {
    const codecs = RTCRtpReceiver.getCapabilities('video').codecs;
    const h264First = [...codecs.filter((c) => c.mimeType === 'video/H264'), ...codecs.filter((c) => c.mimeType !== 'video/H264')];
    for (const transceiver of this.getTransceivers()) {
      if (transceiver.receiver.track.kind === 'video' && !chosen.has(transceiver) && transceiver.currentDirection !== 'stopped') {
        setPreferences.call(transceiver, h264First);
      }
    }
    return setLocal.apply(this, args);
  };
};

/** The codec of each open connection's outbound camera video (null while none is sent yet). */
function sentVideoCodecs(page) {
  return page.evaluate(async () => {
    const codecs = [];
    for (const pc of window.__otterPeerConnections ?? []) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      let codec = null;
      report.forEach((s) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video' && s.codecId && (s.framesEncoded ?? 0) > 0) codec = report.get(s.codecId)?.mimeType ?? null;
      });
      codecs.push(codec);
    }
    return codecs;
  });
}

describe('video codec in a mesh', () => {
  let otter;
  let engines;
  let person;
  let closeAll;

  before(async () => {
    requireBuiltWebApp();
    otter = await startOtter({ webDir: WEB_DIR });
    engines = browsers();
    ({ person, closeAll } = people(engines));
  });

  after(async () => {
    await closeAll?.();
    await engines?.close();
    await otter?.stop();
  });

  test('four people whose browsers prefer H.264, one of them in Firefox, send each other VP8', async () => {
    const room = await otter.createRoom({ name: 'mesh-codec', maxParticipants: 4 });
    const pages = [];
    for (const [i, [engine, name]] of [['chromium', 'Ada'], ['chromium', 'Bo'], ['chromium', 'Cy'], ['firefox', 'Di']].entries()) {
      pages.push(await person(engine, i === 0 ? room.hostUrl : room.url, name, { initScript: H264_FIRST_BY_DEFAULT }));
    }
    const firefoxH264 = await pages[3].evaluate(() => RTCRtpSender.getCapabilities('video').codecs.some((c) => c.mimeType === 'video/H264'));
    console.log(`# Firefox hasH264: ${firefoxH264}`);
    for (const [i, page] of pages.entries()) {
      const codecs = await waitFor(() => sentVideoCodecs(page), (c) => c.length === 3 && c.every((x) => x !== null), {
        timeoutMs: 90_000,
        what: `person ${i + 1} sending video on 3 connections`,
      });
      assert.deepEqual(codecs, ['video/VP8', 'video/VP8', 'video/VP8'], `person ${i + 1} (${pages[i].engine})`);
    }
  });
});
