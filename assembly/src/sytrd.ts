// Symmetric tridiagonalisation and its orthogonal factor (specs/core.md §2.2–2.3):
//   dsytrd  T = QᵀAQ from the upper triangle of a row-major A (LAPACK dsytrd, UPLO = 'L' path)
//   dorgtr  Q from dsytrd's reflectors, column-major (LAPACK dorgtr/dorgqr, blocked on GEMM)
//   dsteqr  implicit QL/QR with the rotations applied to Z (LAPACK dsteqr, COMPZ = 'V')
//   dormtr  Z ← Q·Z for a few vectors (back-transformation after dstein)
//
// Layout: the row-major upper triangle is LAPACK's column-major lower one, so we follow dsytrd's
// UPLO = 'L' path and every reflector is a contiguous row: reflector i has v_{i+1} = 1 and
// v_{i+2..n−1} stored in A(i, i+2..n−1).
import { ld, st, steqrCore, steqrWorkBytes } from './tridiagonal-ql';
import { dgemmInternal, dgemmWorkBytes, dsyr2kInternal, UPLO_UPPER } from './gemm';
import { householder, reflectorBeta, reflectorTau, scaleVector } from './row-reflector';

@inline function madd(a: v128, b: v128, c: v128): v128 {
  // a·b + c: fused in the relaxed-SIMD build, mul + add in the SIMD128 build (same source).
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}
@inline function nmadd(a: v128, b: v128, c: v128): v128 {
  // c − a·b
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_nmadd(a, b, c);
  return f64x2.sub(c, f64x2.mul(a, b));
}
@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Below this order the trailing matrix is reduced by the unblocked fused kernel (LAPACK's NX crossover). */
const SYTRD_CROSSOVER: i32 = 128;

@inline function align16(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}

/** Bytes of n doubles rounded up to 16. */
@inline function vectorBytes(n: i32): usize {
  return align16((<usize>max(n, 1)) << 3);
}

/** Bytes of scratch for `dsytrd`: τ, the unblocked vectors, and for nb > 1 the W panel and GEMM scratch. */
export function dsytrd_work(n: i32, nb: i32): i32 {
  if (n < 0) return -1;
  let bytes = vectorBytes(n) * 5 + 16;
  if (nb > 1 && n > SYTRD_CROSSOVER) bytes += vectorBytes(n) * <usize>nb + <usize>dgemmWorkBytes(n, n, nb) + 16;
  return <i32>bytes;
}

/**
 * Reduces the symmetric A (row-major, upper triangle read, lda ≥ n) to tridiagonal T = QᵀAQ:
 * d (n) and e (n − 1). The reflectors stay in A's strict upper triangle right of the
 * superdiagonal and τ in the first n doubles of `work` (for `dorgtr`). nb: panel width of the
 * blocked algorithm (≤ 1: unblocked throughout). Returns 0, or −(argument) if invalid.
 *
 * Blocked (LAPACK dsytrd + dlatrd, Dongarra, Hammarling & Sorensen 1989): a panel of nb rows is
 * reduced while W is built, then the trailing matrix takes one rank-2nb update
 * A ← A − V·Wᵀ − W·Vᵀ on the GEMM micro-kernel (dsyr2kInternal of gemm.ts). The last
 * SYTRD_CROSSOVER rows, and all of a small matrix, use the unblocked kernel below.
 */
export function dsytrd(n: i32, a: usize, lda: i32, d: usize, e: usize, work: usize, nb: i32): i32 {
  if (n < 0) return -1;
  if (lda < max(1, n)) return -3;
  if (n == 0) return 0;
  const tau = work;
  const vectors = align16(work + vectorBytes(n));
  let p = 0;
  if (nb > 1 && n > SYTRD_CROSSOVER) {
    const w = align16(vectors + vectorBytes(n) * 4);
    const ldw = <i32>(vectorBytes(n) >> 3);
    const gemmWork = align16(w + vectorBytes(n) * <usize>nb);
    const rowBytes: usize = (<usize>lda) << 3;
    for (; n - p > SYTRD_CROSSOVER + nb; p += nb) {
      latrdPanel(n, p, nb, a, lda, e, tau, w, ldw);
      // A(p+nb.., p+nb..) −= Vᵀ·W + Wᵀ·V with V, W the nb × (n − p − nb) blocks (rows are reflectors).
      const m = n - p - nb;
      const off: usize = (<usize>(p + nb)) << 3;
      dsyr2kInternal(UPLO_UPPER, 1, m, nb, -1.0, a + (<usize>p) * rowBytes + off, lda, w + off, ldw, 1.0, a + (<usize>(p + nb)) * rowBytes + off, lda, gemmWork);
      for (let j = p; j < p + nb; j++) {
        const row = a + (<usize>j) * rowBytes;
        st(row, j + 1, ld(e, j));
        st(d, j, ld(row, j));
      }
    }
  }
  // The rest (or all) unblocked, on the trailing submatrix.
  const off: usize = (<usize>p) << 3;
  sytrdUnblocked(n - p, a + (<usize>p) * ((<usize>lda) << 3) + off, lda, d + off, e + off, tau + off, vectors);
  st(tau, n - 1, 0);
  return 0;
}

/**
 * LAPACK dlatrd (UPLO = 'L', here rows): reduces rows p … p + nb − 1 of the order-n matrix, building
 * Wᵀ (row j − p of w holds W's column for reflector j, global column indices, leading dimension ldw).
 * The trailing matrix is read but not updated (its products are corrected with V and W instead);
 * each reflector's unit entry a(j, j+1) = 1 stays in place until the caller restores e_j.
 */
function latrdPanel(n: i32, p: i32, nb: i32, a: usize, lda: i32, e: usize, tau: usize, w: usize, ldw: i32): void {
  const rowBytes: usize = (<usize>lda) << 3;
  const wBytes: usize = (<usize>ldw) << 3;
  for (let i = p; i < p + nb; i++) {
    const rowI = a + (<usize>i) * rowBytes;
    // Row i (columns i..n−1) ← row i − Σ_j (V_j[i]·W_j + W_j[i]·V_j) over this panel's reflectors.
    for (let j = p; j < i; j++) {
      const vj = a + (<usize>j) * rowBytes;
      const wj = w + (<usize>(j - p)) * wBytes;
      axpy2(n - i, -ld(vj, i), wj + ((<usize>i) << 3), -ld(wj, i), vj + ((<usize>i) << 3), rowI + ((<usize>i) << 3));
    }
    // Reflector from row i, columns i+1..n−1; v's unit entry stored in place.
    householder(ld(rowI, i + 1), n - i - 2, rowI + ((<usize>(i + 2)) << 3));
    const t = reflectorTau;
    st(e, i, reflectorBeta);
    st(tau, i, t);
    st(rowI, i + 1, 1);
    const m = n - i - 1;
    const v = rowI + ((<usize>(i + 1)) << 3);
    const wi = w + (<usize>(i - p)) * wBytes;
    const y = wi + ((<usize>(i + 1)) << 3);
    // y = A₂₂·v on the not-yet-updated trailing matrix ...
    symvUpper(m, a + (<usize>(i + 1)) * rowBytes + ((<usize>(i + 1)) << 3), lda, v, y);
    // ... corrected for this panel's earlier reflectors: y −= V·(Wᵀv) + W·(Vᵀv).
    for (let j = p; j < i; j++) {
      const vj = a + (<usize>j) * rowBytes + ((<usize>(i + 1)) << 3);
      const wj = w + (<usize>(j - p)) * wBytes + ((<usize>(i + 1)) << 3);
      const t1 = dot(m, wj, v);
      const t2 = dot(m, vj, v);
      axpy2(m, -t1, vj, -t2, wj, y);
    }
    // w = τ·y − ½τ²(yᵀv)·v (dsytd2's w = p − ½τ(pᵀv)·v with p = τ·y).
    scaleVector(m, t, y);
    const alpha = -0.5 * t * dot(m, y, v);
    axpy2(m, alpha, v, 0, v, y);
  }
}

/** Σ x_k·y_k over len doubles. */
function dot(len: i32, x: usize, y: usize): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= len; k += 4) {
    const off: usize = (<usize>k) << 3;
    acc0 = madd(v128.load(x + off), v128.load(y + off), acc0);
    acc1 = madd(v128.load(x + off, 16), v128.load(y + off, 16), acc1);
  }
  let s = hsum(f64x2.add(acc0, acc1));
  for (; k < len; k++) s += ld(x, k) * ld(y, k);
  return s;
}

