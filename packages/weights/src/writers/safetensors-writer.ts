// The safetensors writer (huggingface/safetensors `serialize`): tensors sorted by alignment then
// name, laid out back to back, header padded with spaces to a multiple of 8 so every tensor's data
// starts 8-byte aligned. `spectra smooth` writes its results with it.
import { SpectraError } from '@spectra/core';
import type { TensorDType } from '../types.js';
import { dtypeByteSize } from '../dtypes.js';
import { encodeElements } from './encode.js';

/** One tensor to write: values (encoded to `dtype`) or raw little-endian bytes (copied bit for bit). */
export interface TensorToWrite {
  /** Stored element type. */
  dtype: TensorDType;
  /** Dimensions, outermost first (row-major). */
  shape: readonly number[];
  /** Values, converted to `dtype` (float16/bfloat16 round to nearest even). */
  data?: ArrayLike<number> | ArrayLike<bigint>;
  /** Raw little-endian stored bytes (length = numel·size), used as is; float8 tensors must come this way. */
  bytes?: Uint8Array;
}

const names: Record<TensorDType, string> = {
  float64: 'F64', float32: 'F32', float16: 'F16', bfloat16: 'BF16', float8_e4m3: 'F8_E4M3', float8_e5m2: 'F8_E5M2',
  int64: 'I64', int32: 'I32', int16: 'I16', int8: 'I8', uint64: 'U64', uint32: 'U32', uint16: 'U16', uint8: 'U8', bool: 'BOOL',
};

/** Validates a tensor to write and returns its stored bytes. */
export function tensorBytesToWrite(name: string, t: TensorToWrite, writer: string): Uint8Array {
  if (!t || !Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new SpectraError('E_ARGUMENT', `${writer}: tensor '${name}' needs a shape of non-negative integers`);
  }
  if (!(t.dtype in names)) throw new SpectraError('E_ARGUMENT', `${writer}: tensor '${name}' has unknown dtype '${String(t.dtype)}'`);
  const count = t.shape.reduce((a, b) => a * b, 1);
  const need = count * dtypeByteSize(t.dtype);
  if (t.bytes) {
    if (t.bytes.length !== need) {
      throw new SpectraError('E_SHAPE', `${writer}: tensor '${name}' has ${t.bytes.length} bytes, expected ${need} for ${t.dtype} [${t.shape.join(', ')}]`);
    }
    return t.bytes;
  }
  if (!t.data) throw new SpectraError('E_ARGUMENT', `${writer}: tensor '${name}' needs 'data' or 'bytes'`);
  if (t.data.length !== count) {
    throw new SpectraError('E_SHAPE', `${writer}: tensor '${name}' has ${t.data.length} values, expected ${count} for shape [${t.shape.join(', ')}]`);
  }
  if (t.dtype === 'float8_e4m3' || t.dtype === 'float8_e5m2') {
    throw new SpectraError('E_ARGUMENT', `${writer}: tensor '${name}': pass float8 tensors as raw 'bytes'`);
  }
  // Same-dtype typed arrays: copy the bits (exact round trip, NaN payloads included).
  const d = t.data as unknown;
  if ((t.dtype === 'float32' && d instanceof Float32Array) || (t.dtype === 'float64' && d instanceof Float64Array)) {
    const src = d as Float32Array | Float64Array;
    return new Uint8Array(src.buffer.slice(src.byteOffset, src.byteOffset + src.byteLength));
  }
  return encodeElements(t.data, t.dtype, `${writer}: tensor '${name}'`);
}

/**
 * Serialises tensors (and optional `__metadata__` strings) as a safetensors file.
 *
 * @example
 * ```ts
 * import { writeSafetensors, readSafetensors } from '@spectra/weights';
 * const bytes = writeSafetensors({ 'fc.weight': { dtype: 'float32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } }, { format: 'pt' });
 * (await readSafetensors(bytes)).tensors[0].read(); // Float64Array [1, 2, 3, 4]
 * ```
 */
export function writeSafetensors(tensors: Record<string, TensorToWrite> | ReadonlyArray<TensorToWrite & { name: string }>, metadata?: Record<string, string>): Uint8Array {
  const entries: { name: string; t: TensorToWrite }[] = Array.isArray(tensors)
    ? (tensors as ReadonlyArray<TensorToWrite & { name: string }>).map((t) => ({ name: t.name, t }))
    : Object.entries(tensors as Record<string, TensorToWrite>).map(([name, t]) => ({ name, t }));
  const seen = new Set<string>();
  for (const { name } of entries) {
    if (typeof name !== 'string' || name.length === 0) throw new SpectraError('E_ARGUMENT', 'writeSafetensors: tensor names must be non-empty strings');
    if (name === '__metadata__') throw new SpectraError('E_ARGUMENT', "writeSafetensors: '__metadata__' is reserved");
    if (seen.has(name)) throw new SpectraError('E_ARGUMENT', `writeSafetensors: tensor '${name}' is given twice`);
    seen.add(name);
  }
  if (metadata) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new SpectraError('E_ARGUMENT', `writeSafetensors: metadata['${k}'] must be a string`);
    }
  }
  // Larger elements first, then by name: the reference writer's order, which keeps data aligned.
  entries.sort((a, b) => dtypeByteSize(b.t.dtype) - dtypeByteSize(a.t.dtype) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const blobs = entries.map(({ name, t }) => tensorBytesToWrite(name, t, 'writeSafetensors'));
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  entries.forEach(({ name, t }, k) => {
    header[name] = { dtype: names[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + blobs[k]!.length] };
    offset += blobs[k]!.length;
  });
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let o = 8 + json.length;
  for (const b of blobs) { out.set(b, o); o += b.length; }
  return out;
}
