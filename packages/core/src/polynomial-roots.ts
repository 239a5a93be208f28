// polynomialRoots and polynomialRootsBatch: validation, normalisation of the degree, backend
// dispatch and the wasm glue around the Aberth–Ehrlich kernel `zroots` (specs/core.md §1.4, §2.7).
import { resolveBackend, type Backend, type BackendOptions } from './backend.js';
import { SpectraError, throwIfAborted } from './errors.js';
import { rootsBegin, rootsEnd, rootsSweeps, RootsWork, zroots as zrootsJs, ROOTS_POLISH, ROOTS_REAL, ROOTS_WARM } from './js/roots.js';
import { WasmFrame } from './wasm/frame.js';
import { registerWarmUp } from './wasm/instance.js';

/** Flag bits of the wasm `zroots` kernels beyond the twin's (assembly/src/roots.ts): interleaved complex input and output. */
const ROOTS_INTERLEAVED_INPUT = 4;
const ROOTS_INTERLEAVED_OUTPUT = 8;

/**
 * Options of `polynomialRoots` and `polynomialRootsBatch` (all optional).
 *
 * @example
 * ```ts
 * import { polynomialRoots } from '@spectra/core';
 * polynomialRoots([1, 0, 0, 0, 1, 0], { complex: true, polish: false }).roots; // Float64Array [0, -1, 0, 1]
 * ```
 */
export interface PolynomialRootsOptions extends BackendOptions {
  /** `true`: `c` holds interleaved complex coefficients (re₀, im₀, re₁, im₁, …). Default `false`. */
  complex?: boolean;
  /**
   * Polish ill-conditioned roots (inclusion radius > √u·|z|) after the stop rule: Aberth steps with
   * p and p′ by compensated Horner (twice the working precision) until the step is below 2u·|z|, at
   * most 16 (default `true`; specs/core.md §2.7 step 6). Plain steps cannot do it: at the stop rule
   * such a root's p is rounding noise. Polished roots approach the roots of the polynomial as given
   * (W20: 5e-5 from 1…20 instead of 7e-2); polishing costs most on polynomials with clusters of
   * roots (expanded products), where `polish: false` is several times faster.
   */
  polish?: boolean;
  /** Cap on Gauss–Seidel sweeps per polynomial (default 60 + ⌈n/10⌉, n the degree). */
  maxIterations?: number;
  /**
   * Batches only: start each polynomial from the previous one's roots (when its degree after
   * normalisation is the same) instead of the Newton polygon. For a path of nearby polynomials —
   * f(m) − z·g(m) along a grid of z — this takes a few sweeps instead of about ten. Every root is
   * still found and checked by the same stop rule; only the starting points change. Default `false`.
   */
  warmStart?: boolean;
  /**
   * Aborts with `E_ABORTED`: between slices of sweeps (large single polynomials) and between chunks
   * of polynomials (batches).
   */
  signal?: AbortSignal;
  /** Called with the fraction done (roots frozen, or polynomials solved) between slices; ends with 1. */
  onProgress?: (fraction: number) => void;
}

/**
 * What `polynomialRoots` and `polynomialRootsBatch` return: the roots (interleaved re, im), an
 * inclusion radius and a convergence flag per root, and the sweeps used.
 *
 * @example
 * ```ts
 * import { polynomialRoots } from '@spectra/core';
 * const r = polynomialRoots([-1, 0, 1]); // z² − 1
 * r.roots;     // Float64Array [-1, 0, 1, 0]
 * r.converged; // Uint8Array [1, 1]
 * ```
 */
export interface PolynomialRoots {
  /** Interleaved (re, im) roots: n of them per polynomial (zero roots first, in no other order). */
  roots: Float64Array;
  /**
   * Inclusion radii: the disc of radius `radii[i]` about root i contains a root of the polynomial
   * (n·(|p| + u·s)/|p′|, rounding included). 0 for exact zero roots and for degree 1.
   */
  radii: Float64Array;
  /**
   * 1 where the root met the stop rule (backward error at rounding level) or, polished, settled under
   * compensated evaluation; 0 where the sweep cap hit first (and polishing, if on, did not settle it).
   */
  converged: Uint8Array;
  /** Gauss–Seidel sweeps used (the largest over a batch). */
  iterations: number;
}

interface Parsed {
  complex: boolean;
  warm: boolean;
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
  const warm = o.warmStart ?? false;
  if (typeof warm !== 'boolean') throw new SpectraError('E_ARGUMENT', `${fn}: options.warmStart must be a boolean, got ${String(warm)}`);
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
    warm,
    flags: (complex ? 0 : ROOTS_REAL) | (polish ? ROOTS_POLISH : 0),
    maxIterations,
    signal: o.signal,
    onProgress: o.onProgress,
  };
}