/** z ← z + α·x + β·y over len doubles. */
function axpy2(len: i32, alpha: f64, x: usize, beta: f64, y: usize, z: usize): void {
  const av = f64x2.splat(alpha);
  const bv = f64x2.splat(beta);
  let k = 0;
  for (; k + 2 <= len; k += 2) {
    const off: usize = (<usize>k) << 3;
    v128.store(z + off, madd(bv, v128.load(y + off), madd(av, v128.load(x + off), v128.load(z + off))));
  }
  for (; k < len; k++) st(z, k, ld(z, k) + alpha * ld(x, k) + beta * ld(y, k));
}

/**
 * y = A·v for the m×m symmetric A stored in the upper triangle of row-major rows (leading dimension
 * lda); v and y contiguous. Four rows per pass: each stored a_rc is read once for both
 * y_r += a_rc·v_c and y_c += a_rc·v_r, and each y_c and v_c is loaded once per four rows (the
 * product is memory-bound: half of dsytrd's flops, §2.2).
 */
function symvUpper(m: i32, a: usize, lda: i32, v: usize, y: usize): void {
  for (let c = 0; c < m; c++) st(y, c, 0);
  const rowBytes: usize = (<usize>lda) << 3;
  let r = 0;
  for (; r + 4 <= m; r += 4) {
    const row0 = a + (<usize>r) * rowBytes;
    const row1 = row0 + rowBytes;
    const row2 = row1 + rowBytes;
    const row3 = row2 + rowBytes;
    const v0 = ld(v, r);
    const v1 = ld(v, r + 1);
    const v2 = ld(v, r + 2);
    const v3 = ld(v, r + 3);
    // The 4×4 diagonal block (upper part stored) in scalar.
    const a01 = ld(row0, r + 1);
    const a02 = ld(row0, r + 2);
    const a03 = ld(row0, r + 3);
    const a12 = ld(row1, r + 2);
    const a13 = ld(row1, r + 3);
    const a23 = ld(row2, r + 3);
    let s0 = ld(row0, r) * v0 + a01 * v1 + a02 * v2 + a03 * v3;
    let s1 = a01 * v0 + ld(row1, r + 1) * v1 + a12 * v2 + a13 * v3;
    let s2 = a02 * v0 + a12 * v1 + ld(row2, r + 2) * v2 + a23 * v3;
    let s3 = a03 * v0 + a13 * v1 + a23 * v2 + ld(row3, r + 3) * v3;
    const v0s = f64x2.splat(v0);
    const v1s = f64x2.splat(v1);
    const v2s = f64x2.splat(v2);
    const v3s = f64x2.splat(v3);
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    let acc2 = f64x2.splat(0);
    let acc3 = f64x2.splat(0);
    let c = r + 4;
    for (; c + 2 <= m; c += 2) {
      const off: usize = (<usize>c) << 3;
      const x0 = v128.load(row0 + off);
      const x1 = v128.load(row1 + off);
      const x2 = v128.load(row2 + off);
      const x3 = v128.load(row3 + off);
      const vc = v128.load(v + off);
      acc0 = madd(x0, vc, acc0);
      acc1 = madd(x1, vc, acc1);
      acc2 = madd(x2, vc, acc2);
      acc3 = madd(x3, vc, acc3);
      v128.store(y + off, madd(x3, v3s, madd(x2, v2s, madd(x1, v1s, madd(x0, v0s, v128.load(y + off))))));
    }
    for (; c < m; c++) {
      const x0 = ld(row0, c);
      const x1 = ld(row1, c);
      const x2 = ld(row2, c);
      const x3 = ld(row3, c);
      const vc = ld(v, c);
      s0 += x0 * vc;
      s1 += x1 * vc;
      s2 += x2 * vc;
      s3 += x3 * vc;
      st(y, c, ld(y, c) + x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3);
    }
    st(y, r, ld(y, r) + s0 + hsum(acc0));
    st(y, r + 1, ld(y, r + 1) + s1 + hsum(acc1));
    st(y, r + 2, ld(y, r + 2) + s2 + hsum(acc2));
    st(y, r + 3, ld(y, r + 3) + s3 + hsum(acc3));
  }
  // The last rows (fewer than four) one at a time.
  for (; r < m; r++) {
    const row = a + (<usize>r) * rowBytes;
    const vr = ld(v, r);
    let s = ld(row, r) * vr;
    for (let c = r + 1; c < m; c++) {
      const x = ld(row, c);
      s += x * ld(v, c);
      st(y, c, ld(y, c) + x * vr);
    }
    st(y, r, ld(y, r) + s);
  }
}

