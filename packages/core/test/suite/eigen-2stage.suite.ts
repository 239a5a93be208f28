// The two-stage tridiagonal reduction (dense → band → tridiagonal; specs/core.md §2.2, forced with
// `tridiagonalization: 'two-stage'`) against the same independent truths as the one-stage route
// (eigen.suite.ts, §3.1): spectra fixed by construction (Q·diag(λ)·Qᵀ from seeded Householder
// reflectors built here), trace and Frobenius identities, LAPACK through numpy
// (fixtures/eigen-references.json), exactness on diagonal input, and wasm/JS agreement. Orders are
// chosen around the band half-width 32: n ≤ 33 is stage 2 alone, 34 a single panel with two
// columns beyond the band, 65–66 a partial last panel, 97–333 several panels.
// And gramEigenvalues (the ESD route of specs/weights.md §3): spectra of U·diag(σ)·Vᵀ, exact
// integer Gram matrices, identity with symmetricEigenvalues(gram(a)), power-of-two scaling, errors.
import { gram, gramEigenvalues, randomGaussian, rng, symmetricEigenvalues, transpose, type Matrix } from '@spectra/core';
import { assert, assertAtMost, assertDeepEqual, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';
import references from '../fixtures/eigen-references.json' with { type: 'json' };
import { orthogonalFromReflectors, randomSymmetric, withSpectrum } from './known-spectra.js';
import { frobenius, linspace, maxAbs, maxAbsDiff, sortedCopy } from './array-measures.js';

const U = 2 ** -53;
type B = 'wasm' | 'js';
const TWO = { tridiagonalization: 'two-stage' } as const;

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

/** W = U·diag(σ)·Vᵀ (rows × cols, rows ≥ cols = σ.length) from reflector-built orthogonal factors. */
function withSingularValues(rows: number, sigma: Float64Array, seed: number): Matrix {
  const cols = sigma.length;
  const u = orthogonalFromReflectors(rows, 6, seed);
  const v = orthogonalFromReflectors(cols, 6, seed + 1);
  const w = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < cols; k++) s += u[i * rows + k]! * sigma[k]! * v[j * cols + k]!;
      w[i * cols + j] = s;
    }
  }
  return { rows, cols, data: w };
}

