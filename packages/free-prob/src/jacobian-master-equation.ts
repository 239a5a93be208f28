// The master equation of ν_J, the limiting ESD of JᵀJ (spec §5), in the shifted unknown u = m + s,
// s = min(1, min_l P(D_l² > 0)/Λ_l), so that the factor vanishing at z → 0 keeps relative precision
// (§6.6) and the continuous part of G is u/z (G = (u + 1 − s)/z, atom 1 − s at 0).
//
// Bernoulli D² laws: M⁻¹ = A/B is rational with real roots, kept factored:
//   Gaussian W:   A = (m + 1) Π_l σ_l²Λ_l (m + a_l), a_l = p_l/Λ_l;  B = m.
//   Haar W (square layers): A = Π_l σ_l² (m + p_l);  B = m (1 + m)^{L−1}.
// General D² laws (discrete: quadrature nodes of φ'(√q ξ)², or leaky ReLU's two points): with
//   M_{D_l²}(w_l) = Λ_l m,  f(m) = (1 + m) Π_l σ_l² Λ_l m w_l g_l(m) − z m,  g_l = 1 or 1/(1 + Λ_l m),
// eliminating each w_l by a 1-D Newton solve (the arrowhead system of §5 solved by its Schur complement).
//
// Exact CDF (no quadrature): along z = M⁻¹(m), G dz = (1 + m) d log M⁻¹(m) has an elementary primitive Φ,
// and F(x) = (Im Φ(M(−∞)) − Im Φ(M(x + i0)))/π. Every logarithm's argument (m − root with a real root,
// and w_l − d with Im w_l > 0) stays in one open half-plane for z ∈ ℂ⁺, so principal arguments are
// already continuous along any path in ℂ⁺: no unwrapping is needed and F is pointwise (the spec's
// path with unwrapping gives the same values). Im Φ(M(−∞)) follows from M(x) → 0⁻ as x → −∞.
import { FactoredPolynomial, FactoredRationalEquation } from './factored-equation.js';
import type { LilypadEquation } from './lilypads.js';
import type { ResolvedArchitecture } from './jacobian-architecture.js';

/**
 * What every master equation of ν_J provides to the spectrum driver (`JacobianMeasure.master`): the
 * lilypads equation in a shifted unknown u and what turns a solved u into G, the CDF, atoms and edges.
 */
export interface JacobianMasterEquation {
  /** The lilypads equation in the shifted unknown u (u = m + s; Haar Bernoulli: u = v + s/(1 − s)). */
  equation: LilypadEquation;
  /** s: M(0⁺) = −s, atom at 0 = 1 − s. */
  shift: number;
  /** Atoms of ν_J: at 0 (mass 1 − s, if positive) and, for Haar layers with Bernoulli D², at Π σ_l². */
  atoms: Array<{ location: number; mass: number }>;
  /** m₁ of ν_J (closed form from the S-transform expansion). */
  mean: number;
  /** m₂ of ν_J (closed form). */
  secondMoment: number;
  /** CDF at a solved point u (after `equation.evaluate` at that u for general D-laws). */
  cdfFromSolution(ur: number, ui: number): number;
  /** G(z) (out[0..1]) and its continuous part G − Σ atoms/(z − location) (out[2..3]) at a solved point u. */
  greenFunction(zr: number, zi: number, ur: number, ui: number, out: Float64Array): void;
  /** Upper edge x₊ of the support, from the real critical points of M⁻¹. */
  upperEdge: number;
  /** Lower edge of the continuous part (0 when there is no gap above the atom). */
  lowerEdge: number;
  /** 'polynomial' (Bernoulli, certified) or 'generalDLaw' (uncertified trial Newton). */
  kind: 'polynomial' | 'generalDLaw';
}

/** arg t with Im t clamped to ≤ −0: the lower-half-plane principal value (−π on the negative axis). */
function argLower(re: number, im: number): number {
  return Math.atan2(im > 0 ? -0 : im, re);
}

/** arg t with Im t clamped to ≥ +0: the upper-half-plane principal value (π on the negative axis). */
function argUpper(re: number, im: number): number {
  return Math.atan2(im < 0 || Object.is(im, -0) ? 0 : im, re);
}

