// Plain-JS twin of assembly/src/bidiagonal.ts: singular values by Golub–Kahan bidiagonalisation
// (LAPACK `dgebrd`/`dgebd2`, values only, QR first for tall matrices) and the dqds algorithm
// (Fernando & Parlett, Numer. Math. 67, 1994; Parlett & Marques, LAA 309, 2000), following
// LAPACK's `dlasq1`–`dlasq6` step by step so that both backends take the same decisions.
import { dgemm } from './gemm.js';
import { QR_BLOCK, dgeqrf, householder } from './qr.js';

/** QR first when m ≥ 1.6·n (LAPACK `dgesvd`'s MNTHR crossover): R is n×n, the tall part is GEMM. */
export const QR_FIRST_RATIO = 1.6;

/** Below this many columns the unblocked reduction runs throughout (LAPACK `dgebrd`'s NX crossover). */
export const BIDIAGONAL_CROSSOVER = 128;

/**
 * Reduces the m×n row-major matrix at a[0] (m ≥ n) to upper bidiagonal form B = Q₁ᵀ·A·P₁,
 * diagonal into d (n), superdiagonal into e (n − 1). A is overwritten. When m ≥ 1.6·n the QR
 * factorisation runs first and only R is reduced (Chan 1982; LAPACK `dgesvd`), which halves the
 * flops and puts most of them in blocked (GEMM) updates. The reduction itself is blocked as LAPACK
 * `dgebrd`: panels of nb rows and columns by `dlabrd`, then A ← A − V·Yᵀ − X·Uᵀ on GEMM; the last
 * columns unblocked. Returns info.
 */
export function dgebrd(m: number, n: number, a: Float64Array, lda: number, d: Float64Array, e: Float64Array, nb: number = QR_BLOCK): number {
  if (m < 0) return -1;
  if (n < 0 || n > m) return -2;
  if (lda < Math.max(1, n)) return -4;
  if (n === 0) return 0;
  let rows = m;
  if (m >= QR_FIRST_RATIO * n && n > 1) {
    const tau = new Float64Array(n);
    dgeqrf(m, n, a, lda, tau, nb);
    // Keep R only: the reflectors below its diagonal are not needed for singular values.
    for (let i = 1; i < n; i++) a.fill(0, i * lda, i * lda + i);
    rows = n;
  }
  let i = 0;
  if (nb >= 2 && nb < n && n > BIDIAGONAL_CROSSOVER) {
    const x = new Float64Array(rows * nb);
    const y = new Float64Array(n * nb);
    const scratch = new Float64Array(Math.max(n, 4 * nb));
    for (; i < n - BIDIAGONAL_CROSSOVER; i += nb) {
      const panel = i * lda + i;
      dlabrd(rows - i, n - i, nb, a, panel, lda, d, e, i, x, y, scratch);
      // Trailing update A(i+nb:, i+nb:) ← A − V·Yᵀ − X·Uᵀ (the unit heads of V and U are in place).
      const trailing = panel + nb * lda + nb;
      dgemm(false, true, rows - i - nb, n - i - nb, nb, -1, a, panel + nb * lda, lda, y, nb * nb, nb, 1, a, trailing, lda);
      dgemm(false, false, rows - i - nb, n - i - nb, nb, -1, x, nb * nb, nb, a, panel + nb, lda, 1, a, trailing, lda);
    }
  }
  dgebd2(rows - i, n - i, a, i * lda + i, lda, d.subarray(i), e.subarray(i), new Float64Array(n));
  return 0;
}

/**
 * Reduces the first nb rows and columns of the m×n block at a[off] (m ≥ n > nb) to bidiagonal
 * form and returns X (m×nb) and Y (n×nb, both row-major, leading dimension nb) such that the
 * trailing block is updated by A ← A − V·Yᵀ − X·Uᵀ (LAPACK `dlabrd`, m ≥ n branch). V (the left
 * reflectors, unit heads stored as 1) is left in A's first nb columns, U (the right ones, unit heads
 * as 1) in its first nb rows. Each step multiplies the not-yet-updated trailing block by a vector
 * twice and corrects with the panel; the other half of the flops move to the GEMM update.
 * scratch ≥ max(n, 4·nb).
 */
