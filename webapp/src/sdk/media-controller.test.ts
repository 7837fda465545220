import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorReason } from './errors';
import { MediaController, mediaConstraints, mediaError } from './media-controller';
import { FakeStream, FakeTrack } from './testing/fake-media';

const domError = (name: string) => Object.assign(new Error(name), { name });

describe('mediaError', () => {
  it('reports a refused permission as MediaDenied', () => {
    expect(mediaError(domError('NotAllowedError')).reason).toBe(ErrorReason.MediaDenied);
    expect(mediaError(domError('SecurityError')).reason).toBe(ErrorReason.MediaDenied);
  });
  it('reports a missing or busy device as MediaUnavailable', () => {
    expect(mediaError(domError('NotFoundError')).reason).toBe(ErrorReason.MediaUnavailable);
    expect(mediaError(domError('NotReadableError')).reason).toBe(ErrorReason.MediaUnavailable);
  });
  it('keeps the browser error as the cause', () => {
    const cause = domError('NotAllowedError');
    expect(mediaError(cause).cause).toBe(cause);
  });
});

function devicesAsking(): { devices: MediaDevices; asked: MediaStreamConstraints[] } {
  const asked: MediaStreamConstraints[] = [];
  const devices = {
    getUserMedia: async (c: MediaStreamConstraints) => {
      asked.push(c);
      return new FakeStream([...(c.audio ? [new FakeTrack('audio')] : []), ...(c.video ? [new FakeTrack('video')] : [])]);
    },
  } as unknown as MediaDevices;
  return { devices, asked };
}

describe('MediaController.open with the preview stream', () => {
  beforeEach(() => vi.stubGlobal('MediaStream', FakeStream));
  afterEach(() => vi.unstubAllGlobals());

  it('keeps the preview tracks instead of asking the camera again, and raises the camera to the call size only when asked, once', async () => {
    const { devices, asked } = devicesAsking();
    const audio = new FakeTrack('audio');
    const video = new FakeTrack('video');
    const media = await MediaController.open({ stream: new FakeStream([audio, video]) as unknown as MediaStream, startMuted: true }, devices);
    expect(asked).toEqual([]);
    expect(media.track('audio')).toBe(audio);
    expect(media.track('video')).toBe(video);
    expect(audio.enabled).toBe(false);
    expect(video.applied).toEqual([]); // the call starts at the preview's size
    media.raiseToCallSize();
    media.raiseToCallSize();
    expect(video.applied).toEqual([mediaConstraints().video]);
  });

  it('does not apply the call size to a camera switched to during the call, which opened at that size', async () => {
    const { devices } = devicesAsking();
    const media = await MediaController.open({ stream: new FakeStream([new FakeTrack('video')]) as unknown as MediaStream, audio: false }, devices);
    await media.switchDevice('video', 'back-camera');
    const switched = media.track('video') as unknown as FakeTrack;
    media.raiseToCallSize();
    expect(switched.applied).toEqual([]);
  });

  it('leaves a camera the call opened itself at its size when asked to raise it', async () => {
    const { devices } = devicesAsking();
    const media = await MediaController.open({}, devices);
    const video = media.track('video') as unknown as FakeTrack;
    media.raiseToCallSize();
    expect(video.applied).toEqual([]);
  });

  it('opens only the kinds the preview lacks, and stops preview tracks the call does not want', async () => {
    const { devices, asked } = devicesAsking();
    const video = new FakeTrack('video');
    const media = await MediaController.open({ stream: new FakeStream([video]) as unknown as MediaStream, startCameraOff: true }, devices);
    expect(video.readyState).toBe('ended');
    expect(asked).toEqual([{ audio: mediaConstraints().audio, video: false }]);
    expect(media.track('video')).toBeNull();
    expect(media.track('audio')).not.toBeNull();
  });
});

