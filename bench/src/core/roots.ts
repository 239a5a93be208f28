// Polynomial roots (specs/core.md §2.7, §4; bars R1, R2, the Kac-500 target and the §4.4 stretch
// goals): our Aberth–Ehrlich kernel in wasm against its JS twin and the npm alternatives a user
// would reach for — ml-matrix's EigenvalueDecomposition of the companion matrix, numeric's `eig`
// of the same matrix, durand-kerner — on seeded Kac polynomials (iid N(0, 1) coefficients),
// side by side in one process, with the backward error η of every candidate's roots
// (double-double Horner, so the measurement's own rounding does not count) and durand-kerner's
// NaN roots. Also the batch path at the free-prob master-polynomial size, and a cold first call in
// a fresh process. numpy's `roots` figures of §4.1 are printed beside ours, labelled as another run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { polynomialRoots, polynomialRootsBatch, ready, rng, wasmVariant } from '@spectra/core';
import { bar, compare, fmt, note, quick, speedup, type Candidate } from '../harness.js';
import { BASELINES, kac, oursAsSet, quality } from './roots-quality.js';

const u = 2 ** -53;

/** specs/core.md §4.1: numpy 2.4.6 `roots` (companion matrix, LAPACK dhseqr, OpenBLAS, 1 thread), ms. */
const NATIVE_ROOTS_MS: Record<number, number> = { 20: 0.1, 100: 2.4, 500: 142, 1000: 680 };
/**
 * specs/core.md §4.2 (ms; durand-kerner's three figures read as degree 20 / 100 / 500, 1000
 * extrapolated ×8), used only to decide where a baseline runs: interleaved, or once in a child
 * process in the full bench, or not at all.
 */
const SPEC_MS: Record<string, Record<number, number>> = {
  'ml-matrix companion': { 20: 4.2, 100: 24, 500: 2390, 1000: 21500 },
  'numeric companion': { 20: 22, 100: 700, 500: 87_500, 1000: 700_000 },
  'durand-kerner': { 20: 1.9, 100: 630, 500: 68_000, 1000: 544_000 },
};
/** A comparison's budget: candidates predicted over it run only in the full bench, in few rounds. */
const SLOW_MS = 60_000;
/** Beyond this one call is not run at all (numeric's companion at degree ≥ 500: minutes to hours). */
const NEVER_MS = 150_000;

