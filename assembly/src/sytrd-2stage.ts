// Two-stage symmetric tridiagonalisation, eigenvalues only (specs/core.md §2.2, "two-stage
// reduction ... nears GEMM speed"): Haidar, Ltaief & Dongarra, SC'11; LAPACK dsytrd_2stage.
//
//   stage 1  dense → band of half-width kd (LAPACK dsytrd_sy2sb). Each panel of kd rows right of
//            the band is LQ-factored (the row-major image of sy2sb's QR of a column panel), and the
//            trailing matrix takes the two-sided update A ← QᵀAQ as level-3 products:
//            Yᵀ = Vᵀ·A (a symmetric product on the stored triangle, by GEMMs), Xᵀ = TᵀYᵀ,
//            Wᵀ = Xᵀ − ½(Tᵀ·Vᵀ·X)ᵀVᵀ, A ← A − V·Wᵀ − W·Vᵀ (dsyr2k). No memory-bound symv: where the
//            one-stage dsytrd reads the whole trailing matrix once per column, this reads it a few
//            times per kd columns.
//   stage 2  band → tridiagonal by Householder bulge chasing (LAPACK dsytrd_sb2st with the
//            dsb2st_kernels task types 1, 2, 3): sweep s annihilates row s beyond the
//            superdiagonal with a reflector of length ≤ kd, applies it to the kd×kd diagonal block
//            (dlarfy), and chases the bulge it creates down the band one kd-block at a time; only
//            the first row of each bulge is annihilated, the rest by the following sweeps, so the
//            fill stays within 2·kd of the diagonal. O(kd·n²) flops on L1/L2-resident blocks.
//
// Layout: as sytrd.ts, the row-major upper triangle is LAPACK's column-major lower one (UPLO = 'L'
// paths, reflectors are contiguous rows). Stage 2 works on a compact copy of the band: row r keeps
// a(r, r … r + 2kd) at b + r·(2kd + 1) doubles, so element (r, c), r ≤ c ≤ r + 2kd, sits at
// b + (r·2kd + c)·8 — a row-major matrix with leading dimension 2kd (LAPACK's LDA − 1 trick on its
// band storage), and every kernel below is an ordinary row-major routine on it.
//
// Q is not formed (values only): the reflectors are dropped as soon as they have been applied.
import { dgemmInternal, dgemmWorkBytes, dsyr2kInternal, dsyrkInternal, UPLO_UPPER } from './gemm';
import { householder, reflectorBeta, reflectorTau } from './row-reflector';
import { ld, st } from './tridiagonal-ql';

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
@inline function align16(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}
/** Bytes of `count` doubles, rounded up to 16. */
@inline function doublesBytes(count: i32): usize {
  return align16((<usize>max(count, 1)) << 3);
}

/**
 * Row blocks of the symmetric product Yᵀ = Vᵀ·A in stage 1: the diagonal block is mirrored into a
 * full SYMM_BLOCK² scratch, the rest used as stored and transposed. 128 keeps the GEMMs' inner
 * dimension near their KC = 256 while the mirrored block (128 KiB) stays in L2.
 */
const SYMM_BLOCK: i32 = 128;

/** Σ x_k·y_k over len contiguous doubles. */
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

/** y ← y − α·x over len contiguous doubles. */
function axpyMinus(len: i32, alpha: f64, x: usize, y: usize): void {
  const av = f64x2.splat(alpha);
  let k = 0;
  for (; k + 2 <= len; k += 2) {
    const off: usize = (<usize>k) << 3;
    v128.store(y + off, nmadd(av, v128.load(x + off), v128.load(y + off)));
  }
  for (; k < len; k++) st(y, k, ld(y, k) - alpha * ld(x, k));
}

