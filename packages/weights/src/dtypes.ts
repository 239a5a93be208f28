// Element types and their exact widening to float64. float16, bfloat16 and the two float8 formats are
// decoded through 2^16- / 2^8-entry tables built on first use (every value is exactly representable
// in float64, so the widening is exact, as specs/weights.md §3 requires).
import type { TensorDType } from './types.js';

const byteSizes: Record<TensorDType, number> = {
  float64: 8,
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float8_e4m3: 1,
  float8_e5m2: 1,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint64: 8,
  uint32: 4,
  uint16: 2,
  uint8: 1,
  bool: 1,
};

/**
 * Bytes per element of a dtype.
 *
 * @example
 * ```ts
 * import { dtypeByteSize } from '@spectra/weights';
 * dtypeByteSize('bfloat16'); // 2
 * ```
 */
export function dtypeByteSize(dtype: TensorDType): number {
  return byteSizes[dtype];
}

/** True for the floating-point dtypes (the ones a weight matrix may have without quantisation). */
export function isFloatDType(dtype: TensorDType): boolean {
  return dtype === 'float64' || dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16' || dtype === 'float8_e4m3' || dtype === 'float8_e5m2';
}

let halfTable: Float64Array | undefined;

/**
 * IEEE 754 binary16 → number, exactly.
 *
 * @example
 * ```ts
 * import { halfToNumber } from '@spectra/weights';
 * halfToNumber(0x3c00); // 1
 * halfToNumber(0xc000); // -2
 * halfToNumber(0x0001); // 5.960464477539063e-8 (the smallest subnormal, 2^-24)
 * ```
 */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? NaN : sign * Infinity;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

function half(): Float64Array {
  if (!halfTable) {
    halfTable = new Float64Array(65536);
    for (let i = 0; i < 65536; i++) halfTable[i] = halfToNumber(i);
  }
  return halfTable;
}

const f32Scratch = new Float32Array(1);
/** Scratch size of the unaligned native-order path of `decodeInto` (bounded extra memory). */
const UNALIGNED_CHUNK_BYTES = 1 << 22;
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/**
 * bfloat16 (the top 16 bits of a float32) → number, exactly.
 *
 * @example
 * ```ts
 * import { bfloat16ToNumber } from '@spectra/weights';
 * bfloat16ToNumber(0x3f80); // 1
 * bfloat16ToNumber(0x4049); // 3.140625
 * ```
 */
export function bfloat16ToNumber(bits: number): number {
  u32Scratch[0] = (bits & 0xffff) << 16;
  return f32Scratch[0]!;
}

/**
 * float8 E4M3FN (OCP / ONNX FLOAT8E4M3FN, safetensors F8_E4M3): bias 7, no infinities, S.1111.111 is NaN.
 *
 * @example
 * ```ts
 * import { float8E4M3ToNumber } from '@spectra/weights';
 * float8E4M3ToNumber(0x38); // 1
 * float8E4M3ToNumber(0x7e); // 448 (the largest finite value)
 * ```
 */
export function float8E4M3ToNumber(bits: number): number {
  const sign = bits & 0x80 ? -1 : 1;
  const exponent = (bits >> 3) & 0xf;
  const mantissa = bits & 0x7;
  if (exponent === 15 && mantissa === 7) return NaN;
  if (exponent === 0) return sign * mantissa * 2 ** -9;
  return sign * (8 + mantissa) * 2 ** (exponent - 10);
}

/**
 * float8 E5M2 (IEEE-like: bias 15, infinities and NaNs).
 *
 * @example
 * ```ts
 * import { float8E5M2ToNumber } from '@spectra/weights';
 * float8E5M2ToNumber(0x3c); // 1
 * float8E5M2ToNumber(0x7c); // Infinity
 * ```
 */
export function float8E5M2ToNumber(bits: number): number {
  return halfToNumber((bits & 0xff) << 8);
}

let e4m3Table: Float64Array | undefined;
let e5m2Table: Float64Array | undefined;

const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes `count` elements of `dtype` starting at `byteOffset` of `bytes`, widened exactly to float64
 * (int64/uint64 beyond 2^53 round to the nearest double). The caller has checked the span.
 *
 * @example
 * ```ts
 * import { decodeToFloat64 } from '@spectra/weights';
 * decodeToFloat64(new Uint8Array([0x00, 0x3c, 0x00, 0xc0]), 0, 2, 'float16'); // Float64Array [1, -2]
 * ```
 */
export function decodeToFloat64(bytes: Uint8Array, byteOffset: number, count: number, dtype: TensorDType, littleEndian = true): Float64Array {
  const out = new Float64Array(count);
  decodeInto(out, 0, bytes, byteOffset, count, dtype, littleEndian);
  return out;
}

