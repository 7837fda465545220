import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { loadConfig, roomFromLocation } from './app/config';
import { StatusScreen } from './app/StatusScreen';
import './app/styles.css';
import { ErrorReason } from './sdk/errors';
import { RoomEvent } from './sdk/events';
import type { Room } from './sdk/room';

declare global {
  interface Window {
    /** Present only with `?debug` in the page URL: the joined Room, for diagnostics and the browser tests. */
    __otter?: { room: Room | null; RoomEvent: typeof RoomEvent; sdk: () => Promise<typeof import('./sdk')> };
  }
}

const root = createRoot(document.getElementById('root')!);
const link = roomFromLocation(window.location);
const debug = new URLSearchParams(window.location.search).has('debug');
if (debug) window.__otter = { room: null, RoomEvent, sdk: () => import('./sdk') };

if (!link) {
  root.render(<StatusScreen kind={window.location.pathname.startsWith('/room/') ? ErrorReason.InvalidLink : 'no-room'} />);
} else {
  loadConfig().then(
    (config) =>
      root.render(
        <App config={config} roomId={link.roomId} token={link.token} onRoom={debug ? (room) => (window.__otter!.room = room) : undefined} />,
      ),
    () => root.render(<StatusScreen kind={ErrorReason.ServerUnreachable} onRetry={() => window.location.reload()} />),
  );
}
