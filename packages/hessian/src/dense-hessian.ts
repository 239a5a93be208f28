import { SpectraError, type Matrix } from '@spectra/core';
import { asOperator } from './lanczos.js';
import { applyToBlock, type LinearOperator } from './linear-operator.js';
import { checkLongRunOptions, positiveIntegerOption, ProgressTracker, type LongRunOptions } from './progress.js';

/** Options of `denseHessian`: the size limit that keeps a P×P matrix affordable, the batch of unit vectors, progress and cancellation. */
export interface DenseHessianOptions extends LongRunOptions {
  /** Refuse P above this (default 4000: a P×P float64 matrix is 8·P² bytes). */
  maxDimension?: number;
  /** Unit vectors per batched product (default 32). */
  blockSize?: number;
}

/**
 * The dense P×P matrix of an operator from P unit-vector products, batched `blockSize` at a time
 * (GEMM over directions): row j is K·e_j. Not symmetrised, so its asymmetry measures rounding
 * (reference: 3.3e-16 relative). For exact checks on small nets (hessian.md §2, §8).
 *
 * @example
 * ```ts
 * import { symmetricEigenvalues } from '@spectra/core';
 * import { curvatureOperator, denseHessian, referenceProblem, train } from '@spectra/hessian';
 * const { model, batch, theta0 } = referenceProblem();
 * const { theta } = await train(model, theta0, batch, { learningRate: 0.1, steps: 300 }); // the reference net (hessian.md §8)
 * const H = await denseHessian(curvatureOperator(model, theta, batch)); // P × P: one product per column
 * symmetricEigenvalues(H, { triangle: 'lower' }).at(-1); // ≈ 7.6602 (λ_max: the exact spectrum)
 * ```
 */
export async function denseHessian(operator: LinearOperator, options: DenseHessianOptions = {}): Promise<Matrix> {
  checkLongRunOptions(options, 'denseHessian');
  const op = asOperator(operator, undefined, 'denseHessian');
  const P = op.dimension;
  const maxDimension = positiveIntegerOption(options.maxDimension, 4000, 'denseHessian', 'maxDimension');
  if (P > maxDimension) {
    throw new SpectraError('E_ARGUMENT', `denseHessian: P = ${P} exceeds maxDimension = ${maxDimension} (${((8 * P * P) / 2 ** 30).toFixed(1)} GiB); raise maxDimension deliberately`);
  }
  const block = positiveIntegerOption(options.blockSize, 32, 'denseHessian', 'blockSize');
  const out = new Float64Array(P * P);
  const tracker = new ProgressTracker(options, 'denseHessian', P);
  const e = new Float64Array(block * P);
  for (let j0 = 0; j0 < P; j0 += block) {
    tracker.checkAbort(() => ({ completedColumns: j0 }));
    const b = Math.min(block, P - j0);
    e.fill(0);
    for (let k = 0; k < b; k++) e[k * P + j0 + k] = 1;
    applyToBlock(op, e.subarray(0, b * P), b, out.subarray(j0 * P, (j0 + b) * P));
    tracker.report(j0 + b);
    await tracker.maybeYield();
  }
  tracker.report(P, {}, true);
  return { rows: P, cols: P, data: out };
}
