import { useEffect, useRef, useState } from 'react';
import { RoomEvent, type Room } from '../sdk';
import { t } from './i18n';

/** How many announcements the region keeps: only additions are read, the older ones just stay quiet. */
export const ANNOUNCEMENTS_KEPT = 5;

export interface Announcement {
  id: number;
  text: string;
}

type Listener = (announcement: Announcement) => void;
const listeners = new Set<Listener>();
let lastId = 0;

/**
 * Tells screen-reader users about a change they cannot see (someone joined, a hand went up, recording started)
 * through the page's one polite live region, the mounted <Announcer />. Without one it does nothing.
 */
export function announce(text: string): void {
  const announcement = { id: ++lastId, text };
  listeners.forEach((listener) => listener(announcement));
}

/** The latest `kept` announcements, oldest first, with `next` added. */
export function withAnnouncement(all: Announcement[], next: Announcement, kept = ANNOUNCEMENTS_KEPT): Announcement[] {
  return [...all, next].slice(-kept);
}

/** The peers whose hand is up in `after` and was not in `before`, in queue order. */
export function newlyRaised(before: readonly string[], after: readonly string[]): string[] {
  const earlier = new Set(before);
  return after.filter((peerId) => !earlier.has(peerId));
}

/**
 * The one polite live region (role `log`: additions are read, nothing is re-read whole). Each announcement is a new
 * paragraph, so the same words said twice are read twice. Visually hidden: what it says is on screen already.
 */
export function Announcer() {
  const [shown, setShown] = useState<Announcement[]>([]);
  useEffect(() => {
    const listener: Listener = (announcement) => setShown((all) => withAnnouncement(all, announcement));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return (
    <div className="visually-hidden" role="log" aria-live="polite" aria-label={t('announce.region')} data-testid="announcer">
      {shown.map((a) => (
        <p key={a.id}>{a.text}</p>
      ))}
    </div>
  );
}

/**
 * Announces the call's changes that have no toast of their own (join, leave and knock are announced with their
 * toasts, CallHeader.tsx): another person's raised hand, the host lowering yours, the host asking you to mute.
 */
export function useCallAnnouncements(room: Room): void {
  const hands = useRef<string[]>(room.raisedHands.map((h) => h.peerId));
  useEffect(() => {
    const nameOf = (peerId: string) => room.participants.find((p) => p.peerId === peerId)?.name || t('common.someone');
    const offs = [
      room.on(RoomEvent.HandsChanged, ({ queue }) => {
        const now = queue.map((h) => h.peerId);
        for (const peerId of newlyRaised(hands.current, now)) {
          // Your own hand: the Raise hand button's pressed state says it.
          if (peerId !== room.localPeerId) announce(t('announce.raisedHand', { name: nameOf(peerId) }));
        }
        hands.current = now;
      }),
      room.on(RoomEvent.HandLowered, () => announce(t('call.handLowered'))),
      room.on(RoomEvent.MuteRequested, ({ name }) => announce(t('call.muteRequest', { name: name || t('common.someone') }))),
    ];
    return () => offs.forEach((off) => off());
  }, [room]);
}
