// gramEigenvalues: the eigenvalues of AᵀA (or A·Aᵀ) — the empirical spectral density of a weight
// matrix (specs/weights.md §3) — in one pass through wasm memory: dsyrk → dsytrd (one- or
// two-stage) → dsterf on buffers that never leave the kernel's memory. Same kernels, same values as
// symmetricEigenvalues(gram(a), { triangle: 'upper' }), without mirroring the Gram matrix, copying it
// out, re-reading and re-checking it, and copying it back in (issue #5: the lever of `spectra analyze`).
import { resolveBackend, type BackendOptions } from './backend.js';
import { checkOptionsObject, type ProgressOptions } from './eigen-input.js';
import { SpectraError, throwIfAborted } from './errors.js';
import { dsyrk as dsyrkJs } from './js/gemm.js';
import { dsterf as dsterfJs } from './js/tridiagonal.js';
import { checkMatrix, type Matrix, type MatrixData } from './matrix.js';
import { tridiagonalizationRoute, tridiagonalizeInJs, tridiagonalizeInWasm, tridiagonalWorkBytes, type Tridiagonalization } from './symmetric-tridiagonalization.js';
import { WasmFrame } from './wasm/frame.js';

/** Options of {@link gramEigenvalues}: the side, the tridiagonal reduction, progress/cancellation and the backend. */
export interface GramEigenvaluesOptions extends BackendOptions, ProgressOptions {
  /** `'AtA'` (default): eigenvalues of AᵀA (cols of them); `'AAt'`: of A·Aᵀ (rows of them). */
  side?: 'AtA' | 'AAt';
  /** The tridiagonal reduction of the Gram matrix, as in `symmetricEigenvalues` (`'auto'` by default). */
  tridiagonalization?: Tridiagonalization;
}

const FN = 'gramEigenvalues';
/**
 * |a| in [2⁻²⁰⁰, 2²⁰⁰] keeps G = AᵀA within [2⁻⁴⁰⁰, k·2⁴⁰⁰], inside dsytrd's safe range, so such
 * inputs (all real weights) go through unscaled and give exactly symmetricEigenvalues(gram(a))'s
 * values; beyond it A is scaled by a power of two on copy-in (exact) and the values scaled back.
 */
const SCALE_LOW = 2 ** -200;
const SCALE_HIGH = 2 ** 200;

/**
 * The eigenvalues of the Gram matrix G = AᵀA (`side: 'AtA'`, default: `a.cols` values) or A·Aᵀ
 * (`'AAt'`: `a.rows` values), ascending, as a `Float64Array`: the squared singular values of A
 * on that side, computed the fast way (specs/weights.md §3: the ESD of a weight matrix W is
 * `gramEigenvalues(W)` for N ≥ M).
 *
 * G's upper triangle by DSYRK (half a GEMM), Householder tridiagonalisation (one-stage `dsytrd`, or
 * the two-stage reduction for orders ≥ 1792), Pal–Walker–Kahan QL/QR (`dsterf`): the kernels of
 * `symmetricEigenvalues(gram(a), { triangle: 'upper' })`, which gives the same values, but here G
 * stays in wasm memory from SYRK to the end. Absolute error O(n·k·u·λ_max) (k the summed dimension):
 * eigenvalues below ≈ n·k·u·λ_max carry no relative accuracy and may come out slightly negative —
 * use `singularValues` (bidiagonal) when they matter.
 *
 * Errors (`SpectraError`): `E_SHAPE`/`E_DTYPE` for a malformed matrix; `E_NON_FINITE` for NaN/±Inf
 * in `a` (naming the entry); `E_ARGUMENT` for a bad `side` or `tridiagonalization`; `E_ABORTED` when
 * `signal` has fired (checked between phases); `E_NO_CONVERGENCE` if QL/QR exceeds 30·n iterations.
 *
 * @example
 * ```ts
 * import { gramEigenvalues, createMatrix } from '@spectra/core';
 * const a = createMatrix(3, 2, [1, 2, 3, 4, 5, 6]);
 * gramEigenvalues(a); // Float64Array [0.26450508726581745, 90.7354949127342] (AᵀA = [[35, 44], [44, 56]]: 45.5 ∓ √2046.25)
 * gramEigenvalues(a, { side: 'AAt' }); // Float64Array [-3.675989946475061e-15, 0.26450508726581756, 90.73549491273415] (0 to rounding)
 * ```
 */
