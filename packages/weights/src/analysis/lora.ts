// LoRA adapters (specs/weights.md §10.1): PEFT's `adapter_model.safetensors` holds, per adapted
// module, `lora_A` (r×in) and `lora_B` (out×r); ΔW = s·B·A with s = lora_alpha/r (lora_alpha/√r
// with rsLoRA), or B·A without a config. ΔW has rank ≤ r, so its ESD has at most r non-zero
// eigenvalues: the fit sees only those (the 1e-5 cut drops the zeros), and each layer says so.
import { matmul, SpectraError, type Matrix } from '@spectra/core';
import type { ExtractedLayers, LayerMatrix, LoadedModel, SkippedTensor, TensorInfo } from '../types.js';

/** The fields of PEFT's `adapter_config.json` the product needs. */
export interface LoraConfig {
  /** The adapter rank r (default: the stored rank of each lora_A). */
  r?: number;
  /** α_lora: ΔW is scaled by α_lora/r (without it, no scale). */
  lora_alpha?: number;
  /** rsLoRA: the scale is α_lora/√r. */
  use_rslora?: boolean;
  /** Per-module overrides of r, keyed by a module name or a suffix of it. */
  rank_pattern?: Record<string, number>;
  /** Per-module overrides of α_lora, keyed likewise. */
  alpha_pattern?: Record<string, number>;
}

/**
 * Parses `adapter_config.json` (bytes or text); unknown fields are ignored. Invalid JSON, or an
 * `r`/`lora_alpha` that is not a positive number, is `E_MALFORMED`.
 *
 * @example
 * ```ts
 * import { parseLoraConfig } from '@spectra/weights';
 * parseLoraConfig('{"r": 8, "lora_alpha": 16, "target_modules": ["q_proj"]}'); // { r: 8, lora_alpha: 16 }
 * ```
 */
