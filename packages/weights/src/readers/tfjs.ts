// TF.js `model.json` (layers-model and graph-model) and bare `*weights_manifest.json`
// (tfjs-core/src/io/io_utils.ts `decodeWeights`; specs/weights.md §13.5). Shards of a group are
// concatenated in `paths` order and the weights are laid out back to back in manifest order; the
// bytes consumed must equal the bytes of the shards.
import type { LoadedModel, SkippedTensor, TensorDType, TensorInfo, TensorOrigin, TensorQuantization } from '../types.js';
import { decodeInto } from '../dtypes.js';
import { inputBytes, resolveCompanion, dirnameOf, type ModelInput } from './input.js';
import { checkedElementCount, checkTensorBytes, resolveLimits, type ResolvedLimits } from './limits.js';
import { guardReaderAsync, readerError } from './reader-errors.js';
import type { ReaderOptions } from './reader-options.js';
import { asObject, own, parseJsonBytes, type JsonValue } from './strict-json.js';

type Obj = { [key: string]: JsonValue };

/** Keras/TF.js layer classes that only contain other layers. */
const containerClasses = new Set(['Sequential', 'Functional', 'Model']);

/**
 * Reads a TF.js model: `model.json` (layers-model or graph-model) or a bare weights manifest, with
 * its shard files fetched through `options.resolver` (paths relative to the JSON file).
 *
 * @example
 * ```ts
 * import { readTfjs } from '@spectra/weights';
 * const manifest = [{ paths: ['w.bin'], weights: [{ name: 'dense/kernel', shape: [2, 2], dtype: 'float32' }] }];
 * const json = new TextEncoder().encode(JSON.stringify(manifest));
 * const shard = new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer);
 * const model = await readTfjs(json, { name: 'weights_manifest.json', resolver: async () => shard });
 * model.tensors[0].read(); // Float64Array [1, 2, 3, 4]
 * ```
 */
export async function readTfjs(input: ModelInput, options: ReaderOptions = {}): Promise<LoadedModel> {
  const file = options.name ?? 'model.json';
  const limits = resolveLimits(options);
  const bytes = await inputBytes(input, file);
  return guardReaderAsync(file, 'reading TF.js model', () => readTfjsBytes(bytes, file, options, limits));
}

