import { SpectraError } from './errors.js';

/** The typed arrays a matrix may hold. GEMM runs on both; other kernels promote f32 to f64. */
export type MatrixData = Float64Array | Float32Array;

/**
 * A dense row-major matrix: entry (i, j) is `data[i * cols + j]`, `data.length === rows * cols`.
 */
export interface Matrix<T extends MatrixData = Float64Array> {
  readonly rows: number;
  readonly cols: number;
  /** The entries, row-major (the array itself is mutable). */
  readonly data: T;
}

/**
 * Wraps row-major `data` as a matrix after checking its length, or allocates a zero matrix.
 *
 * @example
 * ```ts
 * import { createMatrix } from '@spectra/core';
 * const a = createMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
 * a.data[1 * 3 + 2]; // 6
 * createMatrix(2, 2).data; // Float64Array [0, 0, 0, 0]
 * ```
 */
export function createMatrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix;
export function createMatrix<T extends MatrixData>(rows: number, cols: number, data: T): Matrix<T>;
export function createMatrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix<MatrixData> {
  checkDimension(rows, 'rows');
  checkDimension(cols, 'cols');
  if (data === undefined) return { rows, cols, data: new Float64Array(rows * cols) };
  if (data.length !== rows * cols) {
    throw new SpectraError('E_SHAPE', `createMatrix: data has ${data.length} entries, expected rows·cols = ${rows}·${cols} = ${rows * cols}`);
  }
  if (data instanceof Float64Array || data instanceof Float32Array) return { rows, cols, data };
  return { rows, cols, data: Float64Array.from(data) };
}

/**
 * A matrix from an array of equal-length rows.
 *
 * @example
 * ```ts
 * import { matrixFromRows } from '@spectra/core';
 * matrixFromRows([[1, 2], [3, 4]]); // { rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4] }
 * ```
 */
export function matrixFromRows(rows: ReadonlyArray<ArrayLike<number>>): Matrix {
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const r = rows[i]!;
    if (r.length !== n) throw new SpectraError('E_SHAPE', `matrixFromRows: row ${i} has ${r.length} entries, row 0 has ${n}`);
    for (let j = 0; j < n; j++) data[i * n + j] = r[j]!;
  }
  return { rows: m, cols: n, data };
}

/**
 * The rows of a matrix as plain arrays (for printing and JSON).
 *
 * @example
 * ```ts
 * import { createMatrix, matrixToRows } from '@spectra/core';
 * matrixToRows(createMatrix(2, 2, [1, 2, 3, 4])); // [[1, 2], [3, 4]]
 * ```
 */
export function matrixToRows(a: Matrix<MatrixData>): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}

/**
 * The n×n identity.
 *
 * @example
 * ```ts
 * import { identityMatrix } from '@spectra/core';
 * identityMatrix(2).data; // Float64Array [1, 0, 0, 1]
 * ```
 */
export function identityMatrix(n: number): Matrix {
  checkDimension(n, 'n');
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return { rows: n, cols: n, data };
}

/**
 * The transpose, as a new matrix of the same dtype.
 *
 * @example
 * ```ts
 * import { createMatrix, transpose } from '@spectra/core';
 * transpose(createMatrix(2, 3, [1, 2, 3, 4, 5, 6])).data; // Float64Array [1, 4, 2, 5, 3, 6]
 * ```
 */
export function transpose<T extends MatrixData>(a: Matrix<T>): Matrix<T> {
  const { rows, cols } = a;
  const out = new (a.data.constructor as { new (n: number): T })(rows * cols);
  const src = a.data;
  // Blocked so both sides stay in cache for large matrices.
  const B = 32;
  for (let ib = 0; ib < rows; ib += B) {
    const ie = Math.min(rows, ib + B);
    for (let jb = 0; jb < cols; jb += B) {
      const je = Math.min(cols, jb + B);
      for (let i = ib; i < ie; i++) for (let j = jb; j < je; j++) out[j * rows + i] = src[i * cols + j]!;
    }
  }
  return { rows: cols, cols: rows, data: out };
}

/**
 * The diagonal matrix with `values` on its diagonal.
 *
 * @example
 * ```ts
 * import { diagonalMatrix } from '@spectra/core';
 * diagonalMatrix([1, 2]).data; // Float64Array [1, 0, 0, 2]
 * ```
 */
export function diagonalMatrix(values: ArrayLike<number>): Matrix {
  const n = values.length;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = values[i]!;
  return { rows: n, cols: n, data };
}

/**
 * The Frobenius norm ‖A‖_F, scaled to avoid overflow and underflow (as LAPACK's `dnrm2`).
 *
 * @example
 * ```ts
 * import { createMatrix, frobeniusNorm } from '@spectra/core';
 * frobeniusNorm(createMatrix(1, 2, [3, 4])); // 5
 * frobeniusNorm([3e200, 4e200]);             // 4.9999999999999995e+200: scaled, no overflow to Infinity
 * ```
 */
export function frobeniusNorm(a: Matrix<MatrixData> | ArrayLike<number>): number {
  const data = 'data' in a ? a.data : a;
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < data.length; i++) {
    const x = Math.abs(data[i]!);
    if (x === 0 || Number.isNaN(x)) {
      if (Number.isNaN(x)) return NaN;
      continue;
    }
    if (scale < x) {
      ssq = 1 + ssq * (scale / x) * (scale / x);
      scale = x;
    } else ssq += (x / scale) * (x / scale);
  }
  return scale * Math.sqrt(ssq);
}

/** @internal Throws E_ARGUMENT unless `n` is a non-negative safe integer. */
export function checkDimension(n: number, name: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new SpectraError('E_ARGUMENT', `${name} must be a non-negative integer, got ${n}`);
  }
}

/** @internal Validates the shape contract of a matrix argument. */
export function checkMatrix(a: unknown, name: string, fn: string): asserts a is Matrix<MatrixData> {
  const m = a as Matrix<MatrixData>;
  if (!m || typeof m !== 'object' || typeof m.rows !== 'number' || typeof m.cols !== 'number' || !m.data) {
    throw new SpectraError('E_SHAPE', `${fn}: ${name} must be a matrix { rows, cols, data }`);
  }
  if (!Number.isSafeInteger(m.rows) || m.rows < 0 || !Number.isSafeInteger(m.cols) || m.cols < 0) {
    throw new SpectraError('E_SHAPE', `${fn}: ${name} has invalid dimensions ${m.rows}×${m.cols}`);
  }
  if (!(m.data instanceof Float64Array) && !(m.data instanceof Float32Array)) {
    throw new SpectraError('E_DTYPE', `${fn}: ${name}.data must be a Float64Array or Float32Array, got ${Object.prototype.toString.call(m.data).slice(8, -1)}`);
  }
  if (m.data.length !== m.rows * m.cols) {
    throw new SpectraError('E_SHAPE', `${fn}: ${name} is ${m.rows}×${m.cols} but data has ${m.data.length} entries (expected ${m.rows * m.cols})`);
  }
}
