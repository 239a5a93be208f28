// Newton lilypads (Chhaibi, Daouda & Kahn, "Free Probability for predicting the performance of
// feed-forward fully connected neural networks", NeurIPS 2022, Algorithm 1 and Theorem 4.1): solve
// f_z(m) = 0 for the branch m = M(z) analytic in ℂ⁺ with m → 0 at ∞, by chaining Newton basins of
// attraction certified by Kantorovich's test. Written once, generic over an equation object (value,
// derivative, majorant of f''); every master equation of the package (classic laws, the Jacobian
// polynomial, the Pennington–Bahri cubic, the Pennington–Worah quartic) runs through it.
//
// Spec free-prob.md §6:
// 1. Basin test: δ = −f(m)/f'(m), K ≥ sup|f''| on the disc centred at m of radius 2|δ|; accept if
//    K|δ| ≤ ½|f'(m)| (Kantorovich 1948, in the form of Gragg & Tapia 1974: the Newton iterates from m
//    stay in that disc and converge quadratically to the unique root there). FreeNN bounds f'' on the
//    disc centred at m + δ of radius |δ|; ours is the textbook-safe disc.
// 2. Start: double Im z from the target until the test passes at the asymptotic guess (m₁/z rather
//    than FreeNN's m = 0: closer to the root, so fewer doublings).
// 3. Walk: try the full remaining Δz, halve until the test passes at (z + Δz, m); step; Newton; repeat.
//    (After an accepted partial step we try twice that step next instead of the full remainder: the
//    same certified steps, fewer rejected tests.)
// 4. Neighbour continuation on grids: each solution is the proxy of the next point.
// Equations without a computable majorant (the general D-law system, §5) set `certifiable = false`:
// the test is then a trial Newton run that must contract (|δ_{k+1}| ≤ ½|δ_k|) and land on a point the
// equation accepts (Im G < 0): a heuristic, reported as uncertified in the diagnostics.

/**
 * A master equation f_z(m) = 0 for the lilypads engine. Implementations keep no per-call
 * allocation: results go to `out`.
 */
export interface LilypadEquation {
  /** Writes f_z(m) and f_z'(m) into out[0..3] = (Re f, Im f, Re f', Im f'). */
  evaluate(zRe: number, zIm: number, mRe: number, mIm: number, out: Float64Array): void;
  /**
   * An upper bound of |f_z''| on the disc |w − m| ≤ radius. Called right after `evaluate` at the same
   * (z, m), so implementations may reuse what it cached. Unused when `certifiable` is false.
   */
  secondDerivativeBound(zRe: number, zIm: number, mRe: number, mIm: number, radius: number): number;
  /** A guess in the basin of the physical root for large |z| (for example m₁/z); out[0..1]. */
  initialGuess(zRe: number, zIm: number, out: Float64Array): void;
  /** True when `secondDerivativeBound` is a valid majorant (Kantorovich test available). */
  readonly certifiable: boolean;
  /**
   * Optional physical check of a converged root (for example Im G < 0 on ℂ⁺). The uncertified test
   * rejects a trial that fails it.
   */
  accept?(zRe: number, zIm: number, mRe: number, mIm: number): boolean;
  /** Scale added to |m| in the relative stopping rule (default 0). */
  readonly stepScale?: number;
}

/** Tuning of the engine; the defaults suit double precision. */
export interface LilypadOptions {
  /** Stop Newton when |δ| ≤ tolerance·(|m| + stepScale) (default 1e-14). */
  tolerance?: number;
  /** Newton iterations per certified step before giving up (default 40). */
  maxNewtonIterations?: number;
  /** Halvings of Δz in one walk step before the point is reported as failed (default 80). */
  maxHalvings?: number;
  /** Doublings of Im z at a fresh start (default 2200: from 1e-300 to beyond 1e300). */
  maxDoublings?: number;
  /** Use the Kantorovich test (default: the equation's `certifiable`). */
  certified?: boolean;
  /**
   * Walk from the proxy only when the target is within this distance of it (default ∞); farther
   * targets start fresh (a vertical approach). Grid sweeps walk between neighbours; measures queried in
   * arbitrary order set a bound, because a long horizontal walk just above the real axis passes square-root
   * edges where two roots nearly collide, and a certified step can land on the wrong one of the pair.
   */
  maxWalk?: number;
}

