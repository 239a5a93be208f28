// Pennington & Worah, "Nonlinear random matrix theory for deep learning" (NeurIPS 2017), spec §9:
// X ∈ ℝ^{n₀×m} with N(0, σ_x²) entries, W ∈ ℝ^{n₁×n₀} with N(0, σ_w²) entries, Y = f(WX/√n₀), M = YYᵀ/m;
// φ = n₀/m, ψ = n₀/n₁, f centred. With η = E[f(σ_wσ_x ξ)²], ζ = (σ_wσ_x E[f'(σ_wσ_x ξ)])²:
//   G(z) = (ψ/z) P(1/(zψ)) + (1 − ψ)/z,  P_φ = 1 + (P − 1)φ, P_ψ = 1 + (P − 1)ψ, A = t P_φ P_ψ,
//   (P − 1)(1 − ζA) − (η − ζ)A(1 − ζA) − ζA = 0,
// a quartic in u = P − 1 (branch u → 0 as t → 0), solved by the lilypads engine in z. The ridge
// training loss of random features is E_train(γ) = −γ² G_K'(−γ), G_K = (φ/ψ)G + (1 − φ/ψ)/z, with G' by
// implicit differentiation of the quartic (dP/dt = −F_t/F_P).
import { SpectraError } from '@spectra/core';
import { resolveActivation, type Activation, type ActivationLike } from './activations.js';
import { gaussianExpectation } from './gaussian-expectation.js';
import { LilypadSolver } from './lilypads.js';
import { MeasureBase, refineSupport, type Atom } from './measures/spectral-measure.js';
import { PolynomialEquation } from './polynomial-equation.js';
import type { Complex } from './types.js';
import { finiteArray, requirePositive } from './validate.js';
import { div, mul } from './measures/complex.js';

/** Parameters of the nonlinear random-matrix model. */
export interface NonlinearRandomMatrixParameters {
  /** f (centred internally: E f(σ_wσ_x ξ) is subtracted). */
  activation: ActivationLike;
  /** φ = n₀/m. */
  phi: number;
  /** ψ = n₀/n₁. */
  psi: number;
  /** σ_w: standard deviation of the entries of W (default 1). */
  sigmaW?: number;
  /** σ_x: standard deviation of the entries of X (default 1). */
  sigmaX?: number;
}

/**
 * The spectrum of M = YYᵀ/m (spec §9) as a measure, with η, ζ and the ridge training loss;
 * `nonlinearRandomMatrix` builds one.
 *
 * @example
 * ```ts
 * import { NonlinearRandomMatrix } from '@spectra/free-prob';
 * const m = new NonlinearRandomMatrix({ activation: 'relu', phi: 1, psi: 1 });
 * m.eta;            // 0.3408450569081045 (centred ReLU: ½ − 1/(2π))
 * m.zeta;           // 0.24999999999999956 (¼)
 * m.activationMean; // 0.3989422804014323 (1/√(2π), subtracted)
 * ```
 */
export class NonlinearRandomMatrix extends MeasureBase {
  readonly name: string;
  /** φ = n₀/m. */
  readonly phi: number;
  /** ψ = n₀/n₁. */
  readonly psi: number;
  /** σ_w. */
  readonly sigmaW: number;
  /** σ_x. */
  readonly sigmaX: number;
  /** f, resolved (before centring). */
  readonly activation: Activation;
  /** E f(σ_wσ_x ξ) (subtracted: f is centred). */
  readonly activationMean: number;
  /** η = E[f(σ_wσ_x ξ)²] of the centred f (= m₁). */
  readonly eta: number;
  /** ζ = (σ_wσ_x E[f'(σ_wσ_x ξ)])² (ζ = η for linear f). */
  readonly zeta: number;
  private readonly solver: LilypadSolver;
  private readonly quartic: (t: Complex, u: Complex) => { f: Complex; fu: Complex; ft: Complex };
  private edgesCache: { lower: number; upper: number } | null = null;

