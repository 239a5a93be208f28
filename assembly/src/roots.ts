// Filled by the kernel work on roots (specs/core.md).
export const rootsPlaceholder: i32 = 0;
