// The Web Worker entry of the analysis pool: `new Worker(new URL('…/analysis/analysis-worker.js',
// import.meta.url), { type: 'module' })`, wrapped by `webWorkerPort`.
import { installAnalysisWorker } from './worker-handler.js';

installAnalysisWorker();
