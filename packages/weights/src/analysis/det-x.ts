// The detX constraint (specs/weights.md §8; Martin & Mahoney's "det X = 1" tail): rescale the ESD
// to mean 1 and find the smallest tail whose eigenvalues multiply to less than 1.

/** The detX tail of an ESD (specs/weights.md §8). */
export interface DetX {
  /** Tail size n − idx. */
  detXNum: number;
  /** λ_idx in original units. */
  detXValue: number;
  /** λ′_idx = λ_idx·n/Σλ (WW stores this one under `detX_val_unrescaled`). */
  detXValueRescaled: number;
}

/**
 * Scans idx from n − 1 down to 0 for the first idx where Σ_{j≥idx} ln λ′_j < 0 (Π λ′_j < 1),
 * λ′ = λ·n/Σλ; null when no idx qualifies. Sums of logs replace WW's running product, which
 * overflows and underflows on long tails.
 *
 * @param eigenvalues ascending ESD.
 * @example
 * ```ts
 * import { detX } from '@spectra/weights';
 * // Mean 1 already (n/Σλ = 1): 3.4 alone > 1, 3.4·0.2 = 0.68 < 1, so the tail is the top two.
 * detX(Float64Array.from([0.2, 0.2, 0.2, 3.4])); // { detXNum: 2, detXValue: 0.2, detXValueRescaled: 0.2 }
 * ```
 */
export function detX(eigenvalues: Float64Array): DetX | null {
  const n = eigenvalues.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += eigenvalues[i]!;
  if (!(sum > 0)) return null;
  const scale = n / sum;
  let logProduct = 0;
  for (let idx = n - 1; idx >= 0; idx--) {
    const rescaled = scale * eigenvalues[idx]!;
    logProduct += Math.log(rescaled);
    if (logProduct < 0) return { detXNum: n - idx, detXValue: eigenvalues[idx]!, detXValueRescaled: rescaled };
  }
  return null;
}
