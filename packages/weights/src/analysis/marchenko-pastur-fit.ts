// The Marchenko–Pastur fit of an ESD (specs/weights.md §6), exactly WeightWatcher 0.7.5.5's
// `mp_fit` + `fit_density_with_range` + `resid_mp`: rescale to mean 1, a linear-kernel KDE with
// bandwidth 0.1 on 1000 points, a brute-force σ grid of 195 points, a Nelder–Mead polish. The KDE
// is computed directly in O(n·w) (w grid points under each kernel) instead of per σ.
import { SpectraError } from '@spectra/core';
import { nelderMead1d } from './nelder-mead.js';

/** Result of `fitMarchenkoPastur` (specs/weights.md §6). "Rescaled" means λ′ = λ·n/Σλ (mean 1). */
export interface MarchenkoPasturFit {
  /** The fitted σ of the rescaled ESD. */
  sigmaMp: number;
  /** Eigenvalues beyond the bulk edge plus √TW (rescaled units). */
  numSpikes: number;
  /** λ₊/max λ′ (can exceed 1 for random matrices). */
  mpSoftrank: number;
  /** Upper bulk edge in original units: λ₊ / W_scale². */
  bulkMax: number;
  /** Lower bulk edge in original units: λ₋ / W_scale². */
  bulkMin: number;
  /** √(n/Σλ): the rescaling to mean 1. */
  wScale: number;
  /** λ₊ = (σ(1 + 1/√Q))², rescaled units. */
  lambdaPlus: number;
  /** λ₋ = (σ(1 − 1/√Q))², rescaled units. */
  lambdaMinus: number;
  /** Tracy–Widom scale λ₊^(2/3)·M^(−2/3)/√Q; spikes are λ′ > λ₊ + √TW. */
  tracyWidom: number;
  /** λ₊ + √TW in original units. */
  spikeThreshold: number;
  /** The linear-kernel KDE (x, density) at the grid points the loss used (density > 0.01), rescaled axis, for plots. */
  kde: { x: Float64Array; density: Float64Array };
  /** The fit ran on singular values (Q = 1: quarter-circle law). */
  quarterCircle: boolean;
  /** Whether Nelder–Mead met its tolerances (it always returns its best point). */
  converged: boolean;
}

/** Options of `fitMarchenkoPastur`: the layer's shape, and WeightWatcher's quirks on request. */
export interface MarchenkoPasturOptions {
  /** Aspect ratio N/M ≥ 1 of the layer's matrices. */
  Q: number;
  /** The smaller side M of the layer's matrices (for the Tracy–Widom scale). */
  M: number;
  /** WW's Q = 1 density √(4 − s²)/(πσ²) whatever σ, and no edge guard for Q = 1 (§12). */
  compat?: boolean;
  /** KDE bandwidth (default 0.1, WW's). */
  bandwidth?: number;
}

const GRID_POINTS = 1000;
const DENSITY_THRESHOLD = 0.01;
const SIGMA_GRID = 195;

/**
 * Fits the Marchenko–Pastur law (quarter-circle law for Q = 1) to an ESD by WeightWatcher's
 * procedure and counts the spikes beyond its bulk edge. `E_ARGUMENT` for Q < 1, M < 1 or fewer
 * than 2 eigenvalues, `E_NON_FINITE` for NaN/±Inf, `E_DEGENERATE` for an all-zero ESD.
 *
 * @example
 * ```ts
 * import { randomGaussian, gram, symmetricEigenvalues } from '@spectra/core';
 * import { fitMarchenkoPastur } from '@spectra/weights';
 * const w = randomGaussian(1000, 500, { seed: 1 });
 * const esd = symmetricEigenvalues(gram(w)); // ESD of a pure-noise 1000×500 layer
 * const mp = fitMarchenkoPastur(esd, { Q: 2, M: 500 });
 * mp.sigmaMp;    // ≈ 1.0035: rescaled to mean 1, noise has σ = 1
 * mp.lambdaPlus; // ≈ 2.935 = (σ(1 + 1/√2))²
 * mp.bulkMax;    // ≈ 2938.6: the same edge in units of WᵀW (≈ 1000·(1 + 1/√2)²)
 * mp.numSpikes;  // 0
 * ```
 */
