// Master equations of the form f_z(u) = A(u) − z·B(u) with A and B kept as products of linear factors
// (spec free-prob.md §6.1 and §6.6: "evaluate P in factored form ... never expand P into
// coefficients"). Expanding the Jacobian polynomial loses everything at depth: FreeNN's coefficients
// reach ~7e29 at L = 64 and its absolute stop rule never fires (spec §7). In factored form the value,
// the logarithmic derivative and an O(#factors) majorant of f'' on a disc are all cheap and accurate.
import type { LilypadEquation } from './lilypads.js';

/** One linear factor (scale·(u − root))^multiplicity of a factored polynomial. */
export interface LinearFactor {
  /** The root: a real number or { re, im }. */
  root: number | { re: number; im: number };
  /** Multiplicity (a positive integer; default 1). */
  multiplicity?: number;
  /** Scale folded into the factor to keep partial products of moderate size (default 1). */
  scale?: number;
}

/**
 * A polynomial lead·Π_j (c_j (u − r_j))^{k_j} over distinct roots r_j (equal roots are merged).
 * Evaluation is O(number of distinct roots); repeated roots cost a few complex squarings.
 *
 * @example
 * ```ts
 * import { FactoredPolynomial } from '@spectra/free-prob';
 * const p = new FactoredPolynomial([{ root: -1 }, { root: -0.5, multiplicity: 4, scale: 2 }]);
 * p.evaluate(1, 0);
 * p.valueRe;      // 162 (= (1 + 1)·(2·1.5)⁴)
 * p.derivativeRe; // 513 (= 162·(1/2 + 4/1.5))
 * p.degree;       // 5
 * ```
 */
export class FactoredPolynomial {
  /** Real parts of the distinct roots r_j. */
  readonly rootsRe: Float64Array;
  /** Imaginary parts of the distinct roots. */
  readonly rootsIm: Float64Array;
  /** Multiplicities k_j. */
  readonly multiplicities: Int32Array;
  /** Scales c_j (positive; merged factors get the geometric mean of their scales, weighted by multiplicity). */
  readonly scales: Float64Array;
  /** The leading constant, carrying the sign of every negative scale of odd multiplicity. */
  readonly lead: number;
  /** Degree Σ k_j. */
  readonly degree: number;
  /** |u − r_j|² from the last `evaluate`, reused by `secondDerivativeBound`. */
  readonly distances: Float64Array;
  /** Re p(u) from the last `evaluate`. */
  valueRe = 0;
  /** Im p(u) from the last `evaluate`. */
  valueIm = 0;
  /** Re p'(u) from the last `evaluate`. */
  derivativeRe = 0;
  /** Im p'(u) from the last `evaluate`. */
  derivativeIm = 0;

  constructor(factors: readonly LinearFactor[], lead = 1) {
    // Merge equal roots: (c₁(u−r))^{k₁}(c₂(u−r))^{k₂} = (c(u−r))^{k₁+k₂}, c = (c₁^{k₁}c₂^{k₂})^{1/(k₁+k₂)}.
    const merged: Array<{ re: number; im: number; k: number; logScale: number }> = [];
    let sign = lead < 0 ? -1 : 1;
    for (const f of factors) {
      const re = typeof f.root === 'number' ? f.root : f.root.re;
      const im = typeof f.root === 'number' ? 0 : f.root.im;
      const k = f.multiplicity ?? 1;
      const c = f.scale ?? 1;
      if (c < 0 && k % 2 === 1) sign = -sign;
      const found = merged.find((m) => m.re === re && m.im === im);
      if (found) {
        found.logScale += k * Math.log(Math.abs(c));
        found.k += k;
      } else merged.push({ re, im, k, logScale: k * Math.log(Math.abs(c)) });
    }
    const n = merged.length;
    this.rootsRe = new Float64Array(n);
    this.rootsIm = new Float64Array(n);
    this.multiplicities = new Int32Array(n);
    this.scales = new Float64Array(n);
    this.distances = new Float64Array(n);
    let degree = 0;
    for (let j = 0; j < n; j++) {
      const m = merged[j]!;
      this.rootsRe[j] = m.re;
      this.rootsIm[j] = m.im;
      this.multiplicities[j] = m.k;
      this.scales[j] = Math.exp(m.logScale / m.k);
      degree += m.k;
    }
    this.degree = degree;
    this.lead = sign * Math.abs(lead);
  }

  /** Value and derivative at u into (valueRe, valueIm, derivativeRe, derivativeIm). */
  evaluate(ur: number, ui: number): void {
    const n = this.rootsRe.length;
    const rr = this.rootsRe;
    const ri = this.rootsIm;
    const ks = this.multiplicities;
    const cs = this.scales;
    const dist = this.distances;
    let pr = this.lead;
    let pi = 0;
    let sr = 0;
    let si = 0;
    let zeroAt = -1;
    for (let j = 0; j < n; j++) {
      const tr = ur - rr[j]!;
      const ti = ui - ri[j]!;
      const d2 = tr * tr + ti * ti;
      // Squared distances: `secondDerivativeBound` takes the roots only when it is called.
      dist[j] = d2;
      const k = ks[j]!;
      if (d2 === 0) {
        zeroAt = j;
        continue;
      }
      const inv = k / d2;
      sr += tr * inv;
      si -= ti * inv;
      const c = cs[j]!;
      let fr = c * tr;
      let fi = c * ti;
      if (k > 1) {
        // (c t)^k by binary powering: ⌈log₂ k⌉ squarings, rounding grows like log k.
        let br = fr;
        let bi = fi;
        let e = k - 1;
        while (e > 0) {
          if (e & 1) {
            const t = fr * br - fi * bi;
            fi = fr * bi + fi * br;
            fr = t;
          }
          e >>= 1;
          if (e > 0) {
            const t = br * br - bi * bi;
            bi = 2 * br * bi;
            br = t;
          }
        }
      }
      const t = pr * fr - pi * fi;
      pi = pr * fi + pi * fr;
      pr = t;
    }
    if (zeroAt < 0) {
      this.valueRe = pr;
      this.valueIm = pi;
      this.derivativeRe = pr * sr - pi * si;
      this.derivativeIm = pr * si + pi * sr;
      return;
    }
    // u sits exactly on a root: the value is 0; the derivative is the product of the other factors
    // times c for a simple root, 0 for a multiple one.
    this.valueRe = 0;
    this.valueIm = 0;
    if (this.multiplicities[zeroAt]! > 1) {
      this.derivativeRe = 0;
      this.derivativeIm = 0;
    } else {
      const c = cs[zeroAt]!;
      this.derivativeRe = pr * c;
      this.derivativeIm = pi * c;
    }
  }

