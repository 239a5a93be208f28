// Numbers → stored element bytes (little-endian), for the writers. float16/bfloat16 round to
// nearest, ties to even, as IEEE 754 and `torch.Tensor.to(torch.float16)` do.
import { SpectraError } from '@spectra/core';
import type { TensorDType } from '../types.js';
import { dtypeByteSize } from '../dtypes.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * number → IEEE binary16 bits, round to nearest even (overflow → ±Infinity, NaN → 0x7e00).
 *
 * @example
 * ```ts
 * import { numberToHalf } from '@spectra/weights';
 * numberToHalf(1); // 0x3c00 (15360)
 * numberToHalf(65520); // 0x7c00 (31744: rounds to Infinity)
 * ```
 */
export function numberToHalf(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const a = Math.abs(value);
  if (a === Infinity) return sign | 0x7c00;
  if (a === 0) return sign;
  // Work in exact double arithmetic: find the exponent, then round the scaled mantissa to even.
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  if (e < -14) {
    // Subnormal: units of 2^-24.
    const m = roundHalfEven(a * 2 ** 24);
    return sign | m; // m may reach 0x400, which is the smallest normal: still the right bits.
  }
  let m = roundHalfEven((a / 2 ** e - 1) * 1024);
  if (m === 1024) { m = 0; e++; }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | m;
}

/**
 * number → bfloat16 bits (the top half of the float32, round to nearest even).
 *
 * @example
 * ```ts
 * import { numberToBfloat16 } from '@spectra/weights';
 * numberToBfloat16(1); // 0x3f80 (16256)
 * ```
 */
export function numberToBfloat16(value: number): number {
  f32[0] = value;
  const bits = u32[0]!;
  if (Number.isNaN(f32[0]!)) return 0x7fc0;
  const rounded = bits + 0x7fff + ((bits >>> 16) & 1);
  return (rounded >>> 16) & 0xffff;
}

const intRanges: Partial<Record<TensorDType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], uint64: [0, Number.MAX_SAFE_INTEGER],
};

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Encodes `values` as `dtype` (little-endian). Typed arrays of the same dtype are copied bit for bit. */
export function encodeElements(values: ArrayLike<number> | ArrayLike<bigint>, dtype: TensorDType, what: string): Uint8Array {
  const n = values.length;
  const size = dtypeByteSize(dtype);
  const out = new Uint8Array(n * size);
  const view = new DataView(out.buffer);
  const v = values as ArrayLike<number>;
  const integer = intRanges[dtype];
  if (integer) {
    // Integers must be exact and in range: a silent wrap or a RangeError from DataView is worse.
    for (let i = 0; i < n; i++) {
      const x = (values as ArrayLike<number | bigint>)[i]!;
      const ok = typeof x === 'bigint' ? x >= BigInt(integer[0]) && x <= BigInt(integer[1]) : Number.isInteger(x) && x >= integer[0] && x <= integer[1];
      if (!ok) throw new SpectraError('E_ARGUMENT', `${what}: value ${String(x)} at index ${i} is not an integer in the range of ${dtype}`);
    }
  }
  switch (dtype) {
    case 'float64': for (let i = 0; i < n; i++) view.setFloat64(i * 8, v[i]!, true); break;
    case 'float32': for (let i = 0; i < n; i++) view.setFloat32(i * 4, v[i]!, true); break;
    case 'float16': for (let i = 0; i < n; i++) view.setUint16(i * 2, numberToHalf(v[i]!), true); break;
    case 'bfloat16': for (let i = 0; i < n; i++) view.setUint16(i * 2, numberToBfloat16(v[i]!), true); break;
    case 'int32': for (let i = 0; i < n; i++) view.setInt32(i * 4, v[i]!, true); break;
    case 'uint32': for (let i = 0; i < n; i++) view.setUint32(i * 4, v[i]!, true); break;
    case 'int16': for (let i = 0; i < n; i++) view.setInt16(i * 2, v[i]!, true); break;
    case 'uint16': for (let i = 0; i < n; i++) view.setUint16(i * 2, v[i]!, true); break;
    case 'int8': for (let i = 0; i < n; i++) view.setInt8(i, v[i]!); break;
    case 'uint8': for (let i = 0; i < n; i++) view.setUint8(i, v[i]!); break;
    case 'bool': for (let i = 0; i < n; i++) view.setUint8(i, v[i] ? 1 : 0); break;
    case 'int64': for (let i = 0; i < n; i++) view.setBigInt64(i * 8, BigInt((values as ArrayLike<number | bigint>)[i]!), true); break;
    case 'uint64': for (let i = 0; i < n; i++) view.setBigUint64(i * 8, BigInt((values as ArrayLike<number | bigint>)[i]!), true); break;
    default:
      throw new SpectraError('E_ARGUMENT', `${what}: writing dtype ${dtype} is not supported`);
  }
  return out;
}
