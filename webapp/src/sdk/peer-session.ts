import { preferMeshVideoCodec } from './codec-preferences';
import { DATA_CHANNELS, ICE_DEFAULTS, NEGOTIATION_DEFAULTS } from './defaults';
import { Emitter } from './emitter';
import type { MediaState, SignalData } from './protocol';
import { applySenderCaps, capsForPeople } from './sender-caps';
import { readStats } from './stats-reading';
import { StateMachine, type IllegalTransitionError, type StateChange } from './state-machine';

/** The life of one peer pair's connection: one state at a time, changed only along PAIR_TRANSITIONS. */
export enum PairState {
  /** Created; nothing negotiated yet. */
  New = 'new',
  /** The first offer/answer and ICE checks are under way. */
  Negotiating = 'negotiating',
  /** Media can flow (RTCPeerConnection `connected`); renegotiations happen within this state. */
  Connected = 'connected',
  /** The path was lost (`disconnected`, `failed`) or inbound video stalled: an ICE restart is under way. */
  Recovering = 'recovering',
  /** This connection cannot recover by itself (see `negotiation-failed`); the Room replaces it with a new one. */
  Failed = 'failed',
  /** Closed for good. */
  Closed = 'closed',
}

/** The transitions allowed from each pair state (anything else is a bug: see StateMachine). */
export const PAIR_TRANSITIONS: { readonly [K in PairState]: readonly PairState[] } = {
  [PairState.New]: [PairState.Negotiating, PairState.Failed, PairState.Closed],
  [PairState.Negotiating]: [PairState.Connected, PairState.Recovering, PairState.Failed, PairState.Closed],
  [PairState.Connected]: [PairState.Recovering, PairState.Failed, PairState.Closed],
  [PairState.Recovering]: [PairState.Connected, PairState.Failed, PairState.Closed],
  [PairState.Failed]: [PairState.Closed],
  [PairState.Closed]: [],
};

export interface PeerSessionEventMap {
  track: { track: MediaStreamTrack; stream: MediaStream };
  'media-state': MediaState;
  /** The peer's screen share started (its stream) or stopped (null). */
  screen: MediaStream | null;
  'connection-state': RTCPeerConnectionState;
  /** A channel the other side opened (file transfers); the control channel is `session.control`. */
  'data-channel': RTCDataChannel;
  error: Error;
  /**
   * This connection cannot recover by itself: a description failed to apply, the pair stayed off `stable`, or
   * inbound video stayed stalled through an ICE restart. The Room answers with a fresh connection (a rebuild).
   */
  'negotiation-failed': { reason: string };
  /** Every change of `state`, in order. */
  'state-changed': StateChange<PairState>;
  /** A transition the table does not allow was asked for (production builds report it instead of throwing). */
  'illegal-transition': IllegalTransitionError;
}

export interface PeerSessionOptions {
  localPeerId: string;
  remotePeerId: string;
  rtcConfig: RTCConfiguration;
  sendSignal: (data: SignalData) => void;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  createMediaStream?: () => MediaStream;
  /** Overrides ICE_DEFAULTS.connectTimeoutMs. */
  connectTimeoutMs?: number;
  /**
   * Whether this side makes the pair's first offer at once (default: the impolite side does). The Room says yes for
   * every peer it finds in `joined` (the newcomer offers) and no for a peer announced by `peer-joined` (whose offer
   * is already on its way), so nobody waits for anything but that offer.
   */
  offerFirst?: boolean;
  /** Overrides ICE_DEFAULTS.firstOfferFallbackMs. */
  firstOfferFallbackMs?: number;
  /** This connection's generation for the pair (0 for the first, counted up by each rebuild); sent with every signal. */
  generation?: number;
  /** Overrides NEGOTIATION_DEFAULTS (stuckMs, stallCheckMs, stallMs). */
  recovery?: Partial<Record<'stuckMs' | 'stallCheckMs' | 'stallMs', number>>;
  /**
   * How often this pair was rebuilt since it was last connected. Each such rebuild doubles how long the connection
   * may stay off `stable` or stalled before it is judged failed (at most NEGOTIATION_DEFAULTS.maxPatienceDoublings
   * times): on a machine or network too slow for the defaults, a rebuilt pair gets the time to finish instead of
   * being rebuilt again and again.
   */
  rebuildsSinceConnected?: number;
  /** Throw on an impossible state transition (default: in development builds). */
  strictTransitions?: boolean;
}

