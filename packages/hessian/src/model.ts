import { SpectraError } from '@spectra/core';
import { activation as lookupActivation, type ActivationName } from './activations.js';

/** A dense (fully connected) layer: W (outputs × inputs), b (outputs); y = W·x + b. */
export interface DenseLayerSpec {
  type: 'dense';
  /** Output width (rows of W); the input width comes from the previous layer. */
  outputs: number;
  /** Shorthand: an activation layer right after this one (it takes the next Sequential index). */
  activation?: ActivationName;
  /** Module name used for parameter names (`<name>.weight`); default: the Sequential index. */
  name?: string;
}

/** A 2-D convolution over NCHW samples, stride 1, zero padding 'valid' (none) or 'same' (output = input size). */
export interface Conv2dLayerSpec {
  type: 'conv2d';
  /** Output channels; the input channels come from the previous layer's [C, H, W]. */
  outChannels: number;
  /** k or [kh, kw]. */
  kernelSize: number | readonly [number, number];
  /** Default 'valid'. 'same' pads ⌊(k−1)/2⌋ before and the rest after, as PyTorch's padding='same'. */
  padding?: 'valid' | 'same';
  /** Shorthand: an activation layer right after this one (it takes the next Sequential index). */
  activation?: ActivationName;
  /** Module name used for parameter names (`<name>.weight`); default: the Sequential index. */
  name?: string;
}

/** Average or max pooling over k×k windows with stride k (trailing rows/columns that do not fill a window are dropped). */
export interface PoolLayerSpec {
  type: 'avgPool2d' | 'maxPool2d';
  /** Window k (k×k) and stride. Max pooling's argmax switch is fixed by the forward pass at θ. */
  size: number;
  /** Layer name (no parameters; it only takes a Sequential index). */
  name?: string;
}

/** Flattens C×H×W to one vector in C, H, W order (PyTorch's `flatten`). */
export interface FlattenLayerSpec {
  type: 'flatten';
  /** Layer name (no parameters). */
  name?: string;
}

/** An elementwise activation layer. */
export interface ActivationLayerSpec {
  type: 'activation';
  activation: ActivationName;
  /** Layer name (no parameters). */
  name?: string;
}

/** One entry of the layer list given to `createModel`. */
export type LayerSpec = DenseLayerSpec | Conv2dLayerSpec | PoolLayerSpec | FlattenLayerSpec | ActivationLayerSpec;

/**
 * The losses of hessian.md §1, always the mean over the n samples of the batch: softmax
 * cross-entropy logsumexp(z) − z_y (labels are class indices), or ½‖z − y‖² (targets are vectors;
 * PyTorch's `MSELoss` averages over n·C entries without the ½, so its Hessian is ours × 2/C).
 */
export type LossName = 'crossEntropy' | 'meanSquaredError';

/** The second argument of `createModel`: the shape of one sample and the loss. */
export interface ModelOptions {
  /** Shape of one sample: [d] for vectors, [C, H, W] for images (NCHW without N). */
  inputShape: readonly number[];
  /**
   * 'crossEntropy' (default): labels are class indices, ℓ = logsumexp(z) − z_y.
   * 'meanSquaredError': targets are vectors, ℓ = ½‖z − y‖². PyTorch's `MSELoss` averages over n·C
   * entries and has no ½, so its Hessian is this one times 2/C.
   */
  loss?: LossName;
}

/** Where one parameter tensor lives in the flat vector θ: a view (offset, length, shape), never a copy. */
export interface ParameterBlock {
  /** PyTorch state-dict name, e.g. '0.weight'. */
  readonly name: string;
  /** Index of the layer (after expanding activation shorthands) that owns the block. */
  readonly layer: number;
  readonly role: 'weight' | 'bias';
  /** Index of the block's first entry in θ (and in v, H·v, ∇L). */
  readonly offset: number;
  /** Number of entries: the product of `shape`. */
  readonly length: number;
  /** PyTorch shape: dense [out, in], conv [out, in, kh, kw], bias [out]. */
  readonly shape: readonly number[];
}

/** What every layer of a built model has, whatever its type (the common part of `ResolvedLayer`). */
export interface ResolvedLayerBase {
  /** Position in the expanded layer list (activation shorthands take their own index). */
  readonly index: number;
  /** The spec's `name`, or the index as a string: the prefix of its parameter names. */
  readonly name: string;
  /** Shape of one sample entering the layer: [d] or [C, H, W]. */
  readonly inputShape: readonly number[];
  /** Shape of one sample leaving the layer. */
  readonly outputShape: readonly number[];
  /** Product of `inputShape`. */
  readonly inputSize: number;
  /** Product of `outputShape`. */
  readonly outputSize: number;
}

