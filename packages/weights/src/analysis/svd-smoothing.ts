// SVD smoothing (specs/weights.md §10.1; WeightWatcher's `SVDSmoothing`): replace each layer by its
// rank-k truncation, k from the detX tail (default), the MP spikes, the power-law tail, or a
// fraction of M·rf; conv kernels per slice with ⌈k/rf⌉ (as WW). The result is written as a
// safetensors file holding every tensor of the model: smoothed ones re-encoded in their dtype,
// the others copied bit for bit from the original safetensors bytes (or re-encoded exactly from
// their widened values for other formats), so it loads where the original did.
import { ready, SpectraError, throwIfAborted, type Matrix } from '@spectra/core';
import { extractLayers } from '../extract-layers.js';
import type { LayerMatrix, LoadedModel, TensorInfo } from '../types.js';
import { writeSafetensors, type TensorToWrite } from '../writers/safetensors-writer.js';
import { analyzeLayerSlices } from './analyze-layer.js';
import { resolveAnalysisOptions, type LayerFilter } from './options.js';
import { rankTruncation, type TruncationOptions } from './truncated-svd.js';

/**
 * How `smoothModel` chooses the rank k of a layer: `'detx'` the detX tail size (§8), `'spikes'`
 * the MP spikes (§6), `'tail'` the power-law tail size (§4), `'fraction'` a share of M·rf.
 */
export type SmoothingRule = 'detx' | 'spikes' | 'tail' | 'fraction';

/** Options of `smoothModel`. */
export interface SmoothingOptions extends TruncationOptions {
  /** How k is chosen (default `'detx'`). */
  rule?: SmoothingRule;
  /** For `'fraction'`: the share of M·rf to keep (default 0.8, WW's `percent`). */
  fraction?: number;
  /** Which layers to smooth (the others are copied unchanged). */
  layers?: LayerFilter;
  /** The original file's bytes, when it is a single safetensors file: untouched tensors are copied from them bit for bit. */
  originalBytes?: Uint8Array;
  /** Called after every layer. */
  onProgress?: (p: { fraction: number; done: number; total: number; layer: string }) => void;
  /** Checked between layers: a fired signal throws `E_ABORTED`. */
  signal?: AbortSignal;
}

/** What `smoothModel` did to one layer. */
export interface SmoothedLayer {
  name: string;
  tensorName: string;
  /** Rank kept per slice (0: the layer was left as is). */
  k: number;
  M: number;
  rf: number;
  rule: SmoothingRule;
  /** Share of Σσ² kept: ‖W_k‖²_F/‖W‖²_F. */
  keptEnergy: number;
  /** The truncation route (`rankTruncation`), or `'unchanged'` when k = 0 or k ≥ M. */
  method: 'dense' | 'randomized' | 'identity' | 'unchanged';
}

/** What `smoothModel` returns. */
export interface SmoothingResult {
  /** The smoothed model as a safetensors file (metadata `spectra_smoothing` records the rule). */
  bytes: Uint8Array;
  /** One entry per analysable layer that maps back to a whole tensor. */
  layers: SmoothedLayer[];
  /** Tensors copied unchanged (not analysable, filtered out, or k = 0). */
  copied: string[];
}

