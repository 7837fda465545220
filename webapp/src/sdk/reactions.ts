import { REACTION_DEFAULTS, REACTIONS, type Reaction } from './defaults';
import { Emitter } from './emitter';
import type { PeerMessage } from './peer-messages';

export interface ReactionsEventMap {
  /** Someone reacted (`local: true` for our own); show it briefly on their tile. */
  reaction: { peerId: string; emoji: Reaction; local: boolean };
}

export interface ReactionsOptions {
  selfPeerId: () => string;
  known: (peerId: string) => boolean;
  broadcast: (message: PeerMessage) => void;
  now?: () => number;
}

/**
 * Emoji reactions over the peer data channels, from a fixed set (`REACTIONS`) so a peer can show nothing else.
 * Each sender gets a small budget (`REACTION_DEFAULTS`): a flood from one peer is dropped, not drawn.
 */
export class Reactions extends Emitter<ReactionsEventMap> {
  /** Per sender, the times of its reactions within the current window. */
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly options: ReactionsOptions) {
    super();
  }

  send(emoji: Reaction): void {
    if (!REACTIONS.includes(emoji)) throw new RangeError(`Not a reaction: ${String(emoji)}`);
    const peerId = this.options.selfPeerId();
    if (!this.withinBudget(peerId)) return;
    this.options.broadcast({ t: 'reaction', emoji });
    this.emit('reaction', { peerId, emoji, local: true });
  }

  /**
   * A `reaction` from `peerId`'s channel, already checked by `parsePeerMessage`.
   *
   * @returns false when it was over the sender's budget and dropped
   */
  receive(peerId: string, message: Extract<PeerMessage, { t: 'reaction' }>): boolean {
    if (!this.options.known(peerId)) return true;
    if (!this.withinBudget(peerId)) return false;
    this.emit('reaction', { peerId, emoji: message.emoji, local: false });
    return true;
  }

  forget(peerId: string): void {
    this.recent.delete(peerId);
  }

  private withinBudget(peerId: string): boolean {
    const now = (this.options.now ?? Date.now)();
    const times = (this.recent.get(peerId) ?? []).filter((t) => now - t < REACTION_DEFAULTS.windowMs);
    if (times.length >= REACTION_DEFAULTS.maxPerWindow) {
      this.recent.set(peerId, times);
      return false;
    }
    times.push(now);
    this.recent.set(peerId, times);
    return true;
  }
}
