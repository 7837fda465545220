/**
 * Per-peer connection quality (good / fair / poor) from successive `pc.getStats()` snapshots, and the sending
 * bitrate cap that follows from it. Everything here is pure: the caller polls `getStats` every
 * `NETWORK_QUALITY_DEFAULTS.pollIntervalMs`, feeds each report to a `NetworkQualityMonitor`, and applies
 * `nextBitrateCap` to that peer's video sender.
 */

export type NetworkQuality = 'good' | 'fair' | 'poor';

/**
 * A snapshot is `fair` or `poor` as soon as one measure crosses that level's threshold. Loss is a fraction
 * (0.02 = 2 %); bitrates are bits per second.
 */
export const NETWORK_QUALITY_THRESHOLDS = {
  fair: { rttMs: 250, loss: 0.02, availableOutgoingBitrate: 300_000, framesDroppedRatio: 0.05 },
  /**
   * The bitrate bound stays below `BITRATE_POLICY.minBitrate`: once capped, a sender uses less than it may,
   * the browser's estimate follows it down, and a higher bound would keep the peer poor because of our own cap.
   */
  poor: { rttMs: 500, loss: 0.08, availableOutgoingBitrate: 100_000, framesDroppedRatio: 0.15 },
} as const;

export const NETWORK_QUALITY_DEFAULTS = {
  pollIntervalMs: 2_000,
  /** Loss over fewer packets than this in one interval is noise (a muted microphone sends few). */
  minPackets: 20,
  /** Likewise for dropped frames. */
  minFrames: 10,
  /** Consecutive worse snapshots before the class drops: one bad second does not repaint the badge. */
  degradeAfter: 2,
  /** Consecutive better snapshots before the class rises, one level at a time. */
  recoverAfter: 4,
} as const;

/** How the video sending bitrate for one peer follows its quality. */
export const BITRATE_POLICY = {
  /** Share of the room's cap (see `capsForPeople`) kept for a fair peer. */
  fairFactor: 0.5,
  /** Share kept for a poor peer. */
  poorFactor: 0.2,
  /** Never below this, so video keeps moving (at a low resolution the encoder picks itself). */
  minBitrate: 150_000,
  /** Growth per poll while restoring: from the poor floor back to 2.5 Mbit/s takes about 13 polls. */
  restoreStep: 1.25,
} as const;

/** What one snapshot says; a measure the browser does not report (or that needs a previous snapshot) is absent. */
export interface QualityMetrics {
  /** Round-trip time of the selected ICE candidate pair. */
  rttMs?: number;
  /** Packets lost on their way to us since the previous snapshot, as a fraction. */
  inboundLoss?: number;
  /** Loss the peer reports about what we send (RTCP `fractionLost`), the worst of our streams. */
  outboundLoss?: number;
  /** The browser's estimate of what we can send to this peer; only judged while we send video. */
  availableOutgoingBitrate?: number;
  /** Video frames the receiver dropped since the previous snapshot, as a fraction of the frames received. */
  framesDroppedRatio?: number;
  /** Whether we send video to this peer at all (a bandwidth estimate means little for audio alone). */
  sendingVideo: boolean;
}

type Thresholds = typeof NETWORK_QUALITY_THRESHOLDS;

/** The stats fields read here, from the `RTCStats` dictionaries of the WebRTC statistics spec. */
interface StatsEntry {
  id: string;
  type: string;
  kind?: string;
  mediaType?: string;
  selectedCandidatePairId?: string;
  selected?: boolean;
  nominated?: boolean;
  state?: string;
  currentRoundTripTime?: number;
  availableOutgoingBitrate?: number;
  roundTripTime?: number;
  fractionLost?: number;
  packetsLost?: number;
  packetsReceived?: number;
  framesDropped?: number;
  framesReceived?: number;
}

type StatsReport = ReadonlyMap<string, unknown>;

