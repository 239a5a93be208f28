// GEMM and SYRK: packed, register-blocked (GotoBLAS/BLIS), specs/core.md §2.1.
//
// Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", TOMS 34 (2008);
// Van Zee & van de Geijn, "BLIS", TOMS 41 (2015). Five loops around a micro-kernel: columns of C by
// NC; the inner dimension by KC, packing op(B) into NR-wide slivers ordered by k (α folded in);
// rows by MC, packing op(A) into MR-tall zero-padded slivers; each MR×NR tile of C accumulates in
// v128 registers and is then added into C (edge tiles through a scratch tile). β is applied first,
// except β = 0, where the first k-block stores its tiles: C is never read (as BLAS).
//
// Everything is row-major: element (i, j) of a matrix X with leading dimension ldx sits at
// x + (i·ldx + j)·sizeof(element). op(A) is A (tA = 0, stored m×k) or Aᵀ (tA = 1, stored k×m);
// op(B) is B (tB = 0, stored k×n) or Bᵀ (tB = 1, stored n×k). C is m×n.
//
// ONE SOURCE FOR f64 AND f32. The kernels are AssemblyScript generics over the element type
// T ∈ {f64, f32}: asc monomorphises them, so `gemmCore<f64>` and `gemmCore<f32>` compile to two
// independent functions with constant lane widths, exactly what a generated twin would be, without a
// generator script or a generated file to keep in step. The v128 builtins (`v128.add<T>`,
// `v128.load_splat<T>`, `v128.relaxed_madd<T>`) take the lane type as a type argument. A micro-kernel
// "MR×V" holds MR rows of C by V vectors of 16/sizeof(T) lanes: for f64 the 2×V4 kernel is the 2×8
// kernel and the 4×V2 kernel the 4×4 kernel of the spec; for f32 the 4×V2 kernel is the 4×8 kernel
// on f32x4. Each uses 8 accumulators (≤ 13 live v128: V8 on x64 has 16 XMM registers, §4.5).
//
// ─────────────────────────────────────────────────────────────────────────────────────────────────
// BUILDING BLOCKS FOR OTHER KERNEL FAMILIES (import from './gemm'; pointers are byte offsets,
// sizes and leading dimensions element counts, no argument checks, no allocation):
//
//   dgemmInternal(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work)
//       C ← α·op(A)·op(B) + β·C (m×n). work: dgemmWorkBytes(m, n, k) bytes, 16-byte aligned.
//   dgemmtInternal(uplo, tA, tB, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work)
//       the same for a square n×n C, but only its triangle uplo (UPLO_UPPER: j ≥ i, UPLO_LOWER:
//       j ≤ i, row-major indices) is read or written. work: dgemmWorkBytes(n, n, k).
//   dsyrkInternal(uplo, trans, n, k, alpha, a, lda, beta, c, ldc, work)
//       triangle of C ← α·A·Aᵀ + β·C (trans = 0, A n×k) or α·Aᵀ·A + β·C (trans = 1, A k×n).
//       work: dgemmWorkBytes(n, n, k).
//   dsyr2kInternal(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work)
//       triangle of C ← α·(A·Bᵀ + B·Aᵀ) + β·C (trans = 0, A and B n×k)
//                   or α·(Aᵀ·B + Bᵀ·A) + β·C (trans = 1, A and B k×n). work: dgemmWorkBytes(n, n, k).
//       dsytrd's blocked update A ← A − V·Wᵀ − W·Vᵀ is dsyr2kInternal(uplo, t, n, nb, −1, V, ldv,
//       W, ldw, 1, A, lda, work); with reflectors stored as contiguous rows (V is nb×n), t = 1.
//   sgemmInternal(...)  f32 twin of dgemmInternal; work: sgemmWorkBytes(m, n, k).
//
// The sub-matrix starting at row r, column s of X is simply the pointer x + (r·ldx + s)·8 with the
// same ldx, so trailing-matrix updates need no copies. C must not overlap A or B.
// ─────────────────────────────────────────────────────────────────────────────────────────────────
//
// Wasm exports (ABI of specs/core.md §1.3; return info: 0 ok, −i: argument i invalid):
//   dgemm, sgemm (tA, tB, m, n, k, α, a, lda, b, ldb, β, c, ldc, work) and dgemm_work, sgemm_work (m, n, k);
//   dsyrk (t, n, k, α, a, lda, β, c, ldc, work): UPPER triangle, t = 1: α·AᵀA, t = 0: α·A·Aᵀ;
//   dsyrk_work (n, k); dgemm_kernel(id): selects the f64 micro-kernel (0: 2×8, 1: 4×4; −1 only reads).

