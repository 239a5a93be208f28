// Polynomial roots: Aberth–Ehrlich iteration as in PZEROS, specs/core.md §2.7.
//
// Bini, "Numerical computation of polynomial zeros by means of Aberth's method", Numer. Algorithms
// 13 (1996); Bini & Fiorentino, "Design, analysis and implementation of a multiprecision polynomial
// rootfinder", Numer. Algorithms 23 (2000); Aberth, Math. Comp. 27 (1973); Ehrlich, CACM 10 (1967).
// The plain-JS twin packages/core/src/js/roots.ts runs the same algorithm step for step; its header
// lists the steps. Here the arithmetic runs in f64x2:
//   - Horner passes for two roots at once, one per lane. Each sweep orders its active roots so that
//     those evaluated forward (|z| ≤ 1) come before those evaluated through the reversed polynomial
//     (|z| > 1), so a pair reads the same coefficient in both lanes (one splat load); a root left
//     alone runs the scalar pass. A root's own evaluation does not depend on the others' updates,
//     so evaluating two at once keeps the Gauss–Seidel order of the Aberth updates exact.
//   - Aberth sums Σ_{j≠i} 1/(z_i − z_j) = Σ conj(d)/|d|² over j two at a time, one f64x2 division
//     per pair; d = 0 (j = i, or coincident approximations) is masked out.
//   - Real coefficients skip the imaginary coefficient loads and adds, and away from the real axis
//     (|Im z| ≥ |z|/2) evaluate through the quadratic factor z² − 2Re(z)·z + |z|² in real
//     arithmetic (`evaluatePairQuadratic`); each sweep groups its roots by direction and scheme.
//   - Smith's division for every complex quotient (no spurious overflow).
// Polishing (ill-conditioned roots only) evaluates by compensated Horner, also two roots per f64x2.
//
// Wasm exports (ABI of specs/core.md §1.3; pointers are byte offsets, 16-byte aligned for f64 data):
//   zroots(n, are, aim, flags, maxit, zre, zim, rad, conv, work) → sweeps used (≥ 0), or −1 when
//       n < 0, −2 when every coefficient is zero (the wrapper rejects both first).
//       n + 1 coefficients ascending: re at are, im at aim; n roots into zre, zim, radii into rad,
//       flags into conv (u8: 1 frozen by the stop rule, 0 still moving at maxit sweeps).
//       flags bit 0: real coefficients (aim unread); bit 1: polish; bit 2: interleaved complex input
//       ((re, im) pairs at are; aim unread); bit 3: interleaved output ((re, im) pairs at zre; zim
//       unwritten); bit 4 (batches): warm starts. Slots: zero roots first (radius 0), then the
//       computed roots, then roots at infinity for zero top coefficients (Infinity + 0i, radius ∞).
//   zroots_begin(n, are, aim, flags, work) → reduced degree; zroots_sweeps(work, count) → roots still
//       moving after up to `count` more sweeps; zroots_end(work, zre, zim, rad, conv) → sweeps run:
//       zroots in three resumable phases. All state lives in `work`, so the host may run the sweeps
//       in slices, copy the work bytes out while its own callbacks run, and copy them back.
//   zroots_batch(count, n, are, aim, flags, maxit, zre, zim, rad, conv, work) → the largest sweep
//       count: `count` polynomials of degree n stored one after another (each input stride is
//       n + 1 coefficients, each output stride n roots), one work area reused for all. With warm
//       starts (bit 4) the first one continues from the roots the work area holds from an earlier
//       call: zero the 64-byte header of a fresh work area.
//   zroots_work(n) → bytes of work for degree n.

// @ts-ignore: decorator
@inline const U: f64 = 1.1102230246251565e-16; // 2⁻⁵³
// @ts-ignore: decorator
@inline const STOP: f64 = 2 * U; // stop rule |p| ≤ 2u·s (Bini's 1·u left roots of z⁵⁰⁰ − 1 stuck)
// @ts-ignore: decorator
@inline const STEP2: f64 = 64 * U * U; // freeze when |Δz|² ≤ (8u)²·|z|²
// @ts-ignore: decorator
@inline const POLISH2: f64 = U; // polish where r² > u·|z|² (r > √u·|z|)
// @ts-ignore: decorator
@inline const POLISH_STEPS: i32 = 16; // accurate polishing steps at most (W20 takes 7)
// @ts-ignore: decorator
@inline const POLISH_DONE2: f64 = 4 * U * U; // a polished root is done when |Δz| ≤ 2u·|z|
// @ts-ignore: decorator
@inline const LOG_FLOOR: f64 = -762.4618986159398; // −1100·ln 2: log of an underflowed coefficient
// @ts-ignore: decorator
@inline const SIGMA: f64 = 0.7; // PZEROS's rotation of the start circles
// @ts-ignore: decorator
@inline const SPLIT: f64 = 134217729.0; // 2²⁷ + 1, Veltkamp's constant for TwoProduct without FMA

// @ts-ignore: decorator
@inline const FLAG_REAL: i32 = 1;
// @ts-ignore: decorator
@inline const FLAG_POLISH: i32 = 2;
// @ts-ignore: decorator
@inline const FLAG_INTERLEAVED_IN: i32 = 4;
// @ts-ignore: decorator
@inline const FLAG_INTERLEAVED_OUT: i32 = 8;
// @ts-ignore: decorator
@inline const FLAG_WARM: i32 = 16;

// @ts-ignore: decorator
@inline const ACTIVE: u8 = 0;
// @ts-ignore: decorator
@inline const FROZEN: u8 = 1;

// ---- the work area: a header (see `begin`), then arrays of degree + 1 entries, set by `layout` --
// @ts-ignore: decorator
@inline const HEADER: usize = 64;
let CR: usize = 0; // coefficients, scaled (re)
let CI: usize = 0; // (im)
let FB: usize = 0; // forward error-bound weights |c_k|·(1 + 3.8k)
let RB: usize = 0; // reversed weights |c_k|·(1 + 3.8(n − k))
let LOGA: usize = 0; // log|c_k| (Newton polygon)
let ZR: usize = 0; // approximations (re), scaled variable
let ZI: usize = 0; // (im)
let RAD: usize = 0; // radii
let ORDER: usize = 0; // i32: the sweep's active roots, forward ones first
let HULL: usize = 0; // i32: Newton-polygon vertices
let STATE: usize = 0; // u8: ACTIVE / FROZEN
let CONVERGED: usize = 0; // u8 output flags of the computed roots (set by `end`)

// @ts-ignore: decorator
@inline function f64Bytes(n: i32): usize {
  return ((<usize>(n + 2) << 3) + 15) & ~(15 as usize);
}

/** Bytes of work for degree n (a 64-byte header, then the arrays). */
export function zroots_work(n: i32): i32 {
  if (n < 0) n = 0;
  const d = f64Bytes(n);
  const i = ((<usize>(n + 2) << 2) + 15) & ~(15 as usize);
  const b = (<usize>(n + 16) + 15) & ~(15 as usize);
  return <i32>(HEADER + (d << 3) + (i << 1) + b);
}

function layout(n: i32, work: usize): void {
  const d = f64Bytes(n);
  const i = ((<usize>(n + 2) << 2) + 15) & ~(15 as usize);
  CR = work + HEADER;
  CI = CR + d;
  FB = CI + d;
  RB = FB + d;
  LOGA = RB + d;
  ZR = LOGA + d;
  ZI = ZR + d;
  RAD = ZI + d;
  ORDER = RAD + d;
  HULL = ORDER + i;
  STATE = HULL + i;
}