/** A layer of a built model with its resolved shapes and parameter blocks. */
export type ResolvedLayer =
  | (ResolvedLayerBase & { readonly type: 'dense'; readonly weight: ParameterBlock; readonly bias: ParameterBlock })
  | (ResolvedLayerBase & {
      readonly type: 'conv2d';
      readonly weight: ParameterBlock;
      readonly bias: ParameterBlock;
      readonly kernel: readonly [number, number];
      /** Zero padding before the first row / column. */
      readonly padding: readonly [number, number];
    })
  | (ResolvedLayerBase & { readonly type: 'avgPool2d' | 'maxPool2d'; readonly size: number })
  | (ResolvedLayerBase & { readonly type: 'flatten' })
  | (ResolvedLayerBase & { readonly type: 'activation'; readonly activation: ActivationName });

/**
 * A network plus its loss, with a flat parameter layout. It holds no parameter values: θ is a
 * separate `Float64Array` of length `parameterCount`, so one model serves many θ (training,
 * perturbations, workers).
 */
export interface Model {
  /** The layers after expanding activation shorthands (nn.Sequential numbering). */
  readonly layers: readonly ResolvedLayer[];
  /** Shape of one sample: [d] or [C, H, W]. */
  readonly inputShape: readonly number[];
  /** Values per sample (product of `inputShape`). */
  readonly inputSize: number;
  /** Number of logits C. */
  readonly outputSize: number;
  /** The loss of the mean over samples (default 'crossEntropy'). */
  readonly loss: LossName;
  /** P, the length of θ. */
  readonly parameterCount: number;
  /** Parameter blocks in θ order (PyTorch `parameters()` order). */
  readonly parameters: readonly ParameterBlock[];
  /** The arguments that built the model (plain data: workers rebuild the model from it). */
  readonly spec: { readonly layers: readonly LayerSpec[]; readonly options: ModelOptions };
}

function positiveInteger(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x <= 0) {
    throw new SpectraError('E_ARGUMENT', `createModel: ${what} must be a positive integer, got ${String(x)}`);
  }
  return x;
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Builds a model from a list of layer specs (hessian.md §1). Activation shorthands on dense and
 * conv layers expand into separate layers, so layer indices and parameter names match a PyTorch
 * `nn.Sequential` of the same modules ('0.weight', '0.bias', '2.weight', …).
 *
 * Bad specs (unknown types, shapes that do not chain, a kernel larger than its input, duplicate
 * names, an output that is not a vector of logits) throw `SpectraError` `E_ARGUMENT` or `E_SHAPE`
 * naming the layer.
 *
 * @example
 * ```ts
 * import { createModel } from '@spectra/hessian';
 *
 * const model = createModel(
 *   [{ type: 'dense', outputs: 30, activation: 'relu' }, { type: 'dense', outputs: 30, activation: 'relu' }, { type: 'dense', outputs: 5 }],
 *   { inputShape: [20] },
 * );
 * model.parameterCount;                     // 1715
 * model.parameters.map((b) => b.name);      // ['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias']
 * model.parameters[2].offset;               // 630 (W1 is 30×20, b1 has 30 entries)
 * model.layers.length;                      // 5 (dense, relu, dense, relu, dense)
 * ```
 */