/**
 * Unblocked reduction (LAPACK dsytd2, UPLO = 'L' as rows) of the order-n matrix at a, writing d, e,
 * τ. vectors: four n-double buffers. Step k: H_k zeroes row k right of the superdiagonal;
 * p = τ·A₂₂·v, w = p − ½τ(pᵀv)·v, A₂₂ ← A₂₂ − v·wᵀ − w·vᵀ. The rank-2 update of step k is fused
 * with the symmetric product of step k + 1 (row k + 1 is updated first, its reflector formed, then
 * each further row is updated and immediately used), so A₂₂ streams through memory once per step;
 * the product reads each stored a_ij once for both y_i += a_ij·v_j and y_j += a_ij·v_i.
 */
function sytrdUnblocked(n: i32, a: usize, lda: i32, d: usize, e: usize, tau: usize, vectors: usize): void {
  if (n == 0) return;
  const nAl = vectorBytes(n);
  const vA = vectors;
  const wA = vA + nAl;
  const vB = wA + nAl;
  const wB = vB + nAl;
  const rowBytes: usize = (<usize>lda) << 3;
  let vPrev: usize = vA;
  let wPrev: usize = wA;
  let vCur: usize = vB;
  let wCur: usize = wB;
  let pending = false;

  for (let i = 0; i < n - 1; i++) {
    const rowI = a + (<usize>i) * rowBytes;
    if (pending) rank2Row(rowI, i, n, vPrev, wPrev);
    st(d, i, ld(rowI, i));
    // Reflector from row i, columns i+1..n−1.
    const m = n - i - 1;
    householder(ld(rowI, i + 1), m - 1, rowI + ((<usize>(i + 2)) << 3));
    const t = reflectorTau;
    st(e, i, reflectorBeta);
    st(tau, i, t);
    if (t == 0) {
      // H = I: only the pending rank-2 update remains for the trailing rows.
      if (pending) for (let r = i + 1; r < n; r++) rank2Row(a + (<usize>r) * rowBytes, r, n, vPrev, wPrev);
      pending = false;
      continue;
    }
    // v (indices i+1..n−1) into vCur; y into wCur.
    st(vCur, i + 1, 1);
    for (let c = i + 2; c < n; c++) st(vCur, c, ld(rowI, c));
    for (let c = i + 1; c < n; c++) st(wCur, c, 0);
    // Fused pass: rank-2 update of each trailing row (previous step), then its part of y = A₂₂·v.
    for (let r = i + 1; r < n; r++) {
      const rowR = a + (<usize>r) * rowBytes;
      if (pending) updateAndSymvRow(rowR, r, n, vPrev, wPrev, vCur, wCur);
      else symvRow(rowR, r, n, vCur, wCur);
    }
    // p = τ·y; w = p − ½τ(pᵀv)·v (LAPACK dsytd2), in place in wCur.
    let pv: f64 = 0;
    for (let c = i + 1; c < n; c++) {
      const p = t * ld(wCur, c);
      st(wCur, c, p);
      pv += p * ld(vCur, c);
    }
    const alpha = -0.5 * t * pv;
    for (let c = i + 1; c < n; c++) st(wCur, c, ld(wCur, c) + alpha * ld(vCur, c));
    pending = true;
    const tv = vPrev;
    vPrev = vCur;
    vCur = tv;
    const tw = wPrev;
    wPrev = wCur;
    wCur = tw;
  }
  const last = a + (<usize>(n - 1)) * rowBytes;
  if (pending) rank2Row(last, n - 1, n, vPrev, wPrev);
  st(d, n - 1, ld(last, n - 1));
}

