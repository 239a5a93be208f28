// A second, independent route to ν_J for Bernoulli D² laws (spec §5, §7 "Branch selection"): expand the
// master polynomial f_z(m) = A(m) − z·B(m) into coefficients, take all its L + 1 roots with core's
// `polynomialRootsBatch` (Aberth–Ehrlich), and choose the physical branch: sweep from both ends of the
// grid by nearest-root continuation (starting where the branch is unambiguous: m ≈ m₁/z far outside the
// support), keep a point only if both sweeps choose the same root and Im G < 0. It shares nothing with
// the lilypads solver but the architecture, so agreement of the two is a real cross-check. Expanding
// the polynomial is what FreeNN does and what fails at depth (spec §7): use it for moderate L.
import { polynomialRootsBatch, SpectraError, type Backend } from '@spectra/core';
import { resolveJacobianArchitecture, type JacobianArchitecture } from './jacobian-architecture.js';
import { finiteArray, requirePositive } from './validate.js';

/** Options of `jacobianDensityByPolynomialRoots`. */
export interface PolynomialRouteOptions {
  /** The x values (any order; x ≤ 0 and x > 0 are swept separately). */
  grid: ArrayLike<number>;
  /** Im z (default 1e-10). */
  imaginaryPart?: number;
  /** `'fanIn'` (default: Var W_l = σ_w²/N_{l−1}) or `'fanOut'` (σ_w²/N_l). */
  normalisation?: 'fanIn' | 'fanOut';
  /** Gaussian (default) or Haar-orthogonal weights (square layers only). */
  weights?: 'gaussian' | 'orthogonal';
  /** Backend of core's `polynomialRootsBatch` (default: core's setting). */
  backend?: Backend;
}

/** What `jacobianDensityByPolynomialRoots` returns: the chosen branch and every root, per grid point. */
export interface PolynomialRouteResult {
  /** The grid, in the order given. */
  x: Float64Array;
  /** Continuous-part density −Im(G − atom/z)/π of the chosen branch (NaN where the sweeps disagree). */
  density: Float64Array;
  /** −Im G/π with every atom's Lorentzian left in (NaN where the sweeps disagree). */
  totalDensity: Float64Array;
  /** M(z) of the chosen branch, interleaved (re, im). */
  m: Float64Array;
  /** Grid indices where the left and right sweeps chose different roots or Im G ≥ 0. */
  inconsistent: number[];
  /** Roots of every grid point (`degree` per point, point after point), interleaved (re, im). */
  roots: Float64Array;
  /** Degree of the master polynomial: L + 1 (Gaussian weights) or L (Haar). */
  degree: number;
}

/** Real polynomial coefficients (ascending) of c·Π (m − r_j). */
function expand(roots: number[], scales: number[]): Float64Array {
  let c = Float64Array.of(1);
  roots.forEach((r, j) => {
    const next = new Float64Array(c.length + 1);
    const s = scales[j]!;
    for (let k = 0; k < c.length; k++) {
      next[k + 1]! += s * c[k]!;
      next[k]! -= s * r * c[k]!;
    }
    c = next;
  });
  return c;
}

/**
 * ν_J's density by all roots of the expanded master polynomial (Bernoulli D² laws only).
 *
 * @example
 * ```ts
 * import { jacobianDensityByPolynomialRoots, jacobianSpectrum } from '@spectra/free-prob';
 * const arch = { depth: 2, activation: 'relu', sigmaW2: 2 };
 * const r = jacobianDensityByPolynomialRoots(arch, { grid: [0.5, 1, 2] });
 * r.inconsistent.length; // 0: both sweeps chose the same root at every point
 * r.degree;              // 3 (L + 1)
 * r.density;             // Float64Array [0.16017959111396288, 0.09649416650666404, 0.05503587720196234]
 * jacobianSpectrum(arch, { grid: [0.5, 1, 2], cdf: false }).density; // ≈ Float64Array [0.160179591113963, 0.096494166506664, 0.055035877201962] (the lilypads: equal to ~1e-16)
 * ```
 */
