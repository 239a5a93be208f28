// matmul and gram against independent truths (specs/core.md §3.1): a plain dot-product reference
// computed here in double precision, with the rounding-error bound of Higham (2002, §3.5)
//   |Ĉ − C_ref|ᵢⱼ ≤ 2γ_k·(|α|·|op(A)|·|op(B)|)ᵢⱼ + 2u·|β|·|C|ᵢⱼ,   γ_k = k·u/(1 − k·u),
// which holds for any summation order, with or without FMA, and covers the reference's own
// rounding (hence the factor 2); integer matrices, whose products are exact in any order; dense
// checks on small cases; and the bad-input table of §1.4. Every case runs once per backend (js,
// wasm SIMD128, wasm relaxed SIMD where the engine validates it).
import { createMatrix, gram, matmul, rng, type Matrix, type MatrixData } from '@spectra/core';
import { assert, assertAtMost, assertDeepEqual, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';

type Backend = 'wasm' | 'js';

const u = 2 ** -53;
const u32 = 2 ** -24;
const gamma = (k: number, unit: number): number => (k * unit) / (1 - k * unit);

function integerMatrix(rows: number, cols: number, seed: number, single = false): Matrix<MatrixData> {
  const r = rng(seed);
  const data = single ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = r.uniformInt(17) - 8; // integers in [−8, 8]
  return { rows, cols, data };
}

function gaussianMatrix(rows: number, cols: number, seed: number, single = false): Matrix<MatrixData> {
  const r = rng(seed);
  const data = single ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = r.normal();
  return { rows, cols, data };
}

interface Reference {
  /** Σ_p op(A)ᵢₚ·op(B)ₚⱼ·α + β·outᵢⱼ by plain dot products in double precision. */
  c: Float64Array;
  /** |α|·(|op(A)|·|op(B)|)ᵢⱼ. */
  abs: Float64Array;
  k: number;
}

function reference(a: Matrix<MatrixData>, b: Matrix<MatrixData>, tA: boolean, tB: boolean, alpha = 1, beta = 0, out?: ArrayLike<number>): Reference {
  const m = tA ? a.cols : a.rows;
  const k = tA ? a.rows : a.cols;
  const n = tB ? b.rows : b.cols;
  const c = new Float64Array(m * n);
  const abs = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        const x = tA ? a.data[p * a.cols + i]! : a.data[i * a.cols + p]!;
        const y = tB ? b.data[j * b.cols + p]! : b.data[p * b.cols + j]!;
        s += x * y;
        t += Math.abs(x * y);
      }
      c[i * n + j] = alpha * s + (beta !== 0 && out ? beta * out[i * n + j]! : 0);
      abs[i * n + j] = Math.abs(alpha) * t;
    }
  }
  return { c, abs, k };
}

/** Asserts the f64 GEMM bound of §3.1 entry by entry and returns the worst error ÷ bound. */
function assertGemmBound(got: ArrayLike<number>, ref: Reference, label: string, beta = 0, out?: ArrayLike<number>): number {
  assertEqual(got.length, ref.c.length, `${label}: result length`);
  const g = 2 * gamma(ref.k, u);
  let worst = 0;
  for (let i = 0; i < ref.c.length; i++) {
    const bound = g * ref.abs[i]! + (beta !== 0 && out ? 2 * u * Math.abs(beta * out[i]!) : 0);
    const err = Math.abs(got[i]! - ref.c[i]!);
    if (!(err <= bound)) {
      throw new Error(`${label}: entry ${i}: got ${got[i]}, reference ${ref.c[i]}, error ${err.toExponential(3)} > bound ${bound.toExponential(3)}`);
    }
    if (bound > 0) worst = Math.max(worst, err / bound);
  }
  return worst;
}

