import { SpectraError } from './errors.js';
import { checkDimension, type Matrix } from './matrix.js';
import { qr } from './qr.js';
import { randomGaussian } from './random-gaussian.js';
import type { BackendOptions } from './backend.js';

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
 * const o = randomOrthogonal(3, { seed: 5 });
 * // o·oᵀ = I to rounding
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
