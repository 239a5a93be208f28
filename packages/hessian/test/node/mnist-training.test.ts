// The training goal: mini-batch Adam on a larger share of the `mnist` package's 10,000
// digits (9000 train, the last 100 of each class held out) reaches ≥ 96 % held-out accuracy
// (784-128-64-10 ReLU; AdamW weight decay 0.01, cosine schedule, ±2-pixel shifts; seeded).
// Measured: 97.4 % after 2000 steps (96.6 % with a 1200-step schedule; the §9 GD protocol gives 93.7 %).
import { describe, expect, it } from 'vitest';
import { ready } from '@spectra/core';
import { initializeParameters, multilayerPerceptron, train } from '@spectra/hessian';
import { loadMnist } from '@spectra/hessian/node';

describe('MNIST training', () => {
  it('mini-batch Adam reaches ≥ 96 % on 1000 held-out digits', async () => {
    await ready();
    const { train: trainSet, test } = await loadMnist({ split: 'holdout', testPerClass: 100 });
    expect(trainSet.count).toBe(9000);
    const model = multilayerPerceptron([784, 128, 64, 10]);
    const result = await train(model, initializeParameters(model, { seed: 2 }), trainSet, {
      optimizer: 'adam',
      learningRate: 2e-3,
      steps: 2000,
      batchSize: 128,
      seed: 1,
      weightDecay: 0.01,
      learningRateSchedule: 'cosine',
      augmentShift: { maxShift: 2, imageShape: [28, 28] },
      historyEvery: 500,
      evaluation: test,
    });
    const last = result.history.at(-1)!;
    console.log(`MNIST Adam: held-out accuracy ${(100 * last.evaluationAccuracy!).toFixed(1)} %, train ${(100 * last.accuracy).toFixed(1)} %, loss ${last.loss.toFixed(4)}`);
    expect(last.evaluationAccuracy!).toBeGreaterThanOrEqual(0.96);
    expect(result.history[0]!.evaluationAccuracy!).toBeLessThan(0.2);
  }, 1_200_000);
});
