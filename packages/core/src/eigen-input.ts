// Input handling shared by the symmetric and tridiagonal eigen functions (specs/core.md §1.2,
// §1.4): shape and option checks, the one pass that reads a symmetric matrix's triangle into the
// row-major upper triangle the kernels use (checking finiteness and symmetry on the way), and the
// power-of-two scaling of extreme inputs that LAPACK's drivers (dsyev, dstev) do.
import type { EigenvalueSelection } from './eigenvalue-selection.js';
import { SpectraError } from './errors.js';
import { checkMatrix, type Matrix, type MatrixData } from './matrix.js';

/** Which triangle of a symmetric matrix is read. */
export type Triangle = 'both' | 'lower' | 'upper';

/** √u with u = 2⁻⁵³: the symmetry tolerance of `triangle: 'both'` (relative to max|a_ij|). */
export const SQRT_UNIT_ROUNDOFF = 1.0536712127723509e-8;
/** √(s/u) and √(u/s) (s = smallest normal): outside this range entries are scaled (dsyev's RMIN, RMAX). */
export const SAFE_MIN_NORM = 1.4156865331029228e-146;
export const SAFE_MAX_NORM = 7.06371062108068e145;

/** The selection after validation. Interval ends may be ±Infinity. */
export type NormalizedSelection = { kind: 'index'; lo: number; hi: number } | { kind: 'interval'; vl: number; vu: number } | null;

/** Validates the options object itself. */
export function checkOptionsObject(options: unknown, fn: string): void {
  if (options === null || typeof options !== 'object') {
    throw new SpectraError('E_ARGUMENT', `${fn}: options must be an object, got ${String(options)}`);
  }
}

/** Validates `triangle`. */
export function checkTriangle(triangle: unknown, fn: string): Triangle {
  if (triangle !== 'both' && triangle !== 'lower' && triangle !== 'upper') {
    throw new SpectraError('E_ARGUMENT', `${fn}: triangle must be 'both', 'lower' or 'upper', got ${String(triangle)}`);
  }
  return triangle;
}

/**
 * Validates `select` against the order n: `{ index: [lo, hi] }` with integers 0 ≤ lo ≤ hi < n, or
 * `{ interval: [vl, vu] }` with vl < vu (not NaN; ±Infinity allowed). Anything else is E_ARGUMENT.
 */
export function normalizeSelection(select: EigenvalueSelection | undefined, n: number, fn: string): NormalizedSelection {
  if (select === undefined) return null;
  if (select === null || typeof select !== 'object') {
    throw new SpectraError('E_ARGUMENT', `${fn}: select must be { index: [lo, hi] } or { interval: [vl, vu] }, got ${String(select)}`);
  }
  const hasIndex = 'index' in select;
  const hasInterval = 'interval' in select;
  if (hasIndex === hasInterval) {
    throw new SpectraError('E_ARGUMENT', `${fn}: select must have exactly one of 'index' or 'interval'`);
  }
  if (hasIndex) {
    const range = (select as { index: unknown }).index as ArrayLike<unknown>;
    if (!range || typeof range !== 'object' || range.length !== 2) {
      throw new SpectraError('E_ARGUMENT', `${fn}: select.index must be a pair [lo, hi] of 0-based indices`);
    }
    const lo = range[0];
    const hi = range[1];
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) {
      throw new SpectraError('E_ARGUMENT', `${fn}: select.index must hold integers, got [${String(lo)}, ${String(hi)}]`);
    }
    const l = lo as number;
    const h = hi as number;
    if (l < 0 || h < l || h > n - 1) {
      throw new SpectraError('E_ARGUMENT', `${fn}: select.index [${l}, ${h}] must satisfy 0 ≤ lo ≤ hi ≤ n − 1 = ${n - 1}`, { index: [l, h], n });
    }
    return { kind: 'index', lo: l, hi: h };
  }
  const range = (select as { interval: unknown }).interval as ArrayLike<unknown>;
  if (!range || typeof range !== 'object' || range.length !== 2) {
    throw new SpectraError('E_ARGUMENT', `${fn}: select.interval must be a pair [vl, vu]`);
  }
  const vl = range[0];
  const vu = range[1];
  if (typeof vl !== 'number' || typeof vu !== 'number' || Number.isNaN(vl) || Number.isNaN(vu)) {
    throw new SpectraError('E_ARGUMENT', `${fn}: select.interval must hold two numbers, got [${String(vl)}, ${String(vu)}]`);
  }
  if (!(vl < vu)) {
    throw new SpectraError('E_ARGUMENT', `${fn}: select.interval (vl, vu] needs vl < vu, got [${vl}, ${vu}]`, { interval: [vl, vu] });
  }
  return { kind: 'interval', vl, vu };
}

