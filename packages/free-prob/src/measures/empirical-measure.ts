// Empirical (discrete) measures Σ wᵢ δ_{tᵢ} (spec §3): exact G, CDF, quantiles and moments; the density
// of a discrete measure only exists smoothed, at Im z ≥ κ·(mean eigenvalue spacing) (κ = 3 by default,
// spec §3: "evaluate at Im z ≥ κ·(mean spacing) … say which in the result": `smoothing`).
import { SpectraError } from '@spectra/core';
import type { Complex } from '../types.js';
import { finiteArray } from '../validate.js';
import { MeasureBase, type Atom } from './spectral-measure.js';

/**
 * A discrete measure; `empiricalMeasure(values, weights?)` builds one.
 *
 * @example
 * ```ts
 * import { EmpiricalMeasure } from '@spectra/free-prob';
 * new EmpiricalMeasure([0, 1]).stieltjesTransform({ re: 2, im: 0 }); // { re: 0.75, im: 0 } (= ½(1/2 + 1/1))
 * ```
 */
export class EmpiricalMeasure extends MeasureBase {
  readonly name: string;
  /** Distinct atoms, ascending. */
  readonly values: Float64Array;
  /** Their weights, normalised to sum to 1 (weights of equal values added). */
  readonly weights: Float64Array;
  /** The Im z used by `density` when none is given: κ × mean spacing of the support. */
  readonly smoothing: number;
  private readonly cumulative: Float64Array;

