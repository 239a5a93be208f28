// @spectra/hessian benchmarks (specs/hessian.md §11): HVP and GGN products against the gradient on
// the same batch (MNIST MLP 784-128-64-10, 256 digits), SLQ 100 × 10 single thread and on a worker
// pool, the reference net's dense Hessian and eigendecomposition, and top-20 by Lanczos vs power
// iteration with deflation (products counted). numpy's figures from the reference program are
// printed beside ours, labelled "numpy, another run".
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { getBackend, ready, symmetricEigenvalues, wasmVariant } from '@spectra/core';
import {
  createBatch,
  curvatureOperator,
  denseHessian,
  initializeParameters,
  multilayerPerceptron,
  powerIteration,
  stochasticLanczosQuadrature,
  subsetBatch,
  topEigenvalues,
  type Batch,
  type EngineBackend,
  type Model,
} from '@spectra/hessian';
import { createNodeWorkerPool, loadMnist } from '@spectra/hessian/node';
import { bar, compare, fmt, note, quick, speedup } from '../harness.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const reference: any = JSON.parse(readFileSync(new URL('../../../reference/hessian/hessian_main.json', import.meta.url), 'utf8'));
const numpy = reference.timings_numpy_single_thread;

function seconds(t0: number): number {
  return (performance.now() - t0) / 1000;
}

async function mnistSetup(n: number): Promise<{ model: Model; theta: Float64Array; batch: Batch }> {
  const { train } = await loadMnist({ trainPerClass: 500, testPerClass: 0 });
  const model = multilayerPerceptron([784, 128, 64, 10], { activation: 'relu' });
  const batch = subsetBatch(model, train, Array.from({ length: n }, (_, i) => i));
  // A partly trained θ is not needed for timing: products cost the same at any θ.
  return { model, theta: initializeParameters(model, { seed: 2 }), batch };
}

/** Median CPU milliseconds per call of each candidate, interleaved round by round (rotating order). */
function cpuMedians(candidates: Array<{ name: string; fn: () => unknown }>, calls: number, rounds: number): Map<string, number[]> {
  const samples = new Map(candidates.map((c) => [c.name, [] as number[]]));
  for (const c of candidates) c.fn();
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < candidates.length; k++) {
      const c = candidates[(k + r) % candidates.length]!;
      const t0 = process.cpuUsage();
      for (let i = 0; i < calls; i++) c.fn();
      const t = process.cpuUsage(t0);
      samples.get(c.name)!.push((t.user + t.system) / 1000 / calls);
    }
  }
  return samples;
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
}

function products(model: Model, theta: Float64Array, batch: Batch, backend: EngineBackend): void {
  const P = model.parameterCount;
  const v = Float64Array.from({ length: P }, (_, i) => Math.sin(i));
  const cached = curvatureOperator(model, theta, batch, { backend });
  cached.apply(v);
  const cachedG = cached.withKind('gaussNewton');
  const candidates = [
    // Fresh operators: the forward pass (and the gradient's backprop) are part of the call.
    { name: 'gradient', fn: () => curvatureOperator(model, theta, batch, { backend }).gradient() },
    { name: 'HVP (fresh forward)', fn: () => curvatureOperator(model, theta, batch, { backend }).apply(v) },
    { name: 'HVP (cached forward)', fn: () => cached.apply(v) },
    { name: 'GGN (fresh forward)', fn: () => curvatureOperator(model, theta, batch, { backend, kind: 'gaussNewton' }).apply(v) },
    { name: 'GGN (cached forward)', fn: () => cachedG.apply(v) },
  ];
  const c = compare(`MNIST MLP (P = ${P}), ${batch.count} digits, ${backend}: gradient vs products (wall clock)`, candidates);
  // The machine is shared: wall-clock ratios swing with other processes' load, CPU time of this
  // process does not (the same interleaved rounds). The bars use CPU-time medians; wall ratios print above.
  const cpu = cpuMedians(candidates, quick ? 3 : 5, quick ? 5 : 11);
  const ms = (name: string) => medianOf(cpu.get(name)!);
  // Paired per-round ratios (the same round's two timings), medians over rounds.
  const between = (a: string, b: string) => medianOf(cpu.get(a)!.map((x, i) => x / cpu.get(b)![i]!));
  const ratio = (name: string) => between(name, 'gradient');
  console.log(`  CPU time per call (median of ${quick ? 5 : 11} interleaved rounds): ${candidates.map((x) => `${x.name} ${fmt(ms(x.name))} ms`).join(', ')}`);
  const hvp = ratio('HVP (fresh forward)');
  const hvpCached = ratio('HVP (cached forward)');
  const ggnCached = ratio('GGN (cached forward)');
  const ggnFresh = ratio('GGN (fresh forward)');
  bar(`H1-${backend}`, 'HVP ÷ gradient, same batch, fresh forward, CPU time (hard bar 4, target 2.5)', hvp, 4, 'atMost');
  bar(`H1-target-${backend}`, 'HVP ÷ gradient, fresh forward, CPU time: target', hvp, 2.5, 'atMost');
  bar(`H1-cached-${backend}`, 'HVP ÷ gradient with the cached forward pass, CPU time (target 1.5)', hvpCached, 1.5, 'atMost');
  bar(`H2-${backend}`, 'GGN product ÷ HVP, cached forward, CPU time (≤ 1)', between('GGN (cached forward)', 'HVP (cached forward)'), 1, 'atMost');
  bar(`H2-fresh-${backend}`, 'GGN product ÷ HVP, fresh forward, CPU time (≤ 1)', between('GGN (fresh forward)', 'HVP (fresh forward)'), 1, 'atMost');
  void ggnFresh;
  note(`wall-clock ratios of the same calls: HVP ×${fmt(speedup(c, 'gradient', 'HVP (fresh forward)'))}, cached ×${fmt(speedup(c, 'gradient', 'HVP (cached forward)'))}, GGN cached ×${fmt(speedup(c, 'gradient', 'GGN (cached forward)'))}`);
  const np = numpy.mnist_sized_mlp.per_n[`relu_n${batch.count}`];
  if (np) {
    note(
      `numpy, another run (one thread, n = ${batch.count}): gradient ${np.grad_ms} ms, HVP ${np.hvp_ms} ms (×${np.hvp_over_grad}), ` +
        `cached ${np.hvp_cached_forward_ms} ms (×${np.hvp_cached_over_grad}), GGN ${np.ggn_ms} ms (×${np.ggn_over_grad}); ours (CPU): gradient ` +
        `${fmt(ms('gradient'))} ms, HVP ×${fmt(hvp)}, cached ×${fmt(hvpCached)}, GGN cached ×${fmt(ggnCached)}`,
    );
  }
}