/** Moments of ν_J from the S-transform expansion S = (1/m₁)(1 + s₁ m + …), s₁ = 1 − m₂/m₁² (spec §5). */
function moments(arch: ResolvedArchitecture, orthogonal: boolean): { mean: number; secondMoment: number } {
  let mean = 1;
  let ratio = 1;
  for (const l of arch.layers) {
    mean *= l.sigma2 * l.law.mean;
    const r = l.law.secondMoment / (l.law.mean * l.law.mean);
    ratio += orthogonal ? r - 1 : l.Lambda * r;
  }
  return { mean, secondMoment: ratio * mean * mean };
}

/** s = min(1, min_l P(D_l² > 0)/Λ_l) (rank bound). */
export function jacobianShift(arch: ResolvedArchitecture): number {
  let s = 1;
  for (const l of arch.layers) s = Math.min(s, l.law.positiveMass / l.Lambda);
  return s;
}

/**
 * The factored master equation for Bernoulli D² laws, with its exact CDF primitive and support edges.
 *
 * Gaussian W: unknown m = M(z), M⁻¹(m) = A(m)/m, A = (m + 1) Π σ_l²Λ_l (m + a_l), G = (1 + m)/z.
 * Haar W (square layers): M⁻¹ = Π σ_l²(m + p_l)/(m (1 + m)^{L−1}) has a pole of M at x₀ = Π σ_l² whenever
 * ν_J has an atom there (mass 1 − Σ(1 − p_l) > 0), and continuing m through a pole is hopeless (the
 * certified steps shrink like 1/|m|²). In v = m/(1 + m) (so 1 + m = 1/(1 − v)) the same equation is
 * Π σ_l²((1 − p_l)v + p_l) − z v = 0: a polynomial A(v) − z v again, with no pole (v → 1 at x₀), and
 * G = 1/((1 − v) z). Both cases are f(w) = A(w) − z·w with A factored over real roots α_j and
 * G = h(w)/z, h = 1 + w or 1/(1 − w); the primitive of G dz = h d log(A/w) is elementary:
 *   h = 1 + w:      Φ = Σ_j k_j[w + (1 + α_j) log(w − α_j)] − [w + log w]
 *   h = 1/(1 − w):  Φ = Σ_j k_j/(1 − α_j)[log(w − α_j) − log(1 − w)] − [log w − log(1 − w)].
 */
