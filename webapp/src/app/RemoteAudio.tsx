import { useEffect, useRef, useState } from 'react';
import { RoomEvent, type Room } from '../sdk';
import { t } from './i18n';

type SinkElement = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/**
 * Everyone's voice, each through an `<audio>` element that is always in the page, whatever their camera does: the
 * video tiles are muted and hidden with the camera off, and WebKit does not autoplay a hidden element's sound.
 * `play()` is called whenever it may have stopped (a new stream or track, the page visible again); when the browser
 * refuses sound until the person interacts (`NotAllowedError`), a prompt asks for one tap.
 */
export function RemoteAudio({ room, speakerId }: { room: Room; speakerId?: string }) {
  const elements = useRef(new Map<string, SinkElement>());
  const [blocked, setBlocked] = useState(false);
  const [speakerFailed, setSpeakerFailed] = useState(false);
  const participants = room.participants;

  const play = (element: SinkElement) => {
    if (!element.srcObject) return;
    element.play().then(
      () => undefined,
      (error: { name?: string }) => {
        // An AbortError only means a newer play() or srcObject took over.
        if (error?.name === 'NotAllowedError') setBlocked(true);
      },
    );
  };
  const playAll = () => elements.current.forEach(play);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') playAll();
    };
    document.addEventListener('visibilitychange', onVisible);
    const off = room.on(RoomEvent.Track, ({ peerId }) => {
      const element = elements.current.get(peerId);
      if (element) play(element);
    });
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      off();
    };
  }, [room]);

  const attach = (peerId: string, stream: MediaStream | null) => (element: SinkElement | null) => {
    if (!element) {
      elements.current.delete(peerId);
      return;
    }
    elements.current.set(peerId, element);
    if (element.srcObject === stream) return;
    element.srcObject = stream;
    if (speakerId && element.setSinkId) {
      // A refused speaker (unplugged, or no permission) leaves the element on the default one.
      element.setSinkId(speakerId).catch(() => setSpeakerFailed(true));
    }
    play(element);
  };

  const turnOnSound = () => {
    setBlocked(false);
    playAll();
  };

  return (
    <>
      {participants.map((p) => (
        <audio key={p.peerId} ref={attach(p.peerId, p.stream)} autoPlay data-testid={`audio-${p.peerId}`} />
      ))}
      {blocked && (
        <div className="banner info sound-prompt" role="alert">
          {t('sound.blocked')}{' '}
          <button type="button" className="primary" onClick={turnOnSound} data-testid="sound-prompt">
            {t('sound.turnOn')}
          </button>
        </div>
      )}
      {speakerFailed && (
        <div className="banner" role="status" data-testid="speaker-failed">
          {t('sound.speakerFailed')}
        </div>
      )}
    </>
  );
}
