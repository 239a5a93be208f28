// @internal The differentiable engine: one forward pass per θ cached per chunk of samples
// (pre-activation derivatives f′, f″, max-pool switches, softmax), the gradient's backprop signals
// cached too, and on top of them the R-operator passes of Pearlmutter (1994) for H·V, the
// Gauss–Newton backprop for G·V, and plain vector–Jacobian products — all batched over B
// directions (hessian.md §1–2).
//
// Direction batches use the sample-major layout (rows, B, width): row s·B + k is sample s in
// direction k. Then every term is one GEMM over all B directions: W·R{x} over rows·B rows,
// x·[V⁽¹⁾; …; V⁽ᴮ⁾]ᵀ gives (rows, B, out) directly, R{δ}ᵀ·x gives the stacked (B·out × in) weight
// blocks, δ·[V⁽¹⁾ | … | V⁽ᴮ⁾] gives (rows, B, in). Small layers (the reference net's 30 units)
// would otherwise pay per-direction GEMM overheads B times.
import { SpectraError } from '@spectra/core';
import { gemm } from './matmul-kernel.js';
import { applyActivation } from './activations.js';
import type { Batch } from './batch.js';
import {
  addBias,
  applyWeight,
  biasGradient,
  inputGradient,
  maxPoolForward,
  poolAdjoint,
  poolApply,
  weightGradient,
  type ParametrisedLayer,
} from './layer-kernels.js';
import type { EngineBackend } from './matmul-kernel.js';
import type { Model, ResolvedLayer } from './model.js';

/** What one chunk's forward pass keeps. */
interface ChunkCache {
  readonly start: number;
  readonly rows: number;
  /** Layer ℓ's input (rows × inputSize); index L is the logits. */
  readonly activations: Float64Array[];
  /** f′(a) of activation layers. */
  readonly derivatives: (Float64Array | null)[];
  /** f″(a) of smooth activation layers (null when f″ ≡ 0). */
  readonly secondDerivatives: (Float64Array | null)[];
  readonly argmax: (Int32Array | null)[];
  /** Softmax probabilities (cross-entropy) or null. */
  readonly probabilities: Float64Array | null;
  lossSum: number;
  correct: number;
  /** ∂L/∂(output of layer ℓ) with the 1/n of the mean, from the gradient pass (lazy). */
  signals: (Float64Array | null)[] | null;
  /**
   * When the first parametrised layer is dense on the raw inputs and ≥ 5 % of the input columns are
   * zero for every sample of the chunk (image borders: 31 % of MNIST pixels over 256 digits), its
   * GEMMs run on the nonzero columns only: the weights of always-zero inputs have exactly zero
   * gradient and zero Hessian rows, so nothing is lost — a third less work on MNIST's first layer.
   */
  readonly compact: { columns: Int32Array; input: Float64Array; weight: Float64Array } | null;
}

export type ProductKind = 'hessian' | 'gaussNewton';

export interface EngineOptions {
  backend?: EngineBackend;
  /** Samples per chunk (default 4096): memory is bounded by the chunk, results change only by rounding. */
  chunkSize?: number;
}

/** Doubles of temporaries one direction group may hold (≈ 128 MB). */
const DIRECTION_BUDGET = 16_000_000;
const MAX_DIRECTIONS = 4;

export class CurvatureEngine {
  readonly model: Model;
  readonly theta: Float64Array;
  readonly batch: Batch;
  readonly backend: EngineBackend | undefined;
  readonly chunkSize: number;
  private readonly chunks: ChunkCache[] = [];
  private readonly firstParametrised: number;
  private gradientCache: Float64Array | null = null;
  private forwardDone = false;
  /**
   * Scratch arrays of the product passes, reused from call to call: a fresh large typed array costs
   * zeroed pages (page faults) — as much as the elementwise work itself on small layers. Every
   * user either overwrites its buffer completely or zeroes it first.
   */
  private readonly scratchBuffers = new Map<string, Float64Array>();

  constructor(model: Model, theta: Float64Array, batch: Batch, options: EngineOptions = {}) {
    this.model = model;
    // A private copy: the cache must not go stale if the caller updates θ in place.
    this.theta = Float64Array.from(theta);
    this.batch = batch;
    this.backend = options.backend;
    const chunk = options.chunkSize ?? 4096;
    if (!Number.isSafeInteger(chunk) || chunk <= 0) {
      throw new SpectraError('E_ARGUMENT', `chunkSize must be a positive integer, got ${String(options.chunkSize)}`);
    }
    this.chunkSize = chunk;
    this.firstParametrised = model.layers.findIndex((l) => l.type === 'dense' || l.type === 'conv2d');
    const first = model.layers[this.firstParametrised];
    this.compactFirst = first?.type === 'dense' && model.layers.slice(0, this.firstParametrised).every((l) => l.type === 'flatten');
  }

