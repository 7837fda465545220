/**
 * The background effect: a processed copy of the camera track in which everything but the person is blurred or
 * painted over. The person mask comes from segmentation on the page, at most EFFECTS_DEFAULTS.maxMasksPerSecond
 * times a second; every camera frame is composited with the latest mask, so the outgoing frame rate stays the
 * camera's. Where the browser has MediaStreamTrackProcessor and MediaStreamTrackGenerator (Chromium), frames go
 * through a worker as VideoFrames; elsewhere (Firefox, Safari) a canvas on the page is captured as a stream.
 */
import { EFFECTS_DEFAULTS } from '../defaults';
import imageUrl from './background-image.svg?url';
import { Compositor } from './compositor';
import type { BackgroundEffect, BackgroundStats } from './local-effects';
import type { FromWorker, ToWorker } from './background-worker';
import { loadSegmenter, type Segmenter } from './segmenter';
import type { Background } from './settings';

interface InsertableStreams {
  MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };
  MediaStreamTrackGenerator: new (init: { kind: 'video' }) => MediaStreamTrack & { writable: WritableStream<VideoFrame> };
}

export async function startBackground(source: MediaStreamTrack, background: Background): Promise<BackgroundEffect> {
  const segmenter = await loadSegmenter();
  const streams = globalThis as unknown as Partial<InsertableStreams>;
  const masks = new MaskLoop(segmenter, source);
  await masks.start();
  return streams.MediaStreamTrackProcessor && streams.MediaStreamTrackGenerator && typeof OffscreenCanvas !== 'undefined'
    ? insertable(streams as InsertableStreams, source, background, masks)
    : canvas(source, background, masks);
}

/** Computes person masks from the camera on the page's thread, paced, and hands each to `onMask`. */
class MaskLoop {
  onMask: (mask: ImageData) => void = () => undefined;
  masks = 0;
  private busyMs = 0;
  private running = true;
  /** The camera on the page: segmentation's input, and the canvas path's frames. */
  readonly video = document.createElement('video');
  private readonly input = document.createElement('canvas');
  private readonly inputContext: CanvasRenderingContext2D;

  constructor(
    private readonly segmenter: Segmenter,
    source: MediaStreamTrack,
  ) {
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.srcObject = new MediaStream([source]);
    this.input.width = EFFECTS_DEFAULTS.maskWidth;
    this.input.height = EFFECTS_DEFAULTS.maskHeight;
    this.inputContext = this.input.getContext('2d', { willReadFrequently: false })!;
  }

  get msPerMask(): number {
    return this.masks ? this.busyMs / this.masks : 0;
  }

  async start(): Promise<void> {
    await this.video.play();
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.video.pause();
    this.video.srcObject = null;
  }

  private async loop(): Promise<void> {
    const interval = 1000 / EFFECTS_DEFAULTS.maxMasksPerSecond;
    while (this.running) {
      const started = performance.now();
      if (this.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        this.inputContext.drawImage(this.video, 0, 0, this.input.width, this.input.height);
        try {
          const mask = await this.segmenter.segment(this.input);
          this.busyMs += performance.now() - started;
          this.masks++;
          if (this.running) this.onMask(mask);
        } catch {
          // A frame that could not be segmented keeps the previous mask; the next one tries again.
        }
      }
      // Segmentation may take at most its share of the time, however slow it is here (software WebGL takes one
      // core and more): the rest is the compositing's, which must keep up with the camera. Always a macrotask too.
      const took = performance.now() - started;
      // The rest has a ceiling, so one very slow mask (the first, while shaders compile) does not stall the next.
      const rest = Math.min(EFFECTS_DEFAULTS.maxSegmentationRestMs, (took * (1 - EFFECTS_DEFAULTS.segmentationShare)) / EFFECTS_DEFAULTS.segmentationShare);
      await new Promise((resolve) => setTimeout(resolve, Math.max(interval - took, rest)));
    }
  }
}

