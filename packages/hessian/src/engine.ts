// @internal The differentiable engine: one forward pass per θ cached per chunk of samples
// (pre-activation derivatives f′, f″, max-pool switches, softmax), the gradient's backprop signals
// cached too, and on top of them the R-operator passes of Pearlmutter (1994) for H·V, the
// Gauss–Newton backprop for G·V, and plain vector–Jacobian products — all batched over B
// directions (hessian.md §1–2).
//
// Direction batches use the layout (B, rows, width): row k·rows + s is direction k at sample s,
// so products with the layer's own weights run as one GEMM over B·rows rows, and products with a
// direction's weights V⁽ᵏ⁾ run per direction over that direction's rows.
import { SpectraError } from '@spectra/core';
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
}

export type ProductKind = 'hessian' | 'gaussNewton';

export interface EngineOptions {
  backend?: EngineBackend;
  /** Samples per chunk (default 4096): memory is bounded by the chunk, results change only by rounding. */
  chunkSize?: number;
}

/** Doubles of temporaries one direction group may hold (≈ 128 MB). */
const DIRECTION_BUDGET = 16_000_000;

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
      const u = new Float64Array(count * chunk.rows * C);
      for (let k = 0; k < count; k++) {
        u.set(cotangents.subarray((k * n + chunk.start) * C, (k * n + chunk.start + chunk.rows) * C), k * chunk.rows * C);
      }
      this.cotangentBackward(chunk, u, count, out);
    }
  }

  private directionGroup(rows: number, count: number): number {
    let width = 0;
    for (const l of this.model.layers) width += l.outputSize;
    return Math.max(1, Math.min(count, Math.floor(DIRECTION_BUDGET / Math.max(1, rows * 2 * width))));
  }

  private forwardChunk(start: number, rows: number): ChunkCache {
    const { model, theta, backend } = this;
    const L = model.layers.length;
    const activations: Float64Array[] = new Array(L + 1);
    const derivatives: (Float64Array | null)[] = new Array(L).fill(null);
    const secondDerivatives: (Float64Array | null)[] = new Array(L).fill(null);
    const argmax: (Int32Array | null)[] = new Array(L).fill(null);
    let x = this.batch.inputs.subarray(start * model.inputSize, (start + rows) * model.inputSize);
    for (let l = 0; l < L; l++) {
      const layer = model.layers[l]!;
      activations[l] = x;
      let y: Float64Array;
      switch (layer.type) {
        case 'dense':
        case 'conv2d': {
          y = new Float64Array(rows * layer.outputSize);
          applyWeight(backend, layer, weightOf(theta, layer), x, rows, y, 0);
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
          poolApply(layer, x, rows, y, null, rows);
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
    const chunk: ChunkCache = { start, rows, activations, derivatives, secondDerivatives, argmax, probabilities: null, lossSum: 0, correct: 0, signals: null };
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
        case 'conv2d':
          weightGradient(backend, layer, dy, x, rows, grad.subarray(layer.weight.offset, layer.weight.offset + layer.weight.length), 1);
          biasGradient(layer, dy, rows, grad.subarray(layer.bias.offset, layer.bias.offset + layer.bias.length));
          if (needInput) {
            dx = new Float64Array(rows * layer.inputSize);
            inputGradient(backend, layer, weightOf(theta, layer), dy, rows, dx, 0);
          }
          break;
        case 'activation': {
          const d1 = chunk.derivatives[l]!;
          dx = new Float64Array(rows * layer.inputSize);
          for (let i = 0; i < dx.length; i++) dx[i] = d1[i]! * dy[i]!;
          break;
        }
        case 'avgPool2d':
        case 'maxPool2d':
          dx = new Float64Array(rows * layer.inputSize);
          poolAdjoint(layer, dy, rows, dx, chunk.argmax[l]!, rows);
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
   * before the first parametrised layer), and at index L the logits' R{z} = J·v (B·rows × C).
   */
  private rForward(chunk: ChunkCache, v: Float64Array, count: number): (Float64Array | null)[] {
    const { model, theta, backend } = this;
    const P = model.parameterCount;
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
          ry = new Float64Array(count * rows * out);
          // R{y} = W·R{x} + V·x + c (bilinearity of the layer).
          if (rx) applyWeight(backend, layer, weightOf(theta, layer), rx, count * rows, ry, 0);
          const x = chunk.activations[l]!;
          for (let k = 0; k < count; k++) {
            const slice = ry.subarray(k * rows * out, (k + 1) * rows * out);
            applyWeight(backend, layer, weightOf(v, layer, k * P), x, rows, slice, rx ? 1 : 0);
            addBias(layer, biasOf(v, layer, k * P), slice, rows);
          }
          break;
        }
        case 'activation': {
          if (!rx) break;
          // R{h} = f′(a) ⊙ R{a}.
          const d1 = chunk.derivatives[l]!;
          const size = rows * layer.outputSize;
          ry = new Float64Array(count * size);
          for (let k = 0; k < count; k++) {
            const o = k * size;
            for (let i = 0; i < size; i++) ry[o + i] = d1[i]! * rx[o + i]!;
          }
          break;
        }
        case 'avgPool2d':
        case 'maxPool2d':
          if (!rx) break;
          ry = new Float64Array(count * rows * layer.outputSize);
          poolApply(layer, rx, count * rows, ry, chunk.argmax[l], rows);
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
    const u = new Float64Array(count * rows * C);
    if (this.model.loss === 'crossEntropy') {
      // (diag p − ppᵀ)·r = p ⊙ (r − pᵀr).
      const p = chunk.probabilities!;
      for (let k = 0; k < count; k++) {
        for (let r = 0; r < rows; r++) {
          const o = (k * rows + r) * C;
          const po = r * C;
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
          const out1 = layer.outputSize;
          for (let k = 0; k < count; k++) {
            const rdyk = rdy.subarray(k * rows * out1, (k + 1) * rows * out1);
            const gw = weightOf(out, layer, k * P);
            weightGradient(backend, layer, rdyk, x, rows, gw, 1);
            if (rx) weightGradient(backend, layer, dy, rx.subarray(k * rows * layer.inputSize, (k + 1) * rows * layer.inputSize), rows, gw, 1);
            biasGradient(layer, rdyk, rows, biasOf(out, layer, k * P));
          }
          if (needInput) {
            const inSize = layer.inputSize;
            rdx = new Float64Array(count * rows * inSize);
            inputGradient(backend, layer, weightOf(theta, layer), rdy, count * rows, rdx, 0);
            for (let k = 0; k < count; k++) {
              inputGradient(backend, layer, weightOf(v, layer, k * P), dy, rows, rdx.subarray(k * rows * inSize, (k + 1) * rows * inSize), 1);
            }
          }
          break;
        }
        case 'activation': {
          const d1 = chunk.derivatives[l]!;
          const d2 = chunk.secondDerivatives[l];
          const size = rows * layer.outputSize;
          rdx = new Float64Array(count * size);
          for (let k = 0; k < count; k++) {
            const o = k * size;
            if (d2 && rx) {
              for (let i = 0; i < size; i++) rdx[o + i] = d1[i]! * rdy[o + i]! + d2[i]! * dy[i]! * rx[o + i]!;
            } else {
              for (let i = 0; i < size; i++) rdx[o + i] = d1[i]! * rdy[o + i]!;
            }
          }
          break;
        }
        case 'avgPool2d':
        case 'maxPool2d':
          rdx = new Float64Array(count * rows * layer.inputSize);
          poolAdjoint(layer, rdy, count * rows, rdx, chunk.argmax[l], rows);
          break;
        case 'flatten':
          rdx = rdy;
          break;
      }
      if (!needInput) break;
      rdy = rdx!;
    }
  }

  /** Plain backprop of B cotangent sets u (B·rows × C): out_k += Σ_i J_iᵀ u_ik (no f″, no δ·R{x} terms). */
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
          const out1 = layer.outputSize;
          for (let k = 0; k < count; k++) {
            const dyk = dy.subarray(k * rows * out1, (k + 1) * rows * out1);
            weightGradient(backend, layer, dyk, x, rows, weightOf(out, layer, k * P), 1);
            biasGradient(layer, dyk, rows, biasOf(out, layer, k * P));
          }
          if (needInput) {
            dx = new Float64Array(count * rows * layer.inputSize);
            inputGradient(backend, layer, weightOf(theta, layer), dy, count * rows, dx, 0);
          }
          break;
        }
        case 'activation': {
          const d1 = chunk.derivatives[l]!;
          const size = rows * layer.outputSize;
          dx = new Float64Array(count * size);
          for (let k = 0; k < count; k++) {
            const o = k * size;
            for (let i = 0; i < size; i++) dx[o + i] = d1[i]! * dy[o + i]!;
          }
          break;
        }
        case 'avgPool2d':
        case 'maxPool2d':
          dx = new Float64Array(count * rows * layer.inputSize);
          poolAdjoint(layer, dy, count * rows, dx, chunk.argmax[l], rows);
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
