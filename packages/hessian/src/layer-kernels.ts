// @internal The per-layer operations the engine composes (hessian.md §2). Every parametrised
// layer y = L(W, x) + b is bilinear in (W, x), so the forward pass, backprop and both R-passes
// need only three maps: L(W, X) (apply), its adjoint in W (weight gradient) and its adjoint in X
// (input gradient). Pooling and flatten are linear in x (max pooling with the argmax switch fixed
// by the forward pass). Arrays hold `rows` row-vectors of the layer's input or output size.
import { gemm, type EngineBackend } from './matmul-kernel.js';
import type { ResolvedLayer } from './model.js';

export type ParametrisedLayer = Extract<ResolvedLayer, { type: 'dense' | 'conv2d' }>;
export type PoolLayer = Extract<ResolvedLayer, { type: 'avgPool2d' | 'maxPool2d' }>;

/** Y (rows × out) = L(W, X) (+ Y when beta = 1), no bias. */
export function applyWeight(backend: EngineBackend | undefined, layer: ParametrisedLayer, w: Float64Array, x: Float64Array, rows: number, y: Float64Array, beta: 0 | 1): void {
  if (layer.type === 'dense') {
    // Y = X·Wᵀ.
    gemm(backend, false, true, rows, layer.outputSize, layer.inputSize, 1, x, w, beta, y);
    return;
  }
  if (beta === 0) y.fill(0, 0, rows * layer.outputSize);
  conv2dForward(layer, w, x, rows, y);
}

/** Y[r] += b (broadcast over spatial positions for conv). */
export function addBias(layer: ParametrisedLayer, b: Float64Array, y: Float64Array, rows: number): void {
  const out = layer.outputSize;
  if (layer.type === 'dense') {
    for (let r = 0; r < rows; r++) {
      const o = r * out;
      for (let j = 0; j < out; j++) y[o + j]! += b[j]!;
    }
    return;
  }
  const channels = layer.outputShape[0]!;
  const area = out / channels;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++) {
      const bc = b[c]!;
      const o = r * out + c * area;
      for (let j = 0; j < area; j++) y[o + j]! += bc;
    }
  }
}

/** dW (+)= L_W*(dY, X): the weight gradient Σ_rows of a cotangent dY at inputs X. */
export function weightGradient(backend: EngineBackend | undefined, layer: ParametrisedLayer, dy: Float64Array, x: Float64Array, rows: number, dw: Float64Array, beta: 0 | 1): void {
  if (layer.type === 'dense') {
    // dW = dYᵀ·X.
    gemm(backend, true, false, layer.outputSize, layer.inputSize, rows, 1, dy, x, beta, dw);
    return;
  }
  if (beta === 0) dw.fill(0, 0, layer.weight.length);
  conv2dWeightGradient(layer, dy, x, rows, dw);
}

/** db += Σ_rows dY (summed over spatial positions for conv). */
export function biasGradient(layer: ParametrisedLayer, dy: Float64Array, rows: number, db: Float64Array): void {
  const out = layer.outputSize;
  if (layer.type === 'dense') {
    for (let r = 0; r < rows; r++) {
      const o = r * out;
      for (let j = 0; j < out; j++) db[j]! += dy[o + j]!;
    }
    return;
  }
  const channels = layer.outputShape[0]!;
  const area = out / channels;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++) {
      const o = r * out + c * area;
      let s = 0;
      for (let j = 0; j < area; j++) s += dy[o + j]!;
      db[c]! += s;
    }
  }
}

/** dX (+)= L_X*(W, dY): the cotangent of the layer's input. */
export function inputGradient(backend: EngineBackend | undefined, layer: ParametrisedLayer, w: Float64Array, dy: Float64Array, rows: number, dx: Float64Array, beta: 0 | 1): void {
  if (layer.type === 'dense') {
    // dX = dY·W.
    gemm(backend, false, false, rows, layer.inputSize, layer.outputSize, 1, dy, w, beta, dx);
    return;
  }
  if (beta === 0) dx.fill(0, 0, rows * layer.inputSize);
  conv2dInputGradient(layer, w, dy, rows, dx);
}

type Conv = Extract<ResolvedLayer, { type: 'conv2d' }>;