function cpuSeconds(t0: NodeJS.CpuUsage): number {
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

async function slqMnist(model: Model, theta: Float64Array, batch: Batch, backend: EngineBackend): Promise<void> {
  const H = curvatureOperator(model, theta, batch, { backend });
  H.apply(Float64Array.from({ length: model.parameterCount }, (_, i) => Math.cos(i)));
  const steps = quick ? 30 : 100;
  const probes = quick ? 3 : 10;
  let t0 = performance.now();
  const c0 = process.cpuUsage();
  const single = await stochasticLanczosQuadrature(H, { steps, probes, seed: 3 });
  const singleSeconds = seconds(t0);
  const singleCpu = cpuSeconds(c0);
  const c32 = process.cpuUsage();
  await stochasticLanczosQuadrature(H, { steps, probes, seed: 3, basisPrecision: 'float32' });
  const float32Cpu = cpuSeconds(c32);
  // Products alone, for the split between HVPs and reorthogonalisation.
  const v = Float64Array.from({ length: model.parameterCount }, (_, i) => Math.sin(i));
  const block = new Float64Array(4 * model.parameterCount).map((_, i) => Math.sin(i));
  const h0 = process.cpuUsage();
  for (let i = 0; i < 5; i++) H.applyBlock(block, 4);
  const hvpSeconds = (cpuSeconds(h0) / 20) * steps * probes;
  const workers = 4;
  const pool = createNodeWorkerPool(workers);
  let pooledSeconds = NaN;
  try {
    await stochasticLanczosQuadrature(H, { steps: 2, probes: workers, seed: 3, pool }); // start the workers
    t0 = performance.now();
    const pooled = await stochasticLanczosQuadrature(H, { steps, probes, seed: 3, pool });
    pooledSeconds = seconds(t0);
    const same = pooled.probes.every((p, l) => p.alpha.every((a, j) => a === single.probes[l]!.alpha[j]));
    note(`SLQ on ${workers} workers gives the single-thread α bit for bit: ${same}`);
  } finally {
    await pool.close();
  }
  console.log(`  SLQ ${steps} × ${probes} on the MNIST MLP (P = ${model.parameterCount}, ${batch.count} digits, ${backend}): one thread ${fmt(singleSeconds)} s wall, ` +
    `${fmt(singleCpu)} s CPU (HVPs ≈ ${fmt(hvpSeconds)} s CPU, reorthogonalisation and the rest ≈ ${fmt(singleCpu - hvpSeconds)} s); float32 basis ${fmt(float32Cpu)} s CPU; ` +
    `${workers} workers on ${availableParallelism()} cores ${fmt(pooledSeconds)} s wall`);
  if (!quick) {
    bar(`H3-single-${backend}`, 'SLQ 100 × 10, MNIST MLP, one thread, wall seconds (≤ 25)', singleSeconds, 25, 'atMost');
    note(`SLQ 100 × 10 one thread: ${fmt(singleCpu)} CPU seconds (wall ÷ CPU = ${fmt(singleSeconds / singleCpu)}: the share of a core this process got)`);
    bar(`H3-pool-${backend}`, `SLQ 100 × 10, MNIST MLP, 4-worker pool on ${availableParallelism()} cores, seconds (≤ 10)`, pooledSeconds, 10, 'atMost');
  }
  const np = numpy.mnist_sized_mlp;
  note(
    `numpy, another run (one thread): 1000 cached HVPs ${np.per_n.relu_n256.slq_100x10_hvp_only_s} s (n = 256) plus CGS2 reorthogonalisation ` +
      `${np.lanczos_m100_reorth_cgs2_float64_s} s per probe (float32 basis ${np.lanczos_m100_reorth_cgs2_float32_s} s)`,
  );
}

async function referenceNet(backend: EngineBackend): Promise<void> {
  const model = multilayerPerceptron([20, 30, 30, 5], { activation: 'relu' });
  const batch = createBatch(model, Float64Array.from((reference.data.X as number[][]).flat()), reference.data.y);
  const theta = Float64Array.from(reference.theta);
  const H = curvatureOperator(model, theta, batch, { backend });
  H.apply(Float64Array.from(reference.at_theta.v));
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const dense = await denseHessian(H);
  const buildSeconds = seconds(t0);
  const buildCpu = cpuSeconds(c0);
  t0 = performance.now();
  c0 = process.cpuUsage();
  const eigenvalues = symmetricEigenvalues(dense, { triangle: 'lower' });
  const eigSeconds = seconds(t0);
  const eigCpu = cpuSeconds(c0);
  let worst = 0;
  eigenvalues.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - reference.exact.eigenvalues_H[i]))));
  console.log(`  reference net (P = 1715), ${backend}: dense H from 1715 products ${fmt(buildSeconds)} s wall (${fmt(buildCpu)} s CPU), eigenvalues ${fmt(eigSeconds)} s wall (${fmt(eigCpu)} s CPU); max |λ − λ_ref| / λ_max = ${fmt(worst / reference.exact.H.lambda_max)}`);
  bar(`H4-dense-${backend}`, 'reference net: dense H (1715 products) + eigenvalues, wall seconds (≤ 5)', buildSeconds + eigSeconds, 5, 'atMost');
  t0 = performance.now();
  c0 = process.cpuUsage();
  await stochasticLanczosQuadrature(H, { steps: 80, probes: 10, seed: 3 });
  const slqSeconds = seconds(t0);
  bar(`H4-slq-${backend}`, 'reference net: SLQ 80 × 10, wall seconds (≤ 1)', slqSeconds, 1, 'atMost');
  note(`reference net: dense H + eigenvalues ${fmt(buildCpu + eigCpu)} CPU seconds; SLQ 80 × 10 ${fmt(cpuSeconds(c0))} CPU seconds`);
  const r = numpy.reference;
  note(`numpy, another run (one thread): HVP ${r.single_hvp_ms} ms vs gradient ${r.single_grad_ms} ms; dense H and G ${r.full_H_and_G_s} s; eigh ${r.eigh_H_s} s; SLQ 80 × 10 ${r.slq_matrix_free_s} s`);

  // Top-20 to 1e-6: Lanczos (residual bounds) vs PyHessian-style power iteration with deflation.
  const exact = Array.from(reference.exact.eigenvalues_H as number[]).reverse().slice(0, 20);
  const lz = await topEigenvalues(H, 20, { seed: 4, tolerance: 1e-6 });
  const lzError = Math.max(...Array.from(lz.values, (x, i) => Math.abs(x - exact[i]!) / Math.abs(exact[i]!)));
  const power = await powerIteration(H, 20, { seed: 4, tolerance: 1e-6, maxIterations: 1000 });
  const sorted = Array.from(power.values).sort((a, b) => b - a);
  const powerError = Math.max(...sorted.map((x, i) => Math.abs(x - exact[i]!) / Math.abs(exact[i]!)));
  console.log(`  top-20 of the reference H: Lanczos ${lz.matvecs} products (max rel. error ${fmt(lzError)}), power iteration with deflation ${power.matvecs} products (max rel. error ${fmt(powerError)})`);
  bar(`H5-${backend}`, 'top-20 to 1e-6: power-iteration products ÷ Lanczos products (≥ 1)', power.matvecs / lz.matvecs, 1, 'atLeast');
}

export async function run(): Promise<void> {
  const got = await ready();
  console.log(`core backend ${got}${got === 'wasm' ? ` (${wasmVariant()})` : ''}; active ${getBackend().active}`);
  const backends: EngineBackend[] = got === 'wasm' ? ['wasm', 'js'] : ['js'];
  const { model, theta, batch } = await mnistSetup(256);
  for (const backend of backends) products(model, theta, batch, backend);
  await slqMnist(model, theta, batch, backends[0]!);
  await referenceNet(backends[0]!);
}
