// Containers and detection: the zip reader's refusals (encryption, methods, overlapping entries,
// bombs, caps, CRC), both inflaters against the runtime's compressor, Blob/File inputs, HDF5 and
// unknown formats.
import { assertEqual, defineSuite } from '@spectra/testkit';
import { crc32, detectFormat, inflateRawSync, loadModel, readNpz, writeNpy, writeZip } from '../../src/index.js';
import { fixtures as source } from './fixture-source.js';
import { assertSameValues, expectCode } from './helpers.js';

async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data.slice().buffer]).stream().pipeThrough(new CompressionStream('deflate-raw' as CompressionFormat));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A one-entry zip with a deflated member; `declared` overrides the uncompressed size in both headers. */
function deflatedZip(name: string, compressed: Uint8Array, crc: number, declared: number): Uint8Array {
  const zip = writeZip([{ name, data: compressed }]);
  const view = new DataView(zip.buffer);
  const nameLength = new TextEncoder().encode(name).length;
  const central = 30 + nameLength + compressed.length;
  for (const [at, method, crcAt, usizeAt] of [[0, 8, 14, 22], [central, 10, 16, 24]] as const) {
    view.setUint16(at + method, 8, true);
    view.setUint32(at + crcAt, crc, true);
    view.setUint32(at + usizeAt, declared, true);
  }
  return zip;
}

export default defineSuite('weights: containers and detection', (test) => {
  test('both inflaters reproduce the runtime compressor\'s input exactly; sizes are enforced', async () => {
    const data = new Uint8Array(200_000);
    let x = 12345;
    for (let i = 0; i < data.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      data[i] = i % 7 === 0 ? x >>> 24 : (i >> 6) & 0xff; // runs and noise: stored, fixed and dynamic blocks
    }
    const compressed = await deflateRaw(data);
    assertSameValues(inflateRawSync(compressed, data.length, 't.zip', 'd'), data, 'own inflater');
    const npy = writeNpy({ shape: [data.length], data, dtype: 'uint8' });
    const cnpy = await deflateRaw(npy);
    const zipped = deflatedZip('d.npy', cnpy, crc32(npy), npy.length);
    for (const inflate of ['stream', 'own'] as const) {
      const m = await readNpz(zipped, { name: 't.npz', inflate });
      assertSameValues(m.tensors[0]!.read(), data, `npz via ${inflate}`);
      await expectCode(() => readNpz(deflatedZip('d.npy', cnpy.subarray(0, cnpy.length >> 1), crc32(npy), npy.length), { name: 't.npz', inflate }), 'E_TRUNCATED', ['d.npy'], `${inflate}: stream cut short`);
      await expectCode(() => readNpz(deflatedZip('d.npy', cnpy, crc32(npy), npy.length - 100), { name: 't.npz', inflate }), 'E_MALFORMED', ['beyond its declared size'], `${inflate}: more output than declared`);
    }
  }, { perVariant: false });

  test('zip refusals: encryption, other methods, overlapping entries, bombs, caps, CRC', async () => {
    const member = writeNpy({ shape: [4], data: new Float32Array([1, 2, 3, 4]) });
    const good = writeZip([{ name: 'a.npy', data: member }, { name: 'b.npy', data: member }]);
    assertEqual((await readNpz(good)).tensors.length, 2);
    const patched = (f: (v: DataView, central: number) => void) => {
      const z = good.slice();
      const v = new DataView(z.buffer);
      const eocd = z.length - 22;
      f(v, v.getUint32(eocd + 16, true));
      return z;
    };
    const cases: [string, Uint8Array, string, string[], { maxZipEntries?: number; maxTensorBytes?: number }?][] = [
      ['encrypted', patched((v, c) => v.setUint16(c + 8, 1, true)), 'E_UNSUPPORTED_FORMAT', ['a.npy', 'encrypted']],
      ['bzip2 method', patched((v, c) => v.setUint16(c + 10, 12, true)), 'E_UNSUPPORTED_FORMAT', ['a.npy', 'method 12']],
      ['overlapping entries (both point at one local header)', patched((v, c) => v.setUint32(c + 46 + 5 + 42, 0, true)), 'E_BAD_SPAN', ['overlap']],
      ['entry cap', good, 'E_LIMIT', ['maxZipEntries = 1'], { maxZipEntries: 1 }],
      ['CRC mismatch', patched((v, c) => v.setUint32(c + 16, 0xdeadbeef, true)), 'E_MALFORMED', ['CRC-32']],
      ['stored sizes disagree', patched((v, c) => v.setUint32(c + 24, 999, true)), 'E_BAD_SPAN', ['a.npy']],
      ['central directory cut', good.subarray(0, good.length - 30), 'E_TRUNCATED', ['end-of-central-directory']],
      ['local header offset past the data', patched((v, c) => v.setUint32(c + 42, 1 << 30, true)), 'E_BAD_SPAN', ['a.npy']],
    ];
    for (const [label, bytes, code, mentions, limits] of cases) await expectCode(() => readNpz(bytes, { name: 'z.npz', ...limits }), code, ['z.npz', ...mentions], label);
    // A declared expansion DEFLATE cannot produce (10 GB from a few bytes), and a legal but large one above the cap.
    const zeros = new Uint8Array(1 << 20);
    const tiny = await deflateRaw(zeros);
    await expectCode(() => readNpz(deflatedZip('z.npy', tiny, crc32(zeros), 0xfffffff0), { name: 'z.npz' }), 'E_MALFORMED', ['more than DEFLATE can expand']);
    await expectCode(() => readNpz(deflatedZip('z.npy', tiny, crc32(zeros), zeros.length), { name: 'z.npz', maxTensorBytes: 1000, maxHeaderBytes: 1000 }), 'E_LIMIT', ['z.npy']);
  }, { perVariant: false });

  test('inputs: Blob and File are read; HDF5, legacy and unknown formats are named', async () => {
    const bytes = writeNpy({ shape: [2], data: new Float64Array([3, 4]) });
    const fromBlob = await loadModel(new Blob([bytes.slice().buffer]), { name: 'b.npy' });
    assertSameValues(fromBlob.tensors[0]!.read(), [3, 4], 'Blob');
    const fromFile = await loadModel(new File([bytes.slice().buffer], 'named.npy'));
    assertEqual(fromFile.tensors[0]!.name, 'named', 'the File name names the tensor');
    assertEqual(detectFormat(await source.bytes('fixtures/keras_dense.h5')), 'keras-h5');
    await expectCode(async () => loadModel(await source.bytes('fixtures/keras_dense.h5'), { name: 'keras_dense.h5' }), 'E_MISSING_OPTIONAL_DEPENDENCY', ['keras_dense.h5', 'jsfive']);
    const tar = new Uint8Array(1024);
    tar.set(new TextEncoder().encode('ustar'), 257);
    await expectCode(() => loadModel(tar, { name: 'old.pt' }), 'E_UNSUPPORTED_FORMAT', ['old.pt', 'legacy']);
    await expectCode(() => loadModel(new TextEncoder().encode('GIF89a....'), { name: 'cat.gif' }), 'E_UNKNOWN_FORMAT', ['cat.gif']);
    await expectCode(() => loadModel(new TextEncoder().encode('{"hello": 1}'), { name: 'config.json' }), 'E_UNKNOWN_FORMAT', ['config.json']);
    await expectCode(() => loadModel(42 as never), 'E_ARGUMENT', ['Uint8Array']);
    await expectCode(() => loadModel(bytes, { maxRank: -1 }), 'E_ARGUMENT', ['maxRank']);
  }, { perVariant: false });
});
