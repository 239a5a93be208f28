// Comparing and changing models (specs/weights.md §10.1) on constructed cases with known answers:
// rank truncation of W = U·diag(s)·Vᵀ (both routes), CKA and Frobenius closed forms, fine-tune
// deltas, LoRA products with known singular values, and SVD smoothing written back as safetensors.
import { createMatrix, matmul, randomGaussian, randomOrthogonal, transpose, type Matrix } from '@spectra/core';
import { assert, assertClose, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';
import {
  analyzeMatrix,
  analyzeModel,
  compareModels,
  extractLayers,
  fineTuneDeltas,
  loadModel,
  loraLayers,
  parseLoraConfig,
  rankTruncation,
  smoothModel,
  uncenteredCka,
  writeSafetensors,
} from '../../src/index.js';

/** The first `k` columns of a matrix. */
function columns(a: Matrix, k: number): Matrix {
  const out = new Float64Array(a.rows * k);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < k; j++) out[i * k + j] = a.data[i * a.cols + j]!;
  return createMatrix(a.rows, k, out);
}

/** U·diag(s)·Vᵀ from orthonormal columns U (m×r), V (n×r). */
function usv(u: Matrix, s: number[], v: Matrix): Matrix {
  const us = createMatrix(u.rows, s.length, Float64Array.from(u.data, (x, i) => x * s[i % s.length]!));
  return matmul(us, v, { transposeB: true });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export default defineSuite('analysis: compare, deltas, LoRA, smoothing', (test) => {
  test('rank-k truncation equals U_k·S_k·V_kᵀ of a matrix with known SVD (dense and randomized routes, tall and wide)', ({ backend }) => {
    const s = [10, 9, 8, 7, 6, ...Array.from({ length: 35 }, (_, i) => 0.01 * (35 - i))];
    const u = columns(randomOrthogonal(90, { seed: 1 }), 40);
    const v = columns(randomOrthogonal(40, { seed: 2 }), 40);
    const w = usv(u, s, v); // 90×40
    const exact = usv(columns(u, 5), s.slice(0, 5), columns(v, 5));
    const opts = { backend: backend as 'js' | 'wasm' };
    const dense = rankTruncation(w, 5, { ...opts, method: 'dense' });
    assertEqual(dense.method, 'dense');
    assert(maxAbsDiff(dense.matrix.data, exact.data) <= 1e-12 * 10, `dense error ${maxAbsDiff(dense.matrix.data, exact.data)}`);
    // Randomized (Halko–Martinsson–Tropp): with q power iterations the captured subspace is off by
    // about (σ_{k+1}/σ_k)^(2q+1), so the entries by about σ₁·(0.35/6)^(2q+1).
    const gap = s[5]! / s[4]!;
    for (const q of [2, 4]) {
      const randomized = rankTruncation(w, 5, { ...opts, method: 'randomized', seed: 3, powerIterations: q });
      assertEqual(randomized.method, 'randomized');
      const err = maxAbsDiff(randomized.matrix.data, exact.data);
      assert(err <= 10 * s[0]! * gap ** (2 * q + 1), `randomized (q = ${q}) error ${err}`);
    }
    // Wide: the transpose.
    const wt = createMatrix(40, 90, Float64Array.from({ length: 3600 }, (_, i) => w.data[(i % 90) * 40 + Math.floor(i / 90)]!));
    const wideDense = rankTruncation(wt, 5, { ...opts, method: 'dense' });
    for (let i = 0; i < 40; i++) for (let j = 0; j < 90; j++) assertClose(wideDense.matrix.data[i * 90 + j]!, exact.data[j * 40 + i]!, { abs: 1e-11 });
    assertEqual(rankTruncation(w, 40).method, 'identity');
    assertThrowsCode(() => rankTruncation(w, -1), 'E_ARGUMENT');
  });

  test('uncentred CKA: 1 for proportional matrices, 0 for orthogonal column spaces, 2^(−1/4) for I vs diag(1, 0)', ({ backend }) => {
    void backend;
    const w = randomGaussian(30, 20, { seed: 4 });
    assertClose(uncenteredCka(w, createMatrix(30, 20, Float64Array.from(w.data, (x) => -3 * x))), 1, { rel: 1e-12 });
    const a = createMatrix(4, 2, [1, 0, 0, 1, 0, 0, 0, 0]);
    const b = createMatrix(4, 2, [0, 0, 0, 0, 1, 0, 0, 1]);
    assertClose(uncenteredCka(a, b), 0, { abs: 1e-15 });
    assertClose(uncenteredCka(createMatrix(2, 2, [1, 0, 0, 1]), createMatrix(2, 2, [1, 0, 0, 0])), 2 ** -0.25, { rel: 1e-14 });
    // Wide matrices go through the other Gram side, ⟨W₁W₁ᵀ, W₂W₂ᵀ⟩ = ‖W₁ᵀW₂‖²_F: check against the
    // 30×30 product written out (WW's np.dot(W1.T, W2)).
    const t = transpose(w);
    const t2 = transpose(randomGaussian(30, 20, { seed: 5 }));
    const fro = (m: Matrix) => Math.sqrt(m.data.reduce((acc, x) => acc + x * x, 0));
    const direct = fro(matmul(t, t2, { transposeA: true })) / Math.sqrt(fro(matmul(t, t, { transposeA: true })) * fro(matmul(t2, t2, { transposeA: true })));
    assertClose(uncenteredCka(t, t2), direct, { rel: 1e-12 });
  }, { perVariant: false });

  test('compareModels: Frobenius and relative distance, CKA, α change, unmatched layers by name', async ({ backend }) => {
    const w = randomGaussian(100, 50, { seed: 6 });
    const d = randomGaussian(100, 50, { seed: 7 });
    const bytes = (extra: boolean, scale: number) => writeSafetensors({
      'fc.weight': { dtype: 'float64', shape: [100, 50], data: Float64Array.from(w.data, (x, i) => x + scale * d.data[i]!) },
      ...(extra ? { 'extra.weight': { dtype: 'float64', shape: [40, 20], data: randomGaussian(40, 20, { seed: 8 }).data } } : {}),
    });
    const a = extractLayers(await loadModel(bytes(true, 0), { name: 'a.safetensors' })).layers;
    const b = extractLayers(await loadModel(bytes(false, 0.5), { name: 'b.safetensors' })).layers;
    const cmp = await compareModels(a, b, { backend: backend as 'js' | 'wasm' });
    assertEqual(cmp.layers.length, 1);
    assertEqual(cmp.unmatchedA.join(), 'extra.weight');
    const row = cmp.layers[0]!;
    let dd = 0;
    let ww = 0;
    for (let i = 0; i < d.data.length; i++) {
      dd += (0.5 * d.data[i]!) ** 2;
      ww += w.data[i]! ** 2;
    }
    assertClose(row.frobenius, Math.sqrt(dd), { rel: 1e-12 });
    assertClose(row.relativeFrobenius, Math.sqrt(dd / ww), { rel: 1e-12 });
    const wb = createMatrix(100, 50, Float64Array.from(w.data, (x, i) => x + 0.5 * d.data[i]!));
    assertClose(row.cka, uncenteredCka(w, wb), { rel: 1e-12 });
    assertClose(row.alphaChange, analyzeMatrix(wb).alpha - analyzeMatrix(w).alpha, { rel: 1e-12, abs: 1e-12 });
    assertEqual(row.topSingularValuesA.length, 5);
  });

  test('fine-tune deltas: the analysis of W − W_base is the analysis of the update', async ({ backend }) => {
    const base = randomGaussian(120, 60, { seed: 9 });
    // A low-rank update (rank 3) plus small noise, exactly representable sums.
    const update = matmul(randomGaussian(120, 3, { seed: 10 }), randomGaussian(3, 60, { seed: 11 }));
    const tuned = Float64Array.from(base.data, (x, i) => x + update.data[i]!);
    const file = (data: Float64Array, name: string) => writeSafetensors({ [name]: { dtype: 'float64', shape: [120, 60], data } });
    const model = extractLayers(await loadModel(file(tuned, 'layers.0.weight'), { name: 'ft.safetensors' })).layers;
    const baseLayers = extractLayers(await loadModel(file(base.data, 'layers.0.weight'), { name: 'base.safetensors' })).layers;
    const deltas = fineTuneDeltas(model, baseLayers);
    assertEqual(deltas.layers.length, 1);
    const delta = deltas.layers[0]!.slices()[0]!;
    assert(maxAbsDiff(delta.data, update.data) <= 1e-12 * 40, 'ΔW = W − W_base');
    const report = await analyzeModel(deltas, { backend: backend as 'js' | 'wasm', keepEsd: true });
    const esd = report.layers[0]!.esd!;
    // Rank 3: three non-zero eigenvalues; the rest vanish to rounding.
    assert(esd[esd.length - 4]! < 1e-18 * esd[esd.length - 1]! * 1e6, 'rank-3 ESD');
    // Unmatched layers on either side are listed.
    const other = extractLayers(await loadModel(file(base.data, 'layers.1.weight'), { name: 'o.safetensors' })).layers;
    const none = fineTuneDeltas(model, other);
    assertEqual(none.layers.length, 0);
    assertEqual(none.skipped.map((s) => s.reason).sort().join(), 'unmatched-in-base,unmatched-in-model');
  });

  test('LoRA: ΔW = (α/r)·B·A has exactly r non-zero eigenvalues (α/r)²·dᵢ², alone and merged with the base', async ({ backend }) => {
    const r = 4;
    const out = 64;
    const inDim = 48;
    const d = [5, 4, 3, 2];
    const a = transpose(columns(randomOrthogonal(inDim, { seed: 12 }), r)); // r×in, orthonormal rows
    const uCols = columns(randomOrthogonal(out, { seed: 13 }), r);
    const b = createMatrix(out, r, Float64Array.from(uCols.data, (x, i) => x * d[i % r]!)); // out×r
    const adapter = await loadModel(writeSafetensors({
      'base_model.model.layers.0.q_proj.lora_A.weight': { dtype: 'float64', shape: [r, inDim], data: a.data },
      'base_model.model.layers.0.q_proj.lora_B.weight': { dtype: 'float64', shape: [out, r], data: b.data },
    }), { name: 'adapter_model.safetensors' });
    const config = parseLoraConfig('{"r": 4, "lora_alpha": 8, "target_modules": ["q_proj"]}');
    const lora = loraLayers(adapter, config);
    assertEqual(lora.layers.length, 1);
    assertEqual(lora.layers[0]!.name, 'layers.0.q_proj.weight');
    const report = await analyzeModel(lora, { backend: backend as 'js' | 'wasm', keepEsd: true, minEvals: 1 });
    const row = report.layers[0]!;
    assert(row.warnings.some((w) => w.includes('at most 4 non-zero eigenvalues')), 'says the ESD has rank r');
    const esd = row.esd!;
    const expected = d.map((x) => (2 * x) ** 2).sort((p, q) => p - q); // (α/r)² = 4
    for (let i = 0; i < r; i++) assertClose(esd[esd.length - r + i]!, expected[i]!, { rel: 1e-10 });
    assertEqual(row.numPlSpikes <= r, true, 'the fit sees only the r non-zero eigenvalues');
    // Merged with a base model: W_base + ΔW.
    const wBase = randomGaussian(out, inDim, { seed: 14 });
    const baseLayers = extractLayers(await loadModel(writeSafetensors({ 'model.layers.0.q_proj.weight': { dtype: 'float64', shape: [out, inDim], data: wBase.data } }), { name: 'base.safetensors' })).layers;
    const merged = loraLayers(adapter, config, { base: baseLayers });
    const m = merged.layers[0]!.slices()[0]!;
    const ba = matmul(b, a, { alpha: 2 });
    assert(maxAbsDiff(m.data, Float64Array.from(wBase.data, (x, i) => x + ba.data[i]!)) <= 1e-13, 'W_base + 2·B·A');
    assertThrowsCode(() => parseLoraConfig('{"r": -1}'), 'E_MALFORMED');
  });

  test('smoothing: rank-k layers written as safetensors; other tensors copied bit for bit', async ({ backend }) => {
    const w = randomGaussian(40, 30, { seed: 15 });
    const conv = randomGaussian(8, 4 * 9, { seed: 16 }); // (out 8, in 4, 3, 3)
    const bias = new Float32Array([1.5, -0, NaN, 3e-41]); // signed zero, NaN, a subnormal: bits must survive
    const original = writeSafetensors({
      'fc.weight': { dtype: 'float32', shape: [40, 30], data: Float32Array.from(w.data) },
      'conv.weight': { dtype: 'float32', shape: [8, 4, 3, 3], data: Float32Array.from(conv.data) },
      'fc.bias': { dtype: 'float32', shape: [4], data: bias },
    });
    const model = await loadModel(original, { name: 'm.safetensors' });
    const result = await smoothModel(model, { rule: 'fraction', fraction: 0.5, originalBytes: original, backend: backend as 'js' | 'wasm', method: 'dense' });
    const fc = result.layers.find((l) => l.name === 'fc.weight')!;
    assertEqual(fc.k, 15, 'half of M = 30');
    const cv = result.layers.find((l) => l.name === 'conv.weight')!;
    assertEqual(cv.k, Math.ceil(Math.floor(0.5 * 4 * 9) / 9), '⌈k/rf⌉ per slice');
    assertEqual(result.copied.join(), 'fc.bias');
    const smoothed = await loadModel(result.bytes, { name: 's.safetensors' });
    const fcValues = smoothed.tensors.find((t) => t.name === 'fc.weight')!.read();
    const expected = rankTruncation(createMatrix(40, 30, Float64Array.from(Float32Array.from(w.data))), 15, { method: 'dense' }).matrix;
    assert(maxAbsDiff(fcValues, Float32Array.from(expected.data)) === 0, 'fc.weight = float32(rank-15 truncation)');
    // Every smoothed slice has rank k: its ESD has k non-zero eigenvalues.
    const slices = extractLayers(smoothed).layers.find((l) => l.name === 'conv.weight')!.slices();
    for (const s of slices) {
      const row = analyzeMatrix(s, { keepEsd: true, mpFit: false });
      const big = row.esd!.filter((v) => v > 1e-9 * row.spectralNorm).length;
      assertEqual(big, cv.k, 'rank of each smoothed slice');
    }
    // Bit-for-bit copy of the untouched tensor, straight from the bytes.
    const biasRead = smoothed.tensors.find((t) => t.name === 'fc.bias')!.read();
    assertEqual(Object.is(biasRead[1], -0), true, '−0 kept');
    assert(Number.isNaN(biasRead[2]!) && biasRead[3] === Math.fround(3e-41), 'NaN and the subnormal kept');
    const rawSpan = (bytes: Uint8Array, name: string) => {
      const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
      const [b0, e0] = header[name].data_offsets;
      return Array.from(bytes.subarray(8 + n + b0, 8 + n + e0));
    };
    assertEqual(rawSpan(result.bytes, 'fc.bias').join(), rawSpan(original, 'fc.bias').join(), 'identical bytes');
    assert(smoothed.metadata.spectra_smoothing!.includes('fraction'), 'the rule is recorded');
  });
});
