/// <reference types="node" />
// The probe worker for Node (worker_threads): see `createNodeWorkerPool` in `@spectra/hessian/node`.
import { parentPort } from 'node:worker_threads';
import { handleProbeMessage } from './probe-worker-core.js';

parentPort?.on('message', (m: unknown) => {
  void handleProbeMessage(m, (out) => parentPort!.postMessage(out));
});
