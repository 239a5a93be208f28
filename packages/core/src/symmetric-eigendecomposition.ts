// symmetricEigendecomposition (specs/core.md §1.2, §2.3): dsytrd → dorgtr (Q from the reflectors)
// → dsteqr (implicit QL/QR with every rotation applied to Q), in wasm (assembly/src/sytrd.ts) or
// the JS twins (src/js/sytrd.ts, src/js/tridiagonal.ts).
import { resolveBackend } from './backend.js';
import { checkOptionsObject, checkSquare, checkTriangle, normalizeSelection, readSymmetricUpper, type NormalizedSelection, type Triangle } from './eigen-input.js';
import { SpectraError, throwIfAborted } from './errors.js';
import { dorgtr as dorgtrJs, dormtr as dormtrJs, dsytrd as dsytrdJs } from './js/sytrd.js';
import { dstebz as dstebzJs, dstein as dsteinJs, steqr as steqrJs, sturm as sturmJs } from './js/tridiagonal.js';
import type { Matrix, MatrixData } from './matrix.js';
import type { SymmetricEigenOptions } from './symmetric-eigenvalues.js';
import { SYTRD_BLOCK } from './symmetric-tridiagonalization.js';
import { WasmFrame } from './wasm/frame.js';
import { registerWarmUp } from './wasm/instance.js';

/** Eigenvalues and unit eigenvectors of a symmetric matrix. */
export interface SymmetricEigendecomposition {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** n×k row-major matrix: column i is the unit eigenvector of `values[i]` (its sign is arbitrary). */
  vectors: Matrix;
}

const FN = 'symmetricEigendecomposition';

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors of the real symmetric matrix `a`:
 * A·V = V·Λ with VᵀV = I.
 *
 * LAPACK's `dsyev` route: Householder tridiagonalisation (`dsytrd`), Q formed from the reflectors
 * (`dorgtr`), then implicit QL/QR (`dsteqr`) applying every rotation to Q; O(n³) (about 9n³ flops).
 * ‖AV − VΛ‖_F and ‖VᵀV − I‖_F are O(n·u·‖A‖_F) and O(n·u). For clustered eigenvalues single vectors
 * are ill-determined but the invariant subspace of the cluster is accurate. With `select` asking
 * for at most n/20 values, those are found by bisection (`dstebz`), their vectors by inverse
 * iteration (`dstein`, Gram–Schmidt within clusters) and carried back through the reflectors
 * (`dormtr`): O(n²·k) after the reduction instead of O(n³) (should inverse iteration not converge,
 * the full route runs instead). Larger selections compute everything and return the selected
 * columns. Triangle handling, scaling and errors are those of `symmetricEigenvalues`.
 *
 * @example
 * ```ts
 * import { symmetricEigendecomposition, matrixFromRows } from '@spectra/core';
 * const { values, vectors } = symmetricEigendecomposition(matrixFromRows([[2, 1], [1, 2]]));
 * values; // Float64Array [1, 3]
 * // Columns of vectors: ±(1, −1)/√2 for 1 and ±(1, 1)/√2 for 3 (signs are arbitrary):
 * vectors.data; // Float64Array [-0.7071067811865475, 0.7071067811865475, 0.7071067811865475, 0.7071067811865475]
 * ```
 */
export function symmetricEigendecomposition(a: Matrix<MatrixData>, options: SymmetricEigenOptions = {}): SymmetricEigendecomposition {
  checkOptionsObject(options, FN);
  const n = checkSquare(a, FN);
  const triangle = checkTriangle(options.triangle ?? 'both', FN);
  const select = normalizeSelection(options.select, n, FN);
  const backend = resolveBackend(options, FN);
  throwIfAborted(options.signal);
  if (n === 0) return { values: new Float64Array(0), vectors: { rows: 0, cols: 0, data: new Float64Array(0) } };
  const progress = options.onProgress ?? ((): void => {});
  const result = backend === 'wasm' ? decomposeWasm(a, triangle, select, progress) : decomposeJs(a, triangle, select, progress);
  options.onProgress?.(1);
  return result;
}

