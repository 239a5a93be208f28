// Mean-field signal propagation (Poole et al. 2016; Schoenholz et al., "Deep information propagation",
// ICLR 2017), spec §4, in fan-in units (Var W = σ_w²/N_in):
//   q map  q ↦ σ_w² E[φ(√q ξ)²] + σ_b²          → fixed point q*
//   χ₁ = σ_w² E[φ'(√q* ξ)²]                      (growth of E‖δ‖² per layer)
//   c map  c ↦ (σ_w² E[φ(u₁)φ(u₂)] + σ_b²)/q*    → fixed point c* (1 in the ordered phase)
//   χ_c = σ_w² E[φ'(u₁)φ'(u₂)] at c*, ξ_q = −1/log(slope of the q map at q*), ξ_c = −1/log χ_c.
import { SpectraError } from '@spectra/core';
import { resolveActivation, type Activation, type ActivationLike } from './activations.js';
import {
  activationCrossMoment,
  activationDerivativeCrossMoment,
  activationDerivativeSecondMoment,
  activationSecondMoment,
  activationSecondMomentSlope,
} from './gaussian-expectation.js';
import { requireFinite, requireInteger, requireNonNegative, requirePositive } from './validate.js';

/** Parameters of a deep net with one activation and one (σ_w², σ_b²) pair for every layer. */
export interface MeanFieldParameters {
  /** φ: a name (`'tanh'`, `'relu'`, `'leakyRelu(0.1)'`, …), an `Activation` or `{ phi, dphi, d2phi?, kinks? }`. */
  activation: ActivationLike;
  /** Weight variance gain σ_w² (fan-in: Var W_l = σ_w²/N_{l−1}). */
  sigmaW2: number;
  /** Bias variance σ_b² (default 0). */
  sigmaB2?: number;
  /** Input second moment q_in = ‖x₀‖²/N₀ (default 1): starts the per-layer recursion. */
  inputVariance?: number;
  /** Number of layers for the per-layer q_l (default 0: fixed-point quantities only). */
  depth?: number;
}

/** The phase of the (σ_w², σ_b²) pair: ordered χ₁ < 1, chaotic χ₁ > 1, critical χ₁ = 1 (to 1e-9). */
export type MeanFieldPhase = 'ordered' | 'chaotic' | 'critical';

/**
 * What `meanField` returns (spec §4, fan-in units): the fixed points of the length and correlation maps,
 * their slopes, depth scales and phase, and the per-layer q_l when a depth was given. ξ ~ N(0, 1), and
 * (u₁, u₂) are centred Gaussians of variance q* and correlation c*.
 */
export interface MeanFieldResult {
  /** Name of the resolved activation. */
  activation: string;
  /** σ_w² (fan-in gain) used. */
  sigmaW2: number;
  /** σ_b² used. */
  sigmaB2: number;
  /** Fixed point of the q map (Infinity if the q map diverges, as for ReLU with σ_w² > 2). */
  qStar: number;
  /** χ₁ = σ_w² E[φ'(√q* ξ)²]. */
  chi1: number;
  /** Fixed point of the c map (1 in the ordered and critical phases, and whenever q* is 0 or infinite). */
  cStar: number;
  /** χ_c = σ_w² E[φ'(u₁)φ'(u₂)] at c*. */
  chiC: number;
  /** Slope of the q map at q*: σ_w²(E[φ'²] + E[φφ'']). */
  qMapSlope: number;
  /** Depth scale of the length map, ξ_q = −1/log|slope| (Infinity when |slope| ≥ 1). */
  xiQ: number;
  /** Depth scale of correlations, ξ_c = −1/log χ_c (Infinity on the critical line and when χ_c ≥ 1). */
  xiC: number;
  /** Ordered (χ₁ < 1), chaotic (χ₁ > 1) or critical (|χ₁ − 1| ≤ 1e-9). */
  phase: MeanFieldPhase;
  /** Per-layer pre-activation variances q_l (l = 1…depth) and χ_l = σ_w² E[φ'(√q_l ξ)²]. */
  layers: { q: number[]; chi: number[] };
  /** The parameters this result was computed from, defaults filled in (the activation by name). */
  options: Required<Omit<MeanFieldParameters, 'activation'>> & { activation: string };
}

