// Gaussian expectations of activations (spec §4): probabilists' Gauss–Hermite with 120 nodes (a 2-D
// tensor product for correlated pairs) for smooth functions, where it converges spectrally; for kinked
// functions 120 Hermite nodes lose accuracy (1e-3 on the ReLU c map), so the integral over ξ is split
// at the kinks into Gauss–Legendre panels on [−R, R] (R = 12: the Gaussian tail beyond is < 1e-32).
// Smooth is not enough at large q: the integrand φ(√q ξ) varies on the scale 1/√q and its complex
// singularities (tanh: ξ = iπ/(2√q)) approach the axis, so Hermite rules converge slowly (measured
// for E[tanh'(√q ξ)²]: 120 vs 200 nodes differ by 3e-11 at q = 1, 2e-5 at q = 4, 2e-3 at q = 10). Each
// smooth expectation therefore compares the 120- and 200-node values (q ≤ 16 only) and, when they differ
// by more than 1e-14 relative, switches to Gauss–Legendre panels graded from width 0.75/√q at the origin,
// refined until two successive rules agree.
import type { Activation } from './activations.js';
import { gaussHermite, gaussLegendre, type QuadratureRule } from './quadrature.js';

/** Number of Gauss–Hermite nodes for smooth integrands (spec §4). */
export const HERMITE_NODES = 120;
const RANGE = 12;
const PANEL_NODES = 24;
const PANEL_WIDTH = 0.75;
const INV_SQRT_2PI = 0.3989422804014327;

/** Breakpoints of [−R, R] for a kinked integrand: kinks (in ξ units) plus panels of width ≤ PANEL_WIDTH. */
function panels(breaks: number[]): number[] {
  const pts = [-RANGE, ...breaks.filter((b) => b > -RANGE && b < RANGE).sort((a, b) => a - b), RANGE];
  const out: number[] = [pts[0]!];
  for (let i = 1; i < pts.length; i++) {
    const a = out[out.length - 1]!;
    const b = pts[i]!;
    if (!(b > a)) continue;
    const k = Math.max(1, Math.ceil((b - a) / PANEL_WIDTH));
    for (let j = 1; j <= k; j++) out.push(j === k ? b : a + ((b - a) * j) / k);
  }
  return out;
}

/**
 * A rule in ξ units with the Gaussian density folded into the weights, split at `breaks` (ξ units)
 * into Gauss–Legendre panels of width ≤ 0.75 on [−12, 12].
 */
export function splitRuleForKinks(breaks: number[]): QuadratureRule {
  const { nodes, weights } = gaussLegendre(PANEL_NODES);
  const pts = panels(breaks);
  const count = pts.length - 1;
  const xs = new Float64Array(count * PANEL_NODES);
  const ws = new Float64Array(count * PANEL_NODES);
  for (let p = 0; p < count; p++) {
    const a = pts[p]!;
    const b = pts[p + 1]!;
    const half = 0.5 * (b - a);
    const mid = 0.5 * (a + b);
    for (let i = 0; i < PANEL_NODES; i++) {
      const xi = mid + half * nodes[i]!;
      xs[p * PANEL_NODES + i] = xi;
      ws[p * PANEL_NODES + i] = half * weights[i]! * INV_SQRT_2PI * Math.exp(-0.5 * xi * xi);
    }
  }
  return { nodes: xs, weights: ws };
}

/** ∫ f(ξ) N(ξ) dξ over [−R, R] split at `breaks` (composite Gauss–Legendre, Gaussian weight inside). */
function splitIntegral(f: (xi: number) => number, breaks: number[]): number {
  return applyRule(splitRuleForKinks(breaks), f);
}

/**
 * A 1-D rule in ξ units with the Gaussian density folded into the weights: Σ wᵢ f(ξᵢ) ≈ E f(ξ).
 * Gauss–Legendre panels graded from the origin: the first of width `width`, each next 1.25× wider, up to
 * |ξ| = 12 — activations vary on the scale 1/√q around 0 and saturate or grow slowly beyond, so the
 * panel count grows like log(1/width) instead of 1/width.
 */
function compositeRule(width: number): QuadratureRule {
  const { nodes, weights } = gaussLegendre(PANEL_NODES);
  const edges: number[] = [0];
  for (let k = 0; edges[edges.length - 1]! < RANGE; k++) edges.push(Math.min(RANGE, edges[edges.length - 1]! + width * Math.pow(1.25, k)));
  const xs: number[] = [];
  const ws: number[] = [];
  for (let p = 0; p + 1 < edges.length; p++) {
    const a = edges[p]!;
    const b = edges[p + 1]!;
    const half = 0.5 * (b - a);
    const mid = 0.5 * (a + b);
    for (let i = 0; i < PANEL_NODES; i++) {
      const xi = mid + half * nodes[i]!;
      const w = half * weights[i]! * INV_SQRT_2PI * Math.exp(-0.5 * xi * xi);
      xs.push(xi, -xi);
      ws.push(w, w);
    }
  }
  return { nodes: Float64Array.from(xs), weights: Float64Array.from(ws) };
}

