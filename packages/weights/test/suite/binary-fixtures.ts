// Binary fixtures for the shared suites. Each runtime entry registers how it gets the bytes: Node
// reads the files, Chromium bundles them (esbuild's binary loader), Deno imports them as bytes
// (`with { type: 'bytes' }`), so the suites themselves never touch a filesystem.

/** The binary files the shared suites read. */
export type BinaryFixture =
  | 'reference/gauss_1000x500.npy'
  | 'reference/student2_1000x500.npy'
  | 'reference/conv_64x32x3x3.npy'
  | 'upscaler/model.json'
  | 'upscaler/group1-shard1of1.bin';

/** Where each fixture lives, relative to the repository root (for runtimes that read files). */
export const BINARY_FIXTURE_PATHS: Record<BinaryFixture, string> = {
  'reference/gauss_1000x500.npy': 'reference/weights/gauss_1000x500.npy',
  'reference/student2_1000x500.npy': 'reference/weights/student2_1000x500.npy',
  'reference/conv_64x32x3x3.npy': 'reference/weights/conv_64x32x3x3.npy',
  'upscaler/model.json': 'node_modules/@upscalerjs/default-model/models/model.json',
  'upscaler/group1-shard1of1.bin': 'node_modules/@upscalerjs/default-model/models/group1-shard1of1.bin',
};

let loader: ((name: BinaryFixture) => Promise<Uint8Array> | Uint8Array) | undefined;

/** Called once by each runtime entry before the suites run. */
export function setBinaryFixtureLoader(load: (name: BinaryFixture) => Promise<Uint8Array> | Uint8Array): void {
  loader = load;
}

/** The bytes of a fixture. */
export async function binaryFixture(name: BinaryFixture): Promise<Uint8Array> {
  if (!loader) throw new Error('no binary fixture loader registered: the runtime entry must call setBinaryFixtureLoader');
  return loader(name);
}
