export * from './activations.js';
export * from './model.js';
export * from './parameters.js';
export * from './batch.js';
export * from './curvature.js';
export * from './linear-operator.js';
export type { EngineBackend } from './matmul-kernel.js';
