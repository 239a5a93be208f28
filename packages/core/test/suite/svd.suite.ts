// QR and singular values (specs/core.md §1.4, §2.6, §2.8, §3.1–3.2), once per backend.
//
// Independent truths only: matrices with known spectra built in this file from seeded Householder
// reflectors (never from the library's own qr), products and Gram sums by plain loops, closed forms,
// the Frobenius identity Σσ² = ‖A‖²_F, and bisection with Sturm counts on the Golub–Kahan
// tridiagonal (Demmel & Kahan 1990: relatively accurate, and sharing no code with dqds).
import { createMatrix, qr, randomGaussian, randomOrthogonal, rng, singularValues, transpose, wasmMemoryBytes, type Matrix } from '@spectra/core';
import { assert, assertAtMost, assertClose, assertDeepEqual, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';

const u = 2 ** -53;

/** Plain row-major product (the test's own, not the library's matmul). */
function multiply(a: Matrix, b: Matrix): Matrix {
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let l = 0; l < a.cols; l++) {
      const x = a.data[i * a.cols + l]!;
      if (x === 0) continue;
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j] += x * b.data[l * b.cols + j]!;
    }
  }
  return { rows: a.rows, cols: b.cols, data: out };
}

/** ‖QᵀQ − I‖_F by plain loops. */
function orthogonalityError(q: Matrix): number {
  let sum = 0;
  for (let i = 0; i < q.cols; i++) {
    for (let j = 0; j < q.cols; j++) {
      let s = 0;
      for (let l = 0; l < q.rows; l++) s += q.data[l * q.cols + i]! * q.data[l * q.cols + j]!;
      sum += (s - (i === j ? 1 : 0)) ** 2;
    }
  }
  return Math.sqrt(sum);
}

function difference(a: Matrix, b: Matrix): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += (a.data[i]! - b.data[i]!) ** 2;
  return Math.sqrt(sum);
}

/** Seeded unit vectors for Householder reflectors H = I − 2vvᵀ. */
function reflectorVectors(dimension: number, count: number, seed: number): Float64Array[] {
  const r = rng(seed);
  const out: Float64Array[] = [];
  for (let c = 0; c < count; c++) {
    const v = new Float64Array(dimension);
    for (let i = 0; i < dimension; i++) v[i] = r.normal();
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    for (let i = 0; i < dimension; i++) v[i]! /= norm;
    out.push(v);
  }
  return out;
}

/** a ← H·a for every reflector (rows mixed: left multiplication by an m×m orthogonal matrix). */
function reflectRows(a: Matrix, vectors: Float64Array[]): void {
  const { rows, cols, data } = a;
  const w = new Float64Array(cols);
  for (const v of vectors) {
    w.fill(0);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) w[j] += v[i]! * data[i * cols + j]!;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] -= 2 * v[i]! * w[j]!;
  }
}

/** a ← a·H for every reflector (columns mixed). */
function reflectColumns(a: Matrix, vectors: Float64Array[]): void {
  const { rows, cols, data } = a;
  for (const v of vectors) {
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += data[i * cols + j]! * v[j]!;
      for (let j = 0; j < cols; j++) data[i * cols + j] -= 2 * s * v[j]!;
    }
  }
}

/** U·diag(sigma)·Vᵀ (m×n, sigma of length ≤ min(m, n)) with U, V products of seeded reflectors. */
function withSingularValues(m: number, n: number, sigma: ArrayLike<number>, seed: number): Matrix {
  const a = createMatrix(m, n);
  for (let i = 0; i < sigma.length; i++) a.data[i * n + i] = sigma[i]!;
  reflectRows(a, reflectorVectors(m, 4, seed));
  reflectColumns(a, reflectorVectors(n, 4, seed + 1));
  return a;
}

function logspace(from: number, to: number, count: number): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => 10 ** (from + ((to - from) * i) / (count - 1)));
}

/** Σx² with Neumaier's compensated summation: the reference itself must not carry n·u errors. */
function sumOfSquares(x: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const y = x[i]! * x[i]!;
    const t = s + y;
    c += Math.abs(s) >= y ? s - t + y : y - t + s;
    s = t;
  }
  return s + c;
}

