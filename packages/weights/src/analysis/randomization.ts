// Randomised ESDs, rand_distance and correlation traps (specs/weights.md §7; Martin & Mahoney,
// JMLR 2021 §6): shuffle every entry of each slice with the seeded core RNG, fit MP to the
// randomised ESD, and call spikes that survive the shuffle correlation traps: a few abnormally large
// entries no permutation removes.
import { gram, rng, symmetricEigendecomposition, type Matrix } from '@spectra/core';
import { layerEsd, type LayerEsd } from './esd.js';
import { fitMarchenkoPastur } from './marchenko-pastur-fit.js';

/** Where a trap comes from: the largest entries of its rank-one component, in the original matrix. */
export interface TrapDetail {
  /** The trap eigenvalue of the randomised ESD (original units). */
  eigenvalue: number;
  /** The slice whose shuffle produced it. */
  sliceId: number;
  /** The entries (row, col) of the original slice with the largest |u_i·v_j|, and their values. */
  entries: Array<{ row: number; col: number; value: number }>;
}

/** The randomised fields of one shuffle (WW's `rand_*` columns and ours; original ESD units). */
export interface RandomizedFields {
  /** Largest eigenvalue of the randomised ESD. */
  maxRandEval: number;
  /** Spikes of the MP fit of the randomised ESD: > 0 is a correlation trap. */
  randNumSpikes: number;
  /** σ, soft rank, bulk edges and W_scale of that MP fit (as in `MarchenkoPasturFit`). */
  randSigmaMp: number;
  randMpSoftrank: number;
  randBulkMax: number;
  randBulkMin: number;
  randWScale: number;
  /** √JSD between the sorted ESD and the sorted ESD of one shuffle, each normalised to sum 1. */
  randDistance: number;
  /** max randomised eigenvalue / λmax. */
  wwSoftrank: number;
  /** λmax − max randomised eigenvalue. */
  wwMaxdist: number;
}

/** Result of `randomizeLayer`: the first replicate's fields, its traps, and replicate statistics. */
export interface RandomizationResult extends RandomizedFields {
  /** randNumSpikes > 0. */
  trap: boolean;
  /** Eigenvalues of the randomised ESD beyond its MP edge + √TW (original units), descending. */
  trapEigenvalues: number[];
  /** Where each trap comes from, largest eigenvalue first (empty without a trap or with `trapDetails: false`). */
  trapDetails: TrapDetail[];
  /** With replicates > 1: mean, sd (n − 1), min, max of every field, and the fraction with a trap. */
  replicates?: { count: number; trapFraction: number; fields: Record<keyof RandomizedFields, { mean: number; sd: number; min: number; max: number }> };
  /** The first replicate's randomised ESD, ascending (for plots). */
  randomEigenvalues: Float64Array;
}

/** Options of `randomizeLayer` (the analysis fills them from `randomize` and the layer). */
export interface RandomizationOptions {
  /** Seed of the core RNG; each (layer, slice, replicate) derives its own stream from it. */
  seed: number;
  /** Independent shuffles (≥ 1). */
  replicates: number;
  /** Identifies the layer in the seed derivation, so results do not depend on the order or pool size. */
  layerId: number;
  /** Index of the first slice given (unpooled slices are randomised one call each; default 0). */
  sliceId?: number;
  /** The layer's N/M, for the MP fit. */
  Q: number;
  /** The layer's smaller side, for the Tracy–Widom scale. */
  M: number;
  /** WeightWatcher's second, independent shuffle for randDistance/wwSoftrank/wwMaxdist (§7). */
  compat: boolean;
  /** How the randomised ESDs are computed (see `layerEsd`). */
  esdMethod: 'auto' | 'gram' | 'svd';
  /** Kernel backend passed to core. */
  backend?: 'wasm' | 'js';
  /** Entries per trap to report (default 5). */
  trapEntries?: number;
  /** Locate the trap entries (default true; costs one partial eigendecomposition when a trap exists). */
  trapDetails?: boolean;
}

