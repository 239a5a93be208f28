// The `.npy` writer (format 1.0, numpy/lib/format.py `write_array`): the header dict padded with
// spaces and a newline so the data starts on a 64-byte boundary, little-endian C order.
import { SpectraError } from '@spectra/core';
import type { TensorDType } from '../types.js';
import { tensorBytesToWrite, type TensorToWrite } from './safetensors-writer.js';
import { writeZip } from './zip-writer.js';

const descrs: Partial<Record<TensorDType, string>> = {
  float64: '<f8', float32: '<f4', float16: '<f2', int64: '<i8', int32: '<i4', int16: '<i2', int8: '|i1',
  uint64: '<u8', uint32: '<u4', uint16: '<u2', uint8: '|u1', bool: '|b1',
};

/** An array to write as `.npy`; `dtype` defaults from the typed array (Float32Array → float32…). */
export interface NpyArray {
  /** Dimensions, outermost first; the array is written in C order. */
  shape: readonly number[];
  /** Values, converted to `dtype` (give `data` or `bytes`). */
  data?: ArrayLike<number> | ArrayLike<bigint>;
  /** Raw little-endian stored bytes (length = numel·size), used as is. */
  bytes?: Uint8Array;
  /** Element type (default from `data`: Float32Array → float32, Int32Array → int32…, anything else float64). */
  dtype?: TensorDType;
}

function defaultDType(data: unknown): TensorDType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Uint32Array) return 'uint32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof BigUint64Array) return 'uint64';
  return 'float64';
}

/**
 * Serialises one array as a NumPy `.npy` file (version 1.0).
 *
 * @example
 * ```ts
 * import { writeNpy, readNpy } from '@spectra/weights';
 * const bytes = writeNpy({ shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) });
 * new TextDecoder().decode(bytes.subarray(10, 66)); // "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)"
 * (await readNpy(bytes)).tensors[0].shape; // [2, 3]
 * ```
 */
export function writeNpy(array: NpyArray): Uint8Array {
  const dtype = array.dtype ?? defaultDType(array.data);
  const descr = descrs[dtype];
  if (!descr) throw new SpectraError('E_ARGUMENT', `writeNpy: NumPy has no dtype for ${dtype}`);
  const toWrite: TensorToWrite = { dtype, shape: array.shape };
  if (array.data) toWrite.data = array.data;
  if (array.bytes) toWrite.bytes = array.bytes;
  const body = tensorBytesToWrite('array', toWrite, 'writeNpy');
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n';
  if (dict.length > 65535) throw new SpectraError('E_ARGUMENT', 'writeNpy: the header would exceed 65535 bytes');
  const out = new Uint8Array(10 + dict.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, dict.length, true);
  for (let k = 0; k < dict.length; k++) out[10 + k] = dict.charCodeAt(k);
  out.set(body, 10 + dict.length);
  return out;
}

/**
 * Serialises arrays as a NumPy `.npz` (a stored zip of `name.npy` members, as `numpy.savez`).
 *
 * @example
 * ```ts
 * import { writeNpz, readNpz } from '@spectra/weights';
 * const bytes = writeNpz({ 'fc.weight': { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } });
 * (await readNpz(bytes)).tensors[0].name; // 'fc.weight'
 * ```
 */
export function writeNpz(arrays: Record<string, NpyArray>): Uint8Array {
  return writeZip(Object.entries(arrays).map(([name, array]) => ({ name: `${name}.npy`, data: writeNpy(array) })));
}
