// STUB — replaced by the eigen work (specs/core.md §2.3, eigenvectors).
import { SpectraError } from './errors.js';
import type { Matrix, MatrixData } from './matrix.js';
import type { SymmetricEigenOptions } from './symmetric-eigenvalues.js';

export interface SymmetricEigendecomposition {
  values: Float64Array;
  vectors: Matrix;
}

export function symmetricEigendecomposition(a: Matrix<MatrixData>, options: SymmetricEigenOptions = {}): SymmetricEigendecomposition {
  void a; void options;
  throw new SpectraError('E_INTERNAL', 'symmetricEigendecomposition: not implemented yet');
}
