import { useEffect, useRef, useState } from 'react';
import type { MediaState, NetworkQuality, PairState } from '../sdk';

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

const QUALITY_TEXT: Record<NetworkQuality, string> = {
  good: 'Connection: good',
  fair: 'Connection: fair; video may be softer',
  poor: 'Connection: poor; sending them lower-quality video',
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
  const label = local ? `${name} (you)` : name || 'Guest';
  const connecting = connection && connection !== 'connected';
  const recovering = connection === 'recovering' || connection === 'failed';
  const verify = async () => {
    if (!onVerify) return;
    try {
      setCode(await onVerify());
    } catch (error) {
      setCode(`Not available yet: ${(error as Error).message}`);
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
      aria-label={`${label}${media.audio ? '' : ', muted'}${media.video ? '' : ', camera off'}${speaking ? ', speaking' : ''}${hand ? `, hand raised (${ordinal(hand)})` : ''}`}
    >
      <video ref={video} autoPlay playsInline muted className={local ? 'mirror' : undefined} hidden={!media.video} />
      {!media.video && (
        <div className="avatar" aria-hidden="true">
          {initials(label)}
        </div>
      )}
      {reaction && (
        <span className="reaction" key={reaction.key} data-testid="reaction" role="img" aria-label={`${label} reacted ${reaction.emoji}`}>
          {reaction.emoji}
        </span>
      )}
      <figcaption>
        {hand !== undefined && (
          <span className="badge hand" data-testid="hand" title={`Hand raised, ${ordinal(hand)} in line`}>
            ✋ {hand}
          </span>
        )}
        {quality && (
          <span className={`badge quality q-${quality}`} data-testid="quality" data-quality={quality} title={QUALITY_TEXT[quality]} aria-label={QUALITY_TEXT[quality]}>
            {quality === 'good' ? '●●●' : quality === 'fair' ? '●●○' : '●○○'}
          </span>
        )}
        <span className="name">{label}</span>
        {!media.audio && (
          <span className="badge" data-testid="mic-off" title="Microphone off">
            muted
          </span>
        )}
        {!media.video && (
          <span className="badge" data-testid="camera-off" title="Camera off">
            camera off
          </span>
        )}
        {connecting && <span className="badge">{recovering ? 'reconnecting…' : 'connecting…'}</span>}
      </figcaption>
      <div className="tile-actions">
        {onVerify && (
          <button type="button" onClick={verify} aria-label={`Verify the connection with ${label}: show the safety code`} title="Compare this code aloud: equal codes mean nobody is listening in between" data-testid="verify">
            Verify
          </button>
        )}
        {onRemove && (
          <button type="button" className="remove" onClick={onRemove} aria-label={`Remove ${label} from the call`} title="Remove from the call">
            Remove
          </button>
        )}
      </div>
      {code !== null && (
        <div className="safety" role="dialog" aria-label={`Safety code with ${label}`} data-testid="safety-panel">
          <p>Read this aloud with {label}. If both of you see the same numbers, nobody sits in the middle of your call.</p>
          <output data-testid="safety-code">{code}</output>
          <button type="button" onClick={() => setCode(null)}>
            Done
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
    <figure className={`tile screen${large ? ' large' : ''}`} data-testid={`screen-${id}`} data-large={large ? 'true' : 'false'} aria-label={`${name}'s screen`}>
      <video ref={video} autoPlay playsInline muted />
      <figcaption>
        <span className="name">{name}'s screen</span>
      </figcaption>
    </figure>
  );
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
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
