/**
 * The insertable-streams path of the background effect, off the page's main thread (where segmentation runs):
 * camera VideoFrames in, composited frames out, each with the latest person mask the page sent.
 */
import { Compositor } from './compositor';
import type { Background } from './settings';

export type ToWorker =
  | { type: 'start'; readable: ReadableStream<VideoFrame>; writable: WritableStream<VideoFrame>; background: Background }
  | { type: 'mask'; mask: ImageData }
  | { type: 'background'; background: Background }
  | { type: 'image'; image: ImageBitmap };
export type FromWorker = { type: 'stats'; frames: number; msPerFrame: number; msPerStep: Record<string, number> } | { type: 'error'; message: string };

const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

let compositor: Compositor | null = null;
let frames = 0;
let busyMs = 0;
let outputMs = 0;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'mask') {
    compositor?.setMask(message.mask);
  } else if (message.type === 'background') {
    compositor?.setBackground(message.background);
  } else if (message.type === 'image') {
    compositor?.setImage(message.image);
  } else {
    run(message.readable, message.writable, message.background).catch((error: Error) => post({ type: 'error', message: error.message }));
  }
};

async function run(readable: ReadableStream<VideoFrame>, writable: WritableStream<VideoFrame>, background: Background): Promise<void> {
  const canvas = new OffscreenCanvas(1, 1);
  // A canvas in memory (not on the GPU): each frame is read back into a VideoFrame anyway, and the GPU process is
  // busy with segmentation's WebGL, which an accelerated canvas would queue behind.
  compositor = new Compositor(canvas.getContext('2d', { willReadFrequently: true })!, background);
  const composite = new TransformStream<VideoFrame, VideoFrame>({
    transform(frame, controller) {
      const started = performance.now();
      try {
        compositor!.draw(frame, frame.displayWidth, frame.displayHeight);
        const drawn = performance.now();
        controller.enqueue(new VideoFrame(canvas, { timestamp: frame.timestamp, duration: frame.duration ?? undefined }));
        outputMs += performance.now() - drawn;
      } finally {
        frame.close();
      }
      busyMs += performance.now() - started;
      if (++frames === 1 || frames % 15 === 0) {
        const perFrame = (ms: number) => ms / frames;
        const times = compositor!.times;
        post({
          type: 'stats',
          frames,
          msPerFrame: perFrame(busyMs),
          msPerStep: { frame: perFrame(times.frame), person: perFrame(times.person), background: perFrame(times.background), output: perFrame(outputMs) },
        });
      }
    },
  });
  await readable.pipeThrough(composite).pipeTo(writable);
}