export function gramEigenvalues(a: Matrix<MatrixData>, options: GramEigenvaluesOptions = {}): Float64Array {
  checkOptionsObject(options, FN);
  checkMatrix(a, 'a', FN);
  const side = options.side ?? 'AtA';
  if (side !== 'AtA' && side !== 'AAt') {
    throw new SpectraError('E_ARGUMENT', `${FN}: side must be 'AtA' or 'AAt', got ${String(side)}`);
  }
  // AᵀA: A (k×n) enters SYRK transposed; A·Aᵀ: A is n×k.
  const transpose = side === 'AtA';
  const n = transpose ? a.cols : a.rows;
  const k = transpose ? a.rows : a.cols;
  const route = tridiagonalizationRoute(options.tridiagonalization, n, FN);
  const backend = resolveBackend(options, FN);
  throwIfAborted(options.signal, { fn: FN });
  if (n === 0) return new Float64Array(0);
  let values: Float64Array;
  let info: number;
  let exponent = 0;
  if (backend === 'wasm') {
    const f = new WasmFrame(FN);
    const ap = f.f64(a.data.length);
    const gp = f.f64(n * n);
    const dp = f.f64(n);
    const ep = f.f64(n);
    const work = f.alloc(Math.max(f.kernel('dsyrk_work')(n, k), tridiagonalWorkBytes(f, n, route)));
    const view = f.viewF64(ap, a.data.length);
    view.set(a.data);
    // One SIMD pass: NaN if any entry is NaN, Infinity if any is ±Inf.
    const amax = f.kernel('dmaxabs')(a.data.length, ap);
    if (!Number.isFinite(amax)) throw nonFinite(a);
    exponent = scaleExponent(amax);
    if (exponent !== 0) scaleInPlace(view, -exponent);
    f.call('dsyrk', transpose ? 1 : 0, n, k, 1, ap, a.cols, 0, gp, n, work);
    phase(options, 0.5);
    tridiagonalizeInWasm(f, n, gp, dp, ep, work, route);
    phase(options, 0.9);
    info = f.call('dsterf', n, dp, ep);
    values = f.copyOutF64(dp, n);
  } else {
    let amax = 0;
    const data = a.data;
    for (let i = 0; i < data.length; i++) {
      const x = Math.abs(data[i]!);
      if (!(x <= Number.MAX_VALUE)) throw nonFinite(a);
      if (x > amax) amax = x;
    }
    exponent = scaleExponent(amax);
    // f64 at the chosen scale (f32 input would square its rounding).
    let source: Float64Array;
    if (exponent === 0 && data instanceof Float64Array) source = data;
    else {
      source = Float64Array.from(data);
      if (exponent !== 0) scaleInPlace(source, -exponent);
    }
    const g = new Float64Array(n * n);
    dsyrkJs(transpose, n, k, 1, source, 0, a.cols, 0, g, 0, n);
    phase(options, 0.5);
    values = new Float64Array(n);
    const e = new Float64Array(n);
    tridiagonalizeInJs(n, g, values, e, route);
    phase(options, 0.9);
    info = dsterfJs(n, values, e);
  }
  if (info > 0) {
    throw new SpectraError('E_NO_CONVERGENCE', `${FN}: dsterf left ${info} of ${n - 1} off-diagonals unconverged after ${30 * n} QL/QR iterations (unexpected for finite input; please report)`, { info, n });
  }
  // λ(2^−e·A) = 4^−e·λ(A): scale back in exact steps.
  if (exponent !== 0) scaleInPlace(values, 2 * exponent);
  options.onProgress?.(1);
  return values;
}

/** 0 when max|a| is in [SCALE_LOW, SCALE_HIGH] (or 0), else e with 2^−e·max|a| in [1, 2). */
function scaleExponent(amax: number): number {
  return amax > 0 && (amax < SCALE_LOW || amax > SCALE_HIGH) ? Math.floor(Math.log2(amax)) : 0;
}

/** x ← x·2^exponent, in exact power-of-two steps no factor of which overflows (|exponent| ≤ 2·1074). */
function scaleInPlace(x: Float64Array, exponent: number): void {
  let left = exponent;
  while (left !== 0) {
    const step = Math.max(-1000, Math.min(1000, left));
    const factor = 2 ** step;
    for (let i = 0; i < x.length; i++) x[i] = x[i]! * factor;
    left -= step;
  }
}

function phase(options: GramEigenvaluesOptions, fraction: number): void {
  options.onProgress?.(fraction);
  throwIfAborted(options.signal, { fn: FN });
}

/** E_NON_FINITE naming the first NaN/±Inf entry (error path only). */
function nonFinite(a: Matrix<MatrixData>): SpectraError {
  const { cols, data } = a;
  let i = 0;
  while (i < data.length && Number.isFinite(data[i]!)) i++;
  const row = Math.floor(i / Math.max(cols, 1));
  const col = i - row * cols;
  return new SpectraError('E_NON_FINITE', `${FN}: a[${row}][${col}] is ${data[i]}; entries must be finite`, { row, col, value: data[i] });
}