/** Row r, columns r..n−1: a_rc −= v_r·w_c + w_r·v_c. */
function rank2Row(row: usize, r: i32, n: i32, v: usize, w: usize): void {
  const vr = ld(v, r);
  const wr = ld(w, r);
  const vrv = f64x2.splat(vr);
  const wrv = f64x2.splat(wr);
  let c = r;
  for (; c + 2 <= n; c += 2) {
    const off: usize = (<usize>c) << 3;
    let x = v128.load(row + off);
    x = nmadd(vrv, v128.load(w + off), x);
    x = nmadd(wrv, v128.load(v + off), x);
    v128.store(row + off, x);
  }
  for (; c < n; c++) st(row, c, ld(row, c) - vr * ld(w, c) - wr * ld(v, c));
}

/** y += (row r of A₂₂)·v with symmetric use of each stored entry (columns r..n−1). */
function symvRow(row: usize, r: i32, n: i32, v: usize, y: usize): void {
  const vr = ld(v, r);
  const vrv = f64x2.splat(vr);
  let acc = f64x2.splat(0);
  let c = r + 1;
  for (; c + 2 <= n; c += 2) {
    const off: usize = (<usize>c) << 3;
    const x = v128.load(row + off);
    acc = madd(x, v128.load(v + off), acc);
    v128.store(y + off, madd(x, vrv, v128.load(y + off)));
  }
  let s = hsum(acc) + ld(row, r) * vr;
  for (; c < n; c++) {
    const x = ld(row, c);
    s += x * ld(v, c);
    st(y, c, ld(y, c) + x * vr);
  }
  st(y, r, ld(y, r) + s);
}

