import { CallMonitor } from './call-monitor';
import { displayMedia } from './capabilities';
import { Chat } from './chat';
import { CredentialRefresher } from './credential-refresh';
import { Emitter } from './emitter';
import { OtterError, RefusedError, RemovedError, RoomEndedError } from './errors';
import { RoomEvent, type ChatMessage, type RoomEventMap } from './events';
import { FileTransfer } from './file-transfer';
import type { MediaController } from './media-controller';
import { restrictIce, type ConnectivityReport } from './connectivity';
import { PairState, PeerSession } from './peer-session';
import { ControlChannel, PeerMessageDroppedError, parseSignalData } from './peer-messages';
import type { JoinedMessage, MediaState, PeerInfo, RoomInfo } from './protocol';
import type { NetworkQuality } from './network-quality';
import type { Credentials, RoomDetails } from './room-api';
import { safetyCodeFromSdp } from './safety-code';
import { SealedSignals, SignalTrust } from './sealed-signals';
import { SignalRejectedError, type SignalCipher, type SignalRejection } from './signal-crypto';
import { MEDIA_DEFAULTS, NEGOTIATION_DEFAULTS, type Reaction } from './defaults';
import { RaisedHands, type RaisedHand } from './hands';
import { Reactions } from './reactions';
import { RecordingConsent, RecordingState, type RecordingView } from './recording';
import type { GridRecorder, RecordingSource } from './recording-composer';
import { capsForPeople } from './sender-caps';
import type { SignalingClient, SignalingState } from './signaling-client';
import { UnannouncedSignals } from './unannounced-signals';
import { watchNetwork, watchPageWake, type NetworkSources } from './network-watch';
import { wireMediaSession } from './media-session';
import { LocalEffects, type BackgroundStats, type EffectLoaders } from './effects/local-effects';
import type { Background } from './effects/settings';

/** A remote participant as the application sees it. */
export interface Participant extends PeerInfo {
  /** Their audio and video (one stream per participant; tracks are added as they arrive). */
  stream: MediaStream | null;
  /** What they told us about their microphone and camera; both on until they say otherwise. */
  media: MediaState;
  connectionState: RTCPeerConnectionState;
  /** Where our connection with them stands (see PairState). */
  pairState: PairState;
  /** Their screen share, while it runs. */
  screen: MediaStream | null;
  /** From `getStats` every 2 s once connected; undefined before the first reading. */
  quality?: NetworkQuality;
}

/** A participant whose signals did not decrypt: no connection is made with them (see `RoomEvent.PeerRejected`). */
export interface RejectedParticipant extends PeerInfo {
  reason: SignalRejection;
}

interface Peer {
  info: Participant;
  session: PeerSession;
  control: ControlChannel;
  /** When this pair was last rebuilt (ms since the epoch), 0 if never. */
  rebuiltAt: number;
  /** Rebuilds since the pair was last connected (PeerSessionOptions.rebuildsSinceConnected). */
  rebuildsSinceConnected: number;
}

export interface RoomParts {
  joined: JoinedMessage;
  name: string;
  signaling: SignalingClient;
  media: MediaController;
  credentials: Credentials;
  /** The room's signal key, from the room secret of the link: every signal goes out sealed and comes in opened. */
  signalCipher: SignalCipher;
  /** `GET /room/{id}` as fetched before joining (embedOrigins, lobby). */
  details?: RoomDetails;
  /**
   * Fetches fresh TURN credentials before the current ones expire, given the seat proof (the current `joined`
   * message's `resumeToken`); omitted: no refresh.
   */
  refreshCredentials?: (seat: string) => Promise<Credentials>;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  /**
   * What a connectivity check found before joining: when only the relay over TCP/TLS works, every connection
   * uses just that (restrictIce in connectivity.ts) instead of timing out on UDP first.
   */
  connectivity?: ConnectivityReport | null;
  /** Where network changes and page wake-ups come from (default: the page's `window`, `document` and `navigator.connection`). */
  network?: NetworkSources;
  /** How background and noise effects are built (default: the browser's, loaded when first turned on). */
  effects?: EffectLoaders;
}

/**
 * A joined room: one PeerSession per remote participant (mesh), chat and files over data channels,
 * local media fanned out to every peer. Get one from `joinRoom`.
 */
export class Room extends Emitter<RoomEventMap> {
  readonly media: MediaController;
  readonly chat: Chat;
  readonly files: FileTransfer;
  private readonly hands: RaisedHands;
  private readonly reactions: Reactions;
  private readonly consent: RecordingConsent;
  /** Our device's recorder while we record (or pause), loaded on first use. */
  private recorder: Promise<GridRecorder | null> | null = null;
  private readonly peers = new Map<string, Peer>();
  private readonly signaling: SignalingClient;
  private joined: JoinedMessage;
  private closed = false;
  /** Set once the first connection is up; the timer that raises the preview's camera to the call's size. */
  private cameraRaise: ReturnType<typeof setTimeout> | null = null;
  private readonly lobby = new Map<string, PeerInfo>();
  private linkStopped: boolean;
  private credentials: Credentials;
  private readonly monitor: CallMonitor;
  private readonly refresher: CredentialRefresher | null;
  private speaker: string | null = null;
  private localScreen: MediaStream | null = null;
  private readonly unannounced: UnannouncedSignals;
  private readonly sealed: SealedSignals;
  /** Announced participants whose signals did not decrypt; they leave this list when they leave the room. */
  private readonly rejectedPeers = new Map<string, RejectedParticipant>();
  private readonly unwatchNetwork: () => void;
  private readonly unwatchWake: () => void;
  private readonly mediaSession: ReturnType<typeof wireMediaSession>;
  /** The next resume follows a network change, whose ICE restarts already recover the pairs (onNetworkChange). */
  private networkChanged = false;
  private readonly effects: LocalEffects;
  /** The self-view's stream while an effect processes the camera (one per processed track). */
  private processedView: MediaStream | null = null;