export function dlabrd(
  m: number, n: number, nb: number, a: Float64Array, off: number, lda: number, d: Float64Array, e: Float64Array, dOff: number,
  x: Float64Array, y: Float64Array, scratch: Float64Array,
): void {
  const t1 = new Float64Array(nb + 1);
  const t2 = new Float64Array(nb + 1);
  for (let i = 0; i < nb; i++) {
    const ii = off + i * lda + i;
    // Column i, rows i…m−1: A(:, i) −= A(:, 0:i)·Y(i, 0:i)ᵀ + X(:, 0:i)·A(0:i, i).
    if (i > 0) {
      for (let l = 0; l < i; l++) t1[l] = a[off + l * lda + i]!;
      const yi = i * nb;
      for (let r = i; r < m; r++) {
        const ar = off + r * lda;
        const xr = r * nb;
        let s = 0;
        for (let l = 0; l < i; l++) s += a[ar + l]! * y[yi + l]! + x[xr + l]! * t1[l]!;
        a[ar + i] = a[ar + i]! - s;
      }
    }
    const tauq = householder(m - i, a, ii, ii + lda, lda);
    d[dOff + i] = a[ii]!;
    a[ii] = 1;
    const len = n - i - 1;
    if (len === 0) break;
    const rowI = ii + 1; // A(i, i+1:n)
    // Y(i+1:n, i) = τ_q·(A(i:m, i+1:n)ᵀ·v − Y(i+1:n, 0:i)·(A(i:m, 0:i)ᵀ·v) − A(0:i, i+1:n)ᵀ·(X(i:m, 0:i)ᵀ·v)).
    const ycol = scratch;
    ycol.fill(0, 0, len);
    t1.fill(0, 0, i);
    t2.fill(0, 0, i);
    for (let r = i; r < m; r++) {
      const ar = off + r * lda;
      const vr = a[ar + i]!;
      if (vr === 0) continue;
      for (let j = 0; j < len; j++) ycol[j] = ycol[j]! + vr * a[ar + i + 1 + j]!;
      const xr = r * nb;
      for (let l = 0; l < i; l++) {
        t1[l] = t1[l]! + vr * a[ar + l]!;
        t2[l] = t2[l]! + vr * x[xr + l]!;
      }
    }
    for (let l = 0; l < i; l++) {
      const s = t2[l]!;
      if (s === 0) continue;
      const al = off + l * lda + i + 1;
      for (let j = 0; j < len; j++) ycol[j] = ycol[j]! - s * a[al + j]!;
    }
    for (let j = 0; j < len; j++) {
      const yr = (i + 1 + j) * nb;
      let s = 0;
      for (let l = 0; l < i; l++) s += y[yr + l]! * t1[l]!;
      y[yr + i] = tauq * (ycol[j]! - s);
    }
    // Row i: A(i, i+1:n) −= Y(i+1:n, 0:i+1)·A(i, 0:i+1)ᵀ + A(0:i, i+1:n)ᵀ·X(i, 0:i)ᵀ.
    const ai = off + i * lda;
    for (let j = 0; j < len; j++) {
      const yr = (i + 1 + j) * nb;
      let s = 0;
      for (let l = 0; l <= i; l++) s += y[yr + l]! * a[ai + l]!;
      a[rowI + j] = a[rowI + j]! - s;
    }
    for (let l = 0; l < i; l++) {
      const s = x[i * nb + l]!;
      if (s === 0) continue;
      const al = off + l * lda + i + 1;
      for (let j = 0; j < len; j++) a[rowI + j] = a[rowI + j]! - s * a[al + j]!;
    }
    const taup = householder(len, a, rowI, rowI + 1, 1);
    e[dOff + i] = a[rowI]!;
    a[rowI] = 1;
    // X(i+1:m, i) = τ_p·(A(i+1:m, i+1:n)·u − A(i+1:m, 0:i+1)·(Y(i+1:n, 0:i+1)ᵀ·u) − X(i+1:m, 0:i)·(A(0:i, i+1:n)·u)).
    t1.fill(0, 0, i + 1);
    for (let j = 0; j < len; j++) {
      const uj = a[rowI + j]!;
      if (uj === 0) continue;
      const yr = (i + 1 + j) * nb;
      for (let l = 0; l <= i; l++) t1[l] = t1[l]! + uj * y[yr + l]!;
    }
    for (let l = 0; l < i; l++) {
      const al = off + l * lda + i + 1;
      let s = 0;
      for (let j = 0; j < len; j++) s += a[al + j]! * a[rowI + j]!;
      t2[l] = s;
    }
    for (let r = i + 1; r < m; r++) {
      const ar = off + r * lda;
      const xr = r * nb;
      let s = 0;
      for (let j = 0; j < len; j++) s += a[ar + i + 1 + j]! * a[rowI + j]!;
      let c = 0;
      for (let l = 0; l <= i; l++) c += a[ar + l]! * t1[l]!;
      for (let l = 0; l < i; l++) c += x[xr + l]! * t2[l]!;
      x[xr + i] = taup * (s - c);
    }
  }
}

/**
 * Unblocked Golub–Kahan bidiagonalisation, values only (LAPACK `dgebd2` without storing the
 * reflectors). Step k: a left reflector zeroes column k below the diagonal, then a right one zeroes
 * row k right of the superdiagonal. Two passes over the trailing block per step: w = vᵀ·A, then for
 * each row the left update, the dot product with u and the right update together.
 */
export function dgebd2(m: number, n: number, a: Float64Array, off: number, lda: number, d: Float64Array, e: Float64Array, w: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const kk = off + k * lda + k;
    const tauq = householder(m - k, a, kk, kk + lda, lda);
    d[k] = a[kk]!;
    const len = n - k - 1;
    if (len === 0) break;
    const rowK = kk + 1; // A(k, k+1:n)
    if (tauq !== 0) {
      // w = vᵀ·A(k:m, k+1:n), v = [1; A(k+1:m, k)]; then row k ← row k − τ_q·w.
      for (let j = 0; j < len; j++) w[j] = a[rowK + j]!;
      for (let i = k + 1; i < m; i++) {
        const row = off + i * lda + k;
        const vi = a[row]!;
        if (vi === 0) continue;
        for (let j = 0; j < len; j++) w[j] = w[j]! + vi * a[row + 1 + j]!;
      }
      for (let j = 0; j < len; j++) a[rowK + j] = a[rowK + j]! - tauq * w[j]!;
    }
    const taup = householder(len, a, rowK, rowK + 1, 1);
    e[k] = a[rowK]!;
    if (tauq === 0 && taup === 0) continue;
    a[rowK] = 1; // u = [1; A(k, k+2:n)] while the rows below are updated
    for (let i = k + 1; i < m; i++) {
      const row = off + i * lda + k + 1;
      const c = tauq * a[row - 1]!;
      let dot = 0;
      if (c !== 0) {
        for (let j = 0; j < len; j++) {
          const x = a[row + j]! - c * w[j]!;
          a[row + j] = x;
          dot += x * a[rowK + j]!;
        }
      } else {
        for (let j = 0; j < len; j++) dot += a[row + j]! * a[rowK + j]!;
      }
      const s = taup * dot;
      if (s !== 0) for (let j = 0; j < len; j++) a[row + j] = a[row + j]! - s * a[rowK + j]!;
    }
    a[rowK] = e[k]!;
  }
}

// ---------------------------------------------------------------------------------------------
// dqds. The qd array z is used with LAPACK's 1-based indices (z[0] unused) so every index below
// reads as in `dlasq2`–`dlasq6`; the state LAPACK passes by reference between them lives here.

