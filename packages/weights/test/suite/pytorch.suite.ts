// PyTorch zip checkpoints written by torch 1.13 (generate-fixtures.py) against torch's own values,
// plus hand-built pickles for the interpreter's limits. Nothing in a pickle is ever executed.
import { assert, assertEqual, defineSuite } from '@spectra/testkit';
import { extractLayers, loadModel, readPytorch, writeZip } from '../../src/index.js';
import { fixtures as source, resolverFor } from './fixture-source.js';
import { assertStats, encoder, expectCode, expectations } from './helpers.js';

/** A torch-style zip: `archive/data.pkl` plus storages under `archive/data/<key>`. */
export function torchZip(pickle: Uint8Array, storages: Record<string, Uint8Array> = {}): Uint8Array {
  return writeZip([
    { name: 'archive/data.pkl', data: pickle },
    ...Object.entries(storages).map(([k, data]) => ({ name: `archive/data/${k}`, data })),
    { name: 'archive/version', data: encoder.encode('3\n') },
  ]);
}

/** Pickle bytes from opcodes given as numbers and latin1 strings. */
export function pickle(...parts: (number | string | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else if (typeof p === 'string') for (const c of p) out.push(c.charCodeAt(0));
    else out.push(...p);
  }
  return Uint8Array.from(out);
}

/** {'w': _rebuild_tensor_v2(storage('0', FloatStorage, numel), offset, size, stride, False, OrderedDict())}. */
export function tensorPickle(numel: number, offset: number, size: number[], stride: number[]): Uint8Array {
  const tuple = (xs: number[]) => ['(', ...xs.map((x) => ['J', ...i32(x)]).flat(), 't'] as (string | number)[];
  return pickle(0x80, 2, '}', 'X', ...u32(1), 'w',
    'ctorch._utils\n_rebuild_tensor_v2\n',
    '(', '(', 'X', ...u32(7), 'storage', 'ctorch\nFloatStorage\n', 'X', ...u32(1), '0', 'X', ...u32(3), 'cpu', 'J', ...i32(numel), 't', 'Q',
    'J', ...i32(offset), ...tuple(size), ...tuple(stride), 0x89, 'ccollections\nOrderedDict\n', ')', 'R', 't', 'R',
    's', '.');
}

function u32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}
const i32 = u32;

