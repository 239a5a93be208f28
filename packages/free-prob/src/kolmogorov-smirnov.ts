// Distances between a Monte-Carlo sample and a theoretical CDF (spec §5 "Monte-Carlo twin"):
// the thresholded KS statistic — plain KS against an atom at 0 fails for deep nets, where rounding
// leaves a cloud of tiny singular values (ReLU L = 16: 17 % of the continuous mass lies below
// τ = 1e-9·max) — and NumPy's default (linear) sample quantiles.
import { SpectraError } from '@spectra/core';

/** Result of `thresholdedKolmogorovSmirnov`. */
export interface ThresholdedKs {
  /** KS_τ = max(|F_mc(τ) − F(τ)|, sup_{x>τ} |F_mc(x) − F(x)|). */
  statistic: number;
  /** |F_mc(τ) − F(τ)|. */
  atTau: number;
  /** The supremum over sample points above τ. */
  aboveTau: number;
  /** The threshold τ used (sample values ≤ τ count as zeros). */
  tau: number;
  /** F_mc(τ), the fraction of the sample at or below τ. */
  empiricalAtTau: number;
}

/**
 * KS_τ between a sample and a CDF given at the sample points (spec §5): with the sample sorted
 * ascending, F_mc jumps by 1/n at each point; the supremum over x > τ is attained at a sample point,
 * on either side of its jump.
 *
 * @example
 * ```ts
 * import { thresholdedKolmogorovSmirnov } from '@spectra/free-prob';
 * const sample = Float64Array.of(0, 0, 1, 2);
 * // Theory: atom ½ at 0, then uniform on (0, 2].
 * const r = thresholdedKolmogorovSmirnov(sample, (xs) => xs.map((x) => (x <= 0 ? 0.5 : Math.min(1, 0.5 + x / 4))), 1e-9);
 * r.atTau;     // 2.5000002068509275e-10 (= τ/4: F_mc(τ) = ½, F(τ) = ½ + τ/4)
 * r.statistic; // 0.25 (just below x = 1: F_mc = ½, F = ¾)
 * ```
 */
export function thresholdedKolmogorovSmirnov(
  sample: ArrayLike<number>,
  cdf: (xs: Float64Array) => ArrayLike<number>,
  tau: number,
): ThresholdedKs {
  const n = sample.length;
  if (n === 0) throw new SpectraError('E_ARGUMENT', 'thresholdedKolmogorovSmirnov: the sample is empty');
  if (!(tau >= 0) || !Number.isFinite(tau)) throw new SpectraError('E_ARGUMENT', `thresholdedKolmogorovSmirnov: tau must be finite and ≥ 0, got ${tau}`);
  const sorted = Float64Array.from(sample).sort();
  let below = 0;
  while (below < n && sorted[below]! <= tau) below++;
  const points = new Float64Array(n - below + 1);
  points[0] = tau;
  for (let i = below; i < n; i++) points[i - below + 1] = sorted[i]!;
  const F = cdf(points);
  const empiricalAtTau = below / n;
  const atTau = Math.abs(empiricalAtTau - F[0]!);
  let aboveTau = 0;
  for (let i = below; i < n; i++) {
    const f = F[i - below + 1]!;
    // Just before the jump at sorted[i] F_mc = i/n (ties: the first of equal values), after it (i+1)/n.
    let j = i;
    while (j > below && sorted[j - 1] === sorted[i]) j--;
    aboveTau = Math.max(aboveTau, Math.abs(j / n - f), Math.abs((i + 1) / n - f));
  }
  return { statistic: Math.max(atTau, aboveTau), atTau, aboveTau, tau, empiricalAtTau };
}

/**
 * Sample quantiles with NumPy's default rule (linear interpolation between order statistics:
 * position α·(n − 1)), as the reference files' Monte-Carlo quantiles.
 *
 * @example
 * ```ts
 * import { empiricalQuantiles } from '@spectra/free-prob';
 * empiricalQuantiles([4, 1, 3, 2], [0.5, 0.9]); // [2.5, 3.7]
 * ```
 */
export function empiricalQuantiles(sample: ArrayLike<number>, levels: readonly number[]): number[] {
  const n = sample.length;
  if (n === 0) throw new SpectraError('E_ARGUMENT', 'empiricalQuantiles: the sample is empty');
  const sorted = Float64Array.from(sample).sort();
  return levels.map((alpha) => {
    if (!(alpha >= 0 && alpha <= 1)) throw new SpectraError('E_ARGUMENT', `empiricalQuantiles: levels must be in [0, 1], got ${alpha}`);
    const pos = alpha * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
  });
}
