// symmetricEigenvalues (specs/core.md §1.2, §2.2–2.4): validation here; dsytrd (dense →
// tridiagonal; two-stage through a band for large orders), then dsterf for all values or bisection
// for a few (the rule of §2.4).
import { resolveBackend, type BackendOptions } from './backend.js';
import { checkOptionsObject, checkSquare, checkTriangle, normalizeSelection, type ProgressOptions, type Triangle } from './eigen-input.js';
import type { EigenvalueSelection } from './eigenvalue-selection.js';
import { throwIfAborted } from './errors.js';
import type { Matrix, MatrixData } from './matrix.js';
import { tridiagonalizationRoute, tridiagonalizeSymmetric, type Tridiagonalization } from './symmetric-tridiagonalization.js';
import { selectedTridiagonalEigenvalues } from './tridiagonal-kernels.js';
import { registerWarmUp } from './wasm/instance.js';

/**
 * Options of `symmetricEigenvalues` and `symmetricEigendecomposition`: the triangle read, a
 * selection, the backend, and `{ signal, onProgress }` (checked and reported between the phases:
 * tridiagonalisation, eigenvalues, vectors).
 */
export interface SymmetricEigenOptions extends BackendOptions, ProgressOptions {
  /**
   * Which triangle to read. `'both'` (default) checks symmetry (`E_NOT_SYMMETRIC` when
   * max|a_ij − a_ji| > √u·max|a_ij|) and uses ½(A + Aᵀ); `'lower'`/`'upper'` read one triangle
   * and ignore the other (it may hold anything, even NaN).
   */
  triangle?: Triangle;
  /** Only these eigenvalues: `{ index: [lo, hi] }` (0-based, inclusive, ascending order) or `{ interval: [vl, vu] }` (half-open (vl, vu]). */
  select?: EigenvalueSelection;
  /**
   * How A is reduced to tridiagonal form. `'auto'` (default): the blocked one-stage Householder
   * reduction (LAPACK `dsytrd`) below order 1792, the two-stage reduction (dense → band of
   * half-width 32 on GEMMs → tridiagonal by bulge chasing; LAPACK `dsytrd_2stage`) from there on,
   * where the one-stage's memory-bound half dominates. `'one-stage'` / `'two-stage'` force one
   * (both are backward stable; results agree to rounding).
   */
  tridiagonalization?: Tridiagonalization;
}

const FN = 'symmetricEigenvalues';

/**
 * Eigenvalues of the real symmetric matrix `a` (row-major, `Float64Array` or `Float32Array`),
 * ascending, as a `Float64Array`.
 *
 * Householder tridiagonalisation (LAPACK `dsytrd`, or its two-stage variant for n ≥ 1792; backward
 * stable: the result is exact for A + E with ‖E‖ = O(n·u·‖A‖)), then Pal–Walker–Kahan root-free QL/QR (`dsterf`) for all values, or
 * bisection on Sturm counts (`dstebz`) when `select` asks for at most n/20 of them. Each eigenvalue
 * is within O(n·u·‖A‖) of the truth. Matrices with entries beyond [1.4e-146, 7.1e145] are scaled
 * by a power of two (exact), as LAPACK's `dsyev` does, and the results unscaled.
 *
 * Errors (`SpectraError`): `E_SHAPE`/`E_DTYPE` for a malformed matrix; `E_NOT_SQUARE`;
 * `E_NOT_SYMMETRIC` (`triangle: 'both'`); `E_NON_FINITE` for NaN/±Inf in the triangle read;
 * `E_ARGUMENT` for a bad `triangle`, `select` or `tridiagonalization`; `E_ABORTED` when `signal` has fired;
 * `E_NO_CONVERGENCE` if QL/QR exceeds 30·n iterations (not expected for finite input).
 *
 * @example
 * ```ts
 * import { symmetricEigenvalues, matrixFromRows } from '@spectra/core';
 * const a = matrixFromRows([[2, 1, 0], [1, 2, 1], [0, 1, 2]]);
 * symmetricEigenvalues(a); // Float64Array [0.585786437626905, 1.9999999999999998, 3.414213562373095] (2 − √2, 2, 2 + √2 to rounding)
 * symmetricEigenvalues(a, { select: { index: [0, 0] } }); // Float64Array [0.585786437626905]
 * symmetricEigenvalues(matrixFromRows([[5]])); // Float64Array [5]
 * symmetricEigenvalues(a, { tridiagonalization: 'two-stage' }); // Float64Array [0.585786437626905, 1.9999999999999998, 3.414213562373095]
 * ```
 */
export function symmetricEigenvalues(a: Matrix<MatrixData>, options: SymmetricEigenOptions = {}): Float64Array {
  checkOptionsObject(options, FN);
  const n = checkSquare(a, FN);
  const triangle = checkTriangle(options.triangle ?? 'both', FN);
  const select = normalizeSelection(options.select, n, FN);
  const route = tridiagonalizationRoute(options.tridiagonalization, n, FN);
  const backend = resolveBackend(options, FN);
  throwIfAborted(options.signal);
  if (n === 0) return new Float64Array(0);
  const { d, e, scale } = tridiagonalizeSymmetric(backend, FN, a, triangle, route);
  options.onProgress?.(0.9);
  throwIfAborted(options.signal);
  const values = selectedTridiagonalEigenvalues(backend, FN, d, e, select, scale);
  options.onProgress?.(1);
  return values;
}

// Tier up dsytrd's hot loops at load (specs/core.md §4.5).
registerWarmUp(() => {
  const n = 48;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = Math.cos(i + j) + (i === j ? 2 : 0);
  for (let round = 0; round < 4; round++) symmetricEigenvalues({ rows: n, cols: n, data }, { backend: 'wasm', triangle: 'upper' });
});

// The two-stage route (large orders only), after ready() resolves: one panel of stage 1, the bulge
// chasing of stage 2 (specs/core.md §4.5).
registerWarmUp(() => {
  const n = 72;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = Math.cos(i + j) + (i === j ? 2 : 0);
  for (let round = 0; round < 2; round++) symmetricEigenvalues({ rows: n, cols: n, data }, { backend: 'wasm', triangle: 'upper', tridiagonalization: 'two-stage' });
}, { when: 'idle' });