// Direct convolution (stride 1, zero padding): the test and demo convnets are small, and the
// loops below are the definition, so they double as an independent statement of the layer.
function conv2dForward(layer: Conv, w: Float64Array, x: Float64Array, rows: number, y: Float64Array): void {
  const [cin, h, wd] = layer.inputShape as [number, number, number];
  const [cout, oh, ow] = layer.outputShape as [number, number, number];
  const [kh, kw] = layer.kernel;
  const [pt, pl] = layer.padding;
  const inSize = layer.inputSize;
  const outSize = layer.outputSize;
  for (let r = 0; r < rows; r++) {
    const xr = r * inSize;
    const yr = r * outSize;
    for (let co = 0; co < cout; co++) {
      const yo = yr + co * oh * ow;
      for (let ci = 0; ci < cin; ci++) {
        const xo = xr + ci * h * wd;
        for (let ky = 0; ky < kh; ky++) {
          const oy0 = Math.max(0, pt - ky);
          const oy1 = Math.min(oh, h + pt - ky);
          for (let kx = 0; kx < kw; kx++) {
            const wv = w[((co * cin + ci) * kh + ky) * kw + kx]!;
            if (wv === 0) continue;
            const ox0 = Math.max(0, pl - kx);
            const ox1 = Math.min(ow, wd + pl - kx);
            const shift = kx - pl;
            for (let oy = oy0; oy < oy1; oy++) {
              const yrow = yo + oy * ow;
              const xrow = xo + (oy + ky - pt) * wd + shift;
              for (let ox = ox0; ox < ox1; ox++) y[yrow + ox]! += wv * x[xrow + ox]!;
            }
          }
        }
      }
    }
  }
}

function conv2dWeightGradient(layer: Conv, dy: Float64Array, x: Float64Array, rows: number, dw: Float64Array): void {
  const [cin, h, wd] = layer.inputShape as [number, number, number];
  const [cout, oh, ow] = layer.outputShape as [number, number, number];
  const [kh, kw] = layer.kernel;
  const [pt, pl] = layer.padding;
  const inSize = layer.inputSize;
  const outSize = layer.outputSize;
  for (let r = 0; r < rows; r++) {
    const xr = r * inSize;
    const yr = r * outSize;
    for (let co = 0; co < cout; co++) {
      const yo = yr + co * oh * ow;
      for (let ci = 0; ci < cin; ci++) {
        const xo = xr + ci * h * wd;
        for (let ky = 0; ky < kh; ky++) {
          const oy0 = Math.max(0, pt - ky);
          const oy1 = Math.min(oh, h + pt - ky);
          for (let kx = 0; kx < kw; kx++) {
            const ox0 = Math.max(0, pl - kx);
            const ox1 = Math.min(ow, wd + pl - kx);
            const shift = kx - pl;
            let s = 0;
            for (let oy = oy0; oy < oy1; oy++) {
              const yrow = yo + oy * ow;
              const xrow = xo + (oy + ky - pt) * wd + shift;
              for (let ox = ox0; ox < ox1; ox++) s += dy[yrow + ox]! * x[xrow + ox]!;
            }
            dw[((co * cin + ci) * kh + ky) * kw + kx]! += s;
          }
        }
      }
    }
  }
}

function conv2dInputGradient(layer: Conv, w: Float64Array, dy: Float64Array, rows: number, dx: Float64Array): void {
  const [cin, h, wd] = layer.inputShape as [number, number, number];
  const [cout, oh, ow] = layer.outputShape as [number, number, number];
  const [kh, kw] = layer.kernel;
  const [pt, pl] = layer.padding;
  const inSize = layer.inputSize;
  const outSize = layer.outputSize;
  for (let r = 0; r < rows; r++) {
    const xr = r * inSize;
    const yr = r * outSize;
    for (let co = 0; co < cout; co++) {
      const yo = yr + co * oh * ow;
      for (let ci = 0; ci < cin; ci++) {
        const xo = xr + ci * h * wd;
        for (let ky = 0; ky < kh; ky++) {
          const oy0 = Math.max(0, pt - ky);
          const oy1 = Math.min(oh, h + pt - ky);
          for (let kx = 0; kx < kw; kx++) {
            const wv = w[((co * cin + ci) * kh + ky) * kw + kx]!;
            if (wv === 0) continue;
            const ox0 = Math.max(0, pl - kx);
            const ox1 = Math.min(ow, wd + pl - kx);
            const shift = kx - pl;
            for (let oy = oy0; oy < oy1; oy++) {
              const yrow = yo + oy * ow;
              const xrow = xo + (oy + ky - pt) * wd + shift;
              for (let ox = ox0; ox < ox1; ox++) dx[xrow + ox]! += wv * dy[yrow + ox]!;
            }
          }
        }
      }
    }
  }
}

