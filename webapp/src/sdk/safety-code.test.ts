import { describe, expect, it } from 'vitest';
import {
  deriveSafetyCode,
  fingerprintsFromStats,
  parseSdpFingerprints,
  SafetyCodeError,
  SafetyCodeErrorReason,
  safetyCodeFromSdp,
  safetyCodeFromStats,
} from './safety-code';

const ALICE = '6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08';
const BOB = 'E5:1B:7C:A8:39:07:D2:26:4F:18:90:3C:3A:1F:54:C0:11:8E:AB:31:76:0A:67:3D:40:DE:F2:49:2C:77:E6:9B';
const MALLORY = '0F:29:12:7D:9E:AA:03:5B:66:C1:E4:80:7B:2D:9C:11:F6:02:8A:43:BB:5E:17:60:D4:93:2E:C8:71:0A:5F:3C';

/** An offer/answer as Chrome writes it: fingerprint at media level, repeated per bundled section. */
function sdp(fingerprint: string, { sessionLevel = false, sections = 2 } = {}): string {
  const lines = ['v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1'];
  if (sessionLevel) lines.push(`a=fingerprint:sha-256 ${fingerprint}`);
  for (let mid = 0; mid < sections; mid++) {
    lines.push(
      `m=${mid === 0 ? 'audio' : 'video'} 9 UDP/TLS/RTP/SAVPF 111`,
      'c=IN IP4 0.0.0.0',
      'a=ice-ufrag:abcd',
      'a=ice-pwd:0123456789abcdefghijklmn',
      'a=ice-options:trickle',
    );
    if (!sessionLevel) lines.push(`a=fingerprint:sha-256 ${fingerprint}`);
    lines.push('a=setup:actpass', `a=mid:${mid}`);
  }
  return lines.join('\r\n') + '\r\n';
}

function statsFor(local: string, remote: string): Map<string, unknown> {
  return new Map<string, unknown>([
    ['T01', { id: 'T01', type: 'transport', dtlsState: 'connected', localCertificateId: 'CFlocal', remoteCertificateId: 'CFremote' }],
    ['CFlocal', { id: 'CFlocal', type: 'certificate', fingerprintAlgorithm: 'sha-256', fingerprint: local, base64Certificate: 'MIIB…' }],
    ['CFremote', { id: 'CFremote', type: 'certificate', fingerprintAlgorithm: 'sha-256', fingerprint: remote, base64Certificate: 'MIIB…' }],
    ['CP1', { id: 'CP1', type: 'candidate-pair', state: 'succeeded' }],
  ]);
}

async function reasonOf(action: () => unknown): Promise<SafetyCodeErrorReason | string> {
  try {
    await action();
  } catch (error) {
    return error instanceof SafetyCodeError ? error.reason : `unexpected ${String(error)}`;
  }
  return 'no error';
}

describe('deriveSafetyCode', () => {
  it('gives both ends of a connection the same code, though each sees the other certificate as remote', async () => {
    const onAlicesSide = await safetyCodeFromSdp(sdp(ALICE), sdp(BOB));
    const onBobsSide = await safetyCodeFromSdp(sdp(BOB), sdp(ALICE));
    expect(onAlicesSide).toBe(onBobsSide);
    expect(onAlicesSide).toMatch(/^\d{4} \d{4} \d{4}$/);
  });

  it('gives a different code when a middleman presents its own certificate to one side', async () => {
    const alice = await safetyCodeFromSdp(sdp(ALICE), sdp(MALLORY));
    const bob = await safetyCodeFromSdp(sdp(BOB), sdp(MALLORY));
    const honest = await safetyCodeFromSdp(sdp(ALICE), sdp(BOB));
    expect(new Set([alice, bob, honest]).size).toBe(3);
  });

  it('changes when a middleman adds a fingerprint of its own next to the real one', async () => {
    const tampered = sdp(BOB) + `a=fingerprint:sha-1 ${MALLORY.split(':').slice(0, 20).join(':')}\r\n`;
    expect(await safetyCodeFromSdp(sdp(ALICE), tampered)).not.toBe(await safetyCodeFromSdp(sdp(ALICE), sdp(BOB)));
  });

  it('gives the same code from the negotiated SDP and from the stats of the handshake', async () => {
    expect(await safetyCodeFromStats(statsFor(ALICE, BOB))).toBe(await safetyCodeFromSdp(sdp(BOB), sdp(ALICE)));
  });

  it('renders the requested number of digits in groups', async () => {
    const code = await deriveSafetyCode([{ algorithm: 'sha-256', value: ALICE }], [{ algorithm: 'sha-256', value: BOB }], {
      digits: 6,
      groupSize: 3,
    });
    expect(code).toMatch(/^\d{3} \d{3}$/);
  });

  it('refuses a code length too short to mean anything', async () => {
    const side = [{ algorithm: 'sha-256', value: ALICE }];
    await expect(deriveSafetyCode(side, side, { digits: 4 })).rejects.toThrow(RangeError);
  });

  it('refuses an end without fingerprints', async () => {
    expect(await reasonOf(() => deriveSafetyCode([{ algorithm: 'sha-256', value: ALICE }], []))).toBe(
      SafetyCodeErrorReason.MissingFingerprint,
    );
  });
});

