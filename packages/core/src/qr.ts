// qr(a): economy Householder QR (specs/core.md §1.2, §2.8). Blocked LAPACK `dgeqrf` + `dorgqr`
// in wasm (assembly/src/qr.ts) or their plain-JS twins (src/js/qr.ts).
import { resolveBackend, type BackendOptions } from './backend.js';
import { SpectraError, throwIfAborted } from './errors.js';
import { dgeqrf as dgeqrfJs, dorgqr as dorgqrJs, QR_BLOCK } from './js/qr.js';
import { checkMatrix, type Matrix, type MatrixData } from './matrix.js';
import { WasmFrame } from './wasm/frame.js';
import { registerWarmUp } from './wasm/instance.js';

/** Options of `qr`: the backend and `{ signal, onProgress }`. */
export interface QrOptions extends BackendOptions {
  /** Called with the fraction done (0…1) after the factorisation and after forming Q. */
  onProgress?: (fraction: number) => void;
  /** Checked before the work and between the phases: a fired signal throws `E_ABORTED`. */
  signal?: AbortSignal;
}

/** An economy QR factorisation A = Q·R. */
export interface QrFactorization {
  /** m×k with orthonormal columns, k = min(m, n). */
  q: Matrix;
  /**
   * k×n upper triangular (upper trapezoidal when m < n). Its diagonal is not sign-normalised:
   * Householder reflectors give r_jj = −sign(a_jj^(j))·‖column‖, as LAPACK does.
   */
  r: Matrix;
}

/**
 * Economy QR factorisation of any m×n matrix by blocked Householder reflections (LAPACK
 * `dgeqrf` + `dorgqr`): A = Q·R with Q m×k (QᵀQ = I), R k×n upper triangular, k = min(m, n).
 * Wide input (m < n) gives a square Q and an upper trapezoidal R. Backward stable:
 * ‖QR − A‖_F = O(max(m, n)·u·‖A‖_F), ‖QᵀQ − I‖_F = O(n·u). Float32 input is promoted to f64.
 * Throws `E_NON_FINITE` for NaN/±Inf entries, `E_SHAPE`/`E_DTYPE` for a malformed matrix and
 * `E_ABORTED` when `signal` fires (checked before the work and between factorising and forming Q).
 *
 * @example
 * ```ts
 * import { qr, matrixFromRows } from '@spectra/core';
 * const { q, r } = qr(matrixFromRows([[3, 1], [4, 2]]));
 * r.data; // Float64Array [-5, -2.2, 0, 0.3999999999999999]
 * q.data; // Float64Array [-0.6000000000000001, -0.8, -0.8, 0.6]: q·r reproduces the input
 * ```
 */
export function qr(a: Matrix<MatrixData>, options: QrOptions = {}): QrFactorization {
  checkMatrix(a, 'a', 'qr');
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new SpectraError('E_ARGUMENT', 'qr: onProgress must be a function');
  }
  const backend = resolveBackend(options, 'qr');
  throwIfAborted(options.signal, { fn: 'qr' });
  const { rows: m, cols: n, data } = a;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new SpectraError('E_NON_FINITE', `qr: a has a non-finite entry ${data[i]} at (${Math.floor(i / n)}, ${i % n}); expected finite numbers`);
    }
  }
  const k = Math.min(m, n);
  const q: Matrix = { rows: m, cols: k, data: new Float64Array(m * k) };
  const r: Matrix = { rows: k, cols: n, data: new Float64Array(k * n) };
  if (k === 0) {
    options.onProgress?.(1);
    return { q, r };
  }
  if (backend === 'js') {
    const work = Float64Array.from(data);
    const tau = new Float64Array(k);
    dgeqrfJs(m, n, work, n, tau, QR_BLOCK);
    extractR(work, k, n, r.data);
    reportPhase(options, 0.5);
    dorgqrJs(m, k, k, work, n, tau, QR_BLOCK);
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) q.data[i * k + j] = work[i * n + j]!;
    options.onProgress?.(1);
    return { q, r };
  }
  const f = new WasmFrame('qr');
  const nb = QR_BLOCK;
  const aPtr = f.copyInF64(data);
  const tauPtr = f.f64(k);
  const workPtr = f.alloc(Math.max(kernelNumber(f, 'dgeqrf_work', m, n, nb), kernelNumber(f, 'dorgqr_work', m, k, k, nb)));
  f.call('dgeqrf', m, n, aPtr, n, tauPtr, workPtr, nb);
  extractR(f.viewF64(aPtr, m * n), k, n, r.data);
  reportPhase(options, 0.5);
  f.call('dorgqr', m, k, k, aPtr, n, tauPtr, workPtr, nb);
  const view = f.viewF64(aPtr, m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) q.data[i * k + j] = view[i * n + j]!;
  options.onProgress?.(1);
  return { q, r };
}

function reportPhase(options: QrOptions, fraction: number): void {
  options.onProgress?.(fraction);
  throwIfAborted(options.signal, { fn: 'qr' });
}

/** The upper triangle (trapezoid) of the first k rows of the factored m×n array. */
function extractR(factored: Float64Array, k: number, n: number, out: Float64Array): void {
  for (let i = 0; i < k; i++) for (let j = i; j < n; j++) out[i * n + j] = factored[i * n + j]!;
}

/** A `*_work` size export, in bytes. */
function kernelNumber(f: WasmFrame, name: string, ...args: number[]): number {
  return f.kernel(name)(...args);
}

// Tier-up (specs/core.md §4.5): one small factorisation at load; kept tiny (bar C2).
// Idle: after ready() resolves (see registerWarmUp), so ready() stays within its budget.
registerWarmUp(() => {
  const m = 40;
  const n = 24;
  const data = new Float64Array(m * n);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.7) + (i % 7) * 0.1;
  qr({ rows: m, cols: n, data }, { backend: 'wasm' });
}, { when: 'idle' });
