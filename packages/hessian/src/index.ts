// @spectra/hessian — table of contents.
// Loss-Hessian spectra of small neural networks without forming the Hessian (specs/hessian.md):
// exact Hessian-vector and Gauss–Newton products, Lanczos with full reorthogonalisation, SLQ
// densities, top-k, traces, negative mass, outliers and Papyan's H = G + R structure.
// Node-only parts (file loaders, worker_threads pool) are in `@spectra/hessian/node`.

// Models: layers, activations, the flat parameter vector θ, data batches.
export { activation, activationNames } from './activations.js';
export type { Activation, ActivationName } from './activations.js';
export { createModel, multilayerPerceptron, smallConvnet } from './model.js';
export type {
  Model,
  ModelOptions,
  LayerSpec,
  DenseLayerSpec,
  Conv2dLayerSpec,
  PoolLayerSpec,
  FlattenLayerSpec,
  ActivationLayerSpec,
  LossName,
  ParameterBlock,
  ResolvedLayer,
  ResolvedLayerBase,
} from './model.js';
export { initializeParameters, parameterView, exportParameters, importParameters } from './parameters.js';
export type { InitializeOptions, NamedTensor } from './parameters.js';
export { createBatch, subsetBatch } from './batch.js';
export type { Batch } from './batch.js';

// Loss, gradient and exact curvature products (R-operator), one θ's forward pass cached.
export {
  curvatureOperator,
  loss,
  gradient,
  accuracy,
  hessianVectorProduct,
  gaussNewtonVectorProduct,
  residualVectorProduct,
  logitJacobian,
  logitDirectionalDerivative,
} from './curvature.js';
export type { CurvatureKind, CurvatureOptions, CurvatureOperator } from './curvature.js';
export type { EngineBackend } from './matmul-kernel.js';
export { operatorFromFunction, denseOperator, applyToBlock } from './linear-operator.js';
export type { LinearOperator } from './linear-operator.js';
export { denseHessian } from './dense-hessian.js';
export type { DenseHessianOptions } from './dense-hessian.js';

// Training and data.
export { train } from './training.js';
export type { TrainOptions, TrainResult, TrainingRecord, OptimizerName } from './training.js';
export { gaussianMixture, referenceProblem } from './gaussian-mixture.js';
export type { GaussianMixtureOptions } from './gaussian-mixture.js';
export { classInterleavedSplit, holdoutSplit, parseIdx, fashionMnistSplit } from './image-datasets.js';
export type { ImageSplit, ClassInterleavedOptions } from './image-datasets.js';

// Spectral routines.
export { lanczos } from './lanczos.js';
export type { LanczosOptions, LanczosResult, Reorthogonalization } from './lanczos.js';
export { stochasticLanczosQuadrature } from './stochastic-lanczos-quadrature.js';
export type { SlqOptions, SpectralQuadrature, ProbeQuadrature } from './stochastic-lanczos-quadrature.js';
export { spectralDensity } from './spectral-density.js';
export type { SpectralDensity, SpectralDensityOptions, SigmaOption } from './spectral-density.js';
export { topEigenvalues, powerIteration } from './top-eigenvalues.js';
export type { TopEigenvalues, TopEigenvaluesOptions, PowerIterationOptions, PowerIterationResult } from './top-eigenvalues.js';
export { hutchinsonTrace, hutchPlusPlusTrace } from './trace-estimators.js';
export type { TraceOptions, TraceEstimate } from './trace-estimators.js';
export { negativeMass } from './negative-mass.js';
export type { NegativeMass, NegativeMassOptions, NegativeFraction } from './negative-mass.js';
export { detectOutliers } from './outliers.js';
export type { Outliers, OutlierOptions } from './outliers.js';
export { classMeanGaussNewton } from './class-mean-gauss-newton.js';
export type { ClassMeanGaussNewton, ClassMeanOptions } from './class-mean-gauss-newton.js';
export { analyzeHessian } from './hessian-report.js';
export { spectraAlongTraining } from './spectra-along-training.js';
export type { SpectrumCheckpoint } from './spectra-along-training.js';
export type { HessianReport, HessianReportOptions } from './hessian-report.js';

// Randomness (portable mulberry32 streams, hessian.md §7).
export { rademacherProbe, gaussianVectors, mulberry32SeedAt } from './probe-vectors.js';

// Long runs and workers.
export type { ProgressEvent, LongRunOptions } from './progress.js';
export { createProbePool, createWebWorkerPool, adaptWebWorker } from './worker-pool.js';
export type { ProbePool, WorkerLike } from './worker-pool.js';
export type { ProbeTask, ProbeLanczos } from './probe-task.js';