  private readonly compactFirst: boolean;

  /** The compacted first layer of this chunk, when layer l is that layer. */
  private compactAt(chunk: ChunkCache, l: number): ChunkCache['compact'] {
    return l === this.firstParametrised ? chunk.compact : null;
  }

  /** Nonzero input columns of a chunk and the compacted inputs and first-layer weights, if worth it. */
  private compactInputs(x: Float64Array, rows: number): ChunkCache['compact'] {
    if (!this.compactFirst) return null;
    const d = this.model.inputSize;
    const used = new Uint8Array(d);
    for (let r = 0; r < rows; r++) {
      const o = r * d;
      for (let j = 0; j < d; j++) if (x[o + j] !== 0) used[j] = 1;
    }
    let active = 0;
    for (let j = 0; j < d; j++) active += used[j]!;
    if (active > 0.95 * d || active === 0) return null;
    const columns = new Int32Array(active);
    for (let j = 0, a = 0; j < d; j++) if (used[j]) columns[a++] = j;
    const input = new Float64Array(rows * active);
    for (let r = 0; r < rows; r++) for (let a = 0; a < active; a++) input[r * active + a] = x[r * d + columns[a]!]!;
    const layer = this.model.layers[this.firstParametrised] as ParametrisedLayer;
    const weight = new Float64Array(layer.outputSize * active);
    gatherWeightColumns(weightOf(this.theta, layer), layer.outputSize, d, columns, weight, 0);
    return { columns, input, weight };
  }

  /** Runs (once) the forward pass over every chunk. */
  forward(): void {
    if (this.forwardDone) return;
    const n = this.batch.count;
    for (let start = 0; start < n; start += this.chunkSize) {
      this.chunks.push(this.forwardChunk(start, Math.min(this.chunkSize, n - start)));
    }
    this.forwardDone = true;
  }

  /** Mean loss over the batch. */
  loss(): number {
    this.forward();
    let s = 0;
    for (const c of this.chunks) s += c.lossSum;
    return s / this.batch.count;
  }

  /** Fraction of samples whose largest logit is the label (cross-entropy) or the target's argmax (MSE). */
  accuracy(): number {
    this.forward();
    let s = 0;
    for (const c of this.chunks) s += c.correct;
    return s / this.batch.count;
  }

  /** Logits of every sample (n × C). */
  logits(): Float64Array {
    this.forward();
    const C = this.model.outputSize;
    const out = new Float64Array(this.batch.count * C);
    for (const c of this.chunks) out.set(c.activations[this.model.layers.length]!, c.start * C);
    return out;
  }

  /** Softmax probabilities of every sample (n × C); cross-entropy only. */
  probabilities(): Float64Array {
    this.forward();
    const C = this.model.outputSize;
    const out = new Float64Array(this.batch.count * C);
    for (const c of this.chunks) {
      if (!c.probabilities) throw new SpectraError('E_ARGUMENT', 'probabilities: the model does not use cross-entropy');
      out.set(c.probabilities, c.start * C);
    }
    return out;
  }

  /** ∇L(θ) (cached; the caller gets a copy). */
  gradient(): Float64Array {
    if (!this.gradientCache) {
      this.forward();
      const g = new Float64Array(this.model.parameterCount);
      for (const c of this.chunks) this.backpropChunk(c, g);
      this.gradientCache = g;
    }
    return Float64Array.from(this.gradientCache);
  }

  /**
   * out (B × P) = K·V for B directions V (B × P, row k = direction k), K = H or G. With `outGaussNewton`
   * both products come from one shared R-forward pass.
   */
  apply(kind: ProductKind, directions: Float64Array, count: number, out: Float64Array, outGaussNewton?: Float64Array): void {
    const P = this.model.parameterCount;
    if (kind === 'hessian' && !this.gradientCache) this.gradient();
    this.forward();
    out.fill(0, 0, count * P);
    outGaussNewton?.fill(0, 0, count * P);
    for (const chunk of this.chunks) {
      const group = this.directionGroup(chunk.rows, count);
      for (let k0 = 0; k0 < count; k0 += group) {
        const b = Math.min(group, count - k0);
        const v = directions.subarray(k0 * P, (k0 + b) * P);
        const rInputs = this.rForward(chunk, v, b);
        const rLogits = rInputs[this.model.layers.length]!;
        const u = this.lossHessianTimes(chunk, rLogits, b);
        if (kind === 'hessian') {
          this.rBackward(chunk, rInputs, u, v, b, out.subarray(k0 * P, (k0 + b) * P));
          if (outGaussNewton) this.cotangentBackward(chunk, u, b, outGaussNewton.subarray(k0 * P, (k0 + b) * P));
        } else {
          this.cotangentBackward(chunk, u, b, out.subarray(k0 * P, (k0 + b) * P));
        }
      }
    }
  }