  constructor(private readonly parts: RoomParts) {
    super();
    this.joined = parts.joined;
    this.signaling = parts.signaling;
    this.media = parts.media;
    this.credentials = parts.credentials;
    this.effects = new LocalEffects(parts.effects);
    this.sealed = new SealedSignals({
      cipher: parts.signalCipher,
      localPeerId: () => this.localPeerId,
      // An envelope sealed under an identity we no longer have would not open at the other end: it is dropped.
      send: (to, envelope, from) => {
        if (from === this.localPeerId) this.signaling.sendSignal(to, envelope);
      },
      deliver: (from, data) => this.onSignal(from, data),
      reject: (from, reason) => this.rejectPeer(from, reason),
      dropped: (error) => this.emit(RoomEvent.Error, { error, fatal: false, peerId: error.peerId }),
      failed: (peerId, error) => this.emit(RoomEvent.Error, { error, fatal: false, peerId }),
    });
    this.linkStopped = parts.joined.room.guestLinkStopped === true;
    this.unannounced = new UnannouncedSignals({
      onExpired: (peerId, signals) =>
        this.dropped(peerId, new PeerMessageDroppedError('signal', `${signals} signal(s) from a peer signaling never announced`)),
    });
    this.chat = new Chat({
      self: () => ({ peerId: this.localPeerId, name: this.name, role: this.role }),
      sender: (peerId) => this.peers.get(peerId)?.info,
      broadcast: (message) => this.peers.forEach((peer) => peer.control.send(message)),
    });
    this.files = new FileTransfer({
      peers: () => [...this.peers.keys()],
      sendControl: (peerId, message) => this.peers.get(peerId)?.control.send(message),
      openChannel: (peerId, label) => this.requirePeer(peerId).session.pc.createDataChannel(label, { ordered: true }),
      maxMessageSize: (peerId) => this.peers.get(peerId)?.session.pc.sctp?.maxMessageSize,
      onDropped: (peerId, error) => this.dropped(peerId, error),
    });
    this.hands = new RaisedHands({
      self: () => ({ peerId: this.localPeerId, role: this.role }),
      role: (peerId) => this.peers.get(peerId)?.info.role,
      broadcast: (message) => this.peers.forEach((peer) => peer.control.send(message)),
    });
    this.reactions = new Reactions({
      selfPeerId: () => this.localPeerId,
      known: (peerId) => this.peers.has(peerId),
      broadcast: (message) => this.peers.forEach((peer) => peer.control.send(message)),
    });
    this.consent = new RecordingConsent({
      selfId: () => this.localPeerId,
      present: () => [...this.peers.keys()],
      broadcast: (message) => this.peers.forEach((peer) => peer.control.send(message)),
    });
    this.consent.on('change', ({ view }) => this.onRecordingChange(view));
    this.consent.on('ended', (e) => this.onRecordingEnded(e));
    this.consent.on('illegal', (error) => this.emit(RoomEvent.Error, { error, fatal: false }));
    this.chat.on('message', (e) => this.emit(RoomEvent.Chat, e));
    this.hands.on('change', (e) => this.emit(RoomEvent.HandsChanged, e));
    this.hands.on('lowered', (e) => this.emit(RoomEvent.HandLowered, e));
    this.reactions.on('reaction', (e) => this.emit(RoomEvent.Reaction, e));
    this.files.on(RoomEvent.FileOffer, (e) => this.emit(RoomEvent.FileOffer, e));
    this.files.on(RoomEvent.FileProgress, (e) => this.emit(RoomEvent.FileProgress, e));
    this.files.on(RoomEvent.FileReceived, (e) => this.emit(RoomEvent.FileReceived, e));
    this.files.on(RoomEvent.FileDelivered, (e) => this.emit(RoomEvent.FileDelivered, e));
    this.files.on(RoomEvent.FileCancelled, (e) => this.emit(RoomEvent.FileCancelled, e));
    for (const peer of this.joined.waiting ?? []) this.lobby.set(peer.peerId, peer);
    this.wireSignaling();
    this.wireMedia();
    // We are the newcomer: we make the first offer to everyone already here, who are told of us with `peer-joined`,
    // except to those whose offer is already waiting for us (they stopped waiting for ours: heldSignalSenders).
    const offeredAlready = this.signaling.heldSignalSenders();
    for (const peer of this.joined.peers) this.addPeer(peer, { offerFirst: !offeredAlready.has(peer.peerId) });
    this.updateCaps();
    this.monitor = new CallMonitor({
      localPeerId: this.localPeerId,
      peers: () =>
        [...this.peers.values()].map(({ info, session }) => ({
          peerId: info.peerId,
          pc: session.pc,
          setBitrateCap: (cap) => void session.setBitrateCap(cap),
        })),
      roomCap: () => capsForPeople(this.peers.size + 1).maxBitrate,
      onQuality: (peerId, quality, bitrateCap) => {
        const peer = this.peers.get(peerId);
        if (!peer) return;
        peer.info.quality = quality;
        this.emit(RoomEvent.NetworkQuality, { peerId, quality, bitrateCap });
      },
      onSpeaker: (peerId) => {
        this.speaker = peerId;
        this.emit(RoomEvent.ActiveSpeaker, { peerId });
      },
    });
    this.monitor.start();
    const refresh = parts.refreshCredentials;
    this.refresher = refresh
      ? new CredentialRefresher({
          fetch: () => refresh(this.joined.resumeToken),
          apply: (fresh) => {
            this.credentials = fresh;
            for (const peer of this.peers.values()) peer.session.setIceServers(this.iceConfiguration().iceServers ?? []);
          },
          onError: (error) => this.emit(RoomEvent.Error, { error: error as Error, fatal: false }),
        })
      : null;
    this.refresher?.start(parts.credentials);
    this.unwatchNetwork = watchNetwork(() => this.onNetworkChange(), parts.network);
    this.unwatchWake = watchPageWake(() => this.onPageWake(), parts.network);
    this.mediaSession = wireMediaSession({
      state: () => this.media.state,
      toggleMicrophone: () => this.setMicrophoneEnabled(!this.media.state.audio),
      toggleCamera: () => {
        this.setCameraEnabled(!this.media.state.video).catch((error: Error) => this.emit(RoomEvent.Error, { error, fatal: false }));
      },
    });
    // Only now, with the peers of `joined` in place: signals that overtook `joined` find their session.
    this.signaling.release();
  }

