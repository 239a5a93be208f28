// Per-layer distances between two models (specs/weights.md §10.1): the Frobenius distance (and
// relative to ‖W₁‖_F), WeightWatcher's uncentred CKA ‖W₁ᵀW₂‖_F / √(‖W₁ᵀW₁‖_F·‖W₂ᵀW₂‖_F) (per slice,
// averaged over a conv kernel's slices as WW's `distances(method='cka')` does), the change of α,
// and the top singular values of each.
import { gram, matmul, ready, SpectraError, throwIfAborted, type Matrix } from '@spectra/core';
import type { LayerKind, LayerMatrix } from '../types.js';
import { analyzeLayerSlices } from './analyze-layer.js';
import { matchLayers } from './layer-matching.js';
import { resolveAnalysisOptions, type AnalysisOptions } from './options.js';

/** The distances between one pair of matched layers. */
export interface LayerDistance {
  /** The layer's name in the first model. */
  name: string;
  /** Its partner's name in the second model. */
  nameB: string;
  kind: LayerKind;
  N: number;
  M: number;
  rf: number;
  /** ‖W₁ − W₂‖_F over the whole kernel. */
  frobenius: number;
  /** ‖W₁ − W₂‖_F / ‖W₁‖_F. */
  relativeFrobenius: number;
  /** Uncentred CKA, averaged over slices (1 for proportional matrices). */
  cka: number;
  /** Power-law α of each (NaN when its fit failed). */
  alphaA: number;
  alphaB: number;
  /** α(B) − α(A) (NaN when either fit failed). */
  alphaChange: number;
  /** The largest singular values of each (pooled over slices), descending; `topSingularValues` of them. */
  topSingularValuesA: number[];
  topSingularValuesB: number[];
}

/** What `compareModels` returns. */
export interface ModelComparison {
  /** One row per matched pair, in the first model's order. */
  layers: LayerDistance[];
  /** Names of the first model's layers with no partner. */
  unmatchedA: string[];
  /** Names of the second model's layers with no partner. */
  unmatchedB: string[];
  /** Means over matched layers (alpha change over those where both fits succeeded). */
  summary: { meanFrobenius: number; meanRelativeFrobenius: number; meanCka: number; meanAlphaChange: number };
}

/**
 * The uncentred CKA of two equally shaped matrices, computed on the M×M side:
 * ‖W₁ᵀW₂‖²_F = ⟨W₁W₁ᵀ, W₂W₂ᵀ⟩ when rows < cols.
 *
 * @example
 * ```ts
 * import { createMatrix } from '@spectra/core';
 * import { uncenteredCka } from '@spectra/weights';
 * const w = createMatrix(3, 2, [1, 2, 3, 4, 5, 6]);
 * uncenteredCka(w, w);                                          // 1
 * uncenteredCka(w, createMatrix(3, 2, [2, 4, 6, 8, 10, 12]));   // 1: scale-free
 * uncenteredCka(createMatrix(2, 2, [1, 0, 0, 0]), createMatrix(2, 2, [0, 0, 0, 1])); // 0: orthogonal
 * ```
 */
export function uncenteredCka(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new SpectraError('E_SHAPE', `uncenteredCka: ${a.rows}×${a.cols} and ${b.rows}×${b.cols} differ`);
  const side = a.cols <= a.rows ? 'AtA' : 'AAt';
  const ga = gram(a, { side });
  const gb = gram(b, { side });
  let cross2: number;
  if (side === 'AtA') {
    const c = matmul(a, b, { transposeA: true });
    cross2 = sumSquares(c.data);
  } else {
    cross2 = 0;
    for (let i = 0; i < ga.data.length; i++) cross2 += ga.data[i]! * gb.data[i]!;
  }
  let norm = Math.sqrt(Math.sqrt(sumSquares(ga.data)) * Math.sqrt(sumSquares(gb.data)));
  // WW adds 1e-6 to a vanishing norm rather than divide by zero.
  if (norm < 1e-6) norm += 1e-6;
  return Math.sqrt(Math.max(0, cross2)) / norm;
}

function sumSquares(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return s;
}

