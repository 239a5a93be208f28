// The kernel module: every export is a plain function over byte offsets into linear memory.
// One file per kernel family; this index is the table of contents of the wasm ABI (specs/core.md §1.3).
export { alloc, reset, allocated, relaxedSimd } from './memory';
export * from './gemm';
export * from './sytrd';
export * from './tridiagonal';
export * from './qr';
export * from './bidiagonal';
export * from './roots';
export * from './sytrd-2stage';
export * from './max-abs';
