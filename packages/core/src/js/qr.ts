// Plain-JS twin of assembly/src/qr.ts: blocked Householder QR on row-major storage (LAPACK
// `dgeqrf`/`dgeqr2`/`dlarfg`/`dlarft`/`dlarfb`, and `dorgqr`/`dorg2r` for the explicit Q).
//
// Layout. A is m×n row-major with leading dimension lda (entry (i, j) at a[off + i·lda + j]).
// As in LAPACK, reflector H_j = I − τ_j·v_j·v_jᵀ has v_j(j) = 1 (implicit), v_j(i) stored in
// A(i, j) for i > j, and R is left on and above the diagonal. In row-major order a column is
// strided, but every update is "for each row i: row_i ± coefficient·(a contiguous row)", so the
// inner loops run over contiguous memory.
//
// Blocking (Schreiber & Van Loan 1989; LAPACK `dlarft` + `dlarfb`): nb reflectors of a panel are
// accumulated as Q = H_0·…·H_{nb−1} = I − V·T·Vᵀ, T upper triangular, so the trailing update
// C ← QᵀC = C − V·(Tᵀ·(Vᵀ·C)) is matrix products (the GEMM twin, js/gemm.ts) instead of nb
// rank-1 updates.
import { dgemm, dsyrk } from './gemm.js';

/** Below this many columns the unblocked code is used throughout (LAPACK's NX crossover). */
export const QR_CROSSOVER = 64;
/** Default panel width. */
export const QR_BLOCK = 32;

// Squares of magnitudes in [SAFE_LOW, SAFE_HIGH] neither overflow nor lose anything that matters
// to underflow (entries below SAFE_LOW·1e-8 contribute < u² relative to the largest).
const SAFE_LOW = 1e-145;
const SAFE_HIGH = 1e145;
const TINY_DIVISOR = 1e-290;

/**
 * ‖x‖₂ of the `count` entries a[off + i·stride], without overflow or harmful underflow: a plain
 * sum of squares when the largest magnitude is in a safe range, else a scaled one (LAPACK `dnrm2`
 * reaches the same end with running scaling).
 */
export function norm2(count: number, a: Float64Array, off: number, stride: number): number {
  let amax = 0;
  for (let i = 0, p = off; i < count; i++, p += stride) {
    const x = Math.abs(a[p]!);
    if (x > amax) amax = x;
  }
  if (amax === 0) return 0;
  let sum = 0;
  if (amax > SAFE_LOW && amax < SAFE_HIGH) {
    for (let i = 0, p = off; i < count; i++, p += stride) {
      const x = a[p]!;
      sum += x * x;
    }
    return Math.sqrt(sum);
  }
  for (let i = 0, p = off; i < count; i++, p += stride) {
    const x = a[p]! / amax;
    sum += x * x;
  }
  return amax * Math.sqrt(sum);
}

/** √(x² + y²) without overflow (LAPACK `dlapy2`). */
export function hypot2(x: number, y: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const w = ax > ay ? ax : ay;
  const z = ax > ay ? ay : ax;
  if (z === 0) return w;
  const r = z / w;
  return w * Math.sqrt(1 + r * r);
}

/**
 * Generates an elementary reflector (LAPACK `dlarfg`): H = I − τ·v·vᵀ with Hᵀ·[α; x] = [β; 0],
 * v = [1; x/(α − β)], β = −sign(α)·‖[α; x]‖. `count` is the length of [α; x]; α sits at
 * a[alpha], x at a[xOff + i·stride]. Overwrites α with β and x with v(1:). Returns τ (0 when x = 0:
 * H = I, as LAPACK does, so a zero column is left alone).
 */
