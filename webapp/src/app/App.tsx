import { useEffect, useRef, useState } from 'react';
// The shell imports SDK modules one by one (not the index) so the call code stays in its lazy chunk.
import { missingCallCapabilities } from '../sdk/capabilities';
import type { EmbedBridge } from '../sdk/embed-bridge';
import { ErrorReason, NotAllowedError, OtterError, ServerUnreachableError } from '../sdk/errors';
import { RoomEvent } from '../sdk/events';
import { RoomApi, type RoomDetails } from '../sdk/room-api';
import { StandbySocket } from '../sdk/standby-socket';
import type { Room } from '../sdk/room';
import { rememberName, rememberedName, type AppConfig } from './config';
import { t, type MessageKey } from './i18n';
import type { ScreenKind } from './messages';
import { ConnectivityPanel, type CheckState } from './Connectivity';
import { PreJoin, type JoinChoice } from './PreJoin';
import { StatusScreen } from './StatusScreen';

type CallBundle = typeof import('./call-bundle');
type View =
  | { kind: 'prompt' }
  | { kind: 'lobby' }
  | { kind: 'call'; room: Room; bundle: CallBundle; speakerId?: string }
  | { kind: 'status'; screen: ScreenKind };

let callBundle: Promise<CallBundle> | null = null;
/**
 * Starts loading the call code once (again after a failure); the page calls it as it starts, so the code is there
 * by the time Join is pressed.
 */
export function loadCallBundle(): Promise<CallBundle> {
  callBundle ??= import('./call-bundle');
  callBundle.catch(() => (callBundle = null));
  return callBundle;
}

export interface AppProps {
  config: AppConfig;
  roomId: string;
  token: string;
  /** The room secret of the link's fragment (`k`): the signals' encryption key comes from it. */
  secret: string;
  /** Called with each joined room (the `?debug` handle uses it). */
  onRoom?: (room: Room) => void;
}

const TITLES: Partial<Record<View['kind'], MessageKey>> = {
  prompt: 'title.prejoin',
  lobby: 'title.lobby',
  status: 'title.status',
};

