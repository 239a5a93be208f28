// ONNX (onnx/onnx.proto3, a hand-written protobuf reader, no dependency; specs/weights.md §13.4).
// Tensors come from graph initializers (dense and sparse) and from `Constant` nodes, recursively in
// every subgraph (If branches, Loop/Scan bodies) and in model-local functions. Roles come from the
// consuming operators; `DequantizeLinear` of constant inputs yields dequantised tensors; external
// data is fetched through the resolver with its path, offset and length checked.
import type { LoadedModel, SkippedTensor, TensorDType, TensorInfo, TensorOrigin } from '../types.js';
import { bfloat16ToNumber, decodeInto, dtypeByteSize, float8E4M3ToNumber, float8E5M2ToNumber, halfToNumber } from '../dtypes.js';
import { checkCompanionPath, dirnameOf, inputBytes, resolveCompanion, type ModelInput } from './input.js';
import { checkedElementCount, checkTensorBytes, resolveLimits, type ResolvedLimits } from './limits.js';
import { countPackedVarints, ProtoReader, WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH, WIRE_VARINT, type Span } from './protobuf.js';
import { guardReaderAsync, readerError } from './reader-errors.js';
import type { ReaderOptions } from './reader-options.js';

/** ONNX TensorProto.DataType → ours (undefined: read but skipped). */
const onnxDTypes: Record<number, TensorDType> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16', 17: 'float8_e4m3', 19: 'float8_e5m2',
};
const onnxDTypeNames: Record<number, string> = {
  0: 'UNDEFINED', 8: 'STRING', 14: 'COMPLEX64', 15: 'COMPLEX128', 18: 'FLOAT8E4M3FNUZ', 20: 'FLOAT8E5M2FNUZ', 21: 'UINT4', 22: 'INT4', 23: 'FLOAT4E2M1',
};

/** Input names of the operators whose weights we classify (onnx/docs/Operators.md). */
const operatorInputs: Record<string, string[]> = {
  Conv: ['X', 'W', 'B'],
  ConvTranspose: ['X', 'W', 'B'],
  Gemm: ['A', 'B', 'C'],
  MatMul: ['A', 'B'],
  MatMulInteger: ['A', 'B', 'a_zero_point', 'b_zero_point'],
  LSTM: ['X', 'W', 'R', 'B', 'sequence_lens', 'initial_h', 'initial_c', 'P'],
  GRU: ['X', 'W', 'R', 'B', 'sequence_lens', 'initial_h'],
  RNN: ['X', 'W', 'R', 'B', 'sequence_lens', 'initial_h'],
  Gather: ['data', 'indices'],
  DequantizeLinear: ['x', 'x_scale', 'x_zero_point'],
  BatchNormalization: ['X', 'scale', 'B', 'input_mean', 'input_var'],
  LayerNormalization: ['X', 'Scale', 'B'],
  InstanceNormalization: ['input', 'scale', 'B'],
};
const weightOperators = new Set(['Conv', 'ConvTranspose', 'Gemm', 'MatMul', 'MatMulInteger', 'LSTM', 'GRU', 'RNN', 'Gather']);

/** Where a tensor's values live, before they are decoded. */
interface TensorRecord {
  name: string;
  dataType: number;
  dims: number[];
  raw?: Span;
  /** Typed fields: field number and spans (packed, or one element each). */
  typed: { field: number; span: Span; packed: boolean }[];
  external?: { location: string; offset: number; length?: number };
  sparse?: { values: TensorRecord; indices: TensorRecord };
  origin: TensorOrigin;
  /** Replaced by a DequantizeLinear output. */
  consumedByDequantize?: boolean;
  dequantize?: { x: TensorRecord; scale: TensorRecord; zeroPoint?: TensorRecord; axis: number };
  /** Values given inline by `value_float(s)` / `value_int(s)`. */
  inline?: Float64Array;
}

interface Scope {
  parent?: Scope;
  locals: Map<string, TensorRecord>;
}

interface NodeInfo {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: { name: string; f?: number; i?: number; t?: Span; g?: Span; floats: number[]; ints: number[]; graphs: Span[]; sparse?: Span }[];
}

/** Cheap detection: a ModelProto usually starts with ir_version (field 1, varint). */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length > 16 && bytes[0] === 0x08 && bytes[1]! > 0 && bytes[1]! < 0x20 && (bytes[2] === 0x12 || bytes[2] === 0x1a || bytes[2] === 0x22 || bytes[2] === 0x28 || bytes[2] === 0x3a || bytes[2] === 0x42);
}