  /** The room's settings as `GET /room/{id}` gave them before joining. */
  get details(): RoomDetails | undefined {
    return this.parts.details;
  }

  /** Origins of the parent pages allowed to embed this room. */
  get embedOrigins(): string[] {
    return this.parts.details?.embedOrigins ?? [];
  }

  /** Who speaks now (a peerId, ours included), or null before anyone spoke. */
  get activeSpeaker(): string | null {
    return this.speaker;
  }

  /** Our running screen share, or null. */
  get screenShare(): MediaStream | null {
    return this.localScreen;
  }

  /**
   * The safety code of the connection with one peer (e.g. `4821 0937 5562`), from both DTLS certificate
   * fingerprints in the negotiated SDP: read aloud, equal codes mean nobody sits in the middle (safety-code.ts).
   */
  async safetyCode(peerId: string): Promise<string> {
    const pc = this.requirePeer(peerId).session.pc;
    const local = pc.currentLocalDescription?.sdp;
    const remote = pc.currentRemoteDescription?.sdp;
    if (!local || !remote) throw new RefusedError('not-connected', 'The connection is not negotiated yet; try again in a moment.');
    return safetyCodeFromSdp(local, remote);
  }

  /** Host only: asks a participant to mute; they see the request and decide. */
  requestMute(peerId: string): void {
    if (!this.isHost) throw new RefusedError('forbidden', 'Only the host can ask others to mute.');
    this.requirePeer(peerId).control.send({ t: 'mute-request', id: crypto.randomUUID() });
  }

  /**
   * Shares a screen, window or tab with everyone (the browser asks which). Resolves with the shared stream;
   * stopping from the browser's own control ends the share like `stopScreenShare`. Rejects with UnsupportedError
   * where the browser cannot share a screen (every browser on iOS).
   */
  async startScreenShare(options: DisplayMediaStreamOptions = { video: true, audio: false }): Promise<MediaStream> {
    this.stopScreenShare();
    const stream = await displayMedia(options);
    const track = stream.getVideoTracks()[0];
    if (!track) throw new RefusedError('no-screen', 'Nothing was chosen to share.');
    track.addEventListener('ended', () => {
      if (this.localScreen === stream) this.stopScreenShare();
    });
    this.localScreen = stream;
    for (const peer of this.peers.values()) peer.session.setScreenTrack(track, stream);
    this.emit(RoomEvent.ScreenShare, { peerId: this.localPeerId, stream });
    return stream;
  }

  stopScreenShare(): void {
    const stream = this.localScreen;
    if (!stream) return;
    this.localScreen = null;
    stream.getTracks().forEach((t) => t.stop());
    for (const peer of this.peers.values()) peer.session.setScreenTrack(null, null);
    this.emit(RoomEvent.ScreenShare, { peerId: this.localPeerId, stream: null });
  }

  get localPeerId(): string {
    return this.joined.peerId;
  }

  get role(): 'host' | 'guest' {
    return this.joined.role;
  }

  get isHost(): boolean {
    return this.joined.role === 'host';
  }

  get name(): string {
    return this.parts.name;
  }

  get info(): RoomInfo {
    return this.joined.room;
  }

  /** Everyone else in the room right now with whom a connection is (being) made. */
  get participants(): Participant[] {
    return [...this.peers.values()].map((p) => p.info);
  }

