// Filled by the kernel work on sytrd (specs/core.md).
export const sytrdPlaceholder: i32 = 0;
