// A zip writer for `.npz` (and for building test archives): stored entries, CRC-32, no zip64
// (entries and archives below 4 GiB), fixed 1980-01-01 timestamps so the output is reproducible.
import { SpectraError } from '@spectra/core';
import { crc32 } from '../readers/crc32.js';

/** One member of an archive to write. */
export interface ZipEntryToWrite {
  /** Path inside the archive (`/`-separated). */
  name: string;
  /** The member's bytes, stored uncompressed. */
  data: Uint8Array;
}

/**
 * Builds a zip archive of stored (uncompressed) entries.
 *
 * @example
 * ```ts
 * import { writeZip } from '@spectra/weights';
 * const zip = writeZip([{ name: 'a.txt', data: new TextEncoder().encode('hi') }]);
 * [zip[0], zip[1], zip[2], zip[3]]; // [0x50, 0x4b, 0x03, 0x04] ("PK\x03\x04")
 * ```
 */
export function writeZip(entries: readonly ZipEntryToWrite[]): Uint8Array {
  const encoder = new TextEncoder();
  const names = entries.map((e) => encoder.encode(e.name));
  let size = 22;
  entries.forEach((e, k) => {
    if (!(e.data instanceof Uint8Array)) throw new SpectraError('E_ARGUMENT', `writeZip: entry '${e.name}' data must be a Uint8Array`);
    size += 30 + names[k]!.length + e.data.length + 46 + names[k]!.length;
  });
  if (size > 0xffffffff || entries.length > 0xffff) throw new SpectraError('E_ARGUMENT', 'writeZip: archives of 4 GiB or 65535 entries and more need zip64, which this writer does not produce');
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  const crcs: number[] = [];
  let p = 0;
  const date = (1 << 5) | 1; // 1980-01-01
  entries.forEach((e, k) => {
    const name = names[k]!;
    const crc = crc32(e.data);
    crcs.push(crc);
    offsets.push(p);
    view.setUint32(p, 0x04034b50, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, 0x0800, true); // UTF-8 names
    view.setUint16(p + 8, 0, true);
    view.setUint16(p + 10, 0, true);
    view.setUint16(p + 12, date, true);
    view.setUint32(p + 14, crc, true);
    view.setUint32(p + 18, e.data.length, true);
    view.setUint32(p + 22, e.data.length, true);
    view.setUint16(p + 26, name.length, true);
    view.setUint16(p + 28, 0, true);
    out.set(name, p + 30);
    out.set(e.data, p + 30 + name.length);
    p += 30 + name.length + e.data.length;
  });
  const cdStart = p;
  entries.forEach((e, k) => {
    const name = names[k]!;
    view.setUint32(p, 0x02014b50, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, 20, true);
    view.setUint16(p + 8, 0x0800, true);
    view.setUint16(p + 10, 0, true);
    view.setUint16(p + 12, 0, true);
    view.setUint16(p + 14, date, true);
    view.setUint32(p + 16, crcs[k]!, true);
    view.setUint32(p + 20, e.data.length, true);
    view.setUint32(p + 24, e.data.length, true);
    view.setUint16(p + 28, name.length, true);
    view.setUint32(p + 42, offsets[k]!, true);
    out.set(name, p + 46);
    p += 46 + name.length;
  });
  view.setUint32(p, 0x06054b50, true);
  view.setUint16(p + 8, entries.length, true);
  view.setUint16(p + 10, entries.length, true);
  view.setUint32(p + 12, p - cdStart, true);
  view.setUint32(p + 16, cdStart, true);
  return out;
}
