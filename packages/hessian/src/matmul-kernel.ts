// @internal The one place the engine multiplies matrices. Two implementations behind one
// signature: `'loop'`, plain JS loops of this package (the first engine, and an independent check
// of core's GEMM), and core's `matmul` on its `'js'` or `'wasm'` backend. The engine calls only
// `gemm`, so both stay testable side by side (hessian task: "keep both testable").
import { matmul, SpectraError, type Backend } from '@spectra/core';

/**
 * How the engine multiplies: `'loop'` (this package's JS loops), or core's `matmul` on `'js'` or
 * `'wasm'`. Undefined: core's `matmul` with core's current backend setting.
 */
export type EngineBackend = 'loop' | Backend;

/** Options every product, training and spectral call accepts. */
export interface EngineOptions {
  /** See `EngineBackend`. */
  backend?: EngineBackend;
}

/** @internal Validates a backend option. */
export function checkEngineBackend(backend: unknown, fn: string): EngineBackend | undefined {
  if (backend === undefined || backend === 'loop' || backend === 'js' || backend === 'wasm') return backend;
  throw new SpectraError('E_ARGUMENT', `${fn}: backend must be 'loop', 'js' or 'wasm', got ${String(backend)}`);
}

/**
 * @internal C (m×n) = α·op(A)·op(B) + β·C on contiguous row-major arrays. op(A) is m×k: A is
 * stored m×k, or k×m when `transposeA`. op(B) is k×n: B is k×n, or n×k when `transposeB`.
 * β is 0 (C overwritten) or 1 (accumulate).
 */
export function gemm(
  backend: EngineBackend | undefined,
  transposeA: boolean,
  transposeB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  b: Float64Array,
  beta: 0 | 1,
  c: Float64Array,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (beta === 0) c.fill(0, 0, m * n);
    return;
  }
  if (backend === 'loop') {
    if (beta === 0) c.fill(0, 0, m * n);
    if (!transposeA && !transposeB) loopNN(m, n, k, alpha, a, b, c);
    else if (!transposeA && transposeB) loopNT(m, n, k, alpha, a, b, c);
    else if (transposeA && !transposeB) loopTN(m, n, k, alpha, a, b, c);
    else loopTT(m, n, k, alpha, a, b, c);
    return;
  }
  const A = transposeA ? { rows: k, cols: m, data: a.length === k * m ? a : a.subarray(0, k * m) } : { rows: m, cols: k, data: a.length === m * k ? a : a.subarray(0, m * k) };
  const B = transposeB ? { rows: n, cols: k, data: b.length === n * k ? b : b.subarray(0, n * k) } : { rows: k, cols: n, data: b.length === k * n ? b : b.subarray(0, k * n) };
  const out = { rows: m, cols: n, data: c.length === m * n ? c : c.subarray(0, m * n) };
  const result = matmul(A, B, backend === undefined ? { transposeA, transposeB, alpha, beta, out } : { transposeA, transposeB, alpha, beta, out, backend });
  if (result.data !== out.data) out.data.set(result.data);
}

// C += α·A·B: i-p-j order, the inner loop a contiguous axpy over a row of B. Zero entries of A
// are skipped: ReLU signals and image inputs (MNIST is ~80 % zeros) are often exactly zero.
function loopNN(m: number, n: number, k: number, alpha: number, a: Float64Array, b: Float64Array, c: Float64Array): void {
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const x = a[ai + p]!;
      if (x === 0) continue;
      const s = alpha * x;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j]! += s * b[bp + j]!;
    }
  }
}

// C += α·A·Bᵀ: dot products of rows, four rows of B per pass over a row of A.
function loopNT(m: number, n: number, k: number, alpha: number, a: Float64Array, b: Float64Array, c: Float64Array): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[ai + p]!;
        s0 += x * b[b0 + p]!;
        s1 += x * b[b1 + p]!;
        s2 += x * b[b2 + p]!;
        s3 += x * b[b3 + p]!;
      }
      c[ci + j]! += alpha * s0;
      c[ci + j + 1]! += alpha * s1;
      c[ci + j + 2]! += alpha * s2;
      c[ci + j + 3]! += alpha * s3;
    }
    for (; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p]! * b[bj + p]!;
      c[ci + j]! += alpha * s;
    }
  }
}

// C += α·Aᵀ·B: blocks of 8 rows of C stay in cache while rows of B stream past.
function loopTN(m: number, n: number, k: number, alpha: number, a: Float64Array, b: Float64Array, c: Float64Array): void {
  const block = 8;
  for (let i0 = 0; i0 < m; i0 += block) {
    const i1 = Math.min(m, i0 + block);
    for (let p = 0; p < k; p++) {
      const bp = p * n;
      const ap = p * m;
      for (let i = i0; i < i1; i++) {
        const x = a[ap + i]!;
        if (x === 0) continue;
        const s = alpha * x;
        const ci = i * n;
        for (let j = 0; j < n; j++) c[ci + j]! += s * b[bp + j]!;
      }
    }
  }
}

function loopTT(m: number, n: number, k: number, alpha: number, a: Float64Array, b: Float64Array, c: Float64Array): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[p * m + i]! * b[j * k + p]!;
      c[i * n + j]! += alpha * s;
    }
  }
}
