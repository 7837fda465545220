import {
  InvalidLinkError,
  LinkExpiredError,
  NotAllowedError,
  OtterError,
  RoomEndedError,
  RoomFullError,
  ServerUnreachableError,
} from './errors';
import type { Role } from './protocol';
import { ROOM_SECRET_PARAM, isRoomSecret } from './room-secret';

/** `GET /room/{id}` (docs/http-api.md). */
export interface RoomDetails {
  roomId: string;
  name?: string;
  expiresAt: string;
  maxParticipants: number;
  participants: number;
  relayOnly: boolean;
  /** Guests wait until a host admits them. */
  lobby?: boolean;
  /** Origins of parent pages allowed to embed the room (see embed-bridge.ts); empty: none. */
  embedOrigins?: string[];
  role: Role;
  /** A host stopped the guest link: a guest token takes no new seat (docs/http-api.md). */
  guestLinkStopped?: boolean;
  /** The developer locked the room (`PATCH /rooms/{id}`): nobody new gets a seat. */
  locked?: boolean;
  /** For a per-person link with a name: the name everyone sees, given by the developer (not the holder's to change). */
  displayName?: string;
}

/** Whether this link can no longer bring a new guest in: a host stopped the shared guest link. */
export function isStoppedFor(details: Pick<RoomDetails, 'guestLinkStopped' | 'role'>): boolean {
  return details.role === 'guest' && details.guestLinkStopped === true;
}

/**
 * Whether the room is full for this caller before it even connects. Not for a host: a host's `$connect` takes the
 * seat of a guest that has not joined (or still waits in the lobby), so only the server can say (docs/signaling.md, Seats).
 */
export function isFullFor(details: Pick<RoomDetails, 'participants' | 'maxParticipants' | 'role'>): boolean {
  return details.role !== 'host' && details.participants >= details.maxParticipants;
}

/**
 * `GET /credentials`: TURN credentials of one participant (username `<expiry>:<roomId>:<peerId>`), for an hour at
 * most and never past the room's end. Only a joined participant gets them: the request carries its seat proof.
 */
export interface Credentials {
  iceServers: RTCIceServer[];
  ttlSeconds: number;
}

/** The header of `GET /credentials` that carries the seat proof (OtterRoute.SEAT_HEADER on the server). */
export const SEAT_HEADER = 'X-Otter-Seat';

export interface RoomLink {
  roomId: string;
  /** The room token (a JWT): what the server checks. */
  token: string;
  /** The room secret (room-secret.ts): what the participants encrypt their signals with; never sent to a server. */
  secret: string;
}

/** Reads `<webAppUrl>/room/<roomId>#token=<jwt>&k=<room secret>`; anything else is an InvalidLinkError. */
export function parseRoomLink(link: string): RoomLink {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new InvalidLinkError('This is not a room link.');
  }
  const match = /\/room\/([^/]+)\/?$/.exec(url.pathname);
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  const token = fragment.get('token');
  if (!match || !token) throw new InvalidLinkError('This link does not name a room and carry its token.');
  const secret = fragment.get(ROOM_SECRET_PARAM);
  if (!isRoomSecret(secret)) throw new InvalidLinkError(MISSING_SECRET);
  return { roomId: decodeURIComponent(match[1]), token, secret };
}

/** Why a link without a usable room secret is refused. */
export const MISSING_SECRET =
  'This link lacks its room secret (`k` in the part after #), so the call could not be encrypted end to end. Ask for the full link.';

/**
 * The payload of a JWT, decoded without verifying it (only the server can): the client uses `exp` to tell an
 * expired link from a refused one. Null when the token is not a JWT.
 */
export function decodeTokenPayload(token: string): { exp?: number; roomId?: string; role?: string } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const payload = JSON.parse(json) as unknown;
    return typeof payload === 'object' && payload !== null ? (payload as { exp?: number }) : null;
  } catch {
    return null;
  }
}

/** Maps a refused room request to the error the user should see. */
export function errorForStatus(status: number, body: unknown, token: string, now: number = Date.now()): OtterError {
  const code = (body as { error?: { code?: string } } | null)?.error?.code;
  switch (status) {
    case 401:
    case 403: {
      if (code === 'wrong-room') return new InvalidLinkError('This link is for another room.');
      const payload = decodeTokenPayload(token);
      if (!payload) return new InvalidLinkError();
      if (typeof payload.exp === 'number' && payload.exp * 1000 <= now) {
        return new LinkExpiredError(new Date(payload.exp * 1000));
      }
      return new NotAllowedError();
    }
    case 404:
      return new InvalidLinkError('This room does not exist.');
    case 409:
      return new RoomFullError();
    case 410:
      return new RoomEndedError();
    default:
      return new ServerUnreachableError(`The Otter server answered ${status}.`);
  }
}

/** The room routes of the HTTP API, authorised by the room token. */
export class RoomApi {
  constructor(
    private readonly apiUrl: string,
    private readonly link: Pick<RoomLink, 'roomId' | 'token'>,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  getRoom(): Promise<RoomDetails> {
    return this.get<RoomDetails>(`/room/${encodeURIComponent(this.link.roomId)}`);
  }

  /** @param seat the `resumeToken` of our `joined` message: proof that we hold a seat (sent as `X-Otter-Seat`). */
  getCredentials(seat: string): Promise<Credentials> {
    return this.get<Credentials>('/credentials', { [SEAT_HEADER]: seat });
  }

  /**
   * `GET /credentials?purpose=check`: the connectivity check's credentials, with the room token alone (no seat);
   * they live two minutes and are shared by every check of the room.
   */
  getCheckCredentials(): Promise<Credentials> {
    return this.get<Credentials>('/credentials?purpose=check');
  }

  /**
   * Why the socket upgrade was refused (browsers hide its status): the room's state explains it,
   * or null when the room looks joinable and the failure was the network's.
   */
  async explainRefusal(): Promise<OtterError | null> {
    try {
      const room = await this.getRoom();
      return room.participants >= room.maxParticipants ? new RoomFullError(room.maxParticipants) : null;
    } catch (error) {
      return error instanceof OtterError && !(error instanceof ServerUnreachableError) ? error : null;
    }
  }

  private async get<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchFn(this.apiUrl.replace(/\/$/, '') + path, {
        headers: { ...headers, Authorization: `Bearer ${this.link.token}` },
        cache: 'no-store',
      });
    } catch (error) {
      throw new ServerUnreachableError(undefined, error);
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw errorForStatus(response.status, body, this.link.token);
    return body as T;
  }
}
