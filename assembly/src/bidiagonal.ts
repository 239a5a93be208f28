// Singular values: Golub–Kahan bidiagonalisation and dqds (specs/core.md §2.6). Plain-JS twin:
// packages/core/src/js/bidiagonal.ts (same algorithm, same decisions).
//
// dgebrd: values-only LAPACK `dgebrd`/`dlabrd`/`dgebd2` on row-major storage, QR first (qr.ts,
// blocked on GEMM) when m ≥ 1.6·n so only the n×n R is bidiagonalised (Chan, TOMS 8, 1982; LAPACK
// `dgesvd`); the reduction itself blocked on GEMM (Dongarra, Sorensen & Hammarling, JCAM 27, 1989).
// dlasq1: the bidiagonal's singular values to high relative accuracy by dqds (Fernando & Parlett,
// Numer. Math. 67, 1994; Parlett & Marques, LAA 309, 2000), following LAPACK's `dlasq1`–`dlasq6`
// step by step (its 3.6+ form, where tiny d's are flushed to zero in unshifted steps).
import { dgeqrf, dgeqrf_work } from './qr';
import { dgemmInternal, dgemmWorkBytes } from './gemm';
import { axpy, dot, householder, madd2 } from './householder';

/** QR first when m ≥ 1.6·n (LAPACK `dgesvd`'s MNTHR crossover). */
const QR_FIRST_RATIO: f64 = 1.6;

// @ts-ignore: decorator
@inline function align16(bytes: i32): i32 {
  return (bytes + 15) & ~15;
}

// @ts-ignore: decorator
@inline function align16Wide(bytes: i64): i64 {
  return (bytes + 15) & ~(<i64>15);
}

// @ts-ignore: decorator
@inline function qrFirst(m: i32, n: i32): bool {
  return n > 1 && <f64>m >= QR_FIRST_RATIO * <f64>n;
}

/** Below this many columns the unblocked reduction runs throughout (LAPACK `dgebrd`'s NX crossover). */
const CROSSOVER: i32 = 128;

// @ts-ignore: decorator
@inline function blocked(n: i32, nb: i32): bool {
  return nb >= 2 && nb < n && n > CROSSOVER;
}

// @ts-ignore: decorator
@inline function maxI(a: i32, b: i32): i32 {
  return a > b ? a : b;
}

/** Bytes of `work` for dgebrd on an m×n matrix (m ≥ n) with panel width nb. */
export function dgebrd_work(m: i32, n: i32, nb: i32): i32 {
  if (m < 0 || n < 0 || nb < 0) return 0;
  // In i64, clamped: an impossible size fails the host's allocation instead of wrapping around.
  const row = <i64>align16(maxI(n, 1) * 8);
  let bytes = row;
  if (qrFirst(m, n)) bytes += row + <i64>dgeqrf_work(m, n, nb);
  const rows = qrFirst(m, n) ? n : m;
  if (blocked(n, nb)) {
    bytes += align16Wide(<i64>rows * <i64>nb * 8) + align16Wide(<i64>n * <i64>nb * 8) + <i64>align16(maxI(n, 4 * nb) * 8) + 2 * <i64>align16((nb + 1) * 8) + <i64>dgemmWorkBytes(rows, n, nb);
  }
  return bytes > <i64>0x7fffffff ? 0x7fffffff : <i32>bytes;
}

/**
 * Reduces the m×n row-major A (m ≥ n) to upper bidiagonal form B = Q₁ᵀ·A·P₁: diagonal into d (n),
 * superdiagonal into e (n − 1); A is overwritten, the reflectors are not kept. QR first when
 * m ≥ 1.6·n. Blocked as LAPACK `dgebrd`: panels of nb rows and columns by `dlabrd`, then
 * A ← A − V·Yᵀ − X·Uᵀ by two GEMMs; the last 128 columns unblocked. Returns 0 or −(bad argument).
 */
export function dgebrd(m: i32, n: i32, a: usize, lda: i32, d: usize, e: usize, work: usize, nb: i32): i32 {
  if (m < 0) return -1;
  if (n < 0 || n > m) return -2;
  if (lda < (n > 1 ? n : 1)) return -4;
  if (nb < 0) return -8;
  if (n == 0) return 0;
  const ldaBytes = <usize>lda << 3;
  const rowBytes = <usize>align16(maxI(n, 1) * 8);
  const row = work;
  let next = work + rowBytes;
  let rows = m;
  if (qrFirst(m, n)) {
    const tau = next;
    next += rowBytes;
    dgeqrf(m, n, a, lda, tau, next, nb);
    next += <usize>dgeqrf_work(m, n, nb);
    // Keep R only: the reflectors below its diagonal are not needed for singular values.
    for (let i = 1; i < n; i++) memory.fill(a + <usize>i * ldaBytes, 0, <usize>i << 3);
    rows = n;
  }
  let i = 0;
  if (blocked(n, nb)) {
    const x = next;
    const y = x + <usize>align16Wide(<i64>rows * <i64>nb * 8);
    const scratch = y + <usize>align16Wide(<i64>n * <i64>nb * 8);
    const t1 = scratch + <usize>align16(maxI(n, 4 * nb) * 8);
    const t2 = t1 + <usize>align16((nb + 1) * 8);
    const gemmWork = t2 + <usize>align16((nb + 1) * 8);
    const ldxBytes = <usize>nb << 3;
    for (; i < n - CROSSOVER; i += nb) {
      const panel = a + <usize>i * ldaBytes + (<usize>i << 3);
      dlabrd(rows - i, n - i, nb, panel, lda, d + (<usize>i << 3), e + (<usize>i << 3), x, y, scratch, t1, t2);
      // Trailing update A(i+nb:, i+nb:) ← A − V·Yᵀ − X·Uᵀ (the unit heads of V and U are in place).
      const trailing = panel + <usize>nb * ldaBytes + (<usize>nb << 3);
      dgemmInternal(0, 1, rows - i - nb, n - i - nb, nb, -1.0, panel + <usize>nb * ldaBytes, lda, y + <usize>nb * ldxBytes, nb, 1.0, trailing, lda, gemmWork);
      dgemmInternal(0, 0, rows - i - nb, n - i - nb, nb, -1.0, x + <usize>nb * ldxBytes, nb, panel + (<usize>nb << 3), lda, 1.0, trailing, lda, gemmWork);
    }
  }
  dgebd2(rows - i, n - i, a + <usize>i * ldaBytes + (<usize>i << 3), lda, d + (<usize>i << 3), e + (<usize>i << 3), row);
  return 0;
}

/** Σ_{l<count} x[l]·y[l] over short contiguous runs (panel widths): scalar. */
// @ts-ignore: decorator
@inline function shortDot(count: i32, x: usize, y: usize): f64 {
  let s: f64 = 0;
  for (let l = 0; l < count; l++) s += load<f64>(x + (<usize>l << 3)) * load<f64>(y + (<usize>l << 3));
  return s;
}