  /** J·v per sample: the directional derivative of the logits (n × C) along one direction v. */
  logitDirectionalDerivative(v: Float64Array): Float64Array {
    this.forward();
    const C = this.model.outputSize;
    const out = new Float64Array(this.batch.count * C);
    for (const chunk of this.chunks) {
      const r = this.rForward(chunk, v, 1);
      out.set(r[this.model.layers.length]!.subarray(0, chunk.rows * C), chunk.start * C);
    }
    return out;
  }

  /**
   * out (B × P) = Σ_samples J_iᵀ u_i for B cotangent sets U (B × n × C, row k·n + i = direction k,
   * sample i): C of them with unit cotangents give Jacobian rows.
   */
  vectorJacobianProduct(cotangents: Float64Array, count: number, out: Float64Array): void {
    this.forward();
    const P = this.model.parameterCount;
    const C = this.model.outputSize;
    const n = this.batch.count;
    out.fill(0, 0, count * P);
    for (const chunk of this.chunks) {
      // (B, n, C) → this chunk's (rows, B, C).
      const u = new Float64Array(chunk.rows * count * C);
      for (let k = 0; k < count; k++) {
        for (let s = 0; s < chunk.rows; s++) {
          u.set(cotangents.subarray((k * n + chunk.start + s) * C, (k * n + chunk.start + s + 1) * C), (s * count + k) * C);
        }
      }
      this.cotangentBackward(chunk, u, count, out);
    }
  }

  private scratch(key: string, length: number): Float64Array {
    let b = this.scratchBuffers.get(key);
    if (!b || b.length !== length) {
      b = new Float64Array(length);
      this.scratchBuffers.set(key, b);
    }
    return b;
  }

  private directionGroup(rows: number, count: number): number {
    let width = 0;
    for (const l of this.model.layers) width += l.outputSize;
    // Groups of ≤ 4 directions: measured fastest per direction on the reference net (1.0 ms vs 1.7
    // alone and 2.1 in groups of 32: tall GEMMs and their copies fall out of cache), and memory-bounded.
    return Math.max(1, Math.min(count, MAX_DIRECTIONS, Math.floor(DIRECTION_BUDGET / Math.max(1, rows * 2 * width))));
  }

  private forwardChunk(start: number, rows: number): ChunkCache {
    const { model, theta, backend } = this;
    const L = model.layers.length;
    const activations: Float64Array[] = new Array(L + 1);
    const derivatives: (Float64Array | null)[] = new Array(L).fill(null);
    const secondDerivatives: (Float64Array | null)[] = new Array(L).fill(null);
    const argmax: (Int32Array | null)[] = new Array(L).fill(null);
    let x = this.batch.inputs.subarray(start * model.inputSize, (start + rows) * model.inputSize);
    const compact = this.compactInputs(x, rows);
    for (let l = 0; l < L; l++) {
      const layer = model.layers[l]!;
      activations[l] = x;
      let y: Float64Array;
      switch (layer.type) {
        case 'dense':
        case 'conv2d': {
          y = new Float64Array(rows * layer.outputSize);
          if (compact && l === this.firstParametrised) gemm(backend, false, true, rows, layer.outputSize, compact.columns.length, 1, compact.input, compact.weight, 0, y);
          else applyWeight(backend, layer, weightOf(theta, layer), x, rows, y, 0);
          addBias(layer, biasOf(theta, layer), y, rows);
          break;
        }
        case 'activation': {
          const count = rows * layer.outputSize;
          y = new Float64Array(count);
          const d1 = new Float64Array(count);
          const smooth = layer.activation !== 'relu' && layer.activation !== 'identity';
          const d2 = smooth ? new Float64Array(count) : null;
          applyActivation(layer.activation, x, y, d1, d2, count);
          derivatives[l] = d1;
          secondDerivatives[l] = d2;
          break;
        }
        case 'avgPool2d':
          y = new Float64Array(rows * layer.outputSize);
          poolApply(layer, x, rows, y, null, 1);
          break;
        case 'maxPool2d': {
          y = new Float64Array(rows * layer.outputSize);
          const am = new Int32Array(rows * layer.outputSize);
          maxPoolForward(layer, x, rows, y, am);
          argmax[l] = am;
          break;
        }
        case 'flatten':
          y = x;
          break;
      }
      x = y;
    }
    activations[L] = x;
    const chunk: ChunkCache = { start, rows, activations, derivatives, secondDerivatives, argmax, probabilities: null, lossSum: 0, correct: 0, signals: null, compact };
    this.evaluateLoss(chunk);
    return chunk;
  }

