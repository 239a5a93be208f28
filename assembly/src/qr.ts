// Blocked Householder QR (specs/core.md §2.8): LAPACK `dgeqrf` and `dorgqr` on row-major storage.
// Plain-JS twin: packages/core/src/js/qr.ts.
//
// A is m×n row-major with leading dimension lda. As in LAPACK, reflector H_j = I − τ_j·v_j·v_jᵀ has
// v_j(j) = 1 (implicit) and v_j(i) in A(i, j) for i > j; R is left on and above the diagonal.
// Blocking (Schreiber & Van Loan, SISSC 10, 1989; LAPACK `dlarft` + `dlarfb`): a panel of nb
// reflectors is factored unblocked (`dgeqr2`), accumulated as Q = I − V·T·Vᵀ, and the trailing
// matrix updated by C ← C − V·(Tᵀ·(Vᵀ·C)): three GEMMs (gemm.ts) instead of nb rank-1 updates.
import { dgemmWorkBytes } from './gemm';
import { applyBlockReflector, applyReflectorLeft, blockReflectorFactor, dgeqr2, explicitReflectors } from './householder';

/** Below this many columns the unblocked code runs throughout (LAPACK's NX crossover). */
const CROSSOVER: i32 = 64;

// @ts-ignore: decorator
@inline function align16(bytes: i32): i32 {
  return (bytes + 15) & ~15;
}

// @ts-ignore: decorator
@inline function maxI(a: i32, b: i32): i32 {
  return a > b ? a : b;
}

// @ts-ignore: decorator
@inline function align16Wide(bytes: i64): i64 {
  return (bytes + 15) & ~(<i64>15);
}

/** The blocked code runs when nb ≥ 2, nb < k = min(m, n) and k > 64 (else dgeqr2/dorg2r throughout). */
// @ts-ignore: decorator
@inline function blockedQr(k: i32, nb: i32): bool {
  return nb >= 2 && nb < k && k > CROSSOVER;
}

/**
 * Scratch for dgeqrf and dorgqr: unblocked, one row (n doubles); blocked, V (m×nb), T (nb×nb),
 * W and W₂ (nb×n), a row (n) and GEMM packing. In i64, clamped to i32 range so an impossible
 * size fails the host's allocation (a typed error) instead of wrapping around.
 */
function qrWorkBytes(m: i32, n: i32, k: i32, nb: i32): i32 {
  const cols = <i64>maxI(n, 1);
  if (!blockedQr(k, nb)) return <i32>align16Wide(cols * 8);
  const b = <i64>nb;
  const rows = maxI(m, nb);
  const bytes = align16Wide(<i64>m * b * 8) + align16Wide(b * b * 8) + 2 * align16Wide(b * cols * 8) + align16Wide(cols * 8) + <i64>dgemmWorkBytes(rows, <i32>cols, rows);
  return bytes > <i64>0x7fffffff ? 0x7fffffff : <i32>bytes;
}

/** Bytes of `work` for dgeqrf on an m×n matrix with panel width nb. */
export function dgeqrf_work(m: i32, n: i32, nb: i32): i32 {
  if (m < 0 || n < 0) return 0;
  return qrWorkBytes(m, n, m < n ? m : n, nb);
}

/** Bytes of `work` for dorgqr forming m×n Q from k reflectors with panel width nb. */
export function dorgqr_work(m: i32, n: i32, k: i32, nb: i32): i32 {
  if (m < 0 || n < 0 || k < 0) return 0;
  return qrWorkBytes(m, n, k, nb);
}

/**
 * Householder QR of the m×n row-major A (LAPACK `dgeqrf`): R on and above the diagonal, reflectors
 * below, τ into tau (min(m, n) doubles). Blocked by nb when min(m, n) > 64 and nb < min(m, n).
 * Returns 0, or −i when argument i is invalid.
 */
export function dgeqrf(m: i32, n: i32, a: usize, lda: i32, tau: usize, work: usize, nb: i32): i32 {
  if (m < 0) return -1;
  if (n < 0) return -2;
  if (lda < maxI(1, n)) return -4;
  if (nb < 0) return -7;
  const k = m < n ? m : n;
  if (k == 0) return 0;
  if (!blockedQr(k, nb)) {
    dgeqr2(m, n, a, lda, tau, work);
    return 0;
  }
  const v = work;
  const t = v + <usize>align16Wide(<i64>m * <i64>nb * 8);
  const w = t + <usize>align16(nb * nb * 8);
  const w2 = w + <usize>align16Wide(<i64>nb * <i64>n * 8);
  const row = w2 + <usize>align16Wide(<i64>nb * <i64>n * 8);
  const gemmWork = row + <usize>align16(n * 8);
  const ldaBytes = <usize>lda << 3;
  let j = 0;
  for (; j < k - CROSSOVER; j += nb) {
    const ib = k - j < nb ? k - j : nb;
    const panel = a + <usize>j * ldaBytes + (<usize>j << 3);
    dgeqr2(m - j, ib, panel, lda, tau + (<usize>j << 3), row);
    if (j + ib < n) {
      explicitReflectors(m - j, ib, panel, lda, v);
      blockReflectorFactor(m - j, ib, v, tau + (<usize>j << 3), t, gemmWork);
      applyBlockReflector(1, m - j, n - j - ib, v, ib, t, panel + (<usize>ib << 3), lda, w, w2, gemmWork);
    }
  }
  if (j < k) dgeqr2(m - j, n - j, a + <usize>j * ldaBytes + (<usize>j << 3), lda, tau + (<usize>j << 3), row);
  return 0;
}