/**
 * Reduces the first nb rows and columns of the m×n block at a (m ≥ n > nb) to bidiagonal form and
 * returns X (m×nb) and Y (n×nb, row-major, leading dimension nb) such that the trailing block is
 * updated by A ← A − V·Yᵀ − X·Uᵀ (LAPACK `dlabrd`, m ≥ n branch). V (left reflectors, unit heads
 * stored as 1) stays in A's first nb columns, U (right reflectors, unit heads as 1) in its first nb
 * rows. Each step multiplies the not-yet-updated trailing block by a vector twice (contiguous rows:
 * an axpy per row, then a dot per row) and corrects with the panel. scratch ≥ max(n, 4·nb) doubles,
 * t1, t2 ≥ nb + 1.
 */
function dlabrd(m: i32, n: i32, nb: i32, a: usize, lda: i32, d: usize, e: usize, x: usize, y: usize, scratch: usize, t1: usize, t2: usize): void {
  const ldaBytes = <usize>lda << 3;
  const ldxBytes = <usize>nb << 3;
  for (let i = 0; i < nb; i++) {
    const ii = a + <usize>i * ldaBytes + (<usize>i << 3);
    // Column i, rows i…m−1: A(:, i) −= A(:, 0:i)·Y(i, 0:i)ᵀ + X(:, 0:i)·A(0:i, i).
    if (i > 0) {
      for (let l = 0; l < i; l++) store<f64>(t1 + (<usize>l << 3), load<f64>(a + <usize>l * ldaBytes + (<usize>i << 3)));
      const yi = y + <usize>i * ldxBytes;
      let ar = a + <usize>i * ldaBytes;
      let xr = x + <usize>i * ldxBytes;
      for (let r = i; r < m; r++, ar += ldaBytes, xr += ldxBytes) {
        const s = shortDot(i, ar, yi) + shortDot(i, xr, t1);
        const p = ar + (<usize>i << 3);
        store<f64>(p, load<f64>(p) - s);
      }
    }
    const tauq = householder(m - i, ii, ii + ldaBytes, ldaBytes);
    store<f64>(d + (<usize>i << 3), load<f64>(ii));
    store<f64>(ii, 1);
    const len = n - i - 1;
    if (len == 0) break;
    const rowI = ii + 8; // A(i, i+1:n)
    // Y(i+1:n, i) = τ_q·(A(i:m, i+1:n)ᵀ·v − Y(i+1:n, 0:i)·(A(i:m, 0:i)ᵀ·v) − A(0:i, i+1:n)ᵀ·(X(i:m, 0:i)ᵀ·v)).
    const ycol = scratch;
    memory.fill(ycol, 0, <usize>len << 3);
    memory.fill(t1, 0, <usize>i << 3);
    memory.fill(t2, 0, <usize>i << 3);
    let ar = a + <usize>i * ldaBytes;
    let xr = x + <usize>i * ldxBytes;
    for (let r = i; r < m; r++, ar += ldaBytes, xr += ldxBytes) {
      const vr = load<f64>(ar + (<usize>i << 3));
      if (vr == 0) continue;
      axpy(len, vr, ar + (<usize>(i + 1) << 3), ycol);
      for (let l = 0; l < i; l++) {
        const o = <usize>l << 3;
        store<f64>(t1 + o, load<f64>(t1 + o) + vr * load<f64>(ar + o));
        store<f64>(t2 + o, load<f64>(t2 + o) + vr * load<f64>(xr + o));
      }
    }
    for (let l = 0; l < i; l++) {
      const s = load<f64>(t2 + (<usize>l << 3));
      if (s != 0) axpy(len, -s, a + <usize>l * ldaBytes + (<usize>(i + 1) << 3), ycol);
    }
    let yr = y + <usize>(i + 1) * ldxBytes;
    for (let j = 0; j < len; j++, yr += ldxBytes) {
      store<f64>(yr + (<usize>i << 3), tauq * (load<f64>(ycol + (<usize>j << 3)) - shortDot(i, yr, t1)));
    }
    // Row i: A(i, i+1:n) −= Y(i+1:n, 0:i+1)·A(i, 0:i+1)ᵀ + A(0:i, i+1:n)ᵀ·X(i, 0:i)ᵀ.
    const ai = a + <usize>i * ldaBytes;
    yr = y + <usize>(i + 1) * ldxBytes;
    for (let j = 0; j < len; j++, yr += ldxBytes) {
      const p = rowI + (<usize>j << 3);
      store<f64>(p, load<f64>(p) - shortDot(i + 1, yr, ai));
    }
    const xi = x + <usize>i * ldxBytes;
    for (let l = 0; l < i; l++) {
      const s = load<f64>(xi + (<usize>l << 3));
      if (s != 0) axpy(len, -s, a + <usize>l * ldaBytes + (<usize>(i + 1) << 3), rowI);
    }
    const taup = householder(len, rowI, rowI + 8, 8);
    store<f64>(e + (<usize>i << 3), load<f64>(rowI));
    store<f64>(rowI, 1);
    // X(i+1:m, i) = τ_p·(A(i+1:m, i+1:n)·u − A(i+1:m, 0:i+1)·(Y(i+1:n, 0:i+1)ᵀ·u) − X(i+1:m, 0:i)·(A(0:i, i+1:n)·u)).
    memory.fill(t1, 0, <usize>(i + 1) << 3);
    yr = y + <usize>(i + 1) * ldxBytes;
    for (let j = 0; j < len; j++, yr += ldxBytes) {
      const uj = load<f64>(rowI + (<usize>j << 3));
      if (uj == 0) continue;
      for (let l = 0; l <= i; l++) {
        const o = <usize>l << 3;
        store<f64>(t1 + o, load<f64>(t1 + o) + uj * load<f64>(yr + o));
      }
    }
    for (let l = 0; l < i; l++) store<f64>(t2 + (<usize>l << 3), dot(len, a + <usize>l * ldaBytes + (<usize>(i + 1) << 3), rowI));
    ar = a + <usize>(i + 1) * ldaBytes;
    xr = x + <usize>(i + 1) * ldxBytes;
    for (let r = i + 1; r < m; r++, ar += ldaBytes, xr += ldxBytes) {
      const s = dot(len, ar + (<usize>(i + 1) << 3), rowI);
      const c = shortDot(i + 1, ar, t1) + shortDot(i, xr, t2);
      store<f64>(xr + (<usize>i << 3), taup * (s - c));
    }
  }
}

/**
 * row[0:len] ← row − c·w and returns the new row·u, in one pass (the left reflector's update and the
 * right reflector's dot product of Golub–Kahan step k, fused).
 */
