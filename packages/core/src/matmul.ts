// matmul: C = α·op(A)·op(B) + β·out (specs/core.md §1.2, §1.4, §2.1). Validation here, identical
// for both backends; then the packed GEMM kernel in wasm (assembly/src/gemm.ts) or its JS twin
// (src/js/gemm.ts, src/js/gemm-f32.ts).
import { resolveBackend, type BackendOptions } from './backend.js';
import { SpectraError } from './errors.js';
import { dgemm } from './js/gemm.js';
import { sgemm } from './js/gemm-f32.js';
import { checkMatrix, type Matrix, type MatrixData } from './matrix.js';
import { WasmFrame } from './wasm/frame.js';
import { registerWarmUp } from './wasm/instance.js';

/** Options of {@link matmul}: transposes, an `out` buffer to write into, and the backend. */
export interface MatmulOptions<T extends MatrixData = MatrixData> extends BackendOptions {
  /** Use Aᵀ in place of A (no copy is made). Default false. */
  transposeA?: boolean;
  /** Use Bᵀ in place of B. Default false. */
  transposeB?: boolean;
  /** Scales the product. Default 1. */
  alpha?: number;
  /** Scales `out` before the product is added (BLAS β); needs `out` unless 0. Default 0. */
  beta?: number;
  /**
   * Where the result goes: an m×n matrix of the operands' dtype. It is overwritten with
   * α·op(A)·op(B) + β·out and returned (with β = 0, its old contents are never read, as in BLAS).
   */
  out?: Matrix<T>;
}

function dtypeName(data: MatrixData): string {
  return data instanceof Float32Array ? 'Float32Array' : 'Float64Array';
}

/** True when two typed arrays share bytes (then the JS kernel must not read one while writing the other). */
function overlaps(x: MatrixData, y: MatrixData): boolean {
  if (x.buffer !== y.buffer) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}

/**
 * Matrix product C = α·op(A)·op(B) + β·out, op(X) = X or Xᵀ, for `Float64Array` or `Float32Array`
 * matrices (both operands, and `out`, of one dtype; the result has it too). Packed,
 * register-blocked SIMD GEMM in wasm; a 4×4 register-blocked JS twin otherwise.
 *
 * Accuracy: |Ĉ − C|ᵢⱼ ≤ γ_k·(|α|·|op(A)|·|op(B)|)ᵢⱼ + O(u)·|β·out|ᵢⱼ (any summation order, with or
 * without FMA: Higham 2002, §3.5). NaN and ±Inf propagate as IEEE arithmetic says (as BLAS; inputs
 * are not checked), except that β = 0 never reads `out` and α = 0 never reads A or B.
 *
 * Errors (`SpectraError`): `E_SHAPE` for inner dimensions that differ, a malformed matrix or an
 * `out` that is not m×n; `E_DTYPE` when A, B and `out` do not share one dtype; `E_ARGUMENT` for
 * non-boolean transposes, non-number α/β, or β ≠ 0 without `out`.
 *
 * @example
 * ```ts
 * import { matmul, createMatrix } from '@spectra/core';
 * const a = createMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
 * const b = createMatrix(3, 2, [7, 8, 9, 10, 11, 12]);
 * matmul(a, b).data; // Float64Array [58, 64, 139, 154]
 * matmul(a, a, { transposeB: true }).data; // Float64Array [14, 32, 32, 77] (A·Aᵀ)
 * const out = createMatrix(2, 2, [1, 1, 1, 1]);
 * matmul(a, b, { alpha: 2, beta: -1, out }).data; // Float64Array [115, 127, 277, 307], written into out
 * ```
 */
