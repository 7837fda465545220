/**
 * The room secret: 32 random bytes that every participant's link carries in its `#fragment` as `k=<43 base64url
 * characters>`, beside the room token. The participants derive the key of their signaling encryption from it
 * (signal-crypto.ts); no server ever receives it, because browsers never send a fragment and Otter's own servers
 * never make it. The developer's backend generates it when it makes a room's links (docs/http-api.md, "Room links").
 */

/** The fragment parameter that carries the room secret. */
export const ROOM_SECRET_PARAM = 'k';

/** 256 bits: as strong as the AES-256 key derived from it. */
export const ROOM_SECRET_BYTES = 32;

/** 32 bytes in base64url without padding. */
const ROOM_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Bytes per `String.fromCharCode` call: far below any engine's argument limit. */
const CHARS_PER_CALL = 0x2000;

export function toBase64Url(bytes: Uint8Array): string {
  // Sealed descriptions are kilobytes: a string built a byte at a time cost milliseconds per signal.
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHARS_PER_CALL) binary += String.fromCharCode(...bytes.subarray(i, i + CHARS_PER_CALL));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Null when `text` is not base64url (without padding). */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A fresh room secret from the platform's CSPRNG (browsers, Node ≥ 20, Deno, workers). */
export function generateRoomSecret(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(ROOM_SECRET_BYTES)));
}

/** Whether `text` has the form of a room secret (32 bytes as 43 base64url characters). */
export function isRoomSecret(text: string | null | undefined): text is string {
  return typeof text === 'string' && ROOM_SECRET_PATTERN.test(text) && fromBase64Url(text)?.length === ROOM_SECRET_BYTES;
}

/**
 * A room link with the room secret added to its fragment: what a developer's backend hands out, made from the `url`
 * or `hostUrl` that `POST /createRoom` returned. Give every link of one room the same secret.
 */
export function withRoomSecret(link: string, secret: string = generateRoomSecret()): string {
  if (!isRoomSecret(secret)) throw new RangeError('A room secret is 32 bytes in base64url (43 characters).');
  const url = new URL(link);
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  fragment.set(ROOM_SECRET_PARAM, secret);
  url.hash = fragment.toString();
  return url.toString();
}