function updateAndDot(len: i32, c: f64, w: usize, row: usize, u: usize): f64 {
  const vc = f64x2.splat(-c);
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const o = <usize>j << 3;
    const x0 = madd2(vc, v128.load(w + o), v128.load(row + o));
    const x1 = madd2(vc, v128.load(w + o + 16), v128.load(row + o + 16));
    v128.store(row + o, x0);
    v128.store(row + o + 16, x1);
    acc0 = madd2(x0, v128.load(u + o), acc0);
    acc1 = madd2(x1, v128.load(u + o + 16), acc1);
  }
  const acc = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; j < len; j++) {
    const o = <usize>j << 3;
    const x = load<f64>(row + o) - c * load<f64>(w + o);
    store<f64>(row + o, x);
    s += x * load<f64>(u + o);
  }
  return s;
}

/**
 * Unblocked Golub–Kahan bidiagonalisation, values only (LAPACK `dgebd2` without keeping the
 * reflectors). Step k: a left reflector zeroes column k below the diagonal, then a right one zeroes
 * row k right of the superdiagonal. Two passes over the trailing block per step: w = vᵀ·A, then per
 * row the left update, the dot with u and the right update. w: n doubles.
 */
function dgebd2(m: i32, n: i32, a: usize, lda: i32, d: usize, e: usize, w: usize): void {
  const ldaBytes = <usize>lda << 3;
  for (let k = 0; k < n; k++) {
    const kk = a + <usize>k * ldaBytes + (<usize>k << 3);
    const tauq = householder(m - k, kk, kk + ldaBytes, ldaBytes);
    store<f64>(d + (<usize>k << 3), load<f64>(kk));
    const len = n - k - 1;
    if (len == 0) break;
    const rowK = kk + 8; // A(k, k+1:n)
    if (tauq != 0) {
      // w = vᵀ·A(k:m, k+1:n), v = [1; A(k+1:m, k)]; then row k ← row k − τ_q·w.
      memory.copy(w, rowK, <usize>len << 3);
      let p = kk + ldaBytes;
      for (let i = k + 1; i < m; i++, p += ldaBytes) {
        const vi = load<f64>(p);
        if (vi != 0) axpy(len, vi, p + 8, w);
      }
      axpy(len, -tauq, w, rowK);
    }
    const taup = householder(len, rowK, rowK + 8, 8);
    const ek = load<f64>(rowK);
    store<f64>(e + (<usize>k << 3), ek);
    if (tauq == 0 && taup == 0) continue;
    store<f64>(rowK, 1); // u = [1; A(k, k+2:n)] while the rows below are updated
    let p = kk + ldaBytes;
    for (let i = k + 1; i < m; i++, p += ldaBytes) {
      const c = tauq * load<f64>(p);
      const s = taup * updateAndDot(len, c, w, p + 8, rowK);
      if (s != 0) axpy(len, -s, rowK, p + 8);
    }
    store<f64>(rowK, ek);
  }
}

// ─── dqds ────────────────────────────────────────────────────────────────────────────────────────
// The qd array z is addressed with LAPACK's 1-based indices (Z(1) is the first double of work) so
// every index below reads as in `dlasq2`–`dlasq6`; the state LAPACK passes by reference between
// them lives in module globals (no managed objects in this build).

const EPS: f64 = 1.1102230246251565e-16; // 2⁻⁵³ = dlamch('Precision')
const SAFMIN: f64 = 2.2250738585072014e-308; // 2⁻¹⁰²² = dlamch('Safe minimum')
const CBIAS: f64 = 1.5;
const TOL: f64 = EPS * 100;
const TOL2: f64 = TOL * TOL;
/** Cap on shift retries within one dqds step (LAPACK has none; a bounded loop cannot hang on NaN). */
const MAX_SHIFT_RETRIES: i32 = 64;

let zBase: usize = 0;
// @ts-ignore: decorator
@inline function Z(i: i32): f64 {
  return load<f64>(zBase + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function setZ(i: i32, x: f64): void {
  store<f64>(zBase + (<usize>i << 3), x);
}

let n0: i32 = 0;
let pp: i32 = 0;
let ttype: i32 = 0;
let nfail: i32 = 0;
let iter: i32 = 0;
let ndiv: i32 = 0;
let dmin: f64 = 0;
let dmin1: f64 = 0;
let dmin2: f64 = 0;
let dn: f64 = 0;
let dn1: f64 = 0;
let dn2: f64 = 0;
let g: f64 = 0;
let tau: f64 = 0;
let sigma: f64 = 0;
let desig: f64 = 0;
let qmax: f64 = 0;

let las2Min: f64 = 0;
let las2Max: f64 = 0;

/**
 * Singular values of the 2×2 upper triangular [[f, g], [0, h]] (LAPACK `dlas2`) into las2Min,
 * las2Max, accurate to a few ulps even when they differ greatly.
 */
function dlas2(f: f64, gg: f64, h: f64): void {
  const fa = abs<f64>(f);
  const ga = abs<f64>(gg);
  const ha = abs<f64>(h);
  const fhmn = min<f64>(fa, ha);
  const fhmx = max<f64>(fa, ha);
  let ssmin: f64;
  let ssmax: f64;
  if (fhmn == 0) {
    ssmin = 0;
    if (fhmx == 0) ssmax = ga;
    else {
      const big = max<f64>(fhmx, ga);
      const small = min<f64>(fhmx, ga);
      ssmax = big * sqrt<f64>(1 + (small / big) * (small / big));
    }
  } else if (ga < fhmx) {
    const as = 1 + fhmn / fhmx;
    const at = (fhmx - fhmn) / fhmx;
    const au = (ga / fhmx) * (ga / fhmx);
    const c = 2 / (sqrt<f64>(as * as + au) + sqrt<f64>(at * at + au));
    ssmin = fhmn * c;
    ssmax = fhmx / c;
  } else {
    const au = fhmx / ga;
    if (au == 0) {
      // Avoid underflow: fhmx/ga underflows only when ga is huge.
      ssmin = (fhmn * fhmx) / ga;
      ssmax = ga;
    } else {
      const as = 1 + fhmn / fhmx;
      const at = (fhmx - fhmn) / fhmx;
      const c = 1 / (sqrt<f64>(1 + as * au * (as * au)) + sqrt<f64>(1 + at * au * (at * au)));
      ssmin = fhmn * c * au;
      ssmin += ssmin;
      ssmax = ga / (c + c);
    }
  }
  las2Min = ssmin;
  las2Max = ssmax;
}

/** count doubles at x ← x·(to/from) without overflow or underflow in the factor (LAPACK `dlascl`). */
function scaleByRatio(x: usize, count: i32, from: f64, to: f64): void {
  const smallest = SAFMIN;
  const biggest = 1 / smallest;
  let cfrom = from;
  let cto = to;
  for (let guard = 0; guard < 64; guard++) {
    const cfrom1 = cfrom * smallest;
    let mul: f64;
    let done: bool;
    if (cfrom1 == cfrom) {
      // cfrom is ±Inf: the ratio is 0 (or NaN); multiply once.
      mul = cto / cfrom;
      done = true;
    } else {
      const cto1 = cto / biggest;
      if (cto1 == cto) {
        mul = cto;
        done = true;
        cfrom = 1;
      } else if (abs<f64>(cfrom1) > abs<f64>(cto) && cto != 0) {
        mul = smallest;
        done = false;
        cfrom = cfrom1;
      } else if (abs<f64>(cto1) > abs<f64>(cfrom)) {
        mul = biggest;
        done = false;
        cto = cto1;
      } else {
        mul = cto / cfrom;
        done = true;
      }
    }
    for (let i = 0; i < count; i++) {
      const p = x + (<usize>i << 3);
      store<f64>(p, load<f64>(p) * mul);
    }
    if (done) return;
  }
}

/** Sorts count doubles at x into descending order (heapsort: O(n log n), no recursion, no allocation). */
function sortDescending(x: usize, count: i32): void {
  // Build a min-heap, then repeatedly move the minimum to the end: the result is descending.
  for (let start = (count >> 1) - 1; start >= 0; start--) siftDownMin(x, start, count);
  for (let end = count - 1; end > 0; end--) {
    const p = x + (<usize>end << 3);
    const t = load<f64>(x);
    store<f64>(x, load<f64>(p));
    store<f64>(p, t);
    siftDownMin(x, 0, end);
  }
}

function siftDownMin(x: usize, start: i32, count: i32): void {
  let root = start;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= count) return;
    if (child + 1 < count && load<f64>(x + (<usize>(child + 1) << 3)) < load<f64>(x + (<usize>child << 3))) child++;
    const pr = x + (<usize>root << 3);
    const pc = x + (<usize>child << 3);
    const r = load<f64>(pr);
    const c = load<f64>(pc);
    if (!(c < r)) return;
    store<f64>(pr, c);
    store<f64>(pc, r);
    root = child;
  }
}

