// Reports as JSON, CSV and a terminal table. JSON and CSV use the report's field names
// (specs/weights.md §5); the WeightWatcher names come from `toWeightWatcherTable`.
import type { ModelReport } from './analyze-model.js';
import type { LayerReport } from './layer-report.js';
import type { WeightWatcherTable } from './weightwatcher-table.js';

/**
 * The flat per-layer columns of CSV output, in order: `LayerReport` field names, plus `tpl*`
 * columns flattening `truncatedPowerLaw`. Arrays and objects (ESDs, trap details, replicate
 * statistics) are left out: they are in the JSON.
 *
 * @example
 * ```ts
 * import { REPORT_CSV_COLUMNS } from '@spectra/weights';
 * REPORT_CSV_COLUMNS.length;      // 81
 * REPORT_CSV_COLUMNS.slice(0, 3); // ['layerId', 'name', 'kind']
 * ```
 */
export const REPORT_CSV_COLUMNS = [
  'layerId', 'name', 'kind', 'tensorName', 'sliceId', 'part', 'dtype', 'N', 'M', 'Q', 'rf', 'numEvals', 'parameters',
  'status', 'warning', 'alphaSuspect', 'phase', 'veryHeavyTailed', 'esdMethod',
  'alpha', 'D', 'xmin', 'xmax', 'sigma', 'numPlSpikes', 'numFingers', 'rawAlpha',
  'norm', 'logNorm', 'spectralNorm', 'logSpectralNorm', 'alphaHat', 'logAlphaNorm', 'stableRank', 'matrixRank', 'rankLoss', 'weakRankLoss', 'entropy', 'svMax', 'svMin',
  'sigmaMp', 'numSpikes', 'mpSoftrank', 'bulkMax', 'bulkMin', 'wScale',
  'maxRandEval', 'randNumSpikes', 'randSigmaMp', 'randMpSoftrank', 'randBulkMax', 'randBulkMin', 'randWScale', 'randDistance', 'wwSoftrank', 'wwMaxdist', 'trap',
  'detXNum', 'detXValue', 'detXValueRescaled',
  'bulkMeanVecEntropy', 'bulkVarVecEntropy', 'bulkMeanLocRatio', 'bulkVarLocRatio', 'bulkMeanPartRatio', 'bulkVarPartRatio',
  'tailMeanVecEntropy', 'tailVarVecEntropy', 'tailMeanLocRatio', 'tailVarLocRatio', 'tailMeanPartRatio', 'tailVarPartRatio',
  'tplAlpha', 'tplLambda', 'tplD', 'tplAlphaStandardError', 'tplLambdaStandardError', 'tplLogLikelihoodRatio', 'tplPValue', 'tplPreferred',
  'zeroFraction',
] as const;

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? null : value > 0 ? 'Infinity' : '-Infinity';
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  return value;
}

/**
 * The report as JSON (indent 2 by default): NaN becomes null, ±Infinity the strings
 * "Infinity"/"-Infinity", typed arrays plain arrays. ESDs kept for plots (`esd`, `randomEsd`,
 * `mpDensity`) are left out unless `includeEsd`.
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { analyzeModel, loadModel, reportToJson, writeNpy } from '@spectra/weights';
 * const w = randomGaussian(200, 100, { seed: 1 });
 * const report = await analyzeModel(await loadModel(writeNpy({ shape: [200, 100], data: w.data }), { name: 'w.npy' }), { keepEsd: true });
 * const json = JSON.parse(reportToJson(report));
 * Object.keys(json);      // ['source', 'format', 'layers', 'skipped', 'summary', 'options', 'versions', 'warnings']
 * json.layers[0].alpha;   // ≈ 9.4512 (null when a fit failed)
 * json.layers[0].esd;     // undefined: ESDs only with { includeEsd: true }
 * ```
 */
export function reportToJson(report: ModelReport, options: { includeEsd?: boolean; indent?: number } = {}): string {
  const layers = options.includeEsd ? report.layers : report.layers.map(withoutEsd);
  return JSON.stringify({ ...report, layers }, jsonReplacer, options.indent ?? 2);
}

