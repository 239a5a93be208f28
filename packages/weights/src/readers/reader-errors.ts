// Typed errors of the readers (specs/weights.md §13.1): every message starts with the file, names the
// tensor or structure at fault and, for size problems, the expected and actual byte counts.
import { SpectraError, type SpectraErrorCode } from '@spectra/core';

/** The error codes the readers throw (besides `E_ARGUMENT` for bad options). */
export type ReaderErrorCode =
  | 'E_TRUNCATED'
  | 'E_BAD_SPAN'
  | 'E_MALFORMED'
  | 'E_LIMIT'
  | 'E_UNKNOWN_FORMAT'
  | 'E_UNSUPPORTED_DTYPE'
  | 'E_UNSAFE_PICKLE'
  | 'E_UNSUPPORTED_FORMAT'
  | 'E_MISSING_OPTIONAL_DEPENDENCY'
  | 'E_NOT_FOUND'
  | 'E_ARGUMENT';

/** A `SpectraError` whose message begins with `file: `; `details.file` repeats it for programs. */
export function readerError(code: ReaderErrorCode & SpectraErrorCode, file: string, message: string, details: Record<string, unknown> = {}): SpectraError {
  return new SpectraError(code, `${file}: ${message}`, { file, ...details });
}

/**
 * Runs `fn`, letting `SpectraError`s through and turning anything else (a RangeError from a
 * DataView, a TypeError from a stream) into `E_MALFORMED` naming the file, so nothing untyped escapes
 * a reader even on input its checks did not anticipate.
 */
export function guardReader<T>(file: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asReaderError(e, file, what);
  }
}

/** Async twin of `guardReader`. */
export async function guardReaderAsync<T>(file: string, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw asReaderError(e, file, what);
  }
}

function asReaderError(e: unknown, file: string, what: string): SpectraError {
  if (e instanceof SpectraError || (e as { name?: string })?.name === 'SpectraError') return e as SpectraError;
  if (e instanceof RangeError && /allocation|Array buffer|memory/i.test(e.message)) {
    return readerError('E_LIMIT', file, `${what}: allocation refused (${e.message})`);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new SpectraError('E_MALFORMED', `${file}: ${what}: ${message}`, { file }, { cause: e });
}
