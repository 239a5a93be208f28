// Free additive and multiplicative convolutions of arbitrary measures by subordination (spec §3;
// Belinschi & Bercovici, "A new approach to subordination results in free probability", J. Anal. Math.
// 2007), evaluated lazily at any z ∈ ℂ⁺:
//   ⊞: F_j = 1/G_j, h_j(w) = F_j(w) − w; ω₁ is the attracting fixed point of w ↦ z + h₂(z + h₁(w)),
//      ω₂ = z + h₁(ω₁), G(z) = G₁(ω₁) = G₂(ω₂).
//   ⊠ (measures on ℝ₊, ≠ δ₀): T_j(Ω) = (1 + M_j(Ω))/(Ω M_j(Ω)); Ω₁ ← z T₂(z T₁(Ω₁)), Ω₂ = z T₁(Ω₁),
//      M(z) = M₁(Ω₁) = M₂(Ω₂).
// The fixed-point iteration slows near the real axis (its rate tends to 1): once the residual is below
// 1e-3 we switch to Newton on the two-unknown subordination system, and each point starts from the
// previous point's ω (continuation along grids). Iterations are capped; failures are counted per point.
import { SpectraError } from '@spectra/core';
import { freeCumulantsFromMoments, momentsFromFreeCumulants, momentsFromSTransformSeries, sTransformSeries } from '../power-series.js';
import type { Complex } from '../types.js';
import { abs, add, div, inv, mul, sub } from './complex.js';
import { MeasureBase, refineSupport, type Atom, type SpectralMeasure } from './spectral-measure.js';

/** G'(z) of any measure, by a centred difference (exact where a measure knows better internally). */
function gPrime(mu: SpectralMeasure, z: Complex): Complex {
  const h = 1e-7 * Math.max(1, abs(z));
  const a = mu.stieltjesTransform({ re: z.re + h, im: z.im });
  const b = mu.stieltjesTransform({ re: z.re - h, im: z.im });
  return { re: (a.re - b.re) / (2 * h), im: (a.im - b.im) / (2 * h) };
}

/** Counters of a convolution's subordination solves. */
export interface SubordinationDiagnostics {
  /** Subordination solves (one per evaluation of G). */
  points: number;
  /** Fixed-point iterations w ↦ z + h₂(z + h₁(w)) (⊠: Ω ↦ z T₂(z T₁(Ω))), summed. */
  fixedPointIterations: number;
  /** Newton iterations on the two-unknown system (run when the fixed point slows near the axis), summed. */
  newtonIterations: number;
  /** Points where neither the fixed point nor Newton met the tolerance (their G is the best iterate). */
  failures: number;
}

function scaleOf(mu: SpectralMeasure): number {
  const { lower, upper } = mu.support();
  return Math.max(Math.abs(lower), Math.abs(upper), 1e-300);
}

/**
 * μ ⊞ ν, lazily; `freeAdditiveConvolution(μ, ν)` builds one. `subordination(z)` returns (ω₁, ω₂).
 *
 * @example
 * ```ts
 * import { FreeAdditiveConvolution, semicircle } from '@spectra/free-prob';
 * const c = new FreeAdditiveConvolution(semicircle(1), semicircle(1));
 * c.rTransform({ re: 0.1, im: 0 }); // { re: 0.2, im: 0 } (R₁ + R₂)
 * const [w1, w2] = c.subordination({ re: 0.5, im: 1 });
 * // ω₁ + ω₂ = z + 1/G(z), G(z) = G₁(ω₁): here ω₁ = ω₂ by symmetry
 * ```
 */
export class FreeAdditiveConvolution extends MeasureBase {
  readonly name: string;
  /** Work counters, summed over every evaluation so far. */
  readonly diagnostics: SubordinationDiagnostics = { points: 0, fixedPointIterations: 0, newtonIterations: 0, failures: 0 };
  private lastZ: Complex | null = null;
  private lastOmega: Complex | null = null;

  /**
   * @param first - μ (any measure).
   * @param second - ν (any measure).
   */
  constructor(readonly first: SpectralMeasure, readonly second: SpectralMeasure) {
    super();
    this.name = `${first.name} ⊞ ${second.name}`;
  }