const EPS = 2 ** -53; // dlamch('Precision') = u
const SAFMIN = 2 ** -1022;
const CBIAS = 1.5;
const TOL = EPS * 100;
const TOL2 = TOL * TOL;
/** Cap on shift retries within one dqds step (LAPACK has none; a bounded loop cannot hang on NaN). */
const MAX_SHIFT_RETRIES = 64;

let n0 = 0;
let pp = 0;
let dmin = 0;
let dmin1 = 0;
let dmin2 = 0;
let dn = 0;
let dn1 = 0;
let dn2 = 0;
let g = 0;
let tau = 0;
let ttype = 0;
let sigma = 0;
let desig = 0;
let qmax = 0;
let nfail = 0;
let iter = 0;
let ndiv = 0;

/**
 * Singular values of the 2×2 upper triangular [[f, g], [0, h]] (LAPACK `dlas2`): [σ_min, σ_max],
 * accurate to a few ulps even when they differ greatly.
 */
export function dlas2(f: number, gg: number, h: number): [number, number] {
  const fa = Math.abs(f);
  const ga = Math.abs(gg);
  const ha = Math.abs(h);
  const fhmn = Math.min(fa, ha);
  const fhmx = Math.max(fa, ha);
  let ssmin: number;
  let ssmax: number;
  if (fhmn === 0) {
    ssmin = 0;
    if (fhmx === 0) ssmax = ga;
    else {
      const big = Math.max(fhmx, ga);
      const small = Math.min(fhmx, ga);
      ssmax = big * Math.sqrt(1 + (small / big) * (small / big));
    }
  } else if (ga < fhmx) {
    const as = 1 + fhmn / fhmx;
    const at = (fhmx - fhmn) / fhmx;
    const au = (ga / fhmx) * (ga / fhmx);
    const c = 2 / (Math.sqrt(as * as + au) + Math.sqrt(at * at + au));
    ssmin = fhmn * c;
    ssmax = fhmx / c;
  } else {
    const au = fhmx / ga;
    if (au === 0) {
      // Avoid underflow: fhmx/ga underflows only when ga is huge.
      ssmin = (fhmn * fhmx) / ga;
      ssmax = ga;
    } else {
      const as = 1 + fhmn / fhmx;
      const at = (fhmx - fhmn) / fhmx;
      const c = 1 / (Math.sqrt(1 + as * au * (as * au)) + Math.sqrt(1 + at * au * (at * au)));
      ssmin = fhmn * c * au;
      ssmin += ssmin;
      ssmax = ga / (c + c);
    }
  }
  return [ssmin, ssmax];
}

/** x[off..off+count) ← x·(to/from) without overflow or underflow in the factor (LAPACK `dlascl`). */
export function scaleByRatio(x: Float64Array, off: number, count: number, from: number, to: number): void {
  const smallest = SAFMIN;
  const biggest = 1 / smallest;
  let cfrom = from;
  let cto = to;
  for (let guard = 0; guard < 64; guard++) {
    const cfrom1 = cfrom * smallest;
    let mul: number;
    let done: boolean;
    if (cfrom1 === cfrom) {
      // cfrom is ±Inf: the ratio is 0 (or NaN); multiply once.
      mul = cto / cfrom;
      done = true;
    } else {
      const cto1 = cto / biggest;
      if (cto1 === cto) {
        mul = cto;
        done = true;
        cfrom = 1;
      } else if (Math.abs(cfrom1) > Math.abs(cto) && cto !== 0) {
        mul = smallest;
        done = false;
        cfrom = cfrom1;
      } else if (Math.abs(cto1) > Math.abs(cfrom)) {
        mul = biggest;
        done = false;
        cto = cto1;
      } else {
        mul = cto / cfrom;
        done = true;
      }
    }
    for (let i = off; i < off + count; i++) x[i] = x[i]! * mul;
    if (done) return;
  }
}

/**
 * All singular values of the n×n upper bidiagonal matrix with diagonal d and superdiagonal e, to
 * high relative accuracy (LAPACK `dlasq1`): into d, descending. e is destroyed. Returns info: 0 ok,
 * > 0 the number of values dqds left unconverged (specs/core.md §1.3; LAPACK's own codes 1–3 all
 * mean "values 1…n0 unfinished").
 */
export function dlasq1(n: number, d: Float64Array, e: Float64Array): number {
  if (n < 0) return -1;
  if (n === 0) return 0;
  if (n === 1) {
    d[0] = Math.abs(d[0]!);
    return 0;
  }
  if (n === 2) {
    const [smin, smax] = dlas2(d[0]!, e[0]!, d[1]!);
    d[0] = smax;
    d[1] = smin;
    return 0;
  }
  let sigmx = 0;
  for (let i = 0; i < n - 1; i++) {
    d[i] = Math.abs(d[i]!);
    sigmx = Math.max(sigmx, Math.abs(e[i]!));
  }
  d[n - 1] = Math.abs(d[n - 1]!);
  if (sigmx === 0) {
    // Already diagonal.
    sortDescending(d, 0, n);
    return 0;
  }
  for (let i = 0; i < n; i++) sigmx = Math.max(sigmx, d[i]!);
  // Copy into the qd layout and scale so the largest entry is √(eps/safmin): squaring then cannot
  // underflow the small ones (scaling by a power of the radix would not help after squaring).
  const z = new Float64Array(4 * n + 1);
  for (let i = 0; i < n; i++) z[2 * i + 1] = d[i]!;
  for (let i = 0; i < n - 1; i++) z[2 * i + 2] = e[i]!;
  const scale = Math.sqrt(EPS / SAFMIN);
  scaleByRatio(z, 1, 2 * n - 1, sigmx, scale);
  for (let i = 1; i <= 2 * n - 1; i++) z[i] = z[i]! * z[i]!;
  z[2 * n] = 0;
  const info = dlasq2(n, z);
  if (info === 0) {
    for (let i = 0; i < n; i++) d[i] = Math.sqrt(z[i + 1]!);
    scaleByRatio(d, 0, n, scale, sigmx);
  }
  return info;
}

