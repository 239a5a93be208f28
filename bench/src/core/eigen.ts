// Symmetric and tridiagonal eigenproblems and Gauss rules (specs/core.md §4, bars E1, E2, E3, Q1):
// our wasm kernels against their JS twins and ml-matrix's EigenvalueDecomposition, side by side in
// one process; bisection vs dsterf on tridiagonal matrices; the O(n²) growth of gaussQuadrature;
// and the native numpy/OpenBLAS figures of §4.1 printed beside ours, labelled as another run.
import {
  gaussQuadrature,
  randomGaussian,
  ready,
  symmetricEigendecomposition,
  symmetricEigenvalues,
  tridiagonalEigenvalues,
  wasmVariant,
  type Matrix,
} from '@spectra/core';
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { bar, compare, fmt, note, quick, speedup, type Candidate, type Comparison } from '../harness.js';

/** specs/core.md §4.1 (numpy 2.4.6 + OpenBLAS 0.3.31, 1 thread, median of two runs), milliseconds. */
const NATIVE_MS = {
  eigvalsh: { 256: 2.8, 512: 14.6, 1024: 114, 2048: 770, 4096: 6070 } as Record<number, number>,
  dsterf: { 1000: 14.4, 4000: 217, 10000: 1290 } as Record<number, number>,
  dstebzAll: { 1000: 308, 4000: 4810 } as Record<number, number>,
  golubWelschFullVectors: { 20: 0.036, 100: 0.5, 500: 10.2 } as Record<number, number>,
};
/** specs/core.md §4.2: ml-matrix 6.15.1 EigenvalueDecomposition (assumeSymmetric, forms vectors), ms. */
const ML_MATRIX_SPEC_MS: Record<number, number> = { 256: 240, 512: 1940, 1024: 15100 };
/** A baseline whose predicted cost of one comparison exceeds this is skipped (the --quick rule of the brief). */
const SLOW_MS = 60_000;

function symmetric(n: number, seed: number): Matrix {
  const g = randomGaussian(n, n, { seed }).data;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = 0.5 * (g[i * n + j]! + g[j * n + i]!);
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return { rows: n, cols: n, data: a };
}

function mlEigenvalues(m: MlMatrix): number[] {
  return new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues;
}

function medianOf(c: Comparison, name: string): number {
  return c.candidates.find((x) => x.name === name)?.medianMs ?? NaN;
}

function printNative(label: string, oursMs: number, nativeMs: number | undefined): void {
  if (nativeMs === undefined || !Number.isFinite(oursMs)) return;
  console.log(`  native numpy/OpenBLAS, another run (specs/core.md §4.1): ${label} ${fmt(nativeMs)} ms; ours ÷ native ${fmt(oursMs / nativeMs)}×`);
}

