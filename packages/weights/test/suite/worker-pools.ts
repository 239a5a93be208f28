// How a runtime makes analysis worker pools for the shared suites: Node uses worker_threads
// (createNodeAnalysisPool), Chromium Web Workers running the test bundle itself.
import type { AnalysisWorkerPool } from '../../src/index.js';

let factory: ((size: number) => AnalysisWorkerPool) | undefined;

/** Called by the Node and Chromium entries. */
export function setAnalysisPoolFactory(make: (size: number) => AnalysisWorkerPool): void {
  factory = make;
}

export function makeAnalysisPool(size: number): AnalysisWorkerPool {
  if (!factory) throw new Error('no analysis worker pool factory registered by this runtime entry');
  return factory(size);
}
