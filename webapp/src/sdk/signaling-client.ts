import { SIGNALING_DEFAULTS } from './defaults';
import { Emitter } from './emitter';
import { OtterError, ServerUnreachableError } from './errors';
import {
  parseServerMessage,
  type ClientMessage,
  type JoinedMessage,
  type ServerMessage,
} from './protocol';
import { ExponentialBackoffPolicy, type ReconnectPolicy } from './reconnect-policy';
import type { SignalEnvelope } from './signal-crypto';
import { signalingUrl, type StandbySocket } from './standby-socket';
import { StateMachine, type IllegalTransitionError, type StateChange } from './state-machine';

/** The life of the signaling connection: one state at a time, changed only along SIGNALING_TRANSITIONS. */
export enum SignalingState {
  /** Created; `connect()` not called yet. */
  Idle = 'idle',
  /** The first socket is opening and `join` is on its way; `joined` makes it open. */
  Connecting = 'connecting',
  /** A lobby room holds us until a host admits us (`joined` then). */
  Waiting = 'waiting',
  /** Joined: messages flow both ways. */
  Open = 'open',
  /** The socket dropped (or was dropped after a network change); waiting for the next attempt. */
  Reconnecting = 'reconnecting',
  /** A new socket carrying our resume token is opening; `joined` makes it open again, a failure reconnecting. */
  Resuming = 'resuming',
  /** For good: left, refused, removed, the room ended, or reconnecting gave up. */
  Closed = 'closed',
}

/** The transitions allowed from each signaling state (anything else is a bug: see StateMachine). */
export const SIGNALING_TRANSITIONS: { readonly [K in SignalingState]: readonly SignalingState[] } = {
  [SignalingState.Idle]: [SignalingState.Connecting, SignalingState.Closed],
  [SignalingState.Connecting]: [SignalingState.Waiting, SignalingState.Open, SignalingState.Closed],
  [SignalingState.Waiting]: [SignalingState.Open, SignalingState.Closed],
  [SignalingState.Open]: [SignalingState.Reconnecting, SignalingState.Closed],
  [SignalingState.Reconnecting]: [SignalingState.Resuming, SignalingState.Closed],
  // A resumed seat that the server had freed meanwhile may be held in the lobby again (docs/signaling.md, Lobby).
  [SignalingState.Resuming]: [SignalingState.Open, SignalingState.Waiting, SignalingState.Reconnecting, SignalingState.Closed],
  [SignalingState.Closed]: [],
};

type ByType<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

export interface SignalingEventMap {
  'peer-joined': ByType<'peer-joined'>;
  'peer-left': ByType<'peer-left'>;
  signal: ByType<'signal'>;
  removed: ByType<'removed'>;
  'room-ended': ByType<'room-ended'>;
  error: ByType<'error'>;
  /** A lobby room holds us at the door until a host admits us (`connect()` resolves then). */
  'lobby-waiting': ByType<'lobby-waiting'>;
  knock: ByType<'knock'>;
  'knock-resolved': ByType<'knock-resolved'>;
  /** To hosts: a host stopped the guest link. */
  locked: ByType<'locked'>;
  /** To hosts: a host reopened the guest link. */
  unlocked: ByType<'unlocked'>;
  /**
   * The server dropped a message over this connection's budget (`error` `rate-limited`): signals are held for
   * `pauseMs` and then sent in order. Emitted when a pause starts, not for every refused message.
   */
  'rate-limited': { pauseMs: number };
  /** To everyone: the developer changed the room (lock, lobby, capacity, expiry). */
  'room-updated': ByType<'room-updated'>;
  reconnecting: { attempt: number; delayMs: number };
  /** The socket is back; `joined.resumed` tells whether the server kept our seat. */
  reconnected: JoinedMessage;
  /** The client stopped for good: `close()` was called, or reconnecting gave up (`error`). */
  closed: { error?: OtterError };
  /** Every change of `state`, in order. */
  'state-changed': StateChange<SignalingState>;
  /** A transition the table does not allow was asked for (production builds report it instead of throwing). */
  'illegal-transition': IllegalTransitionError;
}