/** Devices whose getUserMedia can be made to fail (`unavailable`) or to end the previous capture first (iOS). */
function scriptedDevices() {
  const asked: MediaStreamConstraints[] = [];
  const opened: FakeTrack[] = [];
  const control = { unavailable: false, endsPrevious: null as FakeTrack | null };
  const devices = {
    getUserMedia: async (c: MediaStreamConstraints) => {
      asked.push(c);
      control.endsPrevious?.endByBrowser();
      if (control.unavailable) throw domError('NotReadableError');
      const tracks = [...(c.audio ? [new FakeTrack('audio')] : []), ...(c.video ? [new FakeTrack('video')] : [])];
      opened.push(...tracks);
      return new FakeStream(tracks);
    },
  } as unknown as MediaDevices;
  return { devices, asked, opened, control };
}

describe('MediaController when the browser ends or mutes a device', () => {
  beforeEach(() => vi.stubGlobal('MediaStream', FakeStream));
  afterEach(() => vi.unstubAllGlobals());

  async function opened() {
    const scripted = scriptedDevices();
    const media = await MediaController.open({}, scripted.devices);
    const states: { audio: boolean; video: boolean }[] = [];
    const tracks: { kind: string; track: unknown }[] = [];
    media.on('state-changed', (s) => states.push(s));
    media.on('track-changed', (t) => tracks.push(t));
    return { media, states, tracks, ...scripted };
  }

  it('shows an ended camera as off to everyone, then reacquires it and shows it on again', async () => {
    const { media, states, tracks, control, opened: all } = await opened();
    const camera = media.track('video') as unknown as FakeTrack;
    control.unavailable = true; // still gone at first
    camera.endByBrowser();
    expect(media.state).toEqual({ audio: true, video: false });
    expect(media.interruptions).toEqual({ video: 'ended' });
    expect(tracks.at(-1)).toEqual({ kind: 'video', track: null });
    expect(states.at(-1)).toEqual({ audio: true, video: false });
    await media.reacquire();
    expect(media.interruptions).toEqual({ video: 'ended' });
    control.unavailable = false;
    await media.reacquire();
    expect(media.track('video')).toBe(all.at(-1));
    expect(media.state).toEqual({ audio: true, video: true });
    expect(media.interruptions).toEqual({});
    expect(tracks.at(-1)).toEqual({ kind: 'video', track: all.at(-1) });
  });

  it('shows a muted microphone as muted while the browser mutes it, and on again on unmute', async () => {
    const { media, states } = await opened();
    const mic = media.track('audio') as unknown as FakeTrack;
    mic.muteByBrowser(true);
    expect(media.state).toEqual({ audio: false, video: true });
    expect(media.interruptions).toEqual({ audio: 'muted' });
    mic.muteByBrowser(false);
    expect(media.state).toEqual({ audio: true, video: true });
    expect(states).toEqual([
      { audio: false, video: true },
      { audio: true, video: true },
    ]);
  });

  it('ignores events of tracks it no longer uses', async () => {
    const { media, states } = await opened();
    const old = media.track('video') as unknown as FakeTrack;
    await media.setCameraEnabled(false);
    await media.setCameraEnabled(true);
    old.endByBrowser();
    expect(media.state).toEqual({ audio: true, video: true });
    expect(states).toEqual([
      { audio: true, video: false },
      { audio: true, video: true },
    ]);
  });

  it('survives a switch whose new device fails after opening it ended the old one (iOS)', async () => {
    const { media, control, asked } = await opened();
    const old = media.track('video') as unknown as FakeTrack;
    control.endsPrevious = old;
    control.unavailable = true;
    await expect(media.switchDevice('video', 'back-camera')).rejects.toMatchObject({ reason: ErrorReason.MediaUnavailable });
    expect(media.state.video).toBe(false);
    expect(media.interruptions).toEqual({ video: 'ended' });
    control.endsPrevious = null;
    control.unavailable = false;
    await media.reacquire();
    expect(media.state.video).toBe(true);
    // The device chosen before the failed switch is the one asked for again.
    expect(asked.at(-1)).toEqual({ video: mediaConstraints().video });
  });

  it('keeps the old device when a switch fails and the old one still runs', async () => {
    const { media, control } = await opened();
    const old = media.track('video');
    control.unavailable = true;
    await expect(media.switchDevice('video', 'back-camera')).rejects.toThrow();
    expect(media.track('video')).toBe(old);
    expect(media.state).toEqual({ audio: true, video: true });
  });
});
