// Binary fixtures imported by the Chromium and Deno entries (esbuild binary loader / Deno raw imports).
declare module '*.npy' {
  const bytes: Uint8Array;
  export default bytes;
}
declare module '*.bin' {
  const bytes: Uint8Array;
  export default bytes;
}
