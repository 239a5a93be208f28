// The measure interface of spec §12 and its generic machinery: every transform from the Stieltjes
// transform G(z) = ∫ μ(dt)/(z − t) (spec §1 sign conventions: G maps ℂ⁺ to ℂ⁻):
//   M(z) = zG(z) − 1,  R(g) = G⁻¹(g) − 1/g,  S(m) = (1 + m)/(m M⁻¹(m)),
//   density ρ(x) = −(1/π) lim_{y↓0} Im G(x + iy), CDF and quantiles by integrating the density on the
//   support with the substitution t = a + (b − a)(1 − cos θ)/2, which removes square-root edges (and
//   1/√t hard edges), then Gauss–Legendre panels in θ.
// Laws with closed forms override what they know exactly.
import { SpectraError } from '@spectra/core';
import { gaussLegendre } from '../quadrature.js';
import type { Complex } from '../types.js';
import { finiteArray, requireComplex } from '../validate.js';
import { div, mul, sub } from './complex.js';

/** A point mass of a measure. */
export interface Atom {
  /** Where the point mass sits. */
  location: number;
  /** Its mass, in (0, 1]. */
  mass: number;
}

/** A probability measure on ℝ with its transforms (spec §12). */
export interface SpectralMeasure {
  /** A readable description with the parameters (`'marchenkoPastur(0.5, 1)'`, `'semicircle(1) ⊞ semicircle(2)'`). */
  readonly name: string;
  /**
   * G(z) = ∫ μ(dt)/(z − t) (so G(z) ~ 1/z at ∞ and Im G < 0 on ℂ⁺), for z off the support; on the real
   * axis the limit from above; for Im z < 0 the conjugate symmetry G(z̄) = conj G(z).
   */
  stieltjesTransform(z: Complex): Complex;
  /** M(z) = zG(z) − 1 = Σ_k m_k z^{−k}. */
  momentGeneratingFunction(z: Complex): Complex;
  /** R(g) with G(R(g) + 1/g) = g, near g = 0. */
  rTransform(g: Complex): Complex;
  /** S(m) = (1 + m)/(m M⁻¹(m)), near m = 0 (needs m₁ ≠ 0). */
  sTransform(m: Complex): Complex;
  /**
   * Density of the continuous part (atoms excluded) at `xs`; with `imaginaryPart: y > 0`, the smoothed
   * −Im G(x + iy)/π instead (the Cauchy-smoothed measure, atoms included).
   */
  density(xs: ArrayLike<number>, options?: { imaginaryPart?: number }): Float64Array;
  /** F(x) = μ((−∞, x]), atoms included. */
  cdf(xs: ArrayLike<number>): Float64Array;
  /** Q(α) = inf{x : F(x) ≥ α} for levels α in [0, 1]. */
  quantile(levels: ArrayLike<number>): Float64Array;
  /** The moments m₁ … m_k (k an integer in [1, 1000]): exact where a law knows them, else by quadrature. */
  moments(k: number): Float64Array;
  /** The convex hull [lower, upper] of the support. */
  support(): { lower: number; upper: number };
  /** The atoms. */
  atoms(): Atom[];
}

const GL = 32;
const PANELS = 12;

/**
 * ∫_a^{min(x, b)} ρ(t) dt with t = a + (b − a)(1 − cos θ)/2 (square-root and 1/√ edges become smooth),
 * 12 panels of 32-node Gauss–Legendre in θ.
 */
export function integrateWithEdges(rho: (t: number) => number, a: number, b: number, x: number): number {
  if (x <= a || !(b > a)) return 0;
  const top = x >= b ? Math.PI : Math.acos(Math.max(-1, Math.min(1, 1 - (2 * (x - a)) / (b - a))));
  const { nodes, weights } = gaussLegendre(GL);
  let total = 0;
  for (let p = 0; p < PANELS; p++) {
    const lo = (top * p) / PANELS;
    const hi = (top * (p + 1)) / PANELS;
    const half = 0.5 * (hi - lo);
    const mid = 0.5 * (hi + lo);
    for (let i = 0; i < GL; i++) {
      const th = mid + half * nodes[i]!;
      const t = a + ((b - a) * (1 - Math.cos(th))) / 2;
      total += weights[i]! * half * rho(t) * ((b - a) / 2) * Math.sin(th);
    }
  }
  return total;
}

