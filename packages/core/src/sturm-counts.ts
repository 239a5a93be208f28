// sturmCounts (specs/core.md §1.2, §2.4): validation and scaling here; the kernel `dsturm` counts
// eight shifts per pass (two per f64x2 lane) in assembly/src/tridiagonal.ts; JS twin in src/js/.
import { resolveBackend, type BackendOptions } from './backend.js';
import { checkOptionsObject, readTridiagonal } from './eigen-input.js';
import { SpectraError } from './errors.js';
import { sturmCountsKernel } from './tridiagonal-kernels.js';

const FN = 'sturmCounts';

/**
 * For each shift σ, the number of eigenvalues of the symmetric tridiagonal (diagonal, offDiagonal)
 * less than σ: the negative pivots of T − σI = LDLᵀ, q₁ = d₁ − σ, q_i = (d_i − σ) − e²_{i−1}/q_{i−1}
 * (Sylvester's law of inertia). The count is monotone in σ in IEEE arithmetic (Kahan 1966; tiny
 * pivots replaced by −pivmin as in LAPACK `dlaebz`), and exact for a matrix within a few ulps of T;
 * for σ within O(u·‖T‖) of an eigenvalue either answer is possible. ±Infinity shifts count 0 and n.
 *
 * Errors (`SpectraError`): `E_SHAPE` for `offDiagonal.length ≠ diagonal.length − 1` or `shifts`
 * not array-like; `E_NON_FINITE` for a non-finite entry of the matrix or a NaN shift.
 *
 * @example
 * ```ts
 * import { sturmCounts } from '@spectra/core';
 * // Eigenvalues 2 − √2, 2, 2 + √2:
 * sturmCounts([2, 2, 2], [1, 1], [0, 1, 2.5, 4]); // Int32Array [0, 1, 2, 3]
 * ```
 */
export function sturmCounts(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, shifts: ArrayLike<number>, options: BackendOptions = {}): Int32Array {
  checkOptionsObject(options, FN);
  const t = readTridiagonal(diagonal, offDiagonal, FN);
  if (shifts === null || typeof shifts !== 'object' || typeof (shifts as { length?: unknown }).length !== 'number') {
    throw new SpectraError('E_SHAPE', `${FN}: shifts must be an array or typed array of numbers`);
  }
  const scaled = new Float64Array(shifts.length);
  for (let k = 0; k < shifts.length; k++) {
    const s = shifts[k]!;
    if (typeof s !== 'number' || Number.isNaN(s)) {
      throw new SpectraError('E_NON_FINITE', `${FN}: shifts[${k}] is ${String(s)}; shifts must be numbers (±Infinity allowed), not NaN`, { index: k });
    }
    // A power-of-two scale is exact (±Infinity stays itself).
    scaled[k] = s * t.scale;
  }
  const backend = resolveBackend(options, FN);
  return sturmCountsKernel(backend, FN, t.d, t.e, scaled);
}