/** Triangle selectors of the triangular building blocks (row-major indices). */
export const UPLO_FULL: i32 = 0;
export const UPLO_UPPER: i32 = 1;
export const UPLO_LOWER: i32 = 2;

// Blocking (elements). KC·NR·8 bytes of packed B stay in L1 while a sliver of it is swept by the
// A block; the MC×KC packed A block (≈ 290 KiB for f64) stays in L2; NC bounds the packed B panel.
// MC is a multiple of both MR (2, 4) and NC of both NR (4, 8) so only the matrix edges are partial.
// Chosen by interleaved measurements (the tuning record at the top of bench/src/core/gemm.ts).
// @ts-ignore: decorator
@inline const KC64: i32 = 256;
// @ts-ignore: decorator
@inline const MC64: i32 = 144;
// @ts-ignore: decorator
@inline const NC64: i32 = 2048;
// f32: the same byte footprint per sliver with twice the elements along k.
// @ts-ignore: decorator
@inline const KC32: i32 = 512;
// @ts-ignore: decorator
@inline const MC32: i32 = 144;
// @ts-ignore: decorator
@inline const NC32: i32 = 2048;
/** Largest MR and NR (elements) over all micro-kernels: work sizes do not depend on the choice. */
// @ts-ignore: decorator
@inline const MR_MAX: i32 = 4;
// @ts-ignore: decorator
@inline const NR_MAX: i32 = 8;
/** Scratch tile for edge and diagonal tiles: MR_MAX × NR_MAX elements of the widest type. */
// @ts-ignore: decorator
@inline const TILE_BYTES: i32 = 256;
/**
 * Products with m·n·k at most this run an unpacked SIMD i-k-j loop: below it, packing and the
 * tile bookkeeping cost more than they save. Measured with raw SIMD128 kernels on Node 20
 * (bench/src/core/gemm.ts, "tiny unpacked SIMD loop vs packed path"): packed ÷ tiny time was 1.4–2.3
 * at n = 4, 0.92–0.96 at n = 6, 0.55 at n = 8 and 0.44 at n = 16, so the crossover is n³ ≈ 6³.
 */
// @ts-ignore: decorator
@inline const TINY_VOLUME: i32 = 6 * 6 * 6;

/** The f64 micro-kernel: 0 = 2×8 (default), 1 = 4×4 (`dgemm_kernel`, for bench/ comparisons). */
let f64Kernel: i32 = 0;

// @ts-ignore: decorator
@inline function kcOf<T>(): i32 {
  return sizeof<T>() == 8 ? KC64 : KC32;
}
// @ts-ignore: decorator
@inline function mcOf<T>(): i32 {
  return sizeof<T>() == 8 ? MC64 : MC32;
}
// @ts-ignore: decorator
@inline function ncOf<T>(): i32 {
  return sizeof<T>() == 8 ? NC64 : NC32;
}

/** a·b + c: fused (relaxed SIMD, one rounding) where the build has it, else mul then add. */
// @ts-ignore: decorator
@inline function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return v128.relaxed_madd<T>(a, b, c);
  } else {
    return v128.add<T>(v128.mul<T>(a, b), c);
  }
}