export function bernoulliMasterEquation(arch: ResolvedArchitecture, orthogonal: boolean): JacobianMasterEquation {
  const layers = arch.layers;
  const s = jacobianShift(arch);
  const { mean, secondMoment } = moments(arch, orthogonal);
  // Roots α_j (in w), multiplicities and scales of A; w(0⁺) = −sw.
  const factors: Array<{ alpha: number; scale: number }> = [];
  let constant = 1;
  let sw: number;
  if (!orthogonal) {
    factors.push({ alpha: -1, scale: 1 });
    for (const l of layers) factors.push({ alpha: -l.law.p / l.Lambda, scale: l.sigma2 * l.Lambda });
    sw = s;
  } else {
    for (const l of layers) {
      if (l.law.p < 1) factors.push({ alpha: -l.law.p / (1 - l.law.p), scale: l.sigma2 * (1 - l.law.p) });
      else constant *= l.sigma2;
    }
    // v(0⁺) = M(0⁺)/(1 + M(0⁺)) = −s/(1 − s); s = 1 (every p_l = 1: ν_J = δ_{x₀}) has no continuous part.
    sw = s < 1 ? s / (1 - s) : 0;
  }
  const a = new FactoredPolynomial(
    factors.map((f) => ({ root: sw + f.alpha, scale: f.scale })),
    constant,
  );
  const b = new FactoredPolynomial([{ root: sw }]);
  // Asymptotics: m ≈ m₁/z; v = m/(1 + m) ≈ m₁/z too.
  const equation = new FactoredRationalEquation(a, b, { offset: sw, coefficient: mean }, 0);
  const alphas = Array.from(a.rootsRe).map((r) => r - sw);
  const ks = Array.from(a.multiplicities);
  const atom0 = 1 - s;
  const x0 = layers.reduce((x, l) => x * l.sigma2, 1);
  let atomX0 = 0;
  if (orthogonal) {
    let mass = 1;
    for (const l of layers) mass -= 1 - l.law.p;
    if (mass > 1e-15) atomX0 = mass;
  }

  const greenFunction = (zr: number, zi: number, ur: number, ui: number, out: Float64Array): void => {
    const d = zr * zr + zi * zi;
    // 1/z
    const ir = zr / d;
    const ii = -zi / d;
    if (!orthogonal) {
      // G = (u + 1 − s)/z, continuous part u/z.
      const hr = ur + 1 - s;
      out[0] = hr * ir - ui * ii;
      out[1] = hr * ii + ui * ir;
      out[2] = ur * ir - ui * ii;
      out[3] = ur * ii + ui * ir;
      return;
    }
    // v = u − sw; G = 1/((1 − v) z); G − atom₀/z = (1 − s) u/((1 − v) z) (no cancellation near 0).
    const vr = ur - sw;
    const vi = ui;
    const er = 1 - vr;
    const ei = -vi;
    const ed = er * er + ei * ei;
    const hr = er / ed;
    const hi = -ei / ed;
    out[0] = hr * ir - hi * ii;
    out[1] = hr * ii + hi * ir;
    const cr = atom0 * (ur * hr - ui * hi);
    const ci = atom0 * (ur * hi + ui * hr);
    out[2] = (s < 1 ? cr : hr) * ir - (s < 1 ? ci : hi) * ii;
    out[3] = (s < 1 ? cr : hr) * ii + (s < 1 ? ci : hi) * ir;
    if (atomX0 > 0) {
      const pr = zr - x0;
      const pd = pr * pr + zi * zi;
      out[2] -= (atomX0 * pr) / pd;
      out[3] += (atomX0 * zi) / pd;
    }
  };

  // Exact CDF from Φ (module comment): args of w − α and w in the lower half-plane, of 1 − w in the upper.
  let imPhiMinusInfinity = 0;
  // w → 0⁻ as x → −∞: arg(w − α) = 0 for α < 0, arg w = −π, arg(1 − w) = 0.
  for (let j = 0; j < alphas.length; j++) {
    if (alphas[j]! >= 0) imPhiMinusInfinity += (orthogonal ? ks[j]! / (1 - alphas[j]!) : ks[j]! * (1 + alphas[j]!)) * -Math.PI;
  }
  imPhiMinusInfinity += Math.PI;
  const degree = ks.reduce((x, y) => x + y, 0);
  const cdfFromSolution = (ur: number, ui: number): number => {
    const wr = ur - sw;
    const wi = ui;
    let im: number;
    if (!orthogonal) {
      im = (degree - 1) * wi - argLower(wr, wi);
      for (let j = 0; j < alphas.length; j++) im += ks[j]! * (1 + alphas[j]!) * argLower(ur - a.rootsRe[j]!, ui);
    } else {
      const argOneMinus = argUpper(1 - wr, -wi);
      im = -argLower(wr, wi) + argOneMinus;
      for (let j = 0; j < alphas.length; j++) im += (ks[j]! / (1 - alphas[j]!)) * (argLower(ur - a.rootsRe[j]!, ui) - argOneMinus);
    }
    return (imPhiMinusInfinity - im) / Math.PI;
  };

  // R(w) = A(w)/w on the real line and w·(log R)'(w) for the edges (spec §5).
  const ratio = (w: number): number => {
    let v = constant / w;
    for (let j = 0; j < alphas.length; j++) v *= Math.pow(a.scales[j]! * (w - alphas[j]!), ks[j]!);
    return v;
  };
  const wLogDerivative = (w: number): number => {
    let v = -1;
    for (let j = 0; j < alphas.length; j++) v += (ks[j]! * w) / (w - alphas[j]!);
    return v;
  };
  let upperEdge: number;
  if (!orthogonal) upperEdge = upperEdgeOf(ratio, wLogDerivative, Infinity, 1e12);
  else upperEdge = alphas.length === 0 ? x0 : upperEdgeOf(ratio, wLogDerivative, x0, 1 - 1e-15);
  // Gap above the atom: the critical point of R between −sw and the next root to its left.
  let lowerEdge = 0;
  const left = alphas.filter((alpha) => alpha < -sw - 1e-15 * Math.max(1, sw));
  if (left.length > 0 && s < 1 + 1e-300) {
    const next = Math.max(...left);
    const width = -sw - next;
    let a0 = next + width * 1e-12;
    let b0 = -sw - width * 1e-12;
    if (wLogDerivative(a0) < 0 && wLogDerivative(b0) > 0) {
      for (let k = 0; k < 200; k++) {
        const mid = 0.5 * (a0 + b0);
        if (mid === a0 || mid === b0) break;
        if (wLogDerivative(mid) < 0) a0 = mid;
        else b0 = mid;
      }
      const v = ratio(0.5 * (a0 + b0));
      if (v > 0) lowerEdge = v;
    }
  }
  const atoms: Array<{ location: number; mass: number }> = [];
  if (atom0 > 0) atoms.push({ location: 0, mass: atom0 });
  if (atomX0 > 0) atoms.push({ location: x0, mass: atomX0 });
  return { equation, shift: s, atoms, mean, secondMoment, cdfFromSolution, greenFunction, upperEdge, lowerEdge, kind: 'polynomial' };
}