/**
 * Reads an ONNX model: initializers, Constant-node tensors in every subgraph and function,
 * external data through `options.resolver`, DequantizeLinear of constants as dequantised tensors.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { readOnnx } from '@spectra/weights';
 * // written by onnx 1.12: a Conv weight in a Constant node inside an If branch (test fixture)
 * const model = await readOnnx(await readFile('packages/weights/test/fixtures/onnx_subgraphs.onnx'), { name: 'onnx_subgraphs.onnx' });
 * const w = model.tensors.find((t) => t.name === 'If_0.then/w_then');
 * [w.origin.subgraph, w.origin.role, w.shape]; // ['If_0.then', 'Conv', [8, 4, 3, 3]]
 * ```
 */
export async function readOnnx(input: ModelInput, options: ReaderOptions = {}): Promise<LoadedModel> {
  const file = options.name ?? 'model.onnx';
  const limits = resolveLimits(options);
  const bytes = await inputBytes(input, file);
  return guardReaderAsync(file, 'reading ONNX model', () => readOnnxBytes(bytes, file, options, limits));
}

async function readOnnxBytes(bytes: Uint8Array, file: string, options: ReaderOptions, limits: ResolvedLimits): Promise<LoadedModel> {
  const records: TensorRecord[] = [];
  const metadata: Record<string, string> = {};
  const warnings: string[] = [];
  const model = new ProtoReader(bytes, 0, bytes.length, file, 'ModelProto');
  let graph: Span | undefined;
  const functions: Span[] = [];
  const opsets: string[] = [];
  while (model.more()) {
    const { field, wire } = model.tag();
    if (field === 1 && wire === WIRE_VARINT) metadata.irVersion = String(model.varint());
    else if (field === 2 && wire === WIRE_LENGTH) metadata.producerName = model.string();
    else if (field === 3 && wire === WIRE_LENGTH) metadata.producerVersion = model.string();
    else if (field === 4 && wire === WIRE_LENGTH) metadata.domain = model.string();
    else if (field === 5 && wire === WIRE_VARINT) metadata.modelVersion = String(model.varint());
    else if (field === 7 && wire === WIRE_LENGTH) {
      if (graph) model.fail('two graphs in one ModelProto');
      graph = model.lengthDelimited();
    } else if (field === 8 && wire === WIRE_LENGTH) {
      const r = model.sub(model.lengthDelimited(), 'OperatorSetIdProto');
      let domain = '';
      let version = 0;
      while (r.more()) {
        const t = r.tag();
        if (t.field === 1 && t.wire === WIRE_LENGTH) domain = r.string();
        else if (t.field === 2 && t.wire === WIRE_VARINT) version = r.varint();
        else r.skip(t.wire);
      }
      opsets.push(`${domain || 'ai.onnx'}:${version}`);
    } else if (field === 14 && wire === WIRE_LENGTH) {
      const r = model.sub(model.lengthDelimited(), 'StringStringEntryProto');
      let key = '';
      let value = '';
      while (r.more()) {
        const t = r.tag();
        if (t.field === 1 && t.wire === WIRE_LENGTH) key = r.string();
        else if (t.field === 2 && t.wire === WIRE_LENGTH) value = r.string();
        else r.skip(t.wire);
      }
      if (key) metadata[`meta:${key}`] = value;
    } else if (field === 25 && wire === WIRE_LENGTH) functions.push(model.lengthDelimited());
    else model.skip(wire);
  }
  if (!graph) throw readerError('E_MALFORMED', file, 'the ONNX ModelProto has no graph (field 7)');
  if (opsets.length) metadata.opsets = opsets.join(',');

  const root: Scope = { locals: new Map() };
  walkGraph(bytes, graph, '', root, 0, file, limits, records, warnings);
  for (const f of functions) walkFunction(bytes, f, root, file, limits, records, warnings);

  // Fetch external data once per file.
  const externals = new Map<string, Uint8Array>();
  const dir = dirnameOf(file);
  for (const r of records) {
    if (!r.external) continue;
    const location = checkCompanionPath(r.external.location, file, `tensor '${r.name}' external data`);
    if (!externals.has(location)) externals.set(location, await resolveCompanion(options.resolver, dir + location, file, `tensor '${r.name}' external data`, options.signal));
  }

  const tensors: TensorInfo[] = [];
  const skipped: SkippedTensor[] = [];
  const names = new Set<string>();
  for (const r of records) {
    if (r.consumedByDequantize) continue;
    if (names.has(r.name)) throw readerError('E_MALFORMED', file, `two tensors are named '${r.name}'`, { tensor: r.name });
    names.add(r.name);
    const built = buildTensor(r, bytes, externals, file, limits);
    if ('skip' in built) skipped.push({ name: r.name, reason: built.skip, shape: r.dims, dtype: onnxDTypeNames[r.dataType] ?? String(r.dataType) });
    else tensors.push(built.tensor);
  }
  const quantized = tensors.filter((t) => t.quantization).length;
  if (quantized) warnings.push(`${file}: ${quantized} tensors are DequantizeLinear of integer constants, read dequantised; quantisation changes the tail of the ESD`);
  return { format: 'onnx', source: file, tensors, skipped, metadata, warnings };
}

