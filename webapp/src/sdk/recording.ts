import { RECORDING_DEFAULTS } from './defaults';
import { Emitter } from './emitter';
import type { PeerMessage } from './peer-messages';
import { StateMachine, type IllegalTransitionError } from './state-machine';

/**
 * Where a consent-based recording stands, the same way on every screen (up to message delays):
 * - `idle`: nobody asked to record, or the last request or recording ended.
 * - `asking`: someone asked; not everyone present has agreed yet. Nothing is recorded.
 * - `recording`: everyone present agreed; the recorder's device records.
 * - `paused`: it was recording, and someone is now present who has not agreed (a late joiner, or someone who
 *   reconnected as a new participant): nothing is recorded until they agree; it stops if they decline.
 */
export enum RecordingState {
  Idle = 'idle',
  Asking = 'asking',
  Recording = 'recording',
  Paused = 'paused',
}

export const RECORDING_TRANSITIONS: { readonly [S in RecordingState]: readonly RecordingState[] } = {
  // Straight to recording when the one who asks is alone in the room.
  [RecordingState.Idle]: [RecordingState.Asking, RecordingState.Recording],
  [RecordingState.Asking]: [RecordingState.Recording, RecordingState.Idle],
  [RecordingState.Recording]: [RecordingState.Paused, RecordingState.Idle],
  [RecordingState.Paused]: [RecordingState.Recording, RecordingState.Idle],
};

/**
 * Why a request or a recording ended: someone declined it or withdrew their consent, the recorder stopped it or
 * left, nobody answered in time, another request made at the same moment took precedence, or we came back to the
 * room as a new participant (`rejoined`).
 */
export type RecordingEndReason = 'declined' | 'stopped' | 'recorder-left' | 'timed-out' | 'superseded' | 'rejoined';

/** A recording as one participant sees it. */
export interface RecordingView {
  state: RecordingState;
  /** Who asked and whose device records; null when idle. */
  recorderId: string | null;
  /** Whether that is us. */
  isRecorder: boolean;
  /** We have not answered this request yet: the app asks the person (`room.answerRecording`). */
  mustAnswer: boolean;
  /** Those present who have not agreed yet (us included until we do). */
  waitingFor: string[];
  /** When it first started recording (ms since the epoch, our clock), null before. */
  startedAt: number | null;
  /**
   * The recorder says it was already recording when we arrived (it is paused for us until we agree). Only for
   * telling the person so: what we show as recording follows our own count of consents.
   */
  joinedRunning: boolean;
}

export interface RecordingEnd {
  reason: RecordingEndReason;
  /** Who declined, withdrew, stopped or left (ours for our own doing); null for a time-out or a superseded request. */
  by: string | null;
  /** Whether it had recorded anything (then the recorder's file is being saved). */
  recorded: boolean;
}

export interface RecordingEventMap {
  /** The view changed (state, who is still asked, …). */
  change: { view: RecordingView };
  /** A request or a recording ended; followed by a `change` to idle. */
  ended: RecordingEnd;
  illegal: IllegalTransitionError;
}

type RecordingMessage = Extract<PeerMessage, { t: 'rec-request' | 'rec-answer' | 'rec-stop' }>;

export interface RecordingConsentOptions {
  selfId: () => string;
  /** The remote participants present now (as signaling announced them). */
  present: () => string[];
  broadcast: (message: PeerMessage) => void;
  newId?: () => string;
  now?: () => number;
  /** Runs `fn` after `ms`; returns a cancel function (default: setTimeout). */
  after?: (ms: number, fn: () => void) => () => void;
  askTimeoutMs?: number;
}

interface Session {
  id: string;
  recorderId: string;
  startedAt: number | null;
  joinedRunning: boolean;
}

/**
 * The consent state machine of a recording, over the peer data channels. Each participant announces only its own
 * answer (`rec-answer`, who sent it comes from the channel it arrived on, so nobody can agree for someone else);
 * only the one who asked (`rec-request`) can stop it with `rec-stop`, and anyone can end it by declining or
 * withdrawing. Each screen derives the state from who is present and who agreed: recording exactly when everyone
 * present agreed to this request. A newly opened connection is greeted with the request (by the recorder) and with
 * each person's own consent, so a late joiner is asked at once and, until it agrees, the recording is paused.
 */
export class RecordingConsent extends Emitter<RecordingEventMap> {
  private session: Session | null = null;
  /** The latest answer of each participant (us included), by request id; answers may overtake their request. */
  private readonly answers = new Map<string, { id: string; yes: boolean }>();
  private readonly machine: StateMachine<RecordingState>;
  private cancelTimeout: (() => void) | null = null;

  constructor(private readonly options: RecordingConsentOptions) {
    super();
    this.machine = new StateMachine({
      name: 'recording',
      initial: RecordingState.Idle,
      transitions: RECORDING_TRANSITIONS,
      onChange: () => undefined,
      onIllegal: (error) => this.emit('illegal', error),
    });
  }

  get state(): RecordingState {
    return this.machine.state;
  }

  get view(): RecordingView {
    const session = this.session;
    const self = this.options.selfId();
    if (!session) {
      return { state: RecordingState.Idle, recorderId: null, isRecorder: false, mustAnswer: false, waitingFor: [], startedAt: null, joinedRunning: false };
    }
    return {
      state: this.machine.state,
      recorderId: session.recorderId,
      isRecorder: session.recorderId === self,
      mustAnswer: !this.answered(self),
      waitingFor: this.waitingFor(),
      startedAt: session.startedAt,
      joinedRunning: session.joinedRunning,
    };
  }

