// Rank-k truncation W_k = U_k Σ_k V_kᵀ of a weight matrix (WeightWatcher's SVDSmoothing needs only
// the top-k singular subspace). Two routes on core's GEMM:
//  - dense: the M×M Gram matrix's top-k eigenvectors (core symmetric eigensolver), W_k = W·V_k·V_kᵀ
//    (or U_k·U_kᵀ·W on the other side): exact up to rounding, best when k is a sizeable part of M;
//  - randomized: the range finder of Halko, Martinsson & Tropp (SIAM Review 53, 2011, Alg. 4.4):
//    Y = (WWᵀ)^q·W·Ω with re-orthonormalisation by QR after every product, Q = qr(Y), B = QᵀW,
//    then the top-k left singular vectors of the small B from its l×l Gram: W_k ≈ Q·U_k·U_kᵀ·B.
import { gram, matmul, qr, randomGaussian, SpectraError, symmetricEigendecomposition, type Matrix } from '@spectra/core';

/** Options of `rankTruncation` (and of `smoothModel`, which passes them on). */
export interface TruncationOptions {
  /** `'auto'` (default): randomized when k + oversampling ≤ M/4, else dense. */
  method?: 'auto' | 'dense' | 'randomized';
  /** Extra random directions (default 10). */
  oversampling?: number;
  /** Power iterations (default 2). */
  powerIterations?: number;
  /** Seed of the Gaussian test matrix (default 0). */
  seed?: number;
  /** Kernel backend passed to core. */
  backend?: 'wasm' | 'js';
}

/**
 * The rank-k truncation W_k = U_k·Σ_k·V_kᵀ of `w` (k = 0 gives zeros, k ≥ min(rows, cols) a copy,
 * method `'identity'`), and the route that computed it.
 *
 * @example
 * ```ts
 * import { createMatrix } from '@spectra/core';
 * import { rankTruncation } from '@spectra/weights';
 * const w = createMatrix(3, 2, [3, 0, 0, 1, 0, 0]); // σ = 3, 1
 * const { matrix, method } = rankTruncation(w, 1);
 * matrix.data; // Float64Array [3, 0, 0, 0, 0, 0]
 * method;      // 'dense' (k + oversampling > M/4)
 * ```
 */
export function rankTruncation(w: Matrix, k: number, options: TruncationOptions = {}): { matrix: Matrix; method: 'dense' | 'randomized' | 'identity' } {
  const M = Math.min(w.rows, w.cols);
  if (!Number.isSafeInteger(k) || k < 0) throw new SpectraError('E_ARGUMENT', `rankTruncation: k must be a non-negative integer, got ${k}`);
  if (k >= M) return { matrix: { rows: w.rows, cols: w.cols, data: Float64Array.from(w.data) }, method: 'identity' };
  if (k === 0) return { matrix: { rows: w.rows, cols: w.cols, data: new Float64Array(w.rows * w.cols) }, method: 'dense' };
  const oversampling = options.oversampling ?? 10;
  let method = options.method ?? 'auto';
  if (method === 'auto') method = k + oversampling <= M / 4 ? 'randomized' : 'dense';
  if (method === 'dense') return { matrix: denseTruncation(w, k, options.backend), method };
  if (method === 'randomized') return { matrix: randomizedTruncation(w, k, oversampling, options.powerIterations ?? 2, options.seed ?? 0, options.backend), method };
  throw new SpectraError('E_ARGUMENT', `rankTruncation: method must be 'auto', 'dense' or 'randomized', got ${String(method)}`);
}

function topEigenvectors(g: Matrix, k: number, backend?: 'wasm' | 'js'): Matrix {
  const n = g.rows;
  const { vectors } = symmetricEigendecomposition(g, { triangle: 'upper', select: { index: [n - k, n - 1] }, backend });
  return vectors; // n×k, ascending values: the top k
}

function denseTruncation(w: Matrix, k: number, backend?: 'wasm' | 'js'): Matrix {
  if (w.cols <= w.rows) {
    const v = topEigenvectors(gram(w, { side: 'AtA', backend }), k, backend); // cols×k
    const wv = matmul(w, v, { backend }); // rows×k
    return matmul(wv, v, { transposeB: true, backend });
  }
  const u = topEigenvectors(gram(w, { side: 'AAt', backend }), k, backend); // rows×k
  const utw = matmul(u, w, { transposeA: true, backend }); // k×cols
  return matmul(u, utw, { backend });
}

function randomizedTruncation(w: Matrix, k: number, oversampling: number, powerIterations: number, seed: number, backend?: 'wasm' | 'js'): Matrix {
  const l = Math.min(Math.min(w.rows, w.cols), k + oversampling);
  const omega = randomGaussian(w.cols, l, { seed });
  let q = qr(matmul(w, omega, { backend })).q; // rows×l
  for (let i = 0; i < powerIterations; i++) {
    const z = qr(matmul(w, q, { transposeA: true, backend })).q; // cols×l
    q = qr(matmul(w, z, { backend })).q;
  }
  const b = matmul(q, w, { transposeA: true, backend }); // l×cols
  const ub = topEigenvectors(gram(b, { side: 'AAt', backend }), k, backend); // l×k
  const projected = matmul(ub, matmul(ub, b, { transposeA: true, backend }), { backend }); // l×cols
  return matmul(q, projected, { backend });
}