  /**
   * Majorant of |p''| on |w − u| ≤ radius, from the distances of the last `evaluate` at u:
   * with d_j = |u − r_j| + radius, |p''| ≤ |lead| Π (c_j d_j)^{k_j} · [(Σ k_j/d_j)² − Σ k_j/d_j²]
   * (p'' = p Σ_{i≠j} 1/((w − r_i)(w − r_j)) over factors counted with multiplicity).
   */
  secondDerivativeBound(radius: number): number {
    const n = this.rootsRe.length;
    const dist = this.distances;
    const ks = this.multiplicities;
    const cs = this.scales;
    let prod = Math.abs(this.lead);
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < n; j++) {
      const d = Math.sqrt(dist[j]!) + radius;
      const k = ks[j]!;
      const inv = 1 / d;
      s1 += k * inv;
      s2 += k * inv * inv;
      const cd = cs[j]! * d;
      prod *= k === 1 ? cd : k === 2 ? cd * cd : Math.pow(cd, k);
    }
    return prod * (s1 * s1 - s2);
  }
}

/**
 * f_z(u) = A(u) − z·B(u) with factored A, B, and the asymptotic guess u ≈ offset + coefficient/z.
 * For the Jacobian (spec §5): u = m + s, A = P(u − s), B = u − s, guess u = s + m₁/z.
 *
 * @example
 * ```ts
 * import { FactoredPolynomial, FactoredRationalEquation, LilypadSolver } from '@spectra/free-prob';
 * // Marchenko–Pastur(1, 1): M⁻¹(m) = (1 + m)²/m, so f_z(m) = (m + 1)² − z·m.
 * const eq = new FactoredRationalEquation(
 *   new FactoredPolynomial([{ root: -1, multiplicity: 2 }]),
 *   new FactoredPolynomial([{ root: 0 }]),
 *   { offset: 0, coefficient: 1 },
 * );
 * const solver = new LilypadSolver(eq);
 * solver.solve(1, 1e-10); // true
 * -solver.mIm / Math.PI;  // 0.2756644476949805 (= √3/(2π), the MP density at 1)
 * ```
 */
export class FactoredRationalEquation implements LilypadEquation {
  /** Always true: the factored majorant of f'' is valid. */
  readonly certifiable = true;
  /** A(u). */
  readonly a: FactoredPolynomial;
  /** B(u). */
  readonly b: FactoredPolynomial;
  /** The offset of the asymptotic guess u ≈ offset + coefficient/z. */
  readonly guessOffset: number;
  /** The coefficient of the asymptotic guess (m₁ for the Jacobian). */
  readonly guessCoefficient: number;
  /** Scale added to |u| in the relative stopping rule. */
  readonly stepScale: number;

  constructor(a: FactoredPolynomial, b: FactoredPolynomial, guess: { offset: number; coefficient: number }, stepScale = 0) {
    this.a = a;
    this.b = b;
    this.guessOffset = guess.offset;
    this.guessCoefficient = guess.coefficient;
    this.stepScale = stepScale;
  }

  evaluate(zr: number, zi: number, ur: number, ui: number, out: Float64Array): void {
    const a = this.a;
    const b = this.b;
    a.evaluate(ur, ui);
    b.evaluate(ur, ui);
    const bzr = zr * b.valueRe - zi * b.valueIm;
    const bzi = zr * b.valueIm + zi * b.valueRe;
    const dbzr = zr * b.derivativeRe - zi * b.derivativeIm;
    const dbzi = zr * b.derivativeIm + zi * b.derivativeRe;
    out[0] = a.valueRe - bzr;
    out[1] = a.valueIm - bzi;
    out[2] = a.derivativeRe - dbzr;
    out[3] = a.derivativeIm - dbzi;
  }

  secondDerivativeBound(zr: number, zi: number, _ur: number, _ui: number, radius: number): number {
    const ka = this.a.degree >= 2 ? this.a.secondDerivativeBound(radius) : 0;
    const kb = this.b.degree >= 2 ? this.b.secondDerivativeBound(radius) : 0;
    return ka + Math.sqrt(zr * zr + zi * zi) * kb;
  }

  initialGuess(zr: number, zi: number, out: Float64Array): void {
    const d = zr * zr + zi * zi;
    out[0] = this.guessOffset + (this.guessCoefficient * zr) / d;
    out[1] = (-this.guessCoefficient * zi) / d;
  }
}
