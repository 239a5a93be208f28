// The options of an analysis (specs/weights.md §1–§11), their defaults, and their validation.
// Every report carries the resolved options that made it.
import { SpectraError } from '@spectra/core';
import type { LayerKind } from '../types.js';

/** Thresholds of the phase rules (§11). */
export interface PhaseThresholds {
  /** α above this with spikes is bleeding-out or bulk+spikes (default 6). */
  spikesAlpha: number;
  /** Bulk-decay is bulkDecayAlpha < α ≤ spikesAlpha (default 4). */
  bulkDecayAlpha: number;
  /** α below this is very heavy-tailed (default 2). */
  veryHeavyAlpha: number;
  /** Bulk+spikes when max λ′ ≥ this·λ₊ (default 1.5). */
  spikeRatio: number;
  /** Rank-collapse when #{λ ≤ 1e-6·λmax}/numEvals ≥ this (default 0.10). */
  rankCollapseFraction: number;
}

/** Which layers to analyse (§2.3), applied by extraction or to the layers given. Every criterion given must match; the rest are listed as skipped with reason `filtered`. */
export interface LayerFilter {
  /** Layer ids to keep. */
  ids?: number[];
  /** Names to keep; a leading '-' excludes. Exact match on the layer or tensor name. */
  names?: string[];
  /** Kinds to keep. */
  kinds?: LayerKind[];
  /** A regular expression the layer name must match. */
  include?: RegExp | string;
  /** A regular expression excluding the layers whose name matches. */
  exclude?: RegExp | string;
}

/** Randomisation and correlation traps (§7). */
export interface RandomizeOptions {
  /** Independent shuffles (default 1); with more, mean/sd/min/max of every field are reported. */
  replicates?: number;
  /** Seed of the core RNG (default 0); each layer and replicate derives its own stream from it. */
  seed?: number;
  /** Locate the entries behind each trap (default true: one partial eigendecomposition per trapped layer). */
  trapDetails?: boolean;
}

/** Everything an analysis can be asked to do. All optional; defaults in `resolveAnalysisOptions`. */
export interface AnalysisOptions {
  /** `'weightwatcher'`: WW's quirks that change numbers (§12); default: corrected behaviour. */
  compat?: 'weightwatcher' | false;
  /** `'power-law'` (default) or `'truncated-power-law'` (reported beside the power law). */
  fit?: 'power-law' | 'truncated-power-law';
  /** Drop the top k eigenvalues before fitting (the fit fails when k > n/2). */
  xmax?: number;
  /** Finger removal (§4): `'clip-xmax'` refits without the top values, `'xmin-peak'` searches xmin near the ESD's peak (default false). */
  fixFingers?: false | 'clip-xmax' | 'xmin-peak';
  /** `'clip-xmax'`: most top values removed (default 10, at most n/2). */
  maxFingers?: number;
  /** `'clip-xmax'`: a refit is accepted when its α + this < the first α (default 1). */
  fingerThreshold?: number;
  /** Marchenko–Pastur fit (default true: phases need it). */
  mpFit?: boolean;
  /** Randomised ESD, rand_distance and correlation traps (default off). */
  randomize?: boolean | RandomizeOptions;
  /** detX tail (default true: cheap, and smoothing uses it). */
  detX?: boolean;
  /** Eigenvector localisation (default false: needs eigenvectors). */
  vectors?: boolean;
  /** Pool conv slices into one ESD (default true); false gives one row per slice. */
  pool?: boolean;
  /** `'auto'` (default): Gram + eigensolver, SVD for slices the Gram route cannot resolve (§3); or force one. */
  esdMethod?: 'auto' | 'gram' | 'svd';
  /** Analyse layers with minEvals ≤ M·rf ≤ maxEvals (M unpooled; defaults 10 and 15000). */
  minEvals?: number;
  /** See `minEvals`; larger layers are skipped as `too-large` (the M×M Gram matrix costs 8·M² bytes). */
  maxEvals?: number;
  /** Compat only: skip N > maxN (default 50000). */
  maxN?: number;
  /** Weak-rank tolerance on eigenvalues (default 1e-6). */
  weakRankTolerance?: number;
  /** Which layers to analyse (default: all that pass the size filters). */
  layers?: LayerFilter;
  /** Overrides of `DEFAULT_PHASE_THRESHOLDS`. */
  phaseThresholds?: Partial<PhaseThresholds>;
  /** Keep each layer's ESD (and randomised ESD) in the report, for plots (default false). */
  keepEsd?: boolean;
  /** Kernel backend for core (default: core's setting, `'auto'`). */
  backend?: 'wasm' | 'js';
}

