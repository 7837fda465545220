import { ErrorReason } from '../sdk/errors';

/** What each way a call can end or fail tells the person, in plain words. */
export const SCREENS: Record<ErrorReason | 'no-secret' | 'left' | 'ended-by-host' | 'no-room' | 'crashed' | 'lobby-waiting' | 'lobby-denied', { title: string; text: string; retry?: boolean }> = {
  [ErrorReason.InvalidLink]: {
    title: 'This link does not work',
    text:
      'The link is incomplete or names a room that does not exist. After a reload, open the link you were sent again: for your privacy the page removes its key from the address bar once read. Otherwise ask whoever sent it for a new one.',
  },
  'no-secret': {
    title: 'This link is missing its key',
    text:
      'Room links end with a secret key (after “k=”) that keeps the call private from the service that connects it. This one lacks it or was cut short. Open the complete link you were sent, or ask whoever sent it for a new one.',
  },
  [ErrorReason.LinkExpired]: {
    title: 'This link has expired',
    text: 'Room links only work for a limited time. Ask whoever sent it for a new one.',
  },
  [ErrorReason.NotAllowed]: {
    title: 'This link is not accepted',
    text: 'The link was refused. It may have been revoked; ask whoever sent it for a new one.',
  },
  [ErrorReason.RoomFull]: {
    title: 'This room is full',
    text: 'Everyone who can fit is already in the call. Try again when someone leaves.',
    retry: true,
  },
  [ErrorReason.RoomEnded]: { title: 'This call has ended', text: 'The room is closed. Nobody can join it any more.' },
  [ErrorReason.Removed]: { title: 'You were removed from the call', text: 'The host removed you from this room.' },
  [ErrorReason.GuestLinkStopped]: {
    title: 'This link has been stopped by the host',
    text: 'The host is not letting anyone else join with this link. If you were expected, ask whoever sent it for a new one.',
  },
  [ErrorReason.MediaDenied]: {
    title: 'Camera and microphone are blocked',
    text: 'Allow camera and microphone access for this site in your browser (the icon next to the address), then try again.',
    retry: true,
  },
  [ErrorReason.MediaUnavailable]: {
    title: 'No camera or microphone found',
    text: 'Connect a camera and microphone, or close other programs that use them, then try again.',
    retry: true,
  },
  [ErrorReason.ServerUnreachable]: {
    title: 'Cannot reach the call service',
    text: 'Check your internet connection and try again.',
    retry: true,
  },
  [ErrorReason.Refused]: { title: 'The call service refused a request', text: 'Try joining again.', retry: true },
  [ErrorReason.Unsupported]: {
    title: 'Please update your browser',
    text:
      'This browser is missing parts that calls need. Update it (on an iPhone or iPad: update iOS, at least to 15.4), or open the link in a current Chrome, Firefox, Edge or Safari.',
  },
  left: { title: 'You left the call', text: 'You can rejoin with the same link while the room is open.', retry: true },
  'ended-by-host': { title: 'You ended the call', text: 'The room is closed for everyone.' },
  'lobby-waiting': {
    title: 'Waiting for the host to let you in',
    text: 'The host has been told you are here. Keep this page open; the call starts as soon as they admit you.',
  },
  'lobby-denied': {
    title: 'The host did not let you in',
    text: 'Your request to join was declined. If you think this is a mistake, contact whoever sent you the link.',
  },
  'no-room': { title: 'No room here', text: 'Open the room link you were sent (its end after # holds the room token and key).' },
  crashed: {
    title: 'Something went wrong',
    text: 'The call screen ran into an error. You have left the call, and your camera and microphone are off. You can rejoin with the same link.',
    retry: true,
  },
};