export function householder(count: number, a: Float64Array, alpha: number, xOff: number, stride: number): number {
  if (count <= 1) return 0;
  const xnorm = norm2(count - 1, a, xOff, stride);
  if (xnorm === 0) return 0;
  const al = a[alpha]!;
  const h = hypot2(al, xnorm);
  const beta = al >= 0 ? -h : h;
  const tau = (beta - al) / beta;
  const denominator = al - beta; // |α − β| = |α| + ‖[α; x]‖: no cancellation
  if (Math.abs(denominator) > TINY_DIVISOR) {
    const s = 1 / denominator;
    for (let i = 0, p = xOff; i < count - 1; i++, p += stride) a[p] = a[p]! * s;
  } else {
    for (let i = 0, p = xOff; i < count - 1; i++, p += stride) a[p] = a[p]! / denominator;
  }
  a[alpha] = beta;
  return tau;
}

/**
 * Applies H = I − τ·v·vᵀ from the left to the rows×cols block C at c[cOff], leading dimension ldc,
 * with v(0) = 1 and v(i) = a[vOff + (i − 1)·vStride] (LAPACK `dlarf`, side 'L'). `w` (≥ cols)
 * is scratch: w = vᵀC, then C ← C − τ·v·wᵀ.
 */
export function applyReflectorLeft(
  rows: number, cols: number, a: Float64Array, vOff: number, vStride: number, tau: number,
  c: Float64Array, cOff: number, ldc: number, w: Float64Array,
): void {
  if (tau === 0 || cols <= 0 || rows <= 0) return;
  for (let j = 0; j < cols; j++) w[j] = c[cOff + j]!;
  for (let i = 1, p = vOff; i < rows; i++, p += vStride) {
    const vi = a[p]!;
    if (vi === 0) continue;
    const row = cOff + i * ldc;
    for (let j = 0; j < cols; j++) w[j] = w[j]! + vi * c[row + j]!;
  }
  for (let j = 0; j < cols; j++) c[cOff + j] = c[cOff + j]! - tau * w[j]!;
  for (let i = 1, p = vOff; i < rows; i++, p += vStride) {
    const coefficient = tau * a[p]!;
    if (coefficient === 0) continue;
    const row = cOff + i * ldc;
    for (let j = 0; j < cols; j++) c[row + j] = c[row + j]! - coefficient * w[j]!;
  }
}

/**
 * Unblocked QR of the m×n block at a[off] (LAPACK `dgeqr2`): τ_j into tau[tauOff + j] for
 * j < min(m, n). `w` (≥ n) is scratch.
 */
export function dgeqr2(m: number, n: number, a: Float64Array, off: number, lda: number, tau: Float64Array, tauOff: number, w: Float64Array): void {
  const k = Math.min(m, n);
  for (let j = 0; j < k; j++) {
    const diagonal = off + j * lda + j;
    const t = householder(m - j, a, diagonal, diagonal + lda, lda);
    tau[tauOff + j] = t;
    if (j < n - 1) applyReflectorLeft(m - j, n - j - 1, a, diagonal + lda, lda, t, a, diagonal + 1, lda, w);
  }
}

/**
 * Copies the ib reflectors stored in the rows×ib panel at a[off] into V (rows×ib, row-major,
 * contiguous) with the implicit unit diagonal and zeros above it made explicit.
 */
export function explicitReflectors(rows: number, ib: number, a: Float64Array, off: number, lda: number, v: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const src = off + r * lda;
    const dst = r * ib;
    for (let c = 0; c < ib; c++) v[dst + c] = c > r ? 0 : c === r ? 1 : a[src + c]!;
  }
}

/**
 * The upper-triangular factor T of Q = H_0·…·H_{ib−1} = I − V·T·Vᵀ (LAPACK `dlarft`, forward,
 * columnwise): T(i, i) = τ_i, T(0:i, i) = −τ_i·T(0:i, 0:i)·(V(:, 0:i)ᵀ·v_i). V is explicit
 * (rows×ib); t is ib×ib row-major (strict lower triangle zero). VᵀV comes from one SYRK on the
 * GEMM twin, as in the kernel.
 */
