import { ErrorReason, OtterError } from '../sdk/errors';
import { t, type MessageKey } from './i18n';

/** Every full-page message: each way a call can end or fail, and the other whole-page states. */
export type ScreenKind = ErrorReason | 'no-secret' | 'left' | 'ended-by-host' | 'no-room' | 'crashed' | 'lobby-waiting' | 'lobby-denied';

/**
 * What each way a call can end or fail tells the person, in plain words: keys of the catalog (i18n/en.ts,
 * `status.<kind>.title` and `.text`), and whether the screen offers to try again.
 */
export const SCREENS: Record<ScreenKind, { title: MessageKey; text: MessageKey; retry?: boolean }> = {
  [ErrorReason.InvalidLink]: { title: 'status.InvalidLink.title', text: 'status.InvalidLink.text' },
  'no-secret': { title: 'status.no-secret.title', text: 'status.no-secret.text' },
  [ErrorReason.LinkExpired]: { title: 'status.LinkExpired.title', text: 'status.LinkExpired.text' },
  [ErrorReason.NotAllowed]: { title: 'status.NotAllowed.title', text: 'status.NotAllowed.text' },
  [ErrorReason.RoomFull]: { title: 'status.RoomFull.title', text: 'status.RoomFull.text', retry: true },
  [ErrorReason.RoomEnded]: { title: 'status.RoomEnded.title', text: 'status.RoomEnded.text' },
  [ErrorReason.Removed]: { title: 'status.Removed.title', text: 'status.Removed.text' },
  [ErrorReason.GuestLinkStopped]: { title: 'status.GuestLinkStopped.title', text: 'status.GuestLinkStopped.text' },
  [ErrorReason.MediaDenied]: { title: 'status.MediaDenied.title', text: 'status.MediaDenied.text', retry: true },
  [ErrorReason.MediaUnavailable]: { title: 'status.MediaUnavailable.title', text: 'status.MediaUnavailable.text', retry: true },
  [ErrorReason.ServerUnreachable]: { title: 'status.ServerUnreachable.title', text: 'status.ServerUnreachable.text', retry: true },
  [ErrorReason.Refused]: { title: 'status.Refused.title', text: 'status.Refused.text', retry: true },
  [ErrorReason.Unsupported]: { title: 'status.Unsupported.title', text: 'status.Unsupported.text' },
  left: { title: 'status.left.title', text: 'status.left.text', retry: true },
  'ended-by-host': { title: 'status.ended-by-host.title', text: 'status.ended-by-host.text' },
  'lobby-waiting': { title: 'status.lobby-waiting.title', text: 'status.lobby-waiting.text' },
  'lobby-denied': { title: 'status.lobby-denied.title', text: 'status.lobby-denied.text' },
  'no-room': { title: 'status.no-room.title', text: 'status.no-room.text' },
  crashed: { title: 'status.crashed.title', text: 'status.crashed.text', retry: true },
};

/** Reasons an action in the call (camera, screen share, an effect) fails with that have words of their own. */
const ACTION_ERRORS: Partial<Record<ErrorReason, MessageKey>> = {
  [ErrorReason.MediaDenied]: 'error.MediaDenied',
  [ErrorReason.MediaUnavailable]: 'error.MediaUnavailable',
  [ErrorReason.Unsupported]: 'error.Unsupported',
  [ErrorReason.ServerUnreachable]: 'error.ServerUnreachable',
};

/**
 * A failed action in the person's language: the SDK's typed errors by their reason; anything else (a browser's own
 * error) with its message, which only the browser can word.
 */
export function describeError(error: unknown): string {
  const key = error instanceof OtterError ? ACTION_ERRORS[error.reason] : undefined;
  if (key) return t(key);
  return t('error.other', { detail: error instanceof Error ? error.message : String(error) });
}