const FIELDS: Array<keyof RandomizedFields> = [
  'maxRandEval', 'randNumSpikes', 'randSigmaMp', 'randMpSoftrank', 'randBulkMax', 'randBulkMin', 'randWScale', 'randDistance', 'wwSoftrank', 'wwMaxdist',
];

/**
 * The seed of one (layer, slice, replicate, stream): a 64-bit mix, so every layer draws the same
 * numbers whatever the order, pool size or filter.
 */
export function derivedSeed(seed: number, layerId: number, sliceId: number, replicate: number, stream: number): bigint {
  const M64 = (1n << 64n) - 1n;
  let h = BigInt.asUintN(64, BigInt(seed));
  for (const part of [layerId, sliceId, replicate, stream]) {
    h = (h ^ BigInt.asUintN(64, BigInt(part))) & M64;
    h = (h * 0x9e3779b97f4a7c15n) & M64;
    h ^= h >> 29n;
  }
  return h;
}

interface Shuffled {
  slices: Matrix[];
  permutations: Int32Array[];
}

function shuffleSlices(slices: readonly Matrix[], seedOf: (sliceIndex: number) => bigint): Shuffled {
  const out: Matrix[] = [];
  const permutations: Int32Array[] = [];
  for (let s = 0; s < slices.length; s++) {
    const w = slices[s]!;
    const n = w.rows * w.cols;
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    // Fisher–Yates over the positions: entry i of the shuffle is entry perm[i] of the original.
    rng(seedOf(s)).shuffle(perm);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = w.data[perm[i]!]!;
    out.push({ rows: w.rows, cols: w.cols, data });
    permutations.push(perm);
  }
  return { slices: out, permutations };
}

/**
 * √JSD of two ESDs of equal length, each sorted and normalised to sum 1 and read as distributions
 * over the rank index (natural logs), as WW's `jensen_shannon_distance` with scipy's entropy.
 * Because both are sorted first, the order of the values does not matter.
 *
 * @example
 * ```ts
 * import { jensenShannonDistance } from '@spectra/weights';
 * jensenShannonDistance([1, 2, 3, 4], [4, 3, 2, 1]); // 0: the same values, sorted
 * jensenShannonDistance([1, 1, 1, 1], [0, 0, 0, 4]); // ≈ 0.6168 (scipy.spatial.distance.jensenshannon: 0.61676…)
 * ```
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const n = p.length;
  const a = Float64Array.from(p as ArrayLike<number>).sort();
  const b = Float64Array.from(q as ArrayLike<number>).sort();
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += a[i]!;
    sb += b[i]!;
  }
  let kl1 = 0;
  let kl2 = 0;
  for (let i = 0; i < n; i++) {
    const pi = a[i]! / sa;
    const qi = b[i]! / sb;
    const m = (pi + qi) / 2;
    if (pi > 0) kl1 += pi * Math.log(pi / m);
    if (qi > 0) kl2 += qi * Math.log(qi / m);
  }
  return Math.sqrt(Math.max(0, (kl1 + kl2) / 2));
}

/**
 * Randomises a layer's slices (every entry shuffled by Fisher–Yates on the seeded core RNG; 5
 * shuffles pooled when M·rf < 100), fits MP to the randomised ESD, and reports traps and their
 * positions, rand_distance, WW's soft rank and max distance, and replicate statistics
 * (specs/weights.md §7; Martin & Mahoney, JMLR 2021 §6).
 *
 * @param eigenvalues the layer's (unrandomised) ESD, ascending.
 * @example
 * ```ts
 * import { randomGaussian, gram, symmetricEigenvalues } from '@spectra/core';
 * import { randomizeLayer } from '@spectra/weights';
 * const options = { seed: 0, replicates: 1, layerId: 0, Q: 3, M: 100, compat: false, esdMethod: 'auto' } as const;
 * const w = randomGaussian(300, 100, { seed: 3 });
 * randomizeLayer([w], symmetricEigenvalues(gram(w)), options).trap; // false: Gaussian entries leave no trap
 * w.data[5] = 30; // one abnormally large entry, at (row 0, col 5)
 * const r = randomizeLayer([w], symmetricEigenvalues(gram(w)), options);
 * r.trap;                      // true: no shuffle removes it
 * r.trapEigenvalues;           // ≈ [1283.9]
 * r.trapDetails[0].entries[0]; // { row: 0, col: 5, value: 30 }
 * ```
 */
