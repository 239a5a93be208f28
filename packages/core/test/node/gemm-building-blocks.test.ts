// The GEMM building blocks other kernel families call (assembly/src/gemm.ts header; src/js/gemm.ts):
// triangular GEMM (GEMMT), SYRK on either triangle, SYR2K (dsytrd's A ← A − V·Wᵀ − W·Vᵀ), and
// pointer/offset sub-matrix addressing, checked against dense products computed here. Integer data
// keep every sum exact, so the checks are equalities, and the triangle not selected must be left
// bit-for-bit untouched. Node-only: it drives the raw wasm exports (not public API) of both builds.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simdWasmBase64 } from '../../src/generated/simd-wasm.js';
import { relaxedSimdWasmBase64 } from '../../src/generated/relaxed-simd-wasm.js';
import { dgemm, dgemmt, dsyr2k, dsyrk } from '../../src/js/gemm.js';
import { sgemm } from '../../src/js/gemm-f32.js';

const UPPER = 1;
const LOWER = 2;

interface Kernels {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  reset(): void;
  dgemmWorkBytes(m: number, n: number, k: number): number;
  dgemmInternal(...args: number[]): void;
  dgemmtInternal(...args: number[]): void;
  dsyrkInternal(...args: number[]): void;
  dsyr2kInternal(...args: number[]): void;
  dgemm(...args: number[]): number;
  sgemm(...args: number[]): number;
  dsyrk(...args: number[]): number;
  dgemm_kernel(id: number): number;
}

async function load(base64: string): Promise<Kernels | null> {
  const bytes = Buffer.from(base64, 'base64');
  if (!WebAssembly.validate(bytes)) return null;
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort: () => { throw new Error('abort'); } } });
  return instance.exports as unknown as Kernels;
}

let seed = 12345;
function integers(n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    x[i] = (seed % 17) - 8;
  }
  return x;
}

/** Dense row-major reference: C[i, j] (+)= α·Σ_p op(A)[i, p]·op(B)[p, j]. */
function product(tA: boolean, tB: boolean, m: number, n: number, k: number, a: Float64Array, aOff: number, lda: number, b: Float64Array, bOff: number, ldb: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (tA ? a[aOff + p * lda + i]! : a[aOff + i * lda + p]!) * (tB ? b[bOff + j * ldb + p]! : b[bOff + p * ldb + j]!);
      c[i * n + j] = s;
    }
  }
  return c;
}

function inTriangle(uplo: number, i: number, j: number): boolean {
  return uplo === UPPER ? j >= i : j <= i;
}

/** Expected C after a triangular update: α·P + β·C inside the triangle, C untouched outside. */
function expectTriangle(uplo: number, n: number, alpha: number, p: Float64Array, beta: number, before: Float64Array, cOff: number, ldc: number): Float64Array {
  const want = before.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (inTriangle(uplo, i, j)) want[cOff + i * ldc + j] = alpha * p[i * n + j]! + beta * before[cOff + i * ldc + j]!;
  return want;
}

/** Exact equality, reporting the first differing index (vitest's deep equality is slow on big arrays). */
function expectSame(got: ArrayLike<number>, want: ArrayLike<number>, label = ''): void {
  expect(got.length).toBe(want.length);
  let first = -1;
  for (let i = 0; i < want.length; i++) {
    if (got[i] !== want[i]) {
      first = i;
      break;
    }
  }
  expect(first === -1 ? 'equal' : `${label} first difference at ${first}: got ${got[first]}, want ${want[first]}`).toBe('equal');
}

const builds: Array<[string, string]> = [['simd', simdWasmBase64], ['relaxed-simd', relaxedSimdWasmBase64]];

