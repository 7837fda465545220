import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SIGNALING_DEFAULTS } from './defaults';
import { RoomEndedError } from './errors';
import type { JoinedMessage } from './protocol';
import type { ReconnectPolicy } from './reconnect-policy';
import { SignalingClient, SignalingState, UpgradeRefusedError, type SocketLike } from './signaling-client';
import { StandbySocket } from './standby-socket';

/** A scripted socket: the test opens it, feeds it frames and closes it. */
class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  readonly sent: Record<string, unknown>[] = [];
  constructor(readonly url: string) {}
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1006) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const joined = (peerId: string, resumeToken: string, resumed = false): JoinedMessage => ({
  type: 'joined',
  peerId,
  role: 'guest',
  resumeToken,
  resumed,
  room: { roomId: 'r1', maxParticipants: 4, relayOnly: false, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
  peers: [],
  waiting: [],
});

/** The client passes `signal.data` through as it is; what it carries is sealed-signals.ts's concern. */
const ENVELOPE = { v: 1, seq: 1, iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAA' };

const noDelay: ReconnectPolicy = { nextDelayMs: (attempt) => (attempt <= 3 ? 0 : null) };

function client(policy: ReconnectPolicy = noDelay, checkTerminal?: () => Promise<RoomEndedError | null>) {
  const sockets: FakeSocket[] = [];
  const c = new SignalingClient({
    url: 'wss://signal.example/prod',
    token: 'tok.en.x',
    name: 'Ada',
    policy,
    checkTerminal,
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  return { c, sockets };
}

async function flush() {
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);
}

describe('SignalingClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('connects with the token in the query, sends join on open and resolves with joined', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    expect(new URL(sockets[0].url).searchParams.get('token')).toBe('tok.en.x');
    sockets[0].open();
    expect(sockets[0].sent).toEqual([{ action: 'join', name: 'Ada' }]);
    sockets[0].receive(joined('p1', 'resume-1'));
    await expect(connecting).resolves.toMatchObject({ peerId: 'p1' });
  });

  it('rejects with UpgradeRefusedError when the socket closes before opening', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].close();
    await expect(connecting).rejects.toBeInstanceOf(UpgradeRefusedError);
  });

  it('re-emits server messages by type', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'r'));
    await connecting;
    c.release();
    const seen: string[] = [];
    c.on('peer-joined', (m) => seen.push(`joined:${m.peer.peerId}`));
    c.on('signal', (m) => seen.push(`signal:${m.from}`));
    c.on('peer-left', (m) => seen.push(`left:${m.peerId}:${m.reason}`));
    sockets[0].receive({ type: 'peer-joined', peer: { peerId: 'p2', name: 'B', role: 'guest' } });
    sockets[0].receive({ type: 'signal', from: 'p2', data: {} });
    sockets[0].receive({ type: 'peer-left', peerId: 'p2', reason: 'left' });
    expect(seen).toEqual(['joined:p2', 'signal:p2', 'left:p2:left']);
  });

  // Another joiner can read our seat as joined, and signal us, before the server's reply to our join reaches us.
  it('holds call messages that overtook joined, and those after it, until release, then emits them in order', async () => {
    const { c, sockets } = client();
    const seen: string[] = [];
    c.on('peer-joined', (m) => seen.push(`joined:${m.peer.peerId}`));
    c.on('signal', (m) => seen.push(`signal:${m.from}:${JSON.stringify(m.data)}`));
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive({ type: 'peer-joined', peer: { peerId: 'p2', name: 'B', role: 'guest' } });
    sockets[0].receive({ type: 'signal', from: 'p2', data: { description: { type: 'offer', sdp: 'o' } } });
    sockets[0].receive(joined('p1', 'r'));
    await expect(connecting).resolves.toMatchObject({ peerId: 'p1' });
    sockets[0].receive({ type: 'signal', from: 'p2', data: { candidate: { candidate: 'c1' } } });
    expect(seen).toEqual([]);
    c.release();
    expect(seen).toEqual([
      'joined:p2',
      'signal:p2:{"description":{"type":"offer","sdp":"o"}}',
      'signal:p2:{"candidate":{"candidate":"c1"}}',
    ]);
    sockets[0].receive({ type: 'signal', from: 'p2', data: {} });
    expect(seen).toHaveLength(4);
  });

  // A peer already in the room gives up waiting for our first offer when we are slow to set up: its offer is held.
  it('names who signalled us among the held messages, and nobody once they are released', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'r'));
    await connecting;
    sockets[0].receive({ type: 'peer-joined', peer: { peerId: 'p3', name: 'C', role: 'guest' } });
    sockets[0].receive({ type: 'signal', from: 'p2', data: { sealed: 'offer' } });
    sockets[0].receive({ type: 'signal', from: 'p2', data: { sealed: 'candidate' } });
    expect([...c.heldSignalSenders()]).toEqual(['p2']);
    c.release();
    expect(c.heldSignalSenders().size).toBe(0);
  });

  it('after a reconnect emits the signals that overtook the new joined only after reconnected', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'resume-1'));
    await connecting;
    c.release();
    const seen: string[] = [];
    c.on('reconnected', (j) => seen.push(`reconnected:${j.peerId}`));
    c.on('signal', (m) => seen.push(`signal:${m.from}`));
    sockets[0].close(1001);
    await flush();
    sockets[1].open();
    sockets[1].receive({ type: 'signal', from: 'p2', data: {} });
    expect(seen).toEqual([]);
    sockets[1].receive(joined('p1', 'resume-2', true));
    await flush();
    expect(seen).toEqual(['reconnected:p1', 'signal:p2']);
  });

  it('reconnects after a drop with the resume token, rejoins and sends what was queued meanwhile', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'resume-1'));
    await connecting;
    const events: string[] = [];
    c.on('reconnecting', ({ attempt }) => events.push(`reconnecting:${attempt}`));
    c.on('reconnected', (j) => events.push(`reconnected:${j.peerId}:${j.resumed}`));
    sockets[0].close(1001);
    c.sendSignal('p2', ENVELOPE);
    await flush();
    expect(sockets).toHaveLength(2);
    expect(new URL(sockets[1].url).searchParams.get('resume')).toBe('resume-1');
    sockets[1].open();
    sockets[1].receive(joined('p1', 'resume-2', true));
    await flush();
    expect(sockets[1].sent).toEqual([
      { action: 'join', name: 'Ada' },
      { action: 'signal', to: 'p2', data: ENVELOPE },
    ]);
    expect(events).toEqual(['reconnecting:1', 'reconnected:p1:true']);
  });

  it('stops retrying when the room turns out to have ended', async () => {
    const { c, sockets } = client(noDelay, async () => new RoomEndedError());
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'resume-1'));
    await connecting;
    const closed: unknown[] = [];
    c.on('closed', (e) => closed.push(e.error));
    sockets[0].close();
    await flush();
    sockets[1].close(); // upgrade refused
    await flush();
    expect(closed).toHaveLength(1);
    expect(closed[0]).toBeInstanceOf(RoomEndedError);
    expect(sockets).toHaveLength(2);
  });

  it('gives up with ServerUnreachable when the policy says stop', async () => {
    const { c, sockets } = client({ nextDelayMs: (n) => (n <= 2 ? 10 : null) }, async () => null);
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'resume-1'));
    await connecting;
    const closed: { reason?: string }[] = [];
    c.on('closed', (e) => closed.push(e.error ?? {}));
    sockets[0].close();
    for (let i = 1; i <= 2; i++) {
      await vi.advanceTimersByTimeAsync(10);
      sockets[i].close();
      await flush();
    }
    expect(sockets).toHaveLength(3);
    expect(closed).toEqual([expect.objectContaining({ reason: 'ServerUnreachable' })]);
  });

  it('pings on the keep-alive interval and treats a missing pong as a dead socket', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'resume-1'));
    await connecting;
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(sockets[0].sent.at(-1)).toEqual({ action: 'ping' });
    sockets[0].receive({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(4 * 60_000); // next ping at 8:00, no pong by 8:20
    await flush();
    expect(sockets).toHaveLength(2);
    expect(new URL(sockets[1].url).searchParams.get('resume')).toBe('resume-1');
  });

  it('close() leaves for good: it sends leave before closing the socket, so the server frees the seat at once', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'resume-1'));
    await connecting;

    c.close();
    await flush();

    expect(sockets[0].sent.at(-1)).toEqual({ action: 'leave' });
    expect(sockets[0].readyState).toBe(3);
    expect(sockets).toHaveLength(1);
  });

  it('does not reconnect after being removed', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'resume-1'));
    await connecting;
    const removed = vi.fn();
    c.on('removed', removed);
    sockets[0].receive({ type: 'removed' });
    sockets[0].close();
    await flush();
    expect(removed).toHaveBeenCalledOnce();
    expect(sockets).toHaveLength(1);
  });
});