let picture: Promise<ImageBitmap> | null = null;

/** The bundled background picture, decoded on the page (a worker cannot decode SVG) on first use. */
function backgroundPicture(): Promise<ImageBitmap> {
  picture ??= (async () => {
    const image = new Image();
    image.src = imageUrl;
    await image.decode();
    return createImageBitmap(image);
  })();
  picture.catch(() => (picture = null));
  return picture;
}

/** Hands the picture to `use` once it is decoded, when `background` needs it; the effect shows a plain colour until then. */
function whenPictureNeeded(background: Background, use: (image: ImageBitmap) => void): void {
  if (background.mode === 'image') backgroundPicture().then(use, () => undefined);
}

function insertable(streams: InsertableStreams, source: MediaStreamTrack, background: Background, masks: MaskLoop): BackgroundEffect {
  const processor = new streams.MediaStreamTrackProcessor({ track: source });
  const generator = new streams.MediaStreamTrackGenerator({ kind: 'video' });
  const worker = new Worker(new URL('./background-worker.ts', import.meta.url), { type: 'module', name: 'otter-background' });
  const stats: BackgroundStats = { frames: 0, masks: 0, msPerMask: 0, msPerFrame: 0, msPerStep: {}, path: 'insertable' };
  const send = (message: ToWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    if (event.data.type === 'stats') Object.assign(stats, { frames: event.data.frames, msPerFrame: event.data.msPerFrame, msPerStep: event.data.msPerStep });
  };
  masks.onMask = (mask) => send({ type: 'mask', mask }, [mask.data.buffer]);
  send({ type: 'start', readable: processor.readable, writable: generator.writable, background }, [
    processor.readable as unknown as Transferable,
    generator.writable as unknown as Transferable,
  ]);
  // Each worker gets its own copy: a transferred bitmap is gone from the page.
  const sendPicture = (image: ImageBitmap) => void createImageBitmap(image).then((copy) => send({ type: 'image', image: copy }, [copy]));
  whenPictureNeeded(background, sendPicture);
  return {
    track: generator,
    setBackground: (next) => {
      send({ type: 'background', background: next });
      whenPictureNeeded(next, sendPicture);
    },
    stats: () => ({ ...stats, masks: masks.masks, msPerMask: masks.msPerMask }),
    stop() {
      masks.stop();
      worker.terminate();
      generator.stop();
    },
  };
}

function canvas(source: MediaStreamTrack, background: Background, masks: MaskLoop): BackgroundEffect {
  const output = document.createElement('canvas');
  const compositor = new Compositor(output.getContext('2d')!, background);
  const video = masks.video;
  const frameRate = source.getSettings().frameRate ?? 30;
  let frames = 0;
  let busyMs = 0;
  let running = true;
  masks.onMask = (mask) => compositor.setMask(mask);
  whenPictureNeeded(background, (image) => compositor.setImage(image));
  const paint = () => {
    if (!running) return;
    const started = performance.now();
    if (video.videoWidth > 0) {
      compositor.draw(video, video.videoWidth, video.videoHeight);
      frames++;
      busyMs += performance.now() - started;
    }
    setTimeout(paint, Math.max(0, 1000 / frameRate - (performance.now() - started)));
  };
  paint();
  const track = output.captureStream(frameRate).getVideoTracks()[0]!;
  return {
    track,
    setBackground: (next) => {
      compositor.setBackground(next);
      whenPictureNeeded(next, (image) => compositor.setImage(image));
    },
    stats: () => {
      const perFrame = (ms: number) => (frames ? ms / frames : 0);
      const { times } = compositor;
      return {
        frames,
        masks: masks.masks,
        msPerMask: masks.msPerMask,
        msPerFrame: perFrame(busyMs),
        msPerStep: { frame: perFrame(times.frame), person: perFrame(times.person), background: perFrame(times.background) },
        path: 'canvas',
      };
    },
    stop() {
      running = false;
      masks.stop();
      track.stop();
    },
  };
}