  /** @param parameters - f, φ > 0, ψ > 0, σ_w > 0, σ_x > 0 (`E_ARGUMENT` otherwise, or if the centred f is 0). */
  constructor(parameters: NonlinearRandomMatrixParameters) {
    super();
    if (!parameters || typeof parameters !== 'object') throw new SpectraError('E_ARGUMENT', 'nonlinearRandomMatrix: expected { activation, phi, psi, sigmaW?, sigmaX? }');
    this.activation = resolveActivation(parameters.activation, 'nonlinearRandomMatrix: activation');
    this.phi = requirePositive(parameters.phi, 'nonlinearRandomMatrix: phi');
    this.psi = requirePositive(parameters.psi, 'nonlinearRandomMatrix: psi');
    this.sigmaW = requirePositive(parameters.sigmaW ?? 1, 'nonlinearRandomMatrix: sigmaW');
    this.sigmaX = requirePositive(parameters.sigmaX ?? 1, 'nonlinearRandomMatrix: sigmaX');
    const s = this.sigmaW * this.sigmaX;
    const act = this.activation;
    const kinks = act.kinked ? act.kinksIn : undefined;
    const mean = gaussianExpectation(act.phi, s * s, kinks);
    this.activationMean = mean;
    this.eta = gaussianExpectation((h) => (act.phi(h) - mean) ** 2, s * s, kinks);
    const slope = gaussianExpectation(act.dphi, s * s, kinks);
    this.zeta = (s * slope) ** 2;
    if (!(this.eta > 0)) throw new SpectraError('E_ARGUMENT', `nonlinearRandomMatrix: the centred activation is 0 (η = ${this.eta})`);
    this.name = `nonlinearRandomMatrix(${act.name}, φ = ${this.phi}, ψ = ${this.psi})`;
    const { phi, psi, eta, zeta } = this;
    // Q(u) = (1 + φu)(1 + ψu) = q0 + q1 u + q2 u²; A = tQ;
    // F(u, t) = u − ζtuQ − ηtQ + (η − ζ)ζt²Q².
    const q0 = 1;
    const q1 = phi + psi;
    const q2 = phi * psi;
    const k = (eta - zeta) * zeta;
    this.quartic = (t, u) => {
      const Q = { re: q0 + q1 * u.re + q2 * (u.re * u.re - u.im * u.im), im: q1 * u.im + q2 * 2 * u.re * u.im };
      const Qp = { re: q1 + 2 * q2 * u.re, im: 2 * q2 * u.im };
      const tQ = mul(t, Q);
      const uQ = mul(u, Q);
      const tQ2 = mul(tQ, tQ);
      const f = {
        re: u.re - zeta * (t.re * uQ.re - t.im * uQ.im) - eta * tQ.re + k * tQ2.re,
        im: u.im - zeta * (t.re * uQ.im + t.im * uQ.re) - eta * tQ.im + k * tQ2.im,
      };
      // ∂F/∂u = 1 − ζt(Q + uQ') − ηtQ' + 2(η − ζ)ζt²QQ'.
      const uQp = mul(u, Qp);
      const tQp = mul(t, Qp);
      const two = mul(tQ, tQp);
      const fu = {
        re: 1 - zeta * (t.re * (Q.re + uQp.re) - t.im * (Q.im + uQp.im)) - eta * tQp.re + 2 * k * two.re,
        im: -zeta * (t.re * (Q.im + uQp.im) + t.im * (Q.re + uQp.re)) - eta * tQp.im + 2 * k * two.im,
      };
      // ∂F/∂t = −ζuQ − ηQ + 2(η − ζ)ζtQ².
      const Q2t = mul(t, mul(Q, Q));
      const ft = { re: -zeta * uQ.re - eta * Q.re + 2 * k * Q2t.re, im: -zeta * uQ.im - eta * Q.im + 2 * k * Q2t.im };
      return { f, fu, ft };
    };
    const equation = new PolynomialEquation(
      4,
      (zr, zi, re, im) => {
        // t = 1/(zψ); coefficients of F in u.
        const d = (zr * zr + zi * zi) * psi;
        const tr = zr / d;
        const ti = -zi / d;
        const t2r = tr * tr - ti * ti;
        const t2i = 2 * tr * ti;
        const c = (a: number, b: number, i: number): void => {
          // a·t + b·t² into coefficient i.
          re[i] = a * tr + b * t2r;
          im[i] = a * ti + b * t2i;
        };
        c(-eta * q0, k * q0 * q0, 0);
        c(-zeta * q0 - eta * q1, k * 2 * q0 * q1, 1);
        re[1]! += 1;
        c(-zeta * q1 - eta * q2, k * (q1 * q1 + 2 * q0 * q2), 2);
        c(-zeta * q2, k * 2 * q1 * q2, 3);
        c(0, k * q2 * q2, 4);
      },
      (zr, zi, out) => {
        // u ≈ ηt as t → 0.
        const d = (zr * zr + zi * zi) * psi;
        out[0] = (eta * zr) / d;
        out[1] = (-eta * zi) / d;
      },
    );
    // Queried in any order: walk only between nearby points (LilypadOptions.maxWalk).
    const scale = (eta * eta * (phi + psi) + zeta * zeta) / psi / eta;
    this.solver = new LilypadSolver(equation, { maxWalk: 0.02 * scale });
  }

