import { describe, expect, it } from 'vitest';
import { wireMediaSession, type MediaSessionLike } from './media-session';

class FakeSession implements MediaSessionLike {
  readonly handlers = new Map<string, (() => void) | null>();
  microphone: boolean | null = null;
  camera: boolean | null = null;
  constructor(private readonly known: string[]) {}
  setActionHandler(action: string, handler: (() => void) | null) {
    if (!this.known.includes(action)) throw new TypeError(`unknown action ${action}`);
    this.handlers.set(action, handler);
  }
  setMicrophoneActive(active: boolean) {
    this.microphone = active;
  }
  setCameraActive(active: boolean) {
    this.camera = active;
  }
}

describe('wireMediaSession', () => {
  it("lets the browser's call controls toggle microphone and camera, and shows them our state", () => {
    const session = new FakeSession(['togglemicrophone', 'togglecamera']);
    const state = { audio: true, video: false };
    const toggled: string[] = [];
    const wired = wireMediaSession({ state: () => state, toggleMicrophone: () => toggled.push('mic'), toggleCamera: () => toggled.push('camera') }, session);
    expect([session.microphone, session.camera]).toEqual([true, false]);
    session.handlers.get('togglemicrophone')!();
    session.handlers.get('togglecamera')!();
    expect(toggled).toEqual(['mic', 'camera']);
    state.audio = false;
    wired.update();
    expect(session.microphone).toBe(false);
    wired.stop();
    expect(session.handlers.get('togglemicrophone')).toBeNull();
  });

  it('wires the actions the browser has and skips the others', () => {
    const session = new FakeSession(['togglemicrophone']);
    const wired = wireMediaSession({ state: () => ({ audio: true, video: true }), toggleMicrophone: () => undefined, toggleCamera: () => undefined }, session);
    expect([...session.handlers.keys()]).toEqual(['togglemicrophone']);
    wired.stop();
  });

  it('does nothing without a media session', () => {
    const wired = wireMediaSession({ state: () => ({ audio: true, video: true }), toggleMicrophone: () => undefined, toggleCamera: () => undefined }, null);
    expect(() => wired.update()).not.toThrow();
  });
});
