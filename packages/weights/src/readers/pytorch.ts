// PyTorch zip checkpoints (torch ≥ 1.6 `torch.save`, torch/serialization.py `_save`): `<root>/data.pkl`
// read by the safe pickle interpreter, `<root>/data/<key>` raw storages, `<root>/byteorder`
// (specs/weights.md §13.6). Tensors are (storage, offset, size, stride); every strided index is
// checked against its storage before anything is decoded.
import type { LoadedModel, SkippedTensor, TensorDType, TensorInfo } from '../types.js';
import { decodeInto, dtypeByteSize } from '../dtypes.js';
import { crc32 } from './crc32.js';
import { dirnameOf, inputBytes, resolveCompanion, type ModelInput } from './input.js';
import { checkedElementCount, checkTensorBytes, resolveLimits, type ResolvedLimits } from './limits.js';
import type { ZipReaderOptions } from './npz.js';
import { PickleDict, PickleTensor, PickleTuple, unpickle } from './pickle.js';
import { guardReaderAsync, readerError } from './reader-errors.js';
import { parseShardIndex } from './safetensors.js';
import { readZipDirectory, zipEntryBytes, type ZipEntry } from './zip.js';

const storageDTypes: Record<string, TensorDType> = {
  DoubleStorage: 'float64', FloatStorage: 'float32', HalfStorage: 'float16', BFloat16Storage: 'bfloat16',
  LongStorage: 'int64', IntStorage: 'int32', ShortStorage: 'int16', CharStorage: 'int8', ByteStorage: 'uint8', BoolStorage: 'bool',
  UntypedStorage: 'uint8',
};

/**
 * Reads a PyTorch zip checkpoint (`.pt`, `.pth`, `.bin` from torch ≥ 1.6). A top-level
 * `state_dict` entry is unwrapped; nested dicts give dotted names; tensors sharing one storage
 * span (tied weights) come back once, with `aliases`.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { readPytorch } from '@spectra/weights';
 * // torch.save({'epoch': 3, 'state_dict': {...}, 'note': ...}) by torch 1.13 (test fixture)
 * const bytes = await readFile('packages/weights/test/fixtures/torch_checkpoint.pt');
 * const model = await readPytorch(bytes, { name: 'torch_checkpoint.pt' });
 * model.tensors.map((t) => `${t.name} ${t.dtype} [${t.shape}]`); // ['fc.weight float32 [16,12]', 'fc.bias float32 [16]']
 * ```
 */
export async function readPytorch(input: ModelInput, options: ZipReaderOptions = {}): Promise<LoadedModel> {
  const file = options.name ?? 'model.pt';
  const limits = resolveLimits(options);
  const bytes = await inputBytes(input, file);
  return guardReaderAsync(file, 'reading PyTorch checkpoint', async () => {
    const entries = readZipDirectory(bytes, file, limits);
    return readPytorchEntries(bytes, entries, file, options, limits);
  });
}