// @ts-ignore: decorator
@inline function minI(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

// @ts-ignore: decorator
@inline function roundUp(x: i32, to: i32): i32 {
  return ((x + to - 1) / to) * to;
}

/** Bytes of `work` the packed GEMM on m×n×k needs (packed A block, packed B panel, edge tile). */
function gemmWorkBytesOf<T>(m: i32, n: i32, k: i32): i32 {
  if (m <= 0 || n <= 0 || k <= 0) return TILE_BYTES;
  const kc = minI(k, kcOf<T>());
  const mc = roundUp(minI(m, mcOf<T>()), MR_MAX);
  const nc = roundUp(minI(n, ncOf<T>()), NR_MAX);
  const s = <i32>sizeof<T>();
  return roundUp(mc * kc * s, 16) + roundUp(kc * nc * s, 16) + TILE_BYTES;
}

/** Scratch bytes of dgemmInternal / dgemmtInternal / dsyrkInternal / dsyr2kInternal. */
export function dgemmWorkBytes(m: i32, n: i32, k: i32): i32 {
  return gemmWorkBytesOf<f64>(m, n, k);
}

/** Scratch bytes of sgemmInternal. */
export function sgemmWorkBytes(m: i32, n: i32, k: i32): i32 {
  return gemmWorkBytesOf<f32>(m, n, k);
}

// ─── β pass ──────────────────────────────────────────────────────────────────────────────────────

/** C ← β·C on the selected part of C (β = 0 stores zeros without reading C: NaN/Inf in C vanish). */
function scaleC<T>(uplo: i32, m: i32, n: i32, beta: T, c: usize, ldc: i32): void {
  if (beta == <T>1) return;
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const vb = v128.splat<T>(beta);
  for (let i = 0; i < m; i++) {
    let j0 = 0;
    let j1 = n;
    if (uplo == UPLO_UPPER) j0 = i;
    else if (uplo == UPLO_LOWER) j1 = minI(i + 1, n);
    const row = c + <usize>i * <usize>ldc * S;
    let j = j0;
    if (beta == <T>0) {
      for (; j + L <= j1; j += L) v128.store(row + <usize>j * S, v128.splat<T>(<T>0));
      for (; j < j1; j++) store<T>(row + <usize>j * S, <T>0);
    } else {
      for (; j + L <= j1; j += L) {
        const p = row + <usize>j * S;
        v128.store(p, v128.mul<T>(v128.load(p), vb));
      }
      for (; j < j1; j++) {
        const p = row + <usize>j * S;
        store<T>(p, load<T>(p) * beta);
      }
    }
  }
}

// ─── packing ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Packs op(B)[0:kc, 0:nc] (b points at its (0, 0) element) times α into NR-wide slivers: sliver s
 * holds, for p = 0…kc−1, the NR entries op(B)[p, s·NR … s·NR + NR − 1] contiguously; columns past
 * nc are zero. The micro-kernel then streams each sliver with unit stride.
 */
function packB<T>(tB: i32, kc: i32, nc: i32, nr: i32, alpha: T, b: usize, ldb: i32, dst: usize): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const va = v128.splat<T>(alpha);
  const ldbBytes = <usize>ldb * S;
  const sliverBytes = <usize>kc * <usize>nr * S;
  for (let j0 = 0; j0 < nc; j0 += nr) {
    const w = minI(nr, nc - j0);
    const out = dst + <usize>(j0 / nr) * sliverBytes;
    if (tB == 0) {
      // op(B)[p, j] = B[p·ldb + j]: rows of the sliver are contiguous in B.
      let src = b + <usize>j0 * S;
      let o = out;
      if (w == nr) {
        for (let p = 0; p < kc; p++) {
          for (let jj = 0; jj < nr; jj += L) {
            v128.store(o + <usize>jj * S, v128.mul<T>(v128.load(src + <usize>jj * S), va));
          }
          src += ldbBytes;
          o += <usize>nr * S;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          let jj = 0;
          for (; jj < w; jj++) store<T>(o + <usize>jj * S, load<T>(src + <usize>jj * S) * alpha);
          for (; jj < nr; jj++) store<T>(o + <usize>jj * S, <T>0);
          src += ldbBytes;
          o += <usize>nr * S;
        }
      }
    } else {
      // op(B)[p, j] = B[j·ldb + p]: read each stored row of B (a column of the sliver) contiguously.
      for (let jj = 0; jj < w; jj++) {
        let src = b + <usize>(j0 + jj) * ldbBytes;
        let o = out + <usize>jj * S;
        for (let p = 0; p < kc; p++) {
          store<T>(o, load<T>(src) * alpha);
          src += S;
          o += <usize>nr * S;
        }
      }
      for (let jj = w; jj < nr; jj++) {
        let o = out + <usize>jj * S;
        for (let p = 0; p < kc; p++) {
          store<T>(o, <T>0);
          o += <usize>nr * S;
        }
      }
    }
  }
}

/**
 * Packs op(A)[0:mc, 0:kc] (a points at its (0, 0) element) into MR-tall slivers: sliver s holds, for
 * p = 0…kc−1, the MR entries op(A)[s·MR … s·MR + MR − 1, p] contiguously; rows past mc are zero.
 */