/** Bytes of scratch for `dsytrd_2stage` of order n with band half-width kd. */
export function dsytrd_2stage_work(n: i32, kd: i32): i32 {
  if (n < 0) return -1;
  if (kd < 1) return -2;
  const k = min(kd, max(n - 1, 1));
  const nn = max(n, 1);
  // Stage 1's Vᵀ, Yᵀ and Xᵀ (k × n each) and, after them, stage 2's band (n rows of 2k + 1) share one region.
  const region = max(3 * k * nn, (2 * k + 1) * nn + 2);
  const sym = min(SYMM_BLOCK, nn);
  let bytes: usize = doublesBytes(k) + doublesBytes(k * k) * 3 + doublesBytes(sym * sym) + doublesBytes(region);
  bytes += doublesBytes(k + 1) * 4 + <usize>dgemmWorkBytes(nn, nn, nn) + 16;
  return bytes > <usize>0x7fffffff ? -1 : <i32>bytes;
}

/**
 * Reduces the symmetric A (row-major, upper triangle read, lda ≥ n) to tridiagonal form T = QᵀAQ,
 * d (n) and e (n − 1), in two stages through a band of half-width kd (see the header). A's upper
 * triangle is overwritten; Q is not kept. kd ≥ 1 (clamped to n − 1); kd = 1 is the unblocked
 * reduction with level-3 bookkeeping, only meant for tests. Returns 0, or −(argument) if invalid.
 */
export function dsytrd_2stage(n: i32, a: usize, lda: i32, d: usize, e: usize, work: usize, kd: i32): i32 {
  if (n < 0) return -1;
  if (lda < max(1, n)) return -3;
  if (kd < 1) return -7;
  if (n == 0) return 0;
  if (n == 1) {
    st(d, 0, ld(a, 0));
    return 0;
  }
  const k = min(kd, n - 1);
  const tau = work;
  const tmat = align16(tau + doublesBytes(k));
  const smat = tmat + doublesBytes(k * k);
  const zmat = smat + doublesBytes(k * k);
  const sym = zmat + doublesBytes(k * k);
  const region = sym + doublesBytes(min(SYMM_BLOCK, n) * min(SYMM_BLOCK, n));
  const regionSize = max(3 * k * n, (2 * k + 1) * n + 2);
  const v = region + doublesBytes(regionSize);
  const v2 = v + doublesBytes(k + 1);
  const wv = v2 + doublesBytes(k + 1);
  const sv = wv + doublesBytes(k + 1);
  const gemmWork = sv + doublesBytes(k + 1);
  const vt = region;
  const yt = vt + (<usize>(k * n) << 3);
  const xt = yt + (<usize>(k * n) << 3);
  reduceToBand(n, a, lda, k, tau, vt, yt, xt, tmat, smat, zmat, sym, gemmWork);
  // Compact copy of the band (row r: a(r, r … r + k)), with the bulge columns r + k + 1 … r + 2k zeroed.
  const band = region;
  const ldb = 2 * k; // skew leading dimension: element (r, c) at band + (r·ldb + c)·8
  const rowBytes: usize = (<usize>lda) << 3;
  for (let r = 0; r < n; r++) {
    const dst = band + ((<usize>(r * ldb + r)) << 3);
    const src = a + (<usize>r) * rowBytes + ((<usize>r) << 3);
    const width = min(k, n - 1 - r) + 1;
    memory.copy(dst, src, (<usize>width) << 3);
    memory.fill(dst + ((<usize>width) << 3), 0, (<usize>(2 * k + 1 - width)) << 3);
  }
  if (k > 1) chaseBulges(n, band, k, v, v2, wv, sv);
  for (let r = 0; r < n; r++) {
    st(d, r, load<f64>(band + ((<usize>(r * ldb + r)) << 3)));
    if (r < n - 1) st(e, r, load<f64>(band + ((<usize>(r * ldb + r + 1)) << 3)));
  }
  return 0;
}

