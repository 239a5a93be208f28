import { rng, SpectraError } from '@spectra/core';
import { createBatch, type Batch } from './batch.js';
import { multilayerPerceptron, type Model } from './model.js';
import { initializeParameters } from './parameters.js';

/** Options of the synthetic Gaussian-mixture classification task (Papyan's setting): classes, dimension, samples, noise, mean scale and seed. */
export interface GaussianMixtureOptions {
  /** C (default 5). */
  classes?: number;
  /** d (default 20). */
  dimension?: number;
  /** n (default 500); y_i = i mod C. */
  samples?: number;
  /** Standard deviation of the noise around each class mean (default 2). */
  noise?: number;
  /** Standard deviation of the class means (default 1). */
  meanScale?: number;
  /** mulberry32 seed (default 1). */
  seed?: number;
}

/**
 * The seeded C-class Gaussian mixture of the reference experiment (hessian.md §8): class means
 * μ_c = meanScale·N(0, I) drawn row-major (c, j), then x_i = μ_{y_i} + noise·N(0, I) row-major from
 * the same mulberry32 stream, y_i = i mod C. Regenerates the fixture's X to ≤ 2 ulp.
 *
 * @example
 * ```ts
 * import { gaussianMixture, multilayerPerceptron } from '@spectra/hessian';
 * const model = multilayerPerceptron([20, 30, 30, 5]);
 * const { batch } = gaussianMixture({ seed: 1 }, model);
 * batch.count;       // 500
 * batch.inputs[0];   // ≈ 1.7994345161888516 (the fixture's X[0][0])
 * ```
 */
export function gaussianMixture(options: GaussianMixtureOptions, model: Model): { batch: Batch; means: Float64Array } {
  const C = options.classes ?? 5;
  const d = options.dimension ?? 20;
  const n = options.samples ?? 500;
  const noise = options.noise ?? 2;
  const meanScale = options.meanScale ?? 1;
  for (const [name, v] of [['classes', C], ['dimension', d], ['samples', n]] as const) {
    if (!Number.isSafeInteger(v) || v <= 0) throw new SpectraError('E_ARGUMENT', `gaussianMixture: ${name} must be a positive integer, got ${v}`);
  }
  if (!Number.isFinite(noise) || !Number.isFinite(meanScale)) throw new SpectraError('E_NON_FINITE', 'gaussianMixture: noise and meanScale must be finite');
  if (model.inputSize !== d || model.outputSize !== C) {
    throw new SpectraError('E_SHAPE', `gaussianMixture: the model maps ${model.inputSize} → ${model.outputSize}, the mixture has d = ${d}, C = ${C}`);
  }
  const stream = rng(options.seed ?? 1, { algorithm: 'mulberry32' });
  const means = new Float64Array(C * d);
  for (let i = 0; i < C * d; i++) means[i] = meanScale * stream.normal();
  const inputs = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = i % C;
    labels[i] = y;
    for (let j = 0; j < d; j++) inputs[i * d + j] = means[y * d + j]! + noise * stream.normal();
  }
  return { batch: createBatch(model, inputs, labels), means };
}

/**
 * The reference experiment's untrained setup (hessian.md §8): the 20-30-30-5 ReLU MLP with
 * cross-entropy, the seed-1 mixture (n = 500) and θ₀ from seed 2. Train it with
 * `train(model, theta0, batch, { learningRate: 0.1, steps: 300 })`.
 *
 * @example
 * ```ts
 * import { referenceProblem } from '@spectra/hessian';
 * const { model, batch, theta0 } = referenceProblem();
 * model.parameterCount; // 1715
 * batch.count;          // 500
 * ```
 */
export function referenceProblem(): { model: Model; batch: Batch; theta0: Float64Array } {
  const model = multilayerPerceptron([20, 30, 30, 5], { activation: 'relu' });
  const { batch } = gaussianMixture({ classes: 5, dimension: 20, samples: 500, noise: 2, meanScale: 1, seed: 1 }, model);
  return { model, batch, theta0: initializeParameters(model, { seed: 2 }) };
}
