import { useEffect, useRef, useState } from 'react';
import type { Room } from '../sdk';
import { chooseLargeTile } from '../sdk/screen-share';
import { Announcer, useCallAnnouncements } from './Announcer';
import { CallHeader, useSoundsSetting, useToasts } from './CallHeader';
import { CircleStop, Ellipsis, FolderDown, Hand, MessageSquare, Mic, MicOff, MonitorUp, MonitorX, Paperclip, PhoneOff, Users, Video, VideoOff } from 'lucide-react';
import { ChatPanel } from './ChatPanel';
import { ControlButton } from './ControlButton';
import { ConnectTrouble } from './ConnectTrouble';
import { DeviceMenu, useCallDevices } from './DeviceMenu';
import { useDismiss } from './dismiss';
import { EffectsControls } from './Effects';
import { FilePanel } from './FilePanel';
import { PeoplePanel } from './PeoplePanel';
import { PipButton } from './PictureInPicture';
import { RemoteAudio } from './RemoteAudio';
import { useShortcuts } from './shortcuts';
import { useChat, useHandLowered, useNotices, useReactions, useReconnecting, useRoomVersion, useScreenShares, useTransfers } from './use-room';
import { ReactionMenu } from './ReactionMenu';
import { RecordButton, RecordingNotices, useRecording } from './Recording';
import { SelfView } from './SelfView';
import { list, t, tn } from './i18n';
import { Rich } from './i18n/Rich';
import { describeError } from './messages';
import { ScreenTile, VideoTile } from './VideoTile';

const CAN_SHARE_SCREEN = typeof navigator !== 'undefined' && !!navigator.mediaDevices && 'getDisplayMedia' in navigator.mediaDevices;

export interface CallScreenProps {
  room: Room;
  onLeave: () => void;
  onEndForAll: () => void;
  /** The `audiooutput` device chosen before joining. */
  speakerId?: string;
}

/** Tells the person that the browser or the system stopped a device they left on, and what happens next. */
function DeviceInterruptions({ interruptions }: { interruptions: Room['media']['interruptions'] }) {
  return (
    <>
      {(['audio', 'video'] as const).map((kind) => {
        const why = interruptions[kind];
        if (!why) return null;
        return (
          <div className="banner" role="alert" key={kind} data-testid={`device-interrupted-${kind}`} data-reason={why}>
            {t(why === 'ended' ? `device.ended.${kind}` : `device.paused.${kind}`)}
          </div>
        );
      })}
    </>
  );
}