function withoutEsd(l: LayerReport): LayerReport {
  const { esd: _e, randomEsd: _r, mpDensity: _m, ...rest } = l;
  return rest as LayerReport;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function flatLayer(l: LayerReport): Record<string, unknown> {
  const t = l.truncatedPowerLaw;
  return {
    ...l,
    tplAlpha: t?.alpha, tplLambda: t?.lambda, tplD: t?.D, tplAlphaStandardError: t?.alphaStandardError, tplLambdaStandardError: t?.lambdaStandardError,
    tplLogLikelihoodRatio: t?.likelihoodRatio.logLikelihoodRatio, tplPValue: t?.likelihoodRatio.pValue, tplPreferred: t?.likelihoodRatio.preferred,
  };
}

/**
 * One CSV row per layer with the columns of `REPORT_CSV_COLUMNS` (RFC 4180 quoting; empty cells
 * for steps that did not run, `NaN` for a failed fit's numbers).
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { analyzeModel, loadModel, reportToCsv, writeNpy } from '@spectra/weights';
 * const w = randomGaussian(200, 100, { seed: 1 });
 * const report = await analyzeModel(await loadModel(writeNpy({ shape: [200, 100], data: w.data }), { name: 'w.npy' }));
 * const [header, row] = reportToCsv(report).split('\n');
 * header.split(',').slice(0, 4); // ['layerId', 'name', 'kind', 'tensorName']
 * row.split(',').slice(0, 4);    // ['0', 'w', 'dense', 'w']
 * ```
 */
export function reportToCsv(report: Pick<ModelReport, 'layers'>): string {
  const lines = [REPORT_CSV_COLUMNS.join(',')];
  for (const l of report.layers) {
    const flat = flatLayer(l);
    lines.push(REPORT_CSV_COLUMNS.map((c) => csvCell(flat[c])).join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * A WeightWatcher table as CSV with WW's column names.
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { analyzeModel, loadModel, toWeightWatcherTable, weightWatcherTableToCsv, writeNpy } from '@spectra/weights';
 * const w = randomGaussian(200, 100, { seed: 1 });
 * const model = await loadModel(writeNpy({ shape: [200, 100], data: w.data }), { name: 'w.npy' });
 * const table = toWeightWatcherTable(await analyzeModel(model, { compat: 'weightwatcher' }));
 * weightWatcherTableToCsv(table).split('\n')[0].split(',').slice(0, 7); // ['layer_id', 'name', 'D', 'M', 'N', 'Q', 'W_scale']
 * ```
 */
export function weightWatcherTableToCsv(table: WeightWatcherTable): string {
  const lines = [table.columns.join(',')];
  for (const r of table.rows) lines.push(table.columns.map((c) => csvCell(r[c])).join(','));
  return lines.join('\n') + '\n';
}

function num(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '-';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(digits - 2);
  return Number(v.toPrecision(digits)).toString();
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c <= 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

/**
 * A fixed-width table for terminals (what `spectra analyze` prints): one line per layer (4
 * significant digits) and the model summary.
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { analyzeModel, loadModel, reportToTable, writeNpy } from '@spectra/weights';
 * const w = randomGaussian(200, 100, { seed: 1 });
 * const report = await analyzeModel(await loadModel(writeNpy({ shape: [200, 100], data: w.data }), { name: 'w.npy' }));
 * console.log(reportToTable(report));
 * // id  name   kind      N×M  rf  alpha      D   xmin  tail  alphaHat  logNorm  logSpecNorm  stableRank  spikes        phase        warning
 * // 0   w     dense  200×100   1  9.451  0.154  406.1    11     25.73    4.295        2.723       37.37       0  random-like  under-trained
 * //
 * // summary: 1 fitted, 0 failed, 0 invalid, 0 skipped
 * //   mean alpha 9.451   alphaHat 25.73   logNorm 4.295   logSpectralNorm 2.723   logAlphaNorm 26.36   stableRank 37.37   mpSoftrank 1.034
 * //   median alpha 9.451   phases: random-like 1
 * ```
 */
export function reportToTable(report: ModelReport, options: { maxNameWidth?: number } = {}): string {
  const maxName = options.maxNameWidth ?? 40;
  const short = (s: string) => (s.length > maxName ? '…' + s.slice(s.length - maxName + 1) : s);
  const header = ['id', 'name', 'kind', 'N×M', 'rf', 'alpha', 'D', 'xmin', 'tail', 'alphaHat', 'logNorm', 'logSpecNorm', 'stableRank', 'spikes', 'phase', 'warning'];
  const rows = [header];
  for (const l of report.layers) {
    rows.push([
      String(l.layerId) + (l.sliceId !== null ? `.${l.sliceId}` : ''), short(l.name), l.kind, `${l.N}×${l.M}`, String(l.rf),
      num(l.alpha), num(l.D, 3), num(l.xmin), String(l.numPlSpikes), num(l.alphaHat), num(l.logNorm), num(l.logSpectralNorm),
      num(l.stableRank), l.numSpikes === null ? '-' : String(l.numSpikes), l.phase, l.warning + (l.trap ? ' trap' : ''),
    ]);
  }
  const s = report.summary;
  const m = s.means;
  const lines = [pad(rows), ''];
  lines.push(`summary: ${s.fitted} fitted, ${s.failed} failed, ${s.invalidValues} invalid, ${s.skipped} skipped${Object.keys(s.skippedReasons).length ? ' (' + Object.entries(s.skippedReasons).map(([k, v]) => `${k}: ${v}`).join(', ') + ')' : ''}`);
  if (s.fitted === 0) {
    // Means of nothing are not numbers to print: say why the table is empty instead.
    const why = s.skippedReasons['too-small'] ? '; matrices below the size filter (minEvals) are skipped' : s.skipped > 0 && s.layers === 0 ? '; the file holds no weight matrices (biases, norms and vectors are not analysed)' : '';
    lines.push(`  no layer was fitted${why}`);
    return lines.join('\n') + '\n';
  }
  lines.push(`  mean alpha ${num(m.alpha)}   alphaHat ${num(m.alphaHat)}   logNorm ${num(m.logNorm)}   logSpectralNorm ${num(m.logSpectralNorm)}   logAlphaNorm ${num(m.logAlphaNorm)}   stableRank ${num(m.stableRank)}${m.mpSoftrank !== undefined ? `   mpSoftrank ${num(m.mpSoftrank)}` : ''}`);
  lines.push(`  median alpha ${num(s.medians.alpha)}   phases: ${Object.entries(s.phases).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}${s.traps !== undefined ? `   traps: ${s.traps}` : ''}`);
  return lines.join('\n') + '\n';
}
