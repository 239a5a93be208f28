// Plain-JS twin of assembly/src/sytrd-2stage.ts (specs/core.md §2.2): two-stage symmetric
// tridiagonalisation for eigenvalues only (Haidar, Ltaief & Dongarra, SC'11; LAPACK
// dsytrd_2stage = dsytrd_sy2sb + dsytrd_sb2st). Same algorithm, layout and operation order as the
// kernel, scalar; the level-3 products go through the JS GEMM twins. See the kernel's header for
// the derivation; in brief:
//   stage 1: per panel of kd rows, an LQ of the block right of the band, then the trailing
//            A ← QᵀAQ as Yᵀ = Vᵀ·A (symmetric, by blocks), Xᵀ = Tᵀ·Yᵀ, Wᵀ = Xᵀ − ½(Tᵀ·Vᵀ·X)ᵀ·Vᵀ,
//            A ← A − V·Wᵀ − W·Vᵀ;
//   stage 2: Householder bulge chasing on a compact band (row r at r·(2kd + 1), element (r, c) at
//            r·2kd + c: a row-major matrix with leading dimension 2kd).

import { dgemm, dsyr2k, dsyrk } from './gemm.js';
import { householder } from './sytrd.js';

/** Row blocks of the symmetric product in stage 1 (as the kernel). */
const SYMM_BLOCK = 128;

/**
 * Reduces the row-major symmetric A (upper triangle read, leading dimension lda; overwritten) to
 * tridiagonal form: d (n), e (n − 1), through a band of half-width kd (clamped to n − 1). Q is not
 * kept. The kernel's algorithm (assembly/src/sytrd-2stage.ts).
 *
 * @example
 * ```ts
 * const a = new Float64Array([2, 1, 1, 0, 2, 1, 0, 0, 2]); // upper triangle of [[2,1,1],[1,2,1],[1,1,2]]
 * const d = new Float64Array(3);
 * const e = new Float64Array(2);
 * dsytrd2stage(3, a, 3, d, e, 2);
 * d; // Float64Array [2, 2.9999999999999982, 0.9999999999999999]
 * e; // Float64Array [-1.4142135623730951, -4.996003610813204e-16] (T's eigenvalues: 1, 1, 4)
 * ```
 */
export function dsytrd2stage(n: number, a: Float64Array, lda: number, d: Float64Array, e: Float64Array, kd: number): void {
  if (n === 0) return;
  if (n === 1) {
    d[0] = a[0]!;
    return;
  }
  const k = Math.min(Math.max(1, kd), n - 1);
  reduceToBand(n, a, lda, k);
  // Compact band: row r holds a(r, r … r + k), then k zeros for the bulge.
  const ldb = 2 * k;
  const band = new Float64Array((2 * k + 1) * n + 2);
  for (let r = 0; r < n; r++) {
    const width = Math.min(k, n - 1 - r) + 1;
    for (let j = 0; j < width; j++) band[r * ldb + r + j] = a[r * lda + r + j]!;
  }
  if (k > 1) chaseBulges(n, band, k);
  for (let r = 0; r < n; r++) {
    d[r] = band[r * ldb + r]!;
    if (r < n - 1) e[r] = band[r * ldb + r + 1]!;
  }
}

