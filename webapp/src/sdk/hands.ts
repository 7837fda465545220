import { HAND_DEFAULTS } from './defaults';
import { Emitter } from './emitter';
import type { PeerMessage } from './peer-messages';
import type { Role } from './protocol';

/** One raised hand in the room's queue. */
export interface RaisedHand {
  peerId: string;
  /** When it went up (ms since the epoch, by the raiser's clock, never later than ours). */
  raisedAt: number;
}

export interface HandsEventMap {
  /** The queue changed; `queue` is oldest first, the same order on every screen (up to clock skew). */
  change: { queue: RaisedHand[] };
  /** A host lowered our hand. */
  lowered: { byPeerId: string };
}

export interface HandsOptions {
  self: () => { peerId: string; role: Role };
  /** The role signaling announced for a remote peer; undefined for one it never announced. */
  role: (peerId: string) => Role | undefined;
  broadcast: (message: PeerMessage) => void;
  now?: () => number;
}

/**
 * Raised hands over the peer data channels: each person announces their own hand (`hand`), to everyone when it
 * changes and to each new connection as it opens, so late joiners see the queue too; a host may lower anyone's
 * (`hand-lower`), which every peer honours only when signaling says the sender is a host.
 */
export class RaisedHands extends Emitter<HandsEventMap> {
  private readonly hands = new Map<string, number>();

  constructor(private readonly options: HandsOptions) {
    super();
  }

  /** Oldest first; ties broken by peer id so every screen agrees. */
  get queue(): RaisedHand[] {
    return [...this.hands]
      .map(([peerId, raisedAt]) => ({ peerId, raisedAt }))
      .sort((a, b) => a.raisedAt - b.raisedAt || (a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0));
  }

  get raised(): boolean {
    return this.hands.has(this.options.self().peerId);
  }

  raise(): void {
    const { peerId } = this.options.self();
    if (this.hands.has(peerId)) return;
    const raisedAt = this.now();
    this.hands.set(peerId, raisedAt);
    this.options.broadcast({ t: 'hand', raised: true, at: raisedAt });
    this.changed();
  }

  lower(): void {
    const { peerId } = this.options.self();
    if (!this.hands.delete(peerId)) return;
    this.options.broadcast({ t: 'hand', raised: false, at: this.now() });
    this.changed();
  }

  /** Host only (the caller checks): lowers someone else's hand on every screen. */
  lowerFor(peerId: string): void {
    if (peerId === this.options.self().peerId) return this.lower();
    this.options.broadcast({ t: 'hand-lower', peerId });
    if (this.hands.delete(peerId)) this.changed();
  }

  /** What a newly opened connection should hear from us: our hand, if it is up. */
  greeting(): PeerMessage | null {
    const raisedAt = this.hands.get(this.options.self().peerId);
    return raisedAt === undefined ? null : { t: 'hand', raised: true, at: raisedAt };
  }

  /** A `hand` or `hand-lower` from `peerId`'s channel, already checked by `parsePeerMessage`. */
  receive(peerId: string, message: Extract<PeerMessage, { t: 'hand' | 'hand-lower' }>): void {
    const role = this.options.role(peerId);
    if (role === undefined) return;
    if (message.t === 'hand') {
      if (!message.raised) {
        if (this.hands.delete(peerId)) this.changed();
        return;
      }
      // A claimed time in the future or from long ago would jump the queue or sit ahead of it forever.
      const now = this.now();
      const raisedAt = Math.min(Math.max(message.at, now - HAND_DEFAULTS.maxRaisedAgeMs), now);
      if (this.hands.get(peerId) === raisedAt) return;
      this.hands.set(peerId, raisedAt);
      this.changed();
      return;
    }
    if (role !== 'host') return;
    if (message.peerId === this.options.self().peerId) {
      if (this.hands.delete(message.peerId)) {
        this.emit('lowered', { byPeerId: peerId });
        this.changed();
      }
    } else if (this.hands.delete(message.peerId)) {
      this.changed();
    }
  }

  /** The peer left the room: its hand goes with it. */
  forget(peerId: string): void {
    if (this.hands.delete(peerId)) this.changed();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private changed(): void {
    this.emit('change', { queue: this.queue });
  }
}