function sortDescending(x: Float64Array, off: number, count: number): void {
  const part = x.subarray(off, off + count);
  part.sort();
  part.reverse();
}

/** On failure: values 1…n0 are unfinished (blocks are finished from the bottom up), so info = n0 ≥ 1. */
function unconverged(): number {
  return Math.max(1, n0);
}

/**
 * Eigenvalues of the positive definite tridiagonal behind the qd array z (1-based, 4n long, n ≥ 3)
 * by dqds with shifts (LAPACK `dlasq2`): into z[1..n], descending.
 */
function dlasq2(n: number, z: Float64Array): number {
  z[2 * n] = 0;
  let emin = z[2]!;
  qmax = 0;
  let zmax = 0;
  let d = 0;
  let e = 0;
  for (let k = 1; k <= 2 * (n - 1); k += 2) {
    d += z[k]!;
    e += z[k + 1]!;
    qmax = Math.max(qmax, z[k]!);
    emin = Math.min(emin, z[k + 1]!);
    zmax = Math.max(qmax, zmax, z[k + 1]!);
  }
  d += z[2 * n - 1]!;
  qmax = Math.max(qmax, z[2 * n - 1]!);
  zmax = Math.max(qmax, zmax);
  void zmax;
  if (e === 0) {
    for (let k = 2; k <= n; k++) z[k] = z[2 * k - 1]!;
    sortDescending(z, 1, n);
    z[2 * n - 1] = d;
    return 0;
  }
  const trace = d + e;
  if (trace === 0) {
    z[2 * n - 1] = 0;
    return 0;
  }
  // Rearrange for locality: z = (q1, qq1, e1, ee1, q2, qq2, e2, ee2, …).
  for (let k = 2 * n; k >= 2; k -= 2) {
    z[2 * k] = 0;
    z[2 * k - 1] = z[k]!;
    z[2 * k - 2] = 0;
    z[2 * k - 3] = z[k - 1]!;
  }
  let i0 = 1;
  n0 = n;
  // Reverse the qd array if warranted (the larger end goes first).
  if (CBIAS * z[4 * i0 - 3]! < z[4 * n0 - 3]!) {
    const ipn4 = 4 * (i0 + n0);
    for (let i4 = 4 * i0; i4 <= 2 * (i0 + n0 - 1); i4 += 4) {
      let t = z[i4 - 3]!;
      z[i4 - 3] = z[ipn4 - i4 - 3]!;
      z[ipn4 - i4 - 3] = t;
      t = z[i4 - 1]!;
      z[i4 - 1] = z[ipn4 - i4 - 5]!;
      z[ipn4 - i4 - 5] = t;
    }
  }
  // Initial split checking via dqd and Li's test.
  pp = 0;
  for (let k = 1; k <= 2; k++) {
    d = z[4 * n0 + pp - 3]!;
    for (let i4 = 4 * (n0 - 1) + pp; i4 >= 4 * i0 + pp; i4 -= 4) {
      if (z[i4 - 1]! <= TOL2 * d) {
        z[i4 - 1] = -0;
        d = z[i4 - 3]!;
      } else {
        d = z[i4 - 3]! * (d / (d + z[i4 - 1]!));
      }
    }
    // dqd maps z to zz plus Li's test.
    emin = z[4 * i0 + pp + 1]!;
    d = z[4 * i0 + pp - 3]!;
    for (let i4 = 4 * i0 + pp; i4 <= 4 * (n0 - 1) + pp; i4 += 4) {
      z[i4 - 2 * pp - 2] = d + z[i4 - 1]!;
      if (z[i4 - 1]! <= TOL2 * d) {
        z[i4 - 1] = -0;
        z[i4 - 2 * pp - 2] = d;
        z[i4 - 2 * pp] = 0;
        d = z[i4 + 1]!;
      } else if (SAFMIN * z[i4 + 1]! < z[i4 - 2 * pp - 2]! && SAFMIN * z[i4 - 2 * pp - 2]! < z[i4 + 1]!) {
        const t = z[i4 + 1]! / z[i4 - 2 * pp - 2]!;
        z[i4 - 2 * pp] = z[i4 - 1]! * t;
        d *= t;
      } else {
        z[i4 - 2 * pp] = z[i4 + 1]! * (z[i4 - 1]! / z[i4 - 2 * pp - 2]!);
        d = z[i4 + 1]! * (d / z[i4 - 2 * pp - 2]!);
      }
      emin = Math.min(emin, z[i4 - 2 * pp]!);
    }
    z[4 * n0 - pp - 2] = d;
    qmax = z[4 * i0 - pp - 2]!;
    for (let i4 = 4 * i0 - pp + 2; i4 <= 4 * n0 - pp - 2; i4 += 4) qmax = Math.max(qmax, z[i4]!);
    pp = 1 - pp;
  }
  ttype = 0;
  dmin1 = 0;
  dmin2 = 0;
  dn = 0;
  dn1 = 0;
  dn2 = 0;
  g = 0;
  tau = 0;
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
    sigma = n0 === n ? 0 : -z[4 * n0 - 1]!;
    if (sigma < 0) return unconverged(); // LAPACK info 1: a split was marked wrongly
    // Find the last unreduced block's top i0, qmax and emin; a Gerschgorin-type bound if the q's
    // dominate the e's.
    let emax = 0;
    emin = n0 > i0 ? Math.abs(z[4 * n0 - 5]!) : 0;
    let qmin = z[4 * n0 - 3]!;
    qmax = qmin;
    let i4 = 4 * n0;
    for (; i4 >= 8; i4 -= 4) {
      if (z[i4 - 5]! <= 0) break;
      if (qmin >= 4 * emax) {
        qmin = Math.min(qmin, z[i4 - 3]!);
        emax = Math.max(emax, z[i4 - 5]!);
      }
      qmax = Math.max(qmax, z[i4 - 7]! + z[i4 - 5]!);
      emin = Math.min(emin, z[i4 - 5]!);
    }
    if (i4 < 8) i4 = 4;
    i0 = i4 / 4;
    pp = 0;
    if (n0 - i0 > 1) {
      let dee = z[4 * i0 - 3]!;
      let deemin = dee;
      let kmin = i0;
      for (let j4 = 4 * i0 + 1; j4 <= 4 * n0 - 3; j4 += 4) {
        dee = z[j4]! * (dee / (dee + z[j4 - 2]!));
        if (dee <= deemin) {
          deemin = dee;
          kmin = (j4 + 3) / 4;
        }
      }
      if ((kmin - i0) * 2 < n0 - kmin && deemin <= 0.5 * z[4 * n0 - 3]!) {
        const ipn4 = 4 * (i0 + n0);
        pp = 2;
        for (let j4 = 4 * i0; j4 <= 2 * (i0 + n0 - 1); j4 += 4) {
          let t = z[j4 - 3]!;
          z[j4 - 3] = z[ipn4 - j4 - 3]!;
          z[ipn4 - j4 - 3] = t;
          t = z[j4 - 2]!;
          z[j4 - 2] = z[ipn4 - j4 - 2]!;
          z[ipn4 - j4 - 2] = t;
          t = z[j4 - 1]!;
          z[j4 - 1] = z[ipn4 - j4 - 5]!;
          z[ipn4 - j4 - 5] = t;
          t = z[j4]!;
          z[j4] = z[ipn4 - j4 - 4]!;
          z[ipn4 - j4 - 4] = t;
        }
      }
    }
    // −(initial shift) into dmin.
    dmin = -Math.max(0, qmin - 2 * Math.sqrt(qmin) * Math.sqrt(emax));
    // pp = 0: ping, 1: pong; 2: the array was flipped, skip dlasq3's entry deflation tests once.
    const nbig = 100 * (n0 - i0 + 1);
    let blockDone = false;
    for (let iwhilb = 1; iwhilb <= nbig; iwhilb++) {
      if (i0 > n0) {
        blockDone = true;
        break;
      }
      dlasq3(i0, z);
      pp = 1 - pp;
      // When emin is very small, check for splits.
      if (pp === 0 && n0 - i0 >= 3) {
        if (z[4 * n0]! <= TOL2 * qmax || z[4 * n0 - 1]! <= TOL2 * sigma) {
          let splt = i0 - 1;
          qmax = z[4 * i0 - 3]!;
          emin = z[4 * i0 - 1]!;
          let oldemn = z[4 * i0]!;
          for (let j4 = 4 * i0; j4 <= 4 * (n0 - 3); j4 += 4) {
            if (z[j4]! <= TOL2 * z[j4 - 3]! || z[j4 - 1]! <= TOL2 * sigma) {
              z[j4 - 1] = -sigma;
              splt = j4 / 4;
              qmax = 0;
              emin = z[j4 + 3]!;
              oldemn = z[j4 + 4]!;
            } else {
              qmax = Math.max(qmax, z[j4 + 1]!);
              emin = Math.min(emin, z[j4 - 1]!);
              oldemn = Math.min(oldemn, z[j4]!);
            }
          }
          z[4 * n0 - 1] = emin;
          z[4 * n0] = oldemn;
          i0 = splt + 1;
        }
      }
    }
    if (!blockDone && !(i0 > n0)) return unconverged(); // LAPACK info 2: 100·n steps on one block
  }
  if (!finished && n0 >= 1) return unconverged(); // LAPACK info 3: too many unreduced blocks
  // Move the q's to the front, sort.
  for (let k = 2; k <= n; k++) z[k] = z[4 * k - 3]!;
  sortDescending(z, 1, n);
  return 0;
}

