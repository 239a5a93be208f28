// Plain-JS twin of the `zroots` kernel (assembly/src/roots.ts): the same Aberth–Ehrlich iteration
// as PZEROS (Bini 1996; Bini & Fiorentino 2000), step for step, for one polynomial of degree n
// (specs/core.md §2.7). Both twins:
//   1. normalise: zero top coefficients give roots at infinity (only batches pass them), k zero low
//      coefficients give k exact zero roots, degree 1 is −c₀/c₁; the rest is scaled exactly by
//      powers of two, the coefficients (max |c| ≈ 1) and the variable (z = 2ᵉ·w with 2ᵉ near the
//      geometric mean of the root moduli, |c₀/c_n|^{1/n}), so nothing overflows and the Aberth sums
//      see separations near 1;
//   2. start from the Newton polygon (upper convex hull of (k, log|c_k|)), each hull edge from i to j
//      putting j − i points on a circle of radius |c_i/c_j|^{1/(j−i)}, rotated by 0.7 rad plus 2π/n
//      per circle (PZEROS's `start`);
//   3. run Gauss–Seidel sweeps: Horner gives p, p′ (for |z| > 1 the reversed polynomial at 1/z, so
//      nothing overflows) and the running error bound s(|z|) = Σ|c_k|(1 + 3.8k)|z|ᵏ in one pass —
//      for real coefficients away from the real axis through the quadratic factor z² − 2Re(z)·z +
//      |z|² in real arithmetic; the Aberth step is z ← z − 1/(p′/p − Σ_{j≠i} 1/(z − z_j)),
//      Newton's p/p′ divided by 1 − (p/p′)·Σ (the same step, one division fewer);
//   4. freeze a root (it stays in the others' sums) when |p(z)| ≤ 2u·s(|z|) or |Δz| ≤ 8u·|z|; a
//      well-conditioned root frozen by the stop rule still takes the Newton step from that
//      evaluation (its disc widened by the step), which brings η from up to ≈ 3.8·n·u to the floor;
//   5. return the inclusion radius r = n·(|p| + u·s)/|p′| of every root (the disc holds a root);
//   6. polish where r > √u·|z| (ill-conditioned roots): Aberth steps with p and p′ by compensated
//      Horner until the step is below 2u·|z| (at most 16 passes), then radii again.
// The wasm kernel runs the arithmetic in f64x2 (two roots' Horner passes in the two lanes, the
// Aberth sums over pairs of j); this twin is scalar with the same association of every operation,
// so without FMA (the SIMD128 build) both usually agree to the last bit; the library functions
// (log, exp, cos, sin of the starts) may differ by an ulp, so tests use tolerances.
// Three phases, as in the kernel: begin (read, normalise, scale, start), sweeps (resumable), end
// (polish, radii, output); their state lives in a `RootsWork` object, so a caller may run the sweeps
// in slices and call back into user code in between.

/** flags bit 0: the coefficients are real (else interleaved complex). */
export const ROOTS_REAL = 1;
/** flags bit 1: polish ill-conditioned roots (specs/core.md §2.7 step 6). */
export const ROOTS_POLISH = 2;

const U = 2 ** -53;
/** The stop rule's margin over the running error bound (2u; Bini's 1·u left roots of z⁵⁰⁰ − 1 stuck). */
const STOP = 2 * U;
/** Freeze when the Aberth step is below 8u·|z|: it only stirs rounding noise. */
const STEP2 = (8 * U) ** 2;
/** Polish where the inclusion radius exceeds √u·|z| (r²  > u·|z|²). */
const POLISH2 = U;
/**
 * Polishing steps at most, and the step (relative to |z|, squared) below which a root is done. W20
 * needs 7 passes: the stop rule leaves some of its roots ~0.1 away, as complex pairs.
 */
const POLISH_STEPS = 16;
const POLISH_DONE2 = (2 * U) ** 2;
/** log of the floor used for coefficients that underflowed in scaling (below every subnormal). */
const LOG_FLOOR = -1100 * Math.LN2;
/** Newton-polygon start circles: per-circle rotation and the common offset (PZEROS: σ = 0.7). */
const SIGMA = 0.7;

const ACTIVE = 0;
const FROZEN = 1;

/** flags bit 4 (batches): start from the previous polynomial's roots when the reduced degree matches. */
export const ROOTS_WARM = 16;

/** The state of one solve (the kernel's work area): arrays of degree + 1 entries and a header. */
export class RootsWork {
  readonly capacity: number;
  readonly cr: Float64Array;
  readonly ci: Float64Array;
  readonly forwardBound: Float64Array;
  readonly reverseBound: Float64Array;
  readonly logAbs: Float64Array;
  readonly zr: Float64Array;
  readonly zi: Float64Array;
  readonly rad: Float64Array;
  readonly state: Uint8Array;
  readonly hull: Int32Array;
  readonly order: Int32Array;
  /** Header, as the kernel's: slots, reduced degree, zero low coefficients, top, variable exponent. */
  n = 0;
  m = 0;
  low = 0;
  top = -1;
  e = 0;
  flags = 0;
  sweeps = 0;
  active = 0;
  /** After `rootsEnd`: zr/zi hold finished roots (warm starts of the next polynomial). */
  done = false;