function runChild(args: string[], timeoutMs: number): Record<string, unknown> | string {
  const script = fileURLToPath(new URL('./roots-child.js', import.meta.url));
  const child = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 22, timeout: timeoutMs });
  if (child.error && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return `timed out after ${fmt(timeoutMs / 1000)} s`;
  const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith('@@RESULT '));
  if (child.status !== 0 || !line) return `child ${args.join(' ')} failed (status ${child.status}): ${(child.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
  return JSON.parse(line.slice('@@RESULT '.length)) as Record<string, unknown>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
}

export async function run(): Promise<void> {
  console.log('\n--- polynomial roots (specs/core.md §2.7, §4; bars R1, R2) ---');
  const haveWasm = (await ready()) === 'wasm';
  const noWasm = haveWasm ? undefined : 'wasm unavailable';
  note(`roots: wasm build ${haveWasm ? wasmVariant() : 'none'}; Kac polynomials: coefficients N(0, 1) from rng(1000 + n)`);

  for (const n of [20, 100, 500, 1000]) {
    const c = kac(n, 1000 + n);
    // Quality first (one call each, outside the timing).
    const ours = polynomialRoots(c, { backend: haveWasm ? 'wasm' : 'js' });
    const oursJs = polynomialRoots(c, { backend: 'js' });
    const qWasm = quality(c, oursAsSet(ours));
    const qJs = quality(c, oursAsSet(oursJs));
    const extra: Record<string, unknown> = {
      degree: n,
      sweeps: ours.iterations,
      converged: `${ours.converged.reduce((s, x) => s + x, 0)}/${n}`,
      etaWasm: qWasm.maxEta,
      etaJs: qJs.maxEta,
      etaBound4nu: 4 * n * u,
    };
    const rounds = quick ? 3 : 7;
    const candidates: Candidate[] = [
      { name: 'wasm', fn: () => polynomialRoots(c, { backend: 'wasm' }), ...(noWasm ? { skip: noWasm } : {}) },
      { name: 'js (ours)', fn: () => polynomialRoots(c, { backend: 'js' }) },
    ];
    // Baselines: interleaved when cheap enough; one call in a child process (with a time limit:
    // durand-kerner's default 100·n² iterations can run for minutes) in the full bench otherwise.
    const separate: Array<{ name: string; predicted: number }> = [];
    const etas: Record<string, number> = {};
    const bad: Record<string, number> = {};
    for (const [name, solve] of Object.entries(BASELINES)) {
      const predicted = SPEC_MS[name]![n]!;
      if (predicted > NEVER_MS) {
        candidates.push({ name, fn: () => 0, skip: `predicted ${fmt(predicted / 1000)} s per call (from §4.2): not run` });
      } else if (predicted * (rounds + 3) > SLOW_MS) {
        if (quick) candidates.push({ name, fn: () => 0, skip: `predicted ${fmt(predicted / 1000)} s per call: full bench only` });
        else separate.push({ name, predicted });
      } else {
        const q = quality(c, solve(c));
        etas[name] = q.maxEta;
        bad[name] = q.bad;
        candidates.push({ name, fn: () => solve(c) });
      }
    }
    const cmp = compare(`roots, Kac degree ${n} (max η: wasm ${qWasm.maxEta.toExponential(1)}, js ${qJs.maxEta.toExponential(1)}; 4nu = ${(4 * n * u).toExponential(1)})`, candidates, { rounds, minRoundMs: quick ? 60 : 150 }, extra);
    const wasmMs = cmp.candidates[0]!.medianMs;
    const jsMs = cmp.candidates[1]!.medianMs;
    const times: Record<string, number> = {};
    for (const x of cmp.candidates) if (!x.skipped) times[x.name] = x.medianMs;
    let mlSpeedup = speedup(cmp, 'wasm', 'ml-matrix companion');
    for (const s of separate) {
      const r = runChild(['baseline', s.name, String(n)], Math.max(120_000, 3 * s.predicted));
      if (typeof r === 'string') {
        note(`Kac ${n}, ${s.name} (one call in a child process): ${r}`);
        continue;
      }
      times[s.name] = r.ms as number;
      etas[s.name] = r.maxEta as number;
      bad[s.name] = r.bad as number;
      console.log(`  ${s.name.padEnd(26)} ${fmt(r.ms as number).padStart(9)} ms   one call in a child process (×${fmt((r.ms as number) / wasmMs)} vs wasm median)`);
      if (s.name === 'ml-matrix companion') mlSpeedup = (r.ms as number) / wasmMs;
    }
    for (const [k, v] of Object.entries(etas)) extra[`eta ${k}`] = v;
    for (const [k, v] of Object.entries(bad)) extra[`non-finite roots ${k}`] = v;
    const native = NATIVE_ROOTS_MS[n]!;
    note(`Kac ${n}: wasm ${fmt(wasmMs)} ms, js ${fmt(jsMs)} ms (js ÷ wasm ${fmt(speedup(cmp, 'wasm', 'js (ours)'))}×); native numpy roots, another run (§4.1): ${native} ms → numpy ÷ wasm ${fmt(native / wasmMs)}× (indicative); sweeps ${ours.iterations}; max η wasm ${fmt(qWasm.maxEta / (n * u))}·nu, js ${fmt(qJs.maxEta / (n * u))}·nu` +
      Object.entries(etas).map(([k, v]) => `, ${k} ${Number.isFinite(v) ? fmt(v / (n * u)) + '·nu' : String(v)}`).join('') +
      (bad['durand-kerner'] !== undefined ? `; durand-kerner NaN roots: ${bad['durand-kerner']}/${n}` : ''));
    if (n === 500) {
      bar('R1', 'roots Kac 500: wasm vs ml-matrix companion (EigenvalueDecomposition), speed-up', mlSpeedup, 100);
      if (etas['ml-matrix companion'] !== undefined) bar('R1-eta', 'roots Kac 500: max η wasm ÷ max η ml-matrix companion ("η no larger")', qWasm.maxEta / etas['ml-matrix companion']!, 1, 'atMost');
      bar('R2', 'roots Kac 500: wasm vs our JS fallback, speed-up', speedup(cmp, 'wasm', 'js (ours)'), 1.5);
      bar('R-target', 'roots Kac 500: wasm median ms (target ≤ 10 ms)', wasmMs, 10, 'atMost');
      bar('R-target-eta', 'roots Kac 500: wasm max η ÷ (4nu)', qWasm.maxEta / (4 * n * u), 1, 'atMost');
      bar('R-stretch', 'roots Kac 500: native numpy roots (another run, §4.1) ÷ wasm (stretch ≥ 15×)', native / wasmMs, 15);
      bar('R-stretch-wasm-ms', 'roots Kac 500: wasm median ms (stretch ≤ 8 ms)', wasmMs, 8, 'atMost');
      bar('R-stretch-js-ms', 'roots Kac 500: JS median ms (stretch ≤ 15 ms)', jsMs, 15, 'atMost');
    }
  }

  // ─── durand-kerner's failure modes (§4.2: NaN roots from degree ≈ 50 and on W20) ──────────────
  {
    let w = [1];
    for (let r = 1; r <= 20; r++) {
      const next = new Array<number>(w.length + 1).fill(0);
      for (let k = 0; k < w.length; k++) {
        next[k + 1]! += w[k]!;
        next[k]! -= r * w[k]!;
      }
      w = next;
    }
    const cases: Array<[string, Float64Array]> = [['W20', Float64Array.from(w)], ['Kac 50', kac(50, 1050)], ['Kac 60', kac(60, 1060)], ['Kac 80', kac(80, 1080)]];
    for (const [name, c] of cases) {
      const dk = quality(c, BASELINES['durand-kerner']!(c));
      const ours = quality(c, oursAsSet(polynomialRoots(c, { backend: haveWasm ? 'wasm' : 'js' })));
      note(`durand-kerner on ${name}: ${dk.bad}/${c.length - 1} NaN or infinite roots, max η of the rest ${dk.maxEta.toExponential(1)} (ours: ${ours.bad} non-finite, max η ${ours.maxEta.toExponential(1)})`);
    }
  }

  // ─── batches: the free-prob master polynomials (complex, degree ≈ 65, thousands of z) ──────────
  {
    const degree = 65;
    const count = quick ? 500 : 2000;
    const g = rng(2024);
    const data = g.fillNormal(new Float64Array(2 * count * (degree + 1)));
    const one = (p: number) => data.subarray(2 * p * (degree + 1), 2 * (p + 1) * (degree + 1));
    const b = polynomialRootsBatch(data, degree, { complex: true, backend: haveWasm ? 'wasm' : 'js' });
    const cmp = compare(`roots batch: ${count} complex polynomials of degree ${degree}`, [
      { name: 'wasm batch', fn: () => polynomialRootsBatch(data, degree, { complex: true, backend: 'wasm' }), ...(noWasm ? { skip: noWasm } : {}) },
      { name: 'wasm, one call each', fn: () => { for (let p = 0; p < count; p++) polynomialRoots(one(p), { complex: true, backend: 'wasm' }); return 0; }, ...(noWasm ? { skip: noWasm } : {}) },
      { name: 'js batch', fn: () => polynomialRootsBatch(data, degree, { complex: true, backend: 'js' }) },
    ], { rounds: quick ? 3 : 5, minRoundMs: 0, warmup: 1 }, { degree, count, maxSweeps: b.iterations, converged: `${b.converged.reduce((s, x) => s + x, 0)}/${count * degree}` });
    note(`batch degree ${degree}: wasm ${fmt((1000 * cmp.candidates[0]!.medianMs) / count)} µs per polynomial; one call each ÷ batch ${fmt(speedup(cmp, 'wasm batch', 'wasm, one call each'))}×; js ÷ wasm ${fmt(speedup(cmp, 'wasm batch', 'js batch'))}×`);
  }

  // ─── batches along a path: the free-prob master polynomial f_z(m) = A(m) − z·m ────────────────
  // A(m) = (m + 1)·Π_{l≤64}(m + a_l), a_l ∈ [0.3, 1] seeded (free-prob.md §5, Bernoulli D² laws):
  // 65 roots, 64 of them clustered on [−1, −0.3] like a Wilkinson polynomial, so most are
  // ill-conditioned and polishing (compensated Horner) dominates; z = x − 1e-10·i along a grid.
  {
    const layers = 64;
    const g = rng(4096);
    let a = [1];
    for (const r of [-1, ...Array.from({ length: layers }, () => -(0.3 + 0.7 * g.uniform()))]) {
      const next = new Array<number>(a.length + 1).fill(0);
      for (let j = 0; j < a.length; j++) {
        next[j + 1]! += a[j]!;
        next[j]! -= r * a[j]!;
      }
      a = next;
    }
    const degree = layers + 1;
    const count = quick ? 200 : 1000;
    const data = new Float64Array(2 * count * (degree + 1));
    for (let p = 0; p < count; p++) {
      const x = 0.01 + (4 * p) / count;
      for (let k = 0; k <= degree; k++) {
        data[2 * (p * (degree + 1) + k)] = a[k]! - (k === 1 ? x : 0);
        data[2 * (p * (degree + 1) + k) + 1] = k === 1 ? -1e-10 : 0;
      }
    }
    const solveWith = (backend: 'wasm' | 'js', warmStart: boolean, polish: boolean) => () => polynomialRootsBatch(data, degree, { complex: true, backend, warmStart, polish });
    const sweepsOf = (warmStart: boolean) => polynomialRootsBatch(data, degree, { complex: true, backend: haveWasm ? 'wasm' : 'js', warmStart }).iterations;
    const cmp = compare(`roots batch along a path: ${count} master polynomials f_z(m) = A(m) − z·m, degree ${degree}, 64 clustered roots`, [
      { name: 'wasm warm', fn: solveWith('wasm', true, true), ...(noWasm ? { skip: noWasm } : {}) },
      { name: 'wasm cold', fn: solveWith('wasm', false, true), ...(noWasm ? { skip: noWasm } : {}) },
      { name: 'wasm warm, no polish', fn: solveWith('wasm', true, false), ...(noWasm ? { skip: noWasm } : {}) },
      { name: 'wasm cold, no polish', fn: solveWith('wasm', false, false), ...(noWasm ? { skip: noWasm } : {}) },
      { name: 'js warm', fn: solveWith('js', true, true) },
    ], { rounds: quick ? 3 : 5, minRoundMs: 0, warmup: 1 }, { degree, count, maxSweepsCold: sweepsOf(false), maxSweepsWarm: sweepsOf(true) });
    const per = (name: string) => fmt((1000 * cmp.candidates.find((x) => x.name === name)!.medianMs) / count);
    note(`master polynomials, µs per polynomial: wasm warm ${per('wasm warm')}, cold ${per('wasm cold')}; without polishing warm ${per('wasm warm, no polish')}, cold ${per('wasm cold, no polish')}; js warm ${per('js warm')} (warm ÷ cold speed-up ${fmt(speedup(cmp, 'wasm warm', 'wasm cold'))}×)`);
  }

  // ─── cold first call (fresh process): does the warm-up in ready() cover the roots kernel? ──────
  if (haveWasm) {
    const runs: Array<Record<string, unknown>> = [];
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      const r = runChild(['cold'], 120_000);
      if (typeof r === 'string') {
        note(r);
        break;
      }
      runs.push(r);
    }
    if (runs.length) {
      const ratios = runs.map((r) => (r.firstMs as number) / (r.steadyMs as number));
      note(`roots cold start, ${runs.length} fresh processes: first Kac-500 call after ready() ÷ steady ${ratios.map(fmt).join(', ')} (median ${fmt(median(ratios))}); steady ${fmt(median(runs.map((r) => r.steadyMs as number)))} ms`);
    }
  }
}
