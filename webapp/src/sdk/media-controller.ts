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
 * MEDIA_DEFAULTS.video with `applyConstraints` once its first connection is up (MediaController.raiseToCallSize).
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
  /** Mute or camera state changed (by the person, or by the browser: see `interruptions`); peers must be told. */
  'state-changed': MediaState;
}

type Kind = 'audio' | 'video';

/**
 * Why a device the person left on is not sending: the browser or the system `ended` its capture (a camera
 * unplugged, iOS on a phone call, Siri or backgrounding) or `muted` it (Safari's own capture controls, an
 * interruption it will lift by itself with `unmute`).
 */
export type Interruption = 'ended' | 'muted';

/** True where the page is not hidden (no document, as in tests, counts as visible). */
function pageVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

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
  /** What the person chose: a device interrupted by the browser stays chosen and is reacquired. */
  private audioEnabled: boolean;
  private videoEnabled: boolean;
  private videoDeviceId?: string;
  private audioDeviceId?: string;
  private readonly interrupted: Partial<Record<Kind, Interruption>> = {};
  /** Kinds whose device is being switched: the old track ending meanwhile is part of the switch (iOS). */
  private readonly switching = new Set<Kind>();
  private reacquiring: Promise<void> | null = null;
  /** The call's camera constraints, still to apply to a camera taken over from the preview; null once applied. */
  private pendingCallSize: MediaTrackConstraints | null = null;

  private constructor(
    stream: MediaStream,
    options: MediaOptions,
    private readonly devices: MediaDevices,
  ) {
    super();
    this.stream = stream;
    this.videoDeviceId = options.videoDeviceId;
    this.audioDeviceId = options.audioDeviceId;
    this.audioEnabled = !!this.track('audio') && !options.startMuted;
    this.videoEnabled = !!this.track('video');
    const audio = this.track('audio');
    if (audio) audio.enabled = this.audioEnabled;
    for (const track of stream.getTracks()) this.watch(track);
  }

  /**
   * Opens camera and microphone as asked (keeping the live tracks of `options.stream` of a kind asked for, and
   * stopping its others); throws MediaDeniedError or MediaUnavailableError.
   */
  static async open(options: MediaOptions = {}, devices: MediaDevices = navigator.mediaDevices): Promise<MediaController> {
    const wanted = mediaConstraints(options);
    const stream = new MediaStream();
    let pendingCallSize: MediaTrackConstraints | null = null;
    for (const track of options.stream?.getTracks() ?? []) {
      const wantedKind = wanted[track.kind as Kind];
      if (track.readyState === 'live' && wantedKind && !stream.getTracks().some((t) => t.kind === track.kind)) {
        stream.addTrack(track);
        if (track.kind === 'video' && typeof wantedKind === 'object') pendingCallSize = wantedKind;
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
    const controller = new MediaController(stream, options, devices);
    controller.pendingCallSize = pendingCallSize;
    return controller;
  }

  /**
   * Raises a camera taken over from the preview, which runs at the browser's default size, to the call's size. The
   * Room calls it once its first connection is up: a real camera restarts to change its size, and a VP8 encoder that
   * starts at 720p on WebRTC's low start bitrate drops its first frames until it has scaled down; either, at the
   * start of the call, delays the first frame the other side decodes (docs/performance.md). A camera opened by the
   * call itself is already at the call's size.
   */
  raiseToCallSize(): void {
    const size = this.pendingCallSize;
    this.pendingCallSize = null;
    const video = this.track('video');
    if (size && video?.readyState === 'live') video.applyConstraints?.(size).catch(() => undefined);
  }

  /** What the others get: a device that is on and not interrupted. */
  get state(): MediaState {
    return { audio: this.audioEnabled && !this.interrupted.audio, video: this.videoEnabled && !this.interrupted.video };
  }

  /** Devices the person left on that the browser ended or muted (see Interruption); empty when all is well. */
  get interruptions(): Partial<Record<Kind, Interruption>> {
    return { ...this.interrupted };
  }

  track(kind: Kind): MediaStreamTrack | null {
    return this.stream.getTracks().find((t) => t.kind === kind) ?? null;
  }

  setMicrophoneEnabled(enabled: boolean): void {
    const audio = this.track('audio');
    if (!audio && this.interrupted.audio === 'ended') {
      // The browser ended the microphone: turning it on asks for it again.
      this.audioEnabled = enabled;
      this.emit('state-changed', this.state);
      if (enabled) void this.reacquire();
      return;
    }
    if (!audio || this.audioEnabled === enabled) return;
    audio.enabled = enabled;
    this.audioEnabled = enabled;
    this.emit('state-changed', this.state);
  }

  async setCameraEnabled(enabled: boolean): Promise<void> {
    if (this.videoEnabled === enabled && this.interrupted.video !== 'ended') return;
    if (enabled) {
      const track = await this.openTrack('video', this.videoDeviceId);
      delete this.interrupted.video;
      this.swap('video', track);
    } else {
      delete this.interrupted.video;
      this.swap('video', null);
    }
    this.videoEnabled = enabled;
    this.emit('state-changed', this.state);
  }

  /**
   * Switches to another camera or microphone mid-call; peers swap the track without renegotiating. If the new
   * device cannot be opened, the error is thrown and the old device stays chosen; on iOS opening the new one may
   * already have ended the old one, which then counts as ended by the browser (and is reacquired).
   */
  async switchDevice(kind: Kind, deviceId: string): Promise<void> {
    const previousId = kind === 'video' ? this.videoDeviceId : this.audioDeviceId;
    if (kind === 'video') {
      this.videoDeviceId = deviceId;
      if (!this.videoEnabled) return;
    } else {
      this.audioDeviceId = deviceId;
    }
    const old = this.track(kind);
    let track: MediaStreamTrack;
    this.switching.add(kind);
    try {
      track = await this.openTrack(kind, deviceId);
    } catch (error) {
      if (kind === 'video') this.videoDeviceId = previousId;
      else this.audioDeviceId = previousId;
      this.switching.delete(kind);
      if (old && old.readyState === 'ended') this.onEnded(old);
      throw error;
    }
    this.switching.delete(kind);
    if (kind === 'audio') track.enabled = this.audioEnabled;
    delete this.interrupted[kind];
    this.swap(kind, track);
    this.emit('state-changed', this.state);
  }

  /**
   * Opens again each device the browser ended while the person had it on (call when the page is visible again:
   * iOS lets only a visible page capture). The chosen device first, then any; one that stays unavailable stays
   * interrupted until the next call.
   */
  reacquire(): Promise<void> {
    this.reacquiring ??= (async () => {
      for (const kind of ['audio', 'video'] as const) {
        const wanted = kind === 'audio' ? this.audioEnabled : this.videoEnabled;
        if (this.interrupted[kind] !== 'ended' || !wanted) continue;
        const deviceId = kind === 'audio' ? this.audioDeviceId : this.videoDeviceId;
        const track = await this.openTrack(kind, deviceId).catch(() => (deviceId ? this.openTrack(kind).catch(() => null) : null));
        if (!track || this.interrupted[kind] !== 'ended' || this.track(kind)) {
          track?.stop();
          continue;
        }
        if (kind === 'audio') track.enabled = this.audioEnabled;
        delete this.interrupted[kind];
        this.swap(kind, track);
        this.emit('state-changed', this.state);
      }
    })().finally(() => {
      this.reacquiring = null;
    });
    return this.reacquiring;
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
    if (kind === 'video') this.pendingCallSize = null; // a camera the call opens comes at the call's size
    const old = this.track(kind);
    if (old) {
      old.stop();
      this.stream.removeTrack(old);
    }
    if (track) {
      this.stream.addTrack(track);
      this.watch(track);
    }
    this.emit('track-changed', { kind, track });
  }

  /** Follows what the browser does to a capture track: `ended` for good, `mute`/`unmute` for a while. */
  private watch(track: MediaStreamTrack): void {
    track.addEventListener('ended', () => this.onEnded(track));
    track.addEventListener('mute', () => this.onMuted(track, true));
    track.addEventListener('unmute', () => this.onMuted(track, false));
    if (track.muted) this.onMuted(track, true);
  }

  /** The browser ended a capture (our own `stop()` fires no `ended`): the others see it off until it is back. */
  private onEnded(track: MediaStreamTrack): void {
    const kind = track.kind as Kind;
    if (this.track(kind) !== track || this.switching.has(kind)) return;
    this.stream.removeTrack(track);
    this.interrupted[kind] = 'ended';
    this.emit('track-changed', { kind, track: null });
    this.emit('state-changed', this.state);
    if (pageVisible()) void this.reacquire();
  }

  private onMuted(track: MediaStreamTrack, muted: boolean): void {
    const kind = track.kind as Kind;
    if (this.track(kind) !== track || this.interrupted[kind] === 'ended') return;
    if (muted === (this.interrupted[kind] === 'muted')) return;
    if (muted) this.interrupted[kind] = 'muted';
    else delete this.interrupted[kind];
    this.emit('state-changed', this.state);
  }
}

function constraints(base: MediaTrackConstraints, deviceId?: string): MediaTrackConstraints {
  return deviceId ? { ...base, deviceId: { exact: deviceId } } : { ...base };
}