/**
 * x₊ = R at its first critical point w* in (0, wMax) (R decreases from +∞ at 0⁺ to its minimum there),
 * found by bisection in log w on the sign of w·(log R)'; `limit` when R only decreases up to wMax.
 */
export function upperEdgeOf(ratio: (w: number) => number, wLogDerivative: (w: number) => number, limit: number, wMax: number): number {
  let lo = 1e-300;
  let hi = NaN;
  const top = Math.log10(wMax);
  for (let e = -12; ; e += 0.25) {
    const w = e >= top ? wMax : Math.pow(10, e);
    if (wLogDerivative(w) > 0) {
      hi = w;
      break;
    }
    lo = w;
    if (e >= top) break;
  }
  if (Number.isNaN(hi)) return limit;
  let a = Math.log(lo);
  let b = Math.log(hi);
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (a + b);
    if (mid === a || mid === b) break;
    if (wLogDerivative(Math.exp(mid)) > 0) b = mid;
    else a = mid;
  }
  return ratio(Math.exp(0.5 * (a + b)));
}

/** Layers sharing a D² law and Λ share w (square nets at the fixed point: one w for all layers). */
interface LayerGroup {
  values: Float64Array;
  weights: Float64Array;
  Lambda: number;
  /** Σ over the group's layers of log(σ_l² Λ_l) as a product factor, and the group size. */
  scale: number;
  count: number;
  mean: number;
  secondMoment: number;
  // Current w (continued from the last evaluation) and its derivative dw/dm.
  wRe: number;
  wIm: number;
}

/**
 * The general D² law equation (uncertified): f(m) = (1 + m) Π σ²Λ m w_l g_l − z m in u = m + s, with each
 * w_l solved from M_{D_l²}(w_l) = Λ_l m by Newton from the previous w (continuation).
 */
export class GeneralDLawEquation implements LilypadEquation {
  readonly certifiable = false;
  readonly stepScale = 0;
  readonly groups: LayerGroup[];
  readonly shift: number;
  readonly orthogonal: boolean;
  readonly mean: number;
  private failed = false;