function packA<T>(tA: i32, mc: i32, kc: i32, mr: i32, a: usize, lda: i32, dst: usize): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  const ldaBytes = <usize>lda * S;
  const sliverBytes = <usize>kc * <usize>mr * S;
  for (let i0 = 0; i0 < mc; i0 += mr) {
    const h = minI(mr, mc - i0);
    const out = dst + <usize>(i0 / mr) * sliverBytes;
    if (tA == 0) {
      // op(A)[i, p] = A[i·lda + p]: each row of A is contiguous along p; write it with stride MR.
      for (let ii = 0; ii < h; ii++) {
        let src = a + <usize>(i0 + ii) * ldaBytes;
        let o = out + <usize>ii * S;
        for (let p = 0; p < kc; p++) {
          store<T>(o, load<T>(src));
          src += S;
          o += <usize>mr * S;
        }
      }
      for (let ii = h; ii < mr; ii++) {
        let o = out + <usize>ii * S;
        for (let p = 0; p < kc; p++) {
          store<T>(o, <T>0);
          o += <usize>mr * S;
        }
      }
    } else {
      // op(A)[i, p] = A[p·lda + i]: the MR entries for one p are contiguous in A.
      let src = a + <usize>i0 * S;
      let o = out;
      if (h == mr && mr % L == 0) {
        for (let p = 0; p < kc; p++) {
          for (let ii = 0; ii < mr; ii += L) v128.store(o + <usize>ii * S, v128.load(src + <usize>ii * S));
          src += ldaBytes;
          o += <usize>mr * S;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          let ii = 0;
          for (; ii < h; ii++) store<T>(o + <usize>ii * S, load<T>(src + <usize>ii * S));
          for (; ii < mr; ii++) store<T>(o + <usize>ii * S, <T>0);
          src += ldaBytes;
          o += <usize>mr * S;
        }
      }
    }
  }
}

// ─── micro-kernels ───────────────────────────────────────────────────────────────────────────────

/**
 * 2 rows × 4 vectors (f64: 2×8): C[0:2, 0:4L] += Ap·Bp over kc. Per k step: 4 B vectors, 2
 * broadcasts of A (`v128.load_splat`), 8 multiply-adds; 8 accumulators + 4 + 1 = 13 live v128.
 * The loop runs on an end pointer and the A offsets are load immediates: V8 then folds them into
 * the addressing modes and keeps no counter (4–13 % faster than a counted loop with pa + S, measured
 * interleaved with bench-style A/B runs). Unrolling k by two was 35–50 % slower: V8 spills.
 */
// @ts-ignore: decorator
@inline function micro2xV4<T>(kc: i32, pa: usize, pb: usize, c: usize, ldcBytes: usize, overwrite: bool): void {
  const S = <usize>sizeof<T>();
  const z = v128.splat<T>(<T>0);
  let c00 = z, c01 = z, c02 = z, c03 = z;
  let c10 = z, c11 = z, c12 = z, c13 = z;
  const pbEnd = pb + <usize>kc * 64;
  while (pb < pbEnd) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const b2 = v128.load(pb, 32);
    const b3 = v128.load(pb, 48);
    const a0 = v128.load_splat<T>(pa);
    c00 = madd<T>(a0, b0, c00);
    c01 = madd<T>(a0, b1, c01);
    c02 = madd<T>(a0, b2, c02);
    c03 = madd<T>(a0, b3, c03);
    const a1 = v128.load_splat<T>(pa, sizeof<T>());
    c10 = madd<T>(a1, b0, c10);
    c11 = madd<T>(a1, b1, c11);
    c12 = madd<T>(a1, b2, c12);
    c13 = madd<T>(a1, b3, c13);
    pa += 2 * S;
    pb += 64;
  }
  let r = c;
  if (overwrite) {
    v128.store(r, c00);
    v128.store(r, c01, 16);
    v128.store(r, c02, 32);
    v128.store(r, c03, 48);
    r += ldcBytes;
    v128.store(r, c10);
    v128.store(r, c11, 16);
    v128.store(r, c12, 32);
    v128.store(r, c13, 48);
  } else {
    v128.store(r, v128.add<T>(v128.load(r), c00));
    v128.store(r, v128.add<T>(v128.load(r, 16), c01), 16);
    v128.store(r, v128.add<T>(v128.load(r, 32), c02), 32);
    v128.store(r, v128.add<T>(v128.load(r, 48), c03), 48);
    r += ldcBytes;
    v128.store(r, v128.add<T>(v128.load(r), c10));
    v128.store(r, v128.add<T>(v128.load(r, 16), c11), 16);
    v128.store(r, v128.add<T>(v128.load(r, 32), c12), 32);
    v128.store(r, v128.add<T>(v128.load(r, 48), c13), 48);
  }
}

/**
 * 4 rows × 2 vectors (f64: 4×4; f32: 4×8): C[0:4, 0:2L] += Ap·Bp over kc. Per k step: 2 B vectors,
 * 4 broadcasts of A, 8 multiply-adds; 8 accumulators + 2 + 1 = 11 live v128.
 */
