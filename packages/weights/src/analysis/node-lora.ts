/// <reference types="node" />
// Reading a PEFT LoRA adapter from disk (exported from `@spectra/weights/node`).
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SpectraError } from '@spectra/core';
import type { LoadedModel } from '../types.js';
import { loadModelFromPath } from '../node.js';
import { parseLoraConfig, type LoraConfig } from './lora.js';

/**
 * True when `path` is a PEFT adapter: a directory with `adapter_config.json`, or a file beside one.
 * Never throws (a missing path is false).
 *
 * @example
 * ```ts
 * import { isLoraAdapterPath } from '@spectra/weights/node';
 * await isLoraAdapterPath('node_modules/@upscalerjs/default-model/models'); // false: no adapter_config.json there
 * await isLoraAdapterPath('no/such/dir');                                  // false
 * ```
 */
export async function isLoraAdapterPath(path: string): Promise<boolean> {
  try {
    const p = resolve(path);
    const dir = (await stat(p)).isDirectory() ? p : dirname(p);
    await stat(join(dir, 'adapter_config.json'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads `adapter_model.safetensors` and `adapter_config.json` from a directory (or the given adapter
 * file and the config beside it). A missing config gives `config: null` (ΔW = B·A unscaled); a
 * missing path is `E_NOT_FOUND`.
 *
 * @example
 * ```ts
 * import { mkdtemp, writeFile } from 'node:fs/promises';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { randomGaussian } from '@spectra/core';
 * import { analyzeModel, loraLayers, writeSafetensors } from '@spectra/weights';
 * import { isLoraAdapterPath, loadLoraAdapterFromPath } from '@spectra/weights/node';
 * const dir = await mkdtemp(join(tmpdir(), 'adapter-'));
 * await writeFile(join(dir, 'adapter_config.json'), '{"r": 4, "lora_alpha": 8}');
 * await writeFile(join(dir, 'adapter_model.safetensors'), writeSafetensors({
 *   'base_model.model.fc.lora_A.weight': { dtype: 'float32', shape: [4, 32], data: Float32Array.from(randomGaussian(4, 32, { seed: 5 }).data) },
 *   'base_model.model.fc.lora_B.weight': { dtype: 'float32', shape: [64, 4], data: Float32Array.from(randomGaussian(64, 4, { seed: 6 }).data) },
 * }));
 * await isLoraAdapterPath(dir); // true
 * const { adapter, config } = await loadLoraAdapterFromPath(dir);
 * config;                       // { r: 4, lora_alpha: 8 }
 * const report = await analyzeModel(loraLayers(adapter, config));
 * report.layers.map((l) => l.name); // ['fc.weight']
 * ```
 */
export async function loadLoraAdapterFromPath(path: string): Promise<{ adapter: LoadedModel; config: LoraConfig | null }> {
  const p = resolve(path);
  let isDir: boolean;
  try {
    isDir = (await stat(p)).isDirectory();
  } catch {
    throw new SpectraError('E_NOT_FOUND', `${path}: no such file or directory`, { file: path });
  }
  const dir = isDir ? p : dirname(p);
  const file = isDir ? join(dir, 'adapter_model.safetensors') : p;
  const adapter = await loadModelFromPath(file);
  let config: LoraConfig | null = null;
  try {
    config = parseLoraConfig(await readFile(join(dir, 'adapter_config.json')));
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
  return { adapter, config };
}
