/**
 * Safety codes: a short number both people in a call read aloud to each other. Each side derives it from the
 * two DTLS certificate fingerprints of its connection. Without a middleman both sides see the same two
 * certificates, so the codes match; a middleman holds a different certificate towards each side, so they differ.
 *
 * The signaling server carries the fingerprints (inside the SDP), so whoever controls it can swap them. The
 * code is what exposes that swap. Such an attacker sees both real certificates before choosing its own, and a
 * certificate can be varied almost for free, so it can search for two of its certificates whose codes collide
 * (a birthday search: about √(10^digits) candidates per side). Key stretching makes every candidate cost
 * `iterations` rounds of PBKDF2-HMAC-SHA-256. With the defaults (12 digits, 100 000 rounds) one attempt at a
 * call costs about 2^21 × 2·10^5 SHA-256 blocks, on the order of 20 s of a high-end GPU, while the
 * call waits to connect. `digits: 16` multiplies that by 100.
 */

export const SAFETY_CODE_DEFAULTS = {
  /** 12 digits ≈ 40 bits, read as three groups of four. */
  digits: 12,
  groupSize: 4,
  /** PBKDF2 rounds, which make grinding certificates costly: 50 ms in Node 20 on the 2-core build machine; once per peer. */
  iterations: 100_000,
} as const;

/** The version tag is mixed into the hash so a future change of the scheme cannot yield matching codes by accident. */
const DOMAIN = 'otter-safety-code-v1';

/** Digest lengths in bytes of the hash functions RFC 8122 names; fingerprints of other lengths are malformed. */
const DIGEST_BYTES: Readonly<Record<string, number>> = {
  'md2': 16,
  'md5': 16,
  'sha-1': 20,
  'sha-224': 28,
  'sha-256': 32,
  'sha-384': 48,
  'sha-512': 64,
};

export enum SafetyCodeErrorReason {
  /** The SDP or the stats name no certificate fingerprint (not negotiated or not connected yet). */
  MissingFingerprint = 'MissingFingerprint',
  /** A fingerprint is not colon-separated hex of its hash function's length. */
  MalformedFingerprint = 'MalformedFingerprint',
}