/** rank2Row(row, vP, wP) then symvRow(row, v, y), in one pass over the row. */
function updateAndSymvRow(row: usize, r: i32, n: i32, vP: usize, wP: usize, v: usize, y: usize): void {
  const vpr = f64x2.splat(ld(vP, r));
  const wpr = f64x2.splat(ld(wP, r));
  const vr = ld(v, r);
  const vrv = f64x2.splat(vr);
  // Diagonal entry.
  const diag = ld(row, r) - ld(vP, r) * ld(wP, r) - ld(wP, r) * ld(vP, r);
  st(row, r, diag);
  let acc = f64x2.splat(0);
  let c = r + 1;
  for (; c + 2 <= n; c += 2) {
    const off: usize = (<usize>c) << 3;
    let x = v128.load(row + off);
    x = nmadd(vpr, v128.load(wP + off), x);
    x = nmadd(wpr, v128.load(vP + off), x);
    v128.store(row + off, x);
    acc = madd(x, v128.load(v + off), acc);
    v128.store(y + off, madd(x, vrv, v128.load(y + off)));
  }
  let s = hsum(acc) + diag * vr;
  const vprS = ld(vP, r);
  const wprS = ld(wP, r);
  for (; c < n; c++) {
    const x = ld(row, c) - vprS * ld(wP, c) - wprS * ld(vP, c);
    st(row, c, x);
    s += x * ld(v, c);
    st(y, c, ld(y, c) + x * vr);
  }
  st(y, r, ld(y, r) + s);
}