/** Options with every default filled in: what a report records. Fields mean what they mean in `AnalysisOptions`. */
export interface ResolvedAnalysisOptions {
  compat: 'weightwatcher' | false;
  fit: 'power-law' | 'truncated-power-law';
  /** null: no clipping. */
  xmax: number | null;
  fixFingers: false | 'clip-xmax' | 'xmin-peak';
  maxFingers: number;
  fingerThreshold: number;
  mpFit: boolean;
  /** false: randomisation off. */
  randomize: { replicates: number; seed: number; trapDetails: boolean } | false;
  detX: boolean;
  vectors: boolean;
  pool: boolean;
  esdMethod: 'auto' | 'gram' | 'svd';
  minEvals: number;
  maxEvals: number;
  maxN: number;
  weakRankTolerance: number;
  /** The layer filter with regular expressions as their source strings; null: no filter. */
  layers: { ids?: number[]; names?: string[]; kinds?: LayerKind[]; include?: string; exclude?: string } | null;
  phaseThresholds: PhaseThresholds;
  keepEsd: boolean;
  /** null: core's setting (`'auto'`: wasm once loaded). */
  backend: 'wasm' | 'js' | null;
}

/**
 * The phase rules' defaults (specs/weights.md §11): α ranges from Martin & Mahoney's 5+1 phases
 * (JMLR 2021), the 1.5·λ₊ bulk+spikes ratio and the 10 % zero mass of rank collapse. Override
 * any of them with `phaseThresholds`.
 *
 * @example
 * ```ts
 * import { DEFAULT_PHASE_THRESHOLDS } from '@spectra/weights';
 * DEFAULT_PHASE_THRESHOLDS; // { spikesAlpha: 6, bulkDecayAlpha: 4, veryHeavyAlpha: 2, spikeRatio: 1.5, rankCollapseFraction: 0.1 }
 * ```
 */
export const DEFAULT_PHASE_THRESHOLDS: PhaseThresholds = {
  spikesAlpha: 6,
  bulkDecayAlpha: 4,
  veryHeavyAlpha: 2,
  spikeRatio: 1.5,
  rankCollapseFraction: 0.1,
};

const OPTION_NAMES = new Set([
  'compat', 'fit', 'xmax', 'fixFingers', 'maxFingers', 'fingerThreshold', 'mpFit', 'randomize', 'detX', 'vectors', 'pool',
  'esdMethod', 'minEvals', 'maxEvals', 'maxN', 'weakRankTolerance', 'layers', 'phaseThresholds', 'keepEsd', 'backend',
  // Run-time options that are not part of what a report records.
  'onProgress', 'signal', 'workers', 'workerUrl', 'createWorker',
]);

/**
 * Fills in defaults and checks every option, throwing `E_ARGUMENT` naming the bad one (unknown
 * names included).
 *
 * @example
 * ```ts
 * import { resolveAnalysisOptions } from '@spectra/weights';
 * const o = resolveAnalysisOptions({ randomize: true });
 * o.randomize;           // { replicates: 1, seed: 0, trapDetails: true }
 * o.mpFit;               // true
 * [o.minEvals, o.maxEvals]; // [10, 15000]
 * resolveAnalysisOptions({ minEvals: -1 }); // throws SpectraError E_ARGUMENT 'minEvals must be an integer ≥ 0, got -1'
 * ```
 */
