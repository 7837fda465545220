import { useRef, useState } from 'react';
import type { Room } from '../sdk';
import { ChatPanel } from './ChatPanel';
import { FilePanel } from './FilePanel';
import { useChat, useReconnecting, useRoomVersion, useTransfers } from './use-room';
import { VideoTile } from './VideoTile';

/** The call: a grid of tiles, the controls, and the chat and file panels. */
export function CallScreen({ room, onLeave, onEndForAll }: { room: Room; onLeave: () => void; onEndForAll: () => void }) {
  useRoomVersion(room);
  const reconnecting = useReconnecting(room);
  const messages = useChat(room);
  const [transfers, addTransfers] = useTransfers(room);
  const [panel, setPanel] = useState<'chat' | 'files' | null>(null);
  const [seenMessages, setSeenMessages] = useState(0);
  const [mediaError, setMediaError] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const participants = room.participants;
  const state = room.media.state;
  const unread = panel === 'chat' ? 0 : messages.length - seenMessages;
  const pendingOffers = transfers.filter((t) => t.status === 'offered').length;

  const toggle = (which: 'chat' | 'files') => {
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
  const camera = async () => {
    try {
      await room.setCameraEnabled(!state.video);
      setMediaError('');
    } catch (error) {
      setMediaError((error as Error).message);
    }
  };

  return (
    <main className="call" data-testid="call-screen" data-peer-id={room.localPeerId} data-role={room.role}>
      {reconnecting && (
        <div className="banner" role="status" data-testid="reconnecting">
          Reconnecting… your call continues.
        </div>
      )}
      {mediaError && (
        <div className="banner" role="alert">
          {mediaError}
        </div>
      )}
      <section className={`grid n${Math.min(participants.length + 1, 4)}`} aria-label="Participants">
        <VideoTile id={room.localPeerId} name={room.name} stream={room.media.stream} media={state} local />
        {participants.map((p) => (
          <VideoTile
            key={p.peerId}
            id={p.peerId}
            name={p.name}
            stream={p.stream}
            media={p.media}
            connection={p.connectionState}
            onRemove={room.isHost ? () => room.removeParticipant(p.peerId) : undefined}
          />
        ))}
      </section>
      {panel === 'chat' && <ChatPanel room={room} messages={messages} onClose={() => setPanel(null)} />}
      {panel === 'files' && <FilePanel room={room} transfers={transfers} onClose={() => setPanel(null)} />}
      <nav className="controls" aria-label="Call controls">
        <button
          type="button"
          aria-pressed={!state.audio}
          aria-label={state.audio ? 'Mute microphone' : 'Unmute microphone'}
          onClick={() => room.setMicrophoneEnabled(!state.audio)}
          disabled={!room.media.track('audio')}
          data-testid="toggle-mic"
        >
          {state.audio ? 'Mute' : 'Unmute'}
        </button>
        <button
          type="button"
          aria-pressed={!state.video}
          aria-label={state.video ? 'Turn camera off' : 'Turn camera on'}
          onClick={camera}
          data-testid="toggle-camera"
        >
          {state.video ? 'Camera off' : 'Camera on'}
        </button>
        <button type="button" aria-pressed={panel === 'chat'} aria-label={`Chat${unread ? `, ${unread} unread` : ''}`} onClick={() => toggle('chat')} data-testid="toggle-chat">
          Chat{unread > 0 && <span className="count">{unread}</span>}
        </button>
        <button
          type="button"
          aria-label="Send a file to everyone"
          onClick={() => fileInput.current?.click()}
          disabled={participants.length === 0}
          data-testid="send-file"
        >
          Send file
        </button>
        <input ref={fileInput} type="file" multiple hidden onChange={(e) => { sendFiles(e.target.files); e.target.value = ''; }} data-testid="file-input" />
        <button type="button" aria-pressed={panel === 'files'} aria-label={`Files${pendingOffers ? `, ${pendingOffers} waiting for you` : ''}`} onClick={() => toggle('files')} data-testid="toggle-files">
          Files{pendingOffers > 0 && <span className="count">{pendingOffers}</span>}
        </button>
        {room.isHost && (
          <button type="button" className="danger" onClick={onEndForAll} aria-label="End the call for everyone" data-testid="end-for-all">
            End for all
          </button>
        )}
        <button type="button" className="danger" onClick={onLeave} aria-label="Leave the call" data-testid="leave">
          Leave
        </button>
      </nav>
    </main>
  );
}
