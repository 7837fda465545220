import { SIGNAL_CRYPTO_DEFAULTS } from './defaults';
import {
  SignalOpenError,
  SignalRejectedError,
  SignalRejection,
  type SignalCipher,
  type SignalEnvelope,
} from './signal-crypto';

/** How far the signals of one peer can be trusted. */
export enum SignalTrust {
  /** Nothing from the peer has decrypted yet. */
  Unverified = 'unverified',
  /** A signal from the peer decrypted and authenticated: it holds the room secret. */
  Verified = 'verified',
  /**
   * The peer's first signal did not decrypt: it does not hold this room's secret (or its signals were altered).
   * Everything more from it is ignored, and no connection is negotiated with it, until it leaves.
   */
  Rejected = 'rejected',
}

export interface SealedSignalsOptions {
  cipher: SignalCipher;
  /** Our peer id now: it changes when a reconnect could not keep our seat. */
  localPeerId: () => string;
  /** Hands a sealed envelope to the signaling socket as `signal.data` for `to`; `from` is the id it was sealed as. */
  send: (to: string, envelope: SignalEnvelope, from: string) => void;
  /** A signal that decrypted and authenticated, in the order its sender sent it; its content is still untrusted. */
  deliver: (from: string, data: unknown) => void;
  /** The first refusal of a signal from a peer nothing verified yet: that pair must not be negotiated. */
  reject: (from: string, reason: SignalRejection) => void;
  /** A refused signal from a verified peer (made up or replayed on the way): dropped, the pair goes on. */
  dropped: (error: SignalRejectedError) => void;
  /** Sealing or handling failed unexpectedly (no WebCrypto, a closed context, a bug): that signal is lost. */
  failed: (peerId: string, error: Error) => void;
  /** Overrides SIGNAL_CRYPTO_DEFAULTS.replayWindow. */
  replayWindow?: number;
  /** Overrides SIGNAL_CRYPTO_DEFAULTS.maxRejectedSenders. */
  maxRejectedSenders?: number;
}

/** The numbers seen from one sender: any number at most `size` below the highest is accepted once. */
class ReplayWindow {
  private highest = 0;
  private readonly seen = new Set<number>();

  constructor(private readonly size: number) {}

  accept(seq: number): boolean {
    if (seq <= this.highest - this.size || this.seen.has(seq)) return false;
    this.seen.add(seq);
    if (seq > this.highest) {
      this.highest = seq;
      if (this.seen.size > 2 * this.size) for (const old of this.seen) if (old <= seq - this.size) this.seen.delete(old);
    }
    return true;
  }
}

interface Sender {
  trust: SignalTrust;
  /** Why the peer was rejected (with SignalTrust.Rejected). */
  rejection?: SignalRejection;
  /** Our peer id the window belongs to: a sender numbers its signals per recipient. */
  localPeerId: string;
  window: ReplayWindow;
  /** Opens run one after another, so signals are delivered in the order they came. */
  chain: Promise<void>;
}

/**
 * The seam between the Room and the signaling socket: every `signal.data` goes out sealed (signal-crypto.ts) and
 * comes in opened, in order, numbered against replays, and a peer whose signals do not open is rejected before
 * anything it sent is acted on.
 */
export class SealedSignals {
  /** Our counter per recipient; never reset, so a peer that keeps its window for us never sees a number twice. */
  private readonly sent = new Map<string, number>();
  private readonly senders = new Map<string, Sender>();
  private outbound: Promise<void> = Promise.resolve();
  private readonly windowSize: number;
  private readonly maxRejected: number;

  constructor(private readonly options: SealedSignalsOptions) {
    this.windowSize = options.replayWindow ?? SIGNAL_CRYPTO_DEFAULTS.replayWindow;
    this.maxRejected = options.maxRejectedSenders ?? SIGNAL_CRYPTO_DEFAULTS.maxRejectedSenders;
  }

  /** Seals and sends, in call order, whatever the encryption takes. */
  send(to: string, data: unknown): void {
    const seq = (this.sent.get(to) ?? 0) + 1;
    this.sent.set(to, seq);
    const from = this.options.localPeerId();
    const sealing = this.options.cipher.seal(data, from, to, seq);
    sealing.catch(() => undefined); // awaited in turn below; this only keeps an early failure from going unhandled
    this.outbound = this.outbound
      .then(async () => this.options.send(to, await sealing, from))
      .catch((error: Error) => this.options.failed(to, error));
  }

  /** Takes one `signal.data` as the server relayed it from `from`. */
  receive(from: string, envelope: unknown): void {
    const sender = this.sender(from);
    if (sender.trust === SignalTrust.Rejected) return;
    const to = this.options.localPeerId();
    const opening = this.options.cipher.open(envelope, from, to);
    opening.catch(() => undefined); // awaited in turn below; this only keeps an early failure from going unhandled
    sender.chain = sender.chain.then(async () => {
      let opened;
      try {
        opened = await opening;
      } catch (error) {
        if (!(error instanceof SignalOpenError)) throw error;
        if (this.current(from, sender)) this.refuse(from, sender, error.reason);
        return;
      }
      if (!this.current(from, sender)) return;
      if (sender.localPeerId !== to) {
        sender.localPeerId = to;
        sender.window = new ReplayWindow(this.windowSize);
      }
      if (!sender.window.accept(opened.seq)) {
        this.refuse(from, sender, SignalRejection.Replayed);
        return;
      }
      sender.trust = SignalTrust.Verified;
      this.options.deliver(from, opened.data);
    }).catch((error: Error) => this.options.failed(from, error));
  }

  trust(peerId: string): SignalTrust {
    return this.senders.get(peerId)?.trust ?? SignalTrust.Unverified;
  }

  /** Why a rejected peer was rejected; undefined for any other. */
  rejection(peerId: string): SignalRejection | undefined {
    return this.senders.get(peerId)?.rejection;
  }

  /** The peer left: its window and trust go, and signals of it still being opened are not delivered. */
  forget(peerId: string): void {
    this.senders.delete(peerId);
  }

  /** Our identity changed and the mesh starts over: every peer is judged afresh. */
  forgetAll(): void {
    this.senders.clear();
  }

  private current(from: string, sender: Sender): boolean {
    return this.senders.get(from) === sender && sender.trust !== SignalTrust.Rejected;
  }

  private refuse(from: string, sender: Sender, reason: SignalRejection): void {
    if (sender.trust === SignalTrust.Verified) {
      this.options.dropped(new SignalRejectedError(from, reason));
      return;
    }
    sender.trust = SignalTrust.Rejected;
    sender.rejection = reason;
    this.evictRejected();
    this.options.reject(from, reason);
  }

  private sender(peerId: string): Sender {
    let sender = this.senders.get(peerId);
    if (!sender) {
      sender = {
        trust: SignalTrust.Unverified,
        localPeerId: this.options.localPeerId(),
        window: new ReplayWindow(this.windowSize),
        chain: Promise.resolve(),
      };
      this.senders.set(peerId, sender);
    }
    return sender;
  }

  /**
   * Rejected senders are remembered until they leave, but ids signaling never announces never leave: beyond a bound
   * the oldest rejected ones are forgotten, so made-up sender ids cannot grow this without limit.
   */
  private evictRejected(): void {
    const rejected = [...this.senders].filter(([, s]) => s.trust === SignalTrust.Rejected);
    for (const [peerId] of rejected.slice(0, Math.max(0, rejected.length - this.maxRejected))) this.senders.delete(peerId);
  }
}