// @ts-ignore: decorator
@inline function ld(base: usize, k: i32): f64 {
  return load<f64>(base + (<usize>k << 3));
}

// @ts-ignore: decorator
@inline function st(base: usize, k: i32, v: f64): void {
  store<f64>(base + (<usize>k << 3), v);
}

/** a·b + c on f64x2: fused where the build has relaxed SIMD, else mul then add. */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f64x2.relaxed_madd(a, b, c);
  } else {
    return f64x2.add(f64x2.mul(a, b), c);
  }
}

// ---- Smith's complex division (Smith, CACM 5, 1962): results in (QR, QI) ------------------------
let QR: f64 = 0;
let QI: f64 = 0;

// @ts-ignore: decorator
@inline function divide(ar: f64, ai: f64, br: f64, bi: f64): void {
  if (Math.abs(br) >= Math.abs(bi)) {
    const t = bi / br;
    const den = br + bi * t;
    QR = (ar + ai * t) / den;
    QI = (ai - ar * t) / den;
  } else {
    const t = br / bi;
    const den = br * t + bi;
    QR = (ar * t + ai) / den;
    QI = (ai * t - ar) / den;
  }
}

// @ts-ignore: decorator
@inline function reciprocal(br: f64, bi: f64): void {
  if (Math.abs(br) >= Math.abs(bi)) {
    const t = bi / br;
    const den = br + bi * t;
    QR = 1 / den;
    QI = -t / den;
  } else {
    const t = br / bi;
    const den = br * t + bi;
    QR = t / den;
    QI = -1 / den;
  }
}

// ---- one evaluation's results (per lane) -------------------------------------------------------
let evP0: f64 = 0; // |p| (or |q| reversed)
let evLr0: f64 = 0; // L = p′/p
let evLi0: f64 = 0;
let evRad0: f64 = 0; // inclusion radius
let evStop0: bool = false; // |p| ≤ 2u·s
let evP1: f64 = 0;
let evLr1: f64 = 0;
let evLi1: f64 = 0;
let evRad1: f64 = 0;
let evStop1: bool = false;

/**
 * From Horner's p (or q), its derivative d and bound s at z (|z| ≤ 1) or at w = 1/z: |p|, the stop
 * rule, L = p′/p and the radius n·(|p| + u·s)/|p′| (reversed: p′/p = w·(n − w·q′/q), radius
 * n·|z|·(|q| + u·s)/|n·q − w·q′|). Results in the lane-`lane` registers.
 */
// @ts-ignore: decorator
@inline function finish(n: i32, lane: i32, reversed: bool, pr: f64, pi: f64, dr: f64, di: f64, s: f64, wr: f64, wi: f64, modulus: f64): void {
  if (reversed) {
    const qdr = dr;
    dr = <f64>n * pr - (wr * qdr - wi * di);
    di = <f64>n * pi - (wr * di + wi * qdr);
  }
  let absP = Math.sqrt(pr * pr + pi * pi);
  if (absP < 1e-150 && absP != 0) absP = Math.hypot(pr, pi);
  let absD = Math.sqrt(dr * dr + di * di);
  if (absD < 1e-150 || absD == Infinity) absD = Math.hypot(dr, di);
  const radius = (<f64>n * (absP + U * s) * (reversed ? modulus : 1.0)) / absD;
  divide(dr, di, pr, pi);
  let lr = QR;
  let li = QI;
  if (reversed) {
    const t = wr * lr - wi * li;
    li = wr * li + wi * lr;
    lr = t;
  }
  if (lane == 0) {
    evP0 = absP;
    evLr0 = lr;
    evLi0 = li;
    evRad0 = radius;
    evStop0 = absP <= STOP * s;
  } else {
    evP1 = absP;
    evLr1 = lr;
    evLi1 = li;
    evRad1 = radius;
    evStop1 = absP <= STOP * s;
  }
}

/** Scalar evaluation of root i into the lane-0 registers. */
function evaluateOne(n: i32, real: bool, i: i32): void {
  const x = ld(ZR, i);
  const y = ld(ZI, i);
  const r2 = x * x + y * y;
  const reversed = !(r2 <= 1);
  let wr = x;
  let wi = y;
  let modulus = Math.sqrt(r2);
  if (reversed) {
    reciprocal(x, y);
    wr = QR;
    wi = QI;
    if (!(r2 < Infinity)) modulus = Math.hypot(x, y);
  }
  const am = reversed ? 1 / modulus : modulus;
  let pr: f64, pi: f64, s: f64;
  let dr: f64 = 0;
  let di: f64 = 0;
  // Forward: coefficients n, n−1, …, 0; reversed: 0, 1, …, n. `step` is ±8 bytes.
  let off: usize = reversed ? 0 : <usize>n << 3;
  const step: isize = reversed ? 8 : -8;
  const bound = reversed ? RB : FB;
  pr = load<f64>(CR + off);
  pi = real ? 0.0 : load<f64>(CI + off);
  s = load<f64>(bound + off);
  for (let k = 0; k < n; k++) {
    off += step;
    // The same association as the f64x2 pass (and the JS twin): d·w + p, then p·w + c.
    const t = dr * wr + (pr - di * wi);
    di = dr * wi + (di * wr + pi);
    dr = t;
    const v = pr * wr + (load<f64>(CR + off) - pi * wi);
    pi = real ? pr * wi + pi * wr : pr * wi + (pi * wr + load<f64>(CI + off));
    pr = v;
    s = s * am + load<f64>(bound + off);
  }
  finish(n, 0, reversed, pr, pi, dr, di, s, wr, wi, modulus);
}

/**
 * Evaluates roots i0 and i1, both forward or both reversed (`reversed`), one per f64x2 lane, into
 * the lane-0 and lane-1 registers.
 */
function evaluatePair(n: i32, real: bool, reversed: bool, i0: i32, i1: i32): void {
  const x0 = ld(ZR, i0);
  const y0 = ld(ZI, i0);
  const x1 = ld(ZR, i1);
  const y1 = ld(ZI, i1);
  let wr0 = x0, wi0 = y0, wr1 = x1, wi1 = y1;
  const r20 = x0 * x0 + y0 * y0;
  const r21 = x1 * x1 + y1 * y1;
  let mod0 = Math.sqrt(r20);
  let mod1 = Math.sqrt(r21);
  if (reversed) {
    reciprocal(x0, y0);
    wr0 = QR;
    wi0 = QI;
    reciprocal(x1, y1);
    wr1 = QR;
    wi1 = QI;
    if (!(r20 < Infinity)) mod0 = Math.hypot(x0, y0);
    if (!(r21 < Infinity)) mod1 = Math.hypot(x1, y1);
  }
  const wr = f64x2(wr0, wr1);
  const wi = f64x2(wi0, wi1);
  const am = reversed ? f64x2(1 / mod0, 1 / mod1) : f64x2(mod0, mod1);
  let off: usize = reversed ? 0 : <usize>n << 3;
  const step: isize = reversed ? 8 : -8;
  const bound = reversed ? RB : FB;
  let pr = v128.load64_splat(CR + off);
  let pi = real ? f64x2.splat(0) : v128.load64_splat(CI + off);
  let s = v128.load64_splat(bound + off);
  let dr = f64x2.splat(0);
  let di = f64x2.splat(0);
  if (real) {
    for (let k = 0; k < n; k++) {
      off += step;
      const t = madd(dr, wr, f64x2.sub(pr, f64x2.mul(di, wi)));
      di = madd(dr, wi, madd(di, wr, pi));
      dr = t;
      const v = madd(pr, wr, f64x2.sub(v128.load64_splat(CR + off), f64x2.mul(pi, wi)));
      pi = madd(pr, wi, f64x2.mul(pi, wr));
      pr = v;
      s = madd(s, am, v128.load64_splat(bound + off));
    }
  } else {
    for (let k = 0; k < n; k++) {
      off += step;
      const t = madd(dr, wr, f64x2.sub(pr, f64x2.mul(di, wi)));
      di = madd(dr, wi, madd(di, wr, pi));
      dr = t;
      const v = madd(pr, wr, f64x2.sub(v128.load64_splat(CR + off), f64x2.mul(pi, wi)));
      pi = madd(pr, wi, madd(pi, wr, v128.load64_splat(CI + off)));
      pr = v;
      s = madd(s, am, v128.load64_splat(bound + off));
    }
  }
  finish(n, 0, reversed, f64x2.extract_lane(pr, 0), f64x2.extract_lane(pi, 0), f64x2.extract_lane(dr, 0), f64x2.extract_lane(di, 0), f64x2.extract_lane(s, 0), wr0, wi0, mod0);
  finish(n, 1, reversed, f64x2.extract_lane(pr, 1), f64x2.extract_lane(pi, 1), f64x2.extract_lane(dr, 1), f64x2.extract_lane(di, 1), f64x2.extract_lane(s, 1), wr1, wi1, mod1);
}

