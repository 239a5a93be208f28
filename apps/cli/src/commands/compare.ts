// STUB: filled by the package that owns `spectra compare`.
import { SpectraError } from '@spectra/core';
import type { CliCommand } from '../command.js';

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: '(not implemented yet)',
  help: 'spectra compare: not implemented yet',
  options: {},
  allowPositionals: true,
  async run() {
    throw new SpectraError('E_INTERNAL', 'compare is not implemented yet');
  },
};
