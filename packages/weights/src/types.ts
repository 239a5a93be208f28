// The contract between the readers (bytes → named tensors), layer extraction (tensors → matrices)
// and the analysis (matrices → report). Readers and extraction own this file; they may add fields
// but never change the meaning of existing ones, because the analysis and the CLI depend on them.

import type { Matrix } from '@spectra/core';

/** Element types a reader can decode (all widened exactly to float64 by `read()`). */
export type TensorDType =
  | 'float64'
  | 'float32'
  | 'float16'
  | 'bfloat16'
  | 'float8_e4m3'
  | 'float8_e5m2'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint64'
  | 'uint32'
  | 'uint16'
  | 'uint8'
  | 'bool';

/** The file formats `loadModel` recognises. */
export type ModelFormat = 'safetensors' | 'npy' | 'npz' | 'onnx' | 'tfjs' | 'pytorch' | 'keras-h5';

/** Where a tensor came from: the file (and shard, subgraph) that held its bytes. */
export interface TensorOrigin {
  /** File name as given to the reader (not a full path when reading from bytes). */
  file: string;
  /** Shard file when the model is sharded. */
  shard?: string;
  /** Subgraph path for ONNX tensors inside If/Loop/Scan bodies or functions, e.g. `If_0.then`. */
  subgraph?: string;
  /** Layout convention of the producer, used for conv slicing (specs/weights.md §2.2). */
  layout?: 'pytorch' | 'tensorflow' | 'unknown';
  /** Operator or layer class that consumes the tensor, when the format says (Conv, Gemm, Dense, LSTM…). */
  role?: string;
  /**
   * Which input of `role` the tensor feeds: the ONNX input name (`W`, `R`, `B` of LSTM; `B` of Gemm;
   * `scale`…), the Keras weight name (`kernel`, `recurrent_kernel`, `bias`), or the TF graph input
   * index. Lets extraction tell a recurrent bias `[dirs, 8H]` from a matrix.
   */
  slot?: string;
  /** Convolution groups when the format records them (ONNX `group`, Keras `groups`), > 1 only. */
  groups?: number;
}

/** How a quantised tensor was stored; `read()` returns dequantised values. */
export interface TensorQuantization {
  /** The stored element type, before dequantisation. */
  dtype: 'uint8' | 'uint16' | 'float16' | 'int8' | 'int32';
  /**
   * `'affine'`: TF.js value = q·scale + min; `'float16'`: TF.js float32 weights stored as IEEE half;
   * `'dequantize-linear'`: an ONNX `DequantizeLinear` constant, value = (q − zeroPoint)·scale.
   */
  scheme: 'affine' | 'float16' | 'dequantize-linear';
  /** Step between quantisation levels (`affine`, `dequantize-linear`). */
  scale?: number;
  /** Value of level 0 (`affine`). */
  min?: number;
  /** Integer level of the value 0 (`dequantize-linear`; absent means 0). */
  zeroPoint?: number;
}

/** One named tensor of a model, decoded lazily. */
export interface TensorInfo {
  /** The name in the file (ONNX tensors inside subgraphs are prefixed with the subgraph path). */
  name: string;
  /** The stored element type (for quantised tensors: the type they dequantise from, see `quantization`). */
  dtype: TensorDType;
  /** Dimensions, outermost first (row-major / C order after any Fortran-order conversion). */
  shape: number[];
  origin: TensorOrigin;
  /** Present when the stored values are quantised; `read()` dequantises them. */
  quantization?: TensorQuantization;
  /** Names under which the same storage appears (tied embeddings). */
  aliases?: string[];
  /** Decodes the tensor, widened exactly to float64, row-major. Throws SpectraError on bad bytes. */
  read(): Float64Array;
}

/** A tensor a reader saw but could not or would not decode (unknown dtype, strings…). */
export interface SkippedTensor {
  /** Tensor name (or layer name, for matrices cut from a tensor and then filtered out). */
  name: string;
  /** Machine-readable reason: 'unsupported-dtype:X', 'not-a-matrix', 'depthwise', 'too-large', 'too-small', 'filtered'… */
  reason: string;
  /** The tensor's shape, when known. */
  shape?: number[];
  /** The tensor's dtype as the file names it (may be one spectra does not decode). */
  dtype?: string;
  /** For matrices extraction cut but did not select (filters, size limits): their layer id and kind. */
  layerId?: number;
  kind?: LayerKind;
  /** N, M and the eigenvalue count the size filters compared (`too-small`, `too-large`). */
  N?: number;
  M?: number;
  numEvals?: number;
}

/** What a reader returns. */
export interface LoadedModel {
  /** The reader that produced it. */
  format: ModelFormat;
  /** The file (or directory) the model was read from. */
  source: string;
  /** Every decodable tensor, in file order (nothing is decoded until `read()`). */
  tensors: TensorInfo[];
  /** Tensors the reader saw but does not decode (unsupported dtypes, strings), with reasons. */
  skipped: SkippedTensor[];
  /** Format metadata (safetensors `__metadata__`, ONNX producer, TF.js format/generatedBy, …). */
  metadata: Record<string, string>;
  /** Non-fatal observations (trailing bytes, quantisation changes ESD tails, …). */
  warnings: string[];
  /** Layer classes from the model topology when the format has one (Keras/TF.js), by weight name prefix. */
  layerClasses?: Record<string, string>;
}

