// STUB — replaced by the eigen work (specs/core.md §2.2–2.4).
import type { BackendOptions } from './backend.js';
import type { EigenvalueSelection } from './eigenvalue-selection.js';
import { SpectraError } from './errors.js';
import type { Matrix, MatrixData } from './matrix.js';

export interface SymmetricEigenOptions extends BackendOptions {
  triangle?: 'both' | 'lower' | 'upper';
  select?: EigenvalueSelection;
}

export function symmetricEigenvalues(a: Matrix<MatrixData>, options: SymmetricEigenOptions = {}): Float64Array {
  void a; void options;
  throw new SpectraError('E_INTERNAL', 'symmetricEigenvalues: not implemented yet');
}
