/**
 * Person segmentation with MediaPipe's selfie segmentation (@mediapipe/selfie_segmentation): its script, its
 * WebAssembly and its model ship in the npm package, and Vite copies each into our build as an asset, so all of it
 * comes from our own origin (the CSP allows scripts from 'self' and WebAssembly compilation, nothing else).
 */
import scriptUrl from '@mediapipe/selfie_segmentation/selfie_segmentation.js?url';
import binarypbUrl from '@mediapipe/selfie_segmentation/selfie_segmentation.binarypb?url';
import landscapeModelUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite?url';
import dataUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.data?url';
import simdLoaderUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.js?url';
import simdWasmUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.wasm?url';
import loaderUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_solution_wasm_bin.js?url';
import wasmUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_solution_wasm_bin.wasm?url';
import type { Results, SelfieSegmentation } from '@mediapipe/selfie_segmentation';

/** Every file the solution asks `locateFile` for, by its name in the package. */
const FILES: Record<string, string> = {
  'selfie_segmentation.binarypb': binarypbUrl,
  'selfie_segmentation_landscape.tflite': landscapeModelUrl,
  'selfie_segmentation_solution_simd_wasm_bin.data': dataUrl,
  'selfie_segmentation_solution_simd_wasm_bin.js': simdLoaderUrl,
  'selfie_segmentation_solution_simd_wasm_bin.wasm': simdWasmUrl,
  'selfie_segmentation_solution_wasm_bin.js': loaderUrl,
  'selfie_segmentation_solution_wasm_bin.wasm': wasmUrl,
};

export const NO_WEBGL = 'Background effects need WebGL, which this browser does not offer.';

/** The landscape model (256×144): the shape of a call's camera picture. */
const LANDSCAPE_MODEL = 1;

export interface Segmenter {
  /** The person mask (alpha = person) for `image`, as pixels in memory; one at a time, in order. */
  segment(image: HTMLCanvasElement): Promise<ImageData>;
}

let loaded: Promise<Segmenter> | null = null;

/** The page's one segmenter (a WebGL context and the WebAssembly instance), made on first use. */
export function loadSegmenter(): Promise<Segmenter> {
  loaded ??= create();
  loaded.catch(() => (loaded = null));
  return loaded;
}

async function create(): Promise<Segmenter> {
  // MediaPipe's graph runs on WebGL, and without it its initialize() never settles (headless Firefox has none):
  // the call would wait for the effect, sending no video, for good. Refused at once instead.
  const probe = document.createElement('canvas');
  if (!probe.getContext('webgl2') && !probe.getContext('webgl')) throw new Error(NO_WEBGL);
  await addScript(scriptUrl);
  const Solution = (globalThis as unknown as { SelfieSegmentation?: typeof SelfieSegmentation }).SelfieSegmentation;
  if (!Solution) throw new Error('Background effects could not load.');
  const solution = new Solution({
    locateFile: (file) => {
      const url = FILES[file];
      if (!url) throw new Error(`Background effects asked for an unknown file ${file}.`);
      return url;
    },
  });
  solution.setOptions({ modelSelection: LANDSCAPE_MODEL, selfieMode: false });
  let latest: Results | null = null;
  solution.onResults((results) => {
    latest = results;
  });
  await solution.initialize();
  // The mask leaves WebGL once, here: compositing reads it every frame, and reading it back from the GPU process
  // each time (busy with the next segmentation) was what made frames slow.
  const readback = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    segment(image) {
      const next = queue.then(async () => {
        latest = null;
        await solution.send({ image });
        if (!latest) throw new Error('Segmentation gave no result.');
        const mask = (latest as Results).segmentationMask;
        readback.canvas.width = mask.width;
        readback.canvas.height = mask.height;
        readback.drawImage(mask, 0, 0);
        return readback.getImageData(0, 0, mask.width, mask.height);
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

function addScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.crossOrigin = 'anonymous';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('Background effects could not load.'));
    document.head.appendChild(script);
  });
}
