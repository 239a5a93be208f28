// Activation functions with what mean-field theory and the Jacobian master equation need of them:
// φ, φ', φ'', where φ is not smooth (kinks: Gaussian expectations are split there, spec §4), the law
// of φ'² (Bernoulli, two-point or continuous, spec §5) and closed forms where they exist (ReLU, leaky
// ReLU, linear, hard-tanh). Everything else is computed by quadrature in `gaussian-expectation.ts`.
import { SpectraError } from '@spectra/core';
import { erf, normalCdf } from './special-functions.js';

/**
 * Gaussian expectations with closed forms, for h ~ N(0, q) and (u₁, u₂) centred Gaussian with
 * variances q and correlation c. Any missing member is computed by quadrature.
 */
export interface ActivationClosedForms {
  /** E[φ(h)²]. */
  secondMoment?(q: number): number;
  /** d/dq E[φ(h)²] (= E[φ'(h)²] + E[φ(h)φ''(h)] by Gaussian integration by parts). */
  secondMomentSlope?(q: number): number;
  /** E[φ'(h)²]. */
  derivativeSecondMoment?(q: number): number;
  /** E[φ(h)]. */
  mean?(q: number): number;
  /** E[φ(u₁)φ(u₂)]. */
  crossMoment?(q: number, c: number): number;
  /** E[φ'(u₁)φ'(u₂)]. */
  derivativeCrossMoment?(q: number, c: number): number;
}

/**
 * An activation function. Build-ins: `linear`, `relu`, `leakyRelu(α)`, `hardTanh`, `hardSine`, `tanh`,
 * `erfActivation` (alias `erf` in the API sketch), `sigmoid`, `gelu`, `swish`; custom ones with
 * `customActivation({ phi, dphi, d2phi, kinks })`.
 */
export interface Activation {
  /** Name used in results and messages (`'relu'`, `'leakyRelu(0.1)'`, `'custom'`, …). */
  readonly name: string;
  /** φ(x). */
  phi(x: number): number;
  /** φ'(x) (at a kink: the one-sided value the implementation picks, e.g. ReLU φ'(0) = 0). */
  dphi(x: number): number;
  /** φ'' away from kinks (0 on linear pieces). */
  d2phi(x: number): number;
  /** Kinks of φ (points where φ' jumps) in [lo, hi], ascending; empty for smooth φ. */
  kinksIn(lo: number, hi: number): number[];
  /** True when φ has kinks (Gaussian integrals are then split at them). */
  readonly kinked: boolean;
  /**
   * Law of φ'(h)²: `'bernoulli'` (values 0 and 1 only: p = P(φ' ≠ 0)), `'twoPoint'` (values `derivativeValues`
   * with probability ½ each, leaky ReLU), `'continuous'` (by Gauss–Hermite nodes).
   */
  readonly derivativeLaw: 'bernoulli' | 'twoPoint' | 'continuous';
  /** For `'bernoulli'`: p(q) = P(φ'(h)² = 1), h ~ N(0, q). */
  activeFraction?(q: number): number;
  /** For `'twoPoint'`: the two values of φ'², each with probability ½. */
  readonly derivativeValues?: readonly [number, number];
  /** Gaussian expectations known in closed form (the rest are computed by quadrature). */
  readonly closedForms: ActivationClosedForms;
}

const noKinks = (): number[] => [];

/**
 * The identity φ(x) = x: D_l = I (Bernoulli with p = 1).
 *
 * @example
 * ```ts
 * import { linear } from '@spectra/free-prob';
 * linear.phi(3);             // 3
 * linear.activeFraction!(2); // 1: D_l = I whatever q
 * ```
 */
export const linear: Activation = {
  name: 'linear',
  phi: (x) => x,
  dphi: () => 1,
  d2phi: () => 0,
  kinksIn: noKinks,
  kinked: false,
  derivativeLaw: 'bernoulli',
  activeFraction: () => 1,
  closedForms: {
    secondMoment: (q) => q,
    secondMomentSlope: () => 1,
    derivativeSecondMoment: () => 1,
    mean: () => 0,
    crossMoment: (q, c) => q * c,
    derivativeCrossMoment: () => 1,
  },
};

/** E[relu(u₁)relu(u₂)] (Cho & Saul's arc-cosine kernel of degree 1). */
function reluCross(q: number, c: number): number {
  const cc = Math.max(-1, Math.min(1, c));
  return (q / (2 * Math.PI)) * (Math.sqrt(Math.max(0, 1 - cc * cc)) + (Math.PI - Math.acos(cc)) * cc);
}

