import type { Reaction } from './defaults';
import type { OtterError } from './errors';
import type { RaisedHand } from './hands';
import type { RecordingEnd, RecordingView } from './recording';
import type { NetworkQuality } from './network-quality';
import type { PairState } from './peer-session';
import type { MediaState, PeerInfo, PeerLeftReason, Role, RoomInfo } from './protocol';
import type { SignalRejection } from './signal-crypto';
import type { SignalingState } from './signaling-client';

/** Everything a `Room` tells its application. Subscribe with `room.on(RoomEvent.X, payload => …)`. */
export enum RoomEvent {
  /** Someone joined the room (also emitted for everyone already there when you join). */
  PeerJoined = 'peer-joined',
  /** Someone left, was removed by the host, or vanished. Not emitted while a peer is only reconnecting. */
  PeerLeft = 'peer-left',
  /** A remote audio or video track arrived; `stream` is that peer's stream (one per peer). */
  Track = 'track',
  /** A remote peer turned its microphone or camera on or off. */
  MuteChanged = 'mute-changed',
  /** The local media changed (mute, camera, device switch); `state` is what the others now see. */
  LocalMediaChanged = 'local-media-changed',
  /** The WebRTC connection state with one peer changed (`new` … `connected`, `disconnected`, `failed`). */
  ConnectionStateChanged = 'connection-state-changed',
  /**
   * The connection with a peer failed to negotiate (or its video stalled through an ICE restart) and was replaced
   * by a fresh one, on both sides; its media arrives again as new `track` events. `generation` counts rebuilds.
   */
  ConnectionRebuilt = 'connection-rebuilt',
  /** A chat message arrived, or one you sent went out (`local: true`). */
  Chat = 'chat',
  /** A peer offers you a file; call `room.files.accept(id)` or `decline(id)`. */
  FileOffer = 'file-offer',
  /** Bytes moved for a transfer, on the sending and on the receiving side. */
  FileProgress = 'file-progress',
  /** A file arrived whole and its SHA-256 matched; `file` is ready to save. */
  FileReceived = 'file-received',
  /** The receiver verified a file you sent. */
  FileDelivered = 'file-delivered',
  /** A transfer was declined, cancelled by either side, failed its integrity check, lost its peer, or the sender sent more than it offered. */
  FileCancelled = 'file-cancelled',
  /**
   * Signals from a participant did not decrypt with our room secret (their link carries another one, or someone
   * altered their signals on the way): nothing they sent is used and no connection is made with them. They are
   * listed in `room.rejected` (with their name once signaling announced them) until they leave. A
   * `SignalRejectedError` is reported as an `error` event as well.
   */
  PeerRejected = 'peer-rejected',
  /** Host only: a guest waits in the lobby; answer with `room.admit(peerId)` or `room.deny(peerId)`. */
  Knock = 'knock',
  /** Host only: a waiting guest was admitted, denied, or left the lobby (by any host). */
  KnockResolved = 'knock-resolved',
  /** Host only: a host stopped (`stopped: true`) or reopened the room's shared guest link; see `room.guestLinkStopped`. */
  GuestLinkChanged = 'guest-link-changed',
  /**
   * The server refused one of our messages for going over this connection's message budget (docs/limits.md): the
   * SDK holds its signals for `pauseMs` and then sends them in order. Calls keep running; a negotiation under way
   * may take that much longer.
   */
  RateLimited = 'rate-limited',
  /** The developer changed the room (`PATCH /rooms/{id}`): `room.info` is the new state, e.g. `locked`. */
  RoomUpdated = 'room-updated',
  /** The signaling socket dropped; the calls keep running while the SDK reconnects. */
  Reconnecting = 'reconnecting',
  /** The signaling socket is back with the same identity. */
  Reconnected = 'reconnected',
  /**
   * The signaling connection changed state (`SignalingState`: connecting, waiting, open, reconnecting, resuming,
   * closed), along the transitions of `SIGNALING_TRANSITIONS`.
   */
  SignalingStateChanged = 'signaling-state-changed',
  /**
   * The connection with one peer changed state (`PairState`: new, negotiating, connected, recovering, failed,
   * closed), along `PAIR_TRANSITIONS`. A rebuilt pair starts again at `new` (after `connection-rebuilt`).
   */
  PairStateChanged = 'pair-state-changed',
  /** The room was ended; the Room is closed. */
  RoomEnded = 'room-ended',
  /** The host removed you; the Room is closed. */
  Removed = 'removed',
  /** You left or the Room closed for good after an error (see `error`). */
  Disconnected = 'disconnected',
  /** The network quality with one peer changed (`good`, `fair`, `poor`); when not good our video to them is capped to `bitrateCap`. */
  NetworkQuality = 'network-quality',
  /** Someone else is now the active speaker (a peerId, ours included, or null when they left). */
  ActiveSpeaker = 'active-speaker',
  /** A host asks you to mute; call `room.setMicrophoneEnabled(false)` if you agree. Only hosts' requests arrive. */
  MuteRequested = 'mute-requested',
  /** The raised-hand queue changed (`queue`: oldest first); see `room.raiseHand()`. */
  HandsChanged = 'hands-changed',
  /** A host lowered your hand. */
  HandLowered = 'hand-lowered',
  /** Someone reacted (`local: true` for your own); show `emoji` briefly on their tile. */
  Reaction = 'reaction',
  /**
   * A consent-based recording changed on this screen (`recording.state`: idle, asking, recording, paused; see
   * `room.requestRecording()`). With `mustAnswer` the person must be asked: `room.answerRecording(yes)`. Show an
   * indicator while the state is `recording` or `paused`.
   */
  RecordingChanged = 'recording-changed',
  /** A request to record or a recording ended: who declined, withdrew, stopped or left, or why (`reason`). */
  RecordingEnded = 'recording-ended',
  /** The recorder only: the finished recording (`file`, WebM), on this device; offer it to save. Never uploaded. */
  RecordingSaved = 'recording-saved',
  /** Someone started or stopped sharing their screen; `stream` is the shared screen (null once stopped). */
  ScreenShare = 'screen-share',
  /**
   * Something failed; `fatal` errors close the Room. A message from a peer that did not pass the SDK's checks is
   * dropped and reported here as a non-fatal `PeerMessageDroppedError` with that `peerId`.
   */
  Error = 'error',
}