export function matmul<T extends MatrixData>(a: Matrix<T>, b: Matrix<T>, options: MatmulOptions<T> = {}): Matrix<T> {
  if (options === null || typeof options !== 'object') {
    throw new SpectraError('E_ARGUMENT', `matmul: options must be an object, got ${String(options)}`);
  }
  checkMatrix(a, 'a', 'matmul');
  checkMatrix(b, 'b', 'matmul');
  const { transposeA = false, transposeB = false, alpha = 1, beta = 0, out } = options;
  if (typeof transposeA !== 'boolean') throw new SpectraError('E_ARGUMENT', `matmul: transposeA must be a boolean, got ${String(transposeA)}`);
  if (typeof transposeB !== 'boolean') throw new SpectraError('E_ARGUMENT', `matmul: transposeB must be a boolean, got ${String(transposeB)}`);
  if (typeof alpha !== 'number') throw new SpectraError('E_ARGUMENT', `matmul: alpha must be a number, got ${String(alpha)}`);
  if (typeof beta !== 'number') throw new SpectraError('E_ARGUMENT', `matmul: beta must be a number, got ${String(beta)}`);
  const single = a.data instanceof Float32Array;
  if ((b.data instanceof Float32Array) !== single) {
    throw new SpectraError('E_DTYPE', `matmul: a is ${dtypeName(a.data)} but b is ${dtypeName(b.data)}; both operands must share one dtype`, { a: dtypeName(a.data), b: dtypeName(b.data) });
  }
  const m = transposeA ? a.cols : a.rows;
  const k = transposeA ? a.rows : a.cols;
  const kb = transposeB ? b.cols : b.rows;
  const n = transposeB ? b.rows : b.cols;
  if (k !== kb) {
    throw new SpectraError(
      'E_SHAPE',
      `matmul: inner dimensions differ: op(a) is ${m}×${k}${transposeA ? ' (a transposed)' : ''} but op(b) is ${kb}×${n}${transposeB ? ' (b transposed)' : ''}`,
      { a: [a.rows, a.cols], b: [b.rows, b.cols], transposeA, transposeB },
    );
  }
  if (out !== undefined) {
    checkMatrix(out, 'out', 'matmul');
    if ((out.data instanceof Float32Array) !== single) {
      throw new SpectraError('E_DTYPE', `matmul: out is ${dtypeName(out.data)} but the operands are ${dtypeName(a.data)}; out must share their dtype`);
    }
    if (out.rows !== m || out.cols !== n) {
      throw new SpectraError('E_SHAPE', `matmul: out is ${out.rows}×${out.cols}, expected the product's shape ${m}×${n}`, { out: [out.rows, out.cols], expected: [m, n] });
    }
  } else if (beta !== 0) {
    throw new SpectraError('E_ARGUMENT', `matmul: beta = ${beta} scales out, but no out was given (pass out, or beta = 0)`);
  }
  const backend = resolveBackend(options, 'matmul');
  const result: Matrix<T> = out ?? { rows: m, cols: n, data: (single ? new Float32Array(m * n) : new Float64Array(m * n)) as T };
  const c = result.data;
  if (m === 0 || n === 0) return result;
  if (k === 0) {
    // An empty sum: C = β·out (β = 0 gives zeros without reading out).
    if (beta === 0) c.fill(0);
    else if (beta !== 1) for (let i = 0; i < c.length; i++) c[i] = beta * c[i]!;
    return result;
  }
  if (backend === 'wasm') {
    wasmGemm(single, transposeA, transposeB, m, n, k, alpha, a.data, a.cols, b.data, b.cols, beta, c);
  } else {
    // The JS kernel writes C while it reads A and B: give it private copies if they share bytes.
    const ad = overlaps(a.data, c) ? a.data.slice() : a.data;
    const bd = overlaps(b.data, c) ? b.data.slice() : b.data;
    if (single) sgemm(transposeA, transposeB, m, n, k, alpha, ad as Float32Array, 0, a.cols, bd as Float32Array, 0, b.cols, beta, c as Float32Array, 0, n);
    else dgemm(transposeA, transposeB, m, n, k, alpha, ad as Float64Array, 0, a.cols, bd as Float64Array, 0, b.cols, beta, c as Float64Array, 0, n);
  }
  return result;
}

/** One wasm GEMM call (§1.3): reset, alloc, copy in, dgemm/sgemm, copy out into c. */
function wasmGemm(
  single: boolean, tA: boolean, tB: boolean, m: number, n: number, k: number, alpha: number,
  a: MatrixData, lda: number, b: MatrixData, ldb: number, beta: number, c: MatrixData,
): void {
  const f = new WasmFrame('matmul');
  if (single) {
    const pa = f.copyInF32(a as Float32Array);
    const pb = f.copyInF32(b as Float32Array);
    const pc = beta !== 0 ? f.copyInF32(c as Float32Array) : f.f32(m * n);
    const pw = f.alloc(f.kernel('sgemm_work')(m, n, k));
    f.call('sgemm', tA ? 1 : 0, tB ? 1 : 0, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, n, pw);
    c.set(f.viewF32(pc, m * n));
  } else {
    const pa = f.copyInF64(a);
    const pb = f.copyInF64(b);
    const pc = beta !== 0 ? f.copyInF64(c) : f.f64(m * n);
    const pw = f.alloc(f.kernel('dgemm_work')(m, n, k));
    f.call('dgemm', tA ? 1 : 0, tB ? 1 : 0, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, n, pw);
    c.set(f.viewF64(pc, m * n));
  }
}

// Wasm starts in V8's baseline tier (Liftoff) and tiers up per function, with no on-stack
// replacement (specs/core.md §4.5): a first n = 512 product ran 3–4.7× slower than a steady one.
// V8 tiers a function up once its Liftoff code has spent a budget proportional to the code it
// executed, so the warm-up feeds exactly the functions whose loops carry a large product: the
// packing of A and B and the macro-kernel, for f64 and for f32 (each dtype is its own
// instantiation). Four 8×8×2048 products per dtype run the packing over 16k entries and the micro-
// kernel over 8k steps each (measured with --trace-wasm-compilation-times: all six functions are
// queued for TurboFan by the fourth call; thirty 48³ products queued the packing only at the end).
// That is 2 MFLOP, a quarter of the thirty 48³ products the spec started from. The driver loop has
// no O(m·n) work of its own (β = 0 stores on the first k-block), so its tier does not matter.
registerWarmUp(() => {
  const k = 2048;
  const a = new Float64Array(8 * k);
  for (let i = 0; i < a.length; i++) a[i] = ((i * 7919) % 17) - 8;
  const a32 = Float32Array.from(a);
  const c = new Float64Array(64);
  const c32 = new Float32Array(64);
  for (let r = 0; r < 4; r++) {
    wasmGemm(false, false, false, 8, 8, k, 1, a, k, a, 8, 0, c);
    wasmGemm(true, false, false, 8, 8, k, 1, a32, k, a32, 8, 0, c32);
  }
  // A wrong product here means the kernel is broken in this engine: fail the load, JS serves.
  let want = 0;
  for (let p = 0; p < k; p++) want += a[p]! * a[p * 8 + 1]!;
  if (c[1] !== want || c32[1] !== want) throw new Error(`gemm warm-up produced ${c[1]}, ${c32[1]}; expected ${want}`);
});