/**
 * Stage 1 (LAPACK dsytrd_sy2sb, UPLO = 'L' as rows). For each panel of kd rows i … i + kd − 1, the
 * kd × m block right of the band (columns i + kd … n − 1) is LQ-factored by min(kd, m) reflectors
 * (row c keeps R's column in the band and v's tail beyond it), then the trailing m × m matrix takes
 * A ← QᵀAQ with Q = I − V·T·Vᵀ (dlarft, forward). With X = A·V·T, QᵀAQ = A − V·Wᵀ − W·Vᵀ for
 * W = X − ½·V·(Tᵀ·Vᵀ·X): Tᵀ·Vᵀ·X = Tᵀ·Vᵀ·A·V·T is symmetric, so the cross terms pair up.
 */
function reduceToBand(n: i32, a: usize, lda: i32, kd: i32, tau: usize, vt: usize, yt: usize, xt: usize, tmat: usize, smat: usize, zmat: usize, sym: usize, gemmWork: usize): void {
  const rowBytes: usize = (<usize>lda) << 3;
  for (let i = 0; n - i - kd >= 2; i += kd) {
    const m = n - i - kd;
    const pk = min(kd, m);
    const c0 = i + kd;
    const panel = a + (<usize>i) * rowBytes + ((<usize>c0) << 3);
    // LQ of the kd × m panel, one row at a time (dgelq2 as rows: dgeqr2 on sy2sb's column panel).
    for (let c = 0; c < pk; c++) {
      const p = panel + (<usize>c) * rowBytes + ((<usize>c) << 3);
      const len = m - c - 1;
      householder(load<f64>(p), len, p + 8);
      const t = reflectorTau;
      store<f64>(p, reflectorBeta);
      st(tau, c, t);
      if (t == 0) continue;
      for (let r = c + 1; r < kd; r++) {
        const q = panel + (<usize>r) * rowBytes + ((<usize>c) << 3);
        const s = t * (load<f64>(q) + dot(len, q + 8, p + 8));
        store<f64>(q, load<f64>(q) - s);
        axpyMinus(len, s, p + 8, q + 8);
      }
    }
    // Vᵀ (pk × m, leading dimension m): row c is (0 … 0, 1, v_c's tail) with c leading zeros.
    for (let c = 0; c < pk; c++) {
      const dst = vt + (<usize>(c * m)) * 8;
      const src = panel + (<usize>c) * rowBytes;
      memory.fill(dst, 0, (<usize>c) << 3);
      st(dst, c, 1);
      memory.copy(dst + ((<usize>(c + 1)) << 3), src + ((<usize>(c + 1)) << 3), (<usize>(m - c - 1)) << 3);
    }
    // T (pk × pk, upper triangular, zero below): T_cc = τ_c, T[0:c, c] = −τ_c·T[0:c, 0:c]·(Vᵀ[0:c]·v_c)
    // (LAPACK dlarft 'F', 'C'), the Gram matrix of the reflectors by one SYRK.
    dsyrkInternal(UPLO_UPPER, 0, pk, m, 1.0, vt, m, 0.0, smat, pk, gemmWork);
    for (let c = 0; c < pk; c++) {
      const t = ld(tau, c);
      for (let l = 0; l < c; l++) st(tmat, l * pk + c, -t * ld(smat, l * pk + c));
      for (let l = 0; l < c; l++) {
        let s: f64 = 0;
        for (let j = l; j < c; j++) s += ld(tmat, l * pk + j) * ld(tmat, j * pk + c);
        st(tmat, l * pk + c, s);
      }
      st(tmat, c * pk + c, t);
      for (let l = c + 1; l < pk; l++) st(tmat, l * pk + c, 0);
    }
    const a22 = a + (<usize>c0) * rowBytes + ((<usize>c0) << 3);
    // Yᵀ = Vᵀ·A₂₂, Xᵀ = Tᵀ·Yᵀ.
    symmetricTimesPanel(pk, m, vt, m, a22, lda, yt, m, sym, gemmWork);
    dgemmInternal(1, 0, pk, m, pk, 1.0, tmat, pk, yt, m, 0.0, xt, m, gemmWork);
    // Z = Tᵀ·(Vᵀ·X), then Wᵀ = Xᵀ − ½·Zᵀ·Vᵀ in place of Xᵀ.
    dgemmInternal(0, 1, pk, pk, m, 1.0, vt, m, xt, m, 0.0, smat, pk, gemmWork);
    dgemmInternal(1, 0, pk, pk, pk, 1.0, tmat, pk, smat, pk, 0.0, zmat, pk, gemmWork);
    dgemmInternal(1, 0, pk, m, pk, -0.5, zmat, pk, vt, m, 1.0, xt, m, gemmWork);
    // A₂₂ ← A₂₂ − V·Wᵀ − W·Vᵀ on the upper triangle (as dsytrd's blocked update).
    dsyr2kInternal(UPLO_UPPER, 1, m, pk, -1.0, vt, m, xt, m, 1.0, a22, lda, gemmWork);
  }
}