/** P(u₁ > 0, u₂ > 0) = (π − arccos c)/(2π) (Sheppard's formula). */
function reluDerivativeCross(c: number): number {
  const cc = Math.max(-1, Math.min(1, c));
  return (Math.PI - Math.acos(cc)) / (2 * Math.PI);
}

/**
 * ReLU φ(x) = max(0, x): D² Bernoulli(½); closed forms E φ² = q/2, χ₁ = σ_w²/2 and the arc-cosine c map.
 *
 * @example
 * ```ts
 * import { relu } from '@spectra/free-prob';
 * relu.closedForms.secondMoment!(2);   // 1 (E φ² = q/2)
 * relu.closedForms.crossMoment!(1, 0); // 0.15915494309189535 (= q/(2π): independent inputs)
 * relu.activeFraction!(1);             // 0.5
 * ```
 */
export const relu: Activation = {
  name: 'relu',
  phi: (x) => (x > 0 ? x : 0),
  dphi: (x) => (x > 0 ? 1 : 0),
  d2phi: () => 0,
  kinksIn: (lo, hi) => (lo < 0 && hi > 0 ? [0] : []),
  kinked: true,
  derivativeLaw: 'bernoulli',
  activeFraction: () => 0.5,
  closedForms: {
    secondMoment: (q) => q / 2,
    secondMomentSlope: () => 0.5,
    derivativeSecondMoment: () => 0.5,
    mean: (q) => Math.sqrt(q / (2 * Math.PI)),
    crossMoment: reluCross,
    derivativeCrossMoment: (_q, c) => reluDerivativeCross(c),
  },
};

/**
 * Leaky ReLU φ(x) = x for x > 0, αx otherwise (0 ≤ α; α = 0 is ReLU). φ'² is two-point {α², 1}.
 * Closed forms from φ = αx + (1 − α)relu(x).
 *
 * @example
 * ```ts
 * import { leakyRelu } from '@spectra/free-prob';
 * const f = leakyRelu(0.1);
 * f.phi(-2);                                // -0.2
 * f.closedForms.derivativeSecondMoment!(1); // 0.505 (= (1 + α²)/2)
 * f.derivativeValues;                       // [0.010000000000000002, 1] (α², 1)
 * ```
 */
export function leakyRelu(alpha: number): Activation {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) {
    throw new SpectraError('E_ARGUMENT', `leakyRelu: alpha must be a finite number ≥ 0, got ${String(alpha)}`);
  }
  if (alpha === 0) return relu;
  const a = alpha;
  const b = 1 - a;
  return {
    name: `leakyRelu(${a})`,
    phi: (x) => (x > 0 ? x : a * x),
    dphi: (x) => (x > 0 ? 1 : a),
    d2phi: () => 0,
    kinksIn: (lo, hi) => (lo < 0 && hi > 0 ? [0] : []),
    kinked: true,
    derivativeLaw: a === 1 ? 'bernoulli' : 'twoPoint',
    activeFraction: a === 1 ? () => 1 : undefined,
    derivativeValues: [a * a, 1],
    closedForms: {
      secondMoment: (q) => ((1 + a * a) * q) / 2,
      secondMomentSlope: () => (1 + a * a) / 2,
      derivativeSecondMoment: () => (1 + a * a) / 2,
      mean: (q) => b * Math.sqrt(q / (2 * Math.PI)),
      // E[(αu₁ + b relu u₁)(αu₂ + b relu u₂)] with E[u₁ relu(u₂)] = qc/2.
      crossMoment: (q, c) => a * a * q * c + a * b * q * c + b * b * reluCross(q, c),
      derivativeCrossMoment: (_q, c) => a * a + a * b + b * b * reluDerivativeCross(c),
    },
  };
}

/**
 * Hard-tanh φ(x) = clip(x, −1, 1). D² is Bernoulli with p = P(|h| ≤ 1) = erf(1/√(2q)) — spec §5's
 * correction of the P(0 ≤ ξ ≤ 1/√q) of Chhaibi–Daouda–Kahn's table. Closed forms with a = 1/√(2q):
 * E φ² = q erf(a) − √(2q/π) e^{−1/(2q)} + 1 − erf(a); its q-slope erf(a) − 2e^{−1/(2q)}/√(2πq).
 *
 * @example
 * ```ts
 * import { hardTanh } from '@spectra/free-prob';
 * hardTanh.phi(3);                // 1
 * hardTanh.activeFraction!(1.55); // 0.578152024546637 (= erf(1/√3.1))
 * ```
 */
