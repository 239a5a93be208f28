// One layer through the pipeline of specs/weights.md §1 step 3: widen (and in compat mode scale
// conv slices), ESD, power-law fit, MP fit, eigenvector metrics, randomisation and traps, detX, norm
// metrics, phase. Pure and synchronous: the worker pool runs exactly this function.
import { SpectraError, type Matrix } from '@spectra/core';
import type { LayerMatrix } from '../types.js';
import { detX } from './det-x.js';
import { summarizeVectorMetrics } from './eigenvector-localization.js';
import { layerEsd } from './esd.js';
import { logAlphaNorm, normMetrics } from './layer-metrics.js';
import type { LayerReport } from './layer-report.js';
import { fitMarchenkoPastur, type MarchenkoPasturFit } from './marchenko-pastur-fit.js';
import type { ResolvedAnalysisOptions } from './options.js';
import { classifyPhase } from './phase.js';
import { fitPowerLaw } from './power-law-fit.js';
import { randomizeLayer } from './randomization.js';
import { fitTruncatedPowerLaw } from './truncated-power-law.js';

/** The facts about a layer the analysis needs besides its slices (a `LayerMatrix` without `slices()`). */
export type LayerDescription = Omit<LayerMatrix, 'slices'>;

/**
 * Analyses one layer given its decoded slices: one report, or one per slice when unpooled
 * (`pool: false` with rf > 1).
 */
export function analyzeLayerSlices(layer: LayerDescription, slices: readonly Matrix[], options: ResolvedAnalysisOptions): LayerReport[] {
  if (slices.length !== layer.rf) {
    throw new SpectraError('E_SHAPE', `layer '${layer.name}': expected rf = ${layer.rf} slices, got ${slices.length}`);
  }
  for (let s = 0; s < slices.length; s++) {
    const w = slices[s]!;
    if (w.rows !== layer.rows || w.cols !== layer.cols || w.data.length !== w.rows * w.cols) {
      throw new SpectraError('E_SHAPE', `layer '${layer.name}': slice ${s} is ${w.rows}×${w.cols} (${w.data.length} values), expected ${layer.rows}×${layer.cols}`);
    }
  }
  const invalid = countNonFinite(slices);
  if (invalid.nan + invalid.positiveInfinity + invalid.negativeInfinity > 0) {
    return [invalidReport(layer, invalid, null)];
  }
  if (options.pool || layer.rf === 1) return [analyzeUnit(layer, slices, null, options)];
  return slices.map((slice, s) => analyzeUnit(layer, [slice], s, options));
}

