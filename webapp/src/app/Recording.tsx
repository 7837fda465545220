import { useEffect, useRef, useState } from 'react';
import { CircleDot } from 'lucide-react';
import { RecordingState, RoomEvent, type RecordingEnd, type RecordingView, type Room } from '../sdk';
import { ControlButton } from './ControlButton';

const TEXT = {
  record: 'Record',
  recordName: 'Record the call (everyone is asked first)',
  recordTitle: 'Record the call on this device; it starts only when everyone agrees',
  stop: 'Stop recording',
  stopName: 'Stop the recording',
  cancel: 'Cancel recording',
  cancelName: 'Cancel your request to record',
  declineButton: 'Decline recording',
  declineName: 'Decline the recording',
  withdraw: 'Stop recording',
  withdrawName: 'Withdraw your consent, which stops the recording',
  dialogTitle: 'Record this call?',
  asks: (name: string) =>
    `${name} asks to record this call. The recording (everyone's video in a grid, and all sound) is saved on ${name}'s device only and never uploaded. It starts only when everyone here agrees, and anyone can stop it at any time.`,
  recordingNow: (name: string) =>
    `${name} is recording this call (everyone's video in a grid, and all sound), on their device only. It is paused and records nothing of you until you agree; if you decline, it stops.`,
  agree: 'Agree',
  decline: 'Decline',
  recording: 'Recording',
  byYou: 'you are recording this call, on this device',
  by: (name: string) => `by ${name}`,
  paused: (names: string) => `Recording paused: waiting for ${names} to agree`,
  asking: (names: string) => `Asked to record; waiting for ${names} to agree. Nothing is recorded yet.`,
  ended: (end: RecordingEnd, name: string) =>
    end.reason === 'declined'
      ? `${name} ${end.recorded ? 'withdrew consent: the recording stopped' : 'declined the recording'}.`
      : end.reason === 'stopped'
        ? `${name} ${end.recorded ? 'stopped the recording' : 'cancelled the request to record'}.`
        : end.reason === 'recorder-left'
          ? `${name} left: the recording stopped.`
          : end.reason === 'timed-out'
            ? 'Not everyone agreed in time: nothing was recorded.'
            : end.reason === 'superseded'
              ? 'Someone else asked to record at the same moment; their request goes ahead.'
              : 'You rejoined the call: the recording was stopped.',
  saved: (fileName: string) => `Recording saved on this device as ${fileName}.`,
  ok: 'OK',
  you: 'You',
  guest: 'A guest',
} as const;

/** Where the recording stands on this screen, kept up to date; and the last way one ended, until dismissed. */
export function useRecording(room: Room): { view: RecordingView; ended: string; dismiss: () => void } {
  useSaveRecordings(room);
  const [view, setView] = useState(() => room.recording);
  const [ended, setEnded] = useState('');
  useEffect(() => {
    const nameOf = (peerId: string | null) =>
      peerId === room.localPeerId ? TEXT.you : room.participants.find((p) => p.peerId === peerId)?.name || TEXT.guest;
    const offs = [
      room.on(RoomEvent.RecordingChanged, ({ recording }) => setView(recording)),
      room.on(RoomEvent.RecordingEnded, (end) => setEnded(TEXT.ended(end, nameOf(end.by)))),
      room.on(RoomEvent.RecordingSaved, ({ file }) => {
        const saved = TEXT.saved(saveRecording(room, file));
        setEnded((why) => (why ? `${why} ${saved}` : saved));
      }),
    ];
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
    ? [TEXT.record, TEXT.recordName]
    : mine && view.state === RecordingState.Asking
      ? [TEXT.cancel, TEXT.cancelName]
      : mine
        ? [TEXT.stop, TEXT.stopName]
        : view.mustAnswer
          ? [TEXT.declineButton, TEXT.declineName]
          : [TEXT.withdraw, TEXT.withdrawName];
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
      title={active ? name : TEXT.recordTitle}
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
    peerId === room.localPeerId ? TEXT.you : room.participants.find((p) => p.peerId === peerId)?.name || TEXT.guest;
  const recorder = nameOf(view.recorderId);
  const others = view.waitingFor.filter((p) => p !== room.localPeerId).map(nameOf).join(', ');
  const running = view.state === RecordingState.Recording || view.state === RecordingState.Paused;
  return (
    <>
      {running && (
        <div className="banner recording-indicator" role="status" data-testid="recording-indicator" data-state={view.state}>
          <span className="recording-dot" aria-hidden="true" />
          <b>{view.state === RecordingState.Recording ? TEXT.recording : TEXT.paused(others || TEXT.you)}</b>{' '}
          {view.state === RecordingState.Recording && (view.isRecorder ? TEXT.byYou : TEXT.by(recorder))}{' '}
          <button type="button" onClick={() => room.stopRecording()} data-testid="recording-stop" title={view.isRecorder ? TEXT.stopName : TEXT.withdrawName}>
            {view.isRecorder ? TEXT.stop : TEXT.withdraw}
          </button>
        </div>
      )}
      {view.state === RecordingState.Asking && !view.mustAnswer && (
        <div className="banner info" role="status" data-testid="recording-asking">
          {TEXT.asking(others)}{' '}
          <button type="button" onClick={() => room.stopRecording()} data-testid="recording-cancel">
            {view.isRecorder ? TEXT.cancel : TEXT.withdraw}
          </button>
        </div>
      )}
      {view.mustAnswer && <ConsentDialog room={room} recorder={recorder} paused={view.joinedRunning || view.state === RecordingState.Paused} />}
      {ended && (
        <div className="banner info" role="status" data-testid="recording-ended">
          {ended}{' '}
          <button type="button" onClick={onDismiss}>
            {TEXT.ok}
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
      <h2 id="recording-consent-title">{TEXT.dialogTitle}</h2>
      <p id="recording-consent-text">{paused ? TEXT.recordingNow(recorder) : TEXT.asks(recorder)}</p>
      <div className="consent-actions">
        <button type="button" className="primary" onClick={() => room.answerRecording(true)} data-testid="consent-yes">
          {TEXT.agree}
        </button>
        <button type="button" ref={decline} onClick={() => room.answerRecording(false)} data-testid="consent-no">
          {TEXT.decline}
        </button>
      </div>
    </div>
  );
}
