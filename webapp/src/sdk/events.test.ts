import { describe, expect, expectTypeOf, it } from 'vitest';
import { RoomEvent, type RoomEventMap } from './events';
import { Emitter } from './emitter';

class Probe extends Emitter<RoomEventMap> {
  fire<K extends keyof RoomEventMap>(event: K, payload: RoomEventMap[K]) {
    this.emit(event, payload);
  }
}

// Every RoomEvent has a payload type (compile-time check).
const payloadForEveryEvent: { [K in RoomEvent]: K extends keyof RoomEventMap ? true : false } = Object.fromEntries(
  Object.values(RoomEvent).map((e) => [e, true]),
) as { [K in RoomEvent]: true };

describe('RoomEvent', () => {
  it('uses the documented kebab-case names', () => {
    expect(Object.values(RoomEvent)).toEqual(
      expect.arrayContaining([
        'peer-joined', 'peer-left', 'track', 'mute-changed', 'chat', 'file-offer', 'file-progress',
        'file-received', 'file-cancelled', 'reconnecting', 'reconnected', 'room-ended', 'removed', 'error',
      ]),
    );
    for (const name of Object.values(RoomEvent)) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(Object.values(payloadForEveryEvent).every(Boolean)).toBe(true);
  });

  it('delivers typed payloads to listeners until they unsubscribe', () => {
    const probe = new Probe();
    const got: string[] = [];
    const off = probe.on(RoomEvent.PeerLeft, (e) => {
      expectTypeOf(e.reason).toEqualTypeOf<'left' | 'removed' | 'gone'>();
      got.push(`${e.peerId}:${e.reason}`);
    });
    probe.fire(RoomEvent.PeerLeft, { peerId: 'p2', reason: 'removed' });
    off();
    probe.fire(RoomEvent.PeerLeft, { peerId: 'p3', reason: 'left' });
    expect(got).toEqual(['p2:removed']);
  });
});
