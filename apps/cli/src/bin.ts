#!/usr/bin/env node
import { main } from './main.js';

// `spectra describe model.onnx | head` closes stdout early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const controller = new AbortController();
let interrupted = 0;
process.on('SIGINT', () => {
  // First Ctrl-C: abort the running work cleanly; second: leave at once.
  if (++interrupted > 1) process.exit(130);
  controller.abort(new Error('interrupted (Ctrl-C)'));
});

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = code;