export function fitMarchenkoPastur(eigenvalues: ArrayLike<number>, options: MarchenkoPasturOptions): MarchenkoPasturFit {
  const { Q, M } = options;
  if (!(Q >= 1) || !Number.isFinite(Q)) throw new SpectraError('E_ARGUMENT', `fitMarchenkoPastur: Q must be a finite number ≥ 1, got ${Q}`);
  if (!(M >= 1)) throw new SpectraError('E_ARGUMENT', `fitMarchenkoPastur: M must be ≥ 1, got ${M}`);
  const n = eigenvalues.length;
  if (n < 2) throw new SpectraError('E_ARGUMENT', `fitMarchenkoPastur: needs at least 2 eigenvalues, got ${n}`);
  const bandwidth = options.bandwidth ?? 0.1;
  let sum = 0;
  let lambdaMaxRaw = 0;
  for (let i = 0; i < n; i++) {
    const v = eigenvalues[i]!;
    if (!Number.isFinite(v)) throw new SpectraError('E_NON_FINITE', `fitMarchenkoPastur: eigenvalues[${i}] is ${v}`);
    sum += v;
    if (v > lambdaMaxRaw) lambdaMaxRaw = v;
  }
  if (!(sum > 0)) throw new SpectraError('E_DEGENERATE', 'fitMarchenkoPastur: the ESD is all zero');
  const wScale = Math.sqrt(n) / Math.sqrt(sum);
  const factor = wScale * wScale;
  const rescaled = new Float64Array(n);
  let lambdaMax = 0;
  for (let i = 0; i < n; i++) {
    rescaled[i] = factor * eigenvalues[i]!;
    if (rescaled[i]! > lambdaMax) lambdaMax = rescaled[i]!;
  }
  const quarterCircle = Q === 1;
  // Q = 1: fit the singular values to the quarter-circle law.
  const data = quarterCircle ? rescaled.map(Math.sqrt) : rescaled;
  const kde = linearKernelDensity(data, bandwidth);
  const xs = kde.x;
  const ys = kde.density;
  const kept = xs.length;
  if (kept === 0) throw new SpectraError('E_DEGENERATE', 'fitMarchenkoPastur: the kernel density never exceeds 0.01');
  let peakIndex = 0;
  for (let i = 1; i < kept; i++) if (ys[i]! > ys[peakIndex]!) peakIndex = i;
  const xPeak = xs[peakIndex]!;
  const xLast = xs[kept - 1]!;
  const invSqrtQ = 1 / Math.sqrt(Q);
  const guarded = !quarterCircle || !options.compat;
  // WW's penalty: every residual set to 1000, so the loss is kept·1000².
  const penalty = kept * 1000 * 1000;

  const loss = (sigma: number): number => {
    const s2 = sigma * sigma;
    let a: number;
    let b: number;
    if (quarterCircle) {
      a = 0;
      b = 2 * sigma;
    } else {
      b = (sigma * (1 + invSqrtQ)) ** 2;
      a = (sigma * (1 - invSqrtQ)) ** 2;
    }
    if (guarded && (b < xPeak || b > xLast || a > xPeak)) return penalty;
    let total = 0;
    for (let i = 0; i < kept; i++) {
      const x = xs[i]!;
      let rho: number;
      if (quarterCircle) {
        const r = options.compat ? 4 - x * x : 4 * s2 - x * x;
        rho = r > 0 ? Math.sqrt(r) / (Math.PI * s2) : 0;
      } else {
        const r = (b - x) * (x - a);
        // numpy.nan_to_num of the density: 0 outside [a, b] (NaN from the square root).
        rho = r >= 0 && x !== 0 ? (1 / (2 * Math.PI * s2 * x * (1 / Q))) * Math.sqrt(r) : 0;
      }
      const d = rho - ys[i]!;
      total += d * d;
    }
    return total;
  };

  // σ₀ = √(λmax/(1 + 1/√Q)²) (WW's calc_sigma), then scipy.optimize.brute on
  // numpy.arange(0.05σ₀, 2σ₀, 0.01σ₀): start + i·delta with delta = (start + step) − start, exactly
  // 195 points (the float arange can produce 196).
  const sigma0 = Math.sqrt(lambdaMax / ((1 + invSqrtQ) * (1 + invSqrtQ)));
  const start = 0.05 * sigma0;
  const step = 0.01 * sigma0;
  const delta = start + step - start;
  let bestSigma = start;
  let bestLoss = Infinity;
  for (let k = 0; k < SIGMA_GRID; k++) {
    const sigma = k === 0 ? start : k === 1 ? start + step : start + k * delta;
    const l = loss(sigma);
    if (l < bestLoss) {
      bestLoss = l;
      bestSigma = sigma;
    }
  }
  const polished = nelderMead1d(loss, bestSigma);
  const sigmaMp = polished.x;
  const lambdaPlus = (sigmaMp * (1 + invSqrtQ)) ** 2;
  const lambdaMinus = (sigmaMp * (1 - invSqrtQ)) ** 2;
  const tracyWidom = (invSqrtQ * lambdaPlus ** (2 / 3)) * M ** (-2 / 3);
  const threshold = lambdaPlus + Math.sqrt(tracyWidom);
  let numSpikes = 0;
  for (let i = 0; i < n; i++) if (rescaled[i]! > threshold) numSpikes++;
  return {
    sigmaMp,
    numSpikes,
    mpSoftrank: lambdaPlus / lambdaMax,
    bulkMax: lambdaPlus / factor,
    bulkMin: lambdaMinus / factor,
    wScale,
    lambdaPlus,
    lambdaMinus,
    tracyWidom,
    spikeThreshold: threshold / factor,
    kde,
    quarterCircle,
    converged: polished.converged,
  };
}

