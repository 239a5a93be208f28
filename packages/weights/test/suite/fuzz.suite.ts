// Fuzzing every reader (specs/weights.md §13.1): seeded truncations at each 1/64 of a valid file,
// random bit flips (half of them in the first 512 bytes, where headers live), and absurd sizes
// written over 32- and 64-bit fields. Every case must end in a valid result (every tensor decodes,
// every layer slices) or a SpectraError; nothing else may escape, and nothing may hang.
import { assert, assertAtLeast, AssertionError, defineSuite } from '@spectra/testkit';
import { rng } from '@spectra/core';
import { extractLayers, loadModel, writeSafetensors, type Resolver } from '../../src/index.js';
import { fixtures as source, resolverFor, type FixtureSource } from './fixture-source.js';

interface Target {
  label: string;
  file: string;
  bytes: Uint8Array;
  /** Which file the mutation applies to: the model itself or one companion. */
  mutate: 'model' | string;
  companions?: Record<string, Uint8Array>;
}

const FLIPS = 300;
const ABSURD = 48;

function mutations(bytes: Uint8Array, seed: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let k = 0; k < 64; k++) out.push(bytes.slice(0, Math.floor((bytes.length * k) / 64)));
  const r = rng(seed);
  for (let k = 0; k < FLIPS; k++) {
    const b = bytes.slice();
    const flips = 1 + r.uniformInt(4);
    for (let f = 0; f < flips; f++) {
      const span = k % 2 === 0 ? Math.min(512, b.length) : b.length;
      const at = r.uniformInt(span);
      b[at]! ^= 1 << r.uniformInt(8);
    }
    out.push(b);
  }
  const absurd = [0xffffffff, 0x7fffffff, 0x80000000, 0x40000000, 1e9, 0];
  for (let k = 0; k < ABSURD; k++) {
    const b = bytes.slice();
    const view = new DataView(b.buffer);
    const span = Math.max(1, Math.min(256, b.length) - 8);
    const at = r.uniformInt(span);
    if (at + 8 <= b.length && k % 3 === 0) view.setBigUint64(at, k % 2 ? 0xffffffffffffffffn : 1n << 40n, true);
    else if (at + 4 <= b.length) view.setUint32(at, absurd[k % absurd.length]!, true);
    out.push(b);
  }
  return out;
}

/** Loads, decodes every tensor and slices every layer; returns 'ok', a SpectraError code, or throws. */
async function exercise(bytes: Uint8Array, file: string, resolver: Resolver | undefined): Promise<string> {
  try {
    const model = await loadModel(bytes, { name: file, resolver, maxTensorBytes: 1 << 26 });
    for (const t of model.tensors) t.read();
    for (const l of extractLayers(model, { minEvals: 0, maxEvals: Infinity }).layers) l.slices();
    return 'ok';
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string; stack?: string };
    if (err?.name === 'SpectraError' && typeof err.code === 'string') return err.code;
    throw new AssertionError(`${file}: untyped ${err?.name}: ${err?.message}\n${err?.stack ?? ''}`);
  }
}

