import { CHAT_DEFAULTS, PEER_MESSAGE_LIMITS as LIMITS, REACTIONS, type Reaction } from './defaults';
import type { FileMeta } from './events';
import type { MediaState, SignalData } from './protocol';

/**
 * Everything another peer sends us, and the one place that checks it. A peer is untrusted input: its messages
 * reach us over the control data channel, over a file's data channel, and inside `signal.data` (which the
 * server relays without looking). Each parser checks every field's type, range and length and returns a fresh
 * object holding only the known fields; anything else is refused with a reason, which the Room reports as a
 * non-fatal `error` event (`PeerMessageDroppedError`). Kept apart from protocol.ts, the server's protocol.
 */
export type PeerMessage =
  /** A chat line. Who sent it comes from the channel it arrived on and its name from signaling, never from here. */
  | { t: 'chat'; id: string; text: string; sentAt: number }
  | ({ t: 'file-offer'; id: string } & FileMeta)
  | { t: 'file-accept'; id: string }
  | { t: 'file-decline'; id: string }
  | { t: 'file-cancel'; id: string }
  /** The receiver's verdict after checking the digest. */
  | { t: 'file-done'; id: string; ok: boolean }
  /** A host asks the receiver to mute; the receiver honours it only if signaling says the sender is a host. */
  | { t: 'mute-request'; id: string }
  /** The sender's own hand went up (`at`: when) or down. */
  | { t: 'hand'; raised: boolean; at: number }
  /** A host lowers someone's hand; honoured only if signaling says the sender is a host. */
  | { t: 'hand-lower'; peerId: string }
  /** One of `REACTIONS`, shown briefly on the sender's tile. */
  | { t: 'reaction'; emoji: Reaction }
  /**
   * The sender asks everyone to agree to a recording on its device (recording.ts); `id` names this request.
   * `running`: it is already recording (told to a newcomer, for whom it is paused until they agree).
   */
  | { t: 'rec-request'; id: string; running?: true }
  /**
   * The sender's own answer to request `id` (agree, decline, or withdraw while recording). It carries no peer id:
   * whose answer it is comes from the channel it arrived on, so nobody can agree for someone else.
   */
  | { t: 'rec-answer'; id: string; yes: boolean }
  /** The one who asked stops its recording (honoured only from the channel of the request's sender). */
  | { t: 'rec-stop'; id: string };

/** The control messages of a file transfer (file-transfer.ts handles them). */
export type FileControlMessage = Extract<PeerMessage, { t: `file-${string}` }>;

/** The last message on a file channel, after the chunks. */
export interface FileEndMessage {
  t: 'end';
  chunks: number;
  digest: string;
}

/** Sent in-band by a sender that cancels, just before it closes the file channel. */
export interface FileCancelMessage {
  t: 'cancel';
}

export type FileChannelMessage = FileEndMessage | FileCancelMessage;

/** A parse result: the checked value, or why it was refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Where a refused peer message came from. */
export type PeerMessageSource = 'control' | 'file' | 'signal';

/** Reported (as a non-fatal `error` event) for each peer message that was dropped; the call goes on. */
export class PeerMessageDroppedError extends Error {
  override readonly name = 'PeerMessageDroppedError';
  constructor(
    readonly source: PeerMessageSource,
    /** What did not fit, e.g. `chat.sentAt: not a time`; never the message's content. */
    readonly detail: string,
  ) {
    super(`Dropped a ${source} message from a peer: ${detail}`);
  }
}

/** Thrown inside the parsers and turned into `{ ok: false }`; never escapes this module. */
class Refused extends Error {}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Refused(`${what}: not an object`);
  return value as Json;
}

function string(value: unknown, what: string, min: number, max: number): string {
  if (typeof value !== 'string') throw new Refused(`${what}: not a string`);
  if (value.length < min || value.length > max) throw new Refused(`${what}: length ${value.length} outside ${min}–${max}`);
  return value;
}

function optionalString(value: unknown, what: string, max: number): string | null | undefined {
  return value === undefined || value === null ? value : string(value, what, 0, max);
}

function boolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new Refused(`${what}: not a boolean`);
  return value;
}

function integer(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new Refused(`${what}: not an integer`);
  if (value < min || value > max) throw new Refused(`${what}: outside ${min}–${max}`);
  return value;
}

const ID = /^[A-Za-z0-9_-]+$/;

function id(value: unknown, what: string): string {
  const text = string(value, what, 1, LIMITS.maxIdLength);
  if (!ID.test(text)) throw new Refused(`${what}: not an id`);
  return text;
}

function check<T>(read: () => T): Checked<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    throw error;
  }
}

function json(raw: unknown, maxLength: number): unknown {
  if (typeof raw !== 'string') throw new Refused('not text');
  if (raw.length > maxLength) throw new Refused(`frame of ${raw.length} characters over ${maxLength}`);
  try {
    return JSON.parse(raw);
  } catch {
    throw new Refused('not JSON');
  }
}

function time(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > LIMITS.maxSentAt) {
    throw new Refused(`${what}: not a time`);
  }
  return value;
}

const REACTION_SET: ReadonlySet<unknown> = new Set(REACTIONS);

function chatMessage(m: Json): PeerMessage {
  const text = string(m.text, 'chat.text', 1, CHAT_DEFAULTS.maxTextLength);
  if (!text.trim()) throw new Refused('chat.text: blank');
  return { t: 'chat', id: id(m.id, 'chat.id'), text, sentAt: time(m.sentAt, 'chat.sentAt') };
}

/** A control-channel frame (chat, file control, mute request, hands, reactions, recording consent). */
export function parsePeerMessage(raw: unknown): Checked<PeerMessage> {
  return check(() => {
    const m = object(json(raw, LIMITS.maxControlFrameLength), 'message');
    switch (m.t) {
      case 'chat':
        return chatMessage(m);
      case 'file-offer':
        return {
          t: 'file-offer',
          id: id(m.id, 'file-offer.id'),
          name: string(m.name, 'file-offer.name', 1, LIMITS.maxFileNameLength),
          size: integer(m.size, 'file-offer.size', 0, Number.MAX_SAFE_INTEGER),
          type: string(m.type, 'file-offer.type', 0, LIMITS.maxFileTypeLength),
        };
      case 'file-accept':
      case 'file-decline':
      case 'file-cancel':
      case 'mute-request':
      case 'rec-stop':
        return { t: m.t, id: id(m.id, `${m.t}.id`) };
      case 'rec-request': {
        const request = { t: 'rec-request' as const, id: id(m.id, 'rec-request.id') };
        if (m.running === undefined) return request;
        if (m.running !== true) throw new Refused('rec-request.running: not true');
        return { ...request, running: true as const };
      }
      case 'rec-answer':
        return { t: 'rec-answer', id: id(m.id, 'rec-answer.id'), yes: boolean(m.yes, 'rec-answer.yes') };
      case 'file-done':
        return { t: 'file-done', id: id(m.id, 'file-done.id'), ok: boolean(m.ok, 'file-done.ok') };
      case 'hand':
        return { t: 'hand', raised: boolean(m.raised, 'hand.raised'), at: time(m.at, 'hand.at') };
      case 'hand-lower':
        return { t: 'hand-lower', peerId: id(m.peerId, 'hand-lower.peerId') };
      case 'reaction':
        if (!REACTION_SET.has(m.emoji)) throw new Refused('reaction.emoji: not one of the reactions');
        return { t: 'reaction', emoji: m.emoji as Reaction };
      default:
        throw new Refused(typeof m.t === 'string' ? `unknown kind ${JSON.stringify(m.t.slice(0, 32))}` : 'no kind');
    }
  });
}

