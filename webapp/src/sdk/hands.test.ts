import { describe, expect, it } from 'vitest';
import { HAND_DEFAULTS } from './defaults';
import { RaisedHands } from './hands';
import type { PeerMessage } from './peer-messages';
import type { Role } from './protocol';

const ROLES: Record<string, Role> = { me: 'guest', ada: 'guest', bob: 'guest', host: 'host' };

function handsFor(self: string, clock: { now: number }, sent: PeerMessage[] = []) {
  return new RaisedHands({
    self: () => ({ peerId: self, role: ROLES[self]! }),
    role: (peerId) => ROLES[peerId],
    broadcast: (m) => sent.push(m),
    now: () => clock.now,
  });
}

describe('RaisedHands', () => {
  it('announces our hand going up and down and keeps it in the queue meanwhile', () => {
    const clock = { now: Date.now() };
    const sent: PeerMessage[] = [];
    const hands = handsFor('me', clock, sent);
    hands.raise();
    hands.raise();
    expect(hands.raised).toBe(true);
    expect(hands.queue).toEqual([{ peerId: 'me', raisedAt: clock.now }]);
    clock.now += 5000;
    hands.lower();
    expect(hands.raised).toBe(false);
    expect(sent).toEqual([
      { t: 'hand', raised: true, at: clock.now - 5000 },
      { t: 'hand', raised: false, at: clock.now },
    ]);
  });

  it('orders the queue by when each hand went up, whatever order the news arrived in', () => {
    const clock = { now: Date.now() };
    const hands = handsFor('me', clock);
    const queues: string[][] = [];
    hands.on('change', ({ queue }) => queues.push(queue.map((h) => h.peerId)));
    hands.receive('bob', { t: 'hand', raised: true, at: clock.now - 1000 });
    hands.receive('ada', { t: 'hand', raised: true, at: clock.now - 2000 });
    hands.raise();
    hands.receive('bob', { t: 'hand', raised: false, at: clock.now });
    expect(queues).toEqual([['bob'], ['ada', 'bob'], ['ada', 'bob', 'me'], ['ada', 'me']]);
  });

  it('does not let a claimed time from the future or the distant past move a hand ahead of the queue by more than allowed', () => {
    const clock = { now: Date.now() };
    const hands = handsFor('me', clock);
    hands.receive('ada', { t: 'hand', raised: true, at: clock.now + 60_000 });
    hands.receive('bob', { t: 'hand', raised: true, at: 0 });
    expect(hands.queue).toEqual([
      { peerId: 'bob', raisedAt: clock.now - HAND_DEFAULTS.maxRaisedAgeMs },
      { peerId: 'ada', raisedAt: clock.now },
    ]);
  });

  it("lowers someone's hand only on a host's word, and tells us when a host lowered ours", () => {
    const clock = { now: Date.now() };
    const hands = handsFor('me', clock);
    const lowered: string[] = [];
    hands.on('lowered', ({ byPeerId }) => lowered.push(byPeerId));
    hands.raise();
    hands.receive('ada', { t: 'hand', raised: true, at: clock.now });
    hands.receive('bob', { t: 'hand-lower', peerId: 'ada' });
    hands.receive('bob', { t: 'hand-lower', peerId: 'me' });
    expect(hands.queue.map((h) => h.peerId).sort()).toEqual(['ada', 'me']);
    hands.receive('host', { t: 'hand-lower', peerId: 'ada' });
    hands.receive('host', { t: 'hand-lower', peerId: 'me' });
    expect(hands.queue).toEqual([]);
    expect(hands.raised).toBe(false);
    expect(lowered).toEqual(['host']);
  });

  it('ignores hands of peers signaling never announced, and forgets the hand of one who left', () => {
    const clock = { now: Date.now() };
    const hands = handsFor('me', clock);
    hands.receive('stranger', { t: 'hand', raised: true, at: clock.now });
    hands.receive('ada', { t: 'hand', raised: true, at: clock.now });
    hands.forget('ada');
    expect(hands.queue).toEqual([]);
  });

  it('greets a new connection with our hand only while it is up', () => {
    const clock = { now: Date.now() };
    const hands = handsFor('me', clock);
    expect(hands.greeting()).toBeNull();
    hands.raise();
    expect(hands.greeting()).toEqual({ t: 'hand', raised: true, at: clock.now });
  });

  it("broadcasts a host's lowering of someone else's hand and drops it here at once", () => {
    const clock = { now: Date.now() };
    const sent: PeerMessage[] = [];
    const hands = handsFor('host', clock, sent);
    hands.receive('ada', { t: 'hand', raised: true, at: clock.now });
    hands.lowerFor('ada');
    expect(sent).toEqual([{ t: 'hand-lower', peerId: 'ada' }]);
    expect(hands.queue).toEqual([]);
  });
});
