/**
 * The AudioWorklet processor `otter-rnnoise`: the microphone, denoised by RNNoise, on the audio thread. Built by
 * Vite as its own file (imported with `?worker&url`) and added with `audioWorklet.addModule`. The worklet has no
 * fetch: the page hands it the bytes of rnnoise.wasm, compiled here synchronously, as a worklet may.
 */
import { Denoiser } from './rnnoise';

// The AudioWorkletGlobalScope is not in TypeScript's DOM library.
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new (options: { processorOptions: { wasm: ArrayBuffer } }) => AudioWorkletProcessor): void;

class RnnoiseProcessor extends AudioWorkletProcessor {
  private readonly denoiser: Denoiser;

  constructor(options: { processorOptions: { wasm: ArrayBuffer } }) {
    super();
    this.denoiser = new Denoiser(new WebAssembly.Module(options.processorOptions.wasm));
  }

  /** Mono: the first input channel, denoised into every output channel. */
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const input = inputs[0]?.[0];
    const output = outputs[0];
    if (!output?.[0]) return true;
    this.denoiser.process(input ?? new Float32Array(output[0].length), output[0]);
    for (let channel = 1; channel < output.length; channel++) output[channel].set(output[0]);
    return true;
  }
}

registerProcessor('otter-rnnoise', RnnoiseProcessor);
