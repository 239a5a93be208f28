// Filled by the kernel work on gemm (specs/core.md).
export const gemmPlaceholder: i32 = 0;
