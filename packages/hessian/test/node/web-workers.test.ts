// Runs the Web Worker pool test in Deno (the `deno` npm package) with --allow-read: module workers
// load the built package's dist/web-worker.js.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('Web Worker probe pool (Deno): identical results for any pool size', () => {
  const deno = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'bin.cjs');
  const file = fileURLToPath(new URL('../deno-workers/pool_test.ts', import.meta.url));
  const r = spawnSync(process.execPath, [deno, 'test', '--no-prompt', '--allow-read', '--sloppy-imports', file], {
    encoding: 'utf8',
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    timeout: 600_000,
  });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  expect(r.stdout + r.stderr).toContain('1 passed');
}, 600_000);