  /** Solves the subordination at z (Im z > 0); returns [ω₁, ω₂]. */
  subordination(z: Complex): [Complex, Complex] {
    const A = this.first;
    const B = this.second;
    const F = (mu: SpectralMeasure, w: Complex): Complex => inv(mu.stieltjesTransform(w));
    const scale = scaleOf(A) + scaleOf(B);
    this.diagnostics.points++;
    // Start from the neighbour's ω when close (continuation), else from z.
    let w = this.lastOmega && this.lastZ && abs(sub(z, this.lastZ)) < 0.05 * scale + z.im ? this.lastOmega : z;
    if (w.im <= 0) w = z;
    let converged = false;
    for (let it = 0; it < 2000; it++) {
      this.diagnostics.fixedPointIterations++;
      const w2 = add(z, sub(F(A, w), w));
      const next = add(z, sub(F(B, w2), w2));
      const change = abs(sub(next, w));
      w = next;
      if (change <= 1e-15 * (abs(w) + scale)) {
        converged = true;
        break;
      }
      if (change <= 1e-3 * scale) break;
    }
    if (!converged) {
      // Newton on E₁ = F₁(ω₁) − F₂(ω₂), E₂ = ω₁ + ω₂ − z − F₁(ω₁); F' = −G'/G².
      let o1 = w;
      let o2 = add(z, sub(F(A, o1), o1));
      let previous = Infinity;
      for (let it = 0; it < 60; it++) {
        this.diagnostics.newtonIterations++;
        const g1 = A.stieltjesTransform(o1);
        const g2 = B.stieltjesTransform(o2);
        const f1 = inv(g1);
        const f2 = inv(g2);
        const d1 = div(gPrime(A, o1), mul(g1, g1));
        const d2 = div(gPrime(B, o2), mul(g2, g2));
        const fp1 = { re: -d1.re, im: -d1.im };
        const fp2 = { re: -d2.re, im: -d2.im };
        const e1 = sub(f1, f2);
        const e2 = sub(sub(add(o1, o2), z), f1);
        // [[F₁', −F₂'], [1 − F₁', 1]] [δ₁, δ₂] = −[e₁, e₂].
        const a11 = fp1;
        const a12 = { re: -fp2.re, im: -fp2.im };
        const a21 = { re: 1 - fp1.re, im: -fp1.im };
        const a22 = { re: 1, im: 0 };
        const det = sub(mul(a11, a22), mul(a12, a21));
        const d1n = div(sub(mul(a12, e2), mul(a22, e1)), det);
        const d2n = div(sub(mul(a21, e1), mul(a11, e2)), det);
        o1 = add(o1, d1n);
        o2 = add(o2, d2n);
        if (o1.im <= 0) o1 = { re: o1.re, im: Math.max(z.im, 1e-300) };
        if (o2.im <= 0) o2 = { re: o2.re, im: Math.max(z.im, 1e-300) };
        const size = abs(d1n) + abs(d2n);
        const tol = abs(o1) + abs(o2) + scale;
        // Converged, or at the rounding floor (G' is a centred difference): a tiny step that stopped shrinking.
        if (size <= 1e-14 * tol || (it > 2 && size > 0.5 * previous && size <= 1e-9 * tol)) {
          converged = true;
          break;
        }
        previous = size;
      }
      w = o1;
      if (!converged) this.diagnostics.failures++;
    }
    this.lastZ = z;
    this.lastOmega = w;
    return [w, add(z, sub(inv(A.stieltjesTransform(w)), w))];
  }

  protected g(re: number, im: number): Complex {
    const scale = scaleOf(this.first) + scaleOf(this.second);
    const z = { re, im: im > 0 ? im : 1e-13 * scale };
    const [o1] = this.subordination(z);
    return this.first.stieltjesTransform(o1);
  }

  override rTransform(g: Complex): Complex {
    return add(this.first.rTransform(g), this.second.rTransform(g));
  }

  protected override exactMoments(k: number): Float64Array {
    // Free cumulants add (spec §3 "moments: ⊞ adds mean, variance and third free cumulant").
    const a = freeCumulantsFromMoments(this.first.moments(k));
    const b = freeCumulantsFromMoments(this.second.moments(k));
    return momentsFromFreeCumulants(a.map((v, i) => v + b[i]!));
  }