export function blockReflectorFactor(rows: number, ib: number, v: Float64Array, tau: Float64Array, tauOff: number, t: Float64Array): void {
  t.fill(0, 0, ib * ib);
  dsyrk(true, ib, rows, 1, v, 0, ib, 0, t, 0, ib);
  for (let i = 0; i < ib; i++) {
    const ti = tau[tauOff + i]!;
    // t(0:i, i) ← −τ_i·T(0:i, 0:i)·s, in place top-down: row j reads s_j…s_{i−1}, not yet overwritten.
    for (let j = 0; j < i; j++) {
      let acc = 0;
      for (let l = j; l < i; l++) acc += t[j * ib + l]! * t[l * ib + i]!;
      t[j * ib + i] = -ti * acc;
    }
    t[i * ib + i] = ti;
  }
}

/**
 * C ← (I − V·op(T)·Vᵀ)·C for the rows×cols block at c[cOff] (LAPACK `dlarfb`, side 'L', forward,
 * columnwise) as three GEMMs on the JS GEMM twin: W = Vᵀ·C, W₂ = op(T)·W, C ← C − V·W₂.
 * op(T) = Tᵀ applies Qᵀ (factorisation), op(T) = T applies Q (forming Q). V is explicit rows×ib,
 * T ib×ib; w and w2 hold ≥ ib·cols.
 */
export function applyBlockReflector(
  transposeT: boolean, rows: number, cols: number, v: Float64Array, ib: number, t: Float64Array,
  c: Float64Array, cOff: number, ldc: number, w: Float64Array, w2: Float64Array,
): void {
  if (rows <= 0 || cols <= 0) return;
  dgemm(true, false, ib, cols, rows, 1, v, 0, ib, c, cOff, ldc, 0, w, 0, cols);
  dgemm(transposeT, false, ib, cols, ib, 1, t, 0, ib, w, 0, cols, 0, w2, 0, cols);
  dgemm(false, false, rows, cols, ib, -1, v, 0, ib, w2, 0, cols, 1, c, cOff, ldc);
}

/** Scratch the blocked routines need: V (m×nb), T (nb×nb), W and W₂ (nb×n) and a row (n). */
export interface QrScratch {
  v: Float64Array;
  t: Float64Array;
  w: Float64Array;
  w2: Float64Array;
  row: Float64Array;
}

export function qrScratch(m: number, n: number, nb: number): QrScratch {
  const b = Math.max(1, nb);
  return { v: new Float64Array(m * b), t: new Float64Array(b * b), w: new Float64Array(b * Math.max(n, 1)), w2: new Float64Array(b * Math.max(n, 1)), row: new Float64Array(Math.max(n, 1)) };
}

/** The blocked code runs when nb ≥ 2, nb < k = min(m, n) and k > the crossover (as the kernel). */
function blockedQr(k: number, nb: number): boolean {
  return nb >= 2 && nb < k && k > QR_CROSSOVER;
}

/**
 * Householder QR of the m×n row-major matrix at a[0] (LAPACK `dgeqrf`): R on and above the
 * diagonal, reflectors below it, τ into tau (min(m, n)). Blocked by nb when min(m, n) exceeds the
 * crossover. Returns info = 0 (negative: argument −info invalid).
 */
export function dgeqrf(m: number, n: number, a: Float64Array, lda: number, tau: Float64Array, nb: number = QR_BLOCK): number {
  if (m < 0) return -1;
  if (n < 0) return -2;
  if (lda < Math.max(1, n)) return -4;
  const k = Math.min(m, n);
  if (k === 0) return 0;
  if (!blockedQr(k, nb)) {
    // Unblocked: one row of scratch only (no m×nb panel buffer for, say, a 10⁷×2 matrix).
    dgeqr2(m, n, a, 0, lda, tau, 0, new Float64Array(Math.max(n, 1)));
    return 0;
  }
  const scratch = qrScratch(m, n, nb);
  let j = 0;
  for (; j < k - QR_CROSSOVER; j += nb) {
    const ib = Math.min(k - j, nb);
    const panel = j * lda + j;
    dgeqr2(m - j, ib, a, panel, lda, tau, j, scratch.row);
    if (j + ib < n) {
      explicitReflectors(m - j, ib, a, panel, lda, scratch.v);
      blockReflectorFactor(m - j, ib, scratch.v, tau, j, scratch.t);
      applyBlockReflector(true, m - j, n - j - ib, scratch.v, ib, scratch.t, a, panel + ib, lda, scratch.w, scratch.w2);
    }
  }
  if (j < k) dgeqr2(m - j, n - j, a, j * lda + j, lda, tau, j, scratch.row);
  return 0;
}

