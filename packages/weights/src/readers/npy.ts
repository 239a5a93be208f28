// NumPy `.npy` (format versions 1.0, 2.0, 3.0; numpy/lib/format.py). The header is a Python dict
// literal read by a strict parser, never evaluated (specs/weights.md §13.3).
import type { LoadedModel, TensorDType, TensorInfo } from '../types.js';
import { basenameOf, inputBytes, type ModelInput } from './input.js';
import { checkedElementCount, checkTensorBytes, resolveLimits, type ResolvedLimits } from './limits.js';
import { parsePythonLiteral, type PythonLiteral } from './python-literal.js';
import { guardReader, readerError } from './reader-errors.js';
import type { ReaderOptions } from './reader-options.js';
import { byteTensor } from './tensor-views.js';
import { dtypeByteSize } from '../dtypes.js';

/** The magic prefix of every `.npy` file. */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** numpy's own reader refuses longer headers by default (10 000); the spec's cap is 64 KiB. */
const MAX_NPY_HEADER = 65536;

/** A parsed `.npy` header and where its data starts. */
export interface NpyHeader {
  version: string;
  /** The NumPy type string, e.g. '<f4'. */
  descr: string;
  dtype: TensorDType | undefined;
  littleEndian: boolean;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
  elementCount: number;
}

/** Maps a NumPy type string to a dtype, or undefined when it is not a supported numeric type. */
export function npyDescrToDType(descr: string): { dtype: TensorDType; littleEndian: boolean } | undefined {
  const m = /^([<>|=]?)([fiub])(\d+)$/.exec(descr);
  if (!m) return undefined;
  const [, order, kind, sizeText] = m;
  const size = Number(sizeText);
  const table: Record<string, TensorDType> = {
    f8: 'float64', f4: 'float32', f2: 'float16',
    i8: 'int64', i4: 'int32', i2: 'int16', i1: 'int8',
    u8: 'uint64', u4: 'uint32', u2: 'uint16', u1: 'uint8',
    b1: 'bool',
  };
  const dtype = table[`${kind}${size}`];
  if (!dtype) return undefined;
  return { dtype, littleEndian: order !== '>' };
}

/** Parses and validates a `.npy` header (no data is read). */
export function parseNpyHeader(bytes: Uint8Array, file: string, tensor: string, limits: ResolvedLimits): NpyHeader {
  if (bytes.length < 10) throw readerError('E_TRUNCATED', file, `the .npy header needs at least 10 bytes, the file has ${bytes.length}`, { tensor, expectedBytes: 10, actualBytes: bytes.length });
  for (let k = 0; k < 6; k++) {
    if (bytes[k] !== NPY_MAGIC[k]) throw readerError('E_UNKNOWN_FORMAT', file, 'not a .npy file (the magic \\x93NUMPY is missing)', { tensor });
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (major < 1 || major > 3 || minor !== 0) {
    throw readerError('E_UNSUPPORTED_FORMAT', file, `.npy format version ${major}.${minor} is not supported (1.0, 2.0 and 3.0 are)`, { tensor });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw readerError('E_TRUNCATED', file, `the .npy header length field is cut off`, { tensor });
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthBytes;
  if (headerLength > Math.min(MAX_NPY_HEADER, limits.maxHeaderBytes)) {
    throw readerError('E_LIMIT', file, `the .npy header declares ${headerLength} bytes, above the cap of ${Math.min(MAX_NPY_HEADER, limits.maxHeaderBytes)}`, { tensor });
  }
  if (start + headerLength > bytes.length) {
    throw readerError('E_TRUNCATED', file, `the .npy header declares ${headerLength} bytes but only ${bytes.length - start} follow`, { tensor, expectedBytes: start + headerLength, actualBytes: bytes.length });
  }
  const raw = bytes.subarray(start, start + headerLength);
  let text: string;
  if (major === 3) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      throw readerError('E_MALFORMED', file, 'the .npy 3.0 header is not valid UTF-8', { tensor });
    }
  } else {
    for (const b of raw) if (b > 0x7f) throw readerError('E_MALFORMED', file, `the .npy ${major}.0 header is not ASCII`, { tensor });
    text = String.fromCharCode(...raw);
  }
  const literal = parsePythonLiteral(text, file, '.npy header');
  if (!(literal instanceof Map)) throw readerError('E_MALFORMED', file, 'the .npy header is not a dict literal', { tensor });
  const keys = [...literal.keys()].sort().join(',');
  if (keys !== 'descr,fortran_order,shape') {
    throw readerError('E_MALFORMED', file, `the .npy header must have exactly the keys descr, fortran_order, shape; it has ${keys || 'none'}`, { tensor });
  }
  const descrValue = literal.get('descr') as PythonLiteral;
  const fortran = literal.get('fortran_order');
  const shapeValue = literal.get('shape') as PythonLiteral;
  if (typeof fortran !== 'boolean') throw readerError('E_MALFORMED', file, 'fortran_order must be True or False', { tensor });
  if (typeof shapeValue !== 'object' || shapeValue === null || !('tuple' in shapeValue)) {
    throw readerError('E_MALFORMED', file, 'shape must be a tuple of integers', { tensor });
  }
  const shape = shapeValue.tuple as unknown[];
  const elementCount = checkedElementCount(shape, file, tensor, limits);
  // Structured dtypes arrive as a list of fields; objects as 'O'. Neither is a weight matrix.
  const descr = typeof descrValue === 'string' ? descrValue : 'structured';
  const known = typeof descrValue === 'string' ? npyDescrToDType(descrValue) : undefined;
  return {
    version: `${major}.${minor}`,
    descr,
    dtype: known?.dtype,
    littleEndian: known?.littleEndian ?? true,
    fortranOrder: fortran,
    shape: shape as number[],
    dataOffset: start + headerLength,
    elementCount,
  };
}

