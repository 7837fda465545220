/**
 * The signaling protocol of docs/signaling.md as TypeScript types. `protocol.test.ts` parses that document
 * and fails when an action, type, field or error code here and there differ.
 */
import type { Credentials } from './room-api';
import type { SignalEnvelope } from './signal-crypto';

export type Role = 'host' | 'guest';

export interface PeerInfo {
  peerId: string;
  name: string;
  role: Role;
}

export interface RoomInfo {
  roomId: string;
  maxParticipants: number;
  relayOnly: boolean;
  expiresAt: string;
  /** A host stopped the shared guest link (`lock`): new guests are refused until a host reopens it. */
  guestLinkStopped?: boolean;
  /** The developer locked the room (`PATCH /rooms/{id}`): nobody new gets a seat. */
  locked?: boolean;
  /** Guests wait in a lobby until a host admits them. */
  lobby?: boolean;
}

/**
 * What a peer tells another inside the sealed `signal.data` (signal-crypto.ts): the server relays only the envelope
 * and cannot read these, the SDK's own fields. `state` tells the other side whether our microphone and camera are on.
 */
export interface SignalData {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
  state?: MediaState;
  /**
   * The id of the MediaStream our screen share is sent in (null once it stopped). Sent before the track is
   * added, so the receiver can tell the screen from the camera when the track arrives.
   */
  screen?: string | null;
  /**
   * The generation of the sender's RTCPeerConnection for this pair (absent: 0). A pair rebuilt after a failed
   * negotiation counts up; a receiver that sees a higher one rebuilds its side too, and drops signals of an
   * older one (they belong to a closed connection).
   */
  gen?: number;
  /** The polite side asks the impolite side to restart ICE: only the impolite side ever starts one. */
  iceRestart?: true;
}

export interface MediaState {
  audio: boolean;
  video: boolean;
}

// Client → server

export interface JoinMessage {
  action: 'join';
  name: string;
}
export interface SignalMessage {
  action: 'signal';
  to: string;
  /** SignalData sealed for `to`; the server requires a JSON object and relays it unread. */
  data: SignalEnvelope;
}
export interface PingMessage {
  action: 'ping';
}
export interface RemoveMessage {
  action: 'remove';
  peerId: string;
}
/** Leaves for good; a socket that closes without it keeps its seat for a resume (see docs/signaling.md). */
export interface LeaveMessage {
  action: 'leave';
}
/** Host only: ends the room for everyone, like DELETE /rooms/{id}. */
export interface EndMessage {
  action: 'end';
}
/** Host only: stops the shared guest link (new guests are refused; hosts and resuming guests get in). */
export interface LockMessage {
  action: 'lock';
}
/** Host only: lets the shared guest link work again. */
export interface UnlockMessage {
  action: 'unlock';
}
/** Host only: lets a guest waiting in the lobby in. */
export interface AdmitMessage {
  action: 'admit';
  peerId: string;
}
/** Host only: turns a waiting guest away. */
export interface DenyMessage {
  action: 'deny';
  peerId: string;
}
export type ClientMessage =
  | JoinMessage
  | SignalMessage
  | PingMessage
  | RemoveMessage
  | LeaveMessage
  | EndMessage
  | LockMessage
  | UnlockMessage
  | AdmitMessage
  | DenyMessage;
export type ClientAction = ClientMessage['action'];

// Server → client

