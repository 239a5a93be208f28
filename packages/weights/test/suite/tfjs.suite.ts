// TF.js model.json / weights manifests built per the format (tfjs-core io_utils: weights back to
// back in manifest order across the concatenated shards; affine uint8/uint16 and float16
// quantisation; u32-length-prefixed strings), and the rules of §13.5.
import { assert, assertEqual, defineSuite } from '@spectra/testkit';
import { extractLayers, loadModel, numberToHalf, readTfjs } from '../../src/index.js';
import { assertSameValues, encoder, expectCode } from './helpers.js';

function json(v: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(v));
}

function resolverOf(files: Record<string, Uint8Array>) {
  return async (p: string) => {
    const f = files[p];
    if (!f) throw new Error(`no such file ${p}`);
    return f;
  };
}

export default defineSuite('weights: TF.js', (test) => {
  test('manifest layout: shards concatenated, quantisation decoded as tfjs does, strings consumed', async () => {
    const kernel = new Float32Array([1, 2, 3, 4, 5, 6]);
    const u8 = new Uint8Array([0, 1, 255, 128]);              // q·0.5 − 1 → -1, -0.5, 126.5, 63
    const u16 = new Uint16Array([0, 1000, 65535]);            // q·0.001 + 2
    const f16 = new Uint16Array([numberToHalf(0.5), numberToHalf(-3)]);
    const strings = new Uint8Array([2, 0, 0, 0, 0x68, 0x69, 0, 0, 0, 0]); // 'hi', ''
    const ints = new Int32Array([7, -8]);
    const all = new Uint8Array(24 + 4 + 6 + 4 + 10 + 8);
    let o = 0;
    for (const part of [new Uint8Array(kernel.buffer), u8, new Uint8Array(u16.buffer), new Uint8Array(f16.buffer), strings, new Uint8Array(ints.buffer)]) { all.set(part, o); o += part.length; }
    // Split the bytes over three shards at awkward places (a tensor spans shard boundaries).
    const files = { 'd/w-1': all.slice(0, 10), 'd/w-2': all.slice(10, 31), 'd/w-3': all.slice(31) };
    const manifest = [{
      paths: ['w-1', 'w-2', 'w-3'],
      weights: [
        { name: 'dense/kernel', shape: [2, 3], dtype: 'float32' },
        { name: 'q8', shape: [4], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
        { name: 'q16', shape: [3], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.001, min: 2 } },
        { name: 'h', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
        { name: 'labels', shape: [2], dtype: 'string' },
        { name: 'ids', shape: [2], dtype: 'int32' },
      ],
    }];
    const m = await loadModel(json(manifest), { name: 'd/x-weights_manifest.json', resolver: resolverOf(files) });
    assertEqual(m.format, 'tfjs');
    const t = Object.fromEntries(m.tensors.map((x) => [x.name, x]));
    assertSameValues(t['dense/kernel']!.read(), [1, 2, 3, 4, 5, 6], 'float32 across shards');
    assertEqual(t['dense/kernel']!.origin.shard, 'w-1');
    assertSameValues(t.q8!.read(), [-1, -0.5, 126.5, 63], 'uint8 affine');
    assertSameValues(t.q16!.read(), [0, 1000, 65535].map((q) => Math.fround(q * 0.001 + 2)), 'uint16 affine in float32 as tfjs');
    assertSameValues(t.h!.read(), [0.5, -3], 'float16');
    assertSameValues(t.ids!.read(), [7, -8], 'int32');
    assertEqual(t.q8!.quantization!.dtype, 'uint8');
    assertEqual(m.skipped[0]!.name, 'labels');
    assertEqual(m.skipped[0]!.reason, 'unsupported-dtype:string');
    assert(m.warnings.some((w) => w.includes('uint8') && w.includes('ESD')), 'uint8 quantisation warns about ESD tails');
  }, { perVariant: false });

  test('bytes consumed must equal the shard bytes; truncation, bad quantisation and companions are typed', async () => {
    const w = [{ name: 'k', shape: [2], dtype: 'float32' }];
    const r = (bytes: number) => resolverOf({ s: new Uint8Array(bytes) });
    assertEqual((await readTfjs(json([{ paths: ['s'], weights: w }]), { name: 'm.json', resolver: r(8) })).tensors.length, 1);
    await expectCode(() => readTfjs(json([{ paths: ['s'], weights: w }]), { name: 'm.json', resolver: r(12) }), 'E_BAD_SPAN', ['m.json', '8', '12']);
    await expectCode(() => readTfjs(json([{ paths: ['s'], weights: w }]), { name: 'm.json', resolver: r(4) }), 'E_TRUNCATED', ['m.json', '8', '4']);
    await expectCode(() => readTfjs(json([{ paths: ['s'], weights: [{ name: 's', shape: [1], dtype: 'string' }] }]), { name: 'm.json', resolver: resolverOf({ s: new Uint8Array([200, 0, 0, 0, 1]) }) }), 'E_TRUNCATED', ["'s'"]);
    await expectCode(() => readTfjs(json([{ paths: ['s'], weights: [{ name: 'k', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8' } }] }]), { name: 'm.json', resolver: r(2) }), 'E_MALFORMED', ["'k'", 'scale']);
    await expectCode(() => readTfjs(json([{ paths: ['s'], weights: [{ name: 'k', shape: [2], dtype: 'float64' }] }]), { name: 'm.json', resolver: r(16) }), 'E_UNSUPPORTED_DTYPE', ["'k'", 'float64']);
    await expectCode(() => readTfjs(json([{ paths: ['../s'], weights: w }]), { name: 'm.json', resolver: r(8) }), 'E_MALFORMED', ['..']);
    await expectCode(() => readTfjs(json([{ paths: ['/etc/passwd'], weights: w }]), { name: 'm.json', resolver: r(8) }), 'E_MALFORMED', ['relative']);
    await expectCode(() => readTfjs(json([{ paths: ['missing'], weights: w }]), { name: 'm.json', resolver: r(8) }), 'E_NOT_FOUND', ['missing']);
    await expectCode(() => readTfjs(json([{ paths: ['s'], weights: [...w, ...w] }]), { name: 'm.json', resolver: r(16) }), 'E_MALFORMED', ["'k' appears twice"]);
    await expectCode(() => readTfjs(json({ modelTopology: {} }), { name: 'm.json' }), 'E_MALFORMED', ['weightsManifest']);
    await expectCode(() => readTfjs(json([{ paths: ['s'], weights: [{ name: 'k', shape: [2 ** 40, 2 ** 40], dtype: 'float32' }] }]), { name: 'm.json', resolver: r(8) }), 'E_LIMIT', ["'k'"]);
  }, { perVariant: false });

  test('layers-model: classes from the topology set roles, gates, groups and depthwise', async () => {
    const H = 3;
    const I = 4;
    const layers = [
      { class_name: 'Conv2D', config: { name: 'conv', groups: 2 } },
      { class_name: 'DepthwiseConv2D', config: { name: 'dw' } },
      { class_name: 'LSTM', config: { name: 'lstm' } },
      { class_name: 'Bidirectional', config: { name: 'bi', layer: { class_name: 'GRU', config: { name: 'gru' } } } },
      { class_name: 'Dense', config: { name: 'dense' } },
    ];
    const weights = [
      { name: 'conv/kernel', shape: [3, 3, 4, 8], dtype: 'float32' },
      { name: 'dw/depthwise_kernel', shape: [3, 3, 8, 1], dtype: 'float32' },
      { name: 'lstm/lstm_cell/kernel', shape: [I, 4 * H], dtype: 'float32' },
      { name: 'lstm/lstm_cell/recurrent_kernel', shape: [H, 4 * H], dtype: 'float32' },
      { name: 'lstm/lstm_cell/bias', shape: [4 * H], dtype: 'float32' },
      { name: 'bi/forward_gru/gru_cell/kernel', shape: [I, 3 * H], dtype: 'float32' },
      { name: 'dense/kernel', shape: [12, 5], dtype: 'float32' },
    ];
    const sizes = weights.map((w) => w.shape.reduce((a, b) => a * b, 1));
    const total = sizes.reduce((a, b) => a + b, 0);
    const values = Float32Array.from({ length: total }, (_, i) => i);
    const model = { format: 'layers-model', generatedBy: 'keras v2.10.0', modelTopology: { model_config: { class_name: 'Functional', config: { layers } } }, weightsManifest: [{ paths: ['w.bin'], weights }] };
    const m = await loadModel(json(model), { name: 'model.json', resolver: resolverOf({ 'w.bin': new Uint8Array(values.buffer) }) });
    assertEqual(m.layerClasses!.bi, 'Bidirectional(GRU)');
    assertEqual(m.metadata.generatedBy, 'keras v2.10.0');
    const { layers: out, skipped } = extractLayers(m, { minEvals: 0 });
    const names = out.map((l) => `${l.name}:${l.kind}`);
    assertEqual(names.join(), [
      'bi/forward_gru/gru_cell/kernel.gate_z:recurrent', 'bi/forward_gru/gru_cell/kernel.gate_r:recurrent', 'bi/forward_gru/gru_cell/kernel.gate_h:recurrent',
      'conv/kernel:conv2d', 'dense/kernel:dense',
      'lstm/lstm_cell/kernel.gate_i:recurrent', 'lstm/lstm_cell/kernel.gate_f:recurrent', 'lstm/lstm_cell/kernel.gate_c:recurrent', 'lstm/lstm_cell/kernel.gate_o:recurrent',
      'lstm/lstm_cell/recurrent_kernel.gate_i:recurrent', 'lstm/lstm_cell/recurrent_kernel.gate_f:recurrent', 'lstm/lstm_cell/recurrent_kernel.gate_c:recurrent', 'lstm/lstm_cell/recurrent_kernel.gate_o:recurrent',
    ].join());
    assert(out.find((l) => l.name === 'conv/kernel')!.grouped === true, 'Conv2D groups: 2 is flagged grouped');
    assertEqual(skipped.find((s) => s.name === 'dw/depthwise_kernel')!.reason, 'depthwise');
    assertEqual(skipped.find((s) => s.name === 'lstm/lstm_cell/bias')!.reason, 'not-a-matrix');
    // Keras gate c of the LSTM kernel = columns [2H, 3H) of the (I, 4H) kernel.
    const gate = out.find((l) => l.name === 'lstm/lstm_cell/kernel.gate_c')!;
    const base = sizes[0]! + sizes[1]!;
    const expected: number[] = [];
    for (let r = 0; r < I; r++) for (let c = 2 * H; c < 3 * H; c++) expected.push(base + r * 4 * H + c);
    assertSameValues(gate.slices()[0]!.data, expected, 'Keras gate c columns');
    assertEqual(`${gate.rows}x${gate.cols}`, `${I}x${H}`);
  }, { perVariant: false });

  test('graph-model: roles from the consuming ops (fused conv/matmul, depthwise, bias inputs)', async () => {
    const graph = {
      node: [
        { name: 'x', op: 'Placeholder' },
        { name: 'conv/w', op: 'Const' },
        { name: 'conv/b', op: 'Const' },
        { name: 'dw/w', op: 'Const' },
        { name: 'fc/w', op: 'Const' },
        { name: 'conv', op: '_FusedConv2D', input: ['x', 'conv/w', 'conv/b'] },
        { name: 'dw', op: 'DepthwiseConv2dNative', input: ['conv', 'dw/w'] },
        { name: 'fc', op: 'MatMul', input: ['dw:0', 'fc/w', '^conv'] },
      ],
    };
    const weights = [
      { name: 'conv/w', shape: [3, 3, 3, 4], dtype: 'float32' },
      { name: 'conv/b', shape: [1, 4], dtype: 'float32' },
      { name: 'dw/w', shape: [3, 3, 4, 1], dtype: 'float32' },
      { name: 'fc/w', shape: [4, 6], dtype: 'float32' },
    ];
    const bytes = 4 * (108 + 4 + 36 + 24);
    const m = await loadModel(json({ format: 'graph-model', modelTopology: graph, weightsManifest: [{ paths: ['g.bin'], weights }] }), { name: 'model.json', resolver: resolverOf({ 'g.bin': new Uint8Array(bytes) }) });
    const role = Object.fromEntries(m.tensors.map((t) => [t.name, `${t.origin.role}/${t.origin.slot}`]));
    assertEqual(JSON.stringify(role), JSON.stringify({ 'conv/w': '_FusedConv2D/1', 'conv/b': '_FusedConv2D/2', 'dw/w': 'DepthwiseConv2dNative/1', 'fc/w': 'MatMul/1' }));
    const e = extractLayers(m, { minEvals: 0 });
    assertEqual(e.layers.map((l) => `${l.name}:${l.kind}:${l.layout}`).join(), 'conv/w:conv2d:tensorflow,fc/w:dense:undefined');
    assertEqual(e.skipped.map((s) => `${s.name}:${s.reason}`).join(), 'conv/b:not-a-matrix,dw/w:depthwise');
  }, { perVariant: false });
});