/**
 * Yᵀ = Vᵀ·A (p × m) for the symmetric m × m A stored in the upper triangle of row-major rows (lda)
 * and Vᵀ (p × m, ldv): LAPACK's dsymm on the stored triangle, by row blocks of SYMM_BLOCK. For the
 * block row I: Yᵀ[:, I] += Vᵀ[:, I]·A_II (diagonal block mirrored into `sym`), and with R the
 * stored block right of it, Yᵀ[:, right] += Vᵀ[:, I]·R and Yᵀ[:, I] += Vᵀ[:, right]·Rᵀ. Every
 * column of Yᵀ is first written with β = 0 by block row 0, so no zeroing pass is needed.
 */
function symmetricTimesPanel(p: i32, m: i32, vt: usize, ldv: i32, a: usize, lda: i32, yt: usize, ldy: i32, sym: usize, gemmWork: usize): void {
  const rowBytes: usize = (<usize>lda) << 3;
  for (let r0 = 0; r0 < m; r0 += SYMM_BLOCK) {
    const h = min(SYMM_BLOCK, m - r0);
    const diag = a + (<usize>r0) * rowBytes + ((<usize>r0) << 3);
    for (let i = 0; i < h; i++) {
      const row = diag + (<usize>i) * rowBytes;
      for (let j = i; j < h; j++) {
        const x = ld(row, j);
        st(sym, i * h + j, x);
        st(sym, j * h + i, x);
      }
    }
    const first = r0 == 0 ? 0.0 : 1.0;
    dgemmInternal(0, 0, p, h, h, 1.0, vt + ((<usize>r0) << 3), ldv, sym, h, first, yt + ((<usize>r0) << 3), ldy, gemmWork);
    const rest = m - r0 - h;
    if (rest > 0) {
      const right = diag + ((<usize>h) << 3);
      dgemmInternal(0, 0, p, rest, h, 1.0, vt + ((<usize>r0) << 3), ldv, right, lda, first, yt + ((<usize>(r0 + h)) << 3), ldy, gemmWork);
      dgemmInternal(0, 1, p, h, rest, 1.0, vt + ((<usize>(r0 + h)) << 3), ldv, right, lda, 1.0, yt + ((<usize>r0) << 3), ldy, gemmWork);
    }
  }
}

/**
 * Stage 2 (LAPACK dsytrd_sb2st, values only, one sweep after the other) on the compact band
 * (element (r, c) at b + (r·2kd + c)·8). Sweep s: task 1 annihilates row s right of the
 * superdiagonal with H (length ≤ kd) and applies it to the diagonal block; then, down the band,
 * task 2 applies H from the left to the next kd-block right of the current rows (filling it: the
 * bulge), annihilates that block's first row with a new H' and applies H' from the right to the
 * block's other rows, and task 3 applies H' to its diagonal block. v, v2: the two reflectors of a
 * step (kd + 1 doubles each); wv, sv: kd + 1 doubles of scratch.
 */
