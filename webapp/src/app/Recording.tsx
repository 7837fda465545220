import { useEffect, useRef, useState } from 'react';
import { CircleDot } from 'lucide-react';
import { RecordingState, RoomEvent, type RecordingEnd, type RecordingView, type Room } from '../sdk';
import { announce } from './Announcer';
import { ControlButton } from './ControlButton';
import { list, t } from './i18n';

/** How a recording ended, in words (RecordingEnd: who ended it, and whether anything had been recorded). */
function endedText(end: RecordingEnd, name: string): string {
  switch (end.reason) {
    case 'declined':
      return t(end.recorded ? 'rec.endedWithdrew' : 'rec.endedDeclined', { name });
    case 'stopped':
      return t(end.recorded ? 'rec.endedStopped' : 'rec.endedCancelled', { name });
    case 'recorder-left':
      return t('rec.endedRecorderLeft', { name });
    case 'timed-out':
      return t('rec.endedTimedOut');
    case 'superseded':
      return t('rec.endedSuperseded');
    default:
      return t('rec.endedRejoined');
  }
}

/** Where the recording stands on this screen, kept up to date; and the last way one ended, until dismissed. */
export function useRecording(room: Room): { view: RecordingView; ended: string; dismiss: () => void } {
  useSaveRecordings(room);
  const [view, setView] = useState(() => room.recording);
  const [ended, setEnded] = useState('');
  useEffect(() => {
    const nameOf = (peerId: string | null) =>
      peerId === room.localPeerId ? t('common.you') : room.participants.find((p) => p.peerId === peerId)?.name || t('common.aGuest');
    let last = room.recording.state;
    const offs = [
      room.on(RoomEvent.RecordingChanged, ({ recording }) => {
        setView(recording);
        // Screen readers hear the moments that matter to everyone: recording starts, pauses, goes on.
        if (recording.state !== last && (recording.state === RecordingState.Recording || recording.state === RecordingState.Paused)) {
          announce(
            recording.state === RecordingState.Paused
              ? t('rec.announcePaused')
              : recording.isRecorder
                ? t('rec.announceRecordingYou')
                : t('rec.announceRecording', { name: nameOf(recording.recorderId) }),
          );
        }
        last = recording.state;
      }),
      room.on(RoomEvent.RecordingEnded, (end) => {
        const text = endedText(end, nameOf(end.by));
        setEnded(text);
        announce(text);
      }),
      room.on(RoomEvent.RecordingSaved, ({ file }) => {
        const saved = t('rec.saved', { file: saveRecording(room, file) });
        setEnded((why) => (why ? `${why} ${saved}` : saved));
      }),
    ];
    // A change between this screen's first render and now had no listener yet: read where it stands.
    setView(room.recording);
    return () => offs.forEach((off) => off());
  }, [room]);
  return { view, ended, dismiss: () => setEnded('') };
}

/** Rooms whose recordings are already being saved (a render in strict mode would subscribe twice). */
const saving = new WeakSet<Room>();

/**
 * Saves each recording the room finishes as a download on this device. Subscribed for the room's whole life, not
 * the call screen's: leaving the call stops a recording, whose last piece is written after this screen is gone.
 */
export function useSaveRecordings(room: Room): void {
  useEffect(() => {
    if (saving.has(room)) return;
    saving.add(room);
    room.on(RoomEvent.RecordingSaved, ({ file }) => saveRecording(room, file));
  }, [room]);
}

const fileNames = new WeakMap<Blob, string>();

