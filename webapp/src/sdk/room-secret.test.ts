import { describe, expect, it } from 'vitest';
import { fromBase64Url, generateRoomSecret, isRoomSecret, toBase64Url, withRoomSecret } from './room-secret';

describe('room secrets', () => {
  it('are 32 random bytes as 43 base64url characters, different every time', () => {
    const a = generateRoomSecret();
    const b = generateRoomSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fromBase64Url(a)).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isRoomSecret(a)).toBe(true);
  });

  it('are refused when short, long, padded or not base64url', () => {
    const secret = generateRoomSecret();
    for (const bad of [secret.slice(1), `${secret}A`, `${secret}=`, `${secret.slice(1)}+`, '', null, undefined]) {
      expect(isRoomSecret(bad)).toBe(false);
    }
  });

  it('go into a link from createRoom beside its token, the same secret on every link of the room', () => {
    const secret = generateRoomSecret();
    const guest = withRoomSecret('https://calls.example/room/r1#token=a.b.c', secret);
    const host = withRoomSecret('https://calls.example/room/r1#token=d.e.f', secret);
    expect(guest).toBe(`https://calls.example/room/r1#token=a.b.c&k=${secret}`);
    expect(new URL(host).hash).toBe(`#token=d.e.f&k=${secret}`);
    expect(withRoomSecret('https://calls.example/room/r1#token=a.b.c')).toMatch(/#token=a\.b\.c&k=[A-Za-z0-9_-]{43}$/);
    expect(() => withRoomSecret('https://calls.example/room/r1#token=a.b.c', 'short')).toThrow(RangeError);
  });

  it('base64url round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(fromBase64Url('a+b/')).toBeNull();
  });

  it('base64url round-trips a payload longer than one conversion step, as Buffer encodes it', () => {
    const bytes = Uint8Array.from({ length: 20_001 }, (_, i) => (i * 7919) % 256);
    const encoded = toBase64Url(bytes);
    expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
    expect(fromBase64Url(encoded)).toEqual(bytes);
  });
});