/**
 * Unblocked explicit Q (LAPACK `dorg2r`): the m×n block at a[off] holds k reflectors in its first
 * k columns; on exit it holds the first n columns of H_0·…·H_{k−1}.
 */
export function dorg2r(m: number, n: number, k: number, a: Float64Array, off: number, lda: number, tau: Float64Array, tauOff: number, w: Float64Array): void {
  if (n <= 0) return;
  for (let j = k; j < n; j++) {
    for (let i = 0; i < m; i++) a[off + i * lda + j] = 0;
    if (j < m) a[off + j * lda + j] = 1;
  }
  for (let i = k - 1; i >= 0; i--) {
    const diagonal = off + i * lda + i;
    const ti = tau[tauOff + i]!;
    if (i < n - 1) {
      a[diagonal] = 1;
      applyReflectorLeft(m - i, n - i - 1, a, diagonal + lda, lda, ti, a, diagonal + 1, lda, w);
    }
    for (let r = i + 1, p = diagonal + lda; r < m; r++, p += lda) a[p] = -ti * a[p]!;
    a[diagonal] = 1 - ti;
    for (let r = 0; r < i; r++) a[off + r * lda + i] = 0;
  }
}

/**
 * The first n columns of Q = H_0·…·H_{k−1} from `dgeqrf`'s reflectors (LAPACK `dorgqr`), in place
 * in the m×n block at a[0] (m ≥ n ≥ k). Blocked backwards by nb. Returns info.
 */
export function dorgqr(m: number, n: number, k: number, a: Float64Array, lda: number, tau: Float64Array, nb: number = QR_BLOCK): number {
  if (m < 0) return -1;
  if (n < 0 || n > m) return -2;
  if (k < 0 || k > n) return -3;
  if (lda < Math.max(1, n)) return -5;
  if (n === 0) return 0;
  if (!blockedQr(k, nb)) {
    dorg2r(m, n, k, a, 0, lda, tau, 0, new Float64Array(Math.max(n, 1)));
    return 0;
  }
  const scratch = qrScratch(m, n, nb);
  // Blocks start at ki, ki − nb, …, 0; the columns from kk on are done unblocked first.
  const ki = Math.floor((k - QR_CROSSOVER - 1) / nb) * nb;
  const kk = Math.min(k, ki + nb);
  for (let i = 0; i < kk; i++) for (let j = kk; j < n; j++) a[i * lda + j] = 0;
  if (kk < n) dorg2r(m - kk, n - kk, k - kk, a, kk * lda + kk, lda, tau, kk, scratch.row);
  for (let i = ki; i >= 0; i -= nb) {
    const ib = Math.min(nb, k - i);
    const panel = i * lda + i;
    if (i + ib < n) {
      explicitReflectors(m - i, ib, a, panel, lda, scratch.v);
      blockReflectorFactor(m - i, ib, scratch.v, tau, i, scratch.t);
      applyBlockReflector(false, m - i, n - i - ib, scratch.v, ib, scratch.t, a, panel + ib, lda, scratch.w, scratch.w2);
    }
    dorg2r(m - i, ib, ib, a, panel, lda, tau, i, scratch.row);
    for (let r = 0; r < i; r++) for (let j = i; j < i + ib; j++) a[r * lda + j] = 0;
  }
  return 0;
}