/** Reads a PyTorch checkpoint from an already-validated zip directory. */
export async function readPytorchEntries(bytes: Uint8Array, entries: ZipEntry[], file: string, options: ZipReaderOptions, limits: ResolvedLimits, shard?: string): Promise<LoadedModel> {
  const where = shard ?? file;
  const pkl = entries.filter((e) => e.name === 'data.pkl' || /^[^/]+\/data\.pkl$/.test(e.name));
  if (pkl.length !== 1) throw readerError('E_MALFORMED', where, `a PyTorch checkpoint holds exactly one <root>/data.pkl; this archive has ${pkl.length}`);
  const root = pkl[0]!.name.slice(0, pkl[0]!.name.length - 'data.pkl'.length);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const inflate = options.inflate ?? 'auto';
  const pickleBytes = await zipEntryBytes(bytes, pkl[0]!, where, limits, inflate);
  let littleEndian = true;
  const byteorder = byName.get(`${root}byteorder`);
  if (byteorder) {
    const order = new TextDecoder().decode(await zipEntryBytes(bytes, byteorder, where, limits, inflate)).trim();
    if (order !== 'little' && order !== 'big') throw readerError('E_MALFORMED', where, `${root}byteorder says '${order.slice(0, 20)}', expected 'little' or 'big'`);
    littleEndian = order === 'little';
  }
  const value = unpickle(pickleBytes, where, pkl[0]!.name, { maxOperations: limits.maxPickleOperations, maxMemo: limits.maxPickleMemo });

  // Unwrap {'state_dict': …}; flatten nested dicts/lists into dotted names.
  let top = value;
  if (top instanceof PickleDict && top.map.get('state_dict') instanceof PickleDict) top = top.map.get('state_dict');
  const found: { name: string; tensor: PickleTensor }[] = [];
  const visiting = new Set<unknown>();
  const walk = (v: unknown, prefix: string, depth: number): void => {
    if (v instanceof PickleTensor) { found.push({ name: prefix || 'tensor', tensor: v }); return; }
    if (!(v instanceof PickleDict || v instanceof PickleTuple || Array.isArray(v))) return;
    if (depth > limits.maxDepth) throw readerError('E_LIMIT', where, `the checkpoint nests containers deeper than maxDepth = ${limits.maxDepth}`);
    if (visiting.has(v)) return; // a cycle built through the memo
    visiting.add(v);
    const join = (k: unknown) => (prefix ? `${prefix}.${String(k)}` : String(k));
    if (v instanceof PickleDict) {
      for (const [k, x] of v.map) if (typeof k === 'string' || typeof k === 'number') walk(x, join(k), depth + 1);
    } else {
      const items = v instanceof PickleTuple ? v.items : v;
      items.forEach((x, k) => walk(x, join(k), depth + 1));
    }
    visiting.delete(v);
  };
  walk(top, '', 0);

  const tensors: TensorInfo[] = [];
  const skipped: SkippedTensor[] = [];
  const storageBytes = new Map<string, Promise<Uint8Array>>();
  const bySignature = new Map<string, TensorInfo>();
  const seenNames = new Set<string>();
  for (const { name, tensor } of found) {
    if (seenNames.has(name)) throw readerError('E_MALFORMED', where, `tensor name '${name}' occurs twice`, { tensor: name });
    seenNames.add(name);
    const { storage, offset, size, stride } = tensor;
    const dtype = storageDTypes[storage.storageType];
    if (!dtype) {
      skipped.push({ name, reason: `unsupported-dtype:${storage.storageType}`, shape: size, dtype: storage.storageType });
      continue;
    }
    const count = checkedElementCount(size, where, name, limits);
    if (size.length !== stride.length) throw readerError('E_MALFORMED', where, `tensor '${name}' has ${size.length} sizes but ${stride.length} strides`, { tensor: name });
    const itemSize = dtypeByteSize(dtype);
    // The storage entry must hold numel elements of the dtype (UntypedStorage: numel bytes).
    const entryName = `${root}data/${storage.key}`;
    const entry = byName.get(entryName);
    if (!entry) throw readerError('E_MALFORMED', where, `tensor '${name}' refers to storage '${storage.key}', but ${entryName} is not in the archive`, { tensor: name });
    // numel counts elements of the storage's dtype (bytes for UntypedStorage, whose dtype is uint8 here).
    const storageElements = storage.numel;
    const storageByteCount = storage.numel * itemSize;
    if (entry.uncompressedSize !== storageByteCount) {
      throw readerError('E_BAD_SPAN', where, `storage '${storage.key}' of tensor '${name}' declares ${storage.numel} ${storage.storageType} elements (${storageByteCount} bytes), its entry holds ${entry.uncompressedSize}`, { tensor: name, expectedBytes: storageByteCount, actualBytes: entry.uncompressedSize });
    }
    // Every strided index must lie inside the storage: offset + Σ (size_i − 1)·stride_i < numel.
    let last = offset;
    if (offset < 0) throw readerError('E_BAD_SPAN', where, `tensor '${name}' has a negative storage offset ${offset}`, { tensor: name });
    if (count > 0) {
      for (let k = 0; k < size.length; k++) {
        if (stride[k]! < 0) throw readerError('E_BAD_SPAN', where, `tensor '${name}' has a negative stride ${stride[k]}`, { tensor: name });
        last += (size[k]! - 1) * stride[k]!;
        if (!Number.isSafeInteger(last)) throw readerError('E_BAD_SPAN', where, `tensor '${name}': strides overflow`, { tensor: name });
      }
      if (last >= storageElements) {
        throw readerError('E_BAD_SPAN', where, `tensor '${name}' (offset ${offset}, size [${size.join(', ')}], stride [${stride.join(', ')}]) reaches element ${last} of a storage of ${storageElements}`, { tensor: name, expectedBytes: (last + 1) * itemSize, actualBytes: storageByteCount });
      }
    }
    checkTensorBytes(count * itemSize, where, name, limits);
    const signature = `${storage.key}|${offset}|${size.join(',')}|${stride.join(',')}|${storage.storageType}`;
    const tied = bySignature.get(signature);
    if (tied) {
      (tied.aliases ??= []).push(name);
      continue;
    }
    // Storage bytes: a view for stored entries (the CRC is checked on first read), inflated now otherwise.
    if (!storageBytes.has(entryName)) storageBytes.set(entryName, zipEntryBytes(bytes, entry, where, limits, inflate, entry.method !== 0));
    const data = await storageBytes.get(entryName)!;
    let crcChecked = entry.method !== 0;
    const origin: TensorInfo['origin'] = { file, layout: 'pytorch' };
    if (shard) origin.shard = shard;
    const info: TensorInfo = {
      name,
      dtype,
      shape: [...size],
      origin,
      read() {
        if (!crcChecked) {
          if (crc32(data) !== entry.crc32) throw readerError('E_MALFORMED', where, `storage '${storage.key}' of tensor '${name}' fails its CRC-32 check (the bytes are corrupt)`, { tensor: name });
          crcChecked = true;
        }
        return gather(data, dtype, littleEndian, offset, size, stride, count, last);
      },
    };
    bySignature.set(signature, info);
    tensors.push(info);
  }
  if (tensors.length === 0) {
    if (skipped.length > 0) throw readerError('E_UNSUPPORTED_DTYPE', where, `no tensor has a dtype spectra reads (${skipped.map((s) => `${s.name}: ${s.reason}`).join(', ')})`);
    throw readerError('E_MALFORMED', where, 'the checkpoint holds no tensors');
  }
  const metadata: Record<string, string> = {};
  const version = byName.get(`${root}version`) ?? byName.get(`${root}.data/version`);
  if (version && version.uncompressedSize < 64) metadata.version = new TextDecoder().decode(await zipEntryBytes(bytes, version, where, limits, inflate)).trim();
  return { format: 'pytorch', source: file, tensors, skipped, metadata, warnings: [] };
}

