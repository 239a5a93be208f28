// Householder building blocks shared by qr.ts and bidiagonal.ts (not part of the wasm ABI: index.ts
// does not re-export this file). Plain-JS twins: packages/core/src/js/qr.ts, same names.
//
// Layout: row-major; element (i, j) of X with leading dimension ldx (elements) is at
// x + (i·ldx + j)·8. A reflector H = I − τ·v·vᵀ has v(0) = 1 implicit and v(1:) stored down a
// column (stride ldx·8 bytes), as LAPACK stores them. Every update is "for each row i: row_i ±
// coefficient·(a contiguous row)", so the inner loops are contiguous f64x2 loops.
import { UPLO_UPPER, dgemmInternal, dsyrkInternal } from './gemm';

// Squares of magnitudes in [SAFE_LOW, SAFE_HIGH] neither overflow nor lose anything that matters
// to underflow (entries below SAFE_LOW·1e-8 contribute < u² relative to the largest).
const SAFE_LOW: f64 = 1e-145;
const SAFE_HIGH: f64 = 1e145;
const TINY_DIVISOR: f64 = 1e-290;

/** a·b + c: fused (relaxed SIMD) where the build has it, else mul then add. */
// @ts-ignore: decorator
@inline export function madd2(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f64x2.relaxed_madd(a, b, c);
  } else {
    return f64x2.add(f64x2.mul(a, b), c);
  }
}

/** y[0:n] ← y + s·x (contiguous doubles). */
export function axpy(n: i32, s: f64, x: usize, y: usize): void {
  const vs = f64x2.splat(s);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 3;
    v128.store(y + o, madd2(vs, v128.load(x + o), v128.load(y + o)));
    v128.store(y + o + 16, madd2(vs, v128.load(x + o + 16), v128.load(y + o + 16)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 3;
    store<f64>(y + o, load<f64>(y + o) + s * load<f64>(x + o));
  }
}

/** x[0:n]·y[0:n] (contiguous doubles). */
export function dot(n: i32, x: usize, y: usize): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 3;
    acc0 = madd2(v128.load(x + o), v128.load(y + o), acc0);
    acc1 = madd2(v128.load(x + o + 16), v128.load(y + o + 16), acc1);
  }
  const acc = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; j < n; j++) {
    const o = <usize>j << 3;
    s += load<f64>(x + o) * load<f64>(y + o);
  }
  return s;
}

/** Copies n doubles from src to dst. */
export function copyDoubles(n: i32, src: usize, dst: usize): void {
  memory.copy(dst, src, <usize>n << 3);
}

/**
 * ‖x‖₂ of `count` doubles at p, p + stride, … (stride in bytes), without overflow or harmful
 * underflow: a plain sum of squares when the largest magnitude is in a safe range, else scaled.
 */
export function norm2(count: i32, p: usize, stride: usize): f64 {
  let amax: f64 = 0;
  let q = p;
  for (let i = 0; i < count; i++, q += stride) {
    const x = abs<f64>(load<f64>(q));
    if (x > amax) amax = x;
  }
  if (amax == 0) return 0;
  let sum: f64 = 0;
  q = p;
  if (amax > SAFE_LOW && amax < SAFE_HIGH) {
    for (let i = 0; i < count; i++, q += stride) {
      const x = load<f64>(q);
      sum += x * x;
    }
    return sqrt<f64>(sum);
  }
  for (let i = 0; i < count; i++, q += stride) {
    const x = load<f64>(q) / amax;
    sum += x * x;
  }
  return amax * sqrt<f64>(sum);
}

/** √(x² + y²) without overflow (LAPACK `dlapy2`). */
export function hypot2(x: f64, y: f64): f64 {
  const ax = abs<f64>(x);
  const ay = abs<f64>(y);
  const w = ax > ay ? ax : ay;
  const z = ax > ay ? ay : ax;
  if (z == 0) return w;
  const r = z / w;
  return w * sqrt<f64>(1 + r * r);
}

/**
 * Generates an elementary reflector (LAPACK `dlarfg`): H = I − τ·v·vᵀ with Hᵀ·[α; x] = [β; 0],
 * v = [1; x/(α − β)], β = −sign(α)·‖[α; x]‖. `count` is the length of [α; x]; α at `alpha`, x at
 * x, x + stride, … (bytes). Overwrites α with β and x with v(1:). Returns τ (0 when x = 0).
 */
export function householder(count: i32, alpha: usize, x: usize, stride: usize): f64 {
  if (count <= 1) return 0;
  const xnorm = norm2(count - 1, x, stride);
  if (xnorm == 0) return 0;
  const al = load<f64>(alpha);
  const h = hypot2(al, xnorm);
  const beta = al >= 0 ? -h : h;
  const tau = (beta - al) / beta;
  const denominator = al - beta; // |α − β| = |α| + ‖[α; x]‖: no cancellation
  let q = x;
  if (abs<f64>(denominator) > TINY_DIVISOR) {
    const s = 1 / denominator;
    for (let i = 0; i < count - 1; i++, q += stride) store<f64>(q, load<f64>(q) * s);
  } else {
    for (let i = 0; i < count - 1; i++, q += stride) store<f64>(q, load<f64>(q) / denominator);
  }
  store<f64>(alpha, beta);
  return tau;
}

/**
 * Applies H = I − τ·v·vᵀ from the left to the rows×cols block at c (leading dimension ldc), with
 * v(0) = 1 and v(i) at v + (i − 1)·vStride bytes (LAPACK `dlarf`, side 'L'). w (cols doubles) is
 * scratch: w = vᵀC, then C ← C − τ·v·wᵀ.
 */
