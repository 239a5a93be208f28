import { rng, SpectraError } from '@spectra/core';
import { checkModel, checkTheta, type Model, type ParameterBlock } from './model.js';

/** Options of `initializeParameters`. */
export interface InitializeOptions {
  /** Seed of the mulberry32 stream (hessian.md §7; the reference uses 2). */
  seed: number;
  /** Scale of the weights: N(0, 1)·gain/√fan_in (default gain 1). */
  gain?: number;
}

/**
 * Seeded initialisation of hessian.md §8: all weights N(0, 1)/√fan_in, drawn row-major from one
 * mulberry32 stream layer after layer (W1, W2, …), biases 0. fan_in = inputs (dense) or
 * in·kh·kw (conv). Reproduces the numpy reference's θ₀ to ≤ 2 ulp (normals use Math.log and
 * Math.cos, which differ from glibc by 1 ulp on a few % of inputs).
 *
 * @example
 * ```ts
 * import { initializeParameters, multilayerPerceptron } from '@spectra/hessian';
 *
 * const model = multilayerPerceptron([20, 30, 30, 5]);
 * const theta0 = initializeParameters(model, { seed: 2 });
 * theta0.length; // 1715
 * theta0[0];     // -0.07979036140699967 (the fixture's theta0[0])
 * theta0[600];   // 0 (b1: biases start at 0)
 * ```
 */
export function initializeParameters(model: Model, options: InitializeOptions): Float64Array {
  checkModel(model, 'initializeParameters');
  if (!options || !Number.isSafeInteger(options.seed)) {
    throw new SpectraError('E_ARGUMENT', `initializeParameters: options.seed must be an integer, got ${String(options?.seed)}`);
  }
  const gain = options.gain ?? 1;
  if (!Number.isFinite(gain)) throw new SpectraError('E_NON_FINITE', `initializeParameters: gain must be finite, got ${gain}`);
  const theta = new Float64Array(model.parameterCount);
  const stream = rng(options.seed, { algorithm: 'mulberry32' });
  for (const block of model.parameters) {
    if (block.role !== 'weight') continue;
    const fanIn = block.shape.slice(1).reduce((a, b) => a * b, 1);
    const scale = gain / Math.sqrt(fanIn);
    for (let i = 0; i < block.length; i++) theta[block.offset + i] = stream.normal() * scale;
  }
  return theta;
}

/**
 * The view of one parameter block inside θ (no copy: writes go to θ).
 *
 * @example
 * ```ts
 * import { multilayerPerceptron, parameterView } from '@spectra/hessian';
 *
 * const model = multilayerPerceptron([2, 3, 2]);
 * const theta = new Float64Array(model.parameterCount);
 * const b1 = parameterView(model, theta, '0.bias');
 * b1.length;    // 3
 * b1.fill(1);
 * theta[6];     // 1 (the view writes into θ: '0.bias' starts after the 3×2 weight)
 * ```
 */
export function parameterView(model: Model, theta: Float64Array, name: string): Float64Array {
  const block = model.parameters.find((b) => b.name === name);
  if (!block) {
    throw new SpectraError('E_ARGUMENT', `parameterView: no parameter '${name}'; the model has ${model.parameters.map((b) => b.name).join(', ')}`);
  }
  return theta.subarray(block.offset, block.offset + block.length);
}

/** One named tensor (a PyTorch state-dict entry): row-major data in PyTorch's shape. */
export interface NamedTensor {
  /** PyTorch shape: dense weight [out, in], conv weight [out, in, kh, kw], bias [out]. */
  shape: readonly number[];
  /** The entries, row-major (C order); any numeric array, widened to float64. */
  data: Float64Array | Float32Array | ArrayLike<number>;
}

