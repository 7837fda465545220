import { describe, expect, it } from 'vitest';
import { applySenderCaps, capsForPeople } from './sender-caps';

function fakeSender(encodings: RTCRtpEncodingParameters[]) {
  const calls: RTCRtpSendParameters[] = [];
  const sender = {
    getParameters: () => ({ transactionId: 't1', encodings: encodings.map((e) => ({ ...e })) }) as RTCRtpSendParameters,
    setParameters: async (p: RTCRtpSendParameters) => {
      calls.push(p);
    },
  } as unknown as RTCRtpSender;
  return { sender, calls };
}

describe('capsForPeople', () => {
  it('tightens bitrate and resolution as the mesh grows', () => {
    const [two, three, four, six] = [2, 3, 4, 6].map(capsForPeople);
    expect(two.maxBitrate).toBeGreaterThan(three.maxBitrate);
    expect(three.maxBitrate).toBeGreaterThan(four.maxBitrate);
    expect(four.maxBitrate).toBeGreaterThan(six.maxBitrate);
    expect(two.scaleResolutionDownBy).toBe(1);
    expect(four.scaleResolutionDownBy).toBeGreaterThan(two.scaleResolutionDownBy);
  });

  it('keeps every scale at or above 1, which setParameters requires', () => {
    for (let people = 1; people <= 8; people++) expect(capsForPeople(people).scaleResolutionDownBy).toBeGreaterThanOrEqual(1);
  });
});

describe('applySenderCaps', () => {
  it('sets the first encoding from the same getParameters result, keeping its transactionId', async () => {
    const { sender, calls } = fakeSender([{ active: true }]);
    await applySenderCaps(sender, 'video', capsForPeople(4));
    expect(calls).toHaveLength(1);
    expect(calls[0].transactionId).toBe('t1');
    expect(calls[0].encodings).toHaveLength(1);
    expect(calls[0].encodings[0]).toMatchObject(capsForPeople(4));
  });

  it('skips senders that report no encodings yet', async () => {
    const { sender, calls } = fakeSender([]);
    await applySenderCaps(sender, 'video', capsForPeople(2));
    expect(calls).toHaveLength(0);
  });

  it('does not call setParameters when the caps are already in place', async () => {
    const { sender, calls } = fakeSender([{ active: true, ...capsForPeople(3) }]);
    await applySenderCaps(sender, 'video', capsForPeople(3));
    expect(calls).toHaveLength(0);
  });

  it('caps audio at its own bitrate without touching resolution', async () => {
    const { sender, calls } = fakeSender([{ active: true }]);
    await applySenderCaps(sender, 'audio', capsForPeople(4));
    expect(calls[0].encodings[0].maxBitrate).toBe(64_000);
    expect(calls[0].encodings[0].scaleResolutionDownBy).toBeUndefined();
  });
});
