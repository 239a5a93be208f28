// Pennington & Bahri, "Geometry of neural network loss surfaces via random matrix theory" (ICML 2017),
// spec §8: the Hessian H = H₀ + H₁ at a critical point of loss ε, H₀ Wishart (Marchenko–Pastur with ratio
// φ = #parameters/#samples and scale σ, R₀ = σ/(1 − σφg)), H₁ Wigner with semicircle variance 2ε
// (R₁ = 2εg). z = R(G) + 1/G gives the cubic
//   2εσφ G³ − (2ε + zσφ) G² + (z + σφ − σ) G − 1 = 0,
// solved by the lilypads engine (branch G ~ 1/z). The spectrum's edges are the real roots of the cubic's
// discriminant, a quartic in z; the index α = ∫_{−∞}^0 ρ is integrated from the left edge x₋ with
// x = x₋ + w s² (removing the square-root edge) and 400-node Gauss–Legendre in s.
import { SpectraError } from '@spectra/core';
import { LilypadSolver } from './lilypads.js';
import { integrateWithEdges, MeasureBase, type Atom } from './measures/spectral-measure.js';
import { PolynomialEquation } from './polynomial-equation.js';
import { momentsFromFreeCumulants } from './power-series.js';
import { gaussLegendre } from './quadrature.js';
import { realPolynomialRoots } from './small-polynomial-roots.js';
import type { Complex } from './types.js';
import { finiteArray, requirePositive } from './validate.js';

/** Polynomials in z as ascending coefficient arrays. */
function polyMul(a: number[], b: number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j]! += a[i]! * b[j]!;
  return out;
}
function polyAdd(...ps: number[][]): number[] {
  const n = Math.max(...ps.map((p) => p.length));
  const out = new Array<number>(n).fill(0);
  for (const p of ps) p.forEach((v, i) => (out[i]! += v));
  return out;
}
const polyScale = (p: number[], s: number): number[] => p.map((v) => v * s);

/** Discriminant 18abcd − 4b³d + b²c² − 4ac³ − 27a²d² of a cubic with polynomial coefficients. */
function cubicDiscriminant(a: number[], b: number[], c: number[], d: number[]): number[] {
  return polyAdd(
    polyScale(polyMul(polyMul(a, b), polyMul(c, d)), 18),
    polyScale(polyMul(polyMul(b, polyMul(b, b)), d), -4),
    polyMul(polyMul(b, b), polyMul(c, c)),
    polyScale(polyMul(a, polyMul(c, polyMul(c, c))), -4),
    polyScale(polyMul(polyMul(a, a), polyMul(d, d)), -27),
  );
}

/**
 * ε_c(φ, σ): the loss at which the left edge of the Hessian spectrum reaches 0 (spec §8), for
 * 0 < φ < 1: ε_c = σ²(1 − 20φ − 8φ² + (1 + 8φ)^{3/2})/16 (→ 0 at φ = 1; for φ ≥ 1, H₀ has an atom of mass
 * 1 − 1/φ at 0 and α > 0 for every ε > 0: ε_c = 0).
 *
 * @example
 * ```ts
 * import { criticalEnergy } from '@spectra/free-prob';
 * criticalEnergy(0.5);     // 0.011271242968684314
 * criticalEnergy(0.05, 2); // 0.4091255848169731 (= 2² × 0.10228139620424327, the φ = 0.05 row of the reference)
 * criticalEnergy(1.5);     // 0 (φ ≥ 1)
 * ```
 */
export function criticalEnergy(phi: number, sigma = 1): number {
  const p = requirePositive(phi, 'criticalEnergy: phi');
  const s = requirePositive(sigma, 'criticalEnergy: sigma');
  if (p >= 1) return 0;
  return (s * s * (1 - 20 * p - 8 * p * p + Math.pow(1 + 8 * p, 1.5))) / 16;
}

/**
 * ε_c as the positive real roots of the discriminant of the z = 0 cubic, a polynomial in ε (the independent
 * check of the closed form in spec §8's table), ascending.
 *
 * @example
 * ```ts
 * import { criticalEnergyFromDiscriminant } from '@spectra/free-prob';
 * criticalEnergyFromDiscriminant(0.5); // [0.01127124296868428] (criticalEnergy(0.5) = 0.011271242968684314)
 * ```
 */