  private evaluateLoss(chunk: ChunkCache): void {
    const C = this.model.outputSize;
    const z = chunk.activations[this.model.layers.length]!;
    let lossSum = 0;
    let correct = 0;
    if (this.model.loss === 'crossEntropy') {
      const p = new Float64Array(chunk.rows * C);
      const labels = this.batch.labels!;
      for (let r = 0; r < chunk.rows; r++) {
        const o = r * C;
        let max = -Infinity;
        let arg = 0;
        for (let c = 0; c < C; c++) {
          if (z[o + c]! > max) {
            max = z[o + c]!;
            arg = c;
          }
        }
        // Max-shifted logsumexp: ℓ = log Σ e^{z−max} + max − z_y.
        let s = 0;
        for (let c = 0; c < C; c++) {
          const e = Math.exp(z[o + c]! - max);
          p[o + c] = e;
          s += e;
        }
        for (let c = 0; c < C; c++) p[o + c]! /= s;
        const y = labels[chunk.start + r]!;
        lossSum += Math.log(s) + max - z[o + y]!;
        if (arg === y) correct++;
      }
      (chunk as { probabilities: Float64Array | null }).probabilities = p;
    } else {
      const t = this.batch.targets!;
      for (let r = 0; r < chunk.rows; r++) {
        const o = r * C;
        const to = (chunk.start + r) * C;
        let s = 0;
        let az = 0;
        let at = 0;
        for (let c = 0; c < C; c++) {
          const d = z[o + c]! - t[to + c]!;
          s += d * d;
          if (z[o + c]! > z[o + az]!) az = c;
          if (t[to + c]! > t[to + at]!) at = c;
        }
        lossSum += 0.5 * s;
        if (az === at) correct++;
      }
    }
    if (!Number.isFinite(lossSum)) {
      throw new SpectraError('E_NON_FINITE', `the loss is ${lossSum} at this θ (overflow in the forward pass: check the parameters' scale)`);
    }
    chunk.lossSum = lossSum;
    chunk.correct = correct;
  }

  /** ∂L/∂z for the chunk (rows × C), with the 1/n of the mean. */
  private logitCotangent(chunk: ChunkCache): Float64Array {
    const C = this.model.outputSize;
    const inv = 1 / this.batch.count;
    const out = new Float64Array(chunk.rows * C);
    if (this.model.loss === 'crossEntropy') {
      const p = chunk.probabilities!;
      const labels = this.batch.labels!;
      for (let r = 0; r < chunk.rows; r++) {
        for (let c = 0; c < C; c++) out[r * C + c] = p[r * C + c]! * inv;
        out[r * C + labels[chunk.start + r]!]! -= inv;
      }
    } else {
      const z = chunk.activations[this.model.layers.length]!;
      const t = this.batch.targets!;
      for (let i = 0; i < chunk.rows * C; i++) out[i] = (z[i]! - t[chunk.start * C + i]!) * inv;
    }
    return out;
  }

  /** Backprop of the loss: accumulates ∇L into `grad` and caches the signals. */
  private backpropChunk(chunk: ChunkCache, grad: Float64Array): void {
    const { model, theta, backend } = this;
    const rows = chunk.rows;
    const signals: (Float64Array | null)[] = new Array(model.layers.length).fill(null);
    let dy = this.logitCotangent(chunk);
    for (let l = model.layers.length - 1; l >= this.firstParametrised; l--) {
      const layer = model.layers[l]!;
      signals[l] = dy;
      const x = chunk.activations[l]!;
      let dx: Float64Array | null = null;
      const needInput = l > this.firstParametrised;
      switch (layer.type) {
        case 'dense':
        case 'conv2d': {
          const c = this.compactAt(chunk, l);
          if (c) {
            const tmp = this.scratch(`stacked${l}`, layer.outputSize * c.columns.length);
            gemm(backend, true, false, layer.outputSize, c.columns.length, rows, 1, dy, c.input, 0, tmp);
            scatterAddWeightColumns(tmp, grad.subarray(layer.weight.offset, layer.weight.offset + layer.weight.length), layer.outputSize, layer.inputSize, c.columns);
          } else weightGradient(backend, layer, dy, x, rows, grad.subarray(layer.weight.offset, layer.weight.offset + layer.weight.length), 1);
          biasGradient(layer, dy, rows, grad.subarray(layer.bias.offset, layer.bias.offset + layer.bias.length));
          if (needInput) {
            dx = new Float64Array(rows * layer.inputSize);
            inputGradient(backend, layer, weightOf(theta, layer), dy, rows, dx, 0);
          }
          break;
        }
        case 'activation': {
          dx = new Float64Array(rows * layer.inputSize);
          broadcastMultiply(chunk.derivatives[l]!, dy, dx, rows, 1, layer.inputSize);
          break;
        }
        case 'avgPool2d':
        case 'maxPool2d':
          dx = new Float64Array(rows * layer.inputSize);
          poolAdjoint(layer, dy, rows, dx, chunk.argmax[l]!, 1);
          break;
        case 'flatten':
          dx = dy;
          break;
      }
      if (!needInput) break;
      dy = dx!;
    }
    chunk.signals = signals;
  }