/**
 * The edges of the continuous part inside a hull [lo, hi]: scan 400 points for where the density
 * exceeds 1e-9 of its maximum, then bisect each edge on that threshold (at a square-root edge the
 * threshold sits within (1e-9)² relative of the true edge).
 */
export function refineSupport(rho: (x: number) => number, lo: number, hi: number): { lower: number; upper: number } {
  const n = 400;
  const xs = Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
  const vs = xs.map(rho);
  const max = Math.max(...vs.filter(Number.isFinite));
  if (!(max > 0)) return { lower: lo, upper: hi };
  const threshold = 1e-9 * max;
  const first = vs.findIndex((v) => v > threshold);
  let last = n;
  while (last > 0 && !(vs[last]! > threshold)) last--;
  const bisect = (a: number, b: number, insideIsB: boolean): number => {
    for (let k = 0; k < 100; k++) {
      const m = 0.5 * (a + b);
      if (m === a || m === b) break;
      if (rho(m) > threshold === insideIsB) b = m;
      else a = m;
    }
    return insideIsB ? a : b;
  };
  const lower = first <= 0 ? lo : bisect(xs[first - 1]!, xs[first]!, true);
  const upper = last >= n ? hi : bisect(xs[last + 1]!, xs[last]!, true);
  return { lower, upper };
}

/**
 * Shared implementation: subclasses provide `g(z)` (Im z ≥ 0) and what they know in closed form.
 *
 * @example
 * ```ts
 * import { MeasureBase } from '@spectra/free-prob';
 * class UnitMass extends MeasureBase {
 *   readonly name = 'δ₁';
 *   protected g(re: number, im: number) { // G = 1/(z − 1)
 *     const d = (re - 1) ** 2 + im * im;
 *     return { re: (re - 1) / d, im: -im / d };
 *   }
 *   support() { return { lower: 1, upper: 1 }; }
 *   atoms() { return [{ location: 1, mass: 1 }]; }
 * }
 * new UnitMass().cdf([0.5, 1]);                  // Float64Array [0, 1]
 * new UnitMass().stieltjesTransform({ re: 3, im: 0 }); // { re: 0.5, im: -0 }
 * new UnitMass().sTransform({ re: 0.5, im: 0 });  // { re: 1, im: 0 } (Newton inversion of M: S = 1/a)
 * ```
 */
export abstract class MeasureBase implements SpectralMeasure {
  /** A readable description with the parameters. */
  abstract readonly name: string;
  /** G at z with Im z ≥ 0 (Im z = 0: the limit from above). */
  protected abstract g(re: number, im: number): Complex;
  abstract support(): { lower: number; upper: number };
  abstract atoms(): Atom[];

  /** Continuous density at a real x (default: −Im G(x + i0)/π minus nothing: override when atoms exist). */
  protected continuousDensity(x: number): number {
    const { lower, upper } = this.support();
    if (x < lower || x > upper) return 0;
    const y = 1e-13 * Math.max(1, Math.abs(upper), Math.abs(lower));
    let v = -this.g(x, y).im / Math.PI;
    for (const a of this.atoms()) v -= (a.mass * y) / (Math.PI * ((x - a.location) ** 2 + y * y));
    return Math.max(0, v);
  }

  /** Exact moments when known (else numeric). */
  protected exactMoments(_k: number): Float64Array | null {
    return null;
  }

  stieltjesTransform(z: Complex): Complex {
    const { re, im } = requireComplex(z, `${this.name}.stieltjesTransform: z`);
    if (im < 0) {
      const v = this.g(re, -im);
      return { re: v.re, im: -v.im };
    }
    return this.g(re, im);
  }

  momentGeneratingFunction(z: Complex): Complex {
    const zz = requireComplex(z, `${this.name}.momentGeneratingFunction: z`);
    const g = this.stieltjesTransform(zz);
    return { re: zz.re * g.re - zz.im * g.im - 1, im: zz.re * g.im + zz.im * g.re };
  }

