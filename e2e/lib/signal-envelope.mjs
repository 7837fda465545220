// The sealed `signal.data` of docs/signaling.md ("Encrypted signals"), written here from the document rather than
// imported from the SDK, so a test that seals with it also checks that the SDK follows the documented format.
import { webcrypto } from 'node:crypto';

const { subtle } = webcrypto;
const encoder = new TextEncoder();

/** The room's AES-256-GCM key: HKDF-SHA-256 of the 32-byte room secret, empty salt, info `otter signal key v1 <roomId>`. */
async function roomKey(secret, roomId) {
  const material = await subtle.importKey('raw', Buffer.from(secret, 'base64url'), 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(`otter signal key v1 ${roomId}`) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The additional authenticated data: purpose, version, room, sender, recipient, number. */
const aad = (roomId, from, to, seq) => encoder.encode(JSON.stringify(['otter-signal', 1, roomId, from, to, seq]));

/** Seals `data` as `from` would for `to`, under number `seq`: `{v, seq, iv, ct}`. */
export async function sealSignal({ secret, roomId, from, to, seq, data }) {
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const ct = await subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: aad(roomId, from, to, seq) },
    await roomKey(secret, roomId),
    encoder.encode(JSON.stringify(data)),
  );
  return { v: 1, seq, iv: Buffer.from(iv).toString('base64url'), ct: Buffer.from(ct).toString('base64url') };
}

/** Opens an envelope `from` sealed for `to`: the signal data it carries. Throws when it does not authenticate. */
export async function openSignal({ secret, roomId, from, to, envelope }) {
  const plain = await subtle.decrypt(
    { name: 'AES-GCM', iv: Buffer.from(envelope.iv, 'base64url'), additionalData: aad(roomId, from, to, envelope.seq) },
    await roomKey(secret, roomId),
    Buffer.from(envelope.ct, 'base64url'),
  );
  return JSON.parse(new TextDecoder().decode(plain));
}
