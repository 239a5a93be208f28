// The page of the Chromium benchmark (bundled by chromium.ts): builds the GPT-2-small-shaped model
// in the tab and times its whole analysis, on the main thread and on two Web Workers (this same
// bundle, started as a module worker, is the analysis worker).
import { ready, wasmVariant } from '@spectra/core';
import { analyzeModel, createAnalysisPool, installAnalysisWorker, webWorkerPort } from '@spectra/weights';
import { gpt2SmallModel } from './synthetic-model.js';

interface BenchResult {
  userAgent: string;
  variant: string;
  buildSeconds: number;
  analyzeSeconds: number;
  workerSeconds: number;
  layers: number;
  meanAlpha: number;
  error?: string;
}

const scope = globalThis as unknown as { document?: unknown; __BENCH_RESULT__?: BenchResult; postMessage(m: unknown): void; addEventListener(t: string, h: (e: MessageEvent) => void): void };

async function main(): Promise<void> {
  await ready();
  const t0 = performance.now();
  const layers = gpt2SmallModel();
  const t1 = performance.now();
  const report = await analyzeModel(layers, { mpFit: false, detX: false });
  const t2 = performance.now();
  let workerSeconds = NaN;
  const pool = createAnalysisPool(2, () => webWorkerPort(new Worker(new URL(import.meta.url), { type: 'module' })));
  try {
    const t3 = performance.now();
    await analyzeModel(layers, { mpFit: false, detX: false, workers: pool });
    workerSeconds = (performance.now() - t3) / 1000;
  } finally {
    await pool.terminate();
  }
  scope.__BENCH_RESULT__ = {
    userAgent: navigator.userAgent,
    variant: wasmVariant() ?? 'js',
    buildSeconds: (t1 - t0) / 1000,
    analyzeSeconds: (t2 - t1) / 1000,
    workerSeconds,
    layers: report.layers.length,
    meanAlpha: report.summary.means.alpha,
  };
}

if (scope.document === undefined) {
  installAnalysisWorker();
} else {
  main().catch((e: Error) => {
    scope.__BENCH_RESULT__ = { userAgent: navigator.userAgent, variant: '', buildSeconds: NaN, analyzeSeconds: NaN, workerSeconds: NaN, layers: 0, meanAlpha: NaN, error: `${e.name}: ${e.message}` };
  });
}
