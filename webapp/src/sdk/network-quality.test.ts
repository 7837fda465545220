import { describe, expect, it } from 'vitest';
import {
  BITRATE_POLICY,
  classifyMetrics,
  NetworkQualityMonitor,
  nextBitrateCap,
  QualityHysteresis,
  readQualityMetrics,
  type NetworkQuality,
} from './network-quality';

interface Path {
  /** Seconds, as `currentRoundTripTime` reports it. */
  rtt: number;
  /** Cumulative counters of the inbound video stream. */
  received: number;
  lost: number;
  framesReceived: number;
  framesDropped: number;
  available?: number;
  remoteFractionLost?: number;
}

/** A Chrome-shaped getStats report of a call sending and receiving audio and video. */
function chromeReport(p: Path): Map<string, unknown> {
  const entries: Record<string, unknown>[] = [
    { id: 'T01', type: 'transport', selectedCandidatePairId: 'CPsel', dtlsState: 'connected' },
    { id: 'CPsel', type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: p.rtt, availableOutgoingBitrate: p.available ?? 2_000_000 },
    { id: 'CPold', type: 'candidate-pair', state: 'failed', currentRoundTripTime: 3 },
    { id: 'IT01V', type: 'inbound-rtp', kind: 'video', packetsReceived: p.received, packetsLost: p.lost, framesReceived: p.framesReceived, framesDropped: p.framesDropped },
    { id: 'IT01A', type: 'inbound-rtp', kind: 'audio', packetsReceived: p.received / 2, packetsLost: 0 },
    { id: 'OT01V', type: 'outbound-rtp', kind: 'video', packetsSent: 1000 },
    { id: 'RI01V', type: 'remote-inbound-rtp', kind: 'video', roundTripTime: p.rtt, fractionLost: p.remoteFractionLost ?? 0 },
  ];
  return new Map(entries.map((e) => [e.id as string, e]));
}

/** A simulated path: every poll adds 400 inbound packets (`lossRate` of them lost) and 60 frames. */
class Recorder {
  private readonly p: Path = { rtt: 0.03, received: 0, lost: 0, framesReceived: 0, framesDropped: 0 };

  polls(n: number, step: { rtt?: number; lossRate?: number; dropRate?: number; available?: number } = {}): Map<string, unknown>[] {
    const reports: Map<string, unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const lost = Math.round(400 * (step.lossRate ?? 0));
      this.p.received += 400 - lost;
      this.p.lost += lost;
      this.p.framesReceived += 60;
      this.p.framesDropped += Math.round(60 * (step.dropRate ?? 0));
      this.p.rtt = step.rtt ?? 0.03;
      this.p.available = step.available;
      reports.push(chromeReport({ ...this.p }));
    }
    return reports;
  }
}

const recording = (n: number, step?: Parameters<Recorder['polls']>[1]) => new Recorder().polls(n, step);

function run(monitor: NetworkQualityMonitor, reports: Map<string, unknown>[]): NetworkQuality[] {
  return reports.map((r) => monitor.update(r).quality);
}

