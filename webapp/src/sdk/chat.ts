import { CHAT_DEFAULTS } from './defaults';
import { Emitter } from './emitter';
import type { ChatMessage } from './events';
import type { PeerMessage } from './peer-messages';

export interface ChatEventMap {
  message: { message: ChatMessage; local: boolean };
}

export interface ChatOptions {
  self: () => { peerId: string; name: string };
  /** Sends to every peer in the room, each over its own data channel. */
  broadcast: (message: PeerMessage) => void;
  now?: () => number;
  newId?: () => string;
}

/** Room chat over the per-peer data channels; the server never sees a message. */
export class Chat extends Emitter<ChatEventMap> {
  private readonly seen = new Set<string>();

  constructor(private readonly options: ChatOptions) {
    super();
  }

  send(text: string): ChatMessage {
    const trimmed = text.trim();
    if (!trimmed) throw new RangeError('A chat message cannot be empty.');
    if (trimmed.length > CHAT_DEFAULTS.maxTextLength) {
      throw new RangeError(`A chat message can be at most ${CHAT_DEFAULTS.maxTextLength} characters.`);
    }
    const { peerId, name } = this.options.self();
    const message: ChatMessage = {
      id: (this.options.newId ?? (() => crypto.randomUUID()))(),
      from: peerId,
      name,
      text: trimmed,
      sentAt: (this.options.now ?? Date.now)(),
    };
    this.seen.add(message.id);
    this.options.broadcast({ t: 'chat', ...message });
    this.emit('message', { message, local: true });
    return message;
  }

  /** A chat message from `peerId`'s channel; `from` is taken from the channel, not from the message. */
  receive(peerId: string, raw: Extract<PeerMessage, { t: 'chat' }>): void {
    if (this.seen.has(raw.id) || typeof raw.text !== 'string') return;
    this.seen.add(raw.id);
    const message: ChatMessage = {
      id: raw.id,
      from: peerId,
      name: String(raw.name ?? '').slice(0, 60),
      text: raw.text.slice(0, CHAT_DEFAULTS.maxTextLength),
      sentAt: Number(raw.sentAt) || Date.now(),
    };
    this.emit('message', { message, local: false });
  }
}