async function readTfjsBytes(bytes: Uint8Array, file: string, options: ReaderOptions, limits: ResolvedLimits): Promise<LoadedModel> {
  const json = parseJsonBytes(bytes, file, 'TF.js JSON', limits.maxHeaderBytes, { strict: false });
  const metadata: Record<string, string> = {};
  let manifest: JsonValue | undefined;
  let topology: Obj | undefined;
  let format = 'weights-manifest';
  if (Array.isArray(json)) {
    manifest = json;
  } else {
    const root = asObject(json);
    if (!root) throw readerError('E_MALFORMED', file, 'a TF.js file is a JSON object (model.json) or an array (weights manifest)');
    manifest = own(root, 'weightsManifest');
    topology = asObject(own(root, 'modelTopology'));
    const f = own(root, 'format');
    format = typeof f === 'string' ? f : topology && own(topology, 'node') ? 'graph-model' : 'layers-model';
    for (const key of ['format', 'generatedBy', 'convertedBy']) {
      const v = own(root, key);
      if (typeof v === 'string') metadata[key] = v;
    }
    if (!Array.isArray(manifest)) throw readerError('E_MALFORMED', file, 'model.json has no weightsManifest array');
  }
  metadata.format ??= format;
  const manifestGroups = manifest as JsonValue[];

  const warnings: string[] = [];
  const layerClasses: Record<string, string> = {};
  const layerConfigs = new Map<string, Obj>();
  const graphConsumers = new Map<string, { op: string; index: number }[]>();
  if (topology) {
    if (format === 'graph-model' || own(topology, 'node')) collectGraphConsumers(topology, graphConsumers);
    else collectLayerClasses(topology, layerClasses, layerConfigs, 0);
  }

  const tensors: TensorInfo[] = [];
  const skipped: SkippedTensor[] = [];
  const dir = dirnameOf(file);
  let quantizedUint8 = 0;
  const seen = new Set<string>();

  for (let g = 0; g < manifestGroups.length; g++) {
    const group = asObject(manifestGroups[g]);
    const paths = own(group, 'paths');
    const weights = own(group, 'weights');
    if (!group || !Array.isArray(paths) || !Array.isArray(weights) || !paths.every((p) => typeof p === 'string')) {
      throw readerError('E_MALFORMED', file, `weights manifest group ${g} must have 'paths' (strings) and 'weights' (a list)`);
    }
    // Plan the layout first, from the manifest alone, so sizes are known before any shard is read.
    interface Plan { name: string; shape: number[]; dtype: string; count: number; bytes: number | 'strings'; quantization?: TensorQuantization }
    const plans: Plan[] = [];
    for (let w = 0; w < weights.length; w++) {
      const entry = asObject(weights[w]);
      const name = own(entry, 'name');
      const shape = own(entry, 'shape');
      const dtype = own(entry, 'dtype');
      if (typeof name !== 'string' || !Array.isArray(shape) || typeof dtype !== 'string') {
        throw readerError('E_MALFORMED', file, `weights manifest group ${g} entry ${w} needs a string 'name', a 'shape' list and a string 'dtype'`);
      }
      if (seen.has(name)) throw readerError('E_MALFORMED', file, `weight '${name}' appears twice in the manifest`, { tensor: name });
      seen.add(name);
      const count = checkedElementCount(shape, file, name, limits);
      const q = asObject(own(entry, 'quantization'));
      let quantization: TensorQuantization | undefined;
      let elementBytes: number;
      if (q) {
        const qd = own(q, 'dtype');
        if (qd === 'uint8' || qd === 'uint16') {
          const scale = own(q, 'scale');
          const min = own(q, 'min');
          if (typeof scale !== 'number' || typeof min !== 'number' || !Number.isFinite(scale) || !Number.isFinite(min)) {
            throw readerError('E_MALFORMED', file, `weight '${name}': ${qd} quantization needs finite 'scale' and 'min'`, { tensor: name });
          }
          quantization = { dtype: qd, scheme: 'affine', scale, min };
          elementBytes = qd === 'uint8' ? 1 : 2;
        } else if (qd === 'float16') {
          quantization = { dtype: 'float16', scheme: 'float16' };
          elementBytes = 2;
        } else {
          throw readerError('E_UNSUPPORTED_DTYPE', file, `weight '${name}' has quantization dtype '${String(qd)}' (expected uint8, uint16 or float16); the layout of the shards cannot be followed`, { tensor: name });
        }
        if (dtype !== 'float32' && dtype !== 'int32') {
          throw readerError('E_MALFORMED', file, `weight '${name}': quantization applies to float32 or int32 weights, not ${dtype}`, { tensor: name });
        }
      } else if (dtype === 'float32' || dtype === 'int32') elementBytes = 4;
      else if (dtype === 'bool') elementBytes = 1;
      else if (dtype === 'complex64') elementBytes = 8;
      else if (dtype === 'string') elementBytes = -1;
      else {
        throw readerError('E_UNSUPPORTED_DTYPE', file, `weight '${name}' has dtype '${dtype}' (expected float32, int32, bool, string or complex64); the layout of the shards cannot be followed`, { tensor: name });
      }
      const plan: Plan = { name, shape: shape as number[], dtype, count, bytes: elementBytes < 0 ? 'strings' : count * elementBytes };
      if (plan.bytes !== 'strings') checkTensorBytes(plan.bytes, file, name, limits);
      if (quantization) plan.quantization = quantization;
      plans.push(plan);
    }

    // Fetch the shards; concatenate only when there are several.
    const shards: { path: string; bytes: Uint8Array }[] = [];
    let total = 0;
    for (const p of paths as string[]) {
      const path = dir + p;
      const shard = await resolveCompanion(options.resolver, path, file, `weights group ${g}`, options.signal);
      shards.push({ path: p, bytes: shard });
      total += shard.length;
    }
    const planned = plans.reduce((a, p) => a + (p.bytes === 'strings' ? 0 : p.bytes), 0);
    if (planned > total) {
      throw readerError('E_TRUNCATED', file, `weights group ${g} declares ${planned} bytes of tensors but its shards (${(paths as string[]).join(', ')}) hold ${total}`, { expectedBytes: planned, actualBytes: total });
    }
    // The shards are not concatenated (a copy of the whole model): a tensor inside one shard is a
    // view of it, and only a tensor straddling a boundary is copied, when it is read.
    const bytesOf = new ConcatenatedBytes(shards.map((s) => s.bytes));
    const shardAt = (offset: number): string => shards[bytesOf.shardIndex(offset)]?.path ?? shards[shards.length - 1]?.path ?? '';

    let offset = 0;
    for (const plan of plans) {
      let span: number;
      if (plan.bytes === 'strings') {
        // u32 little-endian length, then the bytes, per element: consumed, never decoded.
        span = 0;
        for (let k = 0; k < plan.count; k++) {
          if (offset + span + 4 > bytesOf.length) {
            throw readerError('E_TRUNCATED', file, `string weight '${plan.name}' runs past the end of its shards (element ${k} of ${plan.count})`, { tensor: plan.name });
          }
          const len = bytesOf.uint32(offset + span);
          span += 4 + len;
          if (offset + span > bytesOf.length) {
            throw readerError('E_TRUNCATED', file, `string weight '${plan.name}' element ${k} declares ${len} bytes past the end of its shards`, { tensor: plan.name });
          }
        }
      } else span = plan.bytes;
      if (offset + span > bytesOf.length) {
        throw readerError('E_TRUNCATED', file, `weight '${plan.name}' needs bytes ${offset}..${offset + span} of weights group ${g}, whose shards hold ${bytesOf.length}`, { tensor: plan.name, expectedBytes: offset + span, actualBytes: bytesOf.length });
      }
      const origin: TensorOrigin = { file, shard: shardAt(offset), layout: 'tensorflow' };
      describeRole(plan.name, origin, layerClasses, layerConfigs, graphConsumers);
      if (plan.dtype === 'string' || plan.dtype === 'complex64') {
        skipped.push({ name: plan.name, reason: `unsupported-dtype:${plan.dtype}`, shape: plan.shape, dtype: plan.dtype });
      } else if (plan.quantization) {
        tensors.push(quantizedTensor(plan.name, plan.dtype as TensorDType, plan.shape, origin, bytesOf, offset, span, plan.count, plan.quantization));
        if (plan.quantization.dtype === 'uint8') quantizedUint8++;
      } else {
        tensors.push(spanTensor(plan.name, plan.dtype as TensorDType, plan.shape, origin, bytesOf, offset, span));
      }
      offset += span;
    }
    if (offset !== bytesOf.length) {
      throw readerError('E_BAD_SPAN', file, `weights group ${g}: the manifest accounts for ${offset} bytes but the shards (${(paths as string[]).join(', ')}) hold ${bytesOf.length}`, { expectedBytes: offset, actualBytes: bytesOf.length });
    }
  }
  if (quantizedUint8 > 0) {
    warnings.push(`${file}: ${quantizedUint8} weights are uint8 affine-quantised (about 256 distinct values per tensor); quantisation reshapes the tail of the ESD`);
  }
  const model: LoadedModel = { format: 'tfjs', source: file, tensors, skipped, metadata, warnings };
  if (Object.keys(layerClasses).length > 0) model.layerClasses = layerClasses;
  return model;
}

