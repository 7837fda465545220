import { describe, expect, it } from 'vitest';
import { watchDevices, type DeviceLost } from './device-watch';

/** A track with a device and an `ended` event (node has no MediaStreamTrack). */
class FakeTrack extends EventTarget {
  constructor(
    readonly kind: 'audio' | 'video',
    readonly deviceId: string,
    readonly label: string,
  ) {
    super();
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
}

/** The media controller's device side: its current tracks, and switchDevice opening the default (first listed) one. */
class FakeMedia {
  readonly switched: [string, string][] = [];
  private listeners: (() => void)[] = [];
  constructor(
    private tracks: Record<'audio' | 'video', FakeTrack | null>,
    private readonly devices: FakeDevices,
  ) {}
  track(kind: 'audio' | 'video') {
    return this.tracks[kind] as unknown as MediaStreamTrack | null;
  }
  async switchDevice(kind: 'audio' | 'video', deviceId: string) {
    this.switched.push([kind, deviceId]);
    const first = this.devices.list.find((d) => d.kind === `${kind}input`)!;
    this.tracks[kind] = new FakeTrack(kind, first.deviceId, first.label);
    this.listeners.forEach((l) => l());
  }
  on(_event: 'track-changed', listener: () => void) {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }
}

class FakeDevices extends EventTarget {
  constructor(public list: Pick<MediaDeviceInfo, 'kind' | 'deviceId' | 'label'>[]) {
    super();
  }
  async enumerateDevices() {
    return this.list as MediaDeviceInfo[];
  }
  unplug(deviceId: string) {
    this.list = this.list.filter((d) => d.deviceId !== deviceId);
    this.dispatchEvent(new Event('devicechange'));
  }
}

const ALL = [
  { kind: 'audioinput', deviceId: 'default', label: 'Default microphone' },
  { kind: 'audioinput', deviceId: 'usb-mic', label: 'USB microphone' },
  { kind: 'videoinput', deviceId: 'built-in', label: 'Built-in camera' },
  { kind: 'videoinput', deviceId: 'usb-cam', label: 'USB camera' },
  { kind: 'audiooutput', deviceId: 'default', label: 'Speakers' },
  { kind: 'audiooutput', deviceId: 'headset', label: 'Headset' },
] as const;

function setup({ speaker }: { speaker?: string } = {}) {
  const devices = new FakeDevices([...ALL]);
  const media = new FakeMedia({ audio: new FakeTrack('audio', 'usb-mic', 'USB microphone'), video: new FakeTrack('video', 'usb-cam', 'USB camera') }, devices);
  const lost: DeviceLost[] = [];
  let notify: () => void = () => undefined;
  const noticed = () => new Promise<void>((resolve) => (notify = resolve));
  const stop = watchDevices({
    media: media as never,
    devices,
    speakerId: () => speaker,
    onLost: (l) => {
      lost.push(l);
      notify();
    },
  });
  return { devices, media, lost, noticed, stop };
}

describe('watchDevices', () => {
  it('switches an unplugged camera to the default one and says which camera went', async () => {
    const { devices, media, lost, noticed } = setup();

    const seen = noticed();
    devices.unplug('usb-cam');
    await seen;

    expect(media.switched).toEqual([['video', '']]);
    expect(lost).toEqual([{ kind: 'video', label: 'USB camera' }]);
    expect(media.track('video')?.getSettings().deviceId).toBe('built-in');
  });

  it('checks again when a microphone track ends, and falls back if its device is gone', async () => {
    const { devices, media, lost, noticed } = setup();
    devices.list = devices.list.filter((d) => d.deviceId !== 'usb-mic');

    const seen = noticed();
    (media.track('audio') as unknown as FakeTrack).dispatchEvent(new Event('ended'));
    await seen;

    expect(media.switched).toEqual([['audio', '']]);
    expect(lost).toEqual([{ kind: 'audio', label: 'USB microphone' }]);
  });

  it('leaves devices that are still there alone', async () => {
    const { devices, media, lost, noticed } = setup({ speaker: 'headset' });

    devices.unplug('built-in');
    const seen = noticed();
    devices.unplug('headset');
    await seen;

    expect(media.switched).toEqual([]);
    expect(lost).toEqual([{ kind: 'speaker', label: '' }]);
  });

  it('stops listening once stopped', async () => {
    const { devices, media, stop } = setup();

    stop();
    devices.unplug('usb-cam');
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(media.switched).toEqual([]);
  });
});
