import { SpectraError } from './errors.js';
import { checkDimension, type Matrix } from './matrix.js';
import { qr } from './qr.js';
import { randomGaussian } from './random-gaussian.js';
import type { BackendOptions } from './backend.js';

/** Options of `randomOrthogonal`: the seed and the backend of the QR. */
export interface RandomOrthogonalOptions extends BackendOptions {
  /** Seed of the Gaussian matrix the sample is made from (default 0). */
  seed?: number | bigint;
}

/**
 * A Haar-distributed n×n orthogonal matrix: Q·sign(diag R) from the QR factorisation of an n×n
 * Gaussian matrix (Mezzadri, "How to generate random matrices from the classical compact groups",
 * Notices AMS 2007: without the sign fix the distribution is not Haar).
 *
 * @example
 * ```ts
 * import { matmul, randomOrthogonal } from '@spectra/core';
 * const o = randomOrthogonal(3, { seed: 5 });
 * o.data.slice(0, 3); // Float64Array [0.7614859906676736, 0.4100994525549648, -0.5019537080558216]: the first row
 * const p = matmul(o, o, { transposeB: true }).data; // o·oᵀ = I to rounding:
 * Math.max(...p.map((x, k) => Math.abs(x - (k % 4 === 0 ? 1 : 0)))); // ≈ 7.8e-16 (max |(o·oᵀ)ᵢⱼ − δᵢⱼ|)
 * ```
 */
export function randomOrthogonal(n: number, options: RandomOrthogonalOptions = {}): Matrix {
  checkDimension(n, 'randomOrthogonal: n');
  const g = randomGaussian(n, n, { seed: options.seed ?? 0 });
  const { q, r } = qr(g, options.backend ? { backend: options.backend } : {});
  if (q.cols !== n) throw new SpectraError('E_INTERNAL', `randomOrthogonal: qr returned ${q.rows}×${q.cols}`);
  const out = q.data;
  for (let j = 0; j < n; j++) {
    if (r.data[j * n + j]! < 0) for (let i = 0; i < n; i++) out[i * n + j] = -out[i * n + j]!;
  }
  return q;
}