function lookup(scope: Scope, name: string): TensorRecord | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const r = s.locals.get(name);
    if (r) return r;
  }
  return undefined;
}

function walkGraph(bytes: Uint8Array, span: Span, path: string, parent: Scope, depth: number, file: string, limits: ResolvedLimits, records: TensorRecord[], warnings: string[]): void {
  if (depth > limits.maxDepth) {
    throw readerError('E_LIMIT', file, `ONNX subgraphs nest deeper than maxDepth = ${limits.maxDepth} (at '${path}')`);
  }
  const scope: Scope = depth === 0 ? parent : { parent, locals: new Map() };
  const r = new ProtoReader(bytes, span.start, span.end, file, path ? `graph '${path}'` : 'GraphProto');
  const nodes: Span[] = [];
  const initializers: Span[] = [];
  const sparse: Span[] = [];
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_LENGTH) nodes.push(r.lengthDelimited());
    else if (field === 5 && wire === WIRE_LENGTH) initializers.push(r.lengthDelimited());
    else if (field === 15 && wire === WIRE_LENGTH) sparse.push(r.lengthDelimited());
    else r.skip(wire);
  }
  const define = (rec: TensorRecord, localName: string) => {
    scope.locals.set(localName, rec);
    records.push(rec);
  };
  for (const s of initializers) {
    const rec = parseTensor(bytes, s, file, path, limits);
    define(rec, localNameOf(rec, path));
  }
  for (const s of sparse) {
    const rec = parseSparseTensor(bytes, s, file, path, limits, undefined);
    define(rec, localNameOf(rec, path));
  }
  nodes.forEach((s, index) => {
    const node = parseNode(bytes, s, file, path);
    const label = node.name || `${node.opType}_${index}`;
    // Subgraphs first: they may consume this graph's constants defined so far.
    for (const a of node.attributes) {
      const sub = (g: Span, suffix: string) => {
        const subPath = `${path ? path + '/' : ''}${label}.${suffix}`;
        walkGraph(bytes, g, subPath, scope, depth + 1, file, limits, records, warnings);
      };
      const short = a.name === 'then_branch' ? 'then' : a.name === 'else_branch' ? 'else' : a.name;
      if (a.g) sub(a.g, short);
      a.graphs.forEach((g, k) => sub(g, `${short}[${k}]`));
    }
    if (node.opType === 'Constant' && node.outputs[0]) {
      const out = node.outputs[0];
      const rec = constantRecord(bytes, node, out, file, path, limits);
      if (rec) define(rec, out);
      return;
    }
    const inputNames = operatorInputs[node.opType];
    node.inputs.forEach((input, k) => {
      if (!input) return;
      const rec = lookup(scope, input);
      if (!rec) return;
      const slot = inputNames?.[k] ?? String(k);
      const isWeightOp = weightOperators.has(node.opType);
      if (!rec.origin.role || (isWeightOp && !weightOperators.has(rec.origin.role))) {
        rec.origin.role = node.opType;
        rec.origin.slot = slot;
        const group = node.attributes.find((a) => a.name === 'group')?.i;
        if ((node.opType === 'Conv' || node.opType === 'ConvTranspose') && slot === 'W' && group !== undefined && group > 1) rec.origin.groups = group;
      }
    });
    if (node.opType === 'DequantizeLinear' && node.outputs[0]) {
      const [x, scale, zeroPoint] = node.inputs.map((n) => (n ? lookup(scope, n) : undefined));
      if (x && scale && !x.sparse && !scale.sparse) {
        const out = node.outputs[0];
        const axis = node.attributes.find((a) => a.name === 'axis')?.i ?? 1;
        const blockSize = node.attributes.find((a) => a.name === 'block_size')?.i ?? 0;
        if (blockSize > 0) {
          warnings.push(`${file}: DequantizeLinear '${label}' uses blocked quantisation, which is not read; '${x.name}' is listed as stored`);
          return;
        }
        x.consumedByDequantize = true;
        const rec: TensorRecord = {
          name: path ? `${path}/${out}` : out,
          dataType: 1,
          dims: x.dims,
          typed: [],
          origin: { file, layout: 'pytorch', ...(path ? { subgraph: path } : {}) },
          dequantize: { x, scale, axis, ...(zeroPoint ? { zeroPoint } : {}) },
        };
        define(rec, out);
      }
    }
  });
}

