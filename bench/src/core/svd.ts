// Singular values (specs/core.md §2.6, §4): Gram vs bidiagonal (S2), ours vs ml-matrix's SVD
// values-only (S1), wasm vs the JS twins, the absolute targets of this VM, and the native numbers of
// §4.1 printed beside ours (another run). Also QR, and the logspace accuracy table of §3.2.
import { qr, ready, randomGaussian, singularValues, wasmVariant, createMatrix, rng, type Matrix } from '@spectra/core';
import { Matrix as MlMatrix, SVD as MlSvd } from 'ml-matrix';
import { bar, compare, fmt, note, quick, speedup } from '../harness.js';

/** specs/core.md §4.1: numpy 2.4.6 `svd(compute_uv=False)` (LAPACK dgesdd, OpenBLAS 0.3.31, 1 thread). */
const NATIVE_SVD_SECONDS: Record<string, number> = { '768×3072': 0.34, '1024×1024': 0.34 };
/** specs/core.md §4.2: ml-matrix 6.15.1 `SVD` values only, seconds. */
const ML_MATRIX_SPEC_SECONDS: Record<string, number> = { '768×3072': 25.1, '1024×1024': 7.2 };

function toMl(a: Matrix): MlMatrix {
  return MlMatrix.from1DArray(a.rows, a.cols, Array.from(a.data));
}

function mlSingularValues(a: MlMatrix): number[] {
  return new MlSvd(a, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).diagonal;
}

/** One timed call, in ms (for baselines too slow to interleave). */
function timeOnce<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

function relativeFrobeniusError(values: ArrayLike<number>, a: Matrix): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
  let f = 0;
  for (let i = 0; i < a.data.length; i++) f += a.data[i]! * a.data[i]!;
  return Math.abs(Math.sqrt(s) - Math.sqrt(f)) / Math.sqrt(f);
}

/**
 * ml-matrix's time on this matrix: predicted from a call on a quarter-size problem (flops scale by
 * 4³), then run once for real when the prediction is under `limitMs`.
 */
function mlMatrixOnce(label: string, a: Matrix, limitMs: number): number {
  const small = randomGaussian(Math.max(2, a.rows >> 2), Math.max(2, a.cols >> 2), { seed: 99 });
  const ms = toMl(small);
  mlSingularValues(ms); // warm the JIT
  const predicted = timeOnce(() => mlSingularValues(ms)).ms * 64;
  if (predicted > limitMs) {
    note(`ml-matrix SVD ${label}: predicted ${fmt(predicted / 1000)} s > ${fmt(limitMs / 1000)} s, not run here (spec §4.2: ${ML_MATRIX_SPEC_SECONDS[label]} s)`);
    return NaN;
  }
  const m = toMl(a);
  const { ms: took, value } = timeOnce(() => mlSingularValues(m));
  note(`ml-matrix SVD values-only ${label}: ${fmt(took / 1000)} s (one call, not interleaved; predicted ${fmt(predicted / 1000)} s; spec §4.2: ${ML_MATRIX_SPEC_SECONDS[label]} s); |‖σ‖−‖A‖_F|/‖A‖_F = ${relativeFrobeniusError(value, a).toExponential(2)}`);
  return took;
}

function sizeCase(rows: number, cols: number, withJs: boolean): void {
  const label = `${rows}×${cols}`;
  const a = randomGaussian(rows, cols, { seed: rows + cols });
  const bi = singularValues(a, { backend: 'wasm' });
  const gr = singularValues(a, { backend: 'wasm', method: 'gram' });
  let gap = 0;
  for (let i = 0; i < bi.values.length; i++) gap = Math.max(gap, Math.abs(bi.values[i]! - gr.values[i]!) / bi.values[0]!);
  const heavy = rows * cols >= 2_000_000;
  const candidates = [
    { name: 'wasm gram', fn: () => singularValues(a, { backend: 'wasm', method: 'gram' }) },
    { name: 'wasm bidiagonal', fn: () => singularValues(a, { backend: 'wasm' }) },
    { name: 'js gram', fn: () => singularValues(a, { backend: 'js', method: 'gram' }), skip: withJs ? undefined : 'full bench only' },
    { name: 'js bidiagonal', fn: () => singularValues(a, { backend: 'js' }), skip: withJs ? undefined : 'full bench only' },
  ];
  const c = compare(`singular values ${label} (${wasmVariant()})`, candidates, { rounds: quick ? 3 : 5, minRoundMs: 0, warmup: heavy ? 1 : 2 }, {
    frobeniusErrorBidiagonal: relativeFrobeniusError(bi.values, a),
    frobeniusErrorGram: relativeFrobeniusError(gr.values, a),
    maxGapGramVsBidiagonal: gap,
  });
  const wasmGram = c.candidates[0]!.medianMs;
  const wasmBi = c.candidates[1]!.medianMs;
  const native = NATIVE_SVD_SECONDS[label]! * 1000;
  note(`${label}: native numpy/OpenBLAS dgesdd, another run (§4.1): ${fmt(native / 1000)} s — ours ÷ native: Gram ${fmt(wasmGram / native)}, bidiagonal ${fmt(wasmBi / native)} (different process, indicative)`);
  if (label === '768×3072') {
    bar('S2', `${label}: wasm Gram vs bidiagonal, speed-up`, speedup(c, 'wasm gram', 'wasm bidiagonal'), 2);
    bar('S-target-gram', `${label}: wasm Gram median seconds`, wasmGram / 1000, 0.25, 'atMost');
    bar('S-target-bidiagonal', `${label}: wasm bidiagonal median seconds`, wasmBi / 1000, 2, 'atMost');
    bar('S-stretch-gram', `${label}: wasm Gram ÷ native dgesdd (another run; stretch: faster)`, wasmGram / native, 1, 'atMost');
    bar('S-stretch-bidiagonal', `${label}: wasm bidiagonal ÷ native dgesdd (another run; stretch: within 6×)`, wasmBi / native, 6, 'atMost');
  }
  if (withJs) {
    note(`${label}: JS ÷ wasm: Gram ${fmt(speedup(c, 'wasm gram', 'js gram'))}×, bidiagonal ${fmt(speedup(c, 'wasm bidiagonal', 'js bidiagonal'))}×`);
    if (label === '768×3072') bar('S-target-js-gram', `${label}: JS Gram median seconds`, c.candidates[2]!.medianMs / 1000, 3, 'atMost');
  }
  const ml = mlMatrixOnce(label, a, 60_000);
  if (label === '768×3072') {
    bar('S1-gram', `${label}: ml-matrix SVD (one call) ÷ wasm Gram median`, ml / wasmGram, 100);
    bar('S1-bidiagonal', `${label}: ml-matrix SVD (one call) ÷ wasm bidiagonal median`, ml / wasmBi, 10);
  } else if (Number.isFinite(ml)) {
    note(`${label}: ml-matrix ÷ ours: Gram ${fmt(ml / wasmGram)}×, bidiagonal ${fmt(ml / wasmBi)}×`);
  }
}

