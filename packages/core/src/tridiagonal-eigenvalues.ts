// STUB — replaced by the eigen work (specs/core.md §2.3–2.4).
import type { BackendOptions } from './backend.js';
import type { EigenvalueSelection } from './eigenvalue-selection.js';
import { SpectraError } from './errors.js';

export interface TridiagonalEigenOptions extends BackendOptions {
  select?: EigenvalueSelection;
}

export function tridiagonalEigenvalues(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, options: TridiagonalEigenOptions = {}): Float64Array {
  void diagonal; void offDiagonal; void options;
  throw new SpectraError('E_INTERNAL', 'tridiagonalEigenvalues: not implemented yet');
}