  /**
   * The R-forward pass for B directions: R{x_ℓ} at every layer's input (null while it is still 0,
   * before the first parametrised layer), and at index L the logits' R{z} = J·v (rows·B × C).
   */
  private rForward(chunk: ChunkCache, v: Float64Array, count: number): (Float64Array | null)[] {
    const { model, theta, backend } = this;
    const rows = chunk.rows;
    const L = model.layers.length;
    const rIn: (Float64Array | null)[] = new Array(L + 1).fill(null);
    let rx: Float64Array | null = null;
    for (let l = 0; l < L; l++) {
      const layer = model.layers[l]!;
      rIn[l] = rx;
      let ry: Float64Array | null = null;
      switch (layer.type) {
        case 'dense':
        case 'conv2d': {
          const out = layer.outputSize;
          ry = this.scratch(`rf${l}`, rows * count * out);
          // R{y} = W·R{x} + V·x + c (bilinearity of the layer).
          if (rx) applyWeight(backend, layer, weightOf(theta, layer), rx, rows * count, ry, 0);
          const x = chunk.activations[l]!;
          const c = this.compactAt(chunk, l);
          if (c) {
            const n = c.columns.length;
            const vs = this.scratch(`vs${l}`, count * out * n);
            for (let k = 0; k < count; k++) gatherWeightColumns(weightOf(v, layer, k * model.parameterCount), out, layer.inputSize, c.columns, vs, k * out * n);
            gemm(backend, false, true, rows, count * out, n, 1, c.input, vs, rx ? 1 : 0, ry);
          } else if (layer.type === 'dense') {
            // All directions at once: x·[V⁽¹⁾; …; V⁽ᴮ⁾]ᵀ is rows × (B·out), i.e. layout (rows, B, out).
            gemm(backend, false, true, rows, count * out, layer.inputSize, 1, x, stackedWeights(v, layer, count, this.model.parameterCount, this.scratch(`vs${l}`, count * layer.weight.length)), rx ? 1 : 0, ry);
          } else {
            if (!rx) ry.fill(0);
            const tmp = new Float64Array(rows * out);
            for (let k = 0; k < count; k++) {
              applyWeight(backend, layer, weightOf(v, layer, k * model.parameterCount), x, rows, tmp, 0);
              scatterAdd(tmp, ry, rows, count, out, k);
            }
          }
          for (let k = 0; k < count; k++) {
            const c = biasOf(v, layer, k * model.parameterCount);
            addBiasDirection(layer, c, ry, rows, count, k);
          }
          break;
        }
        case 'activation': {
          if (!rx) break;
          // R{h} = f′(a) ⊙ R{a}.
          ry = this.scratch(`rf${l}`, rows * count * layer.outputSize);
          broadcastMultiply(chunk.derivatives[l]!, rx, ry, rows, count, layer.outputSize);
          break;
        }
        case 'avgPool2d':
        case 'maxPool2d':
          if (!rx) break;
          ry = this.scratch(`rf${l}`, rows * count * layer.outputSize);
          poolApply(layer, rx, rows * count, ry, chunk.argmax[l], count);
          break;
        case 'flatten':
          ry = rx;
          break;
      }
      rx = ry;
    }
    rIn[L] = rx;
    return rIn;
  }

  /** A·R{z}/n per sample and direction: the loss Hessian in logit space (hessian.md §1). */
  private lossHessianTimes(chunk: ChunkCache, rz: Float64Array, count: number): Float64Array {
    const C = this.model.outputSize;
    const rows = chunk.rows;
    const inv = 1 / this.batch.count;
    const u = this.scratch('u', rows * count * C);
    if (this.model.loss === 'crossEntropy') {
      // (diag p − ppᵀ)·r = p ⊙ (r − pᵀr).
      const p = chunk.probabilities!;
      for (let r = 0; r < rows; r++) {
        const po = r * C;
        for (let k = 0; k < count; k++) {
          const o = (r * count + k) * C;
          let s = 0;
          for (let c = 0; c < C; c++) s += p[po + c]! * rz[o + c]!;
          for (let c = 0; c < C; c++) u[o + c] = p[po + c]! * (rz[o + c]! - s) * inv;
        }
      }
    } else {
      for (let i = 0; i < u.length; i++) u[i] = rz[i]! * inv;
    }
    return u;
  }

