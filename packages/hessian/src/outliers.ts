import { SpectraError } from '@spectra/core';
import type { LossName } from './model.js';

/** Options of `detectOutliers`: the largest count considered, the number of classes and the loss (which set the expected count). */
export interface OutlierOptions {
  /** Largest count considered K (default 3C with `classes`, else 20). */
  maxCount?: number;
  /** Number of classes C: sets K and the expected count (C − 1 for cross-entropy, C for MSE). */
  classes?: number;
  /** Loss of the model, for the expected count (default 'crossEntropy'). */
  loss?: LossName;
  /** `clear` when the gap ratio reaches this (default 1.5). */
  threshold?: number;
}

/** The outliers separated from the bulk at the largest eigengap ratio, with the count Papyan predicts for comparison. */
export interface Outliers {
  /** argmax_k θ_k/θ_{k+1} over k ≤ K. */
  count: number;
  /** θ₁ … θ_count. */
  values: number[];
  /** The gap ratio θ_count/θ_{count+1}. */
  ratio: number;
  /** (θ_count + θ_{count+1})/2: the edge between outliers and bulk. */
  edge: number;
  /** ratio ≥ threshold. */
  clear: boolean;
  /** r_k for k = 1 … K. */
  ratios: number[];
  /** With classes: C − 1 (cross-entropy: the mean logit Hessian annihilates 1) or C (MSE). */
  expectedCount?: number;
  options: { maxCount: number; threshold: number };
}

/**
 * Outliers of a spectrum from its converged top Ritz values (hessian.md §6): the largest gap ratio
 * r_k = θ_k/θ_{k+1} among positive values, k ≤ K. Count with Ritz values (top-k Lanczos), not with
 * SLQ weights: P × (SLQ mass above the edge) is a χ²-like quantity, not a count.
 *
 * @example
 * ```ts
 * import { detectOutliers } from '@spectra/hessian';
 * detectOutliers([7.660, 7.313, 5.322, 4.937, 1.755, 1.445], { classes: 5 });
 * // { count: 4, ratio: 2.8131054131054136, edge: 3.346, clear: true, expectedCount: 4, … }
 * ```
 */
export function detectOutliers(values: ArrayLike<number>, options: OutlierOptions = {}): Outliers {
  if (!values || values.length < 2) throw new SpectraError('E_ARGUMENT', `detectOutliers: need at least two top eigenvalues, got ${values?.length ?? 0}`);
  const sorted = Array.from(values);
  for (let i = 0; i < sorted.length; i++) {
    if (!Number.isFinite(sorted[i]!)) throw new SpectraError('E_NON_FINITE', `detectOutliers: values[${i}] is ${sorted[i]}`);
  }
  sorted.sort((a, b) => b - a);
  const C = options.classes;
  if (C !== undefined && (!Number.isSafeInteger(C) || C < 2)) throw new SpectraError('E_ARGUMENT', `detectOutliers: classes must be an integer ≥ 2, got ${C}`);
  const maxCount = options.maxCount ?? (C !== undefined ? 3 * C : 20);
  if (!Number.isSafeInteger(maxCount) || maxCount < 1) throw new SpectraError('E_ARGUMENT', `detectOutliers: maxCount must be a positive integer, got ${maxCount}`);
  const threshold = options.threshold ?? 1.5;
  const ratios: number[] = [];
  let best = 0;
  let bestRatio = -Infinity;
  for (let k = 1; k <= Math.min(maxCount, sorted.length - 1); k++) {
    const a = sorted[k - 1]!;
    const b = sorted[k]!;
    if (!(a > 0) || !(b > 0)) break;
    const r = a / b;
    ratios.push(r);
    if (r > bestRatio) {
      bestRatio = r;
      best = k;
    }
  }
  if (best === 0) {
    return { count: 0, values: [], ratio: NaN, edge: NaN, clear: false, ratios, ...(C !== undefined ? { expectedCount: (options.loss ?? 'crossEntropy') === 'crossEntropy' ? C - 1 : C } : {}), options: { maxCount, threshold } };
  }
  const out: Outliers = {
    count: best,
    values: sorted.slice(0, best),
    ratio: bestRatio,
    edge: (sorted[best - 1]! + sorted[best]!) / 2,
    clear: bestRatio >= threshold,
    ratios,
    options: { maxCount, threshold },
  };
  if (C !== undefined) out.expectedCount = (options.loss ?? 'crossEntropy') === 'crossEntropy' ? C - 1 : C;
  return out;
}
