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
export type { ReaderLimits } from './readers/limits.js';
export { defaultLimits } from './readers/limits.js';
export { readSafetensors, readShardedSafetensors } from './readers/safetensors.js';
export { readNpy } from './readers/npy.js';
export { readTfjs } from './readers/tfjs.js';
export { extractLayers } from './extract-layers.js';
export { compareNatural } from './layers/natural-order.js';
export { dtypeByteSize, decodeToFloat64, halfToNumber, bfloat16ToNumber, float8E4M3ToNumber, float8E5M2ToNumber } from './dtypes.js';
export { writeSafetensors } from './writers/safetensors-writer.js';
export type { TensorToWrite } from './writers/safetensors-writer.js';
export { writeNpy } from './writers/npy-writer.js';
export type { NpyArray } from './writers/npy-writer.js';
export { numberToHalf, numberToBfloat16 } from './writers/encode.js';
// ── end of readers section ──────────────────────────────────────────────────────────────────