/**
 * Compares two models layer by layer (matched by name; see `matchLayers`), analysing both with
 * `options` (MP fit and detX off unless asked for) for α and the top singular values
 * (`topSingularValues`, default 5). Waits for `ready()` unless `backend: 'js'`; a fired `signal`
 * throws `E_ABORTED`.
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { compareModels, extractLayers, loadModel, writeSafetensors } from '@spectra/weights';
 * const w0 = randomGaussian(64, 32, { seed: 1 });
 * const w1 = randomGaussian(64, 32, { seed: 2 });
 * const update = randomGaussian(64, 32, { seed: 3, scale: 0.01 });
 * const base = await loadModel(writeSafetensors({
 *   'layers.0.weight': { dtype: 'float64', shape: [64, 32], data: w0.data },
 *   'layers.1.weight': { dtype: 'float64', shape: [64, 32], data: w1.data },
 * }), { name: 'base.safetensors' });
 * const tuned = await loadModel(writeSafetensors({
 *   'model.layers.0.weight': { dtype: 'float64', shape: [64, 32], data: w0.data.map((x, i) => x + update.data[i]) },
 *   'model.layers.2.weight': { dtype: 'float64', shape: [64, 32], data: w1.data }, // same values as layers.1, other name
 * }), { name: 'tuned.safetensors' });
 * const cmp = await compareModels(extractLayers(tuned).layers, extractLayers(base).layers);
 * cmp.layers.map((l) => [l.name, l.nameB]); // [['model.layers.0.weight', 'layers.0.weight']]
 * cmp.layers[0].relativeFrobenius;          // ≈ 0.010044: the update is 1 % of the weights
 * cmp.layers[0].cka;                        // ≈ 0.99997
 * [cmp.unmatchedA, cmp.unmatchedB];         // [['model.layers.2.weight'], ['layers.1.weight']]
 * (await compareModels(extractLayers(base).layers, extractLayers(base).layers)).summary;
 * // { meanFrobenius: 0, meanRelativeFrobenius: 0, meanCka: 1, meanAlphaChange: 0 }
 * ```
 */
export async function compareModels(
  a: readonly LayerMatrix[],
  b: readonly LayerMatrix[],
  options: AnalysisOptions & { topSingularValues?: number; signal?: AbortSignal; onProgress?: (p: { fraction: number; done: number; total: number; layer: string }) => void } = {},
): Promise<ModelComparison> {
  const { topSingularValues = 5, signal, onProgress, ...analysisOptions } = options;
  if (resolveAnalysisOptions(analysisOptions).backend !== 'js') await ready();
  const resolved = resolveAnalysisOptions({ mpFit: false, detX: false, ...analysisOptions });
  const { pairs, unmatchedA, unmatchedB } = matchLayers(a, b);
  const layers: LayerDistance[] = [];
  for (const { a: la, b: lb } of pairs) {
    throwIfAborted(signal, { done: layers.length });
    const sa = la.slices();
    const sb = lb.slices();
    let diff2 = 0;
    let normA2 = 0;
    let cka = 0;
    for (let s = 0; s < sa.length; s++) {
      const x = sa[s]!.data;
      const y = sb[s]!.data;
      for (let i = 0; i < x.length; i++) {
        const d = x[i]! - y[i]!;
        diff2 += d * d;
        normA2 += x[i]! * x[i]!;
      }
      cka += uncenteredCka(sa[s]!, sb[s]!);
    }
    cka /= sa.length;
    const ra = analyzeLayerSlices(la, sa, { ...resolved, keepEsd: true })[0]!;
    const rb = analyzeLayerSlices(lb, sb, { ...resolved, keepEsd: true })[0]!;
    const top = (esd: Float64Array | undefined) => {
      const out: number[] = [];
      if (!esd) return out;
      for (let i = esd.length - 1; i >= 0 && out.length < topSingularValues; i--) out.push(Math.sqrt(esd[i]!));
      return out;
    };
    const frobenius = Math.sqrt(diff2);
    layers.push({
      name: la.name,
      nameB: lb.name,
      kind: la.kind,
      N: la.N,
      M: la.M,
      rf: la.rf,
      frobenius,
      relativeFrobenius: frobenius / Math.sqrt(normA2),
      cka,
      alphaA: ra.alpha,
      alphaB: rb.alpha,
      alphaChange: rb.alpha - ra.alpha,
      topSingularValuesA: top(ra.esd),
      topSingularValuesB: top(rb.esd),
    });
    onProgress?.({ fraction: layers.length / pairs.length, done: layers.length, total: pairs.length, layer: la.name });
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  const mean = (xs: number[]) => {
    const f = xs.filter((v) => !Number.isNaN(v));
    return f.length ? f.reduce((p, q) => p + q, 0) / f.length : NaN;
  };
  return {
    layers,
    unmatchedA: unmatchedA.map((l) => l.name),
    unmatchedB: unmatchedB.map((l) => l.name),
    summary: {
      meanFrobenius: mean(layers.map((l) => l.frobenius)),
      meanRelativeFrobenius: mean(layers.map((l) => l.relativeFrobenius)),
      meanCka: mean(layers.map((l) => l.cka)),
      meanAlphaChange: mean(layers.map((l) => l.alphaChange)),
    },
  };
}
