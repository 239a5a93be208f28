import { rng, SpectraError } from '@spectra/core';
import { checkBatch, type Batch } from './batch.js';
import { CurvatureEngine } from './engine.js';
import { checkEngineBackend, type EngineBackend } from './matmul-kernel.js';
import { checkModel, checkTheta, type Model } from './model.js';
import { checkLongRunOptions, positiveIntegerOption, positiveNumberOption, ProgressTracker, seedOption, type LongRunOptions } from './progress.js';

/** 'gradientDescent': full batch (hessian.md §8–9); 'sgd' and 'adam': seeded mini-batches. */
export type OptimizerName = 'gradientDescent' | 'sgd' | 'adam';

/** Options of `train`: optimiser, learning rate, steps, mini-batching, seeds, evaluation and checkpoints, progress and cancellation. */
export interface TrainOptions extends LongRunOptions {
  optimizer?: OptimizerName;
  learningRate: number;
  /** Parameter updates (full-batch steps, or mini-batch steps). */
  steps: number;
  /** Mini-batch size for 'sgd' and 'adam' (default 64). */
  batchSize?: number;
  /** Seed of the mini-batch shuffles (mulberry32; default 0). */
  seed?: number;
  /** SGD momentum (default 0). */
  momentum?: number;
  /**
   * Decoupled weight decay on the weights (not the biases): θ ← θ − η·λ·θ each mini-batch step
   * (AdamW, Loshchilov & Hutter 2019; plain L2 shrinkage for SGD). Default 0.
   */
  weightDecay?: number;
  /** 'constant' (default) or 'cosine': η_t = η·½(1 + cos(π·t/steps)) for the mini-batch optimisers. */
  learningRateSchedule?: 'constant' | 'cosine';
  /**
   * Random translations of image inputs by up to `maxShift` pixels in each direction (zero fill),
   * drawn per sample from the shuffle stream; `imageShape` [H, W] (or [C, H, W]) of one input.
   * Mini-batch optimisers only.
   */
  augmentShift?: { maxShift: number; imageShape: readonly number[] };
  /** Adam β₁, β₂, ε (defaults 0.9, 0.999, 1e-8; Kingma & Ba 2015). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Record loss and accuracy every k steps and after the last (default: steps/10, at least 1). */
  historyEvery?: number;
  /**
   * Called (and awaited) with a copy of θ before the update of each listed step and after the last
   * one (step = steps): spectra along training without disturbing the optimiser's state.
   */
  onCheckpoint?: (step: number, theta: Float64Array) => void | Promise<void>;
  /** Steps at which `onCheckpoint` runs (0 … steps). */
  checkpoints?: readonly number[];
  /** A held-out set evaluated at each history point. */
  evaluation?: Batch;
  backend?: EngineBackend;
  /** Samples per chunk of the forward pass (default 4096). */
  chunkSize?: number;
}

/** One point of a training history: the step, the training loss and accuracy (and the evaluation set's when one was given). */
export interface TrainingRecord {
  /** Updates done before this record. */
  step: number;
  /** Mean loss over the full training batch. */
  loss: number;
  accuracy: number;
  evaluationLoss?: number;
  evaluationAccuracy?: number;
}

/** What `train` returns: the final parameters, the loss/accuracy history and the options that produced them. */
export interface TrainResult {
  theta: Float64Array;
  history: TrainingRecord[];
  steps: number;
  options: Omit<TrainOptions, 'onProgress' | 'signal' | 'evaluation' | 'onCheckpoint'>;
}

function record(model: Model, theta: Float64Array, batch: Batch, step: number, options: TrainOptions, backend: EngineBackend | undefined): TrainingRecord {
  const e = new CurvatureEngine(model, theta, batch, { backend, chunkSize: options.chunkSize });
  const r: TrainingRecord = { step, loss: e.loss(), accuracy: e.accuracy() };
  if (options.evaluation) {
    const ev = new CurvatureEngine(model, theta, options.evaluation, { backend, chunkSize: options.chunkSize });
    r.evaluationLoss = ev.loss();
    r.evaluationAccuracy = ev.accuracy();
  }
  return r;
}

/**
 * Trains θ on `batch`: full-batch gradient descent θ ← θ − η∇L(θ) (no momentum, no weight decay,
 * as the reference of hessian.md §8), or seeded mini-batch SGD (with optional momentum) or Adam.
 * Mini-batches come from per-epoch Fisher–Yates shuffles of mulberry32(seed).
 *
 * @example
 * ```ts
 * import { gaussianMixture, initializeParameters, multilayerPerceptron, train } from '@spectra/hessian';
 * const model = multilayerPerceptron([20, 30, 30, 5]);
 * const { batch } = gaussianMixture({ classes: 5, dimension: 20, samples: 500, noise: 2, seed: 1 }, model);
 * const { theta, history } = await train(model, initializeParameters(model, { seed: 2 }), batch, { learningRate: 0.1, steps: 300 });
 * history.at(-1); // { step: 300, loss: 0.1138…, accuracy: 0.982 } (hessian.md §8)
 * ```
 */
