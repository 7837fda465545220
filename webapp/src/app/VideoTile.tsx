import { useEffect, useRef, useState } from 'react';
import type { MediaState, NetworkQuality, PairState } from '../sdk';
import { ordinal, t, type MessageKey } from './i18n';

export interface VideoTileProps {
  id: string;
  name: string;
  stream: MediaStream | null;
  media: MediaState;
  local?: boolean;
  /** Where our connection with this participant stands (remote tiles only). */
  connection?: PairState;
  quality?: NetworkQuality;
  speaking?: boolean;
  /** Their place in the raised-hand queue (1 = first), when their hand is up. */
  hand?: number;
  /** Their latest reaction, while it shows; `key` changes with each new one so it animates again. */
  reaction?: { emoji: string; key: number };
  /** Host only: removes this participant. */
  onRemove?: () => void;
  /** Computes the safety code of the connection with this participant. */
  onVerify?: () => Promise<string>;
}

const QUALITY_TEXT: Record<NetworkQuality, MessageKey> = {
  good: 'tile.quality.good',
  fair: 'tile.quality.fair',
  poor: 'tile.quality.poor',
};

/**
 * One person: their video (or initials when the camera is off), name, microphone/camera state and connection. The
 * video is always muted: their sound plays through RemoteAudio, which stays in the page when the camera is off.
 */
export function VideoTile({ id, name, stream, media, local, connection, quality, speaking, hand, reaction, onRemove, onVerify }: VideoTileProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [code, setCode] = useState<string | null>(null);
  useEffect(() => {
    if (video.current && video.current.srcObject !== stream) video.current.srcObject = stream;
  }, [stream]);
  const label = local ? t('common.nameYou', { name }) : name || t('common.guest');
  const connecting = connection && connection !== 'connected';
  const recovering = connection === 'recovering' || connection === 'failed';
  const verify = async () => {
    if (!onVerify) return;
    try {
      setCode(await onVerify());
    } catch (error) {
      setCode(t('tile.safetyUnavailable', { detail: (error as Error).message }));
    }
  };
  return (
    <figure
      className={`tile${speaking ? ' speaking' : ''}`}
      data-testid={local ? 'tile-local' : `tile-${id}`}
      data-pair-state={connection}
      data-peer-id={id}
      data-mic={media.audio ? 'on' : 'off'}
      data-camera={media.video ? 'on' : 'off'}
      data-speaking={speaking ? 'true' : 'false'}
      data-hand={hand ?? ''}
      aria-label={[
        label,
        !media.audio && t('tile.muted'),
        !media.video && t('tile.cameraOff'),
        speaking && t('tile.speaking'),
        hand && t('tile.handRaised', { place: ordinal(hand) }),
      ]
        .filter(Boolean)
        .join(', ')}
    >
      <video ref={video} autoPlay playsInline muted className={local ? 'mirror' : undefined} hidden={!media.video} />
      {!media.video && (
        <div className="avatar" aria-hidden="true">
          {initials(label)}
        </div>
      )}
      {reaction && (
        <span className="reaction" key={reaction.key} data-testid="reaction" role="img" aria-label={t('tile.reacted', { name: label, emoji: reaction.emoji })}>
          {reaction.emoji}
        </span>
      )}
      <figcaption>
        {hand !== undefined && (
          <span className="badge hand" data-testid="hand" title={t('tile.handTitle', { place: ordinal(hand) })}>
            ✋ {hand}
          </span>
        )}
        {quality && (
          <span className={`badge quality q-${quality}`} data-testid="quality" data-quality={quality} title={t(QUALITY_TEXT[quality])} aria-label={t(QUALITY_TEXT[quality])}>
            {quality === 'good' ? '●●●' : quality === 'fair' ? '●●○' : '●○○'}
          </span>
        )}
        <span className="name">{label}</span>
        {!media.audio && (
          <span className="badge" data-testid="mic-off" title={t('tile.micOffTitle')}>
            {t('tile.muted')}
          </span>
        )}
        {!media.video && (
          <span className="badge" data-testid="camera-off" title={t('tile.cameraOffTitle')}>
            {t('tile.cameraOff')}
          </span>
        )}
        {connecting && <span className="badge">{t(recovering ? 'tile.reconnecting' : 'tile.connecting')}</span>}
      </figcaption>
      <div className="tile-actions">
        {onVerify && (
          <button type="button" onClick={verify} aria-label={t('tile.verifyName', { name: label })} title={t('tile.verifyTitle')} data-testid="verify">
            {t('tile.verify')}
          </button>
        )}
        {onRemove && (
          <button type="button" className="remove" onClick={onRemove} aria-label={t('tile.removeName', { name: label })} title={t('common.removeFromCall')}>
            {t('common.remove')}
          </button>
        )}
      </div>
      {code !== null && (
        <div className="safety" role="dialog" aria-label={t('tile.safety', { name: label })} data-testid="safety-panel">
          <p>{t('tile.safetyText', { name: label })}</p>
          <output data-testid="safety-code">{code}</output>
          <button type="button" onClick={() => setCode(null)}>
            {t('tile.done')}
          </button>
        </div>
      )}
    </figure>
  );
}

/** A shared screen. */
export function ScreenTile({ id, name, stream, large }: { id: string; name: string; stream: MediaStream; large?: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (video.current && video.current.srcObject !== stream) video.current.srcObject = stream;
  }, [stream]);
  return (
    <figure className={`tile screen${large ? ' large' : ''}`} data-testid={`screen-${id}`} data-large={large ? 'true' : 'false'} aria-label={t('tile.screen', { name })}>
      <video ref={video} autoPlay playsInline muted />
      <figcaption>
        <span className="name">{t('tile.screen', { name })}</span>
      </figcaption>
    </figure>
  );
}

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('') || '?'
  );
}