  /** G'(z) by a centred difference (measures with a closed form override). */
  protected gDerivative(z: Complex): Complex {
    const h = 1e-6 * Math.max(1, Math.hypot(z.re, z.im));
    const a = this.stieltjesTransform({ re: z.re + h, im: z.im });
    const b = this.stieltjesTransform({ re: z.re - h, im: z.im });
    return { re: (a.re - b.re) / (2 * h), im: (a.im - b.im) / (2 * h) };
  }

  rTransform(g: Complex): Complex {
    const gg = requireComplex(g, `${this.name}.rTransform: g`);
    if (gg.re === 0 && gg.im === 0) return { re: this.moments(1)[0]!, im: 0 };
    // Newton on G(w) = g from w = 1/g + m₁ (G(w) ≈ 1/w + m₁/w²), continued from a small g.
    const m1 = this.moments(1)[0]!;
    const target = gg;
    const steps = 8;
    let w = div({ re: 1, im: 0 }, { re: target.re / steps, im: target.im / steps });
    w = { re: w.re + m1, im: w.im };
    for (let s = 1; s <= steps; s++) {
      const gs = { re: (target.re * s) / steps, im: (target.im * s) / steps };
      w = this.invertG(w, gs, (z) => this.stieltjesTransform(z), (z) => this.gDerivative(z));
    }
    const inv = div({ re: 1, im: 0 }, target);
    return sub(w, inv);
  }

  sTransform(m: Complex): Complex {
    const mm = requireComplex(m, `${this.name}.sTransform: m`);
    const [m1, m2] = this.moments(2) as unknown as [number, number];
    if (!(Math.abs(m1) > 0)) throw new SpectraError('E_ARGUMENT', `${this.name}.sTransform: the S-transform needs a non-zero mean (m₁ = ${m1})`);
    if (mm.re === 0 && mm.im === 0) return { re: 1 / m1, im: 0 };
    // Newton on M(z) = m from z = m₁/m + m₂/m₁ (M(z) ≈ m₁/z + m₂/z²), continued from a small m.
    const M = (z: Complex): Complex => this.momentGeneratingFunction(z);
    const dM = (z: Complex): Complex => {
      // M' = G + zG'.
      const g = this.stieltjesTransform(z);
      const dg = this.gDerivative(z);
      return { re: g.re + z.re * dg.re - z.im * dg.im, im: g.im + z.re * dg.im + z.im * dg.re };
    };
    const steps = 8;
    const first = { re: mm.re / steps, im: mm.im / steps };
    let z = div({ re: m1, im: 0 }, first);
    z = { re: z.re + m2 / m1, im: z.im };
    for (let s = 1; s <= steps; s++) {
      const ms = { re: (mm.re * s) / steps, im: (mm.im * s) / steps };
      z = this.invertG(z, ms, M, dM);
    }
    // S = (1 + m)/(m z)
    return div({ re: 1 + mm.re, im: mm.im }, mul(mm, z));
  }

  /** Newton for f(w) = target. */
  private invertG(start: Complex, target: Complex, f: (z: Complex) => Complex, df: (z: Complex) => Complex): Complex {
    let w = start;
    let previous = Infinity;
    // The transforms are analytic off the real axis only: damp steps that would cross it (or leave the
    // finite plane), so Newton stays in the half-plane of its start.
    const side = Math.sign(start.im);
    for (let it = 0; it < 100; it++) {
      const r = sub(f(w), target);
      let step = div(r, df(w));
      for (let k = 0; k < 60; k++) {
        const next = sub(w, step);
        if (Number.isFinite(next.re) && Number.isFinite(next.im) && (side === 0 || Math.sign(next.im) === side)) break;
        step = { re: step.re / 2, im: step.im / 2 };
      }
      w = sub(w, step);
      const size = Math.hypot(step.re, step.im);
      const scale = Math.max(1, Math.hypot(w.re, w.im));
      if (size <= 1e-14 * scale) return w;
      // Rounding floor (the derivative is a centred difference): accept a stagnating tiny step.
      if (it > 2 && size > 0.5 * previous && size <= 1e-9 * scale) return w;
      previous = size;
    }
    throw new SpectraError('E_NO_CONVERGENCE', `${this.name}: the transform inversion did not converge (argument outside the domain near 0?)`);
  }

