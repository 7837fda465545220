import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorReason } from './errors';
import { MediaController, mediaConstraints, mediaError } from './media-controller';

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

/** Just enough of MediaStream and MediaStreamTrack for MediaController.open (node has neither). */
class FakeStream {
  private readonly tracks: FakeTrack[] = [];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks.push(...tracks);
  }
  getTracks() {
    return [...this.tracks];
  }
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: FakeTrack) {
    this.tracks.push(track);
  }
  removeTrack(track: FakeTrack) {
    this.tracks.splice(this.tracks.indexOf(track), 1);
  }
}

class FakeTrack {
  readyState: 'live' | 'ended' = 'live';
  enabled = true;
  applied: MediaTrackConstraints[] = [];
  constructor(readonly kind: 'audio' | 'video') {}
  stop() {
    this.readyState = 'ended';
  }
  async applyConstraints(constraints: MediaTrackConstraints) {
    this.applied.push(constraints);
  }
}

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

  it('keeps the preview tracks instead of asking the camera again, and raises the camera to the call size', async () => {
    const { devices, asked } = devicesAsking();
    const audio = new FakeTrack('audio');
    const video = new FakeTrack('video');
    const media = await MediaController.open({ stream: new FakeStream([audio, video]) as unknown as MediaStream, startMuted: true }, devices);
    expect(asked).toEqual([]);
    expect(media.track('audio')).toBe(audio);
    expect(media.track('video')).toBe(video);
    expect(audio.enabled).toBe(false);
    expect(video.applied).toEqual([mediaConstraints().video]);
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
