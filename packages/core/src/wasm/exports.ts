// The wasm ABI of specs/core.md §1.3, as TypeScript sees it. Pointers are byte offsets (16-byte
// aligned) into `memory`; sizes and leading dimensions are element counts; kernels return `info`.
// `<kernel>_work(…)` exports give the scratch each kernel needs, in bytes.

/** Exports every kernel module build has. */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  reset(): void;
  allocated(): number;
  relaxedSimd(): number;
  [kernel: string]: unknown;
}

/** A kernel export by name, typed loosely: wrappers cast to the precise signature they need. */
export type KernelFunction = (...args: number[]) => number;