  constructor(n: number) {
    this.capacity = n;
    const c = n + 1;
    this.cr = new Float64Array(c);
    this.ci = new Float64Array(c);
    this.forwardBound = new Float64Array(c);
    this.reverseBound = new Float64Array(c);
    this.logAbs = new Float64Array(c);
    this.zr = new Float64Array(c);
    this.zi = new Float64Array(c);
    this.rad = new Float64Array(c);
    this.state = new Uint8Array(c);
    this.hull = new Int32Array(c);
    this.order = new Int32Array(c);
  }
}

// The hot loops read these module-level references; every phase binds them to its RootsWork first
// (phases are synchronous, so a call made from a progress callback in between cannot interfere).
let cr: Float64Array = new Float64Array(0);
let ci: Float64Array = new Float64Array(0);
let forwardBound: Float64Array = new Float64Array(0);
let reverseBound: Float64Array = new Float64Array(0);
let logAbs: Float64Array = new Float64Array(0);
let zr: Float64Array = new Float64Array(0);
let zi: Float64Array = new Float64Array(0);
let rad: Float64Array = new Float64Array(0);
let state: Uint8Array = new Uint8Array(0);
let hull: Int32Array = new Int32Array(0);
let order: Int32Array = new Int32Array(0);

const groupCounts = new Int32Array(4);
const groupStarts = new Int32Array(5);
const groupFill = new Int32Array(4);

function bind(w: RootsWork): void {
  cr = w.cr;
  ci = w.ci;
  forwardBound = w.forwardBound;
  reverseBound = w.reverseBound;
  logAbs = w.logAbs;
  zr = w.zr;
  zi = w.zi;
  rad = w.rad;
  state = w.state;
  hull = w.hull;
  order = w.order;
}

// ---- exact powers of two (frexp/ldexp), as the wasm kernel's NativeMath.scalbn ----------------

const bits = new DataView(new ArrayBuffer(8));