  density(xs: ArrayLike<number>, options: { imaginaryPart?: number } = {}): Float64Array {
    const x = finiteArray(xs, `${this.name}.density: xs`);
    const y = options.imaginaryPart ?? 0;
    if (!(y >= 0) || !Number.isFinite(y)) throw new SpectraError('E_ARGUMENT', `${this.name}.density: imaginaryPart must be ≥ 0, got ${y}`);
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = y > 0 ? -this.g(x[i]!, y).im / Math.PI : this.continuousDensity(x[i]!);
    return out;
  }

  /** The intervals carrying the continuous part (default: the support hull). */
  protected continuousIntervals(): Array<[number, number]> {
    const { lower, upper } = this.support();
    return upper > lower ? [[lower, upper]] : [];
  }

  /** ∫_{−∞}^{x} continuous density, by Gauss–Legendre panels in θ on each interval (module comment). */
  protected continuousMassBelow(x: number): number {
    let total = 0;
    for (const [a, b] of this.continuousIntervals()) total += integrateWithEdges((t) => this.continuousDensity(t), a, b, x);
    return total;
  }

  cdf(xs: ArrayLike<number>): Float64Array {
    const x = finiteArray(xs, `${this.name}.cdf: xs`);
    const atoms = this.atoms();
    const out = new Float64Array(x.length);
    const continuous = x.length > 8 ? this.continuousMassBelowMany(x) : Float64Array.from(x, (v) => this.continuousMassBelow(v));
    for (let i = 0; i < x.length; i++) {
      let v = continuous[i]!;
      for (const at of atoms) if (at.location <= x[i]!) v += at.mass;
      out[i] = Math.min(1, Math.max(0, v));
    }
    return out;
  }

  /**
   * ∫_{lower}^{x} ρ at many points: the θ-panel integrals of `continuousMassBelow` are computed once and
   * accumulated, so each point costs one partial panel (32 density evaluations) instead of 384.
   */
  protected continuousMassBelowMany(xs: Float64Array): Float64Array {
    const out = new Float64Array(xs.length);
    const { nodes, weights } = gaussLegendre(GL);
    const panels = 64;
    for (const [a, b] of this.continuousIntervals()) {
      const rho = (th: number): number => {
        const t = a + ((b - a) * (1 - Math.cos(th))) / 2;
        return this.continuousDensity(t) * ((b - a) / 2) * Math.sin(th);
      };
      const piece = (lo: number, hi: number): number => {
        const half = 0.5 * (hi - lo);
        const mid = 0.5 * (hi + lo);
        let s = 0;
        for (let i = 0; i < GL; i++) s += weights[i]! * rho(mid + half * nodes[i]!);
        return s * half;
      };
      const cumulative = new Float64Array(panels + 1);
      for (let p = 0; p < panels; p++) cumulative[p + 1] = cumulative[p]! + piece((Math.PI * p) / panels, (Math.PI * (p + 1)) / panels);
      const order = Array.from({ length: xs.length }, (_, i) => i).sort((p, q) => xs[p]! - xs[q]!);
      for (const i of order) {
        const x = xs[i]!;
        if (x <= a) continue;
        if (x >= b) {
          out[i]! += cumulative[panels]!;
          continue;
        }
        const th = Math.acos(Math.max(-1, Math.min(1, 1 - (2 * (x - a)) / (b - a))));
        const p = Math.min(panels - 1, Math.floor((th / Math.PI) * panels));
        const start = (Math.PI * p) / panels;
        out[i]! += cumulative[p]! + (th > start ? piece(start, th) : 0);
      }
    }
    return out;
  }

