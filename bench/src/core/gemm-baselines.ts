// What the GEMM benchmarks run besides our public API: plain i-k-j loops (the "our JS i-k-j" of the
// bars), the npm baselines of specs/core.md §4.2 loaded as a user would, and raw instances of our
// two wasm builds (the `@spectra/core/wasm/*.wasm` subpaths) for comparisons the public API does
// not expose: SIMD128 vs relaxed SIMD in one process, and the 2×8 vs 4×4 micro-kernel.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** C = A·B by the textbook i-k-j loop over row-major Float64Arrays (one function per dtype: V8). */
export function ikjF64(a: Float64Array, b: Float64Array, c: Float64Array, n: number): Float64Array {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let p = 0; p < n; p++) {
      const aip = a[ci + p]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j]!;
    }
  }
  return c;
}

/** The Float32Array twin of ikjF64. */
export function ikjF32(a: Float32Array, b: Float32Array, c: Float32Array, n: number): Float32Array {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let p = 0; p < n; p++) {
      const aip = a[ci + p]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j]!;
    }
  }
  return c;
}

export function rowsOf(data: ArrayLike<number>, n: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from({ length: n }, (_, j) => data[i * n + j]!));
  return rows;
}

// ─── npm baselines ──────────────────────────────────────────────────────────────────────────────

export interface Baseline {
  name: string;
  /** Prepares operands once; returns one call of the product (or a reason it cannot run). */
  prepare(a: Float64Array, b: Float64Array, n: number): (() => unknown) | string;
  dispose?(): void;
}

export function mlMatrixBaseline(): Baseline {
  const { Matrix } = require('ml-matrix') as { Matrix: { from1DArray(r: number, c: number, d: ArrayLike<number>): { mmul(o: unknown): unknown } } };
  return {
    name: 'ml-matrix mmul',
    prepare(a, b, n) {
      const A = Matrix.from1DArray(n, n, a);
      const B = Matrix.from1DArray(n, n, b);
      return () => A.mmul(B);
    },
  };
}

export function numericBaseline(): Baseline {
  const numeric = require('numeric') as { dot(x: number[][], y: number[][]): number[][] };
  return {
    name: 'numeric dot',
    prepare(a, b, n) {
      const A = rowsOf(a, n);
      const B = rowsOf(b, n);
      return () => numeric.dot(A, B);
    },
  };
}

interface EigenMatrix {
  set(i: number, j: number, v: number): void;
  matMul(b: EigenMatrix): EigenMatrix;
  get(i: number, j: number): number;
}
interface Eigen {
  ready: Promise<void>;
  Matrix: new (m: number, n: number) => EigenMatrix;
  GC: { pushException(...x: unknown[]): void; popException(...x: unknown[]): void; flush(): number };
}

/**
 * eigen 0.2.2 (Eigen 3.3.9 via Emscripten). It initialises asynchronously (`await eig.ready`),
 * keeps every matrix on its own wasm heap until `GC.flush()`: the operands are whitelisted with
 * `pushException`, each product is flushed right after it is made (its allocation and free are
 * part of the call, as ours copies in and out).
 */
export async function eigenBaseline(): Promise<Baseline> {
  const eig = require('eigen') as Eigen;
  await eig.ready;
  let held: EigenMatrix[] = [];
  return {
    name: 'eigen matMul',
    prepare(a, b, n) {
      const A = new eig.Matrix(n, n);
      const B = new eig.Matrix(n, n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          A.set(i, j, a[i * n + j]!);
          B.set(i, j, b[i * n + j]!);
        }
      }
      eig.GC.pushException(A, B);
      held = [A, B];
      return () => {
        const c = A.matMul(B);
        const corner = c.get(0, 0);
        eig.GC.flush();
        return corner;
      };
    },
    dispose() {
      eig.GC.popException(...held);
      eig.GC.flush();
      held = [];
    },
  };
}

interface Tensor {
  dataSync(): Float32Array;
  dispose(): void;
}
interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  tensor2d(data: Float32Array, shape: [number, number]): Tensor;
  matMul(a: Tensor, b: Tensor): Tensor;
}

/**
 * @tensorflow/tfjs-backend-wasm 4.22 (XNNPACK, SIMD, single thread in Node: its multithreading flag
 * is off under Node). The wasm binaries are read from the package's dist folder. Each call includes
 * the readback (`dataSync`), as ours includes the copy out.
 */
export async function tfjsWasmF32(): Promise<{ name: string; prepare(a: Float32Array, b: Float32Array, n: number): () => unknown } | string> {
  try {
    const tf = (await import('@tensorflow/tfjs-core')) as unknown as Tf;
    const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as unknown as { setWasmPaths(prefix: string): void };
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    if (!(await tf.setBackend('wasm'))) return 'tfjs-backend-wasm did not initialise in this engine';
    await tf.ready();
    return {
      name: 'tfjs-wasm matMul',
      prepare(a, b, n) {
        const A = tf.tensor2d(a, [n, n]);
        const B = tf.tensor2d(b, [n, n]);
        return () => {
          const c = tf.matMul(A, B);
          const data = c.dataSync();
          c.dispose();
          return data;
        };
      },
    };
  } catch (e) {
    return `tfjs-backend-wasm failed to load: ${(e as Error).message}`;
  }
}

// ─── raw instances of our kernel builds ─────────────────────────────────────────────────────────

export interface RawKernels {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  reset(): void;
  dgemm(...args: number[]): number;
  dgemm_work(m: number, n: number, k: number): number;
  dgemm_kernel(id: number): number;
}

/** Instantiates one of our builds from the published subpath, or says why it cannot. */
export async function rawKernels(variant: 'simd' | 'relaxed-simd'): Promise<RawKernels | string> {
  const bytes = readFileSync(require.resolve(`@spectra/core/wasm/${variant}.wasm`));
  if (!WebAssembly.validate(bytes)) return `the ${variant} build does not validate in this engine`;
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort: () => { throw new Error('wasm abort'); } } });
  return instance.exports as unknown as RawKernels;
}

/**
 * One product through a raw instance, with the same per-call work as `matmul` (reset, alloc,
 * copy in, dgemm, copy out). `transposedB` passes Bᵀ with tB = 1, which always takes the packed
 * path (the tiny-product loop needs op(B) = B): the pair measures the tiny-product crossover.
 */
export function rawDgemm(x: RawKernels, a: Float64Array, b: Float64Array, n: number, transposedB = false): Float64Array {
  x.reset();
  const bytes = n * n * 8;
  const pa = x.alloc(bytes);
  const pb = x.alloc(bytes);
  const pc = x.alloc(bytes);
  const pw = x.alloc(x.dgemm_work(n, n, n));
  new Float64Array(x.memory.buffer, pa, n * n).set(a);
  new Float64Array(x.memory.buffer, pb, n * n).set(b);
  const info = x.dgemm(0, transposedB ? 1 : 0, n, n, n, 1, pa, n, pb, n, 0, pc, n, pw);
  if (info !== 0) throw new Error(`dgemm info ${info}`);
  return new Float64Array(x.memory.buffer, pc, n * n).slice();
}
