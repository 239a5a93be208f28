// Classic laws in closed form (spec §2): semicircle, Marchenko–Pastur (any ratio, with the atom), free
// Poisson, two-point laws (projections), point masses and the squared-singular-value law of scaled
// Haar-orthogonal matrices. Square roots follow the branch rule of §2: √((z − a)(z − b)) as the
// product of principal roots, analytic off [a, b] with G(z) ~ 1/z at ∞ (Im G < 0 on ℂ⁺).
import { SpectraError } from '@spectra/core';
import type { Complex } from '../types.js';
import { requirePositive } from '../validate.js';
import { div, mul, sqrt, sub } from './complex.js';
import { MeasureBase, type Atom } from './spectral-measure.js';

/** √(z − a)·√(z − b) with principal roots: the branch of §2. */
function edgeRoot(z: Complex, a: number, b: number): Complex {
  return mul(sqrt({ re: z.re - a, im: z.im }), sqrt({ re: z.re - b, im: z.im }));
}

function catalan(n: number): number {
  let c = 1;
  for (let i = 0; i < n; i++) c = (c * 2 * (2 * i + 1)) / (i + 2);
  return c;
}

/**
 * Wigner's semicircle law of variance v (spec §2); `semicircle(v)` builds one.
 *
 * @example
 * ```ts
 * import { Semicircle } from '@spectra/free-prob';
 * new Semicircle(1).support();                          // { lower: -2, upper: 2 }
 * new Semicircle(1).stieltjesTransform({ re: 0, im: 1 }); // { re: 0, im: -0.6180339887498948 } (G(i) = −i(√5 − 1)/2)
 * ```
 */
export class Semicircle extends MeasureBase {
  readonly name: string;
  /** The variance v (the second moment; support [−2√v, 2√v]). */
  readonly variance: number;
  /** @param variance - v > 0 (`E_ARGUMENT` otherwise). */
  constructor(variance: number) {
    super();
    this.variance = requirePositive(variance, 'semicircle: variance');
    this.name = `semicircle(${variance})`;
  }
  protected g(re: number, im: number): Complex {
    // G = (z − √(z² − 4v))/(2v) = 2/(z + √(z² − 4v)): the second form has no cancellation at large |z|.
    const r = 2 * Math.sqrt(this.variance);
    const z = { re, im: im === 0 ? 0 : im };
    const s = edgeRoot(z, -r, r);
    return div({ re: 2, im: 0 }, { re: re + s.re, im: im + s.im });
  }
  protected override gDerivative(z: Complex): Complex {
    // G' = −G²/(1 − vG²) from v G² − zG + 1 = 0.
    const g = this.stieltjesTransform(z);
    const g2 = mul(g, g);
    return div({ re: -g2.re, im: -g2.im }, { re: 1 - this.variance * g2.re, im: -this.variance * g2.im });
  }
  protected override continuousDensity(x: number): number {
    const v = this.variance;
    const d = 4 * v - x * x;
    return d > 0 ? Math.sqrt(d) / (2 * Math.PI * v) : 0;
  }
  override cdf(xs: ArrayLike<number>): Float64Array {
    const r = 2 * Math.sqrt(this.variance);
    return Float64Array.from(Array.from(xs, (x) => {
      if (!Number.isFinite(x)) throw new SpectraError('E_ARGUMENT', `${this.name}.cdf: xs must be finite, got ${x}`);
      if (x <= -r) return 0;
      if (x >= r) return 1;
      // F = ½ + x√(4v − x²)/(4πv) + asin(x/(2√v))/π.
      return 0.5 + (x * Math.sqrt(4 * this.variance - x * x)) / (4 * Math.PI * this.variance) + Math.asin(x / r) / Math.PI;
    }));
  }
  override rTransform(g: Complex): Complex {
    return { re: this.variance * g.re, im: this.variance * g.im };
  }
  override sTransform(_m: Complex): Complex {
    throw new SpectraError('E_ARGUMENT', `${this.name}.sTransform: the S-transform needs a non-zero mean (the semicircle is centred)`);
  }
  protected override exactMoments(k: number): Float64Array {
    const out = new Float64Array(k);
    for (let j = 1; j <= k; j++) out[j - 1] = j % 2 ? 0 : catalan(j / 2) * this.variance ** (j / 2);
    return out;
  }
  support(): { lower: number; upper: number } {
    const r = 2 * Math.sqrt(this.variance);
    return { lower: -r, upper: r };
  }
  atoms(): Atom[] {
    return [];
  }
}

