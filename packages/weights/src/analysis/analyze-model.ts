// The analysis entry points (specs/weights.md §1): a model, extracted layers or raw matrices in,
// a report out (layers, skipped, summary, options, versions), with progress, abort and an optional
// worker pool. Layers are analysed one at a time on the main thread (memory stays at one layer) or
// up to `pool.size` at a time in workers; either way the reports come back in layer order and are
// the same numbers.
import { SpectraError, isSpectraError, ready, throwIfAborted, type Matrix } from '@spectra/core';
import { extractLayers } from '../extract-layers.js';
import type { ExtractedLayers, LayerKind, LayerMatrix, LoadedModel, SkippedTensor } from '../types.js';
import { analyzeLayerSlices, invalidReport, type LayerDescription } from './analyze-layer.js';
import type { LayerReport } from './layer-report.js';
import { summarizeModel, type ModelSummary } from './model-summary.js';
import { resolveAnalysisOptions, type AnalysisOptions, type ResolvedAnalysisOptions } from './options.js';
import { WEIGHTS_VERSION, WEIGHTWATCHER_COMPAT_VERSION } from './version.js';
import type { AnalysisWorkerPool } from './worker-pool.js';

/** Progress of a model analysis, reported after every layer. */
export interface AnalysisProgress {
  /** Fraction of layers done, in [0, 1]. */
  fraction: number;
  /** Layers finished so far. */
  done: number;
  /** Layers to analyse (after extraction and the filters). */
  total: number;
  /** Name of the layer just finished. */
  layer: string;
}

/** Run-time controls of an analysis (not recorded in the report). */
export interface AnalysisRunOptions {
  /** Called after every layer. */
  onProgress?: (progress: AnalysisProgress) => void;
  /** Checked between layers: a fired signal rejects with `E_ABORTED` (details: `{ done }`). */
  signal?: AbortSignal;
  /** A worker pool (`createNodeAnalysisPool`, `createAnalysisPool`), or none: the main thread. */
  workers?: AnalysisWorkerPool;
}

/** The result of analysing a model. */
export interface ModelReport {
  /** The file the model came from (null when the input was layers, not a `LoadedModel`). */
  source: string | null;
  /** The reader's format (null when the input was layers). */
  format: string | null;
  /** One report per analysed layer (per conv slice with `pool: false`), in layer order. */
  layers: LayerReport[];
  /** Every tensor or matrix not analysed, with its reason (never silently dropped). */
  skipped: SkippedTensor[];
  /** Means, medians and counts over the layers (`summarizeModel`). */
  summary: ModelSummary;
  /** The options that made this report, defaults filled in. */
  options: ResolvedAnalysisOptions;
  /** `WEIGHTS_VERSION` and `WEIGHTWATCHER_COMPAT_VERSION` at the time of the run. */
  versions: { weights: string; weightwatcherCompat: string };
  /** The reader's and extraction's warnings (per-layer notes are in each layer's `warnings`). */
  warnings: string[];
}

/** What `analyzeModel` accepts: a loaded model, extracted layers, or layer matrices. */
export type AnalysisInput = LoadedModel | ExtractedLayers | readonly LayerMatrix[];

function isLoadedModel(x: unknown): x is LoadedModel {
  return typeof x === 'object' && x !== null && Array.isArray((x as LoadedModel).tensors) && typeof (x as LoadedModel).format === 'string';
}

function isExtracted(x: unknown): x is ExtractedLayers {
  return typeof x === 'object' && x !== null && Array.isArray((x as ExtractedLayers).layers) && Array.isArray((x as ExtractedLayers).skipped);
}