/**
 * Real coefficients, roots i0 and i1 away from the real axis (|Im z| ≥ |z|/2): the evaluation by the
 * quadratic factor x² − t·x + s, t = 2·Re w, s = |w|² (Knuth, TAOCP vol. 2, §4.6.4; w = z, or 1/z
 * reversed) in real arithmetic, half the work of complex Horner. Dividing p by the factor,
 * b_k = c_k + t·b_{k+1} − s·b_{k+2} gives p(w) = b₀ − w̄·b₁; dividing the quotient again,
 * e_k = b_k + t·e_{k+1} − s·e_{k+2} (k ≥ 2) gives p′(w) = b₁ + 2i·Im w·(e₂ − w̄·e₃). Near the real
 * axis the recurrence amplifies rounding like min(n, |w|/|Im w|), hence the angle limit: there its
 * error stayed below 0.2·u·s(|w|) in tests on Kac polynomials (complex Horner: 0.04·u·s), inside the
 * u·s the stop rule and the radius allow for.
 */
function evaluatePairQuadratic(n: i32, reversed: bool, i0: i32, i1: i32): void {
  const x0 = ld(ZR, i0);
  const y0 = ld(ZI, i0);
  const x1 = ld(ZR, i1);
  const y1 = ld(ZI, i1);
  let wr0 = x0, wi0 = y0, wr1 = x1, wi1 = y1;
  const r20 = x0 * x0 + y0 * y0;
  const r21 = x1 * x1 + y1 * y1;
  let mod0 = Math.sqrt(r20);
  let mod1 = Math.sqrt(r21);
  if (reversed) {
    reciprocal(x0, y0);
    wr0 = QR;
    wi0 = QI;
    reciprocal(x1, y1);
    wr1 = QR;
    wi1 = QI;
    if (!(r20 < Infinity)) mod0 = Math.hypot(x0, y0);
    if (!(r21 < Infinity)) mod1 = Math.hypot(x1, y1);
  }
  const am = reversed ? f64x2(1 / mod0, 1 / mod1) : f64x2(mod0, mod1);
  const t = f64x2(2 * wr0, 2 * wr1);
  const sq = f64x2(wr0 * wr0 + wi0 * wi0, wr1 * wr1 + wi1 * wi1);
  let off: usize = reversed ? 0 : <usize>n << 3;
  const step: isize = reversed ? 8 : -8;
  const bound = reversed ? RB : FB;
  // k = n: b_n = c_n, e_n = b_n.
  let b1 = v128.load64_splat(CR + off);
  let b2 = f64x2.splat(0);
  let e1 = b1;
  let e2 = b2;
  let s = v128.load64_splat(bound + off);
  for (let k = 2; k < n; k++) {
    off += step;
    // t·b_{k+1} + (c_k − s·b_{k+2}): the product with b_{k+2} is off the critical path, so a step
    // costs one multiply and one add of latency (complex Horner: a multiply and two adds).
    const b = madd(t, b1, f64x2.sub(v128.load64_splat(CR + off), f64x2.mul(sq, b2)));
    b2 = b1;
    b1 = b;
    const e = madd(t, e1, f64x2.sub(b, f64x2.mul(sq, e2)));
    e2 = e1;
    e1 = e;
    s = madd(s, am, v128.load64_splat(bound + off));
  }
  // e1 = e₂, e2 = e₃; two more b steps give b₁ and b₀.
  for (let k = 0; k < 2; k++) {
    off += step;
    const b = madd(t, b1, f64x2.sub(v128.load64_splat(CR + off), f64x2.mul(sq, b2)));
    b2 = b1;
    b1 = b;
    s = madd(s, am, v128.load64_splat(bound + off));
  }
  // b1 = b₀, b2 = b₁.
  const wr = f64x2(wr0, wr1);
  const wi = f64x2(wi0, wi1);
  const pr = f64x2.sub(b1, f64x2.mul(wr, b2));
  const pi = f64x2.mul(wi, b2);
  const dr = f64x2.sub(b2, f64x2.mul(f64x2.add(wi, wi), f64x2.mul(wi, e2)));
  const di = f64x2.mul(f64x2.add(wi, wi), f64x2.sub(e1, f64x2.mul(wr, e2)));
  finish(n, 0, reversed, f64x2.extract_lane(pr, 0), f64x2.extract_lane(pi, 0), f64x2.extract_lane(dr, 0), f64x2.extract_lane(di, 0), f64x2.extract_lane(s, 0), wr0, wi0, mod0);
  finish(n, 1, reversed, f64x2.extract_lane(pr, 1), f64x2.extract_lane(pi, 1), f64x2.extract_lane(dr, 1), f64x2.extract_lane(di, 1), f64x2.extract_lane(s, 1), wr1, wi1, mod1);
}

// ---- the Aberth step ----------------------------------------------------------------------------
let stepR: f64 = 0;
let stepI: f64 = 0;

/** Σ_{j≠i} 1/(z_i − z_j) over pairs of j in f64x2, then Δ = 1/(L − Σ). False: no finite step. */
function aberthStep(n: i32, i: i32, lr: f64, li: f64): bool {
  const x = ld(ZR, i);
  const y = ld(ZI, i);
  const vx = f64x2.splat(x);
  const vy = f64x2.splat(y);
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  let accR = zero;
  let accI = zero;
  const pairs = n & ~1;
  for (let j = 0; j < pairs; j += 2) {
    const off = <usize>j << 3;
    const dr = f64x2.sub(vx, v128.load(ZR + off));
    const di = f64x2.sub(vy, v128.load(ZI + off));
    const m2 = madd(dr, dr, f64x2.mul(di, di));
    // 1/|d|², with d = 0 (j = i or a coincident approximation) masked to 0: Inf & 0 = +0.
    const inv = v128.and(f64x2.div(one, m2), f64x2.gt(m2, zero));
    accR = madd(dr, inv, accR);
    accI = f64x2.sub(accI, f64x2.mul(di, inv));
  }
  let ar = f64x2.extract_lane(accR, 0) + f64x2.extract_lane(accR, 1);
  let ai = f64x2.extract_lane(accI, 0) + f64x2.extract_lane(accI, 1);
  if (pairs < n) {
    const dr = x - ld(ZR, n - 1);
    const di = y - ld(ZI, n - 1);
    const m2 = dr * dr + di * di;
    if (m2 > 0) {
      const inv = 1 / m2;
      ar += dr * inv;
      ai -= di * inv;
    }
  }
  let br = lr - ar;
  let bi = li - ai;
  if (br == 0 && bi == 0) {
    br = lr;
    bi = li;
  }
  reciprocal(br, bi);
  stepR = QR;
  stepI = QI;
  return isFinite<f64>(QR) && isFinite<f64>(QI);
}