export function criticalEnergyFromDiscriminant(phi: number, sigma = 1): number[] {
  const p = requirePositive(phi, 'criticalEnergyFromDiscriminant: phi');
  const s = requirePositive(sigma, 'criticalEnergyFromDiscriminant: sigma');
  // At z = 0: a = 2σφ ε, b = −2ε, c = σφ − σ, d = −1, polynomials in ε.
  const disc = cubicDiscriminant([0, 2 * s * p], [0, -2], [s * p - s], [-1]);
  return realPolynomialRoots(disc).filter((e) => e > 0);
}

/** Parameters of the Hessian index model. */
export interface HessianIndexModelParameters {
  /** ε: the loss at the critical point (> 0): the Wigner part has semicircle variance 2ε. */
  epsilon: number;
  /** φ = #parameters/#samples (> 0): the Marchenko–Pastur ratio of the Gauss–Newton part. */
  phi: number;
  /** σ: the Marchenko–Pastur scale (default 1). */
  sigma?: number;
}

/**
 * The Pennington–Bahri Hessian spectrum as a measure, with its index α and edges; `hessianIndexModel`.
 *
 * @example
 * ```ts
 * import { HessianIndexModel } from '@spectra/free-prob';
 * const h = new HessianIndexModel({ epsilon: 0.001, phi: 0.5 });
 * h.index();       // 0 (ε < ε_c = 0.01127: no negative eigenvalue)
 * h.support().lower; // 0.07647022560847053: the left edge is still positive
 * ```
 */
export class HessianIndexModel extends MeasureBase {
  readonly name: string;
  /** ε: the loss (semicircle variance 2ε). */
  readonly epsilon: number;
  /** φ = #parameters/#samples. */
  readonly phi: number;
  /** σ: the Marchenko–Pastur scale. */
  readonly sigma: number;
  /** Real edges of the support (ascending; pairs [x₀, x₁], [x₂, x₃], … bound the intervals). */
  readonly edges: number[];
  private readonly solver: LilypadSolver;

  /** @param parameters - ε > 0, φ > 0, σ > 0 (`E_ARGUMENT` otherwise). */
  constructor(parameters: HessianIndexModelParameters) {
    super();
    if (!parameters || typeof parameters !== 'object') throw new SpectraError('E_ARGUMENT', 'hessianIndexModel: expected { epsilon, phi, sigma? }');
    const eps = requirePositive(parameters.epsilon, 'hessianIndexModel: epsilon');
    const phi = requirePositive(parameters.phi, 'hessianIndexModel: phi');
    const sigma = requirePositive(parameters.sigma ?? 1, 'hessianIndexModel: sigma');
    this.epsilon = eps;
    this.phi = phi;
    this.sigma = sigma;
    this.name = `hessianIndexModel(ε = ${eps}, φ = ${phi}, σ = ${sigma})`;
    const sp = sigma * phi;
    const equation = new PolynomialEquation(
      3,
      (zr, zi, re, im) => {
        re[3] = 2 * eps * sp;
        im[3] = 0;
        re[2] = -2 * eps - zr * sp;
        im[2] = -zi * sp;
        re[1] = zr + sp - sigma;
        im[1] = zi;
        re[0] = -1;
        im[0] = 0;
      },
      (zr, zi, out) => {
        const d = zr * zr + zi * zi;
        out[0] = zr / d;
        out[1] = -zi / d;
      },
    );
    // Queried in any order: walk only between nearby points (LilypadOptions.maxWalk).
    this.solver = new LilypadSolver(equation, { maxWalk: 0.02 * (sigma * (1 + Math.sqrt(phi)) ** 2 + 3 * Math.sqrt(2 * eps)) });
    // Discriminant in z: a = 2εσφ, b = −2ε − σφz, c = z + σφ − σ, d = −1.
    const disc = cubicDiscriminant([2 * eps * sp], [-2 * eps, -sp], [sp - sigma, 1], [-1]);
    const roots = realPolynomialRoots(disc);
    // Keep the roots bounding intervals where the density is positive (the discriminant is negative).
    const edges: number[] = [];
    const pts = [...roots];
    for (let i = 0; i + 1 < pts.length; i++) {
      const mid = 0.5 * (pts[i]! + pts[i + 1]!);
      let v = 0;
      for (let j = disc.length - 1; j >= 0; j--) v = v * mid + disc[j]!;
      if (v < 0) {
        if (edges.length && edges[edges.length - 1] === pts[i]) edges.pop();
        else edges.push(pts[i]!);
        edges.push(pts[i + 1]!);
      }
    }
    if (edges.length < 2) throw new SpectraError('E_INTERNAL', `${this.name}: could not locate the support from the discriminant's roots ${roots.join(', ')}`);
    this.edges = edges;
  }

