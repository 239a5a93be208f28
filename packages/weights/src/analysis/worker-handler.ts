// What an analysis worker does with a job: rebuild the slices, run `analyzeLayerSlices` (the same
// function the main thread runs), answer with the reports or a typed error. Shared by the Web
// Worker entry (`analysis-worker.ts`) and the Node one (`node-analysis-worker.ts`).
import { initCore, isSpectraError, ready, wasmVariant } from '@spectra/core';
import { analyzeLayerSlices } from './analyze-layer.js';
import type { AnalysisAnswer, AnalysisJob } from './worker-pool.js';

/** Loads the wasm kernels, then says so: the pool sends no job before. */
export async function workerStartup(post: (answer: AnalysisAnswer) => void): Promise<void> {
  const backend = await ready();
  post({ ready: true, backend });
}

/** Runs one job and posts its answer (jobs arrive one at a time per worker). */
export async function handleAnalysisJob(job: AnalysisJob, post: (answer: AnalysisAnswer) => void): Promise<void> {
  try {
    if (job.wasmVariant && wasmVariant() !== job.wasmVariant) await initCore({ variant: job.wasmVariant });
    const slices = job.slices.map((s) => ({ rows: s.rows, cols: s.cols, data: s.data }));
    const reports = analyzeLayerSlices(job.layer, slices, job.options);
    post({ id: job.id, reports });
  } catch (e) {
    const err = e as Error;
    post({ id: job.id, error: { code: isSpectraError(e) ? e.code : 'E_INTERNAL', message: err?.message ?? String(e), name: err?.name ?? 'Error' } });
  }
}

/**
 * Makes the current Web Worker (or any scope with `postMessage`/`addEventListener`) an analysis
 * worker of `createAnalysisPool`. Bundlers that cannot start `analysis-worker.js` by URL can call
 * this from their own worker entry.
 *
 * @example
 * ```ts no-run
 * // worker.ts, bundled by your tool (inside a Web Worker: `globalThis` is the worker scope):
 * import { installAnalysisWorker } from '@spectra/weights';
 * installAnalysisWorker(); // loads the wasm, then posts { ready: true, backend: 'wasm' } and serves jobs
 * ```
 * ```ts no-run
 * // main.ts, in a browser (module Web Workers):
 * import { createAnalysisPool, webWorkerPort } from '@spectra/weights';
 * const pool = createAnalysisPool(4, () => webWorkerPort(new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })));
 * ```
 */
export function installAnalysisWorker(scope: { postMessage(m: unknown): void; addEventListener(type: 'message', h: (e: MessageEvent) => void): void } = globalThis as never): void {
  const post = (answer: AnalysisAnswer) => scope.postMessage(answer);
  scope.addEventListener('message', (e: MessageEvent) => void handleAnalysisJob(e.data as AnalysisJob, post));
  void workerStartup(post);
}
