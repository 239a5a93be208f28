// The Web Worker entry of the analysis pool: `new Worker(new URL('…/analysis/analysis-worker.js',
// import.meta.url), { type: 'module' })`, wrapped by `webWorkerPort`.
import { handleAnalysisJob, workerStartup } from './worker-handler.js';
import type { AnalysisAnswer, AnalysisJob } from './worker-pool.js';

const scope = globalThis as unknown as { postMessage(m: unknown): void; addEventListener(t: 'message', h: (e: MessageEvent) => void): void };
const post = (answer: AnalysisAnswer) => scope.postMessage(answer);
scope.addEventListener('message', (e: MessageEvent) => void handleAnalysisJob(e.data as AnalysisJob, post));
void workerStartup(post);