export function applyReflectorLeft(rows: i32, cols: i32, v: usize, vStride: usize, tau: f64, c: usize, ldc: i32, w: usize): void {
  if (tau == 0 || cols <= 0 || rows <= 0) return;
  const ldcBytes = <usize>ldc << 3;
  copyDoubles(cols, c, w);
  let p = v;
  let row = c + ldcBytes;
  for (let i = 1; i < rows; i++, p += vStride, row += ldcBytes) {
    const vi = load<f64>(p);
    if (vi != 0) axpy(cols, vi, row, w);
  }
  axpy(cols, -tau, w, c);
  p = v;
  row = c + ldcBytes;
  for (let i = 1; i < rows; i++, p += vStride, row += ldcBytes) {
    const coefficient = tau * load<f64>(p);
    if (coefficient != 0) axpy(cols, -coefficient, w, row);
  }
}

/** Unblocked QR of the m×n block at a (LAPACK `dgeqr2`): τ_j at tau + 8j. w: n doubles. */
export function dgeqr2(m: i32, n: i32, a: usize, lda: i32, tau: usize, w: usize): void {
  const k = m < n ? m : n;
  const ldaBytes = <usize>lda << 3;
  for (let j = 0; j < k; j++) {
    const diagonal = a + <usize>j * ldaBytes + (<usize>j << 3);
    const t = householder(m - j, diagonal, diagonal + ldaBytes, ldaBytes);
    store<f64>(tau + (<usize>j << 3), t);
    if (j < n - 1) applyReflectorLeft(m - j, n - j - 1, diagonal + ldaBytes, ldaBytes, t, diagonal + 8, lda, w);
  }
}

/**
 * Copies the ib reflectors of the rows×ib panel at a into V (rows×ib, contiguous) with the unit
 * diagonal and the zeros above it made explicit, so the block update can run on GEMM.
 */
export function explicitReflectors(rows: i32, ib: i32, a: usize, lda: i32, v: usize): void {
  const ldaBytes = <usize>lda << 3;
  for (let r = 0; r < rows; r++) {
    const src = a + <usize>r * ldaBytes;
    const dst = v + ((<usize>r * <usize>ib) << 3);
    for (let c = 0; c < ib; c++) {
      const x: f64 = c > r ? 0 : c == r ? 1 : load<f64>(src + (<usize>c << 3));
      store<f64>(dst + (<usize>c << 3), x);
    }
  }
}

/**
 * The upper-triangular T of Q = H_0·…·H_{ib−1} = I − V·T·Vᵀ (LAPACK `dlarft`, forward,
 * columnwise): T(i, i) = τ_i, T(0:i, i) = −τ_i·T(0:i, 0:i)·(V(:, 0:i)ᵀ·v_i). V explicit rows×ib,
 * T ib×ib row-major (strict lower triangle zero), τ at tau. The inner products VᵀV come from one
 * SYRK on the GEMM kernels (gemmWork: dgemmWorkBytes(ib, ib, rows)) rather than ib² dot products.
 */
export function blockReflectorFactor(rows: i32, ib: i32, v: usize, tau: usize, t: usize, gemmWork: usize): void {
  memory.fill(t, 0, (<usize>ib * <usize>ib) << 3);
  dsyrkInternal(UPLO_UPPER, 1, ib, rows, 1.0, v, ib, 0.0, t, ib, gemmWork);
  for (let i = 0; i < ib; i++) {
    const ti = load<f64>(tau + (<usize>i << 3));
    // t(0:i, i) ← −τ_i·T(0:i, 0:i)·s in place, top-down: row j reads s_j…s_{i−1}, not yet overwritten.
    for (let j = 0; j < i; j++) {
      let acc: f64 = 0;
      for (let l = j; l < i; l++) {
        acc += load<f64>(t + ((<usize>j * <usize>ib + <usize>l) << 3)) * load<f64>(t + ((<usize>l * <usize>ib + <usize>i) << 3));
      }
      store<f64>(t + ((<usize>j * <usize>ib + <usize>i) << 3), -ti * acc);
    }
    store<f64>(t + ((<usize>i * <usize>ib + <usize>i) << 3), ti);
  }
}

/**
 * C ← (I − V·op(T)·Vᵀ)·C for the rows×cols block at c (LAPACK `dlarfb`, side 'L', forward,
 * columnwise) as three GEMMs: W = Vᵀ·C, W₂ = op(T)·W, C ← C − V·W₂. op(T) = Tᵀ applies Qᵀ (in the
 * factorisation), T applies Q (forming Q). w, w2: ib·cols doubles each; gemmWork: dgemmWorkBytes(rows, cols, rows).
 */
export function applyBlockReflector(transposeT: i32, rows: i32, cols: i32, v: usize, ib: i32, t: usize, c: usize, ldc: i32, w: usize, w2: usize, gemmWork: usize): void {
  if (rows <= 0 || cols <= 0) return;
  dgemmInternal(1, 0, ib, cols, rows, 1.0, v, ib, c, ldc, 0.0, w, cols, gemmWork);
  dgemmInternal(transposeT, 0, ib, cols, ib, 1.0, t, ib, w, cols, 0.0, w2, cols, gemmWork);
  dgemmInternal(0, 0, rows, cols, ib, -1.0, v, ib, w2, cols, 1.0, c, ldc, gemmWork);
}
