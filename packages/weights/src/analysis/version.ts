// Versions a report records. Kept in step with package.json by the release (changesets bump both).

/** This package's version. */
export const WEIGHTS_VERSION = '0.0.0';
/** The WeightWatcher release whose behaviour the default path and compat mode reproduce. */
export const WEIGHTWATCHER_COMPAT_VERSION = '0.7.5.5';
