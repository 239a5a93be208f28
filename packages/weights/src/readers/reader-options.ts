import type { Resolver } from './input.js';
import type { ReaderLimits } from './limits.js';

/** Options every reader takes: a display name, a resolver for companion files, and the §13.1 caps. */
export interface ReaderOptions extends ReaderLimits {
  /** The file's name, used in messages and `origin.file` (default: a name per format). */
  name?: string;
  /** Reads companion files (shards, external data) by path relative to this file. */
  resolver?: Resolver;
  /** Aborts a multi-file read between files (shards, external data): `E_ABORTED`. */
  signal?: AbortSignal;
}
