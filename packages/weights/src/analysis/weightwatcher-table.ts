// WeightWatcher's `details` DataFrame and `get_summary()` from a compat-mode report
// (specs/weights.md §12): WW's column names and WW's values, quirks included (failed fits as
// alpha −1 with 'over-trained' and inside the means, detX's swapped names), so existing notebooks
// can compare.
import { SpectraError } from '@spectra/core';
import type { LayerReport } from './layer-report.js';
import type { ModelReport } from './analyze-model.js';

/** One WW row: column name → value. */
export type WeightWatcherRow = Record<string, number | string | boolean>;

/** WeightWatcher's `details` DataFrame and `get_summary()`, from a compat-mode report. */
export interface WeightWatcherTable {
  /** Column names: layer_id, name, then the others sorted (code-unit order: upper case first). */
  columns: string[];
  /** One row per analysed layer (layers with invalid values are left out); `layer_id` counts from 1, as WW's state-dict input. */
  rows: WeightWatcherRow[];
  /** `get_summary()`: unweighted means over all rows, failed ones included. */
  summary: Record<string, number>;
}

const SUMMARY_COLUMNS = ['log_norm', 'alpha', 'alpha_weighted', 'log_alpha_norm', 'log_spectral_norm', 'stable_rank', 'mp_softrank'];

/**
 * The WeightWatcher table of a report made with `compat: 'weightwatcher'` (`E_ARGUMENT` otherwise:
 * default-mode numbers under WW's names would mislead). WW's quirks are kept: a failed fit is
 * alpha = D = sigma = xmin = num_pl_spikes = −1 with warning 'over-trained' and enters the means;
 * `detX_val_unrescaled` holds the rescaled value. On the three reference matrices every column
 * matches WeightWatcher 0.7.5.5 to ≤ 2.4e-13 relative (reference/weights/).
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { analyzeModel, loadModel, toWeightWatcherTable, writeNpy } from '@spectra/weights';
 * const w = randomGaussian(200, 100, { seed: 1 });
 * const model = await loadModel(writeNpy({ shape: [200, 100], data: w.data }), { name: 'w.npy' });
 * // WW's defaults: no MP fit, no detX.
 * const table = toWeightWatcherTable(await analyzeModel(model, { compat: 'weightwatcher', mpFit: false, detX: false }));
 * table.columns.slice(0, 7);  // ['layer_id', 'name', 'D', 'M', 'N', 'Q', 'alpha']
 * table.rows[0].layer_id;     // 1
 * table.rows[0].layer_type;   // 'dense'
 * table.summary.alpha;        // ≈ 9.4512: get_summary()'s mean over the one row
 * ```
 */
export function toWeightWatcherTable(report: ModelReport): WeightWatcherTable {
  if (!report || !Array.isArray(report.layers) || !report.options) throw new SpectraError('E_ARGUMENT', 'toWeightWatcherTable: expected a ModelReport from analyzeModel');
  if (report.options.compat !== 'weightwatcher') {
    throw new SpectraError('E_ARGUMENT', "toWeightWatcherTable: the report was made in default mode; analyse with { compat: 'weightwatcher' } to get WeightWatcher's columns and values");
  }
  const rows = report.layers.filter((l) => l.status !== 'invalid-values').map((l, i) => weightWatcherRow(l, i + 1));
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  const lead = ['layer_id', 'name'];
  const columns = [...lead, ...[...seen].filter((c) => !lead.includes(c)).sort()];
  const summary: Record<string, number> = {};
  for (const c of SUMMARY_COLUMNS) {
    if (!seen.has(c)) continue;
    const xs = rows.map((r) => r[c]).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
    summary[c] = xs.reduce((a, b) => a + b, 0) / xs.length;
  }
  return { columns, rows, summary };
}

