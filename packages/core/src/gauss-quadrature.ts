// STUB — replaced by the eigen work (specs/core.md §2.5).
import type { BackendOptions } from './backend.js';
import { SpectraError } from './errors.js';

export interface GaussQuadratureOptions extends BackendOptions {
  mu0?: number;
  weights?: 'golubWelsch' | 'recurrence';
}

export interface GaussRule {
  nodes: Float64Array;
  weights: Float64Array;
}

export function gaussQuadrature(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, options: GaussQuadratureOptions = {}): GaussRule {
  void diagonal; void offDiagonal; void options;
  throw new SpectraError('E_INTERNAL', 'gaussQuadrature: not implemented yet');
}