/**
 * The sweep's update of root i from its evaluation (lane registers passed in): freeze by the stop
 * rule (well-conditioned roots take the Newton step 1/L first, the disc widened by it), or take the
 * Aberth step and freeze when it is below 8u·|z|. Returns 1 when the root froze.
 */
function update(n: i32, i: i32, p: f64, lr: f64, li: f64, radius: f64, stop: bool): i32 {
  const x = ld(ZR, i);
  const y = ld(ZI, i);
  const r2 = x * x + y * y;
  if (stop) {
    store<u8>(STATE + <usize>i, FROZEN);
    st(RAD, i, radius);
    if (radius * radius <= POLISH2 * r2) {
      reciprocal(lr, li);
      if (isFinite<f64>(QR) && isFinite<f64>(QI)) {
        st(ZR, i, x - QR);
        st(ZI, i, y - QI);
        st(RAD, i, radius + Math.sqrt(QR * QR + QI * QI));
      }
    }
    return 1;
  }
  if (!aberthStep(n, i, lr, li)) return 0;
  st(ZR, i, x - stepR);
  st(ZI, i, y - stepI);
  const step2 = stepR * stepR + stepI * stepI;
  if (step2 <= STEP2 * r2) {
    store<u8>(STATE + <usize>i, FROZEN);
    st(RAD, i, radius + Math.sqrt(step2));
    return 1;
  }
  return 0;
}

// ---- accurate evaluation for polishing: compensated Horner ---------------------------------------
// As in the JS twin: at the stop rule an ill-conditioned root's p is rounding noise, and so would be
// a plain step. Compensated Horner (Graillat, Langlois & Louvet 2005; complex: Graillat &
// Ménissier-Morain 2008) carries the exact errors of every product (Dekker's TwoProduct with
// Veltkamp's splitting: relaxed FMA is not guaranteed to fuse, so it cannot serve) and sum (Knuth's
// TwoSum) in a second Horner chain, as accurate as twice the working precision; Aberth steps then
// converge to the roots of the polynomial as given.

/**
 * Compensated evaluation of root i into the lane-0 registers; radius error term u·|p| +
 * 16(n + 1)²u²·s, plus 2u·|w·q′| when reversed.
 */
function evaluateAccurate(n: i32, real: bool, i: i32): void {
  const x = ld(ZR, i);
  const y = ld(ZI, i);
  const r2 = x * x + y * y;
  const reversed = !(r2 <= 1);
  let wr = x;
  let wi = y;
  let modulus = Math.sqrt(r2);
  if (reversed) {
    reciprocal(x, y);
    wr = QR;
    wi = QI;
    if (!(r2 < Infinity)) modulus = Math.hypot(x, y);
  }
  const wm = reversed ? 1 / modulus : modulus;
  // w split once: every TwoProduct of the pass has w as one factor.
  let t: f64 = SPLIT * wr;
  const wrh = t - (t - wr);
  const wrl = wr - wrh;
  t = SPLIT * wi;
  const wih = t - (t - wi);
  const wil = wi - wih;
  // p = (prh + prl) + i(pih + pil) and d = p′ likewise: the hi chain and the chain of its errors.
  let off: usize = reversed ? 0 : <usize>n << 3;
  const step: isize = reversed ? 8 : -8;
  const bound = reversed ? RB : FB;
  let prh = load<f64>(CR + off);
  let pih = real ? 0.0 : load<f64>(CI + off);
  let prl: f64 = 0, pil: f64 = 0, drh: f64 = 0, drl: f64 = 0, dih: f64 = 0, dil: f64 = 0;
  let s = load<f64>(bound + off);
  for (let k = 0; k < n; k++) {
    off += step;
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
    let a1: f64 = drh * wr;
    let e1: f64 = drhh * wrh - a1 + drhh * wrl + drhl * wrh + drhl * wrl;
    let a2: f64 = dih * wi;
    let e2: f64 = dihh * wih - a2 + dihh * wil + dihl * wih + dihl * wil;
    let s1: f64 = a1 - a2;
    let v: f64 = s1 - a1;
    let e3: f64 = a1 - (s1 - v) + (-a2 - v);
    let s2: f64 = s1 + prh;
    v = s2 - s1;
    let e4: f64 = s1 - (s2 - v) + (prh - v);
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
    const cre = load<f64>(CR + off);
    const cim = real ? 0.0 : load<f64>(CI + off);
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
    s = s * wm + load<f64>(bound + off);
  }
  finishAccurate(n, 0, reversed, prh, prl, pih, pil, drh, drl, dih, dil, s, wr, wi, modulus);
}

/** From the compensated pass at w (lane registers `lane`): |p|, L = p′/p and the radius (error u·|p| + 16(n + 1)²u²·s, plus 2u·|w·q′| reversed). */
function finishAccurate(n: i32, lane: i32, reversed: bool, prh: f64, prl: f64, pih: f64, pil: f64, drh: f64, drl: f64, dih: f64, dil: f64, s: f64, wr: f64, wi: f64, modulus: f64): void {
  const wm = reversed ? 1 / modulus : modulus;
  const pr = prh + prl;
  const pi = pih + pil;
  let dr = drh + drl;
  let di = dih + dil;
  const absP = Math.hypot(pr, pi);
  let error = U * absP + 16 * <f64>(n + 1) * <f64>(n + 1) * U * U * s;
  if (reversed) {
    error += 2 * U * wm * Math.hypot(dr, di);
    const qdr = dr;
    dr = <f64>n * pr - (wr * qdr - wi * di);
    di = <f64>n * pi - (wr * di + wi * qdr);
  }
  const radius = (<f64>n * (absP + error) * (reversed ? modulus : 1.0)) / Math.hypot(dr, di);
  divide(dr, di, pr, pi);
  let lr = QR;
  let li = QI;
  if (reversed) {
    const q = wr * lr - wi * li;
    li = wr * li + wi * lr;
    lr = q;
  }
  if (lane == 0) {
    evP0 = absP;
    evRad0 = radius;
    evLr0 = lr;
    evLi0 = li;
  } else {
    evP1 = absP;
    evRad1 = radius;
    evLr1 = lr;
    evLi1 = li;
  }
}

/**
 * `evaluateAccurate` for roots i0 and i1 at once, one per f64x2 lane (both forward or both reversed),
 * into the lane-0 and lane-1 registers: the same operations in the same order as the scalar pass
 * (plain multiplies and adds only — the error-free transformations need every product rounded).
 */
