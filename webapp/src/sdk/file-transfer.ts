import { DATA_CHANNELS, FILE_DEFAULTS, PEER_MESSAGE_LIMITS } from './defaults';
import { Emitter } from './emitter';
import { RoomEvent, type FileCancelReason, type FileDirection, type FileMeta, type RoomEventMap } from './events';
import { ChunkAssembler, ChunkDigest, chunkRanges, chunkSizeFor } from './file-chunks';
import {
  PeerMessageDroppedError,
  parseFileChannelMessage,
  type FileCancelMessage,
  type FileEndMessage,
  type FileControlMessage,
} from './peer-messages';

type FileEvents = Pick<
  RoomEventMap,
  | RoomEvent.FileOffer
  | RoomEvent.FileProgress
  | RoomEvent.FileReceived
  | RoomEvent.FileDelivered
  | RoomEvent.FileCancelled
>;

export interface FileTransferOptions {
  /** Sends a control message to one peer over its control channel. */
  sendControl: (peerId: string, message: FileControlMessage) => void;
  /** Opens a new data channel to a peer for one transfer's bytes. */
  openChannel: (peerId: string, label: string) => RTCDataChannel;
  /** The peer connection's `sctp.maxMessageSize`, if known. */
  maxMessageSize: (peerId: string) => number | undefined;
  peers: () => string[];
  newId?: () => string;
  /** A peer's message on a file channel did not pass the checks of peer-messages.ts. */
  onDropped?: (peerId: string, error: PeerMessageDroppedError) => void;
}

/**
 * Received files are handed over with this type whatever the sender claimed (`meta.type` only describes it):
 * saved as a download, a received HTML or SVG file is never rendered as a page of our origin.
 */
export const RECEIVED_FILE_TYPE = 'application/octet-stream';

interface Transfer {
  id: string;
  peerId: string;
  direction: FileDirection;
  meta: FileMeta;
  file?: Blob;
  channel?: RTCDataChannel;
  assembler?: ChunkAssembler;
  digest?: ChunkDigest;
  lastProgress: number;
  done: boolean;
}

/**
 * Files sent peer to peer: offer → accept/decline, then the bytes on a channel of their own (so chat is never
 * stuck behind a file), paced by `bufferedAmountLowThreshold`, and checked with a chunk digest before the
 * receiver gets the file. Either side can cancel at any time.
 */
export class FileTransfer extends Emitter<FileEvents> {
  private readonly transfers = new Map<string, Transfer>();

  constructor(private readonly options: FileTransferOptions) {
    super();
  }

  /** Offers `file` to one peer, to several, or (by default) to everyone; returns one transfer id per peer. */
  send(file: Blob, options: { to?: string | string[]; name?: string } = {}): string[] {
    const targets = options.to === undefined ? this.options.peers() : [options.to].flat();
    const meta: FileMeta = {
      name: (options.name || (file as File).name || 'file').slice(0, PEER_MESSAGE_LIMITS.maxFileNameLength),
      size: file.size,
      type: (file.type || 'application/octet-stream').slice(0, PEER_MESSAGE_LIMITS.maxFileTypeLength),
    };
    return targets.map((peerId) => {
      const id = (this.options.newId ?? (() => crypto.randomUUID()))();
      this.transfers.set(id, { id, peerId, direction: 'send', meta, file, lastProgress: 0, done: false });
      this.options.sendControl(peerId, { t: 'file-offer', id, ...meta });
      return id;
    });
  }

  accept(id: string): void {
    const transfer = this.transfers.get(id);
    if (!transfer || transfer.direction !== 'receive' || transfer.assembler) return;
    transfer.assembler = new ChunkAssembler(RECEIVED_FILE_TYPE);
    transfer.digest = new ChunkDigest();
    this.options.sendControl(transfer.peerId, { t: 'file-accept', id });
  }

  decline(id: string): void {
    const transfer = this.transfers.get(id);
    if (!transfer || transfer.direction !== 'receive') return;
    this.options.sendControl(transfer.peerId, { t: 'file-decline', id });
    this.finish(transfer, 'declined', false);
  }

  cancel(id: string): void {
    const transfer = this.transfers.get(id);
    if (!transfer) return;
    this.options.sendControl(transfer.peerId, { t: 'file-cancel', id });
    this.finish(transfer, 'cancelled', false);
  }

