// STUB: filled by the package that owns `spectra hessian`.
import { SpectraError } from '@spectra/core';
import type { CliCommand } from '../command.js';

export const hessianCommand: CliCommand = {
  name: 'hessian',
  summary: '(not implemented yet)',
  help: 'spectra hessian: not implemented yet',
  options: {},
  allowPositionals: true,
  async run() {
    throw new SpectraError('E_INTERNAL', 'hessian is not implemented yet');
  },
};