  quantile(levels: ArrayLike<number>): Float64Array {
    const ls = finiteArray(levels, `${this.name}.quantile: levels`);
    for (const alpha of ls) if (!(alpha >= 0 && alpha <= 1)) throw new SpectraError('E_ARGUMENT', `${this.name}.quantile: levels must be in [0, 1], got ${alpha}`);
    // A table of F at 129 θ-points per interval and at the atoms (one pass of the cumulative rule), then
    // bisection where each F(x) is the table value below x plus one partial θ-panel (32 evaluations).
    const intervals = this.continuousIntervals();
    const atoms = this.atoms();
    const points = new Set<number>();
    for (const [a, b] of intervals) for (let k = 0; k <= 128; k++) points.add(a + ((b - a) * (1 - Math.cos((Math.PI * k) / 128))) / 2);
    for (const at of atoms) points.add(at.location);
    const table = Float64Array.from([...points].sort((p, q) => p - q));
    const Ft = this.cdf(table);
    const { nodes, weights } = gaussLegendre(GL);
    const F = (x: number): number => {
      let lo = 0;
      let hi = table.length - 1;
      if (x < table[0]!) return 0;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (table[mid]! <= x) lo = mid;
        else hi = mid;
      }
      if (table[hi]! <= x) lo = hi;
      const base = table[lo]!;
      let v = Ft[lo]!;
      if (x > base) {
        for (const [a, b] of intervals) {
          if (base >= a && x <= b) {
            const t0 = Math.acos(Math.max(-1, Math.min(1, 1 - (2 * (base - a)) / (b - a))));
            const t1 = Math.acos(Math.max(-1, Math.min(1, 1 - (2 * (x - a)) / (b - a))));
            const half = 0.5 * (t1 - t0);
            const mid = 0.5 * (t1 + t0);
            for (let i = 0; i < GL; i++) {
              const th = mid + half * nodes[i]!;
              const t = a + ((b - a) * (1 - Math.cos(th))) / 2;
              v += weights[i]! * half * this.continuousDensity(t) * ((b - a) / 2) * Math.sin(th);
            }
            break;
          }
        }
      }
      return v;
    };
    const out = new Float64Array(ls.length);
    for (let i = 0; i < ls.length; i++) {
      const alpha = ls[i]!;
      // Q(α) = inf{x : F(x) ≥ α}: first table point with F ≥ α brackets it.
      let j = 0;
      while (j < table.length && Ft[j]! < alpha) j++;
      if (j === 0 || j === table.length) {
        out[i] = j === 0 ? table[0]! : table[table.length - 1]!;
        continue;
      }
      let lo = table[j - 1]!;
      let hi = table[j]!;
      for (let k = 0; k < 200; k++) {
        const mid = 0.5 * (lo + hi);
        if (mid === lo || mid === hi) break;
        if (F(mid) >= alpha) hi = mid;
        else lo = mid;
      }
      out[i] = hi;
    }
    return out;
  }

  moments(k: number): Float64Array {
    if (!Number.isSafeInteger(k) || k < 1 || k > 1000) throw new SpectraError('E_ARGUMENT', `${this.name}.moments: k must be an integer in [1, 1000], got ${String(k)}`);
    const exact = this.exactMoments(k);
    if (exact) return exact;
    // Numeric: ∫ t^j ρ(t) dt on the support (θ substitution) plus the atoms.
    const { lower: a, upper: b } = this.support();
    const out = new Float64Array(k);
    const { nodes, weights } = gaussLegendre(GL);
    for (let p = 0; p < PANELS; p++) {
      const lo = (Math.PI * p) / PANELS;
      const hi = (Math.PI * (p + 1)) / PANELS;
      const half = 0.5 * (hi - lo);
      const mid = 0.5 * (hi + lo);
      for (let i = 0; i < GL; i++) {
        const th = mid + half * nodes[i]!;
        const t = a + ((b - a) * (1 - Math.cos(th))) / 2;
        const w = weights[i]! * half * this.continuousDensity(t) * ((b - a) / 2) * Math.sin(th);
        let tp = 1;
        for (let j = 0; j < k; j++) {
          tp *= t;
          out[j]! += w * tp;
        }
      }
    }
    for (const at of this.atoms()) {
      let tp = 1;
      for (let j = 0; j < k; j++) {
        tp *= at.location;
        out[j]! += at.mass * tp;
      }
    }
    return out;
  }
}