/** The kinds of weight matrices extraction produces (specs/weights.md §2.1). */
export type LayerKind = 'dense' | 'conv2d' | 'conv1d' | 'embedding' | 'attention' | 'recurrent';

/**
 * One analysable layer: a matrix, or a stack of `rf` equally shaped slices (conv positions), cut
 * from one tensor. N = max(rows, cols), M = min(rows, cols), Q = N/M; numEvals = M·rf.
 */
export interface LayerMatrix {
  /** 0-based position in extraction order (stable, numeric-aware name order within a file). */
  layerId: number;
  /** Layer name (the tensor name, plus a suffix for split parts such as `.q`, `.gate_i`, `.dir1`). */
  name: string;
  kind: LayerKind;
  /** Name of the tensor the matrix came from. */
  tensorName: string;
  /** Shape of that tensor. */
  tensorShape: number[];
  /** The tensor's stored dtype (slices are always widened to float64). */
  dtype: TensorDType;
  /** Rows of every slice. */
  rows: number;
  /** Columns of every slice. */
  cols: number;
  /** max(rows, cols). */
  N: number;
  /** min(rows, cols): the side of the Gram matrix whose eigenvalues form the ESD. */
  M: number;
  /** Aspect ratio N/M ≥ 1. */
  Q: number;
  /** Receptive field: number of slices (1 for dense, kh·kw for conv2d, k for conv1d). */
  rf: number;
  /** Parameters in this matrix (rows·cols·rf). */
  parameters: number;
  /** The source tensor was stored quantised (uint8 affine, float16, DequantizeLinear…). */
  quantized: boolean;
  /** How the source tensor was quantised (present when `quantized`). */
  quantization?: TensorQuantization;
  /** Grouped convolution analysed as stored. */
  grouped?: boolean;
  /** For split matrices: which part ('q', 'k', 'v', gate letter, direction). */
  part?: string;
  /** Where the source tensor came from. */
  origin: TensorOrigin;
  /** Other names of the same stored tensor (tied weights), analysed once under `name`. */
  aliases?: string[];
  /** For split recurrent matrices: the gate letter in the producer's order (PyTorch i,f,g,o…). */
  gate?: string;
  /** For split recurrent matrices of multi-direction ONNX tensors: the direction index. */
  direction?: number;
  /** How the slices were cut from a conv kernel: `pytorch` (out,in,k…) or `tensorflow` (k…,in,out). */
  layout?: 'pytorch' | 'tensorflow';
  /** Notes for this layer (quantisation, a recurrent matrix left stacked…), copied into its report. */
  warnings: string[];
  /** Decodes the slices (each rows×cols, float64). Lazy: memory stays at one layer. */
  slices(): Matrix[];
}

/** Options of `extractLayers` (specs/weights.md §2). */
export interface ExtractLayersOptions {
  /** Smallest eigenvalue count analysed: M·rf pooled, M unpooled (default 10). */
  minEvals?: number;
  /** Largest eigenvalue count analysed (default 15000); larger layers are listed as `too-large`. */
  maxEvals?: number;
  /** Largest N analysed (default: no limit; 50000 in compat mode, as WeightWatcher). */
  maxN?: number;
  /** Pool conv slices into one ESD (default true); only changes what the size filters count. */
  pool?: boolean;
  /** `'weightwatcher'`: skip what WeightWatcher skips (fused in_proj, recurrent, conv1d; N > 50000). */
  compat?: 'weightwatcher';
  /** `'split'` (default): one matrix per gate and direction; `'stacked'`: the stored matrix. */
  recurrent?: 'split' | 'stacked';
  /** `'split'` (default): Q, K, V separately; `'fused'`: the stored matrix. */
  attention?: 'split' | 'fused';
  /** Keep only these layer ids. */
  layers?: readonly number[];
  /** Keep only these layer (or tensor) names; a name written `-name` is excluded instead. */
  names?: readonly string[];
  /** Keep only these kinds. */
  kinds?: readonly LayerKind[];
  /** Keep only layers whose name matches. */
  include?: RegExp | string;
  /** Drop layers whose name matches. */
  exclude?: RegExp | string;
  /** `'name'` (default): numeric-aware name order (`layers.2` before `layers.10`); `'file'`: as stored. */
  order?: 'name' | 'file';
}

/** What `extractLayers` returns: the matrices to analyse, everything left out (with reasons), warnings. */
export interface ExtractedLayers {
  /** The matrices to analyse, in `layerId` order. */
  layers: LayerMatrix[];
  /** The reader's skipped tensors plus every tensor or matrix extraction and the filters left out. */
  skipped: SkippedTensor[];
  /** The reader's warnings plus extraction's. */
  warnings: string[];
}