async function targets(source: FixtureSource): Promise<Target[]> {
  const b = (name: string) => source.bytes(`fixtures/${name}`);
  const manifest = new TextEncoder().encode(JSON.stringify([{ paths: ['w.bin'], weights: [
    { name: 'dense/kernel', shape: [4, 6], dtype: 'float32' },
    { name: 'q', shape: [8], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.1, min: -1 } },
    { name: 's', shape: [1], dtype: 'string' },
    { name: 'h', shape: [2, 2], dtype: 'float32', quantization: { dtype: 'float16' } },
  ] }]));
  const shard = new Uint8Array(96 + 8 + 4 + 3 + 8);
  shard.set([3, 0, 0, 0, 0x61, 0x62, 0x63], 104);
  const index = await b('pytorch_model.bin.index.json');
  return [
    { label: 'npy', file: 'shared_fc.npy', bytes: await b('shared_fc.npy'), mutate: 'model' },
    { label: 'npy big-endian', file: 'big_endian_f8.npy', bytes: await b('big_endian_f8.npy'), mutate: 'model' },
    { label: 'npz stored', file: 'shared.npz', bytes: await b('shared.npz'), mutate: 'model' },
    { label: 'npz deflated', file: 'shared_compressed.npz', bytes: await b('shared_compressed.npz'), mutate: 'model' },
    { label: 'npz zip64', file: 'shared_zip64.npz', bytes: await b('shared_zip64.npz'), mutate: 'model' },
    { label: 'safetensors', file: 'w.safetensors', bytes: writeSafetensors({ a: { dtype: 'float32', shape: [8, 6], data: new Float32Array(48).fill(0.5) }, b: { dtype: 'bfloat16', shape: [3, 3, 2, 2], data: new Float32Array(36).fill(1) } }, { format: 'pt' }), mutate: 'model' },
    { label: 'tfjs manifest', file: 'weights_manifest.json', bytes: manifest, mutate: 'model', companions: { 'w.bin': shard } },
    { label: 'tfjs shard', file: 'weights_manifest.json', bytes: manifest, mutate: 'w.bin', companions: { 'w.bin': shard } },
    { label: 'pytorch', file: 'torch_checkpoint.pt', bytes: await b('torch_checkpoint.pt'), mutate: 'model' },
    { label: 'pytorch state_dict', file: 'torch_state_dict.pt', bytes: await b('torch_state_dict.pt'), mutate: 'model' },
    { label: 'pytorch shard', file: 'pytorch_model.bin.index.json', bytes: index, mutate: 'pytorch_model-00002-of-00002.bin', companions: { 'pytorch_model-00001-of-00002.bin': await b('pytorch_model-00001-of-00002.bin'), 'pytorch_model-00002-of-00002.bin': await b('pytorch_model-00002-of-00002.bin') } },
    { label: 'onnx subgraphs', file: 'onnx_subgraphs.onnx', bytes: await b('onnx_subgraphs.onnx'), mutate: 'model' },
    { label: 'onnx external', file: 'onnx_external.onnx', bytes: await b('onnx_external.onnx'), mutate: 'onnx_external.bin', companions: { 'onnx_external.bin': await b('onnx_external.bin') } },
    { label: 'onnx torch export', file: 'torch_lstm.onnx', bytes: await b('torch_lstm.onnx'), mutate: 'model' },
  ];
}

export default defineSuite('weights: fuzzing', (test) => {
  test('thousands of seeded truncations, bit flips and absurd sizes: typed errors or valid models only', async () => {
    let cases = 0;
    const outcomes: Record<string, Record<string, number>> = {};
    let seed = 20261125;
    for (const target of await targets(source)) {
      const original = target.mutate === 'model' ? target.bytes : target.companions![target.mutate]!;
      const counts: Record<string, number> = {};
      for (const mutated of mutations(original, seed++)) {
        const companions = { ...target.companions };
        if (target.mutate !== 'model') companions[target.mutate] = mutated;
        const resolver: Resolver = async (p) => {
          const f = companions[p];
          if (!f) throw new Error(`no ${p}`);
          return f;
        };
        const code = await exercise(target.mutate === 'model' ? mutated : target.bytes, target.file, resolver);
        counts[code] = (counts[code] ?? 0) + 1;
        cases++;
      }
      outcomes[target.label] = counts;
      assert((counts.ok ?? 0) > 0 && Object.keys(counts).length > 1, `${target.label}: both valid and rejected cases occur (${JSON.stringify(counts)})`);
    }
    assertAtLeast(cases, 5000, 'fuzz cases');
    // The outcome table is part of the evidence: print it once.
    console.log(`[fuzz] ${cases} cases: ${JSON.stringify(outcomes)}`);
  }, { perVariant: false });

  test('the same targets through the real-model resolver: untouched files load', async () => {
    const m = await loadModel(await source.bytes('fixtures/onnx_external.onnx'), { name: 'onnx_external.onnx', resolver: resolverFor(source, 'fixtures/') });
    assertAtLeast(m.tensors.length, 1, 'tensors');
  }, { perVariant: false });
});
