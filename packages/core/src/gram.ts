// gram: the symmetric Gram matrix AᵀA or A·Aᵀ (specs/core.md §1.2, §2.1) by a rank-k update
// (BLAS DSYRK) on the upper triangle only — half the flops of a general product — then mirrored.
import { resolveBackend, type BackendOptions } from './backend.js';
import { SpectraError } from './errors.js';
import { dsyrk } from './js/gemm.js';
import { checkMatrix, type Matrix, type MatrixData } from './matrix.js';
import { WasmFrame } from './wasm/frame.js';

/** Options of {@link gram}: which side (AᵀA or A·Aᵀ) and the backend. */
export interface GramOptions extends BackendOptions {
  /** `'AtA'` (default): AᵀA, cols×cols; `'AAt'`: A·Aᵀ, rows×rows. */
  side?: 'AtA' | 'AAt';
}

/**
 * The Gram matrix G = AᵀA (`side: 'AtA'`, the default; cols×cols) or G = A·Aᵀ (`'AAt'`; rows×rows)
 * as a `Float64Array` matrix with both triangles filled (exactly symmetric). `Float32Array` input is
 * promoted to double on copy-in. Computed by DSYRK on one triangle: half the flops of `matmul`.
 * Accuracy: |Ĝ − G|ᵢⱼ ≤ γ_k·(|A|ᵀ|A|)ᵢⱼ, k the summed dimension. NaN/±Inf propagate (IEEE).
 *
 * Errors: `E_SHAPE` for a malformed matrix, `E_DTYPE` for data that is not a float array,
 * `E_ARGUMENT` for an unknown `side`.
 *
 * @example
 * ```ts
 * import { gram, createMatrix } from '@spectra/core';
 * const a = createMatrix(3, 2, [1, 2, 3, 4, 5, 6]);
 * gram(a).data; // Float64Array [35, 44, 44, 56] (AᵀA)
 * gram(a, { side: 'AAt' }).data; // Float64Array [5, 11, 17, 11, 25, 39, 17, 39, 61] (A·Aᵀ)
 * ```
 */
export function gram(a: Matrix<MatrixData>, options: GramOptions = {}): Matrix {
  if (options === null || typeof options !== 'object') {
    throw new SpectraError('E_ARGUMENT', `gram: options must be an object, got ${String(options)}`);
  }
  checkMatrix(a, 'a', 'gram');
  const side = options.side ?? 'AtA';
  if (side !== 'AtA' && side !== 'AAt') {
    throw new SpectraError('E_ARGUMENT', `gram: side must be 'AtA' or 'AAt', got ${String(side)}`);
  }
  const backend = resolveBackend(options, 'gram');
  // AᵀA: A (k×n, stored as is) transposed; A·Aᵀ: A is n×k.
  const transpose = side === 'AtA';
  const n = transpose ? a.cols : a.rows;
  const k = transpose ? a.rows : a.cols;
  const g = new Float64Array(n * n);
  if (n === 0 || k === 0) return { rows: n, cols: n, data: g };
  if (backend === 'wasm') {
    const f = new WasmFrame('gram');
    const pa = f.copyInF64(a.data);
    const pc = f.f64(n * n);
    const pw = f.alloc(f.kernel('dsyrk_work')(n, k));
    f.call('dsyrk', transpose ? 1 : 0, n, k, 1, pa, a.cols, 0, pc, n, pw);
    g.set(f.viewF64(pc, n * n));
  } else {
    const ad = a.data instanceof Float64Array ? a.data : Float64Array.from(a.data);
    dsyrk(transpose, n, k, 1, ad, 0, a.cols, 0, g, 0, n);
  }
  mirrorUpperToLower(g, n);
  return { rows: n, cols: n, data: g };
}

/** Copies the strict upper triangle onto the lower one, in 32×32 blocks so both stay in cache. */
function mirrorUpperToLower(g: Float64Array, n: number): void {
  const B = 32;
  for (let ib = 0; ib < n; ib += B) {
    const ie = Math.min(n, ib + B);
    for (let jb = ib; jb < n; jb += B) {
      const je = Math.min(n, jb + B);
      for (let i = ib; i < ie; i++) {
        for (let j = Math.max(jb, i + 1); j < je; j++) g[j * n + i] = g[i * n + j]!;
      }
    }
  }
}
