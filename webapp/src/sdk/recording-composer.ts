import { RECORDING_DEFAULTS } from './defaults';

/**
 * The recorder's side of a consent-based recording: draws everyone's video as a grid on a canvas, mixes everyone's
 * audio through WebAudio, and records both with `MediaRecorder` into a WebM file that stays on this device.
 * Loaded with `import()` only when someone asks to record, so calls that never record do not carry it.
 */

/** One tile of the grid: whose it is, the name written on it, and the tracks to draw and mix. */
export interface RecordingSource {
  id: string;
  name: string;
  /** Null (or a camera turned off) draws the name on a plain tile. */
  video: MediaStreamTrack | null;
  audio: MediaStreamTrack | null;
}

export interface GridRecorderOptions {
  /** Read on every frame, so people who come, go or switch devices appear as they are. */
  sources: () => RecordingSource[];
  onError: (error: Error) => void;
  width?: number;
  height?: number;
  framesPerSecond?: number;
}

interface Tile {
  video: HTMLVideoElement;
  trackId: string | null;
}

/** A WebM type this browser's MediaRecorder can write, or undefined (then the browser picks). */
export function recordingMimeType(): string | undefined {
  return RECORDING_DEFAULTS.mimeTypes.find((type) => MediaRecorder.isTypeSupported(type));
}

export class GridRecorder {
  private readonly canvas: HTMLCanvasElement;
  private readonly context2d: CanvasRenderingContext2D;
  private readonly audio: AudioContext;
  private readonly mix: MediaStreamAudioDestinationNode;
  private readonly tiles = new Map<string, Tile>();
  private readonly audioNodes = new Map<string, MediaStreamAudioSourceNode>();
  private readonly recorder: MediaRecorder;
  private readonly chunks: Blob[] = [];
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly stopped: Promise<Blob>;

