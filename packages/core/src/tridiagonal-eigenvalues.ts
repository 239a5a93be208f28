// tridiagonalEigenvalues (specs/core.md §1.2, §2.3–2.4): validation, scaling and the
// bisection-or-dsterf rule here; kernels in assembly/src/tridiagonal.ts and src/js/tridiagonal.ts.
import { resolveBackend, type BackendOptions } from './backend.js';
import { checkOptionsObject, normalizeSelection, readTridiagonal, type ProgressOptions } from './eigen-input.js';
import type { EigenvalueSelection } from './eigenvalue-selection.js';
import { throwIfAborted } from './errors.js';
import { selectedTridiagonalEigenvalues } from './tridiagonal-kernels.js';

/** Options of `tridiagonalEigenvalues`: a selection, the backend, and `{ signal, onProgress }`. */
export interface TridiagonalEigenOptions extends BackendOptions, ProgressOptions {
  /** Only these eigenvalues: `{ index: [lo, hi] }` (0-based, inclusive, ascending order) or `{ interval: [vl, vu] }` (half-open (vl, vu]). */
  select?: EigenvalueSelection;
}

const FN = 'tridiagonalEigenvalues';

/**
 * Eigenvalues of the symmetric tridiagonal matrix with `diagonal` (n) and `offDiagonal` (n − 1, the
 * entries themselves: √β_k of a monic recurrence, β_k of Lanczos), ascending.
 *
 * All values: Pal–Walker–Kahan root-free implicit QL/QR (LAPACK `dsterf`), O(n²) time, O(n) memory.
 * Selected values: bisection on Sturm counts (LAPACK `dstebz`) when at most n/20 are wanted,
 * otherwise all by `dsterf` and the selection sliced out (specs/core.md §2.4). Every eigenvalue is
 * accurate to O(u·‖T‖) absolutely. Inputs with entries beyond [1.4e-146, 7.1e145] are scaled by a
 * power of two (exact) and the results unscaled.
 *
 * Errors (`SpectraError`): `E_SHAPE` when `offDiagonal.length ≠ diagonal.length − 1`;
 * `E_NON_FINITE` for NaN or ±Infinity entries; `E_ARGUMENT` for a `select` out of range or with
 * vl ≥ vu; `E_ABORTED` when `signal` has fired; `E_NO_CONVERGENCE` if QL/QR ever exceeds 30·n
 * iterations (not expected for finite input).
 *
 * @example
 * ```ts
 * import { tridiagonalEigenvalues } from '@spectra/core';
 * tridiagonalEigenvalues([2, 2, 2], [1, 1]); // Float64Array [0.585786437626905, 1.9999999999999998, 3.414213562373095] (2 − √2, 2, 2 + √2 to rounding)
 * tridiagonalEigenvalues([2, 2, 2], [1, 1], { select: { index: [2, 2] } }); // Float64Array [3.414213562373095]
 * tridiagonalEigenvalues([2, 2, 2], [1, 1], { select: { interval: [1, 3] } }); // Float64Array [1.9999999999999998]
 * ```
 */
export function tridiagonalEigenvalues(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, options: TridiagonalEigenOptions = {}): Float64Array {
  checkOptionsObject(options, FN);
  const t = readTridiagonal(diagonal, offDiagonal, FN);
  const select = normalizeSelection(options.select, t.n, FN);
  const backend = resolveBackend(options, FN);
  throwIfAborted(options.signal);
  const values = selectedTridiagonalEigenvalues(backend, FN, t.d, t.e, select, t.scale);
  options.onProgress?.(1);
  return values;
}