/** The columns [first, last) of the selection, from the ascending scaled values. */
function selectedRange(values: Float64Array, select: NormalizedSelection, scale: number): [number, number] {
  const n = values.length;
  if (select === null) return [0, n];
  if (select.kind === 'index') return [select.lo, select.hi + 1];
  const vl = select.vl * scale;
  const vu = select.vu * scale;
  let first = 0;
  while (first < n && !(values[first]! > vl)) first++;
  let last = first;
  while (last < n && values[last]! <= vu) last++;
  return [first, last];
}

/**
 * Leading dimension of the column-major Z: n rounded up to a cache line (8 doubles) plus one line.
 * With ldz = n, a power-of-two n puts every column of a row strip in the same L1 set and the
 * rotation passes of dsteqr thrash (measured 2.5–5× slower at n = 512 and 1024).
 */
function paddedLeadingDimension(n: number): number {
  return Math.ceil(n / 8) * 8 + 8;
}

/**
 * Output: values[first..last) unscaled, and V (n×k row-major) = columns first..last of the
 * column-major Z (column j of Z at z[j·ldz …]): a blocked transpose.
 */
function assemble(n: number, values: Float64Array, z: Float64Array, ldz: number, first: number, last: number, scale: number): SymmetricEigendecomposition {
  const k = last - first;
  const out = new Float64Array(n * k);
  const B = 32;
  for (let jb = 0; jb < k; jb += B) {
    const je = Math.min(k, jb + B);
    for (let rb = 0; rb < n; rb += B) {
      const re = Math.min(n, rb + B);
      for (let j = jb; j < je; j++) {
        const col = (first + j) * ldz;
        for (let r = rb; r < re; r++) out[r * k + j] = z[col + r]!;
      }
    }
  }
  const vals = values.slice(first, last);
  if (scale !== 1) {
    const inv = 1 / scale;
    for (let i = 0; i < k; i++) vals[i] = vals[i]! * inv;
  }
  return { values: vals, vectors: { rows: n, cols: k, data: out } };
}

function noConvergence(info: number, n: number): SpectraError {
  return new SpectraError('E_NO_CONVERGENCE', `${FN}: dsteqr left ${info} of ${n - 1} off-diagonal entries unconverged after ${30 * n} QL/QR iterations (unexpected for finite input; please report)`, { info, n });
}

/**
 * How a selection is served: by bisection + inverse iteration when it holds at most n/20 values
 * (specs/core.md §2.3–2.4), else by the full decomposition. `counts` gives the Sturm counts of two
 * shifts of the scaled tridiagonal (for an interval's size).
 */
type SelectionPlan = { kind: 'full' } | { kind: 'few'; mode: 0 | 1; lo: number; hi: number; vl: number; vu: number; k: number };

function planSelection(n: number, select: NormalizedSelection, scale: number, counts: (vl: number, vu: number) => Int32Array): SelectionPlan {
  if (select === null) return { kind: 'full' };
  if (select.kind === 'index') {
    const k = select.hi - select.lo + 1;
    return k <= n / 20 ? { kind: 'few', mode: 0, lo: select.lo, hi: select.hi, vl: 0, vu: 0, k } : { kind: 'full' };
  }
  const vl = select.vl * scale;
  const vu = select.vu * scale;
  const c = counts(vl, vu);
  const k = Math.max(0, c[1]! - c[0]!);
  return k <= n / 20 ? { kind: 'few', mode: 1, lo: 0, hi: 0, vl, vu, k } : { kind: 'full' };
}

