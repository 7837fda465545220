import { describe, expect, it, vi } from 'vitest';
import { PairState, PeerSession, isPolite, type PeerSessionOptions } from './peer-session';
import type { SignalData } from './protocol';

/**
 * A fake RTCPeerConnection modelling only what perfect negotiation relies on: the signaling state machine,
 * argument-less setLocalDescription, implicit rollback, the operations chain, negotiationneeded that fires
 * again once stable while something is still unnegotiated, ICE ufrags that change on restart, and
 * addIceCandidate refusing candidates before a remote description or for another ufrag.
 */
class FakePeerConnection {
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: { type: RTCSdpType; sdp: string; toJSON(): RTCSessionDescriptionInit } | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((e: { candidate: { toJSON(): RTCIceCandidateInit } | null }) => void) | null = null;
  ontrack: ((e: { track: MediaStreamTrack }) => void) | null = null;
  ondatachannel: ((e: { channel: RTCDataChannel }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  readonly localTracks: string[] = [];
  readonly receivedTracks: string[] = [];
  readonly addedCandidates: string[] = [];
  rollbacks = 0;
  offersMade = 0;
  private negotiatedTracks: string[] = [];
  private hasChannel = false;
  private channelNegotiated = false;
  private ufrag = 1;
  private offeredUfrag = 1;
  private negotiatedUfrag = 1;
  private chain: Promise<unknown> = Promise.resolve();
  private negotiationFirePending = false;

  constructor(readonly name: string) {}

  createDataChannel(label: string) {
    this.hasChannel = true;
    this.updateNegotiationNeeded();
    return { label, readyState: 'connecting' } as unknown as RTCDataChannel;
  }

  addTrack(track: MediaStreamTrack) {
    this.localTracks.push(track.id);
    this.updateNegotiationNeeded();
    return { getParameters: () => ({ encodings: [] }) } as unknown as RTCRtpSender;
  }

  restartIce() {
    this.ufrag++;
    this.updateNegotiationNeeded();
  }

  setLocalDescription(): Promise<void> {
    return this.enqueue(async () => {
      if (this.signalingState === 'have-remote-offer') {
        this.channelNegotiated ||= JSON.parse(this.remoteDescription!.sdp!).channel;
        this.localDescription = this.describe('answer', this.negotiatedTracks);
        this.signalingState = 'stable';
        this.updateNegotiationNeeded();
      } else {
        this.offersMade++;
        this.localDescription = this.describe('offer', this.localTracks);
        this.signalingState = 'have-local-offer';
      }
      this.gatherCandidate();
    });
  }

  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    return this.enqueue(async () => {
      const body = JSON.parse(description.sdp!) as { tracks: string[]; ufrag: string };
      if (description.type === 'offer') {
        if (this.signalingState === 'have-local-offer') {
          this.rollbacks++;
          this.localDescription = null;
          this.signalingState = 'stable';
        }
        if (this.signalingState !== 'stable') throw domError('InvalidStateError', `SRD(offer) in ${this.signalingState}`);
        this.signalingState = 'have-remote-offer';
      } else {
        if (this.signalingState !== 'have-local-offer') throw domError('InvalidStateError', `SRD(answer) in ${this.signalingState}`);
        this.signalingState = 'stable';
        this.negotiatedTracks = JSON.parse(this.localDescription!.sdp).tracks;
        this.channelNegotiated ||= JSON.parse(this.localDescription!.sdp).channel;
        this.negotiatedUfrag = this.offeredUfrag;
      }
      this.remoteDescription = description;
      for (const id of body.tracks) {
        if (!this.receivedTracks.includes(id)) {
          this.receivedTracks.push(id);
          this.ontrack?.({ track: { id, kind: 'video' } as MediaStreamTrack });
        }
      }
      if (this.signalingState === 'stable') this.updateNegotiationNeeded();
    });
  }

  addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    return this.enqueue(async () => {
      if (!this.remoteDescription) throw domError('InvalidStateError', 'no remote description');
      const remoteUfrag = JSON.parse(this.remoteDescription.sdp!).ufrag;
      if (!candidate.candidate!.endsWith(`ufrag-${remoteUfrag}`)) throw domError('OperationError', 'unknown ufrag');
      this.addedCandidates.push(candidate.candidate!);
    });
  }

  setConnectionState(state: RTCPeerConnectionState) {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }

  close() {
    this.signalingState = 'closed';
  }

  private describe(type: RTCSdpType, tracks: string[]) {
    const sdp = JSON.stringify({ tracks, ufrag: `${this.name}${this.ufrag}`, channel: this.hasChannel || this.channelNegotiated });
    if (type === 'offer') this.offeredUfrag = this.ufrag;
    else this.negotiatedUfrag = this.ufrag;
    return { type, sdp, toJSON: () => ({ type, sdp }) };
  }

  private gatherCandidate() {
    const ufrag = `${this.name}${this.ufrag}`;
    setTimeout(() => this.onicecandidate?.({ candidate: { toJSON: () => ({ candidate: `cand ufrag-${ufrag}` }) } }), 0);
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const result = this.chain.then(op);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private updateNegotiationNeeded() {
    if (this.negotiationFirePending) return;
    this.negotiationFirePending = true;
    setTimeout(() => {
      this.negotiationFirePending = false;
      if (this.signalingState !== 'stable') return; // fires again when we are back to stable
      const unsent = this.localTracks.some((t) => !this.negotiatedTracks.includes(t));
      const channel = this.hasChannel && !this.channelNegotiated;
      if (unsent || channel || this.ufrag !== this.negotiatedUfrag) this.onnegotiationneeded?.();
    }, 0);
  }
}

function domError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Two sessions joined by a fake signaling channel that delivers each message in a later task. */
function connectedPair(idA = 'peer-a', idB = 'peer-b', connectTimeoutMs = 60_000, offerFirst?: Record<string, boolean>) {
  const pcs: Record<string, FakePeerConnection> = {};
  const errors: Error[] = [];
  const sessions: Record<string, PeerSession> = {};
  const make = (local: string, remote: string) =>
    new PeerSession({
      localPeerId: local,
      remotePeerId: remote,
      rtcConfig: {},
      sendSignal: (data: SignalData) => {
        setTimeout(() => void sessions[remote].handleSignal(JSON.parse(JSON.stringify(data))), 0);
      },
      createPeerConnection: () => (pcs[local] = new FakePeerConnection(local)) as unknown as RTCPeerConnection,
      connectTimeoutMs,
      offerFirst: offerFirst?.[local],
      firstOfferFallbackMs: 60_000,
    });
  sessions[idA] = make(idA, idB);
  sessions[idB] = make(idB, idA);
  for (const s of Object.values(sessions)) s.on('error', (e) => errors.push(e));
  return { a: sessions[idA], b: sessions[idB], pcA: pcs[idA], pcB: pcs[idB], errors };
}

/** One side on its own: a session over a fake connection, whose outgoing signals are kept in `sent`. */
function loneSession(localPeerId: string, remotePeerId: string, options: Partial<PeerSessionOptions> = {}) {
  const pc = new FakePeerConnection(localPeerId);
  const sent: SignalData[] = [];
  const session = new PeerSession({
    localPeerId,
    remotePeerId,
    rtcConfig: {},
    sendSignal: (data) => sent.push(data),
    createPeerConnection: () => pc as unknown as RTCPeerConnection,
    ...options,
  });
  return { session, pc, sent };
}

const track = (id: string) => ({ id, kind: 'video' }) as MediaStreamTrack;
const stream = {} as MediaStream;

/** How long a test waits for something that must happen: far beyond its timers, for a loaded machine. */
const SLOW_MACHINE = { timeout: 5_000, interval: 5 };

async function settle(pcs: FakePeerConnection[]) {
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 0));
    if (i > 10 && pcs.every((pc) => pc.signalingState === 'stable')) {
      await new Promise((r) => setTimeout(r, 5));
      if (pcs.every((pc) => pc.signalingState === 'stable')) return;
    }
  }
  throw new Error(`did not settle: ${pcs.map((pc) => pc.signalingState).join(', ')}`);
}

describe('isPolite', () => {
  it('makes exactly one side of every pair polite, the smaller peerId', () => {
    expect(isPolite('a1', 'b2')).toBe(true);
    expect(isPolite('b2', 'a1')).toBe(false);
  });
});

