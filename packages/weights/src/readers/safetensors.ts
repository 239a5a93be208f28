// safetensors (huggingface/safetensors, format of `safetensors/src/tensor.rs`; specs/weights.md §13.2):
// u64 little-endian header length H, H bytes of UTF-8 JSON, then the data buffer. Every check of
// the reference implementation is made before any tensor is decoded: header cap, duplicate keys,
// dtype×shape against the span, and spans that tile the buffer exactly.
import type { LoadedModel, SkippedTensor, TensorDType, TensorInfo } from '../types.js';
import { dtypeByteSize } from '../dtypes.js';
import { basenameOf, dirnameOf, inputBytes, resolveCompanion, type ModelInput } from './input.js';
import { checkedElementCount, checkTensorBytes, resolveLimits, type ResolvedLimits } from './limits.js';
import { guardReader, guardReaderAsync, readerError } from './reader-errors.js';
import type { ReaderOptions } from './reader-options.js';
import { asObject, decodeUtf8, own, parseJsonBytes, parseStrictJson, type JsonValue } from './strict-json.js';
import { byteTensor } from './tensor-views.js';

/** safetensors dtype names → ours. */
export const safetensorsDTypes: Readonly<Record<string, TensorDType>> = {
  F64: 'float64', F32: 'float32', F16: 'float16', BF16: 'bfloat16',
  I64: 'int64', I32: 'int32', I16: 'int16', I8: 'int8',
  U64: 'uint64', U32: 'uint32', U16: 'uint16', U8: 'uint8',
  BOOL: 'bool', F8_E4M3: 'float8_e4m3', F8_E5M2: 'float8_e5m2',
};

/** Cheap check used by format detection: a plausible header length followed by '{'. */
export function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const high = view.getUint32(4, true);
  const low = view.getUint32(0, true);
  return high === 0 && low >= 2 && bytes[8] === 0x7b;
}

/**
 * The producer's layout from `__metadata__.format` (transformers writes 'pt', 'tf' or 'flax'), so
 * conv kernels are cut as the producer stored them; anything else is left to the shape rule.
 */
function layoutOf(header: { [key: string]: JsonValue }): 'pytorch' | 'tensorflow' | 'unknown' {
  const format = own(asObject(own(header, '__metadata__')), 'format');
  if (format === 'pt' || format === 'pytorch') return 'pytorch';
  if (format === 'tf' || format === 'flax' || format === 'jax' || format === 'keras') return 'tensorflow';
  return 'unknown';
}

interface ParsedSafetensors {
  tensors: TensorInfo[];
  skipped: SkippedTensor[];
  metadata: Record<string, string>;
}

