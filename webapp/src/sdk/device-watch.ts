import type { MediaController } from './media-controller';

/** A device of the call that went away, and what took its place. */
export interface DeviceLost {
  /** `speaker` is an `audiooutput` chosen with `setSinkId`. */
  kind: 'audio' | 'video' | 'speaker';
  /** The lost device's label, as the browser named it (may be empty). */
  label: string;
}

export interface DeviceWatchOptions {
  media: Pick<MediaController, 'track' | 'switchDevice' | 'on'>;
  devices?: Pick<MediaDevices, 'enumerateDevices' | 'addEventListener' | 'removeEventListener'>;
  /** The `audiooutput` device in use, if one was chosen; its loss is reported, and the caller plays to the default. */
  speakerId?: () => string | undefined;
  /** Called after a lost camera or microphone was replaced by the default one (or for a lost speaker). */
  onLost: (lost: DeviceLost) => void;
  /** Called when even the default device could not be opened. */
  onError?: (error: unknown) => void;
}

const INPUT_OF = { audio: 'audioinput', video: 'videoinput' } as const;

/**
 * Falls back to the default device when the camera, microphone or speaker in use disappears (unplugged,
 * disabled, taken by the system): on `devicechange`, and when a camera or microphone track ends, the devices are
 * listed again, and a kind whose device is no longer listed switches to the default one (`switchDevice` without a
 * deviceId, so peers get the new track without renegotiating). Returns a function that stops watching.
 */
export function watchDevices({ media, devices = navigator.mediaDevices, speakerId, onLost, onError }: DeviceWatchOptions): () => void {
  let stopped = false;
  let checking: Promise<void> | null = null;
  let again = false;
  const reportedSpeaker = new Set<string>();

  const check = async () => {
    const listed = await devices.enumerateDevices();
    for (const kind of ['audio', 'video'] as const) {
      const track = media.track(kind);
      const deviceId = track?.getSettings().deviceId;
      if (!track || !deviceId || listed.some((d) => d.kind === INPUT_OF[kind] && d.deviceId === deviceId)) continue;
      if (stopped) return;
      try {
        await media.switchDevice(kind, '');
        onLost({ kind, label: track.label });
      } catch (error) {
        onError?.(error);
      }
    }
    const speaker = speakerId?.();
    if (speaker && !reportedSpeaker.has(speaker) && !listed.some((d) => d.kind === 'audiooutput' && d.deviceId === speaker)) {
      reportedSpeaker.add(speaker);
      onLost({ kind: 'speaker', label: listed.find((d) => d.deviceId === speaker)?.label ?? '' });
    }
  };
  // One check at a time; a change during one runs one more check after it.
  const recheck = () => {
    if (stopped) return;
    if (checking) {
      again = true;
      return;
    }
    checking = check()
      .catch((error) => onError?.(error))
      .finally(() => {
        checking = null;
        if (again) {
          again = false;
          recheck();
        }
      });
  };

  const watched = new Set<MediaStreamTrack>();
  const watchEnded = () => {
    for (const kind of ['audio', 'video'] as const) {
      const track = media.track(kind);
      if (track && !watched.has(track)) {
        watched.add(track);
        track.addEventListener('ended', recheck);
      }
    }
  };
  watchEnded();
  const offTrack = media.on('track-changed', watchEnded);
  devices.addEventListener('devicechange', recheck);
  return () => {
    stopped = true;
    offTrack();
    devices.removeEventListener('devicechange', recheck);
    for (const track of watched) track.removeEventListener('ended', recheck);
  };
}