/**
 * θ as named tensors in PyTorch `state_dict` order and shapes (copies, so the tensors outlive θ).
 *
 * @example
 * ```ts
 * import { exportParameters, initializeParameters, multilayerPerceptron } from '@spectra/hessian';
 *
 * const model = multilayerPerceptron([2, 3, 2]);
 * const tensors = exportParameters(model, initializeParameters(model, { seed: 1 }));
 * Object.keys(tensors);        // ['0.weight', '0.bias', '2.weight', '2.bias']
 * tensors['0.weight'].shape;   // [3, 2]
 * ```
 */
export function exportParameters(model: Model, theta: Float64Array): Record<string, { shape: number[]; data: Float64Array }> {
  checkModel(model, 'exportParameters');
  checkTheta(model, theta, 'exportParameters');
  const out: Record<string, { shape: number[]; data: Float64Array }> = {};
  for (const block of model.parameters) {
    out[block.name] = { shape: [...block.shape], data: theta.slice(block.offset, block.offset + block.length) };
  }
  return out;
}

/**
 * θ from named tensors (a PyTorch state dict read by the `weights` readers, say). Every block of
 * the model must be present with its exact shape; extra tensors are an error unless
 * `allowExtra` (buffers like BatchNorm statistics do not belong to these models).
 *
 * Missing tensors, wrong shapes or lengths and non-finite entries throw `SpectraError`
 * (`E_ARGUMENT`, `E_SHAPE`, `E_NON_FINITE`) naming the tensor.
 *
 * @example
 * ```ts
 * import { exportParameters, importParameters, initializeParameters, multilayerPerceptron } from '@spectra/hessian';
 *
 * const model = multilayerPerceptron([2, 3, 2]);
 * const theta = initializeParameters(model, { seed: 1 });
 * const back = importParameters(model, exportParameters(model, theta));
 * back.every((x, i) => x === theta[i]); // true
 * importParameters(model, { ...exportParameters(model, theta), 'bn.running_mean': { shape: [3], data: [0, 0, 0] } }, { allowExtra: true }).length; // 17
 * ```
 */
export function importParameters(
  model: Model,
  tensors: Readonly<Record<string, NamedTensor>>,
  options: { allowExtra?: boolean } = {},
): Float64Array {
  checkModel(model, 'importParameters');
  if (!tensors || typeof tensors !== 'object') throw new SpectraError('E_ARGUMENT', 'importParameters: tensors must be a record of { shape, data }');
  const theta = new Float64Array(model.parameterCount);
  for (const block of model.parameters) {
    const t = tensors[block.name];
    if (!t) throw new SpectraError('E_ARGUMENT', `importParameters: tensor '${block.name}' (shape [${block.shape.join(', ')}]) is missing`);
    checkShape(block, t);
    for (let i = 0; i < block.length; i++) {
      const x = Number(t.data[i]);
      if (!Number.isFinite(x)) throw new SpectraError('E_NON_FINITE', `importParameters: '${block.name}' entry ${i} is ${x}`);
      theta[block.offset + i] = x;
    }
  }
  if (!options.allowExtra) {
    const known = new Set(model.parameters.map((b) => b.name));
    const extra = Object.keys(tensors).filter((k) => !known.has(k));
    if (extra.length) throw new SpectraError('E_ARGUMENT', `importParameters: tensors not in the model: ${extra.join(', ')} (pass { allowExtra: true } to ignore them)`);
  }
  return theta;
}

function checkShape(block: ParameterBlock, t: NamedTensor): void {
  const shape = Array.from(t.shape ?? []);
  if (shape.length !== block.shape.length || shape.some((d, i) => d !== block.shape[i])) {
    throw new SpectraError('E_SHAPE', `importParameters: '${block.name}' has shape [${shape.join(', ')}], expected [${block.shape.join(', ')}]`);
  }
  if (!t.data || t.data.length !== block.length) {
    throw new SpectraError('E_SHAPE', `importParameters: '${block.name}' has ${t.data?.length} entries, expected ${block.length}`);
  }
}
