import { DEFAULT_EFFECTS, loadEffects, parseBackground, saveEffects, sameBackground, type Background, type EffectSettings } from './settings';

type Kind = 'audio' | 'video';

/** A processed copy of one camera or microphone track; stopping it leaves the source alone (its owner stops that). */
export interface TrackEffect {
  readonly track: MediaStreamTrack;
  stop(): void;
}

/** What the background effect has done so far, for the benchmark and the browser tests. */
export interface BackgroundStats {
  /** Frames sent out, and masks computed; a mask serves every frame until the next one. */
  frames: number;
  masks: number;
  /** Main-thread time spent per mask (segmentation), and worker or main-thread time per output frame (compositing). */
  msPerMask: number;
  msPerFrame: number;
  /** Where a frame's time goes (ms per frame, by step of the compositing): what to make cheaper next. */
  msPerStep: Record<string, number>;
  /** `insertable` (MediaStreamTrackProcessor/VideoFrame in a worker) or `canvas` (a canvas captured as a stream). */
  path: 'insertable' | 'canvas';
}

export interface BackgroundEffect extends TrackEffect {
  setBackground(background: Background): void;
  stats(): BackgroundStats;
}

/** How the effects are built: lazily loaded browser code by default; tests pass in-memory ones. */
export interface EffectLoaders {
  background(source: MediaStreamTrack, background: Background): Promise<BackgroundEffect>;
  noiseSuppression(source: MediaStreamTrack): Promise<TrackEffect>;
}

/** The segmentation model, RNNoise and their WebAssembly are fetched (from our own origin) only when first turned on. */
export const BROWSER_EFFECTS: EffectLoaders = {
  background: async (source, background) => (await import('./background')).startBackground(source, background),
  noiseSuppression: async (source) => (await import('./noise')).startNoiseSuppression(source),
};

interface Running {
  source: MediaStreamTrack;
  effect: TrackEffect;
}

/**
 * The effects on the outgoing camera and microphone: for each kind, the source track (the MediaController's) and,
 * when an effect is on, its processed copy, which is what peers are sent. Changes of source or setting are applied
 * one at a time per kind, each resolving to the track to send now.
 */
export class LocalEffects {
  private current: EffectSettings;
  private readonly sources: Record<Kind, MediaStreamTrack | null> = { audio: null, video: null };
  private readonly running: Record<Kind, Running | null> = { audio: null, video: null };
  private readonly queue: Record<Kind, Promise<unknown>> = { audio: Promise.resolve(), video: Promise.resolve() };
  private stopped = false;

  constructor(
    private readonly loaders: EffectLoaders = BROWSER_EFFECTS,
    private readonly storage: { load: () => EffectSettings; save: (s: EffectSettings) => void } = { load: loadEffects, save: saveEffects },
  ) {
    this.current = storage.load();
  }

  get settings(): EffectSettings {
    return this.current;
  }

  /**
   * The track to send for `kind` right now: the processed copy when its effect runs; while a background effect
   * is still starting, nothing (the unprocessed background is what the person chose not to show).
   */
  outgoing(kind: Kind): MediaStreamTrack | null {
    const source = this.sources[kind];
    if (!source || !this.wanted(kind)) return source;
    const running = this.running[kind];
    if (running?.source === source) return running.effect.track;
    return kind === 'video' ? null : source;
  }

  /** The background effect's figures while it runs. */
  backgroundStats(): BackgroundStats | null {
    return (this.running.video?.effect as BackgroundEffect | undefined)?.stats() ?? null;
  }

  /** A new source track of `kind` (device switch, camera on or off); resolves to the track to send. */
  setSource(kind: Kind, track: MediaStreamTrack | null): Promise<MediaStreamTrack | null> {
    this.sources[kind] = track;
    return this.apply(kind);
  }

  /** Remembered on this device; resolves to the camera track to send. Throws TypeError for a malformed background. */
  setBackground(background: Background): Promise<MediaStreamTrack | null> {
    const parsed = parseBackground(background);
    if (sameBackground(parsed, this.current.background)) return this.apply('video');
    this.remember({ ...this.current, background: parsed });
    return this.apply('video');
  }

  /** Remembered on this device; resolves to the microphone track to send. */
  setNoiseSuppression(enabled: boolean): Promise<MediaStreamTrack | null> {
    if (enabled !== this.current.noiseSuppression) this.remember({ ...this.current, noiseSuppression: enabled });
    return this.apply('audio');
  }

  stop(): void {
    this.stopped = true;
    for (const kind of ['audio', 'video'] as const) this.stopRunning(kind);
  }

  private wanted(kind: Kind): boolean {
    return kind === 'video' ? this.current.background.mode !== 'none' : this.current.noiseSuppression;
  }

  private remember(settings: EffectSettings): void {
    this.current = settings;
    this.storage.save(settings);
  }

  private apply(kind: Kind): Promise<MediaStreamTrack | null> {
    const next = this.queue[kind].then(() => this.reconcile(kind));
    this.queue[kind] = next.catch(() => undefined);
    return next;
  }

  /** Brings the running effect of `kind` in line with its source and setting. */
  private async reconcile(kind: Kind): Promise<MediaStreamTrack | null> {
    const source = this.sources[kind];
    const running = this.running[kind];
    if (running && (running.source !== source || !this.wanted(kind) || this.stopped)) this.stopRunning(kind);
    if (this.stopped || !source || !this.wanted(kind)) return this.outgoing(kind);
    if (this.running[kind]) {
      if (kind === 'video') (this.running.video!.effect as BackgroundEffect).setBackground(this.current.background);
      return this.outgoing(kind);
    }
    let effect: TrackEffect;
    try {
      effect = kind === 'video' ? await this.loaders.background(source, this.current.background) : await this.loaders.noiseSuppression(source);
    } catch (error) {
      // Off for this call (the choice stays remembered: another device or browser may manage it), and said so.
      this.current = kind === 'video' ? { ...this.current, background: DEFAULT_EFFECTS.background } : { ...this.current, noiseSuppression: false };
      throw error;
    }
    if (this.stopped || this.sources[kind] !== source || !this.wanted(kind)) {
      effect.stop();
    } else {
      this.running[kind] = { source, effect };
      if (kind === 'video') (effect as BackgroundEffect).setBackground(this.current.background);
    }
    return this.outgoing(kind);
  }

  private stopRunning(kind: Kind): void {
    this.running[kind]?.effect.stop();
    this.running[kind] = null;
  }
}
