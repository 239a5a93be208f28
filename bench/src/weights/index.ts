// Benchmarks of @spectra/weights: the readers (readers.ts); the analysis adds its own module here.
import { runReaders } from './readers.js';

export async function run(): Promise<void> {
  await runReaders();
}