  constructor(arch: ResolvedArchitecture, orthogonal: boolean, shift: number, mean: number) {
    this.shift = shift;
    this.orthogonal = orthogonal;
    this.mean = mean;
    const groups: LayerGroup[] = [];
    const sameLaw = (a: Float64Array, b: Float64Array, wa: Float64Array, wb: Float64Array): boolean => {
      if (a === b) return true;
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i] || wa[i] !== wb[i]) return false;
      return true;
    };
    for (const l of arch.layers) {
      const g = groups.find((x) => x.Lambda === l.Lambda && sameLaw(x.values, l.law.values, x.weights, l.law.weights));
      if (g) {
        g.scale *= l.sigma2 * l.Lambda;
        g.count++;
      } else {
        groups.push({
          values: l.law.values,
          weights: l.law.weights,
          Lambda: l.Lambda,
          scale: l.sigma2 * l.Lambda,
          count: 1,
          mean: l.law.mean,
          secondMoment: l.law.secondMoment,
          wRe: NaN,
          wIm: NaN,
        });
      }
    }
    this.groups = groups;
  }

  /** Inner Newton iterations, summed (diagnostics). */
  innerIterations = 0;

  /** Solves M_D(w) = c for one group by Newton from its current w (or the asymptotic guess). */
  private solveW(g: LayerGroup, cRe: number, cIm: number): boolean {
    const vals = g.values;
    const wts = g.weights;
    const n = vals.length;
    const cAbs2 = cRe * cRe + cIm * cIm;
    if (!(cAbs2 > 0)) return false;
    let wr = g.wRe;
    let wi = g.wIm;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (attempt === 1 || !Number.isFinite(wr) || !Number.isFinite(wi)) {
        // M_D(w) ≈ μ₁/w + μ₂/w²: w ≈ μ₁/c + μ₂/μ₁.
        wr = (g.mean * cRe) / cAbs2 + g.secondMoment / g.mean;
        wi = (-g.mean * cIm) / cAbs2;
      }
      let ok = false;
      let prev = Infinity;
      for (let it = 0; it < 40; it++) {
        let fr = -cRe;
        let fi = -cIm;
        let dr = 0;
        let di = 0;
        for (let i = 0; i < n; i++) {
          const tr = wr - vals[i]!;
          const d2 = tr * tr + wi * wi;
          const wd = (wts[i]! * vals[i]!) / d2;
          // d/(w − d) = d·conj(t)/|t|²; its derivative −d/(w − d)² = −d·conj(t)²/|t|⁴.
          fr += wd * tr;
          fi -= wd * wi;
          const inv = wd / d2;
          dr -= inv * (tr * tr - wi * wi);
          di += inv * 2 * tr * wi;
        }
        const den = dr * dr + di * di;
        if (!(den > 0) || !Number.isFinite(den)) break;
        const sr = -(fr * dr + fi * di) / den;
        const si = -(fi * dr - fr * di) / den;
        const sAbs = Math.sqrt(sr * sr + si * si);
        wr += sr;
        wi += si;
        this.innerIterations++;
        const wAbs = Math.sqrt(wr * wr + wi * wi);
        // Converged at 1e-14, or stagnating at the rounding floor below 1e-10.
        if (sAbs <= 1e-14 * wAbs || (it > 1 && sAbs > 0.5 * prev && sAbs <= 1e-10 * wAbs)) {
          ok = true;
          break;
        }
        if (it > 3 && sAbs > 0.5 * prev) break;
        prev = sAbs;
      }
      // The physical w lies in ℂ⁺ when Λm ∈ ℂ⁻ (w ↦ M_D(w) maps ℂ⁺ into ℂ⁻).
      if (ok && Number.isFinite(wr) && (cIm >= 0 || wi > 0)) {
        g.wRe = wr;
        g.wIm = wi;
        return true;
      }
    }
    return false;
  }

  evaluate(zr: number, zi: number, ur: number, ui: number, out: Float64Array): void {
    const mr = ur - this.shift;
    const mi = ui;
    // Product Π (σ²Λ m w)^count · g and Σ count·(d/dm log(m w) + d/dm log g), times (1 + m).
    let pr = 1 + mr;
    let pi = mi;
    // (log((1+m)Π…))' = 1/(1+m) + Σ …
    const opr = 1 + mr;
    const opi = mi;
    const opd = opr * opr + opi * opi;
    let sr = opr / opd;
    let si = -opi / opd;
    this.failed = false;
    for (const g of this.groups) {
      const cRe = g.Lambda * mr;
      const cIm = g.Lambda * mi;
      if (!this.solveW(g, cRe, cIm)) {
        this.failed = true;
        out[0] = NaN;
        out[1] = NaN;
        out[2] = NaN;
        out[3] = NaN;
        return;
      }
      const wr = g.wRe;
      const wi = g.wIm;
      // t = Λ m w; dt/dm = Λ (w + m w'), w' = Λ / M_D'(w).
      let dr = 0;
      let di = 0;
      const vals = g.values;
      const wts = g.weights;
      for (let i = 0; i < vals.length; i++) {
        const tr = wr - vals[i]!;
        const ti = wi;
        const d2 = tr * tr + ti * ti;
        const inv = (wts[i]! * vals[i]!) / (d2 * d2);
        dr -= inv * (tr * tr - ti * ti);
        di += inv * 2 * tr * ti;
      }
      const dd = dr * dr + di * di;
      const wpr = (g.Lambda * dr) / dd;
      const wpi = (-g.Lambda * di) / dd;
      const tr = g.Lambda * (mr * wr - mi * wi);
      const ti = g.Lambda * (mr * wi + mi * wr);
      // t'/t = 1/m + w'/w
      const md = mr * mr + mi * mi;
      const wd = wr * wr + wi * wi;
      let lr = mr / md + (wpr * wr + wpi * wi) / wd;
      let li = -mi / md + (wpi * wr - wpr * wi) / wd;
      // factor (σ²Λ... ) = scale · t^count / Λ^count … scale already holds Π σ²Λ; t/Λ = m w.
      let fr = tr / g.Lambda;
      let fi = ti / g.Lambda;
      let br = fr;
      let bi = fi;
      for (let k = 1; k < g.count; k++) {
        const t = br * fr - bi * fi;
        bi = br * fi + bi * fr;
        br = t;
      }
      br *= g.scale;
      bi *= g.scale;
      if (this.orthogonal) {
        // g_l = 1/(1 + Λ m), (log g)' = −Λ/(1 + Λ m), raised to count.
        const er = 1 + g.Lambda * mr;
        const ei = g.Lambda * mi;
        const ed = er * er + ei * ei;
        let gr = er / ed;
        let gi = -ei / ed;
        let hr = gr;
        let hi = gi;
        for (let k = 1; k < g.count; k++) {
          const t = hr * gr - hi * gi;
          hi = hr * gi + hi * gr;
          hr = t;
        }
        const t = br * hr - bi * hi;
        bi = br * hi + bi * hr;
        br = t;
        lr -= g.Lambda * gr;
        li -= g.Lambda * gi;
        void gr;
      }
      sr += g.count * lr;
      si += g.count * li;
      const t = pr * br - pi * bi;
      pi = pr * bi + pi * br;
      pr = t;
    }
    // f = P − z m, f' = P·(log P)' − z (d/du = d/dm).
    out[0] = pr - (zr * mr - zi * mi);
    out[1] = pi - (zr * mi + zi * mr);
    out[2] = pr * sr - pi * si - zr;
    out[3] = pr * si + pi * sr - zi;
  }

  secondDerivativeBound(): number {
    return Infinity;
  }

  initialGuess(zr: number, zi: number, out: Float64Array): void {
    const d = zr * zr + zi * zi;
    out[0] = this.shift + (this.mean * zr) / d;
    out[1] = (-this.mean * zi) / d;
    // Restart the w continuation from the asymptotic guess as well.
    for (const g of this.groups) {
      g.wRe = NaN;
      g.wIm = NaN;
    }
  }

  accept(zr: number, zi: number, ur: number, ui: number): boolean {
    if (this.failed) return false;
    // Im G < 0 with G = (u + 1 − s)/z, and every w in ℂ⁺.
    const gr = ur + 1 - this.shift;
    const imG = ui * zr - gr * zi;
    if (!(imG <= 0)) return false;
    for (const g of this.groups) if (!(g.wIm >= 0)) return false;
    return true;
  }

  /**
   * CDF from the primitive (module comment) at the u of the last `evaluate` (its w's):
   * Φ = m − log m − m + Σ_l [log m + m + log w_l + (1/Λ_l) Σ_i ω_i (log(w_l − d_i) − log w_l)] (− m per Haar layer).
   */
  cdfAt(ur: number, ui: number): number {
    const mr = ur - this.shift;
    const mi = ui;
    let L = 0;
    for (const g of this.groups) L += g.count;
    let im = -argLower(mr, mi) + L * (argLower(mr, mi) + mi) - (this.orthogonal ? L * mi : 0);
    for (const g of this.groups) {
      const argW = argUpper(g.wRe, g.wIm);
      let sum = 0;
      for (let i = 0; i < g.values.length; i++) sum += g.weights[i]! * (argUpper(g.wRe - g.values[i]!, g.wIm) - argW);
      im += g.count * (argW + sum / g.Lambda);
    }
    // Im Φ(M(−∞)) = π (m → 0⁻: −arg m = π; arg m + arg w = −π + π; arg(w − d) − arg w = 0).
    return (Math.PI - im) / Math.PI;
  }
}

