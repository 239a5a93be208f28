// Numeric-aware name order: `layers.2` before `layers.10`, whatever the shard or header order was
// (WeightWatcher takes safetensors shards in plain string order, which breaks layer filters).

const chunk = /(\d+)/;

/**
 * Compares two names chunk by chunk, digit runs by value (then by length, so `01` follows `1`).
 *
 * @example
 * ```ts
 * import { compareNatural } from '@spectra/weights';
 * ['layers.10.w', 'layers.2.w', 'layers.1.w'].sort(compareNatural); // ['layers.1.w', 'layers.2.w', 'layers.10.w']
 * ```
 */
export function compareNatural(a: string, b: string): number {
  if (a === b) return 0;
  const x = a.split(chunk);
  const y = b.split(chunk);
  const n = Math.min(x.length, y.length);
  for (let k = 0; k < n; k++) {
    const p = x[k]!;
    const q = y[k]!;
    if (p === q) continue;
    if (k % 2 === 1) {
      // Digit runs (odd positions of the split). Compare without parsing to stay exact for long runs.
      const ps = p.replace(/^0+(?=\d)/, '');
      const qs = q.replace(/^0+(?=\d)/, '');
      if (ps.length !== qs.length) return ps.length - qs.length;
      if (ps !== qs) return ps < qs ? -1 : 1;
      return p.length - q.length;
    }
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}
