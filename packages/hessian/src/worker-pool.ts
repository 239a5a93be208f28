import { SpectraError } from '@spectra/core';
import type { ProbeLanczos, ProbeTask } from './probe-task.js';

/** The minimal worker surface the pool drives (a Node `Worker`, a Web/Deno `Worker`, adapted). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  onMessage(handler: (message: unknown) => void): void;
  onError(handler: (error: Error) => void): void;
  terminate(): void | Promise<unknown>;
}

/**
 * A pool of workers that run SLQ probes in parallel (hessian.md §10): each worker gets θ, the batch
 * and its probe indices, and returns only (α, β) per probe; results are merged in probe order, so
 * they are identical for any pool size.
 */
export interface ProbePool {
  readonly size: number;
  /** Runs `indices` of `task`; rejects E_ABORTED (details.completed: finished probes) when `signal` fires. */
  runProbes(task: ProbeTask, indices: readonly number[], options?: { signal?: AbortSignal; onProbe?: (result: ProbeLanczos) => void }): Promise<ProbeLanczos[]>;
  /** Terminates the workers. */
  close(): Promise<void>;
}

interface WorkerMessage {
  type: 'probe' | 'done' | 'error';
  run: number;
  result?: ProbeLanczos;
  error?: { code: string; message: string };
}

/**
 * A probe pool over any worker implementation: `spawn` creates one worker running this package's
 * probe worker script (`createNodeWorkerPool` in `@spectra/hessian/node`, `createWebWorkerPool` for
 * browsers and Deno wrap it).
 *
 * @example
 * ```ts no-run
 * // Browsers and Deno (module Web Workers); in Node, createNodeWorkerPool from '@spectra/hessian/node'.
 * import { adaptWebWorker, createProbePool, stochasticLanczosQuadrature } from '@spectra/hessian';
 * const pool = createProbePool(() => adaptWebWorker(new Worker(url, { type: 'module' })), 2);
 * const slq = await stochasticLanczosQuadrature(operator, { pool });
 * await pool.close();
 * ```
 */
export function createProbePool(spawn: () => WorkerLike, size: number): ProbePool {
  if (!Number.isSafeInteger(size) || size <= 0) throw new SpectraError('E_ARGUMENT', `createProbePool: size must be a positive integer, got ${size}`);
  let workers: (WorkerLike | null)[] = new Array(size).fill(null);
  let runCounter = 0;
  let busy = false;
  const get = (i: number): WorkerLike => {
    let w = workers[i];
    if (!w) {
      w = spawn();
      workers[i] = w;
    }
    return w;
  };
  return {
    size,
    async runProbes(task, indices, options = {}) {
      if (busy) throw new SpectraError('E_ARGUMENT', 'ProbePool.runProbes: the pool is already running a task (one run at a time)');
      if (options.signal?.aborted) throw new SpectraError('E_ABORTED', 'stochasticLanczosQuadrature: aborted before the workers started', { completed: [] });
      busy = true;
      const run = ++runCounter;
      const results = new Map<number, ProbeLanczos>();
      const share: number[][] = Array.from({ length: size }, () => []);
      indices.forEach((index, k) => share[k % size]!.push(index));
      const used = share.map((s, i) => (s.length ? i : -1)).filter((i) => i >= 0);
      try {
        await new Promise<void>((resolve, reject) => {
          let pending = used.length;
          let settled = false;
          const fail = (e: unknown) => {
            if (settled) return;
            settled = true;
            reject(e);
          };
          const onAbort = () => {
            // Workers are mid-probe in synchronous loops: stop them and start fresh ones next time.
            for (const i of used) {
              void workers[i]?.terminate();
              workers[i] = null;
            }
            fail(new SpectraError('E_ABORTED', 'stochasticLanczosQuadrature: aborted', { completed: [...results.values()].sort((a, b) => a.index - b.index) }));
          };
          options.signal?.addEventListener('abort', onAbort, { once: true });
          if (pending === 0) {
            settled = true;
            resolve();
            return;
          }
          for (const i of used) {
            const w = get(i);
            w.onMessage((raw) => {
              const m = raw as WorkerMessage;
              if (settled || m.run !== run) return;
              if (m.type === 'probe' && m.result) {
                results.set(m.result.index, m.result);
                options.onProbe?.(m.result);
              } else if (m.type === 'error') {
                fail(new SpectraError(m.error?.code ?? 'E_INTERNAL', `probe worker: ${m.error?.message ?? 'unknown error'}`));
              } else if (m.type === 'done' && --pending === 0) {
                settled = true;
                options.signal?.removeEventListener('abort', onAbort);
                resolve();
              }
            });
            w.onError((e) => {
              workers[i] = null;
              fail(new SpectraError('E_INTERNAL', `probe worker crashed: ${e.message}`));
            });
            w.postMessage({ type: 'run', run, task, indices: share[i] });
          }
        });
      } finally {
        busy = false;
      }
      return indices.map((i) => {
        const r = results.get(i);
        if (!r) throw new SpectraError('E_INTERNAL', `probe worker returned no result for probe ${i}`);
        return r;
      });
    },
    async close() {
      const ws = workers;
      workers = new Array(size).fill(null);
      await Promise.all(ws.map((w) => w?.terminate()));
    },
  };
}

/**
 * Adapts a Web (or Deno) `Worker` to `WorkerLike`.
 *
 * @example
 * ```ts no-run
 * // Browsers and Deno (module Web Workers).
 * import { adaptWebWorker, createProbePool } from '@spectra/hessian';
 * const pool = createProbePool(() => adaptWebWorker(new Worker(myBundledWorkerUrl, { type: 'module' })), 4);
 * ```
 */
export function adaptWebWorker(worker: Worker): WorkerLike {
  return {
    postMessage: (m) => worker.postMessage(m),
    onMessage: (h) => {
      worker.onmessage = (e: MessageEvent) => h(e.data);
    },
    onError: (h) => {
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault?.();
        h(new Error(e.message));
      };
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * A probe pool of Web Workers (browsers, Deno) running this package's `web-worker.js`
 * (`workerUrl` defaults to it next to this module; bundlers may need it passed explicitly).
 *
 * @example
 * ```ts no-run
 * // Browsers and Deno (module Web Workers); in Node, createNodeWorkerPool from '@spectra/hessian/node'.
 * import { createWebWorkerPool, curvatureOperator, stochasticLanczosQuadrature } from '@spectra/hessian';
 * const pool = createWebWorkerPool(4);
 * await stochasticLanczosQuadrature(curvatureOperator(model, theta, batch), { pool });
 * await pool.close();
 * ```
 */
export function createWebWorkerPool(size: number, workerUrl: string | URL = new URL('./web-worker.js', import.meta.url)): ProbePool {
  if (typeof Worker === 'undefined') throw new SpectraError('E_ARGUMENT', 'createWebWorkerPool: this runtime has no Worker (in Node use createNodeWorkerPool from @spectra/hessian/node)');
  return createProbePool(() => adaptWebWorker(new Worker(workerUrl, { type: 'module' })), size);
}