function applyRule(rule: QuadratureRule, f: (xi: number) => number): number {
  const { nodes, weights } = rule;
  let s = 0;
  for (let i = 0; i < nodes.length; i++) s += weights[i]! * f(nodes[i]!);
  return s;
}

const agree = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * (Math.abs(a) + Math.abs(b)) + 1e-300;

/**
 * A rule in ξ units accurate for the smooth `probe(ξ)`: 120-node Gauss–Hermite when it agrees with
 * 200 nodes to 1e-14, else composite Gauss–Legendre refined until two widths agree to 1e-13.
 */
export function smoothRule(probe: (xi: number) => number, q: number): QuadratureRule {
  const gh = gaussHermite(HERMITE_NODES);
  // Hermite nodes near 0 are ~0.28 apart: for q > 16 a feature of width 1/√q can sit between them, where
  // 120 and 200 nodes may agree on a wrong value (both miss it), so only smaller q may use them.
  if (q <= 16) {
    const a = applyRule(gh, probe);
    const b = applyRule(gaussHermite(200), probe);
    if (agree(a, b, 1e-14)) return gh;
  }
  let width = 0.75 / Math.max(1, Math.sqrt(q));
  let rule = compositeRule(width);
  let value = applyRule(rule, probe);
  for (let k = 0; k < 6; k++) {
    width *= 0.5;
    const finer = compositeRule(width);
    const v = applyRule(finer, probe);
    rule = finer;
    if (agree(v, value, 1e-13)) break;
    value = v;
  }
  return rule;
}

/**
 * E[f(h)], h = √q ξ ~ N(0, q). `kinksIn(lo, hi)` lists the points in (lo, hi) where f is not smooth
 * (then split Gauss–Legendre); without kinks, 120-node Gauss–Hermite (or composite panels, see above).
 *
 * @example
 * ```ts
 * import { gaussianExpectation } from '@spectra/free-prob';
 * gaussianExpectation((h) => h * h, 2); // 1.9999999999999973 (E h² = q)
 * // A kink at 0, declared so the integral is split there:
 * gaussianExpectation((h) => Math.max(0, h), 1, (lo, hi) => (lo < 0 && hi > 0 ? [0] : [])); // 0.3989422804014323 (1/√(2π))
 * ```
 */
export function gaussianExpectation(f: (h: number) => number, q: number, kinksIn?: (lo: number, hi: number) => number[]): number {
  const r = Math.sqrt(q);
  const kinks = kinksIn && r > 0 ? kinksIn(-RANGE * r, RANGE * r) : [];
  if (kinksIn && kinks.length > 0) return splitIntegral((xi) => f(r * xi), kinks.map((k) => k / r));
  const g = (xi: number): number => f(r * xi);
  return applyRule(smoothRule(g, q), g);
}

/**
 * E[f(u₁)g(u₂)] for centred Gaussians with Var u₁ = Var u₂ = q and correlation c:
 * u₁ = √q ξ₁, u₂ = √q(c ξ₁ + √(1 − c²) ξ₂). Without kink lists: 120×120 Gauss–Hermite tensor product. Kinked: the
 * inner ξ₂ integral is split at g's kinks, the outer at f's kinks and where the inner integrand's
 * kinks sit at ξ₂ = 0 (so the nearly kinked outer integrand near c = 1 is resolved too).
 *
 * @example
 * ```ts
 * import { correlatedGaussianExpectation } from '@spectra/free-prob';
 * correlatedGaussianExpectation((x) => x, (x) => x, 2, 0.3); // 0.599999999999999 (E u₁u₂ = q c)
 * ```
 */
