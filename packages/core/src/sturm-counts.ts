// STUB — replaced by the eigen work (specs/core.md §2.4).
import type { BackendOptions } from './backend.js';
import { SpectraError } from './errors.js';

export function sturmCounts(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, shifts: ArrayLike<number>, options: BackendOptions = {}): Int32Array {
  void diagonal; void offDiagonal; void shifts; void options;
  throw new SpectraError('E_INTERNAL', 'sturmCounts: not implemented yet');
}