/**
 * A power of two s such that s·norm lies in [SAFE_MIN_NORM, SAFE_MAX_NORM] (1 when it already
 * does, or norm = 0). Multiplying by s is exact, so scaling costs no accuracy.
 */
export function powerOfTwoScale(norm: number): number {
  let s = 1;
  if (norm > SAFE_MAX_NORM) {
    while (norm * s > SAFE_MAX_NORM) s *= 0.5;
  } else if (norm > 0 && norm < SAFE_MIN_NORM) {
    while (norm * s < SAFE_MIN_NORM) s *= 2;
  }
  return s;
}

/** Checks a square symmetric-matrix argument's shape (not its entries). Returns n. */
export function checkSquare(a: Matrix<MatrixData>, fn: string): number {
  checkMatrix(a, 'a', fn);
  if (a.rows !== a.cols) {
    throw new SpectraError('E_NOT_SQUARE', `${fn}: a must be square, got ${a.rows}×${a.cols}`, { rows: a.rows, cols: a.cols });
  }
  return a.rows;
}

function nonFinite(fn: string, i: number, j: number, x: number): SpectraError {
  return new SpectraError('E_NON_FINITE', `${fn}: a[${i}][${j}] is ${x}; entries of the triangle read must be finite`, { row: i, col: j, value: x });
}

/**
 * Reads the n×n symmetric `a` (triangle `triangle`) into the row-major upper triangle of `dest`
 * (leading dimension n; the strict lower part of dest is left untouched), then scales it by a power
 * of two if its largest entry lies outside [√(s/u), √(u/s)]. `'both'` stores ½(a_ij + a_ji) and
 * throws E_NOT_SYMMETRIC when max|a_ij − a_ji| > √u·max|a_ij|. Non-finite entries of the triangle
 * read throw E_NON_FINITE. Returns the scale applied (eigenvalues must be divided by it).
 */
export function readSymmetricUpper(a: Matrix<MatrixData>, triangle: Triangle, fn: string, dest: Float64Array): number {
  const n = a.rows;
  const src = a.data;
  let maxAbs = 0;
  let probe = 0; // x·0 is NaN for NaN and ±Inf: one flag for the whole pass
  if (triangle === 'upper') {
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let j = i; j < n; j++) {
        const x = src[row + j]!;
        probe += x * 0;
        const ax = Math.abs(x);
        if (ax > maxAbs) maxAbs = ax;
        dest[row + j] = x;
      }
    }
  } else {
    // Blocked so both the row and the mirrored column of a tile stay in cache.
    const B = 48;
    let maxDiff = 0;
    const both = triangle === 'both';
    for (let ib = 0; ib < n; ib += B) {
      const ie = Math.min(n, ib + B);
      for (let jb = ib; jb < n; jb += B) {
        const je = Math.min(n, jb + B);
        for (let i = ib; i < ie; i++) {
          const row = i * n;
          for (let j = Math.max(i, jb); j < je; j++) {
            const y = src[j * n + i]!; // a_ji: the lower triangle
            if (both) {
              const x = src[row + j]!;
              probe += x * 0 + y * 0;
              const ax = Math.abs(x);
              const ay = Math.abs(y);
              if (ax > maxAbs) maxAbs = ax;
              if (ay > maxAbs) maxAbs = ay;
              const diff = Math.abs(x - y);
              if (diff > maxDiff) maxDiff = diff;
              dest[row + j] = 0.5 * x + 0.5 * y;
            } else {
              probe += y * 0;
              const ay = Math.abs(y);
              if (ay > maxAbs) maxAbs = ay;
              dest[row + j] = y;
            }
          }
        }
      }
    }
    if (probe === 0 && both && maxDiff > SQRT_UNIT_ROUNDOFF * maxAbs) {
      // Locate the worst pair for the message (error path only).
      let wi = 0;
      let wj = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          if (Math.abs(src[i * n + j]! - src[j * n + i]!) === maxDiff) {
            wi = i;
            wj = j;
            i = n;
            break;
          }
        }
      }
      throw new SpectraError(
        'E_NOT_SYMMETRIC',
        `${fn}: a is not symmetric: |a[${wi}][${wj}] − a[${wj}][${wi}]| = ${maxDiff} exceeds √u·max|a_ij| = ${SQRT_UNIT_ROUNDOFF * maxAbs}; pass triangle: 'lower' or 'upper' to read one triangle`,
        { row: wi, col: wj, difference: maxDiff, tolerance: SQRT_UNIT_ROUNDOFF * maxAbs },
      );
    }
  }
  if (probe !== 0) {
    // Find the first non-finite entry of the triangle read (error path only).
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        if (triangle !== 'lower' && !Number.isFinite(src[i * n + j]!)) throw nonFinite(fn, i, j, src[i * n + j]!);
        if (triangle !== 'upper' && !Number.isFinite(src[j * n + i]!)) throw nonFinite(fn, j, i, src[j * n + i]!);
      }
    }
  }
  const scale = powerOfTwoScale(maxAbs);
  if (scale !== 1) {
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let j = i; j < n; j++) dest[row + j] = dest[row + j]! * scale;
    }
  }
  return scale;
}

