import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DENOISER_LATENCY, Denoiser, RNNOISE_FRAME } from './rnnoise';

const wasm = readFileSync(createRequire(import.meta.url).resolve('@jitsi/rnnoise-wasm/dist/rnnoise.wasm'));
const QUANTUM = 128;

/** Seeded low-passed (brownish) noise at a steady level, like a fan or a room's hum: reproducible, no voice in it. */
function noise(samples: number, amplitude: number, seed = 1): Float32Array {
  const out = new Float32Array(samples);
  let state = seed;
  let low = 0;
  for (let i = 0; i < samples; i++) {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const white = ((t ^ (t >>> 14)) >>> 0) / 2 ** 32 - 0.5;
    low = 0.98 * low + 0.2 * white;
    out[i] = amplitude * low;
  }
  return out;
}

function run(denoiser: Denoiser, input: Float32Array): Float32Array {
  const output = new Float32Array(input.length);
  for (let i = 0; i < input.length; i += QUANTUM) denoiser.process(input.subarray(i, i + QUANTUM), output.subarray(i, i + QUANTUM));
  return output;
}

const energy = (samples: Float32Array) => samples.reduce((sum, s) => sum + s * s, 0) / samples.length;

describe('Denoiser (RNNoise, the real WebAssembly)', () => {
  it('takes out most of the energy of steady noise', () => {
    const input = noise(48_000 * 2, 0.1);
    const output = run(new Denoiser(new WebAssembly.Module(wasm)), input);
    // After the first half second (the network adapts), compare the same stretch.
    const reductionDb = 10 * Math.log10(energy(input.subarray(24_000)) / energy(output.subarray(24_000)));
    expect(reductionDb).toBeGreaterThan(15);
  });

  it('hands back as many samples as it is given, delayed by its latency, in blocks of any length', () => {
    const denoiser = new Denoiser(new WebAssembly.Module(wasm));
    const output = new Float32Array(QUANTUM);
    let silentPrefix = 0;
    for (let block = 0; block < 30; block++) {
      denoiser.process(noise(QUANTUM, 0.1, block + 1), output);
      if (block * QUANTUM < DENOISER_LATENCY) silentPrefix += output.filter((s) => s === 0).length;
    }
    expect(silentPrefix).toBe(DENOISER_LATENCY);
    expect(RNNOISE_FRAME % QUANTUM).not.toBe(0);
  });
});