function decomposeWasm(a: Matrix<MatrixData>, triangle: Triangle, select: NormalizedSelection, progress: (fraction: number) => void): SymmetricEigendecomposition {
  const n = a.rows;
  const f = new WasmFrame(FN);
  const ldz = paddedLeadingDimension(n);
  const ap = f.f64(n * n);
  const dp = f.f64(n);
  const ep = f.f64(Math.max(n - 1, 1));
  const sytrdWork = f.kernel('dsytrd_work')(n, SYTRD_BLOCK);
  const work = f.alloc(sytrdWork);
  const scale = readSymmetricUpper(a, triangle, FN, f.viewF64(ap, n * n));
  f.call('dsytrd', n, ap, n, dp, ep, work, SYTRD_BLOCK);
  progress(0.2);
  // τ sits in the first n doubles of work.
  const plan = planSelection(n, select, scale, (vl, vu) => {
    const sp = f.copyInF64([vl, vu]);
    const cp = f.i32(2);
    const sw = f.alloc(f.kernel('dsturm_work')(n));
    f.call('dsturm', n, dp, ep, 2, sp, cp, sw);
    return f.copyOutI32(cp, 2);
  });
  if (plan.kind === 'few') {
    if (plan.k === 0) return { values: new Float64Array(0), vectors: { rows: n, cols: 0, data: new Float64Array(0) } };
    const wp = f.f64(n);
    const bw = f.alloc(f.kernel('dstebz_work')(n));
    const k = f.call('dstebz', n, dp, ep, plan.mode, plan.lo, plan.hi, plan.vl, plan.vu, 0, wp, bw);
    const zp = Math.ceil(f.alloc(8 * ldz * Math.max(k, 1) + 64) / 64) * 64;
    const sw = f.alloc(f.kernel('dstein_work')(n));
    const failed = f.call('dstein', n, dp, ep, k, wp, zp, ldz, sw);
    if (failed === 0) {
      f.call('dormtr', n, ap, n, work, k, zp, ldz);
      return assemble(n, f.viewF64(wp, k), f.viewF64(zp, ldz * k), ldz, 0, k, scale);
    }
    // Inverse iteration did not converge for some vector: the full route (d, e are intact).
  }
  // Z starts on a cache line so each 8-row strip of a column is one line.
  const qp = Math.ceil(f.alloc(8 * ldz * n + 64) / 64) * 64;
  const rotations = f.alloc(f.kernel('dsteqr_work')(n));
  const orgtrWork = f.alloc(f.kernel('dorgtr_work')(n));
  f.call('dorgtr', n, ap, n, work, qp, ldz, orgtrWork);
  progress(0.35);
  const info = f.call('dsteqr', n, dp, ep, qp, ldz, n, rotations);
  if (info > 0) throw noConvergence(info, n);
  const values = f.viewF64(dp, n);
  const [first, last] = selectedRange(values, select, scale);
  return assemble(n, values, f.viewF64(qp, ldz * n), ldz, first, last, scale);
}

function decomposeJs(a: Matrix<MatrixData>, triangle: Triangle, select: NormalizedSelection, progress: (fraction: number) => void): SymmetricEigendecomposition {
  const n = a.rows;
  const buffer = new Float64Array(n * n);
  const scale = readSymmetricUpper(a, triangle, FN, buffer);
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const tau = new Float64Array(n);
  dsytrdJs(n, buffer, n, d, e, tau, SYTRD_BLOCK);
  progress(0.2);
  const ldz = paddedLeadingDimension(n);
  const plan = planSelection(n, select, scale, (vl, vu) => {
    const counts = new Int32Array(2);
    sturmJs(n, d, e, [vl, vu], counts);
    return counts;
  });
  if (plan.kind === 'few') {
    if (plan.k === 0) return { values: new Float64Array(0), vectors: { rows: n, cols: 0, data: new Float64Array(0) } };
    const w = new Float64Array(n);
    const k = dstebzJs(n, d, e, plan.mode, plan.lo, plan.hi, plan.vl, plan.vu, 0, w);
    const zk = new Float64Array(ldz * Math.max(k, 1));
    if (dsteinJs(n, d, e, k, w, zk, ldz) === 0) {
      dormtrJs(n, buffer, n, tau, k, zk, ldz);
      return assemble(n, w, zk, ldz, 0, k, scale);
    }
  }
  const z = new Float64Array(ldz * n);
  dorgtrJs(n, buffer, n, tau, z, ldz);
  progress(0.35);
  const info = steqrJs(n, d, e, z, 0, ldz, n);
  if (info > 0) throw noConvergence(info, n);
  const [first, last] = selectedRange(d, select, scale);
  return assemble(n, d, z, ldz, first, last, scale);
}

// Idle: after ready() resolves (see registerWarmUp), so ready() stays within its budget.
registerWarmUp(() => {
  const n = 40;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = Math.sin(i * j + 1) + Math.sin(j * i + 1);
  for (let round = 0; round < 2; round++) {
    symmetricEigendecomposition({ rows: n, cols: n, data }, { backend: 'wasm' });
    // The few-vectors route: bisection, inverse iteration, back-transformation.
    symmetricEigendecomposition({ rows: n, cols: n, data }, { backend: 'wasm', select: { index: [0, 1] } });
  }
}, { when: 'idle' });
