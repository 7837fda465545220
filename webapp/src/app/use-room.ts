import { useEffect, useReducer, useRef, useState } from 'react';
import { RoomEvent, SignalingState, type ChatMessage, type FileMeta, type Reaction, type Room } from '../sdk';
import { ScreenShareTracker } from '../sdk/screen-share';
import { t } from './i18n';

export interface TransferView {
  id: string;
  peerId: string;
  direction: 'send' | 'receive';
  meta: FileMeta;
  bytes: number;
  status: 'offered' | 'waiting' | 'active' | 'done' | 'cancelled';
  detail?: string;
  url?: string;
}

/** Re-renders on every room event; components read the current state from the Room itself. */
export function useRoomVersion(room: Room): number {
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const events = [
      RoomEvent.PeerJoined,
      RoomEvent.PeerLeft,
      RoomEvent.PeerRejected,
      RoomEvent.Track,
      RoomEvent.MuteChanged,
      RoomEvent.LocalMediaChanged,
      RoomEvent.ConnectionStateChanged,
      RoomEvent.PairStateChanged,
      RoomEvent.SignalingStateChanged,
      RoomEvent.Knock,
      RoomEvent.KnockResolved,
      RoomEvent.GuestLinkChanged,
      RoomEvent.RoomUpdated,
      RoomEvent.NetworkQuality,
      RoomEvent.ActiveSpeaker,
      RoomEvent.ScreenShare,
      RoomEvent.HandsChanged,
    ] as const;
    const offs = events.map((e) => room.on(e, bump));
    return () => offs.forEach((off) => off());
  }, [room]);
  return version;
}

/** Whether the signaling connection is away (reconnecting or resuming); the calls go on meanwhile. */
export function useReconnecting(room: Room): boolean {
  const away = (state: SignalingState) => state === SignalingState.Reconnecting || state === SignalingState.Resuming;
  const [reconnecting, setReconnecting] = useState(() => away(room.signalingState));
  useEffect(() => room.on(RoomEvent.SignalingStateChanged, ({ state }) => setReconnecting(away(state))), [room]);
  return reconnecting;
}

export function useChat(room: Room): ChatMessage[] {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  useEffect(() => room.on(RoomEvent.Chat, ({ message }) => setMessages((m) => [...m, message])), [room]);
  return messages;
}

/** Every file transfer this session saw, newest last. Object URLs of received files are revoked on unmount. */
export function useTransfers(room: Room): [TransferView[], (views: TransferView[]) => void] {
  const [transfers, setTransfers] = useState<TransferView[]>([]);
  const urls = useRef<string[]>([]);
  useEffect(() => {
    const update = (id: string, change: Partial<TransferView>) =>
      setTransfers((all) => all.map((t) => (t.id === id ? { ...t, ...change } : t)));
    const offs = [
      room.on(RoomEvent.FileOffer, ({ id, peerId, meta }) =>
        setTransfers((all) => [...all, { id, peerId, meta, direction: 'receive', bytes: 0, status: 'offered' }]),
      ),
      room.on(RoomEvent.FileProgress, ({ id, bytes }) => update(id, { bytes, status: 'active' })),
      room.on(RoomEvent.FileReceived, ({ id, file }) => {
        const url = URL.createObjectURL(file);
        urls.current.push(url);
        update(id, { status: 'done', bytes: file.size, url, detail: t('files.verified') });
      }),
      room.on(RoomEvent.FileDelivered, ({ id }) => update(id, { status: 'done', detail: t('files.delivered') })),
      room.on(RoomEvent.FileCancelled, ({ id, reason, byPeer }) =>
        update(id, { status: 'cancelled', detail: cancelText(reason, byPeer) }),
      ),
    ];
    return () => {
      offs.forEach((off) => off());
      urls.current.forEach((url) => URL.revokeObjectURL(url));
    };
  }, [room]);
  const add = (views: TransferView[]) => setTransfers((all) => [...all, ...views]);
  return [transfers, add];
}

function cancelText(reason: string, byPeer: boolean): string {
  switch (reason) {
    case 'declined':
      return t('files.declined');
    case 'integrity':
      return t('files.damaged');
    case 'peer-gone':
      return t('files.peerGone');
    case 'failed':
      return t('files.connectionLost');
    case 'oversized':
      return t('files.oversized');
    default:
      return t(byPeer ? 'files.cancelledByThem' : 'files.cancelled');
  }
}

/** Running screen shares by peerId (ours included), the most recent last. */
export function useScreenShares(room: Room): string[] {
  const [shares, setShares] = useState<string[]>([]);
  useEffect(() => {
    const tracker = new ScreenShareTracker();
    for (const p of room.participants) if (p.screen) tracker.start(p.peerId, 0);
    setShares(tracker.shares);
    const offs = [
      room.on(RoomEvent.ScreenShare, ({ peerId, stream }) => {
        if (stream) tracker.start(peerId, Date.now());
        else tracker.stop(peerId);
        setShares(tracker.shares);
      }),
      // A sharer who leaves takes the share along; the share before theirs gets the large tile back.
      room.on(RoomEvent.PeerLeft, ({ peerId }) => {
        tracker.stop(peerId);
        setShares(tracker.shares);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [room]);
  return shares;
}

/** Transient notices: a host's mute request, a poor connection. */
export function useNotices(room: Room): { muteRequest: string | null; poor: string[]; dismissMute: () => void } {
  const [muteRequest, setMuteRequest] = useState<string | null>(null);
  const [poor, setPoor] = useState<string[]>([]);
  useEffect(() => {
    const offs = [
      room.on(RoomEvent.MuteRequested, ({ name }) => setMuteRequest(name || t('common.theHost'))),
      room.on(RoomEvent.NetworkQuality, ({ peerId, quality }) =>
        setPoor((all) => (quality === 'poor' ? [...new Set([...all, peerId])] : all.filter((p) => p !== peerId))),
      ),
      room.on(RoomEvent.PeerLeft, ({ peerId }) => setPoor((all) => all.filter((p) => p !== peerId))),
    ];
    return () => offs.forEach((off) => off());
  }, [room]);
  return { muteRequest, poor, dismissMute: () => setMuteRequest(null) };
}

/** How long a reaction stays on its sender's tile. */
export const REACTION_SHOWN_MS = 4000;

/** The latest reaction per person (ours under our own peer id), each gone after `REACTION_SHOWN_MS`. */
export function useReactions(room: Room): Map<string, { emoji: Reaction; key: number }> {
  const [shown, setShown] = useState(new Map<string, { emoji: Reaction; key: number }>());
  useEffect(() => {
    let next = 0;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const off = room.on(RoomEvent.Reaction, ({ peerId, emoji }) => {
      const key = ++next;
      setShown((all) => new Map(all).set(peerId, { emoji, key }));
      const timer = setTimeout(() => {
        timers.delete(timer);
        setShown((all) => {
          if (all.get(peerId)?.key !== key) return all;
          const rest = new Map(all);
          rest.delete(peerId);
          return rest;
        });
      }, REACTION_SHOWN_MS);
      timers.add(timer);
    });
    return () => {
      off();
      timers.forEach(clearTimeout);
    };
  }, [room]);
  return shown;
}

/** Whether a host lowered our hand since we last looked (cleared by `dismiss`). */
export function useHandLowered(room: Room): [boolean, () => void] {
  const [lowered, setLowered] = useState(false);
  useEffect(() => room.on(RoomEvent.HandLowered, () => setLowered(true)), [room]);
  return [lowered, () => setLowered(false)];
}