export function jacobianDensityByPolynomialRoots(architecture: JacobianArchitecture, options: PolynomialRouteOptions): PolynomialRouteResult {
  const arch = resolveJacobianArchitecture(architecture, { normalisation: options.normalisation ?? 'fanIn' });
  if (!arch.bernoulli) throw new SpectraError('E_ARGUMENT', 'jacobianDensityByPolynomialRoots: needs Bernoulli D² laws (ReLU, hard-tanh, linear, hard-sine)');
  const orthogonal = options.weights === 'orthogonal';
  const x = finiteArray(options.grid, 'jacobianDensityByPolynomialRoots: grid');
  const y = requirePositive(options.imaginaryPart ?? 1e-10, 'jacobianDensityByPolynomialRoots: imaginaryPart');
  const layers = arch.layers;
  const L = layers.length;
  // A(m) and B(m) (spec §5): Gaussian A = (m + 1) Π σ²Λ (m + a_l), B = m; Haar A = Π σ²(m + p), B = m(1 + m)^{L−1}.
  let a: Float64Array;
  let b: Float64Array;
  let s = 1;
  for (const l of layers) s = Math.min(s, l.law.positiveMass / l.Lambda);
  if (!orthogonal) {
    a = expand([-1, ...layers.map((l) => -l.law.p / l.Lambda)], [1, ...layers.map((l) => l.sigma2 * l.Lambda)]);
    b = Float64Array.of(0, 1);
  } else {
    if (layers.some((l) => l.lambda !== 1)) throw new SpectraError('E_ARGUMENT', "weights 'orthogonal' needs square layers");
    a = expand(layers.map((l) => -l.law.p), layers.map((l) => l.sigma2));
    b = expand([0, ...new Array<number>(L - 1).fill(-1)], new Array<number>(L).fill(1));
  }
  const degree = Math.max(a.length, b.length) - 1;
  const n = x.length;
  const coefficients = new Float64Array(n * (degree + 1) * 2);
  for (let i = 0; i < n; i++) {
    const base = i * (degree + 1) * 2;
    for (let k = 0; k <= degree; k++) {
      const ak = k < a.length ? a[k]! : 0;
      const bk = k < b.length ? b[k]! : 0;
      coefficients[base + 2 * k] = ak - x[i]! * bk;
      coefficients[base + 2 * k + 1] = -y * bk;
    }
  }
  const { roots } = polynomialRootsBatch(coefficients, degree, { complex: true, ...(options.backend ? { backend: options.backend } : {}) });
  let mean = 1;
  for (const l of layers) mean *= l.sigma2 * l.law.mean;
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => x[p]! - x[q]!);
  const nearest = (i: number, pr: number, pi: number): number => {
    let best = -1;
    let bestDist = Infinity;
    for (let k = 0; k < degree; k++) {
      const dist = (roots[2 * (i * degree + k)]! - pr) ** 2 + (roots[2 * (i * degree + k) + 1]! - pi) ** 2;
      if (dist < bestDist) {
        bestDist = dist;
        best = k;
      }
    }
    return best;
  };
  // Nearest-root continuation along `indices`, seeded by (pr, pi) at the first one.
  const sweepChoice = (indices: number[], seed: (i: number) => [number, number]): Int32Array => {
    const choice = new Int32Array(n).fill(-1);
    if (indices.length === 0) return choice;
    let [pr, pi] = seed(indices[0]!);
    for (const i of indices) {
      const k = nearest(i, pr, pi);
      choice[i] = k;
      pr = roots[2 * (i * degree + k)]!;
      pi = roots[2 * (i * degree + k) + 1]!;
    }
    return choice;
  };
  // Far from the support the physical root is the one nearest to m₁/z.
  const asymptotic = (i: number): [number, number] => {
    const d = x[i]! * x[i]! + y * y;
    return [(mean * x[i]!) / d, (-mean * y) / d];
  };
  // Sweeps from both ends of the positive and of the non-positive part, never across 0 (§6.5) nor
  // across an atom away from 0 (Haar layers put one at x₀ = Π σ_l², where M has a pole and
  // nearest-root continuation breaks): each segment is swept outward-in from its start, whose root is
  // m₁/z's nearest for the outermost segment and, after an atom, the root with the most negative Im G
  // (the physical one wherever the density is positive); the return sweep starts from that choice.
  const x0 = orthogonal ? layers.reduce((p, l) => p * l.sigma2, 1) : NaN;
  let atomMass = 1;
  for (const l of layers) atomMass -= 1 - l.law.p;
  const barrier = orthogonal && atomMass > 1e-15 ? x0 : NaN;
  const mostNegativeImG = (i: number): [number, number] => {
    let best = 0;
    let bestIm = Infinity;
    const d = x[i]! * x[i]! + y * y;
    for (let k = 0; k < degree; k++) {
      const mr = roots[2 * (i * degree + k)]!;
      const mi = roots[2 * (i * degree + k) + 1]!;
      const gi = (mi * x[i]! - (1 + mr) * y) / d;
      if (gi < bestIm) {
        bestIm = gi;
        best = k;
      }
    }
    return [roots[2 * (i * degree + best)]!, roots[2 * (i * degree + best) + 1]!];
  };
  const positive = order.filter((i) => x[i]! > 0);
  const negative = order.filter((i) => x[i]! <= 0);
  const above = positive.filter((i) => !(x[i]! < barrier));
  const below = positive.filter((i) => x[i]! < barrier);
  const rootOf = (choice: Int32Array) => (i: number): [number, number] => [roots[2 * (i * degree + choice[i]!)]!, roots[2 * (i * degree + choice[i]!) + 1]!];
  const merge = (a: Int32Array, b: Int32Array): Int32Array => a.map((v, i) => (v >= 0 ? v : b[i]!));
  const fromRightAbove = sweepChoice([...above].reverse(), asymptotic);
  const fromRightBelow = sweepChoice([...below].reverse(), below.length && above.length ? mostNegativeImG : asymptotic);
  const fromRight = merge(fromRightAbove, fromRightBelow);
  const backRight = merge(sweepChoice(above, rootOf(fromRight)), sweepChoice(below, rootOf(fromRight)));
  const fromLeft = sweepChoice(negative, asymptotic);
  const backLeft = sweepChoice([...negative].reverse(), rootOf(fromLeft));
  const density = new Float64Array(n);
  const totalDensity = new Float64Array(n);
  const m = new Float64Array(2 * n);
  const inconsistent: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = x[i]! > 0 ? fromRight[i]! : fromLeft[i]!;
    const agree = x[i]! > 0 ? backRight[i] === k : backLeft[i] === k;
    const mr = roots[2 * (i * degree + k)]!;
    const mi = roots[2 * (i * degree + k) + 1]!;
    m[2 * i] = mr;
    m[2 * i + 1] = mi;
    const d = x[i]! * x[i]! + y * y;
    // G = (1 + m)/z; Im G < 0 on ℂ⁺ (allow rounding-level positives outside the support).
    const gi = (mi * x[i]! - (1 + mr) * y) / d;
    // Continuous part: −Im((m + s)/z)/π.
    const cont = -((mi * x[i]! - (mr + s) * y) / d) / Math.PI;
    if (!agree || gi > 1e-9 * Math.sqrt(((1 + mr) ** 2 + mi * mi) / d)) {
      inconsistent.push(i);
      density[i] = NaN;
      totalDensity[i] = NaN;
    } else {
      density[i] = cont;
      totalDensity[i] = -gi / Math.PI;
    }
  }
  return { x, density, totalDensity, m, inconsistent, roots, degree };
}
