// Implicit QL/QR on a symmetric tridiagonal matrix with rotations accumulated into Z (LAPACK
// `dsteqr`), shared by `dsteqr` (full eigenvectors, sytrd.ts) and `dgauss` (only the first row of Z:
// Golub–Welsch weights, tridiagonal.ts). Not exported from index.ts: an internal building block.
//
// Z is column-major: column j (an eigenvector in the end) is `zrows` contiguous doubles at
// z + j·ldz·8. A plane rotation of the QL sweep mixes two adjacent columns, so in this layout it
// is a contiguous SIMD pass (LAPACK's row-major dual would stride).

/** LAPACK dlamch('E') = 2⁻⁵³, the unit roundoff u. */
export const EPS: f64 = 1.1102230246251565e-16;
export const EPS2: f64 = 1.232595164407831e-32;
/** Smallest normal double, dlamch('S'). */
export const SAFMIN: f64 = 2.2250738585072014e-308;
/** √(1/SAFMIN)/3 and √SAFMIN/EPS²: the safe range a block is scaled into before squaring (dsterf/dsteqr). */
export const SSFMAX: f64 = 2.2346346549904327e153;
export const SSFMIN: f64 = 1.210184973390412e-122;
const RTMIN: f64 = 1.4916681462400413e-154;
const RTMAX: f64 = 4.740375954054589e153;
/** At most MAXIT·n QL/QR iterations in total (LAPACK's MAXIT = 30). */
export const MAXIT: i32 = 30;

@inline export function ld(p: usize, i: i32): f64 {
  return load<f64>(p + ((<usize>i) << 3));
}
@inline export function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + ((<usize>i) << 3), v);
}

@inline function madd(a: v128, b: v128, c: v128): v128 {
  // a·b + c: fused in the relaxed-SIMD build (one rounding), mul + add in the SIMD128 build.
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}
@inline function nmadd(a: v128, b: v128, c: v128): v128 {
  // c − a·b
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_nmadd(a, b, c);
  return f64x2.sub(c, f64x2.mul(a, b));
}

/** Fortran SIGN(a, b): |a| with the sign of b (b = −0 counts as positive, as in Fortran 77). */
@inline export function fsign(a: f64, b: f64): f64 {
  return b >= 0 ? Math.abs(a) : -Math.abs(a);
}

/**
 * A power of two s with s·anorm inside [SSFMIN, SSFMAX] (1 if already inside, or anorm = 0).
 * Scaling by s is exact (bar subnormal underflow of far smaller entries), unlike dlascl's cto/cfrom.
 */
export function safeScale(anorm: f64): f64 {
  let s: f64 = 1;
  if (anorm > SSFMAX) {
    while (anorm * s > SSFMAX) s *= 0.5;
  } else if (anorm < SSFMIN && anorm > 0) {
    while (anorm * s < SSFMIN) s *= 2;
  }
  return s;
}

/** max(|d_l..d_lend|, |e_l..e_lend−1|): LAPACK dlanst('M') on one block. */
export function blockMaxNorm(d: usize, e: usize, l: i32, lend: i32): f64 {
  let anorm: f64 = 0;
  for (let i = l; i <= lend; i++) {
    const a = Math.abs(ld(d, i));
    if (a > anorm || a != a) anorm = a;
  }
  for (let i = l; i < lend; i++) {
    const a = Math.abs(ld(e, i));
    if (a > anorm || a != a) anorm = a;
  }
  return anorm;
}

// Results of the 2×2 and rotation helpers (globals: AssemblyScript has no tuples).
export let rt1: f64 = 0;
export let rt2: f64 = 0;
export let cs1: f64 = 0;
export let sn1: f64 = 0;
export let rotR: f64 = 0;

