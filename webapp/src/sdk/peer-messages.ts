import type { ChatMessage, FileMeta } from './events';

/**
 * Messages peers exchange over the control data channel (never through the server). Kept apart from
 * protocol.ts, which is the server's protocol.
 */
export type PeerMessage =
  | ({ t: 'chat' } & ChatMessage)
  | ({ t: 'file-offer'; id: string } & FileMeta)
  | { t: 'file-accept'; id: string }
  | { t: 'file-decline'; id: string }
  | { t: 'file-cancel'; id: string }
  /** The receiver's verdict after checking the digest. */
  | { t: 'file-done'; id: string; ok: boolean }
  /** A host asks the receiver to mute; the receiver honours it only if signaling says the sender is a host. */
  | { t: 'mute-request'; id: string };

/** The last message on a file channel, after the chunks. */
export interface FileEndMessage {
  t: 'end';
  chunks: number;
  digest: string;
}

/** Sent in-band by a sender that cancels, just before it closes the file channel. */
export interface FileCancelMessage {
  t: 'cancel';
}

const KINDS = new Set(['chat', 'file-offer', 'file-accept', 'file-decline', 'file-cancel', 'file-done', 'mute-request']);

export function parsePeerMessage(raw: unknown): PeerMessage | null {
  if (typeof raw !== 'string') return null;
  try {
    const value = JSON.parse(raw) as { t?: unknown; id?: unknown };
    return value && typeof value.t === 'string' && KINDS.has(value.t) && typeof value.id === 'string'
      ? (value as PeerMessage)
      : null;
  } catch {
    return null;
  }
}

/**
 * The control data channel with one peer: queues messages until the channel opens, then sends them in order,
 * and hands each parsed incoming message to `onMessage`.
 */
export class ControlChannel {
  private readonly queue: string[] = [];

  constructor(
    private readonly channel: RTCDataChannel,
    onMessage: (message: PeerMessage) => void,
  ) {
    channel.addEventListener('open', () => {
      for (const raw of this.queue.splice(0)) channel.send(raw);
    });
    channel.addEventListener('message', (event) => {
      const message = parsePeerMessage((event as MessageEvent).data);
      if (message) onMessage(message);
    });
  }

  send(message: PeerMessage): void {
    const raw = JSON.stringify(message);
    if (this.channel.readyState === 'open') this.channel.send(raw);
    else if (this.channel.readyState === 'connecting') this.queue.push(raw);
  }
}