/** Reflector block width of `dorgtr` and the order below which it runs unblocked (LAPACK's NB, NX). */
const ORGTR_BLOCK: i32 = 32;
const ORGTR_CROSSOVER: i32 = 128;

/** Bytes of scratch for `dorgtr`: Vᵀ of one block, T, C·V and the GEMM's packing buffers. */
export function dorgtr_work(n: i32): i32 {
  if (n < 0) return -1;
  if (n - 1 <= ORGTR_CROSSOVER) return 16;
  const nb = ORGTR_BLOCK;
  // GEMM scratch for both products (inner dimensions m ≤ n and nb): the (n, n, n) bound covers them.
  return <i32>(vectorBytes(n) * <usize>nb * 2 + vectorBytes(nb * nb) + 64) + dgemmWorkBytes(n, n, n);
}

/**
 * Forms Q = H₀·H₁···H_{n−2} of `dsytrd` (reflectors in A, τ in tau) into q, column-major with
 * leading dimension ldq (column j contiguous: it becomes eigenvector j under `dsteqr`). LAPACK
 * dorgtr (UPLO = 'L') → dorgqr: the last reflectors unblocked (dorg2r), then blocks of 32 from the
 * back, each applied to the columns already formed as a block reflector I − V·T·Vᵀ (dlarft +
 * dlarfb: two GEMMs) before its own columns are formed unblocked.
 */
export function dorgtr(n: i32, a: usize, lda: i32, tau: usize, q: usize, ldq: i32, work: usize): i32 {
  if (n < 0) return -1;
  if (lda < max(1, n)) return -3;
  if (ldq < max(1, n)) return -6;
  if (n == 0) return 0;
  const colBytes: usize = (<usize>ldq) << 3;
  const rowBytes: usize = (<usize>lda) << 3;
  // Column 0 and row 0 are those of the identity.
  for (let r = 0; r < n; r++) st(q, r, r == 0 ? 1 : 0);
  const k = n - 1; // reflectors 0 … n − 2
  const nb = ORGTR_BLOCK;
  let kk = 0; // reflectors [kk, k) go unblocked first; blocks of nb cover [0, kk)
  let ki = 0;
  if (k > ORGTR_CROSSOVER) {
    ki = ((k - ORGTR_CROSSOVER - 1) / nb) * nb;
    kk = min(k, ki + nb);
  }
  formColumns(n, a, rowBytes, tau, q, colBytes, kk, k - 1, n - 1);
  if (kk > 0) {
    const vt = work;
    const tmat = vt + vectorBytes(n) * <usize>nb;
    const x = tmat + vectorBytes(nb * nb);
    const gemmWork = align16(x + vectorBytes(n) * <usize>nb);
    for (let i0 = ki; i0 >= 0; i0 -= nb) {
      const ib = min(nb, k - i0);
      if (i0 + ib < k) applyBlockReflector(n, a, rowBytes, tau, q, ldq, i0, ib, vt, tmat, x, gemmWork);
      formColumns(n, a, rowBytes, tau, q, colBytes, i0, i0 + ib - 1, i0 + ib);
    }
  }
  return 0;
}

/**
 * dorg2r on reflectors i = last … first (descending): H_i applied to the global columns
 * i + 2 … lastColumn, then column i + 1 set to H_i·e_{i+1} (rows ≤ i zero).
 */
