// Fine-tune deltas (specs/weights.md §10.1): ΔW = W − W_base layer by layer, matched by name, as
// layer matrices the analysis takes like any other. Nothing is decoded until a delta's slices are.
import type { Matrix } from '@spectra/core';
import type { ExtractedLayers, LayerMatrix, SkippedTensor } from '../types.js';
import { matchLayers } from './layer-matching.js';

/**
 * The layers of ΔW = W − W_base for every layer of `model` matched in `base` (`matchLayers`);
 * unmatched layers of either side are listed in `skipped` (`unmatched-in-base`,
 * `unmatched-in-model`). Lazy: each difference is formed when its slices are read. Pass the
 * result to `analyzeModel` for the spectra of the updates.
 *
 * @example
 * ```ts
 * import { frobeniusNorm, randomGaussian } from '@spectra/core';
 * import { analyzeModel, extractLayers, fineTuneDeltas, loadModel, writeSafetensors } from '@spectra/weights';
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
 * const deltas = fineTuneDeltas(extractLayers(tuned).layers, extractLayers(base).layers);
 * deltas.skipped.map((s) => [s.name, s.reason]); // [['model.layers.2.weight', 'unmatched-in-base'], ['layers.1.weight', 'unmatched-in-model']]
 * const report = await analyzeModel(deltas);
 * report.layers[0].norm;      // ≈ 0.2074106: ‖ΔW‖²_F of the update
 * frobeniusNorm(update) ** 2; // ≈ 0.2074106
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
