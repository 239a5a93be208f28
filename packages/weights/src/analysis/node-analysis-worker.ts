/// <reference types="node" />
// The Node `worker_threads` entry of the analysis pool (see `createNodeAnalysisPool`).
import { parentPort } from 'node:worker_threads';
import { handleAnalysisJob, workerStartup } from './worker-handler.js';
import type { AnalysisAnswer, AnalysisJob } from './worker-pool.js';

const port = parentPort!;
const post = (answer: AnalysisAnswer) => port.postMessage(answer);
port.on('message', (job: AnalysisJob) => void handleAnalysisJob(job, post));
void workerStartup(post);
