// Plain-JS twin of assembly/src/gemm.ts (specs/core.md §2.1, §2.9): the same packed
// GotoBLAS/BLIS algorithm (Goto & van de Geijn 2008) with a scalar 4×4 register-blocked
// micro-kernel over k-blocks: per k step 4 entries of packed A and 4 of packed B feed 16
// accumulators held in locals, so each loaded value is used four times (a plain i-k-j loop loads
// and stores C on every multiply-add).
//
// BLAS-style, row-major, with offsets: element (i, j) of X is x[xOffset + i·ldx + j]. op(A) is A
// (m×k) or Aᵀ (A stored k×m); op(B) is B (k×n) or Bᵀ (B stored n×k); C is m×n. No argument checks
// (the wrappers in src/*.ts validate); C must not overlap A or B. Other kernel families' JS twins
// call these directly (dsytrd's A ← A − V·Wᵀ − W·Vᵀ is `dsyr2k`).
//
// f32: `gemm-f32.ts` is generated from this file by scripts/generate-js-f32.mjs (Float64Array →
// Float32Array, d-prefixed names → s-prefixed): a function that sees both array types goes
// polymorphic in V8 and slows down (§2.9), so each dtype gets its own copy. Never edit the twin.

/** Which part of a square C the triangular routines read and write (row-major indices). */
export type Triangle = 'upper' | 'lower';

const FULL = 0;
const UPPER = 1;
const LOWER = 2;

// Blocking (elements): the KC×4 B sliver stays in L1, the MC×KC A block in L2 (measured with
// bench/src/core/gemm.ts on Node 20).
const KC = 256;
const MC = 128;
const NC = 1024;
const MR = 4;
const NR = 4;
/** Below this m·n·k, plain dot products beat packing (bench/src/core/gemm.ts). */
const TINY_VOLUME = 8 * 8 * 8;

// Packing buffers, grown on demand and reused by every call (no per-call allocation).
let packedA = new Float64Array(MC * KC);
let packedB = new Float64Array(KC * NR);
const tile = new Float64Array(MR * NR);

/**
 * C ← α·op(A)·op(B) + β·C (BLAS DGEMM, row-major, with offsets). β = 0 never reads C.
 *
 * @example
 * ```ts
 * const c = new Float64Array(4);
 * dgemm(false, false, 2, 2, 2, 1, new Float64Array([1, 2, 3, 4]), 0, 2, new Float64Array([5, 6, 7, 8]), 0, 2, 0, c, 0, 2);
 * c; // Float64Array [19, 22, 43, 50]
 * ```
 */