function denseEigenvalues(): void {
  const sizes = quick ? [256, 512, 1024] : [256, 512, 1024, 2048];
  let jsMs = NaN;
  let mlMs = NaN;
  let previous = 0;
  for (const n of sizes) {
    const a = symmetric(n, 7 + n);
    const ml = n <= 1024 ? MlMatrix.from1DArray(n, n, Array.from(a.data)) : null;
    const rounds = quick ? 3 : 7;
    // Predicted cost of a whole comparison for the slow candidates: ×8 per doubling of n.
    const grow = previous ? (n / previous) ** 3 : 1;
    const jsPredicted = Number.isFinite(jsMs) ? jsMs * grow : 0;
    const mlPredicted = Number.isFinite(mlMs) ? mlMs * grow : n <= 512 ? 0 : ML_MATRIX_SPEC_MS[n] ?? Infinity;
    const candidates: Candidate[] = [
      { name: 'wasm', fn: () => symmetricEigenvalues(a, { backend: 'wasm', triangle: 'upper' }) },
    ];
    const slow: Candidate[] = [];
    const js: Candidate = { name: 'js', fn: () => symmetricEigenvalues(a, { backend: 'js', triangle: 'upper' }) };
    (jsPredicted * (rounds + 3) > SLOW_MS ? slow : candidates).push(js);
    // ml-matrix: interleaved when a whole comparison fits the budget, else single calls (below).
    const mlInterleaved = ml !== null && mlPredicted * (rounds + 3) <= SLOW_MS;
    if (mlInterleaved) candidates.push({ name: 'ml-matrix', fn: () => mlEigenvalues(ml!) });
    const c = compare(`symmetric eigenvalues n=${n} (dsytrd + dsterf)`, candidates, {}, { n, variant: wasmVariant() ?? 'none' });
    let wasmMs = medianOf(c, 'wasm');
    jsMs = medianOf(c, 'js');
    mlMs = medianOf(c, 'ml-matrix');
    let e2 = speedup(c, 'wasm', 'js');
    let e1 = speedup(c, 'wasm', 'ml-matrix');
    if (slow.length) {
      // Too slow to interleave over many rounds: one round against wasm, after no warm-up call.
      const s = compare(`symmetric eigenvalues n=${n}: JS twin, one round`, [candidates[0]!, ...slow], { rounds: 1, warmup: 0, minRoundMs: 0 }, { n });
      jsMs = medianOf(s, 'js');
      e2 = speedup(s, 'wasm', 'js');
    }
    if (ml !== null && !mlInterleaved) {
      // One ml-matrix call (predicted from the previous size, ×8 per doubling) between wasm calls,
      // run when the prediction is under the budget (the brief's --quick rule), ratio to the wasm median.
      if (mlPredicted > SLOW_MS) {
        note(`ml-matrix n=${n}: predicted ${fmt(mlPredicted / 1000)} s > ${SLOW_MS / 1000} s, not run (spec §4.2: ${fmt((ML_MATRIX_SPEC_MS[n] ?? NaN) / 1000)} s)`);
      } else {
        const around: number[] = [];
        const timeWasm = (): void => {
          const t0 = performance.now();
          symmetricEigenvalues(a, { backend: 'wasm', triangle: 'upper' });
          around.push(performance.now() - t0);
        };
        timeWasm();
        timeWasm();
        const t0 = performance.now();
        mlEigenvalues(ml);
        mlMs = performance.now() - t0;
        timeWasm();
        timeWasm();
        around.sort((x, y) => x - y);
        const wasmAround = 0.5 * (around[1]! + around[2]!);
        e1 = mlMs / wasmAround;
        note(`ml-matrix EigenvalueDecomposition n=${n}: ${fmt(mlMs / 1000)} s, one call between four wasm calls (median ${fmt(wasmAround)} ms); predicted ${fmt(mlPredicted / 1000)} s; spec §4.2: ${fmt((ML_MATRIX_SPEC_MS[n] ?? NaN) / 1000)} s`);
        c.extra.mlMatrixOneCallMs = mlMs;
      }
    }
    c.extra.gflops = (4 / 3) * n ** 3 / wasmMs / 1e6;
    const mlText = Number.isFinite(e1) ? `; ml-matrix ÷ wasm ${fmt(e1)}× (spec §4.2 ml-matrix: ${fmt((ML_MATRIX_SPEC_MS[n] ?? NaN) / 1000)} s)` : '';
    console.log(`  wasm ${fmt((4 / 3) * n ** 3 / wasmMs / 1e6)} GFLOP/s (4/3·n³ of dsytrd); wasm ÷ js ${fmt(e2)}×${mlText}`);
    printNative(`eigvalsh n=${n}`, wasmMs, NATIVE_MS.eigvalsh[n]);
    if (n === 512) bar('E1', 'eigenvalues n=512: ml-matrix time ÷ wasm time', e1, 25);
    if (n === 1024) {
      bar('E1', 'eigenvalues n=1024: ml-matrix time ÷ wasm time', e1, 30);
      bar('E2', 'eigenvalues n=1024: JS twin time ÷ wasm time', e2, 3);
      bar('E-target', 'eigenvalues n=1024, wasm: seconds', wasmMs / 1000, 0.5, 'atMost');
      note(`stretch (§4.4): eigenvalues n=1024 within 3× LAPACK (≤ 0.34 s): ${fmt(wasmMs / 1000)} s = ${fmt(wasmMs / NATIVE_MS.eigvalsh[1024]!)}× native (another run); JS twin ${fmt(jsMs / 1000)} s (target ≤ 2 s)`);
    }
    previous = n;
  }
}

function eigendecomposition(): void {
  for (const n of quick ? [256, 512] : [256, 512, 1024]) {
    const a = symmetric(n, 3 + n);
    const ml = MlMatrix.from1DArray(n, n, Array.from(a.data));
    const candidates: Candidate[] = [
      { name: 'wasm', fn: () => symmetricEigendecomposition(a, { backend: 'wasm', triangle: 'upper' }) },
      { name: 'js', fn: () => symmetricEigendecomposition(a, { backend: 'js', triangle: 'upper' }) },
      { name: 'ml-matrix (vectors too)', fn: () => mlEigenvalues(ml) },
    ];
    const slowOnes = n >= 1024;
    const c = compare(`symmetric eigendecomposition n=${n} (dsytrd + dorgtr + dsteqr)`, candidates, slowOnes ? { rounds: 1, warmup: 0, minRoundMs: 0 } : {}, { n });
    console.log(`  ml-matrix ÷ wasm ${fmt(speedup(c, 'wasm', 'ml-matrix (vectors too)'))}×; js ÷ wasm ${fmt(speedup(c, 'wasm', 'js'))}×`);
  }
}