describe('readQualityMetrics', () => {
  it('reads RTT and the bandwidth estimate from the selected pair, not from other pairs', () => {
    const m = readQualityMetrics(chromeReport({ rtt: 0.042, received: 100, lost: 0, framesReceived: 10, framesDropped: 0, available: 1_234_000 }));
    expect(m.rttMs).toBeCloseTo(42);
    expect(m.availableOutgoingBitrate).toBe(1_234_000);
    expect(m.sendingVideo).toBe(true);
  });

  it('measures inbound loss and dropped frames over the interval since the previous snapshot', () => {
    const before = chromeReport({ rtt: 0.03, received: 10_000, lost: 500, framesReceived: 3000, framesDropped: 300 });
    const after = chromeReport({ rtt: 0.03, received: 10_360, lost: 540, framesReceived: 3060, framesDropped: 306 });
    const m = readQualityMetrics(after, before);
    // 40 lost of 400 video packets plus 180 audio packets with none lost.
    expect(m.inboundLoss).toBeCloseTo(40 / 580);
    expect(m.framesDroppedRatio).toBeCloseTo(6 / 60);
  });

  it('does not count loss from the start of the call in the first snapshot', () => {
    const m = readQualityMetrics(chromeReport({ rtt: 0.03, received: 1000, lost: 900, framesReceived: 100, framesDropped: 0 }));
    expect(m.inboundLoss).toBeUndefined();
  });

  it('ignores loss over too few packets to mean anything', () => {
    const before = chromeReport({ rtt: 0.03, received: 100, lost: 0, framesReceived: 0, framesDropped: 0 });
    const after = chromeReport({ rtt: 0.03, received: 104, lost: 2, framesReceived: 0, framesDropped: 0 });
    expect(readQualityMetrics(after, before).inboundLoss).toBeUndefined();
  });

  it('falls back to the remote RTCP round trip and Firefox`s selected flag', () => {
    const firefox = new Map<string, unknown>([
      ['p1', { id: 'p1', type: 'candidate-pair', selected: false, state: 'succeeded' }],
      ['p2', { id: 'p2', type: 'candidate-pair', selected: true, state: 'succeeded', availableOutgoingBitrate: 900_000 }],
      ['r1', { id: 'r1', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.12, fractionLost: 0.01 }],
      ['r2', { id: 'r2', type: 'remote-inbound-rtp', kind: 'video', roundTripTime: 0.15, fractionLost: 0.05 }],
    ]);
    const m = readQualityMetrics(firefox);
    expect(m.rttMs).toBeCloseTo(150);
    expect(m.availableOutgoingBitrate).toBe(900_000);
    expect(m.outboundLoss).toBeCloseTo(0.05);
    expect(m.sendingVideo).toBe(false);
  });
});

describe('classifyMetrics', () => {
  const clean = { rttMs: 30, inboundLoss: 0, outboundLoss: 0, availableOutgoingBitrate: 2_000_000, framesDroppedRatio: 0, sendingVideo: true };

  it('grades each measure on its own', () => {
    expect(classifyMetrics(clean)).toBe('good');
    expect(classifyMetrics({ ...clean, rttMs: 300 })).toBe('fair');
    expect(classifyMetrics({ ...clean, rttMs: 800 })).toBe('poor');
    expect(classifyMetrics({ ...clean, outboundLoss: 0.03 })).toBe('fair');
    expect(classifyMetrics({ ...clean, inboundLoss: 0.1 })).toBe('poor');
    expect(classifyMetrics({ ...clean, framesDroppedRatio: 0.2 })).toBe('poor');
    expect(classifyMetrics({ ...clean, availableOutgoingBitrate: 250_000 })).toBe('fair');
  });

  it('does not judge a low bandwidth estimate while only audio is sent', () => {
    expect(classifyMetrics({ ...clean, availableOutgoingBitrate: 60_000, sendingVideo: false })).toBe('good');
  });
});

