// numpy.histogram's equal-width binning, reproduced exactly (numpy/lib/histograms.py): edges by
// linspace, the bin index by a scaled floor, then corrected against the edges so a value on an
// edge lands where numpy puts it. WeightWatcher's xmin-peak and vector entropy use it.

/**
 * Counts of `values` in `bins` equal-width bins over [lo, hi] (the last bin closed), as
 * `numpy.histogram(values, bins, range=(lo, hi))` gives them; values outside are ignored. A zero
 * range is widened to [lo − 0.5, hi + 0.5] as numpy does.
 *
 * @example
 * ```ts
 * const h = numpyHistogram([0, 0.5, 1], 2);
 * h.counts; // Float64Array [1, 2]
 * h.edges;  // Float64Array [0, 0.5, 1]
 * ```
 */
export function numpyHistogram(values: ArrayLike<number>, bins: number, range?: readonly [number, number]): { counts: Float64Array; edges: Float64Array } {
  let lo: number;
  let hi: number;
  if (range) [lo, hi] = range;
  else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (values.length === 0) {
      lo = 0;
      hi = 1;
    }
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  const step = (hi - lo) / bins;
  for (let i = 0; i <= bins; i++) edges[i] = lo + i * step;
  edges[bins] = hi;
  const counts = new Float64Array(bins);
  const norm = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= lo && v <= hi)) continue;
    let b = Math.trunc((v - lo) * norm);
    if (b === bins) b--;
    if (v < edges[b]!) b--;
    else if (b !== bins - 1 && v >= edges[b + 1]!) b++;
    counts[b]!++;
  }
  return { counts, edges };
}
