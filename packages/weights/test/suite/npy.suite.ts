// NumPy .npy / .npz: files written by numpy itself (generate-fixtures.py and the WeightWatcher
// reference inputs) against the values numpy reported, our writer against numpy's bytes, and the
// hostile inputs §13.3 names.
import { assert, assertClose, assertEqual, assertThrowsCode, defineSuite } from '@spectra/testkit';
import { loadModel, readNpy, readNpz, writeNpy, writeNpz, writeZip } from '../../src/index.js';
import { fixtureJson, fixtures as source } from './fixture-source.js';
import { assertSameValues, assertStats, encoder, expectCode, expectations } from './helpers.js';


async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes.slice().buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A .npy byte string with a hand-written header (for hostile cases). */
export function npyWithHeader(header: string, data: Uint8Array = new Uint8Array(0), version = 1): Uint8Array {
  const text = encoder.encode(header);
  const lengthBytes = version === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lengthBytes + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(text, 8 + lengthBytes);
  out.set(data, 8 + lengthBytes + text.length);
  return out;
}

export default defineSuite('weights: NumPy .npy/.npz', (test) => {
  test('reference inputs: right bytes (SHA-256), and Σx² equals WeightWatcher\'s norm', async () => {
    const ww = await fixtureJson<{ cases: WwCase[] }>(source, 'reference/ww_default_analyze.json');
    for (const id of ['gauss_1000x500', 'student2_1000x500', 'conv_64x32x3x3']) {
      const c = wwNorm(ww, id);
      const bytes = await source.bytes(`reference/${id}.npy`);
      assertEqual(await sha256Hex(bytes), c.sha256, `${id}: SHA-256`);
      const model = await readNpy(bytes, { name: `${id}.npy` });
      const t = model.tensors[0]!;
      assertEqual(t.name, id);
      assertEqual(t.dtype, 'float32');
      assertEqual(model.warnings.length, 0);
      let sq = 0;
      for (const x of t.read()) sq += x * x;
      if (id.startsWith('conv')) {
        // WeightWatcher scales conv slices by float32(√½) before the SVD (README): Σλ ≈ ½‖W‖².
        assertEqual(JSON.stringify(t.shape), '[64,32,3,3]');
        assertClose(sq / 2, c.details[0]!.norm, { rel: 3e-7 }, `${id}: ½‖W‖²_F vs WeightWatcher norm`);
      } else {
        assertEqual(JSON.stringify(t.shape), '[1000,500]');
        // WeightWatcher's norm is Σσ² from LAPACK singular values: ‖W‖²_F up to rounding.
        assertClose(sq, c.details[0]!.norm, { rel: 1e-10 }, `${id}: ‖W‖²_F vs WeightWatcher norm`);
      }
    }
  }, { perVariant: false });

  test('numpy-written variants decode to numpy\'s values', async () => {
    const exp = (await expectations(source)).fixtures;
    const shared = exp.shared!.tensors;
    const v = exp.npy_variants!.tensors;
    for (const [file, key] of [['big_endian_f8', 'big_endian_f8'], ['fortran_order', 'fortran_order'], ['float16', 'float16'], ['int_matrix', 'int_matrix']] as const) {
      const m = await readNpy(await source.bytes(`fixtures/${file}.npy`), { name: `${file}.npy` });
      assertStats(m.tensors[0]!.read(), m.tensors[0]!.shape, v[key]!, file);
    }
    assertEqual((await readNpy(await source.bytes('fixtures/big_endian_f8.npy'))).tensors[0]!.dtype, 'float64');
    for (const file of ['shared_fc', 'version2', 'version3']) {
      const m = await readNpy(await source.bytes(`fixtures/${file}.npy`), { name: `${file}.npy` });
      assertStats(m.tensors[0]!.read(), m.tensors[0]!.shape, shared['fc.weight']!, file);
    }
  }, { perVariant: false });

  test('.npz stored (savez), deflated (savez_compressed) and zip64: numpy\'s values, both inflaters', async () => {
    const shared = (await expectations(source)).fixtures.shared!.tensors;
    for (const file of ['shared.npz', 'shared_compressed.npz', 'shared_zip64.npz']) {
      for (const inflate of ['stream', 'own'] as const) {
        const m = await readNpz(await source.bytes(`fixtures/${file}`), { name: file, inflate });
        assertEqual(m.format, 'npz');
        assertEqual(m.tensors.map((t) => t.name).sort().join(','), Object.keys(shared).sort().join(','), `${file} names`);
        for (const t of m.tensors) assertStats(t.read(), t.shape, shared[t.name]!, `${file} (${inflate}) ${t.name}`);
      }
    }
  }, { perVariant: false });

  test('writeNpy produces numpy\'s exact bytes, and round trips every dtype', async () => {
    const numpyBytes = await source.bytes('fixtures/shared_fc.npy');
    const values = (await readNpy(numpyBytes)).tensors[0]!.read();
    const ours = writeNpy({ shape: [16, 12], data: Float32Array.from(values) });
    assertSameValues(ours, numpyBytes, 'writeNpy vs numpy.save bytes');
    const data = [0, 1, -2, 3.5, 100, -7];
    for (const dtype of ['float64', 'float32', 'float16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'uint16', 'uint32', 'uint64', 'bool'] as const) {
      const ints = data.map(Math.trunc);
      const input = dtype === 'bool' ? data.map((x) => (x ? 1 : 0)) : dtype.startsWith('u') ? ints.map(Math.abs) : dtype.startsWith('int') ? ints : data;
      const m = await readNpy(writeNpy({ shape: [2, 3], data: input, dtype }), { name: `${dtype}.npy` });
      assertEqual(m.tensors[0]!.dtype, dtype);
      assertSameValues(m.tensors[0]!.read(), input, `${dtype} round trip`);
    }
    assertThrowsCode(() => writeNpy({ shape: [1], data: [1.5], dtype: 'int32' }), 'E_ARGUMENT');
    assertThrowsCode(() => writeNpy({ shape: [1], data: [300], dtype: 'uint8' }), 'E_ARGUMENT');
    const npz = await readNpz(writeNpz({ a: { shape: [1], data: new Float64Array([7]) }, 'b.c': { shape: [2], data: new Int32Array([1, 2]) } }));
    assertEqual(npz.tensors.map((t) => `${t.name}:${t.dtype}`).join(','), 'a:float64,b.c:int32');
  }, { perVariant: false });

  test('unsupported dtypes: object and structured arrays are refused, inside .npz they are skipped', async () => {
    await expectCode(async () => loadModel(await source.bytes('fixtures/object_dtype.npy'), { name: 'object_dtype.npy' }), 'E_UNSUPPORTED_DTYPE', ['object_dtype.npy', '|O']);
    await expectCode(async () => loadModel(await source.bytes('fixtures/structured_dtype.npy'), { name: 'structured_dtype.npy' }), 'E_UNSUPPORTED_DTYPE', ['structured']);
    const npz = writeZip([
      { name: 'ok.npy', data: writeNpy({ shape: [2], data: new Float32Array([1, 2]) }) },
      { name: 'obj.npy', data: await source.bytes('fixtures/object_dtype.npy') },
    ]);
    const m = await readNpz(npz, { name: 'mixed.npz' });
    assertEqual(m.tensors.map((t) => t.name).join(), 'ok');
    assertEqual(m.skipped[0]!.reason, 'unsupported-dtype:|O');
  }, { perVariant: false });

  test('hostile headers: never evaluated, every problem typed', async () => {
    const f4 = new Uint8Array(8);
    const good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n";
    assertEqual((await readNpy(npyWithHeader(good, f4))).tensors[0]!.read().length, 2);
    const cases: [string, Uint8Array, string][] = [
      ['evaluator bait', npyWithHeader("{'descr': __import__('os').system('x'), 'fortran_order': False, 'shape': (2,), }", f4), 'E_MALFORMED'],
      ['missing key', npyWithHeader("{'descr': '<f4', 'shape': (2,), }", f4), 'E_MALFORMED'],
      ['extra key', npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", f4), 'E_MALFORMED'],
      ['duplicate key', npyWithHeader("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", f4), 'E_MALFORMED'],
      ['negative dim', npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", f4), 'E_MALFORMED'],
      ['list shape', npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': [2], }", f4), 'E_MALFORMED'],
      ['data too short', npyWithHeader(good, new Uint8Array(7)), 'E_TRUNCATED'],
      ['absurd shape', npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000, 100000000000), }", f4), 'E_LIMIT'],
      ['huge element count', npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000,), }", f4), 'E_TRUNCATED'],
      ['above the tensor cap', npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000,), }", f4), 'E_LIMIT'],
      ['rank 9', npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1), }", f4), 'E_LIMIT'],
      ['header length past the end', npyWithHeader(good).subarray(0, 30), 'E_TRUNCATED'],
      ['version 9', (() => { const b = npyWithHeader(good, f4); b[6] = 9; return b; })(), 'E_UNSUPPORTED_FORMAT'],
      ['non-ASCII v1 header', npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'é': 1}", f4), 'E_MALFORMED'],
      ['unterminated string', npyWithHeader("{'descr': '<f4", f4), 'E_MALFORMED'],
    ];
    for (const [label, bytes, code] of cases) await expectCode(() => readNpy(bytes, { name: 'bad.npy' }), code, ['bad.npy'], label);
    // A v2 header declaring 4 GiB: refused before any allocation.
    const v2 = npyWithHeader(good, f4, 2);
    new DataView(v2.buffer).setUint32(8, 0xffffffff, true);
    await expectCode(() => readNpy(v2, { name: 'bad.npy' }), 'E_LIMIT', ['bad.npy'], 'v2 header length 4 GiB');
    const trailing = await readNpy(npyWithHeader(good, new Uint8Array(12)), { name: 't.npy' });
    assert(trailing.warnings.some((w) => w.includes('4 trailing bytes')), 'trailing bytes warn');
  }, { perVariant: false });
});

interface WwCase { id: string; sha256: string; details: { norm: number }[] }

/** WeightWatcher's `norm` column (Σλ) for reference case `id`. */
function wwNorm(ww: { cases: WwCase[] }, id: string): WwCase {
const c = ww.cases.find((x) => x.id === id);
if (!c) throw new Error(`no case '${id}' in ww_default_analyze.json`);
return c;
}