function weightedMean(values: Float64Array, weights: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * weights[i]!;
  return s;
}

/**
 * The general-D² master equation with its moments, atom, CDF and upper edge (real-branch minimum of
 * M⁻¹ with real w_l > max d).
 */
export function generalMasterEquation(arch: ResolvedArchitecture, orthogonal: boolean): JacobianMasterEquation {
  const s = jacobianShift(arch);
  const { mean, secondMoment } = moments(arch, orthogonal);
  const equation = new GeneralDLawEquation(arch, orthogonal, s, mean);
  // Real branch: for m > 0, w_l > max d solves M_D(w) = Λ m. There M_D decreases from +∞ to 0 and is
  // convex, so Newton started left of the root (where M_D > c) climbs to it monotonically.
  const realW = (values: Float64Array, weights: Float64Array, c: number): number => {
    const top = values[values.length - 1]!;
    const md = (w: number): number => {
      let v = 0;
      for (let i = 0; i < values.length; i++) v += (weights[i]! * values[i]!) / (w - values[i]!);
      return v;
    };
    let w = top + 1e-12 * Math.max(1, top);
    while (md(w) <= c && w - top > 1e-300) w = top + 0.5 * (w - top);
    for (let k = 0; k < 400; k++) {
      let f = -c;
      let d = 0;
      for (let i = 0; i < values.length; i++) {
        const t = 1 / (w - values[i]!);
        const v = weights[i]! * values[i]! * t;
        f += v;
        d -= v * t;
      }
      const step = f / d;
      const next = w - step;
      if (!(next > w) || Math.abs(step) <= 1e-15 * w) {
        if (next > w) w = next;
        break;
      }
      w = next;
    }
    return w;
  };
  const groups = equation.groups;
  const ratio = (m: number): number => {
    let v = (1 + m) / m;
    for (const g of groups) {
      const w = realW(g.values, g.weights, g.Lambda * m);
      v *= g.scale * Math.pow(m * w * (orthogonal ? 1 / (1 + g.Lambda * m) : 1), g.count);
    }
    return v;
  };
  // Minimum of M⁻¹ over m > 0 on the real branch: golden section in log m after a coarse scan.
  let best = Infinity;
  let bestE = 0;
  for (let e = -10; e <= 10; e += 0.1) {
    const v = ratio(Math.pow(10, e));
    if (v < best) {
      best = v;
      bestE = e;
    }
  }
  let a = bestE - 0.1;
  let b = bestE + 0.1;
  const gr = (Math.sqrt(5) - 1) / 2;
  let c = b - gr * (b - a);
  let d = a + gr * (b - a);
  let fc = ratio(Math.pow(10, c));
  let fd = ratio(Math.pow(10, d));
  for (let k = 0; k < 120; k++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - gr * (b - a);
      fc = ratio(Math.pow(10, c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + gr * (b - a);
      fd = ratio(Math.pow(10, d));
    }
  }
  const upperEdge = Math.min(fc, fd, best);
  const atoms: Array<{ location: number; mass: number }> = [];
  if (1 - s > 1e-15) atoms.push({ location: 0, mass: 1 - s });
  return {
    equation,
    shift: s,
    atoms,
    mean,
    secondMoment,
    cdfFromSolution: (ur, ui) => equation.cdfAt(ur, ui),
    greenFunction: (zr, zi, ur, ui, out) => {
      // G = (u + 1 − s)/z, continuous part u/z.
      const d = zr * zr + zi * zi;
      const ir = zr / d;
      const ii = -zi / d;
      const hr = ur + 1 - s;
      out[0] = hr * ir - ui * ii;
      out[1] = hr * ii + ui * ir;
      out[2] = ur * ir - ui * ii;
      out[3] = ur * ii + ui * ir;
    },
    upperEdge,
    lowerEdge: 0,
    kind: 'generalDLaw',
  };
}
