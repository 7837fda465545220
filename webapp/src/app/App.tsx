import { useEffect, useRef, useState } from 'react';
// The shell imports SDK modules one by one (not the index) so the call code stays in its lazy chunk.
import { ErrorReason, OtterError, ServerUnreachableError } from '../sdk/errors';
import { RoomEvent } from '../sdk/events';
import type { Room } from '../sdk/room';
import { rememberName, rememberedName, type AppConfig } from './config';
import { NamePrompt } from './NamePrompt';
import { StatusScreen } from './StatusScreen';
import type { SCREENS } from './messages';

type CallBundle = typeof import('./call-bundle');
type View =
  | { kind: 'prompt' }
  | { kind: 'call'; room: Room; bundle: CallBundle }
  | { kind: 'status'; screen: keyof typeof SCREENS };

let callBundle: Promise<CallBundle> | null = null;
/** Starts loading the call code once; the name prompt calls it so the code is there by the time Join is pressed. */
function loadCallBundle(): Promise<CallBundle> {
  callBundle ??= import('./call-bundle');
  callBundle.catch(() => (callBundle = null));
  return callBundle;
}

export interface AppProps {
  config: AppConfig;
  roomId: string;
  token: string;
  /** Called with each joined room (the `?debug` handle uses it). */
  onRoom?: (room: Room) => void;
}

export function App({ config, roomId, token, onRoom }: AppProps) {
  const [view, setView] = useState<View>({ kind: 'prompt' });
  const [busy, setBusy] = useState(false);
  const name = useRef(rememberedName());

  useEffect(() => {
    void loadCallBundle().catch(() => undefined);
  }, []);

  const join = async (chosen: string) => {
    name.current = chosen;
    rememberName(chosen);
    setBusy(true);
    try {
      const bundle = await loadCallBundle().catch((error: unknown) => {
        throw new ServerUnreachableError('The call code could not be loaded.', error);
      });
      const room = await bundle.joinRoom({ roomId, token }, { apiUrl: config.apiUrl, wsUrl: config.wsUrl, name: chosen });
      onRoom?.(room);
      setView({ kind: 'call', room, bundle });
    } catch (error) {
      setView({ kind: 'status', screen: error instanceof OtterError ? error.reason : ErrorReason.ServerUnreachable });
    } finally {
      setBusy(false);
    }
  };

  const room = view.kind === 'call' ? view.room : null;
  useEffect(() => {
    if (!room) return;
    const endedBy = (screen: keyof typeof SCREENS) => () => setView({ kind: 'status', screen });
    const offs = [
      room.on(RoomEvent.Removed, endedBy(ErrorReason.Removed)),
      room.on(RoomEvent.RoomEnded, endedBy(ErrorReason.RoomEnded)),
      room.on(RoomEvent.Disconnected, ({ error }) => {
        if (error) setView({ kind: 'status', screen: error.reason });
      }),
    ];
    const leaveOnUnload = () => room.leave();
    window.addEventListener('pagehide', leaveOnUnload);
    return () => {
      offs.forEach((off) => off());
      window.removeEventListener('pagehide', leaveOnUnload);
    };
  }, [room]);

  useEffect(() => {
    document.title = view.kind === 'call' ? 'In call · Otter' : 'Otter';
  }, [view]);

  switch (view.kind) {
    case 'prompt':
      return <NamePrompt initialName={name.current} busy={busy} onJoin={join} />;
    case 'call':
      return (
        <view.bundle.CallScreen
          room={view.room}
          onLeave={() => {
            view.room.leave();
            setView({ kind: 'status', screen: 'left' });
          }}
          onEndForAll={() => {
            setView({ kind: 'status', screen: 'ended-by-host' });
            void view.room.endForAll();
          }}
        />
      );
    case 'status':
      return <StatusScreen kind={view.screen} onRetry={() => setView({ kind: 'prompt' })} />;
  }
}