/** Parses one safetensors byte string (a whole file or one shard). */
export function parseSafetensors(bytes: Uint8Array, file: string, limits: ResolvedLimits, shard?: string): ParsedSafetensors {
  const where = shard ?? file;
  if (bytes.length < 8) {
    throw readerError('E_TRUNCATED', where, `a safetensors file starts with an 8-byte header length; the file has ${bytes.length} bytes`, { expectedBytes: 8, actualBytes: bytes.length });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(limits.maxHeaderBytes)) {
    throw readerError('E_LIMIT', where, `the safetensors header declares ${declared} bytes, above the cap maxHeaderBytes = ${limits.maxHeaderBytes}`);
  }
  const headerLength = Number(declared);
  if (8 + headerLength > bytes.length) {
    throw readerError('E_TRUNCATED', where, `the safetensors header declares ${headerLength} bytes but the file has ${bytes.length - 8} after the length`, { expectedBytes: 8 + headerLength, actualBytes: bytes.length });
  }
  const headerBytes = bytes.subarray(8, 8 + headerLength);
  if (headerBytes[0] !== 0x7b) throw readerError('E_MALFORMED', where, "the safetensors header must begin with '{'");
  // Trailing spaces pad the header to an alignment boundary (the format allows 0x20 only).
  let end = headerBytes.length;
  while (end > 0 && headerBytes[end - 1] === 0x20) end--;
  const text = decodeUtf8(headerBytes.subarray(0, end), where, 'the safetensors header');
  const header = asObject(parseStrictJson(text, where, 'the safetensors header', 64));
  if (!header) throw readerError('E_MALFORMED', where, 'the safetensors header is not a JSON object');

  const bufferStart = 8 + headerLength;
  const bufferLength = bytes.length - bufferStart;
  const metadata: Record<string, string> = {};
  const spans: { name: string; begin: number; end: number }[] = [];
  const tensors: TensorInfo[] = [];
  const skipped: SkippedTensor[] = [];

  for (const name of Object.keys(header)) {
    const entry = header[name];
    if (name === '__metadata__') {
      const meta = asObject(entry);
      if (!meta) throw readerError('E_MALFORMED', where, '__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(meta)) {
        if (typeof v !== 'string') throw readerError('E_MALFORMED', where, `__metadata__['${k}'] must be a string, got ${JSON.stringify(v)}`);
        metadata[k] = v;
      }
      continue;
    }
    const e = asObject(entry);
    const dtypeName = own(e, 'dtype');
    const shape = own(e, 'shape');
    const offsets = own(e, 'data_offsets');
    if (!e || typeof dtypeName !== 'string' || !Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) {
      throw readerError('E_MALFORMED', where, `tensor '${name}' needs 'dtype' (string), 'shape' (list) and 'data_offsets' [begin, end]`, { tensor: name });
    }
    const [b, eEnd] = offsets as JsonValue[];
    if (typeof b !== 'number' || typeof eEnd !== 'number' || !Number.isSafeInteger(b) || !Number.isSafeInteger(eEnd) || b < 0 || eEnd < b) {
      throw readerError('E_BAD_SPAN', where, `tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)} (expected 0 ≤ begin ≤ end)`, { tensor: name });
    }
    const count = checkedElementCount(shape, where, name, limits);
    if (eEnd > bufferLength) {
      throw readerError('E_TRUNCATED', where, `tensor '${name}' spans bytes ${b}..${eEnd} of the data buffer, which has ${bufferLength}`, { tensor: name, expectedBytes: eEnd, actualBytes: bufferLength });
    }
    spans.push({ name, begin: b, end: eEnd });
    const dtype = Object.prototype.hasOwnProperty.call(safetensorsDTypes, dtypeName) ? safetensorsDTypes[dtypeName] : undefined;
    if (!dtype) {
      skipped.push({ name, reason: `unsupported-dtype:${dtypeName}`, shape: shape as number[], dtype: dtypeName });
      continue;
    }
    const need = count * dtypeByteSize(dtype);
    checkTensorBytes(need, where, name, limits);
    if (eEnd - b !== need) {
      throw readerError('E_BAD_SPAN', where, `tensor '${name}' (${dtypeName} [${(shape as number[]).join(', ')}]) needs ${need} bytes, its data_offsets span ${eEnd - b}`, { tensor: name, expectedBytes: need, actualBytes: eEnd - b });
    }
    const origin: TensorInfo['origin'] = { file, layout: layoutOf(header) };
    if (shard) origin.shard = shard;
    tensors.push(byteTensor({ name, dtype, shape: shape as number[], origin, bytes, byteOffset: bufferStart + b }));
  }
  // The spans, sorted, must tile the buffer: no hole, no overlap, ending at its last byte.
  spans.sort((x, y) => x.begin - y.begin || x.end - y.end);
  let cursor = 0;
  for (const s of spans) {
    if (s.begin !== cursor) {
      const what = s.begin > cursor ? `a hole of ${s.begin - cursor} bytes before` : `an overlap of ${cursor - s.begin} bytes with the previous tensor at`;
      throw readerError('E_BAD_SPAN', where, `the data buffer has ${what} tensor '${s.name}' (offset ${s.begin}, expected ${cursor})`, { tensor: s.name, expectedBytes: cursor, actualBytes: s.begin });
    }
    cursor = s.end;
  }
  if (cursor !== bufferLength) {
    throw readerError('E_BAD_SPAN', where, `the tensors cover ${cursor} bytes of the data buffer but it has ${bufferLength}`, { expectedBytes: cursor, actualBytes: bufferLength });
  }
  return { tensors, skipped, metadata };
}

/**
 * Reads a single safetensors file.
 *
 * @example
 * ```ts
 * import { readSafetensors, writeSafetensors } from '@spectra/weights';
 * const bytes = writeSafetensors({ w: { dtype: 'bfloat16', shape: [2], data: new Float64Array([1, -2]) } }, { note: 'x' });
 * const model = await readSafetensors(bytes, { name: 'm.safetensors' });
 * model.tensors[0].read(); // Float64Array [1, -2]
 * model.metadata; // { note: 'x' }
 * ```
 */