// @ts-ignore: decorator
@inline function micro4xV2<T>(kc: i32, pa: usize, pb: usize, c: usize, ldcBytes: usize, overwrite: bool): void {
  const S = <usize>sizeof<T>();
  const z = v128.splat<T>(<T>0);
  let c00 = z, c01 = z, c10 = z, c11 = z;
  let c20 = z, c21 = z, c30 = z, c31 = z;
  const pbEnd = pb + <usize>kc * 32;
  while (pb < pbEnd) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const a0 = v128.load_splat<T>(pa);
    c00 = madd<T>(a0, b0, c00);
    c01 = madd<T>(a0, b1, c01);
    const a1 = v128.load_splat<T>(pa, sizeof<T>());
    c10 = madd<T>(a1, b0, c10);
    c11 = madd<T>(a1, b1, c11);
    const a2 = v128.load_splat<T>(pa, 2 * sizeof<T>());
    c20 = madd<T>(a2, b0, c20);
    c21 = madd<T>(a2, b1, c21);
    const a3 = v128.load_splat<T>(pa, 3 * sizeof<T>());
    c30 = madd<T>(a3, b0, c30);
    c31 = madd<T>(a3, b1, c31);
    pa += 4 * S;
    pb += 32;
  }
  let r = c;
  if (overwrite) {
    v128.store(r, c00);
    v128.store(r, c01, 16);
    r += ldcBytes;
    v128.store(r, c10);
    v128.store(r, c11, 16);
    r += ldcBytes;
    v128.store(r, c20);
    v128.store(r, c21, 16);
    r += ldcBytes;
    v128.store(r, c30);
    v128.store(r, c31, 16);
  } else {
    v128.store(r, v128.add<T>(v128.load(r), c00));
    v128.store(r, v128.add<T>(v128.load(r, 16), c01), 16);
    r += ldcBytes;
    v128.store(r, v128.add<T>(v128.load(r), c10));
    v128.store(r, v128.add<T>(v128.load(r, 16), c11), 16);
    r += ldcBytes;
    v128.store(r, v128.add<T>(v128.load(r), c20));
    v128.store(r, v128.add<T>(v128.load(r, 16), c21), 16);
    r += ldcBytes;
    v128.store(r, v128.add<T>(v128.load(r), c30));
    v128.store(r, v128.add<T>(v128.load(r, 16), c31), 16);
  }
}

// ─── macro-kernels ───────────────────────────────────────────────────────────────────────────────

/**
 * Where the tile rows [i0, i0 + h) × columns [j0, j0 + w) of a square C lie relative to the
 * triangle `uplo`: 0 outside (skip), 1 entirely inside (write directly), 2 across the diagonal.
 */
// @ts-ignore: decorator
@inline function tileClass(uplo: i32, i0: i32, h: i32, j0: i32, w: i32): i32 {
  if (uplo == UPLO_UPPER) {
    if (j0 + w - 1 < i0) return 0;
    return j0 >= i0 + h - 1 ? 1 : 2;
  }
  if (uplo == UPLO_LOWER) {
    if (j0 > i0 + h - 1) return 0;
    return j0 + w - 1 <= i0 ? 1 : 2;
  }
  return 1;
}

/**
 * Adds (or, with `overwrite`, stores) the scratch tile (MR×NR, row stride NR) into C[0:h, 0:w], only
 * where (row0 + i, col0 + j) lies in the triangle `uplo` (all of it for UPLO_FULL).
 */
function addTile<T>(uplo: i32, h: i32, w: i32, nr: i32, tile: usize, c: usize, ldcBytes: usize, row0: i32, col0: i32, overwrite: bool): void {
  const S = <usize>sizeof<T>();
  for (let i = 0; i < h; i++) {
    let j0 = 0;
    let j1 = w;
    const gi = row0 + i;
    if (uplo == UPLO_UPPER) {
      if (gi - col0 > j0) j0 = gi - col0;
    } else if (uplo == UPLO_LOWER) {
      if (gi - col0 + 1 < j1) j1 = gi - col0 + 1;
    }
    const t = tile + <usize>(i * nr) * S;
    const r = c + <usize>i * ldcBytes;
    if (overwrite) {
      for (let j = j0; j < j1; j++) store<T>(r + <usize>j * S, load<T>(t + <usize>j * S));
    } else {
      for (let j = j0; j < j1; j++) store<T>(r + <usize>j * S, load<T>(r + <usize>j * S) + load<T>(t + <usize>j * S));
    }
  }
}

