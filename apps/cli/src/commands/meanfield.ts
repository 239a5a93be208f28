// STUB: filled by the package that owns `spectra meanfield`.
import { SpectraError } from '@spectra/core';
import type { CliCommand } from '../command.js';

export const meanfieldCommand: CliCommand = {
  name: 'meanfield',
  summary: '(not implemented yet)',
  help: 'spectra meanfield: not implemented yet',
  options: {},
  allowPositionals: true,
  async run() {
    throw new SpectraError('E_INTERNAL', 'meanfield is not implemented yet');
  },
};