/** ‖A‖_F from the compensated sum (entries here are far from overflow). */
function frobenius(a: Matrix): number {
  return Math.sqrt(sumOfSquares(a.data));
}

/**
 * The k-th largest singular value of the upper bidiagonal (d, e) by bisection on the Golub–Kahan
 * tridiagonal T (zero diagonal, off-diagonal d₁, e₁, d₂, …): the number of eigenvalues of T below
 * −σ is the count of negative pivots of T + σI, with pivots q₁ = σ, q_i = σ − b²_{i−1}/q_{i−1}.
 * Relatively accurate for bidiagonals (Demmel & Kahan 1990, §5).
 */
function bisectSingularValue(d: Float64Array, e: Float64Array, k: number): number {
  const n = d.length;
  const b2: number[] = [];
  for (let i = 0; i < n; i++) {
    b2.push(d[i]! * d[i]!);
    if (i < n - 1) b2.push(e[i]! * e[i]!);
  }
  // Singular values ≥ σ = eigenvalues of T at or below −σ = negative pivots of T + σI.
  const countAtLeast = (sigma: number): number => {
    let q = sigma;
    let count = 0;
    for (let i = 0; i < 2 * n; i++) {
      if (i > 0) q = sigma - b2[i - 1]! / (q === 0 ? -Number.MIN_VALUE : q);
      if (q < 0) count++;
    }
    return count;
  };
  let hi = 0;
  for (let i = 0; i < n; i++) hi = Math.max(hi, Math.abs(d[i]!) + (i < n - 1 ? Math.abs(e[i]!) : 0) + (i > 0 ? Math.abs(e[i - 1]!) : 0));
  let lo = 2 ** -1022; // below every σ of a nonsingular bidiagonal of normal numbers
  // σ_k (1-based, descending) is the largest σ with countAtLeast(σ) ≥ k: geometric, then arithmetic bisection.
  for (let it = 0; it < 2200 && hi - lo > 2 * u * hi; it++) {
    const geometric = Math.sqrt(lo) * Math.sqrt(hi);
    const mid = hi > 4 * lo && geometric > lo && geometric < hi ? geometric : 0.5 * (lo + hi);
    if (countAtLeast(mid) >= k) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export default defineSuite('svd', (test) => {
  // ── QR ─────────────────────────────────────────────────────────────────────────────────────────

  test('qr: ‖QR − A‖_F ≤ 8·max(m,n)·u·‖A‖_F and ‖QᵀQ − I‖_F ≤ 8·k·u on tall, square, wide, blocked and small', ({ backend }) => {
    const shapes: Array<[number, number]> = [[5, 3], [3, 5], [1, 1], [1, 6], [6, 1], [97, 97], [300, 120], [200, 200], [130, 97], [120, 250], [400, 66]];
    for (const [m, n] of shapes) {
      const a = randomGaussian(m, n, { seed: 11 * m + n });
      const { q, r } = qr(a, { backend: backend as 'js' | 'wasm' });
      const k = Math.min(m, n);
      assertDeepEqual([q.rows, q.cols, r.rows, r.cols], [m, k, k, n], `shapes of ${m}×${n}`);
      for (let i = 0; i < k; i++) for (let j = 0; j < Math.min(i, n); j++) assertEqual(r.data[i * n + j], 0, `R(${i}, ${j}) of ${m}×${n}`);
      assertAtMost(difference(multiply(q, r), a), 8 * Math.max(m, n) * u * frobenius(a), `‖QR − A‖_F, ${m}×${n}`);
      assertAtMost(orthogonalityError(q), 8 * k * u, `‖QᵀQ − I‖_F, ${m}×${n}`);
    }
  });

  test('qr: rank-deficient X·Y (rank 6 of 150×110) still gives orthonormal Q and a backward-stable R', ({ backend }) => {
    const x = randomGaussian(150, 6, { seed: 3 });
    const y = randomGaussian(6, 110, { seed: 4 });
    const a = multiply(x, y);
    const { q, r } = qr(a, { backend: backend as 'js' | 'wasm' });
    assertAtMost(difference(multiply(q, r), a), 8 * 150 * u * frobenius(a), '‖QR − A‖_F');
    assertAtMost(orthogonalityError(q), 8 * 110 * u, '‖QᵀQ − I‖_F');
    // Rows of R past the rank are rounding noise relative to ‖A‖.
    let tail = 0;
    for (let i = 6; i < 110; i++) for (let j = i; j < 110; j++) tail += r.data[i * 110 + j]! ** 2;
    assertAtMost(Math.sqrt(tail), 8 * 150 * u * frobenius(a), 'R beyond rank 6');
  });

  test('qr: a closed-form 2×2, Float32 promotion, zero and empty inputs', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const { q, r } = qr(createMatrix(2, 2, [3, 1, 4, 2]), { backend: b });
    const expectR = [-5, -2.2, 0, 0.4];
    const expectQ = [-0.6, -0.8, -0.8, 0.6];
    for (let i = 0; i < 4; i++) {
      assertClose(r.data[i]!, expectR[i]!, { abs: 8 * u * 5 }, `R[${i}]`);
      assertClose(q.data[i]!, expectQ[i]!, { abs: 8 * u }, `Q[${i}]`);
    }
    const f32 = randomGaussian(9, 7, { seed: 5, dtype: 'float32' });
    const f64 = { rows: 9, cols: 7, data: Float64Array.from(f32.data) };
    assertDeepEqual(qr(f32, { backend: b }), qr(f64, { backend: b }), 'f32 input is promoted exactly');
    const zero = qr(createMatrix(4, 3), { backend: b });
    assertDeepEqual(zero.r.data, new Float64Array(9), 'R of a zero matrix');
    assertAtMost(orthogonalityError(zero.q), 8 * 3 * u, 'Q of a zero matrix is still orthonormal');
    const empty = qr(createMatrix(0, 4), { backend: b });
    assertDeepEqual([empty.q.rows, empty.q.cols, empty.r.rows, empty.r.cols], [0, 0, 0, 4]);
    const emptyColumns = qr(createMatrix(3, 0), { backend: b });
    assertDeepEqual([emptyColumns.q.rows, emptyColumns.q.cols, emptyColumns.r.rows, emptyColumns.r.cols], [3, 0, 0, 0]);
  });

  test('qr: square input gives R with a usable diagonal, so randomOrthogonal is orthogonal', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const n = 120;
    const o = randomOrthogonal(n, { seed: 8, backend: b });
    assertAtMost(orthogonalityError(o), 8 * n * u, '‖OᵀO − I‖_F');
    // The sign fix makes the factorisation unique: O = Q·sign(diag R) is backend-independent to rounding.
    const g = randomGaussian(n, n, { seed: 8 });
    const { q, r } = qr(g, { backend: b });
    for (let j = 0; j < n; j++) assert(r.data[j * n + j] !== 0, `R(${j}, ${j}) is nonzero for a Gaussian matrix`);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(o.data[i * n + j]! - Math.sign(r.data[j * n + j]!) * q.data[i * n + j]!));
    }
    assertEqual(worst, 0, 'randomOrthogonal is Q·sign(diag R)');
  });

  test('qr: bad input is a typed error', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    assertThrowsCode(() => qr(createMatrix(2, 2, [1, NaN, 3, 4]), { backend: b }), 'E_NON_FINITE');
    assertThrowsCode(() => qr(createMatrix(2, 2, [1, Infinity, 3, 4]), { backend: b }), 'E_NON_FINITE');
    assertThrowsCode(() => qr({ rows: 2, cols: 2, data: new Float64Array(3) }, { backend: b }), 'E_SHAPE');
    assertThrowsCode(() => qr({ rows: 2, cols: 1, data: new Int32Array(2) } as unknown as Matrix, { backend: b }), 'E_DTYPE');
  });

  // ── Singular values ────────────────────────────────────────────────────────────────────────────

  test('singular values of U·diag(logspace(0, −14, 200))·Vᵀ: bidiagonal within 8·max(m,n)·u·σ_max and relatively accurate at 1e-8; Gram within errorEstimate', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const sigma = logspace(0, -14, 200);
    // Square (direct Golub–Kahan), tall (QR first: 400 ≥ 1.6·200) and wide (transposed, QR first).
    for (const [m, n] of [[200, 200], [400, 200], [200, 400]] as const) {
      const a = withSingularValues(m, n, sigma, 17 + m + n);
      const bound = 8 * Math.max(m, n) * u * sigma[0]!;
      const bi = singularValues(a, { backend: b });
      assertEqual(bi.method, 'bidiagonal');
      assertEqual(bi.values.length, 200);
      let maxError = 0;
      for (let i = 0; i < 200; i++) maxError = Math.max(maxError, Math.abs(bi.values[i]! - sigma[i]!));
      assertAtMost(maxError, bound, `bidiagonal max |σ̂ − σ|, ${m}×${n}`);
      // LAPACK dgesdd: relative error 1.5e-9 at σ = 1e-8 (§3.2); the Gram route loses 0.10 there.
      const at = sigma.findIndex((s) => s <= 1.0001e-8);
      assertAtMost(Math.abs(bi.values[at]! - sigma[at]!) / sigma[at]!, 1.5e-8, `bidiagonal relative error at σ = ${sigma[at]!.toExponential(2)}, ${m}×${n}`);
      const gr = singularValues(a, { backend: b, method: 'gram' });
      assertEqual(gr.method, 'gram');
      for (let i = 0; i < 200; i++) assertAtMost(Math.abs(gr.values[i]! - sigma[i]!), gr.errorEstimate[i]!, `Gram |σ̂ − σ| at ${i} (σ = ${sigma[i]!.toExponential(2)}), ${m}×${n}`);
      for (const s of [bi, gr]) {
        assertAtMost(Math.abs(Math.sqrt(sumOfSquares(s.values)) - frobenius(a)), 4 * Math.max(m, n) * u * frobenius(a), `${s.method}: |‖σ̂‖₂ − ‖A‖_F|`);
        for (let i = 1; i < 200; i++) assert(s.values[i]! <= s.values[i - 1]!, `${s.method}: descending at ${i}`);
      }
    }
  });

  test('Gaussian 768×3072: Σσ̂² = ‖A‖²_F within 4·max(m,n)·u·‖A‖_F for both methods', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const a = randomGaussian(768, 3072, { seed: 2024 });
    const norm = frobenius(a);
    for (const method of ['bidiagonal', 'gram'] as const) {
      const s = singularValues(a, { backend: b, method });
      assertEqual(s.values.length, 768);
      assertAtMost(Math.abs(Math.sqrt(sumOfSquares(s.values)) - norm), 4 * 3072 * u * norm, `${method}: |‖σ̂‖₂ − ‖A‖_F|`);
      // Marchenko–Pastur edges for aspect 1/4: σ ∈ √3072·(1 ± ½); a gross error would leave them.
      assert(s.values[0]! < Math.sqrt(3072) * 1.55 && s.values[767]! > Math.sqrt(3072) * 0.45, `${method}: values inside the MP support`);
    }
  });

  test('orthogonal input: every singular value is 1 within 8·n·u', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const n = 150;
    const o = withSingularValues(n, n, new Float64Array(n).fill(1), 99);
    for (const method of ['bidiagonal', 'gram'] as const) {
      const s = singularValues(o, { backend: b, method });
      for (let i = 0; i < n; i++) assertClose(s.values[i]!, 1, { abs: 8 * n * u }, `${method} σ_${i}`);
    }
  });

  test('rank-deficient X·Y: the known nonzero values, then zeros within the bound', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    // X = U(:, 1:5)·diag(s) (180×5), Y = V(:, 1:5)ᵀ (5×120): the product has exactly these 5 values.
    const s = [7, 3, 1, 0.5, 0.25];
    const x = withSingularValues(180, 5, s, 41);
    const yt = withSingularValues(120, 5, [1, 1, 1, 1, 1], 43);
    const a = multiply(x, transpose(yt));
    // Y has orthonormal rows (Y·Yᵀ = I), so σ(X·Y) = σ(X) = s, and the other 115 are 0.
    for (const method of ['bidiagonal', 'gram'] as const) {
      const v = singularValues(a, { backend: b, method });
      const bound = method === 'bidiagonal' ? () => 8 * 180 * u * 7 : (i: number) => v.errorEstimate[i]!;
      for (let i = 0; i < 120; i++) assertAtMost(Math.abs(v.values[i]! - (i < 5 ? s[i]! : 0)), bound(i), `${method} σ_${i}`);
    }
  });

  test('graded bidiagonal input: dqds keeps high relative accuracy (vs bisection on the Golub–Kahan tridiagonal)', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    // An upper bidiagonal passes Golub–Kahan untouched (every reflector is the identity), so this
    // tests dlasq1 itself: σ spans 15 decades, each to a few ulps relative.
    const n = 40;
    const r = rng(77);
    const a = createMatrix(n, n);
    const d = new Float64Array(n);
    const e = new Float64Array(n - 1);
    for (let i = 0; i < n; i++) {
      d[i] = 10 ** (-i * 0.37) * (1 + r.uniform());
      a.data[i * n + i] = d[i]!;
      if (i < n - 1) {
        e[i] = 10 ** (-i * 0.37) * (0.5 + r.uniform());
        a.data[i * n + i + 1] = e[i]!;
      }
    }
    const s = singularValues(a, { backend: b });
    for (let k = 1; k <= n; k++) {
      const truth = bisectSingularValue(d, e, k);
      assertClose(s.values[k - 1]!, truth, { rel: 16 * n * u }, `σ_${k} (≈ ${truth.toExponential(2)})`);
    }
    // Closed form: all-ones bidiagonal, σ_k = 2·cos(kπ/(2n + 1)).
    const ones = createMatrix(n, n);
    for (let i = 0; i < n; i++) {
      ones.data[i * n + i] = 1;
      if (i < n - 1) ones.data[i * n + i + 1] = 1;
    }
    const so = singularValues(ones, { backend: b });
    for (let k = 1; k <= n; k++) assertClose(so.values[k - 1]!, 2 * Math.cos((k * Math.PI) / (2 * n + 1)), { rel: 16 * n * u }, `ones σ_${k}`);
  });

  test('small closed forms: 2×2, diagonal, one row, one column', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    for (const method of ['bidiagonal', 'gram'] as const) {
      const two = singularValues(createMatrix(2, 2, [3, 0, 4, 5]), { backend: b, method });
      assertClose(two.values[0]!, Math.sqrt(45), { rel: 8 * u }, `${method} 2×2 σ₁`);
      assertClose(two.values[1]!, Math.sqrt(5), { rel: method === 'gram' ? 1e-14 : 8 * u }, `${method} 2×2 σ₂`);
      const diagonal = singularValues(createMatrix(3, 3, [0, 0, -2, 0, 7, 0, 1, 0, 0]), { backend: b, method });
      assertDeepEqual(Array.from(diagonal.values, (x) => Number(x.toPrecision(15))), [7, 2, 1], `${method} permuted diagonal`);
      const row = singularValues(createMatrix(1, 3, [3, 4, 12]), { backend: b, method });
      assertDeepEqual(Array.from(row.values), [13], `${method} 1×N`);
      const column = singularValues(createMatrix(3, 1, [3, 4, 12]), { backend: b, method });
      assertDeepEqual(Array.from(column.values), [13], `${method} N×1`);
    }
    const r = randomGaussian(1, 5000, { seed: 6 });
    let sum = 0;
    for (const x of r.data) sum += x * x;
    assertClose(singularValues(r, { backend: b }).values[0]!, Math.sqrt(sum), { rel: 4 * 5000 * u }, '1×5000');
  });

  test('zero and empty matrices', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    for (const method of ['bidiagonal', 'gram'] as const) {
      const z = singularValues(createMatrix(6, 4), { backend: b, method });
      assertDeepEqual(z.values, new Float64Array(4), `${method} zero values`);
      assertDeepEqual(z.errorEstimate, new Float64Array(4), `${method} zero estimates`);
      for (const [m, n] of [[0, 5], [5, 0], [0, 0]] as const) {
        const e = singularValues(createMatrix(m, n), { backend: b, method });
        assertEqual(e.values.length, 0, `${method} ${m}×${n}`);
        assertEqual(e.errorEstimate.length, 0);
      }
    }
  });

  test('wide input equals its transpose; f32 input is promoted; wasm agrees with JS', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const wide = randomGaussian(90, 230, { seed: 12 });
    const tall = transpose(wide);
    const sw = singularValues(wide, { backend: b });
    const st = singularValues(tall, { backend: b });
    assertDeepEqual(sw.values, st.values, 'bidiagonal: wide is transposed on copy-in, bit for bit');
    const gw = singularValues(wide, { backend: b, method: 'gram' });
    const gt = singularValues(tall, { backend: b, method: 'gram' });
    for (let i = 0; i < 90; i++) assertAtMost(Math.abs(gw.values[i]! - gt.values[i]!), 2 * gw.errorEstimate[i]!, `Gram wide vs tall at ${i}`);
    const f32 = randomGaussian(40, 30, { seed: 13, dtype: 'float32' });
    assertDeepEqual(singularValues(f32, { backend: b }).values, singularValues({ rows: 40, cols: 30, data: Float64Array.from(f32.data) }, { backend: b }).values, 'f32 promoted');
    if (b === 'wasm') {
      for (const [m, n] of [[400, 250], [250, 250], [120, 700]] as const) {
        const a = randomGaussian(m, n, { seed: m + n });
        const w = singularValues(a, { backend: 'wasm' });
        const j = singularValues(a, { backend: 'js' });
        const bound = 8 * Math.max(m, n) * u * j.values[0]!;
        for (let i = 0; i < w.values.length; i++) assertAtMost(Math.abs(w.values[i]! - j.values[i]!), bound, `wasm vs JS σ_${i}, ${m}×${n}`);
        const qw = qr(a, { backend: 'wasm' });
        const qj = qr(a, { backend: 'js' });
        assertAtMost(difference(qw.r, qj.r), 8 * Math.max(m, n) * u * frobenius(a), `wasm vs JS R, ${m}×${n}`);
      }
    }
  });

  test('extreme magnitudes are scaled by powers of two: values scale exactly, nothing over- or underflows', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const a = withSingularValues(60, 40, logspace(0, -6, 40), 5);
    const reference = singularValues(a, { backend: b });
    for (const exponent of [700, -700, -1000]) {
      const scaled = { rows: 60, cols: 40, data: a.data.map((x) => x * 2 ** exponent) };
      for (const method of ['bidiagonal', 'gram'] as const) {
        const s = singularValues(scaled, { backend: b, method });
        const ref = method === 'bidiagonal' ? reference : singularValues(a, { backend: b, method });
        for (let i = 0; i < 40; i++) {
          const expected = ref.values[i]! * 2 ** exponent;
          // 2^-1000 pushes the smallest entries into subnormals: allow their rounding, absolutely.
          const slack = exponent === -1000 ? 60 * 40 * 2 ** -1074 * 8 : 0;
          assertClose(s.values[i]!, expected, { rel: exponent === -1000 ? 1e-9 : 0, abs: slack }, `${method} 2^${exponent} σ_${i}`);
          assert(Number.isFinite(s.errorEstimate[i]!) && s.errorEstimate[i]! >= 0, 'finite error estimate');
          // The estimates scale with the values (never through σ̂²_max, which would overflow at 2^700).
          if (exponent !== -1000) assertEqual(s.errorEstimate[i], ref.errorEstimate[i]! * 2 ** exponent, `${method} 2^${exponent} errorEstimate_${i}`);
        }
      }
    }
  });

  test('repeated calls: memory is reused, not leaked, and no state carries over between calls', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const small = randomGaussian(30, 20, { seed: 31 });
    const wide = randomGaussian(20, 50, { seed: 32 });
    const first = [singularValues(small, { backend: b }).values, singularValues(small, { backend: b, method: 'gram' }).values, qr(wide, { backend: b }).r.data];
    // A large call in between grows wasm memory (views must be re-created) and runs dqds long.
    singularValues(randomGaussian(600, 450, { seed: 33 }), { backend: b });
    const again = [singularValues(small, { backend: b }).values, singularValues(small, { backend: b, method: 'gram' }).values, qr(wide, { backend: b }).r.data];
    for (let i = 0; i < 3; i++) assertDeepEqual(again[i], first[i], `result ${i} after a large call`);
    const settled = wasmMemoryBytes();
    for (let i = 0; i < 1500; i++) {
      singularValues(small, { backend: b });
      singularValues(small, { backend: b, method: 'gram' });
      qr(wide, { backend: b });
    }
    // wasm: the bump allocator is reset per call; js: the wasm instance is never touched.
    assertEqual(wasmMemoryBytes(), settled, `wasm memory after 4500 more calls (${backend})`);
  });

  test('progress and abort (singularValues and qr)', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const a = randomGaussian(50, 30, { seed: 21 });
    const seen: number[] = [];
    singularValues(a, { backend: b, onProgress: (f) => seen.push(f) });
    assert(seen.length >= 2 && seen[seen.length - 1] === 1, `progress ends at 1: ${seen.join(', ')}`);
    for (let i = 1; i < seen.length; i++) assert(seen[i]! >= seen[i - 1]!, 'progress is monotone');
    const controller = new AbortController();
    controller.abort();
    assertThrowsCode(() => singularValues(a, { backend: b, signal: controller.signal }), 'E_ABORTED');
    const midway = new AbortController();
    assertThrowsCode(() => singularValues(a, { backend: b, signal: midway.signal, onProgress: () => midway.abort() }), 'E_ABORTED');
    const qrSeen: number[] = [];
    qr(a, { backend: b, onProgress: (f) => qrSeen.push(f) });
    assertDeepEqual(qrSeen, [0.5, 1], 'qr progress');
    assertThrowsCode(() => qr(a, { backend: b, signal: controller.signal }), 'E_ABORTED');
    const qrMidway = new AbortController();
    assertThrowsCode(() => qr(a, { backend: b, signal: qrMidway.signal, onProgress: () => qrMidway.abort() }), 'E_ABORTED');
    assertThrowsCode(() => qr(a, { backend: b, onProgress: 3 as unknown as () => void }), 'E_ARGUMENT');
    assertThrowsCode(() => singularValues(a, { backend: b, onProgress: 'x' as unknown as () => void }), 'E_ARGUMENT');
  });

  test('singularValues: every bad-input row of specs/core.md §1.4 is a typed error', ({ backend }) => {
    const b = backend as 'js' | 'wasm';
    const nan = assertThrowsCode(() => singularValues(createMatrix(2, 3, [1, 2, NaN, 4, 5, 6]), { backend: b }), 'E_NON_FINITE');
    assert(/\(0, 2\)/.test(nan.message ?? ''), `message names the entry: ${nan.message}`);
    assertThrowsCode(() => singularValues(createMatrix(2, 2, [1, -Infinity, 3, 4]), { backend: b, method: 'gram' }), 'E_NON_FINITE');
    assertThrowsCode(() => singularValues(createMatrix(1, 2, [Infinity, 0]), { backend: b }), 'E_NON_FINITE');
    assertThrowsCode(() => singularValues({ rows: 3, cols: 2, data: new Float64Array(5) }, { backend: b }), 'E_SHAPE');
    assertThrowsCode(() => singularValues({ rows: 2, cols: 2 } as unknown as Matrix, { backend: b }), 'E_SHAPE');
    assertThrowsCode(() => singularValues({ rows: 2, cols: 2, data: [1, 2, 3, 4] } as unknown as Matrix, { backend: b }), 'E_DTYPE');
    const method = assertThrowsCode(() => singularValues(createMatrix(2, 2, [1, 2, 3, 4]), { backend: b, method: 'qr' as 'gram' }), 'E_ARGUMENT');
    assert(/method/.test(method.message ?? ''), method.message);
    assertThrowsCode(() => singularValues(createMatrix(2, 2, [1, 2, 3, 4]), { backend: 'gpu' as 'js' }), 'E_ARGUMENT');
  });
});