export default defineSuite('weights: PyTorch checkpoints', (test) => {
  test('torch.save state_dict: every tensor equals torch\'s values (strides, offsets, fp16, bf16, fp64)', async () => {
    const exp = (await expectations(source)).fixtures.torch_state_dict!;
    const m = await loadModel(await source.bytes('fixtures/torch_state_dict.pt'), { name: 'torch_state_dict.pt' });
    assertEqual(m.format, 'pytorch');
    const seen = new Set<string>();
    for (const t of m.tensors) {
      assertStats(t.read(), t.shape, exp.tensors[t.name]!, t.name);
      seen.add(t.name);
      for (const a of t.aliases ?? []) seen.add(a);
      assertEqual(t.origin.layout, 'pytorch');
    }
    assertEqual([...seen].sort().join(), Object.keys(exp.tensors).sort().join(), 'every state_dict entry is read once (or as an alias)');
    const byName = Object.fromEntries(m.tensors.map((t) => [t.name, t]));
    assertEqual(byName.half_weight!.dtype, 'float16');
    assertEqual(byName.bf16_weight!.dtype, 'bfloat16');
    assertEqual(byName.double_weight!.dtype, 'float64');
    assertEqual(byName['norm.num_batches_tracked']!.dtype, 'int64');
    // Tied embedding / lm_head: one tensor with an alias.
    assertEqual(JSON.stringify(byName['embed.weight']!.aliases), JSON.stringify(['head.weight']));
    assert(!byName['head.weight'], 'the tied twin is not listed separately');
  }, { perVariant: false });

  test('checkpoint dict unwrapped, shards via pytorch_model.bin.index.json, big-endian storages', async () => {
    const exp = (await expectations(source)).fixtures;
    const ck = await loadModel(await source.bytes('fixtures/torch_checkpoint.pt'), { name: 'torch_checkpoint.pt' });
    assertEqual(ck.tensors.map((t) => t.name).join(), 'fc.weight,fc.bias');
    for (const t of ck.tensors) assertStats(t.read(), t.shape, exp.torch_checkpoint!.tensors[t.name]!, `checkpoint ${t.name}`);
    const sharded = await loadModel(await source.bytes('fixtures/pytorch_model.bin.index.json'), { name: 'pytorch_model.bin.index.json', resolver: resolverFor(source, 'fixtures/') });
    assertEqual(sharded.format, 'pytorch');
    assertEqual(sharded.tensors.map((t) => `${t.name}@${t.origin.shard}`).join(), 'fc.weight@pytorch_model-00001-of-00002.bin,fc.bias@pytorch_model-00001-of-00002.bin,conv.weight@pytorch_model-00002-of-00002.bin');
    for (const t of sharded.tensors) assertStats(t.read(), t.shape, exp.shared!.tensors[t.name]!, `shard ${t.name}`);
    const be = await loadModel(await source.bytes('fixtures/torch_big_endian.pt'), { name: 'torch_big_endian.pt' });
    assertStats(be.tensors[0]!.read(), be.tensors[0]!.shape, exp.shared!.tensors['fc.weight']!, 'big-endian storage');
  }, { perVariant: false });

  test('refused: legacy format, pickled modules, os.system, strides past the storage', async () => {
    await expectCode(async () => loadModel(await source.bytes('fixtures/torch_legacy.pt'), { name: 'torch_legacy.pt' }), 'E_UNSUPPORTED_FORMAT', ['torch_legacy.pt', 'legacy']);
    await expectCode(async () => loadModel(await source.bytes('fixtures/torch_module.pt'), { name: 'torch_module.pt' }), 'E_UNSAFE_PICKLE', ['torch_module.pt', 'torch.nn.modules.container.Sequential']);
    await expectCode(async () => loadModel(await source.bytes('fixtures/torch_malicious.pt'), { name: 'torch_malicious.pt' }), 'E_UNSAFE_PICKLE', ['posix.system', 'nothing was executed']);
    await expectCode(async () => loadModel(await source.bytes('fixtures/torch_bad_stride.pt'), { name: 'torch_bad_stride.pt' }), 'E_BAD_SPAN', ["'w'", 'storage of 16']);
  }, { perVariant: false });

  test('hand-built pickles: strided views, allowlist, caps, malformed streams', async () => {
    const storage = new Uint8Array(new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).buffer);
    // A transposed 3×4 view of a 4×3 storage, offset 0: element (i, j) = storage[j·3 + i].
    const t = await readPytorch(torchZip(tensorPickle(12, 0, [3, 4], [1, 3]), { 0: storage }), { name: 'v.pt' });
    assertEqual(JSON.stringify([...t.tensors[0]!.read()]), JSON.stringify([0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11]));
    const o = await readPytorch(torchZip(tensorPickle(12, 5, [2, 2], [3, 1]), { 0: storage }), { name: 'v.pt' });
    assertEqual(JSON.stringify([...o.tensors[0]!.read()]), '[5,6,8,9]');
    await expectCode(() => readPytorch(torchZip(tensorPickle(12, 9, [2, 2], [3, 1]), { 0: storage }), { name: 'v.pt' }), 'E_BAD_SPAN', ["'w'"], 'offset + strides past the end');
    await expectCode(() => readPytorch(torchZip(tensorPickle(13, 0, [2, 2], [2, 1]), { 0: storage }), { name: 'v.pt' }), 'E_BAD_SPAN', ['13'], 'numel disagrees with the entry size');
    await expectCode(() => readPytorch(torchZip(tensorPickle(12, 0, [2, 2], [2, 1]), {}), { name: 'v.pt' }), 'E_MALFORMED', ['archive/data/0'], 'missing storage entry');
    await expectCode(() => readPytorch(torchZip(tensorPickle(12, 0, [2, 2], [-1, 1]), { 0: storage }), { name: 'v.pt' }), 'E_BAD_SPAN', ['negative stride']);
    const global = (m: string, n: string) => torchZip(pickle(0x80, 2, `c${m}\n${n}\n`, ')', 'R', '.'));
    for (const [m, n] of [['builtins', 'eval'], ['numpy.core.multiarray', '_reconstruct'], ['torch._utils', '_rebuild_qtensor'], ['__builtin__', 'getattr']]) {
      await expectCode(() => readPytorch(global(m!, n!), { name: 'g.pt' }), 'E_UNSAFE_PICKLE', [`${m}.${n}`]);
    }
    await expectCode(() => readPytorch(torchZip(pickle(0x80, 2, 'X', ...u32(3), 'abc', 'X', ...u32(3), 'def', 0x93, '.')), { name: 'g.pt' }), 'E_UNSAFE_PICKLE', ['abc.def'], 'STACK_GLOBAL');
    await expectCode(() => readPytorch(torchZip(pickle(0x80, 2, 0x81, '.')), { name: 'g.pt' }), 'E_UNSAFE_PICKLE', ['NEWOBJ']);
    await expectCode(() => readPytorch(torchZip(pickle(0x80, 2, 0xff, '.')), { name: 'g.pt' }), 'E_MALFORMED', ['0xff']);
    await expectCode(() => readPytorch(torchZip(pickle(0x80, 2, 'X', ...u32(1000), 'abc')), { name: 'g.pt' }), 'E_TRUNCATED', ['data.pkl']);
    await expectCode(() => readPytorch(torchZip(pickle(0x80, 2, '0', '.')), { name: 'g.pt' }), 'E_MALFORMED', [], 'unknown opcode POP');
    await expectCode(() => readPytorch(torchZip(pickle(0x80, 2, 'h', 5, '.')), { name: 'g.pt' }), 'E_MALFORMED', ['memo']);
    await expectCode(() => readPytorch(torchZip(pickle(0x80, 2, 's', '.')), { name: 'g.pt' }), 'E_MALFORMED', ['underflow']);
    // Caps: a loop of MEMOIZE beyond maxPickleMemo, and more opcodes than maxPickleOperations.
    const memo = pickle(0x80, 2, 'N', ...Array.from({ length: 200 }, () => 0x94), '.');
    await expectCode(() => readPytorch(torchZip(memo), { name: 'g.pt', maxPickleMemo: 100 }), 'E_LIMIT', ['maxPickleMemo = 100']);
    await expectCode(() => readPytorch(torchZip(memo), { name: 'g.pt', maxPickleOperations: 50 }), 'E_LIMIT', ['maxPickleOperations = 50']);
    // A list that contains itself (built through the memo) is walked once, not forever.
    const cyclic = pickle(0x80, 2, ']', 'q', 0, 'h', 0, 'a', '.');
    await expectCode(() => readPytorch(torchZip(cyclic), { name: 'g.pt' }), 'E_MALFORMED', ['no tensors']);
  }, { perVariant: false });

  test('extraction of a real nn.Module state_dict: kinds, gates, attention split, depthwise, ties', async () => {
    const m = await loadModel(await source.bytes('fixtures/torch_state_dict.pt'), { name: 'torch_state_dict.pt' });
    const { layers, skipped } = extractLayers(m, { minEvals: 0 });
    const kind = Object.fromEntries(layers.map((l) => [l.name, l.kind]));
    assertEqual(kind['fc.weight'], 'dense');
    assertEqual(kind['conv.weight'], 'conv2d');
    assertEqual(kind['conv1d.weight'], 'conv1d');
    assertEqual(kind['embed.weight'], 'embedding');
    assertEqual(kind['attn.in_proj_weight.q'], 'attention');
    for (const g of ['i', 'f', 'g', 'o']) assertEqual(kind[`lstm.weight_ih_l0_reverse.gate_${g}`], 'recurrent', `LSTM reverse gate ${g}`);
    for (const g of ['r', 'z', 'n']) assertEqual(kind[`gru.weight_hh_l0.gate_${g}`], 'recurrent', `GRU gate ${g}`);
    assertEqual(layers.find((l) => l.name === 'embed.weight')!.aliases!.join(), 'head.weight');
    assertEqual(skipped.find((s) => s.name === 'depthwise.weight')!.reason, 'depthwise');
    assertEqual(skipped.find((s) => s.name === 'norm.num_batches_tracked')!.reason, 'not-a-matrix');
    // PyTorch gate g of weight_ih_l0 = rows [2H, 3H) (H = 6): the same numbers as the tensor's rows.
    const full = m.tensors.find((t) => t.name === 'lstm.weight_ih_l0')!.read();
    const g = layers.find((l) => l.name === 'lstm.weight_ih_l0.gate_g')!.slices()[0]!;
    assertEqual(`${g.rows}x${g.cols}`, '6x5');
    assertEqual(JSON.stringify([...g.data]), JSON.stringify([...full.slice(2 * 6 * 5, 3 * 6 * 5)]));
  }, { perVariant: false });
});
