import { describe, expect, it, vi } from 'vitest';
import { CallMonitor } from './call-monitor';
import { STATS_TIMEOUT_MS } from './stats-reading';

/** A peer connection whose getStats returns a report built from the current `rtt` and audio energy. */
function fakePc(state: { rttSeconds: number; energy: number; duration: number }) {
  return {
    connectionState: 'connected',
    getStats: async () =>
      new Map<string, unknown>([
        ['T', { id: 'T', type: 'transport', selectedCandidatePairId: 'P' }],
        ['P', { id: 'P', type: 'candidate-pair', currentRoundTripTime: state.rttSeconds, availableOutgoingBitrate: 2_000_000 }],
        ['O', { id: 'O', type: 'outbound-rtp', kind: 'video' }],
        ['A', { id: 'A', type: 'inbound-rtp', kind: 'audio', totalAudioEnergy: state.energy, totalSamplesDuration: state.duration }],
      ]),
  } as unknown as RTCPeerConnection;
}

describe('CallMonitor', () => {
  it('keeps polling the others when one connection never answers getStats (Firefox, closing meanwhile)', async () => {
    vi.useFakeTimers();
    try {
      const onQuality = vi.fn();
      const hung = { connectionState: 'connected', getStats: () => new Promise(() => {}) } as unknown as RTCPeerConnection;
      let peers = [{ peerId: 'gone', pc: hung, setBitrateCap: () => undefined }];
      const monitor = new CallMonitor({
        localPeerId: 'me',
        peers: () => peers,
        roomCap: () => 2_500_000,
        onQuality,
        onSpeaker: () => undefined,
      });
      const stuck = monitor.tickQuality();
      await vi.advanceTimersByTimeAsync(STATS_TIMEOUT_MS);
      await stuck;
      peers = [{ peerId: 'bob', pc: fakePc({ rttSeconds: 0.02, energy: 0, duration: 0 }), setBitrateCap: () => undefined }];
      await monitor.tickQuality();
      expect(onQuality).toHaveBeenLastCalledWith('bob', 'good', 2_500_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a peer whose round trip turns long as poor and caps our video to it, then lifts the cap on recovery', async () => {
    const state = { rttSeconds: 0.02, energy: 0, duration: 0 };
    const setBitrateCap = vi.fn();
    const onQuality = vi.fn();
    const monitor = new CallMonitor({
      localPeerId: 'me',
      peers: () => [{ peerId: 'bob', pc: fakePc(state), setBitrateCap }],
      roomCap: () => 2_500_000,
      onQuality,
      onSpeaker: () => undefined,
    });
    await monitor.tickQuality();
    expect(onQuality).toHaveBeenLastCalledWith('bob', 'good', 2_500_000);
    expect(setBitrateCap).not.toHaveBeenCalled();

    state.rttSeconds = 0.9;
    await monitor.tickQuality();
    await monitor.tickQuality();
    expect(monitor.qualityOf('bob')).toBe('poor');
    const [poorCap] = setBitrateCap.mock.lastCall!;
    expect(poorCap).toBeLessThan(2_500_000);
    expect(onQuality).toHaveBeenLastCalledWith('bob', 'poor', poorCap);

    state.rttSeconds = 0.02;
    for (let i = 0; i < 40; i++) await monitor.tickQuality();
    expect(monitor.qualityOf('bob')).toBe('good');
    expect(setBitrateCap).toHaveBeenLastCalledWith(null);
  });

  it('names the peer whose received audio is loud as the active speaker', async () => {
    const loud = { rttSeconds: 0.02, energy: 0, duration: 0 };
    const quiet = { rttSeconds: 0.02, energy: 0, duration: 0 };
    const onSpeaker = vi.fn();
    let now = 0;
    const monitor = new CallMonitor({
      localPeerId: 'me',
      peers: () => [
        { peerId: 'ann', pc: fakePc(loud), setBitrateCap: () => undefined },
        { peerId: 'bob', pc: fakePc(quiet), setBitrateCap: () => undefined },
      ],
      roomCap: () => 2_500_000,
      onQuality: () => undefined,
      onSpeaker,
      now: () => now,
    });
    for (let i = 1; i <= 3; i++) {
      now = i * 200;
      loud.energy += 0.2 * 0.04; // RMS 0.2 over 0.2 s
      loud.duration += 0.2;
      quiet.energy += 0.2 * 0.000001;
      quiet.duration += 0.2;
      await monitor.tickSpeaker();
    }
    expect(onSpeaker).toHaveBeenCalledWith('ann');
    monitor.forget('ann');
    expect(onSpeaker).toHaveBeenLastCalledWith(null);
  });
});
