import { SpectraError } from './errors.js';

/** Options of `histogram`: bins, range and axis scale. */
export interface HistogramOptions {
  /** Number of bins (default ⌈√n⌉, clamped to [1, 1000]), or explicit ascending edges. */
  bins?: number | ArrayLike<number>;
  /** [lo, hi] (default: min and max of the values; positive values only for `scale: 'log'`). */
  range?: readonly [number, number];
  /** `'linear'` (default) or `'log'`: edges evenly spaced in log10, for ESDs spanning decades. */
  scale?: 'linear' | 'log';
}

/** What `histogram` returns. */
export interface Histogram {
  /** bins + 1 ascending edges; bin i is [edges[i], edges[i+1]), the last bin closed. */
  edges: Float64Array;
  /** Values per bin. */
  counts: Float64Array;
  /** counts / (total · width): integrates to 1 over the binned values. */
  density: Float64Array;
  /** Values outside the range, or ≤ 0 on a log scale, not counted in any bin. */
  excluded: number;
  /** The axis the edges are even on. */
  scale: 'linear' | 'log';
}

/**
 * Histogram of `values` on a linear or logarithmic axis.
 *
 * @example
 * ```ts
 * import { histogram } from '@spectra/core';
 * const h = histogram([1, 2, 2, 3], { bins: 2, range: [1, 3] });
 * h.counts;  // Float64Array [1, 3]   (bins [1, 2) and [2, 3], the last one closed)
 * h.density; // Float64Array [0.25, 0.75]
 * histogram([0.01, 0.1, 1, 10, 100], { bins: 4, scale: 'log' }).edges; // Float64Array [0.01, 0.1, 1, 10, 100]
 * ```
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const scale = options.scale ?? 'linear';
  if (scale !== 'linear' && scale !== 'log') throw new SpectraError('E_ARGUMENT', `histogram: scale must be 'linear' or 'log', got ${String(scale)}`);
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]!)) throw new SpectraError('E_NON_FINITE', `histogram: values[${i}] is ${values[i]}`);
  }
  let edges: Float64Array;
  if (options.bins !== undefined && typeof options.bins !== 'number') {
    edges = Float64Array.from(options.bins);
    if (edges.length < 2) throw new SpectraError('E_ARGUMENT', 'histogram: explicit bins need at least two edges');
    for (let i = 0; i < edges.length; i++) {
      if (!Number.isFinite(edges[i]!) || (i > 0 && !(edges[i]! > edges[i - 1]!))) {
        throw new SpectraError('E_ARGUMENT', `histogram: edges must be finite and strictly ascending (edge ${i} is ${edges[i]})`);
      }
    }
    if (scale === 'log' && !(edges[0]! > 0)) throw new SpectraError('E_ARGUMENT', 'histogram: log-scale edges must be positive');
  } else {
    let lo: number, hi: number;
    if (options.range) {
      [lo, hi] = options.range;
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) throw new SpectraError('E_ARGUMENT', `histogram: range must be finite with lo < hi, got [${lo}, ${hi}]`);
      if (scale === 'log' && !(lo > 0)) throw new SpectraError('E_ARGUMENT', `histogram: a log-scale range must be positive, got [${lo}, ${hi}]`);
    } else {
      lo = Infinity;
      hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (scale === 'log' && !(v > 0)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (lo === Infinity) {
        lo = scale === 'log' ? 1 : 0;
        hi = scale === 'log' ? 10 : 1;
      } else if (!(hi > lo)) {
        // All values equal: a unit-width bin around them.
        if (scale === 'log') {
          lo /= Math.SQRT2;
          hi *= Math.SQRT2;
        } else {
          lo -= 0.5;
          hi += 0.5;
        }
      }
    }
    const count = options.bins ?? Math.min(1000, Math.max(1, Math.ceil(Math.sqrt(n))));
    if (!Number.isSafeInteger(count) || count < 1 || count > 1e7) throw new SpectraError('E_ARGUMENT', `histogram: bins must be an integer in [1, 1e7], got ${count}`);
    edges = new Float64Array(count + 1);
    if (scale === 'log') {
      const a = Math.log10(lo);
      const b = Math.log10(hi);
      for (let i = 0; i <= count; i++) edges[i] = 10 ** (a + ((b - a) * i) / count);
      edges[0] = lo;
      edges[count] = hi;
    } else {
      for (let i = 0; i <= count; i++) edges[i] = lo + ((hi - lo) * i) / count;
      edges[count] = hi;
    }
  }
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  let excluded = 0;
  const lo = edges[0]!;
  const hi = edges[bins]!;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < lo || v > hi || (scale === 'log' && !(v > 0))) {
      excluded++;
      continue;
    }
    // Binary search: works for uniform and explicit edges alike, and is exact at the edges.
    let a = 0;
    let b = bins;
    while (b - a > 1) {
      const mid = (a + b) >> 1;
      if (v >= edges[mid]!) a = mid;
      else b = mid;
    }
    counts[a]!++;
  }
  const total = n - excluded;
  const density = new Float64Array(bins);
  if (total > 0) for (let i = 0; i < bins; i++) density[i] = counts[i]! / (total * (edges[i + 1]! - edges[i]!));
  return { edges, counts, density, excluded, scale };
}
