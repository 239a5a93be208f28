// The QR and singular-value kernels below the public API (assembly/src/qr.ts, bidiagonal.ts and
// their JS twins): the ABI's argument checks (info = −(bad argument), specs/core.md §1.3), scratch
// sizes that exist for every shape, and bounded loops — NaN or ±Inf fed straight to dqds (the
// wrappers never do) must come back, not hang. Node-only: it drives the raw wasm exports of both
// builds, which are not public API.
import { describe, expect, it } from 'vitest';
import { relaxedSimdWasmBase64 } from '../../src/generated/relaxed-simd-wasm.js';
import { simdWasmBase64 } from '../../src/generated/simd-wasm.js';
import { dgebrd as dgebrdJs, dlasq1 as dlasq1Js } from '../../src/js/bidiagonal.js';
import { dgeqrf as dgeqrfJs, dorgqr as dorgqrJs } from '../../src/js/qr.js';

interface Kernels {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  reset(): void;
  dgeqrf(m: number, n: number, a: number, lda: number, tau: number, work: number, nb: number): number;
  dorgqr(m: number, n: number, k: number, a: number, lda: number, tau: number, work: number, nb: number): number;
  dgebrd(m: number, n: number, a: number, lda: number, d: number, e: number, work: number, nb: number): number;
  dlasq1(n: number, d: number, e: number, work: number): number;
  dgeqrf_work(m: number, n: number, nb: number): number;
  dorgqr_work(m: number, n: number, k: number, nb: number): number;
  dgebrd_work(m: number, n: number, nb: number): number;
  dlasq1_work(n: number): number;
}

async function load(base64: string): Promise<Kernels | null> {
  const bytes = Buffer.from(base64, 'base64');
  if (!WebAssembly.validate(bytes)) return null;
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort: () => { throw new Error('abort'); } } });
  return instance.exports as unknown as Kernels;
}

const builds: Array<[string, Kernels | null]> = [
  ['simd', await load(simdWasmBase64)],
  ['relaxed-simd', await load(relaxedSimdWasmBase64)],
];

describe('QR and singular-value kernels (raw ABI)', () => {
  it('the SIMD128 build instantiates; the relaxed one exactly when the engine validates it', () => {
    expect(builds[0]![1]).not.toBeNull();
    // Node 20 validates relaxed SIMD only with --experimental-wasm-relaxed-simd (the second pass of `npm test`).
    const relaxedValid = WebAssembly.validate(Buffer.from(relaxedSimdWasmBase64, 'base64'));
    expect(builds[1]![1] !== null).toBe(relaxedValid);
    if (process.env.SPECTRA_REQUIRE_RELAXED_SIMD === '1') expect(relaxedValid).toBe(true);
  });

  for (const [name, k] of builds) {
    if (!k) continue; // not registered where the build cannot load; the case above states which ran
    describe(name, () => {
      it('argument checks return −(index of the bad argument)', () => {
        k.reset();
        const p = k.alloc(64);
        expect(k.dgeqrf(-1, 2, p, 2, p, p, 32)).toBe(-1);
        expect(k.dgeqrf(2, -1, p, 2, p, p, 32)).toBe(-2);
        expect(k.dgeqrf(3, 4, p, 3, p, p, 32)).toBe(-4);
        expect(k.dgeqrf(3, 4, p, 4, p, p, -1)).toBe(-7);
        expect(k.dorgqr(-1, 0, 0, p, 1, p, p, 32)).toBe(-1);
        expect(k.dorgqr(2, 3, 2, p, 3, p, p, 32)).toBe(-2);
        expect(k.dorgqr(3, 2, 3, p, 2, p, p, 32)).toBe(-3);
        expect(k.dorgqr(3, 2, 2, p, 1, p, p, 32)).toBe(-5);
        expect(k.dgebrd(-1, 0, p, 1, p, p, p, 32)).toBe(-1);
        expect(k.dgebrd(2, 3, p, 3, p, p, p, 32)).toBe(-2);
        expect(k.dgebrd(3, 2, p, 1, p, p, p, 32)).toBe(-4);
        expect(k.dgebrd(3, 2, p, 2, p, p, p, -1)).toBe(-8);
        expect(k.dlasq1(-1, p, p, p)).toBe(-1);
        expect(k.dlasq1(0, p, p, p)).toBe(0);
      });

      it('scratch sizes are positive, 16-byte multiples, and small when nothing is blocked', () => {
        for (const [m, n] of [[0, 0], [1, 1], [5, 3], [64, 64], [65, 65], [3072, 768], [10_000_000, 2]] as const) {
          for (const bytes of [k.dgeqrf_work(m, n, 32), k.dorgqr_work(m, n, Math.min(m, n), 32), k.dgebrd_work(m, n, 32), k.dlasq1_work(n)]) {
            expect(bytes).toBeGreaterThan(0);
            expect(bytes % 16).toBe(0);
          }
        }
        // Unblocked (k ≤ 64): one row of n doubles, not an m×nb panel buffer.
        expect(k.dgeqrf_work(10_000_000, 2, 32)).toBe(16);
        expect(k.dgebrd_work(10_000_000, 2, 32)).toBeLessThan(1024);
      });

      it('dqds on NaN or ±Inf returns (bounded loops) instead of hanging', () => {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const n = 60;
          k.reset();
          const dp = k.alloc(n * 8);
          const ep = k.alloc(n * 8);
          const work = k.alloc(k.dlasq1_work(n));
          const d = new Float64Array(k.memory.buffer, dp, n);
          const e = new Float64Array(k.memory.buffer, ep, n);
          for (let i = 0; i < n; i++) {
            d[i] = 1 + i;
            e[i] = 0.5;
          }
          d[7] = bad;
          const info = k.dlasq1(n, dp, ep, work);
          expect(info).toBeGreaterThanOrEqual(0);
        }
      });
    });
  }

  it('the JS twins check arguments the same way and bound dqds the same way', () => {
    const a = new Float64Array(16);
    const t = new Float64Array(4);
    expect(dgeqrfJs(-1, 2, a, 2, t)).toBe(-1);
    expect(dgeqrfJs(2, -1, a, 2, t)).toBe(-2);
    expect(dgeqrfJs(3, 4, a, 3, t)).toBe(-4);
    expect(dorgqrJs(2, 3, 2, a, 3, t)).toBe(-2);
    expect(dorgqrJs(3, 2, 3, a, 2, t)).toBe(-3);
    expect(dorgqrJs(3, 2, 2, a, 1, t)).toBe(-5);
    expect(dgebrdJs(2, 3, a, 3, t, t)).toBe(-2);
    expect(dgebrdJs(3, 2, a, 1, t, t)).toBe(-4);
    expect(dlasq1Js(-1, t, t)).toBe(-1);
    for (const bad of [NaN, Infinity]) {
      const n = 60;
      const d = Float64Array.from({ length: n }, (_, i) => 1 + i);
      const e = new Float64Array(n).fill(0.5);
      d[7] = bad;
      expect(dlasq1Js(n, d, e)).toBeGreaterThanOrEqual(0);
    }
  });
});
