// Monte-Carlo twin of the Jacobian spectrum (spec §5): sample the actual network — one input
// x₀ ~ N(0, q_in I) per seed, forward pass, D_l = diag φ'(h_l), J = D_L W_L ⋯ D_1 W_1 accumulated by core
// GEMM — take its singular values (core SVD), square them, pad with zeros to N₀, pool the seeds and set
// eigenvalues ≤ 1e-9·max to 0 (rounding noise). Each seed also records its empirical D² laws for the
// conditional twin, which recomputes the theory with them (finite-N fluctuations of the active fractions
// dominate the remaining gap at depth).
import { matmul, randomOrthogonal, rng, singularValues, SpectraError, throwIfAborted, type Matrix } from '@spectra/core';
import { discreteLaw, resolveJacobianArchitecture, type JacobianArchitecture, type ResolvedArchitecture } from '../jacobian-architecture.js';
import { cdfForResolved } from '../jacobian-cdf.js';
import { finiteArray } from '../validate.js';
import { resolveSeeds, roundHalfEven, yieldToEventLoop, type MonteCarloOptions } from './options.js';

/** Options of `monteCarlo.jacobianSpectrum`. */
export interface JacobianMonteCarloOptions extends MonteCarloOptions {
  /** N₀ (widths from the architecture's ratios, NumPy rounding), or all widths N₀ … N_L. Default: the architecture's widths. */
  sizes?: number | ArrayLike<number>;
  /** Gaussian (default) or Haar-orthogonal weights (equal widths only). */
  weights?: 'gaussian' | 'orthogonal';
  /** `'fanIn'` (default: Var W_l = σ_w²/N_{l−1}) or `'fanOut'` (σ_w²/N_l): as in `jacobianSpectrum`. */
  normalisation?: 'fanIn' | 'fanOut';
  /** 'fixedPoint': the input is scaled so that every layer sits at q* (Var x₀ = (q* − σ_b²)/σ_w²). */
  dLaw?: 'perLayer' | 'fixedPoint';
}

/** One sampled network. */
export interface JacobianSample {
  /** N₀ eigenvalues of JᵀJ (squared singular values padded with zeros), ascending, zero rule applied. */
  eigenvalues: Float64Array;
  /** Per layer: the fraction of units with φ'(h) ≠ 0. */
  activeFractions: number[];
  /** Per layer: the empirical values of φ'(h)² (its D² law, for the conditional twin). */
  derivativeSquares: Float64Array[];
  /** Per layer: mean(h²), the empirical q_l. */
  preActivationVariances: number[];
}

/** What `monteCarlo.jacobianSpectrum` returns: the pooled spectrum, each network's record, and its inputs. */
export interface JacobianMonteCarlo {
  /** Pooled eigenvalues of every seed (N₀ per seed), ascending; ≤ zeroThreshold set to 0. */
  eigenvalues: Float64Array;
  /** One record per sampled network (seed + k), in order. */
  samples: JacobianSample[];
  /** 1e-9 × the largest eigenvalue over all seeds (use it as τ of `thresholdedKolmogorovSmirnov`). */
  zeroThreshold: number;
  /** The widths N₀ … N_L sampled. */
  widths: number[];
  /** The architecture as given. */
  architecture: JacobianArchitecture;
  /** The options as given (without `onProgress` and `signal`). */
  options: Omit<JacobianMonteCarloOptions, 'onProgress' | 'signal'>;
}

function resolveWidths(arch: ResolvedArchitecture, sizes: JacobianMonteCarloOptions['sizes']): number[] {
  if (sizes === undefined) {
    if (!arch.widths) throw new SpectraError('E_ARGUMENT', 'monteCarlo.jacobianSpectrum: give sizes (N₀ or N₀ … N_L) when the architecture has no widths');
    return arch.widths.map((w) => Math.round(w));
  }
  if (typeof sizes === 'number') {
    if (!Number.isSafeInteger(sizes) || sizes < 1) throw new SpectraError('E_ARGUMENT', `monteCarlo.jacobianSpectrum: sizes (N₀) must be a positive integer, got ${sizes}`);
    const widths = [sizes];
    for (const l of arch.layers) widths.push(Math.max(1, roundHalfEven(widths[widths.length - 1]! / l.lambda)));
    return widths;
  }
  const w = Array.from(finiteArray(sizes, 'monteCarlo.jacobianSpectrum: sizes'));
  if (w.length !== arch.layers.length + 1) throw new SpectraError('E_ARGUMENT', `monteCarlo.jacobianSpectrum: sizes must list N₀ … N_L (${arch.layers.length + 1} widths), got ${w.length}`);
  w.forEach((v, i) => {
    if (!Number.isSafeInteger(v) || v < 1) throw new SpectraError('E_ARGUMENT', `monteCarlo.jacobianSpectrum: sizes[${i}] must be a positive integer, got ${v}`);
  });
  return w;
}

