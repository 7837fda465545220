/**
 * The active speaker: who gets the highlight (or the large tile when nobody shares a screen). Levels arrive
 * as plain numbers per peer per tick, on the scale of `getStats` `audioLevel` (0 silence … 1 full scale), from
 * `audioLevelFromStats` or, for the local microphone, an AnalyserNode through `levelFromSamples`.
 */

export const ACTIVE_SPEAKER_DEFAULTS = {
  /** Poll `getStats` for levels this often. */
  tickMs: 200,
  /** At or above this level a peer counts as speaking; 0.03 is about −30 dBov, above fan and room noise. */
  threshold: 0.03,
  /** The active speaker keeps the highlight at least this long, however the others sound. */
  minHoldMs: 1_500,
  /** Someone else takes over after being the loudest speaker for this long in a row: a cough does not. */
  switchAfterMs: 600,
} as const;

export interface ActiveSpeakerOptions {
  threshold?: number;
  minHoldMs?: number;
  switchAfterMs?: number;
}

export type AudioLevels = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/**
 * Picks the active speaker from successive level readings. The highlight sticks to the last speaker through
 * silence (a pause is not a change of speaker); it moves only when another peer has been the loudest for
 * `switchAfterMs` and the current one has held it for `minHoldMs`.
 */
export class ActiveSpeakerDetector {
  private readonly options: Required<ActiveSpeakerOptions>;
  private current: string | null = null;
  private currentSince = 0;
  private challenger: string | null = null;
  private challengerSince = 0;

  constructor(options: ActiveSpeakerOptions = {}) {
    this.options = { ...ACTIVE_SPEAKER_DEFAULTS, ...options };
  }

  get speaker(): string | null {
    return this.current;
  }

  /** Feeds the levels of one tick (peers missing from `levels` count as silent); returns the active speaker. */
  update(levels: AudioLevels, now: number): string | null {
    const loudest = this.loudest(levels);
    if (loudest === null) return this.current;
    if (this.current === null) {
      this.take(loudest, now);
    } else if (loudest === this.current) {
      this.challenger = null;
    } else {
      if (loudest !== this.challenger) {
        this.challenger = loudest;
        this.challengerSince = now;
      }
      const challengerHeld = now - this.challengerSince >= this.options.switchAfterMs;
      const currentHeld = now - this.currentSince >= this.options.minHoldMs;
      if (challengerHeld && currentHeld) this.take(loudest, now);
    }
    return this.current;
  }

  /** Forgets a peer who left; if it was the active speaker, nobody is until someone speaks. */
  remove(peerId: string): void {
    if (this.current === peerId) this.current = null;
    if (this.challenger === peerId) this.challenger = null;
  }

  private take(peerId: string, now: number): void {
    this.current = peerId;
    this.currentSince = now;
    this.challenger = null;
  }

  /** The loudest peer at or above the threshold; the current speaker wins a tie, then the smaller id. */
  private loudest(levels: AudioLevels): string | null {
    const entries = levels instanceof Map ? [...levels.entries()] : Object.entries(levels);
    const beats = (a: string, b: string) => a === this.current || (b !== this.current && a < b);
    let best: string | null = null;
    let bestLevel = -1;
    for (const [peerId, level] of entries) {
      if (!(level >= this.options.threshold)) continue;
      if (level > bestLevel || (level === bestLevel && best !== null && beats(peerId, best))) {
        best = peerId;
        bestLevel = level;
      }
    }
    return best;
  }
}

/** The fields of an `inbound-rtp` (remote audio) or `media-source` (local microphone) stats entry read here. */
interface AudioStats {
  type?: string;
  kind?: string;
  audioLevel?: number;
  totalAudioEnergy?: number;
  totalSamplesDuration?: number;
}

/**
 * The audio level in one peer connection's report: of the audio received (`inbound-rtp`), or with
 * `source: 'local'` of the microphone we send (`media-source`). With a previous report it is the RMS level over the interval, from the
 * energy counters, so a tick between two words does not read as silence; otherwise the instantaneous
 * `audioLevel`. Undefined when the report has no such audio.
 */
export function audioLevelFromStats(
  current: ReadonlyMap<string, unknown>,
  previous?: ReadonlyMap<string, unknown>,
  source: 'remote' | 'local' = 'remote',
): number | undefined {
  const type = source === 'remote' ? 'inbound-rtp' : 'media-source';
  let level: number | undefined;
  for (const [id, value] of current as ReadonlyMap<string, AudioStats>) {
    if (value.type !== type || value.kind !== 'audio') continue;
    const old = previous?.get(id) as AudioStats | undefined;
    const energy = (value.totalAudioEnergy ?? NaN) - (old?.totalAudioEnergy ?? NaN);
    const duration = (value.totalSamplesDuration ?? NaN) - (old?.totalSamplesDuration ?? NaN);
    const reading = duration > 0 && energy >= 0 ? Math.sqrt(energy / duration) : value.audioLevel;
    if (reading !== undefined && (level === undefined || reading > level)) level = reading;
  }
  return level;
}

/**
 * The level of a block of samples from `AnalyserNode.getFloatTimeDomainData`, on the `audioLevel` scale:
 * the peak absolute amplitude, clamped to 1 (browsers derive `audioLevel` from peaks too).
 */
export function levelFromSamples(samples: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]));
  return Math.min(1, peak);
}