export function resolveAnalysisOptions(options: AnalysisOptions = {}): ResolvedAnalysisOptions {
  if (options === null || typeof options !== 'object') throw new SpectraError('E_ARGUMENT', 'analysis options must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.has(key)) throw new SpectraError('E_ARGUMENT', `unknown analysis option '${key}'`);
  }
  const compat = options.compat ?? false;
  if (compat !== false && compat !== 'weightwatcher') throw new SpectraError('E_ARGUMENT', `compat must be 'weightwatcher' or false, got ${String(compat)}`);
  const fit = options.fit ?? 'power-law';
  if (fit !== 'power-law' && fit !== 'truncated-power-law') throw new SpectraError('E_ARGUMENT', `fit must be 'power-law' or 'truncated-power-law', got ${String(fit)}`);
  const fixFingers = options.fixFingers ?? false;
  if (fixFingers !== false && fixFingers !== 'clip-xmax' && fixFingers !== 'xmin-peak') {
    throw new SpectraError('E_ARGUMENT', `fixFingers must be false, 'clip-xmax' or 'xmin-peak', got ${String(fixFingers)}`);
  }
  const esdMethod = options.esdMethod ?? 'auto';
  if (esdMethod !== 'auto' && esdMethod !== 'gram' && esdMethod !== 'svd') throw new SpectraError('E_ARGUMENT', `esdMethod must be 'auto', 'gram' or 'svd', got ${String(esdMethod)}`);
  let randomize: ResolvedAnalysisOptions['randomize'] = false;
  if (options.randomize) {
    const r = options.randomize === true ? {} : options.randomize;
    const replicates = r.replicates ?? 1;
    const seed = r.seed ?? 0;
    integerAtLeast('randomize.replicates', replicates, 1);
    if (!Number.isSafeInteger(seed)) throw new SpectraError('E_ARGUMENT', `randomize.seed must be a safe integer, got ${seed}`);
    randomize = { replicates, seed, trapDetails: r.trapDetails ?? true };
  }
  const minEvals = options.minEvals ?? 10;
  const maxEvals = options.maxEvals ?? 15000;
  const maxN = options.maxN ?? 50000;
  integerAtLeast('minEvals', minEvals, 0);
  integerAtLeast('maxEvals', maxEvals, 1);
  integerAtLeast('maxN', maxN, 1);
  const maxFingers = options.maxFingers ?? 10;
  integerAtLeast('maxFingers', maxFingers, 1);
  const fingerThreshold = options.fingerThreshold ?? 1;
  positiveFinite('fingerThreshold', fingerThreshold);
  const weakRankTolerance = options.weakRankTolerance ?? 1e-6;
  positiveFinite('weakRankTolerance', weakRankTolerance);
  if (options.xmax !== undefined && options.xmax !== null) integerAtLeast('xmax', options.xmax, 0);
  const backend = options.backend ?? null;
  if (backend !== null && backend !== 'wasm' && backend !== 'js') throw new SpectraError('E_ARGUMENT', `backend must be 'wasm' or 'js', got ${String(backend)}`);
  const thresholds = { ...DEFAULT_PHASE_THRESHOLDS, ...(options.phaseThresholds ?? {}) };
  for (const [k, v] of Object.entries(thresholds)) positiveFinite(`phaseThresholds.${k}`, v);
  let layers: ResolvedAnalysisOptions['layers'] = null;
  if (options.layers) {
    const f = options.layers;
    layers = {};
    if (f.ids) {
      for (const id of f.ids) if (!Number.isSafeInteger(id)) throw new SpectraError('E_ARGUMENT', `layers.ids must be integers, got ${id}`);
      layers.ids = [...f.ids];
    }
    if (f.names) layers.names = [...f.names];
    if (f.kinds) layers.kinds = [...f.kinds];
    for (const key of ['include', 'exclude'] as const) {
      const pattern = f[key];
      if (pattern === undefined) continue;
      const source = typeof pattern === 'string' ? pattern : pattern.source;
      try {
        new RegExp(source);
      } catch (e) {
        throw new SpectraError('E_ARGUMENT', `layers.${key} is not a valid regular expression: ${(e as Error).message}`);
      }
      layers[key] = source;
    }
  }
  return {
    compat,
    fit,
    xmax: options.xmax ?? null,
    fixFingers,
    maxFingers,
    fingerThreshold,
    mpFit: options.mpFit ?? true,
    randomize,
    detX: options.detX ?? true,
    vectors: options.vectors ?? false,
    pool: options.pool ?? true,
    esdMethod,
    minEvals,
    maxEvals,
    maxN,
    weakRankTolerance,
    layers,
    phaseThresholds: thresholds,
    keepEsd: options.keepEsd ?? false,
    backend,
  };
}

function integerAtLeast(name: string, v: unknown, min: number): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new SpectraError('E_ARGUMENT', `${name} must be an integer ≥ ${min}, got ${String(v)}`);
}

function positiveFinite(name: string, v: unknown): void {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new SpectraError('E_ARGUMENT', `${name} must be a positive finite number, got ${String(v)}`);
}