function analyzeUnit(layer: LayerDescription, rawSlices: readonly Matrix[], sliceId: number | null, options: ResolvedAnalysisOptions): LayerReport {
  const compat = options.compat === 'weightwatcher';
  const backend = options.backend ?? undefined;
  const rf = sliceId === null ? layer.rf : 1;
  const warnings = [...layer.warnings];
  // Compat: WW's conv2d_norm multiplies each slice by √(c/2), c = 1 pooled and rf unpooled, in float32.
  let slices = rawSlices;
  if (compat && layer.kind === 'conv2d') slices = rawSlices.map((w) => scaleSlice(w, Math.sqrt((sliceId === null ? 1 : layer.rf) / 2), layer.dtype));
  const esd = layerEsd(slices, { esdMethod: options.esdMethod, vectors: options.vectors, backend });
  if (esd.method !== 'gram' && options.esdMethod === 'auto') warnings.push(`esd: ${esd.method === 'svd' ? 'all' : 'some'} slices recomputed by SVD (eigenvalues near a cut or zero)`);
  const lambda = esd.eigenvalues;
  const n = lambda.length;
  const M = layer.M;

  const fit = fitPowerLaw(lambda, {
    xmax: options.xmax ?? undefined,
    fixFingers: options.fixFingers,
    maxFingers: options.maxFingers,
    fingerThreshold: options.fingerThreshold,
    compat,
  });
  const fitted = fit.status === 'success';
  const metrics = normMetrics(lambda, layer.N, options.weakRankTolerance);

  let tpl: LayerReport['truncatedPowerLaw'] = null;
  if (options.fit === 'truncated-power-law') {
    const t = fitTruncatedPowerLaw(lambda);
    if (t.status === 'success') {
      tpl = {
        alpha: t.alpha, lambda: t.lambda, xmin: t.xmin, D: t.D, alphaStandardError: t.alphaStandardError,
        lambdaStandardError: t.lambdaStandardError, numPlSpikes: t.numPlSpikes, likelihoodRatio: t.likelihoodRatio, converged: t.converged,
      };
    } else warnings.push('truncated power law: fit failed');
  }

  let mp: MarchenkoPasturFit | null = null;
  if (options.mpFit) {
    try {
      mp = fitMarchenkoPastur(lambda, { Q: layer.Q, M, compat });
    } catch (e) {
      // WW catches every MP failure and reports −1; we report null and say why.
      warnings.push(`mp fit failed: ${(e as Error).message}`);
    }
  }

  let vectorSummary = {};
  if (options.vectors && esd.vectorMetrics) {
    vectorSummary = summarizeVectorMetrics(esd.vectorMetrics, fitted ? fit.numPlSpikes : 0);
  }

  let random: ReturnType<typeof randomizeLayer> | null = null;
  if (options.randomize) {
    random = randomizeLayer(slices, lambda, {
      seed: options.randomize.seed,
      replicates: options.randomize.replicates,
      layerId: layer.layerId,
      sliceId: sliceId ?? 0,
      Q: layer.Q,
      M,
      compat,
      esdMethod: options.esdMethod,
      backend,
      trapDetails: options.randomize.trapDetails,
    });
  }

  const dx = options.detX ? detX(lambda) : null;

  let svMax = 0;
  let svMin = Infinity;
  let svMinOfSlices = 0;
  for (let s = 0; s < esd.sliceSvMax.length; s++) {
    svMax = Math.max(svMax, esd.sliceSvMax[s]!);
    svMin = Math.min(svMin, esd.sliceSvMin[s]!);
    svMinOfSlices = Math.max(svMinOfSlices, esd.sliceSvMin[s]!);
  }
  const lambdaMax = metrics.spectralNorm;
  let zeros = 0;
  for (let i = 0; i < n; i++) if (lambda[i]! <= 1e-6 * lambdaMax) zeros++;
  const zeroFraction = n ? zeros / n : 0;
  const spikeRatio = mp ? (lambdaMax * mp.wScale * mp.wScale) / mp.lambdaPlus : null;
  const phase = classifyPhase({ fitted, alpha: fit.alpha, numSpikes: mp ? mp.numSpikes : null, spikeRatio, zeroFraction }, options.phaseThresholds);

  const report: LayerReport = {
    layerId: layer.layerId,
    name: sliceId === null ? layer.name : `${layer.name}[${sliceId}]`,
    kind: layer.kind,
    tensorName: layer.tensorName,
    sliceId,
    part: layer.part ?? null,
    dtype: layer.dtype,
    quantized: layer.quantized,
    N: layer.N,
    M,
    Q: layer.Q,
    rf,
    numEvals: n,
    parameters: sliceId === null ? layer.parameters : layer.rows * layer.cols,
    status: fitted ? 'success' : 'failed',
    warning: fit.warning,
    alphaSuspect: fit.alphaSuspect,
    hasEsd: true,
    esdMethod: esd.method,
    alpha: fit.alpha,
    D: fit.D,
    xmin: fit.xmin,
    xmax: fit.xmax,
    sigma: fit.sigma,
    numPlSpikes: fit.numPlSpikes,
    numFingers: fit.numFingers ?? null,
    rawAlpha: fit.rawAlpha ?? null,
    truncatedPowerLaw: tpl,
    norm: metrics.norm,
    logNorm: metrics.logNorm,
    spectralNorm: metrics.spectralNorm,
    logSpectralNorm: metrics.logSpectralNorm,
    alphaHat: fitted ? fit.alpha * metrics.logSpectralNorm : NaN,
    logAlphaNorm: fitted ? logAlphaNorm(lambda, fit.alpha) : NaN,
    stableRank: metrics.stableRank,
    matrixRank: metrics.matrixRank,
    rankLoss: esd.rankLoss,
    weakRankLoss: metrics.weakRankLoss,
    entropy: metrics.entropy,
    svMax,
    svMin: compat ? svMinOfSlices : svMin,
    sigmaMp: mp ? mp.sigmaMp : null,
    numSpikes: mp ? mp.numSpikes : null,
    mpSoftrank: mp ? mp.mpSoftrank : null,
    bulkMax: mp ? mp.bulkMax : null,
    bulkMin: mp ? mp.bulkMin : null,
    wScale: mp ? mp.wScale : null,
    maxRandEval: random ? random.maxRandEval : null,
    randNumSpikes: random ? random.randNumSpikes : null,
    randSigmaMp: random ? random.randSigmaMp : null,
    randMpSoftrank: random ? random.randMpSoftrank : null,
    randBulkMax: random ? random.randBulkMax : null,
    randBulkMin: random ? random.randBulkMin : null,
    randWScale: random ? random.randWScale : null,
    randDistance: random ? random.randDistance : null,
    wwSoftrank: random ? random.wwSoftrank : null,
    wwMaxdist: random ? random.wwMaxdist : null,
    trap: random ? random.trap : null,
    trapEigenvalues: random ? random.trapEigenvalues : null,
    trapDetails: random ? random.trapDetails : null,
    randomReplicates: random?.replicates ?? null,
    detXNum: dx ? dx.detXNum : null,
    detXValue: dx ? dx.detXValue : null,
    detXValueRescaled: dx ? dx.detXValueRescaled : null,
    phase: phase.phase,
    veryHeavyTailed: phase.veryHeavyTailed,
    zeroFraction,
    invalidValues: null,
    svMinOfSlices,
    warnings,
    ...vectorSummary,
  };
  if (compat && !fitted) report.logAlphaNormAtMinusOne = logAlphaNorm(lambda, -1);
  if (options.keepEsd) {
    report.esd = lambda;
    if (random) report.randomEsd = random.randomEigenvalues;
    if (mp) {
      report.mpDensity = {
        x: mp.kde.x, density: mp.kde.density, quarterCircle: mp.quarterCircle, lambdaPlus: mp.lambdaPlus,
        lambdaMinus: mp.lambdaMinus, wScale: mp.wScale, sigmaMp: mp.sigmaMp,
      };
    }
  }
  return report;
}

