/// <reference types="node" />
// The analysis worker pool on Node `worker_threads` (exported from `@spectra/weights/node`).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createAnalysisPool, type AnalysisWorkerPool, type WorkerPort } from './worker-pool.js';

/** Where the compiled worker entry is: beside this module in `dist/`, or in `dist/` when running from `src/` (tests). */
function defaultWorkerUrl(): URL {
  const beside = new URL('./node-analysis-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return new URL('../../dist/analysis/node-analysis-worker.js', import.meta.url);
}

/**
 * A pool of `size` Node worker threads (default: the machine's parallelism) running the layer
 * analysis. Pass it as `workers` to `analyzeModel`; terminate it when done (a live pool keeps the
 * process running).
 *
 * @example
 * ```ts
 * import { createNodeAnalysisPool, loadModelFromPath } from '@spectra/weights/node';
 * import { analyzeModel } from '@spectra/weights';
 * const pool = createNodeAnalysisPool(2);
 * const model = await loadModelFromPath('node_modules/@upscalerjs/default-model/models/model.json');
 * const report = await analyzeModel(model, { workers: pool });
 * await pool.terminate();
 * report.summary.means.alpha; // ≈ 4.3204: the same numbers as without workers
 * ```
 */
export function createNodeAnalysisPool(size = availableParallelism(), options: { workerUrl?: URL } = {}): AnalysisWorkerPool {
  const url = options.workerUrl ?? defaultWorkerUrl();
  return createAnalysisPool(size, (): WorkerPort => {
    // Not unref'd: a pending job must keep the process alive. Terminate the pool when done.
    const worker = new Worker(url);
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: (handler) => worker.on('message', handler),
      onError: (handler) => worker.on('error', handler),
      terminate: () => worker.terminate(),
    };
  });
}