/**
 * Samples networks of the architecture and returns the pooled spectrum of JᵀJ (spec §5); `monteCarlo.jacobianSpectrum`.
 * `E_ARGUMENT` for bad options, or when the architecture has no widths and `sizes` is missing.
 *
 * @example
 * ```ts
 * import { jacobianCdf, monteCarlo, thresholdedKolmogorovSmirnov } from '@spectra/free-prob';
 * const arch = { depth: 4, activation: 'relu', sigmaW2: 2 };
 * const mc = await monteCarlo.jacobianSpectrum(arch, { sizes: 500, seeds: 2, seed: 1000 });
 * mc.eigenvalues.length;                         // 1000 (N₀ = 500 per seed)
 * mc.eigenvalues.filter((v) => v === 0).length;  // 538 (theory: the atom ½)
 * mc.samples[0].activeFractions;                 // [0.502, 0.502, 0.47, 0.53] (theory: p = ½)
 * thresholdedKolmogorovSmirnov(mc.eigenvalues, (x) => jacobianCdf(arch, x), mc.zeroThreshold).statistic; // ≈ 0.033
 * ```
 */
export async function monteCarloJacobianSpectrum(architecture: JacobianArchitecture, options: JacobianMonteCarloOptions = {}): Promise<JacobianMonteCarlo> {
  const { seed, seeds } = resolveSeeds(options, 'monteCarlo.jacobianSpectrum');
  const weights = options.weights ?? 'gaussian';
  const arch = resolveJacobianArchitecture(architecture, { normalisation: options.normalisation ?? 'fanIn', dLaw: options.dLaw ?? 'perLayer' });
  const widths = resolveWidths(arch, options.sizes);
  if (weights === 'orthogonal' && widths.some((w) => w !== widths[0])) {
    throw new SpectraError('E_ARGUMENT', "monteCarlo.jacobianSpectrum: weights 'orthogonal' needs equal widths (square layers)");
  }
  const backend = options.backend ? { backend: options.backend } : {};
  const L = arch.layers.length;
  const N0 = widths[0]!;
  const samples: JacobianSample[] = [];
  const units = seeds * (L + 1);
  let done = 0;
  const step = async (): Promise<void> => {
    done++;
    options.onProgress?.(done / units);
    await yieldToEventLoop();
    throwIfAborted(options.signal);
  };
  throwIfAborted(options.signal);
  for (let k = 0; k < seeds; k++) {
    const r = rng(seed + k);
    // Input: Var x₀ = q_in, or (q* − σ_b²)/σ_w² so that layer 1 (hence every layer) sits at q*.
    const first = arch.layers[0]!;
    const inputVariance = arch.dLaw === 'fixedPoint' ? Math.max(0, (first.q - first.sigmaB2) / first.fanInSigma2) : arch.inputVariance;
    let x: Matrix = { rows: N0, cols: 1, data: r.fillNormal(new Float64Array(N0), Math.sqrt(inputVariance)) };
    let J: Matrix | null = null;
    const activeFractions: number[] = [];
    const derivativeSquares: Float64Array[] = [];
    const preActivationVariances: number[] = [];
    for (let l = 0; l < L; l++) {
      const layer = arch.layers[l]!;
      const nIn = widths[l]!;
      const nOut = widths[l + 1]!;
      let W: Matrix;
      if (weights === 'orthogonal') {
        const o = randomOrthogonal(nOut, { seed: r.nextUint32(), ...backend });
        const g = Math.sqrt(layer.fanInSigma2);
        for (let i = 0; i < o.data.length; i++) o.data[i]! *= g;
        W = o;
      } else {
        // Var W = σ_fan-out²/N_l = σ_fan-in²/N_{l−1}.
        W = { rows: nOut, cols: nIn, data: r.fillNormal(new Float64Array(nOut * nIn), Math.sqrt(layer.sigma2 / nOut)) };
      }
      const h = matmul(W, x, backend);
      const sb = Math.sqrt(layer.sigmaB2);
      const d = new Float64Array(nOut);
      const d2 = new Float64Array(nOut);
      const next = new Float64Array(nOut);
      let active = 0;
      let q = 0;
      for (let i = 0; i < nOut; i++) {
        const hi = h.data[i]! + (sb > 0 ? sb * r.normal() : 0);
        q += hi * hi;
        const di = layer.activation.dphi(hi);
        d[i] = di;
        d2[i] = di * di;
        if (di !== 0) active++;
        next[i] = layer.activation.phi(hi);
      }
      activeFractions.push(active / nOut);
      derivativeSquares.push(d2);
      preActivationVariances.push(q / nOut);
      // J ← D_l W_l J (the first layer's W is not used again: its rows are scaled in place).
      const data: Float64Array = (J === null ? W : matmul(W, J, backend)).data;
      for (let i = 0; i < nOut; i++) {
        const di = d[i]!;
        const row = i * N0;
        for (let j = 0; j < N0; j++) data[row + j]! *= di;
      }
      J = { rows: nOut, cols: N0, data };
      x = { rows: nOut, cols: 1, data: next };
      await step();
    }
    // Eigenvalues of JᵀJ need absolute accuracy only (everything ≤ 1e-9·max is a zero): the Gram route
    // (|σ̂² − σ²| = O(n·u·σ²_max), specs/core.md §2.6) is 3–4× faster than bidiagonalisation.
    const sv = singularValues(J!, { method: 'gram', ...backend }).values;
    const eig = new Float64Array(N0);
    for (let i = 0; i < sv.length; i++) eig[i] = sv[i]! * sv[i]!;
    eig.sort();
    samples.push({ eigenvalues: eig, activeFractions, derivativeSquares, preActivationVariances });
    await step();
  }
  let max = 0;
  for (const s of samples) max = Math.max(max, s.eigenvalues[s.eigenvalues.length - 1]!);
  const zeroThreshold = 1e-9 * max;
  const pooled = new Float64Array(seeds * N0);
  let p = 0;
  for (const s of samples) {
    for (let i = 0; i < s.eigenvalues.length; i++) if (s.eigenvalues[i]! <= zeroThreshold) s.eigenvalues[i] = 0;
    pooled.set(s.eigenvalues, p);
    p += N0;
  }
  pooled.sort();
  const { onProgress: _o, signal: _s, ...rest } = options;
  return { eigenvalues: pooled, samples, zeroThreshold, widths, architecture, options: rest };
}

