import { describe, expect, it } from 'vitest';
import { fromBase64Url, generateRoomSecret, toBase64Url } from './room-secret';
import { SignalCipher, SignalOpenError, SignalRejection, type SignalEnvelope } from './signal-crypto';

const OFFER = { description: { type: 'offer', sdp: 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\na=candidate:1 1 udp 2122260223 10.0.0.2 50000 typ host\r\n' } };

async function rejection(opening: Promise<unknown>): Promise<SignalRejection> {
  const error = await opening.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignalOpenError);
  return (error as SignalOpenError).reason;
}

/** Flips one bit of a base64url field. */
function flipped(field: string, index = 0): string {
  const bytes = fromBase64Url(field)!;
  bytes[index] ^= 1;
  return toBase64Url(bytes);
}

describe('SignalCipher', () => {
  it('round-trips signal data between two holders of the room secret, and the envelope shows none of it', async () => {
    const secret = generateRoomSecret();
    const alice = await SignalCipher.create(secret, 'room-1');
    const bob = await SignalCipher.create(secret, 'room-1');
    const envelope = await alice.seal(OFFER, 'alice', 'bob', 1);
    expect(Object.keys(envelope).sort()).toEqual(['ct', 'iv', 'seq', 'v']);
    expect(envelope.v).toBe(1);
    expect(fromBase64Url(envelope.iv)).toHaveLength(12);
    const wire = JSON.stringify(envelope);
    for (const text of ['v=0', 'candidate', '10.0.0.2', 'offer', 'typ host']) expect(wire).not.toContain(text);
    expect(await bob.open(envelope, 'alice', 'bob')).toEqual({ seq: 1, data: OFFER });
  });

  it('uses a fresh IV for every envelope, so equal signals give different ciphertexts', async () => {
    const cipher = await SignalCipher.create(generateRoomSecret(), 'room-1');
    const envelopes = await Promise.all(Array.from({ length: 50 }, () => cipher.seal(OFFER, 'a', 'b', 1)));
    expect(new Set(envelopes.map((e) => e.iv)).size).toBe(50);
    expect(new Set(envelopes.map((e) => e.ct)).size).toBe(50);
  });

  it('refuses an envelope sealed with another room secret', async () => {
    const alice = await SignalCipher.create(generateRoomSecret(), 'room-1');
    const mallory = await SignalCipher.create(generateRoomSecret(), 'room-1');
    const envelope = await mallory.seal(OFFER, 'mallory', 'alice', 1);
    expect(await rejection(alice.open(envelope, 'mallory', 'alice'))).toBe(SignalRejection.Undecryptable);
  });

  it('refuses a tampered ciphertext, tag or IV', async () => {
    const cipher = await SignalCipher.create(generateRoomSecret(), 'room-1');
    const envelope = await cipher.seal(OFFER, 'alice', 'bob', 1);
    const ctBytes = fromBase64Url(envelope.ct)!.length;
    for (const tampered of [
      { ...envelope, ct: flipped(envelope.ct, 0) },
      { ...envelope, ct: flipped(envelope.ct, ctBytes - 1) },
      { ...envelope, iv: flipped(envelope.iv, 5) },
      { ...envelope, ct: toBase64Url(fromBase64Url(envelope.ct)!.slice(0, ctBytes - 1)) },
    ]) {
      expect(await rejection(cipher.open(tampered, 'alice', 'bob'))).toBe(SignalRejection.Undecryptable);
    }
  });

  it('binds room, sender, recipient and number: a ciphertext cannot be passed off as another peer’s, to another peer or room, or renumbered', async () => {
    const secret = generateRoomSecret();
    const cipher = await SignalCipher.create(secret, 'room-1');
    const otherRoom = await SignalCipher.create(secret, 'room-2');
    const envelope = await cipher.seal(OFFER, 'alice', 'bob', 7);
    expect(await rejection(cipher.open(envelope, 'bob', 'alice'))).toBe(SignalRejection.Undecryptable); // swapped
    expect(await rejection(cipher.open(envelope, 'carol', 'bob'))).toBe(SignalRejection.Undecryptable); // other sender
    expect(await rejection(cipher.open(envelope, 'alice', 'carol'))).toBe(SignalRejection.Undecryptable); // other recipient
    expect(await rejection(otherRoom.open(envelope, 'alice', 'bob'))).toBe(SignalRejection.Undecryptable); // other room
    const renumbered: SignalEnvelope = { ...envelope, seq: 8 };
    expect(await rejection(cipher.open(renumbered, 'alice', 'bob'))).toBe(SignalRejection.Undecryptable);
    expect((await cipher.open(envelope, 'alice', 'bob')).seq).toBe(7);
  });

  it('refuses what is not an envelope of this version before trying to decrypt it', async () => {
    const cipher = await SignalCipher.create(generateRoomSecret(), 'room-1');
    const envelope = await cipher.seal(OFFER, 'alice', 'bob', 1);
    for (const notEnvelope of [
      OFFER,
      null,
      'text',
      [envelope],
      { ...envelope, v: 2 },
      { ...envelope, seq: 0 },
      { ...envelope, seq: 1.5 },
      { ...envelope, seq: '1' },
      { ...envelope, iv: envelope.iv.slice(2) },
      { ...envelope, iv: 'not base64url!' },
      { ...envelope, ct: 'AAAA' },
      { v: 1, seq: 1, iv: envelope.iv },
    ]) {
      expect(await rejection(cipher.open(notEnvelope, 'alice', 'bob'))).toBe(SignalRejection.NotEncrypted);
    }
  });

  it('refuses a malformed room secret', async () => {
    await expect(SignalCipher.create('too-short', 'room-1')).rejects.toThrow(RangeError);
  });
});
