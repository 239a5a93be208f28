// Symmetric and tridiagonal eigenproblems and Gauss rules (specs/core.md §1.4, §2.2–2.5, §3).
// Every case checks numbers against an independent truth: spectra fixed by construction
// (Q·diag(λ)·Qᵀ with seeded Householder reflectors, built here without the library's qr), closed
// forms (tridiag(1, 2, 1), 2×2, Gauss–Chebyshev), trace/Frobenius identities, Newton on the
// Legendre recurrence, and LAPACK through numpy (fixtures/eigen-references.json, with its generator).
import {
  gaussQuadrature,
  rng,
  sturmCounts,
  symmetricEigendecomposition,
  symmetricEigenvalues,
  tridiagonalEigenvalues,
  wasmMemoryBytes,
  type Matrix,
} from '@spectra/core';
import { assert, assertAtMost, assertDeepEqual, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';
import references from '../fixtures/eigen-references.json' with { type: 'json' };
import { orthogonalFromReflectors, randomSymmetric, withSpectrum } from './known-spectra.js';
import { frobenius, linspace, maxAbs, maxAbsDiff, sortedCopy } from './array-measures.js';

const U = 2 ** -53;
type B = 'wasm' | 'js';

// ---------------------------------------------------------------------------------------------
// Test matrices (built here, independently of the library; more in known-spectra.ts)

/** The mulberry32 matrix of generate-eigen-references.py: upper triangle row by row, 2u − 1. */
function mulberrySymmetric(seed: number, n: number): Matrix {
  const r = rng(seed, { algorithm: 'mulberry32' });
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = 2 * r.uniform() - 1;
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return { rows: n, cols: n, data: a };
}

function mulberryTridiagonal(seed: number, n: number): { d: Float64Array; e: Float64Array } {
  const r = rng(seed, { algorithm: 'mulberry32' });
  const d = new Float64Array(n);
  const e = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) d[i] = 2 * r.uniform() - 1;
  for (let i = 0; i < n - 1; i++) e[i] = 2 * r.uniform() - 1;
  return { d, e };
}

/** Eigenvalues 2 + 2cos(kπ/(n + 1)) of tridiag(1, 2, 1), ascending. */
function oneTwoOneSpectrum(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 1; k <= n; k++) out[k - 1] = 2 + 2 * Math.cos((k * Math.PI) / (n + 1));
  return out.sort();
}

/** Legendre nodes and weights by Newton on the three-term recurrence (independent of J's eigenproblem). */
function legendreByNewton(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Tricomi's initial guess for the i-th largest root.
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      // P_n'(x) = n(x·P_n − P_{n−1})/(x² − 1)
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) <= 1e-17) break;
    }
    // Recompute P_n' at the final x for the weight.
    let p0 = 1;
    let p1 = x;
    for (let k = 2; k <= n; k++) {
      const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = (n * (x * p1 - p0)) / (x * x - 1);
    nodes[n - 1 - i] = x;
    weights[n - 1 - i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}

/** Jacobi matrix of the Legendre weight on [−1, 1]: d = 0, e_k = k/√(4k² − 1), μ₀ = 2. */
function legendreJacobi(n: number): { d: Float64Array; e: Float64Array } {
  const e = new Float64Array(n - 1);
  for (let k = 1; k < n; k++) e[k - 1] = k / Math.sqrt(4 * k * k - 1);
  return { d: new Float64Array(n), e };
}

/** ‖A·V − V·Λ‖_F and ‖VᵀV − I‖_F for V n×k row-major. */
function eigenResiduals(a: Matrix, values: Float64Array, v: Matrix): { residual: number; orthogonality: number } {
  const n = a.rows;
  const k = v.cols;
  let res = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a.data[i * n + j]! * v.data[j * k + c]!;
      const r = s - values[c]! * v.data[i * k + c]!;
      res += r * r;
    }
  }
  let orth = 0;
  for (let c1 = 0; c1 < k; c1++) {
    for (let c2 = 0; c2 < k; c2++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += v.data[i * k + c1]! * v.data[i * k + c2]!;
      const r = s - (c1 === c2 ? 1 : 0);
      orth += r * r;
    }
  }
  return { residual: Math.sqrt(res), orthogonality: Math.sqrt(orth) };
}

/** ‖P̂ − P‖_F for the projectors on span(columns cols of V̂ (n×k)) and span(columns cols of Q (row-major n×n)). */
function projectorDistance(n: number, v: Matrix, q: Float64Array, cols: number[]): number {
  const k = v.cols;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let ph = 0;
      let pq = 0;
      for (const c of cols) {
        ph += v.data[i * k + c]! * v.data[j * k + c]!;
        pq += q[i * n + c]! * q[j * n + c]!;
      }
      s += (ph - pq) * (ph - pq);
    }
  }
  return Math.sqrt(s);
}

// ---------------------------------------------------------------------------------------------