/**
 * Smooths every analysable layer of a model (WeightWatcher's `SVDSmoothing`, specs/weights.md
 * §10.1): each is replaced by its rank-k truncation, k from `rule`, conv kernels per slice with
 * ⌈k/rf⌉; the whole model is written as safetensors, smoothed tensors re-encoded in their dtype and
 * the others copied bit for bit from `originalBytes` (or re-encoded exactly from their values;
 * float8 tensors need `originalBytes`, else `E_ARGUMENT`).
 *
 * @example
 * ```ts
 * import { matmul, randomGaussian } from '@spectra/core';
 * import { loadModel, readSafetensors, smoothModel, writeSafetensors } from '@spectra/weights';
 * // A rank-4 signal plus noise.
 * const signal = matmul(randomGaussian(200, 4, { seed: 1 }), randomGaussian(4, 100, { seed: 2 }));
 * const noise = randomGaussian(200, 100, { seed: 3, scale: 0.1 });
 * const bytes = writeSafetensors({
 *   'fc.weight': { dtype: 'float32', shape: [200, 100], data: Float32Array.from(signal.data, (x, i) => x + noise.data[i]) },
 *   'fc.bias': { dtype: 'float32', shape: [200], data: new Float32Array(200) },
 * });
 * const model = await loadModel(bytes, { name: 'model.safetensors' });
 * const result = await smoothModel(model, { rule: 'spikes', originalBytes: bytes });
 * result.layers.map((l) => [l.name, l.k, l.method]); // [['fc.weight', 4, 'randomized']]: the 4 spikes of the signal
 * result.layers[0].keptEnergy;                       // ≈ 0.99760
 * result.copied;                                     // ['fc.bias']
 * (await readSafetensors(result.bytes)).metadata;    // { spectra_smoothing: '{"rule":"spikes"}' }
 * ```
 */
