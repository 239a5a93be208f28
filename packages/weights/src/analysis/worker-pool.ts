// A pool of workers that analyse layers (DESIGN.md: heavy independent work in `worker_threads` or
// Web Workers behind the same API). The protocol is platform-neutral: a `WorkerPort` adapts a Node
// `Worker` (`@spectra/weights/node`) or a Web `Worker` (`webWorkerPort`). Each job is one layer's
// slices, transferred, and the resolved options; the worker runs `analyzeLayerSlices`, the same
// function the main thread runs, so results do not depend on the pool size.
import { SpectraError, wasmVariant, type Matrix, type WasmVariant } from '@spectra/core';
import type { LayerDescription } from './analyze-layer.js';
import type { LayerReport } from './layer-report.js';
import type { ResolvedAnalysisOptions } from './options.js';

/** The two directions of a worker's message channel, whatever the platform. */
export interface WorkerPort {
  /** Sends a message, transferring `transfer`'s buffers. */
  post(message: unknown, transfer: ArrayBuffer[]): void;
  /** Registers the handler of the worker's messages (the message data itself). */
  onMessage(handler: (data: unknown) => void): void;
  /** Registers the handler of the worker's failure (an uncaught error: its pending job rejects with `E_INTERNAL`). */
  onError(handler: (error: Error) => void): void;
  /** Stops the worker (may return a promise). */
  terminate(): unknown;
}

/** A job for a worker. */
export interface AnalysisJob {
  id: number;
  layer: LayerDescription;
  slices: Array<{ rows: number; cols: number; data: Float64Array }>;
  options: ResolvedAnalysisOptions;
  /** The caller's wasm build: the worker loads the same one, so FMA or not, the numbers agree. */
  wasmVariant: WasmVariant | null;
}

/** A worker's answer. */
export type AnalysisAnswer = { id: number; reports: LayerReport[] } | { id: number; error: { code: string; message: string; name: string } } | { ready: true; backend: string };

/** Runs layer jobs on a fixed set of workers; `analyzeModel({ workers: pool })` uses it. */
export interface AnalysisWorkerPool {
  /** Number of workers. */
  readonly size: number;
  /** Analyses one layer on the next free worker (the slices' buffers are transferred). */
  run(layer: LayerDescription, slices: Matrix[], options: ResolvedAnalysisOptions): Promise<LayerReport[]>;
  /** Stops every worker; pending jobs reject with `E_ABORTED`. */
  terminate(): Promise<void>;
}

interface Slot {
  port: WorkerPort;
  busy: boolean;
  ready: Promise<void>;
  pending?: { id: number; resolve: (r: LayerReport[]) => void; reject: (e: Error) => void };
}

/**
 * A pool over `size` workers (1–256) made by `createPort`, each running the analysis worker entry
 * (`@spectra/weights/analysis-worker`, or your own entry calling `installAnalysisWorker`). In Node,
 * `createNodeAnalysisPool` (from `@spectra/weights/node`) builds one on `worker_threads`.
 *
 * @example
 * ```ts no-run
 * // In a browser, with module workers; './analysis-worker.js' is where your bundler or server puts
 * // `@spectra/weights/analysis-worker` (or an entry of your own calling installAnalysisWorker()).
 * import { analyzeModel, createAnalysisPool, loadModel, webWorkerPort } from '@spectra/weights';
 * const pool = createAnalysisPool(2, () =>
 *   webWorkerPort(new Worker(new URL('./analysis-worker.js', import.meta.url), { type: 'module' })));
 * pool.size; // 2
 * const report = await analyzeModel(await loadModel(file), { workers: pool }); // file: a File from an <input>
 * await pool.terminate();
 * ```
 */