export function createModel(layers: readonly LayerSpec[], options: ModelOptions): Model {
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new SpectraError('E_ARGUMENT', 'createModel: layers must be a non-empty array of layer specs');
  }
  if (!options || !Array.isArray(options.inputShape) || (options.inputShape.length !== 1 && options.inputShape.length !== 3)) {
    throw new SpectraError('E_SHAPE', `createModel: options.inputShape must be [d] or [C, H, W], got ${JSON.stringify(options?.inputShape)}`);
  }
  const inputShape = options.inputShape.map((d, i) => positiveInteger(d, `inputShape[${i}]`));
  const loss = options.loss ?? 'crossEntropy';
  if (loss !== 'crossEntropy' && loss !== 'meanSquaredError') {
    throw new SpectraError('E_ARGUMENT', `createModel: options.loss must be 'crossEntropy' or 'meanSquaredError', got ${String(loss)}`);
  }
  // Expand `activation` shorthands into their own layers (nn.Sequential numbering).
  const expanded: LayerSpec[] = [];
  for (const spec of layers) {
    if (!spec || typeof spec !== 'object') throw new SpectraError('E_ARGUMENT', 'createModel: every layer must be a spec object');
    expanded.push(spec);
    if ((spec.type === 'dense' || spec.type === 'conv2d') && spec.activation !== undefined) {
      expanded.push({ type: 'activation', activation: spec.activation });
    }
  }
  const resolved: ResolvedLayer[] = [];
  const blocks: ParameterBlock[] = [];
  let shape: readonly number[] = inputShape;
  let offset = 0;
  const names = new Set<string>();
  expanded.forEach((spec, index) => {
    const name = spec.name ?? String(index);
    if (names.has(name)) throw new SpectraError('E_ARGUMENT', `createModel: layer name '${name}' is used twice`);
    names.add(name);
    const base = { index, name, inputShape: shape, inputSize: product(shape) };
    switch (spec.type) {
      case 'dense': {
        if (shape.length !== 1) {
          throw new SpectraError('E_SHAPE', `createModel: dense layer ${index} needs a vector input, got shape [${shape.join(', ')}] (add a flatten layer)`);
        }
        const out = positiveInteger(spec.outputs, `layer ${index} outputs`);
        const inputs = shape[0]!;
        const weight: ParameterBlock = { name: `${name}.weight`, layer: index, role: 'weight', offset, length: out * inputs, shape: [out, inputs] };
        offset += weight.length;
        const bias: ParameterBlock = { name: `${name}.bias`, layer: index, role: 'bias', offset, length: out, shape: [out] };
        offset += out;
        blocks.push(weight, bias);
        shape = [out];
        resolved.push({ ...base, type: 'dense', outputShape: shape, outputSize: out, weight, bias });
        return;
      }
      case 'conv2d': {
        if (shape.length !== 3) {
          throw new SpectraError('E_SHAPE', `createModel: conv2d layer ${index} needs a [C, H, W] input, got [${shape.join(', ')}]`);
        }
        const [cin, h, w] = shape as [number, number, number];
        const cout = positiveInteger(spec.outChannels, `layer ${index} outChannels`);
        const ks = typeof spec.kernelSize === 'number' ? [spec.kernelSize, spec.kernelSize] : spec.kernelSize;
        if (!Array.isArray(ks) || ks.length !== 2) {
          throw new SpectraError('E_ARGUMENT', `createModel: layer ${index} kernelSize must be k or [kh, kw]`);
        }
        const kh = positiveInteger(ks[0], `layer ${index} kernelSize[0]`);
        const kw = positiveInteger(ks[1], `layer ${index} kernelSize[1]`);
        const padding = spec.padding ?? 'valid';
        if (padding !== 'valid' && padding !== 'same') {
          throw new SpectraError('E_ARGUMENT', `createModel: layer ${index} padding must be 'valid' or 'same', got ${String(padding)}`);
        }
        const oh = padding === 'same' ? h : h - kh + 1;
        const ow = padding === 'same' ? w : w - kw + 1;
        if (oh <= 0 || ow <= 0) {
          throw new SpectraError('E_SHAPE', `createModel: conv2d layer ${index}: a ${kh}×${kw} kernel does not fit a ${h}×${w} input with 'valid' padding`);
        }
        const pad: [number, number] = padding === 'same' ? [Math.floor((kh - 1) / 2), Math.floor((kw - 1) / 2)] : [0, 0];
        const weight: ParameterBlock = { name: `${name}.weight`, layer: index, role: 'weight', offset, length: cout * cin * kh * kw, shape: [cout, cin, kh, kw] };
        offset += weight.length;
        const bias: ParameterBlock = { name: `${name}.bias`, layer: index, role: 'bias', offset, length: cout, shape: [cout] };
        offset += cout;
        blocks.push(weight, bias);
        shape = [cout, oh, ow];
        resolved.push({ ...base, type: 'conv2d', outputShape: shape, outputSize: product(shape), weight, bias, kernel: [kh, kw], padding: pad });
        return;
      }
      case 'avgPool2d':
      case 'maxPool2d': {
        if (shape.length !== 3) {
          throw new SpectraError('E_SHAPE', `createModel: ${spec.type} layer ${index} needs a [C, H, W] input, got [${shape.join(', ')}]`);
        }
        const k = positiveInteger(spec.size, `layer ${index} size`);
        const [c, h, w] = shape as [number, number, number];
        const oh = Math.floor(h / k);
        const ow = Math.floor(w / k);
        if (oh === 0 || ow === 0) throw new SpectraError('E_SHAPE', `createModel: ${spec.type} layer ${index}: window ${k} exceeds the ${h}×${w} input`);
        shape = [c, oh, ow];
        resolved.push({ ...base, type: spec.type, outputShape: shape, outputSize: product(shape), size: k });
        return;
      }
      case 'flatten': {
        shape = [product(shape)];
        resolved.push({ ...base, type: 'flatten', outputShape: shape, outputSize: shape[0]! });
        return;
      }
      case 'activation': {
        lookupActivation(spec.activation);
        resolved.push({ ...base, type: 'activation', outputShape: shape, outputSize: product(shape), activation: spec.activation });
        return;
      }
      default:
        throw new SpectraError('E_ARGUMENT', `createModel: unknown layer type '${String((spec as { type?: unknown }).type)}' at index ${index}`);
    }
  });
  if (shape.length !== 1) {
    throw new SpectraError('E_SHAPE', `createModel: the last layer must output a vector of logits, got shape [${shape.join(', ')}] (add flatten and dense layers)`);
  }
  if (blocks.length === 0) throw new SpectraError('E_ARGUMENT', 'createModel: the model has no parameters (add a dense or conv2d layer)');
  return {
    layers: resolved,
    inputShape,
    inputSize: product(inputShape),
    outputSize: shape[0]!,
    loss,
    parameterCount: offset,
    parameters: blocks,
    spec: { layers: layers.map((l) => ({ ...l })), options: { inputShape: [...inputShape], loss } },
  };
}

