// ONNX files written by onnx 1.12 and torch.onnx.export (generate-fixtures.py) against the values
// onnx.numpy_helper reported: Constant nodes inside If/Loop subgraphs and functions, initializers
// (raw, typed int32_data float16, bfloat16), DequantizeLinear, sparse initializers, external data.
import { assert, assertEqual, defineSuite } from '@spectra/testkit';
import { extractLayers, loadModel, readOnnx } from '../../src/index.js';
import { fixtures as source, resolverFor } from './fixture-source.js';
import { assertStats, expectCode, expectations } from './helpers.js';

/** Protobuf helpers for hand-built messages. */
export function varint(v: number): number[] {
  const out: number[] = [];
  let x = v;
  do {
    let b = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) b |= 0x80;
    out.push(b);
  } while (x > 0);
  return out;
}
export function field(n: number, wire: number, payload: number[]): number[] {
  return wire === 2 ? [...varint(n * 8 + 2), ...varint(payload.length), ...payload] : [...varint(n * 8 + wire), ...payload];
}
const str = (s: string) => [...new TextEncoder().encode(s)];
const f32le = (v: number) => [...new Uint8Array(new Float32Array([v]).buffer)];

/** ModelProto { ir_version 8, graph { initializer: tensor } } with a hand-built TensorProto. */
export function onnxWithTensor(tensor: number[]): Uint8Array {
  const graph = field(5, 2, tensor);
  return Uint8Array.from([...field(1, 0, varint(8)), ...field(7, 2, graph)]);
}

