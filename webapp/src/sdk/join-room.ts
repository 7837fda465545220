import type { ConnectivityReport } from './connectivity';
import { initialCredentials } from './credential-refresh';
import { GuestLinkStoppedError, InvalidLinkError, NotAllowedError, RoomFullError, ServerUnreachableError } from './errors';
import { MediaController, type MediaOptions } from './media-controller';
import type { ReconnectPolicy } from './reconnect-policy';
import { Room } from './room';
import { MISSING_SECRET, RoomApi, isFullFor, isStoppedFor, parseRoomLink, type RoomDetails, type RoomLink } from './room-api';
import { isRoomSecret } from './room-secret';
import { SignalCipher } from './signal-crypto';
import { LobbyDeniedError, SignalingClient, UpgradeRefusedError } from './signaling-client';
import type { StandbySocket } from './standby-socket';

/** A room link (`…/room/<id>#token=…&k=…`), or its three parts. */
export type RoomTarget = { link: string } | RoomLink;

export interface JoinOptions {
  /** The deployment's HTTP API base (config.json `apiUrl`), e.g. https://api.example.com or http://127.0.0.1:8080/api. */
  apiUrl: string;
  /** The signaling WebSocket URL (config.json `wsUrl`). */
  wsUrl: string;
  /** Shown to the others; 1–60 characters. */
  name: string;
  media?: MediaOptions;
  reconnectPolicy?: ReconnectPolicy;
  /** Called when a lobby room holds us until a host admits us; `joinRoom` resolves once admitted. */
  onLobbyWaiting?: () => void;
  /**
   * `GET /room/{id}` already under way, e.g. started (with `RoomApi.getRoom`) while the pre-join screen shows, so
   * joining does not wait for it; omitted: fetched now.
   */
  details?: Promise<RoomDetails>;
  /**
   * The result of `checkConnectivity` for this room, if one ran: when only the relay over TCP/TLS works, the call
   * is restricted to it (see `restrictIce`), and the UI can say which paths failed if a connection does not come up.
   */
  connectivity?: ConnectivityReport | null;
  /**
   * A standby signaling socket opened as the pre-join screen showed (`new StandbySocket(wsUrl, token)`): the join
   * goes out on it, without waiting for a WebSocket upgrade, if it is still open. It holds no seat until then.
   */
  standby?: StandbySocket;
  /** For tests and non-browser runtimes. */
  fetch?: typeof fetch;
}

/**
 * Joins a room: checks the link with the API (so a dead link fails before the camera prompt), opens camera and
 * microphone (or takes over `media.stream`, the preview's), joins over signaling, and takes this participant's ICE
 * servers from the `joined` reply (fetching them only if it carries none). Rejects with a typed `OtterError` (LinkExpired, RoomFull, RoomEnded,
 * NotAllowed, InvalidLink, MediaDenied, MediaUnavailable, ServerUnreachable); the tracks handed in are stopped then.
 * Handed `media.stream` (the pre-join preview's tracks), it asks for no camera, so it joins over signaling while the
 * link is still being checked instead of after. Call messages that arrive meanwhile are held by the signaling client
 * until the Room is listening, and a peer that stopped waiting for our first offer is answered, not offered to
 * (`SignalingClient.heldSignalSenders`).
 */
export async function joinRoom(target: RoomTarget, options: JoinOptions): Promise<Room> {
  const link = 'link' in target ? parseRoomLink(target.link) : target;
  if (!isRoomSecret(link.secret)) throw new InvalidLinkError(MISSING_SECRET);
  // Every signal is sealed with the room's key (signal-crypto.ts); derived from the link's secret, which no server sees.
  const signalCipher = SignalCipher.create(link.secret, link.roomId);
  const name = options.name.trim();
  if (name.length < 1 || name.length > 60) throw new RangeError('The name must be 1–60 characters.');
  const api = new RoomApi(options.apiUrl, link, options.fetch);
  // `GET /room/{id}` turns a link that cannot join (guest link stopped, room full, expired, unknown) into its own error.
  const admitted = (options.details ?? api.getRoom()).then((details) => {
    if (isStoppedFor(details)) throw new GuestLinkStoppedError();
    if (isFullFor(details)) throw new RoomFullError(details.maxParticipants);
    return details;
  });
  admitted.catch(() => undefined); // awaited below; meanwhile a refusal is no unhandled rejection
  let media: MediaController;
  try {
    // Without tracks handed in, a dead link fails before the camera prompt. With them (the pre-join preview's) there
    // is no prompt to spare, and the socket does not wait for the details: the server refuses such a link itself.
    if (!options.media?.stream) await admitted;
    media = await MediaController.open(options.media);
  } catch (error) {
    options.media?.stream?.getTracks().forEach((t) => t.stop());
    options.standby?.close();
    throw error;
  }
  const signaling = new SignalingClient({
    url: options.wsUrl,
    token: link.token,
    name,
    policy: options.reconnectPolicy,
    checkTerminal: () => api.explainRefusal(),
    standby: options.standby,
  });
  const offWaiting = signaling.on('lobby-waiting', () => options.onLobbyWaiting?.());
  try {
    // Whichever fails first is reported: a refused socket is explained from the room's state below.
    const [joined, details] = await Promise.all([signaling.connect(), admitted]);
    offWaiting();
    // TURN credentials are per participant, and `joined` carries this seat's: no request before the first offer.
    // Without them (an older server, or one that could not issue them) they are asked for with the seat's proof.
    const credentials = await initialCredentials(joined, (seat) => api.getCredentials(seat));
    return new Room({
      joined,
      name,
      signaling,
      media,
      credentials,
      signalCipher: await signalCipher,
      details,
      refreshCredentials: (seat) => api.getCredentials(seat),
      connectivity: options.connectivity,
    });
  } catch (error) {
    media.stop();
    signaling.close();
    if (error instanceof LobbyDeniedError) throw new NotAllowedError(error.message);
    if (error instanceof UpgradeRefusedError) {
      // A first connection has no seat to resume, so a guest link stopped meanwhile explains the refusal.
      const now = await api.getRoom().catch(() => null);
      if (now && isStoppedFor(now)) throw new GuestLinkStoppedError();
      throw (await api.explainRefusal()) ?? new ServerUnreachableError('The signaling server refused or dropped the connection.', error);
    }
    throw error;
  }
}
