// What readers accept: bytes, an ArrayBuffer, or a Blob/File (read once, asynchronously), plus a
// resolver for companion files. Readers never touch a filesystem or the network themselves.
import { SpectraError, throwIfAborted } from '@spectra/core';
import { readerError } from './reader-errors.js';

/** File contents a reader accepts. */
export type ModelInput = Uint8Array | ArrayBuffer | Blob;

/**
 * Fetches a companion file (shard, external data, weight bin) by its path relative to the model
 * file, e.g. `'group1-shard1of1.bin'`. Reject (any error) when it does not exist.
 */
export type Resolver = (relativePath: string) => Promise<Uint8Array>;

/** The bytes of `input`, without copying when it already is bytes. */
export async function inputBytes(input: ModelInput, file: string): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    try {
      return new Uint8Array(await input.arrayBuffer());
    } catch (e) {
      throw readerError('E_LIMIT', file, `cannot read the Blob of ${input.size} bytes into memory (${(e as Error).message})`);
    }
  }
  if (ArrayBuffer.isView(input)) {
    const v = input as ArrayBufferView;
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }
  throw new SpectraError('E_ARGUMENT', `loadModel: input must be a Uint8Array, an ArrayBuffer or a Blob/File, got ${Object.prototype.toString.call(input)}`);
}

/**
 * Checks that a companion path named inside a file is relative and stays beside the model: no
 * absolute path, no drive letter, no `..` segment, no NUL (specs/weights.md §13.4).
 */
export function checkCompanionPath(path: string, file: string, what: string): string {
  if (typeof path !== 'string' || path.length === 0 || path.length > 4096) {
    throw readerError('E_MALFORMED', file, `${what}: companion path must be a non-empty string`);
  }
  const normalized = path.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[a-zA-Z]:/.test(normalized) || normalized.includes('\0') || /^[a-z][a-z0-9+.-]*:\/\//i.test(normalized)) {
    throw readerError('E_MALFORMED', file, `${what}: companion path '${path}' must be relative to the model file`);
  }
  if (normalized.split('/').some((s) => s === '..')) {
    throw readerError('E_MALFORMED', file, `${what}: companion path '${path}' must not contain '..'`);
  }
  return normalized.replace(/^(\.\/)+/, '');
}

/** Resolves a companion file, turning a missing resolver or a failed lookup into a typed error. */
export async function resolveCompanion(resolver: Resolver | undefined, path: string, file: string, what: string, signal?: AbortSignal): Promise<Uint8Array> {
  throwIfAborted(signal, { file });
  const safe = checkCompanionPath(path, file, what);
  if (!resolver) {
    throw readerError('E_ARGUMENT', file, `${what} is in the companion file '${safe}': pass a resolver (relativePath) => Promise<Uint8Array> to read it`, { companion: safe });
  }
  let bytes: unknown;
  try {
    bytes = await resolver(safe);
  } catch (e) {
    if ((e as { name?: string })?.name === 'SpectraError') throw e;
    throw readerError('E_NOT_FOUND', file, `${what}: companion file '${safe}' could not be read (${(e as Error)?.message ?? String(e)})`, { companion: safe });
  }
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw readerError('E_ARGUMENT', file, `${what}: the resolver returned ${Object.prototype.toString.call(bytes)} for '${safe}', expected a Uint8Array`);
}

/** The directory part of a path ('' for a bare name), for resolving companions of companions. */
export function dirnameOf(path: string): string {
  const k = path.replace(/\\/g, '/').lastIndexOf('/');
  return k < 0 ? '' : path.slice(0, k + 1);
}

/** The last segment of a path. */
export function basenameOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(p.lastIndexOf('/') + 1);
}
