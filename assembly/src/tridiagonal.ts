// Filled by the kernel work on tridiagonal (specs/core.md).
export const tridiagonalPlaceholder: i32 = 0;