/** Eigenvalues of [[a, b], [b, c]]: rt1 the larger in absolute value (LAPACK dlae2). */
export function dlae2(a: f64, b: f64, c: f64): void {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  let acmx: f64, acmn: f64;
  if (Math.abs(a) > Math.abs(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  let rt: f64;
  if (adf > ab) rt = adf * Math.sqrt(1 + (ab / adf) * (ab / adf));
  else if (adf < ab) rt = ab * Math.sqrt(1 + (adf / ab) * (adf / ab));
  else rt = ab * Math.SQRT2;
  if (sm < 0) {
    rt1 = 0.5 * (sm - rt);
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else if (sm > 0) {
    rt1 = 0.5 * (sm + rt);
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
  }
}

/** dlae2 plus the unit eigenvector (cs1, sn1) of rt1 (LAPACK dlaev2). */
export function dlaev2(a: f64, b: f64, c: f64): void {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  let acmx: f64, acmn: f64;
  if (Math.abs(a) > Math.abs(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  let rt: f64;
  if (adf > ab) rt = adf * Math.sqrt(1 + (ab / adf) * (ab / adf));
  else if (adf < ab) rt = ab * Math.sqrt(1 + (adf / ab) * (adf / ab));
  else rt = ab * Math.SQRT2;
  let sgn1: i32;
  if (sm < 0) {
    rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else if (sm > 0) {
    rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  let sgn2: i32;
  let cs: f64;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab == 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 == sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
}

/** Plane rotation [c s; −s c]·[f; g] = [r; 0] (LAPACK 3.10 dlartg, Anderson's safe scaling). */
@inline export function dlartg(f: f64, g: f64): void {
  const f1 = Math.abs(f);
  const g1 = Math.abs(g);
  if (g == 0) {
    cs1 = 1;
    sn1 = 0;
    rotR = f;
  } else if (f == 0) {
    cs1 = 0;
    sn1 = fsign(1, g);
    rotR = g1;
  } else if (f1 > RTMIN && f1 < RTMAX && g1 > RTMIN && g1 < RTMAX) {
    const d = Math.sqrt(f * f + g * g);
    cs1 = f1 / d;
    rotR = fsign(d, f);
    sn1 = g / rotR;
  } else {
    const u = Math.min(1 / SAFMIN, Math.max(SAFMIN, Math.max(f1, g1)));
    const fs = f / u;
    const gs = g / u;
    const d = Math.sqrt(fs * fs + gs * gs);
    cs1 = Math.abs(fs) / d;
    rotR = fsign(d, f);
    sn1 = gs / rotR;
    rotR *= u;
  }
}

/**
 * LAPACK dlasr('R', 'V', dir): Z ← Z·Pᵀ for the rotations (c_k, s_k), k < mm − 1, acting on the
 * columns j0 + k, j0 + k + 1 of Z, rows r0 … zrows − 1. forward: k ascending ('F'), else descending ('B').
 * Each rotation is temp = z_{k+1}; z_{k+1} = c·temp − s·z_k; z_k = s·temp + c·z_k.
 *
 * Why the loop order: the rotations of one sweep chain through adjacent columns, so a column is
 * final as soon as the rotation after it ran. Carrying the running column in registers for a strip of
 * 8 rows (one cache line of each column) reads and writes every entry once per sweep instead of
 * twice per rotation as dlasr does.
 */
export function applyRotations(r0: i32, zrows: i32, mm: i32, c: usize, s: usize, z: usize, ldz: i32, j0: i32, forward: bool): void {
  if (mm < 2 || zrows <= r0) return;
  const stride: usize = (<usize>ldz) << 3;
  const base: usize = z + (<usize>j0) * stride;
  let i = r0;
  // Strips of 8 rows: four f64x2 carries.
  for (; i + 8 <= zrows; i += 8) {
    const rowOff: usize = (<usize>i) << 3;
    if (forward) {
      let p: usize = base + rowOff;
      let x0 = v128.load(p);
      let x1 = v128.load(p, 16);
      let x2 = v128.load(p, 32);
      let x3 = v128.load(p, 48);
      for (let k = 0; k < mm - 1; k++) {
        const cv = v128.load64_splat(c + ((<usize>k) << 3));
        const sv = v128.load64_splat(s + ((<usize>k) << 3));
        const q = p + stride;
        const t0 = v128.load(q);
        const t1 = v128.load(q, 16);
        const t2 = v128.load(q, 32);
        const t3 = v128.load(q, 48);
        v128.store(p, madd(sv, t0, f64x2.mul(cv, x0)));
        v128.store(p, madd(sv, t1, f64x2.mul(cv, x1)), 16);
        v128.store(p, madd(sv, t2, f64x2.mul(cv, x2)), 32);
        v128.store(p, madd(sv, t3, f64x2.mul(cv, x3)), 48);
        x0 = nmadd(sv, x0, f64x2.mul(cv, t0));
        x1 = nmadd(sv, x1, f64x2.mul(cv, t1));
        x2 = nmadd(sv, x2, f64x2.mul(cv, t2));
        x3 = nmadd(sv, x3, f64x2.mul(cv, t3));
        p = q;
      }
      v128.store(p, x0);
      v128.store(p, x1, 16);
      v128.store(p, x2, 32);
      v128.store(p, x3, 48);
    } else {
      let p: usize = base + (<usize>(mm - 1)) * stride + rowOff;
      let x0 = v128.load(p);
      let x1 = v128.load(p, 16);
      let x2 = v128.load(p, 32);
      let x3 = v128.load(p, 48);
      for (let k = mm - 2; k >= 0; k--) {
        const cv = v128.load64_splat(c + ((<usize>k) << 3));
        const sv = v128.load64_splat(s + ((<usize>k) << 3));
        const q = p - stride;
        const a0 = v128.load(q);
        const a1 = v128.load(q, 16);
        const a2 = v128.load(q, 32);
        const a3 = v128.load(q, 48);
        v128.store(p, nmadd(sv, a0, f64x2.mul(cv, x0)));
        v128.store(p, nmadd(sv, a1, f64x2.mul(cv, x1)), 16);
        v128.store(p, nmadd(sv, a2, f64x2.mul(cv, x2)), 32);
        v128.store(p, nmadd(sv, a3, f64x2.mul(cv, x3)), 48);
        x0 = madd(sv, x0, f64x2.mul(cv, a0));
        x1 = madd(sv, x1, f64x2.mul(cv, a1));
        x2 = madd(sv, x2, f64x2.mul(cv, a2));
        x3 = madd(sv, x3, f64x2.mul(cv, a3));
        p = q;
      }
      v128.store(p, x0);
      v128.store(p, x1, 16);
      v128.store(p, x2, 32);
      v128.store(p, x3, 48);
    }
  }
  // Remaining rows one at a time (scalar carry).
  for (; i < zrows; i++) {
    const rowOff: usize = (<usize>i) << 3;
    if (forward) {
      let p: usize = base + rowOff;
      let x = load<f64>(p);
      for (let k = 0; k < mm - 1; k++) {
        const ck = ld(c, k);
        const sk = ld(s, k);
        const q = p + stride;
        const t = load<f64>(q);
        store<f64>(p, sk * t + ck * x);
        x = ck * t - sk * x;
        p = q;
      }
      store<f64>(p, x);
    } else {
      let p: usize = base + (<usize>(mm - 1)) * stride + rowOff;
      let x = load<f64>(p);
      for (let k = mm - 2; k >= 0; k--) {
        const ck = ld(c, k);
        const sk = ld(s, k);
        const q = p - stride;
        const a = load<f64>(q);
        store<f64>(p, ck * x - sk * a);
        x = sk * x + ck * a;
        p = q;
      }
      store<f64>(p, x);
    }
  }
}

/** Swaps columns i and k of Z (zrows entries each). */
function swapColumns(zrows: i32, z: usize, ldz: i32, i: i32, k: i32): void {
  const pi = z + (<usize>i) * ((<usize>ldz) << 3);
  const pk = z + (<usize>k) * ((<usize>ldz) << 3);
  let r = 0;
  for (; r + 2 <= zrows; r += 2) {
    const off: usize = (<usize>r) << 3;
    const a = v128.load(pi + off);
    v128.store(pi + off, v128.load(pk + off));
    v128.store(pk + off, a);
  }
  for (; r < zrows; r++) {
    const off: usize = (<usize>r) << 3;
    const a = load<f64>(pi + off);
    store<f64>(pi + off, load<f64>(pk + off));
    store<f64>(pk + off, a);
  }
}

/** Queue depth of rotation sequences for Z with at least DEFER_MIN_ROWS rows (fewer: applied at once). */
export const DEFER_DEPTH: i32 = 32;
const DEFER_MIN_ROWS: i32 = 32;

/** Bytes of scratch steqrCore needs for order n and zrows rows of Z. */
export function steqrWorkBytes(n: i32, zrows: i32): i32 {
  const depth = zrows >= DEFER_MIN_ROWS ? DEFER_DEPTH : 1;
  return (depth << 4) + 16 + depth * (max(n, 1) << 4);
}

/**
 * Queues the sequence just formed in slot `queued` (first rotation on columns j0, j0 + 1; mm
 * columns; forward = 1 for 'F'), flushing when the queue is full. Returns the new queue length.
 */
function queueRotations(queued: i32, depth: i32, j0: i32, mm: i32, forward: i32, zrows: i32, z: usize, ldz: i32, meta: usize, slots: usize, slotBytes: usize, n: i32): i32 {
  const m = meta + ((<usize>queued) << 4);
  store<i32>(m, j0);
  store<i32>(m, mm, 4);
  store<i32>(m, forward, 8);
  queued++;
  if (queued == depth) {
    flushRotations(queued, zrows, z, ldz, meta, slots, slotBytes, n);
    queued = 0;
  }
  return queued;
}

/**
 * Applies `count` queued rotation sequences, in order, to Z strip by strip: a strip of 8 rows
 * (one cache line of each column) takes every queued sweep while it sits in cache, so Z streams
 * through memory once per `count` sweeps instead of once per sweep. Rows are independent under
 * Z ← Z·G, so this reordering changes no arithmetic.
 */
function flushRotations(count: i32, zrows: i32, z: usize, ldz: i32, meta: usize, slots: usize, slotBytes: usize, n: i32): void {
  for (let r0 = 0; r0 < zrows; r0 += 8) {
    const r1 = min(zrows, r0 + 8);
    for (let q = 0; q < count; q++) {
      const j0 = load<i32>(meta + (<usize>q << 4));
      const mm = load<i32>(meta + (<usize>q << 4), 4);
      const forward = load<i32>(meta + (<usize>q << 4), 8) != 0;
      const c = slots + (<usize>q) * slotBytes + ((<usize>j0) << 3);
      applyRotations(r0, r1, mm, c, c + ((<usize>n) << 3), z, ldz, j0, forward);
    }
  }
}

/**
 * LAPACK dsteqr with COMPZ = 'V': all eigenvalues of the tridiagonal (d, e) into d, ascending, and
 * Z ← Z·S with S the eigenvectors (rotations of every sweep applied to Z's columns). zrows = n gives
 * full vectors (Z = Q of dsytrd on entry); zrows = 1 with Z's row = e₁ᵀ gives the first components
 * only (Golub–Welsch, EISPACK imtql2's idea in O(n²)). e (n − 1) is destroyed; work holds the
 * queued rotations (steqrWorkBytes(n, zrows) bytes). Returns the number of off-diagonals that failed to converge (0 = ok).
 */
export function steqrCore(n: i32, d: usize, e: usize, z: usize, ldz: i32, zrows: i32, work: usize): i32 {
  if (n <= 1) return 0;
  // Rotation sequences are queued (up to `depth` sweeps) and applied to Z strip by strip.
  const depth = zrows >= DEFER_MIN_ROWS ? DEFER_DEPTH : 1;
  const meta = work;
  const slots = (work + (<usize>depth << 4) + 15) & ~(<usize>15);
  const slotBytes: usize = (<usize>n) << 4; // n cosines, then n sines
  let queued = 0;
  let wc = slots; // cosines of the sweep being formed
  let ws = slots + ((<usize>n) << 3); // sines
  const nmaxit = n * MAXIT;
  let jtot = 0;
  let l1 = 0;
  const nm1 = n - 1;
  while (true) {
    // Label 10: find the next unreduced block [l1, m].
    if (l1 > n - 1) break;
    if (l1 > 0) st(e, l1 - 1, 0);
    let m = l1;
    let found = false;
    for (; m < nm1; m++) {
      const tst = Math.abs(ld(e, m));
      if (tst == 0) {
        found = true;
        break;
      }
      if (tst <= Math.sqrt(Math.abs(ld(d, m))) * Math.sqrt(Math.abs(ld(d, m + 1))) * EPS) {
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

    // Scale the block into the safe range (power of two: exact).
    const anorm = blockMaxNorm(d, e, l, lend);
    if (anorm == 0) continue;
    const scale = safeScale(anorm);
    if (scale != 1) {
      for (let i = l; i <= lend; i++) st(d, i, ld(d, i) * scale);
      for (let i = l; i < lend; i++) st(e, i, ld(e, i) * scale);
    }

    // QL if the bottom end is larger, QR otherwise (graded matrices).
    if (Math.abs(ld(d, lend)) < Math.abs(ld(d, l))) {
      lend = lsv;
      l = lendsv;
    }

    if (lend > l) {
      // QL iteration.
      while (true) {
        // Look for a small subdiagonal element.
        let mm2 = l;
        if (l != lend) {
          for (; mm2 < lend; mm2++) {
            const t = Math.abs(ld(e, mm2));
            if (t * t <= EPS2 * Math.abs(ld(d, mm2)) * Math.abs(ld(d, mm2 + 1)) + SAFMIN) break;
          }
        } else mm2 = lend;
        m = mm2;
        if (m < lend) st(e, m, 0);
        let p = ld(d, l);
        if (m == l) {
          // Eigenvalue found.
          st(d, l, p);
          l++;
          if (l <= lend) continue;
          break;
        }
        if (m == l + 1) {
          // 2×2 block: dlaev2 and one rotation.
          dlaev2(ld(d, l), ld(e, l), ld(d, l + 1));
          st(wc, l, cs1);
          st(ws, l, sn1);
          queued = queueRotations(queued, depth, l, 2, 0, zrows, z, ldz, meta, slots, slotBytes, n);
          wc = slots + (<usize>queued) * slotBytes;
          ws = wc + ((<usize>n) << 3);
          st(d, l, rt1);
          st(d, l + 1, rt2);
          st(e, l, 0);
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        jtot++;
        // Wilkinson-type shift from the 2×2 at the top of the block.
        let g = (ld(d, l + 1) - p) / (2 * ld(e, l));
        let r = Math.hypot(g, 1);
        g = ld(d, m) - p + ld(e, l) / (g + fsign(r, g));
        let s: f64 = 1;
        let c: f64 = 1;
        p = 0;
        for (let i = m - 1; i >= l; i--) {
          const f = s * ld(e, i);
          const b = c * ld(e, i);
          dlartg(g, f);
          c = cs1;
          s = sn1;
          r = rotR;
          if (i != m - 1) st(e, i + 1, r);
          g = ld(d, i + 1) - p;
          r = (ld(d, i) - g) * s + 2 * c * b;
          p = s * r;
          st(d, i + 1, g + p);
          g = c * r - b;
          st(wc, i, c);
          st(ws, i, -s);
        }
        queued = queueRotations(queued, depth, l, m - l + 1, 0, zrows, z, ldz, meta, slots, slotBytes, n);
        wc = slots + (<usize>queued) * slotBytes;
        ws = wc + ((<usize>n) << 3);
        st(d, l, ld(d, l) - p);
        st(e, l, g);
      }
    } else {
      // QR iteration.
      while (true) {
        let mm2 = l;
        if (l != lend) {
          for (; mm2 > lend; mm2--) {
            const t = Math.abs(ld(e, mm2 - 1));
            if (t * t <= EPS2 * Math.abs(ld(d, mm2)) * Math.abs(ld(d, mm2 - 1)) + SAFMIN) break;
          }
        } else mm2 = lend;
        m = mm2;
        if (m > lend) st(e, m - 1, 0);
        let p = ld(d, l);
        if (m == l) {
          st(d, l, p);
          l--;
          if (l >= lend) continue;
          break;
        }
        if (m == l - 1) {
          dlaev2(ld(d, l - 1), ld(e, l - 1), ld(d, l));
          st(wc, m, cs1);
          st(ws, m, sn1);
          queued = queueRotations(queued, depth, m, 2, 1, zrows, z, ldz, meta, slots, slotBytes, n);
          wc = slots + (<usize>queued) * slotBytes;
          ws = wc + ((<usize>n) << 3);
          st(d, l - 1, rt1);
          st(d, l, rt2);
          st(e, l - 1, 0);
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        jtot++;
        let g = (ld(d, l - 1) - p) / (2 * ld(e, l - 1));
        let r = Math.hypot(g, 1);
        g = ld(d, m) - p + ld(e, l - 1) / (g + fsign(r, g));
        let s: f64 = 1;
        let c: f64 = 1;
        p = 0;
        for (let i = m; i <= l - 1; i++) {
          const f = s * ld(e, i);
          const b = c * ld(e, i);
          dlartg(g, f);
          c = cs1;
          s = sn1;
          r = rotR;
          if (i != m) st(e, i - 1, r);
          g = ld(d, i) - p;
          r = (ld(d, i + 1) - g) * s + 2 * c * b;
          p = s * r;
          st(d, i, g + p);
          g = c * r - b;
          st(wc, i, c);
          st(ws, i, s);
        }
        queued = queueRotations(queued, depth, m, l - m + 1, 1, zrows, z, ldz, meta, slots, slotBytes, n);
        wc = slots + (<usize>queued) * slotBytes;
        ws = wc + ((<usize>n) << 3);
        st(d, l, ld(d, l) - p);
        st(e, l - 1, g);
      }
    }
    // Undo the scaling of this block.
    if (scale != 1) {
      const inv = 1 / scale;
      for (let i = lsv; i <= lendsv; i++) st(d, i, ld(d, i) * inv);
      for (let i = lsv; i < lendsv; i++) st(e, i, ld(e, i) * inv);
    }
    if (jtot >= nmaxit) {
      if (queued > 0) flushRotations(queued, zrows, z, ldz, meta, slots, slotBytes, n);
      let info = 0;
      for (let i = 0; i < n - 1; i++) if (ld(e, i) != 0) info++;
      return info;
    }
  }
  if (queued > 0) flushRotations(queued, zrows, z, ldz, meta, slots, slotBytes, n);
  // Selection sort (fewest swaps of the vectors), as dsteqr.
  for (let ii = 1; ii < n; ii++) {
    const i = ii - 1;
    let k = i;
    let p = ld(d, i);
    for (let j = ii; j < n; j++) {
      const dj = ld(d, j);
      if (dj < p) {
        k = j;
        p = dj;
      }
    }
    if (k != i) {
      st(d, k, ld(d, i));
      st(d, i, p);
      swapColumns(zrows, z, ldz, i, k);
    }
  }
  return 0;
}
