// NumPy `.npz`: a zip of `name.npy` members, stored (`numpy.savez`) or deflated
// (`numpy.savez_compressed`) (specs/weights.md §13.3).
import type { LoadedModel, SkippedTensor, TensorInfo } from '../types.js';
import { inputBytes, type ModelInput } from './input.js';
import type { InflateImplementation } from './inflate.js';
import { resolveLimits, type ResolvedLimits } from './limits.js';
import { npyTensor } from './npy.js';
import { guardReaderAsync, readerError } from './reader-errors.js';
import type { ReaderOptions } from './reader-options.js';
import { readZipDirectory, zipEntryBytes, type ZipEntry } from './zip.js';

/** Reader options of the zip-based formats: which inflater to use (default: the runtime's stream). */
export interface ZipReaderOptions extends ReaderOptions {
  /** Which inflater decompresses deflated members (default `'auto'`: the runtime's `DecompressionStream` when present). */
  inflate?: InflateImplementation;
}

/**
 * Reads a NumPy `.npz` archive: one tensor per `name.npy` member, named `name`.
 *
 * @example
 * ```ts
 * import { readNpz, writeNpz } from '@spectra/weights';
 * const bytes = writeNpz({ w: { shape: [2, 2], data: new Float64Array([1, 2, 3, 4]) } });
 * (await readNpz(bytes, { name: 'a.npz' })).tensors.map((t) => t.name); // ['w']
 * ```
 */
export async function readNpz(input: ModelInput, options: ZipReaderOptions = {}): Promise<LoadedModel> {
  const file = options.name ?? 'arrays.npz';
  const limits = resolveLimits(options);
  const bytes = await inputBytes(input, file);
  return guardReaderAsync(file, 'reading .npz', async () => {
    const entries = readZipDirectory(bytes, file, limits);
    return readNpzEntries(bytes, entries, file, limits, options.inflate ?? 'auto');
  });
}

/** Reads the `.npy` members of an already-validated zip directory. */
export async function readNpzEntries(bytes: Uint8Array, entries: ZipEntry[], file: string, limits: ResolvedLimits, inflate: InflateImplementation): Promise<LoadedModel> {
  const tensors: TensorInfo[] = [];
  const skipped: SkippedTensor[] = [];
  const warnings: string[] = [];
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    if (!/\.npy$/i.test(entry.name)) {
      warnings.push(`${file}: member '${entry.name}' is not a .npy array and was ignored`);
      continue;
    }
    const name = entry.name.replace(/\.npy$/i, '');
    const data = await zipEntryBytes(bytes, entry, file, limits, inflate);
    const r = npyTensor(data, file, name, limits, { file, shard: entry.name, layout: 'unknown' });
    warnings.push(...r.warnings);
    if (r.tensor) tensors.push(r.tensor);
    else if (r.skipped) skipped.push({ name, ...r.skipped });
  }
  if (tensors.length === 0) {
    if (skipped.length > 0) throw readerError('E_UNSUPPORTED_DTYPE', file, `no member has a numeric dtype spectra reads (${skipped.map((s) => `${s.name}: ${s.reason}`).join(', ')})`);
    throw readerError('E_MALFORMED', file, 'the .npz archive holds no .npy member');
  }
  return { format: 'npz', source: file, tensors, skipped, metadata: {}, warnings };
}