  /** u = P − 1 at z (Im z > 0). */
  private solveU(re: number, im: number): Complex {
    const y = im > 0 ? im : 1e-13 * Math.max(1, Math.abs(re));
    if (!this.solver.solve(re, y)) throw new SpectraError('E_NO_CONVERGENCE', `${this.name}: the lilypads solver failed at z = ${re} + ${y}i`);
    return { re: this.solver.mRe, im: this.solver.mIm };
  }

  protected g(re: number, im: number): Complex {
    const y = im > 0 ? im : 1e-13 * Math.max(1, Math.abs(re));
    const u = this.solveU(re, y);
    const z = { re, im: y };
    // G = (ψ P + 1 − ψ)/z, P = 1 + u.
    return div({ re: this.psi * (1 + u.re) + 1 - this.psi, im: this.psi * u.im }, z);
  }

  protected override continuousDensity(x: number): number {
    if (x <= 0) return 0;
    const y = 1e-10 * Math.min(1, x);
    const gg = this.g(x, y);
    let v = -gg.im / Math.PI;
    for (const a of this.atoms()) v -= (a.mass * y) / (Math.PI * ((x - a.location) ** 2 + y * y));
    return Math.max(0, v);
  }

  /** G'(z) by implicit differentiation: G = (ψP + 1 − ψ)/z, dP/dz = (dP/dt)(dt/dz), dP/dt = −F_t/F_u, dt/dz = −1/(ψz²). */
  stieltjesDerivative(z: Complex): Complex {
    const u = this.solveU(z.re, z.im);
    const t = div({ re: 1, im: 0 }, { re: z.re * this.psi, im: z.im * this.psi });
    const { fu, ft } = this.quartic(t, u);
    const dPdt = div({ re: -ft.re, im: -ft.im }, fu);
    const z2 = mul(z, z);
    const dtdz = div({ re: -1, im: 0 }, { re: this.psi * z2.re, im: this.psi * z2.im });
    const dPdz = mul(dPdt, dtdz);
    // G' = ψP'/z − (ψP + 1 − ψ)/z².
    const num = { re: this.psi * (1 + u.re) + 1 - this.psi, im: this.psi * u.im };
    const a = div({ re: this.psi * dPdz.re, im: this.psi * dPdz.im }, z);
    const b = div(num, z2);
    return { re: a.re - b.re, im: a.im - b.im };
  }