function evaluateAccuratePair(n: i32, real: bool, reversed: bool, i0: i32, i1: i32): void {
  const x0 = ld(ZR, i0);
  const y0 = ld(ZI, i0);
  const x1 = ld(ZR, i1);
  const y1 = ld(ZI, i1);
  let wr0 = x0, wi0 = y0, wr1 = x1, wi1 = y1;
  const r20 = x0 * x0 + y0 * y0;
  const r21 = x1 * x1 + y1 * y1;
  let mod0 = Math.sqrt(r20);
  let mod1 = Math.sqrt(r21);
  if (reversed) {
    reciprocal(x0, y0);
    wr0 = QR;
    wi0 = QI;
    reciprocal(x1, y1);
    wr1 = QR;
    wi1 = QI;
    if (!(r20 < Infinity)) mod0 = Math.hypot(x0, y0);
    if (!(r21 < Infinity)) mod1 = Math.hypot(x1, y1);
  }
  const wm = reversed ? f64x2(1 / mod0, 1 / mod1) : f64x2(mod0, mod1);
  const wr = f64x2(wr0, wr1);
  const wi = f64x2(wi0, wi1);
  const zero = f64x2.splat(0);
  const VSPLIT = f64x2.splat(SPLIT);
  let t = f64x2.mul(VSPLIT, wr);
  const wrh = f64x2.sub(t, f64x2.sub(t, wr));
  const wrl = f64x2.sub(wr, wrh);
  t = f64x2.mul(VSPLIT, wi);
  const wih = f64x2.sub(t, f64x2.sub(t, wi));
  const wil = f64x2.sub(wi, wih);
  let off: usize = reversed ? 0 : <usize>n << 3;
  const step: isize = reversed ? 8 : -8;
  const bound = reversed ? RB : FB;
  let prh = v128.load64_splat(CR + off);
  let pih = real ? zero : v128.load64_splat(CI + off);
  let prl = zero, pil = zero, drh = zero, drl = zero, dih = zero, dil = zero;
  let s = v128.load64_splat(bound + off);
  for (let k = 0; k < n; k++) {
    off += step;
    // Splits of the hi parts (each used by two products).
    t = f64x2.mul(VSPLIT, prh);
    const prhh = f64x2.sub(t, f64x2.sub(t, prh));
    const prhl = f64x2.sub(prh, prhh);
    t = f64x2.mul(VSPLIT, pih);
    const pihh = f64x2.sub(t, f64x2.sub(t, pih));
    const pihl = f64x2.sub(pih, pihh);
    t = f64x2.mul(VSPLIT, drh);
    const drhh = f64x2.sub(t, f64x2.sub(t, drh));
    const drhl = f64x2.sub(drh, drhh);
    t = f64x2.mul(VSPLIT, dih);
    const dihh = f64x2.sub(t, f64x2.sub(t, dih));
    const dihl = f64x2.sub(dih, dihh);
    // d ← d·w + p: re = drh·wr − dih·wi + prh, im = drh·wi + dih·wr + pih, errors collected.
    let a1 = f64x2.mul(drh, wr);
    let e1 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(drhh, wrh), a1), f64x2.mul(drhh, wrl)), f64x2.mul(drhl, wrh)), f64x2.mul(drhl, wrl));
    let a2 = f64x2.mul(dih, wi);
    let e2 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(dihh, wih), a2), f64x2.mul(dihh, wil)), f64x2.mul(dihl, wih)), f64x2.mul(dihl, wil));
    let s1 = f64x2.sub(a1, a2);
    let v = f64x2.sub(s1, a1);
    let e3 = f64x2.add(f64x2.sub(a1, f64x2.sub(s1, v)), f64x2.sub(f64x2.neg(a2), v));
    let s2 = f64x2.add(s1, prh);
    v = f64x2.sub(s2, s1);
    let e4 = f64x2.add(f64x2.sub(s1, f64x2.sub(s2, v)), f64x2.sub(prh, v));
    const ndrh = s2;
    const ndrl = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(drl, wr), f64x2.mul(dil, wi)), prl), f64x2.add(f64x2.add(f64x2.sub(e1, e2), e3), e4));
    a1 = f64x2.mul(drh, wi);
    e1 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(drhh, wih), a1), f64x2.mul(drhh, wil)), f64x2.mul(drhl, wih)), f64x2.mul(drhl, wil));
    a2 = f64x2.mul(dih, wr);
    e2 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(dihh, wrh), a2), f64x2.mul(dihh, wrl)), f64x2.mul(dihl, wrh)), f64x2.mul(dihl, wrl));
    s1 = f64x2.add(a1, a2);
    v = f64x2.sub(s1, a1);
    e3 = f64x2.add(f64x2.sub(a1, f64x2.sub(s1, v)), f64x2.sub(a2, v));
    s2 = f64x2.add(s1, pih);
    v = f64x2.sub(s2, s1);
    e4 = f64x2.add(f64x2.sub(s1, f64x2.sub(s2, v)), f64x2.sub(pih, v));
    dih = s2;
    dil = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(drl, wi), f64x2.mul(dil, wr)), pil), f64x2.add(f64x2.add(f64x2.add(e1, e2), e3), e4));
    drh = ndrh;
    drl = ndrl;
    // p ← p·w + c_k
    const cre = v128.load64_splat(CR + off);
    const cim = real ? zero : v128.load64_splat(CI + off);
    a1 = f64x2.mul(prh, wr);
    e1 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(prhh, wrh), a1), f64x2.mul(prhh, wrl)), f64x2.mul(prhl, wrh)), f64x2.mul(prhl, wrl));
    a2 = f64x2.mul(pih, wi);
    e2 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(pihh, wih), a2), f64x2.mul(pihh, wil)), f64x2.mul(pihl, wih)), f64x2.mul(pihl, wil));
    s1 = f64x2.sub(a1, a2);
    v = f64x2.sub(s1, a1);
    e3 = f64x2.add(f64x2.sub(a1, f64x2.sub(s1, v)), f64x2.sub(f64x2.neg(a2), v));
    s2 = f64x2.add(s1, cre);
    v = f64x2.sub(s2, s1);
    e4 = f64x2.add(f64x2.sub(s1, f64x2.sub(s2, v)), f64x2.sub(cre, v));
    const nprh = s2;
    const nprl = f64x2.add(f64x2.sub(f64x2.mul(prl, wr), f64x2.mul(pil, wi)), f64x2.add(f64x2.add(f64x2.sub(e1, e2), e3), e4));
    a1 = f64x2.mul(prh, wi);
    e1 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(prhh, wih), a1), f64x2.mul(prhh, wil)), f64x2.mul(prhl, wih)), f64x2.mul(prhl, wil));
    a2 = f64x2.mul(pih, wr);
    e2 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(pihh, wrh), a2), f64x2.mul(pihh, wrl)), f64x2.mul(pihl, wrh)), f64x2.mul(pihl, wrl));
    s1 = f64x2.add(a1, a2);
    v = f64x2.sub(s1, a1);
    e3 = f64x2.add(f64x2.sub(a1, f64x2.sub(s1, v)), f64x2.sub(a2, v));
    s2 = f64x2.add(s1, cim);
    v = f64x2.sub(s2, s1);
    e4 = f64x2.add(f64x2.sub(s1, f64x2.sub(s2, v)), f64x2.sub(cim, v));
    pih = s2;
    pil = f64x2.add(f64x2.add(f64x2.mul(prl, wi), f64x2.mul(pil, wr)), f64x2.add(f64x2.add(f64x2.add(e1, e2), e3), e4));
    prh = nprh;
    prl = nprl;
    s = f64x2.add(f64x2.mul(s, wm), v128.load64_splat(bound + off));
  }
  finishAccurate(n, 0, reversed, f64x2.extract_lane(prh, 0), f64x2.extract_lane(prl, 0), f64x2.extract_lane(pih, 0), f64x2.extract_lane(pil, 0),
    f64x2.extract_lane(drh, 0), f64x2.extract_lane(drl, 0), f64x2.extract_lane(dih, 0), f64x2.extract_lane(dil, 0), f64x2.extract_lane(s, 0), wr0, wi0, mod0);
  finishAccurate(n, 1, reversed, f64x2.extract_lane(prh, 1), f64x2.extract_lane(prl, 1), f64x2.extract_lane(pih, 1), f64x2.extract_lane(pil, 1),
    f64x2.extract_lane(drh, 1), f64x2.extract_lane(drl, 1), f64x2.extract_lane(dih, 1), f64x2.extract_lane(dil, 1), f64x2.extract_lane(s, 1), wr1, wi1, mod1);
}