/** Within a pair, the lexicographically smaller peerId is polite (docs/signaling.md). */
export function isPolite(localPeerId: string, remotePeerId: string): boolean {
  return localPeerId < remotePeerId;
}

/**
 * One RTCPeerConnection with one remote peer, negotiated with W3C perfect negotiation: either side may
 * add tracks or restart ICE at any time, and offers that cross are settled by politeness and rollback.
 */
export class PeerSession extends Emitter<PeerSessionEventMap> {
  readonly pc: RTCPeerConnection;
  readonly polite: boolean;
  /** Whether this side makes the first offer (PeerSessionOptions.offerFirst). */
  readonly offerFirst: boolean;
  /** Negotiated out of band with the same id on both sides, so neither waits for the other to open it. */
  readonly control: RTCDataChannel;
  readonly remoteStream: MediaStream | null;
  private makingOffer = false;
  private ignoreOffer = false;
  private isSettingRemoteAnswerPending = false;
  private readonly pendingCandidates: RTCIceCandidateInit[] = [];
  private readonly senders = new Map<'audio' | 'video', RTCRtpSender>();
  private screenSender: RTCRtpSender | null = null;
  /** The stream id the peer announced for its screen share. */
  private remoteScreenId: string | null = null;
  private people = 2;
  /** Set by the network-quality monitor when this peer's path is poor; tighter than the room-size cap. */
  private bitrateCap: number | null = null;
  private disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private connectRestarts = 0;
  private firstOfferTimer: ReturnType<typeof setTimeout> | null = null;
  private firstOfferDue = false;
  private readonly machine: StateMachine<PairState>;
  private stuckTimer: ReturnType<typeof setTimeout> | null = null;
  private stallTimer: ReturnType<typeof setInterval> | null = null;
  /** Inbound video frames at the last reading, and when they last rose (or when watching began). */
  private lastFrames = -1;
  private lastProgressAt = 0;
  private stallRestarted = false;
  /** What the peer last said about its camera; on until it says otherwise. */
  private remoteVideoOn = true;
  private inbound: Promise<void> = Promise.resolve();
  /**
   * A first connection's state, screen and ICE-restart signals, held until this side sends its first description
   * and then sent with it: a signal from the pair's side that does not offer first would otherwise reach the
   * newcomer before any offer, and the newcomer could not tell it from an offer its call set-up overtook
   * (SignalingClient.heldSignalSenders). A rebuilt connection sends at once: its first signal tells the other side
   * to rebuild too. Null once a description went out.
   */
  private preamble: SignalData | null;
  /** Outgoing signals wait here while a large description is being compressed, so their order holds. */
  private capsChain: Promise<void> = Promise.resolve();

  constructor(private readonly options: PeerSessionOptions) {
    super();
    this.machine = new StateMachine({
      name: `pair ${options.remotePeerId}`,
      initial: PairState.New,
      transitions: PAIR_TRANSITIONS,
      strict: options.strictTransitions,
      onChange: (change) => this.emit('state-changed', change),
      onIllegal: (error) => this.emit('illegal-transition', error),
    });
    this.polite = isPolite(options.localPeerId, options.remotePeerId);
    this.offerFirst = options.offerFirst ?? !this.polite;
    this.preamble = this.generation === 0 ? {} : null;
    const create = options.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.pc = create(options.rtcConfig);
    this.remoteStream = options.createMediaStream ? options.createMediaStream() : null;
    this.control = this.pc.createDataChannel(DATA_CHANNELS.control.label, {
      negotiated: true,
      id: DATA_CHANNELS.control.id,
      ordered: true,
    });
    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => {
      // A null candidate only marks the end of gathering; the other side needs nothing for it.
      if (candidate) this.signal({ candidate: candidate.toJSON() });
    };
    this.pc.ontrack = ({ track, streams }) => {
      if (this.remoteScreenId !== null && streams.some((s) => s.id === this.remoteScreenId)) {
        this.emit('screen', new MediaStream([track]));
        return;
      }
      const stream = this.remoteStream;
      if (!stream) return;
      if (!stream.getTracks().includes(track)) {
        for (const old of stream.getTracks().filter((t) => t.kind === track.kind)) stream.removeTrack(old);
        stream.addTrack(track);
      }
      this.emit('track', { track, stream });
    };
    this.pc.ondatachannel = ({ channel }) => this.emit('data-channel', channel);
    this.pc.onconnectionstatechange = () => this.onConnectionState();
    this.pc.onsignalingstatechange = () => this.watchStuck();
  }

