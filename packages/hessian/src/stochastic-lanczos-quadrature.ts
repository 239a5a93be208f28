import { gaussQuadrature, getBackend, isSpectraError, SpectraError, wasmVariant } from '@spectra/core';
import type { CurvatureKind, CurvatureOperator } from './curvature.js';
import { asOperator, reorthogonalizationOption, type Reorthogonalization } from './lanczos.js';
import type { LinearOperator } from './linear-operator.js';
import type { EngineBackend } from './matmul-kernel.js';
import { probeTask, runProbesTogether, type ProbeLanczos } from './probe-task.js';
import { checkLongRunOptions, positiveIntegerOption, ProgressTracker, seedOption, type LongRunOptions } from './progress.js';
import type { ProbePool } from './worker-pool.js';

/** Options of stochastic Lanczos quadrature: steps per probe, probes, seed, an optional worker pool, progress and cancellation. */
export interface SlqOptions extends LongRunOptions {
  /** Lanczos steps m per probe (default 80, clamped to P). */
  steps?: number;
  /** Number of Rademacher probes n_v (default 10). */
  probes?: number;
  /** mulberry32 seed of the probes (default 3, the reference's); probe l uses draws l·P … l·P + P − 1. */
  seed?: number;
  /** Default 'full' (CGS2). 'none' only for memory-starved density runs (see `Reorthogonalization`). */
  reorthogonalize?: Reorthogonalization | boolean;
  /** Lanczos basis storage (default 'float64'). */
  basisPrecision?: 'float64' | 'float32';
  /** Run probes on a worker pool (a `curvatureOperator` only); results are identical for any pool size. */
  pool?: ProbePool;
  /**
   * On the calling thread, probes advance in lockstep groups of this many, one batched product per
   * step (default 4; 1 = one probe after another). Results do not depend on it.
   */
  probeBlock?: number;
}

/** One probe's Lanczos tridiagonal and its Gauss rule (nodes ascending, weights summing to 1). */
export interface ProbeQuadrature {
  index: number;
  alpha: Float64Array;
  beta: Float64Array;
  lastBeta: number;
  steps: number;
  invariantSubspace: boolean;
  nodes: Float64Array;
  weights: Float64Array;
}

/** The SLQ estimate of the spectral measure: Σ_l Σ_j (w_lj/n_v)·δ(λ − θ_lj) (hessian.md §5). */
export interface SpectralQuadrature {
  /** P. */
  dimension: number;
  /** Per-probe rules, in probe order. */
  probes: ProbeQuadrature[];
  /** P·Σ w θ / n_v = the Hutchinson estimate vᵀKv with the same probes (exactly: Σ_j w_j θ_j = α₁). */
  traceEstimate: number;
  /** Smallest and largest Ritz value over all probes. */
  ritzMin: number;
  ritzMax: number;
  matvecs: number;
  /** The operator kind when it was a curvature operator. */
  kind?: CurvatureKind;
  options: { steps: number; probes: number; seed: number; reorthogonalize: Reorthogonalization; basisPrecision: 'float64' | 'float32'; workers: number };
}

function toQuadrature(p: ProbeLanczos): ProbeQuadrature {
  // Golub–Welsch (1969): nodes = eig(T), weights = squared first components (core's QL on the first row).
  const rule = gaussQuadrature(p.alpha, p.beta);
  return { ...p, nodes: rule.nodes, weights: rule.weights };
}

/** @internal Assembles a quadrature from per-probe Lanczos results. */
export function assembleQuadrature(dimension: number, done: ProbeLanczos[], options: SpectralQuadrature['options'], kind: CurvatureKind | undefined): SpectralQuadrature {
  const probes = done.map(toQuadrature);
  let trace = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let matvecs = 0;
  for (const p of probes) {
    // Σ_j w_j θ_j = e₁ᵀ T e₁ = α₁ = q₁ᵀKq₁: the same number as Hutchinson's vᵀKv/P.
    trace += dimension * p.alpha[0]!;
    lo = Math.min(lo, p.nodes[0]!);
    hi = Math.max(hi, p.nodes[p.nodes.length - 1]!);
    matvecs += p.steps;
  }
  const q: SpectralQuadrature = {
    dimension,
    probes,
    traceEstimate: probes.length ? trace / probes.length : NaN,
    ritzMin: lo,
    ritzMax: hi,
    matvecs,
    options,
  };
  if (kind) q.kind = kind;
  return q;
}

