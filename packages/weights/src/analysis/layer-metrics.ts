// Norm, rank and entropy metrics of one ESD (specs/weights.md §5), as WeightWatcher's
// `apply_norm_metrics` defines them, with log α-norm by log-sum-exp (WW overflows to inf).

/** The scale and shape metrics of an ESD that do not need a fit. */
export interface NormMetrics {
  /** Σλ = ‖W‖²_F. */
  norm: number;
  logNorm: number;
  /** λmax (WW: `spectral_norm` and `lambda_max`). */
  spectralNorm: number;
  logSpectralNorm: number;
  /** Σλ/λmax. */
  stableRank: number;
  /** #{σ > σmax·N·ε} over the pooled singular values. */
  matrixRank: number;
  /** #{λ < tolerance}, absolute (default 1e-6). */
  weakRankLoss: number;
  /** −Σ pᵢ ln pᵢ / ln(rank), pᵢ = λᵢ/Σλ + 1e-10: 1 for a flat spectrum. */
  entropy: number;
}

const EPS = 2 ** -52;

/**
 * Metrics of an ascending ESD from a layer whose matrices have larger side `N`.
 *
 * @example
 * ```ts
 * const m = normMetrics(Float64Array.from([1, 1, 2]), 3);
 * m.norm;       // 4
 * m.stableRank; // 2
 * m.matrixRank; // 3
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
 * logAlphaNorm(Float64Array.from([10, 100]), 2); // log10(100 + 10000) ≈ 4.0043
 * logAlphaNorm(Float64Array.from([1e300]), 3);   // 900 (WW: inf)
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
