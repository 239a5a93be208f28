// Dense symmetric → tridiagonal (dsytrd, specs/core.md §2.2) with backend dispatch, for
// symmetricEigenvalues; the input is read, checked and scaled straight into the kernel's buffer.
// @internal: not part of the package's API.
import type { Backend } from './backend.js';
import { readSymmetricUpper, type Triangle } from './eigen-input.js';
import { dsytrd as dsytrdJs } from './js/sytrd.js';
import type { Matrix, MatrixData } from './matrix.js';
import { WasmFrame } from './wasm/frame.js';

/**
 * Panel width of the blocked `dsytrd` (≤ 1: the unblocked fused kernel). LAPACK's default is 32.
 * Measured at n = 1024 (interleaved kernel calls, noisy 2-core host): nb = 16–32 best, 48 and 64
 * 5–20 % slower; nb = 32 vs unblocked: 10–25 % faster at n = 1024, equal at 512. JS: 1.5× faster.
 */
export const SYTRD_BLOCK = 32;

/** T = QᵀAQ of the scaled A: d, e (scaled by `scale`, a power of two). Q is not formed. */
export function tridiagonalizeSymmetric(backend: Backend, fn: string, a: Matrix<MatrixData>, triangle: Triangle): { d: Float64Array; e: Float64Array; scale: number } {
  const n = a.rows;
  if (backend === 'wasm') {
    const f = new WasmFrame(fn);
    const ap = f.f64(n * n);
    const dp = f.f64(n);
    const ep = f.f64(Math.max(n - 1, 1));
    const work = f.alloc(f.kernel('dsytrd_work')(n, SYTRD_BLOCK));
    const scale = readSymmetricUpper(a, triangle, fn, f.viewF64(ap, n * n));
    f.call('dsytrd', n, ap, n, dp, ep, work, SYTRD_BLOCK);
    return { d: f.copyOutF64(dp, n), e: f.copyOutF64(ep, Math.max(n - 1, 0)), scale };
  }
  const buffer = new Float64Array(n * n);
  const scale = readSymmetricUpper(a, triangle, fn, buffer);
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  dsytrdJs(n, buffer, n, d, e, new Float64Array(n), SYTRD_BLOCK);
  return { d, e, scale };
}