/** A text frame on a file channel: the end marker or an in-band cancel. */
export function parseFileChannelMessage(raw: unknown): Checked<FileChannelMessage> {
  return check(() => {
    const m = object(json(raw, 1024), 'file message');
    if (m.t === 'cancel') return { t: 'cancel' };
    if (m.t !== 'end') throw new Refused('file message: unknown kind');
    const digest = string(m.digest, 'end.digest', 64, 64);
    if (!/^[0-9a-f]{64}$/.test(digest)) throw new Refused('end.digest: not a SHA-256 in hex');
    return { t: 'end', chunks: integer(m.chunks, 'end.chunks', 0, Number.MAX_SAFE_INTEGER), digest };
  });
}

const SDP_TYPES: ReadonlySet<unknown> = new Set(['offer', 'answer', 'pranswer', 'rollback']);

function mediaState(value: unknown): MediaState {
  const state = object(value, 'state');
  return { audio: boolean(state.audio, 'state.audio'), video: boolean(state.video, 'state.video') };
}

function description(value: unknown): RTCSessionDescriptionInit {
  const d = object(value, 'description');
  if (!SDP_TYPES.has(d.type)) throw new Refused('description.type: not an SDP type');
  const sdp = optionalString(d.sdp, 'description.sdp', LIMITS.maxSdpLength);
  return sdp == null ? { type: d.type as RTCSdpType } : { type: d.type as RTCSdpType, sdp };
}

function candidate(value: unknown): RTCIceCandidateInit {
  const c = object(value, 'candidate');
  const result: RTCIceCandidateInit = { candidate: string(c.candidate, 'candidate.candidate', 0, LIMITS.maxCandidateLength) };
  const sdpMid = optionalString(c.sdpMid, 'candidate.sdpMid', LIMITS.maxTokenLength);
  if (sdpMid !== undefined) result.sdpMid = sdpMid;
  if (c.sdpMLineIndex !== undefined) {
    result.sdpMLineIndex = c.sdpMLineIndex === null ? null : integer(c.sdpMLineIndex, 'candidate.sdpMLineIndex', 0, 65535);
  }
  const ufrag = optionalString(c.usernameFragment, 'candidate.usernameFragment', LIMITS.maxTokenLength);
  if (ufrag !== undefined) result.usernameFragment = ufrag;
  return result;
}

/** `signal.data` as another peer sent it (relayed unread by the server). */
export function parseSignalData(raw: unknown): Checked<SignalData> {
  return check(() => {
    const d = object(raw, 'data');
    const data: SignalData = {};
    if (d.description !== undefined) data.description = description(d.description);
    if (d.candidate !== undefined) data.candidate = candidate(d.candidate);
    if (d.state !== undefined) data.state = mediaState(d.state);
    if (d.screen !== undefined) data.screen = d.screen === null ? null : string(d.screen, 'screen', 1, LIMITS.maxTokenLength);
    if (d.gen !== undefined) data.gen = integer(d.gen, 'gen', 0, LIMITS.maxGeneration);
    if (d.iceRestart !== undefined) {
      if (d.iceRestart !== true) throw new Refused('iceRestart: not true');
      data.iceRestart = true;
    }
    return data;
  });
}

/**
 * The control data channel with one peer: queues messages until the channel opens, then sends them in order,
 * and hands each incoming message that passes `parsePeerMessage` to `onMessage`, each other one to `onDropped`.
 */
export class ControlChannel {
  private readonly queue: string[] = [];

  constructor(
    private readonly channel: RTCDataChannel,
    onMessage: (message: PeerMessage) => void,
    onDropped: (error: PeerMessageDroppedError) => void = () => undefined,
  ) {
    channel.addEventListener('open', () => {
      for (const raw of this.queue.splice(0)) channel.send(raw);
    });
    channel.addEventListener('message', (event) => {
      const checked = parsePeerMessage((event as MessageEvent).data);
      if (checked.ok) onMessage(checked.value);
      else onDropped(new PeerMessageDroppedError('control', checked.reason));
    });
  }

  send(message: PeerMessage): void {
    const raw = JSON.stringify(message);
    if (this.channel.readyState === 'open') this.channel.send(raw);
    else if (this.channel.readyState === 'connecting') this.queue.push(raw);
  }
}
