import { describe, expect, it } from 'vitest';
import { Chat } from './chat';
import type { PeerMessage } from './peer-messages';

function chatFor(peerId: string, sent: PeerMessage[]) {
  return new Chat({
    self: () => ({ peerId, name: peerId.toUpperCase() }),
    broadcast: (m) => sent.push(m),
    now: () => 1000,
    newId: () => `${peerId}-1`,
  });
}

describe('Chat', () => {
  it('broadcasts a message with id, sender, name, text and time and shows it locally', () => {
    const sent: PeerMessage[] = [];
    const chat = chatFor('p1', sent);
    const local: unknown[] = [];
    chat.on('message', (e) => local.push(e));
    chat.send('  hi there ');
    expect(sent).toEqual([{ t: 'chat', id: 'p1-1', from: 'p1', name: 'P1', text: 'hi there', sentAt: 1000 }]);
    expect(local).toEqual([{ message: { id: 'p1-1', from: 'p1', name: 'P1', text: 'hi there', sentAt: 1000 }, local: true }]);
  });

  it('delivers a received message once, with the sender taken from the channel it came on', () => {
    const sent: PeerMessage[] = [];
    const chat = chatFor('p2', []);
    chatFor('p1', sent).send('hello');
    const received: unknown[] = [];
    chat.on('message', (e) => received.push(e));
    const forged = { ...(sent[0] as Extract<PeerMessage, { t: 'chat' }>), from: 'someone-else' };
    chat.receive('p1', forged);
    chat.receive('p1', forged);
    expect(received).toEqual([{ message: { id: 'p1-1', from: 'p1', name: 'P1', text: 'hello', sentAt: 1000 }, local: false }]);
  });

  it('refuses empty and over-long messages', () => {
    const chat = chatFor('p1', []);
    expect(() => chat.send('   ')).toThrow(RangeError);
    expect(() => chat.send('x'.repeat(4001))).toThrow(RangeError);
  });
});