function walkFunction(bytes: Uint8Array, span: Span, parent: Scope, file: string, limits: ResolvedLimits, records: TensorRecord[], warnings: string[]): void {
  const r = new ProtoReader(bytes, span.start, span.end, file, 'FunctionProto');
  let name = '';
  let domain = '';
  const nodes: Span[] = [];
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_LENGTH) name = r.string();
    else if (field === 10 && wire === WIRE_LENGTH) domain = r.string();
    else if (field === 7 && wire === WIRE_LENGTH) nodes.push(r.lengthDelimited());
    else r.skip(wire);
  }
  // A function body is a list of nodes without initializers; its Constant nodes hold tensors.
  const path = `function:${domain ? domain + '.' : ''}${name}`;
  const scope: Scope = { parent, locals: new Map() };
  nodes.forEach((s, index) => {
    const node = parseNode(bytes, s, file, path);
    for (const a of node.attributes) {
      const label = node.name || `${node.opType}_${index}`;
      if (a.g) walkGraph(bytes, a.g, `${path}/${label}.${a.name}`, scope, 1, file, limits, records, warnings);
      a.graphs.forEach((g, k) => walkGraph(bytes, g, `${path}/${label}.${a.name}[${k}]`, scope, 1, file, limits, records, warnings));
    }
    if (node.opType === 'Constant' && node.outputs[0]) {
      const rec = constantRecord(bytes, node, node.outputs[0], file, path, limits);
      if (rec) {
        scope.locals.set(node.outputs[0], rec);
        records.push(rec);
      }
      return;
    }
    const inputNames = operatorInputs[node.opType];
    node.inputs.forEach((input, k) => {
      const rec = input ? scope.locals.get(input) : undefined;
      if (rec && (!rec.origin.role || (weightOperators.has(node.opType) && !weightOperators.has(rec.origin.role)))) {
        rec.origin.role = node.opType;
        rec.origin.slot = inputNames?.[k] ?? String(k);
      }
    });
  });
}

function localNameOf(rec: TensorRecord, path: string): string {
  return path && rec.name.startsWith(path + '/') ? rec.name.slice(path.length + 1) : rec.name;
}

function parseNode(bytes: Uint8Array, span: Span, file: string, path: string): NodeInfo {
  const r = new ProtoReader(bytes, span.start, span.end, file, `NodeProto in '${path || 'main graph'}'`);
  const node: NodeInfo = { name: '', opType: '', inputs: [], outputs: [], attributes: [] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_LENGTH) node.inputs.push(r.string());
    else if (field === 2 && wire === WIRE_LENGTH) node.outputs.push(r.string());
    else if (field === 3 && wire === WIRE_LENGTH) node.name = r.string();
    else if (field === 4 && wire === WIRE_LENGTH) node.opType = r.string();
    else if (field === 5 && wire === WIRE_LENGTH) {
      const a = r.sub(r.lengthDelimited(), 'AttributeProto');
      const attr: NodeInfo['attributes'][number] = { name: '', floats: [], ints: [], graphs: [] };
      while (a.more()) {
        const t = a.tag();
        if (t.field === 1 && t.wire === WIRE_LENGTH) attr.name = a.string();
        else if (t.field === 2 && t.wire === WIRE_FIXED32) attr.f = a.fixed32();
        else if (t.field === 3 && t.wire === WIRE_VARINT) attr.i = a.int64();
        else if (t.field === 5 && t.wire === WIRE_LENGTH) attr.t = a.lengthDelimited();
        else if (t.field === 6 && t.wire === WIRE_LENGTH) attr.g = a.lengthDelimited();
        else if (t.field === 7 && t.wire === WIRE_FIXED32) attr.floats.push(a.fixed32());
        else if (t.field === 7 && t.wire === WIRE_LENGTH) {
          const s = a.lengthDelimited();
          if ((s.end - s.start) % 4) a.fail('packed floats length is not a multiple of 4');
          const v = new DataView(bytes.buffer, bytes.byteOffset + s.start, s.end - s.start);
          for (let k = 0; k < v.byteLength; k += 4) attr.floats.push(v.getFloat32(k, true));
        } else if (t.field === 8 && t.wire === WIRE_VARINT) attr.ints.push(a.int64());
        else if (t.field === 8 && t.wire === WIRE_LENGTH) {
          const p = a.sub(a.lengthDelimited());
          while (p.more()) attr.ints.push(p.int64());
        } else if (t.field === 11 && t.wire === WIRE_LENGTH) attr.graphs.push(a.lengthDelimited());
        else if (t.field === 22 && t.wire === WIRE_LENGTH) attr.sparse = a.lengthDelimited();
        else a.skip(t.wire);
      }
      node.attributes.push(attr);
    } else r.skip(wire);
  }
  return node;
}

