// ν_J of a deep net as a `SpectralMeasure` (so it can be convolved, and its transforms queried), and the
// laws it contains as special cases (spec §2): products of L Wishart/Ginibre matrices — Fuss–Catalan,
// MP(1,1)^{⊠L} with M⁻¹(m) = (m + 1)^{L+1}/m, is ν_J of L square linear layers; rectangular products are
// linear nets with width ratios. G by the lilypads engine, the CDF from the exact primitive Φ, moments
// by Lagrange inversion of z = A(m)/m (m = wA(m), w = 1/z: m_k = [m^{k−1}] A(m)^k / k).
import { SpectraError } from '@spectra/core';
import { resolveJacobianArchitecture, type JacobianArchitecture } from '../jacobian-architecture.js';
import type { JacobianMasterEquation } from '../jacobian-master-equation.js';
import { masterEquationFor } from '../jacobian-spectrum.js';
import { LilypadSolver } from '../lilypads.js';
import { seriesMultiply } from '../power-series.js';
import type { Complex } from '../types.js';
import { finiteArray, requireInteger } from '../validate.js';
import { MeasureBase, type Atom } from './spectral-measure.js';

/** Options of `jacobianMeasure` (the same meanings as in `JacobianSpectrumOptions`). */
export interface JacobianMeasureOptions {
  /** `'fanIn'` (default: Var W_l = σ_w²/N_{l−1}) or `'fanOut'` (σ_w²/N_l). */
  normalisation?: 'fanIn' | 'fanOut';
  /** Gaussian (default) or Haar-orthogonal weights (square layers only). */
  weights?: 'gaussian' | 'orthogonal';
  /** D² laws at the per-layer q_l (default) or at the fixed point q*. */
  dLaw?: 'perLayer' | 'fixedPoint';
}

/**
 * ν_J as a measure; `jacobianMeasure`, `fussCatalan` and `productOfWisharts` build one. Its `quantile`
 * bisects the exact CDF (in log x), so it is sharper than `jacobianSpectrum`'s interpolated decile table.
 *
 * @example
 * ```ts
 * import { JacobianMeasure } from '@spectra/free-prob';
 * new JacobianMeasure({ depth: 2, activation: 'linear', sigmaW2: 1 }, { normalisation: 'fanOut' }).moments(2); // Float64Array [1, 3]
 * ```
 */
export class JacobianMeasure extends MeasureBase {
  readonly name: string;
  /** The master equation of ν_J (spec §5) this measure evaluates. */
  readonly master: JacobianMasterEquation;
  private readonly solver: LilypadSolver;
  private readonly gaussianBernoulli: boolean;
  private readonly aCoefficients: Float64Array | null;
  private readonly out = new Float64Array(4);

  /**
   * @param architecture - the net (validated: `E_ARGUMENT` for absurd parameters).
   * @param options - normalisation, weights, dLaw.
   * @param name - the measure's `name` (default `'jacobianMeasure'`).
   */
  constructor(architecture: JacobianArchitecture, options: JacobianMeasureOptions = {}, name = 'jacobianMeasure') {
    super();
    const arch = resolveJacobianArchitecture(architecture, { normalisation: options.normalisation ?? 'fanIn', dLaw: options.dLaw ?? 'perLayer' });
    this.master = masterEquationFor(arch, options.weights ?? 'gaussian');
    // Measures are queried in any order: walk only between nearby points (see LilypadOptions.maxWalk).
    this.solver = new LilypadSolver(this.master.equation, { maxWalk: 0.02 * this.master.upperEdge });
    this.name = name;
    this.gaussianBernoulli = this.master.kind === 'polynomial' && (options.weights ?? 'gaussian') === 'gaussian';
    if (this.gaussianBernoulli) {
      // A(m) = (m + 1) Π σ²Λ (m + a_l), expanded (moments only: Lagrange inversion needs coefficients).
      let c: Float64Array = Float64Array.of(1, 1);
      for (const l of arch.layers) {
        const f = Float64Array.of((l.sigma2 * l.Lambda * l.law.p) / l.Lambda, l.sigma2 * l.Lambda);
        c = seriesMultiply(c, f, c.length + 1);
      }
      this.aCoefficients = c;
    } else this.aCoefficients = null;
  }

