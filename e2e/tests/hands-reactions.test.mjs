// Raised hands and reactions in the real web app (headless Chromium) against local Otter: the queue is the same on
// every screen and reaches a late joiner, only a host lowers someone else's hand, and a reaction shows on the
// sender's tile everywhere while a forged or flooding one shows nowhere. Runs inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertReceivesMedia, waitFor } from '../lib/index.mjs';
import { chromiumCalls, peerIdOf, tileOf } from '../lib/webapp.mjs';

/** The hand badges as one screen shows them: peer id → place in the queue, for every tile with a hand up. */
async function handsOn(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid^="tile-"]')]
        .filter((tile) => tile.dataset.hand)
        .map((tile) => [tile.dataset.peerId, Number(tile.dataset.hand)]),
    ),
  );
}

/** Whether two {peer id → place} maps hold the same entries, in any key order. */
const sameHands = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Records every reaction and every dropped peer message the page's SDK reports, from now on. */
function recordReactions(page) {
  return page.evaluate(() => {
    const { room, RoomEvent } = window.__otter;
    window.__reactions = [];
    window.__dropped = [];
    window.__chatLines = [];
    room.on(RoomEvent.Reaction, ({ peerId, emoji }) => window.__reactions.push({ peerId, emoji }));
    room.on(RoomEvent.Error, ({ error }) => {
      if (error.name === 'PeerMessageDroppedError') window.__dropped.push(error.detail);
    });
    room.on(RoomEvent.Chat, ({ message }) => window.__chatLines.push(message.text));
  });
}

/**
 * Keeps every toast the page shows from now on (a toast goes after a few seconds, which a loaded machine can take
 * to get round to looking), read with `toastsSeen`.
 */
function recordToasts(page) {
  return page.evaluate(() => {
    window.__toastsSeen = [];
    const list = document.querySelector('[data-testid="toasts"]');
    const note = () => list.querySelectorAll('li').forEach((li) => window.__toastsSeen.includes(li.textContent) || window.__toastsSeen.push(li.textContent));
    new MutationObserver(note).observe(list, { childList: true, subtree: true, characterData: true });
  });
}
const toastsSeen = (page) => page.evaluate(() => window.__toastsSeen ?? []);

