// Architecture of a deep fully connected net, resolved into what the Jacobian master equation needs
// (spec §1, §5): per layer λ_l = N_{l−1}/N_l, Λ_l = Π_{k≤l} λ_k, the fan-out gain σ_l² (a fan-in net with
// gains σ² is the fan-out net with gains σ²/λ_l: the same random network), the bias variance, the
// pre-activation variance q_l from the mean-field recursion and the law of D_l² = φ_l'(√q_l ξ)².
import { SpectraError } from '@spectra/core';
import { resolveActivation, type Activation, type ActivationLike } from './activations.js';
import { activationSecondMoment, smoothRule, splitRuleForKinks } from './gaussian-expectation.js';
import { qMapFixedPoint } from './mean-field.js';
import { gaussHermite } from './quadrature.js';
import { requireFinite, requireNonNegative, requirePositive } from './validate.js';

/** A deep fully connected net at initialisation: widths, activations, weight and bias variances. */
export interface JacobianArchitecture {
  /** Widths N₀ … N_L (L ≥ 1 layers). Give `widths`, or `widthRatios`, or `depth` (square layers). */
  widths?: ArrayLike<number>;
  /** λ_l = N_{l−1}/N_l for l = 1…L (the reference files' `lambdas`). */
  widthRatios?: ArrayLike<number>;
  /** Number of square layers (all λ_l = 1) when neither widths nor ratios are given. */
  depth?: number;
  /** One activation for every layer, or one per layer. */
  activation: ActivationLike | readonly ActivationLike[];
  /** Weight variance gain σ_w² (one, or per layer); its meaning depends on `normalisation`. */
  sigmaW2: number | ArrayLike<number>;
  /** Bias variance σ_b² (one, or per layer; default 0). */
  sigmaB2?: number | ArrayLike<number>;
  /** q_in = ‖x₀‖²/N₀ (default 1). */
  inputVariance?: number;
}

/** Law of D_l²: Bernoulli (values 0, 1) or a discrete law (quadrature nodes of φ'(√q ξ)², or two points). */
export interface DerivativeSquaredLaw {
  /** `'bernoulli'` (φ'² ∈ {0, 1}: the polynomial master equation applies) or `'discrete'` (any other law). */
  kind: 'bernoulli' | 'discrete';
  /** Bernoulli parameter P(D² = 1) (kind 'bernoulli'; NaN for kind 'discrete'). */
  p: number;
  /** Atoms of the law, ascending (kind 'discrete': quadrature values or two points; Bernoulli: [0, 1]). */
  values: Float64Array;
  /** Their probabilities (summing to 1). */
  weights: Float64Array;
  /** μ₁ = E[D²]. */
  mean: number;
  /** μ₂ = E[D⁴]. */
  secondMoment: number;
  /** P(D² > 0): the rank fraction of D_l. */
  positiveMass: number;
}

/** One resolved layer, in fan-out units (Var W_l = σ_l²/N_l). */
export interface ResolvedLayer {
  /** λ_l = N_{l−1}/N_l. */
  lambda: number;
  /** Λ_l = N₀/N_l = λ₁ ⋯ λ_l. */
  Lambda: number;
  /** φ_l, resolved. */
  activation: Activation;
  /** Fan-out gain σ_l². */
  sigma2: number;
  /** Fan-in gain σ_l² λ_l (the one of the mean-field recursion). */
  fanInSigma2: number;
  /** Bias variance σ_{b,l}². */
  sigmaB2: number;
  /** Pre-activation variance q_l (per-layer recursion, or the fixed point q* with dLaw 'fixedPoint'). */
  q: number;
  /** The law of D_l² = φ_l'(√q_l ξ)². */
  law: DerivativeSquaredLaw;
}

/** An architecture validated and resolved into fan-out layers (`resolveJacobianArchitecture`). */
export interface ResolvedArchitecture {
  /** Layers 1 … L. */
  layers: ResolvedLayer[];
  /** q_in = ‖x₀‖²/N₀. */
  inputVariance: number;
  /** Widths when they were given (else null). */
  widths: number[] | null;
  /** How `sigmaW2` was read: `'fanIn'` (Var W_l = σ²/N_{l−1}) or `'fanOut'` (σ²/N_l). */
  normalisation: 'fanIn' | 'fanOut';
  /** Whether each layer's D² law is taken at its per-layer q_l or at the fixed point q*. */
  dLaw: 'perLayer' | 'fixedPoint';
  /** True if every D² law is Bernoulli (the polynomial master equation applies). */
  bernoulli: boolean;
}

