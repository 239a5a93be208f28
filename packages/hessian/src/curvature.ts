import { SpectraError } from '@spectra/core';
import { checkBatch, type Batch } from './batch.js';
import { CurvatureEngine } from './engine.js';
import { checkVector, type LinearOperator } from './linear-operator.js';
import { checkEngineBackend, type EngineBackend } from './matmul-kernel.js';
import { checkModel, checkTheta, type Model } from './model.js';

/**
 * Which curvature matrix (hessian.md §3): the Hessian H, the Gauss–Newton matrix
 * G = (1/n) Σ J_iᵀ A_i J_i, or the residual R = H − G (Papyan's "H", the source of negative curvature).
 */
export type CurvatureKind = 'hessian' | 'gaussNewton' | 'residual';

/** Options of a curvature operator: which matrix (H, the Gauss–Newton part G, or the residual R = H − G) and the backend of its products. */
export interface CurvatureOptions {
  /** 'hessian' (default), 'gaussNewton' or 'residual'. */
  kind?: CurvatureKind;
  /** 'loop' (this package's JS loops), or core's matmul on 'js' or 'wasm' (default: core's setting). */
  backend?: EngineBackend;
  /** Samples per chunk of the cached forward pass (default 4096). */
  chunkSize?: number;
}

/**
 * A curvature matrix at θ as a `LinearOperator`, with the forward pass computed once and cached
 * for every product (hessian.md §1). `applyBlock` batches directions through GEMM.
 */
export interface CurvatureOperator extends LinearOperator {
  readonly kind: CurvatureKind;
  readonly model: Model;
  /** A private copy of θ (updating the caller's array does not change the operator). */
  readonly theta: Float64Array;
  readonly batch: Batch;
  readonly options: { readonly backend: EngineBackend | undefined; readonly chunkSize: number };
  /** out (count × P) = K·V for `count` directions (rows of V), one batched pass (GEMM over directions). */
  applyBlock(v: Float64Array, count: number, out?: Float64Array): Float64Array;
  /** Mean loss at θ. */
  loss(): number;
  /** ∇L(θ). */
  gradient(): Float64Array;
  /** Training accuracy at θ. */
  accuracy(): number;
  /** The same θ and cached forward pass with another kind. */
  withKind(kind: CurvatureKind): CurvatureOperator;
  /** @internal The engine (shared by `withKind` twins). */
  readonly engine: CurvatureEngine;
}

function checkKind(kind: unknown, fn: string): CurvatureKind {
  if (kind === undefined) return 'hessian';
  if (kind === 'hessian' || kind === 'gaussNewton' || kind === 'residual') return kind;
  throw new SpectraError('E_ARGUMENT', `${fn}: kind must be 'hessian', 'gaussNewton' or 'residual', got ${String(kind)}`);
}

function makeOperator(engine: CurvatureEngine, kind: CurvatureKind): CurvatureOperator {
  const P = engine.model.parameterCount;
  let matvecs = 0;
  const applyBlock = (v: Float64Array, count: number, out?: Float64Array): Float64Array => {
    if (!(v instanceof Float64Array) || v.length !== count * P) {
      throw new SpectraError('E_SHAPE', `curvature operator: V must be a Float64Array of count·P = ${count}·${P} values, got ${v?.length}`);
    }
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i]!)) throw new SpectraError('E_NON_FINITE', `curvature operator: direction ${Math.floor(i / P)} entry ${i % P} is ${v[i]}`);
    }
    const o = out ?? new Float64Array(count * P);
    if (o.length < count * P) throw new SpectraError('E_SHAPE', `curvature operator: out has ${o.length} values, expected ${count * P}`);
    if (kind === 'residual') {
      const g = new Float64Array(count * P);
      engine.apply('hessian', v, count, o, g);
      for (let i = 0; i < count * P; i++) o[i]! -= g[i]!;
    } else {
      engine.apply(kind, v, count, o);
    }
    matvecs += count;
    return o;
  };
  return {
    kind,
    model: engine.model,
    theta: engine.theta,
    batch: engine.batch,
    engine,
    options: { backend: engine.backend, chunkSize: engine.chunkSize },
    dimension: P,
    get matvecs() {
      return matvecs;
    },
    apply(v, out) {
      checkVector(v, P, 'curvature operator');
      return applyBlock(v, 1, out);
    },
    applyBlock,
    loss: () => engine.loss(),
    gradient: () => engine.gradient(),
    accuracy: () => engine.accuracy(),
    withKind: (k) => makeOperator(engine, checkKind(k, 'withKind')),
  };
}