/** The call: a grid of tiles (a shared screen takes the large spot), the controls, and the side panels. */
export function CallScreen({ room, onLeave, onEndForAll, speakerId }: CallScreenProps) {
  useRoomVersion(room);
  const reconnecting = useReconnecting(room);
  const messages = useChat(room);
  const [transfers, addTransfers] = useTransfers(room);
  const shares = useScreenShares(room);
  const notices = useNotices(room);
  const devices = useCallDevices(room, speakerId);
  const reactions = useReactions(room);
  const [sounds, setSounds] = useSoundsSetting();
  const toasts = useToasts(room, sounds);
  const [handLowered, dismissHandLowered] = useHandLowered(room);
  const recording = useRecording(room);
  const handPlace = (peerId: string) => {
    const place = room.raisedHands.findIndex((h) => h.peerId === peerId);
    return place < 0 ? undefined : place + 1;
  };
  const [panel, setPanel] = useState<'chat' | 'files' | 'people' | null>(null);
  /** The phone layout's "More" menu is open. */
  const [more, setMore] = useState(false);
  const [seenMessages, setSeenMessages] = useState(0);
  // Keyboard: a panel or the More menu takes focus when it opens; Escape closes it and focus returns to its button.
  const panelButtons = { chat: useRef<HTMLButtonElement>(null), files: useRef<HTMLButtonElement>(null), people: useRef<HTMLButtonElement>(null) };
  const panelBox = useRef<HTMLDivElement>(null);
  useDismiss(panel, () => setPanel(null), panel ? panelButtons[panel] : null, panelBox);
  const moreButton = useRef<HTMLButtonElement>(null);
  const moreItems = useRef<HTMLDivElement>(null);
  useDismiss(more, () => setMore(false), moreButton, moreItems);
  useCallAnnouncements(room);
  const [mediaError, setMediaError] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const participants = room.participants;
  const state = room.media.state;
  const unread = panel === 'chat' ? 0 : messages.length - seenMessages;
  const pendingOffers = transfers.filter((t) => t.status === 'offered').length;
  const waiting = room.isHost ? room.waiting : [];
  const people = participants.length + 1;
  const speaker = room.activeSpeaker;
  const large = chooseLargeTile({ shares, activeSpeaker: speaker, localShare: room.localPeerId });
  const nameOf = (peerId: string) =>
    peerId === room.localPeerId ? t('common.you') : participants.find((p) => p.peerId === peerId)?.name || t('common.guest');

  useEffect(() => {
    document.title = reconnecting ? t('title.reconnecting') : tn('title.call', people);
  }, [reconnecting, people]);

  const toggle = (which: 'chat' | 'files' | 'people') => {
    if (which === 'chat') setSeenMessages(messages.length);
    setPanel(panel === which ? null : which);
  };
  const sendFiles = (files: FileList | null) => {
    if (!files) return;
    for (const file of Array.from(files)) {
      addTransfers(
        participants.map((p) => ({
          id: room.sendFile(file, { to: p.peerId })[0]!,
          peerId: p.peerId,
          direction: 'send' as const,
          meta: { name: file.name, size: file.size, type: file.type },
          bytes: 0,
          status: 'waiting' as const,
        })),
      );
    }
    setPanel('files');
  };
  const attempt = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setMediaError('');
    } catch (error) {
      setMediaError(describeError(error));
    }
  };
  const mic = () => room.setMicrophoneEnabled(!room.media.state.audio);
  const camera = () => attempt(() => room.setCameraEnabled(!room.media.state.video));
  const screen = () =>
    room.screenShare ? room.stopScreenShare() : attempt(() => room.startScreenShare()).then(() => undefined);
  const hand = () => (room.handRaised ? room.lowerHand() : room.raiseHand());
  useShortcuts({ m: mic, v: camera, h: hand });

  const screens = shares
    .map((peerId) => ({
      peerId,
      stream: peerId === room.localPeerId ? room.screenShare : participants.find((p) => p.peerId === peerId)?.screen ?? null,
    }))
    .filter((s): s is { peerId: string; stream: MediaStream } => s.stream !== null);
  const largeScreen = large?.kind === 'screen' ? screens.find((s) => s.peerId === large.tileId) : undefined;
  // Once others are here (and no screen holds the stage) our own tile floats small over the grid, outside its count.
  const selfFloats = participants.length > 0 && !largeScreen;
  const tiles = participants.length + (selfFloats ? 0 : 1) + screens.length - (largeScreen ? 1 : 0);

  return (
    <main className={`call${largeScreen ? ' staged' : ''}`} data-testid="call-screen" data-peer-id={room.localPeerId} data-role={room.role}>
      <Announcer />
      <div className="notices">
        <CallHeader room={room} toasts={toasts} sounds={sounds} onSounds={setSounds} />
        <RecordingNotices room={room} view={recording.view} ended={recording.ended} onDismiss={recording.dismiss} />
        {room.info.locked === true && (
          <div className="banner info" role="status" data-testid="room-locked">
            {t('call.locked')}
          </div>
        )}
        <RemoteAudio room={room} speakerId={devices.speakerId || undefined} />
        {reconnecting && (
          <div className="banner" role="status" data-testid="reconnecting">
            {t('call.reconnecting')}
          </div>
        )}
        <DeviceInterruptions interruptions={room.media.interruptions} />
        {mediaError && (
          <div className="banner" role="alert">
            {mediaError}
          </div>
        )}
        <ConnectTrouble room={room} />
        {devices.notice && (
          <div className="banner info" role="status" data-testid="device-notice">
            {devices.notice}{' '}
            <button type="button" onClick={devices.dismiss}>
              {t('common.ok')}
            </button>
          </div>
        )}
        {notices.muteRequest && (
          <div className="banner info" data-testid="mute-request">
            {t('call.muteRequest', { name: notices.muteRequest })}{' '}
            <button type="button" onClick={() => { room.setMicrophoneEnabled(false); notices.dismissMute(); }} data-testid="accept-mute">
              {t('call.mute')}
            </button>{' '}
            <button type="button" onClick={notices.dismissMute}>
              {t('call.notNow')}
            </button>
          </div>
        )}
        {handLowered && (
          <div className="banner info" data-testid="hand-lowered">
            {t('call.handLowered')}{' '}
            <button type="button" onClick={dismissHandLowered}>
              {t('common.ok')}
            </button>
          </div>
        )}
        {notices.poor.length > 0 && (
          <div className="banner" role="status" data-testid="poor-connection">
            {t('call.poor', { names: list(notices.poor.map(nameOf)) })}
          </div>
        )}
        {room.rejected.map((peer) => (
          <div className="banner" role="alert" key={peer.peerId} data-testid="signal-rejected" data-peer-id={peer.peerId}>
            <Rich k="call.rejected" params={{ name: <b>{peer.name || t('common.aParticipant')}</b> }} />
          </div>
        ))}
        {waiting.map((guest) => (
          <div className="banner info" key={guest.peerId} data-testid="knock" data-peer-id={guest.peerId}>
            <Rich k="call.knock" params={{ name: <b>{guest.name || t('common.someone')}</b> }} />{' '}
            <button type="button" onClick={() => room.admit(guest.peerId)} data-testid="admit" title={t('call.admitTitle')}>
              {t('call.admit')}
            </button>{' '}
            <button type="button" className="danger" onClick={() => room.deny(guest.peerId)} data-testid="deny" title={t('call.denyTitle')}>
              {t('call.deny')}
            </button>
          </div>
        ))}
      </div>
      {largeScreen && (
        <section className="stage" aria-label={t('call.sharedScreen')}>
          <ScreenTile id={largeScreen.peerId} name={nameOf(largeScreen.peerId)} stream={largeScreen.stream} large />
        </section>
      )}
      <section className={`grid n${Math.min(tiles, 9)}`} aria-label={t('call.participants')} data-tiles={tiles}>
        <SelfView floating={selfFloats}>
          <VideoTile
            id={room.localPeerId}
            name={room.name}
            stream={room.selfView}
            media={state}
            speaking={speaker === room.localPeerId}
            hand={handPlace(room.localPeerId)}
            reaction={reactions.get(room.localPeerId)}
            local
          />
        </SelfView>
        {participants.map((p) => (
          <VideoTile
            key={p.peerId}
            id={p.peerId}
            name={p.name}
            stream={p.stream}
            media={p.media}
            connection={p.pairState}
            quality={p.quality}
            speaking={speaker === p.peerId}
            hand={handPlace(p.peerId)}
            reaction={reactions.get(p.peerId)}
            onVerify={() => room.safetyCode(p.peerId)}
            onRemove={room.isHost ? () => room.removeParticipant(p.peerId) : undefined}
          />
        ))}
        {screens
          .filter((s) => s !== largeScreen)
          .map((s) => (
            <ScreenTile key={`screen-${s.peerId}`} id={s.peerId} name={nameOf(s.peerId)} stream={s.stream} />
          ))}
      </section>
      <div className="panel-slot" ref={panelBox}>
        {panel === 'chat' && <ChatPanel room={room} messages={messages} onClose={() => setPanel(null)} />}
        {panel === 'files' && <FilePanel room={room} transfers={transfers} onClose={() => setPanel(null)} />}
        {panel === 'people' && <PeoplePanel room={room} onClose={() => setPanel(null)} />}
      </div>
      <nav className="controls" aria-label={t('controls.label')}>
        <ControlButton
          icon={state.audio ? Mic : MicOff}
          label={t(state.audio ? 'controls.mute' : 'controls.unmute')}
          name={t(state.audio ? 'controls.muteName' : 'controls.unmuteName')}
          title={t(state.audio ? 'controls.muteTitle' : 'controls.unmuteTitle')}
          pressed={!state.audio}
          onClick={mic}
          disabled={!room.media.track('audio')}
          testId="toggle-mic"
        />
        <ControlButton
          icon={state.video ? Video : VideoOff}
          label={t(state.video ? 'controls.cameraOff' : 'controls.cameraOn')}
          name={t(state.video ? 'controls.cameraOffName' : 'controls.cameraOnName')}
          title={t(state.video ? 'controls.cameraOffTitle' : 'controls.cameraOnTitle')}
          pressed={!state.video}
          onClick={camera}
          testId="toggle-camera"
        />
        <ControlButton
          icon={Hand}
          label={t(room.handRaised ? 'controls.lowerHand' : 'controls.raiseHand')}
          name={t(room.handRaised ? 'controls.lowerHandName' : 'controls.raiseHandName')}
          title={t(room.handRaised ? 'controls.lowerHandTitle' : 'controls.raiseHandTitle')}
          pressed={room.handRaised}
          onClick={hand}
          testId="toggle-hand"
        />
        <ControlButton
          icon={MessageSquare}
          label={t('controls.chat')}
          name={unread ? tn('controls.chatUnread', unread) : t('controls.chat')}
          title={t('controls.chatTitle')}
          pressed={panel === 'chat'}
          onClick={() => toggle('chat')}
          count={unread}
          testId="toggle-chat"
          ref={panelButtons.chat}
        />
        <ControlButton
          icon={Users}
          label={t('controls.people')}
          name={tn('controls.peopleName', people)}
          title={t('controls.peopleTitle')}
          pressed={panel === 'people'}
          onClick={() => toggle('people')}
          count={people}
          testId="toggle-people"
          ref={panelButtons.people}
        />
        <ControlButton
          icon={Ellipsis}
          label={t('controls.more')}
          name={t('controls.moreName')}
          title={t('controls.moreName')}
          expanded={more}
          onClick={() => setMore(!more)}
          count={pendingOffers}
          testId="toggle-more"
          ref={moreButton}
        />
        {/* Inline in the toolbar on a wide screen; behind "More" on a phone (styles.css), one set of controls either way. */}
        <div ref={moreItems} className={`more-items${more ? ' open' : ''}`} role="group" aria-label={t('controls.moreName')}>
          {CAN_SHARE_SCREEN && (
            <ControlButton
              icon={room.screenShare ? MonitorX : MonitorUp}
              label={t(room.screenShare ? 'controls.stopSharing' : 'controls.share')}
              name={t(room.screenShare ? 'controls.stopSharingName' : 'controls.shareName')}
              title={t(room.screenShare ? 'controls.stopSharingName' : 'controls.shareTitle')}
              pressed={!!room.screenShare}
              onClick={screen}
              testId="toggle-screen"
            />
          )}
          <ReactionMenu onReact={(emoji) => room.react(emoji)} />
          <RecordButton room={room} view={recording.view} onError={setMediaError} />
          <PipButton room={room} onError={setMediaError} />
          <DeviceMenu room={room} devices={devices} />
          <EffectsControls room={room} onError={setMediaError} />
          <ControlButton
            icon={Paperclip}
            label={t('controls.sendFile')}
            name={t('controls.sendFileName')}
            title={t('controls.sendFileTitle')}
            onClick={() => fileInput.current?.click()}
            disabled={participants.length === 0}
            testId="send-file"
          />
          <input ref={fileInput} type="file" multiple hidden onChange={(e) => { sendFiles(e.target.files); e.target.value = ''; }} data-testid="file-input" />
          <ControlButton
            icon={FolderDown}
            label={t('controls.files')}
            name={pendingOffers ? tn('controls.filesWaiting', pendingOffers) : t('controls.files')}
            title={t('controls.filesTitle')}
            pressed={panel === 'files'}
            onClick={() => toggle('files')}
            count={pendingOffers}
            testId="toggle-files"
            ref={panelButtons.files}
          />
          {room.isHost && (
            <ControlButton
              icon={CircleStop}
              label={t('controls.endForAll')}
              name={t('controls.endForAllName')}
              title={t('controls.endForAllTitle')}
              onClick={onEndForAll}
              danger
              testId="end-for-all"
            />
          )}
        </div>
        <ControlButton icon={PhoneOff} label={t('controls.leave')} name={t('controls.leaveName')} title={t('controls.leaveName')} onClick={onLeave} danger testId="leave" />
      </nav>
    </main>
  );
}