/** Counters of one solver's work, summed over every point it solved. */
export interface LilypadDiagnostics {
  /** Newton iterations (certified steps and trial runs). */
  newtonIterations: number;
  /** Basin tests made (accepted or not). */
  basinTests: number;
  /** Rejected tests that halved Δz. */
  halvings: number;
  /** Doublings of Im z at fresh starts. */
  doublings: number;
  /** Fresh starts (doubling strategies). */
  freshStarts: number;
  /** Points the engine could not solve (halving or Newton cap reached). */
  failures: number;
  /** True if every accepted step passed the Kantorovich test. */
  certified: boolean;
}

/**
 * The engine: holds the continued solution (z, m) and advances it. One instance per sweep; its
 * state is the proxy of the next point.
 *
 * @example
 * ```ts
 * import { LilypadSolver, type LilypadEquation } from '@spectra/free-prob';
 * // Marchenko–Pastur (c = 1, s = 1) via M⁻¹(m) = (1 + m)²/m: f_z(m) = (1 + m)² − z m, f'' = 2.
 * const eq: LilypadEquation = {
 *   certifiable: true,
 *   evaluate(zr, zi, mr, mi, out) { const ar = 1 + mr; out[0] = ar * ar - mi * mi - (zr * mr - zi * mi); out[1] = 2 * ar * mi - (zr * mi + zi * mr); out[2] = 2 * ar - zr; out[3] = 2 * mi - zi; },
 *   secondDerivativeBound: () => 2,
 *   initialGuess(zr, zi, out) { const d = zr * zr + zi * zi; out[0] = zr / d; out[1] = -zi / d; },
 * };
 * const solver = new LilypadSolver(eq);
 * solver.solve(1, 1e-10);  // true
 * // G = (1 + m)/z ≈ 1 + m at z = 1 + 1e-10i: the density −Im G/π is √3/(2π)
 * -solver.mIm / Math.PI;   // 0.2756644476949805
 * solver.diagnostics.certified; // true
 * ```
 */
export class LilypadSolver {
  /** The continued solution: m at parameter z. Valid after a successful `solve`/`walk`. Re z. */
  zRe = 0;
  /** Im z of the continued solution. */
  zIm = 0;
  /** Re m of the continued solution (the root of f_z). */
  mRe = 0;
  /** Im m of the continued solution. */
  mIm = 0;
  /** False until a first point has been solved (then `walk` may use the proxy). */
  hasProxy = false;
  /** Counters summed over every point this instance solved. */
  readonly diagnostics: LilypadDiagnostics;

  private readonly equation: LilypadEquation;
  private readonly certified: boolean;
  private readonly tolerance: number;
  private readonly maxNewton: number;
  private readonly maxHalvings: number;
  private readonly maxDoublings: number;
  private readonly stepScale: number;
  private readonly maxWalk: number;
  private readonly buf = new Float64Array(4);
  private readonly guessBuf = new Float64Array(2);
  // Result of the last attempt (the root at the trial z).
  private trialRe = 0;
  private trialIm = 0;

  constructor(equation: LilypadEquation, options: LilypadOptions = {}) {
    this.equation = equation;
    this.certified = (options.certified ?? equation.certifiable) && equation.certifiable;
    this.tolerance = options.tolerance ?? 1e-14;
    this.maxNewton = options.maxNewtonIterations ?? 40;
    this.maxHalvings = options.maxHalvings ?? 80;
    this.maxDoublings = options.maxDoublings ?? 2200;
    this.stepScale = equation.stepScale ?? 0;
    this.maxWalk = options.maxWalk ?? Infinity;
    this.diagnostics = { newtonIterations: 0, basinTests: 0, halvings: 0, doublings: 0, freshStarts: 0, failures: 0, certified: this.certified };
  }

  /**
   * Solves at z* = x + iy (y > 0): walks from the current proxy if there is one, else starts fresh by
   * doubling Im z. On a failed walk it retries once from a fresh start. Returns false (and counts a
   * failure) if neither succeeds; the proxy is then left unchanged.
   */
  solve(x: number, y: number): boolean {
    if (this.hasProxy) {
      const dx = x - this.zRe;
      const dy = y - this.zIm;
      if ((this.maxWalk === Infinity || dx * dx + dy * dy <= this.maxWalk * this.maxWalk) && this.walk(x, y)) return true;
    }
    if (this.fresh(x, y)) return true;
    this.diagnostics.failures++;
    return false;
  }

