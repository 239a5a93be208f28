/**
 * Error codes shared by every spectra package. Upper case, `E_`-prefixed (DESIGN.md).
 * Packages may add their own codes; these are the ones `core` throws.
 */
export type SpectraErrorCode =
  | 'E_ARGUMENT'
  | 'E_SHAPE'
  | 'E_DTYPE'
  | 'E_NOT_SQUARE'
  | 'E_NOT_SYMMETRIC'
  | 'E_NON_FINITE'
  | 'E_DEGENERATE'
  | 'E_NO_CONVERGENCE'
  | 'E_WASM_UNAVAILABLE'
  | 'E_OUT_OF_MEMORY'
  | 'E_ABORTED'
  | 'E_INTERNAL'
  | (string & {});

/**
 * The one error type of spectra: a `code` to branch on and a message that names the input and
 * what was expected. Optional `details` carry structured context (the offending argument, shapes,
 * partial results of an aborted run).
 *
 * @example
 * ```ts
 * import { SpectraError, symmetricEigenvalues } from '@spectra/core';
 * try {
 *   symmetricEigenvalues({ rows: 2, cols: 3, data: new Float64Array(6) });
 * } catch (e) {
 *   if (e instanceof SpectraError) console.log(e.code, e.message);
 *   // E_NOT_SQUARE symmetricEigenvalues: a must be square, got 2×3
 * }
 * ```
 */
export class SpectraError extends Error {
  override readonly name = 'SpectraError';
  /** What went wrong, to branch on (`E_SHAPE`, `E_ABORTED`…). */
  readonly code: SpectraErrorCode;
  /** Structured context: the offending argument, shapes, `{ done }` of an aborted run, a file name… */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: SpectraErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/**
 * True for a `SpectraError` from any copy of the package (bundles can duplicate classes, so this
 * checks the name and code rather than `instanceof`).
 *
 * @example
 * ```ts
 * import { isSpectraError, SpectraError } from '@spectra/core';
 * isSpectraError(new SpectraError('E_SHAPE', 'x')); // true
 * isSpectraError(new Error('x'));                   // false
 * ```
 */
export function isSpectraError(value: unknown): value is SpectraError {
  return (
    value instanceof SpectraError ||
    (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'SpectraError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}

/**
 * Throws `E_ABORTED` if `signal` has fired. Long loops call this between units of work.
 *
 * @example
 * ```ts
 * import { throwIfAborted } from '@spectra/core';
 * const controller = new AbortController();
 * throwIfAborted(controller.signal); // undefined: not fired, it returns
 * controller.abort();
 * throwIfAborted(controller.signal); // throws SpectraError E_ABORTED 'operation aborted: This operation was aborted'
 * ```
 */
export function throwIfAborted(signal: AbortSignal | undefined, details?: Record<string, unknown>): void {
  if (signal?.aborted) {
    const reason = signal.reason instanceof Error ? signal.reason.message : signal.reason !== undefined ? String(signal.reason) : 'aborted';
    throw new SpectraError('E_ABORTED', `operation aborted: ${reason}`, details);
  }
}