/** Bytes of `work` for dlasq1 of order n (the 4n-double qd array). */
export function dlasq1_work(n: i32): i32 {
  return align16((n > 1 ? 4 * n : 4) * 8);
}

/**
 * All singular values of the n×n upper bidiagonal matrix with diagonal d (n) and superdiagonal e
 * (n − 1), to high relative accuracy (LAPACK `dlasq1`): into d, descending; e is destroyed.
 * Returns 0; > 0 the number of values dqds left unconverged (specs/core.md §1.3; LAPACK's own codes
 * 1–3 all mean "values 1…n0 unfinished"); −1 for n < 0.
 */
export function dlasq1(n: i32, d: usize, e: usize, work: usize): i32 {
  if (n < 0) return -1;
  if (n == 0) return 0;
  if (n == 1) {
    store<f64>(d, abs<f64>(load<f64>(d)));
    return 0;
  }
  if (n == 2) {
    dlas2(load<f64>(d), load<f64>(e), load<f64>(d + 8));
    store<f64>(d, las2Max);
    store<f64>(d + 8, las2Min);
    return 0;
  }
  let sigmx: f64 = 0;
  for (let i = 0; i < n - 1; i++) {
    const p = d + (<usize>i << 3);
    store<f64>(p, abs<f64>(load<f64>(p)));
    sigmx = max<f64>(sigmx, abs<f64>(load<f64>(e + (<usize>i << 3))));
  }
  const last = d + (<usize>(n - 1) << 3);
  store<f64>(last, abs<f64>(load<f64>(last)));
  if (sigmx == 0) {
    // Already diagonal.
    sortDescending(d, n);
    return 0;
  }
  for (let i = 0; i < n; i++) sigmx = max<f64>(sigmx, load<f64>(d + (<usize>i << 3)));
  // Copy into the qd layout and scale so the largest entry is √(eps/safmin): squaring then cannot
  // underflow the small ones (scaling by a power of the radix would not help after squaring).
  zBase = work - 8;
  for (let i = 0; i < n; i++) setZ(2 * i + 1, load<f64>(d + (<usize>i << 3)));
  for (let i = 0; i < n - 1; i++) setZ(2 * i + 2, load<f64>(e + (<usize>i << 3)));
  const scale = sqrt<f64>(EPS / SAFMIN);
  scaleByRatio(zBase + 8, 2 * n - 1, sigmx, scale);
  for (let i = 1; i <= 2 * n - 1; i++) setZ(i, Z(i) * Z(i));
  setZ(2 * n, 0);
  const info = dlasq2(n);
  if (info == 0) {
    for (let i = 0; i < n; i++) store<f64>(d + (<usize>i << 3), sqrt<f64>(Z(i + 1)));
    scaleByRatio(d, n, scale, sigmx);
  }
  return info;
}

/** On failure: values 1…n0 are unfinished (blocks are finished from the bottom up), so info = n0 ≥ 1. */
function unconverged(): i32 {
  return n0 > 1 ? n0 : 1;
}

/**
 * Eigenvalues of the positive definite tridiagonal behind the qd array z (1-based, 4n long, n ≥ 3)
 * by dqds with shifts (LAPACK `dlasq2`): into z[1..n], descending.
 */
