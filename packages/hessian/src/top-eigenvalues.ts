import { SpectraError } from '@spectra/core';
import { asOperator, LanczosProcess, reorthogonalizationOption, type Reorthogonalization } from './lanczos.js';
import { checkVector, type LinearOperator } from './linear-operator.js';
import { gaussianVectors } from './probe-vectors.js';
import { checkLongRunOptions, positiveIntegerOption, ProgressTracker, seedOption, type LongRunOptions } from './progress.js';
import { tridiagonalEigen } from './tridiagonal-ritz.js';

/** Options of `topEigenvalues`: which end of the spectrum, the relative residual tolerance, the step budget, seed, progress and cancellation. */
export interface TopEigenvaluesOptions extends LongRunOptions {
  /** 'largest' (default, descending) or 'smallest' (ascending: λ_min first). */
  which?: 'largest' | 'smallest';
  /** Stop when every wanted residual bound |β_m·s_{m,i}| ≤ tolerance·|θ₁| (default 1e-10). */
  tolerance?: number;
  /** Steps before the first convergence check (default max(2k + 10, 20)). */
  startSteps?: number;
  /** Largest Krylov dimension (default min(P, max(300, 10k))). */
  maxSteps?: number;
  /** Gaussian start from mulberry32(seed) (default 4, the reference's test vector), unless `start`. */
  seed?: number;
  start?: Float64Array;
  /** Return the Ritz vectors (k × P, row i for values[i]). */
  ritzVectors?: boolean;
  /** Default 'full'; 'none' shows ghost eigenvalues (hessian.md §4) — for demonstrations only. */
  reorthogonalize?: Reorthogonalization | boolean;
}

/** The k extreme eigenvalues found by Lanczos, with rigorous residual bounds and the Hessian-vector products spent. */
export interface TopEigenvalues {
  /** The k wanted Ritz values: descending for 'largest', ascending for 'smallest'. */
  values: Float64Array;
  /** |β_m·s_{m,i}|: each interval values[i] ± bound holds an eigenvalue. */
  residualBounds: Float64Array;
  converged: boolean;
  /** Krylov dimension m reached (= matrix–vector products). */
  steps: number;
  matvecs: number;
  /** k × P, row i the unit Ritz vector of values[i], when requested. */
  vectors?: Float64Array;
  seed: number | null;
  options: { k: number; which: 'largest' | 'smallest'; tolerance: number; startSteps: number; maxSteps: number; reorthogonalize: Reorthogonalization };
}

/**
 * The k largest (or smallest) eigenvalues of a symmetric operator by Lanczos with full
 * reorthogonalisation from a Gaussian start: Ritz values with residual bounds |β_m·s_{m,i}|, the
 * Krylov space grown one step at a time from max(2k + 10, 20) until every bound is below
 * tolerance·|θ₁| (hessian.md §6). All k come from one Krylov space, so close eigenvalues come out
 * ordered and right, where power iteration with deflation is slow and unordered.
 *
 * @example
 * ```ts
 * import { curvatureOperator, referenceProblem, topEigenvalues, train } from '@spectra/hessian';
 * const { model, batch, theta0 } = referenceProblem();
 * const { theta } = await train(model, theta0, batch, { learningRate: 0.1, steps: 300 }); // the reference net (hessian.md §8)
 * const top = await topEigenvalues(curvatureOperator(model, theta, batch), 5);
 * top.values;   // ≈ Float64Array [7.6602, 7.3131, 5.3217, 4.9367, 1.7555] (the exact top 5 to 1e-12)
 * top.matvecs;  // 30
 * ```
 */
