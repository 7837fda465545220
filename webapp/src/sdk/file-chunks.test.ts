import { describe, expect, it } from 'vitest';
import { ChunkAssembler, ChunkDigest, chunkRanges, chunkSizeFor, toHex } from './file-chunks';

describe('chunkSizeFor', () => {
  it('uses the negotiated maximum message size when it lies between 16 and 64 KiB', () => {
    expect(chunkSizeFor(32 * 1024)).toBe(32 * 1024);
  });
  it('caps large or unlimited sizes at 64 KiB', () => {
    expect(chunkSizeFor(262144)).toBe(65536);
    expect(chunkSizeFor(Infinity)).toBe(65536);
    expect(chunkSizeFor(0)).toBe(65536);
    expect(chunkSizeFor(undefined)).toBe(65536);
  });
  it('never goes below 16 KiB', () => {
    expect(chunkSizeFor(1200)).toBe(16384);
  });
});

describe('chunkRanges', () => {
  it('covers the file exactly with a short last chunk', () => {
    expect([...chunkRanges(10, 4)]).toEqual([[0, 4], [4, 4], [8, 2]]);
  });
  it('yields nothing for an empty file', () => {
    expect([...chunkRanges(0, 4)]).toEqual([]);
  });
});

describe('ChunkDigest', () => {
  it('is SHA-256 over the concatenated SHA-256 of each chunk', async () => {
    const a = new TextEncoder().encode('hello ');
    const b = new TextEncoder().encode('world');
    const digest = new ChunkDigest();
    digest.add(a);
    digest.add(b);
    const ha = new Uint8Array(await crypto.subtle.digest('SHA-256', a));
    const hb = new Uint8Array(await crypto.subtle.digest('SHA-256', b));
    const expected = toHex(await crypto.subtle.digest('SHA-256', new Uint8Array([...ha, ...hb])));
    expect(await digest.hex()).toBe(expected);
    expect(digest.chunks).toBe(2);
  });

  it('differs when one byte of one chunk differs', async () => {
    const one = new ChunkDigest();
    const two = new ChunkDigest();
    one.add(new Uint8Array([1, 2, 3]));
    two.add(new Uint8Array([1, 2, 4]));
    expect(await one.hex()).not.toBe(await two.hex());
  });

  it('differs when the same bytes are cut at other boundaries', async () => {
    const one = new ChunkDigest();
    const two = new ChunkDigest();
    one.add(new Uint8Array([1, 2]));
    one.add(new Uint8Array([3]));
    two.add(new Uint8Array([1]));
    two.add(new Uint8Array([2, 3]));
    expect(await one.hex()).not.toBe(await two.hex());
  });

  it('renders a digest as lowercase hex (SHA-256 of the empty input)', async () => {
    expect(toHex(await crypto.subtle.digest('SHA-256', new Uint8Array()))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('ChunkAssembler', () => {
  it('reassembles chunks in order into a Blob of the offered type', async () => {
    const assembler = new ChunkAssembler('text/plain', 5);
    for (const text of ['abc', 'def', 'gh', 'ij']) assembler.push(new TextEncoder().encode(text).buffer as ArrayBuffer);
    expect(assembler.bytes).toBe(10);
    const blob = assembler.finish();
    expect(blob.type).toBe('text/plain');
    expect(await blob.text()).toBe('abcdefghij');
  });
});