function assertExact(got: ArrayLike<number>, want: ArrayLike<number>, label: string): void {
  assertEqual(got.length, want.length, `${label}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i]) && got[i] !== want[i]) throw new Error(`${label}: entry ${i}: got ${got[i]}, expected exactly ${want[i]}`);
  }
}

/** Stored shape of the operand whose op() is rows×cols. */
function stored(rows: number, cols: number, transposed: boolean): [number, number] {
  return transposed ? [cols, rows] : [rows, cols];
}

// Sizes around every blocking edge of both backends: micro-tiles (MR 2/4, NR 4/8), the f64 KC = 256,
// the f32 KC = 512, the wasm MC = 144 and JS MC = 128, the JS NC = 1024 and the wasm NC = 2048.
const EDGES = [1, 2, 3, 7, 8, 9, 15, 17, 63, 65, 127, 129, 143, 145, 255, 257, 511, 513];
const WIDE = [1023, 1025, 2047, 2049];
const TRANSPOSES: Array<[boolean, boolean]> = [[false, false], [true, false], [false, true], [true, true]];

export default defineSuite('matmul', (test) => {
  test('a 2×3 by 3×2 product, by hand', ({ backend }) => {
    const a = createMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
    const b = createMatrix(3, 2, [7, 8, 9, 10, 11, 12]);
    assertDeepEqual(matmul(a, b, { backend: backend as Backend }).data, [58, 64, 139, 154]);
    assertDeepEqual(matmul(a, a, { transposeB: true, backend: backend as Backend }).data, [14, 32, 32, 77]);
    assertDeepEqual(matmul(a, a, { transposeA: true, backend: backend as Backend }).data, [17, 22, 27, 22, 29, 36, 27, 36, 45]);
    const single = matmul(createMatrix(2, 3, new Float32Array([1, 2, 3, 4, 5, 6])), createMatrix(3, 2, new Float32Array([7, 8, 9, 10, 11, 12])), { backend: backend as Backend });
    assert(single.data instanceof Float32Array, 'Float32Array in, Float32Array out');
    assertDeepEqual(single.data, [58, 64, 139, 154]);
  });

  test('integer matrices in [−8, 8] are exact for every transpose, k up to 4096', ({ backend }) => {
    const cases: Array<[number, number, number]> = [[5, 7, 4096], [33, 31, 1000], [130, 70, 300], [9, 260, 513]];
    let seed = 100;
    for (const [m, n, k] of cases) {
      for (const [tA, tB] of TRANSPOSES) {
        for (const single of [false, true]) {
          // f32 holds integers exactly up to 2²⁴; |entries of C| ≤ 64·k ≤ 2¹⁸ here.
          const a = integerMatrix(...stored(m, k, tA), seed++, single);
          const b = integerMatrix(...stored(k, n, tB), seed++, single);
          const got = matmul(a, b, { transposeA: tA, transposeB: tB, backend: backend as Backend });
          assertEqual(got.rows, m);
          assertEqual(got.cols, n);
          assertExact(got.data, reference(a, b, tA, tB).c, `${m}×${n}×${k} tA=${tA} tB=${tB} ${single ? 'f32' : 'f64'}`);
        }
      }
    }
  });

  test('Gaussian products meet the §3.1 bound at sizes around every blocking edge', ({ backend }) => {
    let seed = 1000;
    let worst = 0;
    const shapes: Array<[number, number, number]> = [];
    for (const s of EDGES) shapes.push([s, 9, 17], [11, s, 6], [10, 13, s]);
    for (const s of WIDE) shapes.push([3, s, 5]);
    shapes.push([145, 257, 300], [300, 129, 257], [257, 145, 520]);
    for (const [m, n, k] of shapes) {
      for (const [tA, tB] of TRANSPOSES) {
        const a = gaussianMatrix(...stored(m, k, tA), seed++);
        const b = gaussianMatrix(...stored(k, n, tB), seed++);
        const got = matmul(a, b, { transposeA: tA, transposeB: tB, backend: backend as Backend });
        worst = Math.max(worst, assertGemmBound(got.data, reference(a, b, tA, tB), `${m}×${n}×${k} tA=${tA} tB=${tB}`));
      }
    }
    // The bound is a worst case; typical errors sit orders of magnitude below it.
    assertAtMost(worst, 1, 'worst error ÷ bound');
  });

  test('α, β and out: C = α·op(A)·op(B) + β·out, written into out', ({ backend }) => {
    let seed = 2000;
    for (const [m, n, k] of [[3, 5, 4], [67, 45, 300], [150, 20, 9]] as Array<[number, number, number]>) {
      for (const [tA, tB] of TRANSPOSES) {
        for (const [alpha, beta] of [[-1.5, 0.25], [2, 1], [0.5, -3], [1, 0]] as Array<[number, number]>) {
          const a = gaussianMatrix(...stored(m, k, tA), seed++);
          const b = gaussianMatrix(...stored(k, n, tB), seed++);
          const out = gaussianMatrix(m, n, seed++) as Matrix<Float64Array>;
          const before = out.data.slice();
          const got = matmul(a as Matrix<Float64Array>, b as Matrix<Float64Array>, { transposeA: tA, transposeB: tB, alpha, beta, out, backend: backend as Backend });
          assert(got === out, 'the result is out itself');
          assertGemmBound(got.data, reference(a, b, tA, tB, alpha, beta, before), `α=${alpha} β=${beta} ${m}×${n}×${k} tA=${tA} tB=${tB}`, beta, before);
        }
      }
    }
    // β = 0 never reads out (BLAS): NaN there vanishes. α = 0 never reads A or B: C = β·out.
    const a = integerMatrix(20, 30, 1);
    const b = integerMatrix(30, 10, 2);
    const nanOut = createMatrix(20, 10, new Float64Array(200).fill(NaN));
    assertExact(matmul(a as Matrix<Float64Array>, b as Matrix<Float64Array>, { out: nanOut, backend: backend as Backend }).data, reference(a, b, false, false).c, 'β = 0 over a NaN out');
    const nanA = createMatrix(20, 30, new Float64Array(600).fill(NaN));
    const out = createMatrix(20, 10, Array.from({ length: 200 }, (_, i) => i));
    assertExact(matmul(nanA, b as Matrix<Float64Array>, { alpha: 0, beta: 2, out, backend: backend as Backend }).data, Array.from({ length: 200 }, (_, i) => 2 * i), 'α = 0');
  });

  test('f32 products meet |Ĉ − C_f64| ≤ γ_k(32)·|A||B| + u₃₂·|C_f64|', ({ backend }) => {
    let seed = 3000;
    const shapes: Array<[number, number, number]> = [[7, 9, 17], [65, 63, 511], [33, 17, 513], [129, 145, 257], [260, 300, 1100], [3, 2049, 5]];
    for (const [m, n, k] of shapes) {
      for (const [tA, tB] of TRANSPOSES) {
        const a = gaussianMatrix(...stored(m, k, tA), seed++, true);
        const b = gaussianMatrix(...stored(k, n, tB), seed++, true);
        const got = matmul(a, b, { transposeA: tA, transposeB: tB, backend: backend as Backend });
        assert(got.data instanceof Float32Array, 'f32 result');
        const ref = reference(a, b, tA, tB); // exact products of the f32 inputs, summed in double
        const g = gamma(k, u32);
        for (let i = 0; i < ref.c.length; i++) {
          const bound = g * ref.abs[i]! + u32 * Math.abs(ref.c[i]!);
          const err = Math.abs(got.data[i]! - ref.c[i]!);
          if (!(err <= bound)) throw new Error(`f32 ${m}×${n}×${k} tA=${tA} tB=${tB}: entry ${i} error ${err} > bound ${bound}`);
        }
      }
    }
    // With α and β the scaling α·b and β·c round once more each: γ_{k+2}(32)·(|α||A||B| + |β||C|).
    const a = gaussianMatrix(40, 300, seed++, true);
    const b = gaussianMatrix(300, 50, seed++, true);
    const out = gaussianMatrix(40, 50, seed++, true) as Matrix<Float32Array>;
    const before = out.data.slice();
    const got = matmul(a as Matrix<Float32Array>, b as Matrix<Float32Array>, { alpha: -0.7, beta: 1.3, out, backend: backend as Backend });
    const ref = reference(a, b, false, false, -0.7, 1.3, before);
    for (let i = 0; i < ref.c.length; i++) {
      const bound = gamma(302, u32) * (ref.abs[i]! + 1.3 * Math.abs(before[i]!));
      assertAtMost(Math.abs(got.data[i]! - ref.c[i]!), bound, `f32 α/β entry ${i}`);
    }
  });

  test('wasm and JS agree within the bound', ({ backend }) => {
    if (backend !== 'wasm') return; // compares the active wasm build against the JS twin
    let seed = 4000;
    for (const [m, n, k] of [[100, 120, 300], [257, 65, 129], [31, 300, 600]] as Array<[number, number, number]>) {
      for (const [tA, tB] of TRANSPOSES) {
        const a = gaussianMatrix(...stored(m, k, tA), seed++);
        const b = gaussianMatrix(...stored(k, n, tB), seed++);
        const w = matmul(a, b, { transposeA: tA, transposeB: tB, backend: 'wasm' });
        const j = matmul(a, b, { transposeA: tA, transposeB: tB, backend: 'js' });
        const ref = reference(a, b, tA, tB);
        // Each is within γ_k|A||B| of the exact product, so they are within 2γ_k|A||B| of each other.
        for (let i = 0; i < ref.c.length; i++) {
          assertAtMost(Math.abs(w.data[i]! - j.data[i]!), 2 * gamma(k, u) * ref.abs[i]!, `wasm vs js ${m}×${n}×${k} entry ${i}`);
        }
      }
    }
  });

  test('gram: both sides against matmul of the transpose, exactly symmetric', ({ backend }) => {
    let seed = 5000;
    for (const [rows, cols] of [[1, 1], [3, 2], [2, 3], [17, 9], [300, 129], [129, 300], [260, 513]] as Array<[number, number]>) {
      const a = gaussianMatrix(rows, cols, seed++);
      for (const side of ['AtA', 'AAt'] as const) {
        const g = gram(a, { side, backend: backend as Backend });
        const n = side === 'AtA' ? cols : rows;
        assertEqual(g.rows, n);
        assertEqual(g.cols, n);
        assert(g.data instanceof Float64Array, 'gram returns Float64Array');
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) assertEqual(g.data[i * n + j], g.data[j * n + i], `symmetry (${i}, ${j})`);
        const ref = reference(a, a, side === 'AtA', side === 'AAt');
        assertGemmBound(g.data, ref, `gram ${side} ${rows}×${cols}`);
      }
      // Integer input: gram equals matmul of the transpose exactly.
      const z = integerMatrix(rows, cols, seed++);
      assertExact(gram(z, { backend: backend as Backend }).data, matmul(z, z, { transposeA: true, backend: backend as Backend }).data, `gram AtA = AᵀA ${rows}×${cols}`);
      assertExact(gram(z, { side: 'AAt', backend: backend as Backend }).data, matmul(z, z, { transposeB: true, backend: backend as Backend }).data, `gram AAt = AAᵀ ${rows}×${cols}`);
    }
    // f32 input is promoted to double: the Gram matrix of the same values, in Float64Array.
    const z32 = integerMatrix(40, 30, 77, true);
    const z64: Matrix = { rows: 40, cols: 30, data: Float64Array.from(z32.data) };
    assertExact(gram(z32, { backend: backend as Backend }).data, gram(z64, { backend: backend as Backend }).data, 'f32 promoted');
    // Empty shapes.
    assertEqual(gram(createMatrix(0, 3), { backend: backend as Backend }).rows, 3);
    assertDeepEqual(gram(createMatrix(0, 2), { backend: backend as Backend }).data, [0, 0, 0, 0]);
    assertEqual(gram(createMatrix(0, 3), { side: 'AAt', backend: backend as Backend }).data.length, 0);
    assertThrowsCode(() => gram(createMatrix(2, 2), { side: 'both' as never, backend: backend as Backend }), 'E_ARGUMENT');
    assertThrowsCode(() => gram({ rows: 2, cols: 2, data: new Float64Array(3) }, { backend: backend as Backend }), 'E_SHAPE');
  });

  test('empty results have the right shape; k = 0 gives β·out; 1×N and N×1', ({ backend }) => {
    const opts = { backend: backend as Backend };
    const e1 = matmul(createMatrix(0, 3), createMatrix(3, 4), opts);
    assertEqual(e1.rows, 0);
    assertEqual(e1.cols, 4);
    assertEqual(e1.data.length, 0);
    const e2 = matmul(createMatrix(2, 3), createMatrix(3, 0), opts);
    assertEqual(e2.rows, 2);
    assertEqual(e2.cols, 0);
    const k0 = matmul(createMatrix(3, 0), createMatrix(0, 4), opts);
    assertEqual(k0.rows, 3);
    assertEqual(k0.cols, 4);
    assertDeepEqual(k0.data, new Array(12).fill(0));
    const out = createMatrix(2, 2, [1, 2, 3, 4]);
    assertDeepEqual(matmul(createMatrix(2, 0), createMatrix(0, 2), { ...opts, beta: 2, out }).data, [2, 4, 6, 8]);
    const nanOut = createMatrix(2, 2, [NaN, NaN, NaN, NaN]);
    assertDeepEqual(matmul(createMatrix(2, 0), createMatrix(0, 2), { ...opts, out: nanOut }).data, [0, 0, 0, 0]);
    const k0f32 = matmul(createMatrix(1, 0, new Float32Array(0)), createMatrix(0, 2, new Float32Array(0)), opts);
    assert(k0f32.data instanceof Float32Array, 'empty f32 stays f32');
    // 1×N·N×1 is a dot product; N×1·1×N an outer product.
    const row = createMatrix(1, 300, Array.from({ length: 300 }, (_, i) => (i % 7) - 3));
    const col = createMatrix(300, 1, Array.from({ length: 300 }, (_, i) => (i % 5) - 2));
    let dot = 0;
    for (let i = 0; i < 300; i++) dot += row.data[i]! * col.data[i]!;
    assertDeepEqual(matmul(row, col, opts).data, [dot]);
    const outer = matmul(col, row, opts);
    assertEqual(outer.rows, 300);
    assertEqual(outer.cols, 300);
    for (let i = 0; i < 300; i += 37) for (let j = 0; j < 300; j += 41) assertEqual(outer.data[i * 300 + j], col.data[i]! * row.data[j]!);
    assertDeepEqual(matmul(row, row, { ...opts, transposeB: true }).data, [Array.from(row.data).reduce((s, x) => s + x * x, 0)]);
  });

  test('bad input: E_DTYPE for mixed dtypes, E_SHAPE for shapes, E_ARGUMENT for options', ({ backend }) => {
    const opts = { backend: backend as Backend };
    const a64 = createMatrix(2, 3);
    const b64 = createMatrix(3, 2);
    const a32 = createMatrix(2, 3, new Float32Array(6));
    const b32 = createMatrix(3, 2, new Float32Array(6));
    let e = assertThrowsCode(() => matmul(a64, b32 as never, opts), 'E_DTYPE');
    assert(/Float64Array/.test(e.message ?? '') && /Float32Array/.test(e.message ?? ''), e.message);
    assertThrowsCode(() => matmul(a32, b64 as never, opts), 'E_DTYPE');
    assertThrowsCode(() => matmul(a64, b64, { ...opts, out: createMatrix(2, 2, new Float32Array(4)) as never }), 'E_DTYPE');
    e = assertThrowsCode(() => matmul(a64, a64, opts), 'E_SHAPE');
    assert(/inner dimensions/.test(e.message ?? ''), e.message);
    assertThrowsCode(() => matmul(a64, b64, { ...opts, transposeA: true }), 'E_SHAPE');
    matmul(a64, a64, { ...opts, transposeB: true }); // 2×3 · 3×2: fine
    assertThrowsCode(() => matmul(a64, b64, { ...opts, out: createMatrix(3, 3) }), 'E_SHAPE');
    assertThrowsCode(() => matmul({ rows: 2, cols: 3, data: new Float64Array(5) }, b64, opts), 'E_SHAPE');
    assertThrowsCode(() => matmul(a64, { rows: 3, cols: 2 } as never, opts), 'E_SHAPE');
    assertThrowsCode(() => matmul(a64, { rows: 3, cols: 2, data: [1, 2, 3, 4, 5, 6] } as never, opts), 'E_DTYPE');
    e = assertThrowsCode(() => matmul(a64, b64, { ...opts, beta: 1 }), 'E_ARGUMENT');
    assert(/out/.test(e.message ?? ''), e.message);
    assertThrowsCode(() => matmul(a64, b64, { ...opts, transposeA: 1 as never }), 'E_ARGUMENT');
    assertThrowsCode(() => matmul(a64, b64, { ...opts, alpha: '2' as never }), 'E_ARGUMENT');
  });

  test('NaN and ±Inf propagate as IEEE arithmetic (no checks, no masking)', ({ backend }) => {
    for (const [m, n, k] of [[5, 6, 7], [70, 45, 300]] as Array<[number, number, number]>) {
      const a = integerMatrix(m, k, 10 + m) as Matrix<Float64Array>;
      const b = integerMatrix(k, n, 20 + m) as Matrix<Float64Array>;
      const want = reference(a, b, false, false).c;
      a.data[2 * k + 3] = NaN; // row 2 of A
      b.data[1 * n + 4] = Infinity; // row 1, column 4 of B
      const got = matmul(a, b, { backend: backend as Backend }).data;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const v = got[i * n + j]!;
          if (i === 2) assert(Number.isNaN(v), `row 2 of C is NaN (${i}, ${j}): ${v}`);
          else if (j === 4) assert(!Number.isFinite(v), `column 4 of C is ±Inf or NaN (${i}, ${j}): ${v}`);
          else assertEqual(v, want[i * n + j], `entry (${i}, ${j}) untouched by NaN/Inf elsewhere`);
        }
      }
    }
  });

  test('out may share memory with an operand', ({ backend }) => {
    const a = integerMatrix(30, 30, 5) as Matrix<Float64Array>;
    const b = integerMatrix(30, 30, 6) as Matrix<Float64Array>;
    const want = reference(a, b, false, false, 1, 1, a.data.slice()).c;
    // out aliases a: C = A·B + A.
    const got = matmul(a, b, { beta: 1, out: a, backend: backend as Backend });
    assertExact(got.data, want, 'out = a');
  });
});
