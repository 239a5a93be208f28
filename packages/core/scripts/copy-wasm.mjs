// Copies the raw .wasm builds to dist/wasm/ for the `./wasm/*.wasm` subpath exports (self-hosting).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'dist', 'wasm'), { recursive: true });
for (const v of ['simd', 'relaxed-simd']) copyFileSync(join(root, '..', '..', 'assembly', 'build', `${v}.wasm`), join(root, 'dist', 'wasm', `${v}.wasm`));
