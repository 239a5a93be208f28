// The truncated power law p(x) = Λ^(1−α) x^(−α) e^(−Λx) / Γ(1−α, Λ·xmin) on x ≥ xmin
// (specs/weights.md §4, `fit: 'truncated-power-law'`): maximum likelihood over (α, Λ) by a damped
// Newton iteration at every xmin candidate, the xmin chosen by the same one-sided KS rule as the
// power law (powerlaw 1.5 with xmin_distribution='truncated_power_law', as WW calls it), standard
// errors from the observed information, and the likelihood-ratio test against the plain power law
// (Clauset, Shalizi & Newman, SIAM Review 51, 2009, §5: nested models, Wilks' χ²₁).
import { SpectraError } from '@spectra/core';
import { complementaryErrorFunction, logUpperIncompleteGamma } from './incomplete-gamma.js';
import { FIT_CUT, lowerBound, upperBound } from './power-law-fit.js';

/** Result of `fitTruncatedPowerLaw`: p(x) ∝ x^(−α)·e^(−Λx) on x ≥ xmin. */
export interface TruncatedPowerLawFit {
  /** `'failed'` when fewer than 3 values survive the 1e-5 cut or no candidate gives a finite likelihood (numbers NaN). */
  status: 'success' | 'failed';
  /** Exponent α (> 1, as powerlaw 1.5 constrains it). */
  alpha: number;
  /** The exponential cut-off rate Λ > 0. */
  lambda: number;
  /** The chosen lower cut: one of the data points. */
  xmin: number;
  /** The largest value fitted. */
  xmax: number;
  /** One-sided KS distance of the TPL at the chosen xmin. */
  D: number;
  /** Standard errors of α and Λ from the inverse observed information (NaN if it is not positive definite). */
  alphaStandardError: number;
  lambdaStandardError: number;
  /** Tail size at xmin (over all eigenvalues given). */
  numPlSpikes: number;
  /** Log-likelihood of the TPL on the tail. */
  logLikelihood: number;
  /** TPL against the power law with the same xmin. */
  likelihoodRatio: LikelihoodRatioTest;
  /** Newton met its tolerance at the chosen xmin. */
  converged: boolean;
}

/** The likelihood-ratio test of the truncated power law against the plain power law at the same xmin. */
export interface LikelihoodRatioTest {
  /** R = Σ ln p_TPL(xᵢ) − ln p_PL(xᵢ) over the tail. */
  logLikelihoodRatio: number;
  /** R/(σ√n), σ the standard deviation of the pointwise differences (Vuong). */
  normalizedRatio: number;
  /** Wilks: P(χ²₁ ≥ 2R) for the nested pair (PL is TPL at Λ = 0). */
  pValue: number;
  /** The TPL is preferred when R > 0 and p ≤ 0.05 (WW's rule in `best_dist`). */
  preferred: 'truncated-power-law' | 'power-law';
}

interface Optimum {
  alpha: number;
  lambda: number;
  negLogLikelihood: number;
  converged: boolean;
}

/**
 * Fits the truncated power law to an ESD's tail: at every xmin candidate (every value > 1e-5 but
 * the largest) the likelihood is maximised from the Hill start (α₀, Λ₀ = 1/mean), and the xmin with
 * the smallest one-sided KS distance wins (first minimum). NaN/±Inf throw `E_NON_FINITE`; a fired
 * `signal` throws `E_ABORTED`.
 *
 * @example
 * ```ts
 * import { rng } from '@spectra/core';
 * import { fitTruncatedPowerLaw } from '@spectra/weights';
 * // 1000 draws of p(x) ∝ x^−2·e^(−0.1x) on x ≥ 1: Pareto(α = 2) proposals kept with probability e^(−0.1(x − 1)).
 * const r = rng(1);
 * const x: number[] = [];
 * while (x.length < 1000) {
 *   const p = 1 / (1 - r.uniform());
 *   if (r.uniform() < Math.exp(-0.1 * (p - 1))) x.push(p);
 * }
 * const fit = fitTruncatedPowerLaw(x);
 * [fit.alpha, fit.alphaStandardError];   // ≈ [1.784, 0.127]: within 2 standard errors of α = 2
 * [fit.lambda, fit.lambdaStandardError]; // ≈ [0.1359, 0.0307]: within 2 of Λ = 0.1
 * fit.likelihoodRatio.preferred;         // 'truncated-power-law' (pValue ≈ 3.3e-10)
 * ```
 */
