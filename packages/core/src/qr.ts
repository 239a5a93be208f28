// STUB — replaced by the SVD/QR work (specs/core.md §2.8).
import type { BackendOptions } from './backend.js';
import { SpectraError } from './errors.js';
import type { Matrix, MatrixData } from './matrix.js';

export interface QrFactorization {
  q: Matrix;
  r: Matrix;
}

export function qr(a: Matrix<MatrixData>, options: BackendOptions = {}): QrFactorization {
  void a; void options;
  throw new SpectraError('E_INTERNAL', 'qr: not implemented yet');
}
