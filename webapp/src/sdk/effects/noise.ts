/**
 * Noise suppression on the outgoing microphone, on this device: the source track through an AudioWorklet that
 * runs RNNoise, into a new track that peers are sent instead. Loaded only when turned on; the worklet and the
 * WebAssembly come from our own origin.
 */
import rnnoiseWasmUrl from '@jitsi/rnnoise-wasm/dist/rnnoise.wasm?url';
import { EFFECTS_DEFAULTS } from '../defaults';
import type { TrackEffect } from './local-effects';
import workletUrl from './rnnoise-worklet.ts?worker&url';

let wasm: Promise<ArrayBuffer> | null = null;

function rnnoiseWasm(): Promise<ArrayBuffer> {
  wasm ??= fetch(rnnoiseWasmUrl).then((response) => {
    if (!response.ok) throw new Error(`Noise suppression could not load (${response.status}).`);
    return response.arrayBuffer();
  });
  wasm.catch(() => (wasm = null));
  return wasm;
}

export async function startNoiseSuppression(source: MediaStreamTrack): Promise<TrackEffect> {
  // RNNoise is trained at 48 kHz; the context resamples the microphone to it.
  const context = new AudioContext({ sampleRate: EFFECTS_DEFAULTS.noiseSampleRate, latencyHint: 'interactive' });
  try {
    const [bytes] = await Promise.all([rnnoiseWasm(), context.audioWorklet.addModule(workletUrl)]);
    const denoise = new AudioWorkletNode(context, 'otter-rnnoise', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: { wasm: bytes },
    });
    const input = context.createMediaStreamSource(new MediaStream([source]));
    const output = context.createMediaStreamDestination();
    output.channelCount = 1;
    input.connect(denoise).connect(output);
    // Turned on by a click (or at join, which was one), so the browser lets the context run.
    await context.resume();
    const track = output.stream.getAudioTracks()[0]!;
    return {
      track,
      stop() {
        track.stop();
        input.disconnect();
        denoise.disconnect();
        void context.close();
      },
    };
  } catch (error) {
    void context.close();
    throw error;
  }
}
