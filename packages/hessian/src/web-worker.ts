// The probe worker for browsers and Deno (a module Worker): see `createWebWorkerPool`.
import { handleProbeMessage } from './probe-worker-core.js';

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void };
scope.onmessage = (e: MessageEvent) => {
  void handleProbeMessage(e.data, (m) => scope.postMessage(m));
};