/** Reads one snapshot; loss and dropped frames are measured against `previous`, taken one poll earlier. */
export function readQualityMetrics(
  current: StatsReport,
  previous?: StatsReport,
  options: { minPackets?: number; minFrames?: number } = {},
): QualityMetrics {
  const { minPackets, minFrames } = { ...NETWORK_QUALITY_DEFAULTS, ...options };
  const entries = [...(current as ReadonlyMap<string, StatsEntry>).values()];
  const before = previous as ReadonlyMap<string, StatsEntry> | undefined;
  const kindOf = (e: StatsEntry) => e.kind ?? e.mediaType;
  const metrics: QualityMetrics = {
    sendingVideo: entries.some((e) => e.type === 'outbound-rtp' && kindOf(e) === 'video'),
  };

  const pair = selectedPair(current as ReadonlyMap<string, StatsEntry>, entries);
  const remoteRtts = entries.filter((e) => e.type === 'remote-inbound-rtp' && e.roundTripTime !== undefined);
  if (pair?.currentRoundTripTime !== undefined) metrics.rttMs = pair.currentRoundTripTime * 1000;
  else if (remoteRtts.length > 0) metrics.rttMs = Math.max(...remoteRtts.map((e) => e.roundTripTime! * 1000));
  if (pair?.availableOutgoingBitrate !== undefined) metrics.availableOutgoingBitrate = pair.availableOutgoingBitrate;

  const fractions = entries.filter((e) => e.type === 'remote-inbound-rtp' && e.fractionLost !== undefined);
  if (fractions.length > 0) metrics.outboundLoss = Math.max(...fractions.map((e) => e.fractionLost!));

  if (before) {
    let lost = 0;
    let received = 0;
    let dropped = 0;
    let frames = 0;
    for (const e of entries) {
      const old = before.get(e.id);
      if (e.type !== 'inbound-rtp' || !old) continue;
      // packetsLost may shrink when late duplicates arrive; a negative step is no loss.
      lost += Math.max(0, (e.packetsLost ?? 0) - (old.packetsLost ?? 0));
      received += Math.max(0, (e.packetsReceived ?? 0) - (old.packetsReceived ?? 0));
      if (kindOf(e) === 'video') {
        dropped += Math.max(0, (e.framesDropped ?? 0) - (old.framesDropped ?? 0));
        frames += Math.max(0, (e.framesReceived ?? 0) - (old.framesReceived ?? 0));
      }
    }
    if (lost + received >= minPackets) metrics.inboundLoss = lost / (lost + received);
    if (frames >= minFrames) metrics.framesDroppedRatio = dropped / frames;
  }
  return metrics;
}

/** Chrome and Safari name the pair on the transport; Firefox marks it `selected`. */
function selectedPair(report: ReadonlyMap<string, StatsEntry>, entries: StatsEntry[]): StatsEntry | undefined {
  for (const e of entries) {
    if (e.type === 'transport' && e.selectedCandidatePairId) {
      const pair = report.get(e.selectedCandidatePairId);
      if (pair) return pair;
    }
  }
  return (
    entries.find((e) => e.type === 'candidate-pair' && e.selected === true) ??
    entries.find((e) => e.type === 'candidate-pair' && e.nominated === true && e.state === 'succeeded')
  );
}

/** The class of one snapshot on its own, before hysteresis. */
export function classifyMetrics(metrics: QualityMetrics, thresholds: Thresholds = NETWORK_QUALITY_THRESHOLDS): NetworkQuality {
  const crosses = (level: Thresholds['fair'] | Thresholds['poor']) => {
    const loss = Math.max(metrics.inboundLoss ?? 0, metrics.outboundLoss ?? 0);
    return (
      (metrics.rttMs ?? 0) >= level.rttMs ||
      loss >= level.loss ||
      (metrics.framesDroppedRatio ?? 0) >= level.framesDroppedRatio ||
      (metrics.sendingVideo &&
        metrics.availableOutgoingBitrate !== undefined &&
        metrics.availableOutgoingBitrate < level.availableOutgoingBitrate)
    );
  };
  if (crosses(thresholds.poor)) return 'poor';
  if (crosses(thresholds.fair)) return 'fair';
  return 'good';
}

