// max|x_i| over a vector, for the input checks of the Gram eigenvalue route (specs/core.md §1.4:
// non-finite entries are rejected, extreme magnitudes scaled by a power of two). One SIMD pass, so
// checking an N×M weight matrix costs a small fraction of forming its Gram matrix.

/**
 * max|x_i| over the n doubles at x: NaN if any x_i is NaN, +Inf if any is ±Inf (and none NaN),
 * 0 for n = 0. f64x2.max propagates NaN, so the result is exact, not an estimate.
 */
export function dmaxabs(n: i32, x: usize): f64 {
  let m0 = f64x2.splat(0);
  let m1 = f64x2.splat(0);
  let m2 = f64x2.splat(0);
  let m3 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const p = x + ((<usize>i) << 3);
    m0 = f64x2.max(m0, f64x2.abs(v128.load(p)));
    m1 = f64x2.max(m1, f64x2.abs(v128.load(p, 16)));
    m2 = f64x2.max(m2, f64x2.abs(v128.load(p, 32)));
    m3 = f64x2.max(m3, f64x2.abs(v128.load(p, 48)));
  }
  const m = f64x2.max(f64x2.max(m0, m1), f64x2.max(m2, m3));
  let r = Math.max(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
  for (; i < n; i++) r = Math.max(r, Math.abs(load<f64>(x + ((<usize>i) << 3))));
  return r;
}
