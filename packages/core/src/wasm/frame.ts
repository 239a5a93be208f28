import { SpectraError } from '../errors.js';
import type { KernelExports, KernelFunction } from './exports.js';
import { requireKernels } from './instance.js';

/**
 * One kernel call's view of wasm memory (specs/core.md §1.3: reset, alloc all buffers, copy in,
 * kernel, copy out). Every buffer is a fresh bump allocation after `reset()`, so memory is reused
 * across calls and bounded by the largest call. Views are created from `memory.buffer` at the
 * moment of use, never cached across an `alloc`, so a memory grow cannot leave a stale view.
 *
 * @internal
 */
export class WasmFrame {
  readonly kernels: KernelExports;
  private readonly fn: string;

  constructor(fn: string, kernels: KernelExports = requireKernels(fn)) {
    this.kernels = kernels;
    this.fn = fn;
    kernels.reset();
  }

  /** Reserves `bytes` (16-byte aligned). Throws `E_OUT_OF_MEMORY` if wasm32 memory cannot grow. */
  alloc(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > 0x7fffffff) {
      throw new SpectraError('E_OUT_OF_MEMORY', `${this.fn}: needs ${bytes} bytes of wasm memory, beyond wasm32's reach; use { backend: 'js' }`);
    }
    const ptr = this.kernels.alloc(bytes);
    if (ptr === 0 && bytes > 0) {
      throw new SpectraError('E_OUT_OF_MEMORY', `${this.fn}: wasm memory could not grow by ${bytes} bytes (have ${this.kernels.memory.buffer.byteLength}); use { backend: 'js' } or smaller inputs`);
    }
    return ptr;
  }

  f64(count: number): number {
    return this.alloc(count * 8);
  }

  f32(count: number): number {
    return this.alloc(count * 4);
  }

  i32(count: number): number {
    return this.alloc(count * 4);
  }

  /** A Float64Array view of `count` doubles at `ptr`, valid until the next `alloc`. */
  viewF64(ptr: number, count: number): Float64Array {
    return new Float64Array(this.kernels.memory.buffer, ptr, count);
  }

  viewF32(ptr: number, count: number): Float32Array {
    return new Float32Array(this.kernels.memory.buffer, ptr, count);
  }

  viewI32(ptr: number, count: number): Int32Array {
    return new Int32Array(this.kernels.memory.buffer, ptr, count);
  }

  /** Allocates and copies `values` in; returns the pointer. */
  copyInF64(values: ArrayLike<number>): number {
    const ptr = this.f64(values.length);
    const view = this.viewF64(ptr, values.length);
    if (values instanceof Float64Array || values instanceof Float32Array) view.set(values);
    else for (let i = 0; i < values.length; i++) view[i] = values[i]!;
    return ptr;
  }

  copyInF32(values: Float32Array): number {
    const ptr = this.f32(values.length);
    this.viewF32(ptr, values.length).set(values);
    return ptr;
  }

  /** Copies `count` doubles out into a new array. */
  copyOutF64(ptr: number, count: number): Float64Array {
    return new Float64Array(this.viewF64(ptr, count));
  }

  copyOutF32(ptr: number, count: number): Float32Array {
    return new Float32Array(this.viewF32(ptr, count));
  }

  copyOutI32(ptr: number, count: number): Int32Array {
    return new Int32Array(this.viewI32(ptr, count));
  }

  /** The kernel export `name`, or `E_INTERNAL` if this build lacks it. */
  kernel(name: string): KernelFunction {
    const f = this.kernels[name];
    if (typeof f !== 'function') throw new SpectraError('E_INTERNAL', `${this.fn}: wasm build has no export '${name}'`);
    return f as KernelFunction;
  }

  /**
   * Calls kernel `name` and checks `info` (§1.3): negative means argument −info was invalid, a
   * wrapper bug. Positive values are returned for the caller to interpret.
   */
  call(name: string, ...args: number[]): number {
    const info = this.kernel(name)(...args);
    if (info < 0) {
      throw new SpectraError('E_INTERNAL', `${this.fn}: kernel ${name} rejected argument ${-info} (a wrapper bug; please report)`);
    }
    return info;
  }
}
