import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { missingFixtureMessage, type FixtureSource } from '../suite/fixture-source.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');
const require = createRequire(import.meta.url);

/** Package roots from their main entries (the `exports` maps hide `models/`). */
function packageDir(name: string, marker: string): string {
  const main = require.resolve(name);
  let dir = dirname(main);
  while (!dir.endsWith(marker) && dir !== dirname(dir)) dir = dirname(dir);
  return dir;
}

export function roots(): Record<string, string> {
  return {
    fixtures: join(packageRoot, 'test', 'fixtures'),
    reference: join(packageRoot, '..', '..', 'reference', 'weights'),
    upscaler: join(packageDir('@upscalerjs/default-model', join('@upscalerjs', 'default-model')), 'models'),
    'face-api': join(packageDir('@vladmandic/face-api', join('@vladmandic', 'face-api')), 'model'),
    'vad-web': join(packageRoot, '.cache', 'weights', 'vad-web'),
    nsfwjs: join(packageRoot, '.cache', 'weights', 'nsfwjs'),
  };
}

/** Absolute path of a logical fixture name. */
export function fixturePath(name: string): string {
  const k = name.indexOf('/');
  const root = roots()[name.slice(0, k)];
  if (!root) throw new Error(`unknown fixture root in '${name}'`);
  return join(root, name.slice(k + 1));
}

export const nodeFixtureSource: FixtureSource = {
  runtime: 'node',
  async bytes(name) {
    try {
      const b = await readFile(fixturePath(name));
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') throw new Error(missingFixtureMessage(name));
      throw e;
    }
  },
};