export function parseLoraConfig(input: string | Uint8Array): LoraConfig {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SpectraError('E_MALFORMED', `adapter_config.json: not valid JSON (${(e as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new SpectraError('E_MALFORMED', 'adapter_config.json: expected a JSON object');
  const o = raw as Record<string, unknown>;
  const config: LoraConfig = {};
  const positive = (k: string) => {
    const v = o[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new SpectraError('E_MALFORMED', `adapter_config.json: ${k} must be a positive number, got ${JSON.stringify(v)}`);
    return v;
  };
  const r = positive('r');
  const alpha = positive('lora_alpha');
  if (r !== undefined) config.r = r;
  if (alpha !== undefined) config.lora_alpha = alpha;
  if (o.use_rslora === true) config.use_rslora = true;
  for (const k of ['rank_pattern', 'alpha_pattern'] as const) {
    const p = o[k];
    if (p && typeof p === 'object' && !Array.isArray(p)) {
      const out: Record<string, number> = {};
      for (const [name, v] of Object.entries(p)) if (typeof v === 'number' && v > 0) out[name] = v;
      if (Object.keys(out).length) config[k] = out;
    }
  }
  return config;
}

const PAIR = /^(.*)\.lora_([AB])(?:\.[A-Za-z0-9_-]+)?\.weight$/;

function lookup(pattern: Record<string, number> | undefined, module: string): number | undefined {
  if (!pattern) return undefined;
  for (const [k, v] of Object.entries(pattern)) if (module === k || module.endsWith('.' + k) || module.endsWith(k)) return v;
  return undefined;
}

/** The module path a base model calls the adapted weight: PEFT's `base_model.model.` prefix removed. */
function baseWeightName(module: string): string {
  return module.replace(/^base_model\.model\./, '') + '.weight';
}

function isDottedSuffix(long: string, short: string): boolean {
  if (long === short) return true;
  if (!long.endsWith(short)) return false;
  const c = long[long.length - short.length - 1];
  return c === '.' || c === '/';
}

/**
 * The LoRA updates of an adapter (PEFT names `….lora_A.weight`, `….lora_B.weight`) as layer
 * matrices: ΔW = s·B·A per adapted module, s = lora_alpha/r (lora_alpha/√r with rsLoRA, 1
 * without a config); with `base` (its extracted layers), W_base + ΔW instead, for the modules
 * matched by name (unmatched ones are skipped with a reason). Tensors that are not LoRA pairs are
 * listed in `skipped`; an adapter with no pair at all is `E_ARGUMENT`, pairs that do not chain `E_SHAPE`.
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { analyzeModel, loadModel, loraLayers, parseLoraConfig, writeSafetensors } from '@spectra/weights';
 * const adapter = await loadModel(writeSafetensors({
 *   'base_model.model.layers.0.lora_A.weight': { dtype: 'float32', shape: [4, 32], data: Float32Array.from(randomGaussian(4, 32, { seed: 5 }).data) },
 *   'base_model.model.layers.0.lora_B.weight': { dtype: 'float32', shape: [64, 4], data: Float32Array.from(randomGaussian(64, 4, { seed: 6 }).data) },
 * }), { name: 'adapter_model.safetensors' });
 * const lora = loraLayers(adapter, parseLoraConfig('{"r": 4, "lora_alpha": 8}'));
 * lora.layers.map((l) => [l.name, l.rows, l.cols]); // [['layers.0.weight', 64, 32]]
 * lora.layers[0].warnings; // ['LoRA ΔW = 2·B·A has rank ≤ 4: its ESD has at most 4 non-zero eigenvalues and the fit uses only those']
 * const report = await analyzeModel(lora);
 * [report.layers[0].numEvals, report.layers[0].matrixRank]; // [32, 4]
 * ```
 */
export function loraLayers(adapter: LoadedModel, config: LoraConfig | null, options: { base?: readonly LayerMatrix[] } = {}): ExtractedLayers {
  if (!adapter || !Array.isArray(adapter.tensors)) throw new SpectraError('E_ARGUMENT', 'loraLayers: expected a LoadedModel of the adapter');
  const modules = new Map<string, { A?: TensorInfo; B?: TensorInfo }>();
  const skipped: SkippedTensor[] = [];
  for (const t of adapter.tensors) {
    const m = PAIR.exec(t.name);
    if (!m) {
      skipped.push({ name: t.name, reason: 'not-a-lora-pair', shape: [...t.shape], dtype: t.dtype });
      continue;
    }
    const entry = modules.get(m[1]!) ?? {};
    entry[m[2] as 'A' | 'B'] = t;
    modules.set(m[1]!, entry);
  }
  const layers: LayerMatrix[] = [];
  const warnings: string[] = [];
  if (!config) warnings.push('no adapter_config.json: ΔW = B·A without the lora_alpha/r scale');
  let layerId = 0;
  for (const [module, { A, B }] of [...modules.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    if (!A || !B) {
      const t = (A ?? B)!;
      skipped.push({ name: t.name, reason: 'lora-pair-incomplete', shape: [...t.shape], dtype: t.dtype });
      continue;
    }
    if (A.shape.length !== 2 || B.shape.length !== 2 || A.shape[0] !== B.shape[1]) {
      throw new SpectraError('E_SHAPE', `${module}: lora_A ${JSON.stringify(A.shape)} and lora_B ${JSON.stringify(B.shape)} do not chain (expected r×in and out×r)`);
    }
    const r = A.shape[0]!;
    const inDim = A.shape[1]!;
    const out = B.shape[0]!;
    const rank = lookup(config?.rank_pattern, module) ?? config?.r ?? r;
    const alpha = lookup(config?.alpha_pattern, module) ?? config?.lora_alpha;
    const scale = alpha === undefined ? 1 : config?.use_rslora ? alpha / Math.sqrt(rank) : alpha / rank;
    const name = baseWeightName(module);
    let baseLayer: LayerMatrix | undefined;
    if (options.base) {
      const found = options.base.filter((l) => l.rf === 1 && l.rows === out && l.cols === inDim && (isDottedSuffix(l.name, name) || isDottedSuffix(name, l.name)));
      if (found.length !== 1) {
        skipped.push({ name, reason: found.length ? 'lora-base-ambiguous' : 'lora-unmatched-in-base', shape: [out, inDim], dtype: A.dtype });
        continue;
      }
      baseLayer = found[0]!;
    }
    const N = Math.max(out, inDim);
    const M = Math.min(out, inDim);
    const product = (): Matrix => {
      const a = { rows: r, cols: inDim, data: A.read() };
      const b = { rows: out, cols: r, data: B.read() };
      return matmul(b, a, { alpha: scale });
    };
    layers.push({
      layerId: layerId++,
      name: baseLayer ? baseLayer.name : name,
      kind: 'dense',
      tensorName: module,
      tensorShape: [out, inDim],
      dtype: A.dtype,
      rows: out,
      cols: inDim,
      N,
      M,
      Q: N / M,
      rf: 1,
      parameters: out * inDim,
      quantized: false,
      origin: A.origin,
      warnings: baseLayer
        ? [`LoRA merged: W_base + ${fmt(scale)}·B·A (rank ${r})`]
        : [`LoRA ΔW = ${fmt(scale)}·B·A has rank ≤ ${r}: its ESD has at most ${r} non-zero eigenvalues and the fit uses only those`],
      slices: (): Matrix[] => {
        const delta = product();
        if (!baseLayer) return [delta];
        const w = baseLayer.slices()[0]!;
        const data = new Float64Array(w.data.length);
        for (let i = 0; i < data.length; i++) data[i] = w.data[i]! + delta.data[i]!;
        return [{ rows: w.rows, cols: w.cols, data }];
      },
    });
  }
  if (layers.length === 0 && skipped.every((s) => s.reason === 'not-a-lora-pair')) {
    throw new SpectraError('E_ARGUMENT', 'loraLayers: no lora_A/lora_B pairs in the adapter (expected PEFT names like `….q_proj.lora_A.weight`)');
  }
  return { layers, skipped, warnings };
}

function fmt(v: number): string {
  return Number(v.toPrecision(6)).toString();
}
