import { EFFECTS_DEFAULTS } from '../defaults';
import type { Background } from './settings';

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
type Source = CanvasImageSource | VideoFrame;

/**
 * Draws one outgoing frame: the person from `frame` where the mask's alpha says "person", the chosen background
 * everywhere else. Until the first mask exists the whole picture counts as background: the effect was chosen
 * to hide it, so it is never sent unprocessed. Runs on the page (canvas path) and in the worker alike.
 */
export class Compositor {
  private readonly small: OffscreenCanvas;
  private readonly smallContext: OffscreenCanvasRenderingContext2D;
  private readonly mask = new OffscreenCanvas(1, 1);
  private readonly maskContext = this.mask.getContext('2d', { willReadFrequently: true })!;
  private hasMask = false;

  constructor(
    private readonly context: Context2D,
    private background: Background,
  ) {
    this.small = new OffscreenCanvas(1, 1);
    this.smallContext = this.small.getContext('2d', { willReadFrequently: true })!;
  }

  setBackground(background: Background): void {
    this.background = background;
  }

  /** The latest person mask; it serves every frame until the next. */
  setMask(mask: ImageData): void {
    if (this.mask.width !== mask.width || this.mask.height !== mask.height) {
      this.mask.width = mask.width;
      this.mask.height = mask.height;
    }
    this.maskContext.putImageData(mask, 0, 0);
    this.hasMask = true;
  }

  draw(frame: Source, width: number, height: number): void {
    const c = this.context;
    if (c.canvas.width !== width || c.canvas.height !== height) {
      c.canvas.width = width;
      c.canvas.height = height;
    }
    c.save();
    c.globalCompositeOperation = 'copy';
    if (this.background.mode === 'none') {
      c.drawImage(frame as CanvasImageSource, 0, 0, width, height);
      c.restore();
      return;
    }
    if (this.hasMask) {
      // The mask's alpha keeps the person: everything drawn next lands only there.
      c.imageSmoothingEnabled = true;
      c.drawImage(this.mask, 0, 0, width, height);
      c.globalCompositeOperation = 'source-in';
      c.drawImage(frame as CanvasImageSource, 0, 0, width, height);
      c.globalCompositeOperation = 'destination-over';
    }
    this.drawBackground(frame, width, height);
    c.restore();
  }

  private drawBackground(frame: Source, width: number, height: number): void {
    const c = this.context;
    if (this.background.mode === 'color') {
      c.fillStyle = this.background.color;
      c.fillRect(0, 0, width, height);
      return;
    }
    // A blur at full size costs far more than the rest of the frame: blur a small copy and scale it up.
    const w = Math.max(1, Math.round(width / EFFECTS_DEFAULTS.blurDownscale));
    const h = Math.max(1, Math.round(height / EFFECTS_DEFAULTS.blurDownscale));
    if (this.small.width !== w || this.small.height !== h) {
      this.small.width = w;
      this.small.height = h;
    }
    const s = this.smallContext;
    // Unfiltered first: the blur fades the edges towards transparent, and these pixels show through there.
    s.filter = 'none';
    s.drawImage(frame as CanvasImageSource, 0, 0, w, h);
    s.filter = `blur(${EFFECTS_DEFAULTS.blurPx}px)`;
    s.drawImage(frame as CanvasImageSource, 0, 0, w, h);
    c.imageSmoothingEnabled = true;
    c.imageSmoothingQuality = 'medium';
    c.drawImage(this.small, 0, 0, width, height);
  }
}