/**
 * Validates a `.npy` byte string and returns its tensor (lazy) plus any warning; undefined tensor
 * with a skip reason when the dtype is unsupported. Used by `readNpy` and the `.npz` reader.
 */
export function npyTensor(bytes: Uint8Array, file: string, tensorName: string, limits: ResolvedLimits, origin: TensorInfo['origin']): { tensor?: TensorInfo; skipped?: { reason: string; shape: number[]; dtype: string }; warnings: string[] } {
  const header = parseNpyHeader(bytes, file, tensorName, limits);
  const warnings: string[] = [];
  if (!header.dtype) {
    return { skipped: { reason: `unsupported-dtype:${header.descr}`, shape: header.shape, dtype: header.descr }, warnings };
  }
  const size = dtypeByteSize(header.dtype);
  const need = header.elementCount * size;
  checkTensorBytes(need, file, tensorName, limits);
  const have = bytes.length - header.dataOffset;
  if (have < need) {
    throw readerError('E_TRUNCATED', file, `tensor '${tensorName}' (${header.descr} [${header.shape.join(', ')}]) needs ${need} data bytes, the file has ${have}`, { tensor: tensorName, expectedBytes: need, actualBytes: have });
  }
  if (have > need) warnings.push(`${file}: ${have - need} trailing bytes after the data of '${tensorName}' were ignored`);
  const tensor = byteTensor({
    name: tensorName,
    dtype: header.dtype,
    shape: header.shape,
    origin,
    bytes,
    byteOffset: header.dataOffset,
    littleEndian: header.littleEndian,
    order: header.fortranOrder ? 'F' : 'C',
  });
  return { tensor, warnings };
}

/**
 * Reads a NumPy `.npy` file: one tensor named after the file (without `.npy`).
 *
 * @example
 * ```ts
 * import { readNpy, writeNpy } from '@spectra/weights';
 * const bytes = writeNpy({ shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) });
 * const model = await readNpy(bytes, { name: 'w.npy' });
 * model.tensors[0].name; // 'w'
 * model.tensors[0].read(); // Float64Array [1, 2, 3, 4]
 * ```
 */
export async function readNpy(input: ModelInput, options: ReaderOptions = {}): Promise<LoadedModel> {
  const file = options.name ?? 'array.npy';
  const limits = resolveLimits(options);
  const bytes = await inputBytes(input, file);
  return guardReader(file, 'reading .npy', () => {
    const tensorName = basenameOf(file).replace(/\.npy$/i, '') || 'array';
    const { tensor, skipped, warnings } = npyTensor(bytes, file, tensorName, limits, { file, layout: 'unknown' });
    if (!tensor) {
      throw readerError('E_UNSUPPORTED_DTYPE', file, `the array has dtype '${skipped!.dtype}', which is not a numeric type spectra reads (${skipped!.reason})`);
    }
    return { format: 'npy', source: file, tensors: [tensor], skipped: [], metadata: {}, warnings };
  });
}
