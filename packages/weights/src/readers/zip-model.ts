// A zip archive is either a NumPy `.npz` or a PyTorch (≥ 1.6) checkpoint; the members decide.
import type { LoadedModel } from '../types.js';
import { inputBytes, type ModelInput } from './input.js';
import { resolveLimits } from './limits.js';
import { readNpzEntries, type ZipReaderOptions } from './npz.js';
import { readPytorchEntries } from './pytorch.js';
import { guardReaderAsync, readerError } from './reader-errors.js';
import { readZipDirectory } from './zip.js';

/**
 * Reads a zip-based model (`.npz` or PyTorch), telling them apart by their members.
 *
 * @example
 * ```ts
 * import { readZipModel, writeNpz } from '@spectra/weights';
 * const model = await readZipModel(writeNpz({ w: { shape: [1], data: new Float64Array([2]) } }));
 * model.format; // 'npz'
 * ```
 */
export async function readZipModel(input: ModelInput, options: ZipReaderOptions = {}, expect?: 'npz' | 'pytorch'): Promise<LoadedModel> {
  const file = options.name ?? 'model.zip';
  const limits = resolveLimits(options);
  const bytes = await inputBytes(input, file);
  return guardReaderAsync(file, 'reading zip archive', async () => {
    const entries = readZipDirectory(bytes, file, limits);
    const isPytorch = entries.some((e) => e.name === 'data.pkl' || e.name.endsWith('/data.pkl'));
    const isNpz = entries.length > 0 && entries.some((e) => /\.npy$/i.test(e.name));
    if (expect === 'pytorch' || (expect === undefined && isPytorch)) {
      if (!isPytorch) throw readerError('E_MALFORMED', file, 'a PyTorch checkpoint must hold a data.pkl member');
      return readPytorchEntries(bytes, entries, file, options, limits);
    }
    if (expect === 'npz' || isNpz) return readNpzEntries(bytes, entries, file, limits, options.inflate ?? 'auto');
    throw readerError('E_UNKNOWN_FORMAT', file, 'a zip archive that is neither a NumPy .npz (name.npy members) nor a PyTorch checkpoint (a data.pkl member)');
  });
}
