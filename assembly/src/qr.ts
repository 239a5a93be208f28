// Filled by the kernel work on qr (specs/core.md).
export const qrPlaceholder: i32 = 0;
