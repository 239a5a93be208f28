// STUB — replaced by the GEMM work (specs/core.md §2.1).
import type { BackendOptions } from './backend.js';
import { SpectraError } from './errors.js';
import type { Matrix, MatrixData } from './matrix.js';

export interface MatmulOptions<T extends MatrixData = MatrixData> extends BackendOptions {
  transposeA?: boolean;
  transposeB?: boolean;
  alpha?: number;
  beta?: number;
  out?: Matrix<T>;
}

export function matmul<T extends MatrixData>(a: Matrix<T>, b: Matrix<T>, options: MatmulOptions<T> = {}): Matrix<T> {
  void a; void b; void options;
  throw new SpectraError('E_INTERNAL', 'matmul: not implemented yet');
}
