// Named tensors → the matrices to analyse (specs/weights.md §2): classification, cutting, stable
// ids, and the filters, with every tensor left out listed with its reason.
import { SpectraError } from '@spectra/core';
import type { ExtractedLayers, ExtractLayersOptions, LayerMatrix, LoadedModel, SkippedTensor, TensorInfo } from './types.js';
import { classifyTensor, type LayerCandidate } from './layers/classify.js';
import { compareNatural } from './layers/natural-order.js';

const kinds = new Set(['dense', 'conv2d', 'conv1d', 'embedding', 'attention', 'recurrent']);

function checkOptions(o: ExtractLayersOptions): void {
  for (const key of ['minEvals', 'maxEvals', 'maxN'] as const) {
    const v = o[key];
    if (v !== undefined && !(typeof v === 'number' && v >= 0)) throw new SpectraError('E_ARGUMENT', `extractLayers: ${key} must be a non-negative number, got ${String(v)}`);
  }
  if (o.recurrent !== undefined && o.recurrent !== 'split' && o.recurrent !== 'stacked') throw new SpectraError('E_ARGUMENT', `extractLayers: recurrent must be 'split' or 'stacked', got ${String(o.recurrent)}`);
  if (o.attention !== undefined && o.attention !== 'split' && o.attention !== 'fused') throw new SpectraError('E_ARGUMENT', `extractLayers: attention must be 'split' or 'fused', got ${String(o.attention)}`);
  if (o.compat !== undefined && o.compat !== 'weightwatcher') throw new SpectraError('E_ARGUMENT', `extractLayers: compat must be 'weightwatcher', got ${String(o.compat)}`);
  if (o.order !== undefined && o.order !== 'name' && o.order !== 'file') throw new SpectraError('E_ARGUMENT', `extractLayers: order must be 'name' or 'file', got ${String(o.order)}`);
  for (const k of o.kinds ?? []) if (!kinds.has(k)) throw new SpectraError('E_ARGUMENT', `extractLayers: unknown kind '${String(k)}' (expected ${[...kinds].join(', ')})`);
  for (const id of o.layers ?? []) if (!Number.isInteger(id)) throw new SpectraError('E_ARGUMENT', `extractLayers: layer ids must be integers, got ${String(id)}`);
}

function toRegExp(v: RegExp | string | undefined, what: string): RegExp | undefined {
  if (v === undefined) return undefined;
  if (v instanceof RegExp) return v;
  try {
    return new RegExp(v);
  } catch (e) {
    throw new SpectraError('E_ARGUMENT', `extractLayers: ${what} is not a valid regular expression: ${(e as Error).message}`);
  }
}

/**
 * Cuts a loaded model's tensors into the matrices to analyse (specs/weights.md §2): dense as is,
 * conv kernels as per-position slices in the producer's layout, LSTM/GRU gates and fused attention
 * Q/K/V split, embeddings flagged; biases, norms, integer and depthwise tensors skipped with a
 * reason; size filters on M·rf (pooled) or M (unpooled). Nothing is decoded until `slices()`.
 *
 * @example
 * ```ts
 * import { extractLayers, loadModel, writeSafetensors } from '@spectra/weights';
 * const bytes = writeSafetensors({
 *   'conv.weight': { dtype: 'float32', shape: [8, 4, 3, 3], data: new Float32Array(288) },
 *   'conv.bias': { dtype: 'float32', shape: [8], data: new Float32Array(8) },
 *   'fc.weight': { dtype: 'float32', shape: [10, 32], data: new Float32Array(320) },
 * }, { format: 'pt' });
 * const { layers, skipped } = extractLayers(await loadModel(bytes, { name: 'm.safetensors' }));
 * layers.map((l) => [l.name, l.kind, l.rows, l.cols, l.rf]); // [['conv.weight', 'conv2d', 8, 4, 9], ['fc.weight', 'dense', 10, 32, 1]]
 * skipped; // [{ name: 'conv.bias', reason: 'not-a-matrix', shape: [8], dtype: 'float32' }]
 * ```
 */
