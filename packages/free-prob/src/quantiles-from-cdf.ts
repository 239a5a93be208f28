// Quantiles from a CDF tabulated on an ascending path (spec §6.7): Q(α) = inf{x : F(x) ≥ α}, 0 for
// α ≤ the atom at 0, linear interpolation of F in log x between path points (the path is geometric
// near 0, where F ~ x^{1/(L+1)}), a running maximum first (rounding can make F dip by ~1e-16), and the
// first path point flagged as an upper bound when α < F(x_min).

/** Quantiles with the flags of §6.7. */
export interface QuantileTable {
  /** The levels α. */
  levels: number[];
  /** Q(α) = inf{x : F(x) ≥ α}: 0 for α ≤ the atom at 0, NaN if F stays below α on the whole path. */
  values: number[];
  /** True where α < F(x_min) > atom: the value is x_min, an upper bound of the quantile. */
  upperBound: boolean[];
}

/**
 * Inverts a tabulated CDF.
 *
 * @example
 * ```ts
 * import { quantilesFromCdf } from '@spectra/free-prob';
 * // F tabulated at x = 1, 10, 100; linear in log x in between.
 * quantilesFromCdf([1, 10, 100], [0.2, 0.6, 1], [0.1, 0.4, 0.8], 0);
 * // → { levels: [0.1, 0.4, 0.8], values: [1, 3.1622776601683804, 31.622776601683817], upperBound: [true, false, false] }
 * quantilesFromCdf([1, 10, 100], [0.6, 0.8, 1], [0.5], 0.5).values; // [0]: α ≤ the atom at 0
 * ```
 */
export function quantilesFromCdf(x: ArrayLike<number>, cdf: ArrayLike<number>, levels: readonly number[], atom: number): QuantileTable {
  const n = x.length;
  const F = new Float64Array(n);
  let run = -Infinity;
  for (let i = 0; i < n; i++) {
    run = Math.max(run, cdf[i]!);
    F[i] = run;
  }
  const values: number[] = [];
  const upperBound: boolean[] = [];
  for (const alpha of levels) {
    if (alpha <= atom) {
      values.push(0);
      upperBound.push(false);
      continue;
    }
    if (n === 0 || alpha < F[0]!) {
      values.push(n === 0 ? NaN : x[0]!);
      upperBound.push(n > 0);
      continue;
    }
    // First index with F ≥ α.
    let lo = 0;
    let hi = n - 1;
    if (F[hi]! < alpha) {
      values.push(NaN);
      upperBound.push(false);
      continue;
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (F[mid]! >= alpha) hi = mid;
      else lo = mid;
    }
    if (F[lo]! >= alpha) hi = lo;
    if (hi === 0) {
      values.push(x[0]!);
      upperBound.push(false);
      continue;
    }
    const f0 = F[hi - 1]!;
    const f1 = F[hi]!;
    const x0 = x[hi - 1]!;
    const x1 = x[hi]!;
    const t = f1 > f0 ? (alpha - f0) / (f1 - f0) : 1;
    values.push(x0 > 0 && x1 > 0 ? Math.exp(Math.log(x0) + t * (Math.log(x1) - Math.log(x0))) : x0 + t * (x1 - x0));
    upperBound.push(false);
  }
  return { levels: [...levels], values, upperBound };
}

/**
 * The CDF path of §6.7: `points` geometric points from `from` to `to`, then `tail` uniform points up to
 * 1.05·to (the reference files' 1500 + 49 points from 1e-40·x_max).
 *
 * @example
 * ```ts
 * import { geometricCdfPath } from '@spectra/free-prob';
 * const p = geometricCdfPath(1e-40, 1, 1500, 49);
 * p.length; // 1549
 * p[0];     // 1e-40
 * p[1499];  // 1
 * p[1548];  // 1.05
 * ```
 */
export function geometricCdfPath(from: number, to: number, points: number, tail: number): Float64Array {
  const out = new Float64Array(points + tail);
  const a = Math.log(from);
  const b = Math.log(to);
  for (let i = 0; i < points; i++) out[i] = Math.exp(a + ((b - a) * i) / (points - 1));
  out[0] = from;
  out[points - 1] = to;
  const step = (0.05 * to) / tail;
  for (let k = 1; k <= tail; k++) out[points - 1 + k] = to + step * k;
  return out;
}
