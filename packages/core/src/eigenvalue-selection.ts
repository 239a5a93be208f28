/**
 * Which eigenvalues to compute: by 0-based inclusive index range into the ascending order, or all
 * eigenvalues in the half-open interval (vl, vu].
 */
export type EigenvalueSelection =
  | { readonly index: readonly [number, number] }
  | { readonly interval: readonly [number, number] };
