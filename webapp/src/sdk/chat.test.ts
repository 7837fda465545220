import { describe, expect, it } from 'vitest';
import { Chat, type ChatSender } from './chat';
import type { PeerMessage } from './peer-messages';

/** Who signaling announced, by peerId: the only source of names and roles. */
const ANNOUNCED: Record<string, ChatSender> = {
  p1: { name: 'Pat', role: 'guest' },
  p2: { name: 'Dr. Host', role: 'host' },
};

function chatFor(peerId: string, sent: PeerMessage[]) {
  return new Chat({
    self: () => ({ peerId, ...ANNOUNCED[peerId]! }),
    sender: (id) => ANNOUNCED[id],
    broadcast: (m) => sent.push(m),
    now: () => 1000,
    newId: () => `${peerId}-1`,
  });
}

describe('Chat', () => {
  it('broadcasts id, text and time only, and shows the message locally with our own name and role', () => {
    const sent: PeerMessage[] = [];
    const chat = chatFor('p1', sent);
    const local: unknown[] = [];
    chat.on('message', (e) => local.push(e));
    chat.send('  hi there ');
    expect(sent).toEqual([{ t: 'chat', id: 'p1-1', text: 'hi there', sentAt: 1000 }]);
    expect(local).toEqual([
      { message: { id: 'p1-1', from: 'p1', name: 'Pat', role: 'guest', text: 'hi there', sentAt: 1000 }, local: true },
    ]);
  });

  it('delivers a received message once, from the channel peer, under the name and role signaling announced', () => {
    const chat = chatFor('p2', []);
    const received: unknown[] = [];
    chat.on('message', (e) => received.push(e));
    // A guest's message claiming to come from someone else under the host's name.
    const forged = { t: 'chat', id: 'm-1', text: 'hello', sentAt: 1000, from: 'p2', name: 'Dr. Host', role: 'host' } as const;
    chat.receive('p1', forged);
    chat.receive('p1', forged);
    expect(received).toEqual([
      { message: { id: 'm-1', from: 'p1', name: 'Pat', role: 'guest', text: 'hello', sentAt: 1000 }, local: false },
    ]);
  });

  it('ignores a message from a peer signaling never announced', () => {
    const chat = chatFor('p1', []);
    const received: unknown[] = [];
    chat.on('message', (e) => received.push(e));
    chat.receive('stranger', { t: 'chat', id: 'm-2', text: 'hi', sentAt: 1000 });
    expect(received).toEqual([]);
  });

  it('refuses empty and over-long messages', () => {
    const chat = chatFor('p1', []);
    expect(() => chat.send('   ')).toThrow(RangeError);
    expect(() => chat.send('x'.repeat(4001))).toThrow(RangeError);
  });
});