/**
 * Marchenko–Pastur: the ESD of (s/k)XXᵀ, X n×k Gaussian, ratio c = n/k (spec §2); `marchenkoPastur(c, s)`.
 *
 * @example
 * ```ts
 * import { MarchenkoPastur } from '@spectra/free-prob';
 * new MarchenkoPastur(0.25, 1).support(); // { lower: 0.25, upper: 2.25 }
 * new MarchenkoPastur(4, 1).support();    // { lower: 0, upper: 9 } (the atom 3/4 at 0; continuous part on [1, 9])
 * ```
 */
export class MarchenkoPastur extends MeasureBase {
  readonly name: string;
  /** The ratio c = n/k (> 0). */
  readonly ratio: number;
  /** The scale s (> 0): the mean m₁. */
  readonly scale: number;
  /**
   * @param ratio - c = n/k > 0.
   * @param scale - s > 0 (default 1).
   */
  constructor(ratio: number, scale = 1) {
    super();
    this.ratio = requirePositive(ratio, 'marchenkoPastur: ratio');
    this.scale = requirePositive(scale, 'marchenkoPastur: scale');
    this.name = `marchenkoPastur(${ratio}, ${scale})`;
  }
  private edges(): [number, number] {
    const s = this.scale;
    const r = Math.sqrt(this.ratio);
    return [s * (1 - r) ** 2, s * (1 + r) ** 2];
  }
  protected g(re: number, im: number): Complex {
    // c s z G² − (z − s + cs) G + 1 = 0:  G = (z − s + cs − √((z − x₊)(z − x₋)))/(2csz)
    // = 2/(z − s + cs + √(…)) (the product of the roots is 1/(csz)): no cancellation at large |z|.
    const { ratio: c, scale: s } = this;
    const [a, b] = this.edges();
    const z = { re, im };
    const root = edgeRoot(z, a, b);
    const den = { re: re - s + c * s + root.re, im: im + root.im };
    if (den.re === 0 && den.im === 0) {
      // z = 0 with c = 1 (both terms vanish): the limit of the first form, G → ∞ like 1/√z; return the
      // first form's value at a tiny z instead of dividing by zero.
      return div({ re: 2, im: 0 }, { re: 1e-300, im: 0 });
    }
    return div({ re: 2, im: 0 }, den);
  }
  protected override continuousDensity(x: number): number {
    const [a, b] = this.edges();
    if (!(x > a && x < b)) return 0;
    return Math.sqrt((b - x) * (x - a)) / (2 * Math.PI * this.scale * this.ratio * x);
  }
  override rTransform(g: Complex): Complex {
    // R = s/(1 − c s g).
    return div({ re: this.scale, im: 0 }, { re: 1 - this.ratio * this.scale * g.re, im: -this.ratio * this.scale * g.im });
  }
  override sTransform(m: Complex): Complex {
    // S = 1/(s(1 + c m)).
    return div({ re: 1, im: 0 }, { re: this.scale * (1 + this.ratio * m.re), im: this.scale * this.ratio * m.im });
  }
  protected override exactMoments(k: number): Float64Array {
    // m_k = s^k Σ_{r=0}^{k−1} N(k, r + 1) c^r, Narayana numbers N(k, j) = C(k, j)C(k, j − 1)/k.
    const out = new Float64Array(k);
    for (let j = 1; j <= k; j++) {
      let sum = 0;
      for (let r = 0; r < j; r++) sum += (binomial(j, r + 1) * binomial(j, r) / j) * this.ratio ** r;
      out[j - 1] = sum * this.scale ** j;
    }
    return out;
  }
  support(): { lower: number; upper: number } {
    const [a, b] = this.edges();
    return { lower: this.ratio > 1 ? 0 : a, upper: b };
  }
  atoms(): Atom[] {
    return this.ratio > 1 ? [{ location: 0, mass: 1 - 1 / this.ratio }] : [];
  }
  protected override continuousIntervals(): Array<[number, number]> {
    // The continuous part lives on [x₋, x₊] even when the atom sits at 0.
    return [this.edges()];
  }
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * A two-point law (1 − p)δ₀ + pδ_a (a projection of rank fraction p times a): M = pa/(z − a),
 * S = (1 + m)/(a(m + p)) (spec §2); `twoPointLaw(p, a)`, `pointMass(a)`.
 *
 * @example
 * ```ts
 * import { TwoPointLaw } from '@spectra/free-prob';
 * new TwoPointLaw(0.5, 2).momentGeneratingFunction({ re: 4, im: 0 }); // { re: 0.5, im: 0 } (= pa/(z − a))
 * new TwoPointLaw(0.5, 2).atoms(); // [{ location: 0, mass: 0.5 }, { location: 2, mass: 0.5 }]
 * ```
 */
export class TwoPointLaw extends MeasureBase {
  readonly name: string;
  /** The mass p at a (the rank fraction), in (0, 1]; p = 1 is the point mass δ_a. */
  readonly p: number;
  /** The location a (finite, ≠ 0). */
  readonly location: number;
  /**
   * @param p - the mass at a, in (0, 1].
   * @param location - a, finite and non-zero.
   */
  constructor(p: number, location: number) {
    super();
    if (!(p > 0 && p <= 1)) throw new SpectraError('E_ARGUMENT', `twoPointLaw: p must be in (0, 1], got ${p}`);
    if (!Number.isFinite(location) || location === 0) throw new SpectraError('E_ARGUMENT', `twoPointLaw: the location a must be finite and non-zero, got ${location}`);
    this.p = p;
    this.location = location;
    this.name = p === 1 ? `pointMass(${location})` : `twoPointLaw(${p}, ${location})`;
  }
  protected g(re: number, im: number): Complex {
    const z = { re, im };
    const a = div({ re: 1 - this.p, im: 0 }, z);
    const b = div({ re: this.p, im: 0 }, sub(z, { re: this.location, im: 0 }));
    return { re: (this.p < 1 ? a.re : 0) + b.re, im: (this.p < 1 ? a.im : 0) + b.im };
  }
  protected override continuousDensity(): number {
    return 0;
  }
  protected override continuousIntervals(): Array<[number, number]> {
    return [];
  }
  override sTransform(m: Complex): Complex {
    return div({ re: 1 + m.re, im: m.im }, { re: this.location * (m.re + this.p), im: this.location * m.im });
  }
  protected override exactMoments(k: number): Float64Array {
    const out = new Float64Array(k);
    for (let j = 1; j <= k; j++) out[j - 1] = this.p * this.location ** j;
    return out;
  }
  support(): { lower: number; upper: number } {
    return this.p === 1 ? { lower: this.location, upper: this.location } : { lower: Math.min(0, this.location), upper: Math.max(0, this.location) };
  }
  atoms(): Atom[] {
    const out: Atom[] = [];
    if (this.p < 1) out.push({ location: 0, mass: 1 - this.p });
    out.push({ location: this.location, mass: this.p });
    return out.sort((x, y) => x.location - y.location);
  }
}

/**
 * Semicircle law of variance v (spec §2): R = vg, density √(4v − x²)/(2πv) on [−2√v, 2√v].
 *
 * @example
 * ```ts
 * import { semicircle } from '@spectra/free-prob';
 * const mu = semicircle(1);
 * mu.density([0])[0];                 // 0.3183098861837907 (1/π)
 * mu.cdf([0, 1]);                     // Float64Array [0.5, 0.8044988905221147]
 * mu.moments(4);                      // Float64Array [0, 1, 0, 2] (Catalan numbers)
 * mu.rTransform({ re: 0.3, im: 0 });  // { re: 0.3, im: 0 } (R = v g)
 * ```
 */
export function semicircle(variance = 1): Semicircle {
  return new Semicircle(variance);
}

/**
 * Marchenko–Pastur law with ratio c and scale s (spec §2): S = 1/(s(1 + cm)), support s(1 ± √c)², atom
 * 1 − 1/c at 0 when c > 1.
 *
 * @example
 * ```ts
 * import { marchenkoPastur } from '@spectra/free-prob';
 * const mu = marchenkoPastur(2, 1);
 * mu.atoms();                          // [{ location: 0, mass: 0.5 }]
 * mu.moments(2);                       // Float64Array [1, 3] (m₁ = s, m₂ = s²(1 + c))
 * mu.sTransform({ re: 0.5, im: 0 });   // { re: 0.5, im: 0 } (S = 1/(s(1 + cm)))
 * mu.quantile([0.5, 0.9]);             // Float64Array [0, 3.321674558717092]: Q(α) = 0 for α ≤ the atom
 * ```
 */
export function marchenkoPastur(ratio: number, scale = 1): MarchenkoPastur {
  return new MarchenkoPastur(ratio, scale);
}

/**
 * Free Poisson law with rate r and jump size a: R = ra/(1 − ag), the Marchenko–Pastur law with
 * c = 1/r, s = ra (spec §2).
 *
 * @example
 * ```ts
 * import { freePoisson } from '@spectra/free-prob';
 * const mu = freePoisson(2, 0.5);
 * [mu.ratio, mu.scale]; // [0.5, 1] (c = 1/r, s = r·a)
 * mu.moments(1);        // Float64Array [1] (= r·a)
 * ```
 */
export function freePoisson(rate: number, jump = 1): MarchenkoPastur {
  requirePositive(rate, 'freePoisson: rate');
  requirePositive(jump, 'freePoisson: jump');
  return new MarchenkoPastur(1 / rate, rate * jump);
}

/**
 * The two-point law (1 − p)δ₀ + pδ_a (spec §2).
 *
 * @example
 * ```ts
 * import { twoPointLaw } from '@spectra/free-prob';
 * twoPointLaw(0.5, 1).sTransform({ re: 0.2, im: 0 }); // { re: 1.7142857142857144, im: 0 } (= (1 + m)/(a(m + p)) = 1.2/0.7)
 * twoPointLaw(0.25, 4).cdf([-1, 0, 3.9, 4]);          // Float64Array [0, 0.75, 0.75, 1]
 * ```
 */
export function twoPointLaw(p: number, location: number): TwoPointLaw {
  return new TwoPointLaw(p, location);
}

/**
 * The point mass δ_a.
 *
 * @example
 * ```ts
 * import { pointMass } from '@spectra/free-prob';
 * pointMass(2).stieltjesTransform({ re: 3, im: 0 }); // { re: 1, im: 0 } (= 1/(z − 2))
 * pointMass(2).moments(2);                           // Float64Array [2, 4]
 * ```
 */
export function pointMass(location: number): TwoPointLaw {
  return new TwoPointLaw(1, location);
}

/**
 * The law of the squared singular values of σ·O for a Haar-orthogonal O (spec §5): δ_{σ²} for a square
 * (or wide, λ = N_in/N_out ≤ 1) matrix, and (1 − 1/λ)δ₀ + (1/λ)δ_{σ²} for a tall one (λ > 1; the rectangular
 * case is marked unverified in the spec: compare with its Monte-Carlo twin).
 *
 * @example
 * ```ts
 * import { haarOrthogonal } from '@spectra/free-prob';
 * haarOrthogonal({ sigma2: 2 }).sTransform({ re: 0.3, im: 0 }); // { re: 0.5, im: 0 } (S = 1/σ²)
 * haarOrthogonal({ sigma2: 2, ratio: 4 }).atoms(); // [{ location: 0, mass: 0.75 }, { location: 2, mass: 0.25 }]
 * ```
 */
export function haarOrthogonal(options: { sigma2?: number; ratio?: number } = {}): TwoPointLaw {
  const s2 = requirePositive(options.sigma2 ?? 1, 'haarOrthogonal: sigma2');
  const ratio = requirePositive(options.ratio ?? 1, 'haarOrthogonal: ratio');
  return new TwoPointLaw(ratio <= 1 ? 1 : 1 / ratio, s2);
}