/** Stage 1 (LAPACK dsytrd_sy2sb, UPLO = 'L' as rows): see the kernel's reduceToBand. */
function reduceToBand(n: number, a: Float64Array, lda: number, kd: number): void {
  const tau = new Float64Array(kd);
  const vt = new Float64Array(kd * n);
  const yt = new Float64Array(kd * n);
  const xt = new Float64Array(kd * n);
  const tmat = new Float64Array(kd * kd);
  const smat = new Float64Array(kd * kd);
  const zmat = new Float64Array(kd * kd);
  const sym = new Float64Array(Math.min(SYMM_BLOCK, n) ** 2);
  const out = new Float64Array(2);
  for (let i = 0; n - i - kd >= 2; i += kd) {
    const m = n - i - kd;
    const pk = Math.min(kd, m);
    const c0 = i + kd;
    const panel = i * lda + c0;
    // LQ of the kd × m panel, row by row.
    for (let c = 0; c < pk; c++) {
      const p = panel + c * lda + c;
      const len = m - c - 1;
      householder(a[p]!, len, a, p + 1, out);
      const t = out[0]!;
      a[p] = out[1]!;
      tau[c] = t;
      if (t === 0) continue;
      for (let r = c + 1; r < kd; r++) {
        const q = panel + r * lda + c;
        let s = 0;
        for (let j = 1; j <= len; j++) s += a[q + j]! * a[p + j]!;
        s = t * (a[q]! + s);
        a[q] = a[q]! - s;
        for (let j = 1; j <= len; j++) a[q + j] = a[q + j]! - s * a[p + j]!;
      }
    }
    // Vᵀ (pk × m): row c = (0 … 0, 1, tail of v_c).
    for (let c = 0; c < pk; c++) {
      const dst = c * m;
      const src = panel + c * lda;
      vt.fill(0, dst, dst + c);
      vt[dst + c] = 1;
      for (let j = c + 1; j < m; j++) vt[dst + j] = a[src + j]!;
    }
    // T (dlarft 'F', 'C') from the reflectors' Gram matrix.
    dsyrk(false, pk, m, 1, vt, 0, m, 0, smat, 0, pk);
    for (let c = 0; c < pk; c++) {
      const t = tau[c]!;
      for (let l = 0; l < c; l++) tmat[l * pk + c] = -t * smat[l * pk + c]!;
      for (let l = 0; l < c; l++) {
        let s = 0;
        for (let j = l; j < c; j++) s += tmat[l * pk + j]! * tmat[j * pk + c]!;
        tmat[l * pk + c] = s;
      }
      tmat[c * pk + c] = t;
      for (let l = c + 1; l < pk; l++) tmat[l * pk + c] = 0;
    }
    const a22 = c0 * lda + c0;
    symmetricTimesPanel(pk, m, vt, m, a, a22, lda, yt, m, sym);
    dgemm(true, false, pk, m, pk, 1, tmat, 0, pk, yt, 0, m, 0, xt, 0, m);
    dgemm(false, true, pk, pk, m, 1, vt, 0, m, xt, 0, m, 0, smat, 0, pk);
    dgemm(true, false, pk, pk, pk, 1, tmat, 0, pk, smat, 0, pk, 0, zmat, 0, pk);
    dgemm(true, false, pk, m, pk, -0.5, zmat, 0, pk, vt, 0, m, 1, xt, 0, m);
    dsyr2k('upper', true, m, pk, -1, vt, 0, m, xt, 0, m, 1, a, a22, lda);
  }
}

/** Yᵀ = Vᵀ·A for the symmetric m × m A in the upper triangle of rows at a[a0 …] (lda): see the kernel. */
function symmetricTimesPanel(p: number, m: number, vt: Float64Array, ldv: number, a: Float64Array, a0: number, lda: number, yt: Float64Array, ldy: number, sym: Float64Array): void {
  for (let r0 = 0; r0 < m; r0 += SYMM_BLOCK) {
    const h = Math.min(SYMM_BLOCK, m - r0);
    const diag = a0 + r0 * lda + r0;
    for (let i = 0; i < h; i++) {
      for (let j = i; j < h; j++) {
        const x = a[diag + i * lda + j]!;
        sym[i * h + j] = x;
        sym[j * h + i] = x;
      }
    }
    const first = r0 === 0 ? 0 : 1;
    dgemm(false, false, p, h, h, 1, vt, r0, ldv, sym, 0, h, first, yt, r0, ldy);
    const rest = m - r0 - h;
    if (rest > 0) {
      dgemm(false, false, p, rest, h, 1, vt, r0, ldv, a, diag + h, lda, first, yt, r0 + h, ldy);
      dgemm(false, true, p, h, rest, 1, vt, r0 + h, ldv, a, diag + h, lda, 1, yt, r0, ldy);
    }
  }
}

