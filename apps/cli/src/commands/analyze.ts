// STUB: filled by the package that owns `spectra analyze`.
import { SpectraError } from '@spectra/core';
import type { CliCommand } from '../command.js';

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: '(not implemented yet)',
  help: 'spectra analyze: not implemented yet',
  options: {},
  allowPositionals: true,
  async run() {
    throw new SpectraError('E_INTERNAL', 'analyze is not implemented yet');
  },
};
