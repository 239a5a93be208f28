import { SpectraError } from '@spectra/core';
import type { Batch } from './batch.js';
import { curvatureOperator } from './curvature.js';
import type { Model } from './model.js';
import { detectOutliers, type Outliers } from './outliers.js';
import { topEigenvalues } from './top-eigenvalues.js';
import { train, type TrainOptions, type TrainResult } from './training.js';

/** The Hessian spectrum at one checkpoint of a training run: step, loss, accuracy, top eigenvalues with their residual bounds, and the outliers. */
export interface SpectrumCheckpoint {
  step: number;
  loss: number;
  accuracy: number;
  /** Top eigenvalues of H at this θ (Lanczos, full reorthogonalisation), descending. */
  topEigenvalues: Float64Array;
  residualBounds: Float64Array;
  outliers: Outliers;
}

/**
 * Top Hessian eigenvalues and outliers at chosen steps of a training run (the optimiser's state
 * carries through: checkpoints do not restart it). Papyan's picture — C − 1 outliers emerging from
 * the bulk as classes separate — in one call.
 *
 * @example
 * ```ts
 * import { referenceProblem, spectraAlongTraining } from '@spectra/hessian';
 * const { model, batch, theta0 } = referenceProblem();
 * const { checkpoints } = await spectraAlongTraining(model, theta0, batch, { learningRate: 0.1, steps: 300 }, { at: [0, 30, 100, 300], top: 8 });
 * checkpoints.map((c) => c.outliers.count); // [1, 4, 4, 4] on the reference problem (C − 1 = 4 from step 30 on)
 * ```
 */
export async function spectraAlongTraining(
  model: Model,
  theta0: Float64Array,
  batch: Batch,
  trainOptions: TrainOptions,
  options: { at: readonly number[]; top?: number; tolerance?: number },
): Promise<{ training: TrainResult; checkpoints: SpectrumCheckpoint[] }> {
  if (!options || !Array.isArray(options.at) || options.at.length === 0) {
    throw new SpectraError('E_ARGUMENT', 'spectraAlongTraining: options.at must list the steps to measure');
  }
  const top = options.top ?? 10;
  const checkpoints: SpectrumCheckpoint[] = [];
  const training = await train(model, theta0, batch, {
    ...trainOptions,
    checkpoints: options.at,
    onCheckpoint: async (step, theta) => {
      const H = curvatureOperator(model, theta, batch, { backend: trainOptions.backend, chunkSize: trainOptions.chunkSize });
      const t = await topEigenvalues(H, top, { tolerance: options.tolerance ?? 1e-8, signal: trainOptions.signal });
      checkpoints.push({
        step,
        loss: H.loss(),
        accuracy: H.accuracy(),
        topEigenvalues: t.values,
        residualBounds: t.residualBounds,
        outliers: detectOutliers(t.values, { classes: model.outputSize, loss: model.loss, maxCount: Math.min(top - 1, 3 * model.outputSize) }),
      });
    },
  });
  return { training, checkpoints };
}