  get state(): PairState {
    return this.machine.state;
  }

  private get closed(): boolean {
    return this.state === PairState.Closed;
  }

  /** Leaves `new` once anything is negotiated; later states are set by what happens to the connection. */
  private startNegotiating(): void {
    if (this.state === PairState.New) this.machine.to(PairState.Negotiating);
  }

  /** This connection's generation for the pair (see PeerSessionOptions.generation). */
  get generation(): number {
    return this.options.generation ?? 0;
  }

  get remotePeerId(): string {
    return this.options.remotePeerId;
  }

  /** Handles one `signal.data` from the remote peer, in arrival order. */
  handleSignal(data: SignalData): Promise<void> {
    this.inbound = this.inbound.then(() => this.processSignal(data));
    return this.inbound;
  }

  private async processSignal(data: SignalData): Promise<void> {
    if (this.closed) return;
    try {
      if (data.state) {
        this.remoteVideoOn = data.state.video;
        this.emit('media-state', data.state);
      }
      // Only the impolite side starts ICE restarts; the polite side asks for one (restartIce).
      if (data.iceRestart && !this.polite) this.pc.restartIce();
      if (data.screen !== undefined) {
        this.remoteScreenId = data.screen;
        if (data.screen === null) this.emit('screen', null);
      }
      if (data.description) {
        try {
          await this.onDescription(data.description);
        } catch (error) {
          // E.g. Chromium's `InvalidAccessError: RTP extension ID reassignment not supported` after its implicit
          // rollback of a crossing offer from Firefox: this connection will not negotiate again.
          this.emit('error', error as Error);
          this.fail(`could not apply the peer's ${data.description.type}: ${(error as Error).name}`);
          return;
        }
      }
      if (data.candidate) await this.onCandidate(data.candidate);
    } catch (error) {
      this.emit('error', error as Error);
    }
  }

  private signal(data: SignalData): void {
    if (this.preamble) {
      if (!data.description && !data.candidate) {
        Object.assign(this.preamble, data);
        return;
      }
      if (data.description) {
        data = { ...this.preamble, ...data };
        this.preamble = null;
      }
    }
    const generation = this.generation;
    this.options.sendSignal(generation > 0 ? { ...data, gen: generation } : data);
  }

  /** Reports, once, that this connection cannot recover by itself (the Room rebuilds the pair). */
  private fail(reason: string): void {
    if (this.state === PairState.Closed || this.state === PairState.Failed) return;
    this.machine.to(PairState.Failed);
    this.emit('negotiation-failed', { reason });
  }

  /** A pair that leaves `stable` must come back within NEGOTIATION_DEFAULTS.stuckMs, else it has failed. */
  private watchStuck(): void {
    if (this.closed) return;
    if (this.pc.signalingState === 'stable') {
      if (this.stuckTimer) clearTimeout(this.stuckTimer);
      this.stuckTimer = null;
      return;
    }
    this.stuckTimer ??= setTimeout(() => {
      this.stuckTimer = null;
      if (!this.closed && this.pc.signalingState !== 'stable') this.fail(`stuck in ${this.pc.signalingState}`);
    }, this.patient(this.options.recovery?.stuckMs ?? NEGOTIATION_DEFAULTS.stuckMs));
  }

