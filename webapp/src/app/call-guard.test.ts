import { describe, expect, it } from 'vitest';
import { CallGuard, type GuardedRoom } from './call-guard';

function fakeRoom(options: { leaveThrows?: boolean } = {}) {
  const log: string[] = [];
  const room = {
    leave: () => {
      log.push('leave');
      if (options.leaveThrows) throw new Error('leave failed');
    },
    media: { stop: () => log.push('stop-media') },
  } as unknown as GuardedRoom;
  return { room, log };
}

describe('CallGuard', () => {
  it('leaves every tracked room and stops its media on a crash', () => {
    const guard = new CallGuard();
    const a = fakeRoom();
    guard.track(a.room, guard.generation);
    expect(guard.crash()).toEqual([]);
    expect(a.log).toEqual(['leave', 'stop-media']);
  });

  it('stops the media and leaves the other rooms even when one leave throws, and returns the error', () => {
    const guard = new CallGuard();
    const a = fakeRoom({ leaveThrows: true });
    const b = fakeRoom();
    guard.track(a.room, guard.generation);
    guard.track(b.room, guard.generation);
    const errors = guard.crash();
    expect(errors.map((e) => (e as Error).message)).toEqual(['leave failed']);
    expect(a.log).toEqual(['leave', 'stop-media']);
    expect(b.log).toEqual(['leave', 'stop-media']);
  });

  it('leaves at once a room that a crashed app joined afterwards, but not one the remounted app joins', () => {
    const guard = new CallGuard();
    const crashedApp = guard.generation;
    guard.crash();
    const late = fakeRoom();
    guard.track(late.room, crashedApp);
    expect(late.log).toEqual(['leave', 'stop-media']);
    const fresh = fakeRoom();
    guard.track(fresh.room, guard.generation);
    expect(fresh.log).toEqual([]);
  });
});
