// Symmetric tridiagonal eigenvalue kernels (specs/core.md §2.3–2.5):
//   dsterf  all eigenvalues, Pal–Walker–Kahan root-free implicit QL/QR (LAPACK dsterf)
//   dstebz  selected eigenvalues by bisection on Sturm counts (LAPACK dstebz/dlaebz), 8 shifts in lockstep
//   dsturm  Sturm counts (eigenvalues below each shift), 8 shifts per pass
//   dgauss  Gauss rule of a Jacobi matrix: Golub–Welsch on Q's first row (mode 0) or the
//           orthonormal-polynomial recurrence (mode 1)
//   dstein  eigenvectors for given eigenvalues by inverse iteration (LAPACK dstein/dlagtf/dlagts)
// The diagonal d (n) and off-diagonal e (n − 1) are the entries themselves. Inputs are finite (the
// TypeScript wrapper checks) and pre-scaled into a safe range; every loop is bounded regardless.
import { EPS, EPS2, SAFMIN, MAXIT, ld, st, fsign, safeScale, blockMaxNorm, dlae2, rt1, rt2, steqrCore } from './tridiagonal-ql';

// ---------------------------------------------------------------------------------------------
// dsterf

/** Bytes of scratch `dsterf` needs: none (e is its scratch). */
export function dsterf_work(n: i32): i32 {
  return n < 0 ? -1 : 0;
}

/**
 * All eigenvalues of the symmetric tridiagonal (d, e) into d, ascending; e is destroyed.
 * Pal–Walker–Kahan: QL/QR on d and e² with no square root in the inner loop and one division per
 * rotation (Parlett 1998 §8.15; LAPACK dsterf, followed line by line). Returns the number of
 * off-diagonals left unconverged after 30·n iterations (0 = success), or −1 for n < 0.
 */