/** A validated, scaled copy of a tridiagonal matrix: d (n), e (max(n − 1, 0)), and the scale applied. */
export interface ScaledTridiagonal {
  n: number;
  d: Float64Array;
  e: Float64Array;
  scale: number;
}

function checkArrayLike(x: unknown, name: string, fn: string): ArrayLike<number> {
  if (x === null || typeof x !== 'object' || typeof (x as { length?: unknown }).length !== 'number') {
    throw new SpectraError('E_SHAPE', `${fn}: ${name} must be an array or typed array of numbers, got ${x === null ? 'null' : typeof x}`);
  }
  return x as ArrayLike<number>;
}

/**
 * Validates (d, e) — offDiagonal.length = n − 1 (E_SHAPE), finite entries (E_NON_FINITE) — and
 * returns scaled Float64Array copies.
 */
export function readTridiagonal(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, fn: string): ScaledTridiagonal {
  const dIn = checkArrayLike(diagonal, 'diagonal', fn);
  const eIn = checkArrayLike(offDiagonal, 'offDiagonal', fn);
  const n = dIn.length;
  const m = Math.max(n - 1, 0);
  if (eIn.length !== m) {
    throw new SpectraError('E_SHAPE', `${fn}: offDiagonal has ${eIn.length} entries, expected diagonal.length − 1 = ${m}`, { diagonal: n, offDiagonal: eIn.length });
  }
  const d = new Float64Array(n);
  const e = new Float64Array(m);
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const x = dIn[i]!;
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new SpectraError('E_NON_FINITE', `${fn}: diagonal[${i}] is ${String(x)}; entries must be finite numbers`, { index: i });
    }
    d[i] = x;
    const ax = Math.abs(x);
    if (ax > maxAbs) maxAbs = ax;
  }
  for (let i = 0; i < m; i++) {
    const x = eIn[i]!;
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new SpectraError('E_NON_FINITE', `${fn}: offDiagonal[${i}] is ${String(x)}; entries must be finite numbers`, { index: i });
    }
    e[i] = x;
    const ax = Math.abs(x);
    if (ax > maxAbs) maxAbs = ax;
  }
  const scale = powerOfTwoScale(maxAbs);
  if (scale !== 1) {
    for (let i = 0; i < n; i++) d[i] = d[i]! * scale;
    for (let i = 0; i < m; i++) e[i] = e[i]! * scale;
  }
  return { n, d, e, scale };
}

/** Options every eigen function accepts for long runs. */
export interface ProgressOptions {
  /** Checked before the work and between its phases; a fired signal throws `E_ABORTED`. */
  signal?: AbortSignal;
  /** Called with the fraction done (0–1) after each phase (tridiagonalisation, eigenvalues, vectors). */
  onProgress?: (fraction: number) => void;
}