export const hardTanh: Activation = {
  name: 'hardTanh',
  phi: (x) => (x > 1 ? 1 : x < -1 ? -1 : x),
  dphi: (x) => (x > -1 && x < 1 ? 1 : 0),
  d2phi: () => 0,
  kinksIn: (lo, hi) => [-1, 1].filter((k) => k > lo && k < hi),
  kinked: true,
  derivativeLaw: 'bernoulli',
  activeFraction: (q) => erf(1 / Math.sqrt(2 * q)),
  closedForms: {
    secondMoment: (q) => {
      const a = 1 / Math.sqrt(2 * q);
      const e = erf(a);
      return q * e - Math.sqrt((2 * q) / Math.PI) * Math.exp(-1 / (2 * q)) + 1 - e;
    },
    secondMomentSlope: (q) => erf(1 / Math.sqrt(2 * q)) - (2 * Math.exp(-1 / (2 * q))) / Math.sqrt(2 * Math.PI * q),
    derivativeSecondMoment: (q) => erf(1 / Math.sqrt(2 * q)),
    mean: () => 0,
  },
};

/**
 * Hard-sine: the triangle wave of period 4 and amplitude 1 with slope 1 at 0, φ(x) = (2/π)·asin(sin(πx/2));
 * φ'² = 1 (Bernoulli with p = 1); kinks at the odd integers.
 *
 * @example
 * ```ts
 * import { hardSine } from '@spectra/free-prob';
 * hardSine.phi(1);   // 1
 * hardSine.phi(2);   // 0
 * hardSine.dphi(2);  // -1
 * hardSine.kinksIn(-4, 4); // [-3, -1, 1, 3]
 * ```
 */
export const hardSine: Activation = {
  name: 'hardSine',
  phi: (x) => {
    // Reduce to [−1, 3) by the period, then fold: exact on the linear pieces.
    let t = x - 4 * Math.floor((x + 1) / 4);
    if (t > 1) t = 2 - t;
    return t;
  },
  dphi: (x) => {
    const t = x - 4 * Math.floor((x + 1) / 4);
    return t > 1 ? -1 : 1;
  },
  d2phi: () => 0,
  kinksIn: (lo, hi) => {
    const out: number[] = [];
    // Odd integers strictly inside (lo, hi).
    let k = Math.ceil((lo - 1) / 2) * 2 + 1;
    if (k <= lo) k += 2;
    for (; k < hi; k += 2) out.push(k);
    return out;
  },
  kinked: true,
  derivativeLaw: 'bernoulli',
  activeFraction: () => 1,
  closedForms: {
    derivativeSecondMoment: () => 1,
    mean: () => 0,
  },
};

/**
 * tanh: smooth, D² continuous on (0, 1] (sech⁴ of a Gaussian).
 *
 * @example
 * ```ts
 * import { tanh } from '@spectra/free-prob';
 * tanh.dphi(0);         // 1
 * tanh.derivativeLaw;   // 'continuous'
 * ```
 */
export const tanh: Activation = {
  name: 'tanh',
  phi: Math.tanh,
  dphi: (x) => {
    const t = Math.tanh(x);
    return 1 - t * t;
  },
  d2phi: (x) => {
    const t = Math.tanh(x);
    return -2 * t * (1 - t * t);
  },
  kinksIn: noKinks,
  kinked: false,
  derivativeLaw: 'continuous',
  closedForms: { mean: () => 0 },
};

const TWO_OVER_SQRT_PI = 1.1283791670955126;

/**
 * The error function as an activation, φ(x) = erf(x) (closed form E φ² = (2/π) asin(2q/(1 + 2q))).
 *
 * @example
 * ```ts
 * import { erfActivation } from '@spectra/free-prob';
 * erfActivation.closedForms.secondMoment!(0.5); // 0.33333333333333337 (= (2/π)·asin(1/2) = 1/3)
 * ```
 */
