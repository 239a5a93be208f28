import { checkDimension, type Matrix } from './matrix.js';
import { rng, type RngAlgorithm } from './rng.js';

/** Options of `randomGaussian`. */
export interface RandomGaussianOptions {
  /** Seed of the stream (default 0). */
  seed?: number | bigint;
  /** Standard deviation of the entries (default 1). */
  scale?: number;
  /** Generator (default `'xoshiro128**'`). */
  algorithm?: RngAlgorithm;
  /** `'float64'` (default) or `'float32'` (draws in double precision, then rounds). */
  dtype?: 'float64' | 'float32';
}

/**
 * A rows×cols matrix of independent N(0, scale²) entries, drawn row-major from `rng(seed)`.
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * const x = randomGaussian(2000, 1000, { seed: 1, scale: 1 / Math.sqrt(1000) });
 * [x.rows, x.cols]; // [2000, 1000]
 * randomGaussian(2, 2, { seed: 7 }).data;
 * // Float64Array [-0.7011020868196209, 1.7109587992718676, -0.09197490590262557, 1.5418790217108957], on every engine
 * ```
 */
export function randomGaussian(rows: number, cols: number, options: RandomGaussianOptions & { dtype: 'float32' }): Matrix<Float32Array>;
export function randomGaussian(rows: number, cols: number, options?: RandomGaussianOptions): Matrix;
export function randomGaussian(rows: number, cols: number, options: RandomGaussianOptions = {}): Matrix<Float64Array | Float32Array> {
  checkDimension(rows, 'randomGaussian: rows');
  checkDimension(cols, 'randomGaussian: cols');
  const r = rng(options.seed ?? 0, { algorithm: options.algorithm ?? 'xoshiro128**' });
  const data = options.dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  r.fillNormal(data, options.scale ?? 1);
  return { rows, cols, data };
}