/**
 * The multilayer perceptron d₀-d₁-…-C: dense layers with `activation` between them and none after
 * the last (logits).
 *
 * @param widths - d₀ (input), the hidden widths, then C (logits); at least two entries.
 * @param options - `activation` between layers (default 'relu'), `loss` (default 'crossEntropy').
 * @example
 * ```ts
 * import { multilayerPerceptron } from '@spectra/hessian';
 *
 * const mlp = multilayerPerceptron([784, 128, 64, 10], { activation: 'relu' });
 * mlp.parameterCount; // 109386 (the MNIST MLP of hessian.md §1)
 * mlp.loss;           // 'crossEntropy'
 * ```
 */
export function multilayerPerceptron(widths: readonly number[], options: { activation?: ActivationName; loss?: LossName } = {}): Model {
  if (!Array.isArray(widths) || widths.length < 2) {
    throw new SpectraError('E_ARGUMENT', `multilayerPerceptron: widths must list at least input and output sizes, got ${JSON.stringify(widths)}`);
  }
  const act = options.activation ?? 'relu';
  const layers: LayerSpec[] = [];
  for (let i = 1; i < widths.length; i++) {
    layers.push(i < widths.length - 1 ? { type: 'dense', outputs: widths[i]!, activation: act } : { type: 'dense', outputs: widths[i]! });
  }
  return createModel(layers, { inputShape: [widths[0]!], loss: options.loss ?? 'crossEntropy' });
}

/**
 * The small convnet of hessian.md §1 for tests and the demo: 1×28×28 → conv 8@5×5 → relu →
 * avgpool 2 → conv 16@5×5 → relu → avgpool 2 → flatten (256) → dense 10.
 *
 * @param options - `activation` after each conv (default 'relu'), `loss` (default 'crossEntropy').
 * @example
 * ```ts
 * import { smallConvnet } from '@spectra/hessian';
 *
 * const net = smallConvnet();
 * net.parameterCount;                    // 5994
 * net.layers.map((l) => l.outputShape);  // [[8, 24, 24], [8, 24, 24], [8, 12, 12], [16, 8, 8], [16, 8, 8], [16, 4, 4], [256], [10]]
 * ```
 */
export function smallConvnet(options: { activation?: ActivationName; loss?: LossName } = {}): Model {
  const act = options.activation ?? 'relu';
  return createModel(
    [
      { type: 'conv2d', outChannels: 8, kernelSize: 5, activation: act },
      { type: 'avgPool2d', size: 2 },
      { type: 'conv2d', outChannels: 16, kernelSize: 5, activation: act },
      { type: 'avgPool2d', size: 2 },
      { type: 'flatten' },
      { type: 'dense', outputs: 10 },
    ],
    { inputShape: [1, 28, 28], loss: options.loss ?? 'crossEntropy' },
  );
}

/** @internal Throws unless `theta` is a Float64Array of the model's length with finite entries. */
export function checkTheta(model: Model, theta: unknown, fn: string, name = 'theta'): asserts theta is Float64Array {
  if (!(theta instanceof Float64Array)) {
    throw new SpectraError('E_DTYPE', `${fn}: ${name} must be a Float64Array of length P = ${model.parameterCount}`);
  }
  if (theta.length !== model.parameterCount) {
    throw new SpectraError('E_SHAPE', `${fn}: ${name} has length ${theta.length}, expected P = ${model.parameterCount}`);
  }
  for (let i = 0; i < theta.length; i++) {
    if (!Number.isFinite(theta[i]!)) {
      throw new SpectraError('E_NON_FINITE', `${fn}: ${name}[${i}] is ${theta[i]}; parameters must be finite`);
    }
  }
}

/** @internal Checks a model-like argument. */
export function checkModel(model: unknown, fn: string): asserts model is Model {
  const m = model as Model;
  if (!m || typeof m !== 'object' || !Array.isArray(m.layers) || typeof m.parameterCount !== 'number') {
    throw new SpectraError('E_ARGUMENT', `${fn}: model must come from createModel`);
  }
}
