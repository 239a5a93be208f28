#!/usr/bin/env node
// `npm test`: the one test command (README, .ci/run). Builds everything, then runs every suite in
// Node (vitest, plus a second pass with relaxed SIMD enabled), in Deno and in headless Chromium.
// Chromium comes from Debian (installed here when running as root); the browser tests never skip.
import { spawnSync } from 'node:child_process';
import { ensureChromium } from '../tools/testkit/bin/ensure-chromium.mjs';

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DENO_NO_UPDATE_CHECK: '1', CHROMIUM_PATH: process.env.CHROMIUM_PATH || '/usr/bin/chromium' };

function run(title, cmd, args, extraEnv = {}) {
  console.log(`\n▶ ${title}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${r.status}) after ${s} s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${title} (${s} s)`);
}

ensureChromium();
const turbo = ['turbo', 'run'];
run('build', 'npx', [...turbo, 'build', '--output-logs=errors-only']);
run('packed packages install and import (Node, Deno, browser bundle; publint, attw)', process.execPath, ['tools/pack-check.mjs']);
run('every public export documented (TSDoc, @example on values)', process.execPath, ['tools/check-docs.mjs']);
run('doc examples run and print what they show', process.execPath, ['tools/run-examples.mjs']);
run('API reference builds without warnings (typedoc)', 'npx', ['typedoc', '--out', 'test-output/api']);
run('Node tests (vitest)', 'npx', [...turbo, 'test', '--concurrency=1', '--output-logs=new-only']);
// Node 20 validates relaxed SIMD only behind a V8 flag: a second pass of core's suites with it
// (vitest.config.ts passes the flag to its workers), so the FMA build is tested in Node too.
run('Node tests, relaxed-SIMD wasm build', 'npm', ['run', 'test', '-w', '@spectra/core'], { SPECTRA_REQUIRE_RELAXED_SIMD: '1' });
run('Deno tests', 'npx', [...turbo, 'test:deno', '--concurrency=1', '--output-logs=new-only']);
run('Chromium tests', 'npx', [...turbo, 'test:browser', '--concurrency=1', '--output-logs=new-only']);
console.log('\nall tests passed');
