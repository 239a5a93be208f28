// Trains an MLP on MNIST digits and, every few steps, measures its loss Hessian: the SLQ density,
// the top eigenvalues (Lanczos, full reorthogonalisation) and the outliers. Messages: 'start',
// 'pause', 'resume', 'cancel'. The UI thread only draws.
import { ready } from '@spectra/core';
import {
  accuracy,
  createBatch,
  curvatureOperator,
  detectOutliers,
  initializeParameters,
  multilayerPerceptron,
  spectralDensity,
  stochasticLanczosQuadrature,
  subsetBatch,
  topEigenvalues,
  train,
  type Batch,
} from '@spectra/hessian';

export interface HessianSettings {
  hidden: number[];
  trainDigits: number;
  learningRate: number;
  stepsPerRound: number;
  rounds: number;
  /** Digits the Hessian is measured on (a fixed subset of the training set). */
  hessianDigits: number;
  lanczosSteps: number;
  probes: number;
  top: number;
}

export type HessianMessage =
  | { type: 'start'; settings: HessianSettings; images: ArrayBuffer; labels: ArrayBuffer }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel' };

export interface HessianSnapshot {
  type: 'snapshot';
  round: number;
  step: number;
  loss: number;
  trainAccuracy: number;
  testAccuracy: number;
  parameterCount: number;
  topEigenvalues: number[];
  outliers: { count: number; values: number[]; ratio: number; edge: number; clear: boolean };
  density: { grid: number[]; density: number[] };
  ms: { train: number; hessian: number };
  backend: string;
}

export type HessianAnswer =
  | HessianSnapshot
  | { type: 'progress'; phase: string; fraction: number }
  | { type: 'state'; state: 'running' | 'paused' | 'finished' | 'cancelled' }
  | { type: 'error'; code: string; message: string };

let paused = false;
let cancelled = false;
let wake: (() => void) | null = null;
const post = (a: HessianAnswer) => (self as unknown as Worker).postMessage(a);

async function waitWhilePaused(): Promise<void> {
  while (paused && !cancelled) await new Promise<void>((r) => (wake = r));
}

self.onmessage = async (e: MessageEvent<HessianMessage>) => {
  const m = e.data;
  if (m.type === 'pause') {
    paused = true;
    post({ type: 'state', state: 'paused' });
    return;
  }
  if (m.type === 'resume') {
    paused = false;
    wake?.();
    post({ type: 'state', state: 'running' });
    return;
  }
  if (m.type === 'cancel') {
    cancelled = true;
    wake?.();
    return;
  }
  paused = false;
  cancelled = false;
  try {
    const backend = await ready();
    const s = m.settings;
    const pixels = new Uint16Array(m.images);
    const labelsAll = new Uint8Array(m.labels);
    const total = labelsAll.length;
    const testCount = Math.min(1000, total - s.trainDigits);
    // Values were packed as exact thousandths (the mnist package's three-decimal data).
    const toBatchInputs = (from: number, count: number) => {
      const x = new Float64Array(count * 784);
      for (let i = 0; i < x.length; i++) x[i] = pixels[from * 784 + i]! / 1000;
      return x;
    };
    const model = multilayerPerceptron([784, ...s.hidden, 10], { activation: 'relu' });
    const trainBatch: Batch = createBatch(model, toBatchInputs(0, s.trainDigits), labelsAll.subarray(0, s.trainDigits));
    const testBatch: Batch = createBatch(model, toBatchInputs(s.trainDigits, testCount), labelsAll.subarray(s.trainDigits, s.trainDigits + testCount));
    const hessianBatch = subsetBatch(model, trainBatch, Array.from({ length: Math.min(s.hessianDigits, s.trainDigits) }, (_, i) => i));
    let theta = initializeParameters(model, { seed: 2 });
    post({ type: 'state', state: 'running' });
    for (let round = 0; round <= s.rounds && !cancelled; round++) {
      const t0 = performance.now();
      if (round > 0) {
        // Mini-batch SGD, a fresh shuffle seed per round (stateless between rounds).
        const result = await train(model, theta, trainBatch, {
          optimizer: 'sgd', learningRate: s.learningRate, steps: s.stepsPerRound, batchSize: 64, seed: round,
          onProgress: (p) => post({ type: 'progress', phase: `training round ${round}`, fraction: p.fraction }),
        });
        theta = result.theta;
      }
      const t1 = performance.now();
      await waitWhilePaused();
      if (cancelled) break;
      const H = curvatureOperator(model, theta, hessianBatch);
      const slq = await stochasticLanczosQuadrature(H, {
        steps: s.lanczosSteps, probes: s.probes, seed: 3,
        onProgress: (p) => post({ type: 'progress', phase: `SLQ probe ${p.probe ?? ''}`, fraction: p.fraction }),
      });
      const top = await topEigenvalues(H, s.top, { seed: 4, tolerance: 1e-8 });
      const outliers = detectOutliers(top.values, { classes: 10 });
      const density = spectralDensity(slq, { grid: 301 });
      const t2 = performance.now();
      post({
        type: 'snapshot',
        round,
        step: round * s.stepsPerRound,
        loss: H.loss(),
        trainAccuracy: accuracy(model, theta, trainBatch),
        testAccuracy: accuracy(model, theta, testBatch),
        parameterCount: model.parameterCount,
        topEigenvalues: Array.from(top.values),
        outliers: { count: outliers.count, values: outliers.values, ratio: outliers.ratio, edge: outliers.edge, clear: outliers.clear },
        density: { grid: Array.from(density.grid), density: Array.from(density.density) },
        ms: { train: t1 - t0, hessian: t2 - t1 },
        backend,
      });
      await waitWhilePaused();
    }
    post({ type: 'state', state: cancelled ? 'cancelled' : 'finished' });
  } catch (err) {
    const x = err as { name?: string; code?: string; message?: string };
    post({ type: 'error', code: x.name === 'SpectraError' ? (x.code ?? 'E_UNKNOWN') : 'E_INTERNAL', message: x.message ?? String(err) });
  }
};