describe('PeerSession perfect negotiation', () => {
  it('delivers a track added by one side to the other', async () => {
    const { a, pcA, pcB, errors } = connectedPair();
    await a.setLocalTrack('video', track('cam-a'), stream);
    await settle([pcA, pcB]);
    expect(pcB.receivedTracks).toEqual(['cam-a']);
    expect(errors).toEqual([]);
  });

  it('leaves the first offer of a new connection to the impolite side, so no rollback is needed', async () => {
    const { a, b, pcA, pcB, errors } = connectedPair();
    await Promise.all([a.setLocalTrack('video', track('cam-a'), stream), b.setLocalTrack('video', track('cam-b'), stream)]);
    await settle([pcA, pcB]);
    expect(pcA.rollbacks + pcB.rollbacks).toBe(0);
    expect(pcA.receivedTracks).toEqual(['cam-b']);
    expect(pcB.receivedTracks).toEqual(['cam-a']);
    expect(errors).toEqual([]);
  });

  it('lets a polite newcomer make the first offer when told to, and the impolite side waits for it without rollback', async () => {
    // peer-a is polite; as the newcomer it offers first, and peer-b (already in the room) holds back.
    const { a, b, pcA, pcB, errors } = connectedPair('peer-a', 'peer-b', 60_000, { 'peer-a': true, 'peer-b': false });
    await Promise.all([a.setLocalTrack('video', track('cam-a'), stream), b.setLocalTrack('video', track('cam-b'), stream)]);
    await settle([pcA, pcB]);
    expect(pcA.offersMade).toBeGreaterThanOrEqual(1);
    expect(pcA.rollbacks + pcB.rollbacks).toBe(0);
    expect(pcA.receivedTracks).toEqual(['cam-b']);
    expect(pcB.receivedTracks).toEqual(['cam-a']);
    expect(errors).toEqual([]);
  });

  it('makes its first offer at once when told to, with no timer in the way', async () => {
    // 'a' < 'b': the polite side, which offers first only when told to
    const { session, sent } = loneSession('a', 'b', { offerFirst: true, firstOfferFallbackMs: 60_000 });
    await session.setLocalTrack('video', track('cam-a'), stream);
    await vi.waitFor(() => expect(sent.filter((d) => d.description).map((d) => d.description!.type)).toEqual(['offer']), SLOW_MACHINE);
  });

  it('makes its first offer on negotiateNow, without waiting for the negotiationneeded task, and only once', async () => {
    vi.useFakeTimers(); // holds back the fake connection's negotiationneeded task, as a long render would
    try {
      const { session, pc, sent } = loneSession('b', 'a'); // 'b' > 'a': the impolite side, which offers first
      void session.setLocalTrack('video', track('cam-b'), stream);
      session.negotiateNow();
      for (let i = 0; i < 50; i++) await Promise.resolve();

      expect(sent.filter((d) => d.description).map((d) => d.description!.type)).toEqual(['offer']);
      await vi.advanceTimersByTimeAsync(100); // the queued event runs now, and finds the offer made
      expect(pc.offersMade).toBe(1);
      expect(sent.filter((d) => d.description)).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('makes the first offer itself after a while when the side that offers first sends none', async () => {
    vi.useFakeTimers(); // the wait is the behaviour: a loaded machine must not pass its end before the test looks
    try {
      // impolite, but the other side was told to offer first
      const { session, sent } = loneSession('y', 'x', { offerFirst: false, firstOfferFallbackMs: 20 });
      await session.setLocalTrack('video', track('cam-x'), stream);
      await vi.advanceTimersByTimeAsync(19);
      expect(sent.filter((d) => d.description)).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => expect(sent.filter((d) => d.description).map((d) => d.description!.type)).toEqual(['offer']), SLOW_MACHINE);
      session.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('settles renegotiation offers made at the same instant by both sides (glare) with both tracks received', async () => {
    const { a, b, pcA, pcB, errors } = connectedPair();
    await settle([pcA, pcB]);
    await Promise.all([a.setLocalTrack('video', track('cam-a'), stream), b.setLocalTrack('video', track('cam-b'), stream)]);
    await settle([pcA, pcB]);
    expect(pcA.rollbacks).toBe(1); // peer-a is polite and gave way
    expect(pcB.rollbacks).toBe(0);
    expect(pcA.receivedTracks).toEqual(['cam-b']);
    expect(pcB.receivedTracks).toEqual(['cam-a']);
    expect(errors).toEqual([]);
  });

  it('settles renegotiation glare the same way when the polite side is the second session', async () => {
    const { a, b, pcA, pcB, errors } = connectedPair('zed', 'amy');
    await settle([pcA, pcB]);
    await Promise.all([a.setLocalTrack('video', track('cam-z'), stream), b.setLocalTrack('video', track('cam-m'), stream)]);
    await settle([pcA, pcB]);
    expect(pcB.rollbacks).toBe(1); // amy is polite
    expect(pcA.rollbacks).toBe(0);
    expect(pcA.receivedTracks).toEqual(['cam-m']);
    expect(pcB.receivedTracks).toEqual(['cam-z']);
    expect(errors).toEqual([]);
  });

  it('renegotiates a track added later from the side that answered first', async () => {
    const { a, b, pcA, pcB, errors } = connectedPair();
    await a.setLocalTrack('video', track('cam-a'), stream);
    await settle([pcA, pcB]);
    await b.setLocalTrack('video', track('cam-b'), stream);
    await settle([pcA, pcB]);
    expect(pcA.receivedTracks).toEqual(['cam-b']);
    expect(errors).toEqual([]);
  });

  it('queues remote candidates until a remote description exists, then adds them', async () => {
    const { a, pcA, pcB, errors } = connectedPair();
    await a.setLocalTrack('video', track('cam-a'), stream);
    await settle([pcA, pcB]);
    expect(pcB.addedCandidates).toContain('cand ufrag-peer-a1');
    expect(pcA.addedCandidates).toContain('cand ufrag-peer-b1');
    expect(errors).toEqual([]);
  });

  it('holds a candidate that arrives before any description and applies it after the offer', async () => {
    const { session, pc } = loneSession('x', 'y');
    const errors: Error[] = [];
    session.on('error', (e) => errors.push(e));
    await session.handleSignal({ candidate: { candidate: 'cand ufrag-y1' } });
    expect(pc.addedCandidates).toEqual([]);
    await session.handleSignal({ description: { type: 'offer', sdp: JSON.stringify({ tracks: [], ufrag: 'y1' }) } });
    expect(pc.addedCandidates).toEqual(['cand ufrag-y1']);
    expect(pc.signalingState).toBe('stable');
    expect(errors).toEqual([]);
  });

  it('restarts ICE when the connection fails, with a new offer the other side answers', async () => {
    const { a, pcA, pcB, errors } = connectedPair();
    await a.setLocalTrack('video', track('cam-a'), stream);
    await settle([pcA, pcB]);
    const offersBefore = pcA.offersMade + pcB.offersMade;
    pcA.setConnectionState('failed');
    await settle([pcA, pcB]);
    expect(pcA.offersMade + pcB.offersMade).toBe(offersBefore + 1);
    // peer-a is polite: it asks, and the impolite peer-b restarts.
    expect(JSON.parse(pcA.remoteDescription!.sdp!).ufrag).toBe('peer-b2');
    expect(JSON.parse(pcB.remoteDescription!.sdp!).ufrag).toBe('peer-a1');
    expect(errors).toEqual([]);
  });

  it('never lets two ICE restarts cross: both sides asked at once give one restart, from the impolite side', async () => {
    const { a, b, pcA, pcB, errors } = connectedPair();
    await a.setLocalTrack('video', track('cam-a'), stream);
    await settle([pcA, pcB]);
    const offersBefore = pcA.offersMade + pcB.offersMade;
    a.restartIce();
    b.restartIce();
    await settle([pcA, pcB]);
    expect(pcA.offersMade + pcB.offersMade).toBe(offersBefore + 1);
    expect(pcA.rollbacks + pcB.rollbacks).toBe(0);
    expect(JSON.parse(pcA.remoteDescription!.sdp!).ufrag).not.toBe('peer-b1');
    expect(JSON.parse(pcB.remoteDescription!.sdp!).ufrag).toBe('peer-a1');
    expect(errors).toEqual([]);
  });

  it('holds a first connection\'s state and screen signals until its first description, then sends them with it', async () => {
    // impolite, but the newcomer offers first
    const { session, sent } = loneSession('peer-b', 'peer-a', { offerFirst: false, firstOfferFallbackMs: 60_000 });
    session.sendMediaState({ audio: true, video: true });
    session.setScreenTrack(track('screen-b'), { id: 'screen-stream-b' } as MediaStream);
    session.sendMediaState({ audio: false, video: true });
    await new Promise((r) => setTimeout(r, 5));
    // Anything sent now would reach a newcomer still setting up its call and pass for an offer.
    expect(sent).toEqual([]);

    const offerer = new FakePeerConnection('peer-a');
    offerer.addTrack(track('cam-a'));
    await offerer.setLocalDescription();
    await session.handleSignal({ description: offerer.localDescription!.toJSON() });
    expect(sent[0]).toMatchObject({ state: { audio: false, video: true }, screen: 'screen-stream-b', description: { type: 'answer' } });
    session.sendMediaState({ audio: true, video: true });
    expect(sent.at(-1)).toEqual({ state: { audio: true, video: true } });
    session.close();
  });

  it('sends its generation with every signal once the pair was rebuilt', async () => {
    const { session, sent } = loneSession('peer-a', 'peer-b', { generation: 2 });
    session.sendMediaState({ audio: true, video: false });
    session.restartIce();
    expect(sent).toEqual([
      { state: { audio: true, video: false }, gen: 2 },
      { iceRestart: true, gen: 2 },
    ]);
    session.close();
  });

  it('reports a failed negotiation when a description cannot be applied', async () => {
    const { session, pc } = loneSession('peer-b', 'peer-a');
    pc.setRemoteDescription = () => Promise.reject(domError('InvalidAccessError', 'RTP extension ID reassignment not supported'));
    const failures: string[] = [];
    session.on('negotiation-failed', ({ reason }) => failures.push(reason));
    session.on('error', () => undefined);
    await session.handleSignal({ description: { type: 'offer', sdp: JSON.stringify({ tracks: [], ufrag: 'x1' }) } });
    await session.handleSignal({ description: { type: 'offer', sdp: JSON.stringify({ tracks: [], ufrag: 'x1' }) } });
    expect(failures).toEqual(["could not apply the peer's offer: InvalidAccessError"]);
    session.close();
  });

  it('reports a pair that stays off stable as failed', async () => {
    const { session, pc } = loneSession('peer-b', 'peer-a', { recovery: { stuckMs: 20 } });
    const failures: string[] = [];
    session.on('negotiation-failed', ({ reason }) => failures.push(reason));
    await pc.setLocalDescription();
    (pc as unknown as { onsignalingstatechange: () => void }).onsignalingstatechange();
    await vi.waitFor(() => expect(failures).toEqual(['stuck in have-local-offer']), SLOW_MACHINE);
    session.close();
  });

  it('gives a pair rebuilt without connecting in between twice as long per rebuild to leave have-local-offer, at most eight times as long', async () => {
    vi.useFakeTimers();
    try {
      const failedAfter = async (rebuildsSinceConnected: number) => {
        const { session, pc } = loneSession('peer-b', 'peer-a', { recovery: { stuckMs: 20 }, rebuildsSinceConnected });
        let failedAt: number | null = null;
        session.on('negotiation-failed', () => (failedAt ??= Date.now()));
        await pc.setLocalDescription();
        const offeredAt = Date.now();
        (pc as unknown as { onsignalingstatechange: () => void }).onsignalingstatechange();
        for (let ms = 0; ms < 400 && failedAt === null; ms++) await vi.advanceTimersByTimeAsync(1);
        session.close();
        return failedAt === null ? null : failedAt - offeredAt;
      };
      expect(await failedAfter(0)).toBe(20);
      expect(await failedAfter(1)).toBe(40);
      expect(await failedAfter(2)).toBe(80);
      expect(await failedAfter(3)).toBe(160);
      expect(await failedAfter(9)).toBe(160);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks for an ICE restart, then fails the pair, when connected video stops decoding; twice as late per rebuild since it last connected', async () => {
    vi.useFakeTimers();
    try {
      const stall = async (rebuildsSinceConnected: number) => {
        // peer-a is polite: its ICE restart is a request to the other side, and its own connection stays stable. A
        // rebuilt connection (generation 1) sends that request at once, not with a first description.
        const recovery = { stallCheckMs: 5, stallMs: 40 };
        const { session, pc, sent } = loneSession('peer-a', 'peer-b', { generation: 1, recovery, rebuildsSinceConnected });
        Object.assign(pc, { getStats: async () => new Map([['in', { type: 'inbound-rtp', kind: 'video', framesDecoded: 7 }]]) });
        const failures: string[] = [];
        session.on('negotiation-failed', ({ reason }) => failures.push(reason));
        pc.setConnectionState('connected');
        const start = Date.now();
        let restartAskedAfter: number | null = null;
        while (failures.length === 0 && Date.now() - start < 1_000) {
          await vi.advanceTimersByTimeAsync(5);
          if (restartAskedAfter === null && sent.some((d) => d.iceRestart)) restartAskedAfter = Date.now() - start;
        }
        session.close();
        return { restartAskedAfter, failedAfter: Date.now() - start, failures };
      };
      // The first reading (at 5 ms) counts 7 frames; none come after it.
      expect(await stall(0)).toEqual({ restartAskedAfter: 45, failedAfter: 85, failures: ['inbound video stalled while connected'] });
      expect(await stall(1)).toEqual({ restartAskedAfter: 85, failedAfter: 165, failures: ['inbound video stalled while connected'] });
    } finally {
      vi.useRealTimers();
    }
  });

  it('restarts ICE from the impolite side, a bounded number of times, when a negotiated connection never comes up', async () => {
    const { a, pcA, pcB, errors } = connectedPair('peer-a', 'peer-b', 20);
    await a.setLocalTrack('video', track('cam-a'), stream);
    await settle([pcA, pcB]);
    await vi.waitFor(() => expect(JSON.parse(pcA.remoteDescription!.sdp!).ufrag).toBe('peer-b4'), SLOW_MACHINE); // peer-b is impolite: three restarts
    await new Promise((r) => setTimeout(r, 100)); // five more connect timeouts: no fourth restart
    await settle([pcA, pcB]);
    expect(JSON.parse(pcA.remoteDescription!.sdp!).ufrag).toBe('peer-b4');
    expect(JSON.parse(pcB.remoteDescription!.sdp!).ufrag).toBe('peer-a1');
    expect(errors).toEqual([]);
  });

  it('does not restart ICE once the connection is up', async () => {
    const { a, pcA, pcB } = connectedPair('peer-a', 'peer-b', 20);
    pcA.setConnectionState('connected');
    pcB.setConnectionState('connected');
    await a.setLocalTrack('video', track('cam-a'), stream);
    await settle([pcA, pcB]);
    await new Promise((r) => setTimeout(r, 100));
    await settle([pcA, pcB]);
    expect(JSON.parse(pcA.remoteDescription!.sdp!).ufrag).toBe('peer-b1');
  });

  it('passes the remote media state on as an event', async () => {
    const { a, b } = connectedPair();
    const states: unknown[] = [];
    b.on('media-state', (s) => states.push(s));
    a.sendMediaState({ audio: false, video: true });
    await vi.waitFor(() => expect(states).toEqual([{ audio: false, video: true }]), SLOW_MACHINE);
  });
});

describe('PeerSession state', () => {
  const statesOf = (session: PeerSession) => {
    const seen: string[] = [];
    session.on('state-changed', ({ state, previous }) => seen.push(`${previous}>${state}`));
    return seen;
  };
  const setConnection = (pc: FakePeerConnection, state: RTCPeerConnectionState) => {
    pc.connectionState = state;
    pc.onconnectionstatechange?.();
  };

  it('goes new, negotiating, connected, recovering (path lost), connected, closed, one typed event per change', async () => {
    const { a, b, pcA, pcB } = connectedPair();
    const seen = statesOf(a);
    expect(a.state).toBe(PairState.New);
    await a.setLocalTrack('video', track('cam-a'), stream);
    await settle([pcA, pcB]);
    expect(a.state).toBe(PairState.Negotiating);
    setConnection(pcA, 'connecting');
    setConnection(pcA, 'connected');
    setConnection(pcA, 'disconnected');
    expect(a.state).toBe(PairState.Recovering);
    setConnection(pcA, 'connected');
    a.close();
    b.close();
    expect(seen).toEqual(['new>negotiating', 'negotiating>connected', 'connected>recovering', 'recovering>connected', 'connected>closed']);
  });

  it('goes failed when a description cannot be applied, and then only closes', async () => {
    const { session } = loneSession('a', 'b');
    session.on('error', () => {});
    const seen = statesOf(session);
    await session.handleSignal({ description: { type: 'answer', sdp: JSON.stringify({ tracks: [], ufrag: 'x' }) } });
    expect(session.state).toBe(PairState.Failed);
    session.close();
    expect(seen).toEqual(['new>negotiating', 'negotiating>failed', 'failed>closed']);
  });
});
