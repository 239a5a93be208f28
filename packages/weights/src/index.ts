// @spectra/weights — table of contents.
// Reads trained weights from real model files and analyses them (specs/weights.md).

// ── Readers, layer extraction, writers (specs/weights.md §1–§2, §13) ──────────────────────────
export type {
  TensorDType,
  ModelFormat,
  TensorOrigin,
  TensorQuantization,
  TensorInfo,
  SkippedTensor,
  LoadedModel,
  LayerKind,
  LayerMatrix,
  ExtractLayersOptions,
  ExtractedLayers,
} from './types.js';
export { loadModel, detectFormat, supportedFormats } from './load-model.js';
export type { LoadModelOptions } from './load-model.js';
export type { ModelInput, Resolver } from './readers/input.js';
export type { ReaderOptions } from './readers/reader-options.js';
export type { ReaderLimits, ResolvedLimits } from './readers/limits.js';
export { defaultLimits } from './readers/limits.js';
export { readSafetensors, readShardedSafetensors } from './readers/safetensors.js';
export { readNpy } from './readers/npy.js';
export { readTfjs } from './readers/tfjs.js';
export { readNpz } from './readers/npz.js';
export type { ZipReaderOptions } from './readers/npz.js';
export { readPytorch, readShardedPytorch } from './readers/pytorch.js';
export { readOnnx } from './readers/onnx.js';
export { readKerasH5 } from './readers/keras-h5.js';
export type { KerasH5Options } from './readers/keras-h5.js';
export { readZipModel } from './readers/zip-model.js';
export { inflateRawSync } from './readers/inflate.js';
export type { InflateImplementation } from './readers/inflate.js';
export { crc32 } from './readers/crc32.js';
export { extractLayers } from './extract-layers.js';
export { compareNatural } from './layers/natural-order.js';
export { dtypeByteSize, decodeToFloat64, halfToNumber, bfloat16ToNumber, float8E4M3ToNumber, float8E5M2ToNumber } from './dtypes.js';
export { writeSafetensors } from './writers/safetensors-writer.js';
export type { TensorToWrite } from './writers/safetensors-writer.js';
export { writeNpy, writeNpz } from './writers/npy-writer.js';
export { writeZip } from './writers/zip-writer.js';
export type { ZipEntryToWrite } from './writers/zip-writer.js';
export type { NpyArray } from './writers/npy-writer.js';
export { numberToHalf, numberToBfloat16 } from './writers/encode.js';
// ── end of readers section ──────────────────────────────────────────────────────────────────

// ── Analysis (specs/weights.md §3–§12): ESD, fits, metrics, phases, summary, formats, plots ──────
export { analyzeModel, analyzeLayers, analyzeMatrix } from './analysis/analyze-model.js';
export type { AnalysisInput, AnalysisProgress, AnalysisRunOptions, ModelReport, AnalyzeMatrixOptions } from './analysis/analyze-model.js';
export { resolveAnalysisOptions, DEFAULT_PHASE_THRESHOLDS } from './analysis/options.js';
export type { AnalysisOptions, ResolvedAnalysisOptions, RandomizeOptions, LayerFilter, PhaseThresholds } from './analysis/options.js';
export type { LayerReport, LayerStatus, TruncatedPowerLawReport } from './analysis/layer-report.js';
export { layerEsd } from './analysis/esd.js';
export type { EsdOptions, LayerEsd, EsdMethod } from './analysis/esd.js';
export { fitPowerLaw, FIT_CUT } from './analysis/power-law-fit.js';
export type { PowerLawFit, PowerLawFitOptions, PowerLawWarning } from './analysis/power-law-fit.js';
export { fitTruncatedPowerLaw } from './analysis/truncated-power-law.js';
export type { TruncatedPowerLawFit, LikelihoodRatioTest } from './analysis/truncated-power-law.js';
export { logUpperIncompleteGamma, logGamma } from './analysis/incomplete-gamma.js';
export { normMetrics, logAlphaNorm } from './analysis/layer-metrics.js';
export type { NormMetrics } from './analysis/layer-metrics.js';
export { fitMarchenkoPastur } from './analysis/marchenko-pastur-fit.js';
export type { MarchenkoPasturFit, MarchenkoPasturOptions } from './analysis/marchenko-pastur-fit.js';
export { randomizeLayer, jensenShannonDistance } from './analysis/randomization.js';
export type { RandomizationOptions, RandomizationResult, RandomizedFields, TrapDetail } from './analysis/randomization.js';
export { detX } from './analysis/det-x.js';
export type { DetX } from './analysis/det-x.js';
export { eigenvectorMetrics, summarizeVectorMetrics, vectorEntropy, localizationRatioOf, participationRatioOf } from './analysis/eigenvector-localization.js';
export type { EigenvectorMetrics, VectorSummary } from './analysis/eigenvector-localization.js';
export { classifyPhase } from './analysis/phase.js';
export type { Phase, PhaseInput, PhaseLabel } from './analysis/phase.js';
export { summarizeModel } from './analysis/model-summary.js';
export type { ModelSummary, SummaryMetrics } from './analysis/model-summary.js';
export { toWeightWatcherTable } from './analysis/weightwatcher-table.js';
export type { WeightWatcherTable, WeightWatcherRow } from './analysis/weightwatcher-table.js';
export { reportToJson, reportToCsv, reportToTable, weightWatcherTableToCsv, REPORT_CSV_COLUMNS } from './analysis/report-format.js';
export { esdPlot, marchenkoPasturPlot, alphaPlot } from './analysis/plot-series.js';
export type { PlotData, PlotSeriesData, PlotAxisScale } from './analysis/plot-series.js';
export { createAnalysisPool, webWorkerPort } from './analysis/worker-pool.js';
export { installAnalysisWorker } from './analysis/worker-handler.js';
export type { AnalysisWorkerPool, WorkerPort } from './analysis/worker-pool.js';
export type { LayerDescription } from './analysis/analyze-layer.js';
export { WEIGHTS_VERSION, WEIGHTWATCHER_COMPAT_VERSION } from './analysis/version.js';
export { matchLayers } from './analysis/layer-matching.js';
export type { LayerPair, LayerMatching } from './analysis/layer-matching.js';
export { fineTuneDeltas } from './analysis/fine-tune-delta.js';
export { loraLayers, parseLoraConfig } from './analysis/lora.js';
export type { LoraConfig } from './analysis/lora.js';
export { compareModels, uncenteredCka } from './analysis/model-distances.js';
export type { ModelComparison, LayerDistance } from './analysis/model-distances.js';
export { rankTruncation } from './analysis/truncated-svd.js';
export type { TruncationOptions } from './analysis/truncated-svd.js';
export { smoothModel } from './analysis/svd-smoothing.js';
export type { SmoothingOptions, SmoothingResult, SmoothedLayer, SmoothingRule } from './analysis/svd-smoothing.js';
// ── end of analysis section ─────────────────────────────────────────────────────────────────────