  protected g(re: number, im: number): Complex {
    const y = im > 0 ? im : 1e-13 * Math.max(1, Math.abs(re));
    if (!this.solver.solve(re, y)) throw new SpectraError('E_NO_CONVERGENCE', `${this.name}: the lilypads solver failed at z = ${re} + ${y}i`);
    return { re: this.solver.mRe, im: this.solver.mIm };
  }

  protected override continuousDensity(x: number): number {
    for (let i = 0; i + 1 < this.edges.length; i += 2) {
      if (x > this.edges[i]! && x < this.edges[i + 1]!) {
        const y = 1e-12 * Math.max(1, Math.abs(x));
        if (!this.solver.solve(x, y)) return NaN;
        return Math.max(0, -this.solver.mIm / Math.PI);
      }
    }
    return 0;
  }

  protected override continuousIntervals(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i + 1 < this.edges.length; i += 2) out.push([this.edges[i]!, this.edges[i + 1]!]);
    return out;
  }

  /**
   * The index α(ε, φ) = ∫_{−∞}^0 ρ: the fraction of negative eigenvalues (spec §8), from the left edge
   * x₋ with x = x₋ + w s² and 400-node Gauss–Legendre in s — accurate even when α is tiny.
   */
  index(): number {
    let total = 0;
    const { nodes, weights } = gaussLegendre(400);
    for (let i = 0; i + 1 < this.edges.length; i += 2) {
      const a = this.edges[i]!;
      if (a >= 0) break;
      const b = Math.min(0, this.edges[i + 1]!);
      if (this.edges[i + 1]! <= 0) {
        // A whole interval left of 0: both edges are square-root edges.
        total += integrateWithEdges((t) => this.continuousDensity(t), a, this.edges[i + 1]!, Infinity);
        continue;
      }
      const w = b - a;
      // s ∈ [0, 1] ↔ Gauss–Legendre on [−1, 1]; descending x keeps the continuation short.
      for (let k = nodes.length - 1; k >= 0; k--) {
        const s = 0.5 * (nodes[k]! + 1);
        const x = a + w * s * s;
        total += 0.5 * weights[k]! * this.continuousDensity(x) * 2 * w * s;
      }
    }
    return total;
  }

  protected override exactMoments(k: number): Float64Array {
    // Free cumulants add: MP(φ, σ) has κ_n = σⁿφ^{n−1}; the semicircle of variance 2ε has κ₂ = 2ε.
    const cumulants = new Float64Array(k);
    for (let n = 1; n <= k; n++) cumulants[n - 1] = Math.pow(this.sigma, n) * Math.pow(this.phi, n - 1) + (n === 2 ? 2 * this.epsilon : 0);
    return momentsFromFreeCumulants(cumulants);
  }

  support(): { lower: number; upper: number } {
    return { lower: this.edges[0]!, upper: this.edges[this.edges.length - 1]! };
  }

  atoms(): Atom[] {
    return [];
  }
}

/**
 * The Pennington–Bahri Hessian index model (spec §8): spectrum of H = Wishart(φ, σ) + Wigner(2ε), with its
 * index α, edges, density, CDF and quantiles.
 *
 * @example
 * ```ts
 * import { hessianIndexModel } from '@spectra/free-prob';
 * // The Monte-Carlo case of reference/free-prob/pennington_bahri.json (edges −0.19818842206705872,
 * // 2.9962287619967767; α 0.0636357257299137).
 * const h = hessianIndexModel({ epsilon: 0.05, phi: 0.5 });
 * h.edges;        // [-0.19818842206705406, 2.996228761996776]
 * h.index();      // 0.06363572572968867 (fraction of negative eigenvalues)
 * h.moments(2);   // Float64Array [1, 1.6] (m₂ = σ²(1 + φ) + 2ε)
 * ```
 */
export function hessianIndexModel(parameters: HessianIndexModelParameters): HessianIndexModel {
  return new HessianIndexModel(parameters);
}

/**
 * The index α at each ε of `epsilons` (same φ, σ): the curve whose 3/2 law spec §8 describes.
 *
 * @example
 * ```ts
 * import { hessianIndexCurve } from '@spectra/free-prob';
 * hessianIndexCurve([0.01, 0.05, 0.2], 0.5); // Float64Array [0, 0.06363572572968867, 0.17046661630206555]: α = 0 below ε_c = 0.01127
 * ```
 */
export function hessianIndexCurve(epsilons: ArrayLike<number>, phi: number, sigma = 1): Float64Array {
  const e = finiteArray(epsilons, 'hessianIndexCurve: epsilons');
  return e.map((eps) => new HessianIndexModel({ epsilon: eps, phi, sigma }).index());
}
