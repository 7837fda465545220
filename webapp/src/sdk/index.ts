/**
 * Otter's client SDK: private peer-to-peer calls on an Otter deployment, with no WebRTC knowledge needed.
 *
 *   const room = await joinRoom({ link }, { apiUrl, wsUrl, name: 'Ada' });
 *   room.on(RoomEvent.Track, ({ peerId, stream }) => show(peerId, stream));
 */
export { joinRoom, type JoinOptions, type RoomTarget } from './join-room';
export { Room, type Participant, type RejectedParticipant } from './room';
export { RoomEvent, type RoomEventMap, type ChatMessage, type FileMeta, type FileCancelReason, type FileDirection } from './events';
export * from './errors';
export { MediaController, type MediaOptions, type Interruption } from './media-controller';
export { missingCallCapabilities, requireCallCapabilities } from './capabilities';
export { checkConnectivity, type CheckOptions } from './connectivity-check';
export { watchDevices, type DeviceLost, type DeviceWatchOptions } from './device-watch';
export {
  Probe,
  ProbeOutcome,
  Verdict,
  explain as explainConnectivity,
  restrictIce,
  type ConnectivityReport,
  type Explanation,
  type ProbeResult,
} from './connectivity';
export { type Background, type EffectSettings, loadEffects } from './effects/settings';
export type { BackgroundStats } from './effects/local-effects';
export { ExponentialBackoffPolicy, type ReconnectPolicy, type BackoffOptions } from './reconnect-policy';
export { parseRoomLink, type RoomDetails, type Credentials, type RoomLink } from './room-api';
export type { MediaState, PeerInfo, RoomInfo, Role, PeerLeftReason } from './protocol';
export * as defaults from './defaults';
export type { NetworkQuality } from './network-quality';
export { EmbedBridge, type EmbedCommand, type EmbedEventMap } from './embed-bridge';
export { PeerMessageDroppedError, type PeerMessageSource } from './peer-messages';
export type { RaisedHand } from './hands';
export { RecordingState, RECORDING_TRANSITIONS, type RecordingView, type RecordingEnd, type RecordingEndReason } from './recording';
export { REACTIONS, type Reaction } from './defaults';
export { SignalRejectedError, SignalRejection } from './signal-crypto';
export { generateRoomSecret, isRoomSecret, withRoomSecret, ROOM_SECRET_PARAM } from './room-secret';
export { RECEIVED_FILE_TYPE } from './file-transfer';
export { PairState, PAIR_TRANSITIONS } from './peer-session';
export { SignalingState, SIGNALING_TRANSITIONS } from './signaling-client';
export { StandbySocket } from './standby-socket';
export { IllegalTransitionError, type StateChange } from './state-machine';