export default defineSuite('eigen-2stage', (test) => {
  const spectra: Record<string, (n: number) => Float64Array> = {
    spread: (n) => linspace(-3, 5, n),
    duplicated: (n) => Float64Array.from({ length: n }, (_, i) => [-2, 0.5, 1, 4][Math.floor((4 * i) / n)]!),
    clustered: (n) => Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 1 + 1e-10 * i : -1 - (4 * i) / n)),
    logspace: (n) => Float64Array.from({ length: n }, (_, i) => 10 ** (-(14 * i) / (n - 1))),
  };

  test('two-stage, known spectra Q·diag(λ)·Qᵀ: max|λ̂ − λ| ≤ 8·n·u·‖A‖ (n = 33, 34, 66, 97, 160)', ({ backend }) => {
    for (const n of [33, 34, 66, 97, 160]) {
      const q = orthogonalFromReflectors(n, n, 11 + n);
      for (const [name, make] of Object.entries(spectra)) {
        const lambda = make(n);
        const a = withSpectrum(q, lambda);
        const bound = 8 * n * U * maxAbs(lambda);
        const got = symmetricEigenvalues(a, { backend: backend as B, ...TWO });
        assertAtMost(maxAbsDiff(got, sortedCopy(lambda)), bound, `${name} n=${n}`);
        // The other triangles go through the same reduction after the copy-in.
        if (n === 97) {
          for (const triangle of ['upper', 'lower'] as const) {
            assertAtMost(maxAbsDiff(symmetricEigenvalues(a, { backend: backend as B, triangle, ...TWO }), sortedCopy(lambda)), bound, `${name} n=${n} ${triangle}`);
          }
        }
      }
    }
  });

  test('two-stage, random symmetric N(0,1): |Σλ̂ − tr A| and |‖λ̂‖₂ − ‖A‖_F| ≤ 4·n·u·‖A‖_F', ({ backend }) => {
    for (const n of [1, 2, 3, 17, 33, 34, 35, 64, 65, 66, 200, 333]) {
      const a = randomSymmetric(n, 2000 + n);
      const lam = symmetricEigenvalues(a, { backend: backend as B, ...TWO });
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

  test('two-stage, LAPACK reference (numpy eigvalsh) on a mulberry32 uniform matrix, n = 64', ({ backend }) => {
    const ref = references.uniformSymmetric64;
    const got = symmetricEigenvalues(mulberrySymmetric(ref.seed, ref.n), { backend: backend as B, ...TWO });
    assertAtMost(maxAbsDiff(got, ref.eigenvalues), 8 * ref.n * U * maxAbs(ref.eigenvalues), 'vs LAPACK');
  });

  test('two-stage, diagonal, identity and zero matrices: exact; a band matrix already narrower than the band', ({ backend }) => {
    for (const n of [37, 100]) {
      const diag = Float64Array.from({ length: n }, (_, i) => Math.sin(3 * i) * 10 ** ((i % 7) - 3));
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) a[i * n + i] = diag[i]!;
      assertDeepEqual(symmetricEigenvalues({ rows: n, cols: n, data: a }, { backend: backend as B, ...TWO }), sortedCopy(diag), `diagonal n=${n}`);
      const id = new Float64Array(n * n);
      for (let i = 0; i < n; i++) id[i * n + i] = 1;
      assertDeepEqual(symmetricEigenvalues({ rows: n, cols: n, data: id }, { backend: backend as B, ...TWO }), new Float64Array(n).fill(1), `identity n=${n}`);
      assertDeepEqual(symmetricEigenvalues({ rows: n, cols: n, data: new Float64Array(n * n) }, { backend: backend as B, ...TWO }), new Float64Array(n), `zero n=${n}`);
    }
    // tridiag(1, 2, 1), n = 120: already tridiagonal, so stage 1 meets zero panels; 2 + 2cos(kπ/(n+1)).
    const n = 120;
    const t = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      t[i * n + i] = 2;
      if (i + 1 < n) t[i * n + i + 1] = t[(i + 1) * n + i] = 1;
    }
    const want = sortedCopy(Array.from({ length: n }, (_, k) => 2 + 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))));
    assertAtMost(maxAbsDiff(symmetricEigenvalues({ rows: n, cols: n, data: t }, { backend: backend as B, ...TWO }), want), 8 * n * U * 4, 'tridiag(1, 2, 1)');
  });

  test('two-stage, rank-deficient X·Xᵀ (rank n/4) and Float32Array input', ({ backend }) => {
    const n = 120;
    const r = n / 4;
    const q = orthogonalFromReflectors(n, n, 5);
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
    assertAtMost(maxAbsDiff(symmetricEigenvalues({ rows: n, cols: n, data: a }, { backend: backend as B, ...TWO }), want), 8 * n * U * 9, 'rank-deficient');
    const f32 = Float32Array.from(randomSymmetric(50, 9).data);
    const f64 = Float64Array.from(f32);
    assertAtMost(
      maxAbsDiff(symmetricEigenvalues({ rows: 50, cols: 50, data: f32 }, { backend: backend as B, ...TWO }), symmetricEigenvalues({ rows: 50, cols: 50, data: f64 }, { backend: backend as B })),
      8 * 50 * U * frobenius(f64),
      'Float32Array promoted',
    );
  });

  test('two-stage and one-stage agree within 8·n·u·‖A‖; wasm and JS two-stage agree too', ({ backend }) => {
    const n = 150;
    const a = randomSymmetric(n, 56);
    const one = symmetricEigenvalues(a, { backend: backend as B, tridiagonalization: 'one-stage' });
    const two = symmetricEigenvalues(a, { backend: backend as B, ...TWO });
    const bound = 8 * n * U * maxAbs(one);
    assertAtMost(maxAbsDiff(one, two), bound, 'one- vs two-stage');
    // 'auto' below the crossover is the one-stage route, bit for bit.
    assertDeepEqual(symmetricEigenvalues(a, { backend: backend as B }), one, "'auto' at n = 150");
    if (backend !== 'wasm') return; // the cross-backend comparison runs under the wasm builds
    assertAtMost(maxAbsDiff(two, symmetricEigenvalues(a, { backend: 'js', ...TWO })), bound, 'wasm vs JS, two-stage');
  });

  test('tridiagonalization option: bad values are E_ARGUMENT', ({ backend }) => {
    const a = randomSymmetric(4, 1);
    for (const bad of ['two', 2, false, 'One-stage']) {
      assertThrowsCode(() => symmetricEigenvalues(a, { backend: backend as B, tridiagonalization: bad as never }), 'E_ARGUMENT', String(bad));
      assertThrowsCode(() => gramEigenvalues(a, { backend: backend as B, tridiagonalization: bad as never }), 'E_ARGUMENT', `gram ${String(bad)}`);
    }
  });

  test('gramEigenvalues: spectra σ² of U·diag(σ)·Vᵀ within (k + 8n)·u·σ²_max, both sides, both routes', ({ backend }) => {
    for (const [rows, cols] of [[60, 40], [120, 97], [90, 90]] as const) {
      const sigma = Float64Array.from({ length: cols }, (_, i) => 0.1 + (3 * i) / cols);
      const w = withSingularValues(rows, sigma, rows + cols);
      const want = sortedCopy(Array.from(sigma, (s) => s * s));
      const top = maxAbs(want);
      // |ΔG| ≤ γ_k·|W|ᵀ|W| (‖·‖₂ ≤ k·u·‖W‖_F² ≤ k·u·n·σ²_max, generously), eigensolver 8·n·u·‖G‖, and W's own rounding.
      const bound = (rows + 8 * cols) * U * cols * top;
      for (const tridiagonalization of ['one-stage', 'two-stage'] as const) {
        const got = gramEigenvalues(w, { backend: backend as B, tridiagonalization });
        assertAtMost(maxAbsDiff(got, want), bound, `${rows}×${cols} AᵀA ${tridiagonalization}`);
        const wide = transpose(w);
        assertAtMost(maxAbsDiff(gramEigenvalues(wide, { backend: backend as B, side: 'AAt', tridiagonalization }), want), bound, `${rows}×${cols} A·Aᵀ of the transpose ${tridiagonalization}`);
      }
      // The larger side has rows − cols zero eigenvalues more.
      const big = gramEigenvalues(w, { backend: backend as B, side: 'AAt' });
      assertEqual(big.length, rows);
      assertAtMost(maxAbs(big.subarray(0, rows - cols)), bound, `${rows}×${cols} A·Aᵀ zero block`);
      assertAtMost(maxAbsDiff(big.subarray(rows - cols), want), bound, `${rows}×${cols} A·Aᵀ nonzero part`);
    }
  });

  test('gramEigenvalues: integer matrices (exact Gram matrix) agree with symmetricEigenvalues of it within 8·n·u·‖G‖', ({ backend }) => {
    const r = rng(77);
    for (const [rows, cols] of [[1, 1], [1, 5], [7, 3], [50, 33], [200, 66]] as const) {
      const data = Float64Array.from({ length: rows * cols }, () => Math.floor(17 * r.uniform()) - 8);
      // G = AᵀA in exact integer arithmetic (|g_ij| ≤ 64·rows < 2⁵³).
      const g = new Float64Array(cols * cols);
      for (let i = 0; i < cols; i++) for (let j = 0; j < cols; j++) for (let k = 0; k < rows; k++) g[i * cols + j] = g[i * cols + j]! + data[k * cols + i]! * data[k * cols + j]!;
      const want = symmetricEigenvalues({ rows: cols, cols, data: g }, { backend: backend as B });
      const got = gramEigenvalues({ rows, cols, data }, { backend: backend as B });
      assertAtMost(maxAbsDiff(got, want), 2 * 8 * cols * U * frobenius(g), `${rows}×${cols}`);
    }
  });

  test('gramEigenvalues equals symmetricEigenvalues(gram(a), { triangle: "upper" }) value for value (same kernels, same data)', ({ backend }) => {
    for (const [rows, cols] of [[300, 200], [64, 150]] as const) {
      const a = randomGaussian(rows, cols, { seed: rows + cols });
      for (const side of ['AtA', 'AAt'] as const) {
        for (const tridiagonalization of ['one-stage', 'two-stage'] as const) {
          const direct = gramEigenvalues(a, { backend: backend as B, side, tridiagonalization });
          const viaGram = symmetricEigenvalues(gram(a, { backend: backend as B, side }), { backend: backend as B, triangle: 'upper', tridiagonalization });
          assertDeepEqual(direct, viaGram, `${rows}×${cols} ${side} ${tridiagonalization}`);
        }
      }
    }
  });

  test('gramEigenvalues: entries far from 1 are scaled by powers of two (exactly), Float32Array input, empty shapes', ({ backend }) => {
    // max|a| in [1, 2): scaling by 2^±300 then back is exact, so the values are exactly 4^±300 times.
    const base = randomGaussian(40, 30, { seed: 3 }).data;
    const m = maxAbs(base);
    const a = Float64Array.from(base, (x) => (1.5 * x) / m);
    const plain = gramEigenvalues({ rows: 40, cols: 30, data: a }, { backend: backend as B });
    for (const e of [300, -300]) {
      const scaled = Float64Array.from(a, (x) => x * 2 ** e);
      const got = gramEigenvalues({ rows: 40, cols: 30, data: scaled }, { backend: backend as B });
      assertDeepEqual(got, Float64Array.from(plain, (x) => x * 2 ** e * 2 ** e), `scale 2^${e}`);
    }
    const f32 = Float32Array.from(a);
    assertDeepEqual(gramEigenvalues({ rows: 40, cols: 30, data: f32 }, { backend: backend as B }), gramEigenvalues({ rows: 40, cols: 30, data: Float64Array.from(f32) }, { backend: backend as B }), 'Float32Array promoted exactly');
    assertDeepEqual(gramEigenvalues({ rows: 0, cols: 4, data: new Float64Array(0) }, { backend: backend as B }), new Float64Array(4), '0×4: AᵀA = 0');
    assertDeepEqual(gramEigenvalues({ rows: 4, cols: 0, data: new Float64Array(0) }, { backend: backend as B }), new Float64Array(0), '4×0: empty');
    assertDeepEqual(gramEigenvalues({ rows: 2, cols: 2, data: new Float64Array(4) }, { backend: backend as B }), new Float64Array(2), 'zero matrix');
  });

  test('gramEigenvalues: errors (non-finite entries, bad side, malformed matrix, abort) and progress', ({ backend }) => {
    const good = randomGaussian(5, 3, { seed: 1 });
    for (const bad of [NaN, Infinity, -Infinity]) {
      const data = Float64Array.from(good.data);
      data[7] = bad;
      const err = assertThrowsCode(() => gramEigenvalues({ rows: 5, cols: 3, data }, { backend: backend as B }), 'E_NON_FINITE', String(bad));
      assert(String(err.message).includes('a[2][1]'), `names the entry: ${err.message}`);
    }
    assertThrowsCode(() => gramEigenvalues(good, { backend: backend as B, side: 'ATA' as never }), 'E_ARGUMENT', 'side');
    assertThrowsCode(() => gramEigenvalues({ rows: 2, cols: 2, data: new Float64Array(3) }, { backend: backend as B }), 'E_SHAPE', 'length');
    assertThrowsCode(() => gramEigenvalues(good, null as never), 'E_ARGUMENT', 'options');
    const controller = new AbortController();
    controller.abort();
    assertThrowsCode(() => gramEigenvalues(good, { backend: backend as B, signal: controller.signal }), 'E_ABORTED', 'aborted');
    const fractions: number[] = [];
    gramEigenvalues(good, { backend: backend as B, onProgress: (x) => fractions.push(x) });
    assert(fractions.length >= 2 && fractions[fractions.length - 1] === 1, `progress ends at 1: ${fractions.join(', ')}`);
    for (let i = 1; i < fractions.length; i++) assert(fractions[i]! > fractions[i - 1]!, 'progress increases');
  });
});
