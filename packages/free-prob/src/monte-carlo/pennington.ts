// Monte-Carlo twins of the Pennington–Bahri (spec §8) and Pennington–Worah (spec §9) models.
import { gram, matmul, rng, symmetricEigendecomposition, symmetricEigenvalues, SpectraError, throwIfAborted, type Matrix } from '@spectra/core';
import { resolveActivation } from '../activations.js';
import { gaussianExpectation } from '../gaussian-expectation.js';
import type { HessianIndexModelParameters } from '../pennington-bahri.js';
import type { NonlinearRandomMatrixParameters } from '../pennington-worah.js';
import { requirePositive } from '../validate.js';
import { roundHalfEven, resolveSeeds, yieldToEventLoop, type MonteCarloOptions } from './options.js';

/** The sample of `monteCarlo.hessianIndexModel`. */
export interface HessianMonteCarlo {
  /** Pooled eigenvalues, ascending. */
  eigenvalues: Float64Array;
  /** α_mc: the fraction of negative eigenvalues. */
  index: number;
  /** The matrix size n. */
  size: number;
  /** The number of matrices pooled. */
  seeds: number;
}

/**
 * H = H₀ + H₁ with H₀ = σXXᵀ/k (X n×k standard normal, k = round(n/φ)) and
 * H₁ = √(2ε/n)(A + Aᵀ)/√2 (A n×n standard normal): the twin of `hessianIndexModel`;
 * `monteCarlo.hessianIndexModel`. `options.size` is n (an integer ≥ 2, default 1500).
 *
 * @example
 * ```ts
 * import { monteCarlo } from '@spectra/free-prob';
 * const mc = await monteCarlo.hessianIndexModel({ epsilon: 0.05, phi: 0.5 }, { size: 500, seeds: 2 });
 * mc.eigenvalues.length; // 1000
 * mc.index;              // ≈ 0.064 (theory: hessianIndexModel(…).index() = 0.0636)
 * ```
 */
export async function monteCarloHessianIndexModel(parameters: HessianIndexModelParameters, options: MonteCarloOptions & { size?: number } = {}): Promise<HessianMonteCarlo> {
  const eps = requirePositive(parameters?.epsilon, 'monteCarlo.hessianIndexModel: epsilon');
  const phi = requirePositive(parameters?.phi, 'monteCarlo.hessianIndexModel: phi');
  const sigma = requirePositive(parameters?.sigma ?? 1, 'monteCarlo.hessianIndexModel: sigma');
  const { seed, seeds } = resolveSeeds(options, 'monteCarlo.hessianIndexModel');
  const n = options.size ?? 1500;
  if (!Number.isSafeInteger(n) || n < 2) throw new SpectraError('E_ARGUMENT', `monteCarlo.hessianIndexModel: size must be an integer ≥ 2, got ${String(n)}`);
  const k = Math.max(1, roundHalfEven(n / phi));
  const backend = options.backend ? { backend: options.backend } : {};
  const out = new Float64Array(n * seeds);
  for (let s = 0; s < seeds; s++) {
    throwIfAborted(options.signal);
    const r = rng(seed + s);
    const x: Matrix = { rows: n, cols: k, data: r.fillNormal(new Float64Array(n * k)) };
    const h = gram(x, { side: 'AAt', ...backend });
    const a = r.fillNormal(new Float64Array(n * n));
    const c = Math.sqrt((2 * eps) / n) / Math.SQRT2;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) h.data[i * n + j] = (sigma * h.data[i * n + j]!) / k + c * (a[i * n + j]! + a[j * n + i]!);
    }
    out.set(symmetricEigenvalues(h, { triangle: 'upper', ...backend }), s * n);
    options.onProgress?.((s + 1) / seeds);
    await yieldToEventLoop();
  }
  out.sort();
  let negative = 0;
  for (const v of out) if (v < 0) negative++;
  return { eigenvalues: out, index: negative / out.length, size: n, seeds };
}

/** The sample of `monteCarlo.nonlinearRandomMatrix`. */
export interface NonlinearRandomMatrixMonteCarlo {
  /** Pooled eigenvalues of M = YYᵀ/m (n₁ per seed), ascending. */
  eigenvalues: Float64Array;
  /** n₀, n₁ = round(n₀/ψ), m = round(n₀/φ) (NumPy rounding). */
  sizes: { n0: number; n1: number; m: number };
  /** The number of feature draws pooled. */
  seeds: number;
  /** Ridge training losses at the requested γ (one extra feature draw, seed + seeds): direct fit and mean γ²/(k + γ)² over eig(K). */
  ridge: Array<{ gamma: number; directFit: number; fromEigenvalues: number }>;
}

/**
 * Samples Y = f(WX/√n₀) (f centred), returns the eigenvalues of YYᵀ/m and, for each `ridgeGammas`, the
 * random-features ridge training loss by a direct fit on n₂ random targets and by mean γ²/(k + γ)² over
 * the eigenvalues of K = YᵀY/m (spec §9); `monteCarlo.nonlinearRandomMatrix`. Options beyond the seeds:
 * `sizes.n0` (default 800), `ridgeGammas` (γ > 0 each, default none) and `targets` n₂ (default 50).
 *
 * @example
 * ```ts
 * import { monteCarlo, nonlinearRandomMatrix } from '@spectra/free-prob';
 * const parameters = { activation: 'tanh', phi: 0.5, psi: 0.75 };
 * const mc = await monteCarlo.nonlinearRandomMatrix(parameters, { sizes: { n0: 400 }, ridgeGammas: [0.1] });
 * mc.sizes; // { n0: 400, n1: 533, m: 800 }
 * mc.ridge; // ≈ [{ gamma: 0.1, directFit: 0.5482, fromEigenvalues: 0.5504 }]
 * nonlinearRandomMatrix(parameters).ridgeTrainingLoss(0.1, { featureRatio: 533 / 800 }); // 0.5505201360592074 (theory at these sizes)
 * ```
 */
