import { rng, SpectraError } from '@spectra/core';

const WEYL_INCREMENT = 0x6d2b79f5n;
const MASK_32 = 0xffffffffn;

/**
 * The mulberry32 seed whose first draw is draw `offset` of `seed`'s stream: the state is a Weyl
 * sequence, so jumping ahead is one multiply-add mod 2³² (hessian.md §7). Any worker can generate
 * any probe, and results do not depend on how probes are split among workers.
 *
 * @example
 * ```ts
 * import { rng } from '@spectra/core';
 * import { mulberry32SeedAt } from '@spectra/hessian';
 * const a = rng(3, { algorithm: 'mulberry32' });
 * a.nextUint32(); a.nextUint32();
 * rng(mulberry32SeedAt(3, 2), { algorithm: 'mulberry32' }).nextUint32() === a.nextUint32(); // true
 * ```
 */
export function mulberry32SeedAt(seed: number, offset: number): number {
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(offset) || offset < 0) {
    throw new SpectraError('E_ARGUMENT', `mulberry32SeedAt: seed and offset must be integers (offset ≥ 0), got ${seed}, ${offset}`);
  }
  return Number((BigInt(seed) + BigInt(offset) * WEYL_INCREMENT) & MASK_32);
}

/**
 * Probe `index` of an SLQ or Hutchinson run: P Rademacher signs (+1 if uniform < 0.5), draws
 * index·P … index·P + P − 1 of mulberry32(seed) — probes consecutive in one stream, as the
 * reference (hessian.md §5, §7).
 *
 * @example
 * ```ts
 * import { rademacherProbe } from '@spectra/hessian';
 * Array.from(rademacherProbe(3, 0, 4)); // [-1, 1, 1, 1] (the §7 test vector's first four)
 * ```
 */
export function rademacherProbe(seed: number, index: number, dimension: number, out?: Float64Array): Float64Array {
  if (!Number.isSafeInteger(index) || index < 0) throw new SpectraError('E_ARGUMENT', `rademacherProbe: index must be a non-negative integer, got ${index}`);
  if (!Number.isSafeInteger(dimension) || dimension <= 0) throw new SpectraError('E_ARGUMENT', `rademacherProbe: dimension must be a positive integer, got ${dimension}`);
  const stream = rng(mulberry32SeedAt(seed, index * dimension), { algorithm: 'mulberry32' });
  const v = out ?? new Float64Array(dimension);
  for (let i = 0; i < dimension; i++) v[i] = stream.rademacher();
  return v;
}

/**
 * `count` consecutive Gaussian vectors of length P from mulberry32(seed) (Box–Muller, cosine branch):
 * the start vectors of top-k and of PyHessian's power iteration in the reference (seed 4).
 *
 * @example
 * ```ts
 * import { gaussianVectors } from '@spectra/hessian';
 * gaussianVectors(1, 1, 3)[0]; // ≈ 0.9659740590152261 (the §7 test vector)
 * ```
 */
export function gaussianVectors(seed: number, count: number, dimension: number): Float64Array {
  if (!Number.isSafeInteger(count) || count <= 0 || !Number.isSafeInteger(dimension) || dimension <= 0) {
    throw new SpectraError('E_ARGUMENT', `gaussianVectors: count and dimension must be positive integers, got ${count}, ${dimension}`);
  }
  const stream = rng(seed, { algorithm: 'mulberry32' });
  const out = new Float64Array(count * dimension);
  for (let i = 0; i < out.length; i++) out[i] = stream.normal();
  return out;
}
