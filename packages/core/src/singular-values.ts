// STUB — replaced by the SVD work (specs/core.md §2.6).
import type { BackendOptions } from './backend.js';
import { SpectraError } from './errors.js';
import type { Matrix, MatrixData } from './matrix.js';

export interface SingularValuesOptions extends BackendOptions {
  method?: 'bidiagonal' | 'gram';
}

export interface SingularValues {
  values: Float64Array;
  errorEstimate: Float64Array;
  method: 'bidiagonal' | 'gram';
}

export function singularValues(a: Matrix<MatrixData>, options: SingularValuesOptions = {}): SingularValues {
  void a; void options;
  throw new SpectraError('E_INTERNAL', 'singularValues: not implemented yet');
}