export function randomizeLayer(slices: readonly Matrix[], eigenvalues: Float64Array, options: RandomizationOptions): RandomizationResult {
  const { Q, M } = options;
  const sliceBase = options.sliceId ?? 0;
  const numEvals = eigenvalues.length;
  const pooledCount = numEvals < 100 ? 5 : 1;
  const lambdaMax = eigenvalues[numEvals - 1]!;
  const results: Array<RandomizedFields & { trap: boolean }> = [];
  let first: RandomizationResult | undefined;
  for (let r = 0; r < options.replicates; r++) {
    // Shuffle set 0 serves everything (default); further sets are pooled when M·rf < 100.
    const shuffles: Shuffled[] = [];
    const esds: Float64Array[] = [];
    let firstEsd: LayerEsd | undefined;
    for (let t = 0; t < pooledCount; t++) {
      const sh = shuffleSlices(slices, (s) => derivedSeed(options.seed, options.layerId, sliceBase + s, r, t));
      shuffles.push(sh);
      // The first shuffle of the first replicate keeps its Gram matrices for the trap eigenvectors.
      const esd = layerEsd(sh.slices, { esdMethod: options.esdMethod, backend: options.backend, keepGram: r === 0 && t === 0 && options.trapDetails !== false });
      if (t === 0) firstEsd = esd;
      esds.push(esd.eigenvalues);
    }
    const pooled = concatSorted(esds);
    const mp = fitMarchenkoPastur(pooled, { Q, M, compat: options.compat });
    // rand_distance and WW's soft rank use one shuffle of the same length as the ESD: the first,
    // or in compat mode a second independent one, as WW draws it.
    let q = esds[0]!;
    if (options.compat) {
      const sh = shuffleSlices(slices, (s) => derivedSeed(options.seed, options.layerId, sliceBase + s, r, 1000));
      q = layerEsd(sh.slices, { esdMethod: options.esdMethod, backend: options.backend }).eigenvalues;
    }
    const maxQ = q[q.length - 1]!;
    const fields: RandomizedFields & { trap: boolean } = {
      maxRandEval: pooled[pooled.length - 1]!,
      randNumSpikes: mp.numSpikes,
      randSigmaMp: mp.sigmaMp,
      randMpSoftrank: mp.mpSoftrank,
      randBulkMax: mp.bulkMax,
      randBulkMin: mp.bulkMin,
      randWScale: mp.wScale,
      randDistance: jensenShannonDistance(eigenvalues, q),
      wwSoftrank: maxQ / lambdaMax,
      wwMaxdist: lambdaMax - maxQ,
      trap: mp.numSpikes > 0,
    };
    results.push(fields);
    if (r === 0) {
      const trapEigenvalues: number[] = [];
      for (let i = pooled.length - 1; i >= 0 && pooled[i]! > mp.spikeThreshold; i--) trapEigenvalues.push(pooled[i]!);
      const { trap: _trap, ...plain } = fields;
      first = {
        ...plain,
        trap: fields.trap,
        trapEigenvalues,
        trapDetails: fields.trap && options.trapDetails !== false ? trapDetails(slices, shuffles[0]!, firstEsd!, mp.spikeThreshold, options) : [],
        randomEigenvalues: pooled,
      };
    }
  }
  const out = first!;
  if (options.replicates > 1) {
    const stats = {} as Record<keyof RandomizedFields, { mean: number; sd: number; min: number; max: number }>;
    for (const f of FIELDS) {
      const xs = results.map((x) => x[f]);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      stats[f] = { mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
    }
    out.replicates = { count: results.length, trapFraction: results.filter((x) => x.trap).length / results.length, fields: stats };
  }
  return out;
}

function concatSorted(parts: Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Float64Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out.sort();
}

/**
 * For every trap eigenvalue of a shuffled slice: its singular vectors (u, v) from the Gram
 * eigenvectors, the entries with the largest |u_i·v_j| (the trap's rank-one component), mapped back
 * through the permutation to the original (row, col).
 */
function trapDetails(slices: readonly Matrix[], shuffled: Shuffled, esd: LayerEsd, threshold: number, options: RandomizationOptions): TrapDetail[] {
  const perEntry = options.trapEntries ?? 5;
  const details: TrapDetail[] = [];
  for (let s = 0; s < shuffled.slices.length; s++) {
    const w = shuffled.slices[s]!;
    const original = slices[s]!;
    const atA = w.cols <= w.rows;
    const sliceValues = esd.sliceEigenvalues[s]!;
    const m = sliceValues.length;
    let count = 0;
    while (count < m && sliceValues[m - 1 - count]! > threshold) count++;
    if (count === 0) continue;
    // Only the trap eigenvectors: the top `count` of the Gram matrix the ESD already formed.
    const g = esd.grams?.[s] ?? gram(w, { side: atA ? 'AtA' : 'AAt', backend: options.backend });
    const { values, vectors } = symmetricEigendecomposition(g, { triangle: 'upper', select: { index: [m - count, m - 1] }, backend: options.backend });
    for (let j = count - 1; j >= 0; j--) {
      const sigma = Math.sqrt(values[j]!);
      // Eigenvector x of the Gram side; the other side is Wx/σ (or Wᵀx/σ).
      const x = new Float64Array(m);
      for (let r = 0; r < m; r++) x[r] = vectors.data[r * vectors.cols + j]!;
      const otherLength = atA ? w.rows : w.cols;
      const y = new Float64Array(otherLength);
      if (atA) {
        for (let r = 0; r < w.rows; r++) {
          let acc = 0;
          for (let c = 0; c < w.cols; c++) acc += w.data[r * w.cols + c]! * x[c]!;
          y[r] = acc / sigma;
        }
      } else {
        for (let c = 0; c < w.cols; c++) {
          let acc = 0;
          for (let r = 0; r < w.rows; r++) acc += w.data[r * w.cols + c]! * x[r]!;
          y[c] = acc / sigma;
        }
      }
      const u = atA ? y : x; // left, length rows
      const v = atA ? x : y; // right, length cols
      const topU = topIndices(u, perEntry);
      const topV = topIndices(v, perEntry);
      const candidates: Array<{ r: number; c: number; score: number }> = [];
      for (const r of topU) for (const c of topV) candidates.push({ r, c, score: Math.abs(u[r]! * v[c]!) });
      candidates.sort((a, b) => b.score - a.score || a.r - b.r || a.c - b.c);
      const entries = candidates.slice(0, perEntry).map(({ r, c }) => {
        const source = shuffled.permutations[s]![r * w.cols + c]!;
        return { row: Math.floor(source / original.cols), col: source % original.cols, value: original.data[source]! };
      });
      details.push({ eigenvalue: values[j]!, sliceId: (options.sliceId ?? 0) + s, entries });
    }
  }
  return details.sort((a, b) => b.eigenvalue - a.eigenvalue);
}

function topIndices(x: Float64Array, k: number): number[] {
  const idx = Array.from(x.keys());
  idx.sort((a, b) => Math.abs(x[b]!) - Math.abs(x[a]!) || a - b);
  return idx.slice(0, k);
}
