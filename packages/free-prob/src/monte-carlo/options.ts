// Options shared by the Monte-Carlo twins (spec §12: `{ seed, seeds, sizes }`), and small helpers.
import { SpectraError, type Backend } from '@spectra/core';
import type { ProgressOptions } from '../types.js';

/**
 * Options every Monte-Carlo twin takes (spec §12: `{ seed, seeds, sizes }`; the sizes are per twin).
 * `onProgress` reports the fraction of samples (or layers) done; a fired `signal` rejects with `E_ABORTED`.
 */
export interface MonteCarloOptions extends ProgressOptions {
  /** Base seed: sample k uses `rng(seed + k)` (default 0). */
  seed?: number;
  /** Number of independent samples (networks, matrices) pooled (default 1). */
  seeds?: number;
  /** Core backend of the matrix work (default: core's setting). Results do not depend on it beyond rounding. */
  backend?: Backend;
}

export function resolveSeeds(options: MonteCarloOptions, fn: string): { seed: number; seeds: number } {
  const seed = options.seed ?? 0;
  const seeds = options.seeds ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new SpectraError('E_ARGUMENT', `${fn}: seed must be a safe integer ≥ 0, got ${String(seed)}`);
  if (!Number.isSafeInteger(seeds) || seeds < 1 || seeds > 1_000_000) throw new SpectraError('E_ARGUMENT', `${fn}: seeds must be an integer in [1, 1e6], got ${String(seeds)}`);
  return { seed, seeds };
}

/** NumPy's `round` (ties to even): widths N_l = round(N_{l−1}/λ_l) as the reference programs. */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Lets the event loop run (so an AbortSignal fired by a timer or Ctrl-C is seen) between units of work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