  /** A failure bound, lengthened for a pair rebuilt without connecting in between (see rebuildsSinceConnected). */
  private patient(ms: number): number {
    return ms * 2 ** Math.min(this.options.rebuildsSinceConnected ?? 0, NEGOTIATION_DEFAULTS.maxPatienceDoublings);
  }

  /**
   * While connected, checks that inbound video keeps decoding whenever the peer says its camera is on. A stall
   * gets an ICE restart first; one that outlasts it as long again fails the connection.
   */
  private watchStall(): void {
    if (this.stallTimer || this.closed || typeof this.pc.getStats !== 'function') return;
    this.lastFrames = -1;
    this.stallRestarted = false;
    this.stallTimer = setInterval(() => void this.checkStall(), this.options.recovery?.stallCheckMs ?? NEGOTIATION_DEFAULTS.stallCheckMs);
  }

  private stopWatchingStall(): void {
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.stallTimer = null;
  }

  private async checkStall(): Promise<void> {
    let frames = 0;
    let receiving = false;
    const report = await readStats(this.pc);
    if (!report) return; // closed meanwhile, or no answer: the next check reads again
    report.forEach((stat: { type: string; kind?: string; framesDecoded?: number; trackIdentifier?: string }) => {
      if (stat.type !== 'inbound-rtp' || stat.kind !== 'video') return;
      if (!this.isCameraTrack(stat.trackIdentifier)) return;
      receiving = true;
      frames += stat.framesDecoded ?? 0;
    });
    const now = Date.now();
    const eligible = receiving && this.remoteVideoOn && this.pc.connectionState === 'connected' && this.pc.signalingState === 'stable';
    if (!eligible || frames > this.lastFrames) {
      if (frames > this.lastFrames && this.lastFrames >= 0) {
        this.stallRestarted = false;
        if (this.state === PairState.Recovering && this.pc.connectionState === 'connected') this.machine.to(PairState.Connected);
      }
      this.lastFrames = frames;
      this.lastProgressAt = now;
      return;
    }
    const stallMs = this.patient(this.options.recovery?.stallMs ?? NEGOTIATION_DEFAULTS.stallMs);
    if (now - this.lastProgressAt < stallMs) return;
    if (!this.stallRestarted) {
      this.stallRestarted = true;
      this.lastProgressAt = now;
      if (this.state === PairState.Connected) this.machine.to(PairState.Recovering);
      this.restartIce();
    } else {
      this.fail('inbound video stalled while connected');
    }
  }

  /** Whether an inbound track id is the peer's camera (its screen share may pause when nothing changes). */
  private isCameraTrack(trackId: string | undefined): boolean {
    const camera = this.remoteStream?.getVideoTracks()[0];
    return !camera || trackId === undefined || camera.id === trackId;
  }

  /** Sends our microphone/camera state; it rides on signaling so it arrives even before media flows. */
  sendMediaState(state: MediaState): void {
    this.signal({ state });
  }

