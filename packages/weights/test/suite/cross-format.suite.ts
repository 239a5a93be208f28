// Cross-format identity (specs/weights.md §15): the same weights saved by numpy (.npy, .npz), torch
// (.pt), onnx (initializers and If-branch constants) and our safetensors writer decode to identical
// arrays and cut into identical matrices.
import { assertEqual, defineSuite } from '@spectra/testkit';
import { extractLayers, loadModel, writeSafetensors, type LoadedModel } from '../../src/index.js';
import { fixtures as source } from './fixture-source.js';
import { assertSameValues } from './helpers.js';

export default defineSuite('weights: cross-format identity', (test) => {
  test('fc, conv, conv1d and embedding weights: npz = npy = .pt = ONNX = safetensors, tensors and slices', async () => {
    const npz = await loadModel(await source.bytes('fixtures/shared.npz'), { name: 'shared.npz' });
    const npy = await loadModel(await source.bytes('fixtures/shared_fc.npy'), { name: 'shared_fc.npy' });
    const pt = await loadModel(await source.bytes('fixtures/torch_state_dict.pt'), { name: 'torch_state_dict.pt' });
    const onnx = await loadModel(await source.bytes('fixtures/onnx_subgraphs.onnx'), { name: 'onnx_subgraphs.onnx' });
    const st = await loadModel(writeSafetensors(Object.fromEntries(npz.tensors.map((t) => [t.name, { dtype: 'float32' as const, shape: t.shape, data: Float32Array.from(t.read()) }])), { format: 'pt' }), { name: 'shared.safetensors' });
    const get = (m: LoadedModel, name: string) => m.tensors.find((t) => t.name === name)!;
    const pairs: [string, LoadedModel, string][] = [
      ['fc.weight', npy, 'shared_fc'], ['fc.weight', pt, 'fc.weight'], ['fc.weight', onnx, 'gemm_b'], ['fc.weight', st, 'fc.weight'],
      ['conv.weight', pt, 'conv.weight'], ['conv.weight', onnx, 'If_0.then/w_then'], ['conv.weight', st, 'conv.weight'],
      ['conv1d.weight', pt, 'conv1d.weight'], ['conv1d.weight', st, 'conv1d.weight'],
      ['embed.weight', pt, 'embed.weight'], ['fc.bias', pt, 'fc.bias'], ['fc.bias', onnx, 'gemm_c'],
    ];
    for (const [name, other, otherName] of pairs) {
      const a = get(npz, name);
      const b = get(other, otherName);
      assertEqual(a.shape.join(), b.shape.join(), `${name} vs ${other.format} ${otherName}: shape`);
      assertSameValues(a.read(), b.read(), `${name} vs ${other.format} ${otherName}`);
    }
    // The conv kernel cuts into the same nine slices whichever file it came from.
    const slices = (m: LoadedModel, name: string) => extractLayers(m).layers.find((l) => l.tensorName === name)!.slices();
    const ref = slices(npz, 'conv.weight');
    for (const [m, name] of [[pt, 'conv.weight'], [onnx, 'If_0.then/w_then'], [st, 'conv.weight']] as const) {
      const s = slices(m, name);
      assertEqual(s.length, 9);
      s.forEach((x, k) => assertSameValues(x.data, ref[k]!.data, `${m.format} slice ${k}`));
    }
  }, { perVariant: false });
});