/**
 * Unblocked explicit Q (LAPACK `dorg2r`): the m×n block at a holds k reflectors in its first k
 * columns; on exit the first n columns of H_0·…·H_{k−1}. w: n doubles.
 */
function dorg2r(m: i32, n: i32, k: i32, a: usize, lda: i32, tau: usize, w: usize): void {
  if (n <= 0) return;
  const ldaBytes = <usize>lda << 3;
  for (let j = k; j < n; j++) {
    for (let i = 0; i < m; i++) store<f64>(a + <usize>i * ldaBytes + (<usize>j << 3), 0);
    if (j < m) store<f64>(a + <usize>j * ldaBytes + (<usize>j << 3), 1);
  }
  for (let i = k - 1; i >= 0; i--) {
    const diagonal = a + <usize>i * ldaBytes + (<usize>i << 3);
    const ti = load<f64>(tau + (<usize>i << 3));
    if (i < n - 1) {
      store<f64>(diagonal, 1);
      applyReflectorLeft(m - i, n - i - 1, diagonal + ldaBytes, ldaBytes, ti, diagonal + 8, lda, w);
    }
    let p = diagonal + ldaBytes;
    for (let r = i + 1; r < m; r++, p += ldaBytes) store<f64>(p, -ti * load<f64>(p));
    store<f64>(diagonal, 1 - ti);
    p = a + (<usize>i << 3);
    for (let r = 0; r < i; r++, p += ldaBytes) store<f64>(p, 0);
  }
}

/**
 * The first n columns of Q = H_0·…·H_{k−1} from dgeqrf's reflectors (LAPACK `dorgqr`), in place in
 * the m×n A (m ≥ n ≥ k), blocked backwards by nb. Returns 0 or −(bad argument).
 */
export function dorgqr(m: i32, n: i32, k: i32, a: usize, lda: i32, tau: usize, work: usize, nb: i32): i32 {
  if (m < 0) return -1;
  if (n < 0 || n > m) return -2;
  if (k < 0 || k > n) return -3;
  if (lda < maxI(1, n)) return -5;
  if (nb < 0) return -8;
  if (n == 0) return 0;
  if (!blockedQr(k, nb)) {
    dorg2r(m, n, k, a, lda, tau, work);
    return 0;
  }
  const v = work;
  const t = v + <usize>align16Wide(<i64>m * <i64>nb * 8);
  const w = t + <usize>align16(nb * nb * 8);
  const w2 = w + <usize>align16Wide(<i64>nb * <i64>n * 8);
  const row = w2 + <usize>align16Wide(<i64>nb * <i64>n * 8);
  const gemmWork = row + <usize>align16(n * 8);
  const ldaBytes = <usize>lda << 3;
  // Blocks start at ki, ki − nb, …, 0; the columns from kk on are formed unblocked first.
  const ki = ((k - CROSSOVER - 1) / nb) * nb;
  const kk = k < ki + nb ? k : ki + nb;
  for (let i = 0; i < kk; i++) {
    const rowStart = a + <usize>i * ldaBytes;
    for (let j = kk; j < n; j++) store<f64>(rowStart + (<usize>j << 3), 0);
  }
  if (kk < n) dorg2r(m - kk, n - kk, k - kk, a + <usize>kk * ldaBytes + (<usize>kk << 3), lda, tau + (<usize>kk << 3), row);
  for (let i = ki; i >= 0; i -= nb) {
    const ib = nb < k - i ? nb : k - i;
    const panel = a + <usize>i * ldaBytes + (<usize>i << 3);
    if (i + ib < n) {
      explicitReflectors(m - i, ib, panel, lda, v);
      blockReflectorFactor(m - i, ib, v, tau + (<usize>i << 3), t, gemmWork);
      applyBlockReflector(0, m - i, n - i - ib, v, ib, t, panel + (<usize>ib << 3), lda, w, w2, gemmWork);
    }
    dorg2r(m - i, ib, ib, panel, lda, tau + (<usize>i << 3), row);
    for (let r = 0; r < i; r++) {
      const rowStart = a + <usize>r * ldaBytes + (<usize>i << 3);
      for (let j = 0; j < ib; j++) store<f64>(rowStart + (<usize>j << 3), 0);
    }
  }
  return 0;
}

