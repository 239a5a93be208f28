// STUB — replaced by the GEMM/SYRK work (specs/core.md §2.1).
import type { BackendOptions } from './backend.js';
import { SpectraError } from './errors.js';
import type { Matrix, MatrixData } from './matrix.js';

export interface GramOptions extends BackendOptions {
  side?: 'AtA' | 'AAt';
}

export function gram(a: Matrix<MatrixData>, options: GramOptions = {}): Matrix {
  void a; void options;
  throw new SpectraError('E_INTERNAL', 'gram: not implemented yet');
}