function defaultSweeps(degree: number, parsed: Parsed): number {
  return parsed.maxIterations ?? 60 + Math.ceil(degree / 10);
}

/** Checks the coefficients: an array-like of finite numbers (E_ARGUMENT, E_NON_FINITE). Returns them unchanged. */
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
 * import { polynomialRoots } from '@spectra/core';
 * // z² − 3z + 2 = (z − 1)(z − 2), coefficients ascending
 * const { roots, radii, converged, iterations } = polynomialRoots([2, -3, 1]);
 * roots;      // Float64Array [1, 4.70197740328915e-38, 2, 0]: the roots 1 and 2, (re, im) interleaved, in no set order
 * radii;      // ≈ Float64Array [6.9e-15, 1.4e-14]: the disc of that radius about each root holds a root
 * converged;  // Uint8Array [1, 1]
 * iterations; // 5 sweeps
 * // z² + 1 with complex coefficients (re, im pairs): the roots −i and i
 * polynomialRoots([1, 0, 0, 0, 1, 0], { complex: true }).roots; // Float64Array [0, -1, 0, 1]
 * // Zero low coefficients are exact zero roots (radius 0): z²(z − 1)(z − 2)
 * polynomialRoots([0, 0, 2, -3, 1]).roots; // Float64Array [0, 0, 0, 0, 1, 4.70197740328915e-38, 2, 0]
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
  const result = solveSingle(backend, fn, c, (top + 1) * width, top, parsed);
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
 * import { polynomialRootsBatch } from '@spectra/core';
 * // z² − 1 and z² − 4 in one call: degree 2, three coefficients each
 * const { roots, radii } = polynomialRootsBatch([-1, 0, 1, -4, 0, 1], 2);
 * roots; // Float64Array [-1, 0, 1, 0, -2, 0, 2, 0]: ±1 for the first, ±2 for the second
 * radii; // ≈ Float64Array [1.1e-15, 1.1e-15, 2.1e-15, 2.1e-15]
 * // A path of polynomials z² − t, t = 1, 1.01, 1.02: each starts from the previous one's roots
 * polynomialRootsBatch([-1, 0, 1, -1.01, 0, 1, -1.02, 0, 1], 2, { warmStart: true }).roots;
 * // Float64Array [-1, 0, 1, 0, -1.0049875621120892, 0, 1.0049875621120892, 0, -1.0099504938362078, 0, 1.0099504938362078, 0]
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
  const result = solveBatch(backend, fn, c, count, degree, parsed);
  parsed.onProgress?.(1);
  return result;
}

/** Polynomials per kernel call between abort checks and progress reports: about 2²² multiply-adds. */
function chunkSize(degree: number, count: number): number {
  return Math.max(1, Math.min(count, Math.floor(2 ** 22 / ((degree + 1) * (degree + 1)))));
}

/** Sweeps per slice of a single polynomial between abort checks and progress reports: about 2²³ multiply-adds. */
function sliceSweeps(degree: number): number {
  return Math.max(1, Math.floor(2 ** 23 / ((degree + 1) * (degree + 1))));
}

/** Runs an allocation; a RangeError (array too large for this engine) becomes E_OUT_OF_MEMORY. */
function withMemory<T>(fn: string, allocate: () => T): T {
  try {
    return allocate();
  } catch (e) {
    if (e instanceof RangeError) throw new SpectraError('E_OUT_OF_MEMORY', `${fn}: could not allocate the arrays for this many roots (${e.message})`, undefined, { cause: e });
    throw e;
  }
}

function resultArrays(fn: string, roots: number): { roots: Float64Array; radii: Float64Array; converged: Uint8Array } {
  return withMemory(fn, () => ({ roots: new Float64Array(2 * roots), radii: new Float64Array(roots), converged: new Uint8Array(roots) }));
}

// One RootsWork kept for reuse by the JS twin (batches and small calls would otherwise allocate
// eleven arrays per call); a call made while it is in use (from a progress callback) gets its own.
let cachedWork: RootsWork | null = null;
let cachedWorkInUse = false;
function acquireWork(degree: number): RootsWork {
  if (!cachedWorkInUse && cachedWork !== null && cachedWork.capacity >= degree) {
    cachedWorkInUse = true;
    return cachedWork;
  }
  const w = withMemory('polynomialRoots', () => new RootsWork(degree));
  if (!cachedWorkInUse && (cachedWork === null || cachedWork.capacity < degree)) {
    cachedWork = w;
    cachedWorkInUse = true;
  }
  return w;
}
function releaseWork(w: RootsWork): void {
  if (w === cachedWork) cachedWorkInUse = false;
}

/** Between slices: the abort check and the progress report (which may run any user code). */
function checkpoint(parsed: Parsed, fn: string, fraction: number, details: Record<string, unknown>): void {
  throwIfAborted(parsed.signal, { fn, ...details });
  parsed.onProgress?.(fraction);
}

