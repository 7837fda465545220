import { CHAT_DEFAULTS } from './defaults';
import { Emitter } from './emitter';
import type { ChatMessage } from './events';
import type { PeerMessage } from './peer-messages';
import type { Role } from './protocol';

export interface ChatEventMap {
  message: { message: ChatMessage; local: boolean };
}

/** A participant as signaling announced them (`joined` / `peer-joined`). */
export interface ChatSender {
  name: string;
  role: Role;
}

export interface ChatOptions {
  self: () => { peerId: string } & ChatSender;
  /** Who a remote peer is, as signaling announced them; a message carries no name of its own. */
  sender: (peerId: string) => ChatSender | undefined;
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
    const { peerId, name, role } = this.options.self();
    const message: ChatMessage = {
      id: (this.options.newId ?? (() => crypto.randomUUID()))(),
      from: peerId,
      name,
      role,
      text: trimmed,
      sentAt: (this.options.now ?? Date.now)(),
    };
    this.seen.add(message.id);
    this.options.broadcast({ t: 'chat', id: message.id, text: message.text, sentAt: message.sentAt });
    this.emit('message', { message, local: true });
    return message;
  }

  /**
   * A chat message from `peerId`'s channel, already checked by `parsePeerMessage`. The sender is the channel's
   * peer and its name and role are what signaling announced, whatever else the sender put in the message.
   */
  receive(peerId: string, raw: Extract<PeerMessage, { t: 'chat' }>): void {
    const sender = this.options.sender(peerId);
    if (!sender || this.seen.has(raw.id)) return;
    this.seen.add(raw.id);
    const message: ChatMessage = {
      id: raw.id,
      from: peerId,
      name: sender.name,
      role: sender.role,
      text: raw.text,
      sentAt: raw.sentAt,
    };
    this.emit('message', { message, local: false });
  }
}