function constantRecord(bytes: Uint8Array, node: NodeInfo, out: string, file: string, path: string, limits: ResolvedLimits): TensorRecord | undefined {
  const name = path ? `${path}/${out}` : out;
  const origin = (): TensorOrigin => ({ file, layout: 'pytorch', ...(path ? { subgraph: path } : {}) });
  for (const a of node.attributes) {
    if (a.name === 'value' && a.t) {
      const rec = parseTensor(bytes, a.t, file, path, limits);
      rec.name = name; // a Constant's tensor is known by the node's output
      return rec;
    }
    if (a.name === 'sparse_value' && a.sparse) return parseSparseTensor(bytes, a.sparse, file, path, limits, name);
    if (a.name === 'value_float' && a.f !== undefined) return { name, dataType: 1, dims: [], typed: [], origin: origin(), inline: Float64Array.of(a.f) };
    if (a.name === 'value_floats') return { name, dataType: 1, dims: [a.floats.length], typed: [], origin: origin(), inline: Float64Array.from(a.floats) };
    if (a.name === 'value_int' && a.i !== undefined) return { name, dataType: 7, dims: [], typed: [], origin: origin(), inline: Float64Array.of(a.i) };
    if (a.name === 'value_ints') return { name, dataType: 7, dims: [a.ints.length], typed: [], origin: origin(), inline: Float64Array.from(a.ints) };
  }
  return undefined; // value_string(s): not numeric
}

function parseTensor(bytes: Uint8Array, span: Span, file: string, path: string, limits: ResolvedLimits): TensorRecord {
  const r = new ProtoReader(bytes, span.start, span.end, file, `TensorProto in '${path || 'main graph'}'`);
  const rec: TensorRecord = { name: '', dataType: 0, dims: [], typed: [], origin: { file, layout: 'pytorch', ...(path ? { subgraph: path } : {}) } };
  let dataLocation = 0;
  const entries: Record<string, string> = {};
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_VARINT) rec.dims.push(r.int64());
    else if (field === 1 && wire === WIRE_LENGTH) {
      const p = r.sub(r.lengthDelimited());
      while (p.more()) rec.dims.push(p.int64());
    } else if (field === 2 && wire === WIRE_VARINT) rec.dataType = r.varint();
    else if (field === 3) r.fail('segmented tensors are not supported');
    else if (field === 8 && wire === WIRE_LENGTH) rec.name = r.string();
    else if (field === 9 && wire === WIRE_LENGTH) rec.raw = r.lengthDelimited();
    else if (field === 13 && wire === WIRE_LENGTH) {
      const e = r.sub(r.lengthDelimited(), 'StringStringEntryProto');
      let key = '';
      let value = '';
      while (e.more()) {
        const t = e.tag();
        if (t.field === 1 && t.wire === WIRE_LENGTH) key = e.string();
        else if (t.field === 2 && t.wire === WIRE_LENGTH) value = e.string();
        else e.skip(t.wire);
      }
      entries[key] = value;
    } else if (field === 14 && wire === WIRE_VARINT) dataLocation = r.varint();
    else if (field === 4 || field === 5 || field === 7 || field === 10 || field === 11) {
      // Repeated numeric fields: packed (length-delimited) or one element per tag.
      const fixedWire = field === 4 ? WIRE_FIXED32 : field === 10 ? WIRE_FIXED64 : WIRE_VARINT;
      if (wire === WIRE_LENGTH) rec.typed.push({ field, span: r.lengthDelimited(), packed: true });
      else if (wire === fixedWire) {
        const start = r.pos;
        r.skip(wire);
        rec.typed.push({ field, span: { start, end: r.pos }, packed: false });
      } else r.fail(`field ${field} has wire type ${wire}`);
    } else r.skip(wire);
  }
  if (rec.name && path) rec.name = `${path}/${rec.name}`;
  if (dataLocation === 1) {
    const location = entries.location;
    if (!location) throw readerError('E_MALFORMED', file, `tensor '${rec.name}' has external data without a location`, { tensor: rec.name });
    const offset = entries.offset !== undefined ? Number(entries.offset) : 0;
    const length = entries.length !== undefined ? Number(entries.length) : undefined;
    if (!Number.isSafeInteger(offset) || offset < 0 || (length !== undefined && (!Number.isSafeInteger(length) || length < 0))) {
      throw readerError('E_BAD_SPAN', file, `tensor '${rec.name}' has an invalid external offset/length (${entries.offset}, ${entries.length})`, { tensor: rec.name });
    }
    rec.external = { location, offset, ...(length !== undefined ? { length } : {}) };
  }
  return rec;
}

