// Benchmarks of @spectra/free-prob (specs/free-prob.md §11): the Jacobian density by Newton lilypads
// against FreeNN's recorded Python/Cython times (another run, same 2-core machine class, labelled as
// such), over depth 1…64 and N = 100…1900 density points, in settings A (FreeNN's benchmark net: linear,
// λ = 0.8, σ² = 1, interval (−1, 6), one pass at y = 1e-4) and B (ReLU He square, FreeNN's four passes on
// [−0.05, 1.02]·x₊: compat mode), the exact mode (density at y = 1e-10 + exact CDF + deciles), and the
// Monte-Carlo twin at N₀ = 2000 measured side by side. The solver is TypeScript: the "wasm" and "js"
// backends of core only matter for the Monte-Carlo twin (GEMM, SVD), reported for both.
import { initCore } from '@spectra/core';
import { jacobianSpectrum, monteCarlo, type JacobianArchitecture } from '@spectra/free-prob';
import { cpus, loadavg } from 'node:os';
import { bar, compare, consume, note, quick, report, type Comparison } from '../harness.js';

/**
 * CPU milliseconds per call (process.cpuUsage over a batch of ≥ 200 ms): on a shared host the wall
 * clock also counts time other processes hold the cores, the CPU clock only ours.
 */
function cpuMsPerCall(fn: () => unknown): number {
  for (let i = 0; i < 3; i++) consume(fn());
  let n = 1;
  for (;;) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) consume(fn());
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    if (ms >= 200 || n >= 1 << 16) return ms / n;
    n *= 2;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
}

const DEPTHS = [1, 2, 4, 8, 16, 32, 64] as const;
// FreeNN timings (spec §11 table), ms per density, single thread, CPython + NumPy.
const A_PYTHON = [92, 139, 119, 217, 237, 432, 734];
const A_CYTHON = [43, 44, 50, 36, 42, 59, 117];
const B_PYTHON = [510, 469, 699, 1754, 4741, 15142, NaN];
const B_CYTHON = [91, 112, 122, 299, 981, 3151, NaN];
const N_POINTS = [100, 500, 1000, 1900] as const;
const N_PYTHON = [59, 157, 278, 511];
const N_CYTHON = [18, 32, 46, 117];

const linearA = (L: number): JacobianArchitecture => ({ widthRatios: new Array<number>(L).fill(0.8), activation: 'linear', sigmaW2: 1 });
const reluB = (L: number): JacobianArchitecture => ({ depth: L, activation: 'relu', sigmaW2: 2 });

function settingA(L: number, points = 1000): () => unknown {
  const arch = linearA(L);
  return () => jacobianSpectrum(arch, { normalisation: 'fanOut', mode: 'freennCompat', freenn: { interval: [-1, 6], passes: [1e-4], points } });
}

function settingB(L: number): () => unknown {
  const arch = reluB(L);
  return () => jacobianSpectrum(arch, { normalisation: 'fanOut', mode: 'freennCompat' });
}

function exactMode(L: number): () => unknown {
  const arch = reluB(L);
  return () => jacobianSpectrum(arch, { normalisation: 'fanOut' });
}

