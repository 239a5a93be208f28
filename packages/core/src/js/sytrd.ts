// Plain-JS twins of assembly/src/sytrd.ts (specs/core.md §2.2–2.3): symmetric tridiagonalisation
// of the row-major upper triangle (LAPACK dsytrd, UPLO = 'L' path: reflectors are rows) and the
// formation of Q (dorgtr). Same algorithm and operation order as the kernel, scalar.

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
function householder(alpha: number, len: number, a: Float64Array, p: number, out: Float64Array): void {
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

/**
 * Reduces the row-major symmetric A (upper triangle read, leading dimension lda) to tridiagonal
 * form: d (n), e (n − 1), τ (n) and the reflectors in A's rows. Fused rank-2 update and symmetric
 * product, as the kernel (see assembly/src/sytrd.ts).
 */
export function dsytrd(n: number, a: Float64Array, lda: number, d: Float64Array, e: Float64Array, tau: Float64Array): void {
  if (n === 0) return;
  let vPrev = new Float64Array(n);
  let wPrev = new Float64Array(n);
  let vCur = new Float64Array(n);
  let wCur = new Float64Array(n);
  const out = new Float64Array(2);
  let pending = false;
  for (let i = 0; i < n - 1; i++) {
    const rowI = i * lda;
    if (pending) rank2Row(a, rowI, i, n, vPrev, wPrev);
    d[i] = a[rowI + i]!;
    householder(a[rowI + i + 1]!, n - i - 2, a, rowI + i + 2, out);
    const t = out[0]!;
    e[i] = out[1]!;
    tau[i] = t;
    if (t === 0) {
      if (pending) for (let r = i + 1; r < n; r++) rank2Row(a, r * lda, r, n, vPrev, wPrev);
      pending = false;
      continue;
    }
    vCur[i + 1] = 1;
    for (let c = i + 2; c < n; c++) vCur[c] = a[rowI + c]!;
    wCur.fill(0, i + 1, n);
    const y = wCur;
    const v = vCur;
    for (let r = i + 1; r < n; r++) {
      const row = r * lda;
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
  const last = (n - 1) * lda;
  if (pending) rank2Row(a, last, n - 1, n, vPrev, wPrev);
  d[n - 1] = a[last + n - 1]!;
  tau[n - 1] = 0;
}

/**
 * Q = H₀···H_{n−2} from `dsytrd`'s reflectors into q, column-major with leading dimension ldq
 * (LAPACK dorgtr → dorg2r).
 */
export function dorgtr(n: number, a: Float64Array, lda: number, tau: Float64Array, q: Float64Array, ldq: number): void {
  if (n === 0) return;
  for (let r = 0; r < n; r++) q[r] = r === 0 ? 1 : 0;
  for (let i = n - 2; i >= 0; i--) {
    const t = tau[i]!;
    const vrow = i * lda;
    if (t !== 0) {
      for (let j = i + 2; j < n; j++) {
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
