import { useEffect, useRef } from 'react';
import type { MediaState } from '../sdk';

export interface VideoTileProps {
  id: string;
  name: string;
  stream: MediaStream | null;
  media: MediaState;
  local?: boolean;
  connection?: RTCPeerConnectionState;
  /** Host only: removes this participant. */
  onRemove?: () => void;
}

/** One person: their video (or initials when the camera is off), name, and microphone/camera state. */
export function VideoTile({ id, name, stream, media, local, connection, onRemove }: VideoTileProps) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (video.current && video.current.srcObject !== stream) video.current.srcObject = stream;
  }, [stream]);
  const label = local ? `${name} (you)` : name || 'Guest';
  const connecting = connection && connection !== 'connected';
  return (
    <figure
      className="tile"
      data-testid={local ? 'tile-local' : `tile-${id}`}
      data-peer-id={id}
      data-mic={media.audio ? 'on' : 'off'}
      data-camera={media.video ? 'on' : 'off'}
      aria-label={`${label}${media.audio ? '' : ', muted'}${media.video ? '' : ', camera off'}`}
    >
      <video ref={video} autoPlay playsInline muted={local} className={local ? 'mirror' : undefined} hidden={!media.video} />
      {!media.video && (
        <div className="avatar" aria-hidden="true">
          {initials(label)}
        </div>
      )}
      <figcaption>
        <span className="name">{label}</span>
        {!media.audio && (
          <span className="badge" data-testid="mic-off">
            muted
          </span>
        )}
        {!media.video && (
          <span className="badge" data-testid="camera-off">
            camera off
          </span>
        )}
        {connecting && <span className="badge">{connection === 'failed' ? 'reconnecting…' : 'connecting…'}</span>}
      </figcaption>
      {onRemove && (
        <button type="button" className="remove" onClick={onRemove} aria-label={`Remove ${label} from the call`}>
          Remove
        </button>
      )}
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