export async function run(): Promise<void> {
  await initCore();
  note('FreeNN figures are from another run (spec §11: CPython + NumPy and its Cython core on a 2-core AMD EPYC VM); ours are medians of interleaved rounds in this process. The lilypads solver is TypeScript (no core kernel): one figure serves both core backends.');
  const depths = quick ? [1, 4, 16, 64] : [...DEPTHS];
  for (const L of depths) {
    const i = DEPTHS.indexOf(L as (typeof DEPTHS)[number]);
    const c = compare(`free-prob A: linear λ = 0.8 density, L = ${L}, N = 1000, one pass y = 1e-4`, [{ name: 'lilypads (compat A)', fn: settingA(L) }], {}, { freennPythonMs: A_PYTHON[i]!, freennCythonMs: A_CYTHON[i]! });
    const ms = c.candidates[0]!.medianMs;
    const cpu = cpuMsPerCall(settingA(L));
    c.extra.cpuMsPerCall = cpu;
    note(`setting A, L = ${L}: ${ms.toFixed(3)} ms wall (median), ${cpu.toFixed(3)} ms CPU per call`);
    bar(`free-prob.A.L${L}.cython`, `setting A, L = ${L}: speed-up over FreeNN Cython (another run, ${A_CYTHON[i]} ms), wall clock`, A_CYTHON[i]! / ms, 30);
    bar(`free-prob.A.L${L}.cython.cpu`, `setting A, L = ${L}: speed-up over FreeNN Cython (another run), CPU time`, A_CYTHON[i]! / cpu, 30);
    bar(`free-prob.A.L${L}.python`, `setting A, L = ${L}: speed-up over FreeNN Python (another run, ${A_PYTHON[i]} ms)`, A_PYTHON[i]! / ms, 30);
  }
  for (const [k, N] of N_POINTS.entries()) {
    if (quick && N !== 1000) continue;
    const c = compare(`free-prob A vs N: L = 20, N = ${N}`, [{ name: 'lilypads (compat A)', fn: settingA(20, N) }], {}, { freennPythonMs: N_PYTHON[k]!, freennCythonMs: N_CYTHON[k]! });
    const ms = c.candidates[0]!.medianMs;
    const cpu = cpuMsPerCall(settingA(20, N));
    c.extra.cpuMsPerCall = cpu;
    bar(`free-prob.A.N${N}.cython`, `setting A, L = 20, N = ${N}: speed-up over FreeNN Cython (another run, ${N_CYTHON[k]} ms), wall clock`, N_CYTHON[k]! / ms, 30);
    bar(`free-prob.A.N${N}.cython.cpu`, `setting A, L = 20, N = ${N}: speed-up over FreeNN Cython (another run), CPU time`, N_CYTHON[k]! / cpu, 30);
  }
  for (const L of depths) {
    const i = DEPTHS.indexOf(L as (typeof DEPTHS)[number]);
    const c = compare(`free-prob B: ReLU He square, L = ${L}, FreeNN's 4 passes, N = 1000 (compat)`, [{ name: 'lilypads (compat B)', fn: settingB(L) }], { rounds: L >= 32 ? 3 : undefined }, {
      freennPythonMs: B_PYTHON[i]!,
      freennCythonMs: B_CYTHON[i]!,
    });
    const ms = c.candidates[0]!.medianMs;
    const cpu = cpuMsPerCall(settingB(L));
    c.extra.cpuMsPerCall = cpu;
    note(`setting B, L = ${L}: ${ms.toFixed(3)} ms wall (median), ${cpu.toFixed(3)} ms CPU per call`);
    if (Number.isFinite(B_CYTHON[i]!)) {
      bar(`free-prob.B.L${L}.cython`, `setting B, L = ${L}: speed-up over FreeNN Cython (another run, ${B_CYTHON[i]} ms), wall clock`, B_CYTHON[i]! / ms, 30);
      bar(`free-prob.B.L${L}.cython.cpu`, `setting B, L = ${L}: speed-up over FreeNN Cython (another run), CPU time`, B_CYTHON[i]! / cpu, 30);
      bar(`free-prob.B.L${L}.python`, `setting B, L = ${L}: speed-up over FreeNN Python (another run, ${B_PYTHON[i]} ms)`, B_PYTHON[i]! / ms, 30);
    } else {
      bar(`free-prob.B.L${L}.finishes`, `setting B, L = ${L} (FreeNN: no result in 240 s): our time in ms`, ms, 500, 'atMost');
    }
    const e = compare(`free-prob exact mode: ReLU He square, L = ${L} (density y = 1e-10 + exact CDF on 1549 points + deciles)`, [{ name: 'lilypads (exact)', fn: exactMode(L) }], { rounds: L >= 32 ? 3 : undefined });
    const ems = e.candidates[0]!.medianMs;
    const ecpu = cpuMsPerCall(exactMode(L));
    e.extra.cpuMsPerCall = ecpu;
    note(`exact mode, L = ${L}: ${ems.toFixed(3)} ms wall (median), ${ecpu.toFixed(3)} ms CPU per call`);
    if (Number.isFinite(B_CYTHON[i]!)) {
      bar(`free-prob.exact.L${L}.cython`, `exact mode, L = ${L}: speed-up over FreeNN Cython setting B (another run, ${B_CYTHON[i]} ms), wall clock`, B_CYTHON[i]! / ems, 30);
      bar(`free-prob.exact.L${L}.cython.cpu`, `exact mode, L = ${L}: speed-up over FreeNN Cython setting B (another run), CPU time`, B_CYTHON[i]! / ecpu, 30);
    }
    else bar(`free-prob.exact.L${L}.finishes`, `exact mode, L = ${L}: our time in ms`, ems, 500, 'atMost');
  }
  // Against the Monte-Carlo twin, side by side: one sampled network of N₀ = 2000 (ReLU He, L = 4:
  // GEMMs and an SVD of 2000 × 2000) — a lower bound of the Monte-Carlo cost at the quantile accuracy
  // of N = 2000 (deciles within ~1 % in F) — against the exact theory (deciles exact to 1e-6).
  const arch = reluB(4);
  for (const backend of quick ? (['wasm'] as const) : (['wasm', 'js'] as const)) {
    // The twin is asynchronous (it yields between layers so a signal can stop it), which `compare` does
    // not await: time it here, interleaved with ours, medians over rounds.
    const rounds = backend === 'wasm' ? 3 : 1;
    const oursMs: number[] = [];
    const mcMs: number[] = [];
    const ours = exactMode(4);
    for (let i = 0; i < 3; i++) consume(ours());
    for (let r = 0; r < rounds; r++) {
      let t0 = performance.now();
      const reps = 20;
      for (let i = 0; i < reps; i++) consume(ours());
      oursMs.push((performance.now() - t0) / reps);
      t0 = performance.now();
      consume(await monteCarlo.jacobianSpectrum(arch, { sizes: 2000, seeds: 1, seed: r, backend }));
      mcMs.push(performance.now() - t0);
    }
    const a = median(oursMs);
    const b = median(mcMs);
    const comparison: Comparison = {
      name: `free-prob exact mode vs the Monte-Carlo twin (N₀ = 2000, one network, core ${backend}), ReLU He L = 4`,
      candidates: [
        { name: 'lilypads (exact)', medianMs: a, samplesMs: oursMs, ratioToFirst: 1 },
        { name: `Monte Carlo (${backend})`, medianMs: b, samplesMs: mcMs, ratioToFirst: b / a },
      ],
      extra: { rounds },
    };
    report.comparisons.push(comparison);
    console.log(`\n${comparison.name}\n  lilypads (exact)           ${a.toFixed(3)} ms\n  Monte Carlo (${backend})       ${b.toFixed(0)} ms   ×${(b / a).toFixed(0)}`);
    bar(`free-prob.montecarlo.${backend}`, `exact theory vs Monte Carlo at N₀ = 2000 (core ${backend}): speed-up, wall clock`, b / a, 100);
  }
  note(`host: ${cpus().length} × ${cpus()[0]?.model}, load average at the end ${loadavg().map((v) => v.toFixed(1)).join(' / ')} (shared with other jobs: wall-clock figures include their time; CPU-time figures are ours only)`);
}