/**
 * The conditional twin (spec §5): the theory recomputed per seed with that seed's empirical D² laws
 * (Bernoulli: its active fractions p_l; otherwise the discrete law of its φ'(h)² values), CDFs averaged.
 * It removes the finite-N fluctuation of the active fractions, which dominates the gap at depth;
 * `monteCarlo.conditionalJacobianCdf`.
 *
 * @example
 * ```ts
 * import { conditionalJacobianCdf, jacobianCdf, monteCarlo, thresholdedKolmogorovSmirnov } from '@spectra/free-prob';
 * const arch = { depth: 4, activation: 'relu', sigmaW2: 2 };
 * const mc = await monteCarlo.jacobianSpectrum(arch, { sizes: 500, seeds: 2, seed: 1000 });
 * conditionalJacobianCdf(mc, [0.1, 1, 3]); // ≈ Float64Array [0.71260, 0.83224, 0.89968]
 * jacobianCdf(arch, [0.1, 1, 3]);          // Float64Array [0.711323527919069, 0.8314952914032862, 0.8991365158386311]
 * const tau = mc.zeroThreshold;
 * thresholdedKolmogorovSmirnov(mc.eigenvalues, (x) => conditionalJacobianCdf(mc, x), tau).statistic; // ≈ 0.0044
 * thresholdedKolmogorovSmirnov(mc.eigenvalues, (x) => jacobianCdf(arch, x), tau).statistic;           // ≈ 0.0327
 * ```
 */
export function conditionalJacobianCdf(mc: JacobianMonteCarlo, xs: ArrayLike<number>): Float64Array {
  const x = finiteArray(xs, 'conditionalJacobianCdf: xs');
  const o = mc.options;
  const out = new Float64Array(x.length);
  for (const sample of mc.samples) {
    const arch = resolveJacobianArchitecture(mc.architecture, { normalisation: o.normalisation ?? 'fanIn', dLaw: o.dLaw ?? 'perLayer' });
    arch.layers.forEach((layer, l) => {
      if (layer.law.kind === 'bernoulli') {
        const p = sample.activeFractions[l]!;
        layer.law = { ...layer.law, p, weights: Float64Array.of(1 - p, p), mean: p, secondMoment: p, positiveMass: p };
      } else {
        const d2 = sample.derivativeSquares[l]!;
        layer.law = discreteLaw(d2, new Float64Array(d2.length).fill(1 / d2.length));
      }
    });
    const F = cdfForResolved(arch, o.weights ?? 'gaussian', x);
    for (let i = 0; i < x.length; i++) out[i]! += F[i]! / mc.samples.length;
  }
  return out;
}

/** The empirical q_l of a sample against the recursion (internal helper for tests and reports). */
export function meanPreActivationVariance(mc: JacobianMonteCarlo): number[] {
  const L = mc.samples[0]!.preActivationVariances.length;
  const out: number[] = [];
  for (let l = 0; l < L; l++) out.push(mc.samples.reduce((s, x) => s + x.preActivationVariances[l]!, 0) / mc.samples.length);
  return out;
}