function solveSingle(backend: Backend, fn: string, c: ArrayLike<number>, length: number, degree: number, parsed: Parsed): PolynomialRoots {
  const maxit = defaultSweeps(degree, parsed);
  const { roots, radii, converged } = resultArrays(fn, degree);
  const sliced = parsed.signal !== undefined || parsed.onProgress !== undefined;
  const slice = sliced ? sliceSweeps(degree) : maxit;
  let sweepsRun = 0;
  if (backend === 'js') {
    const w = acquireWork(degree);
    try {
      const m = rootsBegin(w, degree, c, 0, parsed.flags);
      if (m < 0) throw new SpectraError('E_INTERNAL', `${fn}: kernel found no non-zero coefficient (a wrapper bug; please report)`);
      while (sweepsRun < maxit) {
        const step = Math.min(slice, maxit - sweepsRun);
        const active = rootsSweeps(w, step);
        sweepsRun += step;
        if (active === 0 || sweepsRun >= maxit) break;
        checkpoint(parsed, fn, (0.99 * (m - active)) / m, { sweeps: sweepsRun });
      }
      const iterations = rootsEnd(w, roots, 0, radii, 0, converged, 0);
      return { roots, radii, converged, iterations };
    } finally {
      releaseWork(w);
    }
  }
  let f = new WasmFrame(fn);
  const flags = parsed.flags | (parsed.complex ? ROOTS_INTERLEAVED_INPUT : 0) | ROOTS_INTERLEAVED_OUTPUT;
  const workBytes = f.kernel('zroots_work')(degree);
  let workPtr: number;
  let m: number;
  {
    const cPtr = f.f64(length);
    copyIn(f, cPtr, c, 0, length);
    workPtr = f.alloc(workBytes);
    m = f.call('zroots_begin', degree, cPtr, 0, flags, workPtr);
  }
  while (sweepsRun < maxit) {
    const step = Math.min(slice, maxit - sweepsRun);
    const active = f.call('zroots_sweeps', workPtr, step);
    sweepsRun += step;
    if (active === 0 || sweepsRun >= maxit) break;
    // User code may run other kernels, which reuse wasm memory: keep the state (it all lives in the
    // work area, O(n) bytes) in JS meanwhile and put it back in a fresh frame.
    const saved = new Uint8Array(f.kernels.memory.buffer, workPtr, workBytes).slice();
    checkpoint(parsed, fn, (0.99 * (m - active)) / m, { sweeps: sweepsRun });
    f = new WasmFrame(fn);
    workPtr = f.alloc(workBytes);
    new Uint8Array(f.kernels.memory.buffer, workPtr, workBytes).set(saved);
  }
  const rootsPtr = f.f64(2 * degree);
  const radiiPtr = f.f64(degree);
  const convergedPtr = f.alloc(degree);
  const iterations = f.call('zroots_end', workPtr, rootsPtr, 0, radiiPtr, convergedPtr);
  roots.set(f.viewF64(rootsPtr, 2 * degree));
  radii.set(f.viewF64(radiiPtr, degree));
  converged.set(new Uint8Array(f.kernels.memory.buffer, convergedPtr, degree));
  return { roots, radii, converged, iterations };
}

/** Copies c[from … from + count) into wasm memory at ptr (one `set` for typed arrays). */
function copyIn(f: WasmFrame, ptr: number, c: ArrayLike<number>, from: number, count: number): void {
  const view = f.viewF64(ptr, count);
  if (c instanceof Float64Array || c instanceof Float32Array) view.set(c.subarray(from, from + count));
  else for (let i = 0; i < count; i++) view[i] = c[from + i]!;
}