  /** Forgets the proxy: the next `solve` starts fresh (FreeNN starts each sweep afresh). */
  reset(): void {
    this.hasProxy = false;
    this.hasPrevious = false;
  }

  // The solution before the proxy, for the secant predictor of `walk`.
  private hasPrevious = false;
  private previousZRe = 0;
  private previousZIm = 0;
  private previousMRe = 0;
  private previousMIm = 0;

  /** Sets the proxy explicitly (a solution known by other means, for example a previous pass). */
  setProxy(zRe: number, zIm: number, mRe: number, mIm: number): void {
    this.hasPrevious = false;
    this.zRe = zRe;
    this.zIm = zIm;
    this.mRe = mRe;
    this.mIm = mIm;
    this.hasProxy = true;
  }

  /** Fresh start (§6.2): double Im z from the target until a step is accepted, then walk back down. */
  fresh(x: number, y: number): boolean {
    this.diagnostics.freshStarts++;
    this.hasPrevious = false;
    const g = this.guessBuf;
    let yy = y;
    let ok = false;
    for (let k = 0; k <= this.maxDoublings; k++) {
      this.equation.initialGuess(x, yy, g);
      if (this.attempt(x, yy, g[0]!, g[1]!)) {
        ok = true;
        break;
      }
      yy *= 2;
      this.diagnostics.doublings++;
      if (!Number.isFinite(yy)) break;
    }
    if (!ok) return false;
    this.zRe = x;
    this.zIm = yy;
    this.mRe = this.trialRe;
    this.mIm = this.trialIm;
    this.hasProxy = true;
    if (yy === y) return true;
    return this.walk(x, y);
  }

  /** Walk (§6.3) from the proxy to x + iy along the straight segment, halving Δz until accepted. */
  walk(x: number, y: number): boolean {
    let zr = this.zRe;
    let zi = this.zIm;
    let mr = this.mRe;
    let mi = this.mIm;
    let remRe = x - zr;
    let remIm = y - zi;
    let remAbs = Math.sqrt(remRe * remRe + remIm * remIm);
    if (remAbs === 0) return true;
    // Length of the next trial step (starts with the whole remainder).
    let stepAbs = remAbs;
    let halvings = 0;
    // Secant predictor along a sweep: m + (m − m_prev)(z* − z)/(z − z_prev), tried first for the full step
    // (it is a guess like any other: the basin test certifies it; on failure the plain proxy is tried).
    let predicted = false;
    let pRe = 0;
    let pIm = 0;
    if (this.hasPrevious) {
      const dzr = zr - this.previousZRe;
      const dzi = zi - this.previousZIm;
      const dd = dzr * dzr + dzi * dzi;
      if (dd > 0) {
        // ratio = (z* − z)/(z − z_prev)
        const rr = (remRe * dzr + remIm * dzi) / dd;
        const ri = (remIm * dzr - remRe * dzi) / dd;
        if (rr * rr + ri * ri <= 4) {
          const dmr = mr - this.previousMRe;
          const dmi = mi - this.previousMIm;
          pRe = mr + dmr * rr - dmi * ri;
          pIm = mi + dmr * ri + dmi * rr;
          predicted = true;
        }
      }
    }
    for (;;) {
      const full = stepAbs >= remAbs;
      const tRe = full ? x : zr + (remRe * stepAbs) / remAbs;
      const tIm = full ? y : zi + (remIm * stepAbs) / remAbs;
      if (full && predicted) {
        predicted = false;
        if (this.attempt(tRe, tIm, pRe, pIm)) {
          zr = tRe;
          zi = tIm;
          mr = this.trialRe;
          mi = this.trialIm;
          break;
        }
      }
      if (this.attempt(tRe, tIm, mr, mi)) {
        zr = tRe;
        zi = tIm;
        mr = this.trialRe;
        mi = this.trialIm;
        if (full) break;
        remRe = x - zr;
        remIm = y - zi;
        remAbs = Math.sqrt(remRe * remRe + remIm * remIm);
        stepAbs *= 2;
        halvings = 0;
      } else {
        stepAbs *= 0.5;
        this.diagnostics.halvings++;
        if (++halvings > this.maxHalvings) return false;
      }
    }
    this.previousZRe = this.zRe;
    this.previousZIm = this.zIm;
    this.previousMRe = this.mRe;
    this.previousMIm = this.mIm;
    this.hasPrevious = true;
    this.zRe = x;
    this.zIm = y;
    this.mRe = mr;
    this.mIm = mi;
    this.hasProxy = true;
    return true;
  }