/** Options of `resolveJacobianArchitecture`. */
export interface ResolveOptions {
  /** `'fanIn'` (default, He/PyTorch: Var W_l = σ_w²/N_{l−1}) or `'fanOut'` (FreeNN: σ_w²/N_l). */
  normalisation?: 'fanIn' | 'fanOut';
  /** D² laws at the per-layer q_l (default `'perLayer'`) or at each layer's fixed point q* (`'fixedPoint'`). */
  dLaw?: 'perLayer' | 'fixedPoint';
  /** Gauss–Hermite nodes for continuous D² laws (default 200, spec §5). */
  derivativeLawNodes?: number;
}

function perLayer(value: number | ArrayLike<number> | undefined, depth: number, name: string, fallback: number): number[] {
  if (value === undefined) return new Array<number>(depth).fill(fallback);
  if (typeof value === 'number') return new Array<number>(depth).fill(value);
  if (typeof value !== 'object' || typeof value.length !== 'number') throw new SpectraError('E_ARGUMENT', `${name} must be a number or an array of ${depth} numbers`);
  if (value.length !== depth) throw new SpectraError('E_ARGUMENT', `${name} has ${value.length} entries, expected one per layer (${depth})`);
  return Array.from(value);
}

/**
 * The D² law of an activation at pre-activation variance q: Bernoulli for φ'² ∈ {0, 1} (ReLU p = ½,
 * hard-tanh p = erf(1/√(2q)), linear and hard-sine p = 1), two-point for leaky ReLU, otherwise the
 * nodes of a Gauss rule (200-node Gauss–Hermite, spec §5; composite panels when the integrand is
 * too narrow for it, or split at the kinks of a custom activation), equal values merged.
 *
 * @example
 * ```ts
 * import { derivativeSquaredLaw, hardTanh, leakyRelu, tanh } from '@spectra/free-prob';
 * derivativeSquaredLaw(hardTanh, 1.55).p;        // 0.578152024546637 (= erf(1/√3.1))
 * derivativeSquaredLaw(leakyRelu(0.5), 1).values; // Float64Array [0.25, 1]
 * const law = derivativeSquaredLaw(tanh, 0.57);
 * law.kind;                                       // 'discrete'
 * law.values.length;                              // 109: φ'² at 200 Gauss–Hermite nodes, exact ties merged
 * law.mean;                                       // 0.5678895335837453 (E[sech⁴(√q ξ)])
 * ```
 */
export function derivativeSquaredLaw(act: Activation, q: number, nodes = 200): DerivativeSquaredLaw {
  if (act.derivativeLaw === 'bernoulli' && act.activeFraction) {
    const p = act.activeFraction(q);
    return { kind: 'bernoulli', p, values: Float64Array.of(0, 1), weights: Float64Array.of(1 - p, p), mean: p, secondMoment: p, positiveMass: p };
  }
  if (act.derivativeLaw === 'twoPoint' && act.derivativeValues) {
    const [a, b] = act.derivativeValues;
    return discreteLaw([a, b], [0.5, 0.5]);
  }
  const r = Math.sqrt(q);
  const sq = (xi: number): number => {
    const d = act.dphi(r * xi);
    return d * d;
  };
  let rule;
  if (act.kinked) rule = splitRuleForKinks(act.kinksIn(-12 * r, 12 * r).map((k) => k / r));
  else {
    rule = smoothRule(sq, q);
    if (rule === gaussHermite(120)) rule = gaussHermite(nodes);
  }
  const values: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < rule.nodes.length; i++) {
    if (rule.weights[i]! > 0) {
      values.push(sq(rule.nodes[i]!));
      weights.push(rule.weights[i]!);
    }
  }
  return discreteLaw(values, weights);
}