// ---- scaling and starts -------------------------------------------------------------------------

/** ⌊log₂ x⌋ for finite x > 0, exactly (subnormals included). */
function exponentOf(x: f64): i32 {
  const e = <i32>((reinterpret<u64>(x) >> 52) & 0x7ff);
  if (e != 0) return e - 1023;
  return exponentOf(x * 18446744073709551616.0) - 64;
}

/** ⌊log₂ max(|re|, |im|)⌋ of coefficient k, or i32.MIN_VALUE for a zero coefficient. */
function magnitudeExponent(k: i32): i32 {
  const a = Math.max(Math.abs(ld(CR, k)), Math.abs(ld(CI, k)));
  return a == 0 ? i32.MIN_VALUE : exponentOf(a);
}

let SHIFT: i32 = 0;

/** Coefficient shift g for variable exponent e into SHIFT; false when the range exceeds 2⁹⁶⁰. */
function shiftFor(n: i32, e: i32): bool {
  let hi = i32.MIN_VALUE;
  let lo = i32.MAX_VALUE;
  for (let k = 0; k <= n; k++) {
    const x = magnitudeExponent(k);
    if (x == i32.MIN_VALUE) continue;
    const v = x + k * e;
    if (v > hi) hi = v;
    if (v < lo) lo = v;
  }
  SHIFT = -hi;
  return hi - lo <= 960;
}

/**
 * c_k ← c_k·2^{g + k·e} exactly: 2ᵉ near the geometric mean of the root moduli (|c₀/c_n|^{1/n}),
 * 2ᵍ bringing the largest coefficient near 1; fills the bound weights and log|c_k|. Returns e.
 */
function scaleCoefficients(n: i32): i32 {
  let e = <i32>Math.round(<f64>(magnitudeExponent(0) - magnitudeExponent(n)) / <f64>n);
  if (!shiftFor(n, e)) {
    e = 0;
    shiftFor(n, 0);
  }
  const g = SHIFT;
  for (let k = 0; k <= n; k++) {
    const t = g + k * e;
    const re = NativeMath.scalbn(ld(CR, k), t);
    const im = NativeMath.scalbn(ld(CI, k), t);
    st(CR, k, re);
    st(CI, k, im);
    const a = Math.sqrt(re * re + im * im);
    st(FB, k, a * (1 + 3.8 * <f64>k));
    st(RB, k, a * (1 + 3.8 * <f64>(n - k)));
    st(LOGA, k, a > 0 ? Math.log(a) : LOG_FLOOR);
  }
  return e;
}

/** PZEROS's starting points from the upper convex hull of (k, log|c_k|). */
function newtonPolygonStarts(n: i32): void {
  let h = 0;
  for (let k = 0; k <= n; k++) {
    while (h >= 2) {
      const i = load<i32>(HULL + (<usize>(h - 2) << 2));
      const j = load<i32>(HULL + (<usize>(h - 1) << 2));
      const ai = ld(LOGA, i);
      if (<f64>(j - i) * (ld(LOGA, k) - ai) - (ld(LOGA, j) - ai) * <f64>(k - i) >= 0) h--;
      else break;
    }
    store<i32>(HULL + (<usize>h << 2), k);
    h++;
  }
  const perCircle = (2 * Math.PI) / <f64>n;
  let index = 0;
  for (let edge = 0; edge + 1 < h; edge++) {
    const a = load<i32>(HULL + (<usize>edge << 2));
    const b = load<i32>(HULL + (<usize>(edge + 1) << 2));
    const count = b - a;
    let radius = Math.exp((ld(LOGA, a) - ld(LOGA, b)) / <f64>count);
    if (!(radius > 9.332636185032189e-302)) radius = 9.332636185032189e-302; // 2⁻¹⁰⁰⁰
    if (!(radius < 1.0715086071862673e301)) radius = 1.0715086071862673e301; // 2¹⁰⁰⁰
    const angle = (2 * Math.PI) / <f64>count;
    for (let j = 1; j <= count; j++) {
      const t = angle * <f64>j + perCircle * <f64>edge + SIGMA;
      st(ZR, index, radius * Math.cos(t));
      st(ZI, index, radius * Math.sin(t));
      index++;
    }
  }
}

// ---- one polynomial, in three phases ----------------------------------------------------------
// begin (read, normalise, scale, start), sweeps (Gauss–Seidel sweeps, resumable), end (polish,
// radii, output). The whole state lives in `work` (a header, then the arrays), so a host can run the
// sweeps in slices, save the work bytes while its own code runs (a progress callback may call other
// kernels, which reuse memory) and restore them before resuming.

// Header fields (i32 at byte offsets).
// @ts-ignore: decorator
@inline const H_N: usize = 0; // slots (the degree the work area is laid out for)
// @ts-ignore: decorator
@inline const H_M: usize = 4; // degree after normalisation
// @ts-ignore: decorator
@inline const H_LOW: usize = 8; // zero low coefficients (exact zero roots)
// @ts-ignore: decorator
@inline const H_TOP: usize = 12; // highest non-zero coefficient
// @ts-ignore: decorator
@inline const H_E: usize = 16; // variable scale exponent: roots = 2ᵉ·(iterates)
// @ts-ignore: decorator
@inline const H_FLAGS: usize = 20;
// @ts-ignore: decorator
@inline const H_SWEEPS: usize = 24; // sweeps run so far
// @ts-ignore: decorator
@inline const H_ACTIVE: usize = 28; // roots still moving
// @ts-ignore: decorator
@inline const H_DONE: usize = 32; // 1 after `end`: ZR/ZI hold finished roots (warm starts)

/** Writes root `slot` (value, radius, flag) in the requested output layout. */
// @ts-ignore: decorator
@inline function put(interleaved: bool, zre: usize, zim: usize, rad: usize, conv: usize, slot: i32, re: f64, im: f64, radius: f64, flag: u8): void {
  if (interleaved) {
    st(zre, 2 * slot, re);
    st(zre, 2 * slot + 1, im);
  } else {
    st(zre, slot, re);
    st(zim, slot, im);
  }
  st(rad, slot, radius);
  store<u8>(conv + <usize>slot, flag);
}

/**
 * Phase 1. Reads n + 1 coefficients, normalises, scales, and starts from the Newton polygon — or,
 * with `warm`, from the roots the work area holds from the previous polynomial of the same reduced
 * degree (a batch along a path of polynomials), rescaled exactly, unless two of them coincide.
 * Returns the reduced degree m, or −2 when every coefficient is zero.
 */
