// The power-law fit of an ESD tail (specs/weights.md §4): WeightWatcher 0.7.5.5's default `WWFit`
// (its re-implementation of powerlaw 1.5's continuous fit) reproduced exactly, plus the `xmax` and
// `fixFingers` options.
import { SpectraError } from '@spectra/core';
import { numpyHistogram } from './numpy-histogram.js';

/**
 * Eigenvalues at or below this are dropped before fitting (WW's `EVALS_THRESH`, absolute, in ESD
 * units; kept values are strictly above it). The cut applies to the fit only, not to the metrics.
 *
 * @example
 * ```ts
 * import { FIT_CUT, fitPowerLaw } from '@spectra/weights';
 * FIT_CUT; // 0.00001
 * fitPowerLaw([1e-6, 2e-6, 3]).status; // 'failed': one value survives the cut, a fit needs two
 * ```
 */
export const FIT_CUT = 1e-5;

/** Result of a power-law fit of one ESD. */
export interface PowerLawFit {
  /** `'failed'` when fewer than 2 values survive the cut or no candidate gives a valid fit. */
  status: 'success' | 'failed';
  /** Tail exponent α of p(x) ∝ x^−α on x ≥ xmin (NaN when failed). */
  alpha: number;
  /** One-sided Kolmogorov–Smirnov distance of the chosen fit (NaN when failed). */
  D: number;
  /** The chosen lower cut: one of the data points. */
  xmin: number;
  /** The largest value fitted. */
  xmax: number;
  /** Standard error (α − 1)/√(tail size). */
  sigma: number;
  /** Eigenvalues ≥ xmin among all the eigenvalues given (the tail size). */
  numPlSpikes: number;
  /** `'over-trained'` (α < 2), `'under-trained'` (α > 6), `''`, or `'fit-failed'`. */
  warning: PowerLawWarning;
  /** α > 8: WeightWatcher's README says to discard such fits. */
  alphaSuspect: boolean;
  /** Values that entered the fit (after the cut and any `xmax` clipping). */
  fittedCount: number;
  /** With `fixFingers: 'clip-xmax'`: the number of top values removed (0 when no refit was accepted). */
  numFingers?: number;
  /** With `fixFingers: 'clip-xmax'`: α of the first fit, on all values. */
  rawAlpha?: number;
}

/** WeightWatcher's warning from α: `''` (2 ≤ α ≤ 6), `'over-trained'` (α < 2), `'under-trained'` (α > 6), or `'fit-failed'`. */
export type PowerLawWarning = '' | 'over-trained' | 'under-trained' | 'fit-failed';

/** Options of `fitPowerLaw` (specs/weights.md §4). */
export interface PowerLawFitOptions {
  /** Drop the top k eigenvalues before fitting (fails when k > n/2). */
  xmax?: number;
  /** Finger removal: refit without the top values (`'clip-xmax'`) or start xmin at the ESD's peak (`'xmin-peak'`). */
  fixFingers?: false | 'clip-xmax' | 'xmin-peak';
  /** Largest number of top values `'clip-xmax'` removes (default 10, at most n/2). */
  maxFingers?: number;
  /** A refit is accepted when its α + this < the first α (default 1.0). */
  fingerThreshold?: number;
  /** Reproduce WeightWatcher's quirks of `fix_fingers` (§12): clip-xmax tries k = 2…9 and reports k − 1; xmin-peak's lower bound in log10. */
  compat?: boolean;
}

/** The result of one scan: the chosen candidate among `x[lo..hi)`. */
export interface PowerLawScan {
  /** Index into x of the chosen xmin, or −1 when no candidate is valid. */
  index: number;
  alpha: number;
  D: number;
  /** Tail size n − index within the scanned range. */
  tailSize: number;
}

/**
 * Fits a power law to the tail of an ESD exactly as WeightWatcher's default path does: the
 * values > 1e-5 are the data; every point except the largest is an xmin candidate; each gets the
 * continuous Hill estimate α = 1 + k/Σ ln(x/xmin) and the one-sided KS distance
 * D = max_j |1 − (x_j/xmin)^(1−α) − j/k|; the first minimum of D wins.
 *
 * Fewer than 2 values above the cut, or no valid candidate, give `status: 'failed'` (α NaN,
 * warning `'fit-failed'`); NaN/±Inf eigenvalues throw `E_NON_FINITE`, bad options `E_ARGUMENT`.
 *
 * @param eigenvalues the ESD, any order (it is sorted ascending here).
 * @example
 * ```ts
 * import { fitPowerLaw } from '@spectra/weights';
 * // The 2000 quantiles of a Pareto law with α = 3 on x ≥ 1: x = (1 − u)^(−1/(α−1)).
 * const x = Array.from({ length: 2000 }, (_, i) => (1 - (i + 0.5) / 2000) ** (-1 / 2));
 * const fit = fitPowerLaw(x);
 * fit.alpha;       // ≈ 3.0008
 * fit.sigma;       // ≈ 0.0447: (α − 1)/√2000
 * fit.numPlSpikes; // 2000: xmin is the smallest value
 * fit.warning;     // ''
 * ```
 */