function parseSparseTensor(bytes: Uint8Array, span: Span, file: string, path: string, limits: ResolvedLimits, name: string | undefined): TensorRecord {
  const r = new ProtoReader(bytes, span.start, span.end, file, 'SparseTensorProto');
  let values: TensorRecord | undefined;
  let indices: TensorRecord | undefined;
  const dims: number[] = [];
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_LENGTH) values = parseTensor(bytes, r.lengthDelimited(), file, '', limits);
    else if (field === 2 && wire === WIRE_LENGTH) indices = parseTensor(bytes, r.lengthDelimited(), file, '', limits);
    else if (field === 3 && wire === WIRE_VARINT) dims.push(r.int64());
    else if (field === 3 && wire === WIRE_LENGTH) {
      const p = r.sub(r.lengthDelimited());
      while (p.more()) dims.push(p.int64());
    } else r.skip(wire);
  }
  if (!values || !indices) throw readerError('E_MALFORMED', file, 'a sparse tensor needs values and indices');
  const fullName = name ?? (path ? `${path}/${values.name}` : values.name);
  return { name: fullName, dataType: values.dataType, dims, typed: [], origin: { file, layout: 'pytorch', ...(path ? { subgraph: path } : {}) }, sparse: { values, indices } };
}

/** The typed field that holds each data type when raw_data is absent (onnx.proto3 comments). */
function typedFieldOf(dataType: number): number {
  if (dataType === 1) return 4;
  if (dataType === 11) return 10;
  if (dataType === 7) return 7;
  if (dataType === 12 || dataType === 13) return 11;
  return 5;
}

function elementCount(rec: TensorRecord, file: string, limits: ResolvedLimits): number {
  return checkedElementCount(rec.dims, file, rec.name || 'unnamed', limits);
}

