import { describe, expect, it } from 'vitest';
import { ErrorReason, OtterError } from './errors';
import { RoomApi, decodeTokenPayload, errorForStatus, isFullFor, isStoppedFor, parseRoomLink } from './room-api';

const NOW = Math.floor(Date.now() / 1000) * 1000;
function jwt(payload: object): string {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`;
}
const expired = jwt({ roomId: 'r1', exp: NOW / 1000 - 60 });
const current = jwt({ roomId: 'r1', exp: NOW / 1000 + 3600 });

describe('parseRoomLink', () => {
  const secret = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
  it('takes the room id from the path and the token and room secret from the fragment', () => {
    expect(parseRoomLink(`https://calls.example/room/abc123#token=${current}&k=${secret}`)).toEqual({ roomId: 'abc123', token: current, secret });
  });
  it('refuses links without a token or room', () => {
    expect(() => parseRoomLink('https://calls.example/room/abc123')).toThrow(OtterError);
    expect(() => parseRoomLink(`https://calls.example/#token=x&k=${secret}`)).toThrow(OtterError);
    expect(() => parseRoomLink('not a link')).toThrow(OtterError);
  });
  it('refuses a link without its room secret, or with one cut short, naming what is missing', () => {
    expect(() => parseRoomLink(`https://calls.example/room/abc123#token=${current}`)).toThrow(/room secret/);
    expect(() => parseRoomLink(`https://calls.example/room/abc123#token=${current}&k=${secret.slice(0, 40)}`)).toThrow(/room secret/);
    try {
      parseRoomLink(`https://calls.example/room/abc123#token=${current}`);
    } catch (error) {
      expect((error as OtterError).reason).toBe(ErrorReason.InvalidLink);
    }
  });
});

describe('isFullFor', () => {
  it('calls a room with every seat taken full for a guest, but never for a host, who may displace an unjoined guest', () => {
    expect(isFullFor({ participants: 4, maxParticipants: 4, role: 'guest' })).toBe(true);
    expect(isFullFor({ participants: 3, maxParticipants: 4, role: 'guest' })).toBe(false);
    expect(isFullFor({ participants: 4, maxParticipants: 4, role: 'host' })).toBe(false);
  });
});

describe('isStoppedFor', () => {
  it('turns a guest link away once a host stopped it, but never a host link, and not a room stored before the field', () => {
    expect(isStoppedFor({ guestLinkStopped: true, role: 'guest' })).toBe(true);
    expect(isStoppedFor({ guestLinkStopped: false, role: 'guest' })).toBe(false);
    expect(isStoppedFor({ guestLinkStopped: true, role: 'host' })).toBe(false);
    expect(isStoppedFor({ role: 'guest' })).toBe(false);
  });
});

describe('decodeTokenPayload', () => {
  it('reads claims of a base64url JWT without verifying it', () => {
    expect(decodeTokenPayload(jwt({ roomId: 'r1', exp: 5, name: 'Zoë ü?>' }))).toMatchObject({ roomId: 'r1', exp: 5 });
  });
  it('gives null for something that is not a JWT', () => {
    expect(decodeTokenPayload('abc')).toBeNull();
    expect(decodeTokenPayload('a.!!!.c')).toBeNull();
  });
});

describe('errorForStatus', () => {
  const reason = (status: number, body: unknown, token: string) => errorForStatus(status, body, token, NOW).reason;

  it('calls a refused token with a past exp an expired link', () => {
    expect(reason(403, { message: 'Forbidden' }, expired)).toBe(ErrorReason.LinkExpired);
    expect(reason(401, { message: 'Unauthorized' }, expired)).toBe(ErrorReason.LinkExpired);
  });
  it('calls a refused token that has not expired not allowed', () => {
    expect(reason(403, { message: 'Forbidden' }, current)).toBe(ErrorReason.NotAllowed);
  });
  it('calls an undecodable token or a token for another room an invalid link', () => {
    expect(reason(403, { message: 'Forbidden' }, 'garbage')).toBe(ErrorReason.InvalidLink);
    expect(reason(403, { error: { code: 'wrong-room', message: '…' } }, current)).toBe(ErrorReason.InvalidLink);
  });
  it('maps unknown, ended and full rooms', () => {
    expect(reason(404, { error: { code: 'room-not-found' } }, current)).toBe(ErrorReason.InvalidLink);
    expect(reason(410, { error: { code: 'room-ended' } }, current)).toBe(ErrorReason.RoomEnded);
    expect(reason(409, null, current)).toBe(ErrorReason.RoomFull);
  });
  it('treats server errors as the server being unreachable', () => {
    expect(reason(502, null, current)).toBe(ErrorReason.ServerUnreachable);
  });
});

describe('RoomApi', () => {
  const link = { roomId: 'r 1', token: current };
  const respond = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status });

  it('sends the token only in the Authorization header, and the seat proof only to /credentials', async () => {
    const seen: { url: string; auth: string | null; seat: string | null }[] = [];
    const api = new RoomApi('https://api.example/v1/', link, async (input, init) => {
      const headers = new Headers(init?.headers);
      seen.push({ url: String(input), auth: headers.get('Authorization'), seat: headers.get('X-Otter-Seat') });
      return new Response(JSON.stringify({ roomId: 'r 1' }), { status: 200 });
    });
    await api.getRoom();
    await api.getCredentials('v1.r 1.peer.123.mac');
    expect(seen).toEqual([
      { url: 'https://api.example/v1/room/r%201', auth: `Bearer ${current}`, seat: null },
      { url: 'https://api.example/v1/credentials', auth: `Bearer ${current}`, seat: 'v1.r 1.peer.123.mac' },
    ]);
  });

  it('turns a network failure into ServerUnreachable', async () => {
    const api = new RoomApi('https://api.example', link, async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.getRoom()).rejects.toMatchObject({ reason: ErrorReason.ServerUnreachable });
  });

  it('explains a refused upgrade as a full room when the room is at capacity', async () => {
    const api = new RoomApi('https://api.example', link, respond(200, { participants: 4, maxParticipants: 4 }));
    expect((await api.explainRefusal())?.reason).toBe(ErrorReason.RoomFull);
  });

  it('explains a refused upgrade with the room route error, or not at all when the room looks fine', async () => {
    expect((await new RoomApi('https://a', link, respond(410, {})).explainRefusal())?.reason).toBe(ErrorReason.RoomEnded);
    expect(await new RoomApi('https://a', link, respond(200, { participants: 1, maxParticipants: 4 })).explainRefusal()).toBeNull();
    expect(await new RoomApi('https://a', link, respond(503, {})).explainRefusal()).toBeNull();
  });
});