export function fitPowerLaw(eigenvalues: ArrayLike<number>, options: PowerLawFitOptions = {}): PowerLawFit {
  const all = sortedCopy(eigenvalues, 'fitPowerLaw');
  let data = aboveCut(all);
  const failed = (fittedCount: number): PowerLawFit => ({
    status: 'failed', alpha: NaN, D: NaN, xmin: NaN, xmax: data.length ? data[data.length - 1]! : NaN, sigma: NaN,
    numPlSpikes: 0, warning: 'fit-failed', alphaSuspect: false, fittedCount,
  });
  let counted = all;
  if (options.xmax !== undefined && options.xmax !== 0) {
    const k = options.xmax;
    if (!Number.isSafeInteger(k) || k < 0) throw new SpectraError('E_ARGUMENT', `fitPowerLaw: xmax must be a non-negative integer (top values to drop), got ${k}`);
    // WW clips the top k of all the eigenvalues (before the cut) and counts the tail on them.
    if (k > all.length / 2) return failed(0);
    counted = all.subarray(0, all.length - k);
    data = aboveCut(counted);
  }
  const mode = options.fixFingers ?? false;
  if (mode !== false && mode !== 'clip-xmax' && mode !== 'xmin-peak') {
    throw new SpectraError('E_ARGUMENT', `fitPowerLaw: fixFingers must be false, 'clip-xmax' or 'xmin-peak', got ${String(mode)}`);
  }
  if (data.length < 2) return failed(data.length);

  if (mode === 'clip-xmax') return fitClippedPowerLaw(data, counted, options);

  let lo = 0;
  let hi = data.length - 1; // candidates are [lo, hi): every point but the largest
  if (mode === 'xmin-peak') {
    const peak = histogramPeak(data);
    // Default: both bounds linear. WW mixes log10 of the lower bound with a linear upper bound.
    const lower = options.compat ? Math.log10(0.95 * peak) : 0.95 * peak;
    const upper = 1.5 * peak;
    lo = lowerBound(data, lower);
    hi = Math.min(hi, upperBound(data, upper));
    if (lo >= hi) return failed(data.length);
  }
  const scan = scanPowerLaw(data, lo, hi);
  if (scan.index < 0) return failed(data.length);
  return finish(data, counted, scan, data.length);
}

/**
 * WW's `fit_clipped_powerlaw`: a first fit on all values, then refits without the top k values
 * until α drops by more than `fingerThreshold`, or stops when α ≤ 2.
 */
function fitClippedPowerLaw(data: Float64Array, counted: Float64Array, options: PowerLawFitOptions): PowerLawFit {
  const threshold = options.fingerThreshold ?? 1.0;
  const first = scanPowerLaw(data, 0, data.length - 1);
  if (first.index < 0) return { ...finishFailed(data), rawAlpha: NaN, numFingers: 0 };
  let best = first;
  let bestData = data;
  let numFingers = 0;
  // Compat: WW overrides max_fingers to 10 and tries k = 2…9, reporting k − 1 (§12).
  const maxFingers = options.compat ? 10 : Math.min(options.maxFingers ?? 10, Math.floor(data.length / 2));
  const kFrom = options.compat ? 2 : 1;
  const kTo = options.compat ? maxFingers - 1 : maxFingers;
  for (let k = kFrom; k <= kTo; k++) {
    if (data.length - k < 2) break;
    const clipped = data.subarray(0, data.length - k);
    const fit = scanPowerLaw(clipped, 0, clipped.length - 1);
    if (fit.index < 0) break;
    if (fit.alpha + threshold < first.alpha) {
      best = fit;
      bestData = clipped;
      numFingers = options.compat ? k - 1 : k;
      break;
    }
    if (fit.alpha <= 2) break;
  }
  const result = finish(bestData, counted, best, bestData.length);
  result.numFingers = numFingers;
  result.rawAlpha = first.alpha;
  return result;
}

function finishFailed(data: Float64Array): PowerLawFit {
  return {
    status: 'failed', alpha: NaN, D: NaN, xmin: NaN, xmax: data.length ? data[data.length - 1]! : NaN, sigma: NaN,
    numPlSpikes: 0, warning: 'fit-failed', alphaSuspect: false, fittedCount: data.length,
  };
}

