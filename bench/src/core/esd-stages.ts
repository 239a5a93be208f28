// Where the time of a weight matrix's ESD goes (specs/weights.md §3, issue #5), on raw kernel
// instances so two wasm builds (SIMD128 and relaxed SIMD) run side by side in one process: the Gram
// matrix by dsyrk, the tridiagonal reduction (one-stage dsytrd and the two-stage dsytrd_2stage),
// and dsterf, at the GPT-2-small shapes and WeightWatcher's 1000×500. Plain code with no Node API:
// the Node child (eigen-child.ts, with --experimental-wasm-relaxed-simd), Deno and the Chromium
// page (esd-stages-page.ts) run the same function.
import { heavyTailedFloat32 } from '../weights/synthetic-model.js';

/** The raw exports these measurements call (specs/core.md §1.3). */
export interface RawKernels {
  memory: WebAssembly.Memory;
  reset(): void;
  alloc(bytes: number): number;
  dsyrk(t: number, n: number, k: number, alpha: number, a: number, lda: number, beta: number, c: number, ldc: number, work: number): number;
  dsyrk_work(n: number, k: number): number;
  dsytrd(n: number, a: number, lda: number, d: number, e: number, work: number, nb: number): number;
  dsytrd_work(n: number, nb: number): number;
  dsytrd_2stage(n: number, a: number, lda: number, d: number, e: number, work: number, kd: number): number;
  dsytrd_2stage_work(n: number, kd: number): number;
  dsterf(n: number, d: number, e: number): number;
}

export interface StageRow {
  variant: string;
  shape: string;
  /** 'cpu' where the runtime has process.cpuUsage (Node, Deno: robust on a loaded host), else 'wall'. */
  clock: 'cpu' | 'wall';
  /** Gram dsyrk (n²·k flops), one-stage dsytrd (4/3·n³), two-stage, dsterf: median ms. */
  syrkMs: number;
  sytrdMs: number;
  sytrd2Ms: number;
  sterfMs: number;
  syrkGflops: number;
  sytrdGflops: number;
  sytrd2Gflops: number;
}

/** rows × cols weight shapes (N×M or M×N): the GPT-2-small matrices and WW's dense reference. */
export const ESD_SHAPES: ReadonlyArray<readonly [number, number]> = [[768, 3072], [3072, 768], [768, 2304], [768, 768], [1000, 500]];

const SYTRD_BLOCK = 32;
const TWO_STAGE_BAND = 32;

/** process.cpuUsage in Node and Deno (user + system ms), undefined in browsers. */
const cpuUsage = (globalThis as unknown as { process?: { cpuUsage?: () => { user: number; system: number } } }).process?.cpuUsage;

function clockMs(): number {
  if (cpuUsage) {
    const u = cpuUsage();
    return (u.user + u.system) / 1000;
  }
  return performance.now();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
}

/** Instantiates raw kernel modules from bytes (the ones that validate here). */
export async function instantiateVariants(bytes: Record<string, Uint8Array>): Promise<Record<string, RawKernels>> {
  const out: Record<string, RawKernels> = {};
  for (const [name, b] of Object.entries(bytes)) {
    if (!WebAssembly.validate(b as BufferSource)) continue;
    const { instance } = await WebAssembly.instantiate(b as BufferSource, { env: { abort: () => { throw new Error(`${name}: wasm abort`); } } });
    out[name] = instance.exports as unknown as RawKernels;
  }
  return out;
}

/**
 * Median time of each stage per variant (CPU time where the runtime reports it, else wall time),
 * variants and stages interleaved round by round. Each
 * tridiagonal reduction starts from a fresh copy of G (the copy, n² doubles, is inside its time:
 * ≤ 1 % of it), dsterf from a fresh copy of (d, e).
 */
