import { useEffect, useRef, useState } from 'react';
import { RoomEvent, type Room } from '../sdk';
import { announce } from './Announcer';
import { formatElapsed, t } from './i18n';

const SOUNDS_KEY = 'otter.sounds';
const TOAST_MS = 5000;

export interface Toast {
  id: number;
  text: string;
}

/** Whether join/leave/knock sounds are on (remembered on this device; on unless the person turned them off). */
export function useSoundsSetting(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => readSetting());
  return [
    on,
    (next) => {
      setOn(next);
      try {
        localStorage.setItem(SOUNDS_KEY, next ? 'on' : 'off');
      } catch {
        // Storage may be off (private mode, a sandboxed frame): the choice then lasts for this call only.
      }
    },
  ];
}

function readSetting(): boolean {
  try {
    return localStorage.getItem(SOUNDS_KEY) !== 'off';
  } catch {
    return true;
  }
}

let chimeContext: AudioContext | null = null;

/** A short, quiet two-note chime (rising for arrivals, falling for departures), made on the spot: no audio file. */
function chime(rising: boolean): void {
  if (typeof AudioContext === 'undefined') return;
  chimeContext ??= new AudioContext();
  const context = chimeContext;
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  const start = context.currentTime;
  [rising ? 660 : 880, rising ? 880 : 660].forEach((frequency, i) => {
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + i * 0.12);
    gain.gain.exponentialRampToValueAtTime(0.05, start + i * 0.12 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.12 + 0.2);
    tone.connect(gain).connect(context.destination);
    tone.start(start + i * 0.12);
    tone.stop(start + i * 0.12 + 0.22);
  });
}

/** Short notes of who joined, left or knocks, each gone after a few seconds; a soft sound with each unless turned off. */
export function useToasts(room: Room, sounds: boolean): Toast[] {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const soundsOn = useRef(sounds);
  soundsOn.current = sounds;
  useEffect(() => {
    let next = 0;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const show = (text: string, rising: boolean) => {
      const id = ++next;
      setToasts((all) => [...all.slice(-2), { id, text }]);
      // The toast is the chime's visible caption; the live region says the same to screen-reader users.
      announce(text);
      if (soundsOn.current) chime(rising);
      const timer = setTimeout(() => {
        timers.delete(timer);
        setToasts((all) => all.filter((t) => t.id !== id));
      }, TOAST_MS);
      timers.add(timer);
    };
    const names = new Map(room.participants.map((p) => [p.peerId, p.name || t('common.aGuest')]));
    const offs = [
      room.on(RoomEvent.PeerJoined, ({ peer }) => {
        names.set(peer.peerId, peer.name || t('common.aGuest'));
        show(t('toast.joined', { name: peer.name || t('common.aGuest') }), true);
      }),
      room.on(RoomEvent.PeerLeft, ({ peerId, reason }) => {
        const name = names.get(peerId) ?? t('common.someone');
        names.delete(peerId);
        show(t(reason === 'removed' ? 'toast.removed' : 'toast.left', { name }), false);
      }),
      room.on(RoomEvent.Knock, ({ peer }) => show(t('toast.knock', { name: peer.name || t('common.someone') }), true)),
    ];
    return () => {
      offs.forEach((off) => off());
      timers.forEach(clearTimeout);
    };
  }, [room]);
  return toasts;
}

/** The room's name, how long we have been in the call, the sound switch, and the toasts. */
export function CallHeader({ room, toasts, sounds, onSounds }: { room: Room; toasts: Toast[]; sounds: boolean; onSounds: (on: boolean) => void }) {
  const [since] = useState(() => Date.now());
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <header className="call-header">
      <h1 className="room-name" data-testid="room-name">
        {room.details?.name || t('header.call')}
      </h1>
      <time className="call-timer" data-testid="call-timer" aria-label={t('header.timer')}>
        {formatElapsed(now - since)}
      </time>
      <button type="button" className="sounds" aria-pressed={sounds} onClick={() => onSounds(!sounds)} title={t('header.soundsTitle')} data-testid="toggle-sounds">
        {t(sounds ? 'header.soundsOn' : 'header.soundsOff')}
      </button>
      <ul className="toasts" data-testid="toasts">
        {toasts.map((t) => (
          <li key={t.id} data-testid="toast">
            {t.text}
          </li>
        ))}
      </ul>
    </header>
  );
}