/** `decodeToFloat64` into an existing array at `outOffset`. */
export function decodeInto(out: Float64Array, outOffset: number, bytes: Uint8Array, byteOffset: number, count: number, dtype: TensorDType, littleEndian = true): void {
  const size = byteSizes[dtype];
  const start = bytes.byteOffset + byteOffset;
  const nativeOrder = size === 1 || littleEndian === hostLittleEndian;
  const aligned = start % size === 0;
  if (nativeOrder && (aligned || size === 1)) {
    // Fast path: a typed-array view on the file's bytes (no copy).
    const buffer = bytes.buffer;
    switch (dtype) {
      case 'float64': return copy(out, outOffset, new Float64Array(buffer, start, count));
      case 'float32': return copy(out, outOffset, new Float32Array(buffer, start, count));
      case 'int32': return copy(out, outOffset, new Int32Array(buffer, start, count));
      case 'uint32': return copy(out, outOffset, new Uint32Array(buffer, start, count));
      case 'int16': return copy(out, outOffset, new Int16Array(buffer, start, count));
      case 'uint16': return copy(out, outOffset, new Uint16Array(buffer, start, count));
      case 'int8': return copy(out, outOffset, new Int8Array(buffer, start, count));
      case 'uint8': return copy(out, outOffset, new Uint8Array(buffer, start, count));
      case 'bool': {
        const v = new Uint8Array(buffer, start, count);
        for (let i = 0; i < count; i++) out[outOffset + i] = v[i] ? 1 : 0;
        return;
      }
      case 'float16': {
        const t = half();
        const v = new Uint16Array(buffer, start, count);
        for (let i = 0; i < count; i++) out[outOffset + i] = t[v[i]!]!;
        return;
      }
      case 'bfloat16': {
        const v = new Uint16Array(buffer, start, count);
        for (let i = 0; i < count; i++) out[outOffset + i] = bfloat16ToNumber(v[i]!);
        return;
      }
      case 'float8_e4m3': {
        const t = (e4m3Table ??= Float64Array.from({ length: 256 }, (_, i) => float8E4M3ToNumber(i)));
        const v = new Uint8Array(buffer, start, count);
        for (let i = 0; i < count; i++) out[outOffset + i] = t[v[i]!]!;
        return;
      }
      case 'float8_e5m2': {
        const t = (e5m2Table ??= Float64Array.from({ length: 256 }, (_, i) => float8E5M2ToNumber(i)));
        const v = new Uint8Array(buffer, start, count);
        for (let i = 0; i < count; i++) out[outOffset + i] = t[v[i]!]!;
        return;
      }
      case 'int64': {
        const v = new BigInt64Array(buffer, start, count);
        for (let i = 0; i < count; i++) out[outOffset + i] = Number(v[i]!);
        return;
      }
      case 'uint64': {
        const v = new BigUint64Array(buffer, start, count);
        for (let i = 0; i < count; i++) out[outOffset + i] = Number(v[i]!);
        return;
      }
    }
  }
  if (nativeOrder) {
    // Unaligned but native order (safetensors data starts after a header of any length): copy
    // chunks into an aligned scratch buffer and take the typed-array path. A DataView loop is
    // 15–30× slower in V8 (measured 120 ms against 4–8 ms for 4 Mi float32 values, Node 20).
    const chunk = Math.max(1, Math.floor(UNALIGNED_CHUNK_BYTES / size));
    const scratch = new Uint8Array(Math.min(count, chunk) * size);
    for (let done = 0; done < count; done += chunk) {
      const n = Math.min(chunk, count - done);
      scratch.set(bytes.subarray(byteOffset + done * size, byteOffset + (done + n) * size));
      decodeInto(out, outOffset + done, scratch, 0, n, dtype, littleEndian);
    }
    return;
  }
  // Foreign byte order, through a DataView.
  const view = new DataView(bytes.buffer, start, count * size);
  const le = littleEndian;
  switch (dtype) {
    case 'float64': for (let i = 0; i < count; i++) out[outOffset + i] = view.getFloat64(i * 8, le); return;
    case 'float32': for (let i = 0; i < count; i++) out[outOffset + i] = view.getFloat32(i * 4, le); return;
    case 'int32': for (let i = 0; i < count; i++) out[outOffset + i] = view.getInt32(i * 4, le); return;
    case 'uint32': for (let i = 0; i < count; i++) out[outOffset + i] = view.getUint32(i * 4, le); return;
    case 'int16': for (let i = 0; i < count; i++) out[outOffset + i] = view.getInt16(i * 2, le); return;
    case 'uint16': for (let i = 0; i < count; i++) out[outOffset + i] = view.getUint16(i * 2, le); return;
    case 'float16': { const t = half(); for (let i = 0; i < count; i++) out[outOffset + i] = t[view.getUint16(i * 2, le)]!; return; }
    case 'bfloat16': for (let i = 0; i < count; i++) out[outOffset + i] = bfloat16ToNumber(view.getUint16(i * 2, le)); return;
    case 'int64': for (let i = 0; i < count; i++) out[outOffset + i] = Number(view.getBigInt64(i * 8, le)); return;
    case 'uint64': for (let i = 0; i < count; i++) out[outOffset + i] = Number(view.getBigUint64(i * 8, le)); return;
    default: {
      // One-byte types never reach here (they are always "aligned" and in native order).
      for (let i = 0; i < count; i++) out[outOffset + i] = view.getUint8(i);
    }
  }
}

/** TypedArray.prototype.set converts element types natively (a JS loop over mixed array types is megamorphic and several times slower). */
function copy(out: Float64Array, offset: number, src: Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array): void {
  out.set(src, offset);
}
