// STUB: filled by the package that owns `spectra smooth`.
import { SpectraError } from '@spectra/core';
import type { CliCommand } from '../command.js';

export const smoothCommand: CliCommand = {
  name: 'smooth',
  summary: '(not implemented yet)',
  help: 'spectra smooth: not implemented yet',
  options: {},
  allowPositionals: true,
  async run() {
    throw new SpectraError('E_INTERNAL', 'smooth is not implemented yet');
  },
};