/** Stage 2 (LAPACK dsytrd_sb2st, values only) on the compact band: see the kernel's chaseBulges. */
function chaseBulges(n: number, b: Float64Array, kd: number): void {
  const ldb = 2 * kd;
  let hv = new Float64Array(kd + 1);
  let hv2 = new Float64Array(kd + 1);
  const w = new Float64Array(kd + 1);
  const s = new Float64Array(kd + 1);
  const out = new Float64Array(2);
  for (let sweep = 0; sweep <= n - 3; sweep++) {
    let first = sweep + 1;
    let last = Math.min(sweep + kd, n - 1);
    let tau = reflectorFromRow(b, sweep * ldb + first, last - first + 1, hv, out);
    if (tau !== 0) symmetricTwoSided(last - first + 1, b, first * ldb + first, ldb, hv, tau, w);
    for (;;) {
      const j1 = last + 1;
      if (j1 > n - 1) break;
      const j2 = Math.min(last + kd, n - 1);
      const rows = last - first + 1;
      const cols = j2 - j1 + 1;
      const block = first * ldb + j1;
      if (tau !== 0) reflectLeft(rows, cols, hv, tau, b, block, ldb, s);
      const tau2 = reflectorFromRow(b, block, cols, hv2, out);
      if (tau2 !== 0) reflectRight(rows - 1, cols, hv2, tau2, b, block + ldb, ldb);
      first = j1;
      last = j2;
      const swap = hv;
      hv = hv2;
      hv2 = swap;
      tau = tau2;
      if (tau !== 0) symmetricTwoSided(cols, b, first * ldb + first, ldb, hv, tau, w);
    }
  }
}

/** dlarfg on b[p … p + len): b[p] ← β, v ← (1, tail), the tail in b zeroed. Returns τ. */
function reflectorFromRow(b: Float64Array, p: number, len: number, v: Float64Array, out: Float64Array): number {
  householder(b[p]!, len - 1, b, p + 1, out);
  b[p] = out[1]!;
  v[0] = 1;
  for (let j = 1; j < len; j++) {
    v[j] = b[p + j]!;
    b[p + j] = 0;
  }
  return out[0]!;
}

/** C ← (I − τ·v·vᵀ)·C, C rows × cols at c[c0 …] with leading dimension ld. */
function reflectLeft(rows: number, cols: number, v: Float64Array, tau: number, c: Float64Array, c0: number, ld: number, s: Float64Array): void {
  s.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const vr = v[r]!;
    const row = c0 + r * ld;
    for (let j = 0; j < cols; j++) s[j] = s[j]! + vr * c[row + j]!;
  }
  for (let j = 0; j < cols; j++) s[j] = tau * s[j]!;
  for (let r = 0; r < rows; r++) {
    const vr = v[r]!;
    const row = c0 + r * ld;
    for (let j = 0; j < cols; j++) c[row + j] = c[row + j]! - vr * s[j]!;
  }
}

/** C ← C·(I − τ·v·vᵀ), C rows × cols at c[c0 …] with leading dimension ld. */
function reflectRight(rows: number, cols: number, v: Float64Array, tau: number, c: Float64Array, c0: number, ld: number): void {
  for (let r = 0; r < rows; r++) {
    const row = c0 + r * ld;
    let t = 0;
    for (let j = 0; j < cols; j++) t += c[row + j]! * v[j]!;
    t *= tau;
    for (let j = 0; j < cols; j++) c[row + j] = c[row + j]! - t * v[j]!;
  }
}

/** C ← H·C·H (LAPACK dlarfy) for the symmetric m × m C in the upper triangle of rows at c[c0 …]. */
function symmetricTwoSided(m: number, c: Float64Array, c0: number, ld: number, v: Float64Array, tau: number, w: Float64Array): void {
  w.fill(0, 0, m);
  for (let r = 0; r < m; r++) {
    const row = c0 + r * ld;
    const vr = v[r]!;
    let s = c[row + r]! * vr;
    for (let j = r + 1; j < m; j++) {
      const x = c[row + j]!;
      s += x * v[j]!;
      w[j] = w[j]! + x * vr;
    }
    w[r] = w[r]! + s;
  }
  let wv = 0;
  for (let i = 0; i < m; i++) {
    const x = tau * w[i]!;
    w[i] = x;
    wv += x * v[i]!;
  }
  const alpha = -0.5 * tau * wv;
  for (let i = 0; i < m; i++) w[i] = w[i]! + alpha * v[i]!;
  for (let r = 0; r < m; r++) {
    const row = c0 + r * ld;
    const vr = v[r]!;
    const wr = w[r]!;
    for (let j = r; j < m; j++) c[row + j] = c[row + j]! - vr * w[j]! - wr * v[j]!;
  }
}