describe('parseSdpFingerprints', () => {
  it('reads a session-level fingerprint', () => {
    expect(parseSdpFingerprints(sdp(ALICE, { sessionLevel: true }))).toEqual([{ algorithm: 'sha-256', value: ALICE }]);
  });

  it('keeps one copy of a fingerprint that every bundled media section repeats', () => {
    expect(parseSdpFingerprints(sdp(ALICE, { sections: 3 }))).toEqual([{ algorithm: 'sha-256', value: ALICE }]);
  });

  it('treats upper- and lower-case spellings as the same fingerprint', async () => {
    const lower = sdp(ALICE.toLowerCase()).replace(/sha-256/g, 'SHA-256');
    expect(parseSdpFingerprints(lower)).toEqual([{ algorithm: 'sha-256', value: ALICE }]);
    expect(await safetyCodeFromSdp(lower, sdp(BOB))).toBe(await safetyCodeFromSdp(sdp(ALICE), sdp(BOB)));
  });

  it('keeps every distinct fingerprint, whatever its hash function', () => {
    const sha1 = 'AB:'.repeat(19) + 'CD';
    const text = sdp(ALICE, { sessionLevel: true }) + `a=fingerprint:sha-1 ${sha1}\r\n` + `a=fingerprint:sha-256 ${BOB}\r\n`;
    expect(parseSdpFingerprints(text)).toEqual([
      { algorithm: 'sha-256', value: ALICE },
      { algorithm: 'sha-1', value: sha1 },
      { algorithm: 'sha-256', value: BOB },
    ]);
  });

  it('rejects an SDP without a fingerprint with MissingFingerprint', async () => {
    const bare = sdp(ALICE).replace(/^a=fingerprint:.*\r\n/gm, '');
    expect(await reasonOf(() => parseSdpFingerprints(bare))).toBe(SafetyCodeErrorReason.MissingFingerprint);
    expect(await reasonOf(() => safetyCodeFromSdp(sdp(ALICE), bare))).toBe(SafetyCodeErrorReason.MissingFingerprint);
  });

  it('rejects a truncated or non-hex fingerprint with MalformedFingerprint', async () => {
    const truncated = sdp(ALICE.slice(0, 47));
    const nonHex = sdp(ALICE.replace('6B', 'ZZ'));
    const noValue = sdp(ALICE).replace(`a=fingerprint:sha-256 ${ALICE}`, 'a=fingerprint:sha-256');
    expect(await reasonOf(() => parseSdpFingerprints(truncated))).toBe(SafetyCodeErrorReason.MalformedFingerprint);
    expect(await reasonOf(() => parseSdpFingerprints(nonHex))).toBe(SafetyCodeErrorReason.MalformedFingerprint);
    expect(await reasonOf(() => parseSdpFingerprints(noValue))).toBe(SafetyCodeErrorReason.MalformedFingerprint);
  });
});

describe('fingerprintsFromStats', () => {
  it('follows the transport to the certificates used by the handshake', () => {
    expect(fingerprintsFromStats(statsFor(ALICE, BOB.toLowerCase()))).toEqual({
      local: [{ algorithm: 'sha-256', value: ALICE }],
      remote: [{ algorithm: 'sha-256', value: BOB }],
    });
  });

  it('rejects stats of a connection whose handshake has not finished with MissingFingerprint', async () => {
    const early = statsFor(ALICE, BOB);
    early.set('T01', { id: 'T01', type: 'transport', dtlsState: 'connecting', localCertificateId: 'CFlocal' });
    expect(await reasonOf(() => fingerprintsFromStats(early))).toBe(SafetyCodeErrorReason.MissingFingerprint);
    expect(await reasonOf(() => fingerprintsFromStats(new Map()))).toBe(SafetyCodeErrorReason.MissingFingerprint);
  });
});