export function dsterf(n: i32, d: usize, e: usize): i32 {
  if (n < 0) return -1;
  if (n <= 1) return 0;
  const nmaxit = n * MAXIT;
  let jtot = 0;
  let l1 = 0;
  let sigma: f64 = 0;
  while (true) {
    if (l1 > n - 1) break;
    if (l1 > 0) st(e, l1 - 1, 0);
    let m = l1;
    let found = false;
    for (; m < n - 1; m++) {
      if (Math.abs(ld(e, m)) <= Math.sqrt(Math.abs(ld(d, m))) * Math.sqrt(Math.abs(ld(d, m + 1))) * EPS) {
        st(e, m, 0);
        found = true;
        break;
      }
    }
    if (!found) m = n - 1;
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend == l) continue;

    const anorm = blockMaxNorm(d, e, l, lend);
    if (anorm == 0) continue;
    // Scale into the safe range before squaring (power of two, exact).
    const scale = safeScale(anorm);
    if (scale != 1) {
      for (let i = l; i <= lend; i++) st(d, i, ld(d, i) * scale);
      for (let i = l; i < lend; i++) st(e, i, ld(e, i) * scale);
    }
    for (let i = l; i < lend; i++) {
      const t = ld(e, i);
      st(e, i, t * t);
    }
    if (Math.abs(ld(d, lend)) < Math.abs(ld(d, l))) {
      lend = lsv;
      l = lendsv;
    }
    if (lend >= l) {
      // QL iteration.
      while (true) {
        let mm = l;
        if (l != lend) {
          for (; mm < lend; mm++) {
            if (Math.abs(ld(e, mm)) <= EPS2 * Math.abs(ld(d, mm) * ld(d, mm + 1))) break;
          }
        } else mm = lend;
        m = mm;
        if (m < lend) st(e, m, 0);
        let p = ld(d, l);
        if (m == l) {
          st(d, l, p);
          l++;
          if (l <= lend) continue;
          break;
        }
        if (m == l + 1) {
          const rte = Math.sqrt(ld(e, l));
          dlae2(ld(d, l), rte, ld(d, l + 1));
          st(d, l, rt1);
          st(d, l + 1, rt2);
          st(e, l, 0);
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        jtot++;
        // Shift: the eigenvalue of the top 2×2 closer to d_l.
        const rte = Math.sqrt(ld(e, l));
        sigma = (ld(d, l + 1) - p) / (2 * rte);
        const r = Math.hypot(sigma, 1);
        sigma = p - rte / (sigma + fsign(r, sigma));
        let c: f64 = 1;
        let s: f64 = 0;
        let gamma = ld(d, m) - sigma;
        p = gamma * gamma;
        for (let i = m - 1; i >= l; i--) {
          const bb = ld(e, i);
          const rr = p + bb;
          if (i != m - 1) st(e, i + 1, s * rr);
          const oldc = c;
          c = p / rr;
          s = bb / rr;
          const oldgam = gamma;
          const alpha = ld(d, i);
          gamma = c * (alpha - sigma) - s * oldgam;
          st(d, i + 1, oldgam + (alpha - gamma));
          if (c != 0) p = (gamma * gamma) / c;
          else p = oldc * bb;
        }
        st(e, l, s * p);
        st(d, l, sigma + gamma);
      }
    } else {
      // QR iteration.
      while (true) {
        let mm = l;
        for (; mm > lend; mm--) {
          if (Math.abs(ld(e, mm - 1)) <= EPS2 * Math.abs(ld(d, mm) * ld(d, mm - 1))) break;
        }
        m = mm;
        if (m > lend) st(e, m - 1, 0);
        let p = ld(d, l);
        if (m == l) {
          st(d, l, p);
          l--;
          if (l >= lend) continue;
          break;
        }
        if (m == l - 1) {
          const rte = Math.sqrt(ld(e, l - 1));
          dlae2(ld(d, l), rte, ld(d, l - 1));
          st(d, l, rt1);
          st(d, l - 1, rt2);
          st(e, l - 1, 0);
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        jtot++;
        const rte = Math.sqrt(ld(e, l - 1));
        sigma = (ld(d, l - 1) - p) / (2 * rte);
        const r = Math.hypot(sigma, 1);
        sigma = p - rte / (sigma + fsign(r, sigma));
        let c: f64 = 1;
        let s: f64 = 0;
        let gamma = ld(d, m) - sigma;
        p = gamma * gamma;
        for (let i = m; i <= l - 1; i++) {
          const bb = ld(e, i);
          const rr = p + bb;
          if (i != m) st(e, i - 1, s * rr);
          const oldc = c;
          c = p / rr;
          s = bb / rr;
          const oldgam = gamma;
          const alpha = ld(d, i + 1);
          gamma = c * (alpha - sigma) - s * oldgam;
          st(d, i, oldgam + (alpha - gamma));
          if (c != 0) p = (gamma * gamma) / c;
          else p = oldc * bb;
        }
        st(e, l - 1, s * p);
        st(d, l, sigma + gamma);
      }
    }
    if (scale != 1) {
      const inv = 1 / scale;
      for (let i = lsv; i <= lendsv; i++) st(d, i, ld(d, i) * inv);
    }
    if (jtot >= nmaxit) {
      let info = 0;
      for (let i = 0; i < n - 1; i++) if (ld(e, i) != 0) info++;
      return info;
    }
  }
  sortAscending(n, d);
  return 0;
}

/** In-place ascending sort: heapsort (O(n log n) worst case, no recursion; dlasrt uses quicksort). */
export function sortAscending(n: i32, d: usize): void {
  if (n < 2) return;
  // Build a max-heap.
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(d, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = ld(d, 0);
    st(d, 0, ld(d, end));
    st(d, end, t);
    siftDown(d, 0, end);
  }
}

@inline function siftDown(d: usize, start: i32, end: i32): void {
  let root = start;
  const v = ld(d, root);
  while (true) {
    let child = 2 * root + 1;
    if (child >= end) break;
    let cv = ld(d, child);
    if (child + 1 < end) {
      const c2 = ld(d, child + 1);
      if (c2 > cv) {
        child++;
        cv = c2;
      }
    }
    if (cv > v) {
      st(d, root, cv);
      root = child;
    } else break;
  }
  st(d, root, v);
}

// ---------------------------------------------------------------------------------------------
// Sturm counts

/**
 * pivmin of LAPACK dlaebz: smallest normal × max(1, max e²). |q_i| below it is replaced by −pivmin,
 * which keeps the count monotone in σ in IEEE arithmetic (Kahan 1966; Demmel, Dhillon & Ren 1995).
 * Also fills e2 with the squares.
 */
function squaresAndPivmin(n: i32, e: usize, e2: usize): f64 {
  let emax2: f64 = 1;
  for (let i = 0; i < n - 1; i++) {
    const t = ld(e, i);
    const t2 = t * t;
    st(e2, i, t2);
    if (t2 > emax2) emax2 = t2;
  }
  return SAFMIN * emax2;
}

/**
 * Counts, for the 8 shifts at `shifts` (8 doubles), the negative pivots of T − σI = LDLᵀ:
 * q₁ = d₁ − σ, q_i = (d_i − σ) − e²_{i−1}/q_{i−1}. Writes 8 i64 counts at `counts`.
 * Four independent f64x2 chains: the loop is bound by the division's latency, which the
 * interleaving hides (two shifts per lane, §2.4).
 */
function sturm8(n: i32, d: usize, e2: usize, pivmin: f64, shifts: usize, counts: usize): void {
  const s0 = v128.load(shifts);
  const s1 = v128.load(shifts, 16);
  const s2 = v128.load(shifts, 32);
  const s3 = v128.load(shifts, 48);
  const piv = f64x2.splat(pivmin);
  const npiv = f64x2.splat(-pivmin);
  const zero = f64x2.splat(0);
  const d0 = v128.load64_splat(d);
  let q0 = f64x2.sub(d0, s0);
  let q1 = f64x2.sub(d0, s1);
  let q2 = f64x2.sub(d0, s2);
  let q3 = f64x2.sub(d0, s3);
  q0 = v128.bitselect(npiv, q0, f64x2.lt(f64x2.abs(q0), piv));
  q1 = v128.bitselect(npiv, q1, f64x2.lt(f64x2.abs(q1), piv));
  q2 = v128.bitselect(npiv, q2, f64x2.lt(f64x2.abs(q2), piv));
  q3 = v128.bitselect(npiv, q3, f64x2.lt(f64x2.abs(q3), piv));
  let c0 = i64x2.sub(i64x2.splat(0), f64x2.lt(q0, zero));
  let c1 = i64x2.sub(i64x2.splat(0), f64x2.lt(q1, zero));
  let c2 = i64x2.sub(i64x2.splat(0), f64x2.lt(q2, zero));
  let c3 = i64x2.sub(i64x2.splat(0), f64x2.lt(q3, zero));
  for (let i = 1; i < n; i++) {
    const off: usize = (<usize>i) << 3;
    const di = v128.load64_splat(d + off);
    const ei = v128.load64_splat(e2 + off - 8);
    q0 = f64x2.sub(f64x2.sub(di, s0), f64x2.div(ei, q0));
    q1 = f64x2.sub(f64x2.sub(di, s1), f64x2.div(ei, q1));
    q2 = f64x2.sub(f64x2.sub(di, s2), f64x2.div(ei, q2));
    q3 = f64x2.sub(f64x2.sub(di, s3), f64x2.div(ei, q3));
    q0 = v128.bitselect(npiv, q0, f64x2.lt(f64x2.abs(q0), piv));
    q1 = v128.bitselect(npiv, q1, f64x2.lt(f64x2.abs(q1), piv));
    q2 = v128.bitselect(npiv, q2, f64x2.lt(f64x2.abs(q2), piv));
    q3 = v128.bitselect(npiv, q3, f64x2.lt(f64x2.abs(q3), piv));
    c0 = i64x2.sub(c0, f64x2.lt(q0, zero));
    c1 = i64x2.sub(c1, f64x2.lt(q1, zero));
    c2 = i64x2.sub(c2, f64x2.lt(q2, zero));
    c3 = i64x2.sub(c3, f64x2.lt(q3, zero));
  }
  v128.store(counts, c0);
  v128.store(counts, c1, 16);
  v128.store(counts, c2, 32);
  v128.store(counts, c3, 48);
}

/** Bytes of scratch for `dsturm`: e² (n − 1 doubles) plus two 8-lane buffers. */
export function dsturm_work(n: i32): i32 {
  return n < 0 ? -1 : (n + 16) * 8 + 64;
}

/**
 * Sturm counts: counts[k] = number of eigenvalues of (d, e) less than shifts[k] (i32 each).
 * Returns 0, or −1 for bad sizes.
 */
export function dsturm(n: i32, d: usize, e: usize, ns: i32, shifts: usize, counts: usize, work: usize): i32 {
  if (n < 0) return -1;
  if (ns < 0) return -4;
  if (n == 0) {
    for (let k = 0; k < ns; k++) store<i32>(counts + ((<usize>k) << 2), 0);
    return 0;
  }
  const e2 = work;
  const sbuf = (work + ((<usize>(n + 1)) << 3) + 15) & ~(<usize>15);
  const cbuf = sbuf + 64;
  const pivmin = squaresAndPivmin(n, e, e2);
  for (let k0 = 0; k0 < ns; k0 += 8) {
    const take = min(8, ns - k0);
    // Pad a short group with its last shift.
    for (let j = 0; j < 8; j++) st(sbuf, j, ld(shifts, k0 + min(j, take - 1)));
    sturm8(n, d, e2, pivmin, sbuf, cbuf);
    for (let j = 0; j < take; j++) store<i32>(counts + ((<usize>(k0 + j)) << 2), <i32>load<i64>(cbuf + ((<usize>j) << 3)));
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// dstebz

/** Bytes of scratch for `dstebz`. */
export function dstebz_work(n: i32): i32 {
  return n < 0 ? -1 : (n + 16) * 8 + 6 * 64;
}

/**
 * Selected eigenvalues of (d, e) by bisection (LAPACK dstebz/dlaebz, specs/core.md §2.4), ascending
 * into w. mode 0: indices il..iu (0-based, inclusive); mode 1: the half-open interval (vl, vu]
 * (up to rounding at its ends). tol > 0 is an absolute tolerance; tol ≤ 0 uses u·‖T‖ (dstebz's
 * ABSTOL ≤ 0 default). Each bracket stops at width ≤ max(tol, 2u·max(|lo|, |hi|) + 2·pivmin), or
 * when its midpoint no longer splits it. Eight indices bisect in lockstep (two per f64x2 lane).
 * Returns the number of values written (≥ 0), or −(argument) if invalid.
 */
export function dstebz(n: i32, d: usize, e: usize, mode: i32, il: i32, iu: i32, vl: f64, vu: f64, tol: f64, w: usize, work: usize): i32 {
  if (n < 0) return -1;
  if (mode != 0 && mode != 1) return -4;
  if (n == 0) return 0;
  if (mode == 0 && (il < 0 || il > n - 1 || iu < il || iu > n - 1)) return il < 0 || il > n - 1 ? -5 : -6;
  if (mode == 1 && !(vl < vu)) return -8;
  // A diagonal matrix (every e_i = 0) has its diagonal as eigenvalues: exact, as dstebz's 1×1 blocks.
  let diagonal = true;
  for (let i = 0; i < n - 1; i++) {
    if (ld(e, i) != 0) {
      diagonal = false;
      break;
    }
  }
  if (diagonal) return diagonalSelection(n, d, mode, il, iu, vl, vu, w, work);
  const e2 = work;
  const base = (work + ((<usize>(n + 1)) << 3) + 15) & ~(<usize>15);
  const lo = base;
  const hi = base + 64;
  const mid = base + 128;
  const cnt = base + 192;
  const idx = base + 256;
  const pivmin = squaresAndPivmin(n, e, e2);

  // Gerschgorin interval, widened as dstebz does so that N(gl) = 0 and N(gu) = n.
  let gl = ld(d, 0);
  let gu = gl;
  for (let i = 0; i < n; i++) {
    const radius = (i > 0 ? Math.abs(ld(e, i - 1)) : 0) + (i < n - 1 ? Math.abs(ld(e, i)) : 0);
    const di = ld(d, i);
    if (di - radius < gl) gl = di - radius;
    if (di + radius > gu) gu = di + radius;
  }
  const tnorm = Math.max(Math.abs(gl), Math.abs(gu));
  gl = gl - 2.1 * tnorm * 2 * EPS * n - 2.1 * 2 * pivmin;
  gu = gu + 2.1 * tnorm * 2 * EPS * n + 2.1 * pivmin;
  const atol = tol > 0 ? tol : EPS * tnorm;

  let first: i32, last: i32;
  let lo0: f64 = gl;
  let hi0: f64 = gu;
  if (mode == 0) {
    if (il < 0 || il > n - 1) return -5;
    if (iu < il || iu > n - 1) return -6;
    first = il;
    last = iu;
  } else {
    if (!(vl < vu)) return -8;
    st(mid, 0, vl);
    for (let j = 1; j < 8; j++) st(mid, j, vu);
    sturm8(n, d, e2, pivmin, mid, cnt);
    first = <i32>load<i64>(cnt);
    last = <i32>load<i64>(cnt, 8) - 1;
    if (vl > lo0) lo0 = vl;
    if (vu < hi0) hi0 = vu;
  }
  const count = last - first + 1;
  if (count <= 0) return 0;
  // Enough halvings to shrink the widest bracket to atol, plus slack (dlaebz's ITMAX).
  let itmax = 4;
  for (let width = hi0 - lo0; width > atol && itmax < 2200; width *= 0.5) itmax++;
  const half = f64x2.splat(0.5);
  for (let g0 = first; g0 <= last; g0 += 8) {
    const take = min(8, last - g0 + 1);
    for (let j = 0; j < 8; j++) {
      st(lo, j, lo0);
      st(hi, j, hi0);
      store<i64>(idx + ((<usize>j) << 3), <i64>(g0 + min(j, take - 1)));
    }
    for (let it = 0; it < itmax; it++) {
      // Converged when every bracket is narrow enough or its midpoint cannot split it.
      let done = true;
      for (let j = 0; j < take; j++) {
        const a = ld(lo, j);
        const b = ld(hi, j);
        const m = 0.5 * (a + b);
        const width = b - a;
        if (!(width <= Math.max(atol, 2 * EPS * Math.max(Math.abs(a), Math.abs(b)) + 2 * pivmin)) && m > a && m < b) {
          done = false;
          break;
        }
      }
      if (done) break;
      for (let j = 0; j < 8; j += 2) {
        const off: usize = (<usize>j) << 3;
        v128.store(mid + off, f64x2.mul(f64x2.add(v128.load(lo + off), v128.load(hi + off)), half));
      }
      sturm8(n, d, e2, pivmin, mid, cnt);
      // N(mid) > index → the eigenvalue lies below mid.
      for (let j = 0; j < 8; j += 2) {
        const off: usize = (<usize>j) << 3;
        const below = i64x2.gt_s(v128.load(cnt + off), v128.load(idx + off));
        const m = v128.load(mid + off);
        v128.store(hi + off, v128.bitselect(m, v128.load(hi + off), below));
        v128.store(lo + off, v128.bitselect(v128.load(lo + off), m, below));
      }
    }
    for (let j = 0; j < take; j++) st(w, g0 - first + j, 0.5 * (ld(lo, j) + ld(hi, j)));
  }
  // Brackets of clustered values may overlap within the tolerance: restore ascending order.
  for (let i = 1; i < count; i++) {
    const v = ld(w, i);
    let j = i - 1;
    while (j >= 0 && ld(w, j) > v) {
      st(w, j + 1, ld(w, j));
      j--;
    }
    st(w, j + 1, v);
  }
  return count;
}

/** dstebz on a diagonal matrix: the sorted diagonal, sliced by index or by (vl, vu]. work: n doubles. */
function diagonalSelection(n: i32, d: usize, mode: i32, il: i32, iu: i32, vl: f64, vu: f64, w: usize, work: usize): i32 {
  for (let i = 0; i < n; i++) st(work, i, ld(d, i));
  sortAscending(n, work);
  let first = il;
  let last = iu;
  if (mode == 1) {
    first = 0;
    while (first < n && !(ld(work, first) > vl)) first++;
    last = first - 1;
    while (last + 1 < n && ld(work, last + 1) <= vu) last++;
  }
  for (let i = first; i <= last; i++) st(w, i - first, ld(work, i));
  return max(0, last - first + 1);
}

// ---------------------------------------------------------------------------------------------
// dgauss

/** Bytes of scratch for `dgauss`. */
export function dgauss_work(n: i32): i32 {
  return n < 0 ? -1 : (4 * n + 16) * 8;
}

/**
 * Gauss rule of the Jacobi matrix (d, e): nodes x (eigenvalues, ascending) and weights w.
 * mode 0, Golub–Welsch (1969): w_i = μ₀·q²_{1i}, carrying only Q's first row through the implicit
 * QL/QR (the rotations of dsteqr applied to one row): O(n²) time, O(n) memory, absolute weight
 * error O(u·μ₀). mode 1, recurrence: nodes by dsterf, w_i = μ₀ / Σ_{k<n} p̃_k(x_i)² with the
 * orthonormal polynomials p̃ of J normalised to p̃₀ = 1: O(n²), relative accuracy for tiny weights.
 * Returns the number of unconverged off-diagonals (0 = success), or −(argument) if invalid.
 */
export function dgauss(n: i32, d: usize, e: usize, mu0: f64, mode: i32, x: usize, w: usize, work: usize): i32 {
  if (n < 0) return -1;
  if (!(mu0 > 0)) return -4;
  if (mode != 0 && mode != 1) return -5;
  if (n == 0) return 0;
  if (mode == 0) {
    const ework = work;
    const rot = work + ((<usize>n) << 3);
    for (let i = 0; i < n; i++) st(x, i, ld(d, i));
    for (let i = 0; i < n - 1; i++) st(ework, i, ld(e, i));
    // Z's single row starts as e₁ᵀ; column j then ends as the first component of eigenvector j.
    st(w, 0, 1);
    for (let i = 1; i < n; i++) st(w, i, 0);
    const info = steqrCore(n, x, ework, w, 1, 1, rot);
    for (let i = 0; i < n; i++) {
      const q = ld(w, i);
      st(w, i, mu0 * q * q);
    }
    return info;
  }
  return gaussRecurrence(n, d, e, mu0, x, w, work);
}

/** Mode 1 of dgauss: see there. work: 4n doubles. */
function gaussRecurrence(n: i32, d: usize, e: usize, mu0: f64, x: usize, w: usize, work: usize): i32 {
  // The recurrence divides by e_k: a zero e_k splits J, and the measure lives on the first block
  // only (its eigenvectors have first component 0 elsewhere). Nodes of later blocks get weight 0.
  let k1 = n - 1;
  for (let i = 0; i < n - 1; i++) {
    if (ld(e, i) == 0) {
      k1 = i;
      break;
    }
  }
  const nb = k1 + 1; // size of the first block
  const ework = work;
  const inve = work + ((<usize>n) << 3);
  const rest = work + ((<usize>(2 * n)) << 3);
  // Nodes of the first block.
  for (let i = 0; i < nb; i++) st(x, i, ld(d, i));
  for (let i = 0; i < nb - 1; i++) st(ework, i, ld(e, i));
  let info = dsterf(nb, x, ework);
  // Weights by the recurrence, four nodes at a time in two f64x2 chains.
  for (let i = 0; i < nb - 1; i++) st(inve, i, 1 / ld(e, i));
  const BIG: f64 = 1.157920892373162e77; // 2^256
  const TINY: f64 = 8.636168555094445e-78; // 2^-256
  let i = 0;
  for (; i + 4 <= nb; i += 4) {
    const xa = v128.load(x + ((<usize>i) << 3));
    const xb = v128.load(x + ((<usize>i) << 3), 16);
    const one = f64x2.splat(1);
    let pa0 = f64x2.splat(0);
    let pb0 = f64x2.splat(0);
    let pa1 = one;
    let pb1 = one;
    let sa = one;
    let sb = one;
    let rescaled = false;
    for (let k = 0; k < nb - 1; k++) {
      // p̃_{k+1} = ((x − d_k)·p̃_k − e_{k−1}·p̃_{k−1}) / e_k
      const off: usize = (<usize>k) << 3;
      const dk = v128.load64_splat(d + off);
      const ik = v128.load64_splat(inve + off);
      const em = k > 0 ? v128.load64_splat(e + off - 8) : f64x2.splat(0);
      const na = f64x2.mul(f64x2.sub(f64x2.mul(f64x2.sub(xa, dk), pa1), f64x2.mul(em, pa0)), ik);
      const nbv = f64x2.mul(f64x2.sub(f64x2.mul(f64x2.sub(xb, dk), pb1), f64x2.mul(em, pb0)), ik);
      pa0 = pa1;
      pb0 = pb1;
      pa1 = na;
      pb1 = nbv;
      sa = f64x2.add(sa, f64x2.mul(na, na));
      sb = f64x2.add(sb, f64x2.mul(nbv, nbv));
      const big = f64x2.splat(BIG);
      if (v128.any_true(v128.or(f64x2.gt(f64x2.abs(pa1), big), f64x2.gt(f64x2.abs(pb1), big)))) {
        rescaled = true;
        break;
      }
    }
    if (!rescaled) {
      const m = f64x2.splat(mu0);
      v128.store(w + ((<usize>i) << 3), f64x2.div(m, sa));
      v128.store(w + ((<usize>i) << 3), f64x2.div(m, sb), 16);
    } else {
      // Rare: some p̃_k outgrew 2^256 (a weight below ~2^-512·μ₀). Redo these nodes with scaling.
      for (let j = 0; j < 4; j++) st(w, i + j, recurrenceWeightScaled(nb, d, e, inve, mu0, ld(x, i + j), BIG, TINY));
    }
  }
  for (; i < nb; i++) st(w, i, recurrenceWeightScaled(nb, d, e, inve, mu0, ld(x, i), BIG, TINY));
  if (nb < n) {
    // Later blocks: nodes by dsterf, weight 0; merge with the first block's (both ascending).
    const m = n - nb;
    for (let j = 0; j < m; j++) st(rest, j, ld(d, nb + j));
    for (let j = 0; j < m - 1; j++) st(ework, j, ld(e, nb + j));
    info += dsterf(m, rest, ework);
    // Merge from the back into x, w (x has room for n).
    let a = nb - 1;
    let b = m - 1;
    for (let k = n - 1; k >= 0; k--) {
      if (b < 0 || (a >= 0 && ld(x, a) > ld(rest, b))) {
        st(x, k, ld(x, a));
        st(w, k, ld(w, a));
        a--;
      } else {
        st(x, k, ld(rest, b));
        st(w, k, 0);
        b--;
      }
    }
  }
  return info;
}

/**
 * One recurrence weight with power-of-two rescaling: whenever |p̃| exceeds 2²⁵⁶, p̃ is scaled by
 * 2⁻²⁵⁶ and the running sum by 2⁻⁵¹², so nothing overflows; the weight is unscaled at the end
 * (it underflows to 0 when it truly is below the double range).
 */
function recurrenceWeightScaled(nb: i32, d: usize, e: usize, inve: usize, mu0: f64, xi: f64, BIG: f64, TINY: f64): f64 {
  let p0: f64 = 0;
  let p1: f64 = 1;
  let s: f64 = 1;
  let scaleCount: i32 = 0;
  for (let k = 0; k < nb - 1; k++) {
    const em = k > 0 ? ld(e, k - 1) : 0;
    let pn = ((xi - ld(d, k)) * p1 - em * p0) * ld(inve, k);
    let guard = 0;
    while (Math.abs(pn) > BIG && guard < 8) {
      p1 *= TINY;
      pn *= TINY;
      s *= TINY * TINY;
      scaleCount++;
      guard++;
    }
    p0 = p1;
    p1 = pn;
    s += pn * pn;
  }
  let r = mu0 / s;
  for (let j = 0; j < scaleCount && r != 0; j++) r *= TINY * TINY;
  return r;
}

// ---------------------------------------------------------------------------------------------
// dstein

/** dlamch('Precision') = 2⁻⁵², dstein's EPS. */
const PRECISION: f64 = 2.220446049250313e-16;
/** Inverse iterations per vector before giving up, and extra ones after convergence (LAPACK). */
const STEIN_MAXITS: i32 = 5;
const STEIN_EXTRA: i32 = 2;

/** Bytes of scratch for `dstein`: the factored T − λI (4n doubles), pivots (n i32), the iterate. */
export function dstein_work(n: i32): i32 {
  return n < 0 ? -1 : (6 * n + 16) * 8;
}

// xorshift32 start vectors, uniform in (−1, 1): the JS twin draws the same numbers.
let steinState: u32 = 0;
@inline function steinUniform(): f64 {
  let x = steinState;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  steinState = x;
  return (<f64>x / 4294967296.0) * 2.0 - 1.0;
}

/** Index of the entry of largest magnitude (LAPACK idamax, first on ties). */
function idamax(n: i32, x: usize): i32 {
  let k = 0;
  let m: f64 = -1;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(ld(x, i));
    if (a > m) {
      m = a;
      k = i;
    }
  }
  return k;
}

/**
 * LAPACK dlagtf: T − λI = P·L·U with partial pivoting, for the tridiagonal with diagonal a,
 * superdiagonal b and subdiagonal c (all overwritten by the factors), second superdiagonal of U in
 * dd, pivot flags in piv (n i32; piv[n−1] marks a near-singular U).
 */
function dlagtf(n: i32, a: usize, lambda: f64, b: usize, c: usize, tol: f64, dd: usize, piv: usize): void {
  st(a, 0, ld(a, 0) - lambda);
  store<i32>(piv + ((<usize>(n - 1)) << 2), 0);
  if (n == 1) {
    if (ld(a, 0) == 0) store<i32>(piv, 1);
    return;
  }
  const tl = Math.max(tol, EPS);
  let scale1 = Math.abs(ld(a, 0)) + Math.abs(ld(b, 0));
  for (let k = 0; k < n - 1; k++) {
    st(a, k + 1, ld(a, k + 1) - lambda);
    let scale2 = Math.abs(ld(c, k)) + Math.abs(ld(a, k + 1));
    if (k < n - 2) scale2 += Math.abs(ld(b, k + 1));
    const piv1 = ld(a, k) == 0 ? 0 : Math.abs(ld(a, k)) / scale1;
    let piv2: f64;
    if (ld(c, k) == 0) {
      store<i32>(piv + ((<usize>k) << 2), 0);
      piv2 = 0;
      scale1 = scale2;
      if (k < n - 2) st(dd, k, 0);
    } else {
      piv2 = Math.abs(ld(c, k)) / scale2;
      if (piv2 <= piv1) {
        store<i32>(piv + ((<usize>k) << 2), 0);
        scale1 = scale2;
        st(c, k, ld(c, k) / ld(a, k));
        st(a, k + 1, ld(a, k + 1) - ld(c, k) * ld(b, k));
        if (k < n - 2) st(dd, k, 0);
      } else {
        store<i32>(piv + ((<usize>k) << 2), 1);
        const mult = ld(a, k) / ld(c, k);
        st(a, k, ld(c, k));
        const temp = ld(a, k + 1);
        st(a, k + 1, ld(b, k) - mult * temp);
        if (k < n - 2) {
          st(dd, k, ld(b, k + 1));
          st(b, k + 1, -mult * ld(dd, k));
        }
        st(b, k, temp);
        st(c, k, mult);
      }
    }
    if (Math.max(piv1, piv2) <= tl && load<i32>(piv + ((<usize>(n - 1)) << 2)) == 0) store<i32>(piv + ((<usize>(n - 1)) << 2), k + 1);
  }
  if (Math.abs(ld(a, n - 1)) <= scale1 * tl && load<i32>(piv + ((<usize>(n - 1)) << 2)) == 0) store<i32>(piv + ((<usize>(n - 1)) << 2), n);
}

let lagtsTol: f64 = 0;

/**
 * LAPACK dlagts with JOB = −1: solves (T − λI)·x = y in place from dlagtf's factors, perturbing
 * tiny pivots (by ±tol, doubling) so the solve never overflows. tol ≤ 0 on entry: computed from
 * the factors and left in lagtsTol for the next solves.
 */
function dlagts(n: i32, a: usize, b: usize, c: usize, dd: usize, piv: usize, y: usize, tolIn: f64): void {
  let tol = tolIn;
  if (tol <= 0) {
    tol = Math.abs(ld(a, 0));
    if (n > 1) tol = Math.max(tol, Math.max(Math.abs(ld(a, 1)), Math.abs(ld(b, 0))));
    for (let k = 2; k < n; k++) tol = Math.max(tol, Math.max(Math.abs(ld(a, k)), Math.max(Math.abs(ld(b, k - 1)), Math.abs(ld(dd, k - 2)))));
    tol *= EPS;
    if (tol == 0) tol = EPS;
  }
  lagtsTol = tol;
  const bignum = 1 / SAFMIN;
  for (let k = 1; k < n; k++) {
    if (load<i32>(piv + ((<usize>(k - 1)) << 2)) == 0) st(y, k, ld(y, k) - ld(c, k - 1) * ld(y, k - 1));
    else {
      const temp = ld(y, k - 1);
      st(y, k - 1, ld(y, k));
      st(y, k, temp - ld(c, k - 1) * ld(y, k));
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    let temp: f64;
    if (k <= n - 3) temp = ld(y, k) - ld(b, k) * ld(y, k + 1) - ld(dd, k) * ld(y, k + 2);
    else if (k == n - 2) temp = ld(y, k) - ld(b, k) * ld(y, k + 1);
    else temp = ld(y, k);
    let ak = ld(a, k);
    let pert = fsign(tol, ak);
    // Bounded version of dlagts' label-40 loop: each round doubles the perturbation.
    for (let guard = 0; guard < 2100; guard++) {
      const absak = Math.abs(ak);
      if (absak < 1) {
        if (absak < SAFMIN) {
          if (absak == 0 || Math.abs(temp) * SAFMIN > absak) {
            ak += pert;
            pert *= 2;
            continue;
          } else {
            temp *= bignum;
            ak *= bignum;
          }
        } else if (Math.abs(temp) > absak * bignum) {
          ak += pert;
          pert *= 2;
          continue;
        }
      }
      break;
    }
    st(y, k, temp / ak);
  }
}

/**
 * Eigenvectors of the tridiagonal (d, e) for the k ascending eigenvalues w (from dstebz), by
 * inverse iteration (LAPACK dstein): column j of Z (column-major, ldz) gets the unit vector of w_j,
 * sign fixed so its largest entry is positive. Values closer than 10·u·|w| are pulled apart, and
 * vectors of values within 10⁻³·‖T‖ of each other are reorthogonalised by modified Gram–Schmidt.
 * d and e are not modified. Returns the number of vectors that did not converge in 5 iterations
 * (0 = success; the caller then falls back to dsteqr), or −(argument) if invalid.
 */
export function dstein(n: i32, d: usize, e: usize, k: i32, w: usize, z: usize, ldz: i32, work: usize): i32 {
  if (n < 0) return -1;
  if (k < 0 || k > n) return -4;
  if (ldz < max(1, n)) return -7;
  if (n == 0 || k == 0) return 0;
  const fa = work;
  const fb = fa + ((<usize>n) << 3);
  const fc = fb + ((<usize>n) << 3);
  const fd = fc + ((<usize>n) << 3);
  const x = fd + ((<usize>n) << 3);
  const piv = x + ((<usize>n) << 3);
  const colBytes: usize = (<usize>ldz) << 3;
  steinState = 0x9e3779b9;
  let onenrm: f64 = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.abs(ld(d, i)) + (i > 0 ? Math.abs(ld(e, i - 1)) : 0) + (i < n - 1 ? Math.abs(ld(e, i)) : 0);
    if (r > onenrm) onenrm = r;
  }
  const ortol = 1e-3 * onenrm;
  const dtpcrt = Math.sqrt(0.1 / <f64>n);
  let info = 0;
  let xjm: f64 = 0;
  let gpind = 0;
  for (let j = 0; j < k; j++) {
    const zj = z + (<usize>j) * colBytes;
    let xj = ld(w, j);
    if (n == 1) {
      st(zj, 0, 1);
      xjm = xj;
      continue;
    }
    if (j > 0) {
      const pertol = 10 * Math.abs(PRECISION * xj);
      if (xj - xjm < pertol) xj = xjm + pertol;
    }
    for (let i = 0; i < n; i++) st(x, i, steinUniform());
    for (let i = 0; i < n; i++) st(fa, i, ld(d, i));
    for (let i = 0; i < n - 1; i++) {
      st(fb, i, ld(e, i));
      st(fc, i, ld(e, i));
    }
    dlagtf(n, fa, xj, fb, fc, 0, fd, piv);
    let tol: f64 = 0;
    let its = 0;
    let nrmchk = 0;
    let converged = false;
    while (true) {
      its++;
      if (its > STEIN_MAXITS) break;
      // Normalise and scale the right-hand side.
      const jmax = idamax(n, x);
      const scl = <f64>n * onenrm * Math.max(PRECISION, Math.abs(ld(fa, n - 1))) / Math.abs(ld(x, jmax));
      for (let i = 0; i < n; i++) st(x, i, ld(x, i) * scl);
      dlagts(n, fa, fb, fc, fd, piv, x, tol);
      tol = lagtsTol;
      // Reorthogonalise against the cluster's earlier vectors.
      if (j > 0) {
        if (Math.abs(xj - xjm) > ortol) gpind = j;
        for (let i = gpind; i < j; i++) {
          const zi = z + (<usize>i) * colBytes;
          let s: f64 = 0;
          for (let r = 0; r < n; r++) s += ld(x, r) * ld(zi, r);
          for (let r = 0; r < n; r++) st(x, r, ld(x, r) - s * ld(zi, r));
        }
      }
      const nrm = Math.abs(ld(x, idamax(n, x)));
      if (nrm < dtpcrt) continue;
      nrmchk++;
      if (nrmchk < STEIN_EXTRA + 1) continue;
      converged = true;
      break;
    }
    if (!converged) info++;
    let s: f64 = 0;
    for (let i = 0; i < n; i++) s += ld(x, i) * ld(x, i);
    let scl = 1 / Math.sqrt(s);
    if (ld(x, idamax(n, x)) < 0) scl = -scl;
    for (let i = 0; i < n; i++) st(zj, i, ld(x, i) * scl);
    xjm = xj;
  }
  return info;
}
