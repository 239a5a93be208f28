// Plain-JS twins of assembly/src/tridiagonal.ts and tridiagonal-ql.ts (specs/core.md §2.3–2.5):
// the same algorithms, line for line, on Float64Arrays. See the AssemblyScript sources for the
// derivations; comments here only note where JS differs.

const EPS = 1.1102230246251565e-16; // 2⁻⁵³, LAPACK dlamch('E')
const EPS2 = EPS * EPS;
const SAFMIN = 2.2250738585072014e-308;
const SSFMAX = 2.2346346549904327e153; // √(1/SAFMIN)/3
const SSFMIN = 1.210184973390412e-122; // √SAFMIN/EPS²
const RTMIN = 1.4916681462400413e-154;
const RTMAX = 4.740375954054589e153;
const MAXIT = 30;

/** Fortran SIGN(a, b). */
function fsign(a: number, b: number): number {
  return b >= 0 ? Math.abs(a) : -Math.abs(a);
}

/** A power of two s with s·anorm in [SSFMIN, SSFMAX] (exact scaling, as the kernels). */
function safeScale(anorm: number): number {
  let s = 1;
  if (anorm > SSFMAX) {
    while (anorm * s > SSFMAX) s *= 0.5;
  } else if (anorm < SSFMIN && anorm > 0) {
    while (anorm * s < SSFMIN) s *= 2;
  }
  return s;
}

function blockMaxNorm(d: Float64Array, e: Float64Array, l: number, lend: number): number {
  let anorm = 0;
  for (let i = l; i <= lend; i++) {
    const a = Math.abs(d[i]!);
    if (a > anorm || a !== a) anorm = a;
  }
  for (let i = l; i < lend; i++) {
    const a = Math.abs(e[i]!);
    if (a > anorm || a !== a) anorm = a;
  }
  return anorm;
}