function finish(data: Float64Array, counted: Float64Array, scan: PowerLawScan, fittedCount: number): PowerLawFit {
  const xmin = data[scan.index]!;
  const alpha = scan.alpha;
  // Tail size over all the (possibly clipped) eigenvalues, the cut included, as WW counts it.
  const numPlSpikes = counted.length - lowerBound(counted, xmin);
  return {
    status: 'success',
    alpha,
    D: scan.D,
    xmin,
    xmax: data[data.length - 1]!,
    sigma: (alpha - 1) / Math.sqrt(scan.tailSize),
    numPlSpikes,
    warning: powerLawWarning(alpha),
    alphaSuspect: alpha > 8,
    fittedCount,
  };
}

/** WW's warning thresholds (`OVER_TRAINED_THRESH = 2`, `UNDER_TRAINED_THRESH = 6`). */
export function powerLawWarning(alpha: number): PowerLawWarning {
  if (!Number.isFinite(alpha)) return 'fit-failed';
  if (alpha < 2) return 'over-trained';
  if (alpha > 6) return 'under-trained';
  return '';
}

/**
 * The O(n²) candidate scan over xmin = x[i], i in [lo, hi), on ascending `x`: Hill estimates from
 * suffix sums of logs (compensated, so Σ ln(x_j/x_i) = S_i − k·ln x_i keeps its digits), and KS
 * distances whose inner loop stops as soon as the running maximum reaches the best D so far. The
 * early exit is exact: a candidate wins only with a strictly smaller D (ties go to the smaller
 * xmin, as numpy's argmin does).
 *
 * @example
 * ```ts
 * const x = Float64Array.from([1, 2, 4, 8, 16, 32]);
 * const s = scanPowerLaw(x, 0, x.length - 1);
 * s.index; // 0: the first minimum of D
 * ```
 */
export function scanPowerLaw(x: Float64Array, lo: number, hi: number): PowerLawScan {
  const n = x.length;
  const logs = new Float64Array(n);
  for (let j = 0; j < n; j++) logs[j] = Math.log(x[j]!);
  // Neumaier-compensated suffix sums of ln x.
  const suffix = new Float64Array(n + 1);
  let sum = 0;
  let carry = 0;
  for (let j = n - 1; j >= 0; j--) {
    const v = logs[j]!;
    const t = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) carry += sum - t + v;
    else carry += v - t + sum;
    sum = t;
    suffix[j] = sum + carry;
  }
  let bestIndex = -1;
  let bestD = Infinity;
  let bestAlpha = NaN;
  for (let i = lo; i < hi; i++) {
    const k = n - i;
    const li = logs[i]!;
    const denominator = suffix[i]! - k * li;
    // A tail of ties has Σ ln = 0: no valid Hill estimate (spec §4.7).
    if (!(denominator > 0)) continue;
    const alpha = 1 + k / denominator;
    let D: number;
    if (alpha > 1) {
      const exponent = 1 - alpha;
      let runningMax = 0;
      const invK = 1 / k;
      for (let j = 0; j < k; j++) {
        const v = Math.abs(1 - Math.exp(exponent * (logs[i + j]! - li)) - j * invK);
        if (v > runningMax) {
          runningMax = v;
          if (runningMax >= bestD) break;
        }
      }
      D = runningMax;
    } else {
      D = 1; // powerlaw 1.5 / WWFit leave D = 1 for α ≤ 1
    }
    if (D < bestD) {
      bestD = D;
      bestIndex = i;
      bestAlpha = alpha;
    }
  }
  return { index: bestIndex, alpha: bestAlpha, D: bestD, tailSize: bestIndex >= 0 ? n - bestIndex : 0 };
}

/**
 * The xmin-peak start of WW's `fix_fingers='xmin_peak'`: the left edge of the fullest bin of a
 * 100-bin histogram of log10 x (numpy.histogram's edges), as a linear value.
 */
export function histogramPeak(x: Float64Array): number {
  const logs = Float64Array.from(x, (v) => Math.log10(v));
  const { counts, edges } = numpyHistogram(logs, 100);
  let best = 0;
  for (let b = 1; b < counts.length; b++) if (counts[b]! > counts[best]!) best = b;
  return 10 ** edges[best]!;
}

function sortedCopy(values: ArrayLike<number>, who: string): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i]!) || out[i] === Infinity || out[i] === -Infinity) {
      throw new SpectraError('E_NON_FINITE', `${who}: eigenvalues[${i}] is ${out[i]}; an ESD must be finite`);
    }
  }
  return out.sort();
}

function aboveCut(sorted: Float64Array): Float64Array {
  return sorted.subarray(upperBound(sorted, FIT_CUT));
}

/** First index with x[i] ≥ v (ascending x). */
export function lowerBound(x: ArrayLike<number>, v: number): number {
  let a = 0;
  let b = x.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (x[m]! < v) a = m + 1;
    else b = m;
  }
  return a;
}

/** First index with x[i] > v (ascending x). */
export function upperBound(x: ArrayLike<number>, v: number): number {
  let a = 0;
  let b = x.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (x[m]! <= v) a = m + 1;
    else b = m;
  }
  return a;
}
