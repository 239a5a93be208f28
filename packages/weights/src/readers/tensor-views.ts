// Lazy tensors over the file's bytes: the reader records where a tensor lives, `read()` widens it to
// float64 only when the layer is analysed (specs/weights.md §1: memory stays at one layer).
import { decodeInto, dtypeByteSize } from '../dtypes.js';
import type { TensorDType, TensorInfo, TensorOrigin, TensorQuantization } from '../types.js';

export interface ByteTensorSpec {
  name: string;
  dtype: TensorDType;
  shape: number[];
  origin: TensorOrigin;
  /** The bytes holding the tensor (typically the whole file or shard). */
  bytes: Uint8Array;
  byteOffset: number;
  littleEndian?: boolean;
  /** 'F' for column-major storage (NumPy fortran_order): `read()` returns row-major values. */
  order?: 'C' | 'F';
  quantization?: TensorQuantization;
}

/** A `TensorInfo` whose `read()` decodes a contiguous span of `bytes`. */
export function byteTensor(spec: ByteTensorSpec): TensorInfo {
  const { dtype, shape, bytes, byteOffset } = spec;
  const littleEndian = spec.littleEndian ?? true;
  const count = shape.reduce((a, b) => a * b, 1);
  const info: TensorInfo = {
    name: spec.name,
    dtype,
    shape: [...shape],
    origin: spec.origin,
    read() {
      const out = new Float64Array(count);
      if (count > 0) decodeInto(out, 0, bytes, byteOffset, count, dtype, littleEndian);
      return spec.order === 'F' ? columnMajorToRowMajor(out, shape) : out;
    },
  };
  if (spec.quantization) info.quantization = spec.quantization;
  return info;
}

/** Stored bytes of a contiguous tensor. */
export function storedBytes(dtype: TensorDType, count: number): number {
  return count * dtypeByteSize(dtype);
}

/** Reorders a column-major (Fortran) array of `shape` into row-major order. */
export function columnMajorToRowMajor(values: Float64Array, shape: readonly number[]): Float64Array {
  const rank = shape.length;
  if (rank < 2) return values;
  const out = new Float64Array(values.length);
  if (values.length === 0) return out;
  // Column-major strides: stride[0] = 1, stride[k] = stride[k-1]·shape[k-1].
  const stride = new Array<number>(rank);
  stride[0] = 1;
  for (let k = 1; k < rank; k++) stride[k] = stride[k - 1]! * shape[k - 1]!;
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let dst = 0; dst < out.length; dst++) {
    out[dst] = values[src]!;
    // Advance the row-major multi-index (last dimension fastest), tracking the column-major offset.
    for (let k = rank - 1; k >= 0; k--) {
      index[k]!++;
      src += stride[k]!;
      if (index[k]! < shape[k]!) break;
      src -= stride[k]! * shape[k]!;
      index[k] = 0;
    }
  }
  return out;
}