  /**
   * Reverse R-pass (Pearlmutter 1994): R{∂W} = R{δ}·xᵀ + δ·R{x}ᵀ, R{∂b} = Σ R{δ},
   * R{δ_prev} = Wᵀ R{δ} + Vᵀ δ through the layer and f′ ⊙ R{δ} + f″ ⊙ δ ⊙ R{a} through an activation.
   */
  private rBackward(chunk: ChunkCache, rIn: (Float64Array | null)[], rdz: Float64Array, v: Float64Array, count: number, out: Float64Array): void {
    const { model, theta, backend } = this;
    const P = model.parameterCount;
    const rows = chunk.rows;
    const signals = chunk.signals!;
    let rdy = rdz;
    for (let l = model.layers.length - 1; l >= this.firstParametrised; l--) {
      const layer = model.layers[l]!;
      const needInput = l > this.firstParametrised;
      const dy = signals[l]!;
      const rx = rIn[l];
      let rdx: Float64Array | null = null;
      switch (layer.type) {
        case 'dense':
        case 'conv2d': {
          const x = chunk.activations[l]!;
          const outSize = layer.outputSize;
          const inSize = layer.inputSize;
          const c = this.compactAt(chunk, l);
          if (c) {
            // The first layer on its nonzero input columns (no R{x} term there: R{x₀} = 0).
            const n = c.columns.length;
            const stacked = this.scratch(`stacked${l}`, count * outSize * n);
            gemm(backend, true, false, count * outSize, n, rows, 1, rdy, c.input, 0, stacked);
            for (let k = 0; k < count; k++) scatterAddWeightColumns(stacked.subarray(k * outSize * n, (k + 1) * outSize * n), weightOf(out, layer, k * P), outSize, inSize, c.columns);
          } else if (layer.type === 'dense') {
            // R{δ}ᵀ·x for all directions: (B·out × in), direction k's block in rows k·out….
            const stacked = this.scratch(`stacked${l}`, count * outSize * inSize);
            gemm(backend, true, false, count * outSize, inSize, rows, 1, rdy, x, 0, stacked);
            addStackedWeights(stacked, out, layer, count, P);
            if (rx) {
              // δᵀ·R{x}: out × (B·in), layout (out, B, in).
              const mixed = this.scratch(`mixed${l}`, outSize * count * inSize);
              gemm(backend, true, false, outSize, count * inSize, rows, 1, dy, rx, 0, mixed);
              addInterleavedWeights(mixed, out, layer, count, P);
            }
          } else {
            const tmp = new Float64Array(rows * outSize);
            const tmpIn = new Float64Array(rows * inSize);
            for (let k = 0; k < count; k++) {
              const gw = weightOf(out, layer, k * P);
              gather(rdy, tmp, rows, count, outSize, k);
              weightGradient(backend, layer, tmp, x, rows, gw, 1);
              if (rx) {
                gather(rx, tmpIn, rows, count, inSize, k);
                weightGradient(backend, layer, dy, tmpIn, rows, gw, 1);
              }
            }
          }
          for (let k = 0; k < count; k++) biasGradientDirection(layer, rdy, rows, count, k, biasOf(out, layer, k * P));
          if (needInput) {
            rdx = this.scratch(`rb${l}`, rows * count * inSize);
            inputGradient(backend, layer, weightOf(theta, layer), rdy, rows * count, rdx, 0);
            if (layer.type === 'dense') {
              // δ·[V⁽¹⁾ | … | V⁽ᴮ⁾]: rows × (B·in), layout (rows, B, in).
              gemm(backend, false, false, rows, count * inSize, outSize, 1, dy, interleavedWeights(v, layer, count, P, this.scratch(`vi${l}`, count * layer.weight.length)), 1, rdx);
            } else {
              const tmp = new Float64Array(rows * inSize);
              for (let k = 0; k < count; k++) {
                inputGradient(backend, layer, weightOf(v, layer, k * P), dy, rows, tmp, 0);
                scatterAdd(tmp, rdx, rows, count, inSize, k);
              }
            }
          }
          break;
        }
        case 'activation': {
          const d2 = chunk.secondDerivatives[l];
          rdx = this.scratch(`rb${l}`, rows * count * layer.outputSize);
          broadcastMultiply(chunk.derivatives[l]!, rdy, rdx, rows, count, layer.outputSize);
          // The f″ term: (Wᵀδ) ⊙ f″(a) ⊙ R{a}, δ here being the gradient signal at the activation's output.
          if (d2 && rx) secondOrderTerm(d2, dy, rx, rdx, rows, count, layer.outputSize);
          break;
        }
        case 'avgPool2d':
        case 'maxPool2d':
          rdx = this.scratch(`rb${l}`, rows * count * layer.inputSize);
          poolAdjoint(layer, rdy, rows * count, rdx, chunk.argmax[l], count);
          break;
        case 'flatten':
          rdx = rdy;
          break;
      }
      if (!needInput) break;
      rdy = rdx!;
    }
  }