/**
 * C[0:mc, 0:nc] += Ap·Bp (or = with `overwrite`) with the 2×V4 micro-kernel, sweeping each B
 * sliver (in L1) over the whole A block (in L2), as BLIS orders its two innermost loops. row0/col0
 * place C in the full matrix for the triangle tests. Not inlined: it is called once per block, so V8
 * can tier it up mid-call.
 */
function macro2xV4<T>(uplo: i32, mc: i32, nc: i32, kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, tile: usize, row0: i32, col0: i32, overwrite: bool): void {
  const S = <usize>sizeof<T>();
  const MR = 2;
  const NR = <i32>(4 * (16 / sizeof<T>()));
  const ldcBytes = <usize>ldc * S;
  for (let jr = 0; jr < nc; jr += NR) {
    const w = minI(NR, nc - jr);
    const bs = pb + <usize>jr * <usize>kc * S;
    for (let ir = 0; ir < mc; ir += MR) {
      const h = minI(MR, mc - ir);
      const cls = tileClass(uplo, row0 + ir, h, col0 + jr, w);
      if (cls == 0) continue;
      const as = pa + <usize>ir * <usize>kc * S;
      const cp = c + <usize>ir * ldcBytes + <usize>jr * S;
      if (cls == 1 && h == MR && w == NR) {
        micro2xV4<T>(kc, as, bs, cp, ldcBytes, overwrite);
      } else {
        micro2xV4<T>(kc, as, bs, tile, <usize>NR * S, true);
        addTile<T>(uplo, h, w, NR, tile, cp, ldcBytes, row0 + ir, col0 + jr, overwrite);
      }
    }
  }
}

/** The 4×V2 twin of macro2xV4. */
function macro4xV2<T>(uplo: i32, mc: i32, nc: i32, kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, tile: usize, row0: i32, col0: i32, overwrite: bool): void {
  const S = <usize>sizeof<T>();
  const MR = 4;
  const NR = <i32>(2 * (16 / sizeof<T>()));
  const ldcBytes = <usize>ldc * S;
  for (let jr = 0; jr < nc; jr += NR) {
    const w = minI(NR, nc - jr);
    const bs = pb + <usize>jr * <usize>kc * S;
    for (let ir = 0; ir < mc; ir += MR) {
      const h = minI(MR, mc - ir);
      const cls = tileClass(uplo, row0 + ir, h, col0 + jr, w);
      if (cls == 0) continue;
      const as = pa + <usize>ir * <usize>kc * S;
      const cp = c + <usize>ir * ldcBytes + <usize>jr * S;
      if (cls == 1 && h == MR && w == NR) {
        micro4xV2<T>(kc, as, bs, cp, ldcBytes, overwrite);
      } else {
        micro4xV2<T>(kc, as, bs, tile, <usize>NR * S, true);
        addTile<T>(uplo, h, w, NR, tile, cp, ldcBytes, row0 + ir, col0 + jr, overwrite);
      }
    }
  }
}

// ─── tiny products ───────────────────────────────────────────────────────────────────────────────

/**
 * Unpacked SIMD i-k-j loop for tiny products with op(B) = B (rows contiguous): C[i, :] += (α·op(A)[i, p])·B[p, :].
 * No packing, no scratch: for m·n·k ≤ TINY_VOLUME the packing and edge tiles cost more than they save.
 */
function tinyGemm<T>(tA: i32, m: i32, n: i32, k: i32, alpha: T, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  const S = <usize>sizeof<T>();
  const L = <i32>(16 / sizeof<T>());
  for (let i = 0; i < m; i++) {
    const crow = c + <usize>i * <usize>ldc * S;
    for (let p = 0; p < k; p++) {
      const aip = tA == 0 ? load<T>(a + (<usize>i * <usize>lda + <usize>p) * S) : load<T>(a + (<usize>p * <usize>lda + <usize>i) * S);
      const s = alpha * aip;
      const vs = v128.splat<T>(s);
      const brow = b + <usize>p * <usize>ldb * S;
      let j = 0;
      for (; j + L <= n; j += L) {
        const cp = crow + <usize>j * S;
        v128.store(cp, madd<T>(vs, v128.load(brow + <usize>j * S), v128.load(cp)));
      }
      for (; j < n; j++) {
        const cp = crow + <usize>j * S;
        store<T>(cp, load<T>(cp) + s * load<T>(brow + <usize>j * S));
      }
    }
  }
}

// ─── the five loops ──────────────────────────────────────────────────────────────────────────────

/**
 * C ← α·op(A)·op(B) + β·C on the part of C selected by `uplo` (UPLO_FULL: m×n; UPLO_UPPER/LOWER: a
 * triangle of the square C, m = n). kernel: 0 = 2×V4, 1 = 4×V2.
 */
