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

export type LayerStatus = 'success' | 'failed' | 'invalid-values';

export interface TruncatedPowerLawReport {
  alpha: number;
  lambda: number;
  xmin: number;
  D: number;
  alphaStandardError: number;
  lambdaStandardError: number;
  numPlSpikes: number;
  likelihoodRatio: LikelihoodRatioTest;
  converged: boolean;
}

export interface LayerReport extends Partial<VectorSummary> {
  layerId: number;
  name: string;
  kind: LayerKind;
  tensorName: string;
  /** Conv slice index when unpooled (`pool: false`), else null. */
  sliceId: number | null;
  part: string | null;
  dtype: TensorDType;
  quantized: boolean;
  N: number;
  M: number;
  Q: number;
  rf: number;
  numEvals: number;
  parameters: number;
  status: LayerStatus;
  warning: PowerLawWarning | 'invalid-values';
  alphaSuspect: boolean;
  hasEsd: boolean;
  esdMethod: EsdMethod | null;

  // §4 power law
  alpha: number;
  D: number;
  xmin: number;
  xmax: number;
  sigma: number;
  numPlSpikes: number;
  numFingers: number | null;
  rawAlpha: number | null;
  truncatedPowerLaw: TruncatedPowerLawReport | null;

  // §5 metrics
  norm: number;
  logNorm: number;
  spectralNorm: number;
  logSpectralNorm: number;
  alphaHat: number;
  logAlphaNorm: number;
  stableRank: number;
  matrixRank: number;
  rankLoss: number;
  weakRankLoss: number;
  entropy: number;
  svMax: number;
  svMin: number;

  // §6 MP fit (null when not run or when it failed)
  sigmaMp: number | null;
  numSpikes: number | null;
  mpSoftrank: number | null;
  bulkMax: number | null;
  bulkMin: number | null;
  wScale: number | null;

  // §7 randomisation (null when not run)
  maxRandEval: number | null;
  randNumSpikes: number | null;
  randSigmaMp: number | null;
  randMpSoftrank: number | null;
  randBulkMax: number | null;
  randBulkMin: number | null;
  randWScale: number | null;
  randDistance: number | null;
  wwSoftrank: number | null;
  wwMaxdist: number | null;
  trap: boolean | null;
  trapEigenvalues: number[] | null;
  trapDetails: TrapDetail[] | null;
  randomReplicates: { count: number; trapFraction: number; fields: Record<keyof RandomizedFields, { mean: number; sd: number; min: number; max: number }> } | null;

  // §8 detX
  detXNum: number | null;
  detXValue: number | null;
  detXValueRescaled: number | null;

  // §11 phase
  phase: Phase;
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

  /** With `keepEsd`: the ESD (ascending), the randomised ESD, and the MP fit's KDE, for plots. */
  esd?: Float64Array;
  randomEsd?: Float64Array;
  mpDensity?: { x: Float64Array; density: Float64Array; quarterCircle: boolean; lambdaPlus: number; lambdaMinus: number; wScale: number; sigmaMp: number };
}
