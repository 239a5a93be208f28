// Layer extraction (specs/weights.md §2) on synthetic models whose answers follow from the
// definitions: conv slices in both layouts agree entry by entry, split parts tile the stored
// matrix, filters and ids behave as documented.
import { assert, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';
import { compareNatural, extractLayers, loadModel, writeSafetensors, writeNpz, type LoadedModel, type TensorInfo } from '../../src/index.js';
import { assertSameValues } from './helpers.js';

/** An in-memory model of float64 tensors (values k = 0, 1, 2, …). */
function model(tensors: { name: string; shape: number[]; origin?: Partial<TensorInfo['origin']>; aliases?: string[] }[], format: LoadedModel['format'] = 'safetensors'): LoadedModel {
  return {
    format,
    source: 'mem',
    skipped: [],
    metadata: {},
    warnings: [],
    tensors: tensors.map((t) => {
      const n = t.shape.reduce((a, b) => a * b, 1);
      const info: TensorInfo = { name: t.name, dtype: 'float32', shape: t.shape, origin: { file: 'mem', layout: 'unknown', ...t.origin }, read: () => Float64Array.from({ length: n }, (_, k) => k) };
      if (t.aliases) info.aliases = t.aliases;
      return info;
    }),
  };
}

export default defineSuite('weights: layer extraction', (test) => {
  test('conv slices: PyTorch W[:, :, i, j] and TF W[i, j, :, :] of the same kernel are transposes', async () => {
    const [out, inp, kh, kw] = [5, 3, 2, 3];
    const pt = new Float32Array(out * inp * kh * kw);
    const tf = new Float32Array(pt.length);
    for (let o = 0; o < out; o++) for (let c = 0; c < inp; c++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const v = 1000 * o + 100 * c + 10 * i + j;
      pt[((o * inp + c) * kh + i) * kw + j] = v;
      tf[((i * kw + j) * inp + c) * out + o] = v;
    }
    const m = await loadModel(writeSafetensors({ pt: { dtype: 'float32', shape: [out, inp, kh, kw], data: pt } }, { format: 'pt' }), { name: 'a.safetensors' });
    const t = await loadModel(writeSafetensors({ tf: { dtype: 'float32', shape: [kh, kw, inp, out], data: tf } }, { format: 'tf' }), { name: 'b.safetensors' });
    const a = extractLayers(m).layers[0]!;
    const b = extractLayers(t).layers[0]!;
    assertEqual(`${a.kind} ${a.rows}x${a.cols} rf${a.rf} ${a.layout}`, 'conv2d 5x3 rf6 pytorch');
    assertEqual(`${b.kind} ${b.rows}x${b.cols} rf${b.rf} ${b.layout}`, 'conv2d 3x5 rf6 tensorflow');
    const sa = a.slices();
    const sb = b.slices();
    for (let s = 0; s < 6; s++) {
      const i = Math.floor(s / kw);
      const j = s % kw;
      for (let o = 0; o < out; o++) for (let c = 0; c < inp; c++) {
        const v = 1000 * o + 100 * c + 10 * i + j;
        assertEqual(sa[s]!.data[o * inp + c], v, `pt slice ${s} (${o},${c})`);
        assertEqual(sb[s]!.data[c * out + o], v, `tf slice ${s} (${c},${o})`);
      }
    }
    assertEqual(a.N, 5); assertEqual(a.M, 3); assertEqual(a.Q, 5 / 3); assertEqual(a.parameters, 90);
    // Unknown layout (.npz): the pair of dims with the smaller product is spatial.
    const u = await loadModel(writeNpz({ k: { shape: [kh, kw, inp, out], data: tf } }));
    assertEqual(extractLayers(u).layers[0]!.layout, 'tensorflow');
    const v = await loadModel(writeNpz({ k: { shape: [out, inp, kh, kw], data: pt } }));
    assertEqual(extractLayers(v).layers[0]!.layout, 'pytorch');
  }, { perVariant: false });

  test('conv1d in both layouts; fused attention split (in_proj, qkv, c_attn) and fused on request', () => {
    const m = model([
      { name: 'c1.weight', shape: [4, 3, 5], origin: { layout: 'pytorch' } },
      { name: 'k1', shape: [5, 3, 4], origin: { layout: 'tensorflow' } },
      { name: 'attn.in_proj_weight', shape: [12, 4] },
      { name: 'blocks.0.attn.qkv.weight', shape: [12, 4] },
      { name: 'h.0.attn.c_attn.weight', shape: [4, 12] },
      { name: 'gpt_neox.layers.0.attention.query_key_value.weight', shape: [12, 4] },
    ]);
    const { layers } = extractLayers(m, { minEvals: 0 });
    const c1 = layers.find((l) => l.name === 'c1.weight')!;
    assertEqual(`${c1.kind} ${c1.rows}x${c1.cols} rf${c1.rf}`, 'conv1d 4x3 rf5');
    assertSameValues(c1.slices()[2]!.data, [2, 7, 12, 17, 22, 27, 32, 37, 42, 47, 52, 57], 'W[:, :, 2]');
    const k1 = layers.find((l) => l.name === 'k1')!;
    assertSameValues(k1.slices()[1]!.data, Array.from({ length: 12 }, (_, k) => 12 + k), 'W[1]');
    for (const base of ['attn.in_proj_weight', 'blocks.0.attn.qkv.weight']) {
      const parts = ['q', 'k', 'v'].map((p) => layers.find((l) => l.name === `${base}.${p}`)!);
      parts.forEach((p, k) => {
        assertEqual(`${p.kind} ${p.rows}x${p.cols} ${p.part}`, `attention 4x4 ${['q', 'k', 'v'][k]}`);
        assertSameValues(p.slices()[0]!.data, Array.from({ length: 16 }, (_, i) => 16 * k + i), `${base} rows of ${p.part}`);
      });
    }
    const v = layers.find((l) => l.name === 'h.0.attn.c_attn.weight.v')!;
    assertSameValues(v.slices()[0]!.data, [8, 9, 10, 11, 20, 21, 22, 23, 32, 33, 34, 35, 44, 45, 46, 47], 'GPT-2 c_attn V = columns [2d, 3d)');
    const neox = layers.find((l) => l.tensorName === 'gpt_neox.layers.0.attention.query_key_value.weight')!;
    assertEqual(`${neox.name} ${neox.kind} ${neox.rows}x${neox.cols}`, 'gpt_neox.layers.0.attention.query_key_value.weight attention 12x4', 'per-head interleaved QKV stays fused');
    const fused = extractLayers(m, { minEvals: 0, attention: 'fused' }).layers.filter((l) => l.kind === 'attention');
    assertEqual(fused.map((l) => `${l.name} ${l.rows}x${l.cols}`).join(), 'attn.in_proj_weight 12x4,blocks.0.attn.qkv.weight 12x4,gpt_neox.layers.0.attention.query_key_value.weight 12x4,h.0.attn.c_attn.weight 4x12');
    // Compat (WeightWatcher): in_proj skipped, conv1d skipped, qkv and c_attn analysed fused.
    const ww = extractLayers(m, { minEvals: 0, compat: 'weightwatcher' });
    assertEqual(ww.layers.map((l) => l.name).join(), 'blocks.0.attn.qkv.weight,gpt_neox.layers.0.attention.query_key_value.weight,h.0.attn.c_attn.weight');
    assertEqual(ww.skipped.map((s) => `${s.name}:${s.reason}`).sort().join(), 'attn.in_proj_weight:compat:fused-attention,c1.weight:compat:conv1d,k1:compat:conv1d');
  }, { perVariant: false });

  test('recurrent: PyTorch gates from the weight_hh partner, directions, stacked view, compat skip', () => {
    const H = 3;
    const m = model([
      { name: 'rnn.weight_ih_l0', shape: [4 * H, 5] },
      { name: 'rnn.weight_hh_l0', shape: [4 * H, H] },
      { name: 'rnn.weight_ih_l0_reverse', shape: [4 * H, 5] },
      { name: 'rnn.weight_hh_l0_reverse', shape: [4 * H, H] },
      { name: 'gru.weight_ih_l1', shape: [3 * H, H] },
      { name: 'gru.weight_hh_l1', shape: [3 * H, H] },
      { name: 'cell.weight_ih', shape: [4 * H, 5] },
      { name: 'cell.weight_hh', shape: [4 * H, H] },
      { name: 'onnx_W', shape: [2, 4 * H, 5], origin: { role: 'LSTM', slot: 'W', layout: 'pytorch' } },
      { name: 'onnx_B', shape: [2, 8 * H], origin: { role: 'LSTM', slot: 'B', layout: 'pytorch' } },
    ]);
    const { layers, skipped } = extractLayers(m, { minEvals: 0 });
    const names = layers.map((l) => l.name);
    for (const g of ['i', 'f', 'g', 'o']) {
      assert(names.includes(`rnn.weight_ih_l0_reverse.gate_${g}`), `reverse gate ${g}`);
      assert(names.includes(`cell.weight_ih.gate_${g}`), `LSTMCell gate ${g}`);
    }
    for (const g of ['r', 'z', 'n']) assert(names.includes(`gru.weight_ih_l1.gate_${g}`), `GRU gate ${g}`);
    // ONNX [dirs, 4H, I]: direction 1, gate f (ONNX order i, o, f, c → index 2).
    const f1 = layers.find((l) => l.name === 'onnx_W.dir1.gate_f')!;
    assertEqual(`${f1.direction} ${f1.gate} ${f1.rows}x${f1.cols}`, '1 f 3x5');
    assertSameValues(f1.slices()[0]!.data, Array.from({ length: 15 }, (_, k) => 4 * H * 5 + 2 * H * 5 + k), 'dir 1 gate f');
    assertEqual(skipped.find((s) => s.name === 'onnx_B')!.reason, 'not-a-matrix');
    const stacked = extractLayers(m, { minEvals: 0, recurrent: 'stacked' }).layers;
    assertEqual(stacked.filter((l) => l.kind === 'recurrent').map((l) => `${l.name} ${l.rows}x${l.cols}`).join(),
      'cell.weight_hh 12x3,cell.weight_ih 12x5,gru.weight_hh_l1 9x3,gru.weight_ih_l1 9x3,onnx_W.dir0 12x5,onnx_W.dir1 12x5,rnn.weight_hh_l0 12x3,rnn.weight_hh_l0_reverse 12x3,rnn.weight_ih_l0 12x5,rnn.weight_ih_l0_reverse 12x5');
    const ww = extractLayers(m, { minEvals: 0, compat: 'weightwatcher' });
    assertEqual(ww.layers.length, 0);
    assert(ww.skipped.filter((s) => s.reason === 'compat:recurrent').length === 9, 'WeightWatcher skips every recurrent matrix');
  }, { perVariant: false });

  test('kinds, skips and flags: embeddings, biases, ints, depthwise, grouped, ties, quantised', () => {
    const m = model([
      { name: 'wte.weight', shape: [50, 8] },
      { name: 'lm_head.weight', shape: [50, 8] },
      { name: 'fc.bias', shape: [8] },
      { name: 'norm.weight', shape: [8] },
      { name: 'scalar', shape: [] },
      { name: 'row', shape: [1, 8] },
      { name: 'dw', shape: [8, 1, 3, 3], origin: { layout: 'pytorch', role: 'Conv', slot: 'W', groups: 8 } },
      { name: 'grp', shape: [8, 4, 3, 3], origin: { layout: 'pytorch', role: 'Conv', slot: 'W', groups: 2 } },
      { name: 'shape_const', shape: [2, 3], origin: { role: 'Reshape' } },
      { name: 'tied', shape: [6, 6], aliases: ['tied_twin'] },
      { name: 'k5d', shape: [2, 2, 2, 2, 2] },
    ]);
    m.tensors.push({ name: 'ints', dtype: 'int64', shape: [4, 4], origin: { file: 'mem' }, read: () => new Float64Array(16) });
    m.tensors.push({ name: 'q', dtype: 'float32', shape: [4, 4], origin: { file: 'mem' }, quantization: { dtype: 'uint8', scheme: 'affine', scale: 1, min: 0 }, read: () => new Float64Array(16) });
    const { layers, skipped } = extractLayers(m, { minEvals: 0 });
    const kind = Object.fromEntries(layers.map((l) => [l.name, l.kind]));
    assertEqual(kind['wte.weight'], 'embedding');
    assertEqual(kind['lm_head.weight'], 'embedding');
    assertEqual(kind.shape_const, 'dense', '2-D floats are matrices whatever consumes them');
    assertEqual(kind.grp, 'conv2d');
    assert(layers.find((l) => l.name === 'grp')!.grouped === true, 'grouped conv flagged');
    assertEqual(JSON.stringify(layers.find((l) => l.name === 'tied')!.aliases), '["tied_twin"]');
    const q = layers.find((l) => l.name === 'q')!;
    assert(q.quantized && q.warnings.some((w) => w.includes('quantisation changes the tail of the ESD')), 'quantised flagged with the ESD-tail warning');
    const reasons = skipped.map((s) => `${s.name}:${s.reason}`).sort().join();
    assertEqual(reasons, 'dw:depthwise,fc.bias:not-a-matrix,ints:not-a-matrix,k5d:unsupported-rank:5,norm.weight:not-a-matrix,row:not-a-matrix,scalar:not-a-matrix');
  }, { perVariant: false });

  test('order and filters: numeric-aware names, stable ids, min/max evals, names, kinds, regex', () => {
    assertEqual(['layers.10.w', 'layers.2.w', 'layers.1.w', 'a', 'layers.02.w'].sort(compareNatural).join(), 'a,layers.1.w,layers.2.w,layers.02.w,layers.10.w');
    const m = model([
      { name: 'layers.10.fc', shape: [20, 20] },
      { name: 'layers.2.fc', shape: [20, 20] },
      { name: 'layers.1.conv', shape: [8, 4, 3, 3], origin: { layout: 'pytorch' } },
      { name: 'tiny', shape: [3, 3] },
      { name: 'wide', shape: [300, 200] },
    ]);
    const all = extractLayers(m, { minEvals: 0, maxEvals: 1e9 });
    assertEqual(all.layers.map((l) => `${l.layerId}:${l.name}`).join(), '0:layers.1.conv,1:layers.2.fc,2:layers.10.fc,3:tiny,4:wide');
    const def = extractLayers(m, { maxEvals: 100 });
    assertEqual(def.layers.map((l) => l.name).join(), 'layers.1.conv,layers.2.fc,layers.10.fc');
    const tiny = def.skipped.find((s) => s.name === 'tiny')!;
    assertEqual(`${tiny.reason} ${tiny.layerId} ${tiny.numEvals}`, 'too-small 3 3');
    assertEqual(def.skipped.find((s) => s.name === 'wide')!.reason, 'too-large');
    // Unpooled: M replaces M·rf (the conv's M = 4 < 10).
    assertEqual(extractLayers(m, { pool: false }).skipped.find((s) => s.name === 'layers.1.conv')!.reason, 'too-small');
    // Ids stay those of the unfiltered order.
    assertEqual(extractLayers(m, { layers: [2, 4] }).layers.map((l) => `${l.layerId}:${l.name}`).join(), '2:layers.10.fc,4:wide');
    assertEqual(extractLayers(m, { names: ['layers.2.fc', 'wide'] }).layers.map((l) => l.name).join(), 'layers.2.fc,wide');
    assertEqual(extractLayers(m, { names: ['-layers.2.fc'] }).layers.map((l) => l.name).join(), 'layers.1.conv,layers.10.fc,wide');
    assertEqual(extractLayers(m, { kinds: ['conv2d'] }).layers.map((l) => l.name).join(), 'layers.1.conv');
    assertEqual(extractLayers(m, { include: /fc$/, exclude: '^layers\\.10' }).layers.map((l) => l.name).join(), 'layers.2.fc');
    assertEqual(extractLayers(m, { order: 'file', minEvals: 0 }).layers.map((l) => l.name).join(), 'layers.10.fc,layers.2.fc,layers.1.conv,tiny,wide');
    // Compat: maxN 50000.
    const big = model([{ name: 'emb', shape: [60000, 16] }]);
    assertEqual(extractLayers(big).layers.length, 1, 'we analyse N > 50000');
    assertEqual(extractLayers(big, { compat: 'weightwatcher' }).skipped[0]!.reason, 'too-large');
    assertThrowsCode(() => extractLayers(m, { kinds: ['mlp' as never] }), 'E_ARGUMENT');
    assertThrowsCode(() => extractLayers(m, { include: '(' }), 'E_ARGUMENT');
    assertThrowsCode(() => extractLayers(m, { minEvals: -1 }), 'E_ARGUMENT');
    assertThrowsCode(() => extractLayers(null as never), 'E_ARGUMENT');
  }, { perVariant: false });
});