const RANK: Record<NetworkQuality, number> = { good: 0, fair: 1, poor: 2 };
const BY_RANK: readonly NetworkQuality[] = ['good', 'fair', 'poor'];

/**
 * Smooths per-snapshot classes: the class drops after `degradeAfter` worse snapshots in a row (to the mildest of
 * them) and rises one level after `recoverAfter` better ones in a row, so a connection near a threshold
 * does not flap. Starts `good`: a new connection is not suspect.
 */
export class QualityHysteresis {
  private current: NetworkQuality = 'good';
  private worse: NetworkQuality[] = [];
  private better = 0;

  constructor(
    private readonly degradeAfter: number = NETWORK_QUALITY_DEFAULTS.degradeAfter,
    private readonly recoverAfter: number = NETWORK_QUALITY_DEFAULTS.recoverAfter,
  ) {}

  get quality(): NetworkQuality {
    return this.current;
  }

  /** Feeds one snapshot's class; returns the smoothed class. */
  observe(level: NetworkQuality): NetworkQuality {
    if (RANK[level] > RANK[this.current]) {
      this.better = 0;
      this.worse.push(level);
      if (this.worse.length >= this.degradeAfter) {
        this.current = BY_RANK[Math.min(...this.worse.map((l) => RANK[l]))];
        this.worse = [];
      }
    } else if (RANK[level] < RANK[this.current]) {
      this.worse = [];
      if (++this.better >= this.recoverAfter) {
        this.current = BY_RANK[RANK[this.current] - 1];
        this.better = 0;
      }
    } else {
      this.worse = [];
      this.better = 0;
    }
    return this.current;
  }
}

export interface QualityUpdate {
  quality: NetworkQuality;
  /** True when `quality` differs from the previous update's. */
  changed: boolean;
  /** This snapshot's measures and class before smoothing, for diagnostics. */
  metrics: QualityMetrics;
  instant: NetworkQuality;
}

export interface NetworkQualityMonitorOptions {
  thresholds?: Thresholds;
  degradeAfter?: number;
  recoverAfter?: number;
  minPackets?: number;
  minFrames?: number;
}

/** The quality of one peer connection, fed one `getStats` report per poll. */
export class NetworkQualityMonitor {
  private previous: StatsReport | undefined;
  private readonly hysteresis: QualityHysteresis;

  constructor(private readonly options: NetworkQualityMonitorOptions = {}) {
    this.hysteresis = new QualityHysteresis(options.degradeAfter, options.recoverAfter);
  }

  get quality(): NetworkQuality {
    return this.hysteresis.quality;
  }

  update(report: StatsReport): QualityUpdate {
    const metrics = readQualityMetrics(report, this.previous, this.options);
    this.previous = report;
    const instant = classifyMetrics(metrics, this.options.thresholds);
    const before = this.hysteresis.quality;
    const quality = this.hysteresis.observe(instant);
    return { quality, changed: quality !== before, metrics, instant };
  }
}

/**
 * The video bitrate cap for one peer at the next poll. `roomCap` is the cap for the room's size
 * (`capsForPeople(n).maxBitrate`); `currentCap` the cap now in force (null before the first decision). A
 * worse class lowers the cap at once; a better one raises it by `restoreStep` per poll, so a recovering path
 * is probed gently instead of being flooded again.
 */
export function nextBitrateCap(
  quality: NetworkQuality,
  currentCap: number | null,
  roomCap: number,
  policy: typeof BITRATE_POLICY = BITRATE_POLICY,
): number {
  const factor = quality === 'good' ? 1 : quality === 'fair' ? policy.fairFactor : policy.poorFactor;
  const target = Math.min(roomCap, Math.max(policy.minBitrate, Math.round(roomCap * factor)));
  const current = Math.min(currentCap ?? roomCap, roomCap);
  if (target <= current) return target;
  return Math.min(target, Math.round(current * policy.restoreStep));
}
