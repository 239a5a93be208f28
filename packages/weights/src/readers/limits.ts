// The caps every reader enforces before allocating (specs/weights.md §13.1). They are options, so a
// caller who trusts a file can raise them; the defaults keep a hostile file from asking for gigabytes.
import { SpectraError } from '@spectra/core';
import { readerError } from './reader-errors.js';

/** Caps on what a file may declare. Each reader checks them before it allocates. */
export interface ReaderLimits {
  /** Largest header / JSON / dict literal, bytes (default 100 MB, the safetensors limit). */
  maxHeaderBytes?: number;
  /** Largest single tensor as stored, bytes (default 2 GiB; the Node helpers raise it to 8 GiB). */
  maxTensorBytes?: number;
  /** Largest tensor rank (default 8). */
  maxRank?: number;
  /** Deepest protobuf nesting / subgraph recursion / container nesting (default 32). */
  maxDepth?: number;
  /** Most pickle opcodes executed (default 10⁷). */
  maxPickleOperations?: number;
  /** Most pickle memo entries (default 10⁶). */
  maxPickleMemo?: number;
  /** Most zip entries (default 10⁵). */
  maxZipEntries?: number;
}

/** Every cap of `ReaderLimits` with its value filled in (the type of `defaultLimits`). */
export type ResolvedLimits = Required<ReaderLimits>;

export const GiB = 1024 ** 3;

/**
 * The defaults of specs/weights.md §13.1 (browser tensor cap).
 *
 * @example
 * ```ts
 * import { defaultLimits } from '@spectra/weights';
 * defaultLimits.maxHeaderBytes; // 100000000
 * ```
 */
export const defaultLimits: Readonly<ResolvedLimits> = Object.freeze({
  maxHeaderBytes: 100_000_000,
  maxTensorBytes: 2 * GiB,
  maxRank: 8,
  maxDepth: 32,
  maxPickleOperations: 10_000_000,
  maxPickleMemo: 1_000_000,
  maxZipEntries: 100_000,
});

/** Fills in defaults and checks that every given cap is a positive number. */
export function resolveLimits(options: ReaderLimits = {}): ResolvedLimits {
  const out = { ...defaultLimits } as ResolvedLimits;
  for (const key of Object.keys(defaultLimits) as (keyof ResolvedLimits)[]) {
    const v = options[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v > 0)) {
      throw new SpectraError('E_ARGUMENT', `loadModel: option ${key} must be a positive number, got ${String(v)}`);
    }
    out[key] = v;
  }
  return out;
}

/**
 * The element count of `shape`, checking each dimension (a non-negative safe integer), the rank
 * cap and the product for overflow. Throws `E_MALFORMED` / `E_LIMIT` naming the tensor.
 */
export function checkedElementCount(shape: readonly unknown[], file: string, tensor: string, limits: ResolvedLimits): number {
  if (shape.length > limits.maxRank) {
    throw readerError('E_LIMIT', file, `tensor '${tensor}' has rank ${shape.length}, above the cap maxRank = ${limits.maxRank}`, { tensor });
  }
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw readerError('E_MALFORMED', file, `tensor '${tensor}' has an invalid dimension ${String(d)} in shape [${shape.join(', ')}] (expected non-negative integers)`, { tensor });
    }
    n *= d;
    if (!Number.isSafeInteger(n)) {
      throw readerError('E_LIMIT', file, `tensor '${tensor}' shape [${shape.join(', ')}] has more elements than 2^53`, { tensor });
    }
  }
  return n;
}

/** Checks a tensor's stored byte size against the cap. */
export function checkTensorBytes(bytes: number, file: string, tensor: string, limits: ResolvedLimits): void {
  if (!(bytes <= limits.maxTensorBytes)) {
    throw readerError('E_LIMIT', file, `tensor '${tensor}' needs ${bytes} bytes, above the cap maxTensorBytes = ${limits.maxTensorBytes}`, { tensor, expectedBytes: bytes });
  }
}
