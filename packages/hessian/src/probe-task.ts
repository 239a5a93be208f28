// @internal What a worker needs to run SLQ probes, and the probe loop both the main thread and the
// workers run (so results are bit-identical wherever a probe runs, hessian.md §10).
import { SpectraError } from '@spectra/core';
import type { Batch } from './batch.js';
import type { CurvatureKind, CurvatureOperator } from './curvature.js';
import { LanczosProcess, type Reorthogonalization } from './lanczos.js';
import type { LinearOperator } from './linear-operator.js';
import type { EngineBackend } from './matmul-kernel.js';
import type { LayerSpec, ModelOptions } from './model.js';
import { rademacherProbe } from './probe-vectors.js';
import type { ProgressTracker } from './progress.js';

/** The plain data a worker rebuilds a curvature operator from (buffers are copied or transferred). */
export interface ProbeTask {
  layers: LayerSpec[];
  modelOptions: ModelOptions;
  theta: Float64Array;
  batch: { count: number; inputs: Float64Array; labels?: Int32Array; targets?: Float64Array };
  kind: CurvatureKind;
  /** The backend the main thread resolved (workers must multiply the same way to give the same bits). */
  backend: EngineBackend;
  /** core's wasm build on the main thread, when backend is 'wasm'. */
  wasmVariant: 'simd' | 'relaxed-simd' | null;
  chunkSize: number;
  seed: number;
  steps: number;
  reorthogonalize: Reorthogonalization;
  basisPrecision: 'float64' | 'float32';
}

/** One probe's Lanczos output. */
export interface ProbeLanczos {
  index: number;
  alpha: Float64Array;
  beta: Float64Array;
  lastBeta: number;
  steps: number;
  invariantSubspace: boolean;
}

/** @internal Builds the task for `operator` (a curvature operator: closures cannot cross threads). */
export function probeTask(
  operator: LinearOperator,
  settings: { seed: number; steps: number; reorthogonalize: Reorthogonalization; basisPrecision: 'float64' | 'float32' },
  backend: EngineBackend,
  wasmVariant: 'simd' | 'relaxed-simd' | null,
): ProbeTask {
  const op = operator as Partial<CurvatureOperator>;
  if (!op.model || !op.theta || !op.batch || !op.kind || !op.options) {
    throw new SpectraError('E_ARGUMENT', 'stochasticLanczosQuadrature: a worker pool needs a curvatureOperator (a closure cannot be sent to workers)');
  }
  const b: Batch = op.batch;
  return {
    layers: op.model.spec.layers as LayerSpec[],
    modelOptions: op.model.spec.options,
    theta: op.theta,
    batch: { count: b.count, inputs: b.inputs, labels: b.labels, targets: b.targets },
    kind: op.kind,
    backend,
    wasmVariant,
    chunkSize: op.options.chunkSize,
    ...settings,
  };
}

/**
 * Runs probes `indices` in lockstep: one batched product K·[q⁽¹⁾ … q⁽ᵇ⁾] per step (GEMM over the
 * directions; each direction's arithmetic is the same as alone, so results equal `runProbe`'s).
 */
export async function runProbesTogether(
  operator: LinearOperator,
  settings: { seed: number; steps: number; reorthogonalize: Reorthogonalization; basisPrecision: 'float64' | 'float32' },
  indices: readonly number[],
  tracker: ProgressTracker | null,
  onStep?: (step: number) => void,
): Promise<ProbeLanczos[]> {
  if (!operator.applyBlock || indices.length === 1) {
    const out: ProbeLanczos[] = [];
    for (const index of indices) out.push(await runProbe(operator, settings, index, tracker, onStep));
    return out;
  }
  const P = operator.dimension;
  const steps = Math.min(P, settings.steps);
  const processes = indices.map(
    (index) =>
      new LanczosProcess(operator, rademacherProbe(settings.seed, index, P), {
        reorthogonalize: settings.reorthogonalize,
        basisPrecision: settings.basisPrecision,
        capacity: steps,
        keepBasis: false,
      }),
  );
  const block = new Float64Array(indices.length * P);
  const products = new Float64Array(indices.length * P);
  for (let j = 0; j < steps; j++) {
    tracker?.checkAbort();
    const active = processes.filter((p) => !p.finished && p.steps < steps);
    if (active.length === 0) break;
    active.forEach((p, k) => block.set(p.current, k * P));
    operator.applyBlock(block.subarray(0, active.length * P), active.length, products.subarray(0, active.length * P));
    active.forEach((p, k) => {
      p.product.set(products.subarray(k * P, (k + 1) * P));
      p.advance();
    });
    onStep?.(j + 1);
    if (tracker) await tracker.maybeYield();
  }
  return processes.map((process, k) => {
    const t = process.tridiagonal();
    return { index: indices[k]!, alpha: t.alpha, beta: t.beta, lastBeta: t.lastBeta, steps: process.steps, invariantSubspace: process.invariantSubspace };
  });
}

/** Runs probe `index`: Rademacher start, `steps` Lanczos steps; abort and progress through `tracker`. */
export async function runProbe(
  operator: LinearOperator,
  settings: { seed: number; steps: number; reorthogonalize: Reorthogonalization; basisPrecision: 'float64' | 'float32' },
  index: number,
  tracker: ProgressTracker | null,
  onStep?: (step: number) => void,
): Promise<ProbeLanczos> {
  const P = operator.dimension;
  const steps = Math.min(P, settings.steps);
  const start = rademacherProbe(settings.seed, index, P);
  const process = new LanczosProcess(operator, start, {
    reorthogonalize: settings.reorthogonalize,
    basisPrecision: settings.basisPrecision,
    capacity: steps,
    keepBasis: false,
  });
  for (let j = 0; j < steps; j++) {
    tracker?.checkAbort();
    const more = process.step();
    onStep?.(j + 1);
    if (!more) break;
    if (tracker) await tracker.maybeYield();
  }
  const t = process.tridiagonal();
  return { index, alpha: t.alpha, beta: t.beta, lastBeta: t.lastBeta, steps: process.steps, invariantSubspace: process.invariantSubspace };
}