/**
 * Analyses every layer of a model (specs/weights.md §1): extraction and filters (§2), ESD (§3),
 * power-law fit (§4), norm metrics (§5), MP fit (§6, on by default), randomisation and traps (§7,
 * opt-in), detX (§8), eigenvector metrics (§9, opt-in), phase (§11), and the model summary (§10).
 * Layers run one at a time on the main thread (memory stays at one layer) or on `workers`; the
 * numbers are the same either way. Waits for `ready()` unless `backend: 'js'`. A layer whose
 * computation throws a `SpectraError` (a kernel that did not converge, say) is reported
 * `status: 'failed'` with the error in its `warnings` and the run goes on; a layer with NaN/±Inf
 * entries is reported `status: 'invalid-values'`. Bad options throw `E_ARGUMENT`; a fired
 * `signal` rejects with `E_ABORTED`.
 *
 * @example
 * ```ts
 * import { analyzeModel } from '@spectra/weights';
 * import { loadModelFromPath } from '@spectra/weights/node';
 * // The TF.js super-resolution CNN that `npm ci` installs (the CLI's default model).
 * const model = await loadModelFromPath('node_modules/@upscalerjs/default-model/models/model.json');
 * const report = await analyzeModel(model, { onProgress: (p) => console.log(p.done, '/', p.total, p.layer) });
 * report.layers.length;          // 12: its conv kernels (the 12 biases are in report.skipped)
 * report.layers[0].name;         // 'F_0/kernel'
 * report.layers[0].alpha;        // ≈ 3.3138
 * report.summary.means.alpha;    // ≈ 4.3204: the mean α over the 12 fitted layers
 * report.summary.phases;         // { 'heavy-tailed': 8, 'random-like': 1, 'bulk-decay': 3 }
 * ```
 */
export async function analyzeModel(input: AnalysisInput, options: AnalysisOptions & AnalysisRunOptions = {}): Promise<ModelReport> {
  const { onProgress, signal, workers, ...analysisOptions } = options;
  const resolved = resolveAnalysisOptions(analysisOptions);
  let layers: readonly LayerMatrix[];
  let skipped: SkippedTensor[];
  let warnings: string[] = [];
  let source: string | null = null;
  let format: string | null = null;
  if (isLoadedModel(input)) {
    source = input.source ?? null;
    format = input.format;
    const extracted = extractLayers(input, extractionOptions(resolved));
    layers = extracted.layers;
    skipped = extracted.skipped;
    warnings = [...extracted.warnings];
  } else if (isExtracted(input)) {
    const filtered = filterLayers(input.layers, resolved);
    layers = filtered.layers;
    skipped = [...input.skipped, ...filtered.skipped];
    warnings = [...input.warnings];
  } else if (Array.isArray(input)) {
    const filtered = filterLayers(input as readonly LayerMatrix[], resolved);
    layers = filtered.layers;
    skipped = filtered.skipped;
  } else {
    throw new SpectraError('E_ARGUMENT', 'analyzeModel: expected a LoadedModel (loadModel), the result of extractLayers, or an array of LayerMatrix');
  }
  // 'auto' uses wasm once it is live: wait for it, so every layer runs on the same backend.
  if (resolved.backend !== 'js') await ready();
  const reports = await analyzeLayerList(layers, resolved, { onProgress, signal, workers });
  return {
    source,
    format,
    layers: reports,
    skipped,
    summary: summarizeModel(reports, skipped.map((s) => s.reason)),
    options: resolved,
    versions: { weights: WEIGHTS_VERSION, weightwatcherCompat: WEIGHTWATCHER_COMPAT_VERSION },
    warnings,
  };
}

function extractionOptions(o: ResolvedAnalysisOptions) {
  return {
    minEvals: o.minEvals,
    maxEvals: o.maxEvals,
    ...(o.compat ? { maxN: o.maxN, compat: 'weightwatcher' as const } : {}),
    pool: o.pool,
    ...(o.layers?.ids ? { layers: o.layers.ids } : {}),
    ...(o.layers?.names ? { names: o.layers.names } : {}),
    ...(o.layers?.kinds ? { kinds: o.layers.kinds as LayerKind[] } : {}),
    ...(o.layers?.include ? { include: o.layers.include } : {}),
    ...(o.layers?.exclude ? { exclude: o.layers.exclude } : {}),
  };
}