function formColumns(n: i32, a: usize, rowBytes: usize, tau: usize, q: usize, colBytes: usize, first: i32, last: i32, lastColumn: i32): void {
  for (let i = last; i >= first; i--) {
    const t = ld(tau, i);
    const vrow = a + (<usize>i) * rowBytes; // v_r = A(i, r) for r ≥ i + 2, v_{i+1} = 1
    if (t != 0) {
      for (let j = i + 2; j <= lastColumn; j++) {
        const col = q + (<usize>j) * colBytes;
        // s = τ·vᵀ·Q(i+1.., j)
        let acc = f64x2.splat(0);
        let r = i + 2;
        for (; r + 2 <= n; r += 2) {
          const off: usize = (<usize>r) << 3;
          acc = madd(v128.load(vrow + off), v128.load(col + off), acc);
        }
        let s = hsum(acc) + ld(col, i + 1);
        for (; r < n; r++) s += ld(vrow, r) * ld(col, r);
        s *= t;
        st(col, i + 1, ld(col, i + 1) - s);
        const sv = f64x2.splat(s);
        r = i + 2;
        for (; r + 2 <= n; r += 2) {
          const off: usize = (<usize>r) << 3;
          v128.store(col + off, nmadd(sv, v128.load(vrow + off), v128.load(col + off)));
        }
        for (; r < n; r++) st(col, r, ld(col, r) - s * ld(vrow, r));
      }
    }
    // Column i + 1: H_i·e_{i+1}.
    const col = q + (<usize>(i + 1)) * colBytes;
    for (let r = 0; r <= i; r++) st(col, r, 0);
    st(col, i + 1, 1 - t);
    for (let r = i + 2; r < n; r++) st(col, r, -t * ld(vrow, r));
  }
}

/**
 * Applies H_{i0}···H_{i0+ib−1} = I − V·T·Vᵀ (LAPACK dlarft 'F','C' + dlarfb) to the columns of Q
 * already formed, global i0 + ib + 1 … n − 1, rows i0 + 1 … n − 1. In the column-major buffer those
 * columns are the rows of C (p × m, row-major, leading dimension ldq), so Q_C ← H·Q_C reads
 * C ← C − ((C·V)·Tᵀ)·Vᵀ: two GEMMs on the micro-kernel and a small triangular product.
 */
function applyBlockReflector(n: i32, a: usize, rowBytes: usize, tau: usize, q: usize, ldq: i32, i0: i32, ib: i32, vt: usize, tmat: usize, x: usize, gemmWork: usize): void {
  const m = n - i0 - 1; // rows i0 + 1 … n − 1 of Q
  const p = n - i0 - ib - 1; // columns i0 + ib + 1 … n − 1
  // Vᵀ (ib × m, row-major): row k is reflector i0 + k with its unit entry and leading zeros explicit.
  for (let kr = 0; kr < ib; kr++) {
    const dst = vt + (<usize>(kr * m)) * 8;
    const src = a + (<usize>(i0 + kr)) * rowBytes + ((<usize>(i0 + 1)) << 3);
    for (let c = 0; c < kr; c++) st(dst, c, 0);
    st(dst, kr, 1);
    for (let c = kr + 1; c < m; c++) st(dst, c, ld(src, c));
  }
  // T (ib × ib upper triangular): T_kk = τ_k, T[0:k, k] = −τ_k·T[0:k, 0:k]·(V[:, 0:k]ᵀ·v_k).
  for (let kc = 0; kc < ib; kc++) {
    const t = ld(tau, i0 + kc);
    const vk = vt + (<usize>(kc * m)) * 8;
    for (let l = 0; l < kc; l++) {
      const vl = vt + (<usize>(l * m)) * 8;
      st(tmat, l * ib + kc, -t * dot(m - kc, vl + ((<usize>kc) << 3), vk + ((<usize>kc) << 3)));
    }
    // T[0:k, k] ← T[0:k, 0:k]·T[0:k, k] (upper triangular, top to bottom uses entries not yet overwritten).
    for (let l = 0; l < kc; l++) {
      let s: f64 = 0;
      for (let j = l; j < kc; j++) s += ld(tmat, l * ib + j) * ld(tmat, j * ib + kc);
      st(tmat, l * ib + kc, s);
    }
    st(tmat, kc * ib + kc, t);
  }
  const cPtr = q + ((<usize>(i0 + ib + 1)) * (<usize>ldq) + <usize>(i0 + 1)) * 8;
  // X = C·V (p × ib).
  dgemmInternal(0, 1, p, ib, m, 1.0, cPtr, ldq, vt, m, 0.0, x, ib, gemmWork);
  // X ← X·Tᵀ row by row: x'_k = Σ_{l ≥ k} T_kl·x_l, ascending k reads only entries not yet overwritten.
  for (let r = 0; r < p; r++) {
    const row = x + (<usize>(r * ib)) * 8;
    for (let kc = 0; kc < ib; kc++) {
      let s: f64 = 0;
      for (let l = kc; l < ib; l++) s += ld(tmat, kc * ib + l) * ld(row, l);
      st(row, kc, s);
    }
  }
  // C ← C − X·Vᵀ.
  dgemmInternal(0, 0, p, m, ib, -1.0, x, ib, vt, m, 1.0, cPtr, ldq, gemmWork);
}

