// STUB: filled by the package that owns `spectra jacobian`.
import { SpectraError } from '@spectra/core';
import type { CliCommand } from '../command.js';

export const jacobianCommand: CliCommand = {
  name: 'jacobian',
  summary: '(not implemented yet)',
  help: 'spectra jacobian: not implemented yet',
  options: {},
  allowPositionals: true,
  async run() {
    throw new SpectraError('E_INTERNAL', 'jacobian is not implemented yet');
  },
};
