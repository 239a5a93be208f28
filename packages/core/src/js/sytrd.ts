// Plain-JS twins of assembly/src/sytrd.ts (specs/core.md §2.2–2.3): symmetric tridiagonalisation
// of the row-major upper triangle (LAPACK dsytrd, UPLO = 'L' path: reflectors are rows) and the
// formation of Q (dorgtr). Same algorithm and operation order as the kernel, scalar.

import { dgemm, dsyr2k } from './gemm.js';

const SAFMIN = 2.2250738585072014e-308;
const EPS = 1.1102230246251565e-16;

/** ‖a[p .. p + len)‖₂, with dnrm2-style scaling only when the plain sum under/overflows. */
function norm2(len: number, a: Float64Array, p: number): number {
  if (len <= 0) return 0;
  let ss = 0;
  for (let k = 0; k < len; k++) {
    const x = a[p + k]!;
    ss += x * x;
  }
  if (ss > 1e-280 && ss < 1e280) return Math.sqrt(ss);
  let scale = 0;
  for (let k = 0; k < len; k++) scale = Math.max(scale, Math.abs(a[p + k]!));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let k = 0; k < len; k++) {
    const x = a[p + k]! / scale;
    s += x * x;
  }
  return scale * Math.sqrt(s);
}

/**
 * LAPACK dlarfg on (α, a[p .. p + len)): overwrites x with v's tail; returns [τ, β] in out.
 */
export function householder(alpha: number, len: number, a: Float64Array, p: number, out: Float64Array): void {
  let xnorm = norm2(len, a, p);
  if (xnorm === 0) {
    out[0] = 0;
    out[1] = alpha;
    return;
  }
  let beta = -(alpha >= 0 ? Math.hypot(alpha, xnorm) : -Math.hypot(alpha, xnorm));
  const safmn = SAFMIN / EPS;
  let knt = 0;
  if (Math.abs(beta) < safmn) {
    const rsafmn = 1 / safmn;
    do {
      knt++;
      for (let k = 0; k < len; k++) a[p + k] = a[p + k]! * rsafmn;
      beta *= rsafmn;
      alpha *= rsafmn;
    } while (Math.abs(beta) < safmn && knt < 20);
    xnorm = norm2(len, a, p);
    beta = -(alpha >= 0 ? Math.hypot(alpha, xnorm) : -Math.hypot(alpha, xnorm));
  }
  out[0] = (beta - alpha) / beta;
  const scal = 1 / (alpha - beta);
  for (let k = 0; k < len; k++) a[p + k] = a[p + k]! * scal;
  for (let j = 0; j < knt; j++) beta *= safmn;
  out[1] = beta;
}

/** Row r (offset row), columns r..n−1: a_rc −= v_r·w_c + w_r·v_c. */
function rank2Row(a: Float64Array, row: number, r: number, n: number, v: Float64Array, w: Float64Array): void {
  const vr = v[r]!;
  const wr = w[r]!;
  for (let c = r; c < n; c++) a[row + c] = a[row + c]! - vr * w[c]! - wr * v[c]!;
}

/** Below this order the unblocked fused reduction finishes the matrix (as the kernel). */
const SYTRD_CROSSOVER = 128;

/**
 * Reduces the row-major symmetric A (upper triangle read, leading dimension lda) to tridiagonal
 * form: d (n), e (n − 1), τ (n) and the reflectors in A's rows. nb > 1: blocked (LAPACK dsytrd +
 * dlatrd, the trailing update by the JS `dsyr2k`), then the fused unblocked reduction for the last
 * SYTRD_CROSSOVER rows — the kernel's algorithm (see assembly/src/sytrd.ts).
 */
export function dsytrd(n: number, a: Float64Array, lda: number, d: Float64Array, e: Float64Array, tau: Float64Array, nb = 1): void {
  if (n === 0) return;
  let p = 0;
  if (nb > 1 && n > SYTRD_CROSSOVER) {
    const ldw = n;
    const w = new Float64Array(nb * ldw);
    const y = new Float64Array(n);
    const out = new Float64Array(2);
    for (; n - p > SYTRD_CROSSOVER + nb; p += nb) {
      latrdPanel(n, p, nb, a, lda, e, tau, w, ldw, y, out);
      const m = n - p - nb;
      dsyr2k('upper', true, m, nb, -1, a, p * lda + p + nb, lda, w, p + nb, ldw, 1, a, (p + nb) * lda + p + nb, lda);
      for (let j = p; j < p + nb; j++) {
        a[j * lda + j + 1] = e[j]!;
        d[j] = a[j * lda + j]!;
      }
    }
  }
  sytrdUnblocked(n - p, a, p * lda + p, lda, d, e, tau, p);
  tau[n - 1] = 0;
}