export async function train(model: Model, theta0: Float64Array, batch: Batch, options: TrainOptions): Promise<TrainResult> {
  checkModel(model, 'train');
  checkTheta(model, theta0, 'train', 'theta0');
  checkBatch(model, batch, 'train');
  if (!options || typeof options !== 'object') throw new SpectraError('E_ARGUMENT', 'train: options { learningRate, steps } are required');
  checkLongRunOptions(options, 'train');
  if (options.evaluation !== undefined) checkBatch(model, options.evaluation, 'train (evaluation)');
  const optimizer = options.optimizer ?? 'gradientDescent';
  if (optimizer !== 'gradientDescent' && optimizer !== 'sgd' && optimizer !== 'adam') {
    throw new SpectraError('E_ARGUMENT', `train: optimizer must be 'gradientDescent', 'sgd' or 'adam', got ${String(optimizer)}`);
  }
  const lr = positiveNumberOption(options.learningRate, NaN, 'train', 'learningRate');
  if (Number.isNaN(lr)) throw new SpectraError('E_ARGUMENT', 'train: learningRate is required');
  if (options.steps === undefined) throw new SpectraError('E_ARGUMENT', 'train: steps is required');
  const steps = options.steps === 0 ? 0 : positiveIntegerOption(options.steps, 0, 'train', 'steps');
  const every = positiveIntegerOption(options.historyEvery, Math.max(1, Math.floor(steps / 10)), 'train', 'historyEvery');
  const batchSize = Math.min(batch.count, positiveIntegerOption(options.batchSize, 64, 'train', 'batchSize'));
  const seed = seedOption(options.seed, 0, 'train');
  const momentum = options.momentum ?? 0;
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  for (const [name, v] of [['momentum', momentum], ['beta1', beta1], ['beta2', beta2]] as const) {
    if (!(v >= 0 && v < 1)) throw new SpectraError('E_ARGUMENT', `train: ${name} must be in [0, 1), got ${v}`);
  }
  if (!(epsilon > 0)) throw new SpectraError('E_ARGUMENT', `train: epsilon must be positive, got ${epsilon}`);
  const weightDecay = options.weightDecay ?? 0;
  if (!(weightDecay >= 0) || !Number.isFinite(weightDecay)) throw new SpectraError('E_ARGUMENT', `train: weightDecay must be ≥ 0, got ${weightDecay}`);
  const schedule = options.learningRateSchedule ?? 'constant';
  if (schedule !== 'constant' && schedule !== 'cosine') throw new SpectraError('E_ARGUMENT', `train: learningRateSchedule must be 'constant' or 'cosine', got ${String(schedule)}`);
  const shift = options.augmentShift;
  if (shift !== undefined) {
    const shape = shift.imageShape ?? [];
    const area = shape.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(shift.maxShift) || shift.maxShift < 0 || (shape.length !== 2 && shape.length !== 3) || area !== model.inputSize) {
      throw new SpectraError('E_ARGUMENT', `train: augmentShift needs an integer maxShift ≥ 0 and an imageShape [H, W] or [C, H, W] with ${model.inputSize} values`);
    }
  }
  // Decoupled decay touches weights only: a mask of the weight entries.
  const decayMask = new Uint8Array(weightDecay > 0 ? model.parameterCount : 0);
  if (weightDecay > 0) for (const b of model.parameters) if (b.role === 'weight') decayMask.fill(1, b.offset, b.offset + b.length);
  const backend = checkEngineBackend(options.backend, 'train');
  const P = model.parameterCount;
  const theta = Float64Array.from(theta0);
  const history: TrainingRecord[] = [];
  const tracker = new ProgressTracker(options, 'train', steps);
  const velocity = new Float64Array(optimizer === 'gradientDescent' ? 0 : P);
  const second = new Float64Array(optimizer === 'adam' ? P : 0);
  const order = new Int32Array(batch.count).map((_, i) => i);
  const shuffler = rng(seed, { algorithm: 'mulberry32' });
  let cursor = batch.count;
  const d = model.inputSize;
  const C = model.outputSize;
  const mini = optimizer === 'gradientDescent' ? null : {
    inputs: new Float64Array(batchSize * d),
    labels: batch.labels ? new Int32Array(batchSize) : undefined,
    targets: batch.targets ? new Float64Array(batchSize * C) : undefined,
  };
  const checkpoints = new Set(options.checkpoints ?? []);
  if (options.onCheckpoint !== undefined && typeof options.onCheckpoint !== 'function') throw new SpectraError('E_ARGUMENT', 'train: onCheckpoint must be a function');
  for (const c of checkpoints) {
    if (!Number.isSafeInteger(c) || c < 0 || c > steps) throw new SpectraError('E_ARGUMENT', `train: checkpoints must be integers in [0, ${steps}], got ${c}`);
  }
  for (let step = 0; step < steps; step++) {
    tracker.checkAbort(() => ({ completedSteps: step, theta: Float64Array.from(theta), history }));
    if (options.onCheckpoint && checkpoints.has(step)) await options.onCheckpoint(step, Float64Array.from(theta));
    let g: Float64Array;
    if (!mini) {
      const engine = new CurvatureEngine(model, theta, batch, { backend, chunkSize: options.chunkSize });
      if (step % every === 0) history.push(withEvaluation(model, theta, { step, loss: engine.loss(), accuracy: engine.accuracy() }, options, backend));
      g = engine.gradient();
      for (let i = 0; i < P; i++) theta[i]! -= lr * g[i]!;
    } else {
      if (step % every === 0) history.push(record(model, theta, batch, step, options, backend));
      if (cursor + batchSize > batch.count) {
        shuffler.shuffle(order);
        cursor = 0;
      }
      for (let k = 0; k < batchSize; k++) {
        const i = order[cursor + k]!;
        mini.inputs.set(batch.inputs.subarray(i * d, (i + 1) * d), k * d);
        if (mini.labels) mini.labels[k] = batch.labels![i]!;
        if (mini.targets) mini.targets.set(batch.targets!.subarray(i * C, (i + 1) * C), k * C);
      }
      cursor += batchSize;
      if (shift && shift.maxShift > 0) translateImages(mini.inputs, batchSize, shift.imageShape, shift.maxShift, shuffler);
      const miniBatch: Batch = mini.labels ? { count: batchSize, inputs: mini.inputs, labels: mini.labels } : { count: batchSize, inputs: mini.inputs, targets: mini.targets! };
      g = new CurvatureEngine(model, theta, miniBatch, { backend, chunkSize: options.chunkSize }).gradient();
      const eta = schedule === 'cosine' ? 0.5 * lr * (1 + Math.cos((Math.PI * step) / steps)) : lr;
      if (weightDecay > 0) {
        const shrink = 1 - eta * weightDecay;
        for (let i = 0; i < P; i++) if (decayMask[i]) theta[i]! *= shrink;
      }
      if (optimizer === 'sgd') {
        for (let i = 0; i < P; i++) {
          velocity[i] = momentum * velocity[i]! + g[i]!;
          theta[i]! -= eta * velocity[i]!;
        }
      } else {
        const t = step + 1;
        const c1 = 1 / (1 - beta1 ** t);
        const c2 = 1 / (1 - beta2 ** t);
        for (let i = 0; i < P; i++) {
          const gi = g[i]!;
          velocity[i] = beta1 * velocity[i]! + (1 - beta1) * gi;
          second[i] = beta2 * second[i]! + (1 - beta2) * gi * gi;
          theta[i]! -= (eta * velocity[i]! * c1) / (Math.sqrt(second[i]! * c2) + epsilon);
        }
      }
    }
    for (let i = 0; i < P; i++) {
      if (!Number.isFinite(theta[i]!)) {
        throw new SpectraError('E_NON_FINITE', `train: θ[${i}] became ${theta[i]} at step ${step + 1} (learning rate ${lr} too large?)`, { step: step + 1, history });
      }
    }
    tracker.report(step + 1, { step: step + 1, steps });
    await tracker.maybeYield();
  }
  history.push(record(model, theta, batch, steps, options, backend));
  if (options.onCheckpoint && checkpoints.has(steps)) await options.onCheckpoint(steps, Float64Array.from(theta));
  tracker.report(steps, { step: steps, steps }, true);
  const { onProgress: _p, signal: _s, evaluation: _e, onCheckpoint: _c, ...rest } = options;
  return { theta, history, steps, options: { ...rest, optimizer } };
}