  /** Asks everyone present to agree to a recording on our device. Only when idle. */
  request(): void {
    if (this.session) throw new RangeError(`A recording is already ${this.machine.state}.`);
    const self = this.options.selfId();
    const id = (this.options.newId ?? (() => crypto.randomUUID()))();
    this.session = { id, recorderId: self, startedAt: null, joinedRunning: false };
    this.options.broadcast({ t: 'rec-request', id });
    const cancel = (this.options.after ?? defaultAfter)(this.options.askTimeoutMs ?? RECORDING_DEFAULTS.askTimeoutMs, () => {
      if (this.session?.id === id && this.machine.state === RecordingState.Asking) this.stop('timed-out');
    });
    this.cancelTimeout = cancel;
    this.update();
  }

  /** Our answer to the current request: yes to agree, no to decline, or (while recording) to withdraw consent. */
  answer(yes: boolean): void {
    const session = this.session;
    if (!session) return;
    const self = this.options.selfId();
    if (yes && this.answered(self)) return;
    this.answers.set(self, { id: session.id, yes });
    this.options.broadcast({ t: 'rec-answer', id: session.id, yes });
    if (yes) this.update();
    else this.end({ reason: 'declined', by: self });
  }

  /** The recorder stops (or cancels its request); anyone else withdraws their consent, which stops it too. */
  stop(reason: 'stopped' | 'timed-out' = 'stopped'): void {
    const session = this.session;
    if (!session) return;
    const self = this.options.selfId();
    if (session.recorderId !== self) return this.answer(false);
    this.options.broadcast({ t: 'rec-stop', id: session.id });
    this.end({ reason, by: reason === 'stopped' ? self : null });
  }

  /** A recording message from `from`'s channel, already checked by `parsePeerMessage`. */
  receive(from: string, message: RecordingMessage): void {
    if (!this.options.present().includes(from)) return;
    const session = this.session;
    switch (message.t) {
      case 'rec-request':
        if (session?.id === message.id) return; // a greeting after a rebuilt connection
        if (session && !(session.recorderId === from || this.supersedes(message.id, session))) return;
        if (session) this.end({ reason: 'superseded', by: null });
        this.session = { id: message.id, recorderId: from, startedAt: null, joinedRunning: message.running === true };
        this.update();
        return;
      case 'rec-answer':
        this.answers.set(from, { id: message.id, yes: message.yes });
        if (session?.id !== message.id) return;
        if (message.yes) this.update();
        else this.end({ reason: 'declined', by: from });
        return;
      case 'rec-stop':
        if (session?.id === message.id && session.recorderId === from) this.end({ reason: 'stopped', by: from });
    }
  }

  /** What a newly opened connection should hear from us: the request (if ours) and our consent, if given. */
  greeting(): PeerMessage[] {
    const session = this.session;
    if (!session) return [];
    const self = this.options.selfId();
    const messages: PeerMessage[] = [];
    if (session.recorderId === self) {
      messages.push(session.startedAt === null ? { t: 'rec-request', id: session.id } : { t: 'rec-request', id: session.id, running: true });
    }
    else if (this.answered(self)) messages.push({ t: 'rec-answer', id: session.id, yes: true });
    return messages;
  }

  /** Someone arrived: until they agree, a recording pauses. */
  peerJoined(): void {
    if (this.session) this.update();
  }

  /** Someone left: their answer goes with them; the recording ends if they were the recorder. */
  peerLeft(peerId: string): void {
    this.answers.delete(peerId);
    if (!this.session) return;
    if (this.session.recorderId === peerId) this.end({ reason: 'recorder-left', by: peerId });
    else this.update();
  }

  /**
   * We came back as a new participant (signaling did not keep our seat): the others saw us leave, so what we
   * agreed to or asked for is over, and a recording still running asks us again.
   */
  reset(): void {
    this.answers.clear();
    if (this.session) this.end({ reason: 'rejoined', by: null });
  }

  /** Two requests made at the same moment: the one with the smaller id wins on every screen. */
  private supersedes(id: string, session: Session): boolean {
    return this.machine.state === RecordingState.Asking && id < session.id;
  }

  /** Whether `peerId` agreed to the current request; the one who asked agreed by asking. */
  private answered(peerId: string): boolean {
    if (peerId === this.session?.recorderId) return true;
    const answer = this.answers.get(peerId);
    return answer !== undefined && answer.id === this.session?.id && answer.yes;
  }

  private waitingFor(): string[] {
    return [this.options.selfId(), ...this.options.present()].filter((peerId) => !this.answered(peerId));
  }

  private update(): void {
    const session = this.session;
    if (!session) return;
    let next: RecordingState;
    if (this.waitingFor().length === 0) next = RecordingState.Recording;
    else next = session.startedAt === null ? RecordingState.Asking : RecordingState.Paused;
    if (next === RecordingState.Recording && session.startedAt === null) {
      session.startedAt = (this.options.now ?? Date.now)();
      this.clearTimeout();
    }
    this.machine.to(next);
    this.emit('change', { view: this.view });
  }

  private end({ reason, by }: { reason: RecordingEndReason; by: string | null }): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    this.clearTimeout();
    this.machine.to(RecordingState.Idle);
    this.emit('ended', { reason, by, recorded: session.startedAt !== null });
    this.emit('change', { view: this.view });
  }

  private clearTimeout(): void {
    this.cancelTimeout?.();
    this.cancelTimeout = null;
  }
}

function defaultAfter(ms: number, fn: () => void): () => void {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
}
