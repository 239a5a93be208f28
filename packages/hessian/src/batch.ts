import { SpectraError } from '@spectra/core';
import type { Model } from './model.js';

/**
 * A fixed, explicit set of samples: the Hessian is that of the mean loss over exactly these
 * (hessian.md §1, "Batch").
 */
export interface Batch {
  /** Number of samples n. */
  readonly count: number;
  /** n × inputSize, row-major; images in C, H, W order. */
  readonly inputs: Float64Array;
  /** Cross-entropy: class indices in [0, C). */
  readonly labels?: Int32Array;
  /** Mean squared error: n × C targets. */
  readonly targets?: Float64Array;
}

/**
 * A batch for `model` from row-major inputs and labels (cross-entropy) or targets (MSE), after
 * checking shapes, finiteness and label range.
 *
 * @example
 * ```ts
 * import { createBatch, multilayerPerceptron } from '@spectra/hessian';
 * const model = multilayerPerceptron([2, 4, 3]);
 * const batch = createBatch(model, [0.5, -1, 2, 0], [2, 0]);
 * batch.count; // 2
 * ```
 */
export function createBatch(model: Model, inputs: ArrayLike<number>, labelsOrTargets: ArrayLike<number>): Batch {
  const d = model.inputSize;
  if (!inputs || typeof inputs.length !== 'number' || inputs.length % d !== 0 || inputs.length === 0) {
    throw new SpectraError('E_SHAPE', `createBatch: inputs must hold n·${d} values (n ≥ 1), got ${inputs?.length}`);
  }
  const n = inputs.length / d;
  const x = inputs instanceof Float64Array ? inputs : Float64Array.from(inputs);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new SpectraError('E_NON_FINITE', `createBatch: inputs[${i}] (sample ${Math.floor(i / d)}) is ${x[i]}`);
  }
  const batch: Batch = model.loss === 'crossEntropy'
    ? { count: n, inputs: x, labels: labelsFrom(model, labelsOrTargets, n) }
    : { count: n, inputs: x, targets: targetsFrom(model, labelsOrTargets, n) };
  return batch;
}

function labelsFrom(model: Model, values: ArrayLike<number>, n: number): Int32Array {
  if (!values || values.length !== n) throw new SpectraError('E_SHAPE', `createBatch: expected ${n} labels, got ${values?.length}`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = values[i]!;
    if (!Number.isInteger(y) || y < 0 || y >= model.outputSize) {
      throw new SpectraError('E_ARGUMENT', `createBatch: labels[${i}] is ${y}, expected an integer class in [0, ${model.outputSize})`);
    }
    out[i] = y;
  }
  return out;
}

function targetsFrom(model: Model, values: ArrayLike<number>, n: number): Float64Array {
  const c = model.outputSize;
  if (!values || values.length !== n * c) throw new SpectraError('E_SHAPE', `createBatch: expected n·C = ${n}·${c} targets, got ${values?.length}`);
  const out = values instanceof Float64Array ? values : Float64Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) throw new SpectraError('E_NON_FINITE', `createBatch: targets[${i}] is ${out[i]}`);
  }
  return out;
}

/** @internal Validates a batch against a model (shapes only: createBatch checked the values). */
export function checkBatch(model: Model, batch: unknown, fn: string): asserts batch is Batch {
  const b = batch as Batch;
  if (!b || typeof b !== 'object' || !(b.inputs instanceof Float64Array) || !Number.isSafeInteger(b.count) || b.count <= 0) {
    throw new SpectraError('E_ARGUMENT', `${fn}: batch must come from createBatch (count, inputs)`);
  }
  if (b.inputs.length !== b.count * model.inputSize) {
    throw new SpectraError('E_SHAPE', `${fn}: batch.inputs has ${b.inputs.length} values, expected count·inputSize = ${b.count}·${model.inputSize}`);
  }
  if (model.loss === 'crossEntropy') {
    if (!(b.labels instanceof Int32Array) || b.labels.length !== b.count) {
      throw new SpectraError('E_SHAPE', `${fn}: a cross-entropy model needs batch.labels (Int32Array of ${b.count} class indices)`);
    }
  } else if (!(b.targets instanceof Float64Array) || b.targets.length !== b.count * model.outputSize) {
    throw new SpectraError('E_SHAPE', `${fn}: a mean-squared-error model needs batch.targets (Float64Array of ${b.count}·${model.outputSize})`);
  }
}

/**
 * The samples `indices` of a batch, as a new batch (a stated subsample, or a class).
 *
 * @example
 * ```ts
 * import { createBatch, multilayerPerceptron, subsetBatch } from '@spectra/hessian';
 * const model = multilayerPerceptron([1, 2]);
 * const b = createBatch(model, [1, 2, 3], [0, 1, 0]);
 * subsetBatch(model, b, [0, 2]).count; // 2
 * ```
 */
export function subsetBatch(model: Model, batch: Batch, indices: ArrayLike<number>): Batch {
  checkBatch(model, batch, 'subsetBatch');
  const d = model.inputSize;
  const c = model.outputSize;
  const n = indices.length;
  if (n === 0) throw new SpectraError('E_ARGUMENT', 'subsetBatch: indices is empty');
  const inputs = new Float64Array(n * d);
  const labels = batch.labels ? new Int32Array(n) : undefined;
  const targets = batch.targets ? new Float64Array(n * c) : undefined;
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= batch.count) {
      throw new SpectraError('E_ARGUMENT', `subsetBatch: indices[${k}] = ${i} is outside [0, ${batch.count})`);
    }
    inputs.set(batch.inputs.subarray(i * d, (i + 1) * d), k * d);
    if (labels) labels[k] = batch.labels![i]!;
    if (targets) targets.set(batch.targets!.subarray(i * c, (i + 1) * c), k * c);
  }
  return labels ? { count: n, inputs, labels } : { count: n, inputs, targets: targets! };
}