/**
 * Max pooling's forward pass: Y and, per output entry, the index (within the sample) of the input
 * it copies. Ties go to the first maximum in scan order (PyTorch's rule).
 */
export function maxPoolForward(layer: PoolLayer, x: Float64Array, rows: number, y: Float64Array, argmax: Int32Array): void {
  const [c, h, w] = layer.inputShape as [number, number, number];
  const [, oh, ow] = layer.outputShape as [number, number, number];
  const k = layer.size;
  const inSize = layer.inputSize;
  const outSize = layer.outputSize;
  for (let r = 0; r < rows; r++) {
    for (let ch = 0; ch < c; ch++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          let best = -Infinity;
          let at = ch * h * w + oy * k * w + ox * k;
          for (let dy = 0; dy < k; dy++) {
            for (let dx = 0; dx < k; dx++) {
              const idx = ch * h * w + (oy * k + dy) * w + ox * k + dx;
              const v = x[r * inSize + idx]!;
              if (v > best) {
                best = v;
                at = idx;
              }
            }
          }
          const o = ch * oh * ow + oy * ow + ox;
          y[r * outSize + o] = best;
          argmax[r * outSize + o] = at;
        }
      }
    }
  }
}

/**
 * A pooling layer as the linear map it is at the cached forward pass, applied to `rows` rows in
 * the sample-major direction layout: row r is sample ⌊r / directions⌋.
 */
export function poolApply(layer: PoolLayer, x: Float64Array, rows: number, y: Float64Array, argmax: Int32Array | null, directions: number): void {
  const inSize = layer.inputSize;
  const outSize = layer.outputSize;
  if (layer.type === 'maxPool2d') {
    for (let r = 0; r < rows; r++) {
      const s = Math.floor(r / directions);
      for (let o = 0; o < outSize; o++) y[r * outSize + o] = x[r * inSize + argmax![s * outSize + o]!]!;
    }
    return;
  }
  const [c, h, w] = layer.inputShape as [number, number, number];
  const [, oh, ow] = layer.outputShape as [number, number, number];
  const k = layer.size;
  const scale = 1 / (k * k);
  for (let r = 0; r < rows; r++) {
    for (let ch = 0; ch < c; ch++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          let s = 0;
          for (let dy = 0; dy < k; dy++) {
            const base = r * inSize + ch * h * w + (oy * k + dy) * w + ox * k;
            for (let dx = 0; dx < k; dx++) s += x[base + dx]!;
          }
          y[r * outSize + ch * oh * ow + oy * ow + ox] = s * scale;
        }
      }
    }
  }
}

/** The adjoint of `poolApply`: dX = opᵀ(dY), overwriting dX. */
export function poolAdjoint(layer: PoolLayer, dy: Float64Array, rows: number, dx: Float64Array, argmax: Int32Array | null, directions: number): void {
  const inSize = layer.inputSize;
  const outSize = layer.outputSize;
  dx.fill(0, 0, rows * inSize);
  if (layer.type === 'maxPool2d') {
    for (let r = 0; r < rows; r++) {
      const s = Math.floor(r / directions);
      for (let o = 0; o < outSize; o++) dx[r * inSize + argmax![s * outSize + o]!]! += dy[r * outSize + o]!;
    }
    return;
  }
  const [c, h, w] = layer.inputShape as [number, number, number];
  const [, oh, ow] = layer.outputShape as [number, number, number];
  const k = layer.size;
  const scale = 1 / (k * k);
  for (let r = 0; r < rows; r++) {
    for (let ch = 0; ch < c; ch++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const g = dy[r * outSize + ch * oh * ow + oy * ow + ox]! * scale;
          for (let dy2 = 0; dy2 < k; dy2++) {
            const base = r * inSize + ch * h * w + (oy * k + dy2) * w + ox * k;
            for (let dx2 = 0; dx2 < k; dx2++) dx[base + dx2]! += g;
          }
        }
      }
    }
  }
}
