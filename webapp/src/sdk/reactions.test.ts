import { describe, expect, it } from 'vitest';
import { REACTION_DEFAULTS, type Reaction } from './defaults';
import type { PeerMessage } from './peer-messages';
import { Reactions } from './reactions';

function reactionsFor(clock: { now: number }, sent: PeerMessage[] = []) {
  return new Reactions({
    selfPeerId: () => 'me',
    known: (peerId) => peerId === 'ada',
    broadcast: (m) => sent.push(m),
    now: () => clock.now,
  });
}

describe('Reactions', () => {
  it('sends a reaction to everyone and shows it on our own tile', () => {
    const sent: PeerMessage[] = [];
    const reactions = reactionsFor({ now: Date.now() }, sent);
    const shown: unknown[] = [];
    reactions.on('reaction', (e) => shown.push(e));
    reactions.send('👍');
    expect(sent).toEqual([{ t: 'reaction', emoji: '👍' }]);
    expect(shown).toEqual([{ peerId: 'me', emoji: '👍', local: true }]);
  });

  it('refuses to send anything outside the reaction set', () => {
    const reactions = reactionsFor({ now: Date.now() });
    expect(() => reactions.send('💩' as Reaction)).toThrow(RangeError);
  });

  it("drops a sender's reactions past its budget and takes them again once the window has passed", () => {
    const clock = { now: Date.now() };
    const reactions = reactionsFor(clock);
    const shown: string[] = [];
    reactions.on('reaction', (e) => shown.push(e.peerId));
    const results: boolean[] = [];
    for (let i = 0; i < REACTION_DEFAULTS.maxPerWindow + 3; i++) results.push(reactions.receive('ada', { t: 'reaction', emoji: '🎉' }));
    expect(results.filter((r) => !r)).toHaveLength(3);
    expect(shown).toHaveLength(REACTION_DEFAULTS.maxPerWindow);
    clock.now += REACTION_DEFAULTS.windowMs;
    expect(reactions.receive('ada', { t: 'reaction', emoji: '🎉' })).toBe(true);
    expect(shown).toHaveLength(REACTION_DEFAULTS.maxPerWindow + 1);
  });

  it('shows nothing from a peer signaling never announced', () => {
    const reactions = reactionsFor({ now: Date.now() });
    const shown: unknown[] = [];
    reactions.on('reaction', (e) => shown.push(e));
    reactions.receive('stranger', { t: 'reaction', emoji: '👍' });
    expect(shown).toEqual([]);
  });
});
