// Fine-tune deltas (specs/weights.md §10.1): ΔW = W − W_base layer by layer, matched by name, as
// layer matrices the analysis takes like any other. Nothing is decoded until a delta's slices are.
import type { Matrix } from '@spectra/core';
import type { ExtractedLayers, LayerMatrix, SkippedTensor } from '../types.js';
import { matchLayers } from './layer-matching.js';

/**
 * The layers of ΔW = W − W_base for every layer of `model` matched in `base`; unmatched layers of
 * either side are listed in `skipped` (`unmatched-in-base`, `unmatched-in-model`).
 *
 * @example
 * ```ts
 * const deltas = fineTuneDeltas(extractLayers(fineTuned).layers, extractLayers(base).layers);
 * const report = await analyzeModel(deltas); // the ESDs of the updates
 * ```
 */
export function fineTuneDeltas(model: readonly LayerMatrix[], base: readonly LayerMatrix[]): ExtractedLayers {
  const { pairs, unmatchedA, unmatchedB } = matchLayers(model, base);
  const layers: LayerMatrix[] = pairs.map(({ a, b, by }) => ({
    ...a,
    warnings: [...a.warnings, `fine-tune delta: W − W_base (base layer '${b.name}', matched by ${by})`],
    slices: (): Matrix[] => {
      const sa = a.slices();
      const sb = b.slices();
      return sa.map((w, s) => {
        const data = new Float64Array(w.data.length);
        const wb = sb[s]!.data;
        for (let i = 0; i < data.length; i++) data[i] = w.data[i]! - wb[i]!;
        return { rows: w.rows, cols: w.cols, data };
      });
    },
  }));
  const skipped: SkippedTensor[] = [
    ...unmatchedA.map((l) => ({ name: l.name, reason: 'unmatched-in-base', shape: [...l.tensorShape], dtype: l.dtype, layerId: l.layerId, kind: l.kind })),
    ...unmatchedB.map((l) => ({ name: l.name, reason: 'unmatched-in-model', shape: [...l.tensorShape], dtype: l.dtype, layerId: l.layerId, kind: l.kind })),
  ];
  return { layers, skipped, warnings: [] };
}
