// Monte-Carlo twin of mean-field signal propagation (spec §4): two inputs with correlation c₀ through a
// wide random net (fan-in Gaussian weights, Gaussian biases shared by both inputs); per layer the
// empirical q_l = mean(h²) and correlation c_l = ⟨h, h'⟩/(‖h‖‖h'‖), to compare with the recursions.
// W is drawn from the seeded stream and applied to both inputs at once by core GEMM (N×N times N×2).
import { matmul, rng, SpectraError, throwIfAborted } from '@spectra/core';
import { resolveActivation, type ActivationLike } from '../activations.js';
import { requireInteger, requireNonNegative, requirePositive } from '../validate.js';
import { resolveSeeds, yieldToEventLoop, type MonteCarloOptions } from './options.js';

/** The net of `monteCarlo.meanField`: as `MeanFieldParameters` (fan-in units), plus the inputs' correlation. */
export interface MeanFieldMonteCarloParameters {
  /** φ (name, `Activation` or custom spec). */
  activation: ActivationLike;
  /** σ_w² (fan-in: Var W = σ_w²/N). */
  sigmaW2: number;
  /** σ_b² (default 0); both inputs share each layer's biases. */
  sigmaB2?: number;
  /** q_in of both inputs (default 1). */
  inputVariance?: number;
  /** Correlation c₀ of the two inputs (default 0.5). */
  inputCorrelation?: number;
  /** Number of layers, an integer in [1, 10000]. */
  depth: number;
}

/** What `monteCarlo.meanField` returns: per-layer empirical q_l and c_l, averaged over the seeds. */
export interface MeanFieldMonteCarlo {
  /** Per layer: mean over seeds of mean(h²) of the first input. */
  q: number[];
  /** Per layer: mean over seeds of the correlation of the two pre-activations. */
  c: number[];
  /** The width N of every layer. */
  width: number;
  /** The number of networks averaged. */
  seeds: number;
}

/**
 * Propagates two correlated inputs through `depth` random layers of width N (`options.width`, an integer
 * in [1, 1e6], default 4000); `monteCarlo.meanField`. Spec §4 expects agreement with the recursions within
 * 3√(2/(N·seeds)) relative.
 *
 * @example
 * ```ts
 * import { meanField, monteCarlo } from '@spectra/free-prob';
 * const net = { activation: 'tanh', sigmaW2: 1.5, sigmaB2: 0.05, depth: 3 };
 * const mc = await monteCarlo.meanField(net, { width: 1000, seeds: 2 });
 * mc.q;                     // ≈ [1.548, 0.719, 0.550]
 * meanField(net).layers.q;  // [1.55, 0.761364322400278, 0.5679463997710665] (q¹ = σ_w² q_in + σ_b²)
 * mc.c;                     // ≈ [0.510, 0.510, 0.517] (inputs' correlation c₀ = 0.5)
 * ```
 */
export async function monteCarloMeanField(parameters: MeanFieldMonteCarloParameters, options: MonteCarloOptions & { width?: number } = {}): Promise<MeanFieldMonteCarlo> {
  if (!parameters || typeof parameters !== 'object') throw new SpectraError('E_ARGUMENT', 'monteCarlo.meanField: expected { activation, sigmaW2, sigmaB2?, depth, … }');
  const act = resolveActivation(parameters.activation, 'monteCarlo.meanField: activation');
  const sw2 = requirePositive(parameters.sigmaW2, 'monteCarlo.meanField: sigmaW2');
  const sb2 = requireNonNegative(parameters.sigmaB2 ?? 0, 'monteCarlo.meanField: sigmaB2');
  const qin = requireNonNegative(parameters.inputVariance ?? 1, 'monteCarlo.meanField: inputVariance');
  const c0 = parameters.inputCorrelation ?? 0.5;
  if (!(c0 >= -1 && c0 <= 1)) throw new SpectraError('E_ARGUMENT', `monteCarlo.meanField: inputCorrelation must be in [−1, 1], got ${c0}`);
  const depth = requireInteger(parameters.depth, 'monteCarlo.meanField: depth', 1, 10_000);
  const N = requireInteger(options.width ?? 4000, 'monteCarlo.meanField: width', 1, 1_000_000);
  const { seed, seeds } = resolveSeeds(options, 'monteCarlo.meanField');
  const q = new Array<number>(depth).fill(0);
  const c = new Array<number>(depth).fill(0);
  const sdW = Math.sqrt(sw2 / N);
  const sdB = Math.sqrt(sb2);
  const backend = options.backend ? { backend: options.backend } : {};
  const w = new Float64Array(N * N);
  for (let s = 0; s < seeds; s++) {
    const r = rng(seed + s);
    // Inputs with ‖x‖²/N = q_in exactly and the exact correlation c₀ (Gram–Schmidt on two draws).
    const a = r.fillNormal(new Float64Array(N));
    const b = r.fillNormal(new Float64Array(N));
    let aa = 0;
    let ab = 0;
    for (let i = 0; i < N; i++) {
      aa += a[i]! * a[i]!;
      ab += a[i]! * b[i]!;
    }
    let bb = 0;
    for (let i = 0; i < N; i++) {
      b[i]! -= (ab / aa) * a[i]!;
      bb += b[i]! * b[i]!;
    }
    let x1: Float64Array = new Float64Array(N);
    let x2: Float64Array = new Float64Array(N);
    const sa = Math.sqrt((qin * N) / aa);
    const sbn = Math.sqrt((qin * N) / bb);
    const s1 = Math.sqrt(Math.max(0, 1 - c0 * c0));
    for (let i = 0; i < N; i++) {
      x1[i] = sa * a[i]!;
      x2[i] = c0 * sa * a[i]! + s1 * sbn * b[i]!;
    }
    for (let l = 0; l < depth; l++) {
      r.fillNormal(w, sdW);
      const x = new Float64Array(2 * N);
      for (let j = 0; j < N; j++) {
        x[2 * j] = x1[j]!;
        x[2 * j + 1] = x2[j]!;
      }
      const h = matmul({ rows: N, cols: N, data: w }, { rows: N, cols: 2, data: x }, backend).data;
      const h1 = new Float64Array(N);
      const h2 = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        const bias = sdB > 0 ? sdB * r.normal() : 0;
        h1[i] = h[2 * i]! + bias;
        h2[i] = h[2 * i + 1]! + bias;
      }
      let s11 = 0;
      let s22 = 0;
      let s12 = 0;
      for (let i = 0; i < N; i++) {
        s11 += h1[i]! * h1[i]!;
        s22 += h2[i]! * h2[i]!;
        s12 += h1[i]! * h2[i]!;
      }
      q[l]! += s11 / N / seeds;
      c[l]! += s12 / Math.sqrt(s11 * s22) / seeds;
      x1 = h1.map(act.phi);
      x2 = h2.map(act.phi);
      options.onProgress?.((s * depth + l + 1) / (seeds * depth));
      await yieldToEventLoop();
      throwIfAborted(options.signal);
    }
  }
  return { q, c, width: N, seeds };
}
