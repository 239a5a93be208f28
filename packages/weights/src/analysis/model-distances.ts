// Per-layer distances between two models (specs/weights.md §10.1): the Frobenius distance (and
// relative to ‖W₁‖_F), WeightWatcher's uncentred CKA ‖W₁ᵀW₂‖_F / √(‖W₁ᵀW₁‖_F·‖W₂ᵀW₂‖_F) (per slice,
// averaged over a conv kernel's slices as WW's `distances(method='cka')` does), the change of α,
// and the top singular values of each.
import { gram, matmul, ready, SpectraError, throwIfAborted, type Matrix } from '@spectra/core';
import type { LayerKind, LayerMatrix } from '../types.js';
import { analyzeLayerSlices } from './analyze-layer.js';
import { matchLayers } from './layer-matching.js';
import { resolveAnalysisOptions, type AnalysisOptions } from './options.js';

export interface LayerDistance {
  name: string;
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
  alphaA: number;
  alphaB: number;
  /** α(B) − α(A) (NaN when either fit failed). */
  alphaChange: number;
  /** The largest singular values of each, descending. */
  topSingularValuesA: number[];
  topSingularValuesB: number[];
}

export interface ModelComparison {
  layers: LayerDistance[];
  unmatchedA: string[];
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
 * const w = createMatrix(3, 2, [1, 2, 3, 4, 5, 6]);
 * uncenteredCka(w, w); // 1
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
 * `options` for α and the top singular values.
 *
 * @example
 * ```ts
 * const cmp = await compareModels(extractLayers(a).layers, extractLayers(b).layers);
 * cmp.layers[0]!.cka;         // 1 for identical layers
 * cmp.summary.meanFrobenius;  // 0 for identical models
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
