// polynomialRoots and polynomialRootsBatch: validation, normalisation of the degree, backend
// dispatch and the wasm glue around the Aberth–Ehrlich kernel `zroots` (specs/core.md §1.4, §2.7).
import { resolveBackend, type Backend, type BackendOptions } from './backend.js';
import { SpectraError, throwIfAborted } from './errors.js';
import { zroots as zrootsJs, ROOTS_POLISH, ROOTS_REAL } from './js/roots.js';
import { WasmFrame } from './wasm/frame.js';
import { registerWarmUp } from './wasm/instance.js';

/** wasm-only flag bits of `zroots` (assembly/src/roots.ts): interleaved complex input and output. */
const ROOTS_INTERLEAVED_INPUT = 4;
const ROOTS_INTERLEAVED_OUTPUT = 8;

export interface PolynomialRootsOptions extends BackendOptions {
  /** `true`: `c` holds interleaved complex coefficients (re₀, im₀, re₁, im₁, …). Default `false`. */
  complex?: boolean;
  /**
   * Polish ill-conditioned roots (inclusion radius > √u·|z|) with up to two more Aberth steps after
   * the stop rule (default `true`; specs/core.md §2.7 step 6).
   */
  polish?: boolean;
  /** Cap on Gauss–Seidel sweeps per polynomial (default 60 + ⌈n/10⌉, n the degree). */
  maxIterations?: number;
  /** Aborts between polynomials of a batch (and before a single call) with `E_ABORTED`. */
  signal?: AbortSignal;
  /** Called with the fraction of polynomials done (batches report after each chunk; ends with 1). */
  onProgress?: (fraction: number) => void;
}

export interface PolynomialRoots {
  /** Interleaved (re, im) roots: n of them per polynomial (zero roots first, in no other order). */
  roots: Float64Array;
  /**
   * Inclusion radii: the disc of radius `radii[i]` about root i contains a root of the polynomial
   * (n·(|p| + u·s)/|p′|, rounding included). 0 for exact zero roots and for degree 1.
   */
  radii: Float64Array;
  /** 1 where the root met the stop rule (backward error at rounding level), 0 where the sweep cap hit first. */
  converged: Uint8Array;
  /** Gauss–Seidel sweeps used (the largest over a batch). */
  iterations: number;
}

interface Parsed {
  complex: boolean;
  flags: number;
  maxIterations: number | undefined;
  signal: AbortSignal | undefined;
  onProgress: ((fraction: number) => void) | undefined;
}

function parseOptions(options: PolynomialRootsOptions | undefined, fn: string): Parsed {
  if (options === null || (options !== undefined && typeof options !== 'object')) {
    throw new SpectraError('E_ARGUMENT', `${fn}: options must be an object, got ${String(options)}`);
  }
  const o = options ?? {};
  const complex = o.complex ?? false;
  const polish = o.polish ?? true;
  if (typeof complex !== 'boolean') throw new SpectraError('E_ARGUMENT', `${fn}: options.complex must be a boolean, got ${String(complex)}`);
  if (typeof polish !== 'boolean') throw new SpectraError('E_ARGUMENT', `${fn}: options.polish must be a boolean, got ${String(polish)}`);
  const maxIterations = o.maxIterations;
  if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && maxIterations >= 1 && maxIterations <= 1_000_000)) {
    throw new SpectraError('E_ARGUMENT', `${fn}: options.maxIterations must be an integer in [1, 1e6], got ${String(maxIterations)}`);
  }
  if (o.signal !== undefined && (o.signal === null || typeof o.signal !== 'object' || typeof o.signal.aborted !== 'boolean')) {
    throw new SpectraError('E_ARGUMENT', `${fn}: options.signal must be an AbortSignal`);
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new SpectraError('E_ARGUMENT', `${fn}: options.onProgress must be a function`);
  }
  return {
    complex,
    flags: (complex ? 0 : ROOTS_REAL) | (polish ? ROOTS_POLISH : 0),
    maxIterations,
    signal: o.signal,
    onProgress: o.onProgress,
  };
}

function defaultSweeps(degree: number, parsed: Parsed): number {
  return parsed.maxIterations ?? 60 + Math.ceil(degree / 10);
}

/** Checks the coefficient array: array-like of finite numbers. Returns it as a Float64Array-compatible view. */
function readCoefficients(c: ArrayLike<number>, fn: string): ArrayLike<number> {
  if (c === null || typeof c !== 'object' || typeof (c as { length?: unknown }).length !== 'number') {
    throw new SpectraError('E_ARGUMENT', `${fn}: coefficients must be an array or typed array of numbers, got ${c === null ? 'null' : typeof c}`);
  }
  const typed = c instanceof Float64Array || c instanceof Float32Array;
  const n = c.length;
  for (let i = 0; i < n; i++) {
    const x = c[i]!;
    if (!typed && typeof x !== 'number') {
      throw new SpectraError('E_ARGUMENT', `${fn}: coefficients[${i}] must be a number, got ${typeof x}`);
    }
    if (x - x !== 0) throw new SpectraError('E_NON_FINITE', `${fn}: coefficients[${i}] is ${x}; coefficients must be finite`);
  }
  return c;
}