  private refined: { lower: number; upper: number } | null = null;

  /** The support of the continuous part, refined from the hull [a₋ + b₋, a₊ + b₊] (edges located numerically). */
  support(): { lower: number; upper: number } {
    if (this.refined) return this.refined;
    const a = this.first.support();
    const b = this.second.support();
    const hull = { lower: a.lower + b.lower, upper: a.upper + b.upper };
    this.refined = hull;
    this.refined = hull.upper > hull.lower ? refineSupport((x) => this.continuousDensity(x), hull.lower, hull.upper) : hull;
    return this.refined;
  }

  atoms(): Atom[] {
    // Bercovici–Voiculescu: μ ⊞ ν has an atom at a + b iff μ({a}) + ν({b}) > 1 (mass: the excess).
    const out: Atom[] = [];
    for (const a of this.first.atoms()) for (const b of this.second.atoms()) if (a.mass + b.mass > 1 + 1e-15) out.push({ location: a.location + b.location, mass: a.mass + b.mass - 1 });
    return out;
  }
}

/**
 * μ ⊠ ν for measures on ℝ₊, lazily; `freeMultiplicativeConvolution(μ, ν)` builds one. `subordination(z)`
 * returns (Ω₁, Ω₂).
 *
 * Known limitation (measured on MP(1) ⊠ MP(1), whose density is singular at 0): a fresh evaluation at
 * x ≤ 1e-5 settles on a spurious real fixed point (density 0), and since each evaluation continues from
 * the previous point's Ω, a grid swept upward from there keeps returning 0 (up to x ≈ 0.8 from 1e-6).
 * Swept downward, or starting at x ≥ 1e-4, the density matches `fussCatalan(2)` (to 7e-11 relative on
 * [0.01, 5.6], 2e-7 down to 1e-6). See also `support()`.
 *
 * @example
 * ```ts
 * import { FreeMultiplicativeConvolution, marchenkoPastur } from '@spectra/free-prob';
 * const c = new FreeMultiplicativeConvolution(marchenkoPastur(1), marchenkoPastur(1));
 * c.sTransform({ re: 0.2, im: 0 }); // { re: 0.6944444444444445, im: 0 } (S₁S₂ = 1/1.2²)
 * c.atoms();                        // [] (neither factor has an atom)
 * ```
 */
export class FreeMultiplicativeConvolution extends MeasureBase {
  readonly name: string;
  /** Work counters, summed over every evaluation so far. */
  readonly diagnostics: SubordinationDiagnostics = { points: 0, fixedPointIterations: 0, newtonIterations: 0, failures: 0 };
  private lastZ: Complex | null = null;
  private lastOmega: Complex | null = null;

  /**
   * @param first - μ, supported on [0, ∞) and not δ₀ (`E_ARGUMENT` otherwise).
   * @param second - ν, the same conditions.
   */
  constructor(readonly first: SpectralMeasure, readonly second: SpectralMeasure) {
    super();
    for (const mu of [first, second]) {
      if (mu.support().lower < 0) throw new SpectraError('E_ARGUMENT', `freeMultiplicativeConvolution: ${mu.name} is not supported on [0, ∞)`);
      const atoms = mu.atoms();
      if (atoms.length === 1 && atoms[0]!.location === 0 && atoms[0]!.mass >= 1 - 1e-15) {
        throw new SpectraError('E_ARGUMENT', `freeMultiplicativeConvolution: ${mu.name} is δ₀ (its S-transform does not exist)`);
      }
    }
    this.name = `${first.name} ⊠ ${second.name}`;
  }

  /** T(Ω) = (1 + M(Ω))/(Ω M(Ω)) and T'(Ω) = −(M(1 + M) + ΩM')/(ΩM)², M' = G + ΩG'. */
  private t(mu: SpectralMeasure, w: Complex, withDerivative: boolean): [Complex, Complex] {
    const m = mu.momentGeneratingFunction(w);
    const wm = mul(w, m);
    const T = div({ re: 1 + m.re, im: m.im }, wm);
    if (!withDerivative) return [T, { re: 0, im: 0 }];
    const g = mu.stieltjesTransform(w);
    const mp = add(g, mul(w, gPrime(mu, w)));
    const num = add(mul(m, { re: 1 + m.re, im: m.im }), mul(w, mp));
    const dT = div({ re: -num.re, im: -num.im }, mul(wm, wm));
    return [T, dT];
  }