function gemmCore<T>(uplo: i32, tA: i32, tB: i32, m: i32, n: i32, k: i32, alpha: T, a: usize, lda: i32, b: usize, ldb: i32, beta: T, c: usize, ldc: i32, work: usize, kernel: i32): void {
  if (m <= 0 || n <= 0) return;
  // Quick return as BLAS: α = 0 or k = 0 leaves β·C and never reads A or B.
  if (k <= 0 || alpha == <T>0) {
    scaleC<T>(uplo, m, n, beta, c, ldc);
    return;
  }
  if (uplo == UPLO_FULL && tB == 0 && <i64>m * <i64>n * <i64>k <= <i64>TINY_VOLUME) {
    scaleC<T>(uplo, m, n, beta, c, ldc);
    tinyGemm<T>(tA, m, n, k, alpha, a, lda, b, ldb, c, ldc);
    return;
  }
  // β = 0: the first k-block stores its tiles instead of adding them, so C is never read and no
  // zeroing pass runs (the driver then has no O(m·n) loop of its own, which matters for a first
  // call still running in V8's baseline tier). Other β scale C first.
  const zeroBeta = beta == <T>0;
  if (!zeroBeta) scaleC<T>(uplo, m, n, beta, c, ldc);
  const S = <usize>sizeof<T>();
  const KC = kcOf<T>();
  const MC = mcOf<T>();
  const NC = ncOf<T>();
  const mr = kernel == 0 ? 2 : 4;
  const nr = kernel == 0 ? <i32>(4 * (16 / sizeof<T>())) : <i32>(2 * (16 / sizeof<T>()));
  const kcMax = minI(k, KC);
  const packedA = work;
  const packedB = packedA + <usize>roundUp(roundUp(minI(m, MC), MR_MAX) * kcMax * <i32>S, 16);
  const tile = packedB + <usize>roundUp(kcMax * roundUp(minI(n, NC), NR_MAX) * <i32>S, 16);
  const ldcBytes = <usize>ldc * S;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = minI(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = minI(KC, k - pc);
      const bBlock = tB == 0 ? b + (<usize>pc * <usize>ldb + <usize>jc) * S : b + (<usize>jc * <usize>ldb + <usize>pc) * S;
      packB<T>(tB, kc, nc, nr, alpha, bBlock, ldb, packedB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = minI(MC, m - ic);
        // Whole row blocks outside the triangle need neither packing nor work.
        if (uplo == UPLO_UPPER && ic > jc + nc - 1) break;
        if (uplo == UPLO_LOWER && ic + mc - 1 < jc) continue;
        const aBlock = tA == 0 ? a + (<usize>ic * <usize>lda + <usize>pc) * S : a + (<usize>pc * <usize>lda + <usize>ic) * S;
        packA<T>(tA, mc, kc, mr, aBlock, lda, packedA);
        const cBlock = c + <usize>ic * ldcBytes + <usize>jc * S;
        const overwrite = zeroBeta && pc == 0;
        if (kernel == 0) macro2xV4<T>(uplo, mc, nc, kc, packedA, packedB, cBlock, ldc, tile, ic, jc, overwrite);
        else macro4xV2<T>(uplo, mc, nc, kc, packedA, packedB, cBlock, ldc, tile, ic, jc, overwrite);
      }
    }
  }
}

// ─── AssemblyScript-level building blocks (no checks; see the header) ────────────────────────────

/** C ← α·op(A)·op(B) + β·C, f64, m×n. work: dgemmWorkBytes(m, n, k) bytes. */
export function dgemmInternal(tA: i32, tB: i32, m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  gemmCore<f64>(UPLO_FULL, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, f64Kernel);
}

/** C ← α·op(A)·op(B) + β·C, f32, m×n. work: sgemmWorkBytes(m, n, k) bytes. */
export function sgemmInternal(tA: i32, tB: i32, m: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32, b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, work: usize): void {
  // f32: the 4×8 kernel (4 rows × 2 f32x4 vectors).
  gemmCore<f32>(UPLO_FULL, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, 1);
}

/**
 * Triangle `uplo` of the square n×n C ← α·op(A)·op(B) + β·C (the BLAS extension GEMMT); the other
 * triangle is neither read nor written. work: dgemmWorkBytes(n, n, k).
 */
export function dgemmtInternal(uplo: i32, tA: i32, tB: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  gemmCore<f64>(uplo, tA, tB, n, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, f64Kernel);
}