/** WW's conv2d_norm: w·√(c/2), as a float32 multiply for float32-or-narrower weights. */
function scaleSlice(w: Matrix, factor: number, dtype: string): Matrix {
  const data = new Float64Array(w.data.length);
  if (dtype === 'float64') {
    for (let i = 0; i < data.length; i++) data[i] = w.data[i]! * factor;
  } else {
    const f32 = Math.fround(factor);
    for (let i = 0; i < data.length; i++) data[i] = Math.fround(Math.fround(w.data[i]!) * f32);
  }
  return { rows: w.rows, cols: w.cols, data };
}

function countNonFinite(slices: readonly Matrix[]): { nan: number; positiveInfinity: number; negativeInfinity: number } {
  let nan = 0;
  let positiveInfinity = 0;
  let negativeInfinity = 0;
  for (const w of slices) {
    const d = w.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (v - v !== 0) {
        if (v === Infinity) positiveInfinity++;
        else if (v === -Infinity) negativeInfinity++;
        else nan++;
      }
    }
  }
  return { nan, positiveInfinity, negativeInfinity };
}

/** A report for a layer with NaN/±Inf entries: never analysed, never in a mean (§13.1). */
export function invalidReport(layer: LayerDescription, invalid: { nan: number; positiveInfinity: number; negativeInfinity: number }, sliceId: number | null): LayerReport {
  return {
    layerId: layer.layerId, name: layer.name, kind: layer.kind, tensorName: layer.tensorName, sliceId, part: layer.part ?? null,
    dtype: layer.dtype, quantized: layer.quantized, N: layer.N, M: layer.M, Q: layer.Q, rf: layer.rf, numEvals: layer.M * layer.rf,
    parameters: layer.parameters, status: 'invalid-values', warning: 'invalid-values', alphaSuspect: false, hasEsd: false, esdMethod: null,
    alpha: NaN, D: NaN, xmin: NaN, xmax: NaN, sigma: NaN, numPlSpikes: 0, numFingers: null, rawAlpha: null, truncatedPowerLaw: null,
    norm: NaN, logNorm: NaN, spectralNorm: NaN, logSpectralNorm: NaN, alphaHat: NaN, logAlphaNorm: NaN, stableRank: NaN,
    matrixRank: 0, rankLoss: 0, weakRankLoss: 0, entropy: NaN, svMax: NaN, svMin: NaN,
    sigmaMp: null, numSpikes: null, mpSoftrank: null, bulkMax: null, bulkMin: null, wScale: null,
    maxRandEval: null, randNumSpikes: null, randSigmaMp: null, randMpSoftrank: null, randBulkMax: null, randBulkMin: null, randWScale: null,
    randDistance: null, wwSoftrank: null, wwMaxdist: null, trap: null, trapEigenvalues: null, trapDetails: null, randomReplicates: null,
    detXNum: null, detXValue: null, detXValueRescaled: null, phase: 'undetermined', veryHeavyTailed: false, zeroFraction: NaN,
    invalidValues: invalid, svMinOfSlices: NaN,
    warnings: [...layer.warnings, `invalid values: ${invalid.nan} NaN, ${invalid.positiveInfinity} +Inf, ${invalid.negativeInfinity} −Inf; not analysed`],
  };
}