/** LAPACK dlatrd (UPLO = 'L' as rows) on rows p … p + nb − 1: see the kernel. */
function latrdPanel(n: number, p: number, nb: number, a: Float64Array, lda: number, e: Float64Array, tau: Float64Array, w: Float64Array, ldw: number, y: Float64Array, out: Float64Array): void {
  for (let i = p; i < p + nb; i++) {
    const rowI = i * lda;
    for (let j = p; j < i; j++) {
      const vj = j * lda;
      const wj = (j - p) * ldw;
      const vji = a[vj + i]!;
      const wji = w[wj + i]!;
      for (let c = i; c < n; c++) a[rowI + c] = a[rowI + c]! - vji * w[wj + c]! - wji * a[vj + c]!;
    }
    householder(a[rowI + i + 1]!, n - i - 2, a, rowI + i + 2, out);
    const t = out[0]!;
    e[i] = out[1]!;
    tau[i] = t;
    a[rowI + i + 1] = 1;
    const m = n - i - 1;
    const v0 = rowI + i + 1; // v = a[v0 .. v0 + m)
    const wi = (i - p) * ldw + i + 1; // y = w[wi .. wi + m)
    symvUpper(m, a, (i + 1) * lda + i + 1, lda, a, v0, y);
    for (let j = p; j < i; j++) {
      const vj = j * lda + i + 1;
      const wj = (j - p) * ldw + i + 1;
      let t1 = 0;
      let t2 = 0;
      for (let c = 0; c < m; c++) {
        const vc = a[v0 + c]!;
        t1 += w[wj + c]! * vc;
        t2 += a[vj + c]! * vc;
      }
      for (let c = 0; c < m; c++) y[c] = y[c]! - t1 * a[vj + c]! - t2 * w[wj + c]!;
    }
    let yv = 0;
    for (let c = 0; c < m; c++) {
      const yc = t * y[c]!;
      y[c] = yc;
      yv += yc * a[v0 + c]!;
    }
    const alpha = -0.5 * t * yv;
    for (let c = 0; c < m; c++) w[wi + c] = y[c]! + alpha * a[v0 + c]!;
  }
}

/** y = A·v for the m×m symmetric A in the upper triangle of rows at a[a0 …] (lda); v at v[v0 …]. Two rows per pass. */
function symvUpper(m: number, a: Float64Array, a0: number, lda: number, v: Float64Array, v0: number, y: Float64Array): void {
  y.fill(0, 0, m);
  let r = 0;
  for (; r + 2 <= m; r += 2) {
    const row0 = a0 + r * lda;
    const row1 = row0 + lda;
    const vr0 = v[v0 + r]!;
    const vr1 = v[v0 + r + 1]!;
    const a01 = a[row0 + r + 1]!;
    let s0 = a[row0 + r]! * vr0 + a01 * vr1;
    let s1 = a01 * vr0 + a[row1 + r + 1]! * vr1;
    for (let c = r + 2; c < m; c++) {
      const x0 = a[row0 + c]!;
      const x1 = a[row1 + c]!;
      const vc = v[v0 + c]!;
      s0 += x0 * vc;
      s1 += x1 * vc;
      y[c] = y[c]! + x0 * vr0 + x1 * vr1;
    }
    y[r] = y[r]! + s0;
    y[r + 1] = y[r + 1]! + s1;
  }
  if (r < m) y[r] = y[r]! + a[a0 + r * lda + r]! * v[v0 + r]!;
}

/**
 * Unblocked fused reduction (LAPACK dsytd2 as rows) of the order-n matrix at a[a0 …]; d, e, τ
 * written from index o.
 */