/** Finds the limit of q ↦ Q(q) from `start` (Q increasing): iterate, then bracket and bisect in log q. */
export function qMapFixedPoint(map: (q: number) => number, start: number): number {
  let q = start;
  if (q === 0) return map(0) === 0 ? 0 : qMapFixedPoint(map, map(0));
  for (let k = 0; k < 60; k++) {
    const next = map(q);
    if (!Number.isFinite(next) || next > 1e300) return Infinity;
    if (Math.abs(next - q) <= 4e-16 * Math.max(q, next)) return next;
    q = next;
  }
  const h = (x: number): number => map(x) - x;
  const h0 = h(q);
  if (h0 === 0) return q;
  const up = h0 > 0;
  let lo = q;
  let hi = q;
  let found = false;
  for (let k = 0; k < 2100; k++) {
    hi = up ? hi * 1.5 : hi / 1.5;
    if (up ? hi > 1e300 : hi < 1e-300) break;
    const v = h(hi);
    if (!Number.isFinite(v)) return up ? Infinity : 0;
    if (up ? v <= 0 : v >= 0) {
      found = true;
      break;
    }
    lo = hi;
  }
  if (!found) return up ? Infinity : 0;
  // Bisection in log q between lo (h has the sign of h0) and hi.
  let a = Math.log(lo);
  let b = Math.log(hi);
  for (let k = 0; k < 200; k++) {
    const m = 0.5 * (a + b);
    if (m === a || m === b) break;
    const v = h(Math.exp(m));
    if (v === 0) return Math.exp(m);
    if (v > 0 === h0 > 0) a = m;
    else b = m;
  }
  return Math.exp(0.5 * (a + b));
}

/** The fixed point c* of the c map in the chaotic phase (χ₁ > 1), in [0, 1). */
function correlationFixedPoint(cMap: (c: number) => number, chi0: () => number): number {
  const h = (c: number): number => cMap(c) - c;
  const h0 = h(0);
  if (Math.abs(h0) <= 1e-15 && chi0() < 1) return 0;
  // h(1 − δ) < 0 for δ small enough (h(1) = 0, h'(1) = χ₁ − 1 > 0).
  let delta = 1e-3;
  let hi = 1 - delta;
  while (h(hi) >= 0 && delta > 1e-15) {
    delta /= 10;
    hi = 1 - delta;
  }
  if (h(hi) >= 0) return 1;
  let lo = 0;
  if (h0 < 0) {
    // Look left for a non-negative value (non-odd φ with a negative fixed point).
    lo = -1;
    if (h(lo) < 0) return 0;
  }
  for (let k = 0; k < 200; k++) {
    const m = 0.5 * (lo + hi);
    if (m === lo || m === hi) break;
    if (h(m) >= 0) lo = m;
    else hi = m;
  }
  return 0.5 * (lo + hi);
}