export class SafetyCodeError extends Error {
  override readonly name = 'SafetyCodeError';
  constructor(
    readonly reason: SafetyCodeErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** One certificate fingerprint: `algorithm` in lower case (`sha-256`), `value` as upper-case hex pairs joined by `:`. */
export interface CertificateFingerprint {
  algorithm: string;
  value: string;
}

export interface SafetyCodeOptions {
  /** 6 to 18. */
  digits?: number;
  groupSize?: number;
  iterations?: number;
}

/**
 * Every `a=fingerprint` line of an SDP, at session or media level, normalised and without duplicates (with
 * BUNDLE each media section repeats the same one). All are kept, whatever their hash function: a line a
 * middleman added then changes the code instead of slipping past it.
 */
export function parseSdpFingerprints(sdp: string): CertificateFingerprint[] {
  const found: CertificateFingerprint[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    const match = /^a=fingerprint:(\S+)\s+(\S+)\s*$/i.exec(line);
    if (match) found.push(normaliseFingerprint(match[1], match[2]));
    else if (/^a=fingerprint:/i.test(line)) {
      throw new SafetyCodeError(SafetyCodeErrorReason.MalformedFingerprint, `Unreadable fingerprint line: ${line}`);
    }
  }
  if (found.length === 0) {
    throw new SafetyCodeError(SafetyCodeErrorReason.MissingFingerprint, 'The SDP carries no a=fingerprint line.');
  }
  return distinct(found);
}

/** A stats entry as `getStats` reports it; only the fields read here are named. */
interface StatsEntry {
  id?: string;
  type?: string;
  localCertificateId?: string;
  remoteCertificateId?: string;
  fingerprint?: string;
  fingerprintAlgorithm?: string;
}

/**
 * The certificates the DTLS handshake actually used, from `pc.getStats()`: each `transport` entry points at a
 * local and a remote `certificate` entry. These are what the browser checked, so they are the better source;
 * the SDP's are what was announced. Both give the same code when nobody interfered.
 */
export function fingerprintsFromStats(report: ReadonlyMap<string, unknown>): {
  local: CertificateFingerprint[];
  remote: CertificateFingerprint[];
} {
  const entries = report as ReadonlyMap<string, StatsEntry>;
  const local: CertificateFingerprint[] = [];
  const remote: CertificateFingerprint[] = [];
  const certificate = (id: string | undefined): CertificateFingerprint | null => {
    const entry = id === undefined ? undefined : entries.get(id);
    if (entry?.type !== 'certificate' || !entry.fingerprint || !entry.fingerprintAlgorithm) return null;
    return normaliseFingerprint(entry.fingerprintAlgorithm, entry.fingerprint);
  };
  for (const entry of entries.values()) {
    if (entry.type !== 'transport') continue;
    const mine = certificate(entry.localCertificateId);
    const theirs = certificate(entry.remoteCertificateId);
    if (mine && theirs) {
      local.push(mine);
      remote.push(theirs);
    }
  }
  if (local.length === 0) {
    throw new SafetyCodeError(
      SafetyCodeErrorReason.MissingFingerprint,
      'No transport in these stats has finished its DTLS handshake with certificates on both ends.',
    );
  }
  return { local: distinct(local), remote: distinct(remote) };
}

/**
 * The safety code of a connection, e.g. `4821 0937 5562`: the same on both ends, because the two sides'
 * fingerprint sets are sorted before hashing, so swapping local and remote changes nothing.
 */
export async function deriveSafetyCode(
  local: readonly CertificateFingerprint[],
  remote: readonly CertificateFingerprint[],
  options: SafetyCodeOptions = {},
): Promise<string> {
  const { digits, groupSize, iterations } = { ...SAFETY_CODE_DEFAULTS, ...options };
  if (!Number.isInteger(digits) || digits < 6 || digits > 18) throw new RangeError(`digits must be 6 to 18, not ${digits}.`);
  if (!Number.isInteger(groupSize) || groupSize < 1) throw new RangeError(`groupSize must be a positive integer, not ${groupSize}.`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`iterations must be a positive integer, not ${iterations}.`);
  const sides = [local, remote].map((side) => {
    if (side.length === 0) {
      throw new SafetyCodeError(SafetyCodeErrorReason.MissingFingerprint, 'Both ends need at least one fingerprint.');
    }
    return distinct(side.map((f) => normaliseFingerprint(f.algorithm, f.value)))
      .map((f) => `${f.algorithm} ${f.value}`)
      .sort()
      .join(',');
  });
  sides.sort();
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(sides.join('|')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(DOMAIN), iterations },
    key,
    64,
  );
  // 64 bits modulo 10^digits: for 12 digits some codes are likelier than others by under 10^-7.
  const number = new DataView(bits).getBigUint64(0) % 10n ** BigInt(digits);
  const text = number.toString().padStart(digits, '0');
  const groups: string[] = [];
  for (let i = 0; i < text.length; i += groupSize) groups.push(text.slice(i, i + groupSize));
  return groups.join(' ');
}

/** The safety code from `pc.localDescription.sdp` and `pc.remoteDescription.sdp`. */
export async function safetyCodeFromSdp(localSdp: string, remoteSdp: string, options?: SafetyCodeOptions): Promise<string> {
  return deriveSafetyCode(parseSdpFingerprints(localSdp), parseSdpFingerprints(remoteSdp), options);
}

/** The safety code from `await pc.getStats()` of a connected peer connection. */
export async function safetyCodeFromStats(report: ReadonlyMap<string, unknown>, options?: SafetyCodeOptions): Promise<string> {
  const { local, remote } = fingerprintsFromStats(report);
  return deriveSafetyCode(local, remote, options);
}

function normaliseFingerprint(algorithm: string, value: string): CertificateFingerprint {
  const alg = algorithm.toLowerCase();
  const hex = value.replace(/:/g, '').toUpperCase();
  const wellFormed = /^([0-9A-F]{2})+$/.test(hex) && /^[0-9a-f]{2}(:?[0-9a-f]{2})*$/i.test(value);
  const expected = DIGEST_BYTES[alg];
  if (!wellFormed || (expected !== undefined && hex.length !== expected * 2)) {
    throw new SafetyCodeError(SafetyCodeErrorReason.MalformedFingerprint, `Malformed ${alg} fingerprint: ${value}`);
  }
  return { algorithm: alg, value: hex.match(/../g)!.join(':') };
}

function distinct(fingerprints: CertificateFingerprint[]): CertificateFingerprint[] {
  const seen = new Map<string, CertificateFingerprint>();
  for (const f of fingerprints) seen.set(`${f.algorithm} ${f.value}`, f);
  return [...seen.values()];
}