export function App({ config, roomId, token, secret, onRoom }: AppProps) {
  const [view, setView] = useState<View>({ kind: 'prompt' });
  const [busy, setBusy] = useState(false);
  const name = useRef(rememberedName());
  /** The name a per-person link gives its holder: the pre-join screen shows it and does not let it change. */
  const [givenName, setGivenName] = useState<string | undefined>(undefined);
  const bridge = useRef<EmbedBridge | null>(null);

  /** `GET /room/{id}`, started while the pre-join screen shows so that Join does not wait for it. */
  const details = useRef<Promise<RoomDetails> | null>(null);
  const fetchDetails = () => {
    const pending = new RoomApi(config.apiUrl, { roomId, token }).getRoom();
    pending.then((room) => setGivenName(room.displayName), () => undefined); // an error is reported by joinRoom, on Join
    details.current = pending;
    return pending;
  };

  /**
   * The network check of the pre-join screen; its probes load on demand, outside the first paint's code. It starts
   * once the preview's camera has opened (or failed to), so that its connections and relay allocations do not compete
   * with opening the page and the camera, and it never starts once Join is pressed: a person who joins at once gets
   * the call without it (a call that then cannot connect still says so, see ConnectTrouble, without the check's detail).
   */
  const [check, setCheck] = useState<CheckState>({ kind: 'running' });
  const checkRun = useRef(0);
  const checkAbort = useRef<AbortController | null>(null);
  /** Whether this visit of the pre-join screen has started its check yet, or Join was pressed (then it never does). */
  const checkStarted = useRef(false);
  const runCheck = () => {
    checkStarted.current = true;
    const run = ++checkRun.current;
    checkAbort.current?.abort();
    const abort = (checkAbort.current = new AbortController());
    setCheck({ kind: 'running' });
    import('./connectivity-bundle')
      .then((bundle) => {
        // Join pressed while its code loaded: not even the credentials are asked for.
        abort.signal.throwIfAborted();
        return bundle.runCheck({ roomId, token }, config.apiUrl, abort.signal);
      })
      .then(
        (result) => run === checkRun.current && setCheck({ kind: 'done', ...result }),
        // A dead link (or a check that could not load) is for the join to explain.
        () => run === checkRun.current && setCheck({ kind: 'unavailable' }),
      );
  };

  const prompting = view.kind === 'prompt';
  useEffect(() => {
    void loadCallBundle().catch(() => undefined); // again, if the load the page started failed
    // A browser too old for our negotiation would join and never connect: it is told to update instead.
    void missingCallCapabilities().then((missing) => {
      if (missing.length > 0) setView({ kind: 'status', screen: ErrorReason.Unsupported });
    });
  }, []);
  /**
   * The signaling socket, opened as the pre-join screen shows so that Join does not wait for its upgrade. It holds no
   * seat until Join (docs/signaling.md, "Connecting"); leaving the screen without joining closes it.
   */
  const standby = useRef<StandbySocket | null>(null);
  // Fresh for every visit of the pre-join screen (after "Try again" the room may have changed).
  useEffect(() => {
    if (!prompting) return;
    checkStarted.current = false;
    fetchDetails();
    const socket = new StandbySocket(config.wsUrl, token);
    standby.current = socket;
    return () => {
      socket.close(); // nothing if the join took it
      if (standby.current === socket) standby.current = null;
    };
  }, [prompting]);
  const onPreviewSettled = () => {
    if (!checkStarted.current) runCheck();
  };

  const join = async (choice: JoinChoice) => {
    checkStarted.current = true;
    // A check still running would compete with the call for the relay; the call goes on without its result.
    if (check.kind === 'running') {
      checkRun.current++;
      checkAbort.current?.abort();
    }
    name.current = choice.name;
    if (givenName === undefined) rememberName(choice.name);
    setBusy(true);
    let waited = false;
    try {
      const bundle = await loadCallBundle().catch((error: unknown) => {
        throw new ServerUnreachableError('The call code could not be loaded.', error);
      });
      const room = await bundle.joinRoom(
        { roomId, token, secret },
        {
          apiUrl: config.apiUrl,
          wsUrl: config.wsUrl,
          name: choice.name,
          media: {
            audioDeviceId: choice.audioDeviceId,
            videoDeviceId: choice.videoDeviceId,
            startMuted: choice.startMuted,
            startCameraOff: choice.startCameraOff,
            // Join pressed before the preview opened: the call waits for that camera rather than opening another.
            stream: choice.stream ?? (await choice.opening) ?? undefined,
          },
          details: details.current ?? fetchDetails(),
          standby: standby.current ?? undefined,
          connectivity: check.kind === 'done' ? check.report : null,
          onLobbyWaiting: () => {
            waited = true;
            setView({ kind: 'lobby' });
          },
        },
      );
      onRoom?.(room);
      setView({ kind: 'call', room, bundle, speakerId: choice.speakerId });
    } catch (error) {
      const screen = waited && error instanceof NotAllowedError ? 'lobby-denied' : error instanceof OtterError ? error.reason : ErrorReason.ServerUnreachable;
      setView({ kind: 'status', screen });
    } finally {
      setBusy(false);
    }
  };

  const room = view.kind === 'call' ? view.room : null;
  const bundle = view.kind === 'call' ? view.bundle : null;
  useEffect(() => {
    if (!room || !bundle) return;
    const embed = bundle.EmbedBridge.attach({
      host: window,
      embedOrigins: room.embedOrigins,
      onCommand: (command) => {
        if (command === 'leave') leave(room);
        else if (command === 'toggle-mic') room.setMicrophoneEnabled(!room.media.state.audio);
        else void room.setCameraEnabled(!room.media.state.video).catch(() => undefined);
      },
    });
    bridge.current = embed;
    embed?.post('joined', { roomId: room.info.roomId, peerId: room.localPeerId, role: room.role });
    for (const p of room.participants) embed?.post('participant-joined', { peerId: p.peerId, name: p.name, role: p.role });
    const endedBy = (screen: ScreenKind) => () => setView({ kind: 'status', screen });
    const offs = [
      room.on(RoomEvent.PeerJoined, ({ peer }) => embed?.post('participant-joined', { peerId: peer.peerId, name: peer.name, role: peer.role })),
      room.on(RoomEvent.PeerLeft, ({ peerId, reason }) => embed?.post('participant-left', { peerId, reason })),
      room.on(RoomEvent.Removed, () => {
        embed?.post('left', { reason: 'removed' });
        endedBy(ErrorReason.Removed)();
      }),
      room.on(RoomEvent.RoomEnded, () => {
        embed?.post('ended', {});
        endedBy(ErrorReason.RoomEnded)();
      }),
      room.on(RoomEvent.Disconnected, ({ error }) => {
        if (!error) return;
        embed?.post('left', { reason: 'error' });
        setView({ kind: 'status', screen: error.reason });
      }),
    ];
    // Leaving the page leaves the call. The browser may keep the page in its back/forward cache and show it again
    // (`pageshow` with `persisted`): it then says the call was left and offers to rejoin, not a dead call screen.
    const leaveOnUnload = () => {
      room.leave();
      setView({ kind: 'status', screen: 'left' });
    };
    window.addEventListener('pagehide', leaveOnUnload);
    return () => {
      offs.forEach((off) => off());
      window.removeEventListener('pagehide', leaveOnUnload);
      embed?.close();
      bridge.current = null;
    };
  }, [room, bundle]);

  useEffect(() => {
    const title = TITLES[view.kind];
    // The call screen keeps the title up to date itself (people, reconnecting).
    if (title) document.title = t(title);
  }, [view]);

  function leave(current: Room) {
    bridge.current?.post('left', { reason: 'left' });
    current.leave();
    setView({ kind: 'status', screen: 'left' });
  }

  switch (view.kind) {
    case 'prompt':
      return (
        <PreJoin initialName={name.current} fixedName={givenName} busy={busy} onJoin={join} onPreviewSettled={onPreviewSettled}>
          <ConnectivityPanel state={check} onRetry={runCheck} />
        </PreJoin>
      );
    case 'lobby':
      return <StatusScreen kind="lobby-waiting" />;
    case 'call':
      return (
        <view.bundle.CallScreen
          room={view.room}
          speakerId={view.speakerId}
          onLeave={() => leave(view.room)}
          onEndForAll={() => {
            bridge.current?.post('ended', {});
            setView({ kind: 'status', screen: 'ended-by-host' });
            void view.room.endForAll();
          }}
        />
      );
    case 'status':
      return <StatusScreen kind={view.screen} onRetry={() => setView({ kind: 'prompt' })} />;
  }
}