/**
 * The Hessian (or G, or R) of the mean loss over `batch` at θ as a linear operator, for every
 * spectral routine here (hessian.md §3: "every spectral routine accepts an operator choice").
 *
 * @example
 * ```ts
 * import { createBatch, curvatureOperator, initializeParameters, multilayerPerceptron } from '@spectra/hessian';
 * const model = multilayerPerceptron([2, 3, 2], { activation: 'tanh' });
 * const theta = initializeParameters(model, { seed: 2 });
 * const batch = createBatch(model, [1, 0, 0, 1], [0, 1]);
 * const H = curvatureOperator(model, theta, batch);
 * const hv = H.apply(new Float64Array(model.parameterCount).fill(1)); // H·1, exact (R-operator)
 * H.matvecs; // 1
 * ```
 */
export function curvatureOperator(model: Model, theta: Float64Array, batch: Batch, options: CurvatureOptions = {}): CurvatureOperator {
  checkModel(model, 'curvatureOperator');
  checkTheta(model, theta, 'curvatureOperator');
  checkBatch(model, batch, 'curvatureOperator');
  const kind = checkKind(options.kind, 'curvatureOperator');
  const backend = checkEngineBackend(options.backend, 'curvatureOperator');
  return makeOperator(new CurvatureEngine(model, theta, batch, { backend, chunkSize: options.chunkSize }), kind);
}

// The top-level product functions keep the last engine per batch and reuse it while model, options
// and θ's entries are unchanged: repeated products at one θ pay the forward pass once.
const engines = new WeakMap<Batch, CurvatureEngine>();

function engineFor(model: Model, theta: Float64Array, batch: Batch, options: CurvatureOptions, fn: string): CurvatureEngine {
  checkModel(model, fn);
  checkTheta(model, theta, fn);
  checkBatch(model, batch, fn);
  const backend = checkEngineBackend(options.backend, fn);
  const cached = engines.get(batch);
  if (cached && cached.model === model && cached.backend === backend && cached.chunkSize === (options.chunkSize ?? 4096) && sameEntries(cached.theta, theta)) {
    return cached;
  }
  const engine = new CurvatureEngine(model, theta, batch, { backend, chunkSize: options.chunkSize });
  engines.set(batch, engine);
  return engine;
}