/** One layer as WW's row. `layerId` is WW's running id (state-dict input starts at 1). */
export function weightWatcherRow(l: LayerReport, layerId: number): WeightWatcherRow {
  const failed = l.status !== 'success';
  // WW: a failed fit leaves alpha = D = sigma = xmin = num_pl_spikes = −1 and still computes
  // alpha_weighted and log_alpha_norm with alpha = −1.
  const alpha = failed ? -1 : l.alpha;
  const row: WeightWatcherRow = {
    layer_id: layerId,
    name: l.name,
    D: failed ? -1 : l.D,
    M: l.M,
    N: l.N,
    Q: l.Q,
    alpha,
    alpha_weighted: alpha * l.logSpectralNorm,
    entropy: l.entropy,
    has_esd: l.hasEsd,
    lambda_max: l.spectralNorm,
    layer_type: l.kind === 'conv2d' || l.kind === 'conv1d' || l.kind === 'embedding' ? l.kind : 'dense',
    log_alpha_norm: failed ? (l.logAlphaNormAtMinusOne ?? NaN) : l.logAlphaNorm,
    log_norm: l.logNorm,
    log_spectral_norm: l.logSpectralNorm,
    longname: l.tensorName,
    matrix_rank: l.matrixRank,
    norm: l.norm,
    num_evals: l.numEvals,
    num_pl_spikes: failed ? -1 : l.numPlSpikes,
    rank_loss: l.rankLoss,
    rf: l.rf,
    sigma: failed ? -1 : l.sigma,
    spectral_norm: l.spectralNorm,
    stable_rank: l.stableRank,
    status: failed ? 'failed' : 'success',
    sv_max: l.svMax,
    sv_min: l.svMinOfSlices,
    warning: failed ? 'over-trained' : l.warning,
    weak_rank_loss: l.weakRankLoss,
    xmax: l.xmax,
    xmin: failed ? -1 : l.xmin,
  };
  if (l.sliceId !== null) row.slice_id = l.sliceId;
  if (l.numFingers !== null) {
    row.num_fingers = l.numFingers;
    row.raw_alpha = l.rawAlpha ?? -1;
  }
  if (l.truncatedPowerLaw) {
    row.alpha = l.truncatedPowerLaw.alpha;
    row.Lambda = l.truncatedPowerLaw.lambda;
  }
  if (l.sigmaMp !== null) {
    row.num_spikes = l.numSpikes!;
    row.sigma_mp = l.sigmaMp;
    row.mp_softrank = l.mpSoftrank!;
    row.W_scale = l.wScale!;
    row.bulk_max = l.bulkMax!;
    row.bulk_min = l.bulkMin!;
  }
  if (l.maxRandEval !== null) {
    row.max_rand_eval = l.maxRandEval;
    row.rand_distance = l.randDistance!;
    row.ww_softrank = l.wwSoftrank!;
    row.ww_maxdist = l.wwMaxdist!;
    row.rand_num_spikes = l.randNumSpikes!;
    row.rand_sigma_mp = l.randSigmaMp!;
    row.rand_mp_softrank = l.randMpSoftrank!;
    row.rand_W_scale = l.randWScale!;
    row.rand_bulk_max = l.randBulkMax!;
    row.rand_bulk_min = l.randBulkMin!;
  }
  if (l.detXNum !== null) {
    // WW's names are swapped: detX_val holds the original-units value, detX_val_unrescaled the rescaled one.
    row.detX_num = l.detXNum;
    row.detX_val = l.detXValue!;
    row.detX_val_unrescaled = l.detXValueRescaled!;
  }
  if (l.bulkMeanVecEntropy !== undefined) {
    const v = l as Required<LayerReport>;
    Object.assign(row, {
      bulk_mean_vec_entropy: v.bulkMeanVecEntropy, bulk_var_vec_entropy: v.bulkVarVecEntropy,
      bulk_mean_loc_ratio: v.bulkMeanLocRatio, bulk_var_loc_ratio: v.bulkVarLocRatio,
      bulk_mean_part_ratio: v.bulkMeanPartRatio, bulk_var_part_ratio: v.bulkVarPartRatio,
      tail_mean_vec_entropy: v.tailMeanVecEntropy, tail_var_vec_entropy: v.tailVarVecEntropy,
      tail_mean_loc_ratio: v.tailMeanLocRatio, tail_var_loc_ratio: v.tailVarLocRatio,
      tail_mean_part_ratio: v.tailMeanPartRatio, tail_var_part_ratio: v.tailVarPartRatio,
    });
  }
  return row;
}