function solveBatch(backend: Backend, fn: string, c: ArrayLike<number>, count: number, degree: number, parsed: Parsed): PolynomialRoots {
  const maxit = defaultSweeps(degree, parsed);
  const width = parsed.complex ? 2 : 1;
  const stride = (degree + 1) * width;
  const { roots, radii, converged } = resultArrays(fn, degree * count);
  const chunk = chunkSize(degree, count);
  let iterations = 0;
  if (backend === 'js') {
    const w = acquireWork(degree);
    w.done = false;
    const flags = parsed.flags | (parsed.warm ? ROOTS_WARM : 0);
    try {
      for (let b0 = 0; b0 < count; b0 += chunk) {
        if (b0 > 0) checkpoint(parsed, fn, b0 / count, { done: b0, count });
        const b1 = Math.min(count, b0 + chunk);
        for (let b = b0; b < b1; b++) {
          const sweeps = zrootsJs(w, degree, c, b * stride, flags, maxit, roots, 2 * degree * b, radii, degree * b, converged, degree * b);
          if (sweeps < 0) throw new SpectraError('E_INTERNAL', `${fn}: kernel rejected polynomial ${b} (a wrapper bug; please report)`);
          iterations = Math.max(iterations, sweeps);
        }
      }
    } finally {
      releaseWork(w);
    }
    return { roots, radii, converged, iterations };
  }
  // One frame per chunk: user code in the progress callback may run other kernels, which reuse
  // wasm memory. Each coefficient is still copied in once and each root out once.
  const flags = parsed.flags | (parsed.complex ? ROOTS_INTERLEAVED_INPUT : 0) | ROOTS_INTERLEAVED_OUTPUT | (parsed.warm ? ROOTS_WARM : 0);
  let saved: Uint8Array | null = null;
  for (let b0 = 0; b0 < count; b0 += chunk) {
    if (b0 > 0) checkpoint(parsed, fn, b0 / count, { done: b0, count });
    const b1 = Math.min(count, b0 + chunk);
    const k = b1 - b0;
    const f = new WasmFrame(fn);
    const workBytes = f.kernel('zroots_work')(degree);
    const cPtr = f.f64(k * stride);
    copyIn(f, cPtr, c, b0 * stride, k * stride);
    const rootsPtr = f.f64(2 * degree * k);
    const radiiPtr = f.f64(degree * k);
    const convergedPtr = f.alloc(degree * k);
    const workPtr = f.alloc(workBytes);
    // Warm starts continue across chunks: the previous chunk's work area (its last roots) comes back.
    const work = new Uint8Array(f.kernels.memory.buffer, workPtr, workBytes);
    if (saved) work.set(saved);
    else work.fill(0, 0, 64);
    const sweeps = f.call('zroots_batch', k, degree, cPtr, 0, flags, maxit, rootsPtr, 0, radiiPtr, convergedPtr, workPtr);
    iterations = Math.max(iterations, sweeps);
    roots.set(f.viewF64(rootsPtr, 2 * degree * k), 2 * degree * b0);
    radii.set(f.viewF64(radiiPtr, degree * k), degree * b0);
    converged.set(new Uint8Array(f.kernels.memory.buffer, convergedPtr, degree * k), degree * b0);
    if (parsed.warm && b1 < count) saved = new Uint8Array(f.kernels.memory.buffer, workPtr, workBytes).slice();
  }
  return { roots, radii, converged, iterations };
}

// Warm-up (specs/core.md §4.5): wasm tiers up per function without on-stack replacement, so calls
// at load give the hot functions (the f64x2 Horner passes, complex and by the quadratic factor, the
// Aberth sums, the compensated Horner of polishing) their tier-up budget before a real call needs
// them. Real, complex and polished paths differ. A wrong answer here means the kernel is broken in
// this engine: the load fails and the JS twin serves (Vieta: the roots sum to −c_{n−1}/c_n).
// Idle: after ready() resolves (see registerWarmUp), so ready() stays within its budget.
registerWarmUp(() => {
  // Small on purpose: ready() pays for every kernel family's warm-up (≈ 1–2 ms here on an idle VM).
  const real = new Float64Array(33);
  const complex = new Float64Array(2 * 17);
  for (let k = 0; k <= 32; k++) real[k] = Math.sin(1.7 * k + 0.3);
  for (let k = 0; k <= 16; k++) {
    complex[2 * k] = Math.cos(2.3 * k);
    complex[2 * k + 1] = Math.sin(0.9 * k + 1);
  }
  // (z − 1)(z − 1.125)…(z − 1.875): clustered real roots, polished by compensated Horner.
  let clustered = [1];
  for (let j = 0; j < 8; j++) {
    const r = 1 + j / 8;
    const next = new Array<number>(clustered.length + 1).fill(0);
    for (let k = 0; k < clustered.length; k++) {
      next[k + 1]! += clustered[k]!;
      next[k]! -= r * clustered[k]!;
    }
    clustered = next;
  }
  for (let i = 0; i < 4; i++) {
    const r = polynomialRoots(real, { backend: 'wasm' });
    polynomialRoots(complex, { backend: 'wasm', complex: true });
    if (i >= 2) continue;
    const c = polynomialRoots(clustered, { backend: 'wasm' });
    let sumReal = 0;
    let sumClustered = 0;
    for (let k = 0; k < 32; k++) sumReal += r.roots[2 * k]!;
    for (let k = 0; k < 8; k++) sumClustered += c.roots[2 * k]!;
    if (!(Math.abs(sumReal + real[31]! / real[32]!) < 1e-9 * (1 + Math.abs(sumReal)) && Math.abs(sumClustered - 11.5) < 1e-9)) {
      throw new Error(`polynomialRoots: the wasm kernel's warm-up roots fail Vieta's check (${sumReal}, ${sumClustered})`);
    }
  }
}, { when: 'idle' });