export interface ChatMessage {
  id: string;
  /** The sender's peerId: the peer whose data channel carried the message. */
  from: string;
  /** The sender's name and role as signaling announced them (`joined` / `peer-joined`), never from the message. */
  name: string;
  role: Role;
  text: string;
  /** Milliseconds since the epoch, by the sender's clock. */
  sentAt: number;
}

export interface FileMeta {
  name: string;
  size: number;
  type: string;
}

export type FileDirection = 'send' | 'receive';
/**
 * Why a transfer ended without a file: `oversized` means the sender sent more bytes than it offered (the
 * receiver stops at the offered size and discards what it had).
 */
export type FileCancelReason = 'declined' | 'cancelled' | 'integrity' | 'peer-gone' | 'failed' | 'oversized';

export interface RoomEventMap {
  [RoomEvent.PeerJoined]: { peer: PeerInfo };
  [RoomEvent.PeerLeft]: { peerId: string; reason: PeerLeftReason };
  [RoomEvent.Track]: { peerId: string; track: MediaStreamTrack; stream: MediaStream };
  [RoomEvent.MuteChanged]: { peerId: string; state: MediaState };
  [RoomEvent.LocalMediaChanged]: { state: MediaState; stream: MediaStream };
  [RoomEvent.ConnectionStateChanged]: { peerId: string; state: RTCPeerConnectionState };
  [RoomEvent.ConnectionRebuilt]: { peerId: string; generation: number; reason: string };
  [RoomEvent.Chat]: { message: ChatMessage; local: boolean };
  [RoomEvent.FileOffer]: { id: string; peerId: string; meta: FileMeta };
  [RoomEvent.FileProgress]: { id: string; peerId: string; direction: FileDirection; bytes: number; total: number };
  /** `digest`: SHA-256 over the per-chunk SHA-256s, checked against the sender's. */
  [RoomEvent.FileReceived]: { id: string; peerId: string; meta: FileMeta; file: Blob; digest: string };
  [RoomEvent.FileDelivered]: { id: string; peerId: string; meta: FileMeta };
  [RoomEvent.FileCancelled]: {
    id: string;
    peerId: string;
    direction: FileDirection;
    reason: FileCancelReason;
    byPeer: boolean;
  };
  [RoomEvent.PeerRejected]: { peerId: string; reason: SignalRejection };
  [RoomEvent.Knock]: { peer: PeerInfo };
  [RoomEvent.KnockResolved]: { peerId: string; admitted: boolean };
  [RoomEvent.GuestLinkChanged]: { stopped: boolean };
  [RoomEvent.RateLimited]: { pauseMs: number };
  [RoomEvent.RoomUpdated]: { room: RoomInfo };
  [RoomEvent.Reconnecting]: { attempt: number; delayMs: number };
  [RoomEvent.Reconnected]: { resumed: boolean };
  [RoomEvent.SignalingStateChanged]: { state: SignalingState; previous: SignalingState };
  [RoomEvent.PairStateChanged]: { peerId: string; state: PairState; previous: PairState };
  [RoomEvent.RoomEnded]: Record<string, never>;
  [RoomEvent.Removed]: Record<string, never>;
  [RoomEvent.Disconnected]: { error?: OtterError };
  [RoomEvent.NetworkQuality]: { peerId: string; quality: NetworkQuality; bitrateCap: number };
  [RoomEvent.ActiveSpeaker]: { peerId: string | null };
  [RoomEvent.MuteRequested]: { peerId: string; name: string };
  [RoomEvent.HandsChanged]: { queue: RaisedHand[] };
  [RoomEvent.HandLowered]: { byPeerId: string };
  [RoomEvent.Reaction]: { peerId: string; emoji: Reaction; local: boolean };
  [RoomEvent.RecordingChanged]: { recording: RecordingView };
  [RoomEvent.RecordingEnded]: RecordingEnd;
  [RoomEvent.RecordingSaved]: { file: Blob };
  /** `peerId` is ours for our own share. */
  [RoomEvent.ScreenShare]: { peerId: string; stream: MediaStream | null };
  [RoomEvent.Error]: { error: OtterError | Error; fatal: boolean; peerId?: string };
}
