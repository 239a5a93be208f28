// CRC-32 (ISO 3309, the zip checksum), table-driven.
let table: Uint32Array | undefined;

/**
 * CRC-32 of `bytes`, as zip stores it.
 *
 * @example
 * ```ts
 * import { crc32 } from '@spectra/weights';
 * crc32(new TextEncoder().encode('123456789')); // 0xcbf43926 (3421780262, the CRC-32 check value)
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
