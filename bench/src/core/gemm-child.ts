// Child processes of bench/src/core/gemm.ts, for what one long-lived process cannot measure:
//   cold     — a fresh process: ready() time (bar C2) and the first n = 512 dgemm after ready()
//              against steady calls (bar C1: tier-up happens once per process);
//   cold-raw — the same with the wasm memory grown and touched beforehand: tier-up alone;
//   relaxed  — SIMD128 vs relaxed SIMD side by side in one process: Node 20 validates the relaxed
//              build only with --experimental-wasm-relaxed-simd, which the parent passes (bar G3);
//              the parent also runs it under Deno (`deno run -A`), which validates it by default.
// The last line of stdout is `@@RESULT <json>`.
import { compare, quick, speedup } from '../harness.js';
import { rawDgemm, rawKernels } from './gemm-baselines.js';

function result(value: unknown): void {
  console.log(`@@RESULT ${JSON.stringify(value)}`);
}

function gaussian(count: number, seed: number): Float64Array {
  // A small LCG + Box–Muller: the values do not matter for timing, only that they are not special.
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  return out;
}

async function cold(): Promise<void> {
  const n = 512;
  // Operands exist before the clock starts: only ready() and the products are timed.
  const a = { rows: n, cols: n, data: gaussian(n * n, 1) };
  const b = { rows: n, cols: n, data: gaussian(n * n, 2) };
  const core = await import('@spectra/core');
  const t0 = performance.now();
  const backend = await core.ready();
  const readyMs = performance.now() - t0;
  if (backend !== 'wasm') {
    result({ backend, readyMs });
    return;
  }
  let t = performance.now();
  core.matmul(a, b, { backend: 'wasm' });
  const firstMs = performance.now() - t;
  const steady: number[] = [];
  for (let i = 0; i < 7; i++) {
    t = performance.now();
    core.matmul(a, b, { backend: 'wasm' });
    steady.push(performance.now() - t);
  }
  steady.sort((x, y) => x - y);
  result({ backend, variant: core.wasmVariant(), readyMs, firstMs, steadyMs: steady[3] });
}

/**
 * Splits C1's first-call penalty in a fresh process with a raw SIMD128 instance: the wasm memory
 * an n = 512 product needs is grown and touched first (its first-touch time is reported: fresh
 * pages fault once each, which this VM makes expensive), then the f64 warm-up of @spectra/core
 * (four 8×8×2048 products), then the first n = 512 product against steady ones — tier-up alone.
 */
async function coldRaw(): Promise<void> {
  const x = await rawKernels('simd');
  if (typeof x === 'string') {
    result({ unavailable: x });
    return;
  }
  const n = 512;
  const a = gaussian(n * n, 5);
  const b = gaussian(n * n, 6);
  const need = 3 * n * n * 8 + x.dgemm_work(n, n, n) + (1 << 20);
  let t = performance.now();
  x.memory.grow(Math.ceil((need - x.memory.buffer.byteLength) / 65536) + 1);
  new Uint8Array(x.memory.buffer).fill(0);
  const touchMs = performance.now() - t;
  // The warm-up of packages/core/src/matmul.ts (its f64 half): four 8×8×2048 products.
  const k = 2048;
  const w = gaussian(8 * k, 7);
  t = performance.now();
  for (let i = 0; i < 4; i++) {
    x.reset();
    const pa = x.alloc(8 * k * 8);
    const pc = x.alloc(64 * 8);
    const pw = x.alloc(x.dgemm_work(8, 8, k));
    new Float64Array(x.memory.buffer, pa, 8 * k).set(w);
    x.dgemm(0, 0, 8, 8, k, 1, pa, k, pa, 8, 0, pc, 8, pw);
  }
  const warmMs = performance.now() - t;
  t = performance.now();
  rawDgemm(x, a, b, n);
  const firstMs = performance.now() - t;
  const steady: number[] = [];
  for (let i = 0; i < 7; i++) {
    t = performance.now();
    rawDgemm(x, a, b, n);
    steady.push(performance.now() - t);
  }
  steady.sort((p, q) => p - q);
  result({ touchMs, touchedMiB: x.memory.buffer.byteLength / 2 ** 20, warmMs, firstMs, steadyMs: steady[3] });
}

async function relaxed(): Promise<void> {
  const simd = await rawKernels('simd');
  const fma = await rawKernels('relaxed-simd');
  if (typeof simd === 'string' || typeof fma === 'string') {
    result({ unavailable: typeof fma === 'string' ? fma : simd });
    return;
  }
  const out: Record<string, number> = {};
  for (const n of quick ? [512] : [256, 512, 1024]) {
    const a = gaussian(n * n, 3);
    const b = gaussian(n * n, 4);
    const runtime = 'Deno' in globalThis ? 'Deno child process' : 'Node child process with --experimental-wasm-relaxed-simd';
    const c = compare(`dgemm n=${n}: relaxed SIMD (FMA) vs SIMD128, raw kernels, ${runtime}`, [
      { name: 'wasm relaxed-simd', fn: () => rawDgemm(fma, a, b, n) },
      { name: 'wasm simd128', fn: () => rawDgemm(simd, a, b, n) },
    ], {}, { n });
    out[`speedup${n}`] = speedup(c, 'wasm relaxed-simd', 'wasm simd128');
    const relaxedMs = c.candidates[0]!.medianMs;
    const simdMs = c.candidates[1]!.medianMs;
    out[`relaxedGflops${n}`] = (2 * n ** 3) / relaxedMs / 1e6;
    out[`simdGflops${n}`] = (2 * n ** 3) / simdMs / 1e6;
  }
  result(out);
}

const mode = process.argv[2];
if (mode === 'cold') await cold();
else if (mode === 'relaxed') await relaxed();
else if (mode === 'cold-raw') await coldRaw();
else {
  console.error(`gemm-child: unknown mode ${mode}`);
  process.exit(2);
}