  /**
   * Random-features ridge training loss E_train(γ) = −γ² G_K'(−γ), G_K = r G + (1 − r)/z with r = n₁/m
   * (spec §9: r = φ/ψ in the limit, the default; `featureRatio` gives the finite-size n₁/m, as the
   * reference file does with n₁ = 1067, m = 1600). The paper's ½-normalised loss is half of this value.
   */
  ridgeTrainingLoss(gamma: number, options?: { featureRatio?: number }): number;
  ridgeTrainingLoss(gamma: ArrayLike<number>, options?: { featureRatio?: number }): Float64Array;
  ridgeTrainingLoss(gamma: number | ArrayLike<number>, options: { featureRatio?: number } = {}): number | Float64Array {
    const r = options.featureRatio === undefined ? this.phi / this.psi : requirePositive(options.featureRatio, 'ridgeTrainingLoss: featureRatio');
    const one = (g: number): number => {
      requirePositive(g, 'ridgeTrainingLoss: gamma');
      // z = −γ is off the support: evaluate just above the axis, keep the real part.
      const z = { re: -g, im: 1e-14 * g };
      const dG = this.stieltjesDerivative(z);
      // G_K' = r G' − (1 − r)/z².
      const dGK = dG.re * r - (1 - r) / (g * g);
      return -g * g * dGK;
    };
    if (typeof gamma === 'number') return one(gamma);
    return finiteArray(gamma, 'ridgeTrainingLoss: gamma').map(one);
  }

  protected override exactMoments(k: number): Float64Array | null {
    if (k > 2) return null;
    // m₁ = η, m₂ = (η²(φ + ψ) + ζ²)/ψ.
    const m2 = (this.eta ** 2 * (this.phi + this.psi) + this.zeta ** 2) / this.psi;
    return Float64Array.of(this.eta, m2).slice(0, k);
  }

  support(): { lower: number; upper: number } {
    if (this.edgesCache) return this.edgesCache;
    // Upper edge below the Gershgorin-type scale of m₂/m₁ times a margin, then refined numerically.
    const m = this.exactMoments(2)!;
    const hi = 4 * (m[1]! / m[0]!) * (1 + Math.sqrt(this.phi) + Math.sqrt(this.psi)) ** 2;
    this.edgesCache = { lower: 0, upper: hi };
    this.edgesCache = refineSupport((x) => this.continuousDensity(x), 0, hi);
    return this.edgesCache;
  }

  atoms(): Atom[] {
    // Rank formulas (spec §9, §7 "atoms read numerically … are biased"): nonlinear f: 1 − ψ/φ;
    // linear f (ζ = η): 1 − min(ψ, ψ/φ).
    const linear = Math.abs(this.zeta - this.eta) <= 1e-12 * this.eta;
    const mass = linear ? 1 - Math.min(this.psi, this.psi / this.phi) : 1 - this.psi / this.phi;
    return mass > 1e-15 ? [{ location: 0, mass }] : [];
  }
}

/**
 * The Pennington–Worah nonlinear random-matrix model (spec §9): the spectrum of YYᵀ/m for
 * Y = f(WX/√n₀), and the random-features ridge training loss.
 *
 * @example
 * ```ts
 * import { nonlinearRandomMatrix } from '@spectra/free-prob';
 * // The case of reference/free-prob/pennington_worah.json (η 0.39429449039820147, ζ 0.36687916436197465).
 * const m = nonlinearRandomMatrix({ activation: 'tanh', phi: 0.5, psi: 0.75 });
 * m.eta;  // 0.39429449039784137
 * m.zeta; // 0.3668791643624126
 * m.ridgeTrainingLoss(0.1);                               // 0.5502390354563675 (n₁/m = φ/ψ, the limit)
 * m.ridgeTrainingLoss(0.1, { featureRatio: 1067 / 1600 }); // 0.5500984851549477 (the reference's sizes: 0.5500984851991575)
 * m.moments(2);                                           // Float64Array [0.39429449039784137, 0.43858067025450526]: m₁ = η, m₂ = (η²(φ + ψ) + ζ²)/ψ
 * ```
 */
export function nonlinearRandomMatrix(parameters: NonlinearRandomMatrixParameters): NonlinearRandomMatrix {
  return new NonlinearRandomMatrix(parameters);
}