function chaseBulges(n: i32, b: usize, kd: i32, v: usize, v2: usize, wv: usize, sv: usize): void {
  const ldb = 2 * kd;
  const rowStride: usize = (<usize>ldb) << 3;
  for (let sweep = 0; sweep <= n - 3; sweep++) {
    let first = sweep + 1;
    let last = min(sweep + kd, n - 1);
    // Task 1: reflector from row `sweep`, columns first … last.
    let hv = v;
    let hv2 = v2;
    let tau = reflectorFromRow(b + ((<usize>(sweep * ldb + first)) << 3), last - first + 1, hv);
    if (tau != 0) symmetricTwoSided(last - first + 1, b + ((<usize>(first * ldb + first)) << 3), rowStride, hv, tau, wv);
    for (;;) {
      const j1 = last + 1;
      if (j1 > n - 1) break;
      const j2 = min(last + kd, n - 1);
      const rows = last - first + 1;
      const cols = j2 - j1 + 1;
      const block = b + ((<usize>(first * ldb + j1)) << 3);
      // Task 2: H from the left on rows first … last, columns j1 … j2 (this fills the bulge) ...
      if (tau != 0) reflectLeft(rows, cols, hv, tau, block, rowStride, sv);
      // ... a new H' annihilating the block's first row right of its first entry ...
      const tau2 = reflectorFromRow(block, cols, hv2);
      // ... applied from the right to the block's other rows.
      if (tau2 != 0) reflectRight(rows - 1, cols, hv2, tau2, block + rowStride, rowStride);
      // Task 3: H' on its diagonal block, which becomes the current one.
      first = j1;
      last = j2;
      const swap = hv;
      hv = hv2;
      hv2 = swap;
      tau = tau2;
      if (tau != 0) symmetricTwoSided(cols, b + ((<usize>(first * ldb + first)) << 3), rowStride, hv, tau, wv);
    }
  }
}

/**
 * dlarfg on the len doubles at p: p[0] becomes β, v (len doubles: 1 and the tail) is written to
 * `v` and the tail in place is zeroed. Returns τ.
 */
function reflectorFromRow(p: usize, len: i32, v: usize): f64 {
  householder(load<f64>(p), len - 1, p + 8);
  const t = reflectorTau;
  store<f64>(p, reflectorBeta);
  st(v, 0, 1);
  if (len > 1) {
    memory.copy(v + 8, p + 8, (<usize>(len - 1)) << 3);
    memory.fill(p + 8, 0, (<usize>(len - 1)) << 3);
  }
  return t;
}

/**
 * C ← (I − τ·v·vᵀ)·C for the rows × cols row-major C (row stride in bytes): s = τ·vᵀC, then
 * C −= v·s, eight columns at a time in registers (LAPACK dlarfx 'Left' in the row-major image).
 */
