import { useEffect, useState } from 'react';
import { Settings2 } from 'lucide-react';
import { watchDevices, type DeviceLost } from '../sdk/device-watch';
import type { Room } from '../sdk/room';
import { ControlButton } from './ControlButton';
import { usePopover } from './dismiss';
import { rememberDevice } from './device-memory';
import { t, type MessageKey } from './i18n';
import { describeError } from './messages';

const CAN_PICK_SPEAKER = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
const LOST_WORDS: Record<DeviceLost['kind'], MessageKey> = { audio: 'devices.lost.audio', video: 'devices.lost.video', speaker: 'devices.lost.speaker' };

/** The call's devices: the list, the speaker in use, a notice when one disappeared, and switching. */
export interface CallDevices {
  list: MediaDeviceInfo[];
  speakerId: string;
  notice: string;
  dismiss: () => void;
  error: string;
  switchTo: (kind: 'audioinput' | 'videoinput' | 'audiooutput', deviceId: string) => Promise<void>;
}

/**
 * Device switching in the call: lists devices (again on `devicechange`), switches camera and microphone through
 * the SDK (peers get the new track without renegotiating) and the speaker by state, remembers each choice, and
 * falls back to the default device with a notice when the one in use disappears (watchDevices).
 */
export function useCallDevices(room: Room, initialSpeakerId: string | undefined): CallDevices {
  const [list, setList] = useState<MediaDeviceInfo[]>([]);
  const [speakerId, setSpeakerId] = useState(initialSpeakerId ?? '');
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const [, setTrackVersion] = useState(0);

  // The pickers show the device of the current track: render again when a track is replaced.
  useEffect(() => room.media.on('track-changed', () => setTrackVersion((n) => n + 1)), [room]);

  useEffect(() => {
    const devices = navigator.mediaDevices;
    if (!devices?.enumerateDevices) return;
    const refresh = () => void devices.enumerateDevices().then(setList, () => undefined);
    refresh();
    devices.addEventListener('devicechange', refresh);
    return () => devices.removeEventListener('devicechange', refresh);
  }, []);

  useEffect(() => {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    let current = speakerId;
    const stop = watchDevices({
      media: room.media,
      speakerId: () => current || undefined,
      onLost: ({ kind, label }) => {
        if (kind === 'speaker') {
          current = '';
          setSpeakerId('');
        }
        setNotice(t(LOST_WORDS[kind], { label: label ? t('devices.lostLabel', { label }) : '' }));
      },
      onError: (e) => setError(describeError(e)),
    });
    return stop;
  }, [room, speakerId]);

  const switchTo = async (kind: 'audioinput' | 'videoinput' | 'audiooutput', deviceId: string) => {
    setError('');
    try {
      if (kind === 'audiooutput') setSpeakerId(deviceId);
      else await room.media.switchDevice(kind === 'audioinput' ? 'audio' : 'video', deviceId);
      rememberDevice(kind, deviceId);
    } catch (e) {
      setError(describeError(e));
    }
  };

  return { list, speakerId, notice, dismiss: () => setNotice(''), error, switchTo };
}

/** The Devices button of the call controls, and its menu of camera, microphone and speaker. */
export function DeviceMenu({ room, devices }: { room: Room; devices: CallDevices }) {
  const { open, toggle, button, popover } = usePopover();
  const inUse = (kind: 'audio' | 'video') => room.media.track(kind)?.getSettings().deviceId ?? '';
  const picker = (kind: 'audioinput' | 'videoinput' | 'audiooutput', label: string, value: string, testId: string) => {
    const options = devices.list.filter((d) => d.kind === kind && d.deviceId);
    if (options.length === 0) return null;
    return (
      <label className="field">
        {label}
        <select value={options.some((d) => d.deviceId === value) ? value : ''} onChange={(e) => void devices.switchTo(kind, e.target.value)} data-testid={testId}>
          {!options.some((d) => d.deviceId === 'default') && <option value="">{t('common.default')}</option>}
          {options.map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || t('common.numberedDevice', { device: label, number: i + 1 })}
            </option>
          ))}
        </select>
      </label>
    );
  };
  return (
    <div className="device-menu">
      <ControlButton
        icon={Settings2}
        label={t('controls.devices')}
        name={t('controls.devicesName')}
        title={t('controls.devicesTitle')}
        expanded={open}
        onClick={toggle}
        testId="toggle-devices"
        ref={button}
      />
      {open && (
        <div ref={popover} className="device-popover" role="group" aria-label={t('controls.devices')} data-testid="devices">
          {picker('videoinput', t('common.camera'), inUse('video'), 'call-camera')}
          {picker('audioinput', t('common.microphone'), inUse('audio'), 'call-mic')}
          {CAN_PICK_SPEAKER && picker('audiooutput', t('common.speaker'), devices.speakerId || 'default', 'call-speaker')}
          {devices.error && (
            <p className="hint" role="alert">
              {devices.error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