export function fitTruncatedPowerLaw(eigenvalues: ArrayLike<number>, options: { signal?: AbortSignal } = {}): TruncatedPowerLawFit {
  const all = Float64Array.from(eigenvalues as ArrayLike<number>);
  for (let i = 0; i < all.length; i++) {
    if (!Number.isFinite(all[i]!)) throw new SpectraError('E_NON_FINITE', `fitTruncatedPowerLaw: eigenvalues[${i}] is ${all[i]}`);
  }
  all.sort();
  const data = all.subarray(upperBound(all, FIT_CUT));
  const n = data.length;
  const failed: TruncatedPowerLawFit = {
    status: 'failed', alpha: NaN, lambda: NaN, xmin: NaN, xmax: n ? data[n - 1]! : NaN, D: NaN,
    alphaStandardError: NaN, lambdaStandardError: NaN, numPlSpikes: 0, logLikelihood: NaN,
    likelihoodRatio: { logLikelihoodRatio: NaN, normalizedRatio: NaN, pValue: NaN, preferred: 'power-law' }, converged: false,
  };
  if (n < 3) return failed;
  const logs = new Float64Array(n);
  for (let j = 0; j < n; j++) logs[j] = Math.log(data[j]!);
  const suffixLog = new Float64Array(n + 1);
  const suffixX = new Float64Array(n + 1);
  for (let j = n - 1; j >= 0; j--) {
    suffixLog[j] = suffixLog[j + 1]! + logs[j]!;
    suffixX[j] = suffixX[j + 1]! + data[j]!;
  }
  let bestD = Infinity;
  let bestIndex = -1;
  let best: Optimum | undefined;
  for (let i = 0; i < n - 1; i++) {
    if (options.signal?.aborted) throw new SpectraError('E_ABORTED', 'fitTruncatedPowerLaw: aborted');
    const k = n - i;
    const xmin = data[i]!;
    const sumLog = suffixLog[i]!;
    const sumX = suffixX[i]!;
    const hillDenominator = sumLog - k * logs[i]!;
    if (!(hillDenominator > 0)) continue; // a tail of ties
    const start = { alpha: 1 + k / hillDenominator, lambda: k / sumX };
    const optimum = maximizeLikelihood(k, xmin, sumLog, sumX, start);
    if (!optimum) continue;
    // One-sided KS against F(x) = 1 − Γ(1−α, Λx)/Γ(1−α, Λ·xmin), stopping once it cannot win.
    const s = 1 - optimum.alpha;
    const logNormaliser = logUpperIncompleteGamma(s, optimum.lambda * xmin);
    let running = 0;
    for (let j = 0; j < k; j++) {
      const x = data[i + j]!;
      const cdf = x === xmin ? 0 : 1 - Math.exp(logUpperIncompleteGamma(s, optimum.lambda * x) - logNormaliser);
      const v = Math.abs(cdf - j / k);
      if (v > running) {
        running = v;
        if (running >= bestD) break;
      }
    }
    if (running < bestD) {
      bestD = running;
      bestIndex = i;
      best = optimum;
    }
  }
  if (!best || bestIndex < 0) return failed;
  const i = bestIndex;
  const k = n - i;
  const xmin = data[i]!;
  const tail = data.subarray(i);
  const info = observedInformation(k, xmin, suffixLog[i]!, suffixX[i]!, best.alpha, best.lambda);
  const lr = likelihoodRatioAgainstPowerLaw(tail, xmin, best.alpha, best.lambda);
  return {
    status: 'success',
    alpha: best.alpha,
    lambda: best.lambda,
    xmin,
    xmax: data[n - 1]!,
    D: bestD,
    alphaStandardError: info.alpha,
    lambdaStandardError: info.lambda,
    numPlSpikes: all.length - lowerBound(all, xmin),
    logLikelihood: -best.negLogLikelihood,
    likelihoodRatio: lr,
    converged: best.converged,
  };
}

