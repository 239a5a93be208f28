// The empirical spectral density of a layer (specs/weights.md §3): the eigenvalues of X = WᵀW on
// the M×M side, with no 1/N factor, pooled over conv slices, by core's Gram + symmetric
// eigensolver, with an SVD fallback where the Gram route cannot resolve what a metric needs.
import { gram, gramEigenvalues, singularValues, symmetricEigenvalues, symmetricEigendecomposition, SpectraError, type Matrix } from '@spectra/core';
import { eigenvectorMetrics, type EigenvectorMetrics } from './eigenvector-localization.js';

/** How the eigenvalues were computed: all Gram, all SVD, or Gram with some slices redone by SVD. */
export type EsdMethod = 'gram' | 'svd' | 'gram+svd';

/** Options of `layerEsd`. */
export interface EsdOptions {
  /** `'auto'` (default): Gram + eigensolver, SVD where δ ≈ M·ε·λmax cannot resolve a cut; or force one. */
  esdMethod?: 'auto' | 'gram' | 'svd';
  /** Also compute eigenvector metrics (§9) per slice from the Gram eigenvectors. */
  vectors?: boolean;
  /** Kernel backend passed to core. */
  backend?: 'wasm' | 'js';
  /** Keep each slice's Gram matrix (randomisation reuses it for the trap eigenvectors). */
  keepGram?: boolean;
}

/** The ESD of one layer, pooled over its slices, and the per-slice facts the metrics need. */
export interface LayerEsd {
  /** Pooled eigenvalues, ascending, each ≥ 0 (λ = σ²). */
  eigenvalues: Float64Array;
  /** Per slice: its eigenvalues, ascending (separate arrays, not views of `eigenvalues`). */
  sliceEigenvalues: Float64Array[];
  /** Largest singular value per slice. */
  sliceSvMax: Float64Array;
  /** Smallest singular value per slice. */
  sliceSvMin: Float64Array;
  /** Σ over slices of (#σ − #{σ > σmax,slice·N·ε}). */
  rankLoss: number;
  /** Which route computed the eigenvalues. */
  method: EsdMethod;
  /** With `vectors`: metrics of each eigenvector, in the order of `eigenvalues` (pooled ascending). */
  vectorMetrics?: EigenvectorMetrics;
  /** With `keepGram`: each slice's M×M Gram matrix (null where the slice went to SVD). */
  grams?: Array<Matrix | null>;
}

const EPS = 2 ** -52;
/** Cuts the metrics apply to eigenvalues: the fit cut (§4) and the weak-rank cut (§5). */
const RESOLVED_CUTS = [1e-5, 1e-6];

/**
 * Eigenvalues of WᵀW (the smaller side, M×M, no 1/N factor) of every slice, pooled and sorted
 * ascending: the ESD of specs/weights.md §3.
 *
 * The Gram route's absolute error is δ ≈ M·ε·λmax (a backward-stable symmetric eigensolver on a
 * Gram matrix), so a slice is redone by SVD (core's bidiagonal route: relative accuracy of small
 * singular values) when its smallest eigenvalue is within 100·δ of zero (rank decisions) or any
 * eigenvalue lies within 100·δ of the 1e-5 fit cut or the 1e-6 weak-rank cut (spec §3).
 *
 * @example
 * ```ts
 * import { createMatrix } from '@spectra/core';
 * import { layerEsd } from '@spectra/weights';
 * const esd = layerEsd([createMatrix(3, 2, [3, 0, 0, 4, 0, 0])]); // singular values 3 and 4
 * esd.eigenvalues; // Float64Array [9, 16]
 * esd.method;      // 'gram'
 * esd.sliceSvMax;  // Float64Array [4]
 * ```
 */
