// Householder reflectors on contiguous rows of doubles (LAPACK dlarfg), shared by the
// tridiagonal reductions: the blocked one-stage dsytrd (sytrd.ts) and the two-stage reduction
// (sytrd-2stage.ts). Not part of the wasm ABI: index.ts does not re-export this file.
import { ld, st } from './tridiagonal-ql';

@inline function madd(a: v128, b: v128, c: v128): v128 {
  // a·b + c: fused in the relaxed-SIMD build, mul + add in the SIMD128 build (same source).
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}
@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** ‖x‖₂ of len doubles at p: SIMD sum of squares, redone with scaling only when it under/overflows. */
export function norm2(len: i32, p: usize): f64 {
  if (len <= 0) return 0;
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    const x0 = v128.load(p + ((<usize>k) << 3));
    const x1 = v128.load(p + ((<usize>k) << 3), 16);
    acc0 = madd(x0, x0, acc0);
    acc1 = madd(x1, x1, acc1);
  }
  let ss = hsum(f64x2.add(acc0, acc1));
  for (; k < len; k++) {
    const x = ld(p, k);
    ss += x * x;
  }
  if (ss > 1e-280 && ss < 1e280) return Math.sqrt(ss);
  // dnrm2-style: scale by the largest entry.
  let scale: f64 = 0;
  for (let j = 0; j < len; j++) scale = Math.max(scale, Math.abs(ld(p, j)));
  if (scale == 0 || !isFinite(scale)) return scale;
  let s: f64 = 0;
  for (let j = 0; j < len; j++) {
    const x = ld(p, j) / scale;
    s += x * x;
  }
  return scale * Math.sqrt(s);
}

/** x ← α·x for len doubles at p. */
export function scaleVector(len: i32, alpha: f64, p: usize): void {
  const av = f64x2.splat(alpha);
  let k = 0;
  for (; k + 2 <= len; k += 2) {
    const q = p + ((<usize>k) << 3);
    v128.store(q, f64x2.mul(av, v128.load(q)));
  }
  for (; k < len; k++) st(p, k, alpha * ld(p, k));
}

const SAFMIN: f64 = 2.2250738585072014e-308;
const EPS: f64 = 1.1102230246251565e-16;

// dlarfg results (read right after each householder call).
export let reflectorTau: f64 = 0;
export let reflectorBeta: f64 = 0;

/**
 * LAPACK dlarfg: H = I − τ·v·vᵀ with v = (1, x/(α − β)) maps (α, x) to (β, 0). x (len doubles at
 * p) is overwritten by v's tail. τ = 0 (H = I) when x = 0.
 */
export function householder(alpha: f64, len: i32, p: usize): void {
  let xnorm = norm2(len, p);
  if (xnorm == 0) {
    reflectorTau = 0;
    reflectorBeta = alpha;
    return;
  }
  let beta = -(alpha >= 0 ? Math.hypot(alpha, xnorm) : -Math.hypot(alpha, xnorm));
  const safmn = SAFMIN / EPS;
  let knt = 0;
  if (Math.abs(beta) < safmn) {
    // β may be inaccurate: scale up and recompute (bounded, as dlarfg's 20 rounds).
    const rsafmn = 1 / safmn;
    do {
      knt++;
      scaleVector(len, rsafmn, p);
      beta *= rsafmn;
      alpha *= rsafmn;
    } while (Math.abs(beta) < safmn && knt < 20);
    xnorm = norm2(len, p);
    beta = -(alpha >= 0 ? Math.hypot(alpha, xnorm) : -Math.hypot(alpha, xnorm));
  }
  reflectorTau = (beta - alpha) / beta;
  scaleVector(len, 1 / (alpha - beta), p);
  for (let j = 0; j < knt; j++) beta *= safmn;
  reflectorBeta = beta;
}