export default defineSuite('weights: ONNX', (test) => {
  test('Constant nodes in If branches, a Loop body and a function; initializers of every storage', async () => {
    const exp = (await expectations(source)).fixtures.onnx_subgraphs!.tensors;
    const m = await loadModel(await source.bytes('fixtures/onnx_subgraphs.onnx'), { name: 'onnx_subgraphs.onnx' });
    assertEqual(m.format, 'onnx');
    assertEqual(m.metadata.producerName, 'spectra-fixtures');
    const t = Object.fromEntries(m.tensors.map((x) => [x.name, x]));
    for (const [name, stats] of Object.entries(exp)) {
      assert(t[name], `tensor '${name}' is found (have ${Object.keys(t).join(', ')})`);
      assertStats(t[name]!.read(), t[name]!.shape, stats, name);
    }
    assertEqual(t['If_0.then/w_then']!.origin.subgraph, 'If_0.then');
    assertEqual(`${t['If_0.then/w_then']!.origin.role}/${t['If_0.then/w_then']!.origin.slot}`, 'Conv/W');
    assertEqual(`${t['If_0.else/loop.body/m_loop']!.origin.role}/${t['If_0.else/loop.body/m_loop']!.origin.slot}`, 'MatMul/B');
    assertEqual(`${t.gemm_b!.origin.role}/${t.gemm_b!.origin.slot}`, 'Gemm/B');
    assertEqual(`${t.gemm_c!.origin.role}/${t.gemm_c!.origin.slot}`, 'Gemm/C');
    assertEqual(`${t.f16_embed!.origin.role}/${t.f16_embed!.origin.slot}`, 'Gather/data');
    assertEqual(t.f16_int32_data!.dtype, 'float16');
    assertEqual(t.bf16_weight!.dtype, 'bfloat16');
    assertEqual(JSON.stringify(t.dq_u8!.quantization), JSON.stringify({ dtype: 'uint8', scheme: 'dequantize-linear', scale: Math.fround(0.01), zeroPoint: 128 }));
    assertEqual(t.dq_i8!.quantization!.dtype, 'int8');
    assert(!t.q_u8 && !t.q_i8, 'quantised sources appear only dequantised');
    assert(m.warnings.some((w) => w.includes('DequantizeLinear')), 'dequantisation warns');
    const e = extractLayers(m, { minEvals: 0 });
    const kinds = Object.fromEntries(e.layers.map((l) => [l.name, l.kind]));
    assertEqual(kinds['If_0.then/w_then'], 'conv2d');
    assertEqual(kinds.f16_embed, 'embedding');
    assertEqual(kinds.dq_u8, 'dense');
    assert(e.layers.find((l) => l.name === 'dq_u8')!.warnings.some((w) => w.includes('ESD')), 'quantised layer warns about ESD tails');
    assertEqual(e.skipped.find((s) => s.name === 'gemm_c')!.reason, 'not-a-matrix');
  }, { perVariant: false });

  test('torch.onnx.export LSTM: ONNX gates i,o,f,c are PyTorch\'s i,f,g,o blocks', async () => {
    const exp = (await expectations(source)).fixtures.torch_lstm!.tensors;
    const m = await loadModel(await source.bytes('fixtures/torch_lstm.onnx'), { name: 'torch_lstm.onnx' });
    const { layers } = extractLayers(m, { minEvals: 0 });
    const w = m.tensors.find((t) => t.origin.role === 'LSTM' && t.origin.slot === 'W')!;
    const r = m.tensors.find((t) => t.origin.role === 'LSTM' && t.origin.slot === 'R')!;
    assertEqual(JSON.stringify(w.shape), '[1,24,5]');
    const onnxToTorch: Record<string, string> = { i: 'i', o: 'o', f: 'f', c: 'g' };
    for (const [tensor, torchName] of [[w, 'lstm.weight_ih_l0'], [r, 'lstm.weight_hh_l0']] as const) {
      for (const gate of ['i', 'o', 'f', 'c']) {
        const layer = layers.find((l) => l.name === `${tensor.name}.gate_${gate}`)!;
        assertEqual(layer.kind, 'recurrent');
        assertEqual(layer.gate, gate);
        const s = layer.slices()[0]!;
        assertStats(s.data, [s.rows, s.cols], exp[`${torchName}.gate_${onnxToTorch[gate]}`]!, `ONNX ${tensor.name} gate ${gate}`);
      }
    }
    assertEqual(m.tensors.find((t) => t.origin.role === 'LSTM' && t.origin.slot === 'B')!.shape.join(), '1,48');
    // Stacked view restores the stored matrix per direction.
    const stacked = extractLayers(m, { minEvals: 0, recurrent: 'stacked' }).layers.filter((l) => l.kind === 'recurrent');
    assertEqual(stacked.map((l) => `${l.rows}x${l.cols}`).join(), '24x5,24x6');
  }, { perVariant: false });

  test('external data: resolved beside the model; escapes and spans past the end refused', async () => {
    const exp = (await expectations(source)).fixtures.onnx_external!.tensors;
    const resolver = resolverFor(source, 'fixtures/');
    const m = await loadModel(await source.bytes('fixtures/onnx_external.onnx'), { name: 'onnx_external.onnx', resolver });
    assertStats(m.tensors[0]!.read(), m.tensors[0]!.shape, exp.ext_w!, 'external ext_w');
    assertEqual(m.tensors[0]!.origin.shard, 'onnx_external.bin');
    await expectCode(async () => loadModel(await source.bytes('fixtures/onnx_external_escape.onnx'), { name: 'onnx_external_escape.onnx', resolver }), 'E_MALFORMED', ['ext_w', '..']);
    await expectCode(async () => loadModel(await source.bytes('fixtures/onnx_external_past_end.onnx'), { name: 'onnx_external_past_end.onnx', resolver }), 'E_TRUNCATED', ['ext_w', '4096', '3072']);
    await expectCode(async () => loadModel(await source.bytes('fixtures/onnx_external.onnx'), { name: 'onnx_external.onnx' }), 'E_ARGUMENT', ['resolver']);
  }, { perVariant: false });

  test('hand-built TensorProtos: packed and unpacked fields, size mismatches, unknown types', async () => {
    const dims = [...field(1, 0, varint(2)), ...field(1, 0, varint(2))];
    const name = field(8, 2, str('w'));
    const type = (t: number) => field(2, 0, varint(t));
    // float_data unpacked: one fixed32 per tag.
    const unpacked = [...dims, ...type(1), ...name, ...[1, 2, 3, 4].flatMap((v) => field(4, 5, f32le(v)))];
    assertEqual(JSON.stringify([...(await readOnnx(onnxWithTensor(unpacked))).tensors[0]!.read()]), '[1,2,3,4]');
    const packed = [...dims, ...type(1), ...name, ...field(4, 2, [1, 2, 3, 4].flatMap(f32le))];
    assertEqual(JSON.stringify([...(await readOnnx(onnxWithTensor(packed))).tensors[0]!.read()]), '[1,2,3,4]');
    // int32_data holding int8 values (negative ones as 10-byte varints) and int64_data.
    // Negative values are sign-extended to 64 bits: ten-byte varints.
    const neg = (v: number) => {
      let x = BigInt.asUintN(64, BigInt(v));
      const out: number[] = [];
      do {
        let b = Number(x & 0x7fn);
        x >>= 7n;
        if (x > 0n) b |= 0x80;
        out.push(b);
      } while (x > 0n);
      return out;
    };
    const int8 = [...dims, ...type(3), ...name, ...field(5, 2, [...neg(-1), ...neg(5), ...neg(-128), ...neg(127)])];
    assertEqual(JSON.stringify([...(await readOnnx(onnxWithTensor(int8))).tensors[0]!.read()]), '[-1,5,-128,127]');
    const cases: [string, number[], string][] = [
      ['3 values for 4 elements', [...dims, ...type(1), ...name, ...field(4, 2, [1, 2, 3].flatMap(f32le))], 'E_BAD_SPAN'],
      ['raw_data too short', [...dims, ...type(1), ...name, ...field(9, 2, new Array(12).fill(0))], 'E_BAD_SPAN'],
      ['float data in int64_data', [...dims, ...type(1), ...name, ...field(7, 2, [1, 2, 3, 4])], 'E_MALFORMED'],
      ['packed floats not a multiple of 4', [...dims, ...type(1), ...name, ...field(4, 2, [1, 2, 3])], 'E_MALFORMED'],
      ['absurd dims', [...field(1, 0, varint(2 ** 40)), ...field(1, 0, varint(2 ** 40)), ...type(1), ...name], 'E_LIMIT'],
    ];
    for (const [label, tensor, code] of cases) await expectCode(() => readOnnx(onnxWithTensor(tensor), { name: 'h.onnx' }), code, ['h.onnx'], label);
    // A string tensor is skipped with its reason; the model has no other tensor but loads.
    const s = await readOnnx(onnxWithTensor([...field(1, 0, varint(1)), ...type(8), ...name, ...field(6, 2, str('x'))]), { name: 'h.onnx' });
    assertEqual(s.skipped[0]!.reason, 'unsupported-dtype:STRING');
    // Truncated and malformed protobuf.
    const whole = onnxWithTensor(packed);
    await expectCode(() => readOnnx(whole.subarray(0, whole.length - 3), { name: 'h.onnx' }), 'E_TRUNCATED', ['h.onnx']);
    await expectCode(() => readOnnx(Uint8Array.from([0x0b, 0x00]), { name: 'h.onnx' }), 'E_MALFORMED', ['wire type 3']);
    await expectCode(() => readOnnx(Uint8Array.from(field(1, 0, varint(8))), { name: 'h.onnx' }), 'E_MALFORMED', ['no graph']);
  }, { perVariant: false });

  test('subgraph nesting beyond maxDepth is E_LIMIT, never a stack overflow', async () => {
    // If → then_branch → If → … 40 levels deep, built inside out.
    let graph: number[] = [];
    for (let d = 0; d < 40; d++) {
      const attr = [...field(1, 2, str('then_branch')), ...field(6, 2, graph), ...field(20, 0, varint(5))];
      const node = [...field(4, 2, str('If')), ...field(5, 2, attr)];
      graph = field(1, 2, node);
    }
    const model = Uint8Array.from([...field(1, 0, varint(8)), ...field(7, 2, graph)]);
    await expectCode(() => readOnnx(model, { name: 'deep.onnx' }), 'E_LIMIT', ['maxDepth = 32']);
    assertEqual((await readOnnx(model, { name: 'deep.onnx', maxDepth: 64 })).tensors.length, 0);
  }, { perVariant: false });
});
