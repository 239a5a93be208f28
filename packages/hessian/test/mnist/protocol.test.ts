// hessian.md §9 on real data, on demand: the MNIST protocol (C − 1 = 9 outliers, rank G_class = 90,
// overlap of the top-9 Ritz vectors with span(G_class) close to 1) and the narrow twin's exact check.
import { describe, expect, it } from 'vitest';
import { ready, symmetricEigenvalues } from '@spectra/core';
import {
  analyzeHessian,
  curvatureOperator,
  denseHessian,
  initializeParameters,
  multilayerPerceptron,
  stochasticLanczosQuadrature,
  topEigenvalues,
  train,
} from '@spectra/hessian';
import { loadMnist } from '@spectra/hessian/node';

describe('MNIST, hessian.md §9', () => {
  it('protocol: 5000 digits, 784-128-64-10, 300 GD steps at lr 0.5 → 9 outliers, rank G_class 90, overlap ≈ 1', async () => {
    await ready();
    const { train: trainSet, test } = await loadMnist();
    const model = multilayerPerceptron([784, 128, 64, 10]);
    const trained = await train(model, initializeParameters(model, { seed: 2 }), trainSet, { learningRate: 0.5, steps: 300, historyEvery: 100, evaluation: test });
    const report = await analyzeHessian(model, trained.theta, trainSet, { top: 24 });
    console.log(JSON.stringify({ training: trained.history.at(-1), top: Array.from(report.top.values), outliers: report.outliers, classStructure: report.classStructure, trace: report.trace.estimate }, null, 1));
    expect(report.top.converged).toBe(true);
    expect(report.outliers.count).toBe(9);
    expect(report.outliers.expectedCount).toBe(9);
    expect(report.classStructure!.rank).toBe(90);
    expect(report.classStructure!.overlap!).toBeGreaterThan(0.8);
    // SLQ and Hutch++ agree on tr H within their statistical errors (SLQ's is the 10-probe Hutchinson's).
    expect(Math.abs(report.slq.traceEstimate - report.trace.estimate)).toBeLessThan(0.5 * report.trace.estimate);
  });

  it('narrow twin 784-16-16-10 (P = 13,002, 100 digits per class): Lanczos and SLQ against the exact dense spectrum', async () => {
    await ready();
    const { train: trainSet } = await loadMnist({ trainPerClass: 100, testPerClass: 0 });
    const model = multilayerPerceptron([784, 16, 16, 10]);
    const trained = await train(model, initializeParameters(model, { seed: 2 }), trainSet, { learningRate: 0.5, steps: 300 });
    const H = curvatureOperator(model, trained.theta, trainSet);
    const dense = await denseHessian(H, { maxDimension: 13_002 });
    const exact = symmetricEigenvalues(dense, { triangle: 'lower' });
    const P = model.parameterCount;
    const lambdaMax = exact[P - 1]!;
    const top = await topEigenvalues(H, 10, { seed: 4 });
    for (let i = 0; i < 10; i++) expect(Math.abs(top.values[i]! - exact[P - 1 - i]!)).toBeLessThan(1e-10 * lambdaMax);
    let trace = 0;
    for (let i = 0; i < P; i++) trace += dense.data[i * P + i]!;
    const slq = await stochasticLanczosQuadrature(H, { steps: 80, probes: 10, seed: 3 });
    expect(Math.abs(slq.ritzMax - lambdaMax)).toBeLessThan(1e-10 * lambdaMax);
    expect(Math.abs(slq.traceEstimate - trace) / Math.abs(trace)).toBeLessThan(0.3);
    console.log(JSON.stringify({ lambdaMax, lambdaMin: exact[0], trace, slqTrace: slq.traceEstimate, negativeBelow1e6: exact.filter((x) => x < -1e-6 * lambdaMax).length }));
  });
});