function dlasq2(n: i32): i32 {
  setZ(2 * n, 0);
  let emin = Z(2);
  qmax = 0;
  let zmax: f64 = 0;
  let d: f64 = 0;
  let e: f64 = 0;
  for (let k = 1; k <= 2 * (n - 1); k += 2) {
    d += Z(k);
    e += Z(k + 1);
    qmax = max<f64>(qmax, Z(k));
    emin = min<f64>(emin, Z(k + 1));
    zmax = max<f64>(max<f64>(qmax, zmax), Z(k + 1));
  }
  d += Z(2 * n - 1);
  qmax = max<f64>(qmax, Z(2 * n - 1));
  zmax = max<f64>(qmax, zmax);
  void zmax;
  if (e == 0) {
    for (let k = 2; k <= n; k++) setZ(k, Z(2 * k - 1));
    sortDescending(zBase + 8, n);
    setZ(2 * n - 1, d);
    return 0;
  }
  const trace = d + e;
  if (trace == 0) {
    setZ(2 * n - 1, 0);
    return 0;
  }
  // Rearrange for locality: z = (q1, qq1, e1, ee1, q2, qq2, e2, ee2, …).
  for (let k = 2 * n; k >= 2; k -= 2) {
    setZ(2 * k, 0);
    setZ(2 * k - 1, Z(k));
    setZ(2 * k - 2, 0);
    setZ(2 * k - 3, Z(k - 1));
  }
  let i0 = 1;
  n0 = n;
  // Reverse the qd array if warranted (the larger end goes first).
  if (CBIAS * Z(4 * i0 - 3) < Z(4 * n0 - 3)) {
    const ipn4 = 4 * (i0 + n0);
    for (let i4 = 4 * i0; i4 <= 2 * (i0 + n0 - 1); i4 += 4) {
      let t = Z(i4 - 3);
      setZ(i4 - 3, Z(ipn4 - i4 - 3));
      setZ(ipn4 - i4 - 3, t);
      t = Z(i4 - 1);
      setZ(i4 - 1, Z(ipn4 - i4 - 5));
      setZ(ipn4 - i4 - 5, t);
    }
  }
  // Initial split checking via dqd and Li's test.
  pp = 0;
  for (let k = 1; k <= 2; k++) {
    d = Z(4 * n0 + pp - 3);
    for (let i4 = 4 * (n0 - 1) + pp; i4 >= 4 * i0 + pp; i4 -= 4) {
      if (Z(i4 - 1) <= TOL2 * d) {
        setZ(i4 - 1, -0.0);
        d = Z(i4 - 3);
      } else {
        d = Z(i4 - 3) * (d / (d + Z(i4 - 1)));
      }
    }
    // dqd maps z to zz plus Li's test.
    emin = Z(4 * i0 + pp + 1);
    d = Z(4 * i0 + pp - 3);
    for (let i4 = 4 * i0 + pp; i4 <= 4 * (n0 - 1) + pp; i4 += 4) {
      setZ(i4 - 2 * pp - 2, d + Z(i4 - 1));
      if (Z(i4 - 1) <= TOL2 * d) {
        setZ(i4 - 1, -0.0);
        setZ(i4 - 2 * pp - 2, d);
        setZ(i4 - 2 * pp, 0);
        d = Z(i4 + 1);
      } else if (SAFMIN * Z(i4 + 1) < Z(i4 - 2 * pp - 2) && SAFMIN * Z(i4 - 2 * pp - 2) < Z(i4 + 1)) {
        const t = Z(i4 + 1) / Z(i4 - 2 * pp - 2);
        setZ(i4 - 2 * pp, Z(i4 - 1) * t);
        d *= t;
      } else {
        setZ(i4 - 2 * pp, Z(i4 + 1) * (Z(i4 - 1) / Z(i4 - 2 * pp - 2)));
        d = Z(i4 + 1) * (d / Z(i4 - 2 * pp - 2));
      }
      emin = min<f64>(emin, Z(i4 - 2 * pp));
    }
    setZ(4 * n0 - pp - 2, d);
    qmax = Z(4 * i0 - pp - 2);
    for (let i4 = 4 * i0 - pp + 2; i4 <= 4 * n0 - pp - 2; i4 += 4) qmax = max<f64>(qmax, Z(i4));
    pp = 1 - pp;
  }
  ttype = 0;
  dmin1 = 0;
  dmin2 = 0;
  dn = 0;
  dn1 = 0;
  dn2 = 0;
  g = 0;
  tau = 0.0;
  iter = 2;
  nfail = 0;
  ndiv = 2 * (n0 - i0);

  let finished = false;
  for (let iwhila = 1; iwhila <= n + 1; iwhila++) {
    if (n0 < 1) {
      finished = true;
      break;
    }
    // While the array is unfinished: e(n0) holds −σ where the block i0:n0 split from the rest.
    desig = 0;
    sigma = n0 == n ? 0 : -Z(4 * n0 - 1);
    if (sigma < 0) return unconverged(); // LAPACK info 1: a split was marked wrongly
    // Find the last unreduced block's top i0, qmax and emin; a Gerschgorin-type bound if the q's
    // dominate the e's.
    let emax: f64 = 0;
    emin = n0 > i0 ? abs<f64>(Z(4 * n0 - 5)) : 0;
    let qmin = Z(4 * n0 - 3);
    qmax = qmin;
    let i4 = 4 * n0;
    for (; i4 >= 8; i4 -= 4) {
      if (Z(i4 - 5) <= 0) break;
      if (qmin >= 4 * emax) {
        qmin = min<f64>(qmin, Z(i4 - 3));
        emax = max<f64>(emax, Z(i4 - 5));
      }
      qmax = max<f64>(qmax, Z(i4 - 7) + Z(i4 - 5));
      emin = min<f64>(emin, Z(i4 - 5));
    }
    if (i4 < 8) i4 = 4;
    i0 = i4 / 4;
    pp = 0;
    if (n0 - i0 > 1) {
      let dee: f64 = Z(4 * i0 - 3);
      let deemin = dee;
      let kmin = i0;
      for (let j4 = 4 * i0 + 1; j4 <= 4 * n0 - 3; j4 += 4) {
        dee = Z(j4) * (dee / (dee + Z(j4 - 2)));
        if (dee <= deemin) {
          deemin = dee;
          kmin = (j4 + 3) / 4;
        }
      }
      if ((kmin - i0) * 2 < n0 - kmin && deemin <= 0.5 * Z(4 * n0 - 3)) {
        const ipn4 = 4 * (i0 + n0);
        pp = 2;
        for (let j4 = 4 * i0; j4 <= 2 * (i0 + n0 - 1); j4 += 4) {
          let t = Z(j4 - 3);
          setZ(j4 - 3, Z(ipn4 - j4 - 3));
          setZ(ipn4 - j4 - 3, t);
          t = Z(j4 - 2);
          setZ(j4 - 2, Z(ipn4 - j4 - 2));
          setZ(ipn4 - j4 - 2, t);
          t = Z(j4 - 1);
          setZ(j4 - 1, Z(ipn4 - j4 - 5));
          setZ(ipn4 - j4 - 5, t);
          t = Z(j4);
          setZ(j4, Z(ipn4 - j4 - 4));
          setZ(ipn4 - j4 - 4, t);
        }
      }
    }
    // −(initial shift) into dmin.
    dmin = -max<f64>(0, qmin - 2 * sqrt<f64>(qmin) * sqrt<f64>(emax));
    // pp = 0: ping, 1: pong; 2: the array was flipped, skip dlasq3's entry deflation tests once.
    const nbig = 100 * (n0 - i0 + 1);
    let blockDone = false;
    for (let iwhilb = 1; iwhilb <= nbig; iwhilb++) {
      if (i0 > n0) {
        blockDone = true;
        break;
      }
      dlasq3(i0);
      pp = 1 - pp;
      // When emin is very small, check for splits.
      if (pp == 0 && n0 - i0 >= 3) {
        if (Z(4 * n0) <= TOL2 * qmax || Z(4 * n0 - 1) <= TOL2 * sigma) {
          let splt = i0 - 1;
          qmax = Z(4 * i0 - 3);
          emin = Z(4 * i0 - 1);
          let oldemn = Z(4 * i0);
          for (let j4 = 4 * i0; j4 <= 4 * (n0 - 3); j4 += 4) {
            if (Z(j4) <= TOL2 * Z(j4 - 3) || Z(j4 - 1) <= TOL2 * sigma) {
              setZ(j4 - 1, -sigma);
              splt = j4 / 4;
              qmax = 0;
              emin = Z(j4 + 3);
              oldemn = Z(j4 + 4);
            } else {
              qmax = max<f64>(qmax, Z(j4 + 1));
              emin = min<f64>(emin, Z(j4 - 1));
              oldemn = min<f64>(oldemn, Z(j4));
            }
          }
          setZ(4 * n0 - 1, emin);
          setZ(4 * n0, oldemn);
          i0 = splt + 1;
        }
      }
    }
    if (!blockDone && !(i0 > n0)) return unconverged(); // LAPACK info 2: 100·n steps on one block
  }
  if (!finished && n0 >= 1) return unconverged(); // LAPACK info 3: too many unreduced blocks
  // Move the q's to the front, sort.
  for (let k = 2; k <= n; k++) setZ(k, Z(4 * k - 3));
  sortDescending(zBase + 8, n);
  return 0;
}

