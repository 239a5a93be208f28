#!/usr/bin/env node
// Runs `deno test` (the `deno` npm package, pinned) on a directory of *_test.ts files, with no
// permissions: the package under test must load without file, net or env access. Suites import
// siblings as './x.js' (the Node/esbuild convention for .ts sources), hence --sloppy-imports.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const dir = process.argv[2] ?? 'test/deno';
const require = createRequire(import.meta.url);
let deno;
try {
  deno = join(dirname(require.resolve('deno/package.json')), 'bin.cjs');
} catch {
  console.error('the deno npm package is missing: run npm ci');
  process.exit(1);
}
const r = spawnSync(process.execPath, [deno, 'test', '--no-prompt', '--sloppy-imports', dir, ...process.argv.slice(3)], {
  stdio: 'inherit',
  env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' },
});
process.exit(r.status ?? 1);
