// A zip reader for `.npz` and PyTorch checkpoints (APPNOTE.TXT 6.3.x): end-of-central-directory
// (and zip64) records, central directory, local headers; stored and deflated entries only;
// encrypted entries, multi-disk archives and other methods are refused. Every offset and size is
// checked against the bytes present before any entry is read, and entries may not overlap (the
// "overlapping files" zip bomb).
import { crc32 } from './crc32.js';
import { inflateRaw, type InflateImplementation } from './inflate.js';
import type { ResolvedLimits } from './limits.js';
import { readerError } from './reader-errors.js';

/** One entry of the central directory, validated. */
export interface ZipEntry {
  name: string;
  method: 0 | 8;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** Where the entry's (compressed) data starts in the archive. */
  dataOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** DEFLATE cannot expand data by more than 1032:1; a larger declared ratio is a bomb or a lie. */
const MAX_DEFLATE_RATIO = 1032;

function u64(view: DataView, at: number, file: string, what: string): number {
  const v = view.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw readerError('E_MALFORMED', file, `zip ${what} ${v} is beyond 2^53`);
  return Number(v);
}

/** Reads and validates the central directory of a zip archive held in `bytes`. */
export function readZipDirectory(bytes: Uint8Array, file: string, limits: ResolvedLimits): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  if (n < 22) throw readerError('E_TRUNCATED', file, `a zip archive has at least 22 bytes; this one has ${n}`, { expectedBytes: 22, actualBytes: n });
  let eocd = -1;
  for (let p = n - 22; p >= Math.max(0, n - 22 - 65535); p--) {
    if (view.getUint32(p, true) === EOCD && p + 22 + view.getUint16(p + 20, true) <= n) { eocd = p; break; }
  }
  if (eocd < 0) throw readerError('E_TRUNCATED', file, 'the zip end-of-central-directory record is missing (the archive is cut off or not a zip)');
  const disk = view.getUint16(eocd + 4, true);
  const cdDisk = view.getUint16(eocd + 6, true);
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (disk !== 0 || cdDisk !== 0) throw readerError('E_UNSUPPORTED_FORMAT', file, 'multi-disk zip archives are not supported');
  let cdEnd = eocd;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== ZIP64_LOCATOR) throw readerError('E_MALFORMED', file, 'zip64 fields are set but the zip64 locator is missing');
    const z = u64(view, loc + 8, file, 'zip64 record offset');
    if (z + 56 > loc) throw readerError('E_BAD_SPAN', file, `the zip64 end record at ${z} lies outside the archive`);
    if (view.getUint32(z, true) !== ZIP64_EOCD) throw readerError('E_MALFORMED', file, 'the zip64 end-of-central-directory record has a bad signature');
    count = u64(view, z + 32, file, 'entry count');
    cdSize = u64(view, z + 40, file, 'central directory size');
    cdOffset = u64(view, z + 48, file, 'central directory offset');
    cdEnd = z;
  }
  if (count > limits.maxZipEntries) {
    throw readerError('E_LIMIT', file, `the zip archive declares ${count} entries, above the cap maxZipEntries = ${limits.maxZipEntries}`);
  }
  if (cdOffset + cdSize > cdEnd) {
    throw readerError('E_TRUNCATED', file, `the zip central directory (${cdSize} bytes at ${cdOffset}) runs past its end record at ${cdEnd}`, { expectedBytes: cdOffset + cdSize, actualBytes: cdEnd });
  }
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  const decoder = new TextDecoder('utf-8');
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cdOffset + cdSize || view.getUint32(p, true) !== CENTRAL) {
      throw readerError('E_MALFORMED', file, `zip central directory entry ${k} of ${count} is missing or has a bad signature`);
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let compressedSize = view.getUint32(p + 20, true);
    let uncompressedSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    let localHeaderOffset = view.getUint32(p + 42, true);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > cdOffset + cdSize) throw readerError('E_MALFORMED', file, `zip central directory entry ${k} runs past the directory`);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    // zip64 extended information: the 0xffffffff fields, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = view.getUint16(e, true);
      const size = view.getUint16(e + 2, true);
      if (e + 4 + size > extraEnd) throw readerError('E_MALFORMED', file, `zip entry '${name}': an extra field runs past its header`);
      if (id === 0x0001) {
        let q = e + 4;
        const take = (what: string): number => {
          if (q + 8 > e + 4 + size) throw readerError('E_MALFORMED', file, `zip entry '${name}': the zip64 extra field lacks the ${what}`);
          const v = u64(view, q, file, what);
          q += 8;
          return v;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take('uncompressed size');
        if (compressedSize === 0xffffffff) compressedSize = take('compressed size');
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take('local header offset');
      }
      e += 4 + size;
    }
    p = next;
    if (flags & 0x1) throw readerError('E_UNSUPPORTED_FORMAT', file, `zip entry '${name}' is encrypted`, { entry: name });
    if (method !== 0 && method !== 8) {
      throw readerError('E_UNSUPPORTED_FORMAT', file, `zip entry '${name}' uses compression method ${method} (only stored and deflate are read)`, { entry: name });
    }
    if (names.has(name)) throw readerError('E_MALFORMED', file, `zip entry '${name}' appears twice`, { entry: name });
    names.add(name);
    if (method === 0 && compressedSize !== uncompressedSize) {
      throw readerError('E_BAD_SPAN', file, `stored zip entry '${name}' declares ${compressedSize} stored and ${uncompressedSize} uncompressed bytes`, { entry: name, expectedBytes: uncompressedSize, actualBytes: compressedSize });
    }
    if (method === 8 && uncompressedSize > compressedSize * MAX_DEFLATE_RATIO + 1024) {
      throw readerError('E_MALFORMED', file, `zip entry '${name}' declares ${uncompressedSize} bytes from ${compressedSize} compressed, more than DEFLATE can expand`, { entry: name });
    }
    if (localHeaderOffset + 30 > cdOffset) {
      throw readerError('E_BAD_SPAN', file, `zip entry '${name}': its local header at ${localHeaderOffset} lies outside the data area`, { entry: name });
    }
    if (view.getUint32(localHeaderOffset, true) !== LOCAL) throw readerError('E_MALFORMED', file, `zip entry '${name}': bad local header signature`, { entry: name });
    const dataOffset = localHeaderOffset + 30 + view.getUint16(localHeaderOffset + 26, true) + view.getUint16(localHeaderOffset + 28, true);
    if (dataOffset + compressedSize > cdOffset) {
      const code = dataOffset + compressedSize > n ? 'E_TRUNCATED' : 'E_BAD_SPAN';
      throw readerError(code, file, `zip entry '${name}' needs bytes ${dataOffset}..${dataOffset + compressedSize}, but the data area ends at ${cdOffset}`, { entry: name, expectedBytes: dataOffset + compressedSize, actualBytes: cdOffset });
    }
    entries.push({ name, method: method as 0 | 8, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset, dataOffset });
  }
  // Entries may not share bytes.
  const sorted = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    if (sorted[k]!.localHeaderOffset < prev.dataOffset + prev.compressedSize) {
      throw readerError('E_BAD_SPAN', file, `zip entries '${prev.name}' and '${sorted[k]!.name}' overlap`, { entry: sorted[k]!.name });
    }
  }
  return entries;
}

/**
 * The uncompressed bytes of an entry: a view for stored entries (no copy), inflated (to exactly the
 * declared size) for deflated ones; the CRC-32 is checked either way.
 */
export async function zipEntryBytes(bytes: Uint8Array, entry: ZipEntry, file: string, limits: ResolvedLimits, inflate: InflateImplementation = 'auto', checkCrc = true): Promise<Uint8Array> {
  if (entry.uncompressedSize > limits.maxTensorBytes + limits.maxHeaderBytes) {
    throw readerError('E_LIMIT', file, `zip entry '${entry.name}' declares ${entry.uncompressedSize} bytes, above the tensor cap maxTensorBytes = ${limits.maxTensorBytes}`, { entry: entry.name });
  }
  const raw = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  const data = entry.method === 0 ? raw : await inflateRaw(raw, entry.uncompressedSize, file, entry.name, inflate);
  if (checkCrc && crc32(data) !== entry.crc32) {
    throw readerError('E_MALFORMED', file, `zip entry '${entry.name}' fails its CRC-32 check (the bytes are corrupt)`, { entry: entry.name });
  }
  return data;
}
