// singularValues(a): Golub–Kahan bidiagonalisation + dqds, or the Gram route (specs/core.md §2.6).
import { resolveBackend, type BackendOptions } from './backend.js';
import { SpectraError, throwIfAborted } from './errors.js';
import { dgebrd as dgebrdJs, dlasq1 as dlasq1Js } from './js/bidiagonal.js';
import { dsyrk as dsyrkJs } from './js/gemm.js';
import { QR_BLOCK } from './js/qr.js';
import { dsytrd as dsytrdJs } from './js/sytrd.js';
import { dsterf as dsterfJs } from './js/tridiagonal.js';
import { checkMatrix, frobeniusNorm, type Matrix, type MatrixData } from './matrix.js';
import { SYTRD_BLOCK } from './symmetric-tridiagonalization.js';
import { WasmFrame } from './wasm/frame.js';
import { registerWarmUp } from './wasm/instance.js';

/** Options of `singularValues`: the method, the backend and `{ signal, onProgress }`. */
export interface SingularValuesOptions extends BackendOptions {
  /**
   * `'bidiagonal'` (default): Golub–Kahan bidiagonalisation (QR first when m ≥ 1.6·n) and dqds,
   * |σ̂_i − σ_i| = O(max(m, n)·u·σ_max). `'gram'`: eigenvalues of the smaller Gram matrix, about
   * 2–4× faster, |σ̂²_i − σ²_i| = O(max(m, n)·u·σ²_max), so values below ≈ √u·σ_max are lost —
   * fine for weight spectra (eigenvalues of WᵀW need absolute accuracy only).
   */
  method?: 'bidiagonal' | 'gram';
  /** Called with the fraction done (0…1) between the phases of the computation. */
  onProgress?: (fraction: number) => void;
  /** Checked before the work and between phases: a fired signal throws `E_ABORTED`. */
  signal?: AbortSignal;
}

/** What `singularValues` returns: the values, descending, with a per-value error estimate. */
export interface SingularValues {
  /** min(m, n) singular values, descending. */
  values: Float64Array;
  /**
   * A bound-sized estimate of each value's absolute error, ε = 4·max(m, n)·u: bidiagonal
   * ε·σ̂_max for every value; Gram min(ε·σ̂²_max/σ̂_i, √ε·σ̂_max).
   */
  errorEstimate: Float64Array;
  /** The method that computed them. */
  method: 'bidiagonal' | 'gram';
}

const UNIT_ROUNDOFF = 2 ** -53;
const SMALLEST_NORMAL = 2 ** -1022;
/** Entries are scaled when the largest magnitude leaves [√(s/u), √(u/s)] (LAPACK `dgesvd`'s range). */
const SCALE_LOW = Math.sqrt(SMALLEST_NORMAL / UNIT_ROUNDOFF);
const SCALE_HIGH = Math.sqrt(UNIT_ROUNDOFF / SMALLEST_NORMAL);
/** Gram route: |a| in [2⁻²⁰⁰, 2²⁰⁰] keeps G within [1e-121, 1e121·max(m, n)], inside dsytrd's safe range. */
const GRAM_SCALE_LOW = 2 ** -200;
const GRAM_SCALE_HIGH = 2 ** 200;

/**
 * The singular values of any m×n matrix, descending, with an error estimate per value.
 *
 * - `'bidiagonal'` (default): QR first when m ≥ 1.6·n (blocked Householder), Golub–Kahan
 *   bidiagonalisation (LAPACK `dgebrd`), then dqds to high relative accuracy on the bidiagonal
 *   (LAPACK `dlasq1`; Fernando & Parlett 1994). Accurate to O(max(m, n)·u·σ_max) like LAPACK `dgesdd`.
 * - `'gram'`: `gram` (syrk) on the smaller side, symmetric eigenvalues, clamped at 0, square roots.
 *   Half the flops, but values below ≈ √u·σ_max carry no relative accuracy.
 *
 * Wide input is transposed on copy-in (σ(A) = σ(Aᵀ)); a single row or column gives its 2-norm;
 * min(m, n) = 0 gives empty arrays. Entries whose largest magnitude leaves [√(s/u), √(u/s)] are
 * scaled by a power of two first (exact) and the values scaled back. Errors: `E_NON_FINITE` for
 * NaN/±Inf, `E_SHAPE`/`E_DTYPE` for a malformed matrix, `E_ARGUMENT` for an unknown method,
 * `E_NO_CONVERGENCE` if dqds (or the eigensolver) fails, `E_ABORTED` if `signal` fires.
 *
 * @example
 * ```ts
 * import { singularValues, matrixFromRows } from '@spectra/core';
 * const { values, errorEstimate } = singularValues(matrixFromRows([[3, 0], [4, 5]]));
 * values;           // Float64Array [6.70820393249937, 2.2360679774997894]  (√45, √5)
 * errorEstimate[0]; // ≈ 5.958e-15 = 4·max(m, n)·u·σ̂_max
 * singularValues(matrixFromRows([[3, 4]])).values; // Float64Array [5]
 * ```
 */
