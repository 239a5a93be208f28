// The benchmark models: a GPT-2-small-shaped stack of dense matrices with seeded heavy-tailed
// float32 entries, and the WeightWatcher reference matrices. Plain data, usable in Node and in a
// browser page alike.
import { rng } from '@spectra/core';
import type { LayerMatrix } from '@spectra/weights';

/** GPT-2 small: 12 blocks of c_attn 768×2304, attn c_proj 768×768, c_fc 768×3072, mlp c_proj 3072×768. */
export const GPT2_SHAPES: ReadonlyArray<readonly [string, number, number]> = [
  ['attn.c_attn', 768, 2304],
  ['attn.c_proj', 768, 768],
  ['mlp.c_fc', 768, 3072],
  ['mlp.c_proj', 3072, 768],
];

/**
 * Seeded heavy-tailed entries: a symmetric power law with tail index 3 (finite variance, infinite
 * fourth moment: a "fat-tailed" layer), |x| = u^(−1/3) − 1, scaled by 1/√N, stored as float32.
 */
export function heavyTailedFloat32(rows: number, cols: number, seed: number): Float32Array {
  // An inline mulberry32 stream (core's rng(seed, { algorithm: 'mulberry32' }) draws the same
  // numbers) keeps the 85 M draws of the whole model to a second or two.
  let state = Number(rng(seed).nextUint32()) | 0;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const out = new Float32Array(rows * cols);
  const scale = 1 / Math.sqrt(Math.max(rows, cols));
  for (let i = 0; i < out.length; i++) {
    const bits = next();
    // 31 bits for the magnitude's uniform (never 0), the last bit for the sign.
    const u = ((bits >>> 1) + 1) / 2147483649;
    const magnitude = 1 / Math.cbrt(u) - 1;
    out[i] = (bits & 1 ? -magnitude : magnitude) * scale;
  }
  return out;
}

/** A dense layer over stored float32 values: `slices()` widens them, as a reader's `read()` does. */
export function denseLayer(layerId: number, name: string, rows: number, cols: number, values: Float32Array): LayerMatrix {
  const N = Math.max(rows, cols);
  const M = Math.min(rows, cols);
  return {
    layerId, name, kind: 'dense', tensorName: name, tensorShape: [rows, cols], dtype: 'float32', rows, cols, N, M, Q: N / M, rf: 1,
    parameters: rows * cols, quantized: false, origin: { file: 'synthetic' }, warnings: [],
    slices: () => [{ rows, cols, data: new Float64Array(values) }],
  };
}

/** The 48 matrices of the GPT-2-small-shaped model (about 85 M float32 values, 340 MB). */
export function gpt2SmallModel(seed = 2026): LayerMatrix[] {
  const layers: LayerMatrix[] = [];
  for (let block = 0; block < 12; block++) {
    for (const [part, rows, cols] of GPT2_SHAPES) {
      const id = layers.length;
      layers.push(denseLayer(id, `h.${block}.${part}.weight`, rows, cols, heavyTailedFloat32(rows, cols, seed * 1000 + id)));
    }
  }
  return layers;
}
