/// <reference types="node" />
// `@spectra/weights/node`: the readers on top of `node:fs`. The readers themselves never touch a
// filesystem (they run in browsers); this module supplies file bytes and a resolver for companion
// files that cannot escape the model's directory.
import { readFile, stat, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve, relative, isAbsolute, sep } from 'node:path';
import { SpectraError, isSpectraError } from '@spectra/core';
import type { LoadedModel } from './types.js';
import { loadModel, type LoadModelOptions } from './load-model.js';
import { GiB } from './readers/limits.js';

/** Options of `loadModelFromPath`: `loadModel`'s, minus the resolver (made from the model's directory) and the name (the file's). */
export type LoadModelFromPathOptions = Omit<LoadModelOptions, 'resolver' | 'name'>;

/** The model files a directory may hold, in the order they are preferred. */
const directoryCandidates: ((names: string[]) => string[])[] = [
  (n) => n.filter((x) => x === 'model.safetensors.index.json'),
  (n) => n.filter((x) => x === 'model.safetensors'),
  (n) => n.filter((x) => x === 'pytorch_model.bin.index.json'),
  (n) => n.filter((x) => x === 'pytorch_model.bin'),
  (n) => n.filter((x) => x === 'model.json'),
  (n) => n.filter((x) => x.endsWith('.safetensors.index.json')),
  (n) => n.filter((x) => x.endsWith('.safetensors')),
  (n) => n.filter((x) => x.endsWith('.onnx')),
  (n) => n.filter((x) => /weights_manifest\.json$/.test(x)),
  (n) => n.filter((x) => /\.(pt|pth|bin\.index\.json)$/.test(x)),
  (n) => n.filter((x) => /\.(npz|npy|h5|keras)$/.test(x)),
];

async function readFileTyped(path: string, what: string): Promise<Uint8Array> {
  try {
    const b = await readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    throw new SpectraError(err.code === 'ENOENT' ? 'E_NOT_FOUND' : 'E_ARGUMENT', `${path}: cannot read ${what} (${err.code ?? err.message})`, { file: path });
  }
}

/**
 * Which model file of a directory `loadModelFromPath` would read: shard indexes first, then
 * `model.safetensors`, `pytorch_model.bin`, `model.json`, then a single file of a known kind.
 * Several equally ranked candidates (seven face-api manifests, say) are an `E_ARGUMENT` listing them.
 *
 * @example
 * ```ts
 * import { pickModelFile } from '@spectra/weights/node';
 * pickModelFile('/m', ['config.json', 'model.safetensors', 'tokenizer.json']); // '/m/model.safetensors'
 * ```
 */
export function pickModelFile(directory: string, names: string[]): string {
  for (const pick of directoryCandidates) {
    const found = pick(names).sort();
    if (found.length === 1) return join(directory, found[0]!);
    if (found.length > 1) {
      throw new SpectraError('E_ARGUMENT', `${directory}: holds several model files (${found.join(', ')}); name one of them`, { file: directory, candidates: found });
    }
  }
  throw new SpectraError('E_UNKNOWN_FORMAT', `${directory}: no model file found (looked for *.safetensors, *.index.json, pytorch_model.bin, model.json, *.onnx, *weights_manifest.json, *.pt, *.npz, *.npy, *.h5)`, { file: directory });
}

/**
 * Reads a model from a file or a directory (`pickModelFile` chooses in a directory). Companion
 * files (shards, external data, weight bins) are read from the model's directory and may not
 * leave it (`E_MALFORMED`). The tensor cap is 8 GiB here (specs/weights.md §13.1, Node). A missing
 * path is `E_NOT_FOUND`; reader errors name the full path.
 *
 * @example
 * ```ts
 * import { loadModelFromPath } from '@spectra/weights/node';
 * const model = await loadModelFromPath('node_modules/@upscalerjs/default-model/models/model.json');
 * model.format;         // 'tfjs'
 * model.tensors.length; // 24 (12 conv kernels and their biases)
 * model.source?.endsWith('/node_modules/@upscalerjs/default-model/models/model.json'); // true (the absolute path)
 * ```
 */
export async function loadModelFromPath(fileOrDirectory: string, options: LoadModelFromPathOptions = {}): Promise<LoadedModel> {
  if (typeof fileOrDirectory !== 'string' || fileOrDirectory.length === 0) {
    throw new SpectraError('E_ARGUMENT', 'loadModelFromPath: expected a file or directory path');
  }
  const path = resolve(fileOrDirectory);
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new SpectraError('E_NOT_FOUND', `${fileOrDirectory}: no such file or directory`, { file: fileOrDirectory });
  }
  const file = info.isDirectory() ? pickModelFile(path, await readdir(path)) : path;
  const dir = dirname(file);
  const bytes = await readFileTyped(file, 'the model file');
  const resolver = async (relativePath: string): Promise<Uint8Array> => {
    const target = resolve(dir, relativePath);
    const rel = relative(dir, target);
    if (isAbsolute(relativePath) || rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) {
      throw new SpectraError('E_MALFORMED', `${file}: companion path '${relativePath}' leaves the model's directory`, { file });
    }
    return readFileTyped(target, `the companion file '${relativePath}' of ${basename(file)}`);
  };
  // Names are given relative to the model's directory so companion paths resolve beside it.
  const name = basename(file);
  try {
    const model = await loadModel(bytes, { maxTensorBytes: 8 * GiB, ...options, name, resolver });
    return { ...model, source: file };
  } catch (e) {
    // Readers name the file as they saw it (its base name); say where it is.
    if (isSpectraError(e) && e.message.startsWith(name + ':')) {
      throw new SpectraError(e.code, file + e.message.slice(name.length), { ...(e.details ?? {}), file }, { cause: e });
    }
    throw e;
  }
}

// Analysis worker pool on worker_threads (analysis section).
export { createNodeAnalysisPool } from './analysis/node-worker-pool.js';
export { loadLoraAdapterFromPath, isLoraAdapterPath } from './analysis/node-lora.js';
