import { matmul, SpectraError, type Backend, type Matrix } from '@spectra/core';

/**
 * A symmetric linear map on ℝᴾ given by its products: what every spectral routine of this package
 * consumes (Lanczos, SLQ, top-k, traces).
 */
export interface LinearOperator {
  /** P. */
  readonly dimension: number;
  /** out = K·v (allocated when `out` is omitted). */
  apply(v: Float64Array, out?: Float64Array): Float64Array;
  /**
   * out (count × P) = K·V for `count` directions stored as rows of V (count × P). Operators that
   * can batch (GEMM over directions) implement it; others fall back to `apply` per row.
   */
  applyBlock?(v: Float64Array, count: number, out?: Float64Array): Float64Array;
  /** Products computed so far (each direction of a block counts once). */
  readonly matvecs: number;
}

/**
 * Wraps a closure v ↦ K·v as a `LinearOperator` that counts its products.
 *
 * @example
 * ```ts
 * import { operatorFromFunction } from '@spectra/hessian';
 * const op = operatorFromFunction(2, (v) => Float64Array.of(2 * v[0], 3 * v[1]));
 * op.apply(Float64Array.of(1, 1)); // Float64Array [2, 3]
 * op.matvecs;                      // 1
 * ```
 */
export function operatorFromFunction(dimension: number, fn: (v: Float64Array) => ArrayLike<number>): LinearOperator {
  if (!Number.isSafeInteger(dimension) || dimension <= 0) {
    throw new SpectraError('E_ARGUMENT', `operatorFromFunction: dimension must be a positive integer, got ${dimension}`);
  }
  let matvecs = 0;
  return {
    dimension,
    get matvecs() {
      return matvecs;
    },
    apply(v, out) {
      checkVector(v, dimension, 'operator.apply');
      const r = fn(v);
      if (!r || r.length !== dimension) throw new SpectraError('E_SHAPE', `operator function returned ${r?.length} values, expected ${dimension}`);
      matvecs++;
      const o = out ?? new Float64Array(dimension);
      for (let i = 0; i < dimension; i++) o[i] = r[i]!;
      return o;
    },
  };
}

/**
 * A symmetric matrix as a `LinearOperator` (exact spectra for tests, or a dense Hessian). Blocks
 * of directions go through core's GEMM (V·Aᵀ = (A·Vᵀ)ᵀ, A symmetric).
 *
 * @example
 * ```ts
 * import { denseOperator } from '@spectra/hessian';
 * const op = denseOperator({ rows: 2, cols: 2, data: Float64Array.of(2, 1, 1, 2) });
 * op.apply(Float64Array.of(1, 0)); // Float64Array [2, 1]
 * ```
 */
export function denseOperator(matrix: Matrix, options: { backend?: Backend } = {}): LinearOperator {
  const n = matrix.rows;
  if (matrix.cols !== n || matrix.data.length !== n * n) {
    throw new SpectraError('E_NOT_SQUARE', `denseOperator: matrix must be square, got ${matrix.rows}×${matrix.cols}`);
  }
  const a = matrix.data;
  let matvecs = 0;
  return {
    dimension: n,
    get matvecs() {
      return matvecs;
    },
    apply(v, out) {
      checkVector(v, n, 'denseOperator.apply');
      const o = out ?? new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        const r = i * n;
        for (let j = 0; j < n; j++) s += a[r + j]! * v[j]!;
        o[i] = s;
      }
      matvecs++;
      return o;
    },
    applyBlock(v, count, out) {
      if (!(v instanceof Float64Array) || v.length !== count * n) throw new SpectraError('E_SHAPE', `denseOperator.applyBlock: V must hold count·n = ${count}·${n} values`);
      const o = out ?? new Float64Array(count * n);
      const target = { rows: count, cols: n, data: o.length === count * n ? o : o.subarray(0, count * n) };
      const r = matmul({ rows: count, cols: n, data: v }, matrix, { transposeB: true, out: target, ...(options.backend ? { backend: options.backend } : {}) });
      if (r.data !== target.data) target.data.set(r.data);
      matvecs += count;
      return o;
    },
  };
}

/**
 * out (count × P) = K·V through `applyBlock` when the operator has it, else row by row.
 *
 * @example
 * ```ts
 * import { applyToBlock, denseOperator } from '@spectra/hessian';
 * const op = denseOperator({ rows: 2, cols: 2, data: Float64Array.of(2, 0, 0, 3) });
 * applyToBlock(op, Float64Array.of(1, 0, 0, 1), 2); // Float64Array [2, 0, 0, 3]
 * ```
 */
export function applyToBlock(operator: LinearOperator, v: Float64Array, count: number, out?: Float64Array): Float64Array {
  const P = operator.dimension;
  if (v.length < count * P) throw new SpectraError('E_SHAPE', `applyToBlock: V has ${v.length} values, expected count·P = ${count}·${P}`);
  if (operator.applyBlock) return operator.applyBlock(v, count, out);
  const o = out ?? new Float64Array(count * P);
  for (let k = 0; k < count; k++) operator.apply(v.subarray(k * P, (k + 1) * P), o.subarray(k * P, (k + 1) * P));
  return o;
}

/** @internal Throws unless v is a finite Float64Array of length n. */
export function checkVector(v: unknown, n: number, fn: string, name = 'v'): asserts v is Float64Array {
  if (!(v instanceof Float64Array)) throw new SpectraError('E_DTYPE', `${fn}: ${name} must be a Float64Array of length ${n}`);
  if (v.length !== n) throw new SpectraError('E_SHAPE', `${fn}: ${name} has length ${v.length}, expected ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(v[i]!)) throw new SpectraError('E_NON_FINITE', `${fn}: ${name}[${i}] is ${v[i]}`);
  }
}

/** @internal Throws unless `operator` looks like a LinearOperator. */
export function checkOperator(operator: unknown, fn: string): asserts operator is LinearOperator {
  const op = operator as LinearOperator;
  if (!op || typeof op !== 'object' || typeof op.apply !== 'function' || !Number.isSafeInteger(op.dimension) || op.dimension <= 0) {
    throw new SpectraError('E_ARGUMENT', `${fn}: operator must be a LinearOperator { dimension, apply(v) } (see curvatureOperator)`);
  }
}