export async function monteCarloNonlinearRandomMatrix(
  parameters: NonlinearRandomMatrixParameters,
  options: MonteCarloOptions & { sizes?: { n0?: number }; ridgeGammas?: readonly number[]; targets?: number } = {},
): Promise<NonlinearRandomMatrixMonteCarlo> {
  const act = resolveActivation(parameters?.activation, 'monteCarlo.nonlinearRandomMatrix: activation');
  const phi = requirePositive(parameters.phi, 'monteCarlo.nonlinearRandomMatrix: phi');
  const psi = requirePositive(parameters.psi, 'monteCarlo.nonlinearRandomMatrix: psi');
  const sw = requirePositive(parameters.sigmaW ?? 1, 'monteCarlo.nonlinearRandomMatrix: sigmaW');
  const sx = requirePositive(parameters.sigmaX ?? 1, 'monteCarlo.nonlinearRandomMatrix: sigmaX');
  const { seed, seeds } = resolveSeeds(options, 'monteCarlo.nonlinearRandomMatrix');
  const n0 = options.sizes?.n0 ?? 800;
  if (!Number.isSafeInteger(n0) || n0 < 1) throw new SpectraError('E_ARGUMENT', `monteCarlo.nonlinearRandomMatrix: sizes.n0 must be a positive integer, got ${String(n0)}`);
  const m = roundHalfEven(n0 / phi);
  const n1 = roundHalfEven(n0 / psi);
  const backend = options.backend ? { backend: options.backend } : {};
  const mean = gaussianExpectation(act.phi, (sw * sx) ** 2, act.kinked ? act.kinksIn : undefined);
  const features = (r: ReturnType<typeof rng>): Matrix => {
    const w: Matrix = { rows: n1, cols: n0, data: r.fillNormal(new Float64Array(n1 * n0), sw) };
    const x: Matrix = { rows: n0, cols: m, data: r.fillNormal(new Float64Array(n0 * m), sx) };
    const y = matmul(w, x, backend);
    const s = 1 / Math.sqrt(n0);
    for (let i = 0; i < y.data.length; i++) y.data[i] = act.phi(s * y.data[i]!) - mean;
    return y;
  };
  const out = new Float64Array(n1 * seeds);
  for (let k = 0; k < seeds; k++) {
    throwIfAborted(options.signal);
    const y = features(rng(seed + k));
    const g = gram(y, { side: 'AAt', ...backend });
    for (let i = 0; i < g.data.length; i++) g.data[i]! /= m;
    out.set(symmetricEigenvalues(g, { triangle: 'upper', ...backend }), k * n1);
    options.onProgress?.((k + 1) / (seeds + 1));
    await yieldToEventLoop();
  }
  const ridge: Array<{ gamma: number; directFit: number; fromEigenvalues: number }> = [];
  const gammas = options.ridgeGammas ?? [];
  if (gammas.length > 0) {
    // One extra draw: YYᵀ/m = U Λ Uᵀ (n₁ × n₁). With targets 𝒴 (n₂ × m): W₂* = 𝒴Yᵀ(YYᵀ + mγ)⁻¹ and the
    // residual 𝒴 − W₂*Y; eig(K) = eig(YYᵀ/m) plus m − n₁ zeros.
    const r = rng(seed + seeds);
    const y = features(r);
    const n2 = options.targets ?? 50;
    const targets: Matrix = { rows: n2, cols: m, data: r.fillNormal(new Float64Array(n2 * m)) };
    const g = gram(y, { side: 'AAt', ...backend });
    for (let i = 0; i < g.data.length; i++) g.data[i]! /= m;
    const { values, vectors } = symmetricEigendecomposition(g, { triangle: 'upper', ...backend });
    const ty = matmul(targets, y, { transposeB: true, ...backend }); // n₂ × n₁
    const tyu = matmul(ty, vectors, backend); // n₂ × n₁ in the eigenbasis
    for (const gamma of gammas) {
      requirePositive(gamma, 'monteCarlo.nonlinearRandomMatrix: ridgeGammas');
      // W₂* = 𝒴Yᵀ U (mΛ + mγ)⁻¹ Uᵀ.
      const scaled = new Float64Array(tyu.data.length);
      for (let i = 0; i < n2; i++) for (let j = 0; j < n1; j++) scaled[i * n1 + j] = tyu.data[i * n1 + j]! / (m * (values[j]! + gamma));
      const w2 = matmul({ rows: n2, cols: n1, data: scaled }, vectors, { transposeB: true, ...backend });
      const fit = matmul(w2, y, backend);
      let loss = 0;
      for (let i = 0; i < fit.data.length; i++) loss += (targets.data[i]! - fit.data[i]!) ** 2;
      // K = YᵀY/m (m × m) shares the non-zero eigenvalues of YYᵀ/m; its other m − n₁ are zeros (γ²/γ² = 1 each).
      let fromEig = Math.max(0, m - n1);
      for (let j = Math.max(0, n1 - m); j < n1; j++) fromEig += (gamma * gamma) / (Math.max(0, values[j]!) + gamma) ** 2;
      ridge.push({ gamma, directFit: loss / (n2 * m), fromEigenvalues: fromEig / m });
    }
  }
  options.onProgress?.(1);
  return { eigenvalues: out.sort(), sizes: { n0, n1, m }, seeds, ridge };
}
