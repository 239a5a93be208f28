// `@spectra/weights/node`: files and directories on disk, companion files kept inside the model's
// directory, and errors that name the full path.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSafetensors } from '../../src/index.js';
import { loadModelFromPath, pickModelFile } from '../../src/node.js';
import { fixturePath } from './fixture-source.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'spectra-weights-'));
}

describe('loadModelFromPath', () => {
  it('reads a sharded safetensors directory through its index, shards resolved beside it', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'model-00001-of-00002.safetensors'), writeSafetensors({ 'layers.0.w': { dtype: 'float32', shape: [2, 2], data: [1, 2, 3, 4] } }));
    writeFileSync(join(dir, 'model-00002-of-00002.safetensors'), writeSafetensors({ 'layers.1.w': { dtype: 'float16', shape: [2], data: [5, 6] } }));
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { 'layers.0.w': 'model-00001-of-00002.safetensors', 'layers.1.w': 'model-00002-of-00002.safetensors' } }));
    writeFileSync(join(dir, 'config.json'), '{}');
    const m = await loadModelFromPath(dir);
    expect(m.format).toBe('safetensors');
    expect(m.source).toBe(join(dir, 'model.safetensors.index.json'));
    expect(m.tensors.map((t) => [t.name, [...t.read()]])).toEqual([['layers.0.w', [1, 2, 3, 4]], ['layers.1.w', [5, 6]]]);
  });

  it('reads the PyTorch shard index and the TF.js model.json of a directory', async () => {
    const dir = tmp();
    for (const f of ['pytorch_model.bin.index.json', 'pytorch_model-00001-of-00002.bin', 'pytorch_model-00002-of-00002.bin']) copyFileSync(fixturePath(`fixtures/${f}`), join(dir, f));
    expect((await loadModelFromPath(dir)).tensors.map((t) => t.name)).toEqual(['fc.weight', 'fc.bias', 'conv.weight']);
    const upscaler = await loadModelFromPath(fixturePath('upscaler/model.json').replace(/model\.json$/, ''));
    expect(upscaler.tensors).toHaveLength(24);
  });

  it('refuses companions outside the model directory, ambiguous directories, and names the full path', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'secret.bin'), new Uint8Array(8));
    writeFileSync(join(dir, 'm', 'model.json'), JSON.stringify([{ paths: ['../secret.bin'], weights: [{ name: 'k', shape: [2], dtype: 'float32' }] }]));
    await expect(loadModelFromPath(join(dir, 'm'))).rejects.toMatchObject({ name: 'SpectraError', code: 'E_MALFORMED', message: expect.stringContaining(join(dir, 'm', 'model.json')) });
    expect(() => pickModelFile('/x', ['a-weights_manifest.json', 'b-weights_manifest.json'])).toThrow(/several model files/);
    expect(() => pickModelFile('/x', ['README.md'])).toThrow(/no model file/);
    await expect(loadModelFromPath(join(dir, 'nope.onnx'))).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, new Uint8Array([1, 2, 3]));
    await expect(loadModelFromPath(bad)).rejects.toMatchObject({ code: 'E_TRUNCATED', message: expect.stringMatching(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `)) });
  });
});
