import type { SocketLike } from './signaling-client';

const CONNECTING = 0;
const OPEN = 1;

/**
 * The signaling socket's URL (docs/signaling.md, "Connecting"): the room token, and either a resume token or the
 * standby flag. Throws on a URL the browser cannot parse.
 */
export function signalingUrl(wsUrl: string, token: string, extra: { resume: string } | { standby: true } | null = null): string {
  const url = new URL(wsUrl);
  url.searchParams.set('token', token);
  if (extra && 'resume' in extra) url.searchParams.set('resume', extra.resume);
  else if (extra) url.searchParams.set('standby', '1');
  return url.toString();
}

/**
 * A standby signaling connection (`?standby=1`, docs/signaling.md "Connecting"): opened while the pre-join screen
 * shows, so that Join sends `join` on a socket that is already open instead of waiting for a WebSocket upgrade. The
 * server gives it no seat (and burns no single-use link) until that `join`, so a person who never joins holds nothing.
 * Hand it to `joinRoom` (`JoinOptions.standby`); a socket that closed meanwhile (the server's idle timeout, a
 * refused link) is simply not used, and the join opens a fresh one.
 *
 * Small on purpose, without the rest of the SDK: the web app's first chunk opens it as the page starts.
 */
export class StandbySocket {
  private socket: SocketLike | null;

  constructor(wsUrl: string, token: string, createSocket: (url: string) => SocketLike = (url) => new WebSocket(url) as unknown as SocketLike) {
    let socket: SocketLike;
    try {
      socket = createSocket(signalingUrl(wsUrl, token, { standby: true }));
    } catch {
      // A URL the browser refuses: the join opens its own socket, and reports what is wrong with it.
      this.socket = null;
      return;
    }
    // The server sends nothing to a connection without a seat; a close means it is of no more use.
    socket.onmessage = null;
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket === socket) this.socket = null;
    };
    this.socket = socket;
  }

  /** The socket, still opening or open, for the caller to own from now on; null if it closed (or was taken). */
  take(): SocketLike | null {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return null;
    socket.onclose = null;
    socket.onerror = null;
    return socket.readyState === CONNECTING || socket.readyState === OPEN ? socket : null;
  }

  /** Closes it unless it was taken: the pre-join screen went away without a join. */
  close(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onclose = null;
    socket.close(1000);
  }
}
