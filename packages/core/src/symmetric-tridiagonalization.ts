// Dense symmetric → tridiagonal (specs/core.md §2.2) with backend dispatch, for
// symmetricEigenvalues and gramEigenvalues: the blocked one-stage dsytrd, or for large orders the
// two-stage reduction (dense → band → tridiagonal, values only). The input is read, checked and
// scaled straight into the kernel's buffer.
// @internal: not part of the package's API.
import type { Backend } from './backend.js';
import { readSymmetricUpper, type Triangle } from './eigen-input.js';
import { SpectraError } from './errors.js';
import { dsytrd as dsytrdJs } from './js/sytrd.js';
import { dsytrd2stage as dsytrd2stageJs } from './js/sytrd-2stage.js';
import type { Matrix, MatrixData } from './matrix.js';
import { WasmFrame } from './wasm/frame.js';

/**
 * Panel width of the blocked `dsytrd` (≤ 1: the unblocked fused kernel). LAPACK's default is 32.
 * Measured at n = 1024 (interleaved kernel calls, noisy 2-core host): nb = 16–32 best, 48 and 64
 * 5–20 % slower; nb = 32 vs unblocked: 10–25 % faster at n = 1024, equal at 512. JS: 1.5× faster.
 */
export const SYTRD_BLOCK = 32;

/**
 * Half-bandwidth kd of the two-stage reduction's intermediate band. Measured (bench/src/core/eigen.ts,
 * kernel-level CPU time, Node 20, 2-core host): at n = 768 / 1024 / 2048 kd = 16 … 48 are within
 * 10 % of each other; smaller bands starve stage 1's GEMMs (kd = 8: +30–50 %), larger ones make the
 * O(kd·n²) bulge chasing of stage 2 dearer (kd = 64: +15–40 %). 32 is LAPACK's usual choice too.
 */
export const TWO_STAGE_BAND = 32;

/**
 * Order from which `tridiagonalization: 'auto'` takes the two-stage route. Below it the one-stage
 * dsytrd is as fast or faster on this class of machine: its memory-bound symv runs from the 2 MiB
 * L2 / the L3 at nearly the speed of its GEMM-bound half (16–17 GFLOP/s at n = 768–1024, against
 * 17.5–19.6 for stage 1 alone, to which stage 2 adds 10–25 %). Measured two-stage ÷ one-stage
 * (interleaved, CPU time): 1.2 at 768, 1.13–1.20 at 1024, 0.99–1.08 at 1536, 0.95–1.03 at 1792,
 * 0.83–0.96 at 2048, 0.74 at 4096; on a loaded host (load 7–8) already 0.95–0.99 at 1536 (the
 * one-stage symv suffers most from shared memory bandwidth). Record in bench/src/core/eigen.ts.
 */
export const TWO_STAGE_MIN_ORDER = 1792;

/** How a dense symmetric matrix is reduced to tridiagonal form. */
export type Tridiagonalization = 'auto' | 'one-stage' | 'two-stage';

/** Validates the `tridiagonalization` option and resolves `'auto'` for order n. */
export function tridiagonalizationRoute(option: unknown, n: number, fn: string): 'one-stage' | 'two-stage' {
  const value = option ?? 'auto';
  if (value !== 'auto' && value !== 'one-stage' && value !== 'two-stage') {
    throw new SpectraError('E_ARGUMENT', `${fn}: tridiagonalization must be 'auto', 'one-stage' or 'two-stage', got ${String(value)}`);
  }
  if (value === 'auto') return n >= TWO_STAGE_MIN_ORDER ? 'two-stage' : 'one-stage';
  return value;
}

/** T = QᵀAQ of the scaled A: d, e (scaled by `scale`, a power of two). Q is not formed. */
export function tridiagonalizeSymmetric(
  backend: Backend, fn: string, a: Matrix<MatrixData>, triangle: Triangle, route: 'one-stage' | 'two-stage' = 'one-stage',
): { d: Float64Array; e: Float64Array; scale: number } {
  const n = a.rows;
  if (backend === 'wasm') {
    const f = new WasmFrame(fn);
    const ap = f.f64(n * n);
    const dp = f.f64(n);
    const ep = f.f64(Math.max(n - 1, 1));
    const work = f.alloc(tridiagonalWorkBytes(f, n, route));
    const scale = readSymmetricUpper(a, triangle, fn, f.viewF64(ap, n * n));
    tridiagonalizeInWasm(f, n, ap, dp, ep, work, route);
    return { d: f.copyOutF64(dp, n), e: f.copyOutF64(ep, Math.max(n - 1, 0)), scale };
  }
  const buffer = new Float64Array(n * n);
  const scale = readSymmetricUpper(a, triangle, fn, buffer);
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  tridiagonalizeInJs(n, buffer, d, e, route);
  return { d, e, scale };
}

/** Bytes of `work` the wasm reduction of order n needs on `route`. */
export function tridiagonalWorkBytes(f: WasmFrame, n: number, route: 'one-stage' | 'two-stage'): number {
  return route === 'two-stage' ? f.kernel('dsytrd_2stage_work')(n, TWO_STAGE_BAND) : f.kernel('dsytrd_work')(n, SYTRD_BLOCK);
}

/** Reduces the upper triangle of the n×n matrix at `ap` (leading dimension n) in wasm memory into d, e. */
export function tridiagonalizeInWasm(f: WasmFrame, n: number, ap: number, dp: number, ep: number, work: number, route: 'one-stage' | 'two-stage'): void {
  if (route === 'two-stage') f.call('dsytrd_2stage', n, ap, n, dp, ep, work, TWO_STAGE_BAND);
  else f.call('dsytrd', n, ap, n, dp, ep, work, SYTRD_BLOCK);
}

/** The JS twin of tridiagonalizeInWasm on a row-major n×n buffer (overwritten). */
export function tridiagonalizeInJs(n: number, buffer: Float64Array, d: Float64Array, e: Float64Array, route: 'one-stage' | 'two-stage'): void {
  if (route === 'two-stage') dsytrd2stageJs(n, buffer, n, d, e, TWO_STAGE_BAND);
  else dsytrdJs(n, buffer, n, d, e, new Float64Array(n), SYTRD_BLOCK);
}
