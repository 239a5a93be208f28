// Tensor → kind (specs/weights.md §2.1). The decision uses, in order: what the format says about the
// consumer (origin.role / slot / groups / layout), the conventional names of the producers
// (PyTorch `weight_ih_l0`, `in_proj_weight`, GPT-2 `c_attn`, timm `qkv`), and the shape.
import type { Matrix } from '@spectra/core';
import type { ExtractLayersOptions, LayerKind, TensorInfo } from '../types.js';
import { isFloatDType } from '../dtypes.js';
import { columnBlock, convSlicesChannelsFirst, convSlicesChannelsLast, rowBlock } from './slicing.js';

/** One matrix (or stack of slices) cut from a tensor, before ids and filters. */
export interface LayerCandidate {
  name: string;
  kind: LayerKind;
  tensor: TensorInfo;
  rows: number;
  cols: number;
  rf: number;
  part?: string;
  gate?: string;
  direction?: number;
  layout?: 'pytorch' | 'tensorflow';
  grouped?: boolean;
  warnings: string[];
  slices: () => Matrix[];
}

export type Classification = { candidates: LayerCandidate[] } | { skip: string };

/** Gate orders of each producer (specs/weights.md §2.1). */
export const gateOrders = {
  pytorchLstm: ['i', 'f', 'g', 'o'],
  pytorchGru: ['r', 'z', 'n'],
  onnxLstm: ['i', 'o', 'f', 'c'],
  onnxGru: ['z', 'r', 'h'],
  kerasLstm: ['i', 'f', 'c', 'o'],
  kerasGru: ['z', 'r', 'h'],
} as const;

const embeddingName = /embed|(^|[./])(wte|wpe|lm_head|shared|tok_embeddings)([./]|$)/i;
const embeddingRoles = /^(Gather|GatherV2|ResourceGather|Embedding)$/;
const biasSlots = new Set(['bias', 'biases', 'beta', 'gamma', 'moving_mean', 'moving_variance', 'running_mean', 'running_var']);

/**
 * Biases and normalisation parameters, which may be 2-D (a bidirectional ONNX LSTM's B is
 * [2, 8H]): Keras weight names, ONNX input names (Gemm C; Conv and LSTM/GRU/RNN B), the bias inputs
 * (index ≥ 2) of TF's fused ops, and names ending in bias.
 */
function isBiasLike(role: string, slot: string, last: string): boolean {
  if (biasSlots.has(slot) || /^(bias|biases)$/i.test(last)) return true;
  if (role === 'Gemm' && slot === 'C') return true;
  if (/^(Conv|ConvTranspose|LSTM|GRU|RNN)$/.test(role) && slot === 'B') return true;
  if (/^_?Fused/.test(role) && /^\d+$/.test(slot) && Number(slot) >= 2) return true;
  return false;
}
const depthwiseRole = /depthwise/i;
// nn.LSTM/GRU/RNN: weight_ih_l0[_reverse]; nn.LSTMCell/GRUCell: weight_ih.
const pytorchRecurrent = /(^|\.)weight_(ih|hh)((?:_l\d+)?(?:_reverse)?)$/;

export interface ClassifyContext {
  options: ExtractLayersOptions;
  /** All tensors by name (partner lookup: weight_ih ↔ weight_hh). */
  byName: Map<string, TensorInfo>;
}

function lastSegment(name: string): string {
  const parts = name.split(/[./]/);
  return (parts[parts.length - 1] ?? name).replace(/:\d+$/, '');
}

/** Decides the layout of a conv kernel: from the format, or (unknown source) the smaller-product rule. */
export function convLayout(t: TensorInfo): 'pytorch' | 'tensorflow' {
  const l = t.origin.layout;
  if (l === 'pytorch' || l === 'tensorflow') return l;
  const s = t.shape;
  if (s.length === 4) return s[2]! * s[3]! <= s[0]! * s[1]! ? 'pytorch' : 'tensorflow';
  // conv1d: the kernel width is the smaller of the two outer dims.
  return s[2]! <= s[0]! ? 'pytorch' : 'tensorflow';
}

function matrix(t: TensorInfo, kind: LayerKind, warnings: string[]): LayerCandidate {
  const [rows, cols] = [t.shape[0]!, t.shape[1]!];
  return { name: t.name, kind, tensor: t, rows, cols, rf: 1, warnings, slices: () => [{ rows, cols, data: t.read() }] };
}