describe('SignalingClient seat loss', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reconnects with its resume token when the server says the connection holds no seat', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'resume-1'));
    await connecting;
    const errors = vi.fn();
    c.on('error', errors);
    sockets[0].receive({ type: 'error', code: 'not-in-room', message: 'reconnect' });
    await flush();
    expect(errors).not.toHaveBeenCalled();
    expect(sockets).toHaveLength(2);
    expect(new URL(sockets[1].url).searchParams.get('resume')).toBe('resume-1');
  });

});

describe('SignalingClient state', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const statesOf = (c: SignalingClient) => {
    const seen: string[] = [];
    c.on('state-changed', ({ state, previous }) => seen.push(`${previous}>${state}`));
    return seen;
  };

  it('goes idle, connecting, open, and closed on close(), one typed event per change', async () => {
    const { c, sockets } = client();
    const seen = statesOf(c);
    expect(c.state).toBe(SignalingState.Idle);
    const connecting = c.connect();
    expect(c.state).toBe(SignalingState.Connecting);
    sockets[0].open();
    sockets[0].receive(joined('p1', 'r1'));
    await connecting;
    expect(c.state).toBe(SignalingState.Open);
    c.close();
    expect(seen).toEqual(['idle>connecting', 'connecting>open', 'open>closed']);
  });

  it('goes through waiting in a lobby room', async () => {
    const { c, sockets } = client();
    const seen = statesOf(c);
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive({ type: 'lobby-waiting', resumeToken: 'w1' });
    expect(c.state).toBe(SignalingState.Waiting);
    sockets[0].receive(joined('p1', 'r1'));
    await connecting;
    expect(seen).toEqual(['idle>connecting', 'connecting>waiting', 'waiting>open']);
  });

  it('goes open, reconnecting, resuming, reconnecting (refused), resuming, open when the socket drops', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'r1'));
    await connecting;
    const seen = statesOf(c);
    sockets[0].close(1006);
    await flush();
    expect(c.state).toBe(SignalingState.Resuming);
    sockets[1].close(1006); // refused upgrade
    await flush();
    sockets[2].open();
    sockets[2].receive(joined('p1', 'r2', true));
    await flush();
    expect(c.state).toBe(SignalingState.Open);
    expect(seen).toEqual(['open>reconnecting', 'reconnecting>resuming', 'resuming>reconnecting', 'reconnecting>resuming', 'resuming>open']);
  });

  it('goes closed when reconnecting gives up', async () => {
    const { c, sockets } = client({ nextDelayMs: () => null });
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'r1'));
    await connecting;
    sockets[0].close(1006);
    await flush();
    expect(c.state).toBe(SignalingState.Closed);
  });

  it('on a network change, replaces an open socket at once with one that resumes the seat', async () => {
    const slow: ReconnectPolicy = { nextDelayMs: () => 60_000 };
    const { c, sockets } = client(slow);
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'r1'));
    await connecting;
    c.reconnectNow();
    await flush();
    expect(sockets).toHaveLength(2);
    expect(new URL(sockets[1].url).searchParams.get('resume')).toBe('r1');
    expect(c.state).toBe(SignalingState.Resuming);
  });

  it('on a network change, cuts the wait before the next reconnect attempt short', async () => {
    const slow: ReconnectPolicy = { nextDelayMs: () => 60_000 };
    const { c, sockets } = client(slow);
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'r1'));
    await connecting;
    sockets[0].close(1006);
    await flush();
    expect(c.state).toBe(SignalingState.Reconnecting);
    expect(sockets).toHaveLength(1);
    c.reconnectNow();
    await flush();
    expect(sockets).toHaveLength(2);
    expect(c.state).toBe(SignalingState.Resuming);
  });

  it('does nothing on a network change while still connecting', async () => {
    const { c, sockets } = client();
    void c.connect();
    c.reconnectNow();
    await flush();
    expect(sockets).toHaveLength(1);
    expect(c.state).toBe(SignalingState.Connecting);
  });

  it('after a rate-limited error holds signals for the pause, then sends them in order; ping and host actions go at once', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'r1'));
    await connecting;
    const pauses: number[] = [];
    const errors: string[] = [];
    c.on('rate-limited', ({ pauseMs }) => pauses.push(pauseMs));
    c.on('error', ({ code }) => errors.push(code));
    sockets[0].sent.length = 0;

    sockets[0].receive({ type: 'error', code: 'rate-limited', message: 'over the budget' });
    c.sendSignal('p2', { ...ENVELOPE, seq: 1 });
    c.sendSignal('p2', { ...ENVELOPE, seq: 2 });
    c.sendPing();
    c.sendRemove('p3');
    await vi.advanceTimersByTimeAsync(2_000);
    // A second refusal (a message sent before the pause) extends it, without a second event.
    sockets[0].receive({ type: 'error', code: 'rate-limited', message: 'over the budget' });

    expect(pauses).toEqual([5_000]);
    expect(errors).toEqual([]);
    expect(c.rateLimited).toBe(true);
    expect(sockets[0].sent).toEqual([{ action: 'ping' }, { action: 'remove', peerId: 'p3' }]);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(sockets[0].sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(c.rateLimited).toBe(false);
    expect(sockets[0].sent.slice(2)).toEqual([
      { action: 'signal', to: 'p2', data: { ...ENVELOPE, seq: 1 } },
      { action: 'signal', to: 'p2', data: { ...ENVELOPE, seq: 2 } },
    ]);
    c.sendSignal('p2', { ...ENVELOPE, seq: 3 });
    expect(sockets[0].sent).toHaveLength(5);
  });

  it('keeps holding signals through a reconnect during the pause, and sends them when it ends', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'r1'));
    await connecting;
    sockets[0].receive({ type: 'error', code: 'rate-limited', message: 'over the budget' });
    c.sendSignal('p2', ENVELOPE);
    sockets[0].close(1006);
    await flush();
    sockets[1].open();
    sockets[1].receive(joined('p1', 'r2', true));
    await flush();

    expect(sockets[1].sent).toEqual([{ action: 'join', name: 'Ada' }]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sockets[1].sent.slice(1)).toEqual([{ action: 'signal', to: 'p2', data: ENVELOPE }]);
  });

  it('when the page comes back, probes the socket and resumes on a new one if no pong comes in time', async () => {
    const slow: ReconnectPolicy = { nextDelayMs: () => 60_000 };
    const { c, sockets } = client(slow);
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'r1'));
    await connecting;
    // The socket died while the page was suspended: it still says open, and nothing it sends arrives.
    const delays: number[] = [];
    c.on('reconnecting', (e) => delays.push(e.delayMs));
    c.probe();
    expect(sockets[0].sent.at(-1)).toEqual({ action: 'ping' });
    await vi.advanceTimersByTimeAsync(SIGNALING_DEFAULTS.probeTimeoutMs - 1);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(5);
    expect(delays).toEqual([0]);
    expect(sockets).toHaveLength(2);
    expect(new URL(sockets[1].url).searchParams.get('resume')).toBe('r1');
    expect(c.state).toBe(SignalingState.Resuming);
  });

  it('keeps a socket that answers the probe', async () => {
    const { c, sockets } = client();
    const connecting = c.connect();
    sockets[0].open();
    sockets[0].receive(joined('p1', 'r1'));
    await connecting;
    c.probe();
    sockets[0].receive({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(SIGNALING_DEFAULTS.probeTimeoutMs * 2);
    expect(sockets).toHaveLength(1);
    expect(c.state).toBe(SignalingState.Open);
  });

  describe('with a standby socket', () => {
    /** A client handed a standby socket opened before it; `sockets` are the client's own, `early` the standby one. */
    function standingBy() {
      let early: FakeSocket | null = null;
      const standby = new StandbySocket('wss://signal.example/prod', 'tok.en.x', (url) => (early = new FakeSocket(url)));
      const sockets: FakeSocket[] = [];
      const c = new SignalingClient({
        url: 'wss://signal.example/prod',
        token: 'tok.en.x',
        name: 'Ada',
        policy: noDelay,
        standby,
        createSocket: (url) => {
          const s = new FakeSocket(url);
          sockets.push(s);
          return s;
        },
      });
      return { c, sockets, standby, early: early as unknown as FakeSocket };
    }

    it('opens it with standby=1 and sends nothing on it before connect', () => {
      const { early } = standingBy();
      early.open();

      expect(new URL(early.url).searchParams.get('standby')).toBe('1');
      expect(new URL(early.url).searchParams.get('token')).toBe('tok.en.x');
      expect(early.sent).toEqual([]);
    });

    it('joins at once on a standby socket that is already open, opening no other', async () => {
      const { c, sockets, early } = standingBy();
      early.open();

      const connected = c.connect();
      expect(early.sent).toEqual([{ action: 'join', name: 'Ada' }]);
      early.receive(joined('p1', 'resume-1'));

      await expect(connected).resolves.toMatchObject({ peerId: 'p1' });
      expect(sockets).toHaveLength(0);
      expect(c.state).toBe(SignalingState.Open);
    });

    it('joins on a standby socket still opening once it opens', async () => {
      const { c, sockets, early } = standingBy();

      const connected = c.connect();
      expect(early.sent).toEqual([]);
      early.open();
      expect(early.sent).toEqual([{ action: 'join', name: 'Ada' }]);
      early.receive(joined('p1', 'resume-1'));

      await expect(connected).resolves.toMatchObject({ peerId: 'p1' });
      expect(sockets).toHaveLength(0);
    });

    it('joins on a fresh socket, without standby, when the standby one closed before connect', async () => {
      const { c, sockets, early } = standingBy();
      early.open();
      early.close(1001);

      const connected = c.connect();
      expect(sockets).toHaveLength(1);
      expect(new URL(sockets[0].url).searchParams.has('standby')).toBe(false);
      sockets[0].open();
      sockets[0].receive(joined('p1', 'resume-1'));

      await expect(connected).resolves.toMatchObject({ peerId: 'p1' });
    });

    it('joins on a fresh socket when the standby one closes after the join went out, before any answer', async () => {
      const { c, sockets, early } = standingBy();
      early.open();

      const connected = c.connect();
      early.close(1001);
      expect(sockets).toHaveLength(1);
      sockets[0].open();
      expect(sockets[0].sent).toEqual([{ action: 'join', name: 'Ada' }]);
      sockets[0].receive(joined('p1', 'resume-1'));

      await expect(connected).resolves.toMatchObject({ peerId: 'p1' });
    });

    it('rejects as refused when the join on the standby socket is answered with room-full, trying no other socket', async () => {
      const { c, sockets, early } = standingBy();
      early.open();

      const connected = c.connect();
      early.receive({ type: 'error', code: 'room-full', message: 'the room is full' });

      await expect(connected).rejects.toBeInstanceOf(UpgradeRefusedError);
      expect(sockets).toHaveLength(0);
    });

    it('resumes after a drop on a new socket with the resume token, not on standby', async () => {
      const { c, sockets, early } = standingBy();
      early.open();
      const connected = c.connect();
      early.receive(joined('p1', 'resume-1'));
      await connected;

      early.close(1006);
      await flush();

      expect(sockets).toHaveLength(1);
      const url = new URL(sockets[0].url);
      expect(url.searchParams.get('resume')).toBe('resume-1');
      expect(url.searchParams.has('standby')).toBe(false);
    });

    it('closes a standby socket that was never taken, and leaves one taken alone', () => {
      const first = standingBy();
      first.early.open();
      first.standby.close();
      expect(first.early.readyState).toBe(3);

      const second = standingBy();
      second.early.open();
      void second.c.connect();
      second.standby.close();
      expect(second.early.readyState).toBe(1);
    });
  });
});