export function dgemm(
  transposeA: boolean, transposeB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float64Array, aOffset: number, lda: number, b: Float64Array, bOffset: number, ldb: number,
  beta: number, c: Float64Array, cOffset: number, ldc: number,
): void {
  dgemmCore(FULL, transposeA, transposeB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
}

/**
 * Triangle `uplo` of the square n×n C ← α·op(A)·op(B) + β·C (the BLAS extension GEMMT); the other
 * triangle is neither read nor written.
 *
 * @example
 * ```ts
 * const c = new Float64Array([9, 9, 9, 9]);
 * dgemmt('upper', false, false, 2, 2, 1, new Float64Array([1, 2, 3, 4]), 0, 2, new Float64Array([5, 6, 7, 8]), 0, 2, 0, c, 0, 2);
 * c; // Float64Array [19, 22, 9, 50]
 * ```
 */
export function dgemmt(
  uplo: Triangle, transposeA: boolean, transposeB: boolean, n: number, k: number, alpha: number,
  a: Float64Array, aOffset: number, lda: number, b: Float64Array, bOffset: number, ldb: number,
  beta: number, c: Float64Array, cOffset: number, ldc: number,
): void {
  dgemmCore(uplo === 'lower' ? LOWER : UPPER, transposeA, transposeB, n, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
}

/**
 * Triangle `uplo` (default upper) of C ← α·Aᵀ·A + β·C (`transpose` true, A k×n) or α·A·Aᵀ + β·C
 * (A n×k): BLAS DSYRK, half the flops of the full product.
 *
 * @example
 * ```ts
 * const c = new Float64Array(4);
 * dsyrk(true, 2, 2, 1, new Float64Array([1, 2, 3, 4]), 0, 2, 0, c, 0, 2);
 * c; // Float64Array [10, 14, 0, 20]  (upper triangle of AᵀA)
 * ```
 */
export function dsyrk(
  transpose: boolean, n: number, k: number, alpha: number, a: Float64Array, aOffset: number, lda: number,
  beta: number, c: Float64Array, cOffset: number, ldc: number, uplo: Triangle = 'upper',
): void {
  dgemmCore(uplo === 'lower' ? LOWER : UPPER, transpose, !transpose, n, n, k, alpha, a, aOffset, lda, a, aOffset, lda, beta, c, cOffset, ldc);
}

/**
 * Triangle `uplo` of C ← α·(A·Bᵀ + B·Aᵀ) + β·C (`transpose` false, A and B n×k) or
 * α·(Aᵀ·B + Bᵀ·A) + β·C (A and B k×n): BLAS DSYR2K, as two triangular products. The blocked
 * tridiagonalisation update A ← A − V·Wᵀ − W·Vᵀ is `dsyr2k(uplo, …, −1, V, …, W, …, 1, A, …)`.
 *
 * @example
 * ```ts
 * const c = new Float64Array(4);
 * dsyr2k('upper', false, 2, 1, 1, new Float64Array([1, 2]), 0, 1, new Float64Array([3, 4]), 0, 1, 0, c, 0, 2);
 * c; // Float64Array [6, 10, 0, 16]
 * ```
 */
export function dsyr2k(
  uplo: Triangle, transpose: boolean, n: number, k: number, alpha: number,
  a: Float64Array, aOffset: number, lda: number, b: Float64Array, bOffset: number, ldb: number,
  beta: number, c: Float64Array, cOffset: number, ldc: number,
): void {
  const u = uplo === 'lower' ? LOWER : UPPER;
  dgemmCore(u, transpose, !transpose, n, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
  dgemmCore(u, transpose, !transpose, n, n, k, alpha, b, bOffset, ldb, a, aOffset, lda, 1, c, cOffset, ldc);
}

/** C ← β·C on the selected part (β = 0 stores zeros without reading C, as BLAS). */
function dscaleTriangle(uplo: number, m: number, n: number, beta: number, c: Float64Array, cOffset: number, ldc: number): void {
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const j0 = uplo === UPPER ? i : 0;
    const j1 = uplo === LOWER ? Math.min(i + 1, n) : n;
    const row = cOffset + i * ldc;
    if (beta === 0) for (let j = j0; j < j1; j++) c[row + j] = 0;
    else for (let j = j0; j < j1; j++) c[row + j] *= beta;
  }
}

/** The five loops of §2.1 on the part of C selected by `uplo`. */
function dgemmCore(
  uplo: number, tA: boolean, tB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float64Array, aOffset: number, lda: number, b: Float64Array, bOffset: number, ldb: number,
  beta: number, c: Float64Array, cOffset: number, ldc: number,
): void {
  if (m <= 0 || n <= 0) return;
  dscaleTriangle(uplo, m, n, beta, c, cOffset, ldc);
  if (k <= 0 || alpha === 0) return;
  if (uplo === FULL && m * n * k <= TINY_VOLUME) {
    dtinyGemm(tA, tB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
    return;
  }
  const kcMax = Math.min(k, KC);
  const needA = Math.ceil(Math.min(m, MC) / MR) * MR * kcMax;
  const needB = Math.ceil(Math.min(n, NC) / NR) * NR * kcMax;
  if (packedA.length < needA) packedA = new Float64Array(needA);
  if (packedB.length < needB) packedB = new Float64Array(needB);
  const pa = packedA;
  const pb = packedB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      dpackB(tB, kc, nc, alpha, b, tB ? bOffset + jc * ldb + pc : bOffset + pc * ldb + jc, ldb, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        if (uplo === UPPER && ic > jc + nc - 1) break;
        if (uplo === LOWER && ic + mc - 1 < jc) continue;
        dpackA(tA, mc, kc, a, tA ? aOffset + pc * lda + ic : aOffset + ic * lda + pc, lda, pa);
        dmacroKernel(uplo, mc, nc, kc, pa, pb, c, cOffset + ic * ldc + jc, ldc, ic, jc);
      }
    }
  }
}

/** op(B)[0:kc, 0:nc]·α into 4-wide slivers, k-major; columns past nc zero. */
function dpackB(tB: boolean, kc: number, nc: number, alpha: number, b: Float64Array, bOffset: number, ldb: number, out: Float64Array): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const w = Math.min(NR, nc - j0);
    let o = j0 * kc;
    if (!tB && w === NR) {
      let s = bOffset + j0;
      for (let p = 0; p < kc; p++) {
        out[o] = alpha * b[s]!;
        out[o + 1] = alpha * b[s + 1]!;
        out[o + 2] = alpha * b[s + 2]!;
        out[o + 3] = alpha * b[s + 3]!;
        o += NR;
        s += ldb;
      }
    } else if (tB && w === NR) {
      let s = bOffset + j0 * ldb;
      for (let p = 0; p < kc; p++) {
        out[o] = alpha * b[s]!;
        out[o + 1] = alpha * b[s + ldb]!;
        out[o + 2] = alpha * b[s + 2 * ldb]!;
        out[o + 3] = alpha * b[s + 3 * ldb]!;
        o += NR;
        s += 1;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let jj = 0; jj < NR; jj++) {
          out[o + jj] = jj < w ? alpha * b[tB ? bOffset + (j0 + jj) * ldb + p : bOffset + p * ldb + j0 + jj]! : 0;
        }
        o += NR;
      }
    }
  }
}