/**
 * Stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017; Lin, Saad & Yang 2016; hessian.md §5):
 * per Rademacher probe, m Lanczos steps with full reorthogonalisation, then the Gauss rule of T.
 * Long: async, `{ onProgress, signal }`; abort rejects `E_ABORTED` whose `details.partial` is the
 * quadrature of the completed probes (a usable density). With `pool`, probes run in workers.
 *
 * @example
 * ```ts
 * import { curvatureOperator, referenceProblem, stochasticLanczosQuadrature, train } from '@spectra/hessian';
 * const { model, batch, theta0 } = referenceProblem();
 * const { theta } = await train(model, theta0, batch, { learningRate: 0.1, steps: 300 }); // the reference net (hessian.md §8)
 * const H = curvatureOperator(model, theta, batch);
 * const slq = await stochasticLanczosQuadrature(H, { steps: 80, probes: 10, seed: 3 });
 * slq.probes[0].nodes.length; // 80
 * slq.traceEstimate;          // 67.01… on the reference net (exact tr H = 77.94; hessian.md §6)
 * ```
 */
export async function stochasticLanczosQuadrature(
  operator: LinearOperator | CurvatureOperator,
  options: SlqOptions = {},
): Promise<SpectralQuadrature> {
  checkLongRunOptions(options, 'stochasticLanczosQuadrature');
  const op = asOperator(operator, undefined, 'stochasticLanczosQuadrature');
  const P = op.dimension;
  const steps = Math.min(P, positiveIntegerOption(options.steps, 80, 'stochasticLanczosQuadrature', 'steps'));
  const probes = positiveIntegerOption(options.probes, 10, 'stochasticLanczosQuadrature', 'probes');
  const seed = seedOption(options.seed, 3, 'stochasticLanczosQuadrature');
  const reorthogonalize = reorthogonalizationOption(options.reorthogonalize, 'stochasticLanczosQuadrature');
  const basisPrecision = options.basisPrecision ?? 'float64';
  if (basisPrecision !== 'float64' && basisPrecision !== 'float32') {
    throw new SpectraError('E_ARGUMENT', `stochasticLanczosQuadrature: basisPrecision must be 'float64' or 'float32', got ${String(basisPrecision)}`);
  }
  const settings = { seed, steps, reorthogonalize, basisPrecision } as const;
  const kind = (operator as Partial<CurvatureOperator>).kind;
  const resultOptions = { steps, probes, seed, reorthogonalize, basisPrecision, workers: options.pool?.size ?? 0 };
  const tracker = new ProgressTracker(options, 'slq', steps * probes);
  const done: ProbeLanczos[] = [];
  const partial = () => ({ completedProbes: done.length, partial: assembleQuadrature(P, [...done].sort((a, b) => a.index - b.index), resultOptions, kind) });
  const indices = Array.from({ length: probes }, (_, i) => i);
  if (options.pool) {
    const curvature = operator as CurvatureOperator;
    const requested: EngineBackend | undefined = curvature.options?.backend;
    const backend: EngineBackend = requested ?? getBackend().active;
    const task = probeTask(op, settings, backend, backend === 'wasm' ? wasmVariant() : null);
    try {
      const results = await options.pool.runProbes(task, indices, {
        signal: options.signal,
        onProbe: (r) => {
          done.push(r);
          tracker.report(done.length * steps, { probe: done.length, probes }, true);
        },
      });
      return assembleQuadrature(P, results, resultOptions, kind);
    } catch (e) {
      if (isSpectraError(e) && e.code === 'E_ABORTED') throw new SpectraError('E_ABORTED', 'stochasticLanczosQuadrature: aborted', partial());
      throw e;
    }
  }
  const group = positiveIntegerOption(options.probeBlock, 4, 'stochasticLanczosQuadrature', 'probeBlock');
  try {
    for (let l0 = 0; l0 < probes; l0 += group) {
      const chunk = indices.slice(l0, l0 + group);
      const results = await runProbesTogether(op, settings, chunk, tracker, (j) =>
        tracker.report(l0 * steps + j * chunk.length, { probe: l0 + 1, probes, step: j, steps }),
      );
      done.push(...results);
      tracker.report((l0 + chunk.length) * steps, { probe: l0 + chunk.length, probes }, true);
    }
  } catch (e) {
    if (isSpectraError(e) && e.code === 'E_ABORTED') throw new SpectraError('E_ABORTED', `stochasticLanczosQuadrature: aborted after ${done.length} of ${probes} probes`, partial());
    throw e;
  }
  tracker.report(probes * steps, { probe: probes, probes }, true);
  return assembleQuadrature(P, done, resultOptions, kind);
}