describe('NetworkQualityMonitor', () => {
  it('stays good on a clean loopback-like path', () => {
    const qualities = run(new NetworkQualityMonitor(), recording(10, { rtt: 0.002 }));
    expect(qualities.every((q) => q === 'good')).toBe(true);
  });

  it('turns poor on a lossy path after two bad snapshots', () => {
    const path = new Recorder();
    const monitor = new NetworkQualityMonitor();
    expect(run(monitor, path.polls(3))).toEqual(['good', 'good', 'good']);
    expect(run(monitor, path.polls(3, { lossRate: 0.12 }))).toEqual(['good', 'poor', 'poor']);
  });

  it('turns fair when the receiver drops frames, and poor when the bandwidth estimate collapses', () => {
    const path = new Recorder();
    const monitor = new NetworkQualityMonitor();
    path.polls(1).forEach((r) => monitor.update(r));
    expect(run(monitor, path.polls(2, { dropRate: 0.1 }))).toEqual(['good', 'fair']);
    expect(run(monitor, path.polls(2, { available: 80_000 }))).toEqual(['fair', 'poor']);
  });

  it('recovers from a lossy spell only after the path stays clean', () => {
    const path = new Recorder();
    const monitor = new NetworkQualityMonitor();
    run(monitor, path.polls(1));
    expect(run(monitor, path.polls(2, { lossRate: 0.2 }))).toEqual(['good', 'poor']);
    expect(run(monitor, path.polls(8))).toEqual(['poor', 'poor', 'poor', 'fair', 'fair', 'fair', 'fair', 'good']);
  });

  it('rates a high-latency path fair, and a very high one poor', () => {
    expect(run(new NetworkQualityMonitor(), recording(3, { rtt: 0.3 }))).toEqual(['good', 'fair', 'fair']);
    expect(run(new NetworkQualityMonitor(), recording(3, { rtt: 0.9 }))).toEqual(['good', 'poor', 'poor']);
  });

  it('drops to the milder class when the bad snapshots disagree', () => {
    const h = new QualityHysteresis(2, 4);
    expect([h.observe('poor'), h.observe('fair')]).toEqual(['good', 'fair']);
  });

  it('does not flap on a path that alternates around a threshold', () => {
    const h = new QualityHysteresis();
    const seen = ['fair', 'good', 'fair', 'good', 'fair', 'good', 'fair', 'good'].map((l) => h.observe(l as NetworkQuality));
    expect(seen.every((q) => q === 'good')).toBe(true);
  });

  it('recovers one level at a time after four good snapshots each', () => {
    const h = new QualityHysteresis();
    h.observe('poor');
    h.observe('poor');
    const seen = Array.from({ length: 8 }, () => h.observe('good'));
    expect(seen).toEqual(['poor', 'poor', 'poor', 'fair', 'fair', 'fair', 'fair', 'good']);
  });

  it('restarts recovery when a bad snapshot interrupts it', () => {
    const h = new QualityHysteresis();
    h.observe('poor');
    h.observe('poor');
    const seen = (['good', 'good', 'good', 'poor', 'good', 'good', 'good', 'good'] as NetworkQuality[]).map((l) => h.observe(l));
    expect(seen).toEqual(['poor', 'poor', 'poor', 'poor', 'poor', 'poor', 'poor', 'fair']);
  });

  it('reports a change only when the smoothed class changes', () => {
    const monitor = new NetworkQualityMonitor();
    const updates = recording(4, { rtt: 0.9 }).map((r) => monitor.update(r));
    expect(updates.map((u) => u.changed)).toEqual([false, true, false, false]);
    expect(updates[0].instant).toBe('poor');
  });
});

describe('nextBitrateCap', () => {
  const roomCap = 2_500_000;

  it('keeps the room cap for a good peer', () => {
    expect(nextBitrateCap('good', null, roomCap)).toBe(roomCap);
  });

  it('lowers a poor peer at once, not below the floor', () => {
    expect(nextBitrateCap('poor', roomCap, roomCap)).toBe(500_000);
    expect(nextBitrateCap('poor', 500_000, 500_000)).toBe(BITRATE_POLICY.minBitrate);
    expect(nextBitrateCap('poor', 100_000, 100_000)).toBe(100_000);
  });

  it('restores gradually, never above the target of the class or the room cap', () => {
    const caps: number[] = [];
    let cap = nextBitrateCap('poor', roomCap, roomCap);
    for (const q of ['fair', 'fair', 'fair', 'good', 'good', 'good', 'good', 'good', 'good'] as NetworkQuality[]) {
      cap = nextBitrateCap(q, cap, roomCap);
      caps.push(cap);
    }
    expect(caps).toEqual([625_000, 781_250, 976_563, 1_220_704, 1_525_880, 1_907_350, 2_384_188, 2_500_000, 2_500_000]);
  });

  it('follows a room cap that tightened as the mesh grew', () => {
    expect(nextBitrateCap('good', 2_500_000, 800_000)).toBe(800_000);
  });
});