function begin(n: i32, are: usize, aim: usize, flags: i32, work: usize, warm: bool): i32 {
  const real = (flags & FLAG_REAL) != 0;
  const interleavedIn = (flags & FLAG_INTERLEAVED_IN) != 0 && !real;
  const previousM = load<i32>(work + H_M);
  const previousE = load<i32>(work + H_E);
  const previousDone = load<i32>(work + H_DONE) == 1 && load<i32>(work + H_N) == n;
  layout(n, work);
  let low = -1;
  let top = -1;
  for (let k = 0; k <= n; k++) {
    let re: f64, im: f64;
    if (real) {
      re = ld(are, k);
      im = 0;
    } else if (interleavedIn) {
      re = ld(are, 2 * k);
      im = ld(are, 2 * k + 1);
    } else {
      re = ld(are, k);
      im = ld(aim, k);
    }
    st(CR, k, re);
    st(CI, k, im);
    if (re != 0 || im != 0) {
      if (low < 0) low = k;
      top = k;
    }
  }
  store<i32>(work + H_N, n);
  store<i32>(work + H_FLAGS, flags);
  store<i32>(work + H_SWEEPS, 0);
  store<i32>(work + H_ACTIVE, 0);
  store<i32>(work + H_DONE, 0);
  store<i32>(work + H_E, 0);
  if (top < 0) {
    store<i32>(work + H_M, 0);
    store<i32>(work + H_LOW, 0);
    store<i32>(work + H_TOP, -1);
    return -2;
  }
  const m = top - low;
  store<i32>(work + H_M, m);
  store<i32>(work + H_LOW, low);
  store<i32>(work + H_TOP, top);
  if (m < 2) return m;
  if (low > 0) {
    for (let k = 0; k <= m; k++) {
      st(CR, k, ld(CR, k + low));
      st(CI, k, ld(CI, k + low));
    }
  }
  const e = scaleCoefficients(m);
  store<i32>(work + H_E, e);
  let warmed = false;
  if (warm && previousDone && previousM == m) {
    // Previous iterates are 2^{−previousE}·roots: rescale to 2^{−e} exactly.
    warmed = true;
    for (let i = 0; i < m && warmed; i++) {
      const x = NativeMath.scalbn(ld(ZR, i), previousE - e);
      const y = NativeMath.scalbn(ld(ZI, i), previousE - e);
      if (!(isFinite<f64>(x) && isFinite<f64>(y))) warmed = false;
      st(ZR, i, x);
      st(ZI, i, y);
    }
    // Coincident starts would move together forever (their mutual Aberth term is skipped).
    for (let i = 0; i < m && warmed; i++) {
      const x = ld(ZR, i);
      const y = ld(ZI, i);
      for (let j = i + 1; j < m; j++) {
        if (ld(ZR, j) == x && ld(ZI, j) == y) {
          warmed = false;
          break;
        }
      }
    }
  }
  if (!warmed) newtonPolygonStarts(m);
  for (let i = 0; i < m; i++) store<u8>(STATE + <usize>i, ACTIVE);
  store<i32>(work + H_ACTIVE, m);
  return m;
}

/**
 * A root's evaluation group in a sweep: 0 forward by the quadratic factor, 1 forward by complex
 * Horner, 2 and 3 the same through the reversed polynomial (|z| > 1). The quadratic factor serves
 * real coefficients at |Im z| ≥ |z|/2, i.e. 3·Im² ≥ Re² (the angle of 1/z is that of z̄).
 */
// @ts-ignore: decorator
@inline function group(real: bool, x: f64, y: f64): i32 {
  const reversed = !(x * x + y * y <= 1);
  const quadratic = real && 3 * y * y >= x * x;
  return (reversed ? 2 : 0) + (quadratic ? 0 : 1);
}

/** Phase 2. Runs up to `count` more sweeps; returns the roots still moving. */
function sweeps(work: usize, count: i32): i32 {
  const n = load<i32>(work + H_N);
  const m = load<i32>(work + H_M);
  const real = (load<i32>(work + H_FLAGS) & FLAG_REAL) != 0;
  layout(n, work);
  let active = load<i32>(work + H_ACTIVE);
  let done = load<i32>(work + H_SWEEPS);
  for (let t = 0; t < count && active > 0; t++) {
    done++;
    // Order this sweep's active roots in four groups, each evaluated in pairs: forward (|z| ≤ 1)
    // by the quadratic factor (real coefficients, |Im z| ≥ |z|/2), forward by complex Horner,
    // then the same two for reversed evaluation (|z| > 1). A root left alone in a group runs the
    // scalar complex Horner pass.
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    for (let i = 0; i < m; i++) {
      if (load<u8>(STATE + <usize>i) != ACTIVE) continue;
      const g = group(real, ld(ZR, i), ld(ZI, i));
      if (g == 0) c0++;
      else if (g == 1) c1++;
      else if (g == 2) c2++;
      else c3++;
    }
    let o0 = 0, o1 = c0, o2 = c0 + c1, o3 = c0 + c1 + c2;
    const total = o3 + c3;
    for (let i = 0; i < m; i++) {
      if (load<u8>(STATE + <usize>i) != ACTIVE) continue;
      const g = group(real, ld(ZR, i), ld(ZI, i));
      let at = 0;
      if (g == 0) at = o0++;
      else if (g == 1) at = o1++;
      else if (g == 2) at = o2++;
      else at = o3++;
      store<i32>(ORDER + (<usize>at << 2), i);
    }
    for (let g = 0; g < 4; g++) {
      const first = g == 0 ? 0 : g == 1 ? c0 : g == 2 ? c0 + c1 : c0 + c1 + c2;
      const last = g == 0 ? c0 : g == 1 ? c0 + c1 : g == 2 ? c0 + c1 + c2 : total;
      const reversed = g >= 2;
      const quadratic = (g & 1) == 0;
      let q = first;
      for (; q + 1 < last; q += 2) {
        const i0 = load<i32>(ORDER + (<usize>q << 2));
        const i1 = load<i32>(ORDER + (<usize>(q + 1) << 2));
        if (quadratic) evaluatePairQuadratic(m, reversed, i0, i1);
        else evaluatePair(m, real, reversed, i0, i1);
        // Lane 1 was evaluated before i0 moves; its own point does not depend on i0.
        const p1 = evP1, lr1 = evLr1, li1 = evLi1, rad1 = evRad1, stop1 = evStop1;
        active -= update(m, i0, evP0, evLr0, evLi0, evRad0, evStop0);
        active -= update(m, i1, p1, lr1, li1, rad1, stop1);
      }
      if (q < last) {
        const i0 = load<i32>(ORDER + (<usize>q << 2));
        evaluateOne(m, real, i0);
        active -= update(m, i0, evP0, evLr0, evLi0, evRad0, evStop0);
      }
    }
  }
  store<i32>(work + H_ACTIVE, active);
  store<i32>(work + H_SWEEPS, done);
  return active;
}

/**
 * A polishing step of root i from its compensated evaluation: the radius is recorded; the root is
 * done (FROZEN) on the last pass, at p = 0, without a finite step, or when the Aberth step is
 * below 2u·|z|; otherwise it moves.
 */
function polishUpdate(n: i32, i: i32, p: f64, lr: f64, li: f64, radius: f64, last: bool): void {
  const x = ld(ZR, i);
  const y = ld(ZI, i);
  st(RAD, i, radius);
  if (p == 0) {
    // An exact root: converged, whatever the sweeps said.
    store<u8>(CONVERGED + <usize>i, 1);
    store<u8>(STATE + <usize>i, FROZEN);
    return;
  }
  if (last || !aberthStep(n, i, lr, li)) {
    store<u8>(STATE + <usize>i, FROZEN);
    return;
  }
  if (stepR * stepR + stepI * stepI <= POLISH_DONE2 * (x * x + y * y)) {
    // Settled under compensated evaluation: backward error at rounding level. A root the sweep cap
    // left moving (an Aberth 2-cycle among clustered roots, seen on expanded products) counts as
    // converged from here.
    store<u8>(CONVERGED + <usize>i, 1);
    store<u8>(STATE + <usize>i, FROZEN);
    return;
  }
  st(ZR, i, x - stepR);
  st(ZI, i, y - stepI);
}

