import type { MediaState } from './protocol';

/** The part of `navigator.mediaSession` used here; the call actions and setters are missing in many browsers. */
export interface MediaSessionLike {
  setActionHandler(action: string, handler: (() => void) | null): void;
  setMicrophoneActive?(active: boolean): void | Promise<void>;
  setCameraActive?(active: boolean): void | Promise<void>;
}

export interface MediaSessionControls {
  state: () => MediaState;
  toggleMicrophone: () => void;
  toggleCamera: () => void;
}

function browserSession(): MediaSessionLike | null {
  return typeof navigator !== 'undefined' && 'mediaSession' in navigator ? (navigator.mediaSession as unknown as MediaSessionLike) : null;
}

/**
 * Lets the browser's own call controls (Media Session `togglemicrophone` / `togglecamera`, e.g. in a picture-in-picture
 * window or the system's call indicator) mute and turn the camera, where the browser has those actions. Returns
 * `update`, to call on every change of our state (the controls show it), and `stop`.
 */
export function wireMediaSession(controls: MediaSessionControls, session: MediaSessionLike | null = browserSession()) {
  const actions: [string, () => void][] = [
    ['togglemicrophone', controls.toggleMicrophone],
    ['togglecamera', controls.toggleCamera],
  ];
  const wired: string[] = [];
  for (const [action, handler] of actions) {
    try {
      session?.setActionHandler(action, handler);
      wired.push(action);
    } catch {
      // TypeError: this browser does not know the action.
    }
  }
  const update = () => {
    if (!session || wired.length === 0) return;
    const state = controls.state();
    void Promise.resolve(session.setMicrophoneActive?.(state.audio)).catch(() => undefined);
    void Promise.resolve(session.setCameraActive?.(state.video)).catch(() => undefined);
  };
  update();
  return {
    update,
    stop: () => {
      for (const action of wired) session?.setActionHandler(action, null);
    },
  };
}