export function measureEsdStages(variants: Record<string, RawKernels>, rounds: number, shapes = ESD_SHAPES): StageRow[] {
  const rows: StageRow[] = [];
  for (const [r, c] of shapes) {
    const n = Math.min(r, c);
    const k = Math.max(r, c);
    const t = r >= c ? 1 : 0; // AᵀA of a tall W, A·Aᵀ of a wide one (as gramEigenvalues)
    const w = Float64Array.from(heavyTailedFloat32(r, c, 7));
    const setups = Object.entries(variants).map(([name, K]) => {
      K.reset();
      const a = K.alloc(8 * n * k);
      const g = K.alloc(8 * n * n);
      const g2 = K.alloc(8 * n * n);
      const d = K.alloc(8 * n);
      const e = K.alloc(8 * n);
      const d2 = K.alloc(8 * n);
      const e2 = K.alloc(8 * n);
      const work = K.alloc(Math.max(K.dsyrk_work(n, k), K.dsytrd_work(n, SYTRD_BLOCK), K.dsytrd_2stage_work(n, TWO_STAGE_BAND)));
      new Float64Array(K.memory.buffer, a, n * k).set(w);
      const view = (p: number, len: number) => new Float64Array(K.memory.buffer, p, len);
      const syrk = () => K.dsyrk(t, n, k, 1, a, c, 0, g, n, work);
      syrk();
      const sytrd = () => {
        view(g2, n * n).set(view(g, n * n));
        K.dsytrd(n, g2, n, d, e, work, SYTRD_BLOCK);
      };
      const sytrd2 = () => {
        view(g2, n * n).set(view(g, n * n));
        K.dsytrd_2stage(n, g2, n, d, e, work, TWO_STAGE_BAND);
      };
      sytrd();
      const dSaved = view(d, n).slice();
      const eSaved = view(e, n).slice();
      const sterf = () => {
        view(d2, n).set(dSaved);
        view(e2, n).set(eSaved);
        K.dsterf(n, d2, e2);
      };
      // Warm: tier-up of every kernel before timing.
      for (let i = 0; i < 2; i++) {
        syrk();
        sytrd();
        sytrd2();
        sterf();
      }
      return { name, stages: [syrk, sytrd, sytrd2, sterf], samples: [[], [], [], []] as number[][] };
    });
    for (let round = 0; round < rounds; round++) {
      for (let v = 0; v < setups.length; v++) {
        const s = setups[(v + round) % setups.length]!;
        for (let i = 0; i < s.stages.length; i++) {
          const t0 = clockMs();
          s.stages[i]!();
          s.samples[i]!.push(clockMs() - t0);
        }
      }
    }
    for (const s of setups) {
      const [syrkMs, sytrdMs, sytrd2Ms, sterfMs] = s.samples.map(median) as [number, number, number, number];
      rows.push({
        variant: s.name,
        shape: `${r}×${c}`,
        clock: cpuUsage ? 'cpu' : 'wall',
        syrkMs,
        sytrdMs,
        sytrd2Ms,
        sterfMs,
        syrkGflops: (n * n * k) / syrkMs / 1e6,
        sytrdGflops: ((4 / 3) * n ** 3) / sytrdMs / 1e6,
        sytrd2Gflops: ((4 / 3) * n ** 3) / sytrd2Ms / 1e6,
      });
    }
  }
  return rows;
}

/** One printable line per row. */
export function formatStageRow(r: StageRow): string {
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  const total = r.syrkMs + Math.min(r.sytrdMs, r.sytrd2Ms) + r.sterfMs;
  return `  ${r.variant.padEnd(13)} ${r.shape.padEnd(9)} ${r.clock} dsyrk ${f(r.syrkMs)} ms (${f(r.syrkGflops)} GFLOP/s, ${f((100 * r.syrkMs) / total)} %) | dsytrd ${f(r.sytrdMs)} ms (${f(r.sytrdGflops)}) | two-stage ${f(r.sytrd2Ms)} ms (${f(r.sytrd2Gflops)}) | dsterf ${f(r.sterfMs)} ms (${f((100 * r.sterfMs) / total)} %)`;
}
