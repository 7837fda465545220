import { describe, expect, it } from 'vitest';
import { generateRoomSecret } from './room-secret';
import { SealedSignals, SignalTrust } from './sealed-signals';
import { SignalCipher, SignalRejectedError, SignalRejection, type SignalEnvelope } from './signal-crypto';

/** Every seal and open started by a test's endpoints, so a test can wait for the ones still running. */
const cryptoWork = new Set<Promise<unknown>>();

function tracked<T>(work: Promise<T>): Promise<T> {
  cryptoWork.add(work);
  const done = () => cryptoWork.delete(work);
  work.then(done, done);
  return work;
}

/**
 * Waits until every seal and open started so far has finished, however long the machine takes, and then one more
 * task, by which time the promise chains that deliver their results have run.
 */
async function settle(): Promise<void> {
  while (cryptoWork.size > 0) await Promise.allSettled([...cryptoWork]);
  await new Promise((r) => setTimeout(r, 0));
}

interface Wire {
  to: string;
  envelope: SignalEnvelope;
}

async function endpoint(localPeerId: string, secret: string, options: { replayWindow?: number; maxRejectedSenders?: number } = {}) {
  const real = await SignalCipher.create(secret, 'room-1');
  const cipher = {
    seal: (...args: Parameters<SignalCipher['seal']>) => tracked(real.seal(...args)),
    open: (...args: Parameters<SignalCipher['open']>) => tracked(real.open(...args)),
  } as SignalCipher;
  const sent: Wire[] = [];
  const delivered: { from: string; data: unknown }[] = [];
  const rejected: { from: string; reason: SignalRejection }[] = [];
  const dropped: SignalRejectedError[] = [];
  const failed: Error[] = [];
  let id = localPeerId;
  const sealed = new SealedSignals({
    cipher,
    localPeerId: () => id,
    send: (to, envelope) => sent.push({ to, envelope }),
    deliver: (from, data) => delivered.push({ from, data }),
    reject: (from, reason) => rejected.push({ from, reason }),
    dropped: (error) => dropped.push(error),
    failed: (_peerId, error) => failed.push(error),
    ...options,
  });
  return { sealed, sent, delivered, rejected, dropped, failed, setId: (next: string) => (id = next) };
}