  /** Ends every transfer with a peer that left. */
  peerGone(peerId: string): void {
    for (const transfer of this.transfers.values()) {
      if (transfer.peerId === peerId) this.finish(transfer, 'peer-gone', true);
    }
  }

  /** A control message from `peerId`, already checked by `parsePeerMessage`. */
  handleControl(peerId: string, message: FileControlMessage): void {
    const transfer = this.transfers.get(message.id);
    if (message.t === 'file-offer') {
      if (transfer) return;
      const meta: FileMeta = { name: message.name, size: message.size, type: message.type };
      this.transfers.set(message.id, { id: message.id, peerId, direction: 'receive', meta, lastProgress: 0, done: false });
      this.emit(RoomEvent.FileOffer, { id: message.id, peerId, meta });
      return;
    }
    if (!transfer || transfer.peerId !== peerId) return;
    switch (message.t) {
      case 'file-accept':
        if (transfer.direction === 'send' && !transfer.channel) void this.pump(transfer);
        return;
      case 'file-decline':
        this.finish(transfer, 'declined', true);
        return;
      case 'file-cancel':
        this.finish(transfer, 'cancelled', true);
        return;
      case 'file-done':
        if (transfer.direction !== 'send') return;
        if (message.ok) {
          transfer.done = true;
          this.transfers.delete(transfer.id);
          transfer.channel?.close();
          this.emit(RoomEvent.FileDelivered, { id: transfer.id, peerId, meta: transfer.meta });
        } else {
          this.finish(transfer, 'integrity', true);
        }
        return;
    }
  }

  /** A data channel the peer opened; file channels carry a transfer's bytes. */
  handleChannel(peerId: string, channel: RTCDataChannel): boolean {
    if (!channel.label.startsWith(DATA_CHANNELS.filePrefix)) return false;
    const transfer = this.transfers.get(channel.label.slice(DATA_CHANNELS.filePrefix.length));
    if (!transfer || transfer.peerId !== peerId || transfer.direction !== 'receive' || !transfer.assembler) {
      channel.close();
      return true;
    }
    transfer.channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.onmessage = (event) => {
      if (typeof event.data === 'string') void this.verify(transfer, event.data);
      else if (event.data instanceof ArrayBuffer) this.receiveChunk(transfer, event.data);
      else this.options.onDropped?.(peerId, new PeerMessageDroppedError('file', 'chunk: not binary'));
    };
    channel.onclose = () => {
      if (!transfer.done && this.transfers.has(transfer.id)) this.finish(transfer, 'failed', true);
    };
    return true;
  }

  private receiveChunk(transfer: Transfer, chunk: ArrayBuffer): void {
    if (transfer.done) return;
    if (transfer.assembler!.bytes + chunk.byteLength > transfer.meta.size) {
      // More than was offered: cut the sender off rather than hold whatever it keeps sending.
      this.options.sendControl(transfer.peerId, { t: 'file-cancel', id: transfer.id });
      this.finish(transfer, 'oversized', false);
      transfer.channel?.close();
      return;
    }
    transfer.assembler!.push(chunk);
    transfer.digest!.add(chunk);
    this.progress(transfer, transfer.assembler!.bytes);
  }

  private async verify(transfer: Transfer, raw: string): Promise<void> {
    const checked = parseFileChannelMessage(raw);
    if (!checked.ok) {
      this.options.onDropped?.(transfer.peerId, new PeerMessageDroppedError('file', checked.reason));
      return;
    }
    const end = checked.value;
    if (end.t === 'cancel') {
      this.finish(transfer, 'cancelled', true);
      return;
    }
    if (end.t !== 'end' || transfer.done) return;
    const digest = await transfer.digest!.hex();
    const ok =
      digest === end.digest && end.chunks === transfer.digest!.chunks && transfer.assembler!.bytes === transfer.meta.size;
    this.options.sendControl(transfer.peerId, { t: 'file-done', id: transfer.id, ok });
    if (!ok) {
      this.finish(transfer, 'integrity', false);
      return;
    }
    transfer.done = true;
    this.transfers.delete(transfer.id);
    const file = transfer.assembler!.finish();
    this.emit(RoomEvent.FileReceived, { id: transfer.id, peerId: transfer.peerId, meta: transfer.meta, file, digest });
  }