/** A discrete law from atoms and weights: sorted, equal values merged, moments computed. */
export function discreteLaw(values: ArrayLike<number>, weights: ArrayLike<number>): DerivativeSquaredLaw {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const vs: number[] = [];
  const ws: number[] = [];
  for (const i of order) {
    const v = values[i]!;
    const w = weights[i]!;
    if (vs.length > 0 && vs[vs.length - 1] === v) ws[ws.length - 1]! += w;
    else {
      vs.push(v);
      ws.push(w);
    }
  }
  let total = 0;
  let mean = 0;
  let second = 0;
  let positive = 0;
  for (let i = 0; i < vs.length; i++) {
    total += ws[i]!;
    mean += ws[i]! * vs[i]!;
    second += ws[i]! * vs[i]! * vs[i]!;
    if (vs[i]! > 0) positive += ws[i]!;
  }
  // Normalise: quadrature weights sum to 1 up to rounding.
  for (let i = 0; i < ws.length; i++) ws[i]! /= total;
  return {
    kind: 'discrete',
    p: NaN,
    values: Float64Array.from(vs),
    weights: Float64Array.from(ws),
    mean: mean / total,
    secondMoment: second / total,
    positiveMass: positive / total,
  };
}

/**
 * Validates an architecture and resolves it into fan-out layers with their q_l and D² laws
 * (spec §1, §4, §5). Absurd parameters (negative variances, zero widths, depth 0, NaN) → `E_ARGUMENT`.
 *
 * @example
 * ```ts
 * import { resolveJacobianArchitecture } from '@spectra/free-prob';
 * const r = resolveJacobianArchitecture({ widths: [784, 1000, 1000, 10], activation: 'relu', sigmaW2: 2 });
 * r.layers.map((l) => l.lambda); // [0.784, 1, 100]
 * r.layers[2].sigma2;            // 0.02 (fan-in gain 2 over λ = 100)
 * r.layers[2].Lambda;            // 78.4 (Λ₃ = N₀/N₃)
 * r.bernoulli;                   // true
 * ```
 */