/** The filters of §2.3 on layers given directly (extraction applies the same ones to a model). */
function filterLayers(layers: readonly LayerMatrix[], o: ResolvedAnalysisOptions): { layers: LayerMatrix[]; skipped: SkippedTensor[] } {
  const kept: LayerMatrix[] = [];
  const skipped: SkippedTensor[] = [];
  const f = o.layers;
  const include = f?.include ? new RegExp(f.include) : null;
  const exclude = f?.exclude ? new RegExp(f.exclude) : null;
  const nameIn = (f?.names ?? []).filter((n) => !n.startsWith('-'));
  const nameOut = (f?.names ?? []).filter((n) => n.startsWith('-')).map((n) => n.slice(1));
  for (const l of layers) {
    const names = [l.name, l.tensorName];
    const skip = (reason: string) => skipped.push({ name: l.name, reason, shape: [...l.tensorShape], dtype: l.dtype, layerId: l.layerId, kind: l.kind, N: l.N, M: l.M, numEvals: o.pool ? l.M * l.rf : l.M });
    if (f?.ids && !f.ids.includes(l.layerId)) { skip('filtered'); continue; }
    if (nameIn.length && !names.some((n) => nameIn.includes(n))) { skip('filtered'); continue; }
    if (names.some((n) => nameOut.includes(n))) { skip('filtered'); continue; }
    if (f?.kinds && !f.kinds.includes(l.kind)) { skip('filtered'); continue; }
    if (include && !include.test(l.name)) { skip('filtered'); continue; }
    if (exclude && exclude.test(l.name)) { skip('filtered'); continue; }
    const evals = o.pool ? l.M * l.rf : l.M;
    if (evals < o.minEvals) { skip('too-small'); continue; }
    if (evals > o.maxEvals) { skip('too-large'); continue; }
    if (o.compat && l.N > o.maxN) { skip('too-large'); continue; }
    kept.push(l);
  }
  return { layers: kept, skipped };
}

async function analyzeLayerList(layers: readonly LayerMatrix[], options: ResolvedAnalysisOptions, run: AnalysisRunOptions): Promise<LayerReport[]> {
  const total = layers.length;
  const results: LayerReport[][] = new Array(total);
  let done = 0;
  const report = (i: number) => {
    done++;
    run.onProgress?.({ fraction: total ? done / total : 1, done, total, layer: layers[i]!.name });
  };
  throwIfAborted(run.signal);
  if (!run.workers) {
    for (let i = 0; i < total; i++) {
      throwIfAborted(run.signal, { done });
      results[i] = analyzeOne(layers[i]!, options);
      report(i);
      // Let abort signals, progress renderers and other tasks run between layers.
      await yieldToEventLoop();
    }
  } else {
    const pool = run.workers;
    let next = 0;
    let aborted: SpectraError | undefined;
    const onAbort = () => {
      aborted = new SpectraError('E_ABORTED', 'analysis aborted', { done });
    };
    run.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const lane = async () => {
        while (next < total) {
          if (aborted || run.signal?.aborted) throw aborted ?? new SpectraError('E_ABORTED', 'analysis aborted', { done });
          const i = next++;
          const layer = layers[i]!;
          const slices = decodeSlices(layer);
          if ('invalid' in slices) results[i] = [slices.invalid];
          else results[i] = await runOnPool(pool, layer, slices.slices, options);
          report(i);
        }
      };
      const lanes = Array.from({ length: Math.min(pool.size, Math.max(1, total)) }, lane);
      await Promise.all(lanes);
      throwIfAborted(run.signal, { done });
    } finally {
      run.signal?.removeEventListener('abort', onAbort);
    }
  }
  return results.flat();
}

async function runOnPool(pool: AnalysisWorkerPool, layer: LayerMatrix, slices: Matrix[], options: ResolvedAnalysisOptions): Promise<LayerReport[]> {
  try {
    return await pool.run(layer, slices, options);
  } catch (e) {
    return [failedLayer(layer, e)];
  }
}

function analyzeOne(layer: LayerMatrix, options: ResolvedAnalysisOptions): LayerReport[] {
  const slices = decodeSlices(layer);
  if ('invalid' in slices) return [slices.invalid];
  try {
    return analyzeLayerSlices(layer, slices.slices, options);
  } catch (e) {
    return [failedLayer(layer, e)];
  }
}

function decodeSlices(layer: LayerMatrix): { slices: Matrix[] } | { invalid: LayerReport } {
  try {
    return { slices: layer.slices() };
  } catch (e) {
    if (isSpectraError(e) && e.code === 'E_NON_FINITE') {
      return { invalid: invalidReport(layer, { nan: Number(e.details?.nan ?? 0), positiveInfinity: Number(e.details?.positiveInfinity ?? 0), negativeInfinity: Number(e.details?.negativeInfinity ?? 0) }, null) };
    }
    throw e;
  }
}

/**
 * A layer the analysis could not finish (a kernel that did not converge, say) is reported as
 * failed with the error's code and message, and the run goes on; aborts and bugs propagate.
 */
function failedLayer(layer: LayerDescription, e: unknown): LayerReport {
  if (!isSpectraError(e) || e.code === 'E_ABORTED' || e.code === 'E_INTERNAL') throw e;
  const r = invalidReport(layer, { nan: 0, positiveInfinity: 0, negativeInfinity: 0 }, null);
  return { ...r, status: 'failed', warning: 'fit-failed', invalidValues: null, warnings: [...layer.warnings, `${e.code}: ${e.message}`] };
}