function sytrdUnblocked(n: number, a: Float64Array, a0: number, lda: number, d: Float64Array, e: Float64Array, tau: Float64Array, o: number): void {
  if (n === 0) return;
  let vPrev = new Float64Array(n);
  let wPrev = new Float64Array(n);
  let vCur = new Float64Array(n);
  let wCur = new Float64Array(n);
  const out = new Float64Array(2);
  let pending = false;
  for (let i = 0; i < n - 1; i++) {
    const rowI = a0 + i * lda;
    if (pending) rank2Row(a, rowI, i, n, vPrev, wPrev);
    d[o + i] = a[rowI + i]!;
    householder(a[rowI + i + 1]!, n - i - 2, a, rowI + i + 2, out);
    const t = out[0]!;
    e[o + i] = out[1]!;
    tau[o + i] = t;
    if (t === 0) {
      if (pending) for (let r = i + 1; r < n; r++) rank2Row(a, a0 + r * lda, r, n, vPrev, wPrev);
      pending = false;
      continue;
    }
    vCur[i + 1] = 1;
    for (let c = i + 2; c < n; c++) vCur[c] = a[rowI + c]!;
    wCur.fill(0, i + 1, n);
    const y = wCur;
    const v = vCur;
    for (let r = i + 1; r < n; r++) {
      const row = a0 + r * lda;
      const vr = v[r]!;
      let s: number;
      if (pending) {
        const vpr = vPrev[r]!;
        const wpr = wPrev[r]!;
        const diag = a[row + r]! - vpr * wPrev[r]! - wpr * vPrev[r]!;
        a[row + r] = diag;
        s = 0;
        for (let c = r + 1; c < n; c++) {
          const x = a[row + c]! - vpr * wPrev[c]! - wpr * vPrev[c]!;
          a[row + c] = x;
          s += x * v[c]!;
          y[c] = y[c]! + x * vr;
        }
        s += diag * vr;
      } else {
        s = 0;
        for (let c = r + 1; c < n; c++) {
          const x = a[row + c]!;
          s += x * v[c]!;
          y[c] = y[c]! + x * vr;
        }
        s += a[row + r]! * vr;
      }
      y[r] = y[r]! + s;
    }
    let pv = 0;
    for (let c = i + 1; c < n; c++) {
      const p = t * y[c]!;
      y[c] = p;
      pv += p * v[c]!;
    }
    const alpha = -0.5 * t * pv;
    for (let c = i + 1; c < n; c++) y[c] = y[c]! + alpha * v[c]!;
    pending = true;
    const tv = vPrev;
    vPrev = vCur;
    vCur = tv;
    const tw = wPrev;
    wPrev = wCur;
    wCur = tw;
  }
  const last = a0 + (n - 1) * lda;
  if (pending) rank2Row(a, last, n - 1, n, vPrev, wPrev);
  d[o + n - 1] = a[last + n - 1]!;
}

/** Reflector block width and unblocked crossover of `dorgtr` (as the kernel). */
const ORGTR_BLOCK = 32;
const ORGTR_CROSSOVER = 128;

/**
 * Q = H₀···H_{n−2} from `dsytrd`'s reflectors into q, column-major with leading dimension ldq
 * (LAPACK dorgtr → dorgqr): the last reflectors unblocked, then blocks of 32 from the back as
 * I − V·T·Vᵀ on the JS GEMM, as the kernel.
 */
export function dorgtr(n: number, a: Float64Array, lda: number, tau: Float64Array, q: Float64Array, ldq: number): void {
  if (n === 0) return;
  for (let r = 0; r < n; r++) q[r] = r === 0 ? 1 : 0;
  const k = n - 1;
  const nb = ORGTR_BLOCK;
  let kk = 0;
  let ki = 0;
  if (k > ORGTR_CROSSOVER) {
    ki = Math.floor((k - ORGTR_CROSSOVER - 1) / nb) * nb;
    kk = Math.min(k, ki + nb);
  }
  formColumns(n, a, lda, tau, q, ldq, kk, k - 1, n - 1);
  if (kk > 0) {
    const vt = new Float64Array(nb * n);
    const tmat = new Float64Array(nb * nb);
    const x = new Float64Array(nb * n);
    for (let i0 = ki; i0 >= 0; i0 -= nb) {
      const ib = Math.min(nb, k - i0);
      if (i0 + ib < k) applyBlockReflector(n, a, lda, tau, q, ldq, i0, ib, vt, tmat, x);
      formColumns(n, a, lda, tau, q, ldq, i0, i0 + ib - 1, i0 + ib);
    }
  }
}