/** Eigenvalues [rt1, rt2] of [[a, b], [b, c]], rt1 larger in absolute value (LAPACK dlae2). */
function dlae2(a: number, b: number, c: number, out: Float64Array): void {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  let acmx: number, acmn: number;
  if (Math.abs(a) > Math.abs(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  let rt: number;
  if (adf > ab) rt = adf * Math.sqrt(1 + (ab / adf) * (ab / adf));
  else if (adf < ab) rt = ab * Math.sqrt(1 + (adf / ab) * (adf / ab));
  else rt = ab * Math.SQRT2;
  let rt1: number, rt2: number;
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
  out[0] = rt1;
  out[1] = rt2;
}

/** dlae2 plus the unit eigenvector (cs1, sn1) of rt1: out = [rt1, rt2, cs1, sn1] (LAPACK dlaev2). */
function dlaev2(a: number, b: number, c: number, out: Float64Array): void {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  let acmx: number, acmn: number;
  if (Math.abs(a) > Math.abs(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  let rt: number;
  if (adf > ab) rt = adf * Math.sqrt(1 + (ab / adf) * (ab / adf));
  else if (adf < ab) rt = ab * Math.sqrt(1 + (adf / ab) * (adf / ab));
  else rt = ab * Math.SQRT2;
  let rt1: number, rt2: number, sgn1: number;
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
  let sgn2: number;
  let cs: number;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  let cs1: number, sn1: number;
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab === 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 === sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
  out[0] = rt1;
  out[1] = rt2;
  out[2] = cs1;
  out[3] = sn1;
}

/** LAPACK 3.10 dlartg into out = [c, s, r]. */
function dlartg(f: number, g: number, out: Float64Array): void {
  const f1 = Math.abs(f);
  const g1 = Math.abs(g);
  if (g === 0) {
    out[0] = 1;
    out[1] = 0;
    out[2] = f;
  } else if (f === 0) {
    out[0] = 0;
    out[1] = fsign(1, g);
    out[2] = g1;
  } else if (f1 > RTMIN && f1 < RTMAX && g1 > RTMIN && g1 < RTMAX) {
    const d = Math.sqrt(f * f + g * g);
    const r = fsign(d, f);
    out[0] = f1 / d;
    out[1] = g / r;
    out[2] = r;
  } else {
    const u = Math.min(1 / SAFMIN, Math.max(SAFMIN, f1, g1));
    const fs = f / u;
    const gs = g / u;
    const d = Math.sqrt(fs * fs + gs * gs);
    const r = fsign(d, f);
    out[0] = Math.abs(fs) / d;
    out[1] = gs / r;
    out[2] = r * u;
  }
}

/**
 * dlasr('R', 'V', forward ? 'F' : 'B') on columns j0 … j0 + mm − 1, rows r0 … r1 − 1, of the
 * column-major Z (offset z0, leading dimension ldz), rotations (c[c0 + k], s[c0 + k]). Same carried
 * running column as the kernel (four rows at a time here, eight there): each entry read and
 * written once per sequence.
 */
function applyRotations(r0: number, r1: number, mm: number, c: Float64Array, s: Float64Array, c0: number, z: Float64Array, z0: number, ldz: number, j0: number, forward: boolean): void {
  if (mm < 2) return;
  const base = z0 + j0 * ldz;
  let i = r0;
  // Four rows at a time: c and s are loaded once per four rows, four independent carries.
  for (; i + 4 <= r1; i += 4) {
    if (forward) {
      let p = base + i;
      let x0 = z[p]!;
      let x1 = z[p + 1]!;
      let x2 = z[p + 2]!;
      let x3 = z[p + 3]!;
      for (let k = 0; k < mm - 1; k++) {
        const ck = c[c0 + k]!;
        const sk = s[c0 + k]!;
        const q = p + ldz;
        const t0 = z[q]!;
        const t1 = z[q + 1]!;
        const t2 = z[q + 2]!;
        const t3 = z[q + 3]!;
        z[p] = sk * t0 + ck * x0;
        z[p + 1] = sk * t1 + ck * x1;
        z[p + 2] = sk * t2 + ck * x2;
        z[p + 3] = sk * t3 + ck * x3;
        x0 = ck * t0 - sk * x0;
        x1 = ck * t1 - sk * x1;
        x2 = ck * t2 - sk * x2;
        x3 = ck * t3 - sk * x3;
        p = q;
      }
      z[p] = x0;
      z[p + 1] = x1;
      z[p + 2] = x2;
      z[p + 3] = x3;
    } else {
      let p = base + (mm - 1) * ldz + i;
      let x0 = z[p]!;
      let x1 = z[p + 1]!;
      let x2 = z[p + 2]!;
      let x3 = z[p + 3]!;
      for (let k = mm - 2; k >= 0; k--) {
        const ck = c[c0 + k]!;
        const sk = s[c0 + k]!;
        const q = p - ldz;
        const a0 = z[q]!;
        const a1 = z[q + 1]!;
        const a2 = z[q + 2]!;
        const a3 = z[q + 3]!;
        z[p] = ck * x0 - sk * a0;
        z[p + 1] = ck * x1 - sk * a1;
        z[p + 2] = ck * x2 - sk * a2;
        z[p + 3] = ck * x3 - sk * a3;
        x0 = sk * x0 + ck * a0;
        x1 = sk * x1 + ck * a1;
        x2 = sk * x2 + ck * a2;
        x3 = sk * x3 + ck * a3;
        p = q;
      }
      z[p] = x0;
      z[p + 1] = x1;
      z[p + 2] = x2;
      z[p + 3] = x3;
    }
  }
  for (; i < r1; i++) {
    if (forward) {
      let p = base + i;
      let x = z[p]!;
      for (let k = 0; k < mm - 1; k++) {
        const ck = c[c0 + k]!;
        const sk = s[c0 + k]!;
        const q = p + ldz;
        const t = z[q]!;
        z[p] = sk * t + ck * x;
        x = ck * t - sk * x;
        p = q;
      }
      z[p] = x;
    } else {
      let p = base + (mm - 1) * ldz + i;
      let x = z[p]!;
      for (let k = mm - 2; k >= 0; k--) {
        const ck = c[c0 + k]!;
        const sk = s[c0 + k]!;
        const q = p - ldz;
        const a = z[q]!;
        z[p] = ck * x - sk * a;
        x = sk * x + ck * a;
        p = q;
      }
      z[p] = x;
    }
  }
}

/** Queue depth of rotation sequences (as the kernel: Z with ≥ 32 rows takes 32 sweeps per pass). */
const DEFER_DEPTH = 32;
const DEFER_MIN_ROWS = 32;

/**
 * The kernel's queue of rotation sequences: `count` sweeps applied, in order, strip by strip of
 * 8 rows of Z, so each strip stays in cache across the queued sweeps.
 */
class RotationQueue {
  readonly depth: number;
  readonly c: Float64Array;
  readonly s: Float64Array;
  readonly j0: Int32Array;
  readonly mm: Int32Array;
  readonly forward: Uint8Array;
  count = 0;
  constructor(readonly n: number, readonly zrows: number, readonly z: Float64Array, readonly z0: number, readonly ldz: number) {
    this.depth = zrows >= DEFER_MIN_ROWS ? DEFER_DEPTH : 1;
    this.c = new Float64Array(this.depth * n);
    this.s = new Float64Array(this.depth * n);
    this.j0 = new Int32Array(this.depth);
    this.mm = new Int32Array(this.depth);
    this.forward = new Uint8Array(this.depth);
  }
  /** Offset of the slot the next sequence is formed in (index its rotations by column). */
  get slot(): number {
    return this.count * this.n;
  }
  push(j0: number, mm: number, forward: boolean): void {
    this.j0[this.count] = j0;
    this.mm[this.count] = mm;
    this.forward[this.count] = forward ? 1 : 0;
    this.count++;
    if (this.count === this.depth) this.flush();
  }
  flush(): void {
    for (let r0 = 0; r0 < this.zrows; r0 += 8) {
      const r1 = Math.min(this.zrows, r0 + 8);
      for (let q = 0; q < this.count; q++) {
        const j0 = this.j0[q]!;
        applyRotations(r0, r1, this.mm[q]!, this.c, this.s, q * this.n + j0, this.z, this.z0, this.ldz, j0, this.forward[q] === 1);
      }
    }
    this.count = 0;
  }
}

/**
 * LAPACK dsteqr (COMPZ = 'V'): eigenvalues into d (ascending), Z ← Z·S. Z column-major at offset
 * z0, ldz, zrows rows (1 for the Golub–Welsch first row). e destroyed. Returns the number of
 * unconverged off-diagonals.
 */
export function steqr(n: number, d: Float64Array, e: Float64Array, z: Float64Array, z0: number, ldz: number, zrows: number): number {
  if (n <= 1) return 0;
  const queue = new RotationQueue(n, zrows, z, z0, ldz);
  const wc = queue.c;
  const ws = queue.s;
  let slot = queue.slot;
  const t4 = new Float64Array(4);
  const nmaxit = n * MAXIT;
  let jtot = 0;
  let l1 = 0;
  const nm1 = n - 1;
  for (;;) {
    if (l1 > n - 1) break;
    if (l1 > 0) e[l1 - 1] = 0;
    let m = l1;
    let found = false;
    for (; m < nm1; m++) {
      const tst = Math.abs(e[m]!);
      if (tst === 0) {
        found = true;
        break;
      }
      if (tst <= Math.sqrt(Math.abs(d[m]!)) * Math.sqrt(Math.abs(d[m + 1]!)) * EPS) {
        e[m] = 0;
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
    if (lend === l) continue;
    const anorm = blockMaxNorm(d, e, l, lend);
    if (anorm === 0) continue;
    const scale = safeScale(anorm);
    if (scale !== 1) {
      for (let i = l; i <= lend; i++) d[i] = d[i]! * scale;
      for (let i = l; i < lend; i++) e[i] = e[i]! * scale;
    }
    if (Math.abs(d[lend]!) < Math.abs(d[l]!)) {
      lend = lsv;
      l = lendsv;
    }
    if (lend > l) {
      // QL iteration.
      for (;;) {
        let mm2 = l;
        if (l !== lend) {
          for (; mm2 < lend; mm2++) {
            const t = Math.abs(e[mm2]!);
            if (t * t <= EPS2 * Math.abs(d[mm2]!) * Math.abs(d[mm2 + 1]!) + SAFMIN) break;
          }
        } else mm2 = lend;
        m = mm2;
        if (m < lend) e[m] = 0;
        let p = d[l]!;
        if (m === l) {
          d[l] = p;
          l++;
          if (l <= lend) continue;
          break;
        }
        if (m === l + 1) {
          dlaev2(d[l]!, e[l]!, d[l + 1]!, t4);
          wc[slot + l] = t4[2]!;
          ws[slot + l] = t4[3]!;
          queue.push(l, 2, false);
          slot = queue.slot;
          d[l] = t4[0]!;
          d[l + 1] = t4[1]!;
          e[l] = 0;
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot === nmaxit) break;
        jtot++;
        let g = (d[l + 1]! - p) / (2 * e[l]!);
        let r = Math.hypot(g, 1);
        g = d[m]! - p + e[l]! / (g + fsign(r, g));
        let s = 1;
        let c = 1;
        p = 0;
        for (let i = m - 1; i >= l; i--) {
          const f = s * e[i]!;
          const b = c * e[i]!;
          dlartg(g, f, t4);
          c = t4[0]!;
          s = t4[1]!;
          r = t4[2]!;
          if (i !== m - 1) e[i + 1] = r;
          g = d[i + 1]! - p;
          r = (d[i]! - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          wc[slot + i] = c;
          ws[slot + i] = -s;
        }
        queue.push(l, m - l + 1, false);
        slot = queue.slot;
        d[l] = d[l]! - p;
        e[l] = g;
      }
    } else {
      // QR iteration.
      for (;;) {
        let mm2 = l;
        if (l !== lend) {
          for (; mm2 > lend; mm2--) {
            const t = Math.abs(e[mm2 - 1]!);
            if (t * t <= EPS2 * Math.abs(d[mm2]!) * Math.abs(d[mm2 - 1]!) + SAFMIN) break;
          }
        } else mm2 = lend;
        m = mm2;
        if (m > lend) e[m - 1] = 0;
        let p = d[l]!;
        if (m === l) {
          d[l] = p;
          l--;
          if (l >= lend) continue;
          break;
        }
        if (m === l - 1) {
          dlaev2(d[l - 1]!, e[l - 1]!, d[l]!, t4);
          wc[slot + m] = t4[2]!;
          ws[slot + m] = t4[3]!;
          queue.push(m, 2, true);
          slot = queue.slot;
          d[l - 1] = t4[0]!;
          d[l] = t4[1]!;
          e[l - 1] = 0;
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot === nmaxit) break;
        jtot++;
        let g = (d[l - 1]! - p) / (2 * e[l - 1]!);
        let r = Math.hypot(g, 1);
        g = d[m]! - p + e[l - 1]! / (g + fsign(r, g));
        let s = 1;
        let c = 1;
        p = 0;
        for (let i = m; i <= l - 1; i++) {
          const f = s * e[i]!;
          const b = c * e[i]!;
          dlartg(g, f, t4);
          c = t4[0]!;
          s = t4[1]!;
          r = t4[2]!;
          if (i !== m) e[i - 1] = r;
          g = d[i]! - p;
          r = (d[i + 1]! - g) * s + 2 * c * b;
          p = s * r;
          d[i] = g + p;
          g = c * r - b;
          wc[slot + i] = c;
          ws[slot + i] = s;
        }
        queue.push(m, l - m + 1, true);
        slot = queue.slot;
        d[l] = d[l]! - p;
        e[l - 1] = g;
      }
    }
    if (scale !== 1) {
      const inv = 1 / scale;
      for (let i = lsv; i <= lendsv; i++) d[i] = d[i]! * inv;
      for (let i = lsv; i < lendsv; i++) e[i] = e[i]! * inv;
    }
    if (jtot >= nmaxit) {
      queue.flush();
      let info = 0;
      for (let i = 0; i < n - 1; i++) if (e[i] !== 0) info++;
      return info;
    }
  }
  queue.flush();
  // Selection sort: fewest swaps of the vectors.
  for (let ii = 1; ii < n; ii++) {
    const i = ii - 1;
    let k = i;
    let p = d[i]!;
    for (let j = ii; j < n; j++) {
      if (d[j]! < p) {
        k = j;
        p = d[j]!;
      }
    }
    if (k !== i) {
      d[k] = d[i]!;
      d[i] = p;
      const pi = z0 + i * ldz;
      const pk = z0 + k * ldz;
      for (let r = 0; r < zrows; r++) {
        const t = z[pi + r]!;
        z[pi + r] = z[pk + r]!;
        z[pk + r] = t;
      }
    }
  }
  return 0;
}

/**
 * All eigenvalues of (d, e) into d, ascending; e destroyed (LAPACK dsterf, Pal–Walker–Kahan).
 * Returns the number of unconverged off-diagonals.
 */
export function dsterf(n: number, d: Float64Array, e: Float64Array): number {
  if (n <= 1) return 0;
  const nmaxit = n * MAXIT;
  const t2 = new Float64Array(2);
  let jtot = 0;
  let l1 = 0;
  let sigma = 0;
  for (;;) {
    if (l1 > n - 1) break;
    if (l1 > 0) e[l1 - 1] = 0;
    let m = l1;
    let found = false;
    for (; m < n - 1; m++) {
      if (Math.abs(e[m]!) <= Math.sqrt(Math.abs(d[m]!)) * Math.sqrt(Math.abs(d[m + 1]!)) * EPS) {
        e[m] = 0;
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
    if (lend === l) continue;
    const anorm = blockMaxNorm(d, e, l, lend);
    if (anorm === 0) continue;
    const scale = safeScale(anorm);
    if (scale !== 1) {
      for (let i = l; i <= lend; i++) d[i] = d[i]! * scale;
      for (let i = l; i < lend; i++) e[i] = e[i]! * scale;
    }
    for (let i = l; i < lend; i++) e[i] = e[i]! * e[i]!;
    if (Math.abs(d[lend]!) < Math.abs(d[l]!)) {
      lend = lsv;
      l = lendsv;
    }
    if (lend >= l) {
      for (;;) {
        let mm = l;
        if (l !== lend) {
          for (; mm < lend; mm++) if (Math.abs(e[mm]!) <= EPS2 * Math.abs(d[mm]! * d[mm + 1]!)) break;
        } else mm = lend;
        m = mm;
        if (m < lend) e[m] = 0;
        let p = d[l]!;
        if (m === l) {
          d[l] = p;
          l++;
          if (l <= lend) continue;
          break;
        }
        if (m === l + 1) {
          dlae2(d[l]!, Math.sqrt(e[l]!), d[l + 1]!, t2);
          d[l] = t2[0]!;
          d[l + 1] = t2[1]!;
          e[l] = 0;
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot === nmaxit) break;
        jtot++;
        const rte = Math.sqrt(e[l]!);
        sigma = (d[l + 1]! - p) / (2 * rte);
        const r = Math.hypot(sigma, 1);
        sigma = p - rte / (sigma + fsign(r, sigma));
        let c = 1;
        let s = 0;
        let gamma = d[m]! - sigma;
        p = gamma * gamma;
        for (let i = m - 1; i >= l; i--) {
          const bb = e[i]!;
          const rr = p + bb;
          if (i !== m - 1) e[i + 1] = s * rr;
          const oldc = c;
          c = p / rr;
          s = bb / rr;
          const oldgam = gamma;
          const alpha = d[i]!;
          gamma = c * (alpha - sigma) - s * oldgam;
          d[i + 1] = oldgam + (alpha - gamma);
          if (c !== 0) p = (gamma * gamma) / c;
          else p = oldc * bb;
        }
        e[l] = s * p;
        d[l] = sigma + gamma;
      }
    } else {
      for (;;) {
        let mm = l;
        for (; mm > lend; mm--) if (Math.abs(e[mm - 1]!) <= EPS2 * Math.abs(d[mm]! * d[mm - 1]!)) break;
        m = mm;
        if (m > lend) e[m - 1] = 0;
        let p = d[l]!;
        if (m === l) {
          d[l] = p;
          l--;
          if (l >= lend) continue;
          break;
        }
        if (m === l - 1) {
          dlae2(d[l]!, Math.sqrt(e[l - 1]!), d[l - 1]!, t2);
          d[l] = t2[0]!;
          d[l - 1] = t2[1]!;
          e[l - 1] = 0;
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot === nmaxit) break;
        jtot++;
        const rte = Math.sqrt(e[l - 1]!);
        sigma = (d[l - 1]! - p) / (2 * rte);
        const r = Math.hypot(sigma, 1);
        sigma = p - rte / (sigma + fsign(r, sigma));
        let c = 1;
        let s = 0;
        let gamma = d[m]! - sigma;
        p = gamma * gamma;
        for (let i = m; i <= l - 1; i++) {
          const bb = e[i]!;
          const rr = p + bb;
          if (i !== m) e[i - 1] = s * rr;
          const oldc = c;
          c = p / rr;
          s = bb / rr;
          const oldgam = gamma;
          const alpha = d[i + 1]!;
          gamma = c * (alpha - sigma) - s * oldgam;
          d[i] = oldgam + (alpha - gamma);
          if (c !== 0) p = (gamma * gamma) / c;
          else p = oldc * bb;
        }
        e[l - 1] = s * p;
        d[l] = sigma + gamma;
      }
    }
    if (scale !== 1) {
      const inv = 1 / scale;
      for (let i = lsv; i <= lendsv; i++) d[i] = d[i]! * inv;
    }
    if (jtot >= nmaxit) {
      let info = 0;
      for (let i = 0; i < n - 1; i++) if (e[i] !== 0) info++;
      return info;
    }
  }
  // Float64Array sort is numeric and ascending (no NaN here: inputs are finite).
  d.subarray(0, n).sort();
  return 0;
}

/** e² into e2 and pivmin = SAFMIN·max(1, max e²) (LAPACK dlaebz). */
function squaresAndPivmin(n: number, e: ArrayLike<number>, e2: Float64Array): number {
  let emax2 = 1;
  for (let i = 0; i < n - 1; i++) {
    const t = e[i]! * e[i]!;
    e2[i] = t;
    if (t > emax2) emax2 = t;
  }
  return SAFMIN * emax2;
}

/** Number of eigenvalues of (d, e²) below σ: negative pivots of T − σI = LDLᵀ, with dlaebz's pivmin. */
function sturmCount(n: number, d: ArrayLike<number>, e2: Float64Array, pivmin: number, sigma: number): number {
  let q = d[0]! - sigma;
  if (Math.abs(q) < pivmin) q = -pivmin;
  let count = q < 0 ? 1 : 0;
  for (let i = 1; i < n; i++) {
    q = d[i]! - sigma - e2[i - 1]! / q;
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) count++;
  }
  return count;
}

/** counts[k] = number of eigenvalues of (d, e) below shifts[k]. */
export function sturm(n: number, d: ArrayLike<number>, e: ArrayLike<number>, shifts: ArrayLike<number>, counts: Int32Array): void {
  if (n === 0) {
    counts.fill(0);
    return;
  }
  const e2 = new Float64Array(Math.max(1, n - 1));
  const pivmin = squaresAndPivmin(n, e, e2);
  for (let k = 0; k < shifts.length; k++) counts[k] = sturmCount(n, d, e2, pivmin, shifts[k]!);
}

/**
 * Selected eigenvalues by bisection (dstebz): mode 0 indices il..iu (0-based), mode 1 the
 * interval (vl, vu]. Ascending into w; returns how many. Same brackets, stopping rule and
 * iteration cap as the kernel (which runs eight brackets in lockstep; here one at a time).
 */
export function dstebz(n: number, d: ArrayLike<number>, e: ArrayLike<number>, mode: 0 | 1, il: number, iu: number, vl: number, vu: number, tol: number, w: Float64Array): number {
  if (n === 0) return 0;
  let diagonal = true;
  for (let i = 0; i < n - 1; i++) {
    if (e[i] !== 0) {
      diagonal = false;
      break;
    }
  }
  if (diagonal) {
    // Exact, as the kernel: the sorted diagonal, sliced by index or by (vl, vu].
    const sorted = Float64Array.from({ length: n }, (_, i) => d[i]!).sort();
    let first = il;
    let last = iu;
    if (mode === 1) {
      first = 0;
      while (first < n && !(sorted[first]! > vl)) first++;
      last = first - 1;
      while (last + 1 < n && sorted[last + 1]! <= vu) last++;
    }
    for (let i = first; i <= last; i++) w[i - first] = sorted[i]!;
    return Math.max(0, last - first + 1);
  }
  const e2 = new Float64Array(Math.max(1, n - 1));
  const pivmin = squaresAndPivmin(n, e, e2);
  let gl = d[0]!;
  let gu = gl;
  for (let i = 0; i < n; i++) {
    const radius = (i > 0 ? Math.abs(e[i - 1]!) : 0) + (i < n - 1 ? Math.abs(e[i]!) : 0);
    const di = d[i]!;
    if (di - radius < gl) gl = di - radius;
    if (di + radius > gu) gu = di + radius;
  }
  const tnorm = Math.max(Math.abs(gl), Math.abs(gu));
  gl = gl - 2.1 * tnorm * 2 * EPS * n - 2.1 * 2 * pivmin;
  gu = gu + 2.1 * tnorm * 2 * EPS * n + 2.1 * pivmin;
  const atol = tol > 0 ? tol : EPS * tnorm;
  let first: number, last: number;
  let lo0 = gl;
  let hi0 = gu;
  if (mode === 0) {
    first = il;
    last = iu;
  } else {
    first = sturmCount(n, d, e2, pivmin, vl);
    last = sturmCount(n, d, e2, pivmin, vu) - 1;
    if (vl > lo0) lo0 = vl;
    if (vu < hi0) hi0 = vu;
  }
  const count = last - first + 1;
  if (count <= 0) return 0;
  let itmax = 4;
  for (let width = hi0 - lo0; width > atol && itmax < 2200; width *= 0.5) itmax++;
  for (let j = first; j <= last; j++) {
    let lo = lo0;
    let hi = hi0;
    for (let it = 0; it < itmax; it++) {
      const mid = 0.5 * (lo + hi);
      if (hi - lo <= Math.max(atol, 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi)) + 2 * pivmin) || !(mid > lo && mid < hi)) break;
      if (sturmCount(n, d, e2, pivmin, mid) > j) hi = mid;
      else lo = mid;
    }
    w[j - first] = 0.5 * (lo + hi);
  }
  for (let i = 1; i < count; i++) {
    const v = w[i]!;
    let j = i - 1;
    while (j >= 0 && w[j]! > v) {
      w[j + 1] = w[j]!;
      j--;
    }
    w[j + 1] = v;
  }
  return count;
}

/**
 * Gauss rule of the Jacobi matrix (d, e) into x (nodes, ascending) and w (weights): mode 0
 * Golub–Welsch on Q's first row, mode 1 the orthonormal-polynomial recurrence. Returns the number
 * of unconverged off-diagonals.
 */
export function dgauss(n: number, d: ArrayLike<number>, e: ArrayLike<number>, mu0: number, mode: 0 | 1, x: Float64Array, w: Float64Array): number {
  if (n === 0) return 0;
  if (mode === 0) {
    const ework = new Float64Array(Math.max(1, n - 1));
    for (let i = 0; i < n; i++) x[i] = d[i]!;
    for (let i = 0; i < n - 1; i++) ework[i] = e[i]!;
    w.fill(0, 0, n);
    w[0] = 1;
    const info = steqr(n, x, ework, w, 0, 1, 1);
    for (let i = 0; i < n; i++) w[i] = mu0 * w[i]! * w[i]!;
    return info;
  }
  let k1 = n - 1;
  for (let i = 0; i < n - 1; i++) {
    if (e[i] === 0) {
      k1 = i;
      break;
    }
  }
  const nb = k1 + 1;
  const ework = new Float64Array(Math.max(1, n));
  for (let i = 0; i < nb; i++) x[i] = d[i]!;
  for (let i = 0; i < nb - 1; i++) ework[i] = e[i]!;
  let info = dsterf(nb, x, ework);
  const inve = new Float64Array(Math.max(1, nb));
  for (let i = 0; i < nb - 1; i++) inve[i] = 1 / e[i]!;
  const BIG = 1.157920892373162e77; // 2²⁵⁶
  const TINY = 8.636168555094445e-78; // 2⁻²⁵⁶
  for (let i = 0; i < nb; i++) {
    const xi = x[i]!;
    let p0 = 0;
    let p1 = 1;
    let s = 1;
    let scaleCount = 0;
    for (let k = 0; k < nb - 1; k++) {
      const em = k > 0 ? e[k - 1]! : 0;
      let pn = ((xi - d[k]!) * p1 - em * p0) * inve[k]!;
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
    for (let j = 0; j < scaleCount && r !== 0; j++) r *= TINY * TINY;
    w[i] = r;
  }
  if (nb < n) {
    const m = n - nb;
    const rest = new Float64Array(m);
    for (let j = 0; j < m; j++) rest[j] = d[nb + j]!;
    for (let j = 0; j < m - 1; j++) ework[j] = e[nb + j]!;
    info += dsterf(m, rest, ework);
    let a = nb - 1;
    let b = m - 1;
    for (let k = n - 1; k >= 0; k--) {
      if (b < 0 || (a >= 0 && x[a]! > rest[b]!)) {
        x[k] = x[a]!;
        w[k] = w[a]!;
        a--;
      } else {
        x[k] = rest[b]!;
        w[k] = 0;
        b--;
      }
    }
  }
  return info;
}

// ---------------------------------------------------------------------------------------------
// dstein: inverse iteration (twin of the kernel's, same start vectors)

const PRECISION = 2.220446049250313e-16; // dlamch('Precision') = 2⁻⁵²
const STEIN_MAXITS = 5;
const STEIN_EXTRA = 2;

function idamax(n: number, x: Float64Array): number {
  let k = 0;
  let m = -1;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[i]!);
    if (a > m) {
      m = a;
      k = i;
    }
  }
  return k;
}

/** LAPACK dlagtf on (a, b, c) − λI: see the kernel. */
function dlagtf(n: number, a: Float64Array, lambda: number, b: Float64Array, c: Float64Array, tol: number, dd: Float64Array, piv: Int32Array): void {
  a[0] = a[0]! - lambda;
  piv[n - 1] = 0;
  if (n === 1) {
    if (a[0] === 0) piv[0] = 1;
    return;
  }
  const tl = Math.max(tol, EPS);
  let scale1 = Math.abs(a[0]!) + Math.abs(b[0]!);
  for (let k = 0; k < n - 1; k++) {
    a[k + 1] = a[k + 1]! - lambda;
    let scale2 = Math.abs(c[k]!) + Math.abs(a[k + 1]!);
    if (k < n - 2) scale2 += Math.abs(b[k + 1]!);
    const piv1 = a[k] === 0 ? 0 : Math.abs(a[k]!) / scale1;
    let piv2: number;
    if (c[k] === 0) {
      piv[k] = 0;
      piv2 = 0;
      scale1 = scale2;
      if (k < n - 2) dd[k] = 0;
    } else {
      piv2 = Math.abs(c[k]!) / scale2;
      if (piv2 <= piv1) {
        piv[k] = 0;
        scale1 = scale2;
        c[k] = c[k]! / a[k]!;
        a[k + 1] = a[k + 1]! - c[k]! * b[k]!;
        if (k < n - 2) dd[k] = 0;
      } else {
        piv[k] = 1;
        const mult = a[k]! / c[k]!;
        a[k] = c[k]!;
        const temp = a[k + 1]!;
        a[k + 1] = b[k]! - mult * temp;
        if (k < n - 2) {
          dd[k] = b[k + 1]!;
          b[k + 1] = -mult * dd[k]!;
        }
        b[k] = temp;
        c[k] = mult;
      }
    }
    if (Math.max(piv1, piv2) <= tl && piv[n - 1] === 0) piv[n - 1] = k + 1;
  }
  if (Math.abs(a[n - 1]!) <= scale1 * tl && piv[n - 1] === 0) piv[n - 1] = n;
}

/** LAPACK dlagts, JOB = −1: see the kernel. Returns the tolerance used. */
function dlagts(n: number, a: Float64Array, b: Float64Array, c: Float64Array, dd: Float64Array, piv: Int32Array, y: Float64Array, tolIn: number): number {
  let tol = tolIn;
  if (tol <= 0) {
    tol = Math.abs(a[0]!);
    if (n > 1) tol = Math.max(tol, Math.abs(a[1]!), Math.abs(b[0]!));
    for (let k = 2; k < n; k++) tol = Math.max(tol, Math.abs(a[k]!), Math.abs(b[k - 1]!), Math.abs(dd[k - 2]!));
    tol *= EPS;
    if (tol === 0) tol = EPS;
  }
  const bignum = 1 / SAFMIN;
  for (let k = 1; k < n; k++) {
    if (piv[k - 1] === 0) y[k] = y[k]! - c[k - 1]! * y[k - 1]!;
    else {
      const temp = y[k - 1]!;
      y[k - 1] = y[k]!;
      y[k] = temp - c[k - 1]! * y[k]!;
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    let temp: number;
    if (k <= n - 3) temp = y[k]! - b[k]! * y[k + 1]! - dd[k]! * y[k + 2]!;
    else if (k === n - 2) temp = y[k]! - b[k]! * y[k + 1]!;
    else temp = y[k]!;
    let ak = a[k]!;
    let pert = fsign(tol, ak);
    for (let guard = 0; guard < 2100; guard++) {
      const absak = Math.abs(ak);
      if (absak < 1) {
        if (absak < SAFMIN) {
          if (absak === 0 || Math.abs(temp) * SAFMIN > absak) {
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
    y[k] = temp / ak;
  }
  return tol;
}

/**
 * Eigenvectors of (d, e) for the k ascending eigenvalues w by inverse iteration (LAPACK dstein),
 * into the column-major z (leading dimension ldz). Returns the number of vectors that did not
 * converge (the caller falls back to dsteqr).
 */
export function dstein(n: number, d: Float64Array, e: Float64Array, k: number, w: Float64Array, z: Float64Array, ldz: number): number {
  if (n === 0 || k === 0) return 0;
  const fa = new Float64Array(n);
  const fb = new Float64Array(n);
  const fc = new Float64Array(n);
  const fd = new Float64Array(n);
  const x = new Float64Array(n);
  const piv = new Int32Array(n);
  let state = 0x9e3779b9;
  const uniform = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 4294967296) * 2 - 1;
  };
  let onenrm = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.abs(d[i]!) + (i > 0 ? Math.abs(e[i - 1]!) : 0) + (i < n - 1 ? Math.abs(e[i]!) : 0);
    if (r > onenrm) onenrm = r;
  }
  const ortol = 1e-3 * onenrm;
  const dtpcrt = Math.sqrt(0.1 / n);
  let info = 0;
  let xjm = 0;
  let gpind = 0;
  for (let j = 0; j < k; j++) {
    const zj = j * ldz;
    let xj = w[j]!;
    if (n === 1) {
      z[zj] = 1;
      xjm = xj;
      continue;
    }
    if (j > 0) {
      const pertol = 10 * Math.abs(PRECISION * xj);
      if (xj - xjm < pertol) xj = xjm + pertol;
    }
    for (let i = 0; i < n; i++) x[i] = uniform();
    fa.set(d.subarray(0, n));
    for (let i = 0; i < n - 1; i++) {
      fb[i] = e[i]!;
      fc[i] = e[i]!;
    }
    dlagtf(n, fa, xj, fb, fc, 0, fd, piv);
    let tol = 0;
    let its = 0;
    let nrmchk = 0;
    let converged = false;
    for (;;) {
      its++;
      if (its > STEIN_MAXITS) break;
      const jmax = idamax(n, x);
      const scl = (n * onenrm * Math.max(PRECISION, Math.abs(fa[n - 1]!))) / Math.abs(x[jmax]!);
      for (let i = 0; i < n; i++) x[i] = x[i]! * scl;
      tol = dlagts(n, fa, fb, fc, fd, piv, x, tol);
      if (j > 0) {
        if (Math.abs(xj - xjm) > ortol) gpind = j;
        for (let i = gpind; i < j; i++) {
          const zi = i * ldz;
          let s = 0;
          for (let r = 0; r < n; r++) s += x[r]! * z[zi + r]!;
          for (let r = 0; r < n; r++) x[r] = x[r]! - s * z[zi + r]!;
        }
      }
      const nrm = Math.abs(x[idamax(n, x)]!);
      if (nrm < dtpcrt) continue;
      nrmchk++;
      if (nrmchk < STEIN_EXTRA + 1) continue;
      converged = true;
      break;
    }
    if (!converged) info++;
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i]! * x[i]!;
    let scl = 1 / Math.sqrt(s);
    if (x[idamax(n, x)]! < 0) scl = -scl;
    for (let i = 0; i < n; i++) z[zj + i] = x[i]! * scl;
    xjm = xj;
  }
  return info;
}
