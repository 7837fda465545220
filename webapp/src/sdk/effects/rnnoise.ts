/**
 * RNNoise (Xiph's recurrent-network noise suppressor) from @jitsi/rnnoise-wasm's `dist/rnnoise.wasm`, driven
 * directly: no Emscripten glue, so it runs in an AudioWorklet (which has no fetch, no DOM and no timers) and in
 * Node's tests alike. The names are the build's minified exports and imports, as its own glue (`dist/rnnoise.js`)
 * maps them; the version is pinned in package.json for that reason.
 */
const EXPORT = { memory: 'c', init: 'd', create: 'f', malloc: 'g', destroy: 'h', free: 'i', processFrame: 'j' } as const;

/** RNNoise takes 10 ms frames at 48 kHz. */
export const RNNOISE_FRAME = 480;
/** Samples are expected in 16-bit range. */
const SCALE = 32_768;
/**
 * Output lags input by this many samples (8 ms): the smallest multiple of a render quantum (128) that covers the
 * worst gap between a finished 480-sample frame and the next 128 samples asked for, so output never runs dry.
 */
export const DENOISER_LATENCY = 384;

type Fn = (...args: number[]) => number;

export function rnnoiseImports(memory: () => WebAssembly.Memory): WebAssembly.Imports {
  return {
    a: {
      // emscripten_resize_heap(requestedSize): grow to at least that many bytes.
      a: (requested: number) => {
        const mem = memory();
        const pages = Math.ceil((requested - mem.buffer.byteLength) / 65_536);
        try {
          if (pages > 0) mem.grow(pages);
          return 1;
        } catch {
          return 0;
        }
      },
      // emscripten_memcpy_big(dest, src, num)
      b: (dest: number, src: number, num: number) => {
        new Uint8Array(memory().buffer).copyWithin(dest, src, src + num);
        return dest;
      },
    },
  };
}

/**
 * One denoising stream: feed it blocks of any length (an AudioWorklet's 128 samples), get the same number of
 * samples back, denoised, `DENOISER_LATENCY` samples later.
 */
export class Denoiser {
  private readonly exports: Record<string, WebAssembly.ExportValue>;
  private readonly state: number;
  private readonly inPtr: number;
  private readonly outPtr: number;
  private readonly frame = new Float32Array(RNNOISE_FRAME);
  private framed = 0;
  /** Denoised samples not yet handed out, primed with the latency's silence. */
  private pending: Float32Array = new Float32Array(DENOISER_LATENCY);
  private pendingLength = DENOISER_LATENCY;
  /** The last frame's voice probability (0…1), for diagnostics. */
  voice = 0;

  /** Synchronous: an AudioWorklet processor's constructor cannot wait. `module` is the compiled rnnoise.wasm. */
  constructor(module: WebAssembly.Module) {
    let instance: WebAssembly.Instance | undefined = undefined;
    instance = new WebAssembly.Instance(module, rnnoiseImports(() => instance!.exports[EXPORT.memory] as WebAssembly.Memory));
    this.exports = instance.exports;
    this.call('init');
    this.state = this.call('create', 0);
    this.inPtr = this.call('malloc', RNNOISE_FRAME * 4);
    this.outPtr = this.call('malloc', RNNOISE_FRAME * 4);
    this.pending = new Float32Array(DENOISER_LATENCY + 2 * RNNOISE_FRAME);
  }

  /** Denoises `input` into `output` (same length). */
  process(input: Float32Array, output: Float32Array): void {
    for (let i = 0; i < input.length; i++) {
      this.frame[this.framed++] = input[i] * SCALE;
      if (this.framed === RNNOISE_FRAME) {
        this.processFrame();
        this.framed = 0;
      }
    }
    const n = Math.min(output.length, this.pendingLength);
    output.set(this.pending.subarray(0, n));
    output.fill(0, n);
    this.pending.copyWithin(0, n, this.pendingLength);
    this.pendingLength -= n;
  }

  destroy(): void {
    this.call('free', this.inPtr);
    this.call('free', this.outPtr);
    this.call('destroy', this.state);
  }

  private processFrame(): void {
    const heap = new Float32Array((this.exports[EXPORT.memory] as WebAssembly.Memory).buffer);
    heap.set(this.frame, this.inPtr >> 2);
    this.voice = this.call('processFrame', this.state, this.outPtr, this.inPtr);
    const out = new Float32Array((this.exports[EXPORT.memory] as WebAssembly.Memory).buffer, this.outPtr, RNNOISE_FRAME);
    if (this.pendingLength + RNNOISE_FRAME > this.pending.length) {
      const grown = new Float32Array(this.pendingLength + RNNOISE_FRAME);
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    for (let i = 0; i < RNNOISE_FRAME; i++) this.pending[this.pendingLength + i] = out[i] / SCALE;
    this.pendingLength += RNNOISE_FRAME;
  }

  private call(name: keyof typeof EXPORT, ...args: number[]): number {
    return (this.exports[EXPORT[name]] as Fn)(...args);
  }
}