export function createAnalysisPool(size: number, createPort: () => WorkerPort): AnalysisWorkerPool {
  if (!Number.isSafeInteger(size) || size < 1 || size > 256) throw new SpectraError('E_ARGUMENT', `worker pool size must be an integer in [1, 256], got ${size}`);
  let nextId = 1;
  let terminated = false;
  const queue: Array<() => void> = [];
  const slots: Slot[] = [];
  for (let i = 0; i < size; i++) {
    const port = createPort();
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    const slot: Slot = { port, busy: false, ready: new Promise<void>((res, rej) => ((readyResolve = res), (readyReject = rej))) };
    slot.ready.catch(() => undefined);
    port.onMessage((data) => {
      const answer = data as AnalysisAnswer;
      if ('ready' in answer) {
        readyResolve();
        return;
      }
      const p = slot.pending;
      if (!p || p.id !== answer.id) return;
      slot.pending = undefined;
      slot.busy = false;
      if ('error' in answer) p.reject(new SpectraError(answer.error.code, answer.error.message));
      else p.resolve(answer.reports);
      queue.shift()?.();
    });
    port.onError((error) => {
      readyReject(error);
      const p = slot.pending;
      slot.pending = undefined;
      slot.busy = false;
      p?.reject(new SpectraError('E_INTERNAL', `analysis worker failed: ${error.message}`));
      queue.shift()?.();
    });
    slots.push(slot);
  }
  const acquire = (): Promise<Slot> =>
    new Promise((resolve, reject) => {
      const tryTake = () => {
        if (terminated) return reject(new SpectraError('E_ABORTED', 'worker pool terminated'));
        const free = slots.find((s) => !s.busy);
        if (!free) return queue.push(tryTake);
        free.busy = true;
        resolve(free);
      };
      tryTake();
    });
  return {
    size,
    async run(layer, slices, options) {
      const slot = await acquire();
      await slot.ready;
      const id = nextId++;
      const plain = slices.map((s) => ({ rows: s.rows, cols: s.cols, data: s.data instanceof Float64Array ? s.data : Float64Array.from(s.data) }));
      const job: AnalysisJob = { id, layer: stripFunctions(layer), slices: plain, options, wasmVariant: wasmVariant() };
      return new Promise<LayerReport[]>((resolve, reject) => {
        slot.pending = { id, resolve, reject };
        slot.port.post(job, plain.map((s) => s.data.buffer as ArrayBuffer));
      });
    },
    async terminate() {
      terminated = true;
      for (const s of slots) {
        s.pending?.reject(new SpectraError('E_ABORTED', 'worker pool terminated'));
        s.pending = undefined;
        await s.port.terminate();
      }
      while (queue.length) queue.shift()!();
    },
  };
}

/** A `LayerMatrix` without its `slices` function (functions cannot cross to a worker). */
function stripFunctions(layer: LayerDescription): LayerDescription {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(layer)) if (typeof v !== 'function') out[k] = v;
  return out as unknown as LayerDescription;
}

/**
 * Adapts a Web `Worker` (a module worker running `@spectra/weights/analysis-worker`, or an entry of
 * your own that calls `installAnalysisWorker`) to the pool's `WorkerPort`.
 *
 * @example
 * ```ts no-run
 * // In a browser (module Web Workers, navigator):
 * import { createAnalysisPool, webWorkerPort } from '@spectra/weights';
 * // './analysis-worker.js': your bundled or served copy of `@spectra/weights/analysis-worker`.
 * const pool = createAnalysisPool(navigator.hardwareConcurrency, () =>
 *   webWorkerPort(new Worker(new URL('./analysis-worker.js', import.meta.url), { type: 'module' })));
 * pool.size; // navigator.hardwareConcurrency
 * ```
 */
export function webWorkerPort(worker: Worker): WorkerPort {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (handler) => worker.addEventListener('message', (e) => handler((e as MessageEvent).data)),
    onError: (handler) => worker.addEventListener('error', (e) => handler(new Error((e as ErrorEvent).message ?? 'worker error'))),
    terminate: () => worker.terminate(),
  };
}
