import { EFFECTS_DEFAULTS } from '../defaults';
import type { Background } from './settings';

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
type Source = CanvasImageSource | VideoFrame;

/** Time spent in each step of drawing a frame, summed over the frames drawn: where a slow frame's time goes. */
export interface CompositeTimes {
  frame: number;
  background: number;
  person: number;
}

/**
 * Draws one outgoing frame: the person from `frame` where the mask's alpha says "person", the chosen background
 * everywhere else. Until the first mask exists the whole picture counts as background: the effect was chosen
 * to hide it, so it is never sent unprocessed. Runs on the page (canvas path) and in the worker alike.
 *
 * Every step is a plain 2D copy or scale on canvases in memory: the camera frame is read once (into the output
 * canvas), the blurred background is that copy shrunk twice and grown back with smoothing (no `filter: blur()`,
 * whose cost grows with the picture), and the person is the same copy cut out by the mask's alpha.
 */
export class Compositor {
  private readonly person = context2d();
  private readonly mask = context2d();
  /** The shrinking steps of the blur: each a `blurStep` times smaller than the one before. */
  private readonly steps = [context2d(), context2d()];
  private hasMask = false;
  private image: CanvasImageSource | null = null;
  readonly times: CompositeTimes = { frame: 0, background: 0, person: 0 };

  constructor(
    private readonly context: Context2D,
    private background: Background,
  ) {}

  setBackground(background: Background): void {
    this.background = background;
  }

  /** The picture for `{ mode: 'image' }`; until it is here, that background is a plain colour. */
  setImage(image: CanvasImageSource): void {
    this.image = image;
  }

  /** The latest person mask; it serves every frame until the next. */
  setMask(mask: ImageData): void {
    resize(this.mask, mask.width, mask.height);
    this.mask.putImageData(mask, 0, 0);
    this.hasMask = true;
  }

  draw(frame: Source, width: number, height: number): void {
    const c = this.context;
    let t = performance.now();
    resize(c, width, height);
    c.globalCompositeOperation = 'copy';
    c.imageSmoothingEnabled = true;
    c.drawImage(frame as CanvasImageSource, 0, 0, width, height);
    t = this.lap('frame', t);
    if (this.background.mode === 'none') return;
    if (this.hasMask) {
      // The mask's alpha keeps the person: the frame drawn over it with source-in lands only there.
      const p = this.person;
      resize(p, width, height);
      p.globalCompositeOperation = 'copy';
      p.imageSmoothingEnabled = true;
      p.drawImage(this.mask.canvas, 0, 0, width, height);
      p.globalCompositeOperation = 'source-in';
      p.drawImage(c.canvas, 0, 0);
      t = this.lap('person', t);
    }
    this.drawBackground(width, height);
    t = this.lap('background', t);
    if (this.hasMask) {
      c.globalCompositeOperation = 'source-over';
      c.drawImage(this.person.canvas, 0, 0);
      this.lap('person', t);
    }
  }

  private lap(step: keyof CompositeTimes, since: number): number {
    const now = performance.now();
    this.times[step] += now - since;
    return now;
  }

  /** Replaces the output canvas's picture (the frame) with the background. */
  private drawBackground(width: number, height: number): void {
    const c = this.context;
    if (this.background.mode === 'color' || (this.background.mode === 'image' && !this.image)) {
      c.globalCompositeOperation = 'copy';
      c.fillStyle = this.background.mode === 'color' ? this.background.color : IMAGE_PENDING_COLOR;
      c.fillRect(0, 0, width, height);
      return;
    }
    if (this.background.mode === 'image') {
      c.globalCompositeOperation = 'copy';
      c.imageSmoothingQuality = 'medium';
      c.drawImage(this.image!, 0, 0, width, height);
      return;
    }
    // Shrinking by a large factor in one step would skip pixels (aliasing); two smaller steps average them, and
    // growing the tiny copy back with smoothing spreads each of its pixels over many: that spread is the blur.
    let source: CanvasImageSource = c.canvas;
    let [w, h] = [width, height];
    for (const step of this.steps) {
      w = Math.max(1, Math.round(w / EFFECTS_DEFAULTS.blurStep));
      h = Math.max(1, Math.round(h / EFFECTS_DEFAULTS.blurStep));
      resize(step, w, h);
      step.globalCompositeOperation = 'copy';
      step.imageSmoothingEnabled = true;
      step.imageSmoothingQuality = 'medium';
      step.drawImage(source, 0, 0, w, h);
      source = step.canvas;
    }
    const middle = this.steps[0]!;
    middle.drawImage(source, 0, 0, middle.canvas.width, middle.canvas.height);
    c.globalCompositeOperation = 'copy';
    c.imageSmoothingQuality = 'medium';
    c.drawImage(middle.canvas, 0, 0, width, height);
  }
}

/** The image background's colour while its picture decodes (never the camera's own background). */
const IMAGE_PENDING_COLOR = '#9bd3f0';

function context2d(): OffscreenCanvasRenderingContext2D {
  // In memory, not on the GPU: the GPU process is busy with segmentation, and every frame is read back anyway.
  return new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true })!;
}

function resize(context: Context2D, width: number, height: number): void {
  if (context.canvas.width !== width || context.canvas.height !== height) {
    context.canvas.width = width;
    context.canvas.height = height;
  }
}
