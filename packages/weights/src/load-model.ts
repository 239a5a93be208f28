// Format detection and the one entry point of the readers (specs/weights.md §13). Detection looks at
// magic bytes first and at the file name only where a format has no magic (ONNX protobuf).
import { throwIfAborted } from '@spectra/core';
import type { LoadedModel, ModelFormat } from './types.js';
import { inputBytes, type ModelInput } from './readers/input.js';
import { readerError } from './readers/reader-errors.js';
import type { ReaderOptions } from './readers/reader-options.js';
import { readNpy, NPY_MAGIC } from './readers/npy.js';
import { readTfjs } from './readers/tfjs.js';
import { readSafetensors, readShardedSafetensors, looksLikeSafetensors } from './readers/safetensors.js';
import { readZipModel } from './readers/zip-model.js';
import { readOnnx, looksLikeOnnx } from './readers/onnx.js';
import { readShardedPytorch } from './readers/pytorch.js';
import { readKerasH5, HDF5_MAGIC } from './readers/keras-h5.js';
import { parseJsonBytes, asObject, own } from './readers/strict-json.js';
import { resolveLimits } from './readers/limits.js';

/** Options of `loadModel`: the reader options plus an explicit format. */
export interface LoadModelOptions extends ReaderOptions {
  /** Skip detection and use this reader. */
  format?: ModelFormat;
}

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  for (let k = 0; k < magic.length; k++) if (bytes[at + k] !== magic[k]) return false;
  return true;
}

function firstNonSpace(bytes: Uint8Array): number {
  for (let k = 0; k < Math.min(bytes.length, 1024); k++) {
    const b = bytes[k]!;
    if (b === 0xef && bytes[k + 1] === 0xbb && bytes[k + 2] === 0xbf) { k += 2; continue; } // BOM
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
  }
  return -1;
}

/**
 * What a byte string holds, by its magic bytes (and name where the format has no magic):
 * a `ModelFormat`, `'json'` (model.json, a weights manifest or a shard index) or `'zip'`.
 *
 * @example
 * ```ts
 * import { detectFormat, writeNpy } from '@spectra/weights';
 * detectFormat(writeNpy({ shape: [1], data: new Float64Array([1]) }), 'x.npy'); // 'npy'
 * ```
 */
export function detectFormat(bytes: Uint8Array, name = ''): ModelFormat | 'json' | 'zip' | 'legacy-pytorch' | 'unknown' {
  const lower = name.toLowerCase();
  if (startsWith(bytes, NPY_MAGIC)) return 'npy';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(bytes, HDF5_MAGIC)) return 'keras-h5';
  // Pre-1.6 torch.save: a bare pickle (PROTO 2) or a tar archive.
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5 && !lower.endsWith('.onnx')) return 'legacy-pytorch';
  if (bytes.length > 262 && startsWith(bytes, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) return 'legacy-pytorch';
  if (looksLikeSafetensors(bytes)) return 'safetensors';
  const c = firstNonSpace(bytes);
  if (c === 0x7b || c === 0x5b) return 'json';
  if (lower.endsWith('.onnx') || looksLikeOnnx(bytes)) return 'onnx';
  if (lower.endsWith('.safetensors')) return 'safetensors';
  return 'unknown';
}

/**
 * Reads a model file of any supported format into named, lazily decoded tensors.
 * Companion files (shards, external data, weight bins) come through `options.resolver`.
 *
 * @example
 * ```ts
 * import { loadModel, writeSafetensors } from '@spectra/weights';
 * const bytes = writeSafetensors({ 'fc.weight': { dtype: 'float32', shape: [2, 3], data: new Float32Array(6) } });
 * const model = await loadModel(bytes, { name: 'model.safetensors' });
 * model.format; // 'safetensors'
 * model.tensors.map((t) => t.name); // ['fc.weight']
 * ```
 */
export async function loadModel(input: ModelInput, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const file = options.name ?? (typeof File !== 'undefined' && input instanceof File ? input.name : 'model');
  const opts: ReaderOptions = { ...options, name: file };
  resolveLimits(options);
  throwIfAborted(options.signal, { file });
  const bytes = await inputBytes(input, file);
  const format = options.format ?? detectFormat(bytes, file);
  switch (format) {
    case 'npy':
      return readNpy(bytes, opts);
    case 'tfjs':
      return readTfjs(bytes, opts);
    case 'safetensors':
      return readSafetensors(bytes, opts);
    case 'onnx':
      return readOnnx(bytes, opts);
    case 'keras-h5':
      return readKerasH5(bytes, opts);
    case 'npz':
    case 'pytorch':
    case 'zip':
      return readZipModel(bytes, opts, format === 'zip' ? undefined : format);
    case 'json':
      return loadJson(bytes, opts);
    case 'legacy-pytorch':
      throw readerError('E_UNSUPPORTED_FORMAT', file, 'this is a legacy (pre-1.6) PyTorch file (a bare pickle or a tar archive); re-save it with torch ≥ 1.6 (zip format) or as safetensors');
    default:
      throw readerError('E_UNKNOWN_FORMAT', file, 'unknown model format (expected safetensors, .npy/.npz, ONNX, TF.js model.json or weights manifest, a PyTorch zip checkpoint, or Keras .h5)');
  }
}

/** A JSON input: TF.js model.json / manifest, or a safetensors / PyTorch shard index. */
async function loadJson(bytes: Uint8Array, options: ReaderOptions): Promise<LoadedModel> {
  const file = options.name!;
  const limits = resolveLimits(options);
  const json = parseJsonBytes(bytes, file, 'JSON model file', limits.maxHeaderBytes, { strict: false });
  const root = asObject(json);
  const weightMap = root ? asObject(own(root, 'weight_map')) : undefined;
  if (weightMap) {
    const shards = Object.values(weightMap);
    const first = typeof shards[0] === 'string' ? shards[0] : '';
    if (/\.safetensors$/i.test(first) || /safetensors/i.test(file)) return readShardedSafetensors(bytes, options);
    return readShardedPytorch(bytes, options);
  }
  if (Array.isArray(json) || (root && own(root, 'weightsManifest') !== undefined)) return readTfjs(bytes, options);
  throw readerError('E_UNKNOWN_FORMAT', file, 'a JSON file that is neither a TF.js model.json / weights manifest nor a shard index with a weight_map');
}

/**
 * The formats `loadModel` reads.
 *
 * @example
 * ```ts
 * import { supportedFormats } from '@spectra/weights';
 * supportedFormats.includes('onnx'); // true
 * ```
 */
export const supportedFormats: readonly ModelFormat[] = ['safetensors', 'npy', 'npz', 'onnx', 'tfjs', 'pytorch', 'keras-h5'];