/** 2ᵏ for integer k in [−1022, 1023], exactly (built from its exponent bits). */
function powerOfTwo(k: number): number {
  bits.setUint32(0, (k + 1023) << 20);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

/** x·2ᵏ exactly (unless the result over- or underflows), k any integer; as C's ldexp. */
export function scaleByPowerOfTwo(x: number, k: number): number {
  // Two or three normal factors keep every intermediate exact (k may be ±2200 here).
  while (k > 1023) {
    x *= powerOfTwo(1023);
    k -= 1023;
  }
  while (k < -1022) {
    x *= powerOfTwo(-1022);
    k += 1022;
  }
  return x * powerOfTwo(k);
}

/** ⌊log₂|x|⌋ for finite x ≠ 0, exactly (subnormals included). */
export function exponentOf(x: number): number {
  bits.setFloat64(0, x);
  const e = (bits.getUint32(0) >>> 20) & 0x7ff;
  if (e !== 0) return e - 1023;
  return exponentOf(x * 2 ** 64) - 64;
}

// ---- one evaluation: Horner for p and p′ plus the running error bound, in one pass ------------

/** Results of `evaluate`, in fields rather than an object so the hot loop allocates nothing. */
let evP = 0; // |p(z)|, or |q(w)| for the reversed polynomial q(w) = wⁿ·p(1/w)
let evS = 0; // the matching running error bound s(|z|) or s_q(|w|)
let evLr = 0; // L = p′(z)/p(z), the logarithmic derivative (also when reversed)
let evLi = 0;
let evRadius = 0; // n·(|p| + u·s)/|p′|, in the scaled variable

/**
 * Evaluates the degree-n polynomial in `cr`/`ci` at z. |z| ≤ 1: Horner on p. |z| > 1: Horner on
 * the reversed polynomial q at w = 1/z, p(z) = zⁿq(w), p′(z) = zⁿ⁻¹(n·q − w·q′), so
 * p′/p = w·(n − w·q′/q) and r = n·|z|·(|q| + u·s_q)/|n·q − w·q′|: no power of z is ever formed.
 * Returns true when the stop rule |p| ≤ 2u·s holds.
 */
function evaluate(n: number, x: number, y: number): boolean {
  const r2 = x * x + y * y;
  let pr: number, pi: number, dr = 0, di = 0, s: number;
  let wr = x;
  let wi = y;
  let modulus: number;
  const reversed = !(r2 <= 1);
  if (!reversed) {
    modulus = Math.sqrt(r2);
    pr = cr[n]!;
    pi = ci[n]!;
    s = forwardBound[n]!;
    // Association as in the wasm kernel's f64x2 pass: d ← d·w + p, then p ← p·w + c.
    for (let k = n - 1; k >= 0; k--) {
      const t = dr * x + (pr - di * y);
      di = dr * y + (di * x + pi);
      dr = t;
      const v = pr * x + (cr[k]! - pi * y);
      pi = pr * y + (pi * x + ci[k]!);
      pr = v;
      s = s * modulus + forwardBound[k]!;
    }
  } else {
    // w = 1/z by Smith's division (no overflow or harmful underflow in |z|²).
    if (Math.abs(x) >= Math.abs(y)) {
      const t = y / x;
      const den = x + y * t;
      wr = 1 / den;
      wi = -t / den;
    } else {
      const t = x / y;
      const den = x * t + y;
      wr = t / den;
      wi = -1 / den;
    }
    modulus = r2 < Infinity ? Math.sqrt(r2) : Math.hypot(x, y);
    const wm = 1 / modulus;
    pr = cr[0]!;
    pi = ci[0]!;
    s = reverseBound[0]!;
    for (let k = 1; k <= n; k++) {
      const t = dr * wr + (pr - di * wi);
      di = dr * wi + (di * wr + pi);
      dr = t;
      const v = pr * wr + (cr[k]! - pi * wi);
      pi = pr * wi + (pi * wr + ci[k]!);
      pr = v;
      s = s * wm + reverseBound[k]!;
    }
  }
  return finishEvaluation(n, reversed, pr, pi, dr, di, s, wr, wi, modulus);
}

/**
 * From Horner's p (or q), its derivative d and bound s at z (|z| ≤ 1) or at w = 1/z: |p|, the
 * stop rule, L = p′/p and the radius n·(|p| + u·s)/|p′| (reversed: D = n·q − w·q′ stands in for p′
 * up to the factor zⁿ⁻¹, p′/p = w·D/q and the radius is n·|z|·(|q| + u·s)/|D|).
 */
function finishEvaluation(n: number, reversed: boolean, pr: number, pi: number, dr: number, di: number, s: number, wr: number, wi: number, modulus: number): boolean {
  if (reversed) {
    const qdr = dr;
    dr = n * pr - (wr * qdr - wi * di);
    di = n * pi - (wr * di + wi * qdr);
  }
  evS = s;
  let absP = Math.sqrt(pr * pr + pi * pi);
  if (absP < 1e-150 && absP !== 0) absP = Math.hypot(pr, pi);
  evP = absP;
  let absD = Math.sqrt(dr * dr + di * di);
  if (absD < 1e-150 || absD === Infinity) absD = Math.hypot(dr, di);
  evRadius = (n * (absP + U * s) * (reversed ? modulus : 1)) / absD;
  // L = D/p (Smith), then for the reversed case L = w·(D/q). p = 0 gives a non-finite L, and so
  // no step: the root is exact.
  let lr: number, li: number;
  if (Math.abs(pr) >= Math.abs(pi)) {
    const t = pi / pr;
    const den = pr + pi * t;
    lr = (dr + di * t) / den;
    li = (di - dr * t) / den;
  } else {
    const t = pr / pi;
    const den = pr * t + pi;
    lr = (dr * t + di) / den;
    li = (di * t - dr) / den;
  }
  if (reversed) {
    const t = wr * lr - wi * li;
    li = wr * li + wi * lr;
    lr = t;
  }
  evLr = lr;
  evLi = li;
  return absP <= STOP * s;
}

/**
 * Real coefficients away from the real axis (|Im z| ≥ |z|/2): the evaluation by the quadratic
 * factor x² − t·x + s, t = 2·Re w, s = |w|² (Knuth, TAOCP vol. 2, §4.6.4; w = z, or 1/z reversed),
 * in real arithmetic, half the work of complex Horner. b_k = c_k + t·b_{k+1} − s·b_{k+2} gives
 * p(w) = b₀ − w̄·b₁; dividing the quotient again, e_k = b_k + t·e_{k+1} − s·e_{k+2} (k ≥ 2) gives
 * p′(w) = b₁ + 2i·Im w·(e₂ − w̄·e₃). Near the real axis the recurrence amplifies rounding like
 * min(n, |w|/|Im w|), hence the angle limit: there its error stayed below 0.2·u·s(|w|) in tests on
 * Kac polynomials (complex Horner: 0.04·u·s), inside the u·s the stop rule and radius allow for.
 * Same operations, in the same order, as one lane of the wasm kernel's f64x2 pass.
 */
function evaluateQuadratic(n: number, x: number, y: number): boolean {
  const r2 = x * x + y * y;
  const reversed = !(r2 <= 1);
  let wr = x;
  let wi = y;
  let modulus = Math.sqrt(r2);
  if (reversed) {
    if (Math.abs(x) >= Math.abs(y)) {
      const t = y / x;
      const den = x + y * t;
      wr = 1 / den;
      wi = -t / den;
    } else {
      const t = x / y;
      const den = x * t + y;
      wr = t / den;
      wi = -1 / den;
    }
    if (!(r2 < Infinity)) modulus = Math.hypot(x, y);
  }
  const am = reversed ? 1 / modulus : modulus;
  const t = 2 * wr;
  const sq = wr * wr + wi * wi;
  const bound = reversed ? reverseBound : forwardBound;
  let k = reversed ? 0 : n;
  const dk = reversed ? 1 : -1;
  let b1 = cr[k]!;
  let b2 = 0;
  let e1 = b1;
  let e2 = 0;
  let s = bound[k]!;
  for (let j = 2; j < n; j++) {
    k += dk;
    const b = t * b1 + (cr[k]! - sq * b2);
    b2 = b1;
    b1 = b;
    const e = t * e1 + (b - sq * e2);
    e2 = e1;
    e1 = e;
    s = s * am + bound[k]!;
  }
  for (let j = 0; j < 2; j++) {
    k += dk;
    const b = t * b1 + (cr[k]! - sq * b2);
    b2 = b1;
    b1 = b;
    s = s * am + bound[k]!;
  }
  const pr = b1 - wr * b2;
  const pi = wi * b2;
  const dr = b2 - (wi + wi) * (wi * e2);
  const di = (wi + wi) * (e1 - wr * e2);
  return finishEvaluation(n, reversed, pr, pi, dr, di, s, wr, wi, modulus);
}

/** The sweep group of a root: 0/1 forward by the quadratic factor/complex Horner, 2/3 reversed. */
function group(real: boolean, x: number, y: number): number {
  const reversed = !(x * x + y * y <= 1);
  const quadratic = real && 3 * y * y >= x * x;
  return (reversed ? 2 : 0) + (quadratic ? 0 : 1);
}

// ---- accurate evaluation for polishing: compensated Horner ---------------------------------------
// Plain Horner cannot polish an ill-conditioned root: at the stop rule |p| is rounding noise, and a
// step from noise lands on more noise (W20: 6.6e-2 forward error before, 1.9e-1 after two plain
// steps). Compensated Horner (Graillat, Langlois & Louvet 2005; complex: Graillat & Ménissier-Morain
// 2008) carries the exact rounding errors of every product and sum (Dekker's TwoProduct with
// Veltkamp's splitting, no FMA; Knuth's TwoSum) in a second, plain Horner chain: p and p′ come out
// as accurate as in twice the working precision, |p̂ − p| ≤ u·|p| + γ²_{4n+4}·Σ|c_k||z|ᵏ, so Aberth
// steps converge to the roots of the polynomial as given, to about u·|z| (W20: 5e-5 from 1…20, the
// distance of the rounded polynomial's roots).

const SPLIT = 134217729; // 2²⁷ + 1: Veltkamp's splitting constant

/**
 * As `evaluate`, by compensated Horner. Sets evP, evLr/evLi and evRadius, whose error term is
 * u·|p| + 16(n + 1)²u²·s (≥ the compensated bound, s ≥ Σ|c_k||z|ᵏ as in `evaluate`), plus for
 * |z| > 1 the rounding of w = 1/z, 2u·|w·q′(w)|.
 */
function evaluateAccurate(n: number, x: number, y: number): void {
  const r2 = x * x + y * y;
  const reversed = !(r2 <= 1);
  let wr = x;
  let wi = y;
  let modulus = Math.sqrt(r2);
  if (reversed) {
    if (Math.abs(x) >= Math.abs(y)) {
      const t = y / x;
      const den = x + y * t;
      wr = 1 / den;
      wi = -t / den;
    } else {
      const t = x / y;
      const den = x * t + y;
      wr = t / den;
      wi = -1 / den;
    }
    if (!(r2 < Infinity)) modulus = Math.hypot(x, y);
  }
  const wm = reversed ? 1 / modulus : modulus;
  // w split once: every TwoProduct of the pass has w as one factor.
  let t = SPLIT * wr;
  const wrh = t - (t - wr);
  const wrl = wr - wrh;
  t = SPLIT * wi;
  const wih = t - (t - wi);
  const wil = wi - wih;
  // p = (prh + prl) + i(pih + pil) and d = p′ likewise: the hi chain and the chain of its errors.
  let prh = reversed ? cr[0]! : cr[n]!;
  let pih = reversed ? ci[0]! : ci[n]!;
  let prl = 0, pil = 0, drh = 0, drl = 0, dih = 0, dil = 0;
  let s = reversed ? reverseBound[0]! : forwardBound[n]!;
  for (let step = 1; step <= n; step++) {
    const k = reversed ? step : n - step;
    // Splits of the hi parts (each used by two products).
    t = SPLIT * prh;
    const prhh = t - (t - prh);
    const prhl = prh - prhh;
    t = SPLIT * pih;
    const pihh = t - (t - pih);
    const pihl = pih - pihh;
    t = SPLIT * drh;
    const drhh = t - (t - drh);
    const drhl = drh - drhh;
    t = SPLIT * dih;
    const dihh = t - (t - dih);
    const dihl = dih - dihh;
    // d ← d·w + p: re = drh·wr − dih·wi + prh, im = drh·wi + dih·wr + pih, errors collected.
    let a1 = drh * wr;
    let e1 = drhh * wrh - a1 + drhh * wrl + drhl * wrh + drhl * wrl;
    let a2 = dih * wi;
    let e2 = dihh * wih - a2 + dihh * wil + dihl * wih + dihl * wil;
    let s1 = a1 - a2;
    let v = s1 - a1;
    let e3 = a1 - (s1 - v) + (-a2 - v);
    let s2 = s1 + prh;
    v = s2 - s1;
    let e4 = s1 - (s2 - v) + (prh - v);
    const ndrh = s2;
    const ndrl = drl * wr - dil * wi + prl + (e1 - e2 + e3 + e4);
    a1 = drh * wi;
    e1 = drhh * wih - a1 + drhh * wil + drhl * wih + drhl * wil;
    a2 = dih * wr;
    e2 = dihh * wrh - a2 + dihh * wrl + dihl * wrh + dihl * wrl;
    s1 = a1 + a2;
    v = s1 - a1;
    e3 = a1 - (s1 - v) + (a2 - v);
    s2 = s1 + pih;
    v = s2 - s1;
    e4 = s1 - (s2 - v) + (pih - v);
    dih = s2;
    dil = drl * wi + dil * wr + pil + (e1 + e2 + e3 + e4);
    drh = ndrh;
    drl = ndrl;
    // p ← p·w + c_k
    const cre = cr[k]!;
    const cim = ci[k]!;
    a1 = prh * wr;
    e1 = prhh * wrh - a1 + prhh * wrl + prhl * wrh + prhl * wrl;
    a2 = pih * wi;
    e2 = pihh * wih - a2 + pihh * wil + pihl * wih + pihl * wil;
    s1 = a1 - a2;
    v = s1 - a1;
    e3 = a1 - (s1 - v) + (-a2 - v);
    s2 = s1 + cre;
    v = s2 - s1;
    e4 = s1 - (s2 - v) + (cre - v);
    const nprh = s2;
    const nprl = prl * wr - pil * wi + (e1 - e2 + e3 + e4);
    a1 = prh * wi;
    e1 = prhh * wih - a1 + prhh * wil + prhl * wih + prhl * wil;
    a2 = pih * wr;
    e2 = pihh * wrh - a2 + pihh * wrl + pihl * wrh + pihl * wrl;
    s1 = a1 + a2;
    v = s1 - a1;
    e3 = a1 - (s1 - v) + (a2 - v);
    s2 = s1 + cim;
    v = s2 - s1;
    e4 = s1 - (s2 - v) + (cim - v);
    pih = s2;
    pil = prl * wi + pil * wr + (e1 + e2 + e3 + e4);
    prh = nprh;
    prl = nprl;
    s = s * wm + (reversed ? reverseBound[k]! : forwardBound[k]!);
  }
  const pr = prh + prl;
  const pi = pih + pil;
  let dr = drh + drl;
  let di = dih + dil;
  const absP = Math.hypot(pr, pi);
  let error = U * absP + 16 * (n + 1) * (n + 1) * U * U * s;
  if (reversed) {
    error += 2 * U * wm * Math.hypot(dr, di);
    const qdr = dr;
    dr = n * pr - (wr * qdr - wi * di);
    di = n * pi - (wr * di + wi * qdr);
  }
  evP = absP;
  evS = s;
  evRadius = (n * (absP + error) * (reversed ? modulus : 1)) / Math.hypot(dr, di);
  let lr: number, li: number;
  if (Math.abs(pr) >= Math.abs(pi)) {
    const q = pi / pr;
    const den = pr + pi * q;
    lr = (dr + di * q) / den;
    li = (di - dr * q) / den;
  } else {
    const q = pr / pi;
    const den = pr * q + pi;
    lr = (dr * q + di) / den;
    li = (di * q - dr) / den;
  }
  if (reversed) {
    const q = wr * lr - wi * li;
    li = wr * li + wi * lr;
    lr = q;
  }
  evLr = lr;
  evLi = li;
}

/**
 * The Aberth step of root i from the evaluation just made: Δ = 1/(L − Σ_{j≠i} 1/(z_i − z_j)).
 * Coincident approximations (z_i = z_j) are skipped, as in the wasm kernel. Writes stepR/stepI;
 * returns false when no finite step exists (then the root is left where it is).
 */
let stepR = 0;
let stepI = 0;
function aberthStep(n: number, i: number): boolean {
  const x = zr[i]!;
  const y = zi[i]!;
  // Even and odd j accumulate apart, as the two lanes of the wasm kernel's f64x2 sums.
  let ar0 = 0, ai0 = 0, ar1 = 0, ai1 = 0;
  const pairs = n & ~1;
  for (let j = 0; j < pairs; j += 2) {
    let dr = x - zr[j]!;
    let di = y - zi[j]!;
    let m2 = dr * dr + di * di;
    if (m2 > 0) {
      const inv = 1 / m2;
      ar0 += dr * inv;
      ai0 -= di * inv;
    }
    dr = x - zr[j + 1]!;
    di = y - zi[j + 1]!;
    m2 = dr * dr + di * di;
    if (m2 > 0) {
      const inv = 1 / m2;
      ar1 += dr * inv;
      ai1 -= di * inv;
    }
  }
  let ar = ar0 + ar1;
  let ai = ai0 + ai1;
  if (pairs < n) {
    const dr = x - zr[n - 1]!;
    const di = y - zi[n - 1]!;
    const m2 = dr * dr + di * di;
    if (m2 > 0) {
      const inv = 1 / m2;
      ar += dr * inv;
      ai -= di * inv;
    }
  }
  // 1/(L − A) by Smith's reciprocal; L − A = 0 falls back to Newton's 1/L.
  let br = evLr - ar;
  let bi = evLi - ai;
  if (br === 0 && bi === 0) {
    br = evLr;
    bi = evLi;
  }
  let sr: number, si: number;
  if (Math.abs(br) >= Math.abs(bi)) {
    const t = bi / br;
    const den = br + bi * t;
    sr = 1 / den;
    si = -t / den;
  } else {
    const t = br / bi;
    const den = br * t + bi;
    sr = t / den;
    si = -1 / den;
  }
  stepR = sr;
  stepI = si;
  return Number.isFinite(sr) && Number.isFinite(si);
}

/** Newton's step 1/L from the evaluation just made (stepR/stepI); false if L is 0 or not finite. */
function newtonStep(): boolean {
  const br = evLr;
  const bi = evLi;
  let sr: number, si: number;
  if (Math.abs(br) >= Math.abs(bi)) {
    const t = bi / br;
    const den = br + bi * t;
    sr = 1 / den;
    si = -t / den;
  } else {
    const t = br / bi;
    const den = br * t + bi;
    sr = t / den;
    si = -1 / den;
  }
  stepR = sr;
  stepI = si;
  return Number.isFinite(sr) && Number.isFinite(si);
}

// ---- the kernel, in three phases ---------------------------------------------------------------

/**
 * Phase 1: reads n + 1 coefficients (ascending at `offset`: reals, or interleaved complex pairs),
 * normalises, scales and places the starts — the Newton polygon's, or with `warm` the roots `w`
 * holds from the previous polynomial of the same reduced degree, rescaled exactly, unless two
 * coincide. Returns the reduced degree, or −2 when every coefficient is zero.
 *
 * @internal
 */
export function rootsBegin(w: RootsWork, n: number, coefficients: ArrayLike<number>, offset: number, flags: number, warm = false): number {
  if (n > w.capacity) throw new RangeError(`rootsBegin: work for degree ${w.capacity} < ${n}`);
  const real = (flags & ROOTS_REAL) !== 0;
  const previousDone = w.done && w.n === n;
  const previousM = w.m;
  const previousE = w.e;
  bind(w);
  let low = -1;
  let top = -1;
  for (let k = 0; k <= n; k++) {
    const re = real ? coefficients[offset + k]! : coefficients[offset + 2 * k]!;
    const im = real ? 0 : coefficients[offset + 2 * k + 1]!;
    cr[k] = re;
    ci[k] = im;
    if (re !== 0 || im !== 0) {
      if (low < 0) low = k;
      top = k;
    }
  }
  w.n = n;
  w.flags = flags;
  w.sweeps = 0;
  w.active = 0;
  w.done = false;
  w.e = 0;
  w.low = Math.max(low, 0);
  w.top = top;
  if (top < 0) {
    w.m = 0;
    return -2;
  }
  const m = top - low;
  w.m = m;
  if (m < 2) return m;
  if (low > 0) {
    for (let k = 0; k <= m; k++) {
      cr[k] = cr[k + low]!;
      ci[k] = ci[k + low]!;
    }
  }
  const e = scaleCoefficients(m);
  w.e = e;
  let warmed = false;
  if (warm && previousDone && previousM === m) {
    // Previous iterates are 2^{−previousE}·roots: rescale to 2^{−e} exactly.
    warmed = true;
    for (let i = 0; i < m && warmed; i++) {
      const x = scaleByPowerOfTwo(zr[i]!, previousE - e);
      const y = scaleByPowerOfTwo(zi[i]!, previousE - e);
      if (!(Number.isFinite(x) && Number.isFinite(y))) warmed = false;
      zr[i] = x;
      zi[i] = y;
    }
    // Coincident starts would move together forever (their mutual Aberth term is skipped).
    for (let i = 0; i < m && warmed; i++) {
      for (let j = i + 1; j < m; j++) {
        if (zr[j] === zr[i] && zi[j] === zi[i]) {
          warmed = false;
          break;
        }
      }
    }
  }
  if (!warmed) newtonPolygonStarts(m);
  for (let i = 0; i < m; i++) state[i] = ACTIVE;
  w.active = m;
  return m;
}

/**
 * Phase 2: up to `count` more Gauss–Seidel sweeps; returns the roots still moving.
 *
 * @internal
 */
export function rootsSweeps(w: RootsWork, count: number): number {
  bind(w);
  const m = w.m;
  const real = (w.flags & ROOTS_REAL) !== 0;
  let active = w.active;
  let sweeps = w.sweeps;
  for (let t = 0; t < count && active > 0; t++) {
    sweeps++;
    // The wasm kernel evaluates two roots at once and so orders each sweep's active roots in four
    // groups (forward by the quadratic factor, forward by complex Horner, the same two reversed),
    // each in pairs, a root left alone in a group by complex Horner; the twin sweeps in that order.
    const counts = groupCounts;
    counts[0] = counts[1] = counts[2] = counts[3] = 0;
    for (let i = 0; i < m; i++) if (state[i] === ACTIVE) counts[group(real, zr[i]!, zi[i]!)]!++;
    const starts = groupStarts;
    starts[0] = 0;
    for (let g = 1; g <= 4; g++) starts[g] = starts[g - 1]! + counts[g - 1]!;
    const fill = groupFill;
    for (let g = 0; g < 4; g++) fill[g] = starts[g]!;
    for (let i = 0; i < m; i++) if (state[i] === ACTIVE) order[fill[group(real, zr[i]!, zi[i]!)]!++] = i;
    for (let q = 0; q < starts[4]!; q++) {
      const i = order[q]!;
      const x = zr[i]!;
      const y = zi[i]!;
      let g = 0;
      while (q >= starts[g + 1]!) g++;
      const alone = (q - starts[g]!) % 2 === 0 && q + 1 === starts[g + 1]!;
      const stopped = (g & 1) === 0 && !alone ? evaluateQuadratic(m, x, y) : evaluate(m, x, y);
      if (stopped) {
        // Stopped at rounding level. A well-conditioned root (r ≤ √u·|z|) still takes the Newton
        // step 1/L from this evaluation: the stop rule admits residuals up to 2u·s, ≈ 3.8·n·u of
        // Σ|c_k||z|ᵏ for zⁿ − 1, and the step brings them to the rounding floor. Its disc grows by
        // the step, so it stays a valid inclusion disc. Ill-conditioned roots are left to polishing:
        // there p is noise and so would be the step.
        state[i] = FROZEN;
        rad[i] = evRadius;
        active--;
        if (evRadius * evRadius <= POLISH2 * (x * x + y * y) && newtonStep()) {
          zr[i] = x - stepR;
          zi[i] = y - stepI;
          rad[i] = evRadius + Math.sqrt(stepR * stepR + stepI * stepI);
        }
        continue;
      }
      if (!aberthStep(m, i)) continue;
      zr[i] = x - stepR;
      zi[i] = y - stepI;
      if (stepR * stepR + stepI * stepI <= STEP2 * (x * x + y * y)) {
        // The step is rounding noise: freeze; the disc about the old point, widened by the step.
        state[i] = FROZEN;
        rad[i] = evRadius + Math.sqrt(stepR * stepR + stepI * stepI);
        active--;
      }
    }
  }
  w.active = active;
  w.sweeps = sweeps;
  return active;
}

/**
 * Phase 3: polishes, gives roots still moving a fresh radius and writes every slot — zero roots
 * first (radius 0), the computed roots, roots at infinity for zero top coefficients (radius ∞) —
 * into `roots` (interleaved), `radii` and `converged` (1: frozen by the stop rule). Returns the
 * sweeps run.
 *
 * @internal
 */
export function rootsEnd(w: RootsWork, roots: Float64Array, rootsOffset: number, radii: Float64Array, radiiOffset: number, converged: Uint8Array, convergedOffset: number): number {
  bind(w);
  const { n, m, low, top, e } = w;
  const polish = (w.flags & ROOTS_POLISH) !== 0;
  if (top < 0) return -2;
  for (let k = top; k < n; k++) {
    roots[rootsOffset + 2 * k] = Infinity;
    roots[rootsOffset + 2 * k + 1] = 0;
    radii[radiiOffset + k] = Infinity;
    converged[convergedOffset + k] = 1;
  }
  for (let k = 0; k < low; k++) {
    roots[rootsOffset + 2 * k] = 0;
    roots[rootsOffset + 2 * k + 1] = 0;
    radii[radiiOffset + k] = 0;
    converged[convergedOffset + k] = 1;
  }
  if (m === 0) return 0;
  const out = rootsOffset + 2 * low;
  if (m === 1) {
    // −c_low/c_top by Smith's division; exact up to one rounding, reported with radius 0 (§1.4).
    const ar = -cr[low]!;
    const ai = -ci[low]!;
    const br = cr[top]!;
    const bi = ci[top]!;
    let qr: number, qi: number;
    if (Math.abs(br) >= Math.abs(bi)) {
      const t = bi / br;
      const den = br + bi * t;
      qr = (ar + ai * t) / den;
      qi = (ai - ar * t) / den;
    } else {
      const t = br / bi;
      const den = br * t + bi;
      qr = (ar * t + ai) / den;
      qi = (ai * t - ar) / den;
    }
    roots[out] = qr;
    roots[out + 1] = qi;
    radii[radiiOffset + low] = 0;
    converged[convergedOffset + low] = 1;
    return 0;
  }
  for (let i = 0; i < m; i++) converged[convergedOffset + low + i] = state[i]!;

  // Polish ill-conditioned roots; give every root that moved since its evaluation a fresh radius.
  for (let i = 0; i < m; i++) {
    const fresh = state[i] === FROZEN;
    if (fresh && !(polish && rad[i]! * rad[i]! > POLISH2 * (zr[i]! * zr[i]! + zi[i]! * zi[i]!))) continue;
    state[i] = ACTIVE;
  }
  // Polish passes (Gauss–Seidel over the candidates by compensated Horner, forward ones first as
  // in the kernel's f64x2 pairs); the last evaluation of a root, made where it stays, gives its radius.
  if (!polish) {
    for (let i = 0; i < m; i++) {
      if (state[i] !== ACTIVE) continue;
      evaluate(m, zr[i]!, zi[i]!);
      rad[i] = evRadius;
      state[i] = FROZEN;
    }
  } else {
    for (let pass = 0; pass <= POLISH_STEPS; pass++) {
      let forward = 0;
      let reversedCount = 0;
      for (let i = 0; i < m; i++) {
        if (state[i] !== ACTIVE) continue;
        if (zr[i]! * zr[i]! + zi[i]! * zi[i]! <= 1) order[forward++] = i;
        else order[m - ++reversedCount] = i;
      }
      if (forward + reversedCount === 0) break;
      for (let q = 0; q < m; q++) {
        if (q === forward) q = m - reversedCount;
        if (q >= m) break;
        const i = order[q]!;
        const x = zr[i]!;
        const y = zi[i]!;
        evaluateAccurate(m, x, y);
        rad[i] = evRadius;
        if (evP === 0) {
          // An exact root: converged, whatever the sweeps said.
          converged[convergedOffset + low + i] = 1;
          state[i] = FROZEN;
          continue;
        }
        if (pass === POLISH_STEPS || !aberthStep(m, i)) {
          state[i] = FROZEN;
          continue;
        }
        if (stepR * stepR + stepI * stepI <= POLISH_DONE2 * (x * x + y * y)) {
          // Settled under compensated evaluation: backward error at rounding level. A root the
          // sweep cap left moving (an Aberth 2-cycle among clustered roots, seen on expanded
          // products) counts as converged from here.
          converged[convergedOffset + low + i] = 1;
          state[i] = FROZEN;
          continue;
        }
        zr[i] = x - stepR;
        zi[i] = y - stepI;
      }
    }
  }

  const scale = scaleByPowerOfTwo(1, e);
  for (let i = 0; i < m; i++) {
    roots[out + 2 * i] = scaleByPowerOfTwo(zr[i]!, e);
    roots[out + 2 * i + 1] = scaleByPowerOfTwo(zi[i]!, e);
    radii[radiiOffset + low + i] = scale !== 0 && scale < Infinity ? rad[i]! * scale : scaleByPowerOfTwo(rad[i]!, e);
  }
  w.done = true;
  return w.sweeps;
}

/**
 * All three phases: the roots of Σ_{k≤n} c_k zᵏ into `roots` (interleaved, 2n), `radii` (n) and
 * `converged` (n). Returns the sweeps used, or −2 for all-zero coefficients (the wrapper rejects
 * those first). `ROOTS_WARM` in `flags` warm-starts from the roots `w` holds (batches).
 *
 * @internal
 */
export function zroots(
  w: RootsWork,
  n: number,
  coefficients: ArrayLike<number>,
  offset: number,
  flags: number,
  maxit: number,
  roots: Float64Array,
  rootsOffset: number,
  radii: Float64Array,
  radiiOffset: number,
  converged: Uint8Array,
  convergedOffset: number,
): number {
  if (rootsBegin(w, n, coefficients, offset, flags, (flags & ROOTS_WARM) !== 0) < 0) return -2;
  rootsSweeps(w, maxit);
  return rootsEnd(w, roots, rootsOffset, radii, radiiOffset, converged, convergedOffset);
}

/**
 * Scales c_k ← c_k·2^{g + k·e} exactly: 2ᵉ near the geometric mean of the root moduli
 * (|c₀/c_n|^{1/n}), 2ᵍ bringing the largest coefficient near 1. Fills the running-error-bound
 * weights and log|c_k| for the Newton polygon. Returns e (roots and radii are multiplied by 2ᵉ).
 */
function scaleCoefficients(n: number): number {
  let e = Math.round((magnitudeExponent(0) - magnitudeExponent(n)) / n);
  let g = shiftFor(n, e);
  if (Number.isNaN(g)) {
    // The variable scaling would push some coefficient out of range: scale coefficients only.
    e = 0;
    g = shiftFor(n, 0);
    if (Number.isNaN(g)) g = -maxExponent(n, 0);
  }
  for (let k = 0; k <= n; k++) {
    const t = g + k * e;
    cr[k] = scaleByPowerOfTwo(cr[k]!, t);
    ci[k] = scaleByPowerOfTwo(ci[k]!, t);
    const a = Math.sqrt(cr[k]! * cr[k]! + ci[k]! * ci[k]!);
    forwardBound[k] = a * (1 + 3.8 * k);
    reverseBound[k] = a * (1 + 3.8 * (n - k));
    logAbs[k] = a > 0 ? Math.log(a) : LOG_FLOOR;
  }
  return e;
}

function magnitudeExponent(k: number): number {
  const a = Math.max(Math.abs(cr[k]!), Math.abs(ci[k]!));
  return a === 0 ? NaN : exponentOf(a);
}

function maxExponent(n: number, e: number): number {
  let hi = -Infinity;
  for (let k = 0; k <= n; k++) {
    const x = magnitudeExponent(k);
    if (x === x) hi = Math.max(hi, x + k * e);
  }
  return hi;
}

/** The coefficient shift g for variable exponent e, or NaN if some coefficient would leave [2⁻⁹⁶⁰, 2]. */
function shiftFor(n: number, e: number): number {
  let hi = -Infinity;
  let lo = Infinity;
  for (let k = 0; k <= n; k++) {
    const x = magnitudeExponent(k);
    if (x !== x) continue;
    hi = Math.max(hi, x + k * e);
    lo = Math.min(lo, x + k * e);
  }
  return hi - lo > 960 ? NaN : -hi;
}

/** PZEROS's starting points from the upper convex hull of (k, log|c_k|). */
function newtonPolygonStarts(n: number): void {
  let h = 0;
  for (let k = 0; k <= n; k++) {
    while (h >= 2) {
      const i = hull[h - 2]!;
      const j = hull[h - 1]!;
      // Drop j when it lies on or below the chord from i to k.
      if ((j - i) * (logAbs[k]! - logAbs[i]!) - (logAbs[j]! - logAbs[i]!) * (k - i) >= 0) h--;
      else break;
    }
    hull[h++] = k;
  }
  const perCircle = (2 * Math.PI) / n;
  let index = 0;
  for (let edge = 0; edge + 1 < h; edge++) {
    const a = hull[edge]!;
    const b = hull[edge + 1]!;
    const count = b - a;
    let radius = Math.exp((logAbs[a]! - logAbs[b]!) / count);
    if (!(radius > 2 ** -1000)) radius = 2 ** -1000;
    if (!(radius < 2 ** 1000)) radius = 2 ** 1000;
    const angle = (2 * Math.PI) / count;
    for (let j = 1; j <= count; j++) {
      const t = angle * j + perCircle * edge + SIGMA;
      zr[index] = radius * Math.cos(t);
      zi[index] = radius * Math.sin(t);
      index++;
    }
  }
}
