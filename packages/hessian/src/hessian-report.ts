import { SpectraError } from '@spectra/core';
import type { Batch } from './batch.js';
import { classMeanGaussNewton, type ClassMeanGaussNewton } from './class-mean-gauss-newton.js';
import { curvatureOperator } from './curvature.js';
import type { EngineBackend } from './matmul-kernel.js';
import type { Model } from './model.js';
import { negativeMass, type NegativeMass } from './negative-mass.js';
import { detectOutliers, type Outliers } from './outliers.js';
import type { LongRunOptions, ProgressEvent } from './progress.js';
import { spectralDensity, type SigmaOption, type SpectralDensity } from './spectral-density.js';
import { stochasticLanczosQuadrature, type SpectralQuadrature } from './stochastic-lanczos-quadrature.js';
import { topEigenvalues, type TopEigenvalues } from './top-eigenvalues.js';
import { hutchPlusPlusTrace, type TraceEstimate } from './trace-estimators.js';
import type { ProbePool } from './worker-pool.js';

/** Options of `analyzeHessian`: top eigenvalues, SLQ steps and probes, seeds, an optional worker pool, progress and cancellation. */
export interface HessianReportOptions extends LongRunOptions {
  /** Top eigenvalues wanted (default 20). */
  top?: number;
  /** SLQ steps per probe and probes (defaults 80, 10). */
  lanczosSteps?: number;
  probes?: number;
  /** Seeds: SLQ probes (3), top-k start (4), Hutch++ (104) — the reference's. */
  slqSeed?: number;
  topSeed?: number;
  traceSeed?: number;
  /** Hutch++ budget (default 99). */
  traceMatvecs?: number;
  /** Also the top of G (default true). */
  gaussNewtonTop?: boolean;
  /** Papyan's class-mean G: rank and overlap (default true for cross-entropy models). */
  classStructure?: boolean;
  /** Density smoothing (default s/80). */
  sigma?: SigmaOption;
  pool?: ProbePool;
  backend?: EngineBackend;
  chunkSize?: number;
}