/** Checks for deflation, picks a shift and runs dqds until the result is positive (LAPACK `dlasq3`). */
function dlasq3(i0: i32): void {
  const n0in = n0;
  // Deflation: one eigenvalue when e(n0−1) is negligible, two when e(n0−2) is.
  for (;;) {
    if (n0 < i0) return;
    let deflate: i32;
    const nn = 4 * n0 + pp;
    if (n0 == i0) deflate = 1;
    else if (n0 == i0 + 1) deflate = 2;
    else if (Z(nn - 5) > TOL2 * (sigma + Z(nn - 3)) && Z(nn - 2 * pp - 4) > TOL2 * Z(nn - 7)) {
      if (Z(nn - 9) > TOL2 * sigma && Z(nn - 2 * pp - 8) > TOL2 * Z(nn - 11)) deflate = 0;
      else deflate = 2;
    } else deflate = 1;
    if (deflate == 0) break;
    if (deflate == 1) {
      setZ(4 * n0 - 3, Z(4 * n0 + pp - 3) + sigma);
      n0 -= 1;
      continue;
    }
    if (Z(nn - 3) > Z(nn - 7)) {
      const s = Z(nn - 3);
      setZ(nn - 3, Z(nn - 7));
      setZ(nn - 7, s);
    }
    if (Z(nn - 5) > Z(nn - 3) * TOL2) {
      let t = 0.5 * (Z(nn - 7) - Z(nn - 3) + Z(nn - 5));
      let s = Z(nn - 3) * (Z(nn - 5) / t);
      if (s <= t) s = Z(nn - 3) * (Z(nn - 5) / (t * (1 + sqrt<f64>(1 + s / t))));
      else s = Z(nn - 3) * (Z(nn - 5) / (t + sqrt<f64>(t) * sqrt<f64>(t + s)));
      t = Z(nn - 7) + (s + Z(nn - 5));
      setZ(nn - 3, Z(nn - 3) * (Z(nn - 7) / t));
      setZ(nn - 7, t);
    }
    setZ(4 * n0 - 7, Z(nn - 7) + sigma);
    setZ(4 * n0 - 3, Z(nn - 3) + sigma);
    n0 -= 2;
  }
  if (pp == 2) pp = 0;
  // Reverse the qd array, if warranted.
  if (dmin <= 0 || n0 < n0in) {
    if (CBIAS * Z(4 * i0 + pp - 3) < Z(4 * n0 + pp - 3)) {
      const ipn4 = 4 * (i0 + n0);
      for (let j4 = 4 * i0; j4 <= 2 * (i0 + n0 - 1); j4 += 4) {
        let t = Z(j4 - 3);
        setZ(j4 - 3, Z(ipn4 - j4 - 3));
        setZ(ipn4 - j4 - 3, t);
        t = Z(j4 - 2);
        setZ(j4 - 2, Z(ipn4 - j4 - 2));
        setZ(ipn4 - j4 - 2, t);
        t = Z(j4 - 1);
        setZ(j4 - 1, Z(ipn4 - j4 - 5));
        setZ(ipn4 - j4 - 5, t);
        t = Z(j4);
        setZ(j4, Z(ipn4 - j4 - 4));
        setZ(ipn4 - j4 - 4, t);
      }
      if (n0 - i0 <= 4) {
        setZ(4 * n0 + pp - 1, Z(4 * i0 + pp - 1));
        setZ(4 * n0 - pp, Z(4 * i0 - pp));
      }
      dmin2 = min<f64>(dmin2, Z(4 * n0 + pp - 1));
      setZ(4 * n0 + pp - 1, min<f64>(min<f64>(Z(4 * n0 + pp - 1), Z(4 * i0 + pp - 1)), Z(4 * i0 + pp + 3)));
      setZ(4 * n0 - pp, min<f64>(min<f64>(Z(4 * n0 - pp), Z(4 * i0 - pp)), Z(4 * i0 - pp + 4)));
      qmax = max<f64>(max<f64>(qmax, Z(4 * i0 + pp - 3)), Z(4 * i0 + pp + 1));
      dmin = -0.0;
    }
  }
  // Choose a shift, then run dqds until dmin ≥ 0.
  dlasq4(i0, n0in);
  let safe = false;
  let success = false;
  for (let retry = 0; ; retry++) {
    if (retry >= MAX_SHIFT_RETRIES) {
      safe = true;
      break;
    }
    dlasq5(i0);
    ndiv += n0 - i0 + 2;
    iter += 1;
    if (dmin >= 0 && dmin1 >= 0) {
      success = true;
      break;
    } else if (dmin < 0 && dmin1 > 0 && Z(4 * (n0 - 1) - pp) < TOL * (sigma + dn1) && abs<f64>(dn) < TOL * sigma) {
      // Convergence hidden by a negative dn.
      setZ(4 * (n0 - 1) - pp + 2, 0);
      dmin = 0;
      success = true;
      break;
    } else if (dmin < 0) {
      // τ too big: pick a new one and try again.
      nfail += 1;
      if (ttype < -22) {
        tau = 0.0; // failed twice: play it safe
      } else if (dmin1 > 0) {
        tau = (tau + dmin) * (1 - 2 * EPS); // late failure gives an excellent shift
        ttype -= 11;
      } else {
        tau *= 0.25; // early failure: divide by 4
        ttype -= 12;
      }
    } else if (isNaN(dmin)) {
      if (tau == 0) {
        safe = true;
        break;
      }
      tau = 0.0;
    } else {
      // Possible underflow: play it safe.
      safe = true;
      break;
    }
  }
  if (safe && !success) {
    dlasq6(i0);
    ndiv += n0 - i0 + 2;
    iter += 1;
    tau = 0.0;
  }
  // σ ← σ + τ, with its rounding error accumulated in desig.
  let t: f64;
  if (tau < sigma) {
    desig += tau;
    t = sigma + desig;
    desig -= t - sigma;
  } else {
    t = sigma + tau;
    desig = sigma - (t - tau) + desig;
  }
  sigma = t;
}