/** Decodes a strided view of a storage into row-major order. */
function gather(data: Uint8Array, dtype: TensorDType, littleEndian: boolean, offset: number, size: number[], stride: number[], count: number, last: number): Float64Array {
  const itemSize = dtypeByteSize(dtype);
  const rank = size.length;
  // Contiguous (row-major) views decode in one span.
  let contiguous = true;
  let expect = 1;
  for (let k = rank - 1; k >= 0; k--) {
    if (size[k]! !== 1 && stride[k] !== expect) contiguous = false;
    expect *= size[k]!;
  }
  if (count === 0) return new Float64Array(0);
  if (contiguous) {
    const out = new Float64Array(count);
    decodeInto(out, 0, data, offset * itemSize, count, dtype, littleEndian);
    return out;
  }
  const span = last - offset + 1;
  const values = new Float64Array(span);
  decodeInto(values, 0, data, offset * itemSize, span, dtype, littleEndian);
  const out = new Float64Array(count);
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let dst = 0; dst < count; dst++) {
    out[dst] = values[src]!;
    for (let k = rank - 1; k >= 0; k--) {
      index[k]!++;
      src += stride[k]!;
      if (index[k]! < size[k]!) break;
      src -= stride[k]! * size[k]!;
      index[k] = 0;
    }
  }
  return out;
}

/**
 * Reads a sharded PyTorch model from `pytorch_model.bin.index.json`; shards come through
 * `options.resolver`, and every tensor must be in the shard the index names.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { readShardedPytorch } from '@spectra/weights';
 * const dir = 'packages/weights/test/fixtures/';
 * const index = await readFile(dir + 'pytorch_model.bin.index.json');
 * const model = await readShardedPytorch(index, { name: 'pytorch_model.bin.index.json', resolver: (p) => readFile(dir + p) });
 * model.tensors.map((t) => t.origin.shard); // ['pytorch_model-00001-of-00002.bin', 'pytorch_model-00001-of-00002.bin', 'pytorch_model-00002-of-00002.bin']
 * ```
 */
export async function readShardedPytorch(input: ModelInput, options: ZipReaderOptions = {}): Promise<LoadedModel> {
  const file = options.name ?? 'pytorch_model.bin.index.json';
  const limits = resolveLimits(options);
  const bytes = await inputBytes(input, file);
  return guardReaderAsync(file, 'reading a sharded PyTorch model', async () => {
    const { weightMap, metadata } = parseShardIndex(bytes, file, limits);
    const dir = dirnameOf(file);
    const tensors: TensorInfo[] = [];
    const skipped: SkippedTensor[] = [];
    const warnings: string[] = [];
    const found = new Map<string, string>();
    for (const shard of [...new Set(weightMap.values())]) {
      const shardBytes = await resolveCompanion(options.resolver, dir + shard, file, `shard '${shard}'`, options.signal);
      const entries = readZipDirectory(shardBytes, shard, limits);
      const m = await readPytorchEntries(shardBytes, entries, file, options, limits, shard);
      for (const t of [...m.tensors, ...m.skipped, ...m.tensors.flatMap((x) => (x.aliases ?? []).map((name) => ({ name })))]) {
        const previous = found.get(t.name);
        if (previous !== undefined) throw readerError('E_MALFORMED', file, `tensor '${t.name}' appears in both '${previous}' and '${shard}'`, { tensor: t.name });
        found.set(t.name, shard);
        const mapped = weightMap.get(t.name);
        if (mapped === undefined) warnings.push(`${file}: shard '${shard}' holds '${t.name}', which the index does not list`);
        else if (mapped !== shard) throw readerError('E_MALFORMED', file, `the index puts '${t.name}' in '${mapped}' but it is in '${shard}'`, { tensor: t.name });
      }
      tensors.push(...m.tensors);
      skipped.push(...m.skipped);
    }
    for (const [name, shard] of weightMap) {
      if (!found.has(name)) throw readerError('E_MALFORMED', file, `the index puts '${name}' in '${shard}', which does not hold it`, { tensor: name });
    }
    return { format: 'pytorch', source: file, tensors, skipped, metadata, warnings };
  });
}