export const erfActivation: Activation = {
  name: 'erf',
  phi: erf,
  dphi: (x) => TWO_OVER_SQRT_PI * Math.exp(-x * x),
  d2phi: (x) => -2 * x * TWO_OVER_SQRT_PI * Math.exp(-x * x),
  kinksIn: noKinks,
  kinked: false,
  derivativeLaw: 'continuous',
  closedForms: {
    // Williams (1997): E[erf(u₁)erf(u₂)] = (2/π) asin(2qc/(1 + 2q)).
    secondMoment: (q) => (2 / Math.PI) * Math.asin((2 * q) / (1 + 2 * q)),
    crossMoment: (q, c) => (2 / Math.PI) * Math.asin((2 * q * c) / (1 + 2 * q)),
    // E[φ'(h)²] = (4/π) E[e^{−2h²}] = (4/π)/√(1 + 4q).
    derivativeSecondMoment: (q) => 4 / Math.PI / Math.sqrt(1 + 4 * q),
    mean: () => 0,
  },
};

function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * The logistic sigmoid 1/(1 + e^{−x}) (not centred: E φ ≠ 0).
 *
 * @example
 * ```ts
 * import { sigmoid } from '@spectra/free-prob';
 * sigmoid.phi(0);  // 0.5
 * sigmoid.dphi(0); // 0.25
 * ```
 */
export const sigmoid: Activation = {
  name: 'sigmoid',
  phi: logistic,
  dphi: (x) => {
    const s = logistic(x);
    return s * (1 - s);
  },
  d2phi: (x) => {
    const s = logistic(x);
    return s * (1 - s) * (1 - 2 * s);
  },
  kinksIn: noKinks,
  kinked: false,
  derivativeLaw: 'continuous',
  closedForms: { mean: () => 0.5 },
};

const INV_SQRT_2PI = 0.3989422804014327;

/**
 * GELU φ(x) = x Φ(x) (Hendrycks & Gimpel), Φ the standard normal distribution function.
 *
 * @example
 * ```ts
 * import { gelu } from '@spectra/free-prob';
 * gelu.phi(1);  // 0.841344746068543 (= Φ(1))
 * gelu.dphi(0); // 0.5
 * ```
 */
export const gelu: Activation = {
  name: 'gelu',
  phi: (x) => x * normalCdf(x),
  dphi: (x) => normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x),
  d2phi: (x) => INV_SQRT_2PI * Math.exp(-0.5 * x * x) * (2 - x * x),
  kinksIn: noKinks,
  kinked: false,
  derivativeLaw: 'continuous',
  closedForms: {},
};

/**
 * Swish (SiLU) φ(x) = x·sigmoid(x).
 *
 * @example
 * ```ts
 * import { swish } from '@spectra/free-prob';
 * swish.phi(0);  // 0
 * swish.dphi(0); // 0.5
 * ```
 */
export const swish: Activation = {
  name: 'swish',
  phi: (x) => x * logistic(x),
  dphi: (x) => {
    const s = logistic(x);
    return s + x * s * (1 - s);
  },
  d2phi: (x) => {
    const s = logistic(x);
    return s * (1 - s) * (2 + x * (1 - 2 * s));
  },
  kinksIn: noKinks,
  kinked: false,
  derivativeLaw: 'continuous',
  closedForms: {},
};

/** A user-supplied activation: φ, φ', φ'' and optionally its kinks (where φ' jumps). */
export interface CustomActivationSpec {
  /** Name used in results (default `'custom'`). */
  name?: string;
  /** φ. */
  phi: (x: number) => number;
  /** φ' (its square is the D² law of the Jacobian, by quadrature). */
  dphi: (x: number) => number;
  /**
   * φ'' away from the kinks; only the slope of the q map (mean field's `qMapSlope` and `xiQ`) uses it.
   * Without it the E[φφ''] term of that slope is taken as 0 — exact for piecewise-linear φ only.
   */
  d2phi?: (x: number) => number;
  /** Finite list of kinks; Gaussian expectations are split there. */
  kinks?: readonly number[];
}

/**
 * Wraps `{ phi, dphi, d2phi, kinks }` as an `Activation` (D² law by quadrature, expectations by
 * Gauss–Hermite, or split Gauss–Legendre panels when kinks are given).
 *
 * @example
 * ```ts
 * import { customActivation, meanField } from '@spectra/free-prob';
 * // Softsign x/(1 + |x|): φ'' jumps at 0, so 0 is listed as a kink (the integrals are split there).
 * const softsign = customActivation({
 *   name: 'softsign',
 *   phi: (x) => x / (1 + Math.abs(x)),
 *   dphi: (x) => 1 / (1 + Math.abs(x)) ** 2,
 *   d2phi: (x) => -2 * Math.sign(x) / (1 + Math.abs(x)) ** 3,
 *   kinks: [0],
 * });
 * softsign.kinked;                                    // true
 * const r = meanField({ activation: softsign, sigmaW2: 2 });
 * r.qStar;                                            // 0.07947857506440818
 * r.chi1;                                             // 1.0423507556727574 (χ₁ > 1: chaotic)
 * ```
 */
