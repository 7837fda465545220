import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { PictureInPicture2 } from 'lucide-react';
import type { Room } from '../sdk';
import { ControlButton } from './ControlButton';
import { t } from './i18n';
import { choosePipSubject } from './pip-subject';
import { VideoTile } from './VideoTile';


/** Chromium's Document Picture-in-Picture (not in TypeScript's DOM types yet). */
interface DocumentPictureInPicture {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
}

/**
 * Which picture-in-picture this browser offers: `document`, a small window we fill with our own page (Chromium);
 * `video`, one video element floated by the browser (Safari, older Chromium); or none (Firefox offers no API for it,
 * only its own button on videos), and then the PiP control is not shown.
 */
export enum PipKind {
  Document = 'document',
  Video = 'video',
}

function availablePipKind(): PipKind | null {
  if (typeof window === 'undefined') return null;
  if ('documentPictureInPicture' in window) return PipKind.Document;
  if (document.pictureInPictureEnabled && 'requestPictureInPicture' in HTMLVideoElement.prototype) return PipKind.Video;
  return null;
}

const PIP_KIND = availablePipKind();

type OpenPip = { kind: PipKind.Document; window: Window; container: HTMLElement } | { kind: PipKind.Video };

/** The More-menu control that shows the call in picture-in-picture; nothing where the browser has no API for it. */
export function PipButton({ room, onError }: { room: Room; onError: (message: string) => void }) {
  return PIP_KIND ? <PipControl room={room} kind={PIP_KIND} onError={onError} /> : null;
}

function PipControl({ room, kind, onError }: { room: Room; kind: PipKind; onError: (message: string) => void }) {
  const [open, setOpen] = useState<OpenPip | null>(null);
  const shown = useRef<string | null>(null);
  const source = useRef<HTMLVideoElement>(null);

  const subjectId = choosePipSubject({
    activeSpeaker: room.activeSpeaker,
    previous: shown.current,
    localPeerId: room.localPeerId,
    others: room.participants.map((p) => ({ peerId: p.peerId, hasVideo: p.media.video && !!p.stream?.getVideoTracks().length })),
  });
  useEffect(() => {
    shown.current = subjectId;
  });
  const other = room.participants.find((p) => p.peerId === subjectId);
  const subject = other
    ? { name: other.name || t('common.guest'), stream: other.stream, media: other.media, local: false }
    : { name: room.name || t('common.you'), stream: room.selfView, media: room.media.state, local: true };

  // The video kind floats one hidden element of ours; it always carries the current subject, so it is ready to float
  // at the click (the browser asks for loaded video then) and follows the active speaker while floating.
  useEffect(() => {
    if (source.current && source.current.srcObject !== subject.stream) source.current.srcObject = subject.stream;
  }, [subject.stream]);

  // Closed by the person (the window's own close button, or the browser's) → back to closed here; closed with the
  // call when this control goes away.
  useEffect(() => {
    if (!open) return;
    if (open.kind === PipKind.Document) {
      const closed = () => setOpen(null);
      open.window.addEventListener('pagehide', closed, { once: true });
      return () => {
        open.window.removeEventListener('pagehide', closed);
        open.window.close();
      };
    }
    const video = source.current;
    const left = () => setOpen(null);
    video?.addEventListener('leavepictureinpicture', left, { once: true });
    return () => {
      video?.removeEventListener('leavepictureinpicture', left);
      if (video && document.pictureInPictureElement === video) document.exitPictureInPicture().catch(() => undefined);
    };
  }, [open]);

  const start = async () => {
    if (kind === PipKind.Document) {
      const api = (window as unknown as { documentPictureInPicture: DocumentPictureInPicture }).documentPictureInPicture;
      const pipWindow = await api.requestWindow({ width: 360, height: 270 });
      // The small window starts empty: it gets our stylesheets (same origin, so the page's CSP allows them) and a root.
      for (const sheet of document.querySelectorAll('link[rel="stylesheet"]')) pipWindow.document.head.append(sheet.cloneNode(true));
      pipWindow.document.title = document.title;
      const container = pipWindow.document.createElement('div');
      container.className = 'pip-root';
      pipWindow.document.body.append(container);
      setOpen({ kind, window: pipWindow, container });
    } else {
      await source.current!.requestPictureInPicture();
      setOpen({ kind });
    }
  };
  const toggle = () => {
    if (open) {
      setOpen(null);
      return;
    }
    start().catch((e: Error) => onError(`Picture-in-picture did not open: ${e.message}`));
  };

  return (
    <>
      <ControlButton
        icon={PictureInPicture2}
        label={open ? t('pip.closeLabel') : t('pip.openLabel')}
        name={open ? t('pip.closeName') : t('pip.openName')}
        title={open ? t('pip.closeTitle') : t('pip.openTitle')}
        pressed={!!open}
        onClick={toggle}
        testId="toggle-pip"
      />
      {kind === PipKind.Video && <video ref={source} className="pip-source" autoPlay playsInline muted aria-hidden="true" data-testid="pip-video" data-peer-id={subjectId} />}
      {open?.kind === PipKind.Document &&
        createPortal(
          <div className="pip-view" data-testid="pip-view" data-peer-id={subjectId}>
            {/* A new element per person: one whose stream was swapped in the small window was seen to stop presenting frames. */}
            <VideoTile key={subjectId} id={subjectId} name={subject.name} stream={subject.stream} media={subject.media} local={subject.local} />
          </div>,
          open.container,
        )}
    </>
  );
}
