import { SpectraError } from '@spectra/core';
import type { SpectralQuadrature } from './stochastic-lanczos-quadrature.js';

/**
 * Gaussian smoothing width: an absolute σ, `{ relative: r }` for σ = r·s (s = λ̂_max − λ̂_min), or
 * `'google'` for σ² = 1e-5·max(1, s) (google/spectral-density and PyHessian's default).
 */
export type SigmaOption = number | { relative: number } | 'google';

/** Options of `spectralDensity`: the Gaussian smoothing width σ and the evaluation grid. */
export interface SpectralDensityOptions {
  /** Default `{ relative: 1/80 }`. */
  sigma?: SigmaOption;
  /** Number of grid points (default 201) or the grid itself. */
  grid?: number | ArrayLike<number>;
}

/** A smoothed spectral density on a grid, with the Gaussian width σ that smoothed it. */
export interface SpectralDensity {
  /** Evaluation points, ascending. */
  grid: Float64Array;
  /** ρ_σ at the grid points (integrates to 1 over ℝ, analytically). */
  density: Float64Array;
  sigma: number;
  /** Extreme Ritz values over all probes and s = their difference. */
  lambdaMin: number;
  lambdaMax: number;
  span: number;
  options: { sigma: SigmaOption; grid: number | 'explicit' };
}

/**
 * The smoothed SLQ density ρ_σ(t) = Σ_l Σ_j (w_lj/n_v)·φ_σ(t − θ_lj) with a Gaussian φ_σ,
 * normalised analytically (no grid renormalisation, unlike both anchors), on the grid
 * [λ̂_min − 0.05s, λ̂_max + 0.05s] (hessian.md §5). Plot it on a log y-axis.
 *
 * @example
 * ```ts
 * import { curvatureOperator, referenceProblem, spectralDensity, stochasticLanczosQuadrature, train } from '@spectra/hessian';
 * const { model, batch, theta0 } = referenceProblem();
 * const { theta } = await train(model, theta0, batch, { learningRate: 0.1, steps: 300 }); // the reference net (hessian.md §8)
 * const slq = await stochasticLanczosQuadrature(curvatureOperator(model, theta, batch));
 * const { grid, density, sigma } = spectralDensity(slq);              // σ = s/80
 * [grid.length, sigma];                                               // [201, 0.09624292116413061] (σ = s/80)
 * spectralDensity(slq, { sigma: 'google', grid: 1001 }).sigma;        // 0.008774641698172323 (σ² = 1e-5·max(1, s))
 * ```
 */
export function spectralDensity(quadrature: SpectralQuadrature, options: SpectralDensityOptions = {}): SpectralDensity {
  if (!quadrature || !Array.isArray(quadrature.probes) || quadrature.probes.length === 0) {
    throw new SpectraError('E_ARGUMENT', 'spectralDensity: quadrature must be a stochasticLanczosQuadrature result with at least one probe');
  }
  const lo = quadrature.ritzMin;
  const hi = quadrature.ritzMax;
  const span = hi - lo;
  const sigmaOption = options.sigma ?? { relative: 1 / 80 };
  let sigma: number;
  if (sigmaOption === 'google') sigma = Math.sqrt(1e-5 * Math.max(1, span));
  else if (typeof sigmaOption === 'number') sigma = sigmaOption;
  else if (sigmaOption && typeof sigmaOption === 'object' && typeof sigmaOption.relative === 'number') sigma = sigmaOption.relative * span;
  else throw new SpectraError('E_ARGUMENT', `spectralDensity: sigma must be a number, { relative } or 'google', got ${JSON.stringify(sigmaOption)}`);
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw new SpectraError('E_ARGUMENT', `spectralDensity: σ must be positive and finite, got ${sigma} (a relative σ needs a spectrum of positive span; pass an absolute σ)`);
  }
  let grid: Float64Array;
  const g = options.grid ?? 201;
  if (typeof g === 'number') {
    if (!Number.isSafeInteger(g) || g < 2) throw new SpectraError('E_ARGUMENT', `spectralDensity: grid must be ≥ 2 points, got ${g}`);
    const a = lo - 0.05 * span;
    const b = hi + 0.05 * span;
    grid = new Float64Array(g);
    for (let i = 0; i < g; i++) grid[i] = a + ((b - a) * i) / (g - 1);
  } else {
    grid = Float64Array.from(g);
    for (let i = 0; i < grid.length; i++) {
      if (!Number.isFinite(grid[i]!)) throw new SpectraError('E_NON_FINITE', `spectralDensity: grid[${i}] is ${grid[i]}`);
    }
  }
  const density = new Float64Array(grid.length);
  const norm = 1 / (quadrature.probes.length * sigma * Math.sqrt(2 * Math.PI));
  for (const p of quadrature.probes) {
    for (let j = 0; j < p.nodes.length; j++) {
      const w = p.weights[j]! * norm;
      const x = p.nodes[j]!;
      for (let i = 0; i < grid.length; i++) {
        const z = (grid[i]! - x) / sigma;
        density[i]! += w * Math.exp(-0.5 * z * z);
      }
    }
  }
  return { grid, density, sigma, lambdaMin: lo, lambdaMax: hi, span, options: { sigma: sigmaOption, grid: typeof g === 'number' ? g : 'explicit' } };
}