const empty = (): PolynomialRoots => ({ roots: new Float64Array(0), radii: new Float64Array(0), converged: new Uint8Array(0), iterations: 0 });

/**
 * All roots of the polynomial c₀ + c₁z + … + c_n zⁿ (coefficients in **ascending** powers; numpy's
 * `roots` uses the opposite order), by Aberth–Ehrlich iteration as in PZEROS: Newton-polygon
 * starts, Gauss–Seidel sweeps, a stop rule at rounding level (backward error ≈ n·u), an inclusion
 * radius for every root, and polishing of ill-conditioned roots (specs/core.md §2.7).
 *
 * Normalisation (§1.4): zero top coefficients lower the degree; k zero low coefficients give k exact
 * roots 0 (radius 0); degree 1 gives −c₀/c₁ (radius 0); a constant has no roots. All-zero or empty
 * coefficients throw `E_DEGENERATE`, NaN/±Inf `E_NON_FINITE`, bad options `E_ARGUMENT`, an odd
 * length with `complex: true` `E_SHAPE`. Roots still moving after `maxIterations` sweeps come back
 * with `converged[i] = 0` and a valid radius.
 *
 * @example
 * ```ts
 * // z² − 3z + 2 = (z − 1)(z − 2)
 * const { roots, radii, converged } = polynomialRoots([2, -3, 1]);
 * roots;     // Float64Array [1, 0, 2, 0] up to rounding (order not specified): 1 + 0i and 2 + 0i
 * radii;     // each ≈ 1e-15: a disc about each root that holds a true root
 * converged; // Uint8Array [1, 1]
 * // z² + 1 with complex input: roots ±i
 * polynomialRoots([1, 0, 0, 0, 1, 0], { complex: true }).roots; // [0, ±1, 0, ∓1] up to rounding
 * ```
 */
export function polynomialRoots(coefficients: ArrayLike<number>, options: PolynomialRootsOptions = {}): PolynomialRoots {
  const fn = 'polynomialRoots';
  const parsed = parseOptions(options, fn);
  const c = readCoefficients(coefficients, fn);
  const width = parsed.complex ? 2 : 1;
  if (c.length % width !== 0) {
    throw new SpectraError('E_SHAPE', `${fn}: complex coefficients are interleaved (re, im) pairs: expected an even length, got ${c.length}`);
  }
  let top = c.length / width - 1;
  while (top >= 0 && c[top * width] === 0 && (width === 1 || c[top * width + 1] === 0)) top--;
  if (top < 0) {
    throw new SpectraError('E_DEGENERATE', `${fn}: coefficients are ${c.length === 0 ? 'empty' : 'all zero'}; a polynomial needs a non-zero coefficient`);
  }
  const backend = resolveBackend(options, fn);
  throwIfAborted(parsed.signal, { fn });
  if (top === 0) {
    parsed.onProgress?.(1);
    return empty();
  }
  const result = solve(backend, fn, c, (top + 1) * width, 1, top, parsed);
  parsed.onProgress?.(1);
  return result;
}

/**
 * Roots of many polynomials of the same degree at once: `c` holds `count` coefficient vectors of
 * length degree + 1 (ascending; interleaved complex pairs with `complex: true`) one after another,
 * and the result concatenates theirs: polynomial b's roots are `roots[2·degree·b …]`, its radii and
 * flags `radii[degree·b …]`, `converged[degree·b …]`; `iterations` is the largest sweep count.
 * One copy into wasm memory and one out serve the whole batch.
 *
 * A polynomial whose top coefficients are zero (lower degree than the batch) gets roots at infinity
 * (`Infinity + 0i`, radius ∞) in its last slots; an all-zero one throws `E_DEGENERATE` naming it.
 * Long batches honour `signal` and report `onProgress` between chunks of polynomials.
 *
 * @example
 * ```ts
 * // z² − 1 and z² − 4 in one call
 * const { roots } = polynomialRootsBatch([-1, 0, 1, -4, 0, 1], 2);
 * roots; // Float64Array [±1, 0, ∓1, 0, ±2, 0, ∓2, 0] up to rounding: roots of the first, then the second
 * ```
 */
