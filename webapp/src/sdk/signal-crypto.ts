import { fromBase64Url, isRoomSecret, toBase64Url } from './room-secret';

/**
 * End-to-end encryption of `signal.data` between participants (docs/signaling.md, "Encrypted signals"): the server
 * relays an envelope it cannot read, so it never sees a session description, an ICE candidate (with the participants'
 * IP addresses) or the media state.
 *
 * Key: HKDF-SHA-256 from the room secret of the link's fragment (room-secret.ts), with the room id in its `info`, gives
 * one AES-256-GCM key per room. Each envelope has a fresh random 96-bit IV. The additional authenticated data binds
 * the ciphertext to its room, sender, recipient, purpose and sequence number, so the server can neither read nor
 * alter it, nor pass it off as another peer's, to another peer or room, or under another number.
 */

/** The envelope's version; a receiver refuses any other. */
export const SIGNAL_ENVELOPE_VERSION = 1;

/** What the server relays as `signal.data`: a JSON object, as it requires, whose content it cannot read. */
export interface SignalEnvelope {
  /** SIGNAL_ENVELOPE_VERSION. */
  v: number;
  /** The sender's counter for this recipient (1, 2, …): a receiver refuses a number it has seen. */
  seq: number;
  /** 12 random bytes, base64url. */
  iv: string;
  /** AES-GCM ciphertext of the JSON of the SDK's signal data, with its 16-byte tag, base64url. */
  ct: string;
}

/** Why a signal from a peer was refused before anything in it was read. */
export enum SignalRejection {
  /** Not an envelope of this version: a client that does not encrypt, or a message the server made up. */
  NotEncrypted = 'not-encrypted',
  /**
   * The envelope does not decrypt and authenticate: the sender's link has another room secret (or none of this
   * room), or the ciphertext, its sender, recipient or number were altered on the way.
   */
  Undecryptable = 'undecryptable',
  /** A number this peer already used: a copy of an earlier envelope, replayed. */
  Replayed = 'replayed',
}

/**
 * A signal from `peerId` was refused: reported as a non-fatal `error` event. Until a first signal from that peer
 * decrypts, such a refusal stops the pair: no connection is made with a peer whose signals cannot be authenticated.
 */
export class SignalRejectedError extends Error {
  override readonly name = 'SignalRejectedError';
  constructor(
    readonly peerId: string,
    readonly reason: SignalRejection,
  ) {
    super(
      reason === SignalRejection.Replayed
        ? `Dropped a replayed signal said to come from ${peerId}.`
        : `Signals from ${peerId} could not be decrypted (${reason}): their link has another room secret, or the signals were altered.`,
    );
  }
}

/** The decrypted content of one envelope: still another peer's untrusted input (peer-messages.ts checks it). */
export interface OpenedSignal {
  seq: number;
  data: unknown;
}

/** Thrown by `SignalCipher.open`. */
export class SignalOpenError extends Error {
  override readonly name = 'SignalOpenError';
  constructor(readonly reason: SignalRejection.NotEncrypted | SignalRejection.Undecryptable) {
    super(reason);
  }
}

const HKDF_INFO_PREFIX = 'otter signal key v1 ';
/** Domain separation: these keys and this AAD serve signal payloads only. */
const AAD_PURPOSE = 'otter-signal';
const IV_BYTES = 12;
/** AES-GCM's tag: an envelope shorter than this holds no ciphertext at all. */
const TAG_BYTES = 16;
const MAX_SEQ = Number.MAX_SAFE_INTEGER;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The room's signal key: seals the SDK's signal data for one recipient and opens what one sender sealed for us. */
export class SignalCipher {
  private constructor(
    private readonly key: CryptoKey,
    readonly roomId: string,
  ) {}

  /** Derives the room's key from the room secret (`k` of the link); the key cannot be exported. */
  static async create(secret: string, roomId: string): Promise<SignalCipher> {
    if (!isRoomSecret(secret)) throw new RangeError('The room secret must be 32 bytes in base64url (43 characters).');
    const material = await crypto.subtle.importKey('raw', fromBase64Url(secret)! as BufferSource, 'HKDF', false, ['deriveKey']);
    const key = await crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(HKDF_INFO_PREFIX + roomId) },
      material,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
    return new SignalCipher(key, roomId);
  }

  async seal(data: unknown, from: string, to: string, seq: number): Promise<SignalEnvelope> {
    if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError('seq must be a positive integer');
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const plain = encoder.encode(JSON.stringify(data));
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: this.aad(from, to, seq) as BufferSource },
      this.key,
      plain as BufferSource,
    );
    return { v: SIGNAL_ENVELOPE_VERSION, seq, iv: toBase64Url(iv), ct: toBase64Url(new Uint8Array(sealed)) };
  }

  /**
   * Opens an envelope that `from` addressed to `to` (us). Throws SignalOpenError when it is no envelope or does not
   * authenticate; nothing of a refused envelope is returned.
   */
  async open(envelope: unknown, from: string, to: string): Promise<OpenedSignal> {
    const e = readEnvelope(envelope);
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: e.iv as BufferSource, additionalData: this.aad(from, to, e.seq) as BufferSource },
        this.key,
        e.ct as BufferSource,
      );
    } catch {
      throw new SignalOpenError(SignalRejection.Undecryptable);
    }
    let data: unknown;
    try {
      data = JSON.parse(decoder.decode(plain));
    } catch {
      // Authentic but not JSON: only a peer holding the key can make this, so it is that peer's malformed input.
      throw new SignalOpenError(SignalRejection.Undecryptable);
    }
    return { seq: e.seq, data };
  }

  /** Purpose, version, room, sender, recipient and number, as a JSON array: unambiguous whatever the ids hold. */
  private aad(from: string, to: string, seq: number): Uint8Array {
    return encoder.encode(JSON.stringify([AAD_PURPOSE, SIGNAL_ENVELOPE_VERSION, this.roomId, from, to, seq]));
  }
}

function readEnvelope(value: unknown): { seq: number; iv: Uint8Array; ct: Uint8Array } {
  const refuse = () => new SignalOpenError(SignalRejection.NotEncrypted);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse();
  const { v, seq, iv, ct } = value as Record<string, unknown>;
  if (v !== SIGNAL_ENVELOPE_VERSION) throw refuse();
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1 || seq > MAX_SEQ) throw refuse();
  if (typeof iv !== 'string' || typeof ct !== 'string') throw refuse();
  const ivBytes = fromBase64Url(iv);
  const ctBytes = fromBase64Url(ct);
  if (ivBytes?.length !== IV_BYTES || !ctBytes || ctBytes.length < TAG_BYTES) throw refuse();
  return { seq, iv: ivBytes, ct: ctBytes };
}
