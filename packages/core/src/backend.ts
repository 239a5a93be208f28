import { SpectraError } from './errors.js';
import { liveKernels, ready } from './wasm/instance.js';

/** A concrete backend. */
export type Backend = 'wasm' | 'js';
/** The backend setting: `'auto'` uses wasm once `ready()` has resolved, JS before. */
export type BackendSetting = 'auto' | Backend;

/** Every kernel accepts a per-call backend override. */
export interface BackendOptions {
  /** Run this call on `'wasm'` (`E_WASM_UNAVAILABLE` until `ready()` resolved `'wasm'`) or `'js'`; default: the `setBackend` setting. */
  backend?: Backend;
}

let setting: BackendSetting = 'auto';

/**
 * Chooses the backend for calls without a per-call `{ backend }`. `'wasm'` makes calls throw
 * `E_WASM_UNAVAILABLE` until `ready()` has resolved `'wasm'`; `'auto'` never throws for that.
 *
 * @example
 * ```ts
 * import { getBackend, setBackend } from '@spectra/core';
 * setBackend('js'); // every call without { backend } runs the plain-JS twins
 * getBackend();     // { setting: 'js', active: 'js' }
 * setBackend('auto');
 * ```
 */
export function setBackend(backend: BackendSetting): void {
  if (backend !== 'auto' && backend !== 'wasm' && backend !== 'js') {
    throw new SpectraError('E_ARGUMENT', `setBackend: expected 'auto', 'wasm' or 'js', got ${String(backend)}`);
  }
  setting = backend;
  // 'auto' starts loading wasm in the background so later calls can use it.
  if (backend !== 'js') void ready();
}

/**
 * The backend setting (`'auto'`, `'wasm'` or `'js'`) and the backend a call made now would use.
 *
 * @example
 * ```ts
 * import { getBackend, ready } from '@spectra/core';
 * await ready();
 * getBackend(); // { setting: 'auto', active: 'wasm' }
 * ```
 */
export function getBackend(): { setting: BackendSetting; active: Backend } {
  return { setting, active: setting === 'js' ? 'js' : setting === 'wasm' ? 'wasm' : liveKernels() ? 'wasm' : 'js' };
}

/** @internal The backend one call uses: its override, else the setting. */
export function resolveBackend(options: BackendOptions | undefined, fn: string): Backend {
  const requested = options?.backend;
  if (requested !== undefined && requested !== 'wasm' && requested !== 'js') {
    throw new SpectraError('E_ARGUMENT', `${fn}: backend must be 'wasm' or 'js', got ${String(requested)}`);
  }
  const b = requested ?? setting;
  if (b === 'auto') {
    if (liveKernels()) return 'wasm';
    void ready();
    return 'js';
  }
  return b;
}
