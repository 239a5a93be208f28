// @internal The message handler shared by the Node and Web probe workers: rebuild the curvature
// operator from the task's plain data, load the same core backend as the main thread, run the
// assigned probes with the same loop as the main thread, post (α, β) per probe.
import { initCore } from '@spectra/core';
import type { Batch } from './batch.js';
import { curvatureOperator } from './curvature.js';
import { createModel } from './model.js';
import { runProbesTogether, type ProbeTask } from './probe-task.js';

interface RunMessage {
  type: 'run';
  run: number;
  task: ProbeTask;
  indices: number[];
}

let loadedVariant: string | null = null;

export async function handleProbeMessage(raw: unknown, post: (message: unknown) => void): Promise<void> {
  const message = raw as RunMessage;
  if (!message || message.type !== 'run') return;
  const { run, task, indices } = message;
  try {
    if (task.backend === 'wasm') {
      const variant = task.wasmVariant ?? 'simd';
      if (loadedVariant !== variant) {
        const got = await initCore({ variant });
        if (got !== 'wasm') throw Object.assign(new Error(`the ${variant} wasm build did not load in the worker`), { code: 'E_WASM_UNAVAILABLE' });
        loadedVariant = variant;
      }
    }
    const model = createModel(task.layers, task.modelOptions);
    const batch = task.batch as Batch;
    const operator = curvatureOperator(model, task.theta, batch, { kind: task.kind, backend: task.backend, chunkSize: task.chunkSize });
    const settings = { seed: task.seed, steps: task.steps, reorthogonalize: task.reorthogonalize, basisPrecision: task.basisPrecision };
    // Lockstep groups of 4, as on the main thread (same bits: each direction's arithmetic is unchanged).
    for (let k = 0; k < indices.length; k += 4) {
      for (const result of await runProbesTogether(operator, settings, indices.slice(k, k + 4), null)) post({ type: 'probe', run, result });
    }
    post({ type: 'done', run });
  } catch (e) {
    const err = e as { code?: string; message?: string };
    post({ type: 'error', run, error: { code: typeof err.code === 'string' ? err.code : 'E_INTERNAL', message: String(err.message ?? e) } });
  }
}