/** Checks for deflation, picks a shift and runs dqds until the result is positive (LAPACK `dlasq3`). */
function dlasq3(i0: number, z: Float64Array): void {
  const n0in = n0;
  // Deflation: one eigenvalue when e(n0−1) is negligible, two when e(n0−2) is.
  for (;;) {
    if (n0 < i0) return;
    let deflate: 1 | 2 | 0;
    const nn = 4 * n0 + pp;
    if (n0 === i0) deflate = 1;
    else if (n0 === i0 + 1) deflate = 2;
    else if (z[nn - 5]! > TOL2 * (sigma + z[nn - 3]!) && z[nn - 2 * pp - 4]! > TOL2 * z[nn - 7]!) {
      if (z[nn - 9]! > TOL2 * sigma && z[nn - 2 * pp - 8]! > TOL2 * z[nn - 11]!) deflate = 0;
      else deflate = 2;
    } else deflate = 1;
    if (deflate === 0) break;
    if (deflate === 1) {
      z[4 * n0 - 3] = z[4 * n0 + pp - 3]! + sigma;
      n0 -= 1;
      continue;
    }
    if (z[nn - 3]! > z[nn - 7]!) {
      const s = z[nn - 3]!;
      z[nn - 3] = z[nn - 7]!;
      z[nn - 7] = s;
    }
    if (z[nn - 5]! > z[nn - 3]! * TOL2) {
      let t = 0.5 * (z[nn - 7]! - z[nn - 3]! + z[nn - 5]!);
      let s = z[nn - 3]! * (z[nn - 5]! / t);
      if (s <= t) s = z[nn - 3]! * (z[nn - 5]! / (t * (1 + Math.sqrt(1 + s / t))));
      else s = z[nn - 3]! * (z[nn - 5]! / (t + Math.sqrt(t) * Math.sqrt(t + s)));
      t = z[nn - 7]! + (s + z[nn - 5]!);
      z[nn - 3] = z[nn - 3]! * (z[nn - 7]! / t);
      z[nn - 7] = t;
    }
    z[4 * n0 - 7] = z[nn - 7]! + sigma;
    z[4 * n0 - 3] = z[nn - 3]! + sigma;
    n0 -= 2;
  }
  if (pp === 2) pp = 0;
  // Reverse the qd array, if warranted.
  if (dmin <= 0 || n0 < n0in) {
    if (CBIAS * z[4 * i0 + pp - 3]! < z[4 * n0 + pp - 3]!) {
      const ipn4 = 4 * (i0 + n0);
      for (let j4 = 4 * i0; j4 <= 2 * (i0 + n0 - 1); j4 += 4) {
        let t = z[j4 - 3]!;
        z[j4 - 3] = z[ipn4 - j4 - 3]!;
        z[ipn4 - j4 - 3] = t;
        t = z[j4 - 2]!;
        z[j4 - 2] = z[ipn4 - j4 - 2]!;
        z[ipn4 - j4 - 2] = t;
        t = z[j4 - 1]!;
        z[j4 - 1] = z[ipn4 - j4 - 5]!;
        z[ipn4 - j4 - 5] = t;
        t = z[j4]!;
        z[j4] = z[ipn4 - j4 - 4]!;
        z[ipn4 - j4 - 4] = t;
      }
      if (n0 - i0 <= 4) {
        z[4 * n0 + pp - 1] = z[4 * i0 + pp - 1]!;
        z[4 * n0 - pp] = z[4 * i0 - pp]!;
      }
      dmin2 = Math.min(dmin2, z[4 * n0 + pp - 1]!);
      z[4 * n0 + pp - 1] = Math.min(z[4 * n0 + pp - 1]!, z[4 * i0 + pp - 1]!, z[4 * i0 + pp + 3]!);
      z[4 * n0 - pp] = Math.min(z[4 * n0 - pp]!, z[4 * i0 - pp]!, z[4 * i0 - pp + 4]!);
      qmax = Math.max(qmax, z[4 * i0 + pp - 3]!, z[4 * i0 + pp + 1]!);
      dmin = -0;
    }
  }
  // Choose a shift, then run dqds until dmin ≥ 0.
  dlasq4(i0, z, n0in);
  let safe = false;
  let success = false;
  for (let retry = 0; ; retry++) {
    if (retry >= MAX_SHIFT_RETRIES) {
      safe = true;
      break;
    }
    dlasq5(i0, z);
    ndiv += n0 - i0 + 2;
    iter += 1;
    if (dmin >= 0 && dmin1 >= 0) {
      success = true;
      break;
    } else if (dmin < 0 && dmin1 > 0 && z[4 * (n0 - 1) - pp]! < TOL * (sigma + dn1) && Math.abs(dn) < TOL * sigma) {
      // Convergence hidden by a negative dn.
      z[4 * (n0 - 1) - pp + 2] = 0;
      dmin = 0;
      success = true;
      break;
    } else if (dmin < 0) {
      // τ too big: pick a new one and try again.
      nfail += 1;
      if (ttype < -22) {
        tau = 0; // failed twice: play it safe
      } else if (dmin1 > 0) {
        tau = (tau + dmin) * (1 - 2 * EPS); // late failure gives an excellent shift
        ttype -= 11;
      } else {
        tau *= 0.25; // early failure: divide by 4
        ttype -= 12;
      }
    } else if (Number.isNaN(dmin)) {
      if (tau === 0) {
        safe = true;
        break;
      }
      tau = 0;
    } else {
      // Possible underflow: play it safe.
      safe = true;
      break;
    }
  }
  if (safe && !success) {
    dlasq6(i0, z);
    ndiv += n0 - i0 + 2;
    iter += 1;
    tau = 0;
  }
  // σ ← σ + τ, with its rounding error accumulated in desig.
  let t: number;
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
function dlasq4(i0: number, z: Float64Array, n0in: number): void {
  const CNST1 = 0.563;
  const CNST2 = 1.01;
  const CNST3 = 1.05;
  const THIRD = 0.333;
  // A negative dmin forces the shift to take that absolute value.
  if (dmin <= 0) {
    tau = -dmin;
    ttype = -1;
    return;
  }
  const nn = 4 * n0 + pp;
  let s = 0;
  let a2: number;
  let b1: number;
  let b2: number;
  let gam: number;
  let np: number;
  if (n0in === n0) {
    // No eigenvalues deflated.
    if (dmin === dn || dmin === dn1) {
      b1 = Math.sqrt(z[nn - 3]!) * Math.sqrt(z[nn - 5]!);
      b2 = Math.sqrt(z[nn - 7]!) * Math.sqrt(z[nn - 9]!);
      a2 = z[nn - 7]! + z[nn - 5]!;
      if (dmin === dn && dmin1 === dn1) {
        // Cases 2 and 3.
        const gap2 = dmin2 - a2 - dmin2 * 0.25;
        const gap1 = gap2 > 0 && gap2 > b2 ? a2 - dn - (b2 / gap2) * b2 : a2 - dn - (b1 + b2);
        if (gap1 > 0 && gap1 > b1) {
          s = Math.max(dn - (b1 / gap1) * b1, 0.5 * dmin);
          ttype = -2;
        } else {
          s = 0;
          if (dn > b1) s = dn - b1;
          if (a2 > b1 + b2) s = Math.min(s, a2 - (b1 + b2));
          s = Math.max(s, THIRD * dmin);
          ttype = -3;
        }
      } else {
        // Case 4.
        ttype = -4;
        s = 0.25 * dmin;
        if (dmin === dn) {
          gam = dn;
          a2 = 0;
          if (z[nn - 5]! > z[nn - 7]!) return;
          b2 = z[nn - 5]! / z[nn - 7]!;
          np = nn - 9;
        } else {
          np = nn - 2 * pp;
          b2 = z[np - 2]!;
          gam = dn1;
          if (z[np - 4]! > z[np - 2]!) return;
          a2 = z[np - 4]! / z[np - 2]!;
          if (z[nn - 9]! > z[nn - 11]!) return;
          b2 = z[nn - 9]! / z[nn - 11]!;
          np = nn - 13;
        }
        // Approximate contribution to the norm squared from i < nn − 1.
        a2 += b2;
        for (let i4 = np; i4 >= 4 * i0 - 1 + pp; i4 -= 4) {
          if (b2 === 0) break;
          b1 = b2;
          if (z[i4]! > z[i4 - 2]!) return;
          b2 *= z[i4]! / z[i4 - 2]!;
          a2 += b2;
          if (100 * Math.max(b2, b1) < a2 || CNST1 < a2) break;
        }
        a2 *= CNST3;
        // Rayleigh quotient residual bound.
        if (a2 < CNST1) s = (gam * (1 - Math.sqrt(a2))) / (1 + a2);
      }
    } else if (dmin === dn2) {
      // Case 5.
      ttype = -5;
      s = 0.25 * dmin;
      // Contribution to the norm squared from i > nn − 2.
      np = nn - 2 * pp;
      b1 = z[np - 2]!;
      b2 = z[np - 6]!;
      gam = dn2;
      if (z[np - 8]! > b2 || z[np - 4]! > b1) return;
      a2 = (z[np - 8]! / b2) * (1 + z[np - 4]! / b1);
      // Approximate contribution from i < nn − 2.
      if (n0 - i0 > 2) {
        b2 = z[nn - 13]! / z[nn - 15]!;
        a2 += b2;
        for (let i4 = nn - 17; i4 >= 4 * i0 - 1 + pp; i4 -= 4) {
          if (b2 === 0) break;
          b1 = b2;
          if (z[i4]! > z[i4 - 2]!) return;
          b2 *= z[i4]! / z[i4 - 2]!;
          a2 += b2;
          if (100 * Math.max(b2, b1) < a2 || CNST1 < a2) break;
        }
        a2 *= CNST3;
      }
      if (a2 < CNST1) s = (gam * (1 - Math.sqrt(a2))) / (1 + a2);
    } else {
      // Case 6: no information to guide us.
      if (ttype === -6) g += THIRD * (1 - g);
      else if (ttype === -18) g = 0.25 * THIRD;
      else g = 0.25;
      s = g * dmin;
      ttype = -6;
    }
  } else if (n0in === n0 + 1) {
    // One eigenvalue just deflated: use dmin1, dn1 for dmin, dn.
    if (dmin1 === dn1 && dmin2 === dn2) {
      // Cases 7 and 8.
      ttype = -7;
      s = THIRD * dmin1;
      if (z[nn - 5]! > z[nn - 7]!) return;
      b1 = z[nn - 5]! / z[nn - 7]!;
      b2 = b1;
      if (b2 !== 0) {
        for (let i4 = 4 * n0 - 9 + pp; i4 >= 4 * i0 - 1 + pp; i4 -= 4) {
          a2 = b1;
          if (z[i4]! > z[i4 - 2]!) return;
          b1 *= z[i4]! / z[i4 - 2]!;
          b2 += b1;
          if (100 * Math.max(b1, a2) < b2) break;
        }
      }
      b2 = Math.sqrt(CNST3 * b2);
      a2 = dmin1 / (1 + b2 * b2);
      const gap2 = 0.5 * dmin2 - a2;
      if (gap2 > 0 && gap2 > b2 * a2) {
        s = Math.max(s, a2 * (1 - CNST2 * a2 * (b2 / gap2) * b2));
      } else {
        s = Math.max(s, a2 * (1 - CNST2 * b2));
        ttype = -8;
      }
    } else {
      // Case 9.
      s = 0.25 * dmin1;
      if (dmin1 === dn1) s = 0.5 * dmin1;
      ttype = -9;
    }
  } else if (n0in === n0 + 2) {
    // Two eigenvalues deflated: use dmin2, dn2 for dmin, dn. Cases 10 and 11.
    if (dmin2 === dn2 && 2 * z[nn - 5]! < z[nn - 7]!) {
      ttype = -10;
      s = THIRD * dmin2;
      if (z[nn - 5]! > z[nn - 7]!) return;
      b1 = z[nn - 5]! / z[nn - 7]!;
      b2 = b1;
      if (b2 !== 0) {
        for (let i4 = 4 * n0 - 9 + pp; i4 >= 4 * i0 - 1 + pp; i4 -= 4) {
          if (z[i4]! > z[i4 - 2]!) return;
          b1 *= z[i4]! / z[i4 - 2]!;
          b2 += b1;
          if (100 * b1 < b2) break;
        }
      }
      b2 = Math.sqrt(CNST3 * b2);
      a2 = dmin2 / (1 + b2 * b2);
      const gap2 = z[nn - 7]! + z[nn - 9]! - Math.sqrt(z[nn - 11]!) * Math.sqrt(z[nn - 9]!) - a2;
      if (gap2 > 0 && gap2 > b2 * a2) s = Math.max(s, a2 * (1 - CNST2 * a2 * (b2 / gap2) * b2));
      else s = Math.max(s, a2 * (1 - CNST2 * b2));
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
function dlasq5(i0: number, z: Float64Array): void {
  if (n0 - i0 - 1 <= 0) return;
  const dthresh = EPS * (sigma + tau);
  if (tau < dthresh * 0.5) tau = 0;
  const flush = tau === 0;
  let j4 = 4 * i0 + pp - 3;
  let emin = z[j4 + 4]!;
  let d = z[j4]! - tau;
  dmin = d;
  dmin1 = -z[j4]!;
  if (pp === 0) {
    for (j4 = 4 * i0; j4 <= 4 * (n0 - 3); j4 += 4) {
      z[j4 - 2] = d + z[j4 - 1]!;
      const t = z[j4 + 1]! / z[j4 - 2]!;
      d = d * t - tau;
      if (flush && d < dthresh) d = 0;
      dmin = Math.min(dmin, d);
      z[j4] = z[j4 - 1]! * t;
      emin = Math.min(z[j4]!, emin);
    }
  } else {
    for (j4 = 4 * i0; j4 <= 4 * (n0 - 3); j4 += 4) {
      z[j4 - 3] = d + z[j4]!;
      const t = z[j4 + 2]! / z[j4 - 3]!;
      d = d * t - tau;
      if (flush && d < dthresh) d = 0;
      dmin = Math.min(dmin, d);
      z[j4 - 1] = z[j4]! * t;
      emin = Math.min(z[j4 - 1]!, emin);
    }
  }
  // Unroll the last two steps.
  dn2 = d;
  dmin2 = dmin;
  j4 = 4 * (n0 - 2) - pp;
  let j4p2 = j4 + 2 * pp - 1;
  z[j4 - 2] = dn2 + z[j4p2]!;
  z[j4] = z[j4p2 + 2]! * (z[j4p2]! / z[j4 - 2]!);
  dn1 = z[j4p2 + 2]! * (dn2 / z[j4 - 2]!) - tau;
  dmin = Math.min(dmin, dn1);
  dmin1 = dmin;
  j4 += 4;
  j4p2 = j4 + 2 * pp - 1;
  z[j4 - 2] = dn1 + z[j4p2]!;
  z[j4] = z[j4p2 + 2]! * (z[j4p2]! / z[j4 - 2]!);
  dn = z[j4p2 + 2]! * (dn1 / z[j4 - 2]!) - tau;
  dmin = Math.min(dmin, dn);
  z[j4 + 2] = dn;
  z[4 * n0 - pp] = emin;
}

/** One dqd step (zero shift) guarding against underflow (LAPACK `dlasq6`). */
function dlasq6(i0: number, z: Float64Array): void {
  if (n0 - i0 - 1 <= 0) return;
  let j4 = 4 * i0 + pp - 3;
  let emin = z[j4 + 4]!;
  let d = z[j4]!;
  dmin = d;
  if (pp === 0) {
    for (j4 = 4 * i0; j4 <= 4 * (n0 - 3); j4 += 4) {
      z[j4 - 2] = d + z[j4 - 1]!;
      if (z[j4 - 2] === 0) {
        z[j4] = 0;
        d = z[j4 + 1]!;
        dmin = d;
        emin = 0;
      } else if (SAFMIN * z[j4 + 1]! < z[j4 - 2]! && SAFMIN * z[j4 - 2]! < z[j4 + 1]!) {
        const t = z[j4 + 1]! / z[j4 - 2]!;
        z[j4] = z[j4 - 1]! * t;
        d *= t;
      } else {
        z[j4] = z[j4 + 1]! * (z[j4 - 1]! / z[j4 - 2]!);
        d = z[j4 + 1]! * (d / z[j4 - 2]!);
      }
      dmin = Math.min(dmin, d);
      emin = Math.min(emin, z[j4]!);
    }
  } else {
    for (j4 = 4 * i0; j4 <= 4 * (n0 - 3); j4 += 4) {
      z[j4 - 3] = d + z[j4]!;
      if (z[j4 - 3] === 0) {
        z[j4 - 1] = 0;
        d = z[j4 + 2]!;
        dmin = d;
        emin = 0;
      } else if (SAFMIN * z[j4 + 2]! < z[j4 - 3]! && SAFMIN * z[j4 - 3]! < z[j4 + 2]!) {
        const t = z[j4 + 2]! / z[j4 - 3]!;
        z[j4 - 1] = z[j4]! * t;
        d *= t;
      } else {
        z[j4 - 1] = z[j4 + 2]! * (z[j4]! / z[j4 - 3]!);
        d = z[j4 + 2]! * (d / z[j4 - 3]!);
      }
      dmin = Math.min(dmin, d);
      emin = Math.min(emin, z[j4 - 1]!);
    }
  }
  // Unroll the last two steps.
  dn2 = d;
  dmin2 = dmin;
  j4 = 4 * (n0 - 2) - pp;
  let j4p2 = j4 + 2 * pp - 1;
  z[j4 - 2] = dn2 + z[j4p2]!;
  if (z[j4 - 2] === 0) {
    z[j4] = 0;
    dn1 = z[j4p2 + 2]!;
    dmin = dn1;
    emin = 0;
  } else if (SAFMIN * z[j4p2 + 2]! < z[j4 - 2]! && SAFMIN * z[j4 - 2]! < z[j4p2 + 2]!) {
    const t = z[j4p2 + 2]! / z[j4 - 2]!;
    z[j4] = z[j4p2]! * t;
    dn1 = dn2 * t;
  } else {
    z[j4] = z[j4p2 + 2]! * (z[j4p2]! / z[j4 - 2]!);
    dn1 = z[j4p2 + 2]! * (dn2 / z[j4 - 2]!);
  }
  dmin = Math.min(dmin, dn1);
  dmin1 = dmin;
  j4 += 4;
  j4p2 = j4 + 2 * pp - 1;
  z[j4 - 2] = dn1 + z[j4p2]!;
  if (z[j4 - 2] === 0) {
    z[j4] = 0;
    dn = z[j4p2 + 2]!;
    dmin = dn;
    emin = 0;
  } else if (SAFMIN * z[j4p2 + 2]! < z[j4 - 2]! && SAFMIN * z[j4 - 2]! < z[j4p2 + 2]!) {
    const t = z[j4p2 + 2]! / z[j4 - 2]!;
    z[j4] = z[j4p2]! * t;
    dn = dn1 * t;
  } else {
    z[j4] = z[j4p2 + 2]! * (z[j4p2]! / z[j4 - 2]!);
    dn = z[j4p2 + 2]! * (dn1 / z[j4 - 2]!);
  }
  dmin = Math.min(dmin, dn);
  z[j4 + 2] = dn;
  z[4 * n0 - pp] = emin;
}