export interface JoinedMessage {
  type: 'joined';
  peerId: string;
  role: Role;
  resumeToken: string;
  resumed: boolean;
  room: RoomInfo;
  peers: PeerInfo[];
  /** For a host: guests waiting in the lobby; always empty for a guest. */
  waiting: PeerInfo[];
  /**
   * This seat's TURN credentials, as `GET /credentials` would give them now, so the first connections start without
   * that request; absent when the server could not issue them (then the SDK asks `GET /credentials`).
   */
  credentials?: Credentials;
}
export interface PeerJoinedMessage {
  type: 'peer-joined';
  peer: PeerInfo;
}
export type PeerLeftReason = 'left' | 'removed' | 'gone';
export interface PeerLeftMessage {
  type: 'peer-left';
  peerId: string;
  reason: PeerLeftReason;
}
export interface SignalRelayMessage {
  type: 'signal';
  from: string;
  /** What `from` sent, as relayed: untrusted until it opens as an envelope sealed for us (sealed-signals.ts). */
  data: unknown;
}
export interface PongMessage {
  type: 'pong';
}
export interface RemovedMessage {
  type: 'removed';
}
export interface RoomEndedMessage {
  type: 'room-ended';
}
export interface LobbyWaitingMessage {
  type: 'lobby-waiting';
  resumeToken: string;
}
export interface KnockMessage {
  type: 'knock';
  peer: PeerInfo;
}
export interface KnockResolvedMessage {
  type: 'knock-resolved';
  peerId: string;
  admitted: boolean;
}
export interface LobbyDeniedMessage {
  type: 'lobby-denied';
}
/** To joined hosts: a host stopped the guest link. */
export interface LockedMessage {
  type: 'locked';
}
/** To joined hosts: a host reopened the guest link. */
export interface UnlockedMessage {
  type: 'unlocked';
}
/** To everyone joined: the developer changed the room (lock, lobby, capacity, expiry). */
export interface RoomUpdatedMessage {
  type: 'room-updated';
  room: RoomInfo;
}
export type ServerErrorCode =
  | 'invalid-message'
  | 'unknown-action'
  | 'message-too-large'
  | 'peer-not-found'
  | 'forbidden'
  | 'room-ended'
  | 'not-in-room'
  | 'rate-limited'
  // the first `join` of a standby connection could not take a seat
  | 'room-full'
  | 'room-locked'
  | 'guest-link-stopped'
  | 'removed'
  | 'denied'
  | 'link-used'
  | 'link-revoked'
  | 'busy'
  | 'internal-error';
export interface ErrorMessage {
  type: 'error';
  code: ServerErrorCode;
  message: string;
}
export type ServerMessage =
  | JoinedMessage
  | PeerJoinedMessage
  | PeerLeftMessage
  | SignalRelayMessage
  | PongMessage
  | RemovedMessage
  | RoomEndedMessage
  | LobbyWaitingMessage
  | KnockMessage
  | KnockResolvedMessage
  | LobbyDeniedMessage
  | LockedMessage
  | UnlockedMessage
  | RoomUpdatedMessage
  | ErrorMessage;
export type ServerType = ServerMessage['type'];

type FieldsOf<M, D extends string> = readonly Exclude<keyof M, D>[];

/** Top-level fields of every client message, besides `action`; checked against the document. */
export const CLIENT_FIELDS = {
  join: ['name'],
  signal: ['to', 'data'],
  ping: [],
  remove: ['peerId'],
  leave: [],
  end: [],
  lock: [],
  unlock: [],
  admit: ['peerId'],
  deny: ['peerId'],
} as const satisfies { [A in ClientAction]: FieldsOf<Extract<ClientMessage, { action: A }>, 'action'> };

/** Top-level fields of every server message, besides `type`; checked against the document. */
export const SERVER_FIELDS = {
  joined: ['peerId', 'role', 'resumeToken', 'resumed', 'room', 'peers', 'waiting', 'credentials'],
  'peer-joined': ['peer'],
  'peer-left': ['peerId', 'reason'],
  signal: ['from', 'data'],
  pong: [],
  removed: [],
  'room-ended': [],
  'lobby-waiting': ['resumeToken'],
  knock: ['peer'],
  'knock-resolved': ['peerId', 'admitted'],
  'lobby-denied': [],
  locked: [],
  unlocked: [],
  'room-updated': ['room'],
  error: ['code', 'message'],
} as const satisfies { [T in ServerType]: FieldsOf<Extract<ServerMessage, { type: T }>, 'type'> };

export const SERVER_ERROR_CODES: readonly ServerErrorCode[] = [
  'invalid-message',
  'unknown-action',
  'message-too-large',
  'peer-not-found',
  'forbidden',
  'room-ended',
  'not-in-room',
  'rate-limited',
  'room-full',
  'room-locked',
  'guest-link-stopped',
  'removed',
  'denied',
  'link-used',
  'link-revoked',
  'busy',
  'internal-error',
];

export const PEER_LEFT_REASONS: readonly PeerLeftReason[] = ['left', 'removed', 'gone'];

const SERVER_TYPES = new Set(Object.keys(SERVER_FIELDS));

/** Parses one frame from the server; anything that is not an object with a known `type` gives null. */
export function parseServerMessage(raw: string): ServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && SERVER_TYPES.has(type) ? (value as ServerMessage) : null;
}