/**
 * scikit-learn's `KernelDensity(kernel='linear', bandwidth=h)` in one dimension, evaluated on
 * `numpy.linspace(0, max(data) + 0.5, 1000)`, keeping the points with density > 0.01. Each datum
 * adds (1 − |x − d|/h)/(n·h) to the grid points within h of it.
 */
export function linearKernelDensity(data: Float64Array, bandwidth: number): { x: Float64Array; density: Float64Array } {
  const n = data.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (data[i]! > max) max = data[i]!;
  const stop = max + 0.5;
  // numpy.linspace: step = (stop − start)/(num − 1), x_i = i·step, the last point exactly stop.
  const step = stop / (GRID_POINTS - 1);
  const grid = new Float64Array(GRID_POINTS);
  for (let i = 0; i < GRID_POINTS; i++) grid[i] = i * step;
  grid[GRID_POINTS - 1] = stop;
  const sums = new Float64Array(GRID_POINTS);
  const h = bandwidth;
  for (let j = 0; j < n; j++) {
    const d = data[j]!;
    const from = Math.max(0, Math.floor((d - h) / step));
    const to = Math.min(GRID_POINTS - 1, Math.ceil((d + h) / step));
    for (let i = from; i <= to; i++) {
      const u = Math.abs(grid[i]! - d);
      if (u < h) sums[i] += 1 - u / h;
    }
  }
  const norm = 1 / (n * h);
  let count = 0;
  for (let i = 0; i < GRID_POINTS; i++) {
    sums[i] *= norm;
    if (sums[i]! > DENSITY_THRESHOLD) count++;
  }
  const x = new Float64Array(count);
  const density = new Float64Array(count);
  let o = 0;
  for (let i = 0; i < GRID_POINTS; i++) {
    if (sums[i]! > DENSITY_THRESHOLD) {
      x[o] = grid[i]!;
      density[o++] = sums[i]!;
    }
  }
  return { x, density };
}
