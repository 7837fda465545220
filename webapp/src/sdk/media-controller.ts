import { MEDIA_DEFAULTS } from './defaults';
import { Emitter } from './emitter';
import { MediaDeniedError, MediaUnavailableError, OtterError } from './errors';
import type { MediaState } from './protocol';

export interface MediaOptions {
  /** Ask for a microphone (default true). */
  audio?: boolean;
  /** Ask for a camera (default true). */
  video?: boolean;
  /** Join muted / with the camera off while still holding the device (default false). */
  startMuted?: boolean;
  startCameraOff?: boolean;
  audioDeviceId?: string;
  videoDeviceId?: string;
  /**
   * Tracks already open for these options (the pre-join preview's, opened with `mediaConstraints`): the call takes
   * them over instead of asking the camera again, and stops them when it ends. Missing kinds are opened.
   */
  stream?: MediaStream;
}

/**
 * The getUserMedia constraints for these options. The pre-join preview asks with `{ preview: true }`: the same
 * devices and audio processing (which cannot be changed on a live track everywhere), but the camera at the
 * browser's default size, so that the screen stays light while the page is still loading; the call raises it to
 * MEDIA_DEFAULTS.video with `applyConstraints` when it takes the tracks over.
 */
export function mediaConstraints(options: MediaOptions = {}, { preview = false } = {}): MediaStreamConstraints {
  const wantAudio = options.audio ?? true;
  const wantVideo = (options.video ?? true) && !options.startCameraOff;
  return {
    audio: wantAudio ? constraints(MEDIA_DEFAULTS.audio, options.audioDeviceId) : false,
    video: wantVideo ? constraints(preview ? {} : MEDIA_DEFAULTS.video, options.videoDeviceId) : false,
  };
}

export interface MediaControllerEventMap {
  /** The track of a kind changed (new device, camera turned on or off); peers must send `track` now. */
  'track-changed': { kind: 'audio' | 'video'; track: MediaStreamTrack | null };
  /** Mute or camera state changed; peers must be told. */
  'state-changed': MediaState;
}

type Kind = 'audio' | 'video';

/** Maps a getUserMedia failure to what the user can act on. */
export function mediaError(error: unknown): OtterError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return new MediaDeniedError(error);
  }
  return new MediaUnavailableError(error);
}

/**
 * The local camera and microphone. Muting disables the audio track (the sender keeps its slot, so unmuting
 * needs no renegotiation); turning the camera off stops the camera itself (its light goes out) and sends no
 * video until it is turned on again.
 */
export class MediaController extends Emitter<MediaControllerEventMap> {
  readonly stream: MediaStream;
  private audioEnabled: boolean;
  private videoEnabled: boolean;
  private videoDeviceId?: string;

  private constructor(
    stream: MediaStream,
    options: MediaOptions,
    private readonly devices: MediaDevices,
  ) {
    super();
    this.stream = stream;
    this.videoDeviceId = options.videoDeviceId;
    this.audioEnabled = !!this.track('audio') && !options.startMuted;
    this.videoEnabled = !!this.track('video');
    const audio = this.track('audio');
    if (audio) audio.enabled = this.audioEnabled;
  }

  /**
   * Opens camera and microphone as asked (keeping the live tracks of `options.stream` of a kind asked for, and
   * stopping its others); throws MediaDeniedError or MediaUnavailableError.
   */
  static async open(options: MediaOptions = {}, devices: MediaDevices = navigator.mediaDevices): Promise<MediaController> {
    const wanted = mediaConstraints(options);
    const stream = new MediaStream();
    for (const track of options.stream?.getTracks() ?? []) {
      const wantedKind = wanted[track.kind as Kind];
      if (track.readyState === 'live' && wantedKind && !stream.getTracks().some((t) => t.kind === track.kind)) {
        stream.addTrack(track);
        // The preview's camera runs at the default size; the call's size need not hold up the call.
        if (track.kind === 'video' && typeof wantedKind === 'object') track.applyConstraints?.(wantedKind).catch(() => undefined);
      } else {
        track.stop();
      }
    }
    const missing: MediaStreamConstraints = {
      audio: stream.getAudioTracks().length === 0 ? wanted.audio : false,
      video: stream.getVideoTracks().length === 0 ? wanted.video : false,
    };
    if (missing.audio || missing.video) {
      try {
        for (const track of (await devices.getUserMedia(missing)).getTracks()) stream.addTrack(track);
      } catch (error) {
        stream.getTracks().forEach((t) => t.stop());
        throw mediaError(error);
      }
    }
    return new MediaController(stream, options, devices);
  }

  get state(): MediaState {
    return { audio: this.audioEnabled, video: this.videoEnabled };
  }

  track(kind: Kind): MediaStreamTrack | null {
    return this.stream.getTracks().find((t) => t.kind === kind) ?? null;
  }

  setMicrophoneEnabled(enabled: boolean): void {
    const audio = this.track('audio');
    if (!audio || this.audioEnabled === enabled) return;
    audio.enabled = enabled;
    this.audioEnabled = enabled;
    this.emit('state-changed', this.state);
  }

  async setCameraEnabled(enabled: boolean): Promise<void> {
    if (this.videoEnabled === enabled) return;
    if (enabled) {
      const track = await this.openTrack('video', this.videoDeviceId);
      this.swap('video', track);
    } else {
      this.swap('video', null);
    }
    this.videoEnabled = enabled;
    this.emit('state-changed', this.state);
  }

  /** Switches to another camera or microphone mid-call; peers swap the track without renegotiating. */
  async switchDevice(kind: Kind, deviceId: string): Promise<void> {
    if (kind === 'video') {
      this.videoDeviceId = deviceId;
      if (!this.videoEnabled) return;
    }
    const track = await this.openTrack(kind, deviceId);
    if (kind === 'audio') track.enabled = this.audioEnabled;
    this.swap(kind, track);
  }

  async listDevices(): Promise<MediaDeviceInfo[]> {
    return (await this.devices.enumerateDevices()).filter((d) => d.kind === 'audioinput' || d.kind === 'videoinput');
  }

  stop(): void {
    for (const track of this.stream.getTracks()) track.stop();
  }

  private async openTrack(kind: Kind, deviceId?: string): Promise<MediaStreamTrack> {
    try {
      const stream = await this.devices.getUserMedia(
        kind === 'audio'
          ? { audio: constraints(MEDIA_DEFAULTS.audio, deviceId) }
          : { video: constraints(MEDIA_DEFAULTS.video, deviceId) },
      );
      return stream.getTracks()[0];
    } catch (error) {
      throw mediaError(error);
    }
  }

  private swap(kind: Kind, track: MediaStreamTrack | null): void {
    const old = this.track(kind);
    if (old) {
      old.stop();
      this.stream.removeTrack(old);
    }
    if (track) this.stream.addTrack(track);
    this.emit('track-changed', { kind, track });
  }
}

function constraints(base: MediaTrackConstraints, deviceId?: string): MediaTrackConstraints {
  return deviceId ? { ...base, deviceId: { exact: deviceId } } : { ...base };
}