  /**
   * Sends `track` (or nothing, for `null`) as our audio or video. Swapping an existing sender's track needs
   * no renegotiation; the first track of a kind adds a sender and lets `negotiationneeded` do the rest.
   */
  async setLocalTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null, stream: MediaStream): Promise<void> {
    if (this.closed) return;
    const sender = this.senders.get(kind);
    if (sender) {
      await sender.replaceTrack(track);
    } else if (track) {
      this.senders.set(kind, this.pc.addTrack(track, stream));
    }
    await this.applyCaps();
  }

  /**
   * Starts (a track) or stops (null) sending our screen share as an extra video track. The stream id is
   * announced over signaling first, so it arrives before the offer that carries the track.
   */
  setScreenTrack(track: MediaStreamTrack | null, stream: MediaStream | null): void {
    if (this.closed) return;
    if (this.screenSender) {
      this.pc.removeTrack(this.screenSender);
      this.screenSender = null;
    }
    if (track && stream) {
      this.signal({ screen: stream.id });
      this.screenSender = this.pc.addTrack(track, stream);
    } else {
      this.signal({ screen: null });
    }
  }

  /** Tightens or relaxes our sending caps for a room of `people` participants. */
  async setPeopleInRoom(people: number): Promise<void> {
    this.people = people;
    await this.applyCaps();
  }

  /** Caps our video to this peer below the room-size cap (null lifts it), e.g. while their path is poor. */
  async setBitrateCap(maxBitrate: number | null): Promise<void> {
    this.bitrateCap = maxBitrate;
    await this.applyCaps();
  }

  /** New TURN credentials: used by the next ICE gathering (restarts included); the running path is untouched. */
  setIceServers(iceServers: RTCIceServer[]): void {
    if (!this.closed) this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
  }

  /**
   * Restarts ICE. Only the impolite side of a pair ever starts a restart; the polite side asks it to
   * (`signal.data.iceRestart`), so two restarts never cross (a polite Firefox rolling back its own restart was
   * seen leaving Chromium→Firefox video stalled at a few frames a second while both said `connected`).
   */
  restartIce(): void {
    if (this.closed) return;
    if (this.polite) this.signal({ iceRestart: true });
    else this.pc.restartIce();
  }

  close(): void {
    if (this.closed) return;
    this.machine.to(PairState.Closed);
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    if (this.connectTimer) clearTimeout(this.connectTimer);
    if (this.firstOfferTimer) clearTimeout(this.firstOfferTimer);
    if (this.stuckTimer) clearTimeout(this.stuckTimer);
    this.stopWatchingStall();
    this.pc.onnegotiationneeded = null;
    this.pc.onsignalingstatechange = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.ondatachannel = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
    this.removeAllListeners();
  }

  /**
   * Negotiates now rather than on `negotiationneeded`, which the browser queues as a task: for a call's first
   * connections that task waited behind what the page ran next (the call screen's first render, 50–90 ms), and the
   * first offer with it. The queued event then finds the connection no longer `stable` and does not fire. Call it
   * once the tracks are added and before any signal of the peer is handled. On the side that does not offer first
   * it only starts waiting for the other side's offer (`deferFirstOffer`).
   */
  negotiateNow(): void {
    void this.negotiate();
  }

  private async negotiate(): Promise<void> {
    // An offer on its way already (negotiateNow, then a late event), or one to answer first: nothing to start.
    if (this.closed || this.makingOffer || this.pc.signalingState !== 'stable') return;
    if (this.deferFirstOffer()) return;
    this.startNegotiating();
    try {
      this.makingOffer = true;
      preferMeshVideoCodec(this.pc);
      await this.pc.setLocalDescription();
      if (this.pc.localDescription) this.signal({ description: this.pc.localDescription.toJSON() });
    } catch (error) {
      this.emit('error', error as Error);
    } finally {
      this.makingOffer = false;
    }
  }

  /**
   * True while this side should hold back its first offer because the other side makes it (see `offerFirst`): two
   * first offers would cross, and headless Chromium was seen never gathering ICE candidates on a connection whose
   * very first offer was rolled back. Once the other offer is answered, `negotiationneeded` fires again for whatever
   * this side still has to send. Only if no offer came in ICE_DEFAULTS.firstOfferFallbackMs (it was lost with a
   * dropped socket) does this side offer itself.
   */
  private deferFirstOffer(): boolean {
    if (this.offerFirst || this.firstOfferDue || this.pc.remoteDescription) return false;
    this.firstOfferTimer ??= setTimeout(() => {
      this.firstOfferTimer = null;
      this.firstOfferDue = true;
      if (!this.closed && !this.pc.remoteDescription && this.pc.signalingState === 'stable') void this.negotiate();
    }, this.options.firstOfferFallbackMs ?? ICE_DEFAULTS.firstOfferFallbackMs);
    return true;
  }

  private async onDescription(description: RTCSessionDescriptionInit): Promise<void> {
    if (this.firstOfferTimer) {
      clearTimeout(this.firstOfferTimer);
      this.firstOfferTimer = null;
    }
    this.firstOfferDue = true;
    this.startNegotiating();
    const readyForOffer =
      !this.makingOffer && (this.pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending);
    const offerCollision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.polite && offerCollision;
    if (this.ignoreOffer) return;
    this.isSettingRemoteAnswerPending = description.type === 'answer';
    try {
      await this.pc.setRemoteDescription(description); // rolls back our own offer when polite and colliding
    } finally {
      this.isSettingRemoteAnswerPending = false;
    }
    await this.flushCandidates();
    if (description.type === 'offer') {
      preferMeshVideoCodec(this.pc);
      await this.pc.setLocalDescription();
      if (this.pc.localDescription) this.signal({ description: this.pc.localDescription.toJSON() });
    }
    this.watchConnect();
  }

  /**
   * Once an exchange completes, the impolite side restarts ICE if the connection does not come up in time; a pair
   * still not connected after ICE_DEFAULTS.maxConnectRestarts restarts has failed, and the Room rebuilds it.
   */
  private watchConnect(): void {
    if (this.polite || this.connectTimer || this.pc.connectionState === 'connected') return;
    this.connectTimer = setTimeout(() => {
      this.connectTimer = null;
      const state = this.pc.connectionState;
      if (this.closed || (state !== 'new' && state !== 'connecting')) return;
      if (this.connectRestarts < ICE_DEFAULTS.maxConnectRestarts) {
        this.connectRestarts++;
        this.restartIce();
      } else {
        this.fail(`not connected after ${this.connectRestarts} ICE restarts`);
      }
    }, this.options.connectTimeoutMs ?? ICE_DEFAULTS.connectTimeoutMs);
  }

  private async onCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(candidate);
      return;
    }
    await this.addCandidate(candidate);
  }

  /** Adds the candidates held back; one that fails does not keep the others out. */
  private async flushCandidates(): Promise<void> {
    for (const candidate of this.pendingCandidates.splice(0)) {
      await this.addCandidate(candidate).catch((error: Error) => this.emit('error', error));
    }
  }

  private async addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates for an offer we ignored, or from before an ICE restart, are expected to fail.
      if (!this.ignoreOffer && !isStaleCandidateError(error)) throw error;
    }
  }

  private onConnectionState(): void {
    const state = this.pc.connectionState;
    if (this.closed) return;
    this.startNegotiating();
    if (state === 'connected' && this.state !== PairState.Failed) this.machine.to(PairState.Connected);
    else if ((state === 'disconnected' || state === 'failed') && this.state !== PairState.Failed) this.machine.to(PairState.Recovering);
    this.emit('connection-state', state);
    if (this.disconnectedTimer) clearTimeout(this.disconnectedTimer);
    this.disconnectedTimer = null;
    if (state === 'connected') {
      if (this.connectTimer) clearTimeout(this.connectTimer);
      this.connectTimer = null;
      this.connectRestarts = 0;
    }
    if (state === 'connected') this.watchStall();
    else if (state === 'closed' || state === 'failed') this.stopWatchingStall();
    if (state === 'failed') {
      this.restartIce();
    } else if (state === 'disconnected') {
      this.disconnectedTimer = setTimeout(() => {
        if (this.pc.connectionState === 'disconnected') this.restartIce();
      }, ICE_DEFAULTS.disconnectedRestartMs);
    } else if (state === 'connected') {
      void this.applyCaps();
    }
  }

  /**
   * Applies the caps for the current room size. Calls are chained: two interleaved getParameters/setParameters
   * pairs on one sender make the second fail. Negotiation can also change the parameters between the two
   * calls (InvalidModificationError); the caps are then applied again once connected.
   */
  private applyCaps(): Promise<void> {
    this.capsChain = this.capsChain.then(async () => {
      const roomCaps = capsForPeople(this.people);
      const caps =
        this.bitrateCap === null ? roomCaps : { ...roomCaps, maxBitrate: Math.min(roomCaps.maxBitrate, this.bitrateCap) };
      for (const [kind, sender] of this.senders) {
        try {
          await applySenderCaps(sender, kind, caps);
        } catch (error) {
          // Caps are an optimisation: a sender that refuses them still sends, just less economically.
          if ((error as Error).name !== 'InvalidModificationError') this.emit('error', error as Error);
        }
      }
    });
    return this.capsChain;
  }
}

function isStaleCandidateError(error: unknown): boolean {
  return error instanceof Error && error.name === 'OperationError';
}
