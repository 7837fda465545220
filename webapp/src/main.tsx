import { createRoot } from 'react-dom/client';
import { App, loadCallBundle } from './app/App';
import { CallGuard } from './app/call-guard';
import { addressWithoutLinkSecrets, loadConfig, roomFromLocation } from './app/config';
import { CrashGuard } from './app/CrashGuard';
import { LANGUAGE_PARAM, loadLanguage, pickLanguage } from './app/i18n';
import { StatusScreen } from './app/StatusScreen';
import './app/styles.css';
import { ErrorReason } from './sdk/errors';
import { RoomEvent } from './sdk/events';
import { isRoomSecret } from './sdk/room-secret';
import type { Room } from './sdk/room';

declare global {
  interface Window {
    /** Present only with `?debug` in the page URL: the joined Room, for diagnostics and the browser tests. */
    __otter?: { room: Room | null; RoomEvent: typeof RoomEvent; sdk: () => Promise<typeof import('./sdk')> };
  }
}

const root = createRoot(document.getElementById('root')!);
const link = roomFromLocation(window.location);
// Read once; from now on the token and the room secret live only in memory (the SDK keeps what it needs to reconnect).
const cleaned = addressWithoutLinkSecrets(window.location);
if (cleaned !== null) window.history.replaceState(window.history.state, '', cleaned);
// A link opened again in this tab differs from the cleaned address only in its fragment, which the browser
// treats as a jump within the page: load it afresh so its token is read.
window.addEventListener('hashchange', () => {
  if (addressWithoutLinkSecrets(window.location) !== null) window.location.reload();
});
const query = new URLSearchParams(window.location.search);
const debug = query.has('debug');
if (debug) window.__otter = { room: null, RoomEvent, sdk: () => import('./sdk') };
const calls = new CallGuard();

// The call's code loads beside the language, the config and the pre-join screen, so Join never waits for it.
if (link && isRoomSecret(link.secret)) void loadCallBundle().catch(() => undefined);

// The language is settled before anything renders: `?lang=` in the link, else the browser's preference, else English.
void loadLanguage(pickLanguage(query.get(LANGUAGE_PARAM), navigator.languages ?? [navigator.language])).then(render);

function render(): void {
  if (!link) {
    root.render(<StatusScreen kind={window.location.pathname.startsWith('/room/') ? ErrorReason.InvalidLink : 'no-room'} />);
  } else if (!isRoomSecret(link.secret)) {
    // Without the room secret no signal could be encrypted: refused before anything is sent.
    root.render(<StatusScreen kind="no-secret" />);
  } else {
    start({ ...link, secret: link.secret });
  }
}

/** Loads the deployment's config and mounts the app; *Try again* runs it again (a reload would lose the token). */
function start(room: { roomId: string; token: string; secret: string }): void {
  loadConfig().then(
    (config) =>
      root.render(
        <CrashGuard onCrash={() => calls.crash()}>
          {() => {
            const generation = calls.generation;
            return (
              <App
                config={config}
                roomId={room.roomId}
                token={room.token}
                secret={room.secret}
                onRoom={(joined) => {
                  calls.track(joined, generation);
                  if (debug) window.__otter!.room = joined;
                }}
              />
            );
          }}
        </CrashGuard>,
      ),
    () => root.render(<StatusScreen kind={ErrorReason.ServerUnreachable} onRetry={() => start(room)} />),
  );
}