/** op(A)[0:mc, 0:kc] into 4-tall slivers, k-major; rows past mc zero. */
function dpackA(tA: boolean, mc: number, kc: number, a: Float64Array, aOffset: number, lda: number, out: Float64Array): void {
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const h = Math.min(MR, mc - i0);
    let o = i0 * kc;
    if (!tA && h === MR) {
      let s = aOffset + i0 * lda;
      for (let p = 0; p < kc; p++) {
        out[o] = a[s]!;
        out[o + 1] = a[s + lda]!;
        out[o + 2] = a[s + 2 * lda]!;
        out[o + 3] = a[s + 3 * lda]!;
        o += MR;
        s += 1;
      }
    } else if (tA && h === MR) {
      let s = aOffset + i0;
      for (let p = 0; p < kc; p++) {
        out[o] = a[s]!;
        out[o + 1] = a[s + 1]!;
        out[o + 2] = a[s + 2]!;
        out[o + 3] = a[s + 3]!;
        o += MR;
        s += lda;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let ii = 0; ii < MR; ii++) {
          out[o + ii] = ii < h ? a[tA ? aOffset + p * lda + i0 + ii : aOffset + (i0 + ii) * lda + p]! : 0;
        }
        o += MR;
      }
    }
  }
}

/** C[0:mc, 0:nc] += Ap·Bp by 4×4 tiles; row0/col0 place the block in C for the triangle tests. */
function dmacroKernel(
  uplo: number, mc: number, nc: number, kc: number, pa: Float64Array, pb: Float64Array,
  c: Float64Array, cOffset: number, ldc: number, row0: number, col0: number,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const w = Math.min(NR, nc - jr);
    const gj = col0 + jr;
    for (let ir = 0; ir < mc; ir += MR) {
      const h = Math.min(MR, mc - ir);
      const gi = row0 + ir;
      // Tile position against the triangle: skip, whole, or across the diagonal.
      let whole = true;
      if (uplo === UPPER) {
        if (gj + w - 1 < gi) continue;
        whole = gj >= gi + h - 1;
      } else if (uplo === LOWER) {
        if (gj > gi + h - 1) continue;
        whole = gj + w - 1 <= gi;
      }
      let ia = ir * kc;
      let ib = jr * kc;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < kc; p++) {
        const b0 = pb[ib]!, b1 = pb[ib + 1]!, b2 = pb[ib + 2]!, b3 = pb[ib + 3]!;
        const a0 = pa[ia]!;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        const a1 = pa[ia + 1]!;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        const a2 = pa[ia + 2]!;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        const a3 = pa[ia + 3]!;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        ia += MR;
        ib += NR;
      }
      let r = cOffset + ir * ldc + jr;
      if (whole && h === MR && w === NR) {
        c[r] += c00; c[r + 1] += c01; c[r + 2] += c02; c[r + 3] += c03;
        r += ldc;
        c[r] += c10; c[r + 1] += c11; c[r + 2] += c12; c[r + 3] += c13;
        r += ldc;
        c[r] += c20; c[r + 1] += c21; c[r + 2] += c22; c[r + 3] += c23;
        r += ldc;
        c[r] += c30; c[r + 1] += c31; c[r + 2] += c32; c[r + 3] += c33;
      } else {
        tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
        tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
        tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
        tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
        for (let i = 0; i < h; i++) {
          let j0 = 0;
          let j1 = w;
          if (uplo === UPPER) j0 = Math.max(0, gi + i - gj);
          else if (uplo === LOWER) j1 = Math.min(w, gi + i - gj + 1);
          for (let j = j0; j < j1; j++) c[r + i * ldc + j] += tile[i * NR + j]!;
        }
      }
    }
  }
}

/** Tiny products: one dot product per entry, no packing (C already holds β·C). */
function dtinyGemm(
  tA: boolean, tB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float64Array, aOffset: number, lda: number, b: Float64Array, bOffset: number, ldb: number,
  c: Float64Array, cOffset: number, ldc: number,
): void {
  const sa = tA ? lda : 1;
  const ra = tA ? 1 : lda;
  const sb = tB ? 1 : ldb;
  const rb = tB ? ldb : 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let ia = aOffset + i * ra;
      let ib = bOffset + j * rb;
      for (let p = 0; p < k; p++) {
        s += a[ia]! * b[ib]!;
        ia += sa;
        ib += sb;
      }
      c[cOffset + i * ldc + j] += alpha * s;
    }
  }
}
