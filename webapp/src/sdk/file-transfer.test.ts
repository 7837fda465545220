import { describe, expect, it } from 'vitest';
import { FILE_DEFAULTS } from './defaults';
import { RoomEvent, type RoomEventMap } from './events';
import { toHex } from './file-chunks';
import { FileTransfer } from './file-transfer';
import type { FileControlMessage } from './peer-messages';

/** An in-memory data channel pair: sends arrive in a later task and count in `bufferedAmount` until then. */
class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'connecting';
  binaryType: BinaryType = 'blob';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  maxBuffered = 0;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  peer!: FakeChannel;
  corruptChunk = -1;
  /** Delivers every binary message this many times (a sender that sends more than it offered). */
  copies = 1;
  private sent = 0;
  readonly sizes: number[] = [];

  constructor(readonly label: string) {
    super();
  }

  open() {
    this.readyState = 'open';
    this.dispatchEvent(new Event('open'));
  }

  send(data: string | ArrayBufferView) {
    if (this.readyState !== 'open') throw new Error('InvalidStateError');
    const size = typeof data === 'string' ? data.length : data.byteLength;
    let copy: string | ArrayBuffer;
    if (typeof data === 'string') {
      copy = data;
    } else {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
      if (this.sent++ === this.corruptChunk) bytes[0] ^= 0xff;
      this.sizes.push(size);
      copy = bytes.buffer;
    }
    this.bufferedAmount += size;
    this.maxBuffered = Math.max(this.maxBuffered, this.bufferedAmount);
    setTimeout(() => {
      const before = this.bufferedAmount;
      this.bufferedAmount -= size;
      if (before > this.bufferedAmountLowThreshold && this.bufferedAmount <= this.bufferedAmountLowThreshold) {
        this.dispatchEvent(new Event('bufferedamountlow'));
      }
      const copies = typeof copy === 'string' ? 1 : this.copies;
      for (let i = 0; i < copies; i++) if (this.peer.readyState === 'open') this.peer.onmessage?.({ data: copy });
    }, 0);
  }

  /** Like browsers, sends what is already queued before closing. */
  close() {
    if (this.readyState === 'closed' || this.readyState === 'closing') return;
    this.readyState = 'closing';
    setTimeout(() => {
      for (const side of [this, this.peer]) {
        if (side.readyState === 'closed') continue;
        side.readyState = 'closed';
        side.dispatchEvent(new Event('close'));
        side.onclose?.();
      }
    }, 0);
  }
}

type Events = Partial<{ [K in keyof RoomEventMap]: RoomEventMap[K][] }>;

function record(transfer: FileTransfer): Events {
  const events: Events = {};
  for (const name of [
    RoomEvent.FileOffer,
    RoomEvent.FileProgress,
    RoomEvent.FileReceived,
    RoomEvent.FileDelivered,
    RoomEvent.FileCancelled,
  ] as const) {
    transfer.on(name, (payload) => ((events[name] ??= []) as unknown[]).push(payload));
  }
  return events;
}

function pair(options: { maxMessageSize?: number; corruptChunk?: number; copies?: number } = {}) {
  const sides: Record<string, FileTransfer> = {};
  const channels: FakeChannel[] = [];
  let n = 0;
  const make = (self: string, other: string) =>
    new FileTransfer({
      peers: () => [other],
      newId: () => `${self}-${++n}`,
      maxMessageSize: () => options.maxMessageSize,
      sendControl: (to, message: FileControlMessage) => {
        const copy = JSON.parse(JSON.stringify(message)) as FileControlMessage;
        setTimeout(() => sides[to].handleControl(self, copy), 0);
      },
      openChannel: (to, label) => {
        const local = new FakeChannel(label);
        const remote = new FakeChannel(label);
        local.peer = remote;
        remote.peer = local;
        local.corruptChunk = options.corruptChunk ?? -1;
        local.copies = options.copies ?? 1;
        channels.push(local);
        setTimeout(() => {
          sides[to].handleChannel(self, remote as unknown as RTCDataChannel);
          remote.open();
          local.open();
        }, 0);
        return local as unknown as RTCDataChannel;
      },
    });
  sides.alice = make('alice', 'bob');
  sides.bob = make('bob', 'alice');
  return { alice: sides.alice, bob: sides.bob, channels };
}

function randomBlob(size: number): { blob: Blob; bytes: Uint8Array<ArrayBuffer> } {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(size, i + 65536)));
  return { blob: new Blob([bytes], { type: 'application/x-test' }), bytes };
}

