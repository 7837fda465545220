import { describe, expect, it } from 'vitest';
import type { SignalData } from './protocol';
import { UnannouncedSignals } from './unannounced-signals';

function withTimers(options: { maxPeers?: number; maxSignalsPerPeer?: number } = {}) {
  const timers = new Map<number, () => void>();
  let next = 0;
  const expired: [string, number][] = [];
  const held = new UnannouncedSignals({
    holdMs: 10_000,
    ...options,
    onExpired: (peerId, count) => expired.push([peerId, count]),
    setTimer: (run) => {
      timers.set(++next, run);
      return next;
    },
    clearTimer: (timer) => timers.delete(timer as number),
  });
  const fireAll = () => [...timers.values()].forEach((run) => run());
  return { held, timers, expired, fireAll };
}

const offer: SignalData = { description: { type: 'offer', sdp: 'v=0' } };
const candidate: SignalData = { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' } };

describe('UnannouncedSignals', () => {
  it('hands a peer’s early signals over in order once signaling announces it', () => {
    const { held, timers, expired } = withTimers();
    expect(held.hold('p9', offer)).toBe(true);
    expect(held.hold('p9', candidate)).toBe(true);
    expect(held.take('p9')).toEqual([offer, candidate]);
    expect(timers.size).toBe(0);
    expect(held.take('p9')).toEqual([]);
    expect(expired).toEqual([]);
  });

  it('drops the signals of a peer that is never announced, and reports it once', () => {
    const { held, expired, fireAll } = withTimers();
    held.hold('ghost', offer);
    held.hold('ghost', candidate);
    fireAll();
    expect(expired).toEqual([['ghost', 2]]);
    expect(held.take('ghost')).toEqual([]);
  });

  it('refuses signals beyond its bounds instead of holding them', () => {
    const { held } = withTimers({ maxPeers: 2, maxSignalsPerPeer: 3 });
    expect([1, 2, 3, 4].map(() => held.hold('a', candidate))).toEqual([true, true, true, false]);
    expect(held.hold('b', candidate)).toBe(true);
    expect(held.hold('c', candidate)).toBe(false);
    expect(held.peers).toEqual(['a', 'b']);
  });

  it('forgets what a peer that left had sent', () => {
    const { held, timers, expired } = withTimers();
    held.hold('p9', offer);
    held.forget('p9');
    expect(timers.size).toBe(0);
    expect(held.take('p9')).toEqual([]);
    expect(expired).toEqual([]);
  });
});