export function layerEsd(slices: readonly Matrix[], options: EsdOptions = {}): LayerEsd {
  const method = options.esdMethod ?? 'auto';
  if (method !== 'auto' && method !== 'gram' && method !== 'svd') {
    throw new SpectraError('E_ARGUMENT', `esdMethod must be 'auto', 'gram' or 'svd', got ${String(method)}`);
  }
  if (slices.length === 0) throw new SpectraError('E_SHAPE', 'layerEsd: a layer needs at least one slice');
  const backend = options.backend;
  const sliceEigenvalues: Float64Array[] = [];
  const sliceSvMax = new Float64Array(slices.length);
  const sliceSvMin = new Float64Array(slices.length);
  const vectorParts: EigenvectorMetrics[] = [];
  const grams: Array<Matrix | null> = [];
  let rankLoss = 0;
  let usedGram = false;
  let usedSvd = false;
  for (let s = 0; s < slices.length; s++) {
    const w = slices[s]!;
    const N = Math.max(w.rows, w.cols);
    const M = Math.min(w.rows, w.cols);
    let values: Float64Array | undefined;
    let g: Matrix | null = null;
    const side = w.cols <= w.rows ? 'AtA' : 'AAt';
    if (method !== 'svd' && !options.vectors && !options.keepGram) {
      // Values only: SYRK → tridiagonal → QL/QR without the Gram matrix leaving wasm memory (the
      // same kernels and values as the route below, issue #5).
      values = clampNonNegative(gramEigenvalues(w, { side, backend }));
      if (method === 'auto' && !gramResolves(values, M)) values = undefined;
    } else if (method !== 'svd' || options.vectors) {
      // gram fills both triangles exactly (a mirrored SYRK): read one, skipping the symmetry check.
      g = gram(w, { side, backend });
      if (options.vectors) {
        const decomposition = symmetricEigendecomposition(g, { triangle: 'upper', backend });
        vectorParts.push(eigenvectorMetrics(decomposition.vectors));
        values = decomposition.values;
      } else {
        values = symmetricEigenvalues(g, { triangle: 'upper', backend });
      }
      values = clampNonNegative(values);
      if (method === 'auto' && !gramResolves(values, M)) values = undefined;
    }
    if (values === undefined || method === 'svd') {
      const sv = singularValues(w, { backend }).values; // descending
      const svd = new Float64Array(M);
      for (let i = 0; i < M; i++) svd[i] = sv[M - 1 - i]! * sv[M - 1 - i]!;
      values = svd;
      usedSvd = true;
    } else {
      usedGram = true;
    }
    if (options.keepGram) grams.push(g);
    sliceEigenvalues.push(values);
    const svMax = Math.sqrt(values[M - 1] ?? 0);
    sliceSvMax[s] = svMax;
    sliceSvMin[s] = Math.sqrt(values[0] ?? 0);
    // numpy.linalg.matrix_rank's tolerance: σmax·N·ε (the rank of this slice).
    const tolerance = svMax * N * EPS;
    let rank = 0;
    for (let i = 0; i < M; i++) if (Math.sqrt(values[i]!) > tolerance) rank++;
    rankLoss += M - rank;
  }
  const total = sliceEigenvalues.reduce((a, v) => a + v.length, 0);
  const pooled = new Float64Array(total);
  let offset = 0;
  for (const v of sliceEigenvalues) {
    pooled.set(v, offset);
    offset += v.length;
  }
  const result: LayerEsd = {
    eigenvalues: pooled,
    sliceEigenvalues,
    sliceSvMax,
    sliceSvMin,
    rankLoss,
    method: usedGram && usedSvd ? 'gram+svd' : usedSvd ? 'svd' : 'gram',
  };
  if (options.keepGram) result.grams = grams;
  if (options.vectors) {
    // Sort the pooled values, carrying the per-vector metrics along (stable: equal values keep slice order).
    const order = Array.from(pooled.keys()).sort((a, b) => pooled[a]! - pooled[b]! || a - b);
    const merged = concatMetrics(vectorParts);
    result.vectorMetrics = permuteMetrics(merged, order);
    result.eigenvalues = Float64Array.from(order, (i) => pooled[i]!);
  } else if (slices.length > 1) {
    pooled.sort();
  }
  return result;
}

/** True when no eigenvalue sits within 100·δ of zero or of a cut, δ = M·ε·λmax (spec §3). */
function gramResolves(values: Float64Array, M: number): boolean {
  const n = values.length;
  if (n === 0) return true;
  const lambdaMax = values[n - 1]!;
  const margin = 100 * M * EPS * lambdaMax;
  if (values[0]! <= margin) return false;
  for (const cut of RESOLVED_CUTS) {
    for (let i = 0; i < n; i++) if (Math.abs(values[i]! - cut) <= margin) return false;
  }
  return true;
}

function clampNonNegative(values: Float64Array): Float64Array {
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) if (out[i]! < 0) out[i] = 0;
  return out;
}

function concatMetrics(parts: EigenvectorMetrics[]): EigenvectorMetrics {
  const join = (key: keyof EigenvectorMetrics) => {
    const total = parts.reduce((a, p) => a + p[key].length, 0);
    const out = new Float64Array(total);
    let o = 0;
    for (const p of parts) {
      out.set(p[key], o);
      o += p[key].length;
    }
    return out;
  };
  return { entropy: join('entropy'), localizationRatio: join('localizationRatio'), participationRatio: join('participationRatio') };
}

function permuteMetrics(m: EigenvectorMetrics, order: number[]): EigenvectorMetrics {
  return {
    entropy: Float64Array.from(order, (i) => m.entropy[i]!),
    localizationRatio: Float64Array.from(order, (i) => m.localizationRatio[i]!),
    participationRatio: Float64Array.from(order, (i) => m.participationRatio[i]!),
  };
}
