// The per-layer report (specs/weights.md §5–§11): one flat record per analysed layer (or conv slice
// when unpooled), with the field names JSON and CSV use. WeightWatcher's column names are produced
// from it by `toWeightWatcherTable`.
import type { LayerKind, TensorDType } from '../types.js';
import type { EsdMethod } from './esd.js';
import type { Phase } from './phase.js';
import type { PowerLawWarning } from './power-law-fit.js';
import type { TrapDetail, RandomizedFields } from './randomization.js';
import type { LikelihoodRatioTest } from './truncated-power-law.js';
import type { VectorSummary } from './eigenvector-localization.js';

/**
 * Outcome of a layer: `'success'` (a power-law fit), `'failed'` (no valid fit, or a computation
 * error named in `warnings`; excluded from means), `'invalid-values'` (NaN/±Inf entries; never analysed).
 */
export type LayerStatus = 'success' | 'failed' | 'invalid-values';

/** The truncated power law of a layer (`fit: 'truncated-power-law'`), beside the plain power law. */
export interface TruncatedPowerLawReport {
  /** Exponent α of p(x) ∝ x^(−α)·e^(−Λx). */
  alpha: number;
  /** Exponential cut-off rate Λ > 0 (ESD units⁻¹). */
  lambda: number;
  /** The chosen lower cut (an eigenvalue). */
  xmin: number;
  /** One-sided KS distance at xmin. */
  D: number;
  /** Standard errors from the observed information (NaN when it is not positive definite). */
  alphaStandardError: number;
  lambdaStandardError: number;
  /** Eigenvalues ≥ xmin. */
  numPlSpikes: number;
  /** The TPL against the power law at the same xmin (Clauset, Shalizi & Newman 2009, §5). */
  likelihoodRatio: LikelihoodRatioTest;
  /** The likelihood maximisation met its tolerance at the chosen xmin. */
  converged: boolean;
}

/**
 * One row of a model report: a layer (or, with `pool: false`, one conv slice) with every metric of
 * specs/weights.md §4–§11. Field names are those of the JSON and CSV output; `toWeightWatcherTable`
 * maps them to WeightWatcher's columns. Eigenvalues are those of WᵀW with no 1/N factor (§3).
 * Numbers a step did not compute are `null`; power-law quantities are NaN when the fit failed.
 */
export interface LayerReport extends Partial<VectorSummary> {
  /** The layer's extraction id (shared by the slice rows of one unpooled layer). */
  layerId: number;
  /** Layer name; `name[s]` for slice s of an unpooled layer. */
  name: string;
  kind: LayerKind;
  /** The tensor the matrix came from. */
  tensorName: string;
  /** Conv slice index when unpooled (`pool: false`), else null. */
  sliceId: number | null;
  /** For split matrices, which part (`'q'`, a gate letter…), else null. */
  part: string | null;
  /** The tensor's stored dtype (analysis always runs in float64). */
  dtype: TensorDType;
  /** The tensor was stored quantised (the ESD tail may show the quantisation). */
  quantized: boolean;
  /** max(rows, cols) of the (slice) matrix. */
  N: number;
  /** min(rows, cols): the ESD has M eigenvalues per slice. */
  M: number;
  /** N/M. */
  Q: number;
  /** Slices pooled into this row (1 for dense layers and for each unpooled slice). */
  rf: number;
  /** Eigenvalues in the ESD: M·rf. */
  numEvals: number;
  /** Parameters of this row: rows·cols·rf. */
  parameters: number;
  status: LayerStatus;
  /** `'over-trained'` (α < 2), `'under-trained'` (α > 6), `''`, `'fit-failed'` or `'invalid-values'`. */
  warning: PowerLawWarning | 'invalid-values';
  /** α > 8: WeightWatcher's README says to discard such fits. */
  alphaSuspect: boolean;
  /** True once the ESD was computed (false for invalid values). */
  hasEsd: boolean;
  /** How the ESD was computed (null without one). */
  esdMethod: EsdMethod | null;

  // §4 power law
  /** Power-law exponent of the ESD tail (NaN when the fit failed). */
  alpha: number;
  /** One-sided KS distance of the fit. */
  D: number;
  /** The eigenvalue where the fitted tail starts. */
  xmin: number;
  /** The largest eigenvalue fitted. */
  xmax: number;
  /** Standard error of α: (α − 1)/√(tail size). */
  sigma: number;
  /** Tail size: eigenvalues ≥ xmin (0 when the fit failed). */
  numPlSpikes: number;
  /** With `fixFingers: 'clip-xmax'`: top values removed (else null). */
  numFingers: number | null;
  /** With `fixFingers: 'clip-xmax'`: α of the first fit, before removing fingers (else null). */
  rawAlpha: number | null;
  /** With `fit: 'truncated-power-law'` and a successful TPL fit, else null. */
  truncatedPowerLaw: TruncatedPowerLawReport | null;