export async function topEigenvalues(operator: LinearOperator, k: number, options: TopEigenvaluesOptions = {}): Promise<TopEigenvalues> {
  checkLongRunOptions(options, 'topEigenvalues');
  const op = asOperator(operator, undefined, 'topEigenvalues');
  const P = op.dimension;
  const want = Math.min(P, positiveIntegerOption(k, 0, 'topEigenvalues', 'k'));
  const which = options.which ?? 'largest';
  if (which !== 'largest' && which !== 'smallest') throw new SpectraError('E_ARGUMENT', `topEigenvalues: which must be 'largest' or 'smallest', got ${String(which)}`);
  const tolerance = options.tolerance ?? 1e-10;
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) throw new SpectraError('E_ARGUMENT', `topEigenvalues: tolerance must be positive, got ${tolerance}`);
  const maxSteps = Math.min(P, positiveIntegerOption(options.maxSteps, Math.max(300, 10 * want), 'topEigenvalues', 'maxSteps'));
  const startSteps = Math.min(maxSteps, positiveIntegerOption(options.startSteps, Math.max(2 * want + 10, 20), 'topEigenvalues', 'startSteps'));
  const reorthogonalize = reorthogonalizationOption(options.reorthogonalize, 'topEigenvalues');
  let start: Float64Array;
  let seed: number | null = null;
  if (options.start !== undefined) {
    checkVector(options.start, P, 'topEigenvalues', 'start');
    start = options.start;
  } else {
    seed = seedOption(options.seed, 4, 'topEigenvalues');
    start = gaussianVectors(seed, 1, P);
  }
  const wantVectors = options.ritzVectors ?? false;
  const tracker = new ProgressTracker(options, 'topEigenvalues', startSteps);
  const process = new LanczosProcess(op, start, { reorthogonalize, basisPrecision: 'float64', capacity: startSteps, keepBasis: wantVectors });
  let converged = false;
  let ritz: { values: Float64Array; bounds: Float64Array; order: number[] } | null = null;
  const evaluate = () => {
    const t = process.tridiagonal();
    const m = t.alpha.length;
    const e = tridiagonalEigen(t.alpha, t.beta, [m - 1]);
    const order = Array.from({ length: m }, (_, i) => (which === 'largest' ? m - 1 - i : i)).slice(0, Math.min(want, m));
    const values = Float64Array.from(order, (i) => e.values[i]!);
    const bounds = Float64Array.from(order, (i) => Math.abs(t.lastBeta * e.components[i]!));
    const scale = Math.max(Math.abs(e.values[0]!), Math.abs(e.values[m - 1]!));
    return { values, bounds, order, scale, exhausted: process.invariantSubspace || m >= P };
  };
  for (;;) {
    tracker.checkAbort(() => ({ steps: process.steps, ...(ritz ? { values: ritz.values, residualBounds: ritz.bounds } : {}) }));
    const more = process.step();
    const m = process.steps;
    tracker.planned = Math.max(startSteps, m + 1);
    tracker.report(m, { step: m, steps: maxSteps });
    if (m >= startSteps || !more) {
      const r = evaluate();
      ritz = r;
      const top = which === 'largest' ? Math.abs(r.values[0]!) : r.scale;
      if (r.exhausted || (r.values.length === want && r.bounds.every((b) => b <= tolerance * top))) {
        converged = r.values.length === want;
        break;
      }
      if (!more || m >= maxSteps) break;
    }
    await tracker.maybeYield();
  }
  tracker.report(process.steps, { step: process.steps, steps: maxSteps }, true);
  const result: TopEigenvalues = {
    values: ritz!.values,
    residualBounds: ritz!.bounds,
    converged,
    steps: process.steps,
    matvecs: process.steps,
    seed,
    options: { k: want, which, tolerance, startSteps, maxSteps, reorthogonalize },
  };
  if (wantVectors) result.vectors = ritzVectorsOf(process, ritz!.order);
  return result;
}

/** Ritz vectors y_i = Q·s_i for the wanted indices of T's eigenvalues (ascending order). */
function ritzVectorsOf(process: LanczosProcess, order: number[]): Float64Array {
  const t = process.tridiagonal();
  const m = t.alpha.length;
  const all = Array.from({ length: m }, (_, i) => i);
  const e = tridiagonalEigen(t.alpha, t.beta, all);
  const P = process.dimension;
  const out = new Float64Array(order.length * P);
  const q = new Float64Array(P);
  for (let j = 0; j < m; j++) {
    process.basisVector(j, q);
    for (let r = 0; r < order.length; r++) {
      const s = e.components[j * m + order[r]!]!;
      const o = r * P;
      for (let p = 0; p < P; p++) out[o + p]! += s * q[p]!;
    }
  }
  return out;
}

/** Options of `powerIteration` (PyHessian's deflated power method, kept as the baseline Lanczos is compared with). */
export interface PowerIterationOptions extends LongRunOptions {
  /** Stop when |Δλ|/(|λ| + 1e-6) < tolerance (PyHessian's rule; default 1e-3). */
  tolerance?: number;
  /** Iterations per eigenvalue (default 100). */
  maxIterations?: number;
  /** Gaussian starts drawn consecutively from mulberry32(seed), one per eigenvalue (default 4). */
  seed?: number;
}