describe('AssemblyScript building blocks (raw exports)', () => {
  for (const [name, base64] of builds) {
    it(`${name}: dgemmtInternal, dsyrkInternal, dsyr2kInternal on sub-matrices, both kernels, both triangles`, async () => {
      const x = await load(base64);
      if (!x) {
        // Node 20 validates relaxed SIMD only with --experimental-wasm-relaxed-simd (the second vitest pass).
        expect(name).toBe('relaxed-simd');
        expect(process.execArgv.includes('--experimental-wasm-relaxed-simd')).toBe(false);
        return;
      }
      const put = (data: Float64Array): number => {
        const ptr = x.alloc(data.length * 8);
        new Float64Array(x.memory.buffer, ptr, data.length).set(data);
        return ptr;
      };
      const read = (ptr: number, count: number): Float64Array => new Float64Array(x.memory.buffer, ptr, count).slice();
      for (const kernel of [0, 1]) {
        expect(x.dgemm_kernel(kernel)).toBe(kernel);
        for (const [n, k] of [[1, 1], [5, 3], [17, 9], [150, 40], [301, 270]] as Array<[number, number]>) {
          for (const uplo of [UPPER, LOWER]) {
            for (const trans of [0, 1]) {
              // Operands live inside larger arrays at an offset (a trailing sub-matrix, as dsytrd uses).
              const lda = (trans ? n : k) + 3;
              const rowsA = (trans ? k : n) + 2;
              const ldc = n + 5;
              const a = integers(rowsA * lda);
              const b = integers(rowsA * lda);
              const c = integers((n + 3) * ldc);
              const aOff = 2 * lda + 1;
              const cOff = 3 * ldc + 2;
              x.reset();
              const pa = put(a);
              const pb = put(b);
              const work = x.alloc(x.dgemmWorkBytes(n, n, k));
              const tA = trans === 1;
              // GEMMT: triangle of C ← α·op(A)·op(B) + β·C, with op(B) = B (k×n) read from b.
              const ldb = n + 1;
              const bb = integers(k * ldb);
              const pbb = put(bb);
              let pc = put(c);
              x.dgemmtInternal(uplo, trans, 0, n, k, -2, pa + aOff * 8, lda, pbb, ldb, 3, pc + cOff * 8, ldc, work);
              const ab = product(tA, false, n, n, k, a, aOff, lda, bb, 0, ldb);
              expectSame(read(pc, c.length), expectTriangle(uplo, n, -2, ab, 3, c, cOff, ldc));
              // SYRK: triangle of C ← α·op(A)·op(A)ᵀ + β·C (trans: AᵀA).
              pc = put(c);
              x.dsyrkInternal(uplo, trans, n, k, 1, pa + aOff * 8, lda, 0, pc + cOff * 8, ldc, work);
              const aat = product(tA, !tA, n, n, k, a, aOff, lda, a, aOff, lda);
              expectSame(read(pc, c.length), expectTriangle(uplo, n, 1, aat, 0, c, cOff, ldc));
              // SYR2K with α = −1, β = 1: dsytrd's trailing update A ← A − V·Wᵀ − W·Vᵀ.
              pc = put(c);
              x.dsyr2kInternal(uplo, trans, n, k, -1, pa + aOff * 8, lda, pb + aOff * 8, lda, 1, pc + cOff * 8, ldc, work);
              const vw = product(tA, !tA, n, n, k, a, aOff, lda, b, aOff, lda);
              const wv = product(tA, !tA, n, n, k, b, aOff, lda, a, aOff, lda);
              const sum = vw.map((v, i) => v + wv[i]!);
              expectSame(read(pc, c.length), expectTriangle(uplo, n, -1, sum, 1, c, cOff, ldc));
            }
          }
        }
      }
      x.dgemm_kernel(0);
    });

    it(`${name}: exported dgemm/sgemm/dsyrk reject bad arguments with −(argument index)`, async () => {
      const x = await load(base64);
      if (!x) return;
      x.reset();
      const p = x.alloc(1024);
      expect(x.dgemm(2, 0, 1, 1, 1, 1, p, 1, p, 1, 0, p, 1, p)).toBe(-1);
      expect(x.dgemm(0, 3, 1, 1, 1, 1, p, 1, p, 1, 0, p, 1, p)).toBe(-2);
      expect(x.dgemm(0, 0, -1, 1, 1, 1, p, 1, p, 1, 0, p, 1, p)).toBe(-3);
      expect(x.dgemm(0, 0, 1, 1, 4, 1, p, 3, p, 1, 0, p, 1, p)).toBe(-8);
      expect(x.dgemm(0, 0, 1, 4, 1, 1, p, 1, p, 3, 0, p, 4, p)).toBe(-10);
      expect(x.dgemm(0, 0, 1, 4, 1, 1, p, 1, p, 4, 0, p, 3, p)).toBe(-13);
      expect(x.sgemm(0, 0, 1, 1, -1, 1, p, 1, p, 1, 0, p, 1, p)).toBe(-5);
      expect(x.dsyrk(2, 1, 1, 1, p, 1, 0, p, 1, p)).toBe(-1);
      expect(x.dsyrk(1, 4, 2, 1, p, 3, 0, p, 4, p)).toBe(-6);
      expect(x.dsyrk(1, 4, 2, 1, p, 4, 0, p, 3, p)).toBe(-9);
    });
  }
});

