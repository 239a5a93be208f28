// The Monte-Carlo twins, grouped as `monteCarlo.*` (spec §12): every prediction of the package has one
// that builds the random matrices with @spectra/core (seeded) and returns the empirical spectrum.
import { monteCarloFreeAdditiveConvolution, monteCarloFreeMultiplicativeConvolution } from './convolutions.js';
import { conditionalJacobianCdf, monteCarloJacobianSpectrum } from './jacobian.js';
import { monteCarloMeanField } from './mean-field.js';
import { monteCarloHessianIndexModel, monteCarloNonlinearRandomMatrix } from './pennington.js';

/**
 * The Monte-Carlo twins, one per prediction (spec §12): `jacobianSpectrum` (with `conditionalJacobianCdf`),
 * `freeAdditiveConvolution`, `freeMultiplicativeConvolution`, `hessianIndexModel`, `nonlinearRandomMatrix` and
 * `meanField`. Each is seeded (`{ seed, seeds }`), builds its matrices with `@spectra/core` (GEMM, QR,
 * eigenvalues, SVD — wasm once core's `ready()` has resolved, its JS twins before), and is asynchronous: it
 * yields between units of work, so `signal` can stop it.
 *
 * @example
 * ```ts
 * import { monteCarlo } from '@spectra/free-prob';
 * const mc = await monteCarlo.jacobianSpectrum({ widths: [500, 500, 500], activation: 'relu', sigmaW2: 2 }, { seeds: 2 });
 * mc.eigenvalues.length; // 1000 (N₀ = 500 per network)
 * mc.widths;             // [500, 500, 500]
 * ```
 */
export const monteCarlo = {
  jacobianSpectrum: monteCarloJacobianSpectrum,
  conditionalJacobianCdf,
  freeAdditiveConvolution: monteCarloFreeAdditiveConvolution,
  freeMultiplicativeConvolution: monteCarloFreeMultiplicativeConvolution,
  hessianIndexModel: monteCarloHessianIndexModel,
  nonlinearRandomMatrix: monteCarloNonlinearRandomMatrix,
  meanField: monteCarloMeanField,
};