function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * Analyses layer matrices (from `extractLayers`, `fineTuneDeltas`, `loraLayers`, or built by
 * hand) with the size and name filters of the options; the same as `analyzeModel(layers, options)`.
 *
 * @example
 * ```ts
 * import { analyzeLayers, extractLayers } from '@spectra/weights';
 * import { loadModelFromPath } from '@spectra/weights/node';
 * const model = await loadModelFromPath('node_modules/@upscalerjs/default-model/models/model.json');
 * const { layers } = extractLayers(model);
 * const report = await analyzeLayers(layers.slice(0, 2));
 * report.layers.map((l) => [l.name, l.N, l.M, l.rf]); // [['F_0/kernel', 64, 64, 9], ['F_1_1/kernel', 64, 4, 9]]
 * report.source;                                      // null: layers carry no file
 * ```
 */
export function analyzeLayers(layers: readonly LayerMatrix[], options: AnalysisOptions & AnalysisRunOptions = {}): Promise<ModelReport> {
  return analyzeModel(layers, options);
}

/** Options of `analyzeMatrix`: analysis options plus how to describe the matrix. */
export interface AnalyzeMatrixOptions extends AnalysisOptions {
  /** The layer's name in the report (default `'matrix'`). */
  name?: string;
  /** `'dense'` (default for one matrix), `'conv2d'` (default for several slices) or another kind. */
  kind?: LayerKind;
  /** The dtype to record (default from the data: Float32Array → float32, else float64). */
  dtype?: LayerMatrix['dtype'];
}

/**
 * Analyses one weight matrix (or the equally shaped slices of one conv kernel, always pooled)
 * synchronously, on the backend active now (call `await ready()` first for wasm). No size filter
 * applies. `E_SHAPE` for an empty matrix or unequal slices, `E_ARGUMENT` for a non-matrix.
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { analyzeMatrix } from '@spectra/weights';
 * const r = analyzeMatrix(randomGaussian(1000, 500, { seed: 7 }));
 * r.alpha;     // ≈ 8.978: pure noise fits a large, meaningless α
 * r.warning;   // 'under-trained' (α > 6)
 * r.numSpikes; // 0: nothing beyond the Marchenko–Pastur edge
 * r.phase;     // 'random-like'
 * ```
 */
export function analyzeMatrix(matrix: Matrix | readonly Matrix[], options: AnalyzeMatrixOptions = {}): LayerReport {
  const { name, kind, dtype, ...analysisOptions } = options;
  const slices = Array.isArray(matrix) ? (matrix as readonly Matrix[]) : [matrix as Matrix];
  if (slices.length === 0) throw new SpectraError('E_SHAPE', 'analyzeMatrix: no matrix given');
  const first = slices[0]!;
  if (!first || typeof first.rows !== 'number' || typeof first.cols !== 'number' || !first.data) {
    throw new SpectraError('E_ARGUMENT', 'analyzeMatrix: expected a Matrix { rows, cols, data } or an array of them');
  }
  const resolved = resolveAnalysisOptions({ ...analysisOptions, pool: true });
  const rows = first.rows;
  const cols = first.cols;
  const N = Math.max(rows, cols);
  const M = Math.min(rows, cols);
  if (M === 0) throw new SpectraError('E_SHAPE', `analyzeMatrix: the matrix is ${rows}×${cols}; it needs both dimensions ≥ 1`);
  const layer: LayerDescription = {
    layerId: 0,
    name: name ?? 'matrix',
    kind: kind ?? (slices.length > 1 ? 'conv2d' : 'dense'),
    tensorName: name ?? 'matrix',
    tensorShape: slices.length > 1 ? [slices.length, rows, cols] : [rows, cols],
    dtype: dtype ?? (first.data instanceof Float32Array ? 'float32' : 'float64'),
    rows,
    cols,
    N,
    M,
    Q: N / M,
    rf: slices.length,
    parameters: rows * cols * slices.length,
    quantized: false,
    origin: { file: name ?? 'matrix' },
    warnings: [],
  };
  const widened = slices.map((s) => ({ rows: s.rows, cols: s.cols, data: s.data instanceof Float64Array ? s.data : Float64Array.from(s.data) }));
  return analyzeLayerSlices(layer, widened, resolved)[0]!;
}
