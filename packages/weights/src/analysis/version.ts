// Versions a report records. Kept in step with package.json by the release (changesets bump both).

/**
 * This package's version, recorded in every report's `versions`.
 *
 * @example
 * ```ts
 * import { WEIGHTS_VERSION } from '@spectra/weights';
 * WEIGHTS_VERSION; // '0.0.0'
 * ```
 */
export const WEIGHTS_VERSION = '0.0.0';
/**
 * The WeightWatcher release whose numbers the default path and compat mode reproduce
 * (specs/weights.md §12 lists where the default mode deliberately differs).
 *
 * @example
 * ```ts
 * import { WEIGHTWATCHER_COMPAT_VERSION } from '@spectra/weights';
 * WEIGHTWATCHER_COMPAT_VERSION; // '0.7.5.5'
 * ```
 */
export const WEIGHTWATCHER_COMPAT_VERSION = '0.7.5.5';