/** Shards read as one byte sequence without concatenating them. */
class ConcatenatedBytes {
  readonly length: number;
  private readonly starts: number[] = [];

  constructor(private readonly parts: Uint8Array[]) {
    let o = 0;
    for (const p of parts) {
      this.starts.push(o);
      o += p.length;
    }
    this.length = o;
  }

  /** Index of the shard holding byte `offset` (binary search). */
  shardIndex(offset: number): number {
    let lo = 0;
    let hi = this.parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Bytes [offset, offset + span): a view when inside one shard, else a copy of just that span. */
  span(offset: number, span: number): { bytes: Uint8Array; byteOffset: number } {
    const k = this.shardIndex(offset);
    const local = offset - this.starts[k]!;
    if (local + span <= this.parts[k]!.length) return { bytes: this.parts[k]!, byteOffset: local };
    const out = new Uint8Array(span);
    let filled = 0;
    for (let i = k; filled < span && i < this.parts.length; i++) {
      const from = i === k ? local : 0;
      const take = Math.min(span - filled, this.parts[i]!.length - from);
      out.set(this.parts[i]!.subarray(from, from + take), filled);
      filled += take;
    }
    return { bytes: out, byteOffset: 0 };
  }

  uint32(offset: number): number {
    const { bytes, byteOffset } = this.span(offset, 4);
    return (bytes[byteOffset]! | (bytes[byteOffset + 1]! << 8) | (bytes[byteOffset + 2]! << 16) | (bytes[byteOffset + 3]! << 24)) >>> 0;
  }
}

function spanTensor(name: string, dtype: TensorDType, shape: number[], origin: TensorOrigin, bytesOf: ConcatenatedBytes, offset: number, span: number): TensorInfo {
  const count = shape.reduce((a, b) => a * b, 1);
  return {
    name,
    dtype,
    shape: [...shape],
    origin,
    read() {
      const out = new Float64Array(count);
      const { bytes, byteOffset } = bytesOf.span(offset, span);
      if (count > 0) decodeInto(out, 0, bytes, byteOffset, count, dtype, true);
      return out;
    },
  };
}

/** value = q·scale + min (uint8/uint16), IEEE half for float16; int32 weights are rounded as tfjs does. */
function quantizedTensor(name: string, dtype: TensorDType, shape: number[], origin: TensorOrigin, bytesOf: ConcatenatedBytes, offset: number, span: number, count: number, q: TensorQuantization): TensorInfo {
  return {
    name,
    dtype,
    shape: [...shape],
    origin,
    quantization: q,
    read() {
      const out = new Float64Array(count);
      const { bytes, byteOffset } = bytesOf.span(offset, span);
      if (q.scheme === 'float16') {
        decodeInto(out, 0, bytes, byteOffset, count, 'float16', true);
      } else {
        decodeInto(out, 0, bytes, byteOffset, count, q.dtype === 'uint8' ? 'uint8' : 'uint16', true);
        const scale = q.scale!;
        const min = q.min!;
        // tfjs computes v·scale + min in float32 (a Float32Array result); reproduce that rounding
        // so our values are the ones the model runs with.
        for (let i = 0; i < count; i++) out[i] = Math.fround(out[i]! * scale + min);
      }
      if (dtype === 'int32') for (let i = 0; i < count; i++) out[i] = Math.round(out[i]!);
      return out;
    },
  };
}

/** Sets `origin.role` (and `groups`, `slot`) from the layer class or the consuming graph op. */
function describeRole(name: string, origin: TensorOrigin, layerClasses: Record<string, string>, layerConfigs: Map<string, Obj>, graphConsumers: Map<string, { op: string; index: number }[]>): void {
  const segments = name.split('/');
  const slot = segments[segments.length - 1]!.replace(/:\d+$/, '');
  if (Object.keys(layerClasses).length > 0) {
    let found: string | undefined;
    let foundLayer: string | undefined;
    for (let k = 0; k < segments.length - 1; k++) {
      const c = Object.prototype.hasOwnProperty.call(layerClasses, segments[k]!) ? layerClasses[segments[k]!] : undefined;
      if (c && (!containerClasses.has(c) || found === undefined)) { found = c; foundLayer = segments[k]; }
    }
    if (found) {
      origin.role = found;
      origin.slot = slot;
      const config = foundLayer ? layerConfigs.get(foundLayer) : undefined;
      const groups = config ? own(config, 'groups') : undefined;
      if (typeof groups === 'number' && groups > 1) origin.groups = groups;
    }
    return;
  }
  const consumers = graphConsumers.get(name);
  if (consumers && consumers.length > 0) {
    const weightOps = /^(_?Fused)?(Conv2D|Conv3D|Conv2DBackpropInput|DepthwiseConv2dNative|DepthwiseConv2d|MatMul|BatchMatMul|BatchMatMulV2|Einsum|Gather|GatherV2|ResourceGather)$/;
    const best = consumers.find((c) => weightOps.test(c.op)) ?? consumers[0]!;
    origin.role = best.op;
    origin.slot = String(best.index);
  }
}

function collectLayerClasses(node: Obj, out: Record<string, string>, configs: Map<string, Obj>, depth: number): void {
  if (depth > 32) return;
  const modelConfig = asObject(own(node, 'model_config'));
  if (modelConfig) return collectLayerClasses(modelConfig, out, configs, depth + 1);
  const config = own(node, 'config');
  const layers = Array.isArray(config) ? config : asObject(config) ? own(asObject(config)!, 'layers') : undefined;
  if (!Array.isArray(layers)) return;
  for (const l of layers) {
    const layer = asObject(l);
    if (!layer) continue;
    const className = own(layer, 'class_name');
    const layerConfig = asObject(own(layer, 'config'));
    const name = own(layer, 'name') ?? (layerConfig ? own(layerConfig, 'name') : undefined);
    if (typeof className !== 'string' || typeof name !== 'string') continue;
    const inner = layerConfig ? asObject(own(layerConfig, 'layer')) : undefined;
    const innerClass = inner ? own(inner, 'class_name') : undefined;
    out[name] = typeof innerClass === 'string' ? `${className}(${innerClass})` : className;
    if (layerConfig) configs.set(name, layerConfig);
    if (containerClasses.has(className)) collectLayerClasses(layer, out, configs, depth + 1);
  }
}

function collectGraphConsumers(topology: Obj, out: Map<string, { op: string; index: number }[]>): void {
  const visit = (nodes: JsonValue | undefined) => {
    if (!Array.isArray(nodes)) return;
    for (const n of nodes) {
      const node = asObject(n);
      const op = own(node, 'op');
      const inputs = own(node, 'input');
      if (typeof op !== 'string' || !Array.isArray(inputs)) continue;
      inputs.forEach((input, index) => {
        if (typeof input !== 'string' || input.startsWith('^')) return;
        const source = input.replace(/:\d+$/, '');
        let list = out.get(source);
        if (!list) out.set(source, (list = []));
        list.push({ op, index });
      });
    }
  };
  visit(own(topology, 'node'));
  const library = asObject(own(topology, 'library'));
  const functions = library ? own(library, 'function') : undefined;
  if (Array.isArray(functions)) for (const f of functions) visit(own(asObject(f), 'nodeDef'));
}