describe('SealedSignals', () => {
  it('seals in call order, numbers per recipient, and the other side gets the data in that order', async () => {
    const secret = generateRoomSecret();
    const alice = await endpoint('alice', secret);
    const bob = await endpoint('bob', secret);
    for (let i = 0; i < 20; i++) alice.sealed.send('bob', { i, pad: 'x'.repeat(i % 2 ? 20_000 : 1) });
    alice.sealed.send('carol', { i: 'c' });
    await settle();
    expect(alice.sent.filter((w) => w.to === 'bob').map((w) => w.envelope.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(alice.sent.find((w) => w.to === 'carol')!.envelope.seq).toBe(1);
    for (const wire of alice.sent.filter((w) => w.to === 'bob')) bob.sealed.receive('alice', wire.envelope);
    await settle();
    expect(bob.delivered.map((d) => (d.data as { i: number }).i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(bob.sealed.trust('alice')).toBe(SignalTrust.Verified);
    expect(bob.rejected).toEqual([]);
  });

  it('rejects a peer whose first signal does not decrypt, and ignores everything more from it', async () => {
    const alice = await endpoint('alice', generateRoomSecret());
    const mallory = await endpoint('mallory', generateRoomSecret());
    mallory.sealed.send('alice', { state: { audio: true, video: true } });
    mallory.sealed.send('alice', { description: { type: 'offer', sdp: 'v=0' } });
    await settle();
    for (const wire of mallory.sent) alice.sealed.receive('mallory', wire.envelope);
    await settle();
    expect(alice.rejected).toEqual([{ from: 'mallory', reason: SignalRejection.Undecryptable }]);
    expect(alice.delivered).toEqual([]);
    expect(alice.dropped).toEqual([]);
    expect(alice.sealed.trust('mallory')).toBe(SignalTrust.Rejected);
    expect(alice.sealed.rejection('mallory')).toBe(SignalRejection.Undecryptable);
  });

  it('rejects a peer that sends in clear (a client that does not encrypt, or a server making signals up)', async () => {
    const alice = await endpoint('alice', generateRoomSecret());
    alice.sealed.receive('ghost', { description: { type: 'offer', sdp: 'v=0' } });
    await settle();
    expect(alice.rejected).toEqual([{ from: 'ghost', reason: SignalRejection.NotEncrypted }]);
    expect(alice.delivered).toEqual([]);
  });

  it('drops, and reports, a bad signal said to come from a verified peer without stopping the pair', async () => {
    const secret = generateRoomSecret();
    const alice = await endpoint('alice', secret);
    const bob = await endpoint('bob', secret);
    bob.sealed.send('alice', { n: 1 });
    bob.sealed.send('alice', { n: 2 });
    await settle();
    alice.sealed.receive('bob', bob.sent[0]!.envelope);
    alice.sealed.receive('bob', { state: { audio: false, video: false } }); // made up on the way
    alice.sealed.receive('bob', bob.sent[0]!.envelope); // replayed
    alice.sealed.receive('bob', bob.sent[1]!.envelope);
    await settle();
    expect(alice.delivered.map((d) => d.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(alice.dropped.map((e) => [e.peerId, e.reason])).toEqual([
      ['bob', SignalRejection.NotEncrypted],
      ['bob', SignalRejection.Replayed],
    ]);
    expect(alice.rejected).toEqual([]);
    expect(alice.sealed.trust('bob')).toBe(SignalTrust.Verified);
  });

  it('accepts signals that arrive out of order within the window, each once, and refuses ones older than the window', async () => {
    const secret = generateRoomSecret();
    const alice = await endpoint('alice', secret, { replayWindow: 4 });
    const bob = await endpoint('bob', secret);
    for (let i = 1; i <= 8; i++) bob.sealed.send('alice', { n: i });
    await settle();
    const bySeq = (n: number) => bob.sent[n - 1]!.envelope;
    for (const n of [2, 1, 3, 8, 5, 4, 5]) alice.sealed.receive('bob', bySeq(n));
    await settle();
    expect(alice.delivered.map((d) => (d.data as { n: number }).n)).toEqual([2, 1, 3, 8, 5]);
    expect(alice.dropped.map((e) => e.reason)).toEqual([SignalRejection.Replayed, SignalRejection.Replayed]);
  });

  it('judges a peer afresh once it left, and numbers afresh for a new identity of ours', async () => {
    const secret = generateRoomSecret();
    const alice = await endpoint('alice', secret);
    const bob = await endpoint('bob', secret);
    bob.sealed.send('alice', { n: 1 });
    await settle();
    alice.sealed.receive('bob', bob.sent[0]!.envelope);
    await settle();
    alice.sealed.forget('bob');
    expect(alice.sealed.trust('bob')).toBe(SignalTrust.Unverified);
    // Alice reconnected without her seat: Bob now seals for her new id, numbering from 1 again.
    alice.setId('alice-2');
    bob.sealed.send('alice-2', { n: 'again' });
    await settle();
    alice.sealed.receive('bob', bob.sent[1]!.envelope);
    await settle();
    expect(bob.sent[1]!.envelope.seq).toBe(1);
    expect(alice.delivered.map((d) => d.data)).toEqual([{ n: 1 }, { n: 'again' }]);
    expect(alice.dropped).toEqual([]);
  });

  it('does not deliver what a peer sent before it left once it is gone', async () => {
    const secret = generateRoomSecret();
    const alice = await endpoint('alice', secret);
    const bob = await endpoint('bob', secret);
    bob.sealed.send('alice', { n: 1 });
    await settle();
    alice.sealed.receive('bob', bob.sent[0]!.envelope);
    alice.sealed.forget('bob');
    await settle();
    expect(alice.delivered).toEqual([]);
  });

  it('remembers a bounded number of rejected senders, so made-up ids cannot grow it without end', async () => {
    const alice = await endpoint('alice', generateRoomSecret(), { maxRejectedSenders: 3 });
    for (let i = 0; i < 10; i++) alice.sealed.receive(`ghost-${i}`, { not: 'sealed' });
    await settle();
    expect(alice.rejected).toHaveLength(10);
    const remembered = Array.from({ length: 10 }, (_, i) => alice.sealed.trust(`ghost-${i}`)).filter((t) => t === SignalTrust.Rejected);
    expect(remembered.length).toBeLessThanOrEqual(3);
  });
});