export function extractLayers(model: LoadedModel, options: ExtractLayersOptions = {}): ExtractedLayers {
  if (!model || !Array.isArray(model.tensors)) throw new SpectraError('E_ARGUMENT', 'extractLayers: expected a LoadedModel (from loadModel)');
  checkOptions(options);
  const compat = options.compat === 'weightwatcher';
  const minEvals = options.minEvals ?? 10;
  const maxEvals = options.maxEvals ?? 15000;
  const maxN = options.maxN ?? (compat ? 50000 : Infinity);
  const pool = options.pool ?? true;
  const include = toRegExp(options.include, 'include');
  const exclude = toRegExp(options.exclude, 'exclude');

  const tensors: TensorInfo[] = [...model.tensors];
  if ((options.order ?? 'name') === 'name') {
    // Array.prototype.sort is stable: equal names keep the file order.
    tensors.sort((a, b) => compareNatural(a.name, b.name));
  }
  const byName = new Map(tensors.map((t) => [t.name, t] as const));
  const skipped: SkippedTensor[] = model.skipped.map((s) => ({ ...s }));
  const warnings = [...model.warnings];
  const candidates: LayerCandidate[] = [];
  for (const t of tensors) {
    const c = classifyTensor(t, { options, byName });
    if ('skip' in c) skipped.push({ name: t.name, reason: c.skip, shape: [...t.shape], dtype: t.dtype });
    else candidates.push(...c.candidates);
  }

  const nameIncludes = (options.names ?? []).filter((n) => !n.startsWith('-'));
  const nameExcludes = (options.names ?? []).filter((n) => n.startsWith('-')).map((n) => n.slice(1));
  const ids = options.layers ? new Set(options.layers) : undefined;
  const layers: LayerMatrix[] = [];
  candidates.forEach((c, layerId) => {
    const N = Math.max(c.rows, c.cols);
    const M = Math.min(c.rows, c.cols);
    const numEvals = pool ? M * c.rf : M;
    const named = (list: string[]) => list.some((n) => n === c.name || n === c.tensor.name);
    let reason: string | undefined;
    if (ids && !ids.has(layerId)) reason = 'filtered';
    else if (nameIncludes.length > 0 && !named(nameIncludes)) reason = 'filtered';
    else if (named(nameExcludes)) reason = 'filtered';
    else if (options.kinds && !options.kinds.includes(c.kind)) reason = 'filtered';
    else if (include && !include.test(c.name)) reason = 'filtered';
    else if (exclude && exclude.test(c.name)) reason = 'filtered';
    else if (numEvals < minEvals) reason = 'too-small';
    else if (numEvals > maxEvals) reason = 'too-large';
    else if (N > maxN) reason = 'too-large';
    if (reason) {
      skipped.push({ name: c.name, reason, shape: [...c.tensor.shape], dtype: c.tensor.dtype, layerId, kind: c.kind, N, M, numEvals });
      return;
    }
    const layer: LayerMatrix = {
      layerId,
      name: c.name,
      kind: c.kind,
      tensorName: c.tensor.name,
      tensorShape: [...c.tensor.shape],
      dtype: c.tensor.dtype,
      rows: c.rows,
      cols: c.cols,
      N,
      M,
      Q: N / M,
      rf: c.rf,
      parameters: c.rows * c.cols * c.rf,
      quantized: c.tensor.quantization !== undefined,
      origin: c.tensor.origin,
      warnings: [...c.warnings],
      slices: c.slices,
    };
    if (c.tensor.quantization) layer.quantization = c.tensor.quantization;
    if (c.grouped) layer.grouped = true;
    if (c.part) layer.part = c.part;
    if (c.gate) layer.gate = c.gate;
    if (c.direction !== undefined) layer.direction = c.direction;
    if (c.layout) layer.layout = c.layout;
    if (c.tensor.aliases && c.tensor.aliases.length > 0) layer.aliases = [...c.tensor.aliases];
    layers.push(layer);
  });
  return { layers, skipped, warnings };
}
