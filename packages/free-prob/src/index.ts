// @spectra/free-prob — table of contents.
// Free probability for deep learning (specs/free-prob.md): transforms and classic laws, free
// convolutions, the Jacobian spectrum of deep nets by Newton lilypads, mean-field signal propagation,
// the Pennington–Bahri and Pennington–Worah models, each with a Monte-Carlo twin.

// Shared shapes.
export type { Complex, ProgressOptions } from './types.js';

// The Newton-lilypads engine (spec §6), generic over a master equation.
export { LilypadSolver } from './lilypads.js';
export type { LilypadEquation, LilypadOptions, LilypadDiagnostics } from './lilypads.js';
export { FactoredPolynomial, FactoredRationalEquation } from './factored-equation.js';
export type { LinearFactor } from './factored-equation.js';

// Activations and Gaussian expectations (spec §4).
export {
  linear,
  relu,
  leakyRelu,
  hardTanh,
  hardSine,
  tanh,
  erfActivation,
  sigmoid,
  gelu,
  swish,
  customActivation,
  resolveActivation,
  activations,
} from './activations.js';
export type { Activation, ActivationLike, ActivationClosedForms, CustomActivationSpec } from './activations.js';
export { gaussianExpectation, correlatedGaussianExpectation } from './gaussian-expectation.js';
export { gaussHermite, gaussLegendre } from './quadrature.js';
export type { QuadratureRule } from './quadrature.js';
export { erf, erfc, normalCdf, normalDensity } from './special-functions.js';

// Mean-field signal propagation (spec §4).
export { meanField, criticalLine } from './mean-field.js';
export type { MeanFieldParameters, MeanFieldResult, MeanFieldPhase, CriticalPoint } from './mean-field.js';

// Jacobian spectra (spec §5–§7).
export { resolveJacobianArchitecture, derivativeSquaredLaw } from './jacobian-architecture.js';
export type { JacobianArchitecture, ResolvedArchitecture, ResolvedLayer, DerivativeSquaredLaw, ResolveOptions } from './jacobian-architecture.js';
export type { JacobianMasterEquation } from './jacobian-master-equation.js';
export { jacobianSpectrum } from './jacobian-spectrum.js';
export type { JacobianSpectrum, JacobianSpectrumOptions, JacobianDiagnostics, FreennCompatOptions } from './jacobian-spectrum.js';
export { quantilesFromCdf, geometricCdfPath } from './quantiles-from-cdf.js';
export type { QuantileTable } from './quantiles-from-cdf.js';
export { jacobianDensityByPolynomialRoots } from './jacobian-polynomial-roots.js';
export type { PolynomialRouteOptions, PolynomialRouteResult } from './jacobian-polynomial-roots.js';
export { jacobianCdf } from './jacobian-cdf.js';
export type { JacobianCdfOptions } from './jacobian-cdf.js';

// Comparing Monte-Carlo samples with theory (spec §5).
export { thresholdedKolmogorovSmirnov, empiricalQuantiles } from './kolmogorov-smirnov.js';
export type { ThresholdedKs } from './kolmogorov-smirnov.js';

// Monte-Carlo twins (`monteCarlo.*`).
export { monteCarlo } from './monte-carlo/index.js';
export { monteCarloJacobianSpectrum, conditionalJacobianCdf } from './monte-carlo/jacobian.js';
export type { JacobianMonteCarlo, JacobianMonteCarloOptions, JacobianSample } from './monte-carlo/jacobian.js';
export type { MonteCarloOptions } from './monte-carlo/options.js';

// Measures and transforms (spec §2, §3, §12).
export type { SpectralMeasure, Atom } from './measures/spectral-measure.js';
export { MeasureBase } from './measures/spectral-measure.js';
export { semicircle, marchenkoPastur, freePoisson, twoPointLaw, pointMass, haarOrthogonal, Semicircle, MarchenkoPastur, TwoPointLaw } from './measures/classic-laws.js';
export { empiricalMeasure, EmpiricalMeasure } from './measures/empirical-measure.js';
export { jacobianMeasure, fussCatalan, productOfWisharts, JacobianMeasure } from './measures/jacobian-measure.js';
export type { JacobianMeasureOptions } from './measures/jacobian-measure.js';
export { freeAdditiveConvolution, freeMultiplicativeConvolution, FreeAdditiveConvolution, FreeMultiplicativeConvolution } from './measures/free-convolution.js';
export type { SubordinationDiagnostics } from './measures/free-convolution.js';
export { freeCumulantsFromMoments, momentsFromFreeCumulants, sTransformSeries, momentsFromSTransformSeries } from './power-series.js';

// Pennington–Bahri Hessian index model (spec §8) and Pennington–Worah nonlinear RMT (spec §9).
export { hessianIndexModel, hessianIndexCurve, criticalEnergy, criticalEnergyFromDiscriminant, HessianIndexModel } from './pennington-bahri.js';
export type { HessianIndexModelParameters } from './pennington-bahri.js';
export { nonlinearRandomMatrix, NonlinearRandomMatrix } from './pennington-worah.js';
export type { NonlinearRandomMatrixParameters } from './pennington-worah.js';
export { PolynomialEquation } from './polynomial-equation.js';
export { smallPolynomialRoots, realPolynomialRoots } from './small-polynomial-roots.js';
export { monteCarloFreeAdditiveConvolution, monteCarloFreeMultiplicativeConvolution } from './monte-carlo/convolutions.js';
export type { ConvolutionMonteCarlo, ConvolutionMonteCarloOptions } from './monte-carlo/convolutions.js';
export { monteCarloHessianIndexModel, monteCarloNonlinearRandomMatrix } from './monte-carlo/pennington.js';
export type { HessianMonteCarlo, NonlinearRandomMatrixMonteCarlo } from './monte-carlo/pennington.js';
export { monteCarloMeanField } from './monte-carlo/mean-field.js';
export type { MeanFieldMonteCarlo, MeanFieldMonteCarloParameters } from './monte-carlo/mean-field.js';