/** −ℓ(α, Λ) = α·Σln x + Λ·Σx + k·[(α − 1) ln Λ + ln Γ(1 − α, Λ·xmin)]. */
function negativeLogLikelihood(k: number, xmin: number, sumLog: number, sumX: number, alpha: number, lambda: number): number {
  return alpha * sumLog + lambda * sumX + k * ((alpha - 1) * Math.log(lambda) + logUpperIncompleteGamma(1 - alpha, lambda * xmin));
}

/**
 * Damped Newton on (α, μ = ln Λ) with central-difference derivatives: the Hessian is used when
 * positive definite, else a scaled gradient step; steps are halved until the objective falls and
 * α stays in powerlaw's range α > 1. Bounded: at most 100 iterations.
 */
function maximizeLikelihood(k: number, xmin: number, sumLog: number, sumX: number, start: { alpha: number; lambda: number }): Optimum | undefined {
  const f = (a: number, mu: number) => {
    if (!(a > 1) || a > 1e3 || !Number.isFinite(mu)) return Infinity;
    // Λ·xmin → 0 is the plain power law (the boundary): stop short of underflow.
    if (!(Math.exp(mu) * xmin >= 1e-250) || Math.exp(mu) * xmin > 1e250) return Infinity;
    const v = negativeLogLikelihood(k, xmin, sumLog, sumX, a, Math.exp(mu));
    return Number.isFinite(v) ? v : Infinity;
  };
  let a = start.alpha;
  let mu = Math.log(start.lambda);
  let fx = f(a, mu);
  if (!Number.isFinite(fx)) return undefined;
  let converged = false;
  for (let iteration = 0; iteration < 100; iteration++) {
    const ha = 1e-5 * Math.max(1, Math.abs(a));
    const hm = 1e-5 * Math.max(1, Math.abs(mu));
    const fap = f(a + ha, mu);
    const fam = f(a - ha, mu);
    const fmp = f(a, mu + hm);
    const fmm = f(a, mu - hm);
    const fpp = f(a + ha, mu + hm);
    const fpm = f(a + ha, mu - hm);
    const fmp2 = f(a - ha, mu + hm);
    const fmm2 = f(a - ha, mu - hm);
    let ga: number, gm: number, haa: number, hmm: number, ham: number;
    if ([fap, fam, fmp, fmm, fpp, fpm, fmp2, fmm2].every(Number.isFinite)) {
      ga = (fap - fam) / (2 * ha);
      gm = (fmp - fmm) / (2 * hm);
      haa = (fap - 2 * fx + fam) / (ha * ha);
      hmm = (fmp - 2 * fx + fmm) / (hm * hm);
      ham = (fpp - fpm - fmp2 + fmm2) / (4 * ha * hm);
    } else {
      // At the α = 1 boundary: one-sided differences, diagonal steps only.
      ga = (fap - fx) / ha;
      gm = Number.isFinite(fmp) && Number.isFinite(fmm) ? (fmp - fmm) / (2 * hm) : 0;
      haa = hmm = ham = NaN;
      if (!Number.isFinite(ga)) break;
    }
    let da: number;
    let dm: number;
    const det = haa * hmm - ham * ham;
    if (haa > 0 && hmm > 0 && det > 0) {
      da = -(hmm * ga - ham * gm) / det;
      dm = -(haa * gm - ham * ga) / det;
    } else {
      const scale = 0.1 / Math.max(1e-12, Math.hypot(ga, gm));
      da = -ga * scale;
      dm = -gm * scale;
    }
    let t = 1;
    let accepted = false;
    for (let halving = 0; halving < 40; halving++) {
      const na = a + t * da;
      const nm = mu + t * dm;
      const fn = f(na, nm);
      if (fn <= fx) {
        const small = Math.abs(na - a) <= 1e-10 * Math.max(1, Math.abs(a)) && Math.abs(nm - mu) <= 1e-10 * Math.max(1, Math.abs(mu));
        a = na;
        mu = nm;
        const drop = fx - fn;
        fx = fn;
        accepted = true;
        if (small || drop <= 1e-13 * Math.max(1, Math.abs(fx))) converged = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted || converged) {
      converged = converged || Math.hypot(ga, gm) <= 1e-6 * Math.max(1, Math.abs(fx));
      break;
    }
  }
  return { alpha: a, lambda: Math.exp(mu), negLogLikelihood: fx, converged };
}

/** Standard errors: √diag of the inverse Hessian of −ℓ in (α, Λ), by central differences. */
function observedInformation(k: number, xmin: number, sumLog: number, sumX: number, alpha: number, lambda: number): { alpha: number; lambda: number } {
  const f = (a: number, l: number) => negativeLogLikelihood(k, xmin, sumLog, sumX, a, l);
  const ha = 1e-4 * Math.max(1, Math.abs(alpha));
  const hl = 1e-4 * lambda;
  const f0 = f(alpha, lambda);
  const haa = (f(alpha + ha, lambda) - 2 * f0 + f(alpha - ha, lambda)) / (ha * ha);
  const hll = (f(alpha, lambda + hl) - 2 * f0 + f(alpha, lambda - hl)) / (hl * hl);
  const hal = (f(alpha + ha, lambda + hl) - f(alpha + ha, lambda - hl) - f(alpha - ha, lambda + hl) + f(alpha - ha, lambda - hl)) / (4 * ha * hl);
  const det = haa * hll - hal * hal;
  if (!(haa > 0 && hll > 0 && det > 0)) return { alpha: NaN, lambda: NaN };
  return { alpha: Math.sqrt(hll / det), lambda: Math.sqrt(haa / det) };
}

/**
 * Clauset–Shalizi–Newman §5: pointwise log-likelihood differences of TPL and PL (Hill α at the same
 * xmin) on the tail; R, the normalised ratio R/(σ√n), and Wilks' p-value P(χ²₁ ≥ 2R) = erfc(√R).
 */
function likelihoodRatioAgainstPowerLaw(tail: Float64Array, xmin: number, alpha: number, lambda: number): LikelihoodRatioTest {
  const k = tail.length;
  let sumLogRatio = 0;
  for (let j = 0; j < k; j++) sumLogRatio += Math.log(tail[j]! / xmin);
  const alphaPl = 1 + k / sumLogRatio;
  const logNormTpl = (1 - alpha) * Math.log(lambda) - logUpperIncompleteGamma(1 - alpha, lambda * xmin);
  const logNormPl = Math.log(alphaPl - 1) + (alphaPl - 1) * Math.log(xmin);
  const diffs = new Float64Array(k);
  let R = 0;
  for (let j = 0; j < k; j++) {
    const x = tail[j]!;
    const lx = Math.log(x);
    const tpl = logNormTpl - alpha * lx - lambda * x;
    const pl = logNormPl - alphaPl * lx;
    diffs[j] = tpl - pl;
    R += diffs[j]!;
  }
  const mean = R / k;
  let variance = 0;
  for (let j = 0; j < k; j++) variance += (diffs[j]! - mean) ** 2;
  const sd = Math.sqrt(variance / k);
  // powerlaw 1.5's loglikelihood_ratio(nested=True): chi2.sf(|2R|, 1).
  const pValue = complementaryErrorFunction(Math.sqrt(Math.abs(R)));
  return {
    logLikelihoodRatio: R,
    normalizedRatio: sd > 0 ? R / (sd * Math.sqrt(k)) : 0,
    pValue,
    preferred: R > 0 && pValue <= 0.05 ? 'truncated-power-law' : 'power-law',
  };
}
