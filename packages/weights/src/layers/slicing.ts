// Cutting matrices out of stored tensors (specs/weights.md §2.2). Every function takes the decoded
// row-major values and returns row-major slices; none of them copies more than one slice at a time.
import type { Matrix } from '@spectra/core';

/** PyTorch/ONNX conv2d `(out, in, kh, kw)`: slice (i, j) = W[:, :, i, j] (out×in), sliceId = i·kw + j. */
export function convSlicesChannelsFirst(values: Float64Array, shape: readonly number[]): Matrix[] {
  const [out, inp] = [shape[0]!, shape[1]!];
  const positions = shape.slice(2).reduce((a, b) => a * b, 1);
  const slices: Matrix[] = [];
  for (let p = 0; p < positions; p++) {
    const data = new Float64Array(out * inp);
    for (let r = 0; r < out; r++) {
      const base = r * inp * positions + p;
      for (let c = 0; c < inp; c++) data[r * inp + c] = values[base + c * positions]!;
    }
    slices.push({ rows: out, cols: inp, data });
  }
  return slices;
}

/** TF/Keras conv `(kh, kw, in, out)` / `(k, in, out)`: slice p = W[p] (in×out), contiguous. */
export function convSlicesChannelsLast(values: Float64Array, shape: readonly number[]): Matrix[] {
  const rank = shape.length;
  const inp = shape[rank - 2]!;
  const out = shape[rank - 1]!;
  const positions = shape.slice(0, rank - 2).reduce((a, b) => a * b, 1);
  const size = inp * out;
  const slices: Matrix[] = [];
  for (let p = 0; p < positions; p++) slices.push({ rows: inp, cols: out, data: values.slice(p * size, (p + 1) * size) });
  return slices;
}

/** Rows [part·h, (part+1)·h) of a rows×cols matrix (PyTorch gates, in_proj/qkv Q,K,V). */
export function rowBlock(values: Float64Array, cols: number, part: number, h: number, base = 0): Matrix {
  return { rows: h, cols, data: values.slice(base + part * h * cols, base + (part + 1) * h * cols) };
}

/** Columns [part·h, (part+1)·h) of a rows×cols matrix (Keras gates, GPT-2 c_attn Q,K,V). */
export function columnBlock(values: Float64Array, rows: number, cols: number, part: number, h: number): Matrix {
  const data = new Float64Array(rows * h);
  for (let r = 0; r < rows; r++) {
    const src = r * cols + part * h;
    for (let c = 0; c < h; c++) data[r * h + c] = values[src + c]!;
  }
  return { rows, cols: h, data };
}
