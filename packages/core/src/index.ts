// @spectra/core — table of contents.
// Linear-algebra kernels with a wasm (AssemblyScript SIMD) backend and plain-JS twins of the same
// contract (specs/core.md). Every kernel accepts `{ backend: 'wasm' | 'js' }`.

// Runtime: loading the wasm kernels, choosing a backend, releasing memory.
export { ready, initCore, trimMemory, wasmVariant, wasmMemoryBytes, relaxedSimdSupported } from './wasm/instance.js';
export type { InitCoreOptions, WasmSource, WasmVariant } from './wasm/instance.js';
export { setBackend, getBackend } from './backend.js';
export type { Backend, BackendSetting, BackendOptions } from './backend.js';

// Errors.
export { SpectraError, isSpectraError, throwIfAborted } from './errors.js';
export type { SpectraErrorCode } from './errors.js';

// Matrices.
export { createMatrix, matrixFromRows, matrixToRows, identityMatrix, diagonalMatrix, transpose, frobeniusNorm } from './matrix.js';
export type { Matrix, MatrixData } from './matrix.js';

// Products.
export { matmul } from './matmul.js';
export type { MatmulOptions } from './matmul.js';
export { gram } from './gram.js';
export type { GramOptions } from './gram.js';
export { gramEigenvalues } from './gram-eigenvalues.js';
export type { GramEigenvaluesOptions } from './gram-eigenvalues.js';

// Symmetric and tridiagonal eigenproblems, Gauss rules.
export type { EigenvalueSelection } from './eigenvalue-selection.js';
export type { Triangle } from './eigen-input.js';
export { symmetricEigenvalues } from './symmetric-eigenvalues.js';
export type { SymmetricEigenOptions } from './symmetric-eigenvalues.js';
export type { Tridiagonalization } from './symmetric-tridiagonalization.js';
export { symmetricEigendecomposition } from './symmetric-eigendecomposition.js';
export type { SymmetricEigendecomposition } from './symmetric-eigendecomposition.js';
export { tridiagonalEigenvalues } from './tridiagonal-eigenvalues.js';
export type { TridiagonalEigenOptions } from './tridiagonal-eigenvalues.js';
export { sturmCounts } from './sturm-counts.js';
export { gaussQuadrature } from './gauss-quadrature.js';
export type { GaussQuadratureOptions, GaussRule } from './gauss-quadrature.js';

// Factorisations and singular values.
export { qr } from './qr.js';
export type { QrFactorization, QrOptions } from './qr.js';
export { singularValues } from './singular-values.js';
export type { SingularValues, SingularValuesOptions } from './singular-values.js';

// Polynomial roots.
export { polynomialRoots, polynomialRootsBatch } from './polynomial-roots.js';
export type { PolynomialRoots, PolynomialRootsOptions } from './polynomial-roots.js';

// Randomness.
export { rng } from './rng.js';
export type { Rng, RngAlgorithm, RngOptions } from './rng.js';
export { randomGaussian } from './random-gaussian.js';
export type { RandomGaussianOptions } from './random-gaussian.js';
export { randomOrthogonal } from './random-orthogonal.js';
export type { RandomOrthogonalOptions } from './random-orthogonal.js';

// Statistics of spectra.
export { histogram } from './histogram.js';
export type { Histogram, HistogramOptions } from './histogram.js';
export { kernelDensityEstimate } from './kernel-density-estimate.js';
export type { KernelDensityOptions } from './kernel-density-estimate.js';

// Plots: any package's plot-ready series as a standalone SVG.
export { renderSvgPlot } from './svg-plot.js';
export type { PlotSpec, PlotSeries, AxisScale } from './svg-plot.js';
