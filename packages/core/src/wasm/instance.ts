import { SpectraError } from '../errors.js';
import type { KernelExports } from './exports.js';
import { relaxedSimdWasmBase64 } from '../generated/relaxed-simd-wasm.js';
import { simdWasmBase64 } from '../generated/simd-wasm.js';

/** Which compiled kernel module is live. */
export type WasmVariant = 'simd' | 'relaxed-simd';

/** What `initCore` accepts for self-hosting the wasm (the `./wasm/*.wasm` subpaths). */
export type WasmSource = BufferSource | URL | Response | WebAssembly.Module;

/** Options of `initCore`: which wasm build to load, or self-hosted bytes. */
export interface InitCoreOptions {
  /**
   * Which build to load. `'auto'` (default): relaxed SIMD where `WebAssembly.validate` accepts it,
   * else SIMD128. Asking for `'relaxed-simd'` where it does not validate resolves to `'js'`.
   */
  variant?: 'auto' | WasmVariant;
  /** Self-hosted bytes, URL, fetch Response or compiled module, instead of the inlined build. */
  wasm?: WasmSource;
}

interface LiveInstance {
  readonly exports: KernelExports;
  readonly variant: WasmVariant;
}

let live: LiveInstance | null = null;
let loading: Promise<'wasm' | 'js'> | null = null;
let failure: string | null = null;
const warmUps: WarmUp[] = [];
const decoded = new Map<string, Uint8Array>();

/** Base64 → bytes, once per build: validation and instantiation share the decoded bytes. */
function decodeBase64(text: string): Uint8Array {
  const cached = decoded.get(text);
  if (cached) return cached;
  const bytes = decodeBase64Uncached(text);
  decoded.set(text, bytes);
  return bytes;
}

