import { ACTIVE_SPEAKER_DEFAULTS, ActiveSpeakerDetector, audioLevelFromStats } from './active-speaker';
import { NETWORK_QUALITY_DEFAULTS, NetworkQualityMonitor, nextBitrateCap, type NetworkQuality } from './network-quality';
import { readStats } from './stats-reading';

type Report = ReadonlyMap<string, unknown>;

/** What the monitor needs to know about one peer connection. */
export interface MonitoredPeer {
  peerId: string;
  pc: RTCPeerConnection;
  /** Caps our video to this peer (null: only the room-size cap). */
  setBitrateCap: (maxBitrate: number | null) => void;
}

export interface CallMonitorOptions {
  localPeerId: string;
  peers: () => MonitoredPeer[];
  /** The video bitrate cap for the current room size (`capsForPeople(n).maxBitrate`). */
  roomCap: () => number;
  onQuality: (peerId: string, quality: NetworkQuality, bitrateCap: number) => void;
  onSpeaker: (peerId: string | null) => void;
  qualityIntervalMs?: number;
  speakerIntervalMs?: number;
  now?: () => number;
}

/**
 * Reads `getStats` of every peer connection on two clocks: audio levels for the active speaker (fast), and
 * network quality with the per-peer bitrate cap that follows from it (every 2 s). Our own level comes from
 * the `media-source` entry of any connection, so the speaker highlight can land on us too.
 */
export class CallMonitor {
  private readonly quality = new Map<string, { monitor: NetworkQualityMonitor; cap: number | null; reported?: NetworkQuality }>();
  private readonly previousAudio = new Map<string, Report>();
  private readonly speaker = new ActiveSpeakerDetector();
  private lastSpeaker: string | null = null;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private speakerBusy = false;
  private qualityBusy = false;

  constructor(private readonly options: CallMonitorOptions) {}

  start(): void {
    this.timers.push(setInterval(() => void this.tickSpeaker(), this.options.speakerIntervalMs ?? ACTIVE_SPEAKER_DEFAULTS.tickMs));
    this.timers.push(setInterval(() => void this.tickQuality(), this.options.qualityIntervalMs ?? NETWORK_QUALITY_DEFAULTS.pollIntervalMs));
  }

  stop(): void {
    this.timers.splice(0).forEach((t) => clearInterval(t));
  }

  qualityOf(peerId: string): NetworkQuality | undefined {
    return this.quality.get(peerId)?.reported;
  }

  forget(peerId: string): void {
    this.quality.delete(peerId);
    this.previousAudio.delete(peerId);
    this.speaker.remove(peerId);
    if (this.lastSpeaker === peerId) this.report(this.speaker.speaker);
  }

  /** One quality poll: classify each connection and move its cap. */
  async tickQuality(): Promise<void> {
    if (this.qualityBusy) return;
    this.qualityBusy = true;
    try {
      const roomCap = this.options.roomCap();
      for (const peer of this.options.peers()) {
        if (peer.pc.connectionState !== 'connected') continue;
        let entry = this.quality.get(peer.peerId);
        if (!entry) this.quality.set(peer.peerId, (entry = { monitor: new NetworkQualityMonitor(), cap: null }));
        const stats = await readStats(peer.pc);
        if (!stats) continue;
        const { quality } = entry.monitor.update(stats);
        const cap = nextBitrateCap(quality, entry.cap, roomCap);
        if (cap !== (entry.cap ?? roomCap)) peer.setBitrateCap(cap >= roomCap ? null : cap);
        entry.cap = cap;
        if (quality !== entry.reported) {
          entry.reported = quality;
          this.options.onQuality(peer.peerId, quality, cap);
        }
      }
    } finally {
      this.qualityBusy = false;
    }
  }

  /** One speaker tick: remote levels from `inbound-rtp`, ours from `media-source`. */
  async tickSpeaker(): Promise<void> {
    if (this.speakerBusy) return;
    this.speakerBusy = true;
    try {
      const levels = new Map<string, number>();
      let local: number | undefined;
      for (const peer of this.options.peers()) {
        if (peer.pc.connectionState !== 'connected') continue;
        const report = await readStats(peer.pc);
        if (!report) continue;
        const previous = this.previousAudio.get(peer.peerId);
        this.previousAudio.set(peer.peerId, report);
        const level = audioLevelFromStats(report, previous);
        if (level !== undefined) levels.set(peer.peerId, level);
        local ??= audioLevelFromStats(report, previous, 'local');
      }
      if (local !== undefined) levels.set(this.options.localPeerId, local);
      this.report(this.speaker.update(levels, (this.options.now ?? Date.now)()));
    } finally {
      this.speakerBusy = false;
    }
  }

  private report(speaker: string | null): void {
    if (speaker === this.lastSpeaker) return;
    this.lastSpeaker = speaker;
    this.options.onSpeaker(speaker);
  }
}
