// STUB: filled by the package that owns `spectra describe`.
import { SpectraError } from '@spectra/core';
import type { CliCommand } from '../command.js';

export const describeCommand: CliCommand = {
  name: 'describe',
  summary: '(not implemented yet)',
  help: 'spectra describe: not implemented yet',
  options: {},
  allowPositionals: true,
  async run() {
    throw new SpectraError('E_INTERNAL', 'describe is not implemented yet');
  },
};