export function polynomialRootsBatch(coefficients: ArrayLike<number>, degree: number, options: PolynomialRootsOptions = {}): PolynomialRoots {
  const fn = 'polynomialRootsBatch';
  if (!(Number.isInteger(degree) && degree >= 0 && degree <= 0x7ffffff)) {
    throw new SpectraError('E_ARGUMENT', `${fn}: degree must be a non-negative integer, got ${String(degree)}`);
  }
  const parsed = parseOptions(options, fn);
  const c = readCoefficients(coefficients, fn);
  const width = parsed.complex ? 2 : 1;
  const stride = (degree + 1) * width;
  if (c.length % stride !== 0) {
    throw new SpectraError('E_SHAPE', `${fn}: coefficients.length ${c.length} is not a multiple of (degree + 1)${width === 2 ? '·2 (complex pairs)' : ''} = ${stride}`);
  }
  const count = c.length / stride;
  for (let b = 0; b < count; b++) {
    let nonZero = false;
    for (let k = b * stride; k < (b + 1) * stride; k++) {
      if (c[k] !== 0) {
        nonZero = true;
        break;
      }
    }
    if (!nonZero) throw new SpectraError('E_DEGENERATE', `${fn}: polynomial ${b} (coefficients[${b * stride}…${(b + 1) * stride - 1}]) is all zero`, { index: b });
  }
  const backend = resolveBackend(options, fn);
  throwIfAborted(parsed.signal, { fn });
  if (count === 0 || degree === 0) {
    parsed.onProgress?.(1);
    return { roots: new Float64Array(0), radii: new Float64Array(0), converged: new Uint8Array(0), iterations: 0 };
  }
  const result = solve(backend, fn, c, c.length, count, degree, parsed);
  parsed.onProgress?.(1);
  return result;
}

/** Polynomials per kernel call between abort checks and progress reports: about 2²² multiply-adds. */
function chunkSize(degree: number, count: number): number {
  return Math.max(1, Math.min(count, Math.floor(2 ** 22 / ((degree + 1) * (degree + 1)))));
}

function solve(backend: Backend, fn: string, c: ArrayLike<number>, length: number, count: number, degree: number, parsed: Parsed): PolynomialRoots {
  const maxit = defaultSweeps(degree, parsed);
  const width = parsed.complex ? 2 : 1;
  const stride = (degree + 1) * width;
  const roots = new Float64Array(2 * degree * count);
  const radii = new Float64Array(degree * count);
  const converged = new Uint8Array(degree * count);
  const chunk = chunkSize(degree, count);
  let iterations = 0;
  if (backend === 'js') {
    for (let b0 = 0; b0 < count; b0 += chunk) {
      if (b0 > 0) {
        throwIfAborted(parsed.signal, { fn, done: b0, count });
        parsed.onProgress?.(b0 / count);
      }
      const b1 = Math.min(count, b0 + chunk);
      for (let b = b0; b < b1; b++) {
        const sweeps = zrootsJs(degree, c, b * stride, parsed.flags, maxit, roots, 2 * degree * b, radii, degree * b, converged, degree * b);
        if (sweeps < 0) throw new SpectraError('E_INTERNAL', `${fn}: kernel rejected polynomial ${b} (a wrapper bug; please report)`);
        iterations = Math.max(iterations, sweeps);
      }
    }
    return { roots, radii, converged, iterations };
  }
  const f = new WasmFrame(fn);
  const cPtr = f.f64(length);
  {
    const view = f.viewF64(cPtr, length);
    if (c instanceof Float64Array || c instanceof Float32Array) view.set(length === c.length ? c : c.subarray(0, length));
    else for (let i = 0; i < length; i++) view[i] = c[i]!;
  }
  const rootsPtr = f.f64(2 * degree * count);
  const radiiPtr = f.f64(degree * count);
  const convergedPtr = f.alloc(degree * count);
  const workPtr = f.alloc(f.kernel('zroots_work')(degree));
  const flags = parsed.flags | (parsed.complex ? ROOTS_INTERLEAVED_INPUT : 0) | ROOTS_INTERLEAVED_OUTPUT;
  for (let b0 = 0; b0 < count; b0 += chunk) {
    if (b0 > 0) {
      throwIfAborted(parsed.signal, { fn, done: b0, count });
      parsed.onProgress?.(b0 / count);
    }
    const b1 = Math.min(count, b0 + chunk);
    const sweeps = f.call('zroots_batch', b1 - b0, degree, cPtr + 8 * stride * b0, 0, flags, maxit,
      rootsPtr + 16 * degree * b0, 0, radiiPtr + 8 * degree * b0, convergedPtr + degree * b0, workPtr);
    iterations = Math.max(iterations, sweeps);
  }
  roots.set(f.viewF64(rootsPtr, 2 * degree * count));
  radii.set(f.viewF64(radiiPtr, degree * count));
  converged.set(new Uint8Array(f.kernels.memory.buffer, convergedPtr, degree * count));
  return { roots, radii, converged, iterations };
}

// Warm-up (specs/core.md §4.5): wasm tiers up per function without on-stack replacement, so a few
// small calls at load make the first real call run optimised code. Real and complex paths differ.
registerWarmUp(() => {
  const n = 24;
  const real = new Float64Array(n + 1);
  const complex = new Float64Array(2 * (n + 1));
  for (let k = 0; k <= n; k++) {
    real[k] = Math.sin(1.7 * k + 0.3);
    complex[2 * k] = Math.cos(2.3 * k);
    complex[2 * k + 1] = Math.sin(0.9 * k + 1);
  }
  for (let i = 0; i < 8; i++) {
    polynomialRoots(real, { backend: 'wasm' });
    polynomialRoots(complex, { backend: 'wasm', complex: true });
  }
});