/** Resolves one layer's parameters and computes the fixed-point quantities (internal). */
export function meanFieldFixedPoint(act: Activation, sigmaW2: number, sigmaB2: number, qStart: number): Omit<MeanFieldResult, 'layers' | 'options'> {
  const qMap = (q: number): number => sigmaW2 * activationSecondMoment(act, q) + sigmaB2;
  const qStar = qMapFixedPoint(qMap, qStart);
  let chi1: number;
  let slope: number;
  if (Number.isFinite(qStar)) {
    chi1 = sigmaW2 * activationDerivativeSecondMoment(act, qStar);
    slope = sigmaW2 * activationSecondMomentSlope(act, qStar);
  } else {
    // Diverging q map: report the large-q limits (exact for the positively homogeneous ReLU family).
    chi1 = sigmaW2 * activationDerivativeSecondMoment(act, 1e12);
    slope = sigmaW2 * activationSecondMomentSlope(act, 1e12);
  }
  const phase: MeanFieldPhase = Math.abs(chi1 - 1) <= 1e-9 ? 'critical' : chi1 < 1 ? 'ordered' : 'chaotic';
  let cStar = 1;
  let chiC = chi1;
  if (phase === 'chaotic' && Number.isFinite(qStar) && qStar > 0) {
    const cMap = (c: number): number => (sigmaW2 * activationCrossMoment(act, qStar, c) + sigmaB2) / qStar;
    cStar = correlationFixedPoint(cMap, () => sigmaW2 * activationDerivativeCrossMoment(act, qStar, 0));
    chiC = sigmaW2 * activationDerivativeCrossMoment(act, qStar, cStar);
  }
  const depth = (rate: number): number => {
    const a = Math.abs(rate);
    return a >= 1 ? Infinity : a === 0 ? 0 : -1 / Math.log(a);
  };
  return {
    activation: act.name,
    sigmaW2,
    sigmaB2,
    qStar,
    chi1,
    cStar,
    chiC,
    qMapSlope: slope,
    xiQ: depth(slope),
    xiC: phase === 'critical' ? Infinity : depth(chiC),
    phase,
  };
}

/**
 * Mean-field signal propagation for a deep net with one activation and one (σ_w², σ_b²): q*, χ₁, c*,
 * χ_c, the depth scales ξ_q, ξ_c, the phase, and per-layer q_l from q_in when `depth` is given.
 *
 * @example
 * ```ts
 * import { meanField } from '@spectra/free-prob';
 * // The first case of reference/free-prob/mean_field.json.
 * const r = meanField({ activation: 'tanh', sigmaW2: 1.5, sigmaB2: 0.05 });
 * r.qStar; // 0.418037200533477
 * r.chi1;  // 0.9386362681988523
 * r.phase; // 'ordered'
 * r.cStar; // 1
 * r.xiC;   // 15.790994034123177
 * meanField({ activation: 'relu', sigmaW2: 2, depth: 3 }).layers; // { q: [2, 2, 2], chi: [1, 1, 1] }
 * ```
 */
export function meanField(parameters: MeanFieldParameters): MeanFieldResult {
  if (!parameters || typeof parameters !== 'object') throw new SpectraError('E_ARGUMENT', 'meanField: expected { activation, sigmaW2, sigmaB2?, inputVariance?, depth? }');
  const act = resolveActivation(parameters.activation, 'meanField: activation');
  const sigmaW2 = requirePositive(parameters.sigmaW2, 'meanField: sigmaW2');
  const sigmaB2 = requireNonNegative(parameters.sigmaB2 ?? 0, 'meanField: sigmaB2');
  const inputVariance = requireNonNegative(parameters.inputVariance ?? 1, 'meanField: inputVariance');
  const depth = requireInteger(parameters.depth ?? 0, 'meanField: depth', 0, 1_000_000);
  const q1 = sigmaW2 * inputVariance + sigmaB2;
  const fixed = meanFieldFixedPoint(act, sigmaW2, sigmaB2, q1 > 0 ? q1 : 1);
  const q: number[] = [];
  const chi: number[] = [];
  let ql = q1;
  for (let l = 0; l < depth; l++) {
    q.push(ql);
    chi.push(sigmaW2 * activationDerivativeSecondMoment(act, ql));
    ql = sigmaW2 * activationSecondMoment(act, ql) + sigmaB2;
  }
  return { ...fixed, layers: { q, chi }, options: { activation: act.name, sigmaW2, sigmaB2, inputVariance, depth } };
}

