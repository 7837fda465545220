import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GuestLinkStoppedError } from './errors';
import { joinRoom } from './join-room';
import type { RoomDetails } from './room-api';
import { generateRoomSecret } from './room-secret';
import { FakeStream, FakeTrack } from './testing/fake-media';

/** A socket that never opens: these tests end before `joined`. */
class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  closed = false;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send() {}
  close() {
    this.closed = true;
  }
}

const stoppedGuestLink: RoomDetails = {
  roomId: 'r1',
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  maxParticipants: 4,
  participants: 1,
  relayOnly: false,
  role: 'guest',
  guestLinkStopped: true,
};

/** `GET /room/{id}` held until the test answers it. */
function heldRoomFetch() {
  let answer!: (details: RoomDetails) => void;
  const details = new Promise<RoomDetails>((resolve) => (answer = resolve));
  const fetch = vi.fn(async () => {
    const body = await details;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  return { fetch, answer };
}

describe('joinRoom start order', () => {
  beforeEach(() => {
    FakeSocket.made = [];
    vi.stubGlobal('MediaStream', FakeStream);
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: vi.fn() } });
  });
  afterEach(() => vi.unstubAllGlobals());

  const target = () => ({ roomId: 'r1', token: 'guest-token', secret: generateRoomSecret() });
  const options = (fetch: typeof globalThis.fetch) => ({ apiUrl: 'http://api.test', wsUrl: 'ws://ws.test', name: 'Bo', fetch });

  it('with the preview tracks handed in, joins over signaling while GET /room is still on its way, and still reports a stopped guest link', async () => {
    const held = heldRoomFetch();
    const tracks = [new FakeTrack('audio'), new FakeTrack('video')];
    const preview = new FakeStream(tracks) as unknown as MediaStream;

    const joining = joinRoom(target(), { ...options(held.fetch as unknown as typeof fetch), media: { stream: preview } });
    const outcome = joining.catch((error: unknown) => error);

    await vi.waitFor(() => expect(FakeSocket.made).toHaveLength(1));
    held.answer(stoppedGuestLink);
    expect(await outcome).toBeInstanceOf(GuestLinkStoppedError);
    expect(FakeSocket.made[0].closed).toBe(true);
    expect(tracks.every((t) => t.readyState === 'ended')).toBe(true);
  });

  it('without tracks handed in, checks the link before anything else: a stopped guest link opens no socket', async () => {
    const held = heldRoomFetch();
    const opened = vi.fn(async () => new FakeStream([new FakeTrack('audio'), new FakeTrack('video')]));
    vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: opened } });

    const outcome = joinRoom(target(), options(held.fetch as unknown as typeof fetch)).catch((error: unknown) => error);
    await vi.waitFor(() => expect(held.fetch).toHaveBeenCalled());
    held.answer(stoppedGuestLink);

    expect(await outcome).toBeInstanceOf(GuestLinkStoppedError);
    expect(FakeSocket.made).toHaveLength(0);
    expect(opened).not.toHaveBeenCalled();
  });
});