  private async pump(transfer: Transfer): Promise<void> {
    const channel = this.options.openChannel(transfer.peerId, DATA_CHANNELS.filePrefix + transfer.id);
    transfer.channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = FILE_DEFAULTS.lowWaterBytes;
    channel.onclose = () => {
      if (!transfer.done && this.transfers.has(transfer.id)) this.finish(transfer, 'failed', true);
    };
    try {
      await waitForOpen(channel);
      const chunkSize = chunkSizeFor(this.options.maxMessageSize(transfer.peerId));
      const digest = new ChunkDigest();
      const file = transfer.file!;
      let sent = 0;
      // The next block is read while this one is sent, so the channel never waits on the disk or blob store;
      // at most two blocks are held.
      let next = readBlock(file, 0);
      for (let blockStart = 0; blockStart < file.size; blockStart += FILE_DEFAULTS.readBlockBytes) {
        const block = await next;
        next = readBlock(file, blockStart + FILE_DEFAULTS.readBlockBytes);
        for (const [offset, length] of chunkRanges(block.byteLength, chunkSize)) {
          if (!this.transfers.has(transfer.id)) return;
          if (channel.bufferedAmount > FILE_DEFAULTS.highWaterBytes) await waitForLow(channel);
          if (!this.transfers.has(transfer.id) || channel.readyState !== 'open') return;
          const chunk = new Uint8Array(block, offset, length);
          channel.send(chunk);
          digest.add(chunk);
          sent += length;
          this.progress(transfer, sent);
        }
      }
      const end: FileEndMessage = { t: 'end', chunks: digest.chunks, digest: await digest.hex() };
      if (this.transfers.has(transfer.id) && channel.readyState === 'open') channel.send(JSON.stringify(end));
    } catch {
      if (this.transfers.has(transfer.id)) {
        this.options.sendControl(transfer.peerId, { t: 'file-cancel', id: transfer.id });
        this.finish(transfer, 'failed', false);
      }
    }
  }

  private progress(transfer: Transfer, bytes: number): void {
    const total = transfer.meta.size;
    if (bytes < total && bytes - transfer.lastProgress < FILE_DEFAULTS.progressStepBytes) return;
    transfer.lastProgress = bytes;
    this.emit(RoomEvent.FileProgress, { id: transfer.id, peerId: transfer.peerId, direction: transfer.direction, bytes, total });
  }

  /**
   * Ends a transfer. Only the sender closes the file channel: its last in-band message (the end marker or a
   * cancel) then arrives before the close, which control-channel messages on another stream would not.
   */
  private finish(transfer: Transfer, reason: FileCancelReason, byPeer: boolean): void {
    if (!this.transfers.delete(transfer.id)) return;
    transfer.done = true;
    const channel = transfer.channel;
    if (channel && (transfer.direction === 'send' || reason === 'peer-gone')) {
      if (!byPeer && channel.readyState === 'open') channel.send(JSON.stringify({ t: 'cancel' } satisfies FileCancelMessage));
      channel.close();
    }
    this.emit(RoomEvent.FileCancelled, {
      id: transfer.id,
      peerId: transfer.peerId,
      direction: transfer.direction,
      reason,
      byPeer,
    });
  }
}

/** The block of `file` at `start`, empty past its end; a failed read rejects only where it is awaited. */
function readBlock(file: Blob, start: number): Promise<ArrayBuffer> {
  if (start >= file.size) return Promise.resolve(new ArrayBuffer(0));
  const read = file.slice(start, Math.min(file.size, start + FILE_DEFAULTS.readBlockBytes)).arrayBuffer();
  // A transfer cancelled mid-block never awaits its prefetched read; don't let that read's failure go unhandled.
  read.catch(() => undefined);
  return read;
}

function waitForOpen(channel: RTCDataChannel): Promise<void> {
  if (channel.readyState === 'open') return Promise.resolve();
  return new Promise((resolve, reject) => {
    channel.addEventListener('open', () => resolve(), { once: true });
    channel.addEventListener('close', () => reject(new Error('channel closed')), { once: true });
  });
}

function waitForLow(channel: RTCDataChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      channel.removeEventListener('bufferedamountlow', done);
      channel.removeEventListener('close', done);
      resolve();
    };
    channel.addEventListener('bufferedamountlow', done);
    channel.addEventListener('close', done);
  });
}