/** Validates a record's data against dtype×shape and builds its lazy TensorInfo. */
function buildTensor(rec: TensorRecord, bytes: Uint8Array, externals: Map<string, Uint8Array>, file: string, limits: ResolvedLimits): { tensor: TensorInfo } | { skip: string } {
  const dtype = onnxDTypes[rec.dataType];
  if (!dtype) return { skip: `unsupported-dtype:${onnxDTypeNames[rec.dataType] ?? rec.dataType}` };
  const count = elementCount(rec, file, limits);
  checkTensorBytes(count * dtypeByteSize(dtype), file, rec.name, limits);
  const info = (read: () => Float64Array, extra: Partial<TensorInfo> = {}): { tensor: TensorInfo } => ({
    tensor: { name: rec.name, dtype, shape: [...rec.dims], origin: rec.origin, read, ...extra },
  });
  if (rec.inline) {
    if (rec.inline.length !== count) throw readerError('E_BAD_SPAN', file, `constant '${rec.name}' has ${rec.inline.length} values for shape [${rec.dims.join(', ')}]`, { tensor: rec.name });
    const values = rec.inline;
    return info(() => values.slice());
  }
  if (rec.dequantize) {
    const { x, scale, zeroPoint, axis } = rec.dequantize;
    const xd = onnxDTypes[x.dataType];
    if (!xd) return { skip: `unsupported-dtype:${onnxDTypeNames[x.dataType] ?? x.dataType}` };
    const xs = buildTensor(x, bytes, externals, file, limits);
    const ss = buildTensor(scale, bytes, externals, file, limits);
    const zs = zeroPoint ? buildTensor(zeroPoint, bytes, externals, file, limits) : undefined;
    if ('skip' in xs || 'skip' in ss || (zs && 'skip' in zs)) return { skip: 'unsupported-dtype:dequantize-inputs' };
    const scaleCount = ss.tensor.shape.reduce((a, b) => a * b, 1);
    const rank = x.dims.length;
    const ax = axis < 0 ? axis + rank : axis;
    const perAxis = scaleCount !== 1;
    if (perAxis && (ss.tensor.shape.length !== 1 || ax < 0 || ax >= rank || x.dims[ax] !== scaleCount)) {
      throw readerError('E_MALFORMED', file, `DequantizeLinear of '${x.name}': scale of shape [${ss.tensor.shape.join(', ')}] matches neither a scalar nor axis ${axis} of [${x.dims.join(', ')}]`, { tensor: rec.name });
    }
    if (zs && zs.tensor.shape.reduce((a, b) => a * b, 1) !== scaleCount) {
      throw readerError('E_MALFORMED', file, `DequantizeLinear of '${x.name}': the zero point and the scale differ in size`, { tensor: rec.name });
    }
    const inner = x.dims.slice(ax + 1).reduce((a, b) => a * b, 1);
    if (xd !== 'uint8' && xd !== 'int8' && xd !== 'int32' && xd !== 'uint16') return { skip: `unsupported-dtype:dequantize-${xd}` };
    const quantization: TensorInfo['quantization'] = { dtype: xd, scheme: 'dequantize-linear' };
    if (!perAxis) {
      quantization.scale = ss.tensor.read()[0]!;
      if (zs) quantization.zeroPoint = zs.tensor.read()[0]!;
    }
    return {
      tensor: {
        name: rec.name,
        dtype: 'float32',
        shape: [...x.dims],
        origin: rec.origin,
        quantization,
        read() {
          const q = xs.tensor.read();
          const s = ss.tensor.read();
          const z = zs ? zs.tensor.read() : undefined;
          const out = new Float64Array(q.length);
          for (let i = 0; i < q.length; i++) {
            const k = perAxis ? Math.floor(i / inner) % scaleCount : 0;
            // ONNX computes (x − zero_point)·scale in float32.
            out[i] = Math.fround((q[i]! - (z ? z[k]! : 0)) * s[k]!);
          }
          return out;
        },
      },
    };
  }
  if (rec.sparse) {
    const vs = buildTensor(rec.sparse.values, bytes, externals, file, limits);
    const is = buildTensor(rec.sparse.indices, bytes, externals, file, limits);
    if ('skip' in vs || 'skip' in is) return { skip: 'unsupported-dtype:sparse' };
    const nnz = vs.tensor.shape.reduce((a, b) => a * b, 1);
    const ishape = is.tensor.shape;
    const rank = rec.dims.length;
    const linear = ishape.length === 1 && ishape[0] === nnz;
    if (!linear && !(ishape.length === 2 && ishape[0] === nnz && ishape[1] === rank)) {
      throw readerError('E_MALFORMED', file, `sparse tensor '${rec.name}': indices of shape [${ishape.join(', ')}] fit neither [${nnz}] nor [${nnz}, ${rank}]`, { tensor: rec.name });
    }
    return info(() => {
      const out = new Float64Array(count);
      const v = vs.tensor.read();
      const ix = is.tensor.read();
      for (let k = 0; k < nnz; k++) {
        let flat = 0;
        if (linear) flat = ix[k]!;
        else for (let d = 0; d < rank; d++) {
          const id = ix[k * rank + d]!;
          if (!(id >= 0 && id < rec.dims[d]!)) flat = -1;
          if (flat >= 0) flat = flat * rec.dims[d]! + id;
        }
        if (!(Number.isInteger(flat) && flat >= 0 && flat < count)) {
          throw readerError('E_BAD_SPAN', file, `sparse tensor '${rec.name}': index ${k} lies outside shape [${rec.dims.join(', ')}]`, { tensor: rec.name });
        }
        out[flat] = v[k]!;
      }
      return out;
    });
  }
  const size = dtypeByteSize(dtype);
  const need = count * size;
  if (rec.external) {
    const data = externals.get(checkCompanionPath(rec.external.location, file, rec.name))!;
    const length = rec.external.length ?? need;
    if (length !== need) {
      throw readerError('E_BAD_SPAN', file, `tensor '${rec.name}' (${dtype} [${rec.dims.join(', ')}]) needs ${need} bytes, its external data declares ${length}`, { tensor: rec.name, expectedBytes: need, actualBytes: length });
    }
    if (rec.external.offset + length > data.length) {
      throw readerError('E_TRUNCATED', file, `tensor '${rec.name}' needs bytes ${rec.external.offset}..${rec.external.offset + length} of '${rec.external.location}', which has ${data.length}`, { tensor: rec.name, expectedBytes: rec.external.offset + length, actualBytes: data.length });
    }
    const offset = rec.external.offset;
    const origin = { ...rec.origin, shard: rec.external.location };
    rec.origin = origin;
    return info(() => decodeSpan(data, offset, count, dtype), { origin });
  }
  if (rec.raw) {
    const got = rec.raw.end - rec.raw.start;
    if (got !== need) {
      throw readerError('E_BAD_SPAN', file, `tensor '${rec.name}' (${dtype} [${rec.dims.join(', ')}]) needs ${need} bytes, its raw_data has ${got}`, { tensor: rec.name, expectedBytes: need, actualBytes: got });
    }
    const start = rec.raw.start;
    return info(() => decodeSpan(bytes, start, count, dtype));
  }
  const field = typedFieldOf(rec.dataType);
  const segments = rec.typed;
  for (const s of segments) {
    if (s.field !== field) {
      throw readerError('E_MALFORMED', file, `tensor '${rec.name}' of ONNX type ${rec.dataType} stores values in field ${s.field} (expected ${field})`, { tensor: rec.name });
    }
  }
  let have = 0;
  for (const s of segments) {
    if (!s.packed) have += 1;
    else if (field === 4) {
      if ((s.span.end - s.span.start) % 4) throw readerError('E_MALFORMED', file, `tensor '${rec.name}': packed float_data is not a multiple of 4 bytes`, { tensor: rec.name });
      have += (s.span.end - s.span.start) / 4;
    } else if (field === 10) {
      if ((s.span.end - s.span.start) % 8) throw readerError('E_MALFORMED', file, `tensor '${rec.name}': packed double_data is not a multiple of 8 bytes`, { tensor: rec.name });
      have += (s.span.end - s.span.start) / 8;
    } else have += countPackedVarints(bytes, s.span, file, `tensor '${rec.name}'`);
  }
  if (have !== count) {
    throw readerError('E_BAD_SPAN', file, `tensor '${rec.name}' (${dtype} [${rec.dims.join(', ')}]) needs ${count} values, it stores ${have}`, { tensor: rec.name, expectedBytes: need, actualBytes: have * size });
  }
  return info(() => decodeTyped(bytes, segments, field, count, dtype, file));
}