  /**
   * @param values - the atoms tᵢ (finite, not empty; repeats allowed).
   * @param weights - wᵢ ≥ 0, not all 0 (default equal); normalised to sum 1.
   * @param kappa - κ of `smoothing` = κ × (max − min)/(n − 1) (default 3).
   */
  constructor(values: ArrayLike<number>, weights?: ArrayLike<number>, kappa = 3) {
    super();
    const v = finiteArray(values, 'empiricalMeasure: values');
    if (v.length === 0) throw new SpectraError('E_ARGUMENT', 'empiricalMeasure: values must not be empty');
    const w = weights === undefined ? new Float64Array(v.length).fill(1) : finiteArray(weights, 'empiricalMeasure: weights');
    if (w.length !== v.length) throw new SpectraError('E_ARGUMENT', `empiricalMeasure: weights has ${w.length} entries, values ${v.length}`);
    let total = 0;
    for (let i = 0; i < w.length; i++) {
      if (!(w[i]! >= 0)) throw new SpectraError('E_ARGUMENT', `empiricalMeasure: weights[${i}] must be ≥ 0, got ${w[i]}`);
      total += w[i]!;
    }
    if (!(total > 0)) throw new SpectraError('E_ARGUMENT', 'empiricalMeasure: the weights sum to 0');
    const order = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a]! - v[b]!);
    const vs: number[] = [];
    const ws: number[] = [];
    for (const i of order) {
      if (vs.length && vs[vs.length - 1] === v[i]) ws[ws.length - 1]! += w[i]! / total;
      else {
        vs.push(v[i]!);
        ws.push(w[i]! / total);
      }
    }
    this.values = Float64Array.from(vs);
    this.weights = Float64Array.from(ws);
    this.cumulative = new Float64Array(ws.length);
    let c = 0;
    for (let i = 0; i < ws.length; i++) this.cumulative[i] = c += ws[i]!;
    const spread = vs[vs.length - 1]! - vs[0]!;
    this.smoothing = kappa * (spread > 0 ? spread / Math.max(1, v.length - 1) : Math.max(1e-12, Math.abs(vs[0]!) * 1e-6));
    this.name = `empiricalMeasure(${v.length} values)`;
  }

  protected g(re: number, im: number): Complex {
    let gr = 0;
    let gi = 0;
    const v = this.values;
    const w = this.weights;
    for (let i = 0; i < v.length; i++) {
      const tr = re - v[i]!;
      const d = tr * tr + im * im;
      gr += (w[i]! * tr) / d;
      gi -= (w[i]! * im) / d;
    }
    return { re: gr, im: gi };
  }

  protected override gDerivative(z: Complex): Complex {
    // G' = −Σ w/(z − t)².
    let gr = 0;
    let gi = 0;
    for (let i = 0; i < this.values.length; i++) {
      const tr = z.re - this.values[i]!;
      const ti = z.im;
      const d = (tr * tr + ti * ti) ** 2;
      gr -= (this.weights[i]! * (tr * tr - ti * ti)) / d;
      gi += (this.weights[i]! * 2 * tr * ti) / d;
    }
    return { re: gr, im: gi };
  }

  override density(xs: ArrayLike<number>, options: { imaginaryPart?: number } = {}): Float64Array {
    return super.density(xs, { imaginaryPart: options.imaginaryPart ?? this.smoothing });
  }

  protected override continuousDensity(): number {
    return 0;
  }

  override cdf(xs: ArrayLike<number>): Float64Array {
    const x = finiteArray(xs, `${this.name}.cdf: xs`);
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      // Number of atoms ≤ x by binary search.
      let lo = 0;
      let hi = this.values.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.values[mid]! <= x[i]!) lo = mid + 1;
        else hi = mid;
      }
      out[i] = lo === 0 ? 0 : Math.min(1, this.cumulative[lo - 1]!);
    }
    return out;
  }

  override quantile(levels: ArrayLike<number>): Float64Array {
    const ls = finiteArray(levels, `${this.name}.quantile: levels`);
    const out = new Float64Array(ls.length);
    for (let i = 0; i < ls.length; i++) {
      const a = ls[i]!;
      if (!(a >= 0 && a <= 1)) throw new SpectraError('E_ARGUMENT', `${this.name}.quantile: levels must be in [0, 1], got ${a}`);
      let j = 0;
      // Q(α) = inf{x : F(x) ≥ α}, with a relative tolerance for rounding in the cumulative sums.
      while (j < this.values.length - 1 && this.cumulative[j]! < a - 1e-14) j++;
      out[i] = this.values[j]!;
    }
    return out;
  }

  protected override exactMoments(k: number): Float64Array {
    const out = new Float64Array(k);
    for (let i = 0; i < this.values.length; i++) {
      let p = 1;
      for (let j = 0; j < k; j++) {
        p *= this.values[i]!;
        out[j]! += this.weights[i]! * p;
      }
    }
    return out;
  }

  support(): { lower: number; upper: number } {
    return { lower: this.values[0]!, upper: this.values[this.values.length - 1]! };
  }

  atoms(): Atom[] {
    return Array.from(this.values, (location, i) => ({ location, mass: this.weights[i]! }));
  }
}

/**
 * The empirical measure Σ wᵢ δ_{tᵢ} of `values` (equal weights by default).
 *
 * @example
 * ```ts
 * import { empiricalMeasure } from '@spectra/free-prob';
 * const mu = empiricalMeasure([1, 2, 2, 4]);
 * mu.cdf([2])[0];        // 0.75
 * mu.quantile([0.5])[0]; // 2
 * mu.moments(1)[0];      // 2.25
 * mu.smoothing;          // 3 (κ × mean spacing = 3 × (4 − 1)/3)
 * mu.density([2])[0];    // 0.09528892105630143 (−Im G(2 + 3i)/π: the Cauchy-smoothed density)
 * ```
 */
export function empiricalMeasure(values: ArrayLike<number>, weights?: ArrayLike<number>, options: { kappa?: number } = {}): EmpiricalMeasure {
  const kappa = options.kappa ?? 3;
  if (!(kappa > 0) || !Number.isFinite(kappa)) throw new SpectraError('E_ARGUMENT', `empiricalMeasure: kappa must be > 0, got ${kappa}`);
  return new EmpiricalMeasure(values, weights, kappa);
}