/** The shift τ from the end of the array and the last dqds step (LAPACK `dlasq4`, cases 1–12). */
function dlasq4(i0: i32, n0in: i32): void {
  const CNST1: f64 = 0.563;
  const CNST2: f64 = 1.01;
  const CNST3: f64 = 1.05;
  const THIRD: f64 = 0.333;
  // A negative dmin forces the shift to take that absolute value.
  if (dmin <= 0) {
    tau = -dmin;
    ttype = -1;
    return;
  }
  const nn = 4 * n0 + pp;
  let s: f64 = 0;
  let a2: f64 = 0;
  let b1: f64 = 0;
  let b2: f64 = 0;
  let gam: f64 = 0;
  let np: i32 = 0;
  if (n0in == n0) {
    // No eigenvalues deflated.
    if (dmin == dn || dmin == dn1) {
      b1 = sqrt<f64>(Z(nn - 3)) * sqrt<f64>(Z(nn - 5));
      b2 = sqrt<f64>(Z(nn - 7)) * sqrt<f64>(Z(nn - 9));
      a2 = Z(nn - 7) + Z(nn - 5);
      if (dmin == dn && dmin1 == dn1) {
        // Cases 2 and 3.
        const gap2 = dmin2 - a2 - dmin2 * 0.25;
        const gap1 = gap2 > 0 && gap2 > b2 ? a2 - dn - (b2 / gap2) * b2 : a2 - dn - (b1 + b2);
        if (gap1 > 0 && gap1 > b1) {
          s = max<f64>(dn - (b1 / gap1) * b1, 0.5 * dmin);
          ttype = -2;
        } else {
          s = 0;
          if (dn > b1) s = dn - b1;
          if (a2 > b1 + b2) s = min<f64>(s, a2 - (b1 + b2));
          s = max<f64>(s, THIRD * dmin);
          ttype = -3;
        }
      } else {
        // Case 4.
        ttype = -4;
        s = 0.25 * dmin;
        if (dmin == dn) {
          gam = dn;
          a2 = 0;
          if (Z(nn - 5) > Z(nn - 7)) return;
          b2 = Z(nn - 5) / Z(nn - 7);
          np = nn - 9;
        } else {
          np = nn - 2 * pp;
          b2 = Z(np - 2);
          gam = dn1;
          if (Z(np - 4) > Z(np - 2)) return;
          a2 = Z(np - 4) / Z(np - 2);
          if (Z(nn - 9) > Z(nn - 11)) return;
          b2 = Z(nn - 9) / Z(nn - 11);
          np = nn - 13;
        }
        // Approximate contribution to the norm squared from i < nn − 1.
        a2 += b2;
        for (let i4 = np; i4 >= 4 * i0 - 1 + pp; i4 -= 4) {
          if (b2 == 0) break;
          b1 = b2;
          if (Z(i4) > Z(i4 - 2)) return;
          b2 *= Z(i4) / Z(i4 - 2);
          a2 += b2;
          if (100 * max<f64>(b2, b1) < a2 || CNST1 < a2) break;
        }
        a2 *= CNST3;
        // Rayleigh quotient residual bound.
        if (a2 < CNST1) s = (gam * (1 - sqrt<f64>(a2))) / (1 + a2);
      }
    } else if (dmin == dn2) {
      // Case 5.
      ttype = -5;
      s = 0.25 * dmin;
      // Contribution to the norm squared from i > nn − 2.
      np = nn - 2 * pp;
      b1 = Z(np - 2);
      b2 = Z(np - 6);
      gam = dn2;
      if (Z(np - 8) > b2 || Z(np - 4) > b1) return;
      a2 = (Z(np - 8) / b2) * (1 + Z(np - 4) / b1);
      // Approximate contribution from i < nn − 2.
      if (n0 - i0 > 2) {
        b2 = Z(nn - 13) / Z(nn - 15);
        a2 += b2;
        for (let i4 = nn - 17; i4 >= 4 * i0 - 1 + pp; i4 -= 4) {
          if (b2 == 0) break;
          b1 = b2;
          if (Z(i4) > Z(i4 - 2)) return;
          b2 *= Z(i4) / Z(i4 - 2);
          a2 += b2;
          if (100 * max<f64>(b2, b1) < a2 || CNST1 < a2) break;
        }
        a2 *= CNST3;
      }
      if (a2 < CNST1) s = (gam * (1 - sqrt<f64>(a2))) / (1 + a2);
    } else {
      // Case 6: no information to guide us.
      if (ttype == -6) g += THIRD * (1 - g);
      else if (ttype == -18) g = 0.25 * THIRD;
      else g = 0.25;
      s = g * dmin;
      ttype = -6;
    }
  } else if (n0in == n0 + 1) {
    // One eigenvalue just deflated: use dmin1, dn1 for dmin, dn.
    if (dmin1 == dn1 && dmin2 == dn2) {
      // Cases 7 and 8.
      ttype = -7;
      s = THIRD * dmin1;
      if (Z(nn - 5) > Z(nn - 7)) return;
      b1 = Z(nn - 5) / Z(nn - 7);
      b2 = b1;
      if (b2 != 0) {
        for (let i4 = 4 * n0 - 9 + pp; i4 >= 4 * i0 - 1 + pp; i4 -= 4) {
          a2 = b1;
          if (Z(i4) > Z(i4 - 2)) return;
          b1 *= Z(i4) / Z(i4 - 2);
          b2 += b1;
          if (100 * max<f64>(b1, a2) < b2) break;
        }
      }
      b2 = sqrt<f64>(CNST3 * b2);
      a2 = dmin1 / (1 + b2 * b2);
      const gap2 = 0.5 * dmin2 - a2;
      if (gap2 > 0 && gap2 > b2 * a2) {
        s = max<f64>(s, a2 * (1 - CNST2 * a2 * (b2 / gap2) * b2));
      } else {
        s = max<f64>(s, a2 * (1 - CNST2 * b2));
        ttype = -8;
      }
    } else {
      // Case 9.
      s = 0.25 * dmin1;
      if (dmin1 == dn1) s = 0.5 * dmin1;
      ttype = -9;
    }
  } else if (n0in == n0 + 2) {
    // Two eigenvalues deflated: use dmin2, dn2 for dmin, dn. Cases 10 and 11.
    if (dmin2 == dn2 && 2 * Z(nn - 5) < Z(nn - 7)) {
      ttype = -10;
      s = THIRD * dmin2;
      if (Z(nn - 5) > Z(nn - 7)) return;
      b1 = Z(nn - 5) / Z(nn - 7);
      b2 = b1;
      if (b2 != 0) {
        for (let i4 = 4 * n0 - 9 + pp; i4 >= 4 * i0 - 1 + pp; i4 -= 4) {
          if (Z(i4) > Z(i4 - 2)) return;
          b1 *= Z(i4) / Z(i4 - 2);
          b2 += b1;
          if (100 * b1 < b2) break;
        }
      }
      b2 = sqrt<f64>(CNST3 * b2);
      a2 = dmin2 / (1 + b2 * b2);
      const gap2 = Z(nn - 7) + Z(nn - 9) - sqrt<f64>(Z(nn - 11)) * sqrt<f64>(Z(nn - 9)) - a2;
      if (gap2 > 0 && gap2 > b2 * a2) s = max<f64>(s, a2 * (1 - CNST2 * a2 * (b2 / gap2) * b2));
      else s = max<f64>(s, a2 * (1 - CNST2 * b2));
    } else {
      s = 0.25 * dmin2;
      ttype = -11;
    }
  } else if (n0in > n0 + 2) {
    // Case 12: more than two eigenvalues deflated, no information.
    s = 0;
    ttype = -12;
  }
  tau = s;
}