export function singularValues(a: Matrix<MatrixData>, options: SingularValuesOptions = {}): SingularValues {
  checkMatrix(a, 'a', 'singularValues');
  const method = options.method ?? 'bidiagonal';
  if (method !== 'bidiagonal' && method !== 'gram') {
    throw new SpectraError('E_ARGUMENT', `singularValues: method must be 'bidiagonal' or 'gram', got ${String(method)}`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new SpectraError('E_ARGUMENT', 'singularValues: onProgress must be a function');
  }
  const backend = resolveBackend(options, 'singularValues');
  throwIfAborted(options.signal, { fn: 'singularValues' });
  const { rows: m, cols: n, data } = a;
  const k = Math.min(m, n);
  const big = Math.max(m, n);
  let amax = 0;
  for (let i = 0; i < data.length; i++) {
    const x = Math.abs(data[i]!);
    if (!(x <= Number.MAX_VALUE)) {
      throw new SpectraError('E_NON_FINITE', `singularValues: a has a non-finite entry ${data[i]} at (${Math.floor(i / n)}, ${i % n}); expected finite numbers`);
    }
    if (x > amax) amax = x;
  }
  const values = new Float64Array(k);
  const errorEstimate = new Float64Array(k);
  const result: SingularValues = { values, errorEstimate, method };
  if (k === 0 || amax === 0) {
    options.onProgress?.(1);
    return result;
  }
  if (k === 1) {
    // One row or column: its 2-norm, scaled against overflow and underflow.
    values[0] = frobeniusNorm(data);
  } else {
    // Scale by an exact power of two when the entries would over/underflow once squared; the Gram
    // route keeps G = AᵀA (entries up to max(m,n)·max|a|²) inside dsytrd's safe range too.
    const low = method === 'gram' ? GRAM_SCALE_LOW : SCALE_LOW;
    const high = method === 'gram' ? GRAM_SCALE_HIGH : SCALE_HIGH;
    const exponent = amax < low || amax > high ? Math.floor(Math.log2(amax)) : 0;
    if (method === 'gram') gramRoute(a, exponent, backend, values, options);
    else bidiagonalRoute(a, exponent, backend, values, options);
    if (exponent !== 0) scaleByPowerOfTwo(values, exponent);
  }
  fillErrorEstimate(method, big, values, errorEstimate);
  options.onProgress?.(1);
  return result;
}

function fillErrorEstimate(method: 'bidiagonal' | 'gram', big: number, values: Float64Array, out: Float64Array): void {
  const epsilon = 4 * big * UNIT_ROUNDOFF;
  const top = values[0]!;
  if (method === 'bidiagonal') {
    out.fill(epsilon * top);
    return;
  }
  const cap = Math.sqrt(epsilon) * top;
  for (let i = 0; i < values.length; i++) {
    const s = values[i]!;
    // ε·σ̂_max·(σ̂_max/σ̂_i): never forms σ̂²_max, which overflows for values beyond 1e154.
    out[i] = s > 0 ? Math.min(epsilon * top * (top / s), cap) : cap;
  }
}

/** x ← x·2^exponent, in two exact steps so no factor overflows (|exponent| may reach 1074). */
function scaleByPowerOfTwo(x: Float64Array, exponent: number): void {
  const half = Math.trunc(exponent / 2);
  const f1 = 2 ** half;
  const f2 = 2 ** (exponent - half);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * f1 * f2;
}

/**
 * Copies A into `out` as the tall matrix (A if m ≥ n, else Aᵀ), times 2^−exponent. Blocked
 * transpose so both sides stay in cache.
 */
function copyTall(a: Matrix<MatrixData>, exponent: number, out: Float64Array): void {
  const { rows: m, cols: n, data } = a;
  const half = Math.trunc(-exponent / 2);
  const f1 = 2 ** half;
  const f2 = 2 ** (-exponent - half);
  if (m >= n) {
    if (exponent === 0) out.set(data);
    else for (let i = 0; i < data.length; i++) out[i] = data[i]! * f1 * f2;
    return;
  }
  const B = 32;
  for (let ib = 0; ib < m; ib += B) {
    const ie = Math.min(m, ib + B);
    for (let jb = 0; jb < n; jb += B) {
      const je = Math.min(n, jb + B);
      for (let i = ib; i < ie; i++) {
        for (let j = jb; j < je; j++) out[j * m + i] = exponent === 0 ? data[i * n + j]! : data[i * n + j]! * f1 * f2;
      }
    }
  }
}

function bidiagonalRoute(a: Matrix<MatrixData>, exponent: number, backend: 'wasm' | 'js', values: Float64Array, options: SingularValuesOptions): void {
  const big = Math.max(a.rows, a.cols);
  const k = Math.min(a.rows, a.cols);
  const nb = QR_BLOCK;
  let info: number;
  if (backend === 'js') {
    const tall = new Float64Array(big * k);
    copyTall(a, exponent, tall);
    const e = new Float64Array(k - 1);
    dgebrdJs(big, k, tall, k, values, e, nb);
    reportPhase(options, 0.95);
    info = dlasq1Js(k, values, e);
  } else {
    const f = new WasmFrame('singularValues');
    const aPtr = f.f64(big * k);
    const dPtr = f.f64(k);
    const ePtr = f.f64(k);
    const workPtr = f.alloc(Math.max(f.kernel('dgebrd_work')(big, k, nb), f.kernel('dlasq1_work')(k)));
    copyTall(a, exponent, f.viewF64(aPtr, big * k));
    f.call('dgebrd', big, k, aPtr, k, dPtr, ePtr, workPtr, nb);
    reportPhase(options, 0.95);
    info = f.call('dlasq1', k, dPtr, ePtr, workPtr);
    values.set(f.viewF64(dPtr, k));
  }
  if (info > 0) {
    throw new SpectraError('E_NO_CONVERGENCE', `singularValues: dqds left ${info} of ${k} singular values unconverged (not expected for finite input; please report)`, { unconverged: info });
  }
}

/**
 * Gram route in one pass per backend: G = upper triangle of AᵀA (or A·Aᵀ, the smaller side) by
 * `dsyrk`, T = QᵀGQ by `dsytrd` (reading that triangle), all eigenvalues by `dsterf` — the kernels
 * `gram` and `symmetricEigenvalues` run, without mirroring G, copying it out and back in, or
 * re-checking it. The caller scaled A so G stays well inside dsytrd's safe range.
 */
function gramRoute(a: Matrix<MatrixData>, exponent: number, backend: 'wasm' | 'js', values: Float64Array, options: SingularValuesOptions): void {
  const { rows: m, cols: n } = a;
  const k = Math.min(m, n);
  const big = Math.max(m, n);
  const transposeFirst = m >= n ? 1 : 0; // AᵀA when tall, A·Aᵀ when wide
  const half = Math.trunc(-exponent / 2);
  const f1 = 2 ** half;
  const f2 = 2 ** (-exponent - half);
  let ascending: Float64Array;
  let info: number;
  if (backend === 'js') {
    // f64 at the chosen scale (f32 input would square its rounding).
    let source = a.data as Float64Array;
    if (exponent !== 0 || !(a.data instanceof Float64Array)) {
      source = new Float64Array(a.data.length);
      for (let i = 0; i < source.length; i++) source[i] = a.data[i]! * f1 * f2;
    }
    const g = new Float64Array(k * k);
    dsyrkJs(transposeFirst === 1, k, big, 1, source, 0, n, 0, g, 0, k);
    reportPhase(options, 0.4);
    const e = new Float64Array(k);
    ascending = new Float64Array(k);
    dsytrdJs(k, g, k, ascending, e, new Float64Array(k), SYTRD_BLOCK);
    info = dsterfJs(k, ascending, e);
  } else {
    const f = new WasmFrame('singularValues');
    const ap = f.f64(m * n);
    const gp = f.f64(k * k);
    const dp = f.f64(k);
    const ep = f.f64(k);
    const work = f.alloc(Math.max(f.kernel('dsyrk_work')(k, big), f.kernel('dsytrd_work')(k, SYTRD_BLOCK)));
    const view = f.viewF64(ap, m * n);
    if (exponent === 0) view.set(a.data);
    else for (let i = 0; i < view.length; i++) view[i] = a.data[i]! * f1 * f2;
    f.call('dsyrk', transposeFirst, k, big, 1, ap, n, 0, gp, k, work);
    reportPhase(options, 0.4);
    f.call('dsytrd', k, gp, k, dp, ep, work, SYTRD_BLOCK);
    info = f.call('dsterf', k, dp, ep);
    ascending = f.copyOutF64(dp, k);
  }
  if (info > 0) {
    throw new SpectraError('E_NO_CONVERGENCE', `singularValues: dsterf left ${info} of ${k - 1} off-diagonals of the Gram matrix's tridiagonal unconverged (not expected for finite input; please report)`, { unconverged: info });
  }
  // Rounding can push the smallest eigenvalues of a PSD matrix below zero: clamp, then √.
  for (let i = 0; i < k; i++) {
    const lambda = ascending[k - 1 - i]!;
    values[i] = lambda > 0 ? Math.sqrt(lambda) : 0;
  }
}

function reportPhase(options: SingularValuesOptions, fraction: number): void {
  options.onProgress?.(fraction);
  throwIfAborted(options.signal, { fn: 'singularValues' });
}

// Tier-up (specs/core.md §4.5): one small call through the QR-first path, Golub–Kahan and dqds.
// Kept tiny: every warm-up adds to ready() (bar C2), and a large first call tiers its hot helpers
// (axpy, dot, the GEMM micro-kernels, warmed by matmul's own warm-up) up within itself anyway
// (measured: first ÷ steady call of 768×3072 is the same with or without a larger warm-up here).
// Idle: after ready() resolves (see registerWarmUp), so ready() stays within its budget.
registerWarmUp(() => {
  for (const [m, n] of [[48, 24]] as const) {
    const data = new Float64Array(m * n);
    for (let i = 0; i < data.length; i++) data[i] = Math.cos(i * 1.3) + (i % 5) * 0.2;
    singularValues({ rows: m, cols: n, data }, { backend: 'wasm' });
  }
}, { when: 'idle' });
