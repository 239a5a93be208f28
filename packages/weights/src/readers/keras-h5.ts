// Keras `.h5` (HDF5) through an optional peer dependency loaded lazily (specs/weights.md §13.7):
// `jsfive` (pure JS). spectra ships no HDF5 parser of its own; without the peer the reader answers
// `E_MISSING_OPTIONAL_DEPENDENCY`, naming the package to install.
import type { LoadedModel, SkippedTensor, TensorInfo } from '../types.js';
import { inputBytes, type ModelInput } from './input.js';
import { checkedElementCount, resolveLimits } from './limits.js';
import { npyDescrToDType } from './npy.js';
import { guardReaderAsync, readerError } from './reader-errors.js';
import type { ReaderOptions } from './reader-options.js';

/** The 8-byte HDF5 signature. */
export const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** The subset of jsfive's API this reader uses. */
interface H5Node {
  keys?: string[];
  get(path: string): H5Node | undefined;
  shape?: number[];
  dtype?: string;
  value?: ArrayLike<number>;
  attrs?: Record<string, unknown>;
}
interface JsfiveModule {
  File: new (buffer: ArrayBuffer, name: string) => H5Node;
}

/** Options of the `.h5` reader: the `jsfive` module may be passed in (bundlers, browsers). */
export interface KerasH5Options extends ReaderOptions {
  /** The `jsfive` module itself (`import * as jsfive from 'jsfive'`), instead of a dynamic import of the peer. */
  jsfive?: unknown;
}

async function loadJsfive(file: string, given: unknown): Promise<JsfiveModule> {
  if (given) return given as JsfiveModule;
  const specifier = 'jsfive';
  try {
    const m = (await import(/* @vite-ignore */ specifier)) as { default?: JsfiveModule } & JsfiveModule;
    return m.File ? m : (m.default as JsfiveModule);
  } catch {
    throw readerError('E_MISSING_OPTIONAL_DEPENDENCY', file, "reading Keras .h5 files needs the optional peer dependency 'jsfive' (npm install jsfive), or pass it as the option { jsfive }", { dependency: 'jsfive' });
  }
}

/**
 * Reads the weights of a Keras `.h5` model (`model_weights/<layer>/<layer>/kernel:0` datasets,
 * layer classes from the `model_config` attribute) through the optional peer `jsfive`.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { readKerasH5 } from '@spectra/weights';
 * const bytes = await readFile('packages/weights/test/fixtures/keras_dense.h5'); // written by h5py
 * await readKerasH5(bytes, { name: 'keras_dense.h5' }); // without jsfive installed: throws SpectraError E_MISSING_OPTIONAL_DEPENDENCY
 * ```
 */
export async function readKerasH5(input: ModelInput, options: KerasH5Options = {}): Promise<LoadedModel> {
  const file = options.name ?? 'model.h5';
  const limits = resolveLimits(options);
  const bytes = await inputBytes(input, file);
  for (let k = 0; k < HDF5_MAGIC.length; k++) {
    if (bytes[k] !== HDF5_MAGIC[k]) throw readerError('E_UNKNOWN_FORMAT', file, 'not an HDF5 file (the signature \\x89HDF is missing)');
  }
  const jsfive = await loadJsfive(file, options.jsfive);
  return guardReaderAsync(file, 'reading Keras .h5', async () => {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const h5 = new jsfive.File(buffer, file);
    const weights = h5.get('model_weights') ?? h5;
    const tensors: TensorInfo[] = [];
    const skipped: SkippedTensor[] = [];
    const layerClasses: Record<string, string> = {};
    const config = h5.attrs?.model_config;
    if (typeof config === 'string') {
      try {
        const parsed = JSON.parse(config) as { config?: { layers?: { class_name?: string; config?: { name?: string } }[] } };
        for (const l of parsed.config?.layers ?? []) if (l.config?.name && l.class_name) layerClasses[l.config.name] = l.class_name;
      } catch {
        // A model_config that is not JSON leaves the classes unknown; the weights still load.
      }
    }
    const visit = (node: H5Node, path: string, depth: number) => {
      if (depth > limits.maxDepth) throw readerError('E_LIMIT', file, `HDF5 groups nest deeper than maxDepth = ${limits.maxDepth}`);
      if (node.shape && node.dtype !== undefined) {
        const name = path.replace(/:\d+$/, '');
        const known = typeof node.dtype === 'string' ? npyDescrToDType(node.dtype) : undefined;
        if (!known) { skipped.push({ name, reason: `unsupported-dtype:${String(node.dtype)}`, shape: node.shape }); return; }
        checkedElementCount(node.shape, file, name, limits);
        const layer = name.split('/')[0]!;
        const role = layerClasses[layer];
        const slot = name.split('/').pop()!;
        tensors.push({
          name, dtype: known.dtype, shape: [...node.shape],
          origin: { file, layout: 'tensorflow', ...(role ? { role, slot } : {}) },
          read: () => Float64Array.from(node.value ?? []),
        });
        return;
      }
      for (const key of node.keys ?? []) {
        const child = node.get(key);
        if (child) visit(child, path ? `${path}/${key}` : key, depth + 1);
      }
    };
    visit(weights, '', 0);
    const model: LoadedModel = { format: 'keras-h5', source: file, tensors, skipped, metadata: {}, warnings: [] };
    if (Object.keys(layerClasses).length) model.layerClasses = layerClasses;
    return model;
  });
}