function tridiagonal(): void {
  for (const n of [1000, 4000, 10000]) {
    const r = randomGaussian(2, n, { seed: n }).data;
    const d = r.subarray(0, n);
    const e = r.subarray(n, 2 * n - 1);
    const candidates: Candidate[] = [
      { name: 'dsterf all, wasm', fn: () => tridiagonalEigenvalues(d, e, { backend: 'wasm' }) },
      { name: 'bisection 10 smallest, wasm', fn: () => tridiagonalEigenvalues(d, e, { backend: 'wasm', select: { index: [0, 9] } }) },
      { name: 'dsterf all, js', fn: () => tridiagonalEigenvalues(d, e, { backend: 'js' }) },
      { name: 'bisection 10 smallest, js', fn: () => tridiagonalEigenvalues(d, e, { backend: 'js', select: { index: [0, 9] } }) },
    ];
    const c = compare(`tridiagonal n=${n}: all by dsterf vs 10 by bisection`, candidates, {}, { n });
    const all = medianOf(c, 'dsterf all, wasm');
    const few = medianOf(c, 'bisection 10 smallest, wasm');
    console.log(`  dsterf ÷ bisection(10): wasm ${fmt(all / few)}×, js ${fmt(medianOf(c, 'dsterf all, js') / medianOf(c, 'bisection 10 smallest, js'))}×; dsterf js ÷ wasm ${fmt(speedup(c, 'dsterf all, wasm', 'dsterf all, js'))}×`);
    printNative(`dsterf n=${n}`, all, NATIVE_MS.dsterf[n]);
    if (n === 4000) {
      bar('E3', 'tridiagonal n=4000: time(all by dsterf) ÷ time(10 by bisection)', speedup(c, 'bisection 10 smallest, wasm', 'dsterf all, wasm'), 5);
      note(`stretch (§4.4): tridiagonal all values n=4000 within 2× dsterf (≤ 0.4 s): wasm ${fmt(all / 1000)} s = ${fmt(all / NATIVE_MS.dsterf[4000]!)}× native (another run); JS ${fmt(medianOf(c, 'dsterf all, js') / 1000)} s (target ≤ 0.6 s)`);
    }
  }
}

function gauss(): void {
  const legendre = (n: number): { d: Float64Array; e: Float64Array } => {
    const e = new Float64Array(n - 1);
    for (let k = 1; k < n; k++) e[k - 1] = k / Math.sqrt(4 * k * k - 1);
    return { d: new Float64Array(n), e };
  };
  const j1 = legendre(1000);
  const j2 = legendre(2000);
  for (const weights of ['golubWelsch', 'recurrence'] as const) {
    for (const backend of ['wasm', 'js'] as const) {
      const c = compare(`gaussQuadrature (${weights}, ${backend}): n=1000 vs n=2000`, [
        { name: 'n=1000', fn: () => gaussQuadrature(j1.d, j1.e, { backend, weights, mu0: 2 }) },
        { name: 'n=2000', fn: () => gaussQuadrature(j2.d, j2.e, { backend, weights, mu0: 2 }) },
      ]);
      const ratio = speedup(c, 'n=1000', 'n=2000');
      if (weights === 'golubWelsch' && backend === 'wasm') bar('Q1', 'gaussQuadrature wasm: time(n=2000) ÷ time(n=1000)', ratio, 5, 'atMost');
      else console.log(`  time(2000) ÷ time(1000) = ${fmt(ratio)} (O(n²) gives 4)`);
    }
  }
  for (const n of [20, 100, 500]) {
    const j = legendre(n);
    const c = compare(`gaussQuadrature n=${n} (Golub–Welsch, first row only)`, [
      { name: 'wasm', fn: () => gaussQuadrature(j.d, j.e, { backend: 'wasm', mu0: 2 }) },
      { name: 'js', fn: () => gaussQuadrature(j.d, j.e, { backend: 'js', mu0: 2 }) },
    ]);
    printNative(`Golub–Welsch with full vectors n=${n}`, medianOf(c, 'wasm'), NATIVE_MS.golubWelschFullVectors[n]);
  }
}

/** Runs the eigen benchmarks. */
export async function run(): Promise<void> {
  const backend = await ready();
  if (backend !== 'wasm') {
    note(`eigen: wasm unavailable (${backend}); skipped`);
    return;
  }
  console.log(`\n--- symmetric and tridiagonal eigenproblems (wasm build: ${wasmVariant()}) ---`);
  denseEigenvalues();
  eigendecomposition();
  tridiagonal();
  gauss();
}