export function resolveJacobianArchitecture(architecture: JacobianArchitecture, options: ResolveOptions = {}): ResolvedArchitecture {
  if (!architecture || typeof architecture !== 'object') {
    throw new SpectraError('E_ARGUMENT', 'architecture must be an object { widths | widthRatios | depth, activation, sigmaW2, sigmaB2?, inputVariance? }');
  }
  const normalisation = options.normalisation ?? 'fanIn';
  if (normalisation !== 'fanIn' && normalisation !== 'fanOut') throw new SpectraError('E_ARGUMENT', `normalisation must be 'fanIn' or 'fanOut', got ${String(normalisation)}`);
  const dLaw = options.dLaw ?? 'perLayer';
  if (dLaw !== 'perLayer' && dLaw !== 'fixedPoint') throw new SpectraError('E_ARGUMENT', `dLaw must be 'perLayer' or 'fixedPoint', got ${String(dLaw)}`);
  let lambdas: number[];
  let widths: number[] | null = null;
  if (architecture.widths !== undefined) {
    const w = architecture.widths;
    if (!w || typeof w.length !== 'number') throw new SpectraError('E_ARGUMENT', 'architecture.widths must be an array N₀ … N_L');
    if (w.length < 2) throw new SpectraError('E_ARGUMENT', `architecture.widths must list N₀ … N_L with depth L ≥ 1, got ${w.length} width(s)`);
    widths = [];
    for (let i = 0; i < w.length; i++) {
      const n = w[i];
      if (typeof n !== 'number' || !Number.isFinite(n) || !(n > 0)) throw new SpectraError('E_ARGUMENT', `architecture.widths[${i}] must be a positive width, got ${String(n)}`);
      widths.push(n);
    }
    lambdas = widths.slice(1).map((n, l) => widths![l]! / n);
  } else if (architecture.widthRatios !== undefined) {
    const r = architecture.widthRatios;
    if (!r || typeof r.length !== 'number' || r.length < 1) throw new SpectraError('E_ARGUMENT', 'architecture.widthRatios must be a non-empty array λ₁ … λ_L (depth L ≥ 1)');
    lambdas = [];
    for (let i = 0; i < r.length; i++) lambdas.push(requirePositive(r[i], `architecture.widthRatios[${i}]`));
  } else if (architecture.depth !== undefined) {
    const d = architecture.depth;
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) throw new SpectraError('E_ARGUMENT', `architecture.depth must be an integer ≥ 1, got ${String(d)}`);
    if (d > 100_000) throw new SpectraError('E_ARGUMENT', `architecture.depth must be ≤ 100000, got ${d}`);
    lambdas = new Array<number>(d).fill(1);
  } else {
    throw new SpectraError('E_ARGUMENT', 'architecture needs widths (N₀ … N_L), widthRatios (λ₁ … λ_L) or depth (square layers)');
  }
  const depth = lambdas.length;
  const sigmaW2 = perLayer(architecture.sigmaW2, depth, 'architecture.sigmaW2', NaN).map((v, l) => requirePositive(v, `architecture.sigmaW2[${l}]`));
  const sigmaB2 = perLayer(architecture.sigmaB2, depth, 'architecture.sigmaB2', 0).map((v, l) => requireNonNegative(v, `architecture.sigmaB2[${l}]`));
  const inputVariance = requireNonNegative(requireFinite(architecture.inputVariance ?? 1, 'architecture.inputVariance'), 'architecture.inputVariance');
  const acts = Array.isArray(architecture.activation)
    ? (architecture.activation as readonly ActivationLike[])
    : new Array<ActivationLike>(depth).fill(architecture.activation as ActivationLike);
  if (acts.length !== depth) throw new SpectraError('E_ARGUMENT', `architecture.activation has ${acts.length} entries, expected one per layer (${depth})`);
  const activations = acts.map((a, l) => resolveActivation(a, `architecture.activation[${l}]`));
  const nodes = options.derivativeLawNodes ?? 200;
  const layers: ResolvedLayer[] = [];
  let Lambda = 1;
  // q¹ = g₁ q_in + σ_b², q^{l} = g_l E[φ_{l−1}(√q^{l−1} ξ)²] + σ_b² (fan-in gains g_l = σ_l² λ_l).
  let previous = null as { act: Activation; q: number } | null;
  // Layers with the same parameters share their fixed point and D² law (square nets: one of each).
  const fixedPoints = new Map<string, number>();
  const laws = new Map<string, DerivativeSquaredLaw>();
  const actIds = new Map<Activation, number>();
  const actId = (a: Activation): number => {
    if (!actIds.has(a)) actIds.set(a, actIds.size);
    return actIds.get(a)!;
  };
  for (let l = 0; l < depth; l++) {
    const lambda = lambdas[l]!;
    Lambda *= lambda;
    const sigma2 = normalisation === 'fanIn' ? sigmaW2[l]! / lambda : sigmaW2[l]!;
    const fanInSigma2 = sigma2 * lambda;
    const input: number = previous ? activationSecondMoment(previous.act, previous.q) : inputVariance;
    let q: number = fanInSigma2 * input + sigmaB2[l]!;
    const act = activations[l]!;
    if (dLaw === 'fixedPoint') {
      const key = `${actId(act)}|${fanInSigma2}|${sigmaB2[l]}`;
      const known = fixedPoints.get(key);
      q = known ?? qMapFixedPoint((x) => fanInSigma2 * activationSecondMoment(act, x) + sigmaB2[l]!, q > 0 ? q : 1);
      fixedPoints.set(key, q);
      if (!Number.isFinite(q) || !(q > 0)) {
        throw new SpectraError('E_ARGUMENT', `dLaw 'fixedPoint': layer ${l + 1} has no finite positive fixed point q* (got ${q}); use dLaw 'perLayer'`);
      }
    }
    if (!(q > 0) && act.derivativeLaw !== 'bernoulli') {
      throw new SpectraError('E_ARGUMENT', `layer ${l + 1}: the pre-activation variance q is ${q}; a D² law needs q > 0 (give inputVariance > 0 or sigmaB2 > 0)`);
    }
    const lawKey = `${actId(act)}|${q}`;
    const law = laws.get(lawKey) ?? derivativeSquaredLaw(act, q, nodes);
    laws.set(lawKey, law);
    if (!(law.mean > 0)) throw new SpectraError('E_ARGUMENT', `layer ${l + 1}: E[φ'(h)²] = ${law.mean} at q = ${q}; the Jacobian is zero`);
    layers.push({ lambda, Lambda, activation: act, sigma2, fanInSigma2, sigmaB2: sigmaB2[l]!, q, law });
    previous = { act, q };
  }
  return { layers, inputVariance, widths, normalisation, dLaw, bernoulli: layers.every((l) => l.law.kind === 'bernoulli') };
}