/** Everything `spectra hessian` prints, as data (a library user wants the same object). */
export interface HessianReport {
  parameterCount: number;
  samples: number;
  classes: number;
  loss: number;
  accuracy: number;
  gradientNorm: number;
  /** Top eigenvalues of H (Lanczos, full reorthogonalisation, with residual bounds). */
  top: TopEigenvalues;
  /** Top eigenvalues of G. */
  gaussNewtonTop?: TopEigenvalues;
  slq: SpectralQuadrature;
  density: SpectralDensity;
  negative: NegativeMass;
  trace: TraceEstimate;
  outliers: Outliers;
  classStructure?: Omit<ClassMeanGaussNewton, 'basis'>;
  /** Wall-clock seconds per phase. */
  seconds: Record<string, number>;
  options: Omit<HessianReportOptions, 'onProgress' | 'signal' | 'pool'> & { workers: number };
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * The whole Hessian analysis of hessian.md §9 at θ: top eigenvalues of H (and G) by Lanczos, the
 * SLQ density, negative mass with brackets, a Hutch++ trace, outliers, and Papyan's class-mean
 * structure (rank of G_class, overlap of the top C − 1 Ritz vectors of H with its span).
 *
 * @example
 * ```ts
 * import { analyzeHessian, referenceProblem, train } from '@spectra/hessian';
 * const { model, batch, theta0 } = referenceProblem();
 * const { theta } = await train(model, theta0, batch, { learningRate: 0.1, steps: 300 }); // the reference net (hessian.md §8)
 * const report = await analyzeHessian(model, theta, batch, { top: 8 });
 * report.outliers.count;        // 4 (C − 1; 9 on the MNIST protocol)
 * report.classStructure?.rank;  // 20 (C(C − 1))
 * ```
 */
export async function analyzeHessian(model: Model, theta: Float64Array, batch: Batch, options: HessianReportOptions = {}): Promise<HessianReport> {
  const top = options.top ?? 20;
  if (!Number.isSafeInteger(top) || top < 2) throw new SpectraError('E_ARGUMENT', `analyzeHessian: top must be an integer ≥ 2, got ${top}`);
  const H = curvatureOperator(model, theta, batch, { backend: options.backend, chunkSize: options.chunkSize });
  const G = H.withKind('gaussNewton');
  const C = model.outputSize;
  const seconds: Record<string, number> = {};
  const phase = (name: string) => (e: ProgressEvent) => options.onProgress?.({ ...e, phase: name });
  const common = { signal: options.signal };
  let t = now();
  const lossValue = H.loss();
  const acc = H.accuracy();
  const g = H.gradient();
  let gn = 0;
  for (const x of g) gn += x * x;
  seconds.forward = (now() - t) / 1000;
  const wantClass = (options.classStructure ?? model.loss === 'crossEntropy') && C >= 2;
  const overlapCount = model.loss === 'crossEntropy' ? C - 1 : C;
  t = now();
  const topH = await topEigenvalues(H, Math.max(top, wantClass ? overlapCount : 0), {
    ...common,
    seed: options.topSeed ?? 4,
    ritzVectors: wantClass,
    onProgress: phase('top eigenvalues of H'),
  });
  seconds.topHessian = (now() - t) / 1000;
  let topG: TopEigenvalues | undefined;
  if (options.gaussNewtonTop ?? true) {
    t = now();
    topG = await topEigenvalues(G, top, { ...common, seed: options.topSeed ?? 4, onProgress: phase('top eigenvalues of G') });
    seconds.topGaussNewton = (now() - t) / 1000;
  }
  t = now();
  const slq = await stochasticLanczosQuadrature(H, {
    ...common,
    steps: options.lanczosSteps ?? 80,
    probes: options.probes ?? 10,
    seed: options.slqSeed ?? 3,
    pool: options.pool,
    onProgress: phase('SLQ density'),
  });
  seconds.slq = (now() - t) / 1000;
  t = now();
  const trace = await hutchPlusPlusTrace(H, { ...common, matvecs: options.traceMatvecs ?? 99, seed: options.traceSeed ?? 104, onProgress: phase('Hutch++ trace') });
  seconds.trace = (now() - t) / 1000;
  const outliers = detectOutliers(topH.values.subarray(0, top), { classes: C, loss: model.loss, maxCount: Math.min(top - 1, 3 * C) });
  const report: HessianReport = {
    parameterCount: model.parameterCount,
    samples: batch.count,
    classes: C,
    loss: lossValue,
    accuracy: acc,
    gradientNorm: Math.sqrt(gn),
    top: { ...topH, values: topH.values.slice(0, top), residualBounds: topH.residualBounds.slice(0, top), vectors: undefined },
    slq,
    density: spectralDensity(slq, options.sigma !== undefined ? { sigma: options.sigma } : {}),
    negative: negativeMass(slq),
    trace,
    outliers,
    seconds,
    options: { ...stripRunOptions(options), workers: options.pool?.size ?? 0 },
  };
  if (topG) report.gaussNewtonTop = topG;
  if (wantClass) {
    t = now();
    const gc = classMeanGaussNewton(model, theta, batch, {
      backend: options.backend,
      chunkSize: options.chunkSize,
      vectors: topH.vectors!.subarray(0, overlapCount * model.parameterCount),
      // tr G: G's Hutch++ would cost another 99 products; for ReLU/identity nets tr R = 0 exactly
      // (diag R = 0), so tr H's estimate is tr G's. Smooth activations: no ratio.
      ...(piecewiseLinear(model) ? { traceGaussNewton: trace.estimate } : {}),
    });
    const { basis: _basis, ...rest } = gc;
    report.classStructure = rest;
    seconds.classMeans = (now() - t) / 1000;
  }
  delete report.top.vectors;
  return report;
}

function piecewiseLinear(model: Model): boolean {
  return model.layers.every((l) => l.type !== 'activation' || l.activation === 'relu' || l.activation === 'identity');
}

function stripRunOptions(options: HessianReportOptions): Omit<HessianReportOptions, 'onProgress' | 'signal' | 'pool'> {
  const { onProgress: _a, signal: _b, pool: _c, ...rest } = options;
  return rest;
}