/** The subset of the browser WebSocket the client uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

export interface SignalingClientOptions {
  /** `wsUrl` from the deployment's config.json. */
  url: string;
  token: string;
  name: string;
  policy?: ReconnectPolicy;
  /** Asked after each failed reconnect attempt; an error it returns stops the retries (room ended, link expired…). */
  checkTerminal?: () => Promise<OtterError | null>;
  createSocket?: (url: string) => SocketLike;
  /** A standby socket opened before Join: the first `join` goes out on it if it is still usable. */
  standby?: StandbySocket;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  /** Overrides SIGNALING_DEFAULTS.probeTimeoutMs. */
  probeTimeoutMs?: number;
  joinTimeoutMs?: number;
  /** How long signals are held after an `error` `rate-limited` (default SIGNALING_DEFAULTS.rateLimitPauseMs). */
  rateLimitPauseMs?: number;
  /** Throw on an impossible state transition (default: in development builds). */
  strictTransitions?: boolean;
}

const OPEN = 1;

/** Thrown by `connect()` when a host turned us away from a lobby room. */
export class LobbyDeniedError extends Error {
  override readonly name = 'LobbyDeniedError';
}

/** Thrown by `connect()` when the socket closed before it opened: the server refused the upgrade or is down. */
export class UpgradeRefusedError extends Error {
  override readonly name = 'UpgradeRefusedError';
}

/**
 * The signaling WebSocket: one `sendX` per client action, server messages re-emitted by `type`,
 * a keep-alive ping, and reconnection with the `resumeToken` so the server keeps our peerId and seat.
 */
export class SignalingClient extends Emitter<SignalingEventMap> {
  private socket: SocketLike | null = null;
  private resumeToken: string | null = null;
  private readonly outbox: ClientMessage[] = [];
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set while signals are held after a `rate-limited` error; it ends the pause and sends what was held. */
  private rateLimitTimer: ReturnType<typeof setTimeout> | null = null;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly machine: StateMachine<SignalingState>;
  /** Ends the wait before the next reconnect attempt early (a network change: try now). */
  private wakeUp: (() => void) | null = null;
  /** The next reconnect attempt goes out without waiting (set by a network change). */
  private retryNow = false;
  /**
   * Call messages held until the call is wired to take them: another peer can see our seat, and signal us,
   * before the server's `joined` reply reaches us (docs/signaling.md, "Order").
   */
  private held: ServerMessage[] | null = [];
  private readonly policy: ReconnectPolicy;
  private readonly createSocket: (url: string) => SocketLike;

  constructor(private readonly options: SignalingClientOptions) {
    super();
    this.policy = options.policy ?? new ExponentialBackoffPolicy();
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.machine = new StateMachine({
      name: 'signaling',
      initial: SignalingState.Idle,
      transitions: SIGNALING_TRANSITIONS,
      strict: options.strictTransitions,
      onChange: (change) => this.emit('state-changed', change),
      onIllegal: (error) => this.emit('illegal-transition', error),
    });
  }

  get state(): SignalingState {
    return this.machine.state;
  }

  get connected(): boolean {
    return this.state === SignalingState.Open && this.socket?.readyState === OPEN;
  }

  private get closed(): boolean {
    return this.state === SignalingState.Closed;
  }

  /**
   * Opens the socket and joins; resolves with `joined`. Rejects with `UpgradeRefusedError` if it never opened.
   * Call messages (`signal`, `peer-joined`, `peer-left`, `knock`, `knock-resolved`) are held, also those that
   * overtook `joined`, until `release()`: set up from `joined` first, then release.
   */
  connect(): Promise<JoinedMessage> {
    this.machine.to(SignalingState.Connecting);
    return this.open();
  }

