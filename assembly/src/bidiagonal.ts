// Filled by the kernel work on bidiagonal (specs/core.md).
export const bidiagonalPlaceholder: i32 = 0;