  // §5 metrics
  /** Σλ = ‖W‖²_F (over all pooled slices). */
  norm: number;
  /** log10 Σλ. */
  logNorm: number;
  /** λmax = σ²max (WeightWatcher's `spectral_norm` and `lambda_max`). */
  spectralNorm: number;
  /** log10 λmax. */
  logSpectralNorm: number;
  /** α·log10 λmax (WeightWatcher's `alpha_weighted`; NaN when the fit failed). */
  alphaHat: number;
  /** log10 Σλᵢ^α by log-sum-exp (NaN when the fit failed). */
  logAlphaNorm: number;
  /** Σλ/λmax. */
  stableRank: number;
  /** #{σ > σmax·N·ε} over the pooled singular values. */
  matrixRank: number;
  /** Σ over slices of (M − that slice's numerical rank). */
  rankLoss: number;
  /** #{λ < weakRankTolerance} (absolute, default 1e-6). */
  weakRankLoss: number;
  /** Matrix entropy −Σpᵢ ln pᵢ / ln(matrixRank), pᵢ = λᵢ/Σλ: 1 for a flat spectrum. */
  entropy: number;
  /** Largest singular value over the slices. */
  svMax: number;
  /** Smallest singular value over the slices (compat mode: the largest of the per-slice minima, as WeightWatcher). */
  svMin: number;

  // §6 MP fit (null when not run or when it failed; the reason is in `warnings`)
  /** Fitted σ of the ESD rescaled to mean 1. */
  sigmaMp: number | null;
  /** Eigenvalues beyond the MP bulk edge + √(Tracy–Widom scale): the spikes. */
  numSpikes: number | null;
  /** λ₊ / max λ′ (rescaled units; can exceed 1 for random matrices). */
  mpSoftrank: number | null;
  /** The bulk edges λ± of the fit, in original ESD units. */
  bulkMax: number | null;
  bulkMin: number | null;
  /** √(numEvals/Σλ): the rescaling to mean 1 (WeightWatcher's `W_scale`). */
  wScale: number | null;

  // §7 randomisation (null when not run); the first replicate's values
  /** Largest eigenvalue of the randomised (entry-shuffled) ESD. */
  maxRandEval: number | null;
  /** MP fit of the randomised ESD: its spikes, σ, soft rank, edges and scale (as the fields above). */
  randNumSpikes: number | null;
  randSigmaMp: number | null;
  randMpSoftrank: number | null;
  randBulkMax: number | null;
  randBulkMin: number | null;
  randWScale: number | null;
  /** √JSD between the ESD and one shuffle's ESD, both normalised over the rank index. */
  randDistance: number | null;
  /** max randomised eigenvalue / λmax. */
  wwSoftrank: number | null;
  /** λmax − max randomised eigenvalue. */
  wwMaxdist: number | null;
  /** Correlation trap: the shuffled matrix still has spikes (randNumSpikes > 0). */
  trap: boolean | null;
  /** The trap eigenvalues (original units), descending. */
  trapEigenvalues: number[] | null;
  /** Where each trap comes from (empty without a trap or with `trapDetails: false`). */
  trapDetails: TrapDetail[] | null;
  /** With `replicates` > 1: mean, sd (n − 1), min and max of each randomised field over the replicates, and the fraction with a trap. */
  randomReplicates: { count: number; trapFraction: number; fields: Record<keyof RandomizedFields, { mean: number; sd: number; min: number; max: number }> } | null;

  // §8 detX (null when not run, or when no tail has a product below 1)
  /** Size of the detX tail. */
  detXNum: number | null;
  /** The tail's smallest eigenvalue, in original units. */
  detXValue: number | null;
  /** The same eigenvalue rescaled to mean 1 (λ·n/Σλ). */
  detXValueRescaled: number | null;

  // §11 phase
  /** Martin–Mahoney phase of training (`'undetermined'` without a fit). */
  phase: Phase;
  /** α < `phaseThresholds.veryHeavyAlpha` (default 2; WeightWatcher warns "over-trained" there). */
  veryHeavyTailed: boolean;
  /** #{λ ≤ 1e-6·λmax}/numEvals (the rank-collapse rule). */
  zeroFraction: number;

  /** NaN/±Inf counts when status is 'invalid-values'. */
  invalidValues: { nan: number; positiveInfinity: number; negativeInfinity: number } | null;
  /** Largest of the per-slice smallest singular values (WW's `sv_min` quirk, used by the compat table). */
  svMinOfSlices: number;
  /** Compat mode, failed fit: WW's log_alpha_norm with alpha = −1, log10 Σλ⁻¹ (for the WW table). */
  logAlphaNormAtMinusOne?: number;
  /** Notes on this layer (quantisation, fallback to SVD, an MP fit that failed…). */
  warnings: string[];

  /** With `keepEsd`: the ESD, ascending (what `esdPlot` draws). */
  esd?: Float64Array;
  /** With `keepEsd` and `randomize`: the first replicate's randomised ESD, ascending. */
  randomEsd?: Float64Array;
  /**
   * With `keepEsd` and an MP fit: its kernel density (x, density) on the rescaled axis (singular
   * values when `quarterCircle`, Q = 1), the edges λ± in rescaled units, the scale and σ (what
   * `marchenkoPasturPlot` draws).
   */
  mpDensity?: { x: Float64Array; density: Float64Array; quarterCircle: boolean; lambdaPlus: number; lambdaMinus: number; wScale: number; sigmaMp: number };
}