function sameEntries(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The mean loss over `batch` at θ (softmax cross-entropy or ½‖z − y‖²).
 *
 * @example
 * ```ts
 * import { createBatch, loss, multilayerPerceptron } from '@spectra/hessian';
 * const model = multilayerPerceptron([2, 2]);
 * const theta = new Float64Array(model.parameterCount); // all-zero logits
 * loss(model, theta, createBatch(model, [1, 2], [0])); // 0.6931471805599453 (log 2)
 * ```
 */
export function loss(model: Model, theta: Float64Array, batch: Batch, options: CurvatureOptions = {}): number {
  return engineFor(model, theta, batch, options, 'loss').loss();
}

/**
 * ∇L(θ) by backprop.
 *
 * @example
 * ```ts
 * import { createBatch, gradient, multilayerPerceptron } from '@spectra/hessian';
 * const model = multilayerPerceptron([1, 2]);
 * const g = gradient(model, new Float64Array(4), createBatch(model, [1], [0]));
 * Array.from(g); // [-0.5, 0.5, -0.5, 0.5] (p − e_y times x, and for the bias)
 * ```
 */
export function gradient(model: Model, theta: Float64Array, batch: Batch, options: CurvatureOptions = {}): Float64Array {
  return engineFor(model, theta, batch, options, 'gradient').gradient();
}

function product(kind: CurvatureKind, fn: string, model: Model, theta: Float64Array, batch: Batch, v: Float64Array, options: CurvatureOptions): Float64Array {
  const engine = engineFor(model, theta, batch, options, fn);
  checkVector(v, model.parameterCount, fn);
  const out = new Float64Array(model.parameterCount);
  if (kind === 'residual') {
    const g = new Float64Array(model.parameterCount);
    engine.apply('hessian', v, 1, out, g);
    for (let i = 0; i < out.length; i++) out[i]! -= g[i]!;
  } else {
    engine.apply(kind, v, 1, out);
  }
  return out;
}

/**
 * H·v, exact, by the R-operator (Pearlmutter 1994; forward-over-reverse, hessian.md §2). The
 * forward pass at θ is cached for later products at the same θ.
 *
 * @example
 * ```ts
 * import { createBatch, hessianVectorProduct, multilayerPerceptron } from '@spectra/hessian';
 * const model = multilayerPerceptron([1, 2]);
 * const theta = new Float64Array(4);
 * const batch = createBatch(model, [1], [0]);
 * // Last-bias direction (+1, +1): softmax is shift-invariant, so H·v = 0 (hessian.md §2).
 * Array.from(hessianVectorProduct(model, theta, batch, Float64Array.of(0, 0, 1, 1))); // [0, 0, 0, 0]
 * ```
 */
export function hessianVectorProduct(model: Model, theta: Float64Array, batch: Batch, v: Float64Array, options: CurvatureOptions = {}): Float64Array {
  return product('hessian', 'hessianVectorProduct', model, theta, batch, v, options);
}

/**
 * G·v with G = (1/n) Σ J_iᵀ A_i J_i (generalised Gauss–Newton): the R-forward pass for J·v, the
 * loss Hessian A, then a plain backprop (hessian.md §2).
 *
 * @example
 * ```ts
 * import { createBatch, gaussNewtonVectorProduct, multilayerPerceptron } from '@spectra/hessian';
 * const model = multilayerPerceptron([1, 2]);
 * const gv = gaussNewtonVectorProduct(model, new Float64Array(4), createBatch(model, [1], [0]), Float64Array.of(1, 0, 0, 0));
 * Array.from(gv); // [0.25, -0.25, 0.25, -0.25]
 * ```
 */
export function gaussNewtonVectorProduct(model: Model, theta: Float64Array, batch: Batch, v: Float64Array, options: CurvatureOptions = {}): Float64Array {
  return product('gaussNewton', 'gaussNewtonVectorProduct', model, theta, batch, v, options);
}

/**
 * R·v = H·v − G·v, the part of the Hessian from the curvature of the network's outputs (both
 * products share one R-forward pass).
 *
 * @example
 * ```ts
 * import { createBatch, multilayerPerceptron, residualVectorProduct } from '@spectra/hessian';
 * const model = multilayerPerceptron([1, 2]); // linear model: R = 0
 * Array.from(residualVectorProduct(model, new Float64Array(4), createBatch(model, [1], [0]), Float64Array.of(1, 2, 3, 4))); // [0, 0, 0, 0]
 * ```
 */
export function residualVectorProduct(model: Model, theta: Float64Array, batch: Batch, v: Float64Array, options: CurvatureOptions = {}): Float64Array {
  return product('residual', 'residualVectorProduct', model, theta, batch, v, options);
}

/**
 * Training accuracy at θ: the fraction of samples whose largest logit is the label.
 *
 * @example
 * ```ts
 * import { accuracy, createBatch, multilayerPerceptron } from '@spectra/hessian';
 * const model = multilayerPerceptron([1, 2]);
 * accuracy(model, Float64Array.of(0, 0, 1, 0), createBatch(model, [1, 1], [0, 1])); // 0.5
 * ```
 */
export function accuracy(model: Model, theta: Float64Array, batch: Batch, options: CurvatureOptions = {}): number {
  return engineFor(model, theta, batch, options, 'accuracy').accuracy();
}

/**
 * The Jacobian of one sample's logits, ∂z_i/∂θ (C × P, row k = ∇θ z_ik), by C backprops of unit
 * cotangents. For checks against the R-operator and for Papyan's per-sample, per-logit gradients.
 *
 * @example
 * ```ts
 * import { createBatch, logitJacobian, multilayerPerceptron } from '@spectra/hessian';
 * const model = multilayerPerceptron([1, 2]);
 * const jac = logitJacobian(model, new Float64Array(4), createBatch(model, [3], [0]), 0);
 * Array.from(jac); // [3, 0, 1, 0, 0, 3, 0, 1]
 * ```
 */
export function logitJacobian(model: Model, theta: Float64Array, batch: Batch, sample: number, options: CurvatureOptions = {}): Float64Array {
  const engine = engineFor(model, theta, batch, options, 'logitJacobian');
  if (!Number.isInteger(sample) || sample < 0 || sample >= batch.count) {
    throw new SpectraError('E_ARGUMENT', `logitJacobian: sample must be an index in [0, ${batch.count}), got ${sample}`);
  }
  const C = model.outputSize;
  const n = batch.count;
  const cot = new Float64Array(C * n * C);
  for (let k = 0; k < C; k++) cot[(k * n + sample) * C + k] = 1;
  const out = new Float64Array(C * model.parameterCount);
  engine.vectorJacobianProduct(cot, C, out);
  return out;
}

/**
 * J_i·v for every sample: the directional derivative of the logits (n × C).
 *
 * @example
 * ```ts
 * import { createBatch, logitDirectionalDerivative, multilayerPerceptron } from '@spectra/hessian';
 * const model = multilayerPerceptron([1, 2]);
 * Array.from(logitDirectionalDerivative(model, new Float64Array(4), createBatch(model, [3], [0]), Float64Array.of(1, 0, 0, 0))); // [3, 0]
 * ```
 */
export function logitDirectionalDerivative(model: Model, theta: Float64Array, batch: Batch, v: Float64Array, options: CurvatureOptions = {}): Float64Array {
  const engine = engineFor(model, theta, batch, options, 'logitDirectionalDerivative');
  checkVector(v, model.parameterCount, 'logitDirectionalDerivative');
  return engine.logitDirectionalDerivative(v);
}