export default defineSuite('eigen', (test) => {
  const spectra: Record<string, (n: number) => Float64Array> = {
    spread: (n) => linspace(-3, 5, n),
    // four values, n/4 copies each
    duplicated: (n) => Float64Array.from({ length: n }, (_, i) => [-2, 0.5, 1, 4][Math.floor((4 * i) / n)]!),
    // a tight cluster at 1 (spacing 1e-10) among spread values
    clustered: (n) => Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 1 + 1e-10 * i : -1 - (4 * i) / n)),
    logspace: (n) => Float64Array.from({ length: n }, (_, i) => 10 ** (-(14 * i) / (n - 1))),
  };

  test('known spectra Q·diag(λ)·Qᵀ: max|λ̂ − λ| ≤ 8·n·u·‖A‖ (spread, duplicated, clustered, logspace), every triangle', ({ backend }) => {
    for (const n of [97, 160]) {
      const q = orthogonalFromReflectors(n, n, 11 + n);
      for (const [name, make] of Object.entries(spectra)) {
        const lambda = make(n);
        const a = withSpectrum(q, lambda);
        const want = sortedCopy(lambda);
        const bound = 8 * n * U * maxAbs(lambda);
        for (const triangle of ['both', 'upper', 'lower'] as const) {
          const got = symmetricEigenvalues(a, { backend: backend as B, triangle });
          assertAtMost(maxAbsDiff(got, want), bound, `${name} n=${n} triangle=${triangle}`);
        }
      }
    }
  });

  test('random symmetric N(0,1): |Σλ̂ − tr A| and |‖λ̂‖₂ − ‖A‖_F| ≤ 4·n·u·‖A‖_F', ({ backend }) => {
    for (const n of [1, 2, 3, 17, 64, 200, 333]) {
      const a = randomSymmetric(n, 1000 + n);
      const lam = symmetricEigenvalues(a, { backend: backend as B });
      assertEqual(lam.length, n);
      for (let i = 1; i < n; i++) assert(lam[i - 1]! <= lam[i]!, `ascending at ${i}`);
      let trace = 0;
      for (let i = 0; i < n; i++) trace += a.data[i * n + i]!;
      let sum = 0;
      for (const x of lam) sum += x;
      const fro = frobenius(a.data);
      const bound = 4 * n * U * fro;
      assertAtMost(Math.abs(sum - trace), bound, `trace n=${n}`);
      assertAtMost(Math.abs(frobenius(lam) - fro), bound, `Frobenius n=${n}`);
    }
  });

  test('LAPACK reference (numpy eigvalsh) on a mulberry32 uniform matrix, n = 64', ({ backend }) => {
    const ref = references.uniformSymmetric64;
    const a = mulberrySymmetric(ref.seed, ref.n);
    const got = symmetricEigenvalues(a, { backend: backend as B });
    assertAtMost(maxAbsDiff(got, ref.eigenvalues), 8 * ref.n * U * maxAbs(ref.eigenvalues), 'vs LAPACK');
  });

  test('diagonal, identity and zero matrices: exact', ({ backend }) => {
    const n = 37;
    const diag = Float64Array.from({ length: n }, (_, i) => Math.sin(3 * i) * 10 ** ((i % 7) - 3));
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = diag[i]!;
    assertDeepEqual(symmetricEigenvalues({ rows: n, cols: n, data: a }, { backend: backend as B }), sortedCopy(diag), 'diagonal');
    const id = new Float64Array(n * n);
    for (let i = 0; i < n; i++) id[i * n + i] = 1;
    assertDeepEqual(symmetricEigenvalues({ rows: n, cols: n, data: id }, { backend: backend as B }), new Float64Array(n).fill(1), 'identity');
    assertDeepEqual(symmetricEigenvalues({ rows: n, cols: n, data: new Float64Array(n * n) }, { backend: backend as B }), new Float64Array(n), 'zero');
    const dec = symmetricEigendecomposition({ rows: n, cols: n, data: id }, { backend: backend as B });
    assertDeepEqual(dec.values, new Float64Array(n).fill(1), 'identity values (vectors route)');
    assertDeepEqual(tridiagonalEigenvalues(diag, new Float64Array(n - 1), { backend: backend as B }), sortedCopy(diag), 'diagonal tridiagonal');
    // Selected values of diagonal input are exact on every route (bisection for k ≤ n/20, slices otherwise).
    const big = 100;
    const bigDiag = Float64Array.from({ length: big }, (_, i) => (i % 7) - 3 + (i % 3) * 1e-9);
    const dm = new Float64Array(big * big);
    for (let i = 0; i < big; i++) dm[i * big + i] = bigDiag[i]!;
    const sortedBig = sortedCopy(bigDiag);
    for (const [lo, hi] of [[0, 0], [3, 7], [50, 54], [99, 99], [10, 80]] as const) {
      assertDeepEqual(symmetricEigenvalues({ rows: big, cols: big, data: dm }, { backend: backend as B, select: { index: [lo, hi] } }), sortedBig.slice(lo, hi + 1), `diagonal select [${lo}, ${hi}]`);
      assertDeepEqual(symmetricEigendecomposition({ rows: big, cols: big, data: dm }, { backend: backend as B, select: { index: [lo, hi] } }).values, sortedBig.slice(lo, hi + 1), `diagonal vectors select [${lo}, ${hi}]`);
    }
    assertDeepEqual(tridiagonalEigenvalues(bigDiag, new Float64Array(big - 1), { backend: backend as B, select: { interval: [-0.5, 0.5] } }), sortedBig.filter((x) => x > -0.5 && x <= 0.5), 'diagonal interval');
    assertDeepEqual(symmetricEigenvalues({ rows: big, cols: big, data: new Float64Array(big * big) }, { backend: backend as B, select: { index: [2, 4] } }), [0, 0, 0], 'zero matrix, bisection route');
  });

  test('rank-deficient X·Xᵀ (rank n/4): zero block and σ² within 8·n·u·‖A‖', ({ backend }) => {
    const n = 120;
    const r = n / 4;
    const q = orthogonalFromReflectors(n, n, 5);
    // X = Q[:, :r]·diag(σ): X·Xᵀ = Q·diag(σ², 0…0)·Qᵀ, formed as X·Xᵀ here (not from the spectrum).
    const sigma = linspace(0.5, 3, r);
    const x = new Float64Array(n * r);
    for (let i = 0; i < n; i++) for (let c = 0; c < r; c++) x[i * r + c] = q[i * n + c]! * sigma[c]!;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let s = 0;
        for (let c = 0; c < r; c++) s += x[i * r + c]! * x[j * r + c]!;
        a[i * n + j] = s;
        a[j * n + i] = s;
      }
    }
    const want = sortedCopy([...Array.from(sigma, (s) => s * s), ...new Array(n - r).fill(0)]);
    const got = symmetricEigenvalues({ rows: n, cols: n, data: a }, { backend: backend as B });
    assertAtMost(maxAbsDiff(got, want), 8 * n * U * 9, 'rank-deficient');
  });

  test("Wilkinson's W⁺₂₁: both near-equal top eigenvalues (vs LAPACK), dense and tridiagonal", ({ backend }) => {
    const want = references.wilkinsonW21plus.eigenvalues;
    const d = Float64Array.from({ length: 21 }, (_, i) => Math.abs(10 - i));
    const e = new Float64Array(20).fill(1);
    const bound = 8 * 21 * U * 10.75;
    const tri = tridiagonalEigenvalues(d, e, { backend: backend as B });
    assertAtMost(maxAbsDiff(tri, want), bound, 'tridiagonal');
    // The top pair differs by 7e-14: both come back, distinct and ordered.
    assert(tri[20]! > tri[19]!, `top pair distinct: ${tri[19]} < ${tri[20]}`);
    const a = new Float64Array(21 * 21);
    for (let i = 0; i < 21; i++) {
      a[i * 21 + i] = d[i]!;
      if (i < 20) a[i * 21 + i + 1] = a[(i + 1) * 21 + i] = 1;
    }
    assertAtMost(maxAbsDiff(symmetricEigenvalues({ rows: 21, cols: 21, data: a }, { backend: backend as B }), want), bound, 'dense');
    const top = tridiagonalEigenvalues(d, e, { backend: backend as B, select: { index: [19, 20] } });
    assertAtMost(maxAbsDiff(top, want.slice(19)), bound, 'top pair by index');
  });

  test('1×1 and 2×2 closed forms; Float32Array input', ({ backend }) => {
    assertDeepEqual(symmetricEigenvalues({ rows: 1, cols: 1, data: Float64Array.of(-3.5) }, { backend: backend as B }), [-3.5]);
    const one = symmetricEigendecomposition({ rows: 1, cols: 1, data: Float64Array.of(7) }, { backend: backend as B });
    assertDeepEqual(one.values, [7]);
    assertEqual(Math.abs(one.vectors.data[0]!), 1);
    assertDeepEqual(tridiagonalEigenvalues([4], [], { backend: backend as B }), [4]);
    for (const [p, b, c] of [[2, 1, 2], [1e-3, 5, -7], [3, 0, 3], [1, 1e-9, 1 + 1e-12], [-4, 2.5, 9]] as const) {
      const mid = (p + c) / 2;
      const rad = Math.hypot((p - c) / 2, b);
      const want = [mid - rad, mid + rad];
      const scale = Math.max(Math.abs(p), Math.abs(b), Math.abs(c));
      const got = symmetricEigenvalues({ rows: 2, cols: 2, data: Float64Array.of(p, b, b, c) }, { backend: backend as B });
      assertAtMost(maxAbsDiff(got, want), 8 * 2 * U * 2 * scale, `2×2 [${p}, ${b}; ${b}, ${c}]`);
      const tri = tridiagonalEigenvalues([p, c], [b], { backend: backend as B });
      assertAtMost(maxAbsDiff(tri, want), 8 * 2 * U * 2 * scale, `2×2 tridiagonal`);
    }
    const f32 = new Float32Array([2, 1, 1, 2]);
    assertAtMost(maxAbsDiff(symmetricEigenvalues({ rows: 2, cols: 2, data: f32 }, { backend: backend as B }), [1, 3]), 8 * 2 * U * 3, 'Float32Array promoted');
  });

  test('tridiag(1, 2, 1) closed form 2 + 2cos(kπ/(n+1)), and LAPACK on a mulberry32 tridiagonal', ({ backend }) => {
    for (const n of [2, 3, 10, 100, 1000]) {
      const got = tridiagonalEigenvalues(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(1), { backend: backend as B });
      assertAtMost(maxAbsDiff(got, oneTwoOneSpectrum(n)), 8 * n * U * 4, `n=${n}`);
    }
    const ref = references.uniformTridiagonal200;
    const { d, e } = mulberryTridiagonal(ref.seed, ref.n);
    assertAtMost(maxAbsDiff(tridiagonalEigenvalues(d, e, { backend: backend as B }), ref.eigenvalues), 8 * ref.n * U * 3, 'vs LAPACK');
  });

  test('selected eigenvalues by index and interval agree with the full set (bisection and slice routes)', ({ backend }) => {
    const n = 240;
    const a = randomSymmetric(n, 77);
    const all = symmetricEigenvalues(a, { backend: backend as B });
    const bound = 8 * n * U * maxAbs(all);
    // k ≤ n/20 bisects; larger k slices dsterf's output.
    for (const [lo, hi] of [[0, 0], [n - 1, n - 1], [5, 14], [100, 111], [0, n - 1], [30, 150]] as const) {
      const got = symmetricEigenvalues(a, { backend: backend as B, select: { index: [lo, hi] } });
      assertAtMost(maxAbsDiff(got, all.slice(lo, hi + 1)), bound, `index [${lo}, ${hi}]`);
    }
    // Interval ends halfway between eigenvalues, so the count is unambiguous.
    for (const [i, j] of [[3, 9], [120, 121], [0, 200], [-1, 239], [50, 51]] as const) {
      const vl = i < 0 ? -1e6 : 0.5 * (all[i]! + all[i + 1]!);
      const vu = j >= n - 1 ? 1e6 : 0.5 * (all[j]! + all[j + 1]!);
      const got = symmetricEigenvalues(a, { backend: backend as B, select: { interval: [vl, vu] } });
      assertAtMost(maxAbsDiff(got, all.slice(i + 1, j + 1)), bound, `interval (${vl}, ${vu}]`);
    }
    assertEqual(symmetricEigenvalues(a, { backend: backend as B, select: { interval: [all[n - 1]! + 1, Infinity] } }).length, 0, 'empty interval');
    // The tridiagonal route on tridiag(1, 2, 1), n = 2000: bisection for 10 values vs the closed form.
    const m = 2000;
    const want = oneTwoOneSpectrum(m);
    const dd = new Float64Array(m).fill(2);
    const ee = new Float64Array(m - 1).fill(1);
    const few = tridiagonalEigenvalues(dd, ee, { backend: backend as B, select: { index: [995, 1004] } });
    assertAtMost(maxAbsDiff(few, want.slice(995, 1005)), 8 * m * U * 4, 'bisection by index');
    const vl = 0.5 * (want[9]! + want[10]!);
    const vu = 0.5 * (want[19]! + want[20]!);
    const interval = tridiagonalEigenvalues(dd, ee, { backend: backend as B, select: { interval: [vl, vu] } });
    assertAtMost(maxAbsDiff(interval, want.slice(10, 20)), 8 * m * U * 4, 'bisection by interval');
  });

  test('Sturm counts equal the counted truth (shifts between known eigenvalues, ±Infinity, beyond the ends)', ({ backend }) => {
    for (const n of [1, 2, 9, 301]) {
      const want = oneTwoOneSpectrum(n);
      const shifts: number[] = [-Infinity, -1, 5, Infinity];
      const truth: number[] = [0, 0, n, n];
      for (let k = 0; k + 1 < n; k++) {
        shifts.push(0.5 * (want[k]! + want[k + 1]!));
        truth.push(k + 1);
      }
      const got = sturmCounts(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(1), shifts, { backend: backend as B });
      assertDeepEqual(got, truth, `n=${n}`);
    }
    // Wilkinson W⁺₂₁ with LAPACK's eigenvalues: shifts between them.
    const w = references.wilkinsonW21plus.eigenvalues;
    const d = Float64Array.from({ length: 21 }, (_, i) => Math.abs(10 - i));
    const shifts = w.slice(0, 18).map((x, k) => 0.5 * (x + w[k + 1]!));
    assertDeepEqual(sturmCounts(d, new Float64Array(20).fill(1), shifts, { backend: backend as B }), shifts.map((_, k) => k + 1), 'W21+');
    assertDeepEqual(sturmCounts([], [], [0, 1], { backend: backend as B }), [0, 0], 'n = 0');
  });

  test('eigenvectors: ‖AV − VΛ‖_F ≤ 8·n·u·‖A‖_F, ‖VᵀV − I‖_F ≤ 8·n·u; clustered values compared as subspaces', ({ backend }) => {
    for (const n of [1, 2, 5, 64, 130, 300]) {
      const a = randomSymmetric(n, 300 + n);
      const { values, vectors } = symmetricEigendecomposition(a, { backend: backend as B });
      assertEqual(vectors.rows, n);
      assertEqual(vectors.cols, n);
      const { residual, orthogonality } = eigenResiduals(a, values, vectors);
      assertAtMost(residual, 8 * n * U * frobenius(a.data), `residual n=${n}`);
      assertAtMost(orthogonality, 8 * n * U, `orthogonality n=${n}`);
      const only = symmetricEigenvalues(a, { backend: backend as B });
      assertAtMost(maxAbsDiff(values, only), 8 * n * U * maxAbs(only), `values agree with symmetricEigenvalues n=${n}`);
    }
    // Duplicated eigenvalues (four values, n/4 copies): each group's invariant subspace.
    const n = 96;
    const q = orthogonalFromReflectors(n, n, 42);
    const lambda = spectra.duplicated!(n);
    const a = withSpectrum(q, lambda);
    const { values, vectors } = symmetricEigendecomposition(a, { backend: backend as B });
    const fro = frobenius(a.data);
    const { residual, orthogonality } = eigenResiduals(a, values, vectors);
    assertAtMost(residual, 8 * n * U * fro, 'duplicated: residual');
    assertAtMost(orthogonality, 8 * n * U, 'duplicated: orthogonality');
    const gap = 0.5; // smallest distance between the four values
    for (let g = 0; g < 4; g++) {
      const cols = Array.from({ length: n / 4 }, (_, i) => g * (n / 4) + i);
      // Q's columns are ordered as λ, which is ascending: group g is columns g·n/4 … of both.
      assertAtMost(projectorDistance(n, vectors, q, cols), (8 * n * U * fro) / gap, `subspace of group ${g}`);
    }
    // Clustered values (spacing 1e-10): residuals still at rounding level.
    const c = withSpectrum(orthogonalFromReflectors(80, 80, 8), spectra.clustered!(80));
    const dc = symmetricEigendecomposition(c, { backend: backend as B });
    const rc = eigenResiduals(c, dc.values, dc.vectors);
    assertAtMost(rc.residual, 8 * 80 * U * frobenius(c.data), 'clustered: residual');
    assertAtMost(rc.orthogonality, 8 * 80 * U, 'clustered: orthogonality');
  });

  test('eigenvectors of a selection are the matching columns of the full decomposition', ({ backend }) => {
    const n = 70;
    const a = randomSymmetric(n, 9);
    const full = symmetricEigendecomposition(a, { backend: backend as B });
    const part = symmetricEigendecomposition(a, { backend: backend as B, select: { index: [10, 19] } });
    assertEqual(part.vectors.rows, n);
    assertEqual(part.vectors.cols, 10);
    assertAtMost(maxAbsDiff(part.values, full.values.slice(10, 20)), 8 * n * U * maxAbs(full.values), 'values');
    const { residual, orthogonality } = eigenResiduals(a, part.values, part.vectors);
    assertAtMost(residual, 8 * n * U * frobenius(a.data), 'residual');
    assertAtMost(orthogonality, 8 * n * U, 'orthogonality');
    const vl = 0.5 * (full.values[29]! + full.values[30]!);
    const vu = 0.5 * (full.values[33]! + full.values[34]!);
    const byInterval = symmetricEigendecomposition(a, { backend: backend as B, select: { interval: [vl, vu] } });
    assertEqual(byInterval.vectors.cols, 4, 'interval columns');
    assertAtMost(maxAbsDiff(byInterval.values, full.values.slice(30, 34)), 8 * n * U * maxAbs(full.values), 'interval values');
  });

  test('a few selected eigenvectors (bisection + inverse iteration + back-transformation) meet the same bounds', ({ backend }) => {
    // k ≤ n/20 takes the dstein route: residuals, orthogonality, values vs the full set.
    const n = 240;
    const a = randomSymmetric(n, 21);
    const all = symmetricEigenvalues(a, { backend: backend as B });
    const fro = frobenius(a.data);
    for (const [lo, hi] of [[0, 4], [117, 126], [n - 1, n - 1], [n - 12, n - 1]] as const) {
      const part = symmetricEigendecomposition(a, { backend: backend as B, select: { index: [lo, hi] } });
      assertEqual(part.vectors.cols, hi - lo + 1);
      assertAtMost(maxAbsDiff(part.values, all.slice(lo, hi + 1)), 8 * n * U * maxAbs(all), `values [${lo}, ${hi}]`);
      const { residual, orthogonality } = eigenResiduals(a, part.values, part.vectors);
      assertAtMost(residual, 8 * n * U * fro, `residual [${lo}, ${hi}]`);
      assertAtMost(orthogonality, 8 * n * U, `orthogonality [${lo}, ${hi}]`);
    }
    const vl = 0.5 * (all[49]! + all[50]!);
    const vu = 0.5 * (all[55]! + all[56]!);
    const byInterval = symmetricEigendecomposition(a, { backend: backend as B, select: { interval: [vl, vu] } });
    assertEqual(byInterval.vectors.cols, 6, 'interval columns');
    assertAtMost(eigenResiduals(a, byInterval.values, byInterval.vectors).residual, 8 * n * U * fro, 'interval residual');
    const none = symmetricEigendecomposition(a, { backend: backend as B, select: { interval: [all[n - 1]! + 1, all[n - 1]! + 2] } });
    assertDeepEqual([none.values.length, none.vectors.rows, none.vectors.cols], [0, n, 0], 'empty interval');
    // Repeated and tightly clustered values: vectors taken from inside a cluster of 40 equal values
    // lie in its invariant subspace and stay orthonormal (Gram–Schmidt within the cluster).
    const m = 200;
    const q = orthogonalFromReflectors(m, m, 77);
    const lambda = spectra.duplicated!(m);
    const dup = withSpectrum(q, lambda);
    const dfro = frobenius(dup.data);
    const sel = symmetricEigendecomposition(dup, { backend: backend as B, select: { index: [55, 64] } });
    assertAtMost(maxAbsDiff(sel.values, new Float64Array(10).fill(0.5)), 8 * m * U * 4, 'duplicated values');
    const rd = eigenResiduals(dup, sel.values, sel.vectors);
    assertAtMost(rd.residual, 8 * m * U * dfro, 'duplicated: residual');
    assertAtMost(rd.orthogonality, 8 * m * U, 'duplicated: orthogonality');
    // ‖(I − P)V‖_F with P the projector on the known eigenspace of 0.5 (Q's columns 50…99).
    let outside = 0;
    for (let c = 0; c < 10; c++) {
      const coef = new Float64Array(m);
      for (let j = 50; j < 100; j++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += q[i * m + j]! * sel.vectors.data[i * 10 + c]!;
        coef[j] = s;
      }
      for (let i = 0; i < m; i++) {
        let p = 0;
        for (let j = 50; j < 100; j++) p += q[i * m + j]! * coef[j]!;
        const r = sel.vectors.data[i * 10 + c]! - p;
        outside += r * r;
      }
    }
    assertAtMost(Math.sqrt(outside), (8 * m * U * dfro) / 0.5, 'duplicated: inside the eigenspace');
    const tight = withSpectrum(orthogonalFromReflectors(m, m, 78), spectra.clustered!(m));
    const st = symmetricEigendecomposition(tight, { backend: backend as B, select: { index: [20, 29] } });
    const rt = eigenResiduals(tight, st.values, st.vectors);
    assertAtMost(rt.residual, 8 * m * U * frobenius(tight.data), 'tight cluster: residual');
    assertAtMost(rt.orthogonality, 8 * m * U, 'tight cluster: orthogonality');
  });

  test('Gauss–Legendre vs Newton on the Legendre recurrence, n = 20/100/500: nodes within 4nu, weights within 1e-13/1e-10/1e-8', ({ backend }) => {
    for (const [n, weightBar] of [[20, 1e-13], [100, 1e-10], [500, 1e-8]] as const) {
      const truth = legendreByNewton(n);
      const { d, e } = legendreJacobi(n);
      for (const weights of ['golubWelsch', 'recurrence'] as const) {
        const rule = gaussQuadrature(d, e, { backend: backend as B, mu0: 2, weights });
        assertAtMost(maxAbsDiff(rule.nodes, truth.nodes), 4 * n * U, `nodes n=${n} ${weights}`);
        let rel = 0;
        for (let i = 0; i < n; i++) rel = Math.max(rel, Math.abs(rule.weights[i]! - truth.weights[i]!) / truth.weights[i]!);
        assertAtMost(rel, weightBar, `relative weight error n=${n} ${weights}`);
        assertAtMost(maxAbsDiff(rule.weights, truth.weights), 4 * n * U * 2, `absolute weight error n=${n} ${weights}`);
      }
    }
  });

  test('Gauss–Chebyshev is exact: cos((2i − 1)π/2n) and π/n', ({ backend }) => {
    for (const n of [1, 2, 7, 64, 301]) {
      const e = new Float64Array(n - 1).fill(0.5);
      if (n > 1) e[0] = Math.SQRT1_2;
      const nodes = Float64Array.from({ length: n }, (_, i) => Math.cos(((2 * (n - i) - 1) * Math.PI) / (2 * n)));
      for (const weights of ['golubWelsch', 'recurrence'] as const) {
        const rule = gaussQuadrature(new Float64Array(n), e, { backend: backend as B, mu0: Math.PI, weights });
        assertAtMost(maxAbsDiff(rule.nodes, nodes), 4 * n * U, `nodes n=${n} ${weights}`);
        assertAtMost(maxAbsDiff(rule.weights, new Float64Array(n).fill(Math.PI / n)), 4 * n * U * Math.PI, `weights n=${n} ${weights}`);
      }
    }
  });

  test('moment identities: Σw_i·x_iʲ = ∫xʲdμ for j ≤ 2n − 1 within 4nu·μ₀·max|x|ʲ (Legendre, Laguerre); Hermite/Laguerre vs 40-digit references', ({ backend }) => {
    for (const n of [5, 20, 40]) {
      const { d, e } = legendreJacobi(n);
      for (const weights of ['golubWelsch', 'recurrence'] as const) {
        const rule = gaussQuadrature(d, e, { backend: backend as B, mu0: 2, weights });
        const xmax = maxAbs(rule.nodes);
        for (let j = 0; j <= 2 * n - 1; j++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += rule.weights[i]! * rule.nodes[i]! ** j;
          const moment = j % 2 === 0 ? 2 / (j + 1) : 0;
          assertAtMost(Math.abs(s - moment), 4 * n * U * 2 * xmax ** j, `Legendre n=${n} j=${j} ${weights}`);
        }
      }
    }
    // Laguerre (α = 0): d_k = 2k + 1, e_k = k + 1, μ₀ = 1; moments j!.
    const n = 8;
    const d = Float64Array.from({ length: n }, (_, k) => 2 * k + 1);
    const e = Float64Array.from({ length: n - 1 }, (_, k) => k + 1);
    for (const weights of ['golubWelsch', 'recurrence'] as const) {
      const rule = gaussQuadrature(d, e, { backend: backend as B, weights });
      const xmax = maxAbs(rule.nodes);
      let factorial = 1;
      for (let j = 0; j <= 2 * n - 1; j++) {
        if (j > 0) factorial *= j;
        let s = 0;
        for (let i = 0; i < n; i++) s += rule.weights[i]! * rule.nodes[i]! ** j;
        assertAtMost(Math.abs(s - factorial), 4 * n * U * xmax ** j, `Laguerre j=${j} ${weights}`);
      }
    }
    // Hermite (μ₀ = √π; d = 0, e_k = √(k/2)) and Laguerre rules against 40-digit references.
    for (const ref of [references.gaussHermite20, references.gaussHermite60]) {
      const m = ref.n;
      const ee = Float64Array.from({ length: m - 1 }, (_, k) => Math.sqrt((k + 1) / 2));
      for (const weights of ['golubWelsch', 'recurrence'] as const) {
        const rule = gaussQuadrature(new Float64Array(m), ee, { backend: backend as B, mu0: Math.sqrt(Math.PI), weights });
        assertAtMost(maxAbsDiff(rule.nodes, ref.nodes), 4 * m * U * maxAbs(ref.nodes), `Hermite ${m} nodes ${weights}`);
        assertAtMost(maxAbsDiff(rule.weights, ref.weights), 4 * m * U * Math.sqrt(Math.PI), `Hermite ${m} weights ${weights}`);
      }
    }
    const lag = references.gaussLaguerre20;
    const dl = Float64Array.from({ length: 20 }, (_, k) => 2 * k + 1);
    const el = Float64Array.from({ length: 19 }, (_, k) => k + 1);
    const gw = gaussQuadrature(dl, el, { backend: backend as B, weights: 'golubWelsch' });
    assertAtMost(maxAbsDiff(gw.nodes, lag.nodes), 4 * 20 * U * maxAbs(lag.nodes), 'Laguerre 20 nodes');
    assertAtMost(maxAbsDiff(gw.weights, lag.weights), 4 * 20 * U, 'Laguerre 20 weights (absolute, Golub–Welsch)');
    // The recurrence keeps relative accuracy down to the smallest weight (1.7e-28).
    const rec = gaussQuadrature(dl, el, { backend: backend as B, weights: 'recurrence' });
    let rel = 0;
    for (let i = 0; i < 20; i++) rel = Math.max(rel, Math.abs(rec.weights[i]! - lag.weights[i]!) / lag.weights[i]!);
    assertAtMost(rel, 1e-12, 'Laguerre 20 weights (relative, recurrence)');
  });

  test('a zero off-diagonal splits the Jacobi matrix: the measure lives on the first block', ({ backend }) => {
    // J = diag(J₁, J₂) with J₁ two-point Gauss–Legendre: nodes of J₂ get weight 0.
    const d = [0, 0, 5, 7];
    const e = [1 / Math.sqrt(3), 0, 0.5];
    for (const weights of ['golubWelsch', 'recurrence'] as const) {
      const rule = gaussQuadrature(d, e, { backend: backend as B, mu0: 2, weights });
      const r2 = Math.hypot(1, 0.5);
      assertAtMost(maxAbsDiff(rule.nodes, [-1 / Math.sqrt(3), 1 / Math.sqrt(3), 6 - r2, 6 + r2]), 8 * 4 * U * 8, `nodes ${weights}`);
      assertAtMost(maxAbsDiff(rule.weights, [1, 1, 0, 0]), 4 * 4 * U * 2, `weights ${weights}`);
    }
  });

  test('extreme scales are handled by exact power-of-two scaling (1e-200, 1e+200, subnormal)', ({ backend }) => {
    const n = 40;
    const q = orthogonalFromReflectors(n, n, 3);
    const lambda = linspace(-1, 2, n);
    const base = withSpectrum(q, lambda);
    for (const s of [1e-200, 1e200, 1e-300, 1e300]) {
      const a = { rows: n, cols: n, data: base.data.map((x) => x * s) };
      const got = symmetricEigenvalues(a, { backend: backend as B });
      for (let i = 0; i < n; i++) assert(Number.isFinite(got[i]!), `finite at scale ${s}`);
      assertAtMost(maxAbsDiff(got.map((x) => x / s), lambda), 8 * n * U * 2 * 1.0001, `scale ${s}`);
    }
    const tiny = Number.MIN_VALUE * 8; // subnormal
    assertDeepEqual(symmetricEigenvalues({ rows: 2, cols: 2, data: Float64Array.of(tiny, 0, 0, 2 * tiny) }, { backend: backend as B }), [tiny, 2 * tiny], 'subnormal diagonal');
    for (const s of [1e-250, 1e250]) {
      const m = 50;
      const got = tridiagonalEigenvalues(new Float64Array(m).fill(2 * s), new Float64Array(m - 1).fill(s), { backend: backend as B });
      assertAtMost(maxAbsDiff(got.map((x) => x / s), oneTwoOneSpectrum(m)), 8 * m * U * 4, `tridiagonal scale ${s}`);
      const spectrum = oneTwoOneSpectrum(m);
      const shifts = Array.from({ length: m - 1 }, (_, k) => 0.5 * s * (spectrum[k]! + spectrum[k + 1]!));
      const counts = sturmCounts(new Float64Array(m).fill(2 * s), new Float64Array(m - 1).fill(s), shifts, { backend: backend as B });
      assertDeepEqual(counts, shifts.map((_, k) => k + 1), `Sturm counts at scale ${s}`);
      const chebyshev = new Float64Array(m - 1).fill(0.5 * s);
      chebyshev[0] = Math.SQRT1_2 * s;
      const rule = gaussQuadrature(new Float64Array(m), chebyshev, { backend: backend as B, mu0: Math.PI });
      assertAtMost(maxAbsDiff(rule.weights, new Float64Array(m).fill(Math.PI / m)), 4 * m * U * Math.PI, `Gauss weights at scale ${s}`);
    }
  });

  test('wasm and JS agree within 8·n·u·‖A‖ (values, bisection, Gauss rules, vectors as subspaces)', ({ backend }) => {
    if (backend !== 'wasm') return; // compares the live wasm build with the JS twins
    const n = 150;
    const a = randomSymmetric(n, 55);
    const w = symmetricEigenvalues(a, { backend: 'wasm' });
    const j = symmetricEigenvalues(a, { backend: 'js' });
    const bound = 8 * n * U * maxAbs(j);
    assertAtMost(maxAbsDiff(w, j), bound, 'all values');
    assertAtMost(maxAbsDiff(symmetricEigenvalues(a, { backend: 'wasm', select: { index: [3, 8] } }), symmetricEigenvalues(a, { backend: 'js', select: { index: [3, 8] } })), bound, 'bisection');
    const { d, e } = legendreJacobi(300);
    for (const weights of ['golubWelsch', 'recurrence'] as const) {
      const rw = gaussQuadrature(d, e, { backend: 'wasm', mu0: 2, weights });
      const rj = gaussQuadrature(d, e, { backend: 'js', mu0: 2, weights });
      assertAtMost(maxAbsDiff(rw.nodes, rj.nodes), 4 * 300 * U, `Gauss nodes ${weights}`);
      assertAtMost(maxAbsDiff(rw.weights, rj.weights), 4 * 300 * U * 2, `Gauss weights ${weights}`);
    }
    const dw = symmetricEigendecomposition(a, { backend: 'wasm' });
    const dj = symmetricEigendecomposition(a, { backend: 'js' });
    // Same eigenvector up to sign for well-separated values: |v̂_wᵀ·v̂_j| ≈ 1.
    let gapMin = Infinity;
    for (let i = 1; i < n; i++) gapMin = Math.min(gapMin, j[i]! - j[i - 1]!);
    for (let c = 0; c < n; c++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += dw.vectors.data[r * n + c]! * dj.vectors.data[r * n + c]!;
      assertAtMost(1 - Math.abs(dot), (8 * n * U * frobenius(a.data)) / gapMin, `vector ${c}`);
    }
  });

  test('wasm memory is reused across many calls (no growth after the first)', ({ backend }) => {
    if (backend !== 'wasm') return;
    const a = randomSymmetric(60, 1);
    const { d, e } = legendreJacobi(200);
    symmetricEigendecomposition(a, { backend: 'wasm' });
    gaussQuadrature(d, e, { backend: 'wasm' });
    const before = wasmMemoryBytes();
    for (let i = 0; i < 300; i++) {
      symmetricEigenvalues(a, { backend: 'wasm' });
      symmetricEigendecomposition(a, { backend: 'wasm', select: { index: [0, 3] } });
      tridiagonalEigenvalues(d, e, { backend: 'wasm', select: { index: [0, 4] } });
      sturmCounts(d, e, [0, 0.5], { backend: 'wasm' });
      gaussQuadrature(d, e, { backend: 'wasm', weights: 'recurrence' });
    }
    assertEqual(wasmMemoryBytes(), before, 'memory bytes after 1500 calls');
  });

  test('bad input: typed SpectraErrors per specs/core.md §1.4, the same on every backend', ({ backend }) => {
    const be = backend as B;
    const good = { rows: 2, cols: 2, data: Float64Array.of(1, 2, 2, 1) };
    // Shapes and dtypes.
    assertThrowsCode(() => symmetricEigenvalues({ rows: 2, cols: 3, data: new Float64Array(6) }, { backend: be }), 'E_NOT_SQUARE');
    assertThrowsCode(() => symmetricEigenvalues({ rows: 1, cols: 4, data: new Float64Array(4) }, { backend: be }), 'E_NOT_SQUARE', '1×N');
    assertThrowsCode(() => symmetricEigendecomposition({ rows: 3, cols: 2, data: new Float64Array(6) }, { backend: be }), 'E_NOT_SQUARE');
    assertThrowsCode(() => symmetricEigenvalues({ rows: 2, cols: 2, data: new Float64Array(3) }, { backend: be }), 'E_SHAPE');
    assertThrowsCode(() => symmetricEigenvalues({ rows: 2, cols: 2, data: [1, 2, 2, 1] as unknown as Float64Array }, { backend: be }), 'E_DTYPE');
    assertThrowsCode(() => symmetricEigenvalues(null as unknown as Matrix, { backend: be }), 'E_SHAPE');
    assertThrowsCode(() => tridiagonalEigenvalues([1, 2, 3], [1], { backend: be }), 'E_SHAPE');
    assertThrowsCode(() => tridiagonalEigenvalues([1, 2], [1, 2], { backend: be }), 'E_SHAPE');
    assertThrowsCode(() => tridiagonalEigenvalues([], [0], { backend: be }), 'E_SHAPE', 'n = 0 with an off-diagonal');
    assertThrowsCode(() => sturmCounts([1, 2], [], [0], { backend: be }), 'E_SHAPE');
    assertThrowsCode(() => sturmCounts([1, 2], [1], 3 as unknown as number[], { backend: be }), 'E_SHAPE');
    assertThrowsCode(() => gaussQuadrature([0, 0, 0], [1, 1, 1], { backend: be }), 'E_SHAPE');
    // Non-finite entries in the triangle read; the other triangle is not read.
    const nan = { rows: 2, cols: 2, data: Float64Array.of(1, 2, NaN, 1) }; // NaN in the lower triangle
    const err = assertThrowsCode(() => symmetricEigenvalues(nan, { backend: be }), 'E_NON_FINITE');
    assert(/a\[1\]\[0\]/.test(err.message ?? ''), `message names the entry: ${err.message}`);
    assertThrowsCode(() => symmetricEigenvalues(nan, { backend: be, triangle: 'lower' }), 'E_NON_FINITE');
    assertAtMost(maxAbsDiff(symmetricEigenvalues(nan, { backend: be, triangle: 'upper' }), [-1, 3]), 8 * 2 * U * 3, 'upper ignores the lower NaN');
    assertThrowsCode(() => symmetricEigenvalues({ rows: 2, cols: 2, data: Float64Array.of(Infinity, 0, 0, 1) }, { backend: be, triangle: 'upper' }), 'E_NON_FINITE');
    assertThrowsCode(() => symmetricEigendecomposition({ rows: 2, cols: 2, data: Float64Array.of(1, -Infinity, -Infinity, 1) }, { backend: be }), 'E_NON_FINITE');
    assertThrowsCode(() => tridiagonalEigenvalues([1, NaN], [0], { backend: be }), 'E_NON_FINITE');
    assertThrowsCode(() => tridiagonalEigenvalues([1, 2], [Infinity], { backend: be }), 'E_NON_FINITE');
    assertThrowsCode(() => sturmCounts([1, 2], [1], [0, NaN], { backend: be }), 'E_NON_FINITE');
    assertThrowsCode(() => gaussQuadrature([0, NaN], [1], { backend: be }), 'E_NON_FINITE');
    // Symmetry: √u·max|a_ij| is the tolerance of 'both'.
    const tol = 2 ** -26.5 * 4;
    assertThrowsCode(() => symmetricEigenvalues({ rows: 2, cols: 2, data: Float64Array.of(1, 4, 4 + 3 * tol, 1) }, { backend: be }), 'E_NOT_SYMMETRIC');
    assertThrowsCode(() => symmetricEigendecomposition({ rows: 3, cols: 3, data: Float64Array.of(1, 0, 0, 0, 1, 1, 0, 0, 1) }, { backend: be }), 'E_NOT_SYMMETRIC');
    const nearly = symmetricEigenvalues({ rows: 2, cols: 2, data: Float64Array.of(1, 4, 4 + 0.5 * tol, 1) }, { backend: be });
    assertAtMost(maxAbsDiff(nearly, [-3 - 0.25 * tol, 5 + 0.25 * tol]), 1e-14, 'within tolerance: ½(A + Aᵀ) is used');
    assertDeepEqual(symmetricEigenvalues({ rows: 2, cols: 2, data: Float64Array.of(1, 0, 99, 1) }, { backend: be, triangle: 'upper' }), [1, 1], "'upper' reads one triangle");
    assertDeepEqual(symmetricEigenvalues({ rows: 2, cols: 2, data: Float64Array.of(1, 99, 0, 1) }, { backend: be, triangle: 'lower' }), [1, 1], "'lower' reads one triangle");
    // Options.
    assertThrowsCode(() => symmetricEigenvalues(good, { backend: be, triangle: 'diagonal' as 'both' }), 'E_ARGUMENT');
    assertThrowsCode(() => symmetricEigenvalues(good, { backend: be, select: { index: [0, 2] } }), 'E_ARGUMENT', 'index beyond n − 1');
    assertThrowsCode(() => symmetricEigenvalues(good, { backend: be, select: { index: [1, 0] } }), 'E_ARGUMENT', 'lo > hi');
    assertThrowsCode(() => symmetricEigenvalues(good, { backend: be, select: { index: [-1, 0] } }), 'E_ARGUMENT', 'negative index');
    assertThrowsCode(() => symmetricEigenvalues(good, { backend: be, select: { index: [0.5, 1] } }), 'E_ARGUMENT', 'non-integer index');
    assertThrowsCode(() => symmetricEigenvalues(good, { backend: be, select: { interval: [1, 1] } }), 'E_ARGUMENT', 'vl = vu');
    assertThrowsCode(() => symmetricEigenvalues(good, { backend: be, select: { interval: [2, 1] } }), 'E_ARGUMENT', 'vl > vu');
    assertThrowsCode(() => symmetricEigenvalues(good, { backend: be, select: { interval: [NaN, 1] } }), 'E_ARGUMENT', 'NaN end');
    assertThrowsCode(() => symmetricEigenvalues(good, { backend: be, select: {} as { index: [number, number] } }), 'E_ARGUMENT', 'empty select');
    assertThrowsCode(() => symmetricEigendecomposition(good, { backend: be, select: { index: [0, 5] } }), 'E_ARGUMENT');
    assertThrowsCode(() => tridiagonalEigenvalues([1, 2], [1], { backend: be, select: { index: [2, 2] } }), 'E_ARGUMENT');
    assertThrowsCode(() => tridiagonalEigenvalues([1, 2], [1], { backend: be, select: { interval: [3, -3] } }), 'E_ARGUMENT');
    assertThrowsCode(() => tridiagonalEigenvalues([], [], { backend: be, select: { index: [0, 0] } }), 'E_ARGUMENT', 'index into an empty matrix');
    for (const mu0 of [0, -1, NaN, Infinity]) assertThrowsCode(() => gaussQuadrature([0, 0], [1], { backend: be, mu0 }), 'E_ARGUMENT', `mu0 = ${mu0}`);
    assertThrowsCode(() => gaussQuadrature([0, 0], [1], { backend: be, weights: 'lanczos' as 'recurrence' }), 'E_ARGUMENT');
    assertThrowsCode(() => symmetricEigenvalues(good, null as never), 'E_ARGUMENT', 'null options');
    // Aborted before the work starts.
    const controller = new AbortController();
    controller.abort();
    assertThrowsCode(() => symmetricEigenvalues(good, { backend: be, signal: controller.signal }), 'E_ABORTED');
    assertThrowsCode(() => symmetricEigendecomposition(good, { backend: be, signal: controller.signal }), 'E_ABORTED');
    assertThrowsCode(() => tridiagonalEigenvalues([1], [], { backend: be, signal: controller.signal }), 'E_ABORTED');
    assertThrowsCode(() => gaussQuadrature([1], [], { backend: be, signal: controller.signal }), 'E_ABORTED');
    // Empty input: empty results of the right shape.
    assertDeepEqual(symmetricEigenvalues({ rows: 0, cols: 0, data: new Float64Array(0) }, { backend: be }), []);
    const empty = symmetricEigendecomposition({ rows: 0, cols: 0, data: new Float64Array(0) }, { backend: be });
    assertDeepEqual([empty.values.length, empty.vectors.rows, empty.vectors.cols], [0, 0, 0]);
    assertDeepEqual(tridiagonalEigenvalues([], [], { backend: be }), []);
    assertDeepEqual(tridiagonalEigenvalues([], [], { backend: be, select: { interval: [0, 1] } }), []);
    const g0 = gaussQuadrature([], [], { backend: be });
    assertDeepEqual([g0.nodes.length, g0.weights.length], [0, 0]);
    assertDeepEqual(sturmCounts([1], [], [], { backend: be }), []);
    // Progress is reported.
    const seen: number[] = [];
    symmetricEigenvalues(good, { backend: be, onProgress: (f) => seen.push(f) });
    assertEqual(seen[seen.length - 1], 1, 'progress ends at 1');
    const phases: number[] = [];
    symmetricEigendecomposition(randomSymmetric(30, 2), { backend: be, onProgress: (f) => phases.push(f) });
    assertDeepEqual(phases, [0.2, 0.35, 1], 'eigendecomposition reports its phases');
  });
});