  /** Solves the subordination at z (Im z > 0); returns [Ω₁, Ω₂]. */
  subordination(z: Complex): [Complex, Complex] {
    const A = this.first;
    const B = this.second;
    const scale = scaleOf(A) * scaleOf(B);
    this.diagnostics.points++;
    let w = this.lastOmega && this.lastZ && abs(sub(z, this.lastZ)) < 0.05 * scale + z.im ? this.lastOmega : z;
    let converged = false;
    for (let it = 0; it < 2000; it++) {
      this.diagnostics.fixedPointIterations++;
      const o2 = mul(z, this.t(A, w, false)[0]);
      const next = mul(z, this.t(B, o2, false)[0]);
      const change = abs(sub(next, w));
      w = next;
      if (change <= 1e-15 * (abs(w) + scale)) {
        converged = true;
        break;
      }
      if (change <= 1e-3 * (abs(w) + scale)) break;
    }
    if (!converged) {
      // Newton on E₁ = Ω₁ − z T₂(Ω₂), E₂ = Ω₂ − z T₁(Ω₁).
      let o1 = w;
      let o2 = mul(z, this.t(A, o1, false)[0]);
      let previous = Infinity;
      for (let it = 0; it < 60; it++) {
        this.diagnostics.newtonIterations++;
        const [t1, dt1] = this.t(A, o1, true);
        const [t2, dt2] = this.t(B, o2, true);
        const e1 = sub(o1, mul(z, t2));
        const e2 = sub(o2, mul(z, t1));
        // [[1, −z T₂'], [−z T₁', 1]] [δ₁, δ₂] = −[e₁, e₂].
        const a12 = { re: -(z.re * dt2.re - z.im * dt2.im), im: -(z.re * dt2.im + z.im * dt2.re) };
        const a21 = { re: -(z.re * dt1.re - z.im * dt1.im), im: -(z.re * dt1.im + z.im * dt1.re) };
        const det = sub({ re: 1, im: 0 }, mul(a12, a21));
        const d1 = div(sub(mul(a12, e2), e1), det);
        const d2 = div(sub(mul(a21, e1), e2), det);
        o1 = add(o1, d1);
        o2 = add(o2, d2);
        const size = abs(d1) + abs(d2);
        const tol = abs(o1) + abs(o2) + scale;
        if (size <= 1e-14 * tol || (it > 2 && size > 0.5 * previous && size <= 1e-9 * tol)) {
          converged = true;
          break;
        }
        previous = size;
      }
      w = o1;
      if (!converged) this.diagnostics.failures++;
    }
    this.lastZ = z;
    this.lastOmega = w;
    return [w, mul(z, this.t(A, w, false)[0])];
  }

  protected g(re: number, im: number): Complex {
    const scale = scaleOf(this.first) * scaleOf(this.second);
    const z = { re, im: im > 0 ? im : 1e-13 * scale };
    const [o1] = this.subordination(z);
    // M(z) = M₁(Ω₁), G = (1 + M)/z.
    const m = this.first.momentGeneratingFunction(o1);
    return div({ re: 1 + m.re, im: m.im }, z);
  }

  override sTransform(m: Complex): Complex {
    return mul(this.first.sTransform(m), this.second.sTransform(m));
  }

