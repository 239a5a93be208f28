// Side-by-side timing (specs/core.md §4.3): warm every candidate, interleave them round by round
// (rotating the order so none always runs first), take the median time per call and the median of
// per-round ratios. Absolute times on a shared 2-core machine are noisy; ratios measured in the
// same rounds are what we gate on.

export interface Candidate {
  /** Label printed and used in JSON, e.g. 'wasm', 'js', 'ml-matrix'. */
  name: string;
  /** One call of the work. May return a value; it is kept alive so nothing is optimised away. */
  fn: () => unknown;
  /** Skip this candidate (a baseline that is too slow for --quick, or unavailable), with a reason. */
  skip?: string;
}

export interface CompareOptions {
  /** Interleaved rounds (default 7; --quick 3). */
  rounds?: number;
  /** Minimum time per candidate per round, in ms (default 150): small kernels repeat inside a round. */
  minRoundMs?: number;
  /** Calls before timing (default 2): tier-up and first-touch costs are not what we measure. */
  warmup?: number;
}

export interface CandidateResult {
  name: string;
  /** Median milliseconds per call over rounds. */
  medianMs: number;
  /** Per-round ms per call. */
  samplesMs: number[];
  /**
   * Median process CPU time (user + system) per call, ms: on a shared machine this tracks the
   * quiet-machine time better than wall time (single-threaded candidates only; worker pools add
   * their threads' time).
   */
  medianCpuMs?: number;
  /** Median over rounds of (this candidate's time ÷ the first candidate's time). */
  ratioToFirst: number;
  skipped?: string;
}

export interface Comparison {
  name: string;
  candidates: CandidateResult[];
  /** Extra figures the case reports (GFLOP/s, errors, sizes). */
  extra: Record<string, unknown>;
}

export interface Bar {
  id: string;
  description: string;
  value: number;
  bar: number;
  /** 'atLeast': value ≥ bar passes; 'atMost': value ≤ bar passes. */
  kind: 'atLeast' | 'atMost';
  pass: boolean;
}

export interface BenchReport {
  environment: Record<string, unknown>;
  comparisons: Comparison[];
  bars: Bar[];
  notes: string[];
}

export const report: BenchReport = { environment: {}, comparisons: [], bars: [], notes: [] };

let sink: unknown;
/** Keeps results reachable so engines cannot drop the work. */
export function consume(x: unknown): void {
  sink = x;
}
export function sinkValue(): unknown {
  return sink;
}

export const quick = process.argv.includes('--quick') || process.env.SPECTRA_BENCH_QUICK === '1';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

let lastCpuMs = 0;
function timeOnce(fn: () => unknown, iterations: number): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) consume(fn());
  const wall = (performance.now() - t0) / iterations;
  const c = process.cpuUsage(c0);
  lastCpuMs = (c.user + c.system) / 1000 / iterations;
  return wall;
}

/**
 * Times `candidates` side by side and records the comparison in the report. The first candidate is
 * the reference of `ratioToFirst` (so put ours first and read ratios > 1 as "baseline slower").
 */
export function compare(name: string, candidates: Candidate[], options: CompareOptions = {}, extra: Record<string, unknown> = {}): Comparison {
  const rounds = options.rounds ?? (quick ? 3 : 7);
  const minRoundMs = options.minRoundMs ?? (quick ? 60 : 150);
  const warmup = options.warmup ?? 2;
  const live = candidates.filter((c) => !c.skip);
  const iterations = new Map<Candidate, number>();
  for (const c of live) {
    for (let i = 0; i < warmup; i++) consume(c.fn());
    // Calibrate: repeat until one batch takes ≥ minRoundMs.
    let n = 1;
    let t = timeOnce(c.fn, 1);
    while (t * n < minRoundMs && n < 1 << 20) {
      n = Math.min(1 << 20, Math.max(n * 2, Math.ceil(minRoundMs / Math.max(t, 1e-6))));
      t = timeOnce(c.fn, n);
      if (t * n >= minRoundMs) break;
    }
    iterations.set(c, n);
  }
  const samples = new Map<Candidate, number[]>(live.map((c) => [c, []]));
  const cpuSamples = new Map<Candidate, number[]>(live.map((c) => [c, []]));
  for (let r = 0; r < rounds; r++) {
    // Rotate the order each round: no candidate always runs first (or right after another's garbage).
    for (let k = 0; k < live.length; k++) {
      const c = live[(k + r) % live.length]!;
      samples.get(c)!.push(timeOnce(c.fn, iterations.get(c)!));
      cpuSamples.get(c)!.push(lastCpuMs);
    }
  }
  const first = live[0];
  const results: CandidateResult[] = candidates.map((c) => {
    if (c.skip) return { name: c.name, medianMs: NaN, samplesMs: [], medianCpuMs: NaN, ratioToFirst: NaN, skipped: c.skip };
    const s = samples.get(c)!;
    const f = samples.get(first!)!;
    return { name: c.name, medianMs: median(s), samplesMs: s, medianCpuMs: median(cpuSamples.get(c)!), ratioToFirst: median(s.map((x, i) => x / f[i]!)) };
  });
  const comparison: Comparison = { name, candidates: results, extra };
  report.comparisons.push(comparison);
  printComparison(comparison);
  return comparison;
}

/** Median per-round speed-up of `fast` over `slow` in a comparison: time(slow) ÷ time(fast). */
export function speedup(c: Comparison, fast: string, slow: string): number {
  const a = c.candidates.find((x) => x.name === fast);
  const b = c.candidates.find((x) => x.name === slow);
  if (!a || !b || a.skipped || b.skipped) return NaN;
  return median(a.samplesMs.map((x, i) => b.samplesMs[i]! / x));
}

/** Records a bar (specs' performance table) and prints PASS/MISS. */
export function bar(id: string, description: string, value: number, target: number, kind: 'atLeast' | 'atMost' = 'atLeast'): Bar {
  const pass = kind === 'atLeast' ? value >= target : value <= target;
  const b: Bar = { id, description, value, bar: target, kind, pass };
  report.bars.push(b);
  console.log(`  [${pass ? 'PASS' : 'MISS'}] ${id}: ${description}: ${fmt(value)} (bar ${kind === 'atLeast' ? '≥' : '≤'} ${fmt(target)})`);
  return b;
}

export function note(text: string): void {
  report.notes.push(text);
  console.log(`  note: ${text}`);
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(2);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(3);
}

function printComparison(c: Comparison): void {
  const extra = Object.entries(c.extra).map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : String(v)}`).join(' ');
  console.log(`\n${c.name}${extra ? `  (${extra})` : ''}`);
  for (const r of c.candidates) {
    if (r.skipped) console.log(`  ${r.name.padEnd(26)} skipped: ${r.skipped}`);
    else console.log(`  ${r.name.padEnd(26)} ${fmt(r.medianMs).padStart(9)} ms${r.medianCpuMs !== undefined ? ` (cpu ${fmt(r.medianCpuMs)} ms)` : ""}   ×${fmt(r.ratioToFirst)} vs ${c.candidates[0]!.name}`);
  }
}