  /**
   * Participants in the room whose signals did not decrypt with our room secret (`RoomEvent.PeerRejected`): no
   * connection is made with them. Usually their link carries another secret than ours.
   */
  get rejected(): RejectedParticipant[] {
    return [...this.rejectedPeers.values()];
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Where the signaling connection stands (see SignalingState and RoomEvent.SignalingStateChanged). */
  get signalingState(): SignalingState {
    return this.signaling.state;
  }

  /** Where our connection with one participant stands (see PairState and RoomEvent.PairStateChanged). */
  pairState(peerId: string): PairState | undefined {
    return this.peers.get(peerId)?.session.state;
  }

  sendChat(text: string): ChatMessage {
    return this.chat.send(text);
  }

  /** The raised hands, oldest first (ours included). */
  get raisedHands(): RaisedHand[] {
    return this.hands.queue;
  }

  get handRaised(): boolean {
    return this.hands.raised;
  }

  raiseHand(): void {
    this.hands.raise();
  }

  /** Lowers our own hand; a host may pass someone else's peer id to lower theirs on every screen. */
  lowerHand(peerId: string = this.localPeerId): void {
    if (peerId !== this.localPeerId && !this.isHost) throw new RefusedError('forbidden', "Only the host can lower someone else's hand.");
    this.hands.lowerFor(peerId);
  }

  /** Shows a reaction (one of `defaults.REACTIONS`) on our tile on every screen; a burst past a few is dropped. */
  react(emoji: Reaction): void {
    this.reactions.send(emoji);
  }

  /** Where a consent-based recording stands on this screen (`RoomEvent.RecordingChanged` tells of changes). */
  get recording(): RecordingView {
    return this.consent.view;
  }

  /**
   * Asks everyone present to agree to a recording on this device. It starts only once all present agreed
   * (`RoomEvent.RecordingChanged`, state `recording`), pauses while someone new has not agreed, and ends when anyone
   * declines or withdraws, or when we stop it; then `RoomEvent.RecordingSaved` hands over the WebM file. Nothing is
   * uploaded. Throws RefusedError `unsupported` where the browser cannot record, `busy` while another request or
   * recording runs.
   */
  requestRecording(): void {
    if (typeof MediaRecorder === 'undefined' || typeof HTMLCanvasElement === 'undefined' || typeof HTMLCanvasElement.prototype.captureStream !== 'function') {
      throw new RefusedError('unsupported', 'This browser cannot record calls.');
    }
    if (this.consent.state !== RecordingState.Idle) throw new RefusedError('busy', 'A recording is already being asked for or running.');
    // Fetched now, while everyone answers, so recording starts without delay once they agreed.
    void import('./recording-composer').catch(() => undefined);
    this.consent.request();
  }

  /** Our answer to the recording someone asked for: true agrees; false declines it, or withdraws consent while it records (stopping it for everyone). */
  answerRecording(yes: boolean): void {
    this.consent.answer(yes);
  }

  /** Stops the recording (ours) or withdraws our consent (someone else's): either way it stops for everyone. */
  stopRecording(): void {
    this.consent.stop();
  }

  /** Offers a file to one participant, several, or everyone (default); returns one transfer id per recipient. */
  sendFile(file: Blob, options?: { to?: string | string[]; name?: string }): string[] {
    return this.files.send(file, options);
  }

  setMicrophoneEnabled(enabled: boolean): void {
    this.media.setMicrophoneEnabled(enabled);
  }

  setCameraEnabled(enabled: boolean): Promise<void> {
    return this.media.setCameraEnabled(enabled);
  }

  /** What replaces the background of the video we send (remembered on this device). */
  get background(): Background {
    return this.effects.settings.background;
  }

  /**
   * Blurs or paints over the background of the video we send, on this device (nothing leaves it unprocessed);
   * `{ mode: 'none' }` sends the camera as it is. Switches without renegotiating; remembered on this device.
   * Rejects with TypeError for a malformed background, or with the browser's error where it cannot run the effect.
   */
  async setBackground(background: Background): Promise<void> {
    await this.sendEffect('video', this.effects.setBackground(background));
  }

  /** Whether RNNoise cleans the microphone we send (remembered on this device). */
  get noiseSuppression(): boolean {
    return this.effects.settings.noiseSuppression;
  }

  /** Turns RNNoise on the outgoing microphone on or off, mid-call, without renegotiating; remembered on this device. */
  async setNoiseSuppression(enabled: boolean): Promise<void> {
    await this.sendEffect('audio', this.effects.setNoiseSuppression(enabled));
  }

  /**
   * The self-view: what the others see of our camera, so with the background effect on, its processed video
   * (null while it starts: nothing is sent then either), else the camera's stream. Changes are announced with
   * `local-media-changed`.
   */
  get selfView(): MediaStream | null {
    const camera = this.media.track('video');
    const sent = this.effects.outgoing('video');
    if (!camera || sent === camera) return this.media.stream;
    if (!sent) return null;
    if (this.processedView?.getVideoTracks()[0] !== sent) this.processedView = new MediaStream([sent]);
    return this.processedView;
  }

  /** The background effect's frame and mask counts and timings while it runs (null when off). */
  backgroundStats(): BackgroundStats | null {
    return this.effects.backgroundStats();
  }

  /** The RTCPeerConnection with one participant, for statistics (`getStats`) and diagnostics. */
  peerConnection(peerId: string): RTCPeerConnection | undefined {
    return this.peers.get(peerId)?.session.pc;
  }

  /**
   * Restarts ICE with one participant, or with everyone (e.g. after the device's network changed). Within each
   * pair only one side ever starts a restart (see PeerSession.restartIce).
   */
  restartIce(peerId?: string): void {
    const targets = peerId === undefined ? [...this.peers.values()] : [this.requirePeer(peerId)];
    for (const peer of targets) peer.session.restartIce();
  }

  /** Host only: the participant is disconnected and everyone else sees them leave with reason `removed`. */
  removeParticipant(peerId: string): void {
    if (!this.isHost) throw new RefusedError('forbidden', 'Only the host can remove participants.');
    this.signaling.sendRemove(peerId);
  }

  /**
   * Host only: ends the room for everyone (the server's `end`: all get `room-ended`, new joins are refused).
   * Resolves once the server confirmed with `room-ended`, or after `timeoutMs`, when this Room is closed.
   */
  endForAll(timeoutMs = 5_000): Promise<void> {
    if (!this.isHost) throw new RefusedError('forbidden', 'Only the host can end the call for everyone.');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.leave();
        resolve();
      }, timeoutMs);
      this.on(RoomEvent.Disconnected, () => {
        clearTimeout(timer);
        resolve();
      });
      this.signaling.sendEnd();
    });
  }

  /** Host only: guests waiting in the lobby of a `lobby` room. */
  get waiting(): PeerInfo[] {
    return [...this.lobby.values()];
  }

  /** Whether a host stopped the room's shared guest link (kept up to date for hosts). */
  get guestLinkStopped(): boolean {
    return this.linkStopped;
  }

  /**
   * Host only: stops the room's shared guest link. New guests are turned away (they see that the host stopped the
   * link); everyone in the call stays, and can reconnect. Every host gets `GuestLinkChanged`.
   */
  stopGuestLink(): void {
    if (!this.isHost) throw new RefusedError('forbidden', 'Only the host can stop the guest link.');
    this.signaling.sendLock();
  }

  /** Host only: lets the shared guest link bring new guests in again. */
  reopenGuestLink(): void {
    if (!this.isHost) throw new RefusedError('forbidden', 'Only the host can reopen the guest link.');
    this.signaling.sendUnlock();
  }

  /** Host only: lets a waiting guest in. */
  admit(peerId: string): void {
    this.signaling.sendAdmit(peerId);
  }

  /** Host only: turns a waiting guest away. */
  deny(peerId: string): void {
    this.signaling.sendDeny(peerId);
  }

  leave(): void {
    this.shutdown(undefined);
  }

  private shutdown(error: OtterError | undefined): void {
    if (this.closed) return;
    this.closed = true;
    if (this.cameraRaise) clearTimeout(this.cameraRaise);
    this.monitor.stop();
    this.refresher?.stop();
    this.unwatchNetwork();
    this.unwatchWake();
    this.mediaSession.stop();
    this.unannounced.clear();
    this.localScreen?.getTracks().forEach((t) => t.stop());
    // Our recording ends and is saved; the others see us leave and stop showing it.
    this.consent.reset();
    this.signaling.close();
    for (const peer of this.peers.values()) peer.session.close();
    this.peers.clear();
    this.effects.stop();
    this.media.stop();
    this.emit(RoomEvent.Disconnected, { error });
  }

  private wireSignaling(): void {
    const s = this.signaling;
    s.on('peer-joined', ({ peer }) => {
      if (this.sealed.trust(peer.peerId) === SignalTrust.Rejected) {
        // Its first signals overtook this announcement and did not decrypt: listed as rejected, never connected.
        this.rejectedPeers.set(peer.peerId, { ...peer, reason: this.sealed.rejection(peer.peerId)! });
        this.emit(RoomEvent.PeerJoined, { peer });
        return;
      }
      const known = this.peers.get(peer.peerId);
      if (known) {
        // Their first signal overtook this announcement and created the session; now we know their name.
        Object.assign(known.info, { name: peer.name, role: peer.role });
        this.emit(RoomEvent.PeerJoined, { peer });
        return;
      }
      // The newcomer makes the first offer (it found us in its `joined`); ours would only cross it.
      this.addPeer(peer, { offerFirst: false });
      this.updateCaps();
      this.emit(RoomEvent.PeerJoined, { peer });
    });
    s.on('peer-left', ({ peerId, reason }) => {
      this.unannounced.forget(peerId);
      this.sealed.forget(peerId);
      if (this.rejectedPeers.delete(peerId)) this.emit(RoomEvent.PeerLeft, { peerId, reason });
      this.dropPeer(peerId, reason);
    });
    s.on('signal', ({ from, data }) => this.sealed.receive(from, data));
    s.on('error', ({ code, message }) => {
      this.emit(RoomEvent.Error, { error: new RefusedError(code, message), fatal: false });
    });
    s.on('removed', () => {
      this.emit(RoomEvent.Removed, {});
      this.shutdown(new RemovedError());
    });
    s.on('room-ended', () => {
      this.emit(RoomEvent.RoomEnded, {});
      this.shutdown(new RoomEndedError());
    });
    s.on('knock', ({ peer }) => {
      this.lobby.set(peer.peerId, peer);
      this.emit(RoomEvent.Knock, { peer });
    });
    s.on('knock-resolved', ({ peerId, admitted }) => {
      this.lobby.delete(peerId);
      this.emit(RoomEvent.KnockResolved, { peerId, admitted });
    });
    s.on('locked', () => this.setLinkStopped(true));
    s.on('unlocked', () => this.setLinkStopped(false));
    s.on('room-updated', ({ room }) => {
      this.joined = { ...this.joined, room };
      this.emit(RoomEvent.RoomUpdated, { room });
    });
    s.on('state-changed', (change) => this.emit(RoomEvent.SignalingStateChanged, change));
    s.on('illegal-transition', (error) => this.emit(RoomEvent.Error, { error, fatal: false }));
    s.on('rate-limited', (e) => this.emit(RoomEvent.RateLimited, e));
    s.on('reconnecting', (e) => this.emit(RoomEvent.Reconnecting, e));
    s.on('reconnected', (joined) => this.onReconnected(joined));
    s.on('closed', ({ error }) => {
      if (this.closed) return;
      if (error) this.emit(RoomEvent.Error, { error, fatal: true });
      this.shutdown(error);
    });
  }

  /** A signal that decrypted and authenticated; its content is still the sending peer's untrusted input. */
  private onSignal(from: string, data: unknown): void {
    if (this.closed) return; // opened after we left
    const checked = parseSignalData(data);
    if (!checked.ok) {
      this.dropped(from, new PeerMessageDroppedError('signal', checked.reason));
      return;
    }
    let peer = this.peers.get(from);
    if (peer) {
      const generation = checked.value.gen ?? 0;
      // Signals of a connection the pair has since replaced belong to a closed RTCPeerConnection.
      if (generation < peer.session.generation) return;
      // The other side rebuilt the pair after a failure: follow it, once, to the same generation.
      if (generation > peer.session.generation) peer = this.rebuildPeer(peer, generation, 'the peer rebuilt the connection');
    }
    // Only peers signaling announced get a connection; a newcomer's first signals may overtake its announcement.
    if (peer) void peer.session.handleSignal(checked.value);
    else if (!this.unannounced.hold(from, checked.value)) {
      this.dropped(from, new PeerMessageDroppedError('signal', 'too many signals from peers signaling never announced'));
    }
  }

  /**
   * A peer's first signal did not decrypt: it lacks the room secret of our link, or someone altered its signals.
   * Nothing it sent is acted on and the pair is not negotiated (an open connection with it is closed); the
   * participant stays listed in `rejected` until it leaves.
   */
  private rejectPeer(peerId: string, reason: SignalRejection): void {
    if (this.closed) return;
    const peer = this.peers.get(peerId);
    this.unannounced.forget(peerId);
    // One sealed signal back, so the peer learns it too (it cannot open it) instead of waiting for an answer: a
    // first connection sends nothing before its first description, and we will send none.
    this.sealed.send(peerId, { state: this.media.state });
    if (peer) {
      const { name, role } = peer.info;
      this.rejectedPeers.set(peerId, { peerId, name, role, reason });
      this.peers.delete(peerId);
      peer.session.close();
      this.files.peerGone(peerId);
      this.monitor.forget(peerId);
      this.consent.peerLeft(peerId);
      if (peer.info.screen) this.emit(RoomEvent.ScreenShare, { peerId, stream: null });
      this.updateCaps();
    }
    this.emit(RoomEvent.PeerRejected, { peerId, reason });
    this.emit(RoomEvent.Error, { error: new SignalRejectedError(peerId, reason), fatal: false, peerId });
  }

  private setLinkStopped(stopped: boolean): void {
    this.linkStopped = stopped;
    this.emit(RoomEvent.GuestLinkChanged, { stopped });
  }

  /**
   * The device moved to another network (or came back online): the old paths are likely dead though nothing said
   * so yet. The signaling socket is replaced by one that resumes our seat, and every established pair restarts ICE
   * (its impolite side does; a polite side asks, through the resumed socket), so calls move to the new network
   * without waiting for ICE to notice and fail.
   */
  private onNetworkChange(): void {
    if (this.closed) return;
    this.networkChanged = true;
    this.signaling.reconnectNow();
    for (const peer of this.peers.values()) {
      const state = peer.session.state;
      if (state === PairState.Connected || state === PairState.Recovering) peer.session.restartIce();
    }
  }

  /**
   * The page is back from the background, where it may have been suspended: a socket that died meanwhile still
   * says open, so it is probed, and replaced (resuming our seat) if it does not answer (docs/signaling.md); a
   * camera or microphone the system ended meanwhile (iOS does, in the background) is asked for again.
   */
  private onPageWake(): void {
    if (this.closed) return;
    this.signaling.probe();
    void this.media.reacquire();
  }

  /**
   * Brings the mesh in line with the room as the server now sees it. Whatever was sent to our dead socket is lost
   * (offers, answers, ICE restart requests, `peer-joined`, `peer-left`), so `joined` is the only truth: pairs that
   * were mid-negotiation start over, broken paths restart ICE, and those who came or went meanwhile are connected
   * or let go.
   */
  private onReconnected(joined: JoinedMessage): void {
    if ((joined.room.guestLinkStopped === true) !== this.linkStopped) this.setLinkStopped(joined.room.guestLinkStopped === true);
    const identityChanged = joined.peerId !== this.joined.peerId || !joined.resumed;
    this.joined = joined;
    this.lobby.clear();
    for (const peer of joined.waiting ?? []) this.lobby.set(peer.peerId, peer);
    if (identityChanged) {
      // Our seat was not kept: the others were told we left and came back, so every connection starts over.
      for (const [peerId, peer] of this.peers) {
        peer.session.close();
        this.peers.delete(peerId);
      }
      // Everyone judges our new identity afresh, and we theirs.
      this.sealed.forgetAll();
      // To the others we left: our recording ended, and one still running must ask us again.
      this.consent.reset();
      this.rejectedPeers.clear();
    }
    const present = new Set(joined.peers.map((p) => p.peerId));
    for (const peerId of [...this.peers.keys()]) if (!present.has(peerId)) this.dropPeer(peerId, 'gone');
    // After a network change the pairs are mid-ICE-restart, their offers queued and sent on the new socket: left to it.
    if (!identityChanged && !this.networkChanged) for (const peer of [...this.peers.values()]) this.recoverAfterResume(peer);
    this.networkChanged = false;
    for (const peerId of [...this.rejectedPeers.keys()]) {
      if (present.has(peerId)) continue;
      this.rejectedPeers.delete(peerId);
      this.sealed.forget(peerId);
      this.emit(RoomEvent.PeerLeft, { peerId, reason: 'gone' });
    }
    for (const peer of joined.peers) {
      if (this.peers.has(peer.peerId) || this.rejectedPeers.has(peer.peerId)) continue;
      if (this.sealed.trust(peer.peerId) === SignalTrust.Rejected) {
        // Rejected before it was announced to us: listed as rejected, never connected.
        this.rejectedPeers.set(peer.peerId, { ...peer, reason: this.sealed.rejection(peer.peerId)! });
        this.emit(RoomEvent.PeerJoined, { peer });
        continue;
      }
      if (identityChanged) {
        // Everyone was told of our new identity and waits for our offer.
        this.addPeer(peer, { offerFirst: true });
      } else {
        // Someone who joined while our socket was dead: their first offer went to it and is lost, and their side of
        // the pair waits for an answer that never comes. A pair of the next generation makes them start over too
        // (our first signal carries it), with the usual side offering first.
        this.unannounced.forget(peer.peerId);
        this.addPeer(peer, { generation: 1 }).rebuiltAt = Date.now();
      }
      this.emit(RoomEvent.PeerJoined, { peer });
    }
    this.updateCaps();
    this.emit(RoomEvent.Reconnected, { resumed: !identityChanged });
  }

  /**
   * A pair after our socket came back with our seat: left alone if connected and `stable`; a pair whose ICE path
   * broke restarts ICE (its impolite side; the polite side asks through the new socket); a pair caught mid-offer
   * cannot know whether the other side saw that offer, so it starts over as a new generation on both sides.
   */
  private recoverAfterResume(peer: Peer): void {
    const { session } = peer;
    const stable = session.pc.signalingState === 'stable';
    if (stable && session.state === PairState.Connected) return;
    if (stable && session.state === PairState.Recovering) {
      session.restartIce();
      return;
    }
    if (Date.now() - peer.rebuiltAt < NEGOTIATION_DEFAULTS.minRebuildIntervalMs) return; // its stuck timer will tell
    this.rebuildPeer(peer, session.generation + 1, 'negotiation cut off by a dead signaling socket');
  }

  private wireMedia(): void {
    this.media.on('track-changed', ({ kind, track }) => {
      this.sendEffect(kind, this.effects.setSource(kind, track)).catch((error: Error) => this.emit(RoomEvent.Error, { error, fatal: false }));
      this.emit(RoomEvent.LocalMediaChanged, { state: this.media.state, stream: this.media.stream });
    });
    // Effects remembered on this device apply from the start.
    for (const kind of ['audio', 'video'] as const) {
      this.sendEffect(kind, this.effects.setSource(kind, this.media.track(kind))).catch((error: Error) => this.emit(RoomEvent.Error, { error, fatal: false }));
    }
    this.media.on('state-changed', (state) => {
      this.mediaSession?.update();
      for (const peer of this.peers.values()) peer.session.sendMediaState(state);
      this.emit(RoomEvent.LocalMediaChanged, { state, stream: this.media.stream });
    });
  }

  /**
   * Replaces the pair's connection with a fresh RTCPeerConnection of `generation` (the Room's answer to a
   * negotiation that cannot recover). The first signal of the new connection carries the generation, so the other
   * side rebuilds too, exactly once; nobody sees the peer leave. Transfers in flight with the peer are cancelled.
   */
  private rebuildPeer(old: Peer, generation: number, reason: string): Peer {
    const { peerId, name, role } = old.info;
    old.session.close();
    this.peers.delete(peerId);
    this.files.peerGone(peerId);
    this.monitor.forget(peerId);
    if (old.info.screen) {
      old.info.screen = null;
      this.emit(RoomEvent.ScreenShare, { peerId, stream: null });
    }
    const peer = this.addPeer({ peerId, name, role }, { generation, rebuildsSinceConnected: old.rebuildsSinceConnected + 1 });
    peer.rebuiltAt = Date.now();
    peer.info.media = old.info.media;
    this.updateCaps();
    this.emit(RoomEvent.ConnectionRebuilt, { peerId, generation, reason });
    return peer;
  }

  /** The current credentials' servers, restricted to what the connectivity check found working (if it ran). */
  private iceConfiguration(): Pick<RTCConfiguration, 'iceServers' | 'iceTransportPolicy'> {
    return restrictIce(this.credentials.iceServers, { relayOnly: this.joined.room.relayOnly, report: this.parts.connectivity });
  }

  /** The connectivity check this call was joined with, if one ran: why a connection may not come up. */
  get connectivity(): ConnectivityReport | null {
    return this.parts.connectivity ?? null;
  }

  /** `offerFirst` unset: the impolite side offers first (rebuilds, where both sides act at once). */
  private addPeer(
    info: PeerInfo,
    { generation = 0, offerFirst, rebuildsSinceConnected = 0 }: { generation?: number; offerFirst?: boolean; rebuildsSinceConnected?: number } = {},
  ): Peer {
    const session = new PeerSession({
      generation,
      offerFirst,
      rebuildsSinceConnected,
      localPeerId: this.localPeerId,
      remotePeerId: info.peerId,
      rtcConfig: this.iceConfiguration(),
      sendSignal: (data) => this.sealed.send(info.peerId, data),
      createPeerConnection: this.parts.createPeerConnection,
      createMediaStream: () => new MediaStream(),
    });
    const participant: Participant = {
      ...info,
      stream: session.remoteStream,
      media: { audio: true, video: true },
      connectionState: 'new',
      pairState: session.state,
      screen: null,
    };
    const control = new ControlChannel(
      session.control,
      (message) => {
        if (message.t === 'chat') this.chat.receive(info.peerId, message);
        else if (message.t === 'mute-request') this.onMuteRequest(participant);
        else if (message.t === 'hand' || message.t === 'hand-lower') this.hands.receive(info.peerId, message);
        else if (message.t === 'rec-request' || message.t === 'rec-answer' || message.t === 'rec-stop') this.consent.receive(info.peerId, message);
        else if (message.t === 'reaction') {
          if (!this.reactions.receive(info.peerId, message)) {
            this.dropped(info.peerId, new PeerMessageDroppedError('control', 'reaction: over the sender\'s budget'));
          }
        } else this.files.handleControl(info.peerId, message);
      },
      (error) => this.dropped(info.peerId, error),
    );
    const peer: Peer = { info: participant, session, control, rebuiltAt: 0, rebuildsSinceConnected };
    this.peers.set(info.peerId, peer);
    // A late joiner (or a rebuilt connection) learns our hand from us, since nobody else tells it.
    const greeting = this.hands.greeting();
    if (greeting) control.send(greeting);
    // Nobody is recorded unasked: a newcomer hears of a recording at once, which pauses until they agree.
    for (const message of this.consent.greeting()) control.send(message);
    this.consent.peerJoined();
    session.on('track', ({ track, stream }) => this.emit(RoomEvent.Track, { peerId: info.peerId, track, stream }));
    session.on('media-state', (state) => {
      participant.media = { audio: !!state.audio, video: !!state.video };
      this.emit(RoomEvent.MuteChanged, { peerId: info.peerId, state: participant.media });
    });
    session.on('screen', (stream) => {
      participant.screen = stream;
      this.emit(RoomEvent.ScreenShare, { peerId: info.peerId, stream });
    });
    session.on('connection-state', (state) => {
      participant.connectionState = state;
      this.emit(RoomEvent.ConnectionStateChanged, { peerId: info.peerId, state });
    });
    session.on('data-channel', (channel) => {
      if (!this.files.handleChannel(info.peerId, channel)) channel.close();
    });
    session.on('state-changed', ({ state, previous }) => {
      participant.pairState = state;
      if (state === PairState.Connected) {
        peer.rebuildsSinceConnected = 0;
        this.raiseCameraOnce();
      }
      this.emit(RoomEvent.PairStateChanged, { peerId: info.peerId, state, previous });
    });
    session.on('illegal-transition', (error) => this.emit(RoomEvent.Error, { error, fatal: false, peerId: info.peerId }));
    session.on('error', (error) => this.emit(RoomEvent.Error, { error, fatal: false, peerId: info.peerId }));
    session.on('negotiation-failed', ({ reason }) => {
      const current = this.peers.get(info.peerId);
      if (current?.session !== session || this.closed) return;
      // A failure right after a rebuild waits out the rest of the interval, so a pair never rebuilds in a loop.
      const wait = current.rebuiltAt + NEGOTIATION_DEFAULTS.minRebuildIntervalMs - Date.now();
      const rebuild = () => {
        const now = this.peers.get(info.peerId);
        if (now?.session === session && !this.closed) this.rebuildPeer(now, session.generation + 1, reason);
      };
      if (wait > 0) setTimeout(rebuild, wait);
      else rebuild();
    });
    for (const kind of ['audio', 'video'] as const) this.sendTrack(peer, kind, this.effects.outgoing(kind));
    session.sendMediaState(this.media.state);
    const screenTrack = this.localScreen?.getVideoTracks()[0];
    if (screenTrack) session.setScreenTrack(screenTrack, this.localScreen);
    session.negotiateNow();
    // Signals that overtook this peer's announcement.
    for (const data of this.unannounced.take(info.peerId)) void session.handleSignal(data);
    return peer;
  }

  /** The first connection is up: the preview's camera goes to the call's size a moment later (see MEDIA_DEFAULTS). */
  private raiseCameraOnce(): void {
    if (this.cameraRaise) return;
    this.cameraRaise = setTimeout(() => this.media.raiseToCallSize(), MEDIA_DEFAULTS.raiseAfterConnectedMs);
  }

  /** Runs our device's recorder along the consent state: only while everyone present agreed does it record. */
  private onRecordingChange(view: RecordingView): void {
    this.emit(RoomEvent.RecordingChanged, { recording: view });
    if (!view.isRecorder) return;
    if (view.state === RecordingState.Recording) {
      if (this.recorder) void this.recorder.then((r) => r?.resume());
      else this.recorder = this.startRecorder();
    } else if (view.state === RecordingState.Paused) {
      void this.recorder?.then((r) => r?.pause());
    }
  }

  private async startRecorder(): Promise<GridRecorder | null> {
    try {
      const { GridRecorder } = await import('./recording-composer');
      // Consent may have ended, or someone new arrived, while the module loaded.
      const { state, isRecorder } = this.consent.view;
      if (state === RecordingState.Idle || !isRecorder) return null;
      const recorder = new GridRecorder({
        sources: () => this.recordingSources(),
        onError: (error) => this.emit(RoomEvent.Error, { error, fatal: false }),
      });
      if (state === RecordingState.Paused) recorder.pause();
      return recorder;
    } catch (error) {
      this.emit(RoomEvent.Error, { error: error as Error, fatal: false });
      // A recording that cannot run must not show as running on anyone's screen.
      this.consent.stop();
      return null;
    }
  }

  private onRecordingEnded(end: RoomEventMap[RoomEvent.RecordingEnded]): void {
    this.emit(RoomEvent.RecordingEnded, end);
    const recorder = this.recorder;
    this.recorder = null;
    void recorder
      ?.then(async (r) => {
        if (r) this.emit(RoomEvent.RecordingSaved, { file: await r.stop() });
      })
      .catch((error: Error) => this.emit(RoomEvent.Error, { error, fatal: false }));
  }

  /** What the recording shows and mixes: us (as the others see and hear us), everyone present, and shared screens. */
  private recordingSources(): RecordingSource[] {
    const sources: RecordingSource[] = [
      {
        id: this.localPeerId,
        name: this.name,
        video: this.media.state.video ? this.selfView?.getVideoTracks()[0] ?? null : null,
        audio: this.effects.outgoing('audio'),
      },
    ];
    for (const { info } of this.peers.values()) {
      sources.push({
        id: info.peerId,
        name: info.name,
        video: info.media.video ? info.stream?.getVideoTracks()[0] ?? null : null,
        audio: info.stream?.getAudioTracks()[0] ?? null,
      });
    }
    const screens = [
      ...(this.localScreen ? [{ id: this.localPeerId, name: this.name, stream: this.localScreen }] : []),
      ...[...this.peers.values()].filter((p) => p.info.screen).map((p) => ({ id: p.info.peerId, name: p.info.name, stream: p.info.screen! })),
    ];
    for (const screen of screens) {
      sources.push({ id: `${screen.id}-screen`, name: `${screen.name || 'Guest'} (screen)`, video: screen.stream.getVideoTracks()[0] ?? null, audio: null });
    }
    return sources;
  }

  /** A peer's message did not pass the checks in peer-messages.ts: reported, never acted on. */
  private dropped(peerId: string, error: PeerMessageDroppedError): void {
    this.emit(RoomEvent.Error, { error, fatal: false, peerId });
  }

  /** Signaling, not the message, says who is a host: a guest cannot forge a request. */
  private onMuteRequest(from: Participant): void {
    if (from.role !== 'host' || !this.media.state.audio) return;
    this.emit(RoomEvent.MuteRequested, { peerId: from.peerId, name: from.name });
  }

  /** Sends every peer the track an effect change resolved to; on failure, the unprocessed track (the effect is off). */
  private async sendEffect(kind: 'audio' | 'video', change: Promise<MediaStreamTrack | null>): Promise<void> {
    try {
      const track = await change;
      if (!this.closed) for (const peer of this.peers.values()) this.sendTrack(peer, kind, track);
    } catch (error) {
      if (!this.closed) for (const peer of this.peers.values()) this.sendTrack(peer, kind, this.effects.outgoing(kind));
      throw error;
    } finally {
      // The self-view follows what is sent.
      if (kind === 'video' && !this.closed) this.emit(RoomEvent.LocalMediaChanged, { state: this.media.state, stream: this.media.stream });
    }
  }

  private sendTrack(peer: Peer, kind: 'audio' | 'video', track: MediaStreamTrack | null): void {
    peer.session.setLocalTrack(kind, track, this.media.stream).catch((error: Error) => {
      this.emit(RoomEvent.Error, { error, fatal: false, peerId: peer.info.peerId });
    });
  }

  private dropPeer(peerId: string, reason: RoomEventMap[RoomEvent.PeerLeft]['reason']): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.peers.delete(peerId);
    peer.session.close();
    this.files.peerGone(peerId);
    this.monitor.forget(peerId);
    this.hands.forget(peerId);
    this.reactions.forget(peerId);
    this.consent.peerLeft(peerId);
    this.updateCaps();
    this.emit(RoomEvent.PeerLeft, { peerId, reason });
  }

  private requirePeer(peerId: string): Peer {
    const peer = this.peers.get(peerId);
    if (!peer) throw new RefusedError('peer-not-found', `No participant ${peerId} in this room.`);
    return peer;
  }

  private updateCaps(): void {
    const people = this.peers.size + 1;
    for (const peer of this.peers.values()) void peer.session.setPeopleInRoom(people);
  }
}