/** §3.2's table on U·diag(logspace(0, −14, 200))·Vᵀ (U, V from seeded reflectors), for ours and ml-matrix. */
function logspaceAccuracy(): void {
  const n = 200;
  const sigma = Float64Array.from({ length: n }, (_, i) => 10 ** ((-14 * i) / (n - 1)));
  const a = createMatrix(n, n);
  for (let i = 0; i < n; i++) a.data[i * n + i] = sigma[i]!;
  const r = rng(7);
  for (let t = 0; t < 8; t++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = r.normal();
    const vv = v.reduce((s, x) => s + x * x, 0);
    if (t % 2 === 0) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += v[i]! * a.data[i * n + j]!;
        for (let i = 0; i < n; i++) a.data[i * n + j] -= (2 * s * v[i]!) / vv;
      }
    } else {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += v[j]! * a.data[i * n + j]!;
        for (let j = 0; j < n; j++) a.data[i * n + j] -= (2 * s * v[j]!) / vv;
      }
    }
  }
  const at8 = sigma.findIndex((s) => s <= 1.0001e-8);
  const row = (name: string, values: ArrayLike<number>): void => {
    let maxAbs = 0;
    for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i]! - sigma[i]!));
    const rel8 = Math.abs(values[at8]! - sigma[at8]!) / sigma[at8]!;
    const rel14 = Math.abs(values[n - 1]! - sigma[n - 1]!) / sigma[n - 1]!;
    note(`logspace(0, −14, 200) ${name.padEnd(18)} max abs ${maxAbs.toExponential(1)}, rel at 1e-8 ${rel8.toExponential(1)}, at 1e-14 ${rel14.toExponential(1)}`);
  };
  row('wasm bidiagonal', singularValues(a, { backend: 'wasm' }).values);
  row('js bidiagonal', singularValues(a, { backend: 'js' }).values);
  row('wasm gram', singularValues(a, { backend: 'wasm', method: 'gram' }).values);
  row('ml-matrix', mlSingularValues(toMl(a)));
  note('logspace, §3.2 for comparison: LAPACK dgesdd 5.6e-16 / 1.5e-9 / 8.8e-4; Gram route 5.5e-9 / 0.10 / 1.0; ml-matrix 6.2e-15 / 6.5e-10 / 8.2e-4');
}

export async function run(): Promise<void> {
  console.log('\n--- singular values and QR (specs/core.md §2.6, §2.8; bars S1, S2) ---');
  if ((await ready()) !== 'wasm') {
    note('svd: wasm unavailable, nothing to compare');
    return;
  }
  logspaceAccuracy();
  sizeCase(768, 3072, true);
  if (!quick) sizeCase(1024, 1024, true);
  const q = randomGaussian(1024, 1024, { seed: 5 });
  const cq = compare('qr 1024×1024 (Q and R)', [
    { name: 'wasm', fn: () => qr(q, { backend: 'wasm' }) },
    { name: 'js', fn: () => qr(q, { backend: 'js' }) },
  ], { rounds: quick ? 3 : 5, minRoundMs: 0, warmup: 1 }, { gflop: ((4 / 3) * 1024 ** 3 * 2) / 1e9 });
  note(`qr 1024²: wasm ${fmt((((4 / 3) * 2 * 1024 ** 3) / cq.candidates[0]!.medianMs) / 1e6)} GFLOP/s (dgeqrf + dorgqr, 8/3·n³ flops), JS ÷ wasm ${fmt(speedup(cq, 'wasm', 'js'))}×`);
}