async function sha256(data: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', data));
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 5000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('FileTransfer', () => {
  it('sends a file the receiver accepted, verifies it and hands over identical bytes', async () => {
    const { alice, bob } = pair();
    const sent = record(alice);
    const got = record(bob);
    const { blob, bytes } = randomBlob(3 * 1024 * 1024 + 123);
    bob.on(RoomEvent.FileOffer, ({ id }) => bob.accept(id));
    alice.send(blob, { name: 'scan.bin' });
    await until(() => !!got[RoomEvent.FileReceived] && !!sent[RoomEvent.FileDelivered], 'delivery');
    const [offer] = got[RoomEvent.FileOffer]!;
    expect(offer.meta).toEqual({ name: 'scan.bin', size: bytes.length, type: 'application/x-test' });
    const [received] = got[RoomEvent.FileReceived]!;
    expect(await sha256(await received.file.arrayBuffer())).toBe(await sha256(bytes));
    // Saved as a neutral download whatever type the sender claimed.
    expect(received.file.type).toBe('application/octet-stream');
    expect(received.meta.type).toBe('application/x-test');
    expect(received.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(sent[RoomEvent.FileProgress]!.at(-1)).toMatchObject({ direction: 'send', bytes: bytes.length, total: bytes.length });
    expect(got[RoomEvent.FileProgress]!.at(-1)).toMatchObject({ direction: 'receive', bytes: bytes.length, total: bytes.length });
    expect(sent[RoomEvent.FileCancelled]).toBeUndefined();
  });

  it('never lets more than the high-water mark plus one chunk wait in the channel buffer', async () => {
    const { alice, bob, channels } = pair();
    const got = record(bob);
    bob.on(RoomEvent.FileOffer, ({ id }) => bob.accept(id));
    alice.send(randomBlob(12 * 1024 * 1024).blob);
    await until(() => !!got[RoomEvent.FileReceived], 'delivery');
    expect(channels[0].maxBuffered).toBeGreaterThan(FILE_DEFAULTS.lowWaterBytes);
    expect(channels[0].maxBuffered).toBeLessThanOrEqual(FILE_DEFAULTS.highWaterBytes + FILE_DEFAULTS.maxChunkBytes);
  });

  it('sizes chunks from the negotiated maximum message size', async () => {
    const { alice, bob, channels } = pair({ maxMessageSize: 20_000 });
    const got = record(bob);
    bob.on(RoomEvent.FileOffer, ({ id }) => bob.accept(id));
    alice.send(randomBlob(100_000).blob);
    await until(() => !!got[RoomEvent.FileReceived], 'delivery');
    expect(channels[0].sizes).toEqual([20_000, 20_000, 20_000, 20_000, 20_000]);
  });

  it('reads the file at most one block ahead of what it has sent', async () => {
    const { alice, bob } = pair();
    const sent = record(alice);
    const got = record(bob);
    const { blob } = randomBlob(6 * 1024 * 1024 + 7);
    let readUpTo = 0;
    let maxAhead = 0;
    const slice = blob.slice.bind(blob);
    blob.slice = (start?: number, end?: number) => {
      readUpTo = Math.max(readUpTo, end ?? blob.size);
      maxAhead = Math.max(maxAhead, readUpTo - (sent[RoomEvent.FileProgress]?.at(-1)?.bytes ?? 0));
      return slice(start, end);
    };
    bob.on(RoomEvent.FileOffer, ({ id }) => bob.accept(id));
    alice.send(blob);
    await until(() => !!got[RoomEvent.FileReceived], 'delivery');
    expect(readUpTo).toBe(blob.size);
    expect(maxAhead).toBeLessThanOrEqual(2 * FILE_DEFAULTS.readBlockBytes + FILE_DEFAULTS.progressStepBytes);
  });

  it('fails the transfer on both sides when the file cannot be read part way through', async () => {
    const { alice, bob } = pair();
    const sent = record(alice);
    const got = record(bob);
    const { blob } = randomBlob(4 * 1024 * 1024);
    const slice = blob.slice.bind(blob);
    blob.slice = (start?: number, end?: number) => {
      const part = slice(start, end);
      if ((start ?? 0) >= 2 * FILE_DEFAULTS.readBlockBytes) part.arrayBuffer = () => Promise.reject(new Error('NotReadableError'));
      return part;
    };
    bob.on(RoomEvent.FileOffer, ({ id }) => bob.accept(id));
    alice.send(blob);
    await until(() => !!sent[RoomEvent.FileCancelled] && !!got[RoomEvent.FileCancelled], 'failure on both sides');
    expect(sent[RoomEvent.FileCancelled]![0]).toMatchObject({ reason: 'failed', byPeer: false });
    expect(got[RoomEvent.FileCancelled]![0]).toMatchObject({ reason: 'cancelled', byPeer: true });
    expect(got[RoomEvent.FileReceived]).toBeUndefined();
  });

  it('tells the sender when the receiver declines, and sends no bytes', async () => {
    const { alice, bob, channels } = pair();
    const sent = record(alice);
    bob.on(RoomEvent.FileOffer, ({ id }) => bob.decline(id));
    const [id] = alice.send(randomBlob(1000).blob);
    await until(() => !!sent[RoomEvent.FileCancelled], 'decline');
    expect(sent[RoomEvent.FileCancelled]).toEqual([{ id, peerId: 'bob', direction: 'send', reason: 'declined', byPeer: true }]);
    expect(channels).toHaveLength(0);
  });

  it('stops both sides when the receiver cancels mid-transfer', async () => {
    const { alice, bob } = pair();
    const sent = record(alice);
    const got = record(bob);
    bob.on(RoomEvent.FileOffer, ({ id }) => bob.accept(id));
    bob.on(RoomEvent.FileProgress, ({ id, bytes }) => {
      if (bytes > 1024 * 1024) bob.cancel(id);
    });
    alice.send(randomBlob(8 * 1024 * 1024).blob);
    await until(() => !!sent[RoomEvent.FileCancelled] && !!got[RoomEvent.FileCancelled], 'cancel on both sides');
    expect(sent[RoomEvent.FileCancelled]![0]).toMatchObject({ reason: 'cancelled', byPeer: true, direction: 'send' });
    expect(got[RoomEvent.FileCancelled]![0]).toMatchObject({ reason: 'cancelled', byPeer: false, direction: 'receive' });
    expect(got[RoomEvent.FileReceived]).toBeUndefined();
    expect(sent[RoomEvent.FileDelivered]).toBeUndefined();
  });

  it('withholds a file whose bytes changed in transit and tells both sides', async () => {
    const { alice, bob } = pair({ corruptChunk: 3 });
    const sent = record(alice);
    const got = record(bob);
    bob.on(RoomEvent.FileOffer, ({ id }) => bob.accept(id));
    alice.send(randomBlob(500_000).blob);
    await until(() => !!sent[RoomEvent.FileCancelled], 'integrity failure');
    expect(got[RoomEvent.FileReceived]).toBeUndefined();
    expect(got[RoomEvent.FileCancelled]![0]).toMatchObject({ reason: 'integrity' });
    expect(sent[RoomEvent.FileCancelled]![0]).toMatchObject({ reason: 'integrity', byPeer: true });
  });

  it('cuts off a sender that sends more bytes than it offered, keeping nothing past the offered size', async () => {
    const { alice, bob } = pair({ copies: 2 });
    const sent = record(alice);
    const got = record(bob);
    const offered = 300_000;
    bob.on(RoomEvent.FileOffer, ({ id }) => bob.accept(id));
    alice.send(randomBlob(offered).blob);
    await until(() => !!got[RoomEvent.FileCancelled] && !!sent[RoomEvent.FileCancelled], 'the transfer failing on both sides');
    expect(got[RoomEvent.FileCancelled]).toEqual([
      { id: 'alice-1', peerId: 'alice', direction: 'receive', reason: 'oversized', byPeer: false },
    ]);
    expect(sent[RoomEvent.FileCancelled]![0]).toMatchObject({ reason: 'cancelled', byPeer: true });
    expect(got[RoomEvent.FileReceived]).toBeUndefined();
    expect(Math.max(...got[RoomEvent.FileProgress]!.map((p) => p.bytes))).toBeLessThanOrEqual(offered);
  });

  it('reports and ignores a malformed end marker instead of verifying against it', async () => {
    const dropped: string[] = [];
    const bob = new FileTransfer({
      peers: () => ['alice'],
      sendControl: () => undefined,
      openChannel: () => {
        throw new Error('receiver only');
      },
      maxMessageSize: () => undefined,
      onDropped: (peerId, error) => dropped.push(`${peerId}: ${error.source}: ${error.detail}`),
    });
    const got = record(bob);
    bob.handleControl('alice', { t: 'file-offer', id: 'f1', name: 'a.bin', size: 0, type: '' });
    bob.accept('f1');
    const channel = new FakeChannel('otter-file:f1');
    bob.handleChannel('alice', channel as unknown as RTCDataChannel);
    channel.onmessage!({ data: '{"t":"end","chunks":0,"digest":{"length":64}}' });
    await until(() => dropped.length > 0, 'the bad end to be dropped');
    expect(dropped).toEqual(['alice: file: end.digest: not a string']);
    expect(got[RoomEvent.FileReceived]).toBeUndefined();
    expect(got[RoomEvent.FileCancelled]).toBeUndefined();
  });

  it('ends transfers with a peer that left', async () => {
    const { alice } = pair();
    const sent = record(alice);
    const [id] = alice.send(randomBlob(10).blob);
    alice.peerGone('bob');
    expect(sent[RoomEvent.FileCancelled]).toEqual([{ id, peerId: 'bob', direction: 'send', reason: 'peer-gone', byPeer: true }]);
  });

  it('offers to every peer by default with one transfer id each', () => {
    const offers: FileControlMessage[] = [];
    const transfer = new FileTransfer({
      peers: () => ['p1', 'p2', 'p3'],
      sendControl: (_to, m) => offers.push(m),
      openChannel: () => {
        throw new Error('not accepted yet');
      },
      maxMessageSize: () => undefined,
    });
    const ids = transfer.send(new Blob(['x']), { name: 'a.txt' });
    expect(new Set(ids).size).toBe(3);
    expect(offers.map((m) => m.t)).toEqual(['file-offer', 'file-offer', 'file-offer']);
  });
});
