#!/usr/bin/env node
// Packs every published package (`npm pack`), installs the tarballs into an empty folder with no
// access to this workspace, and checks that they import and work as a user would get them:
// Node ESM, Deno (no permissions), an esbuild browser bundle; then lints each tarball with publint
// and checks its types with arethetypeswrong. Exit ≠ 0 on any failure.
//   node tools/pack-check.mjs            (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const published = ['core', 'free-prob', 'weights', 'hessian'];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', ...(opts.env ?? {}) } });
  if (r.status !== 0) {
    console.error(`✖ ${cmd} ${args.join(' ')} (exit ${r.status})\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
  }
  return r.stdout;
}

const packDir = mkdtempSync(join(tmpdir(), 'spectra-pack-'));
const tarballs = {};
for (const name of published) {
  const out = run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: join(root, 'packages', name) });
  const info = JSON.parse(out.slice(out.indexOf('[')))[0];
  tarballs[name] = join(packDir, info.filename);
  const files = info.files.map((f) => f.path);
  if (!files.some((f) => f === 'dist/index.js') || !files.some((f) => f === 'dist/index.d.ts')) {
    console.error(`✖ @spectra/${name}: tarball lacks dist/index.js or dist/index.d.ts`);
    process.exit(1);
  }
  if (files.some((f) => f.startsWith('src/') || f.startsWith('test/'))) {
    console.error(`✖ @spectra/${name}: tarball ships sources or tests: ${files.filter((f) => f.startsWith('src/') || f.startsWith('test/')).slice(0, 5).join(', ')}`);
    process.exit(1);
  }
  console.log(`packed @spectra/${name}: ${info.filename}, ${(info.size / 1024).toFixed(0)} KiB, ${info.entryCount} files`);
}

// publint and arethetypeswrong on each tarball.
const bin = (name) => join(root, 'node_modules', '.bin', name);
for (const [name, tgz] of Object.entries(tarballs)) {
  run(bin('publint'), [tgz, '--strict']);
  // ESM-only packages: the CJS-require resolution is intentionally absent.
  // The .wasm subpaths are assets for self-hosting, not modules with types.
  run(bin('attw'), [tgz, '--profile', 'esm-only', '--format', 'ascii', '--exclude-entrypoints', './wasm/simd.wasm', './wasm/relaxed-simd.wasm']);
  console.log(`✔ @spectra/${name}: publint and arethetypeswrong clean`);
}

// An empty project that installs only the tarballs.
const app = mkdtempSync(join(tmpdir(), 'spectra-consumer-'));
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
run('npm', ['install', '--no-audit', '--no-fund', '--offline', ...Object.values(tarballs)], { cwd: app });

const smoke = `
import { ready, matmul, createMatrix, symmetricEigenvalues, rng, SpectraError } from '@spectra/core';
import * as freeProb from '@spectra/free-prob';
import * as weights from '@spectra/weights';
import * as hessian from '@spectra/hessian';
const backend = await ready();
const a = createMatrix(2, 2, [1, 2, 3, 4]);
const c = matmul(a, a);
if (c.data.join() !== '7,10,15,22') throw new Error('matmul gave ' + c.data.join());
const ev = symmetricEigenvalues(createMatrix(2, 2, [2, 1, 1, 2]));
if (Math.abs(ev[0] - 1) > 1e-14 || Math.abs(ev[1] - 3) > 1e-14) throw new Error('eigenvalues gave ' + ev.join());
if (rng(1, { algorithm: 'mulberry32' }).nextUint32() !== 2693262067) throw new Error('rng stream changed');
for (const [name, mod] of Object.entries({ freeProb, weights, hessian })) {
  if (Object.keys(mod).length < 3) throw new Error(name + ' exports almost nothing: ' + Object.keys(mod).join());
}
console.log('consumer OK:', backend, Object.keys(freeProb).length, Object.keys(weights).length, Object.keys(hessian).length, 'exports');
`;
writeFileSync(join(app, 'smoke.mjs'), smoke);
console.log('node: ' + run(process.execPath, ['smoke.mjs'], { cwd: app }).trim());

// Deno, no permissions: the packages must load from node_modules without file, net or env access.
const deno = join(dirname(require.resolve('deno/package.json')), 'bin.cjs');
writeFileSync(join(app, 'deno.json'), JSON.stringify({ nodeModulesDir: 'manual' }));
console.log('deno: ' + run(process.execPath, [deno, 'run', '--no-prompt', 'smoke.mjs'], { cwd: app }).trim());

// Browser bundle: esbuild must bundle the main entries for the browser with no Node built-ins.
const esbuild = require('esbuild');
writeFileSync(join(app, 'browser.mjs'), smoke.replace('console.log(', 'globalThis.result = (').replace(/\n$/, ''));
const result = await esbuild.build({
  entryPoints: [join(app, 'browser.mjs')], bundle: true, format: 'esm', platform: 'browser', write: false,
  absWorkingDir: app, logLevel: 'silent', metafile: true,
}).catch((e) => {
  console.error(`✖ browser bundle failed: ${e.message}`);
  process.exit(1);
});
const kib = (result.outputFiles[0].contents.length / 1024).toFixed(0);
console.log(`browser bundle: ${kib} KiB, ${Object.keys(result.metafile.inputs).length} inputs, no Node built-ins`);
console.log(`\n✔ packed packages install and import in Node, Deno and a browser bundle (${readdirSync(packDir).length} tarballs)`);