/** dorg2r on reflectors last … first: H_i on global columns i + 2 … lastColumn, then column i + 1. */
function formColumns(n: number, a: Float64Array, lda: number, tau: Float64Array, q: Float64Array, ldq: number, first: number, last: number, lastColumn: number): void {
  for (let i = last; i >= first; i--) {
    const t = tau[i]!;
    const vrow = i * lda;
    if (t !== 0) {
      for (let j = i + 2; j <= lastColumn; j++) {
        const col = j * ldq;
        let s = 0;
        for (let r = i + 2; r < n; r++) s += a[vrow + r]! * q[col + r]!;
        s += q[col + i + 1]!;
        s *= t;
        q[col + i + 1] = q[col + i + 1]! - s;
        for (let r = i + 2; r < n; r++) q[col + r] = q[col + r]! - s * a[vrow + r]!;
      }
    }
    const col = (i + 1) * ldq;
    for (let r = 0; r <= i; r++) q[col + r] = 0;
    q[col + i + 1] = 1 - t;
    for (let r = i + 2; r < n; r++) q[col + r] = -t * a[vrow + r]!;
  }
}

/** H_{i0}···H_{i0+ib−1} = I − V·T·Vᵀ on the columns already formed (dlarft + dlarfb), as the kernel. */
function applyBlockReflector(n: number, a: Float64Array, lda: number, tau: Float64Array, q: Float64Array, ldq: number, i0: number, ib: number, vt: Float64Array, tmat: Float64Array, x: Float64Array): void {
  const m = n - i0 - 1;
  const p = n - i0 - ib - 1;
  for (let kr = 0; kr < ib; kr++) {
    const dst = kr * m;
    const src = (i0 + kr) * lda + i0 + 1;
    for (let c = 0; c < kr; c++) vt[dst + c] = 0;
    vt[dst + kr] = 1;
    for (let c = kr + 1; c < m; c++) vt[dst + c] = a[src + c]!;
  }
  for (let kc = 0; kc < ib; kc++) {
    const t = tau[i0 + kc]!;
    const vk = kc * m;
    for (let l = 0; l < kc; l++) {
      const vl = l * m;
      let s = 0;
      for (let c = kc; c < m; c++) s += vt[vl + c]! * vt[vk + c]!;
      tmat[l * ib + kc] = -t * s;
    }
    for (let l = 0; l < kc; l++) {
      let s = 0;
      for (let j = l; j < kc; j++) s += tmat[l * ib + j]! * tmat[j * ib + kc]!;
      tmat[l * ib + kc] = s;
    }
    tmat[kc * ib + kc] = t;
  }
  const c0 = (i0 + ib + 1) * ldq + i0 + 1;
  dgemm(false, true, p, ib, m, 1, q, c0, ldq, vt, 0, m, 0, x, 0, ib);
  for (let r = 0; r < p; r++) {
    const row = r * ib;
    for (let kc = 0; kc < ib; kc++) {
      let s = 0;
      for (let l = kc; l < ib; l++) s += tmat[kc * ib + l]! * x[row + l]!;
      x[row + kc] = s;
    }
  }
  dgemm(false, false, p, m, ib, -1, x, 0, ib, vt, 0, m, 1, q, c0, ldq);
}

/**
 * Z ← Q·Z for Q = H₀···H_{n−2} of `dsytrd` and the k columns of the column-major z (leading
 * dimension ldz): LAPACK dormtr (SIDE = 'L', TRANS = 'N'), as the kernel.
 */
export function dormtr(n: number, a: Float64Array, lda: number, tau: Float64Array, k: number, z: Float64Array, ldz: number): void {
  for (let i = n - 2; i >= 0; i--) {
    const t = tau[i]!;
    if (t === 0) continue;
    const vrow = i * lda;
    for (let j = 0; j < k; j++) {
      const col = j * ldz;
      let s = 0;
      for (let r = i + 2; r < n; r++) s += a[vrow + r]! * z[col + r]!;
      s += z[col + i + 1]!;
      s *= t;
      z[col + i + 1] = z[col + i + 1]! - s;
      for (let r = i + 2; r < n; r++) z[col + r] = z[col + r]! - s * a[vrow + r]!;
    }
  }
}
