// Eigenvector localisation metrics (specs/weights.md §9; Martin & Mahoney, JMLR 2021, §5): how
// concentrated each eigenvector of WᵀW is. Spikes of a trained layer tend to be more localised
// (lower entropy, smaller ratios) than the bulk.
import type { Matrix } from '@spectra/core';
import { numpyHistogram } from './numpy-histogram.js';

/** Per-eigenvector metrics, aligned with the eigenvalues they belong to. */
export interface EigenvectorMetrics {
  /** Discrete entropy of the histogram of |v| (WW's `discrete_entropy`). */
  entropy: Float64Array;
  /** ‖v‖₁/‖v‖∞. */
  localizationRatio: Float64Array;
  /** ‖v‖₂/‖v‖₄. */
  participationRatio: Float64Array;
}

/** Mean and population variance of the tail and bulk metrics: WW's twelve vector columns. */
export interface VectorSummary {
  /** Bulk (all but the top `tailSize` eigenvectors): mean and variance of the vector entropy, localisation and participation ratios. */
  bulkMeanVecEntropy: number;
  bulkVarVecEntropy: number;
  bulkMeanLocRatio: number;
  bulkVarLocRatio: number;
  bulkMeanPartRatio: number;
  bulkVarPartRatio: number;
  /** Tail (the top `tailSize` eigenvectors: the power-law tail in a report): the same six statistics. NaN for an empty part. */
  tailMeanVecEntropy: number;
  tailVarVecEntropy: number;
  tailMeanLocRatio: number;
  tailVarLocRatio: number;
  tailMeanPartRatio: number;
  tailVarPartRatio: number;
}

/**
 * Metrics of every column of `vectors` (n×k, column i a unit eigenvector).
 *
 * @example
 * ```ts
 * import { identityMatrix } from '@spectra/core';
 * import { eigenvectorMetrics } from '@spectra/weights';
 * const m = eigenvectorMetrics(identityMatrix(4)); // columns e₁…e₄: fully localised
 * m.localizationRatio;  // Float64Array [1, 1, 1, 1]
 * m.participationRatio; // Float64Array [1, 1, 1, 1]
 * m.entropy[0];         // ≈ 0.5623 = −(¾ ln ¾ + ¼ ln ¼): |v| has three 0s and one 1
 * ```
 */
export function eigenvectorMetrics(vectors: Matrix): EigenvectorMetrics {
  const n = vectors.rows;
  const k = vectors.cols;
  const entropy = new Float64Array(k);
  const localizationRatio = new Float64Array(k);
  const participationRatio = new Float64Array(k);
  const v = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    for (let r = 0; r < n; r++) v[r] = vectors.data[r * k + c]!;
    entropy[c] = vectorEntropy(v);
    localizationRatio[c] = localizationRatioOf(v);
    participationRatio[c] = participationRatioOf(v);
  }
  return { entropy, localizationRatio, participationRatio };
}

/**
 * ‖v‖₁/‖v‖∞ (numpy.linalg.norm ord 1 over ord inf).
 *
 * @example
 * ```ts
 * import { localizationRatioOf } from '@spectra/weights';
 * localizationRatioOf([0.5, 0.5, 0.5, 0.5]); // 4 (n for a flat vector, 1 for a basis vector)
 * ```
 */
export function localizationRatioOf(v: ArrayLike<number>): number {
  let l1 = 0;
  let linf = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    l1 += a;
    if (a > linf) linf = a;
  }
  return l1 / linf;
}

/**
 * ‖v‖₂/‖v‖₄.
 *
 * @example
 * ```ts
 * import { participationRatioOf } from '@spectra/weights';
 * participationRatioOf([0.5, 0.5, 0.5, 0.5]); // ≈ 1.414213562373095 = √2 (n^(1/4) for a flat vector)
 * ```
 */
export function participationRatioOf(v: ArrayLike<number>): number {
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < v.length; i++) {
    const q = v[i]! * v[i]!;
    s2 += q;
    s4 += q * q;
  }
  return Math.sqrt(s2) / Math.sqrt(Math.sqrt(s4));
}

/**
 * WW's `discrete_entropy`: a 100-bin density histogram of |v| over [min, max] (numpy.histogram,
 * density=True), + 1e-10, divided by √(2π), normalised to sum 1, then −Σ p ln p.
 *
 * @example
 * ```ts
 * import { vectorEntropy } from '@spectra/weights';
 * vectorEntropy([0.6, 0.8]); // ≈ 0.6931471811: ln 2 (two occupied bins of equal mass), plus the 1e-10 floor of the empty ones
 * ```
 */
export function vectorEntropy(v: ArrayLike<number>, bins = 100): number {
  const n = v.length;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.abs(v[i]!);
  const { counts, edges } = numpyHistogram(a, bins);
  const width = edges[1]! - edges[0]!;
  const p = new Float64Array(bins);
  let total = 0;
  const scale = 1 / Math.sqrt(2 * Math.PI);
  for (let b = 0; b < bins; b++) {
    p[b] = (counts[b]! / (n * width) + 1e-10) * scale;
    total += p[b]!;
  }
  let h = 0;
  for (let b = 0; b < bins; b++) {
    const q = p[b]! / total;
    h -= q * Math.log(q);
  }
  return h;
}

/**
 * Splits pooled, ascending per-vector metrics into tail (the top `tailSize` by rank) and bulk and
 * summarises each by mean and population variance.
 *
 * @example
 * ```ts
 * import { summarizeVectorMetrics } from '@spectra/weights';
 * const s = summarizeVectorMetrics({ entropy: Float64Array.from([3, 3, 1]), localizationRatio: Float64Array.from([9, 9, 2]),
 *   participationRatio: Float64Array.from([4, 4, 1]) }, 1);
 * s.tailMeanVecEntropy; // 1
 * s.bulkVarLocRatio;    // 0
 * ```
 */
export function summarizeVectorMetrics(metrics: EigenvectorMetrics, tailSize: number): VectorSummary {
  const n = metrics.entropy.length;
  const split = Math.max(0, Math.min(n, n - tailSize));
  const stats = (x: Float64Array, from: number, to: number): [number, number] => {
    const m = to - from;
    if (m <= 0) return [NaN, NaN];
    let mean = 0;
    for (let i = from; i < to; i++) mean += x[i]!;
    mean /= m;
    let variance = 0;
    for (let i = from; i < to; i++) variance += (x[i]! - mean) ** 2;
    return [mean, variance / m];
  };
  const [bme, bve] = stats(metrics.entropy, 0, split);
  const [bml, bvl] = stats(metrics.localizationRatio, 0, split);
  const [bmp, bvp] = stats(metrics.participationRatio, 0, split);
  const [tme, tve] = stats(metrics.entropy, split, n);
  const [tml, tvl] = stats(metrics.localizationRatio, split, n);
  const [tmp, tvp] = stats(metrics.participationRatio, split, n);
  return {
    bulkMeanVecEntropy: bme, bulkVarVecEntropy: bve, bulkMeanLocRatio: bml, bulkVarLocRatio: bvl,
    bulkMeanPartRatio: bmp, bulkVarPartRatio: bvp,
    tailMeanVecEntropy: tme, tailVarVecEntropy: tve, tailMeanLocRatio: tml, tailVarLocRatio: tvl,
    tailMeanPartRatio: tmp, tailVarPartRatio: tvp,
  };
}
