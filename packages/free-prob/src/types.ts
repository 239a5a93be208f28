// Shared shapes of the package's API edges.

/** A complex number at an API edge (bulk complex data is interleaved `Float64Array`s). */
export interface Complex {
  re: number;
  im: number;
}

/** Options every long computation accepts (design.md: progress and cancellation). */
export interface ProgressOptions {
  /** Called with the fraction done, in [0, 1], between units of work. */
  onProgress?: (fraction: number) => void;
  /** Aborting it makes the computation throw `SpectraError` `E_ABORTED` at the next unit of work. */
  signal?: AbortSignal;
}