  constructor(private readonly options: GridRecorderOptions) {
    const width = options.width ?? RECORDING_DEFAULTS.width;
    const height = options.height ?? RECORDING_DEFAULTS.height;
    const fps = options.framesPerSecond ?? RECORDING_DEFAULTS.framesPerSecond;
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    const context2d = this.canvas.getContext('2d');
    if (!context2d) throw new Error('This browser cannot draw the recording (no 2D canvas).');
    this.context2d = context2d;
    this.audio = new AudioContext();
    // Created after the person pressed Record or agreed, so the page may start audio; resumed in case it did not.
    if (this.audio.state === 'suspended') void this.audio.resume().catch(() => undefined);
    this.mix = this.audio.createMediaStreamDestination();
    this.draw();
    const video = this.canvas.captureStream(fps).getVideoTracks();
    const mimeType = recordingMimeType();
    this.recorder = new MediaRecorder(new MediaStream([...video, ...this.mix.stream.getAudioTracks()]), mimeType ? { mimeType } : {});
    this.recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    });
    this.recorder.addEventListener('error', (event) => options.onError((event as ErrorEvent).error ?? new Error('The recording failed.')));
    this.stopped = new Promise((resolve) => {
      this.recorder.addEventListener('stop', () => resolve(new Blob(this.chunks, { type: 'video/webm' })), { once: true });
    });
    // Timers, unlike animation frames, keep running (slower) while the tab is in the background.
    this.timer = setInterval(() => this.draw(), 1000 / fps);
    this.recorder.start(RECORDING_DEFAULTS.timesliceMs);
  }

  /** `recording`, `paused` or `inactive` (after stop). */
  get state(): MediaRecorder['state'] {
    return this.recorder.state;
  }

  pause(): void {
    if (this.recorder.state === 'recording') this.recorder.pause();
  }

  resume(): void {
    if (this.recorder.state === 'paused') this.recorder.resume();
  }

  /** Ends the recording and releases the canvas, the players and the audio graph; resolves with the WebM file. */
  stop(): Promise<Blob> {
    clearInterval(this.timer);
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    for (const tile of this.tiles.values()) tile.video.srcObject = null;
    this.tiles.clear();
    for (const node of this.audioNodes.values()) node.disconnect();
    this.audioNodes.clear();
    return this.stopped.finally(() => {
      this.recorder.stream.getTracks().forEach((track) => track.stop());
      void this.audio.close().catch(() => undefined);
    });
  }

  private draw(): void {
    let sources: RecordingSource[];
    try {
      sources = this.options.sources();
    } catch (error) {
      this.options.onError(error as Error);
      return;
    }
    this.follow(sources);
    const { width, height } = this.canvas;
    const g = this.context2d;
    g.fillStyle = '#0f172a';
    g.fillRect(0, 0, width, height);
    const columns = Math.ceil(Math.sqrt(sources.length));
    const rows = Math.max(1, Math.ceil(sources.length / columns));
    const tileWidth = width / Math.max(1, columns);
    const tileHeight = height / rows;
    sources.forEach((source, i) => {
      const x = (i % columns) * tileWidth;
      const y = Math.floor(i / columns) * tileHeight;
      const video = this.tiles.get(source.id)?.video;
      const live = source.video?.enabled && source.video.readyState === 'live' && video && video.videoWidth > 0;
      g.save();
      g.beginPath();
      g.rect(x + 2, y + 2, tileWidth - 4, tileHeight - 4);
      g.clip();
      if (live) {
        // Cover the tile, cropping the longer side, as the call screen does.
        const scale = Math.max(tileWidth / video.videoWidth, tileHeight / video.videoHeight);
        const w = video.videoWidth * scale;
        const h = video.videoHeight * scale;
        g.drawImage(video, x + (tileWidth - w) / 2, y + (tileHeight - h) / 2, w, h);
      } else {
        g.fillStyle = '#334155';
        g.fillRect(x, y, tileWidth, tileHeight);
        g.fillStyle = '#e2e8f0';
        g.font = `${Math.round(tileHeight / 5)}px sans-serif`;
        g.textAlign = 'center';
        g.textBaseline = 'middle';
        g.fillText(initials(source.name), x + tileWidth / 2, y + tileHeight / 2);
      }
      g.font = `${Math.max(14, Math.round(tileHeight / 16))}px sans-serif`;
      g.textAlign = 'left';
      g.textBaseline = 'bottom';
      g.fillStyle = 'rgba(15, 23, 42, 0.6)';
      const label = source.name || 'Guest';
      g.fillRect(x + 8, y + tileHeight - 40, g.measureText(label).width + 16, 32);
      g.fillStyle = '#ffffff';
      g.fillText(label, x + 16, y + tileHeight - 12);
      g.restore();
    });
  }

  /** Brings the players and the audio mix in line with the sources of this frame. */
  private follow(sources: RecordingSource[]): void {
    const ids = new Set(sources.map((s) => s.id));
    for (const [id, tile] of this.tiles) {
      if (ids.has(id)) continue;
      tile.video.srcObject = null;
      this.tiles.delete(id);
    }
    for (const source of sources) {
      let tile = this.tiles.get(source.id);
      if (!tile) {
        const video = document.createElement('video');
        video.muted = true;
        video.playsInline = true;
        tile = { video, trackId: null };
        this.tiles.set(source.id, tile);
      }
      const trackId = source.video?.id ?? null;
      if (tile.trackId !== trackId) {
        tile.trackId = trackId;
        tile.video.srcObject = source.video ? new MediaStream([source.video]) : null;
        if (source.video) void tile.video.play().catch(() => undefined);
      }
    }
    const tracks = new Map(sources.filter((s) => s.audio).map((s) => [s.audio!.id, s.audio!]));
    for (const [trackId, node] of this.audioNodes) {
      if (tracks.has(trackId)) continue;
      node.disconnect();
      this.audioNodes.delete(trackId);
    }
    for (const [trackId, track] of tracks) {
      if (this.audioNodes.has(trackId) || track.readyState !== 'live') continue;
      const node = this.audio.createMediaStreamSource(new MediaStream([track]));
      node.connect(this.mix);
      this.audioNodes.set(trackId, node);
    }
  }
}

function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('');
  return letters || '?';
}