/**
 * One dqds step with shift τ, ping-pong pp (LAPACK `dlasq5`, IEEE branch, LAPACK ≥ 3.6 form: a shift
 * below ½·eps·(σ + τ) becomes 0 and then d's below eps·(σ + τ) are flushed to zero).
 */
function dlasq5(i0: i32): void {
  if (n0 - i0 - 1 <= 0) return;
  const dthresh = EPS * (sigma + tau);
  if (tau < dthresh * 0.5) tau = 0.0;
  const flush = tau == 0;
  let j4 = 4 * i0 + pp - 3;
  let emin = Z(j4 + 4);
  let d = Z(j4) - tau;
  dmin = d;
  dmin1 = -Z(j4);
  if (pp == 0) {
    for (j4 = 4 * i0; j4 <= 4 * (n0 - 3); j4 += 4) {
      setZ(j4 - 2, d + Z(j4 - 1));
      const t = Z(j4 + 1) / Z(j4 - 2);
      d = d * t - tau;
      if (flush && d < dthresh) d = 0;
      dmin = min<f64>(dmin, d);
      setZ(j4, Z(j4 - 1) * t);
      emin = min<f64>(Z(j4), emin);
    }
  } else {
    for (j4 = 4 * i0; j4 <= 4 * (n0 - 3); j4 += 4) {
      setZ(j4 - 3, d + Z(j4));
      const t = Z(j4 + 2) / Z(j4 - 3);
      d = d * t - tau;
      if (flush && d < dthresh) d = 0;
      dmin = min<f64>(dmin, d);
      setZ(j4 - 1, Z(j4) * t);
      emin = min<f64>(Z(j4 - 1), emin);
    }
  }
  // Unroll the last two steps.
  dn2 = d;
  dmin2 = dmin;
  j4 = 4 * (n0 - 2) - pp;
  let j4p2 = j4 + 2 * pp - 1;
  setZ(j4 - 2, dn2 + Z(j4p2));
  setZ(j4, Z(j4p2 + 2) * (Z(j4p2) / Z(j4 - 2)));
  dn1 = Z(j4p2 + 2) * (dn2 / Z(j4 - 2)) - tau;
  dmin = min<f64>(dmin, dn1);
  dmin1 = dmin;
  j4 += 4;
  j4p2 = j4 + 2 * pp - 1;
  setZ(j4 - 2, dn1 + Z(j4p2));
  setZ(j4, Z(j4p2 + 2) * (Z(j4p2) / Z(j4 - 2)));
  dn = Z(j4p2 + 2) * (dn1 / Z(j4 - 2)) - tau;
  dmin = min<f64>(dmin, dn);
  setZ(j4 + 2, dn);
  setZ(4 * n0 - pp, emin);
}

/** One dqd step (zero shift) guarding against underflow (LAPACK `dlasq6`). */
function dlasq6(i0: i32): void {
  if (n0 - i0 - 1 <= 0) return;
  let j4 = 4 * i0 + pp - 3;
  let emin = Z(j4 + 4);
  let d = Z(j4);
  dmin = d;
  if (pp == 0) {
    for (j4 = 4 * i0; j4 <= 4 * (n0 - 3); j4 += 4) {
      setZ(j4 - 2, d + Z(j4 - 1));
      if (Z(j4 - 2) == 0) {
        setZ(j4, 0);
        d = Z(j4 + 1);
        dmin = d;
        emin = 0;
      } else if (SAFMIN * Z(j4 + 1) < Z(j4 - 2) && SAFMIN * Z(j4 - 2) < Z(j4 + 1)) {
        const t = Z(j4 + 1) / Z(j4 - 2);
        setZ(j4, Z(j4 - 1) * t);
        d *= t;
      } else {
        setZ(j4, Z(j4 + 1) * (Z(j4 - 1) / Z(j4 - 2)));
        d = Z(j4 + 1) * (d / Z(j4 - 2));
      }
      dmin = min<f64>(dmin, d);
      emin = min<f64>(emin, Z(j4));
    }
  } else {
    for (j4 = 4 * i0; j4 <= 4 * (n0 - 3); j4 += 4) {
      setZ(j4 - 3, d + Z(j4));
      if (Z(j4 - 3) == 0) {
        setZ(j4 - 1, 0);
        d = Z(j4 + 2);
        dmin = d;
        emin = 0;
      } else if (SAFMIN * Z(j4 + 2) < Z(j4 - 3) && SAFMIN * Z(j4 - 3) < Z(j4 + 2)) {
        const t = Z(j4 + 2) / Z(j4 - 3);
        setZ(j4 - 1, Z(j4) * t);
        d *= t;
      } else {
        setZ(j4 - 1, Z(j4 + 2) * (Z(j4) / Z(j4 - 3)));
        d = Z(j4 + 2) * (d / Z(j4 - 3));
      }
      dmin = min<f64>(dmin, d);
      emin = min<f64>(emin, Z(j4 - 1));
    }
  }
  // Unroll the last two steps.
  dn2 = d;
  dmin2 = dmin;
  j4 = 4 * (n0 - 2) - pp;
  let j4p2 = j4 + 2 * pp - 1;
  setZ(j4 - 2, dn2 + Z(j4p2));
  if (Z(j4 - 2) == 0) {
    setZ(j4, 0);
    dn1 = Z(j4p2 + 2);
    dmin = dn1;
    emin = 0;
  } else if (SAFMIN * Z(j4p2 + 2) < Z(j4 - 2) && SAFMIN * Z(j4 - 2) < Z(j4p2 + 2)) {
    const t = Z(j4p2 + 2) / Z(j4 - 2);
    setZ(j4, Z(j4p2) * t);
    dn1 = dn2 * t;
  } else {
    setZ(j4, Z(j4p2 + 2) * (Z(j4p2) / Z(j4 - 2)));
    dn1 = Z(j4p2 + 2) * (dn2 / Z(j4 - 2));
  }
  dmin = min<f64>(dmin, dn1);
  dmin1 = dmin;
  j4 += 4;
  j4p2 = j4 + 2 * pp - 1;
  setZ(j4 - 2, dn1 + Z(j4p2));
  if (Z(j4 - 2) == 0) {
    setZ(j4, 0);
    dn = Z(j4p2 + 2);
    dmin = dn;
    emin = 0;
  } else if (SAFMIN * Z(j4p2 + 2) < Z(j4 - 2) && SAFMIN * Z(j4 - 2) < Z(j4p2 + 2)) {
    const t = Z(j4p2 + 2) / Z(j4 - 2);
    setZ(j4, Z(j4p2) * t);
    dn = dn1 * t;
  } else {
    setZ(j4, Z(j4p2 + 2) * (Z(j4p2) / Z(j4 - 2)));
    dn = Z(j4p2 + 2) * (dn1 / Z(j4 - 2));
  }
  dmin = min<f64>(dmin, dn);
  setZ(j4 + 2, dn);
  setZ(4 * n0 - pp, emin);
}