/** Classifies one tensor into the matrices to analyse, or a skip reason. */
export function classifyTensor(t: TensorInfo, ctx: ClassifyContext): Classification {
  const { options } = ctx;
  const compat = options.compat === 'weightwatcher';
  const shape = t.shape;
  const rank = shape.length;
  const role = t.origin.role ?? '';
  const slot = t.origin.slot ?? '';
  const last = lastSegment(t.name);
  const warnings: string[] = [];
  if (!isFloatDType(t.dtype) && !t.quantization) return { skip: 'not-a-matrix' };
  if (rank < 2 || shape.some((d) => d === 0)) return { skip: 'not-a-matrix' };
  if (t.quantization) {
    const q = t.quantization;
    warnings.push(`quantised (${q.dtype} ${q.scheme}), read dequantised: quantisation changes the tail of the ESD`);
  }
  if (isBiasLike(role, slot, last)) return { skip: 'not-a-matrix' };

  // Recurrent: ONNX LSTM/GRU/RNN W and R, [dirs, gates·H, ·].
  const onnxRecurrent = /^(LSTM|GRU|RNN)$/.test(role) && (slot === 'W' || slot === 'R') && rank === 3;
  if (onnxRecurrent) {
    if (compat) return { skip: 'compat:recurrent' };
    const gates = role === 'LSTM' ? gateOrders.onnxLstm : role === 'GRU' ? gateOrders.onnxGru : ['h'];
    return { candidates: splitStackedRecurrent(t, gates, warnings, options.recurrent === 'stacked') };
  }
  if (rank === 2) {
    if (shape[0]! < 2 || shape[1]! < 2) return { skip: 'not-a-matrix' };
    // PyTorch nn.LSTM / nn.GRU / nn.RNN: weight_ih_l{k}[_reverse] (gates·H × I), weight_hh (gates·H × H).
    const pt = pytorchRecurrent.exec(t.name);
    if (pt) {
      if (compat) return { skip: 'compat:recurrent' };
      const partnerName = t.name.slice(0, pt.index + pt[1]!.length) + (pt[2] === 'ih' ? 'weight_hh' : 'weight_ih') + pt[3];
      const hh = pt[2] === 'hh' ? t : ctx.byName.get(partnerName);
      const hidden = hh ? hh.shape[1]! : 0;
      const gates = hidden > 0 && shape[0]! % hidden === 0 ? shape[0]! / hidden : 0;
      const order = gates === 4 ? gateOrders.pytorchLstm : gates === 3 ? gateOrders.pytorchGru : gates === 1 ? ['h'] : undefined;
      if (!order) {
        warnings.push(`recurrent gate count unknown (no matching weight_hh, or rows not a multiple of H): analysed stacked`);
        return { candidates: [{ ...matrix(t, 'recurrent', warnings) }] };
      }
      if (options.recurrent === 'stacked' || order.length === 1) return { candidates: [matrix(t, 'recurrent', warnings)] };
      return { candidates: order.map((g, k) => splitPart(t, 'recurrent', `.gate_${g}`, `gate_${g}`, 'rows', k, hidden, warnings, { gate: g })) };
    }
    // Keras / TF.js recurrent layers: kernel (I, gates·H), recurrent_kernel (H, gates·H).
    const kerasRecurrent = /LSTM|GRU|SimpleRNN/.exec(role);
    if (kerasRecurrent && /^(kernel|recurrent_kernel)$/.test(slot)) {
      if (compat) return { skip: 'compat:recurrent' };
      const gates = kerasRecurrent[0] === 'LSTM' ? gateOrders.kerasLstm : kerasRecurrent[0] === 'GRU' ? gateOrders.kerasGru : ['h'];
      const hidden = shape[1]! / gates.length;
      if (options.recurrent === 'stacked' || gates.length === 1 || !Number.isInteger(hidden)) return { candidates: [matrix(t, 'recurrent', warnings)] };
      return { candidates: gates.map((g, k) => splitPart(t, 'recurrent', `.gate_${g}`, `gate_${g}`, 'columns', k, hidden, warnings, { gate: g })) };
    }
    // Fused attention.
    if (/(^|\.)in_proj_weight$/.test(t.name) && shape[0] === 3 * shape[1]!) {
      if (compat) return { skip: 'compat:fused-attention' };
      if (options.attention === 'fused') return { candidates: [matrix(t, 'attention', warnings)] };
      return { candidates: ['q', 'k', 'v'].map((p, k) => splitPart(t, 'attention', `.${p}`, p, 'rows', k, shape[1]!, warnings, {})) };
    }
    if (/(^|\.)qkv\.weight$/.test(t.name) && shape[0] === 3 * shape[1]!) {
      if (compat || options.attention === 'fused') return { candidates: [matrix(t, 'attention', warnings)] };
      return { candidates: ['q', 'k', 'v'].map((p, k) => splitPart(t, 'attention', `.${p}`, p, 'rows', k, shape[1]!, warnings, {})) };
    }
    if (/(^|\.)c_attn\.weight$/.test(t.name) && shape[1] === 3 * shape[0]!) {
      if (compat || options.attention === 'fused') return { candidates: [matrix(t, 'attention', warnings)] };
      return { candidates: ['q', 'k', 'v'].map((p, k) => splitPart(t, 'attention', `.${p}`, p, 'columns', k, shape[0]!, warnings, {})) };
    }
    // Per-head interleaved fusions (GPT-NeoX/BLOOM `query_key_value`): the split depends on the
    // head layout, which the weights alone do not say — analysed fused (specs/weights.md §2.1).
    if (/(^|\.)query_key_value\.weight$/.test(t.name)) return { candidates: [matrix(t, 'attention', warnings)] };
    if (embeddingRoles.test(role) || embeddingName.test(t.name)) return { candidates: [matrix(t, 'embedding', warnings)] };
    return { candidates: [matrix(t, 'dense', warnings)] };
  }
  if (rank === 3 || rank === 4) {
    const kind: LayerKind = rank === 4 ? 'conv2d' : 'conv1d';
    // A consumer that is known and is not a convolution (ONNX Expand, Add…): not a kernel.
    if (role && !/conv/i.test(role)) return { skip: 'not-a-matrix' };
    if (depthwiseRole.test(role) || /depthwise/i.test(t.name)) return { skip: 'depthwise' };
    if (kind === 'conv1d' && compat) return { skip: 'compat:conv1d' };
    const layout = convLayout(t);
    const inPerGroup = layout === 'pytorch' ? shape[1]! : shape[rank - 2]!;
    const groups = t.origin.groups ?? 1;
    if (groups > 1 && inPerGroup === 1) return { skip: 'depthwise' };
    const rows = layout === 'pytorch' ? shape[0]! : shape[rank - 2]!;
    const cols = layout === 'pytorch' ? shape[1]! : shape[rank - 1]!;
    const rf = layout === 'pytorch' ? shape.slice(2).reduce((a, b) => a * b, 1) : shape.slice(0, rank - 2).reduce((a, b) => a * b, 1);
    const candidate: LayerCandidate = {
      name: t.name,
      kind,
      tensor: t,
      rows,
      cols,
      rf,
      layout,
      warnings,
      slices: () => (layout === 'pytorch' ? convSlicesChannelsFirst(t.read(), shape) : convSlicesChannelsLast(t.read(), shape)),
    };
    if (groups > 1) candidate.grouped = true;
    return { candidates: [candidate] };
  }
  return { skip: `unsupported-rank:${rank}` };
}