  /** Plain backprop of B cotangent sets u (rows·B × C): out_k += Σ_i J_iᵀ u_ik (no f″, no δ·R{x} terms). */
  private cotangentBackward(chunk: ChunkCache, u: Float64Array, count: number, out: Float64Array): void {
    const { model, theta, backend } = this;
    const P = model.parameterCount;
    const rows = chunk.rows;
    let dy = u;
    for (let l = model.layers.length - 1; l >= this.firstParametrised; l--) {
      const layer = model.layers[l]!;
      const needInput = l > this.firstParametrised;
      let dx: Float64Array | null = null;
      switch (layer.type) {
        case 'dense':
        case 'conv2d': {
          const x = chunk.activations[l]!;
          const outSize = layer.outputSize;
          const c = this.compactAt(chunk, l);
          if (c) {
            const n = c.columns.length;
            const stacked = this.scratch(`stacked${l}`, count * outSize * n);
            gemm(backend, true, false, count * outSize, n, rows, 1, dy, c.input, 0, stacked);
            for (let k = 0; k < count; k++) scatterAddWeightColumns(stacked.subarray(k * outSize * n, (k + 1) * outSize * n), weightOf(out, layer, k * P), outSize, layer.inputSize, c.columns);
          } else if (layer.type === 'dense') {
            const stacked = this.scratch(`stacked${l}`, count * outSize * layer.inputSize);
            gemm(backend, true, false, count * outSize, layer.inputSize, rows, 1, dy, x, 0, stacked);
            addStackedWeights(stacked, out, layer, count, P);
          } else {
            const tmp = new Float64Array(rows * outSize);
            for (let k = 0; k < count; k++) {
              gather(dy, tmp, rows, count, outSize, k);
              weightGradient(backend, layer, tmp, x, rows, weightOf(out, layer, k * P), 1);
            }
          }
          for (let k = 0; k < count; k++) biasGradientDirection(layer, dy, rows, count, k, biasOf(out, layer, k * P));
          if (needInput) {
            dx = this.scratch(`cb${l}`, rows * count * layer.inputSize);
            inputGradient(backend, layer, weightOf(theta, layer), dy, rows * count, dx, 0);
          }
          break;
        }
        case 'activation': {
          dx = this.scratch(`cb${l}`, rows * count * layer.outputSize);
          broadcastMultiply(chunk.derivatives[l]!, dy, dx, rows, count, layer.outputSize);
          break;
        }
        case 'avgPool2d':
        case 'maxPool2d':
          dx = this.scratch(`cb${l}`, rows * count * layer.inputSize);
          poolAdjoint(layer, dy, rows * count, dx, chunk.argmax[l], count);
          break;
        case 'flatten':
          dx = dy;
          break;
      }
      if (!needInput) break;
      dy = dx!;
    }
  }
}

/** out[s, k, :] = d[s, :] ⊙ x[s, k, :] (per-sample factor broadcast over directions). */
function broadcastMultiply(d: Float64Array, x: Float64Array, out: Float64Array, rows: number, count: number, width: number): void {
  for (let s = 0; s < rows; s++) {
    const so = s * width;
    for (let k = 0; k < count; k++) {
      const o = (s * count + k) * width;
      for (let i = 0; i < width; i++) out[o + i] = d[so + i]! * x[o + i]!;
    }
  }
}

/** out[s, k, :] += f″[s, :] ⊙ δ[s, :] ⊙ R{a}[s, k, :]. */
function secondOrderTerm(d2: Float64Array, dy: Float64Array, ra: Float64Array, out: Float64Array, rows: number, count: number, width: number): void {
  for (let s = 0; s < rows; s++) {
    const so = s * width;
    for (let k = 0; k < count; k++) {
      const o = (s * count + k) * width;
      for (let i = 0; i < width; i++) out[o + i]! += d2[so + i]! * dy[so + i]! * ra[o + i]!;
    }
  }
}

/** [V⁽¹⁾; …; V⁽ᴮ⁾]: the directions' weight blocks stacked vertically ((B·out) × in). */
function stackedWeights(v: Float64Array, layer: ParametrisedLayer, count: number, P: number, out: Float64Array): Float64Array {
  if (count === 1) return weightOf(v, layer);
  const len = layer.weight.length;
  for (let k = 0; k < count; k++) out.set(weightOf(v, layer, k * P), k * len);
  return out;
}

/** [V⁽¹⁾ | … | V⁽ᴮ⁾]: the directions' weight blocks side by side (out × (B·in)). */
function interleavedWeights(v: Float64Array, layer: ParametrisedLayer, count: number, P: number, out: Float64Array): Float64Array {
  if (count === 1) return weightOf(v, layer);
  const rowsW = layer.outputSize;
  const cols = layer.inputSize;
  for (let k = 0; k < count; k++) {
    const w = weightOf(v, layer, k * P);
    for (let o = 0; o < rowsW; o++) out.set(w.subarray(o * cols, (o + 1) * cols), (o * count + k) * cols);
  }
  return out;
}