function reflectLeft(rows: i32, cols: i32, v: usize, tau: f64, c: usize, stride: usize, s: usize): void {
  const tv = f64x2.splat(tau);
  let j = 0;
  for (; j + 8 <= cols; j += 8) {
    const col = c + ((<usize>j) << 3);
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    let p = col;
    for (let r = 0; r < rows; r++, p += stride) {
      const vr = v128.load64_splat(v + ((<usize>r) << 3));
      a0 = madd(vr, v128.load(p), a0);
      a1 = madd(vr, v128.load(p, 16), a1);
      a2 = madd(vr, v128.load(p, 32), a2);
      a3 = madd(vr, v128.load(p, 48), a3);
    }
    a0 = f64x2.mul(a0, tv);
    a1 = f64x2.mul(a1, tv);
    a2 = f64x2.mul(a2, tv);
    a3 = f64x2.mul(a3, tv);
    p = col;
    for (let r = 0; r < rows; r++, p += stride) {
      const vr = v128.load64_splat(v + ((<usize>r) << 3));
      v128.store(p, nmadd(vr, a0, v128.load(p)));
      v128.store(p, nmadd(vr, a1, v128.load(p, 16)), 16);
      v128.store(p, nmadd(vr, a2, v128.load(p, 32)), 32);
      v128.store(p, nmadd(vr, a3, v128.load(p, 48)), 48);
    }
  }
  if (j < cols) {
    // The last < 8 columns: s in scratch.
    const w = cols - j;
    const col = c + ((<usize>j) << 3);
    for (let q = 0; q < w; q++) st(s, q, 0);
    let p = col;
    for (let r = 0; r < rows; r++, p += stride) {
      const vr = ld(v, r);
      for (let q = 0; q < w; q++) st(s, q, ld(s, q) + vr * ld(p, q));
    }
    for (let q = 0; q < w; q++) st(s, q, tau * ld(s, q));
    p = col;
    for (let r = 0; r < rows; r++, p += stride) {
      const vr = ld(v, r);
      for (let q = 0; q < w; q++) st(p, q, ld(p, q) - vr * ld(s, q));
    }
  }
}

/** C ← C·(I − τ·v·vᵀ) for the rows × cols row-major C: per row, t = τ·(row·v), row −= t·vᵀ (dlarfx 'Right'). */
function reflectRight(rows: i32, cols: i32, v: usize, tau: f64, c: usize, stride: usize): void {
  let p = c;
  for (let r = 0; r < rows; r++, p += stride) {
    const t = tau * dot(cols, p, v);
    axpyMinus(cols, t, v, p);
  }
}

/**
 * C ← H·C·H for H = I − τ·v·vᵀ and the symmetric m × m C in the upper triangle of row-major rows
 * (LAPACK dlarfy): w = τ·C·v, w ← w − ½τ(wᵀv)·v, C ← C − v·wᵀ − w·vᵀ. Each stored c_ij is read once
 * for both w_i and w_j.
 */
function symmetricTwoSided(m: i32, c: usize, stride: usize, v: usize, tau: f64, w: usize): void {
  for (let i = 0; i < m; i++) st(w, i, 0);
  let row = c;
  for (let r = 0; r < m; r++, row += stride) {
    const vr = ld(v, r);
    const vrv = f64x2.splat(vr);
    let acc = f64x2.splat(0);
    let j = r + 1;
    for (; j + 2 <= m; j += 2) {
      const off: usize = (<usize>j) << 3;
      const x = v128.load(row + off);
      acc = madd(x, v128.load(v + off), acc);
      v128.store(w + off, madd(x, vrv, v128.load(w + off)));
    }
    let s = hsum(acc) + ld(row, r) * vr;
    for (; j < m; j++) {
      const x = ld(row, j);
      s += x * ld(v, j);
      st(w, j, ld(w, j) + x * vr);
    }
    st(w, r, ld(w, r) + s);
  }
  let wv: f64 = 0;
  for (let i = 0; i < m; i++) {
    const x = tau * ld(w, i);
    st(w, i, x);
    wv += x * ld(v, i);
  }
  const alpha = -0.5 * tau * wv;
  for (let i = 0; i < m; i++) st(w, i, ld(w, i) + alpha * ld(v, i));
  row = c;
  for (let r = 0; r < m; r++, row += stride) {
    const vr = f64x2.splat(ld(v, r));
    const wr = f64x2.splat(ld(w, r));
    let j = r;
    for (; j + 2 <= m; j += 2) {
      const off: usize = (<usize>j) << 3;
      let x = v128.load(row + off);
      x = nmadd(vr, v128.load(w + off), x);
      x = nmadd(wr, v128.load(v + off), x);
      v128.store(row + off, x);
    }
    for (; j < m; j++) st(row, j, ld(row, j) - ld(v, r) * ld(w, j) - ld(w, r) * ld(v, j));
  }
}
