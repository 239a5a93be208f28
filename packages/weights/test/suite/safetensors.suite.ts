// safetensors: files built byte by byte from the format's specification (huggingface/safetensors
// README "Format"), our writer's round trips, sharded models, and every rule of §13.2.
import { assert, assertEqual, defineSuite } from '@spectra/testkit';
import { loadModel, readSafetensors, readShardedSafetensors, writeSafetensors, type TensorDType } from '../../src/index.js';
import { assertSameValues, encoder, expectCode } from './helpers.js';

/** A safetensors file from a header object (or raw header text) and a data buffer, per the spec. */
export function safetensorsBytes(header: unknown, data: Uint8Array, pad = 0): Uint8Array {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const json = encoder.encode(text + ' '.repeat(pad));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function f32(...v: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(v).buffer);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

export default defineSuite('weights: safetensors', (test) => {
  test('hand-built per the specification: offsets, padding, metadata, F16/BF16/I8/BOOL/F8', async () => {
    const data = concat(
      f32(1, 2, 3, 4, 5, 6),                      // a: F32 [2,3]   bytes 0..24
      new Uint8Array([0x00, 0x3c, 0x00, 0xc0]),   // b: F16 [2]     24..28 → 1, -2
      new Uint8Array([0x80, 0x3f, 0x49, 0x40]),   // c: BF16 [2]    28..32 → 1, 3.140625
      new Uint8Array([0xff, 0x7f]),               // d: I8 [2]      32..34 → -1, 127
      new Uint8Array([0, 1]),                     // e: BOOL [2]    34..36
      new Uint8Array([0x38, 0x7e]),               // f: F8_E4M3 [2] 36..38 → 1, 448
    );
    const header = {
      __metadata__: { format: 'pt', note: 'hand-built' },
      a: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] },
      b: { dtype: 'F16', shape: [2], data_offsets: [24, 28] },
      c: { dtype: 'BF16', shape: [2], data_offsets: [28, 32] },
      d: { dtype: 'I8', shape: [2], data_offsets: [32, 34] },
      e: { dtype: 'BOOL', shape: [2], data_offsets: [34, 36] },
      f: { dtype: 'F8_E4M3', shape: [2], data_offsets: [36, 38] },
      empty: { dtype: 'F32', shape: [0, 3], data_offsets: [38, 38] },
    };
    const m = await loadModel(safetensorsBytes(header, data, 5), { name: 'hand.safetensors' });
    assertEqual(m.format, 'safetensors');
    assertEqual(JSON.stringify(m.metadata), JSON.stringify({ format: 'pt', note: 'hand-built' }));
    const byName = Object.fromEntries(m.tensors.map((t) => [t.name, t]));
    assertSameValues(byName.a!.read(), [1, 2, 3, 4, 5, 6], 'F32');
    assertSameValues(byName.b!.read(), [1, -2], 'F16');
    assertSameValues(byName.c!.read(), [1, 3.140625], 'BF16');
    assertSameValues(byName.d!.read(), [-1, 127], 'I8');
    assertSameValues(byName.e!.read(), [0, 1], 'BOOL');
    assertSameValues(byName.f!.read(), [1, 448], 'F8_E4M3');
    assertEqual(byName.empty!.read().length, 0);
    assertEqual(byName.a!.origin.layout, 'pytorch', "__metadata__ format 'pt' gives the PyTorch layout");
  }, { perVariant: false });

  test('writer round trip: every dtype, bits preserved, header 8-aligned, reference ordering', async () => {
    const values = [0, 1, -2, 0.5, 2048, -0.25]; // exact in every float type
    const dtypes: TensorDType[] = ['float64', 'float32', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'uint16', 'uint32', 'uint64', 'bool'];
    const tensors: Record<string, { dtype: TensorDType; shape: number[]; data: number[] }> = {};
    for (const d of dtypes) {
      const v = d === 'bool' ? values.map((x) => (x ? 1 : 0)) : d.startsWith('int') || d.startsWith('uint') ? [0, 1, 2, 3, 100, 7] : values;
      tensors[`t.${d}`] = { dtype: d, shape: [2, 3], data: v };
    }
    const nan = new Float32Array([NaN, -0, Infinity]);
    new Uint32Array(nan.buffer)[0] = 0x7fc01234; // a NaN payload survives bit for bit
    const bytes = writeSafetensors({ ...tensors, nan: { dtype: 'float32', shape: [3], data: nan } }, { format: 'pt' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assertEqual((8 + headerLength) % 8, 0, 'data starts 8-byte aligned');
    const m = await readSafetensors(bytes, { name: 'w.safetensors' });
    for (const d of dtypes) {
      const t = m.tensors.find((x) => x.name === `t.${d}`)!;
      assertEqual(t.dtype, d);
      assertSameValues(t.read(), tensors[`t.${d}`]!.data, `${d} round trip`);
    }
    const back = new Float32Array(m.tensors.find((t) => t.name === 'nan')!.read());
    assertEqual(new Uint32Array(back.buffer)[0], 0x7fc01234, 'NaN payload');
    assert(Object.is(back[1], -0), '-0 survives');
    // Reference ordering: 8-byte types first, then by name.
    const order = Object.keys(JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)))).filter((k) => k !== '__metadata__');
    assertEqual(order.slice(0, 3).join(), 't.float64,t.int64,t.uint64');
  }, { perVariant: false });

  test('every §13.2 violation is a typed error naming the file and the tensor', async () => {
    const d = f32(1, 2);
    const ok = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
    assertEqual((await readSafetensors(safetensorsBytes(ok, d))).tensors.length, 1);
    const cases: [string, Uint8Array, string, string[]][] = [
      ['duplicate key', safetensorsBytes('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', d), 'E_MALFORMED', ["'a' twice"]],
      ['span too short for dtype×shape', safetensorsBytes({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, d), 'E_BAD_SPAN', ["'a'", '12 bytes', '8']],
      ['hole between tensors', safetensorsBytes({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, d), 'E_BAD_SPAN', ['hole']],
      ['overlap', safetensorsBytes({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, d), 'E_BAD_SPAN', ['overlap']],
      ['trailing bytes after the last tensor', safetensorsBytes(ok, concat(d, new Uint8Array(4))), 'E_BAD_SPAN', ['8', '12']],
      ['span past the buffer', safetensorsBytes({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, d), 'E_TRUNCATED', ["'a'", '16']],
      ['inverted offsets', safetensorsBytes({ a: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, d), 'E_BAD_SPAN', ["'a'"]],
      ['non-integer shape', safetensorsBytes({ a: { dtype: 'F32', shape: [1.5], data_offsets: [0, 8] } }, d), 'E_MALFORMED', ["'a'"]],
      ['missing data_offsets', safetensorsBytes({ a: { dtype: 'F32', shape: [2] } }, d), 'E_MALFORMED', ["'a'"]],
      ['metadata not strings', safetensorsBytes({ __metadata__: { n: 1 }, ...ok }, d), 'E_MALFORMED', ['__metadata__']],
      ['header not an object', safetensorsBytes('[1, 2]', d), 'E_MALFORMED', []],
      ['invalid JSON', safetensorsBytes('{"a": ', d), 'E_MALFORMED', []],
      ['invalid UTF-8', (() => { const b = safetensorsBytes('{"\u00e9":1}', d); b[11] = 0xff; return b; })(), 'E_MALFORMED', ['UTF-8']],
      ['header length beyond the file', (() => { const b = safetensorsBytes(ok, d); new DataView(b.buffer).setBigUint64(0, 10_000n, true); return b; })(), 'E_TRUNCATED', ['10000']],
      ['header length above the cap', (() => { const b = safetensorsBytes(ok, d); new DataView(b.buffer).setBigUint64(0, 2n ** 62n, true); return b; })(), 'E_LIMIT', ['maxHeaderBytes']],
      ['shorter than 8 bytes', new Uint8Array(5), 'E_TRUNCATED', []],
      ['every dtype unknown', safetensorsBytes({ a: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, d), 'E_UNSUPPORTED_DTYPE', ['C64']],
      ['absurd shape', safetensorsBytes({ a: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } }, d), 'E_LIMIT', ["'a'"]],
    ];
    for (const [label, bytes, code, mentions] of cases) {
      await expectCode(() => readSafetensors(bytes, { name: 'bad.safetensors' }), code, ['bad.safetensors', ...mentions], label);
    }
    // A tensor of an unknown dtype is skipped with its reason; the rest loads (its span still tiles).
    const mixed = await readSafetensors(safetensorsBytes({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, z: { dtype: 'F4', shape: [8], data_offsets: [4, 8] } }, d));
    assertEqual(mixed.tensors.map((t) => t.name).join(), 'a');
    assertEqual(JSON.stringify(mixed.skipped), JSON.stringify([{ name: 'z', reason: 'unsupported-dtype:F4', shape: [8], dtype: 'F4' }]));
    // A smaller header cap applies.
    await expectCode(() => readSafetensors(safetensorsBytes(ok, d), { name: 'bad.safetensors', maxHeaderBytes: 16 }), 'E_LIMIT', ['maxHeaderBytes = 16']);
  }, { perVariant: false });

  test('sharded: index weight_map, every shard resolved, names exactly once', async () => {
    const shard1 = writeSafetensors({ 'layers.10.w': { dtype: 'float32', shape: [2], data: [1, 2] }, 'layers.2.w': { dtype: 'float32', shape: [1], data: [3] } });
    const shard2 = writeSafetensors({ 'layers.1.w': { dtype: 'float16', shape: [1], data: [4] } });
    const files: Record<string, Uint8Array> = { 'm/a.safetensors': shard1, 'm/b.safetensors': shard2 };
    const resolver = async (p: string) => {
      if (!files[p]) throw new Error(`no ${p}`);
      return files[p]!;
    };
    const index = (map: Record<string, string>) => encoder.encode(JSON.stringify({ metadata: { total_size: 14 }, weight_map: map }));
    const good = { 'layers.10.w': 'a.safetensors', 'layers.2.w': 'a.safetensors', 'layers.1.w': 'b.safetensors' };
    const m = await loadModel(index(good), { name: 'm/model.safetensors.index.json', resolver });
    assertEqual(m.format, 'safetensors');
    assertEqual(m.tensors.map((t) => `${t.name}@${t.origin.shard}`).sort().join(), 'layers.1.w@b.safetensors,layers.10.w@a.safetensors,layers.2.w@a.safetensors');
    assertEqual(m.metadata.total_size, '14');
    await expectCode(() => readShardedSafetensors(index({ ...good, 'layers.1.w': 'c.safetensors' }), { name: 'm/model.safetensors.index.json', resolver }), 'E_NOT_FOUND', ['c.safetensors']);
    await expectCode(() => readShardedSafetensors(index({ ...good, 'layers.1.w': 'a.safetensors' }), { name: 'm/model.safetensors.index.json', resolver }), 'E_MALFORMED', ['layers.1.w']);
    await expectCode(() => readShardedSafetensors(index({ ...good, ghost: 'b.safetensors' }), { name: 'm/model.safetensors.index.json', resolver }), 'E_MALFORMED', ['ghost']);
    await expectCode(() => readShardedSafetensors(index({ 'layers.1.w': '../b.safetensors' }), { name: 'm/model.safetensors.index.json', resolver }), 'E_MALFORMED', ['..']);
    await expectCode(() => readShardedSafetensors(index(good), { name: 'm/model.safetensors.index.json' }), 'E_ARGUMENT', ['resolver']);
    const aborted = new AbortController();
    aborted.abort(new Error('user stop'));
    await expectCode(() => readShardedSafetensors(index(good), { name: 'm/model.safetensors.index.json', resolver, signal: aborted.signal }), 'E_ABORTED', ['user stop']);
    await expectCode(() => loadModel(shard1, { name: 'a.safetensors', signal: aborted.signal }), 'E_ABORTED');
    files['m/dup.safetensors'] = writeSafetensors({ 'layers.1.w': { dtype: 'float32', shape: [1], data: [9] } });
    await expectCode(() => readShardedSafetensors(index({ ...good, 'layers.1.w': 'b.safetensors', x: 'dup.safetensors' }), { name: 'm/model.safetensors.index.json', resolver }), 'E_MALFORMED', ['layers.1.w', 'both']);
  }, { perVariant: false });
});