describe('raised hands and reactions', () => {
  const suite = chromiumCalls();

  test('hands queue in order on every screen and for a late joiner; only the host lowers another hand', async () => {
    const room = await suite.otter.createRoom({ name: 'hands' });
    const host = await suite.crowd.person(room.hostUrl, 'Hana');
    const ada = await suite.crowd.person(room.url, 'Ada');
    const bob = await suite.crowd.person(room.url, 'Bob');
    await Promise.all([assertReceivesMedia(host), assertReceivesMedia(ada), assertReceivesMedia(bob)]);
    const [adaId, bobId, hostId] = await Promise.all([peerIdOf(ada), peerIdOf(bob), peerIdOf(host)]);

    await ada.getByTestId('toggle-hand').click();
    await waitFor(() => handsOn(host), (h) => h[adaId] === 1, { what: "Ada's hand, first, on the host's screen" });
    await bob.keyboard.press('h');
    const expected = { [adaId]: 1, [bobId]: 2 };
    for (const [who, page] of [['host', host], ['Ada', ada], ['Bob', bob]]) {
      await waitFor(() => handsOn(page), (h) => sameHands(h, expected), { what: `the queue Ada, Bob on ${who}'s screen` });
    }
    assert.equal(await ada.getByTestId('toggle-hand').getAttribute('aria-pressed'), 'true');

    // Someone joining now learns the queue from the people already in it.
    await recordToasts(host);
    const carol = await suite.crowd.person(room.url, 'Carol');
    await waitFor(() => toastsSeen(host), (seen) => seen.includes('Carol joined'), { what: "the host's toast for Carol" });
    await waitFor(() => handsOn(carol), (h) => sameHands(h, expected), { what: "the queue on the late joiner's screen" });

    // A guest cannot lower another's hand: the SDK refuses, and a forged lowering on the data channel is ignored.
    await assert.rejects(bob.evaluate((id) => window.__otter.room.lowerHand(id), adaId), /Only the host/);
    await recordReactions(host);
    await bob.evaluate(({ to, victim }) => {
      window.__otter.room.peers.get(to).control.send({ t: 'hand-lower', peerId: victim });
      window.__otter.room.sendChat('after the forged lowering');
    }, { to: hostId, victim: adaId });
    await waitFor(() => host.evaluate(() => window.__chatLines), (lines) => lines.includes('after the forged lowering'), {
      what: "the host handled Bob's forged lowering",
    });
    assert.deepEqual(await handsOn(host), expected);

    // The host lowers Ada's hand from the people list: gone on every screen, and Ada is told.
    await host.getByTestId('toggle-people').click();
    const queue = host.getByTestId('hand-queue');
    assert.deepEqual(await queue.locator('li').evaluateAll((items) => items.map((li) => li.dataset.testid)), [`queued-${adaId}`, `queued-${bobId}`]);
    await host.getByTestId(`queued-${adaId}`).getByTestId('lower-hand').click();
    await ada.getByTestId('hand-lowered').waitFor();
    assert.equal(await ada.getByTestId('toggle-hand').getAttribute('aria-pressed'), 'false');
    for (const [who, page] of [['host', host], ['Ada', ada], ['Bob', bob], ['Carol', carol]]) {
      await waitFor(() => handsOn(page), (h) => sameHands(h, { [bobId]: 1 }), { what: `only Bob's hand on ${who}'s screen` });
    }

    // Bob lowers his own; a person who leaves takes a raised hand along.
    await bob.getByTestId('toggle-hand').click();
    await carol.getByTestId('toggle-hand').click();
    const carolId = await peerIdOf(carol);
    await waitFor(() => handsOn(ada), (h) => sameHands(h, { [carolId]: 1 }), { what: "Carol's hand on Ada's screen" });
    await recordToasts(ada);
    await carol.context().close();
    await waitFor(() => handsOn(ada), (h) => Object.keys(h).length === 0, { what: "Carol's hand gone with her" });
    await waitFor(() => toastsSeen(ada), (seen) => seen.includes('Carol left'), { what: "Ada's toast for Carol leaving" });
    await assertReceivesMedia(ada);
  });

  test('the call screen names the room, counts the time in the call, and keeps the sound switch', async () => {
    const room = await suite.otter.createRoom({ name: 'Weekly tutoring' });
    const host = await suite.crowd.person(room.hostUrl, 'Hana');
    assert.equal(await host.getByTestId('room-name').textContent(), 'Weekly tutoring');
    const first = await host.getByTestId('call-timer').textContent();
    assert.match(first, /^\d\d:\d\d$/);
    await waitFor(() => host.getByTestId('call-timer').textContent(), (t) => t !== first && /^\d\d:\d\d$/.test(t), { what: 'the call timer ticking' });
    await host.getByTestId('toggle-sounds').click();
    assert.equal(await host.getByTestId('toggle-sounds').getAttribute('aria-pressed'), 'false');
    assert.equal(await host.evaluate(() => localStorage.getItem('otter.sounds')), 'off');
  });

  test('a reaction shows on the sender tile on every screen; a forged or flooding one shows nowhere', async () => {
    const room = await suite.otter.createRoom({ name: 'reactions' });
    const host = await suite.crowd.person(room.hostUrl, 'Hana');
    const ada = await suite.crowd.person(room.url, 'Ada');
    await Promise.all([assertReceivesMedia(host), assertReceivesMedia(ada)]);
    const [adaId, hostId] = await Promise.all([peerIdOf(ada), peerIdOf(host)]);
    await recordReactions(host);

    await ada.getByTestId('toggle-reactions').click();
    await ada.getByTestId('react-thumbs-up').click();
    await tileOf(host, adaId).getByTestId('reaction').waitFor();
    assert.equal(await tileOf(host, adaId).getByTestId('reaction').textContent(), '👍');
    assert.equal(await ada.getByTestId('tile-local').getByTestId('reaction').textContent(), '👍');
    // It goes away by itself.
    await tileOf(host, adaId).getByTestId('reaction').waitFor({ state: 'detached', timeout: 30_000 });

    // Markup instead of an emoji is dropped and reported; a burst is cut to the sender's budget.
    const budget = await host.evaluate(async () => (await window.__otter.sdk()).defaults.REACTION_DEFAULTS.maxPerWindow);
    await ada.evaluate((id) => {
      const control = window.__otter.room.peers.get(id).control;
      control.send({ t: 'reaction', emoji: '<img src=x onerror="window.__pwned=1">' });
      for (let i = 0; i < 20; i++) control.send({ t: 'reaction', emoji: '🎉' });
      window.__otter.room.sendChat('after the flood');
    }, hostId);
    await waitFor(() => host.evaluate(() => window.__chatLines), (lines) => lines.includes('after the flood'), { what: 'the host handled the flood' });
    const { reactions, dropped, pwned } = await host.evaluate(() => ({ reactions: window.__reactions, dropped: window.__dropped, pwned: window.__pwned }));
    assert.equal(pwned, undefined);
    const parties = reactions.filter((r) => r.emoji === '🎉');
    assert.ok(parties.length <= budget, `${parties.length} of 20 flooding reactions shown, budget ${budget}`);
    assert.ok(parties.length >= 1, 'reactions within the budget are shown');
    assert.ok(dropped.includes('reaction.emoji: not one of the reactions'), JSON.stringify(dropped));
    assert.ok(dropped.some((d) => d.includes("over the sender's budget")), JSON.stringify(dropped));
    await assertReceivesMedia(host);
  });
});