function decodeSpan(data: Uint8Array, offset: number, count: number, dtype: TensorDType): Float64Array {
  const out = new Float64Array(count);
  if (count > 0) decodeInto(out, 0, data, offset, count, dtype, true);
  return out;
}

function decodeTyped(bytes: Uint8Array, segments: TensorRecord['typed'], field: number, count: number, dtype: TensorDType, file: string): Float64Array {
  const out = new Float64Array(count);
  let k = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fromInt32 = (v: number): number => {
    switch (dtype) {
      case 'float16': return halfToNumber(v & 0xffff);
      case 'bfloat16': return bfloat16ToNumber(v & 0xffff);
      case 'float8_e4m3': return float8E4M3ToNumber(v & 0xff);
      case 'float8_e5m2': return float8E5M2ToNumber(v & 0xff);
      case 'bool': return v ? 1 : 0;
      case 'uint8': return v & 0xff;
      case 'uint16': return v & 0xffff;
      case 'int8': return (v << 24) >> 24;
      case 'int16': return (v << 16) >> 16;
      default: return v | 0;
    }
  };
  for (const s of segments) {
    if (field === 4) for (let p = s.span.start; p < s.span.end; p += 4) out[k++] = view.getFloat32(p, true);
    else if (field === 10) for (let p = s.span.start; p < s.span.end; p += 8) out[k++] = view.getFloat64(p, true);
    else {
      const r = new ProtoReader(bytes, s.span.start, s.span.end, file, 'typed tensor data');
      while (r.more()) {
        if (field === 11) out[k++] = r.varint();
        else if (field === 7) out[k++] = r.int64();
        else out[k++] = fromInt32(r.int64());
      }
    }
  }
  return out;
}