/** What `powerIteration` finds: eigenvalue estimates in the order found and the products each one cost. */
export interface PowerIterationResult {
  /** In the order found (not necessarily descending: close eigenvalues come out swapped). */
  values: Float64Array;
  /** Products per eigenvalue. */
  iterations: number[];
  matvecs: number;
  vectors: Float64Array;
  options: { k: number; tolerance: number; maxIterations: number; seed: number };
}

/**
 * PyHessian's `eigenvalues` (Yao et al. 2020), reproduced to show why top-k needs Lanczos: power
 * iteration with deflation, a fresh Gaussian start per eigenvalue, normalisation by ‖v‖ + 1e-6,
 * Rayleigh quotient vᵀKv, stop when |Δλ|/(|λ| + 1e-6) < tolerance. On the reference net it spent
 * 48 products for the top 5 and returned λ₂ before λ₁, each 4.6 % off its rank (hessian.md §6).
 *
 * @example
 * ```ts
 * import { curvatureOperator, powerIteration, referenceProblem, train } from '@spectra/hessian';
 * const { model, batch, theta0 } = referenceProblem();
 * const { theta } = await train(model, theta0, batch, { learningRate: 0.1, steps: 300 }); // the reference net (hessian.md §8)
 * const power = await powerIteration(curvatureOperator(model, theta, batch), 5);
 * power.values;  // ≈ Float64Array [7.3089, 7.6546, 5.3111, 4.9498, 1.7510] (λ₂ first)
 * power.matvecs; // 48
 * ```
 */
export async function powerIteration(operator: LinearOperator, k: number, options: PowerIterationOptions = {}): Promise<PowerIterationResult> {
  checkLongRunOptions(options, 'powerIteration');
  const op = asOperator(operator, undefined, 'powerIteration');
  const P = op.dimension;
  const want = Math.min(P, positiveIntegerOption(k, 0, 'powerIteration', 'k'));
  const tolerance = options.tolerance ?? 1e-3;
  if (!(tolerance > 0)) throw new SpectraError('E_ARGUMENT', `powerIteration: tolerance must be positive, got ${tolerance}`);
  const maxIterations = positiveIntegerOption(options.maxIterations, 100, 'powerIteration', 'maxIterations');
  const seed = seedOption(options.seed, 4, 'powerIteration');
  const starts = gaussianVectors(seed, want, P);
  const tracker = new ProgressTracker(options, 'powerIteration', want * maxIterations);
  const vectors = new Float64Array(want * P);
  const values = new Float64Array(want);
  const iterations: number[] = [];
  const hv = new Float64Array(P);
  let matvecs = 0;
  const normalise = (v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < P; i++) s += v[i]! * v[i]!;
    const d = Math.sqrt(s) + 1e-6;
    for (let i = 0; i < P; i++) v[i]! /= d;
  };
  for (let e = 0; e < want; e++) {
    const v = starts.slice(e * P, (e + 1) * P);
    normalise(v);
    let eigenvalue: number | null = null;
    let it = 0;
    for (; it < maxIterations; it++) {
      tracker.checkAbort(() => ({ values: values.slice(0, e), matvecs }));
      // Deflation: project out the vectors found so far (PyHessian's `orthnormal`), renormalise.
      for (let f = 0; f < e; f++) {
        const u = vectors.subarray(f * P, (f + 1) * P);
        let d = 0;
        for (let i = 0; i < P; i++) d += v[i]! * u[i]!;
        for (let i = 0; i < P; i++) v[i]! -= d * u[i]!;
      }
      normalise(v);
      op.apply(v, hv);
      matvecs++;
      let rayleigh = 0;
      for (let i = 0; i < P; i++) rayleigh += hv[i]! * v[i]!;
      v.set(hv);
      normalise(v);
      tracker.report(matvecs);
      // Stop on the relative change of the Rayleigh quotient; keep the last quotient (as the reference
      // program of hessian.md §6, whose values this reproduces to 1e-8).
      const previous = eigenvalue;
      eigenvalue = rayleigh;
      if (previous !== null && Math.abs(previous - rayleigh) / (Math.abs(previous) + 1e-6) < tolerance) {
        it++;
        break;
      }
      await tracker.maybeYield();
    }
    values[e] = eigenvalue!;
    vectors.set(v, e * P);
    iterations.push(Math.min(it, maxIterations));
  }
  tracker.report(matvecs, {}, true);
  return { values, iterations, matvecs, vectors, options: { k: want, tolerance, maxIterations, seed } };
}
