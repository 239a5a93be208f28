import { SpectraError } from './errors.js';

/** The generators `rng` offers. */
export type RngAlgorithm = 'xoshiro128**' | 'mulberry32';

/**
 * A seeded random stream. The stream for a given seed and algorithm is public contract
 * (specs/core.md §2.8): changing it is a breaking change. It runs in JS for every backend, so
 * results never depend on the backend.
 */
export interface Rng {
  /** The generator behind the stream. */
  readonly algorithm: RngAlgorithm;
  /** The next raw 32-bit output, an integer in [0, 2³²). */
  nextUint32(): number;
  /** A uniform double in [0, 1): 53 random bits (xoshiro128**), or output/2³² (mulberry32). */
  uniform(): number;
  /** A standard normal: Marsaglia's polar method (xoshiro128**), Box–Muller cosine branch (mulberry32). */
  normal(): number;
  /** An unbiased integer in [0, bound), bound ≤ 2⁵³. */
  uniformInt(bound: number): number;
  /** +1 or −1 with equal probability (uniform < 0.5 → +1). */
  rademacher(): number;
  /** Fills `out` with standard normals (times `scale`), in index order; returns `out`. */
  fillNormal<T extends Float64Array | Float32Array | number[]>(out: T, scale?: number): T;
  /** Fills `out` with uniforms in [0, 1), in index order; returns `out`. */
  fillUniform<T extends Float64Array | Float32Array | number[]>(out: T): T;
  /** Shuffles `array` in place by unbiased Fisher–Yates; returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T;
}

/** Options of `rng`. */
export interface RngOptions {
  /** `'xoshiro128**'` (default; period 2¹²⁸ − 1) or `'mulberry32'` (the portable generator of the reference fixtures; period 2³²). */
  algorithm?: RngAlgorithm;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_26 = 67108864;

function seedToBigInt(seed: number | bigint): bigint {
  if (typeof seed === 'bigint') return BigInt.asUintN(64, seed);
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new SpectraError('E_ARGUMENT', `rng: seed must be a safe integer or a bigint, got ${String(seed)}`);
  }
  return BigInt.asUintN(64, BigInt(seed));
}

/** SplitMix64 (Steele, Lea & Flood 2014): turns any 64-bit seed into well-mixed state words. */
function splitMix64Words(seed: bigint, count: number): number[] {
  const MASK = (1n << 64n) - 1n;
  let state = seed;
  const words: number[] = [];
  while (words.length < count) {
    state = (state + 0x9e3779b97f4a7c15n) & MASK;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    z = z ^ (z >> 31n);
    words.push(Number(z & 0xffffffffn), Number(z >> 32n));
  }
  return words.slice(0, count);
}

abstract class BaseRng implements Rng {
  abstract readonly algorithm: RngAlgorithm;
  abstract nextUint32(): number;
  abstract uniform(): number;
  abstract normal(): number;

  uniformInt(bound: number): number {
    if (!Number.isSafeInteger(bound) || bound <= 0) {
      throw new SpectraError('E_ARGUMENT', `uniformInt: bound must be a positive safe integer, got ${bound}`);
    }
    if (bound <= TWO_POW_32) {
      // Rejection of the biased low range (as in Lemire's method without the multiply): exact.
      const threshold = (TWO_POW_32 - bound) % bound;
      for (;;) {
        const r = this.nextUint32();
        if (r >= threshold) return r % bound;
      }
    }
    // Wide bounds: rejection on 53 random bits.
    const limit = Math.floor(TWO_POW_53 / bound) * bound;
    for (;;) {
      const r = (this.nextUint32() >>> 5) * TWO_POW_26 + (this.nextUint32() >>> 6);
      if (r < limit) return r % bound;
    }
  }

  rademacher(): number {
    return this.uniform() < 0.5 ? 1 : -1;
  }

  fillNormal<T extends Float64Array | Float32Array | number[]>(out: T, scale = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = scale * this.normal();
    return out;
  }

  fillUniform<T extends Float64Array | Float32Array | number[]>(out: T): T {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }

  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.uniformInt(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }
}

/** xoshiro128** 1.1 (Blackman & Vigna, ACM TOMS 47, 2021), seeded through SplitMix64. */
class Xoshiro128StarStar extends BaseRng {
  readonly algorithm = 'xoshiro128**' as const;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: bigint) {
    super();
    const [a, b, c, d] = splitMix64Words(seed, 4) as [number, number, number, number];
    this.s0 = a | 0;
    this.s1 = b | 0;
    this.s2 = c | 0;
    this.s3 = d | 0;
    // The all-zero state is the generator's only fixed point; SplitMix never yields it in practice.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextUint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  uniform(): number {
    // 27 + 26 = 53 random bits: every double in [0, 1) with spacing 2⁻⁵³.
    return ((this.nextUint32() >>> 5) * TWO_POW_26 + (this.nextUint32() >>> 6)) / TWO_POW_53;
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    // Marsaglia's polar method: no trigonometry, exact rejection of the unit disc's outside.
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }
}

/**
 * mulberry32 (hessian.md §7): a 32-bit Weyl state, so draw k of seed s is the first draw of seed
 * s + k·0x6D2B79F5 (mod 2³²). Uniforms and Rademacher signs are bit-exact across engines and
 * match the numpy reference programs.
 */
class Mulberry32 extends BaseRng {
  readonly algorithm = 'mulberry32' as const;
  private state: number;

  constructor(seed: bigint) {
    super();
    this.state = Number(seed & 0xffffffffn) | 0;
  }

  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }

  uniform(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  normal(): number {
    // Box–Muller, cosine branch only (the reference programs discard the sine branch).
    let u1 = this.uniform();
    while (u1 === 0) u1 = this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

/**
 * A seeded random stream: every spectrum, fit and Monte-Carlo run in spectra is reproducible
 * from its seed.
 *
 * @example
 * ```ts
 * import { rng } from '@spectra/core';
 * const r = rng(42);
 * r.uniform(); // 0.4137016681565887: the same for seed 42 on every engine and backend
 * r.normal();  // 0.5139502722128898: the next draw, a standard normal
 * rng(1, { algorithm: 'mulberry32' }).nextUint32(); // 2693262067 (hessian.md §7 test vector)
 * rng(0.5); // throws SpectraError E_ARGUMENT: seeds are safe integers or bigints
 * ```
 */
export function rng(seed: number | bigint, options: RngOptions = {}): Rng {
  const algorithm = options.algorithm ?? 'xoshiro128**';
  const s = seedToBigInt(seed);
  if (algorithm === 'xoshiro128**') return new Xoshiro128StarStar(s);
  if (algorithm === 'mulberry32') return new Mulberry32(s);
  throw new SpectraError('E_ARGUMENT', `rng: algorithm must be 'xoshiro128**' or 'mulberry32', got ${String(algorithm)}`);
}