describe('JS building blocks', () => {
  it('dgemmt, dsyrk (both triangles), dsyr2k with offsets', () => {
    for (const [n, k] of [[1, 1], [6, 5], [33, 17], [140, 270]] as Array<[number, number]>) {
      for (const uplo of ['upper', 'lower'] as const) {
        const u = uplo === 'upper' ? UPPER : LOWER;
        for (const tA of [false, true]) {
          const lda = (tA ? n : k) + 2;
          const a = integers(((tA ? k : n) + 1) * lda);
          const b = integers(((tA ? k : n) + 1) * lda);
          const ldc = n + 3;
          const c = integers((n + 2) * ldc);
          const aOff = lda + 1;
          const cOff = 2 * ldc + 1;
          let got = c.slice();
          dsyrk(tA, n, k, 2, a, aOff, lda, -1, got, cOff, ldc, uplo);
          expectSame(got, expectTriangle(u, n, 2, product(tA, !tA, n, n, k, a, aOff, lda, a, aOff, lda), -1, c, cOff, ldc));
          got = c.slice();
          dsyr2k(uplo, tA, n, k, -1, a, aOff, lda, b, aOff, lda, 1, got, cOff, ldc);
          const vw = product(tA, !tA, n, n, k, a, aOff, lda, b, aOff, lda);
          const wv = product(tA, !tA, n, n, k, b, aOff, lda, a, aOff, lda);
          expectSame(got, expectTriangle(u, n, -1, vw.map((v, i) => v + wv[i]!), 1, c, cOff, ldc));
          got = c.slice();
          dgemmt(uplo, tA, !tA, n, k, 1, a, aOff, lda, b, aOff, lda, 0, got, cOff, ldc);
          expectSame(got, expectTriangle(u, n, 1, vw, 0, c, cOff, ldc));
        }
      }
    }
  });

  it('dgemm and sgemm leave everything outside C[0:m, 0:n] at its offset untouched', () => {
    const m = 37;
    const n = 29;
    const k = 300;
    const a = integers(m * k + 7);
    const b = integers(k * n + 3);
    const ldc = n + 4;
    const c = integers((m + 2) * ldc);
    const got = c.slice();
    dgemm(false, false, m, n, k, 1, a, 7, k, b, 3, n, 0, got, ldc + 2, ldc);
    const p = product(false, false, m, n, k, a, 7, k, b, 3, n);
    const want = c.slice();
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) want[ldc + 2 + i * ldc + j] = p[i * n + j]!;
    expectSame(got, want);
    const got32 = Float32Array.from(c);
    sgemm(false, false, m, n, k, 1, Float32Array.from(a), 7, k, Float32Array.from(b), 3, n, 0, got32, ldc + 2, ldc);
    expectSame(Array.from(got32), Array.from(want));
  });
});

describe('generated twins', () => {
  it('src/js/gemm-f32.ts matches its generator (never hand-edited)', () => {
    const script = fileURLToPath(new URL('../../scripts/generate-js-f32.mjs', import.meta.url));
    // Throws (non-zero exit) when the committed twin differs from what the script produces.
    execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' });
  });
});