  /**
   * One step: from the guess m at parameter z, certify (Kantorovich) or trial-run Newton; on success
   * the root is in (trialRe, trialIm).
   */
  private attempt(zr: number, zi: number, mr: number, mi: number): boolean {
    const eq = this.equation;
    const b = this.buf;
    this.diagnostics.basinTests++;
    eq.evaluate(zr, zi, mr, mi, b);
    let fr = b[0]!;
    let fi = b[1]!;
    let dr = b[2]!;
    let di = b[3]!;
    let den = dr * dr + di * di;
    if (!(den > 0) || !Number.isFinite(den)) return false;
    // δ = −f/f'
    let sr = -(fr * dr + fi * di) / den;
    let si = -(fi * dr - fr * di) / den;
    let sAbs = Math.sqrt(sr * sr + si * si);
    if (!Number.isFinite(sAbs)) return false;
    // Kantorovich: with q = K/(|f'|(1 − 2h)), the next Newton step after one of size |δ| is at most ½q|δ|²
    // (quadratic convergence inside the certified disc), so a step with q|δ|² below a quarter of the
    // tolerance is the last one (no evaluation is spent to discover it).
    let q = Infinity;
    if (this.certified) {
      if (sAbs > 0) {
        const k = eq.secondDerivativeBound(zr, zi, mr, mi, 2 * sAbs);
        const fp = Math.sqrt(den);
        if (!(k * sAbs <= 0.5 * fp)) return false;
        // |f'| ≥ |f'(m)|(1 − 2h) on the disc (h = K|δ|/|f'(m)|): the next step is at most ½·K/(|f'|(1 − 2h))·|δ|².
        const h = (k * sAbs) / fp;
        if (h <= 0.4) q = k / (fp * (1 - 2 * h));
      }
    }
    // Newton iterations from m + δ.
    const tol = this.tolerance;
    const scale = this.stepScale;
    let prev = sAbs;
    mr += sr;
    mi += si;
    let converged = sAbs <= tol * (Math.sqrt(mr * mr + mi * mi) + scale) || q * sAbs * sAbs <= 0.25 * tol * (Math.sqrt(mr * mr + mi * mi) + scale);
    let it = 1;
    while (!converged && it < this.maxNewton) {
      eq.evaluate(zr, zi, mr, mi, b);
      fr = b[0]!;
      fi = b[1]!;
      dr = b[2]!;
      di = b[3]!;
      den = dr * dr + di * di;
      if (!(den > 0) || !Number.isFinite(den)) break;
      sr = -(fr * dr + fi * di) / den;
      si = -(fi * dr - fr * di) / den;
      sAbs = Math.sqrt(sr * sr + si * si);
      if (!Number.isFinite(sAbs)) break;
      const mAbs = Math.sqrt(mr * mr + mi * mi) + scale;
      it++;
      if (sAbs > 0.5 * prev && (it > 2 || !this.certified)) {
        // No longer contracting: the rounding floor (accept if the step is already tiny) or, for the
        // uncertified test, a trial that does not converge.
        if (sAbs <= 1e-7 * mAbs) {
          converged = true;
          break;
        }
        if (!this.certified) break;
      }
      mr += sr;
      mi += si;
      prev = sAbs;
      // The bound q of the first step's disc still holds here (the iterates stay inside it).
      if (sAbs <= tol * mAbs || q * sAbs * sAbs <= 0.25 * tol * mAbs) converged = true;
    }
    this.diagnostics.newtonIterations += it;
    if (!converged) return false;
    if (!this.certified && eq.accept && !eq.accept(zr, zi, mr, mi)) return false;
    this.trialRe = mr;
    this.trialIm = mi;
    return true;
  }
}