export function correlatedGaussianExpectation(
  f: (u: number) => number,
  g: (u: number) => number,
  q: number,
  c: number,
  kinksF?: (lo: number, hi: number) => number[],
  kinksG?: (lo: number, hi: number) => number[],
): number {
  const r = Math.sqrt(q);
  const cc = Math.max(-1, Math.min(1, c));
  const s = Math.sqrt(Math.max(0, 1 - cc * cc));
  const anyKinks = kinksF !== undefined || kinksG !== undefined;
  if (!anyKinks) {
    const { nodes, weights } = smoothRule((xi) => {
      const a = f(r * xi);
      const b = g(r * xi);
      return a * a + b * b;
    }, q);
    const n = nodes.length;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const x1 = nodes[i]!;
      const fv = f(r * x1);
      if (fv === 0) continue;
      let inner = 0;
      for (let j = 0; j < n; j++) inner += weights[j]! * g(r * (cc * x1 + s * nodes[j]!));
      total += weights[i]! * fv * inner;
    }
    return total;
  }
  if (s === 0) {
    // Perfect correlation: u₂ = c·u₁ with c = ±1.
    return gaussianExpectation((h) => f(h) * g(cc * h), q, (lo, hi) => {
      const kf = kinksF ? kinksF(lo, hi) : [];
      const kg = kinksG ? kinksG(Math.min(cc * lo, cc * hi), Math.max(cc * lo, cc * hi)).map((k) => k / cc) : [];
      return [...kf, ...kg].sort((a, b) => a - b);
    });
  }
  const outerBreaks: number[] = [];
  if (kinksF) for (const k of kinksF(-RANGE * r, RANGE * r)) outerBreaks.push(k / r);
  if (kinksG && cc !== 0) for (const k of kinksG(-RANGE * r * Math.abs(cc), RANGE * r * Math.abs(cc))) outerBreaks.push(k / (r * cc));
  return splitIntegral((x1) => {
    const fv = f(r * x1);
    if (fv === 0) return 0;
    const shift = cc * x1;
    // g(r(shift + s ξ₂)) has kinks at ξ₂ = (k/r − shift)/s.
    const innerBreaks: number[] = [];
    if (kinksG) {
      const lo = r * (shift - s * RANGE);
      const hi = r * (shift + s * RANGE);
      for (const k of kinksG(lo, hi)) innerBreaks.push((k / r - shift) / s);
    }
    return fv * splitIntegral((x2) => g(r * (shift + s * x2)), innerBreaks);
  }, outerBreaks);
}

/** E[φ(h)²], closed form when the activation has one. */
export function activationSecondMoment(act: Activation, q: number): number {
  const cf = act.closedForms.secondMoment;
  if (cf) return cf(q);
  return gaussianExpectation((h) => {
    const v = act.phi(h);
    return v * v;
  }, q, act.kinked ? act.kinksIn : undefined);
}

/** E[φ'(h)²]. */
export function activationDerivativeSecondMoment(act: Activation, q: number): number {
  const cf = act.closedForms.derivativeSecondMoment;
  if (cf) return cf(q);
  return gaussianExpectation((h) => {
    const v = act.dphi(h);
    return v * v;
  }, q, act.kinked ? act.kinksIn : undefined);
}

/** E[φ(h)]. */
export function activationMean(act: Activation, q: number): number {
  const cf = act.closedForms.mean;
  if (cf) return cf(q);
  return gaussianExpectation(act.phi, q, act.kinked ? act.kinksIn : undefined);
}

/**
 * d/dq E[φ(h)²]: E[φ'²] + E[φφ''] for smooth φ (Gaussian integration by parts); for kinked φ without a
 * closed form, the kink terms are the point masses of φ'' (jumps of φ' times the density at the kink),
 * d/dq E φ² = E[φ'²] + E[φφ''] on the smooth pieces + Σ_k φ(k)·[φ'](k)·p_q(k).
 */
export function activationSecondMomentSlope(act: Activation, q: number): number {
  const cf = act.closedForms.secondMomentSlope;
  if (cf) return cf(q);
  const smooth = gaussianExpectation((h) => {
    const d = act.dphi(h);
    const d2 = act.d2phi(h);
    return d * d + act.phi(h) * (Number.isFinite(d2) ? d2 : 0);
  }, q, act.kinked ? act.kinksIn : undefined);
  if (!act.kinked) return smooth;
  const r = Math.sqrt(q);
  let jumps = 0;
  for (const k of act.kinksIn(-RANGE * r, RANGE * r)) {
    const eps = 1e-9 * Math.max(1, Math.abs(k));
    const jump = act.dphi(k + eps) - act.dphi(k - eps);
    jumps += act.phi(k) * jump * (INV_SQRT_2PI / r) * Math.exp((-0.5 * k * k) / q);
  }
  return smooth + jumps;
}

/** E[φ(u₁)φ(u₂)] (correlation c). */
export function activationCrossMoment(act: Activation, q: number, c: number): number {
  const cf = act.closedForms.crossMoment;
  if (cf) return cf(q, c);
  const k = act.kinked ? act.kinksIn : undefined;
  return correlatedGaussianExpectation(act.phi, act.phi, q, c, k, k);
}

/** E[φ'(u₁)φ'(u₂)] (correlation c). */
export function activationDerivativeCrossMoment(act: Activation, q: number, c: number): number {
  const cf = act.closedForms.derivativeCrossMoment;
  if (cf) return cf(q, c);
  const k = act.kinked ? act.kinksIn : undefined;
  return correlatedGaussianExpectation(act.dphi, act.dphi, q, c, k, k);
}