/** out[offset + o·n + a] = w[o·in + columns[a]]: a dense weight's nonzero-input columns. */
function gatherWeightColumns(w: Float64Array, rows: number, cols: number, columns: Int32Array, out: Float64Array, offset: number): void {
  const n = columns.length;
  for (let o = 0; o < rows; o++) {
    const src = o * cols;
    const dst = offset + o * n;
    for (let a = 0; a < n; a++) out[dst + a] = w[src + columns[a]!]!;
  }
}

/** w[o·in + columns[a]] += compact[o·n + a]. */
function scatterAddWeightColumns(compact: Float64Array, w: Float64Array, rows: number, cols: number, columns: Int32Array): void {
  const n = columns.length;
  for (let o = 0; o < rows; o++) {
    const src = o * n;
    const dst = o * cols;
    for (let a = 0; a < n; a++) w[dst + columns[a]!]! += compact[src + a]!;
  }
}

/** out_k.weight += stacked[k] for a (B·out) × in stack. */
function addStackedWeights(stacked: Float64Array, out: Float64Array, layer: ParametrisedLayer, count: number, P: number): void {
  const len = layer.weight.length;
  for (let k = 0; k < count; k++) {
    const dst = weightOf(out, layer, k * P);
    const o = k * len;
    for (let i = 0; i < len; i++) dst[i]! += stacked[o + i]!;
  }
}

/** out_k.weight[o, i] += mixed[o, k, i] for an out × (B·in) product. */
function addInterleavedWeights(mixed: Float64Array, out: Float64Array, layer: ParametrisedLayer, count: number, P: number): void {
  const rowsW = layer.outputSize;
  const cols = layer.inputSize;
  for (let k = 0; k < count; k++) {
    const dst = weightOf(out, layer, k * P);
    for (let o = 0; o < rowsW; o++) {
      const src = (o * count + k) * cols;
      const d = o * cols;
      for (let i = 0; i < cols; i++) dst[d + i]! += mixed[src + i]!;
    }
  }
}

/** y[s, k, :] += bias (broadcast over spatial positions for conv). */
function addBiasDirection(layer: ParametrisedLayer, bias: Float64Array, y: Float64Array, rows: number, count: number, k: number): void {
  const out = layer.outputSize;
  const channels = layer.type === 'dense' ? out : layer.outputShape[0]!;
  const area = out / channels;
  for (let s = 0; s < rows; s++) {
    const o = (s * count + k) * out;
    for (let c = 0; c < channels; c++) {
      const b = bias[c]!;
      if (b === 0) continue;
      const base = o + c * area;
      for (let j = 0; j < area; j++) y[base + j]! += b;
    }
  }
}

/** db += Σ_s dy[s, k, :] (summed over spatial positions for conv). */
function biasGradientDirection(layer: ParametrisedLayer, dy: Float64Array, rows: number, count: number, k: number, db: Float64Array): void {
  const out = layer.outputSize;
  const channels = layer.type === 'dense' ? out : layer.outputShape[0]!;
  const area = out / channels;
  for (let s = 0; s < rows; s++) {
    const o = (s * count + k) * out;
    for (let c = 0; c < channels; c++) {
      const base = o + c * area;
      let t = 0;
      for (let j = 0; j < area; j++) t += dy[base + j]!;
      db[c]! += t;
    }
  }
}

/** dst (rows × width) = src[:, k, :] of a (rows, B, width) array. */
function gather(src: Float64Array, dst: Float64Array, rows: number, count: number, width: number, k: number): void {
  for (let s = 0; s < rows; s++) dst.set(src.subarray((s * count + k) * width, (s * count + k + 1) * width), s * width);
}

/** dst[:, k, :] += src (rows × width) into a (rows, B, width) array. */
function scatterAdd(src: Float64Array, dst: Float64Array, rows: number, count: number, width: number, k: number): void {
  for (let s = 0; s < rows; s++) {
    const o = (s * count + k) * width;
    const so = s * width;
    for (let i = 0; i < width; i++) dst[o + i]! += src[so + i]!;
  }
}

function weightOf(vector: Float64Array, layer: ParametrisedLayer, base = 0): Float64Array {
  const o = base + layer.weight.offset;
  return vector.subarray(o, o + layer.weight.length);
}

function biasOf(vector: Float64Array, layer: ParametrisedLayer, base = 0): Float64Array {
  const o = base + layer.bias.offset;
  return vector.subarray(o, o + layer.bias.length);
}

/** @internal For tests and diagnostics: the layer list type re-exported. */
export type { ResolvedLayer };