export function customActivation(spec: CustomActivationSpec): Activation {
  if (!spec || typeof spec.phi !== 'function' || typeof spec.dphi !== 'function') {
    throw new SpectraError('E_ARGUMENT', 'customActivation: expected { phi, dphi, d2phi?, kinks? } with functions phi and dphi');
  }
  if (spec.d2phi !== undefined && typeof spec.d2phi !== 'function') throw new SpectraError('E_ARGUMENT', 'customActivation: d2phi must be a function');
  const kinks = spec.kinks ? [...spec.kinks] : [];
  for (const k of kinks) if (typeof k !== 'number' || !Number.isFinite(k)) throw new SpectraError('E_ARGUMENT', `customActivation: kinks must be finite numbers, got ${String(k)}`);
  kinks.sort((a, b) => a - b);
  const d2 = spec.d2phi;
  return {
    name: spec.name ?? 'custom',
    phi: spec.phi,
    dphi: spec.dphi,
    d2phi: d2 ?? (() => NaN),
    kinksIn: (lo, hi) => kinks.filter((k) => k > lo && k < hi),
    kinked: kinks.length > 0,
    derivativeLaw: 'continuous',
    closedForms: {},
  };
}

const byName: Record<string, Activation> = {
  linear,
  relu,
  hardtanh: hardTanh,
  'hard-tanh': hardTanh,
  hardsine: hardSine,
  'hard-sine': hardSine,
  tanh,
  erf: erfActivation,
  sigmoid,
  gelu,
  swish,
  silu: swish,
};

/** What the API accepts as an activation: an `Activation`, a name, or `{ phi, dphi, d2phi?, kinks? }`. */
export type ActivationLike = Activation | string | CustomActivationSpec;

/**
 * Resolves a name (`'relu'`, `'leakyRelu(0.1)'`, `'hard-tanh'`, …), an `Activation` or a custom spec.
 *
 * @example
 * ```ts
 * import { resolveActivation, tanh } from '@spectra/free-prob';
 * resolveActivation('leakyRelu(0.2)').name; // 'leakyRelu(0.2)'
 * resolveActivation('tanh') === tanh;       // true
 * resolveActivation('Hard_Tanh').name;      // 'hardTanh' (case, '-' and '_' are ignored)
 * ```
 */
export function resolveActivation(activation: ActivationLike, name = 'activation'): Activation {
  if (typeof activation === 'string') {
    const key = activation.trim().toLowerCase().replace(/_/g, '-');
    const leaky = /^leaky-?relu\(\s*([^)]+)\s*\)$/.exec(key);
    if (leaky) return leakyRelu(Number(leaky[1]));
    const found = byName[key] ?? byName[key.replace(/-/g, '')];
    if (!found) {
      throw new SpectraError('E_ARGUMENT', `${name}: unknown activation '${activation}' (expected linear, relu, leakyRelu(α), hardTanh, hardSine, tanh, erf, sigmoid, gelu, swish or { phi, dphi, d2phi })`);
    }
    return found;
  }
  if (activation && typeof activation === 'object') {
    if ('closedForms' in activation && 'derivativeLaw' in activation) return activation as Activation;
    return customActivation(activation as CustomActivationSpec);
  }
  throw new SpectraError('E_ARGUMENT', `${name}: expected an activation name, an Activation or { phi, dphi, d2phi }, got ${String(activation)}`);
}

/**
 * The built-in activations under the names of spec §12 (`activations.erf` is `erfActivation`: the bare
 * name `erf` is the special function).
 *
 * @example
 * ```ts
 * import { activations } from '@spectra/free-prob';
 * activations.erf.phi(1);              // 0.8427007929497148
 * activations.leakyRelu(0.1).dphi(-1); // 0.1
 * ```
 */
export const activations = {
  linear,
  relu,
  leakyRelu,
  hardTanh,
  hardSine,
  tanh,
  erf: erfActivation,
  sigmoid,
  gelu,
  swish,
  custom: customActivation,
};
