// STUB — replaced by the roots work (specs/core.md §2.7).
import type { BackendOptions } from './backend.js';
import { SpectraError } from './errors.js';

export interface PolynomialRootsOptions extends BackendOptions {
  complex?: boolean;
  polish?: boolean;
  maxIterations?: number;
}

export interface PolynomialRoots {
  roots: Float64Array;
  radii: Float64Array;
  converged: Uint8Array;
  iterations: number;
}

export function polynomialRoots(coefficients: ArrayLike<number>, options: PolynomialRootsOptions = {}): PolynomialRoots {
  void coefficients; void options;
  throw new SpectraError('E_INTERNAL', 'polynomialRoots: not implemented yet');
}

export function polynomialRootsBatch(coefficients: ArrayLike<number>, degree: number, options: PolynomialRootsOptions = {}): PolynomialRoots {
  void coefficients; void degree; void options;
  throw new SpectraError('E_INTERNAL', 'polynomialRootsBatch: not implemented yet');
}