export async function readSafetensors(input: ModelInput, options: ReaderOptions = {}): Promise<LoadedModel> {
  const file = options.name ?? 'model.safetensors';
  const limits = resolveLimits(options);
  const bytes = await inputBytes(input, file);
  return guardReader(file, 'reading safetensors', () => {
    const parsed = parseSafetensors(bytes, file, limits);
    if (parsed.tensors.length === 0 && parsed.skipped.length > 0) {
      throw readerError('E_UNSUPPORTED_DTYPE', file, `no tensor has a readable dtype (${parsed.skipped.map((s) => s.reason).join(', ')})`);
    }
    return { format: 'safetensors', source: file, tensors: parsed.tensors, skipped: parsed.skipped, metadata: parsed.metadata, warnings: [] };
  });
}

/**
 * Reads a sharded safetensors model from its `model.safetensors.index.json`; the shards come
 * through `options.resolver`. Every shard must exist and every tensor must appear exactly once.
 *
 * @example
 * ```ts
 * import { readShardedSafetensors, writeSafetensors } from '@spectra/weights';
 * const shard = writeSafetensors({ a: { dtype: 'float32', shape: [1], data: new Float32Array([5]) } });
 * const index = new TextEncoder().encode(JSON.stringify({ weight_map: { a: 'model-00001-of-00001.safetensors' } }));
 * const model = await readShardedSafetensors(index, { name: 'model.safetensors.index.json', resolver: async () => shard });
 * model.tensors[0].origin.shard; // 'model-00001-of-00001.safetensors'
 * ```
 */
export async function readShardedSafetensors(input: ModelInput, options: ReaderOptions = {}): Promise<LoadedModel> {
  const file = options.name ?? 'model.safetensors.index.json';
  const limits = resolveLimits(options);
  const bytes = await inputBytes(input, file);
  return guardReaderAsync(file, 'reading a sharded safetensors model', async () => {
    const { weightMap, metadata } = parseShardIndex(bytes, file, limits);
    const dir = dirnameOf(file);
    const shardNames = [...new Set(weightMap.values())];
    const tensors: TensorInfo[] = [];
    const skipped: SkippedTensor[] = [];
    const warnings: string[] = [];
    const found = new Map<string, string>();
    for (const shard of shardNames) {
      const shardBytes = await resolveCompanion(options.resolver, dir + shard, file, `shard '${shard}'`, options.signal);
      const parsed = parseSafetensors(shardBytes, file, limits, shard);
      for (const [k, v] of Object.entries(parsed.metadata)) metadata[`${basenameOf(shard)}:${k}`] = v;
      for (const t of [...parsed.tensors, ...parsed.skipped]) {
        const previous = found.get(t.name);
        if (previous !== undefined) {
          throw readerError('E_MALFORMED', file, `tensor '${t.name}' appears in both '${previous}' and '${shard}'`, { tensor: t.name });
        }
        found.set(t.name, shard);
        const mapped = weightMap.get(t.name);
        if (mapped === undefined) warnings.push(`${file}: shard '${shard}' holds '${t.name}', which the index does not list`);
        else if (mapped !== shard) {
          throw readerError('E_MALFORMED', file, `the index puts '${t.name}' in '${mapped}' but it is in '${shard}'`, { tensor: t.name });
        }
      }
      tensors.push(...parsed.tensors);
      skipped.push(...parsed.skipped);
    }
    for (const [name, shard] of weightMap) {
      if (!found.has(name)) throw readerError('E_MALFORMED', file, `the index puts '${name}' in '${shard}', which does not hold it`, { tensor: name });
    }
    return { format: 'safetensors', source: file, tensors, skipped, metadata, warnings };
  });
}

/** Parses a `*.index.json` (safetensors or PyTorch): `weight_map` name → shard, plus `metadata`. */
export function parseShardIndex(bytes: Uint8Array, file: string, limits: ResolvedLimits): { weightMap: Map<string, string>; metadata: Record<string, string> } {
  const json = asObject(parseJsonBytes(bytes, file, 'the shard index', limits.maxHeaderBytes));
  const map = asObject(own(json, 'weight_map'));
  if (!map) throw readerError('E_MALFORMED', file, "a shard index needs a 'weight_map' object (tensor name → shard file)");
  const weightMap = new Map<string, string>();
  for (const [name, shard] of Object.entries(map)) {
    if (typeof shard !== 'string' || shard.length === 0) throw readerError('E_MALFORMED', file, `weight_map['${name}'] must be a shard file name`, { tensor: name });
    weightMap.set(name, shard);
  }
  const metadata: Record<string, string> = {};
  const meta = asObject(own(json, 'metadata'));
  if (meta) for (const [k, v] of Object.entries(meta)) if (typeof v === 'string' || typeof v === 'number') metadata[k] = String(v);
  return { weightMap, metadata };
}
