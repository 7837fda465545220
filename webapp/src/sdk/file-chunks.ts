import { FILE_DEFAULTS } from './defaults';

/**
 * The chunk size for a channel: the transport's `sctp.maxMessageSize`, capped at 64 KiB (larger messages are
 * not practical across browsers) and never below 16 KiB (which every browser accepts).
 * An unknown, zero or infinite size means no limit was negotiated, so the cap applies.
 */
export function chunkSizeFor(maxMessageSize: number | null | undefined): number {
  const { minChunkBytes, maxChunkBytes } = FILE_DEFAULTS;
  if (!maxMessageSize || !Number.isFinite(maxMessageSize)) return maxChunkBytes;
  return Math.max(minChunkBytes, Math.min(maxChunkBytes, Math.floor(maxMessageSize)));
}

export function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * SHA-256 over a sequence of chunks, computed chunk by chunk: Web Crypto cannot hash incrementally, so each
 * chunk is hashed on its own and the result is SHA-256(h(chunk₁) ‖ h(chunk₂) ‖ …). Sender and receiver see the
 * same message boundaries (SCTP keeps them), so they compute the same value without holding the whole file.
 */
export class ChunkDigest {
  private readonly digests: Promise<ArrayBuffer>[] = [];

  add(chunk: ArrayBufferView<ArrayBuffer> | ArrayBuffer): void {
    this.digests.push(crypto.subtle.digest('SHA-256', chunk));
  }

  get chunks(): number {
    return this.digests.length;
  }

  async hex(): Promise<string> {
    const parts = await Promise.all(this.digests);
    const joined = new Uint8Array(parts.length * 32);
    parts.forEach((part, i) => joined.set(new Uint8Array(part), i * 32));
    return toHex(await crypto.subtle.digest('SHA-256', joined));
  }
}

/**
 * Collects received chunks into a Blob. Chunks are folded into Blob parts every few MiB, so the browser can
 * move them out of the JavaScript heap and the final Blob references the parts instead of copying them.
 */
export class ChunkAssembler {
  private readonly parts: Blob[] = [];
  private pending: ArrayBuffer[] = [];
  private pendingBytes = 0;
  private received = 0;

  constructor(
    private readonly type: string,
    private readonly partBytes: number = FILE_DEFAULTS.receiverBlobPartBytes,
  ) {}

  get bytes(): number {
    return this.received;
  }

  push(chunk: ArrayBuffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.byteLength;
    this.received += chunk.byteLength;
    if (this.pendingBytes >= this.partBytes) this.fold();
  }

  finish(): Blob {
    this.fold();
    return new Blob(this.parts, { type: this.type });
  }

  private fold(): void {
    if (this.pending.length === 0) return;
    this.parts.push(new Blob(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** Yields `[offset, length]` of each chunk of a `size`-byte file. */
export function* chunkRanges(size: number, chunkSize: number): Generator<[number, number]> {
  for (let offset = 0; offset < size; offset += chunkSize) yield [offset, Math.min(chunkSize, size - offset)];
}