/**
 * Triangle `uplo` of C ← α·A·Aᵀ + β·C (trans = 0, A n×k) or α·Aᵀ·A + β·C (trans = 1, A k×n).
 * Half the flops of the full product (LAPACK/BLAS DSYRK). work: dgemmWorkBytes(n, n, k).
 */
export function dsyrkInternal(uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  gemmCore<f64>(uplo, trans, 1 - trans, n, n, k, alpha, a, lda, a, lda, beta, c, ldc, work, f64Kernel);
}

/**
 * Triangle `uplo` of C ← α·(A·Bᵀ + B·Aᵀ) + β·C (trans = 0, A, B n×k) or α·(Aᵀ·B + Bᵀ·A) + β·C
 * (trans = 1, A, B k×n): BLAS DSYR2K as two triangular GEMM passes. work: dgemmWorkBytes(n, n, k).
 */
export function dsyr2kInternal(uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  gemmCore<f64>(uplo, trans, 1 - trans, n, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, f64Kernel);
  gemmCore<f64>(uplo, trans, 1 - trans, n, n, k, alpha, b, ldb, a, lda, 1.0, c, ldc, work, f64Kernel);
}

// ─── wasm exports (specs/core.md §1.3) ───────────────────────────────────────────────────────────

/** Checks GEMM arguments as BLAS's XERBLA does: the index of the first bad one, negated, or 0. */
function checkGemm(tA: i32, tB: i32, m: i32, n: i32, k: i32, lda: i32, ldb: i32, ldc: i32): i32 {
  if (tA != 0 && tA != 1) return -1;
  if (tB != 0 && tB != 1) return -2;
  if (m < 0) return -3;
  if (n < 0) return -4;
  if (k < 0) return -5;
  if (lda < (tA == 0 ? (k > 1 ? k : 1) : (m > 1 ? m : 1))) return -8;
  if (ldb < (tB == 0 ? (n > 1 ? n : 1) : (k > 1 ? k : 1))) return -10;
  if (ldc < (n > 1 ? n : 1)) return -13;
  return 0;
}

/** C ← α·op(A)·op(B) + β·C, f64 (row-major; β = 0 never reads C). Returns 0 or −(bad argument). */
export function dgemm(tA: i32, tB: i32, m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize): i32 {
  const info = checkGemm(tA, tB, m, n, k, lda, ldb, ldc);
  if (info != 0) return info;
  dgemmInternal(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
  return 0;
}

/** C ← α·op(A)·op(B) + β·C, f32. Returns 0 or −(bad argument). */
export function sgemm(tA: i32, tB: i32, m: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32, b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, work: usize): i32 {
  const info = checkGemm(tA, tB, m, n, k, lda, ldb, ldc);
  if (info != 0) return info;
  sgemmInternal(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
  return 0;
}

/**
 * Upper triangle (j ≥ i) of C ← α·AᵀA + β·C (t = 1, A k×n) or α·A·Aᵀ + β·C (t = 0, A n×k); the
 * strict lower triangle of C is untouched. Returns 0 or −(bad argument).
 */
export function dsyrk(t: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, beta: f64, c: usize, ldc: i32, work: usize): i32 {
  if (t != 0 && t != 1) return -1;
  if (n < 0) return -2;
  if (k < 0) return -3;
  if (lda < (t == 1 ? (n > 1 ? n : 1) : (k > 1 ? k : 1))) return -6;
  if (ldc < (n > 1 ? n : 1)) return -9;
  dsyrkInternal(UPLO_UPPER, t, n, k, alpha, a, lda, beta, c, ldc, work);
  return 0;
}

/** Bytes of `work` for dgemm on m×n×k. */
export function dgemm_work(m: i32, n: i32, k: i32): i32 {
  return dgemmWorkBytes(m, n, k);
}

/** Bytes of `work` for sgemm on m×n×k. */
export function sgemm_work(m: i32, n: i32, k: i32): i32 {
  return sgemmWorkBytes(m, n, k);
}

/** Bytes of `work` for dsyrk of order n with inner dimension k. */
export function dsyrk_work(n: i32, k: i32): i32 {
  return dgemmWorkBytes(n, n, k);
}

/**
 * Selects the f64 micro-kernel (0: 2×8, the default; 1: 4×4) and returns the one now in use;
 * id = −1 only reads it. For bench/ comparisons (specs/core.md §4.5).
 */
export function dgemm_kernel(id: i32): i32 {
  if (id == 0 || id == 1) f64Kernel = id;
  return f64Kernel;
}