/** Phase 3. Polishes, gives moving roots a fresh radius, writes every slot. Returns the sweeps run. */
function end(work: usize, zre: usize, zim: usize, rad: usize, conv: usize): i32 {
  const n = load<i32>(work + H_N);
  const m = load<i32>(work + H_M);
  const low = load<i32>(work + H_LOW);
  const top = load<i32>(work + H_TOP);
  const e = load<i32>(work + H_E);
  const flags = load<i32>(work + H_FLAGS);
  const real = (flags & FLAG_REAL) != 0;
  const polish = (flags & FLAG_POLISH) != 0;
  const interleavedOut = (flags & FLAG_INTERLEAVED_OUT) != 0;
  layout(n, work);
  if (top < 0) return -2;
  for (let k = top; k < n; k++) put(interleavedOut, zre, zim, rad, conv, k, Infinity, 0, Infinity, 1);
  for (let k = 0; k < low; k++) put(interleavedOut, zre, zim, rad, conv, k, 0, 0, 0, 1);
  if (m == 0) return 0;
  if (m == 1) {
    divide(-ld(CR, low), -ld(CI, low), ld(CR, top), ld(CI, top));
    put(interleavedOut, zre, zim, rad, conv, low, QR, QI, 0, 1);
    return 0;
  }
  CONVERGED = conv + <usize>low;
  for (let i = 0; i < m; i++) store<u8>(CONVERGED + <usize>i, load<u8>(STATE + <usize>i));

  // Polish ill-conditioned roots (accurately), give roots still moving a fresh radius.
  for (let i = 0; i < m; i++) {
    if (load<u8>(STATE + <usize>i) == FROZEN) {
      if (!polish) continue;
      const x = ld(ZR, i);
      const y = ld(ZI, i);
      const r = ld(RAD, i);
      if (!(r * r > POLISH2 * (x * x + y * y))) continue;
    }
    store<u8>(STATE + <usize>i, ACTIVE);
  }
  if (!polish) {
    for (let i = 0; i < m; i++) {
      if (load<u8>(STATE + <usize>i) != ACTIVE) continue;
      evaluateOne(m, real, i);
      st(RAD, i, evRad0);
      store<u8>(STATE + <usize>i, FROZEN);
    }
  } else {
    // Gauss–Seidel passes over the candidates, forward ones first, two at a time in f64x2 lanes;
    // the last evaluation of a root, made where it stays, gives its radius.
    for (let pass = 0; pass <= POLISH_STEPS; pass++) {
      let nf = 0;
      let nr = 0;
      for (let i = 0; i < m; i++) {
        if (load<u8>(STATE + <usize>i) != ACTIVE) continue;
        const x = ld(ZR, i);
        const y = ld(ZI, i);
        if (x * x + y * y <= 1) {
          store<i32>(ORDER + (<usize>nf << 2), i);
          nf++;
        } else {
          nr++;
          store<i32>(ORDER + (<usize>(m - nr) << 2), i);
        }
      }
      if (nf + nr == 0) break;
      const last = pass == POLISH_STEPS;
      for (let part = 0; part < 2; part++) {
        const first = part == 0 ? 0 : m - nr;
        const stop = part == 0 ? nf : m;
        const reversed = part == 1;
        let q = first;
        for (; q + 1 < stop; q += 2) {
          const i0 = load<i32>(ORDER + (<usize>q << 2));
          const i1 = load<i32>(ORDER + (<usize>(q + 1) << 2));
          evaluateAccuratePair(m, real, reversed, i0, i1);
          const p1 = evP1, lr1 = evLr1, li1 = evLi1, rad1 = evRad1;
          polishUpdate(m, i0, evP0, evLr0, evLi0, evRad0, last);
          polishUpdate(m, i1, p1, lr1, li1, rad1, last);
        }
        if (q < stop) {
          const i0 = load<i32>(ORDER + (<usize>q << 2));
          evaluateAccurate(m, real, i0);
          polishUpdate(m, i0, evP0, evLr0, evLi0, evRad0, last);
        }
      }
    }
  }

  for (let i = 0; i < m; i++) {
    const slot = low + i;
    const re = NativeMath.scalbn(ld(ZR, i), e);
    const im = NativeMath.scalbn(ld(ZI, i), e);
    const radius = NativeMath.scalbn(ld(RAD, i), e);
    if (interleavedOut) {
      st(zre, 2 * slot, re);
      st(zre, 2 * slot + 1, im);
    } else {
      st(zre, slot, re);
      st(zim, slot, im);
    }
    st(rad, slot, radius);
  }
  store<i32>(work + H_DONE, 1);
  return load<i32>(work + H_SWEEPS);
}

/** Roots of one polynomial of degree n (see the header for the ABI). */
export function zroots(n: i32, are: usize, aim: usize, flags: i32, maxit: i32, zre: usize, zim: usize, rad: usize, conv: usize, work: usize): i32 {
  if (n < 0) return -1;
  if (maxit < 0) return -5;
  store<i32>(work + H_DONE, 0);
  if (begin(n, are, aim, flags, work, false) < 0) return -2;
  sweeps(work, maxit);
  return end(work, zre, zim, rad, conv);
}

/**
 * Phase 1 alone (resumable use): reads and normalises the polynomial and places the starts; returns
 * the reduced degree (≥ 0) or −1 (n < 0), −2 (all coefficients zero).
 */
export function zroots_begin(n: i32, are: usize, aim: usize, flags: i32, work: usize): i32 {
  if (n < 0) return -1;
  store<i32>(work + H_DONE, 0);
  return begin(n, are, aim, flags, work, false);
}

/** Phase 2 alone: up to `count` more sweeps on the state in `work`; returns the roots still moving. */
export function zroots_sweeps(work: usize, count: i32): i32 {
  if (count < 0) return -2;
  if (load<i32>(work + H_TOP) < 0) return -1;
  return sweeps(work, count);
}

/** Phase 3 alone: polish, radii, every output slot; returns the sweeps run. */
export function zroots_end(work: usize, zre: usize, zim: usize, rad: usize, conv: usize): i32 {
  if (load<i32>(work + H_TOP) < 0) return -1;
  return end(work, zre, zim, rad, conv);
}

/**
 * Roots of `count` polynomials of degree n stored one after another (one call, one work area).
 * flags bit 4: warm starts — each polynomial starts from the previous one's roots when its reduced
 * degree is the same (a path of nearby polynomials needs a few sweeps instead of ten).
 */
export function zroots_batch(count: i32, n: i32, are: usize, aim: usize, flags: i32, maxit: i32, zre: usize, zim: usize, rad: usize, conv: usize, work: usize): i32 {
  if (count < 0) return -1;
  if (n < 0) return -2;
  if (maxit < 0) return -6;
  const real = (flags & FLAG_REAL) != 0;
  const warm = (flags & FLAG_WARM) != 0;
  const inStride: usize = <usize>(n + 1) << ((flags & FLAG_INTERLEAVED_IN) != 0 && !real ? 4 : 3);
  const outStride: usize = <usize>n << ((flags & FLAG_INTERLEAVED_OUT) != 0 ? 4 : 3);
  let most = 0;
  // No reset of the header here: with warm starts the first polynomial continues from the roots the
  // work area holds (the host saves and restores it between chunks; a fresh area has a zeroed header).
  for (let b = 0; b < count; b++) {
    const ub = <usize>b;
    if (begin(n, are + ub * inStride, aim + ub * inStride, flags, work, warm) < 0) return -3;
    sweeps(work, maxit);
    const done = end(work, zre + ub * outStride, zim + ub * outStride, rad + ((ub * <usize>n) << 3), conv + ub * <usize>n);
    if (done > most) most = done;
  }
  return most;
}
