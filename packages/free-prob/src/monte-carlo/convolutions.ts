// Monte-Carlo twins of the free convolutions (spec §3): eigenvalues of A + O B Oᵀ and of
// A^{1/2} O B Oᵀ A^{1/2} with A, B diagonal and O Haar-orthogonal (core QR of a Gaussian matrix with
// the sign fix Q·sign(diag R)). The diagonals are the laws' quantiles at (i − ½)/n (a deterministic
// "typical sample": the only randomness is O, which is what freeness is about).
import { matmul, randomOrthogonal, rng, symmetricEigenvalues, SpectraError, throwIfAborted, type Matrix } from '@spectra/core';
import type { SpectralMeasure } from '../measures/spectral-measure.js';
import { resolveSeeds, yieldToEventLoop, type MonteCarloOptions } from './options.js';

/** Options of the convolution twins: the seeds and the matrix size. */
export interface ConvolutionMonteCarloOptions extends MonteCarloOptions {
  /** Matrix size n, an integer in [2, 20000] (default 1000). */
  size?: number;
}

/** The sample of a convolution twin. */
export interface ConvolutionMonteCarlo {
  /** Pooled eigenvalues of every seed (n per seed), ascending. */
  eigenvalues: Float64Array;
  /** The matrix size n. */
  size: number;
  /** The number of matrices pooled. */
  seeds: number;
}

function diagonalSample(mu: SpectralMeasure, n: number): Float64Array {
  const levels = Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  return mu.quantile(levels);
}

async function run(
  a: SpectralMeasure,
  b: SpectralMeasure,
  options: ConvolutionMonteCarloOptions,
  build: (da: Float64Array, db: Float64Array, o: Matrix) => Matrix,
  fn: string,
): Promise<ConvolutionMonteCarlo> {
  const { seed, seeds } = resolveSeeds(options, fn);
  const n = options.size ?? 1000;
  if (!Number.isSafeInteger(n) || n < 2 || n > 20000) throw new SpectraError('E_ARGUMENT', `${fn}: size must be an integer in [2, 20000], got ${String(n)}`);
  const backend = options.backend ? { backend: options.backend } : {};
  const da = diagonalSample(a, n);
  const db = diagonalSample(b, n);
  const out = new Float64Array(n * seeds);
  for (let k = 0; k < seeds; k++) {
    throwIfAborted(options.signal);
    const o = randomOrthogonal(n, { seed: rng(seed + k).nextUint32(), ...backend });
    const m = build(da, db, o);
    out.set(symmetricEigenvalues(m, { triangle: 'upper', ...backend }), k * n);
    options.onProgress?.((k + 1) / seeds);
    await yieldToEventLoop();
  }
  return { eigenvalues: out.sort(), size: n, seeds };
}

/** O·diag(d)·Oᵀ by one GEMM: (O·diag(d))·Oᵀ. */
function rotate(o: Matrix, d: Float64Array, backend: MonteCarloOptions): Matrix {
  const n = o.rows;
  const od = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) od[i * n + j] = o.data[i * n + j]! * d[j]!;
  return matmul({ rows: n, cols: n, data: od }, o, { transposeB: true, ...(backend.backend ? { backend: backend.backend } : {}) });
}

/**
 * Eigenvalues of A + O B Oᵀ (Haar O; A, B diagonal with the laws' quantiles at (i − ½)/n): the
 * Monte-Carlo twin of `freeAdditiveConvolution(a, b)`; `monteCarlo.freeAdditiveConvolution`.
 *
 * @example
 * ```ts
 * import { freeAdditiveConvolution, monteCarlo, semicircle, thresholdedKolmogorovSmirnov } from '@spectra/free-prob';
 * const mc = await monteCarlo.freeAdditiveConvolution(semicircle(1), semicircle(2), { size: 500, seeds: 2 });
 * mc.eigenvalues.length; // 1000
 * mc.eigenvalues[999];   // ≈ 3.43 (the edge of semicircle(3) is 2√3 = 3.46)
 * // KS on all of ℝ: shift so that τ = 0 lies below every eigenvalue.
 * const theory = freeAdditiveConvolution(semicircle(1), semicircle(2));
 * thresholdedKolmogorovSmirnov(mc.eigenvalues.map((v) => v + 10), (x) => theory.cdf(x.map((v) => v - 10)), 0).statistic; // ≈ 0.0042
 * ```
 */
export function monteCarloFreeAdditiveConvolution(a: SpectralMeasure, b: SpectralMeasure, options: ConvolutionMonteCarloOptions = {}): Promise<ConvolutionMonteCarlo> {
  return run(a, b, options, (da, db, o) => {
    const m = rotate(o, db, options);
    const n = da.length;
    for (let i = 0; i < n; i++) m.data[i * n + i]! += da[i]!;
    return m;
  }, 'monteCarlo.freeAdditiveConvolution');
}

/**
 * Eigenvalues of A^{1/2} O B Oᵀ A^{1/2} (Haar O, A and B on ℝ₊, diagonal with the laws' quantiles at
 * (i − ½)/n): the twin of `freeMultiplicativeConvolution`; `monteCarlo.freeMultiplicativeConvolution`.
 *
 * @example
 * ```ts
 * import { freeMultiplicativeConvolution, marchenkoPastur, monteCarlo, thresholdedKolmogorovSmirnov } from '@spectra/free-prob';
 * const mc = await monteCarlo.freeMultiplicativeConvolution(marchenkoPastur(0.5), marchenkoPastur(1, 2), { size: 500 });
 * mc.eigenvalues.reduce((s, v) => s + v) / mc.size; // ≈ 2.0016 (m₁ = a₁b₁ = 2)
 * const theory = freeMultiplicativeConvolution(marchenkoPastur(0.5), marchenkoPastur(1, 2));
 * thresholdedKolmogorovSmirnov(mc.eigenvalues, (x) => theory.cdf(x), 1e-12).statistic; // ≈ 0.0053
 * ```
 */
export function monteCarloFreeMultiplicativeConvolution(a: SpectralMeasure, b: SpectralMeasure, options: ConvolutionMonteCarloOptions = {}): Promise<ConvolutionMonteCarlo> {
  return run(a, b, options, (da, db, o) => {
    const m = rotate(o, db, options);
    const n = da.length;
    const s = da.map((v) => Math.sqrt(Math.max(0, v)));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.data[i * n + j]! *= s[i]! * s[j]!;
    return m;
  }, 'monteCarlo.freeMultiplicativeConvolution');
}