/** Bytes of scratch for `dormtr`: none. */
export function dormtr_work(n: i32): i32 {
  return n < 0 ? -1 : 0;
}

/**
 * Z ← Q·Z for Q = H₀·H₁···H_{n−2} of `dsytrd` (reflectors in A, τ in tau) and the k columns of the
 * column-major Z (leading dimension ldz): the eigenvectors of T become those of A (LAPACK dormtr,
 * SIDE = 'L', TRANS = 'N', UPLO = 'L' path). Reflectors last to first, each a dot and an axpy per
 * column: O(n²·k).
 */
export function dormtr(n: i32, a: usize, lda: i32, tau: usize, k: i32, z: usize, ldz: i32): i32 {
  if (n < 0) return -1;
  if (lda < max(1, n)) return -3;
  if (k < 0) return -5;
  if (ldz < max(1, n)) return -7;
  const colBytes: usize = (<usize>ldz) << 3;
  const rowBytes: usize = (<usize>lda) << 3;
  for (let i = n - 2; i >= 0; i--) {
    const t = ld(tau, i);
    if (t == 0) continue;
    const vrow = a + (<usize>i) * rowBytes; // v_r = A(i, r) for r ≥ i + 2, v_{i+1} = 1
    for (let j = 0; j < k; j++) {
      const col = z + (<usize>j) * colBytes;
      let acc = f64x2.splat(0);
      let r = i + 2;
      for (; r + 2 <= n; r += 2) {
        const off: usize = (<usize>r) << 3;
        acc = madd(v128.load(vrow + off), v128.load(col + off), acc);
      }
      let s = hsum(acc) + ld(col, i + 1);
      for (; r < n; r++) s += ld(vrow, r) * ld(col, r);
      s *= t;
      st(col, i + 1, ld(col, i + 1) - s);
      const sv = f64x2.splat(s);
      r = i + 2;
      for (; r + 2 <= n; r += 2) {
        const off: usize = (<usize>r) << 3;
        v128.store(col + off, nmadd(sv, v128.load(vrow + off), v128.load(col + off)));
      }
      for (; r < n; r++) st(col, r, ld(col, r) - s * ld(vrow, r));
    }
  }
  return 0;
}

/** Bytes of scratch for `dsteqr`: the queued rotation sequences (any zrows). */
export function dsteqr_work(n: i32): i32 {
  return n < 0 ? -1 : steqrWorkBytes(n, 1 << 30);
}

/**
 * All eigenvalues of the tridiagonal (d, e) into d, ascending, and Z ← Z·S (S its eigenvectors):
 * with Z = Q of `dorgtr` the columns of Z become the eigenvectors of A. Z is column-major, ldz,
 * zrows rows used. e is destroyed. LAPACK dsteqr (COMPZ = 'V'), implicit QL or QR by the larger end.
 * Returns the number of unconverged off-diagonals (0 = success), or −(argument) if invalid.
 */
export function dsteqr(n: i32, d: usize, e: usize, z: usize, ldz: i32, zrows: i32, work: usize): i32 {
  if (n < 0) return -1;
  if (zrows < 0) return -6;
  if (ldz < max(1, zrows)) return -5;
  return steqrCore(n, d, e, z, ldz, zrows, work);
}
