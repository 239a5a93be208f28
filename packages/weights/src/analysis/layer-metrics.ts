// Norm, rank and entropy metrics of one ESD (specs/weights.md §5), as WeightWatcher's
// `apply_norm_metrics` defines them, with log α-norm by log-sum-exp (WW overflows to inf).

/** The scale and shape metrics of an ESD that do not need a fit. */
export interface NormMetrics {
  /** Σλ = ‖W‖²_F. */
  norm: number;
  /** log10 Σλ. */
  logNorm: number;
  /** λmax (WW: `spectral_norm` and `lambda_max`). */
  spectralNorm: number;
  /** log10 λmax. */
  logSpectralNorm: number;
  /** Σλ/λmax. */
  stableRank: number;
  /** #{σ > σmax·N·ε} over the pooled singular values. */
  matrixRank: number;
  /** #{λ < tolerance}, absolute (default 1e-6). */
  weakRankLoss: number;
  /** −Σ pᵢ ln pᵢ / ln(matrixRank), pᵢ = λᵢ/Σλ + 1e-10 (WW's `matrix_entropy`): 1 for a flat spectrum. */
  entropy: number;
}

const EPS = 2 ** -52;

/**
 * Metrics of an ESD (eigenvalues of WᵀW, any order) from a layer whose matrices have larger side
 * `N` (it sets the rank tolerance σmax·N·ε, as numpy's `matrix_rank`).
 *
 * @example
 * ```ts
 * import { normMetrics } from '@spectra/weights';
 * const m = normMetrics(Float64Array.from([1, 1, 2]), 3);
 * m.norm;       // 4
 * m.stableRank; // 2
 * m.matrixRank; // 3
 * m.entropy;    // ≈ 0.9464: −Σ p ln p / ln 3 with p = (¼, ¼, ½)
 * ```
 */
export function normMetrics(eigenvalues: Float64Array, N: number, weakRankTolerance = 1e-6): NormMetrics {
  const n = eigenvalues.length;
  let norm = 0;
  let lambdaMax = 0;
  let weakRankLoss = 0;
  for (let i = 0; i < n; i++) {
    const v = eigenvalues[i]!;
    norm += v;
    if (v > lambdaMax) lambdaMax = v;
    if (v < weakRankTolerance) weakRankLoss++;
  }
  const svMax = Math.sqrt(lambdaMax);
  const tolerance = svMax * N * EPS;
  let matrixRank = 0;
  for (let i = 0; i < n; i++) if (Math.sqrt(eigenvalues[i]!) > tolerance) matrixRank++;
  // WW's matrix_entropy: p = λ/Σλ + 1e-10, H = −Σ p ln p / ln(rank + 1e-10).
  let h = 0;
  for (let i = 0; i < n; i++) {
    const p = eigenvalues[i]! / norm + 1e-10;
    h -= p * Math.log(p);
  }
  const entropy = h / Math.log(matrixRank + 1e-10);
  return {
    norm,
    logNorm: Math.log10(norm),
    spectralNorm: lambdaMax,
    logSpectralNorm: Math.log10(lambdaMax),
    stableRank: norm / lambdaMax,
    matrixRank,
    weakRankLoss,
    entropy,
  };
}

/**
 * log10 Σᵢ λᵢ^α by log-sum-exp, finite wherever WW's direct sum overflows. Zero eigenvalues
 * contribute 0^α = 0 for α > 0.
 *
 * @example
 * ```ts
 * import { logAlphaNorm } from '@spectra/weights';
 * logAlphaNorm(Float64Array.from([10, 100]), 2); // ≈ 4.004321373782643 = log10(100 + 10000)
 * logAlphaNorm(Float64Array.from([1e300]), 3);   // ≈ 900 (899.9999999999999; WW's direct sum: inf)
 * ```
 */
export function logAlphaNorm(eigenvalues: ArrayLike<number>, alpha: number): number {
  if (!Number.isFinite(alpha)) return NaN;
  let max = -Infinity;
  const n = eigenvalues.length;
  for (let i = 0; i < n; i++) {
    const v = eigenvalues[i]!;
    const t = v > 0 ? alpha * Math.log(v) : alpha > 0 ? -Infinity : alpha === 0 ? 0 : Infinity;
    if (t > max) max = t;
  }
  if (max === -Infinity) return -Infinity;
  if (max === Infinity) return Infinity;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = eigenvalues[i]!;
    const t = v > 0 ? alpha * Math.log(v) : alpha > 0 ? -Infinity : 0;
    s += Math.exp(t - max);
  }
  return (max + Math.log(s)) / Math.LN10;
}