function decodeBase64Uncached(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

let relaxedValid: boolean | null = null;
/**
 * True when this engine validates the relaxed-SIMD (FMA) kernel build: Deno, Chrome ≥ 114,
 * Node ≥ 22 (Node 20 only with `--experimental-wasm-relaxed-simd`).
 *
 * @example
 * ```ts
 * import { relaxedSimdSupported } from '@spectra/core';
 * relaxedSimdSupported(); // false on Node 20 without the flag; true in Deno and Chrome ≥ 114
 * ```
 */
export function relaxedSimdSupported(): boolean {
  if (relaxedValid === null) {
    try {
      relaxedValid = typeof WebAssembly === 'object' && WebAssembly.validate(decodeBase64(relaxedSimdWasmBase64) as BufferSource);
    } catch {
      relaxedValid = false;
    }
  }
  return relaxedValid;
}

interface WarmUp {
  run: () => void;
  when: 'load' | 'idle';
}

/**
 * @internal Registers a warm-up routine. Wasm starts in V8's baseline tier and tiers up per
 * function with no on-stack replacement (specs/core.md §4.5): a few small calls at load make the
 * first real call run at full speed. `'load'` routines run before `ready()` resolves (GEMM, the
 * eigenvalue path: what the first real call most likely needs); `'idle'` routines run one per
 * macrotask right after, so `ready()` stays within its budget (≤ 50 ms, bar C2) while the rarer
 * families (eigenvectors, SVD, QR, roots) still warm up before a user's next interaction.
 */
export function registerWarmUp(fn: () => void, options: { when?: 'load' | 'idle' } = {}): void {
  warmUps.push({ run: fn, when: options.when ?? 'load' });
}

async function toModule(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (typeof Response !== 'undefined' && source instanceof Response) return WebAssembly.compile(await source.arrayBuffer());
  if (source instanceof URL) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`fetching ${source.href}: HTTP ${response.status}`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
  return WebAssembly.compile(source as BufferSource);
}

async function instantiate(options: InitCoreOptions): Promise<'wasm' | 'js'> {
  try {
    if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available in this engine');
    let variant: WasmVariant;
    let module: WebAssembly.Module;
    if (options.wasm !== undefined) {
      module = await toModule(options.wasm);
      variant = 'simd';
    } else {
      const wantRelaxed = options.variant === 'relaxed-simd' || ((options.variant ?? 'auto') === 'auto' && relaxedSimdSupported());
      if (options.variant === 'relaxed-simd' && !relaxedSimdSupported()) {
        throw new Error('the relaxed-SIMD build does not validate in this engine');
      }
      variant = wantRelaxed ? 'relaxed-simd' : 'simd';
      const bytes = decodeBase64(wantRelaxed ? relaxedSimdWasmBase64 : simdWasmBase64);
      if (!WebAssembly.validate(bytes as BufferSource)) throw new Error(`the ${variant} build does not validate in this engine (no SIMD128?)`);
      // Async compile only: Chromium refuses synchronous compiles of large modules on the main thread.
      module = await WebAssembly.compile(bytes as BufferSource);
    }
    const instance = await WebAssembly.instantiate(module, {
      env: {
        abort(message: number, file: number, line: number, column: number) {
          throw new SpectraError('E_INTERNAL', `wasm kernel aborted (message@${message} file@${file} ${line}:${column})`);
        },
      },
    });
    const exports = instance.exports as unknown as KernelExports;
    if (options.wasm !== undefined) variant = exports.relaxedSimd() === 1 ? 'relaxed-simd' : 'simd';
    const instanceLive: LiveInstance = { exports, variant };
    live = instanceLive;
    failure = null;
    // A warm-up failure means a kernel is broken in this engine: fall back to JS everywhere.
    for (const warm of warmUps) if (warm.when === 'load') warm.run();
    scheduleIdleWarmUps(instanceLive);
    return 'wasm';
  } catch (e) {
    live = null;
    failure = (e as Error).message ?? String(e);
    return 'js';
  }
}

/** Runs the `'idle'` warm-ups one per macrotask, for as long as `instance` is the live one. */
let idlePending = 0;

/** @internal Idle warm-ups not yet run for the live instance (tests). */
export function idleWarmUpsPending(): number {
  return idlePending;
}

function scheduleIdleWarmUps(instance: LiveInstance): void {
  const pending = warmUps.filter((w) => w.when === 'idle');
  idlePending = pending.length;
  const next = () => {
    const warm = pending.shift();
    idlePending = pending.length;
    if (!warm || live !== instance) return;
    try {
      warm.run();
    } catch (e) {
      live = null;
      failure = (e as Error).message ?? String(e);
      return;
    }
    setTimeout(next, 0);
  };
  if (pending.length) setTimeout(next, 0);
}

/**
 * Loads and warms the wasm kernels. Resolves `'wasm'` when they are live, `'js'` when wasm is
 * unusable here (the JS twins then serve every call). Never rejects; calling it again returns the
 * same promise. The JS backend works at once, without waiting.
 *
 * @example
 * ```ts
 * import { ready, matmul, createMatrix } from '@spectra/core';
 * const backend = await ready(); // 'wasm' (in Node ≥ 16.4, Deno and browsers with SIMD128; else 'js')
 * matmul(createMatrix(1, 1, [2]), createMatrix(1, 1, [3])).data; // Float64Array [6]
 * ```
 */
export function ready(): Promise<'wasm' | 'js'> {
  if (live) return Promise.resolve('wasm');
  if (!loading) loading = instantiate({});
  return loading;
}

/**
 * Loads a chosen wasm build, or self-hosted bytes, replacing any live instance. Tests use it to
 * run the same suite against both builds; apps use it with the `./wasm/*.wasm` subpaths under a
 * strict CSP or to share one compiled module between workers.
 *
 * Never rejects: a build that cannot load here resolves `'js'` (the JS twins then serve `'auto'`).
 *
 * @example
 * ```ts
 * import { initCore, wasmVariant } from '@spectra/core';
 * await initCore({ variant: 'simd' }); // 'wasm': the SIMD128 build, even where relaxed SIMD validates
 * wasmVariant(); // 'simd'
 * ```
 */
export function initCore(options: InitCoreOptions = {}): Promise<'wasm' | 'js'> {
  live = null;
  loading = instantiate(options);
  return loading;
}

/**
 * Drops the wasm instance and with it its linear memory (wasm memory never shrinks otherwise).
 * The next `ready()` loads a fresh instance; until then `'auto'` calls run in JS.
 *
 * @example
 * ```ts
 * import { getBackend, ready, trimMemory, wasmMemoryBytes, wasmVariant } from '@spectra/core';
 * await ready();
 * trimMemory();
 * wasmVariant();     // null
 * wasmMemoryBytes(); // 0
 * getBackend();      // { setting: 'auto', active: 'js' } until the next ready()
 * ```
 */
export function trimMemory(): void {
  live = null;
  loading = null;
}

/**
 * The live wasm build, or null when no instance is loaded.
 *
 * @example
 * ```ts
 * import { ready, wasmVariant } from '@spectra/core';
 * await ready();
 * wasmVariant(); // 'simd' on Node 20, 'relaxed-simd' in Deno and Chrome ≥ 114
 * ```
 */
export function wasmVariant(): WasmVariant | null {
  return live ? live.variant : null;
}

/**
 * Bytes of wasm linear memory currently held (grows to the largest call's need, never shrinks).
 *
 * @example
 * ```ts
 * import { ready, wasmMemoryBytes } from '@spectra/core';
 * await ready();
 * wasmMemoryBytes(); // 327680 in Node 20 (five 64 KiB pages after the warm-up calls); 0 before ready()
 * ```
 */
export function wasmMemoryBytes(): number {
  return live ? live.exports.memory.buffer.byteLength : 0;
}

/** @internal The live exports, or null. */
export function liveKernels(): KernelExports | null {
  return live ? live.exports : null;
}

/** @internal The live exports, or an `E_WASM_UNAVAILABLE` error naming why. */
export function requireKernels(fn: string): KernelExports {
  if (live) return live.exports;
  const why = failure ? `wasm is unusable here (${failure})` : 'wasm is not loaded yet: await ready() first';
  throw new SpectraError('E_WASM_UNAVAILABLE', `${fn}: backend 'wasm' requested but ${why}`);
}