  protected override exactMoments(k: number): Float64Array {
    // S-transforms multiply (m₁ = a₁b₁, m₂ = a₂b₁² + a₁²b₂ − a₁²b₁², …).
    const a = sTransformSeries(this.first.moments(k));
    const b = sTransformSeries(this.second.moments(k));
    const s = new Float64Array(k);
    for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) s[i]! += a[j]! * b[i - j]!;
    return momentsFromSTransformSeries(s);
  }

  private refined: { lower: number; upper: number } | null = null;

  /**
   * The support of the continuous part, refined from the hull [a₋b₋, a₊b₊]: the outermost of 400 scan
   * points where the density exceeds 1e-9 of its largest scanned value, then bisection on that threshold.
   * Known limitation: a density that blows up at an edge inflates that maximum and moves the other edge
   * inward — MP(1) ⊠ MP(1) (density ~ x^{−2/3} at 0) gets upper 5.657… instead of 27/4, and `density`
   * (0 beyond), `cdf` and `quantile` are then wrong.
   */
  support(): { lower: number; upper: number } {
    if (this.refined) return this.refined;
    const a = this.first.support();
    const b = this.second.support();
    const hull = { lower: a.lower * b.lower, upper: a.upper * b.upper };
    this.refined = hull;
    this.refined = hull.upper > hull.lower ? refineSupport((x) => this.continuousDensity(x), hull.lower, hull.upper) : hull;
    return this.refined;
  }

  atoms(): Atom[] {
    // At 0: max(μ({0}), ν({0})); elsewhere an atom at ab iff μ({a}) + ν({b}) > 1 (Belinschi 2003).
    const out: Atom[] = [];
    const zeroA = this.first.atoms().find((a) => a.location === 0)?.mass ?? 0;
    const zeroB = this.second.atoms().find((a) => a.location === 0)?.mass ?? 0;
    if (Math.max(zeroA, zeroB) > 0) out.push({ location: 0, mass: Math.max(zeroA, zeroB) });
    for (const a of this.first.atoms()) {
      for (const b of this.second.atoms()) {
        if (a.location !== 0 && b.location !== 0 && a.mass + b.mass > 1 + 1e-15) out.push({ location: a.location * b.location, mass: a.mass + b.mass - 1 });
      }
    }
    return out;
  }
}

/**
 * The free additive convolution μ ⊞ ν of any two measures, evaluated lazily by subordination (spec §3).
 *
 * @example
 * ```ts
 * import { freeAdditiveConvolution, marchenkoPastur, semicircle } from '@spectra/free-prob';
 * const mu = freeAdditiveConvolution(semicircle(1), semicircle(2));
 * mu.density([0.5])[0];            // 0.18185188629740143
 * semicircle(3).density([0.5])[0]; // 0.18185188629741977: semicircle(1) ⊞ semicircle(2) = semicircle(3)
 * mu.moments(2);                   // Float64Array [0, 3]
 * // Wishart + Wigner: the Pennington–Bahri Hessian (spec §8) as a convolution.
 * freeAdditiveConvolution(marchenkoPastur(0.5), semicircle(0.1)).moments(2); // Float64Array [1, 1.6]
 * ```
 */
export function freeAdditiveConvolution(first: SpectralMeasure, second: SpectralMeasure): FreeAdditiveConvolution {
  checkMeasure(first, 'freeAdditiveConvolution: first');
  checkMeasure(second, 'freeAdditiveConvolution: second');
  return new FreeAdditiveConvolution(first, second);
}

/**
 * The free multiplicative convolution μ ⊠ ν of two measures on ℝ₊ (not δ₀), by subordination (spec §3).
 *
 * @example
 * ```ts
 * import { freeMultiplicativeConvolution, fussCatalan, marchenkoPastur } from '@spectra/free-prob';
 * const mu = freeMultiplicativeConvolution(marchenkoPastur(1), marchenkoPastur(1));
 * mu.moments(3);          // Float64Array [1, 3, 12]: Fuss–Catalan of order 2
 * mu.density([2])[0];     // 0.09386048257218679
 * fussCatalan(2).density([2])[0]; // 0.09386048257622207
 * ```
 */
export function freeMultiplicativeConvolution(first: SpectralMeasure, second: SpectralMeasure): FreeMultiplicativeConvolution {
  checkMeasure(first, 'freeMultiplicativeConvolution: first');
  checkMeasure(second, 'freeMultiplicativeConvolution: second');
  return new FreeMultiplicativeConvolution(first, second);
}

function checkMeasure(mu: unknown, name: string): void {
  if (!mu || typeof mu !== 'object' || typeof (mu as SpectralMeasure).stieltjesTransform !== 'function' || typeof (mu as SpectralMeasure).atoms !== 'function') {
    throw new SpectraError('E_ARGUMENT', `${name} must be a measure (semicircle(), marchenkoPastur(), empiricalMeasure(), …)`);
  }
}
