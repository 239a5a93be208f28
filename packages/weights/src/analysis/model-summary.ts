// The model summary (specs/weights.md §10): WeightWatcher's `get_summary` means, but over the
// successfully fitted layers only, with counts, medians, alpha-hat, phase and warning tallies and
// parameter-weighted means. Scale metrics (norms) and shape metrics (α) are reported side by side.
import type { LayerReport } from './layer-report.js';
import type { Phase } from './phase.js';

/** The metrics `get_summary` averages (WW names in brackets). */
export interface SummaryMetrics {
  /** [log_norm] */
  logNorm: number;
  /** [alpha] */
  alpha: number;
  /** Martin–Mahoney's α̂: mean of α·log10 λmax [alpha_weighted]. */
  alphaHat: number;
  /** [log_alpha_norm] */
  logAlphaNorm: number;
  /** [log_spectral_norm] */
  logSpectralNorm: number;
  /** [stable_rank] */
  stableRank: number;
  /** [mp_softrank], when the MP fit ran. */
  mpSoftrank?: number;
}

/** What `summarizeModel` returns (specs/weights.md §10). */
export interface ModelSummary {
  /** Rows analysed (layers, or conv slices when unpooled). */
  layers: number;
  /** Rows with a successful power-law fit: the ones every mean is over. */
  fitted: number;
  /** Rows whose fit or computation failed. */
  failed: number;
  /** Rows with NaN/±Inf weights. */
  invalidValues: number;
  /** Tensors and matrices not analysed, by reason. */
  skipped: number;
  /** Count per skip reason (`not-a-matrix`, `too-small`, `filtered`…). */
  skippedReasons: Record<string, number>;
  /** Unweighted means over the fitted rows (NaN with none). */
  means: SummaryMetrics;
  /** Medians over the fitted rows. */
  medians: SummaryMetrics;
  /** Means weighted by each layer's parameter count. */
  parameterWeightedMeans: SummaryMetrics;
  /** Count per phase, over all rows. */
  phases: Partial<Record<Phase, number>>;
  /** Counts of '', 'over-trained', 'under-trained', 'fit-failed', 'invalid-values'. */
  warnings: Record<string, number>;
  /** Layers with α > 8 (WW's README: discard such fits). */
  alphaSuspect: number;
  /** Layers with a correlation trap, when randomisation ran. */
  traps?: number;
}

const KEYS: Array<keyof SummaryMetrics> = ['logNorm', 'alpha', 'alphaHat', 'logAlphaNorm', 'logSpectralNorm', 'stableRank', 'mpSoftrank'];

/**
 * Summarises layer reports (what `analyzeModel` puts in `report.summary`): WeightWatcher's
 * `get_summary` means, but over successfully fitted rows only, with medians, parameter-weighted
 * means and counts; `skippedReasons` are the reasons of what extraction and the filters left out.
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { analyzeModel, loadModel, summarizeModel, writeNpy } from '@spectra/weights';
 * const w = randomGaussian(200, 100, { seed: 1 });
 * const report = await analyzeModel(await loadModel(writeNpy({ shape: [200, 100], data: w.data }), { name: 'w.npy' }));
 * const s = summarizeModel(report.layers, report.skipped.map((x) => x.reason));
 * s.fitted;         // 1
 * s.means.alpha;    // ≈ 9.4512: that Gaussian layer's α (pure noise: large, meaningless)
 * s.means.alphaHat; // ≈ 25.734 = α·log10 λmax
 * s.phases;         // { 'random-like': 1 }
 * s.warnings;       // { 'under-trained': 1 }
 * ```
 */
export function summarizeModel(layers: readonly LayerReport[], skippedReasons: readonly string[] = []): ModelSummary {
  const fitted = layers.filter((l) => l.status === 'success');
  const hasMp = fitted.some((l) => l.mpSoftrank !== null);
  const value = (l: LayerReport, k: keyof SummaryMetrics): number => (k === 'mpSoftrank' ? (l.mpSoftrank ?? NaN) : l[k]);
  const means = {} as SummaryMetrics;
  const medians = {} as SummaryMetrics;
  const weighted = {} as SummaryMetrics;
  for (const k of KEYS) {
    if (k === 'mpSoftrank' && !hasMp) continue;
    const xs = fitted.map((l) => value(l, k)).filter((v) => !Number.isNaN(v));
    means[k] = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
    medians[k] = median(xs);
    let num = 0;
    let den = 0;
    for (const l of fitted) {
      const v = value(l, k);
      if (Number.isNaN(v)) continue;
      num += v * l.parameters;
      den += l.parameters;
    }
    weighted[k] = den > 0 ? num / den : NaN;
  }
  const phases: Partial<Record<Phase, number>> = {};
  const warnings: Record<string, number> = {};
  for (const l of layers) {
    phases[l.phase] = (phases[l.phase] ?? 0) + 1;
    warnings[l.warning] = (warnings[l.warning] ?? 0) + 1;
  }
  const skippedCounts: Record<string, number> = {};
  for (const r of skippedReasons) skippedCounts[r] = (skippedCounts[r] ?? 0) + 1;
  const summary: ModelSummary = {
    layers: layers.length,
    fitted: fitted.length,
    failed: layers.filter((l) => l.status === 'failed').length,
    invalidValues: layers.filter((l) => l.status === 'invalid-values').length,
    skipped: skippedReasons.length,
    skippedReasons: skippedCounts,
    means,
    medians,
    parameterWeightedMeans: weighted,
    phases,
    warnings,
    alphaSuspect: layers.filter((l) => l.alphaSuspect).length,
  };
  if (layers.some((l) => l.trap !== null)) summary.traps = layers.filter((l) => l.trap === true).length;
  return summary;
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