export async function smoothModel(model: LoadedModel, options: SmoothingOptions = {}): Promise<SmoothingResult> {
  const rule = options.rule ?? 'detx';
  if (!['detx', 'spikes', 'tail', 'fraction'].includes(rule)) throw new SpectraError('E_ARGUMENT', `smoothModel: rule must be 'detx', 'spikes', 'tail' or 'fraction', got ${String(rule)}`);
  const fraction = options.fraction ?? 0.8;
  if (!(fraction >= 0 && fraction <= 1)) throw new SpectraError('E_ARGUMENT', `smoothModel: fraction must be in [0, 1], got ${fraction}`);
  if (!model || !Array.isArray(model.tensors)) throw new SpectraError('E_ARGUMENT', 'smoothModel: expected a LoadedModel');
  const raw = options.originalBytes && model.format === 'safetensors' ? safetensorsSpans(options.originalBytes) : null;
  const resolved = resolveAnalysisOptions({ mpFit: rule === 'spikes', detX: rule === 'detx', backend: options.backend, layers: options.layers });
  if (resolved.backend !== 'js') await ready();
  // Whole tensors only: fused attention and stacked recurrent matrices map one-to-one to tensors.
  const extracted = extractLayers(model, {
    attention: 'fused',
    recurrent: 'stacked',
    ...(options.layers?.ids ? { layers: options.layers.ids } : {}),
    ...(options.layers?.names ? { names: options.layers.names } : {}),
    ...(options.layers?.kinds ? { kinds: options.layers.kinds } : {}),
    ...(options.layers?.include ? { include: options.layers.include } : {}),
    ...(options.layers?.exclude ? { exclude: options.layers.exclude } : {}),
  });
  const replaced = new Map<string, Float64Array>();
  const layers: SmoothedLayer[] = [];
  const total = extracted.layers.length;
  for (const layer of extracted.layers) {
    throwIfAborted(options.signal, { done: layers.length });
    const tensor = model.tensors.find((t) => t.name === layer.tensorName);
    if (!tensor || !canWriteBack(layer, tensor)) continue;
    const slices = layer.slices();
    const report = analyzeLayerSlices(layer, slices, resolved)[0]!;
    let pooledK = 0;
    if (rule === 'detx') pooledK = report.detXNum ?? 0;
    else if (rule === 'spikes') pooledK = report.numSpikes ?? 0;
    else if (rule === 'tail') pooledK = report.status === 'success' ? report.numPlSpikes : 0;
    else pooledK = Math.floor(fraction * layer.M * layer.rf);
    const k = layer.rf > 1 ? Math.ceil(pooledK / layer.rf) : pooledK;
    let energy = 0;
    let kept = 0;
    let method: SmoothedLayer['method'] = 'unchanged';
    if (k > 0 && k < layer.M) {
      const smoothed: Matrix[] = slices.map((w, s) => {
        const r = rankTruncation(w, k, { ...options, seed: (options.seed ?? 0) + layer.layerId * 1000 + s });
        method = r.method;
        return r.matrix;
      });
      for (let s = 0; s < slices.length; s++) {
        for (let i = 0; i < slices[s]!.data.length; i++) {
          energy += slices[s]!.data[i]! ** 2;
          kept += smoothed[s]!.data[i]! ** 2;
        }
      }
      replaced.set(tensor.name, writeBack(layer, tensor, smoothed));
    }
    layers.push({ name: layer.name, tensorName: layer.tensorName, k: method === 'unchanged' ? 0 : k, M: layer.M, rf: layer.rf, rule, keptEnergy: method === 'unchanged' ? 1 : kept / energy, method });
    options.onProgress?.({ fraction: layers.length / total, done: layers.length, total, layer: layer.name });
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  const out: Array<TensorToWrite & { name: string }> = [];
  const copied: string[] = [];
  for (const t of model.tensors) {
    const values = replaced.get(t.name);
    if (values) {
      out.push({ name: t.name, dtype: t.dtype, shape: t.shape, data: values });
      continue;
    }
    copied.push(t.name);
    const span = raw?.get(t.name);
    if (span) out.push({ name: t.name, dtype: t.dtype, shape: t.shape, bytes: span });
    else if (t.dtype === 'float8_e4m3' || t.dtype === 'float8_e5m2') {
      throw new SpectraError('E_ARGUMENT', `smoothModel: tensor '${t.name}' is ${t.dtype}; pass originalBytes of the safetensors file to copy it bit for bit`);
    } else out.push({ name: t.name, dtype: t.dtype, shape: t.shape, data: t.read() });
  }
  const metadata: Record<string, string> = { ...model.metadata, spectra_smoothing: JSON.stringify({ rule, ...(rule === 'fraction' ? { fraction } : {}) }) };
  return { bytes: writeSafetensors(out, metadata), layers, copied };
}

/** Slices map back into the tensor: a plain 2-D matrix, or a conv kernel in a known layout. */
function canWriteBack(layer: LayerMatrix, tensor: TensorInfo): boolean {
  if (layer.part !== undefined) return false;
  if (layer.rf === 1 && tensor.shape.length === 2) return tensor.shape[0] === layer.rows && tensor.shape[1] === layer.cols;
  return (layer.kind === 'conv2d' || layer.kind === 'conv1d') && (layer.layout === 'pytorch' || layer.layout === 'tensorflow');
}

/** The inverse of extraction's slicing (layers/slicing.ts): slices → the tensor's row-major values. */
function writeBack(layer: LayerMatrix, tensor: TensorInfo, slices: Matrix[]): Float64Array {
  const total = tensor.shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(total);
  if (layer.rf === 1 && tensor.shape.length === 2) {
    values.set(slices[0]!.data);
    return values;
  }
  if (layer.layout === 'pytorch') {
    // (out, in, k…): slice p = W[:, :, p] (out×in).
    const out = tensor.shape[0]!;
    const inp = tensor.shape[1]!;
    const positions = total / (out * inp);
    for (let p = 0; p < positions; p++) {
      const d = slices[p]!.data;
      for (let r = 0; r < out; r++) for (let c = 0; c < inp; c++) values[r * inp * positions + c * positions + p] = d[r * inp + c]!;
    }
    return values;
  }
  // (k…, in, out): slice p = W[p], contiguous.
  const size = layer.rows * layer.cols;
  for (let p = 0; p < slices.length; p++) values.set(slices[p]!.data, p * size);
  return values;
}

/** Each tensor's stored bytes in a (validated) safetensors file: name → bytes. */
function safetensorsSpans(bytes: Uint8Array): Map<string, Uint8Array> {
  const spans = new Map<string, Uint8Array>();
  if (bytes.length < 8) return spans;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (!Number.isSafeInteger(headerLength) || 8 + headerLength > bytes.length) return spans;
  let header: Record<string, { data_offsets?: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    return spans;
  }
  const base = 8 + headerLength;
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__' || !entry || !Array.isArray(entry.data_offsets)) continue;
    const [b, e] = entry.data_offsets;
    if (Number.isSafeInteger(b) && Number.isSafeInteger(e) && b >= 0 && e >= b && base + e <= bytes.length) spans.set(name, bytes.subarray(base + b, base + e));
  }
  return spans;
}