function withEvaluation(model: Model, theta: Float64Array, r: TrainingRecord, options: TrainOptions, backend: EngineBackend | undefined): TrainingRecord {
  if (options.evaluation) {
    const ev = new CurvatureEngine(model, theta, options.evaluation, { backend, chunkSize: options.chunkSize });
    r.evaluationLoss = ev.loss();
    r.evaluationAccuracy = ev.accuracy();
  }
  return r;
}

/** Shifts each image of a mini-batch by a random (dy, dx) ∈ [−s, s]², zero fill (in place). */
function translateImages(inputs: Float64Array, count: number, shape: readonly number[], maxShift: number, stream: { uniformInt(bound: number): number }): void {
  const [c, h, w] = shape.length === 3 ? (shape as [number, number, number]) : [1, shape[0]!, shape[1]!];
  const size = c * h * w;
  const tmp = new Float64Array(size);
  for (let k = 0; k < count; k++) {
    const dy = stream.uniformInt(2 * maxShift + 1) - maxShift;
    const dx = stream.uniformInt(2 * maxShift + 1) - maxShift;
    if (dy === 0 && dx === 0) continue;
    const img = inputs.subarray(k * size, (k + 1) * size);
    tmp.fill(0);
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < h; y++) {
        const sy = y - dy;
        if (sy < 0 || sy >= h) continue;
        for (let x = 0; x < w; x++) {
          const sx = x - dx;
          if (sx >= 0 && sx < w) tmp[ch * h * w + y * w + x] = img[ch * h * w + sy * w + sx]!;
        }
      }
    }
    img.set(tmp);
  }
}