function splitPart(
  t: TensorInfo,
  kind: LayerKind,
  suffix: string,
  part: string,
  along: 'rows' | 'columns',
  index: number,
  h: number,
  warnings: string[],
  extra: { gate?: string },
): LayerCandidate {
  const [R, C] = [t.shape[0]!, t.shape[1]!];
  const c: LayerCandidate = {
    name: t.name + suffix,
    kind,
    tensor: t,
    rows: along === 'rows' ? h : R,
    cols: along === 'rows' ? C : h,
    rf: 1,
    part,
    warnings,
    slices: () => [along === 'rows' ? rowBlock(t.read(), C, index, h) : columnBlock(t.read(), R, C, index, h)],
  };
  if (extra.gate) c.gate = extra.gate;
  return c;
}

/** ONNX `[dirs, gates·H, cols]`: one H×cols matrix per direction and gate (or one per direction, stacked). */
function splitStackedRecurrent(t: TensorInfo, gates: readonly string[], warnings: string[], stacked: boolean): LayerCandidate[] {
  const [dirs, gh, cols] = [t.shape[0]!, t.shape[1]!, t.shape[2]!];
  const hidden = gh / gates.length;
  const out: LayerCandidate[] = [];
  const useGates = !stacked && Number.isInteger(hidden) && gates.length > 1;
  for (let d = 0; d < dirs; d++) {
    const dirSuffix = dirs > 1 ? `.dir${d}` : '';
    if (!useGates) {
      const c: LayerCandidate = {
        name: t.name + dirSuffix, kind: 'recurrent', tensor: t, rows: gh, cols, rf: 1, warnings,
        slices: () => [rowBlock(t.read(), cols, d, gh)],
      };
      if (dirs > 1) { c.direction = d; c.part = `dir${d}`; }
      out.push(c);
      continue;
    }
    gates.forEach((g, k) => {
      const c: LayerCandidate = {
        name: `${t.name}${dirSuffix}.gate_${g}`, kind: 'recurrent', tensor: t, rows: hidden, cols, rf: 1, warnings,
        part: `${dirs > 1 ? `dir${d}.` : ''}gate_${g}`, gate: g,
        slices: () => [rowBlock(t.read(), cols, k, hidden, d * gh * cols)],
      };
      if (dirs > 1) c.direction = d;
      out.push(c);
    });
  }
  return out;
}