/** Downloads the file once (the browser saves it on this device); returns its name. */
function saveRecording(room: Room, file: Blob): string {
  const known = fileNames.get(file);
  if (known) return known;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const name = `otter-${(room.details?.name || 'call').replace(/[^\w-]+/g, '-').slice(0, 40)}-${stamp}.webm`;
  fileNames.set(file, name);
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; the object URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** The toolbar's Record button: asks to record; while a request or recording runs, cancels, stops or withdraws. */
export function RecordButton({ room, view, onError }: { room: Room; view: RecordingView; onError: (message: string) => void }) {
  const active = view.state !== RecordingState.Idle;
  const mine = view.isRecorder;
  const [label, name] = !active
    ? [t('rec.record'), t('rec.recordName')]
    : mine && view.state === RecordingState.Asking
      ? [t('rec.cancel'), t('rec.cancelName')]
      : mine
        ? [t('rec.stop'), t('rec.stopName')]
        : view.mustAnswer
          ? [t('rec.declineButton'), t('rec.declineName')]
          : [t('rec.withdraw'), t('rec.withdrawName')];
  const onClick = () => {
    try {
      if (active) room.stopRecording();
      else room.requestRecording();
    } catch (error) {
      onError((error as Error).message);
    }
  };
  return (
    <ControlButton
      icon={CircleDot}
      label={label}
      name={name}
      title={active ? name : t('rec.recordTitle')}
      pressed={active}
      onClick={onClick}
      danger={active}
      testId="toggle-recording"
    />
  );
}

/** The consent dialog, the recording indicator (on every screen while it runs), and how the last one ended. */
export function RecordingNotices({ room, view, ended, onDismiss }: { room: Room; view: RecordingView; ended: string; onDismiss: () => void }) {
  const nameOf = (peerId: string | null) =>
    peerId === room.localPeerId ? t('common.you') : room.participants.find((p) => p.peerId === peerId)?.name || t('common.aGuest');
  const recorder = nameOf(view.recorderId);
  const others = list(view.waitingFor.filter((p) => p !== room.localPeerId).map(nameOf));
  const running = view.state === RecordingState.Recording || view.state === RecordingState.Paused;
  return (
    <>
      {running && (
        <div className="banner recording-indicator" role="status" data-testid="recording-indicator" data-state={view.state}>
          <span className="recording-dot" aria-hidden="true" />
          <b>{view.state === RecordingState.Recording ? t('rec.recording') : t('rec.paused', { names: others || t('common.you') })}</b>{' '}
          {view.state === RecordingState.Recording && (view.isRecorder ? t('rec.byYou') : t('rec.by', { name: recorder }))}{' '}
          <button type="button" onClick={() => room.stopRecording()} data-testid="recording-stop" title={view.isRecorder ? t('rec.stopName') : t('rec.withdrawName')}>
            {view.isRecorder ? t('rec.stop') : t('rec.withdraw')}
          </button>
        </div>
      )}
      {view.state === RecordingState.Asking && !view.mustAnswer && (
        <div className="banner info" role="status" data-testid="recording-asking">
          {t('rec.asking', { names: others })}{' '}
          <button type="button" onClick={() => room.stopRecording()} data-testid="recording-cancel">
            {view.isRecorder ? t('rec.cancel') : t('rec.withdraw')}
          </button>
        </div>
      )}
      {view.mustAnswer && <ConsentDialog room={room} recorder={recorder} paused={view.joinedRunning || view.state === RecordingState.Paused} />}
      {ended && (
        <div className="banner info" role="status" data-testid="recording-ended">
          {ended}{' '}
          <button type="button" onClick={onDismiss}>
            {t('common.ok')}
          </button>
        </div>
      )}
    </>
  );
}

/** Asks this person whether they agree to be recorded; takes the focus so nobody misses it. */
function ConsentDialog({ room, recorder, paused }: { room: Room; recorder: string; paused: boolean }) {
  const decline = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Declining is the safe default for a stray Enter.
    decline.current?.focus();
  }, []);
  return (
    <div className="consent-dialog" role="alertdialog" aria-modal="false" aria-labelledby="recording-consent-title" aria-describedby="recording-consent-text" data-testid="recording-consent">
      <h2 id="recording-consent-title">{t('rec.dialogTitle')}</h2>
      <p id="recording-consent-text">{paused ? t('rec.recordingNow', { name: recorder }) : t('rec.asks', { name: recorder })}</p>
      <div className="consent-actions">
        <button type="button" className="primary" onClick={() => room.answerRecording(true)} data-testid="consent-yes">
          {t('rec.agree')}
        </button>
        <button type="button" ref={decline} onClick={() => room.answerRecording(false)} data-testid="consent-no">
          {t('rec.decline')}
        </button>
      </div>
    </div>
  );
}