/** One point of the critical line χ₁(q*) = 1. */
export interface CriticalPoint {
  /** The bias variance σ_b² this point was solved for. */
  sigmaB2: number;
  /** σ_w² on the critical line (fan-in units). */
  sigmaW2: number;
  /**
   * The fixed point q* there: 0 for σ_b² = 0 with a smooth φ, φ(0) = 0; NaN when every q is a fixed point
   * (ReLU, σ_b² = 0); Infinity when no crossing was found for q ≤ 1e6 (a diverging q map).
   */
  qStar: number;
}

/**
 * The critical line σ_w²(σ_b²) where χ₁ = 1 (spec §4): parametrised by q, σ_w²(q) = 1/E[φ'(√q ξ)²], then
 * q solves q = σ_w²(q)E[φ(√q ξ)²] + σ_b² (bracketing in log q, bisection). `qStar` is NaN when every q
 * is a fixed point (ReLU, σ_b² = 0).
 *
 * @example
 * ```ts
 * import { criticalLine } from '@spectra/free-prob';
 * criticalLine('tanh', [0.05]); // [{ sigmaB2: 0.05, sigmaW2: 1.7609546396067572, qStar: 0.5700478816407739 }]
 * criticalLine('tanh', [0]);    // [{ sigmaB2: 0, sigmaW2: 1, qStar: 0 }]
 * criticalLine('relu', [0]);    // [{ sigmaB2: 0, sigmaW2: 2, qStar: NaN }]: He init
 * ```
 */
export function criticalLine(activation: ActivationLike, biasVariances: ArrayLike<number>): CriticalPoint[] {
  const act = resolveActivation(activation, 'criticalLine: activation');
  if (!biasVariances || typeof biasVariances.length !== 'number') throw new SpectraError('E_ARGUMENT', 'criticalLine: biasVariances must be an array of numbers ≥ 0');
  const out: CriticalPoint[] = [];
  for (let i = 0; i < biasVariances.length; i++) {
    const sb2 = requireNonNegative(requireFinite(biasVariances[i], `criticalLine: biasVariances[${i}]`), `criticalLine: biasVariances[${i}]`);
    const gain = (q: number): number => 1 / activationDerivativeSecondMoment(act, q);
    const f = (q: number): number => gain(q) * activationSecondMoment(act, q) + sb2 - q;
    // Scan a geometric grid of q for the first sign change, then bisect in log q.
    let prevQ = 1e-8;
    let prevF = f(prevQ);
    let root = NaN;
    let identicallyZero = prevF === 0;
    // q from 1e-8 to 1e6: beyond, every standard activation is in its asymptotic regime.
    for (let k = 1; k <= 280 && Number.isNaN(root); k++) {
      const qk = 1e-8 * Math.pow(10, k / 20);
      const fk = f(qk);
      if (fk !== 0) identicallyZero = false;
      if (prevF > 0 !== fk > 0 && Number.isFinite(fk) && Number.isFinite(prevF)) {
        let a = Math.log(prevQ);
        let b = Math.log(qk);
        const fa = prevF;
        for (let it = 0; it < 200; it++) {
          const m = 0.5 * (a + b);
          if (m === a || m === b) break;
          if (f(Math.exp(m)) > 0 === fa > 0) a = m;
          else b = m;
        }
        root = Math.exp(0.5 * (a + b));
      }
      prevQ = qk;
      prevF = fk;
    }
    if (Number.isNaN(root)) {
      // No crossing: q* = 0 (σ_b² = 0 and φ(0) = 0: σ_w² = 1/φ'(0)²) or a diverging q map.
      if (identicallyZero) out.push({ sigmaB2: sb2, sigmaW2: gain(1), qStar: NaN });
      else if (sb2 === 0 && act.phi(0) === 0 && act.dphi(0) !== 0 && !act.kinked) out.push({ sigmaB2: sb2, sigmaW2: 1 / act.dphi(0) ** 2, qStar: 0 });
      else out.push({ sigmaB2: sb2, sigmaW2: gain(1e12), qStar: Infinity });
    } else out.push({ sigmaB2: sb2, sigmaW2: gain(root), qStar: root });
  }
  return out;
}