  /** Solves at z (Im z > 0; 0 is replaced by a tiny relative Im z, the limit from above). */
  private solve(re: number, im: number): boolean {
    const y = im > 0 ? im : 1e-13 * Math.max(1, Math.abs(re));
    // Never walk across an atom away from 0 (see jacobian-spectrum's sweep).
    for (const a of this.master.atoms) if (a.location !== 0 && this.solver.hasProxy && (this.solver.zRe - a.location) * (re - a.location) <= 0) this.solver.reset();
    return this.solver.solve(re, y);
  }

  protected g(re: number, im: number): Complex {
    const y = im > 0 ? im : 1e-13 * Math.max(1, Math.abs(re));
    if (!this.solve(re, y)) throw new SpectraError('E_NO_CONVERGENCE', `${this.name}: the lilypads solver failed at z = ${re} + ${y}i`);
    this.master.greenFunction(re, y, this.solver.mRe, this.solver.mIm, this.out);
    return { re: this.out[0]!, im: this.out[1]! };
  }

  protected override continuousDensity(x: number): number {
    if (x <= 0) return 0;
    const y = 1e-10 * Math.min(1, x);
    if (!this.solve(x, y)) return NaN;
    this.master.greenFunction(x, y, this.solver.mRe, this.solver.mIm, this.out);
    return Math.max(0, -this.out[3]! / Math.PI);
  }

  override cdf(xs: ArrayLike<number>): Float64Array {
    const x = finiteArray(xs, `${this.name}.cdf: xs`);
    const atom0 = this.master.atoms.find((a) => a.location === 0)?.mass ?? 0;
    const out = new Float64Array(x.length);
    const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[b]! - x[a]!);
    const scratch = new Float64Array(4);
    const kappa = this.master.kind === 'generalDLaw' ? 1e-6 : 1e-10;
    const barriers = this.master.atoms.filter((a) => a.location !== 0).map((a) => a.location);
    let previous = NaN;
    for (const i of order) {
      const v = x[i]!;
      if (!Number.isNaN(previous) && barriers.some((b) => (previous - b) * (v - b) <= 0)) this.solver.reset();
      previous = v;
      if (v < 0) out[i] = 0;
      else if (v === 0) out[i] = atom0;
      else if (this.solver.solve(v, kappa * v)) {
        if (this.master.kind === 'generalDLaw') this.master.equation.evaluate(v, kappa * v, this.solver.mRe, this.solver.mIm, scratch);
        out[i] = Math.min(1, Math.max(0, this.master.cdfFromSolution(this.solver.mRe, this.solver.mIm)));
      } else out[i] = NaN;
    }
    return out;
  }

  override quantile(levels: ArrayLike<number>): Float64Array {
    const ls = finiteArray(levels, `${this.name}.quantile: levels`);
    const atom0 = this.master.atoms.find((a) => a.location === 0)?.mass ?? 0;
    // The exact CDF on a geometric path (as jacobianSpectrum), then bisection in log x inside the
    // bracketing interval, each evaluation a short walk from the bracket's lower end.
    const top = 1.05 * this.support().upper;
    const path = Float64Array.from({ length: 1200 }, (_, i) => top * Math.pow(10, -40 + (40 * i) / 1199));
    const F = this.cdf(path);
    const kappa = this.master.kind === 'generalDLaw' ? 1e-6 : 1e-10;
    const scratch = new Float64Array(4);
    const cdfNear = (x: number, from: number): number => {
      this.solver.reset();
      if (!this.solver.solve(from, kappa * from) || !this.solver.solve(x, kappa * x)) return NaN;
      if (this.master.kind === 'generalDLaw') this.master.equation.evaluate(x, kappa * x, this.solver.mRe, this.solver.mIm, scratch);
      return this.master.cdfFromSolution(this.solver.mRe, this.solver.mIm);
    };
    return Float64Array.from(ls, (alpha) => {
      if (!(alpha >= 0 && alpha <= 1)) throw new SpectraError('E_ARGUMENT', `${this.name}.quantile: levels must be in [0, 1], got ${alpha}`);
      if (alpha <= atom0) return 0;
      const j = F.findIndex((v) => v >= alpha);
      if (j < 0) return this.support().upper;
      if (j === 0) return path[0]!;
      let lo = Math.log(path[j - 1]!);
      let hi = Math.log(path[j]!);
      for (let k = 0; k < 60; k++) {
        const mid = 0.5 * (lo + hi);
        if (mid === lo || mid === hi) break;
        if (cdfNear(Math.exp(mid), path[j]!) >= alpha) hi = mid;
        else lo = mid;
      }
      return Math.exp(hi);
    });
  }

  protected override exactMoments(k: number): Float64Array | null {
    if (!this.aCoefficients) {
      if (k > 2) return null;
      return Float64Array.of(this.master.mean, this.master.secondMoment).slice(0, k);
    }
    // m_j = [m^{j−1}] A(m)^j / j.
    const out = new Float64Array(k);
    let power: Float64Array = Float64Array.of(1);
    for (let j = 1; j <= k; j++) {
      power = seriesMultiply(power, this.aCoefficients, k);
      out[j - 1] = power[j - 1]! / j;
    }
    return out;
  }

  support(): { lower: number; upper: number } {
    return { lower: this.master.lowerEdge, upper: this.master.upperEdge };
  }

  atoms(): Atom[] {
    return this.master.atoms.map((a) => ({ ...a }));
  }
}

