// The Monte-Carlo twins, grouped as `monteCarlo.*` (spec §12): every prediction of the package has one
// that builds the random matrices with @spectra/core (seeded) and returns the empirical spectrum.
import { monteCarloFreeAdditiveConvolution, monteCarloFreeMultiplicativeConvolution } from './convolutions.js';
import { conditionalJacobianCdf, monteCarloJacobianSpectrum } from './jacobian.js';
import { monteCarloMeanField } from './mean-field.js';
import { monteCarloHessianIndexModel, monteCarloNonlinearRandomMatrix } from './pennington.js';

/**
 * The Monte-Carlo twins.
 *
 * @example
 * ```ts
 * const mc = await monteCarlo.jacobianSpectrum({ widths: [500, 500, 500], activation: 'relu', sigmaW2: 2 }, { seeds: 2 });
 * mc.eigenvalues.length; // 1000
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
