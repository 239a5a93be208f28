// Compiles assembly/src/index.ts twice: a SIMD128 baseline and a relaxed-SIMD (FMA) build.
// Kernels branch on the compile-time constant ASC_FEATURE_RELAXED_SIMD, so one source serves both.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const asc = join(dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
mkdirSync(join(root, 'build'), { recursive: true });

const common = [
  'src/index.ts',
  '--runtime', 'stub',
  '-O3', '--noAssert',
  '--converge',
  '--initialMemory', '1',
];
const variants = [
  { name: 'simd', enable: 'simd' },
  { name: 'relaxed-simd', enable: 'simd,relaxed-simd' },
];
for (const v of variants) {
  execFileSync(process.execPath, [asc, ...common, '--enable', v.enable, '--outFile', `build/${v.name}.wasm`, '--textFile', `build/${v.name}.wat`], { cwd: root, stdio: 'inherit' });
}
console.log('kernels built:', variants.map((v) => `build/${v.name}.wasm`).join(', '));