/**
 * ν_J of a deep net as a measure (G, transforms, density, exact CDF, quantiles, moments).
 *
 * @example
 * ```ts
 * import { jacobianMeasure } from '@spectra/free-prob';
 * const nu = jacobianMeasure({ depth: 4, activation: 'relu', sigmaW2: 2 });
 * nu.cdf([0, 1]);      // Float64Array [0.5, 0.8314952914032862]
 * nu.moments(2);       // Float64Array [1, 9]
 * nu.quantile([0.9]);  // Float64Array [3.041714067174918]
 * nu.atoms();          // [{ location: 0, mass: 0.5 }]
 * ```
 */
export function jacobianMeasure(architecture: JacobianArchitecture, options: JacobianMeasureOptions = {}): JacobianMeasure {
  return new JacobianMeasure(architecture, options);
}

/**
 * Fuss–Catalan law of order L: MP(1,1)^{⊠L}, the squared singular values of a product of L square
 * Ginibre matrices (spec §2): M⁻¹(m) = (m + 1)^{L+1}/m, x₊ = (L + 1)^{L+1}/L^L, m_k = C((L + 1)k, k)/(Lk + 1).
 *
 * @example
 * ```ts
 * import { fussCatalan } from '@spectra/free-prob';
 * const fc = fussCatalan(2);
 * fc.support().upper; // 6.749999999999998 (27/4)
 * fc.moments(3);      // Float64Array [1, 3, 12]
 * fc.density([1]);    // Float64Array [0.17897912750043624]
 * ```
 */
export function fussCatalan(order: number): JacobianMeasure {
  const L = requireInteger(order, 'fussCatalan: order', 1, 100_000);
  return new JacobianMeasure({ depth: L, activation: 'linear', sigmaW2: 1 }, { normalisation: 'fanOut' }, `fussCatalan(${L})`);
}

/**
 * The squared singular values of a product of rectangular Gaussian matrices W_L ⋯ W_1 (W_l of size
 * N_l × N_{l−1}, entries N(0, 1/N_l)), width ratios λ_l = N_{l−1}/N_l: ν_J of a linear fan-out net.
 *
 * @example
 * ```ts
 * import { marchenkoPastur, productOfWisharts } from '@spectra/free-prob';
 * productOfWisharts([1]).moments(2);    // Float64Array [1, 2]: Marchenko–Pastur(1, 1)
 * productOfWisharts([0.5]).density([1]); // Float64Array [0.4210843993318769]
 * marchenkoPastur(0.5).density([1]);     // Float64Array [0.42108439934779235]
 * productOfWisharts([0.5, 2]).moments(2); // Float64Array [1, 2.5] (m₂ = 1 + Σ Λ_l, Λ = 0.5, 1)
 * ```
 */
export function productOfWisharts(widthRatios: ArrayLike<number>): JacobianMeasure {
  return new JacobianMeasure({ widthRatios, activation: 'linear', sigmaW2: 1 }, { normalisation: 'fanOut' }, `productOfWisharts(${Array.from(widthRatios).join(', ')})`);
}