  /**
   * The device's network changed (`online`, another connection type): the socket may be dead without knowing it, so
   * it is replaced at once by one that resumes our seat, and a reconnect waiting out its delay tries now. Nobody in
   * the room sees anything (docs/signaling.md, Closed sockets).
   */
  reconnectNow(): void {
    if (this.state === SignalingState.Open) {
      // Not waiting for the close handshake: on a dead path it would only time out.
      const socket = this.socket;
      this.socket = null;
      if (socket) {
        socket.onclose = null;
        socket.onmessage = null;
        socket.close(4002);
      }
      this.retryNow = true;
      this.onUnexpectedClose();
    } else if (this.state === SignalingState.Reconnecting) {
      this.retryNow = true;
      this.wakeUp?.();
    }
  }

  /**
   * The page came back from the background: its socket may have died without a `close` (iOS suspends a hidden
   * page and its sockets with it). Asks the server for a pong at once; without one within `probeTimeoutMs` the
   * socket is replaced by one that resumes our seat, as after a network change.
   */
  probe(): void {
    if (this.state !== SignalingState.Open || this.probeTimer) return;
    if (this.socket?.readyState !== OPEN) {
      this.reconnectNow();
      return;
    }
    this.sendPing();
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      this.reconnectNow();
    }, this.options.probeTimeoutMs ?? SIGNALING_DEFAULTS.probeTimeoutMs);
  }

  /**
   * Who has signalled us among the call messages held now (see `connect`). Someone already in the room signals a
   * newcomer first only when it gave up waiting for the newcomer's first offer (the newcomer was slow to set up its
   * call); the newcomer then answers that offer instead of making its own, which would only cross it. (Signals
   * are sealed, so the client cannot look inside: it relies on PeerSession sending nothing of a first connection
   * before its first description.)
   */
  heldSignalSenders(): Set<string> {
    return new Set((this.held ?? []).flatMap((message) => (message.type === 'signal' ? [message.from] : [])));
  }

  /** Emits the held call messages in the order they came, and every later one as it comes. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const message of held) this.dispatch(message);
  }

  sendJoin(name: string): void {
    this.sendNow({ action: 'join', name });
  }

  /**
   * Signals are the bulk of what a client sends, and the one kind that can wait a moment: after a `rate-limited`
   * error they are held (in order) until the pause ends, rather than sent only to be dropped. `join`, `ping`,
   * `leave` and a host's actions still go out at once.
   */
  sendSignal(to: string, data: SignalEnvelope): void {
    const message: ClientMessage = { action: 'signal', to, data };
    if (this.rateLimitTimer) {
      if (!this.closed) this.outbox.push(message);
    } else {
      this.sendOrQueue(message);
    }
  }

  /** Whether signals are being held after a `rate-limited` error. */
  get rateLimited(): boolean {
    return this.rateLimitTimer !== null;
  }

  sendPing(): void {
    this.sendNow({ action: 'ping' });
  }

  sendRemove(peerId: string): void {
    this.sendOrQueue({ action: 'remove', peerId });
  }

  sendEnd(): void {
    this.sendOrQueue({ action: 'end' });
  }

  sendAdmit(peerId: string): void {
    this.sendOrQueue({ action: 'admit', peerId });
  }

  sendDeny(peerId: string): void {
    this.sendOrQueue({ action: 'deny', peerId });
  }

  /** Host only: stops the room's shared guest link; the joined hosts get `locked`. */
  sendLock(): void {
    this.sendOrQueue({ action: 'lock' });
  }

  /** Host only: lets the shared guest link work again; the joined hosts get `unlocked`. */
  sendUnlock(): void {
    this.sendOrQueue({ action: 'unlock' });
  }

  /** Leaves the room for good: tells the server (a socket that just closes keeps its seat for a resume), then closes. */
  close(): void {
    if (this.closed) return;
    this.sendNow({ action: 'leave' });
    this.stop();
    this.emit('closed', {});
  }

  private stop(): void {
    this.machine.to(SignalingState.Closed);
    this.wakeUp?.();
    this.stopKeepAlive();
    if (this.rateLimitTimer) clearTimeout(this.rateLimitTimer);
    this.rateLimitTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000);
    }
  }

  private url(): string {
    return signalingUrl(this.options.url, this.options.token, this.resumeToken ? { resume: this.resumeToken } : null);
  }

  private open(): Promise<JoinedMessage> {
    return new Promise((resolve, reject) => {
      // Only the first connection can stand by: a resume takes its seat back at $connect.
      const standby = this.resumeToken ? null : (this.options.standby?.take() ?? null);
      const socket = standby ?? this.createSocket(this.url());
      this.socket = socket;
      let opened = false;
      let settled = false;
      let joined = false;
      const timeout = setTimeout(() => {
        fail(new UpgradeRefusedError('The signaling server did not answer in time.'));
        socket.close();
      }, this.options.joinTimeoutMs ?? SIGNALING_DEFAULTS.joinTimeoutMs);
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        reject(error);
      };
      socket.onopen = () => {
        opened = true;
        this.sendJoin(this.options.name);
      };
      if (socket.readyState === OPEN) socket.onopen({});
      socket.onerror = () => {
        // The close event that follows carries what we need.
      };
      socket.onclose = () => {
        if (this.socket === socket) this.socket = null;
        if (!settled && standby) {
          // The standby socket closed under us (an idle timeout just then): a fresh connection joins instead.
          settled = true;
          clearTimeout(timeout);
          this.open().then(resolve, reject);
        } else if (!settled) {
          fail(new UpgradeRefusedError(opened ? 'The socket closed before joining.' : 'The socket upgrade was refused.'));
        } else if (joined) {
          this.onUnexpectedClose();
        }
      };
      socket.onmessage = (event) => {
        const message = typeof event.data === 'string' ? parseServerMessage(event.data) : null;
        if (!message) return;
        if (message.type === 'joined' && !settled) {
          settled = true;
          joined = true;
          clearTimeout(timeout);
          this.resumeToken = message.resumeToken;
          this.machine.to(SignalingState.Open);
          this.startKeepAlive();
          resolve(message);
          return;
        }
        if (message.type === 'lobby-waiting' && !settled) {
          // Waiting for a host has no time limit; the token keeps our place across reconnects.
          clearTimeout(timeout);
          this.resumeToken = message.resumeToken;
          this.machine.to(SignalingState.Waiting);
          this.startKeepAlive();
          this.emit('lobby-waiting', message);
          return;
        }
        if (message.type === 'lobby-denied' && !settled) {
          fail(new LobbyDeniedError('The host did not let you in.'));
          this.stop();
          return;
        }
        if (message.type === 'error' && !settled) {
          // A refused join (e.g. the room ended in between) leaves us without a seat.
          fail(new UpgradeRefusedError(`${message.code}: ${message.message}`));
          socket.close();
          return;
        }
        this.dispatch(message);
      };
    });
  }

  private dispatch(message: ServerMessage): void {
    switch (message.type) {
      case 'pong':
        if (this.pongTimer) clearTimeout(this.pongTimer);
        if (this.probeTimer) clearTimeout(this.probeTimer);
        this.pongTimer = null;
        this.probeTimer = null;
        return;
      case 'joined':
      case 'lobby-waiting':
      case 'lobby-denied':
        return; // only expected while joining, handled in open()
      case 'locked':
      case 'unlocked':
      case 'room-updated':
        this.emit(message.type, message as never);
        return;
      case 'removed':
      case 'room-ended':
        // The server closes the socket next; do not try to come back.
        this.stop();
        this.emit(message.type, message as never);
        return;
      case 'error':
        if (message.code === 'not-in-room') {
          // Our seat went to a resumed connection or was freed: come back through the reconnect path.
          this.socket?.close(4001);
          return;
        }
        if (message.code === 'rate-limited') {
          this.pauseSignals();
          return;
        }
        this.emit('error', message);
        return;
      case 'peer-joined':
      case 'peer-left':
      case 'signal':
      case 'knock':
      case 'knock-resolved':
        if (this.held) this.held.push(message);
        else this.emit(message.type, message as never);
        return;
    }
  }

  private onUnexpectedClose(): void {
    if (this.state !== SignalingState.Open) return;
    this.stopKeepAlive();
    this.machine.to(SignalingState.Reconnecting);
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    const started = Date.now();
    for (let attempt = 1; !this.closed; attempt++) {
      const delayMs = this.policy.nextDelayMs(attempt, Date.now() - started);
      if (delayMs === null) {
        this.giveUp(new ServerUnreachableError('Lost the connection to the signaling server.'));
        return;
      }
      const wait = this.retryNow ? 0 : delayMs;
      this.retryNow = false;
      this.emit('reconnecting', { attempt, delayMs: wait });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wakeUp = done;
      });
      this.wakeUp = null;
      this.retryNow = false;
      if (this.closed) return;
      this.held ??= [];
      this.machine.to(SignalingState.Resuming);
      try {
        const joined = await this.open();
        this.flushOutbox();
        this.emit('reconnected', joined);
        this.release();
        return;
      } catch {
        if (this.closed) return;
        this.machine.to(SignalingState.Reconnecting);
        const terminal = await this.options.checkTerminal?.().catch(() => null);
        if (terminal) {
          this.giveUp(terminal);
          return;
        }
      }
    }
  }

  private giveUp(error: OtterError): void {
    this.stop();
    this.emit('closed', { error });
  }

  private sendOrQueue(message: ClientMessage): void {
    if (this.connected) this.sendNow(message);
    else if (!this.closed) this.outbox.push(message);
  }

  private flushOutbox(): void {
    for (const message of this.outbox.splice(0)) {
      // Still paused (a reconnect during the pause): signals wait for its end, the rest goes now.
      if (this.rateLimitTimer && message.action === 'signal') this.outbox.push(message);
      else this.sendNow(message);
    }
  }

  /**
   * The server refused a message over our budget (it was dropped unread; the budget counts per seat, over 5-second
   * windows: docs/limits.md). Sending on would only have more dropped and, past the budget's hard limit, close the
   * connection; so signals wait out the window, and each further refusal extends the wait.
   */
  private pauseSignals(): void {
    const pauseMs = this.options.rateLimitPauseMs ?? SIGNALING_DEFAULTS.rateLimitPauseMs;
    const starting = this.rateLimitTimer === null;
    if (this.rateLimitTimer) clearTimeout(this.rateLimitTimer);
    this.rateLimitTimer = setTimeout(() => {
      this.rateLimitTimer = null;
      if (this.connected) this.flushOutbox();
    }, pauseMs);
    if (starting) this.emit('rate-limited', { pauseMs });
  }

  private sendNow(message: ClientMessage): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private startKeepAlive(): void {
    this.stopKeepAlive();
    this.pingTimer = setInterval(() => {
      this.sendPing();
      this.pongTimer ??= setTimeout(() => {
        // No pong: the socket is half-open; closing it hands over to the reconnect loop.
        this.pongTimer = null;
        this.socket?.close(4000);
      }, this.options.pongTimeoutMs ?? SIGNALING_DEFAULTS.pongTimeoutMs);
    }, this.options.pingIntervalMs ?? SIGNALING_DEFAULTS.pingIntervalMs);
  }

  private stopKeepAlive(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.pongTimer) clearTimeout(this.pongTimer);
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.pingTimer = null;
    this.pongTimer = null;
    this.probeTimer = null;
  }
}
