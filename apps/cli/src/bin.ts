#!/usr/bin/env node
import { main } from './main.js';

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
