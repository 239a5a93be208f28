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
 *
 * @example
 * ```ts
 * await isLoraAdapterPath('my-adapter/'); // true when my-adapter/adapter_config.json exists
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
 * Loads `adapter_model.safetensors` and `adapter_config.json` from a directory (or from beside the
 * given adapter file).
 *
 * @example
 * ```ts
 * const { adapter, config } = await loadLoraAdapterFromPath('my-adapter/');
 * const report = await analyzeModel(loraLayers(adapter, config));
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
