// Raw DEFLATE (RFC 1951) decompression for zip entries, stopping at the declared size so a zip bomb
// cannot make us allocate or loop beyond what the archive's directory promised (specs/weights.md
// §13.1). `DecompressionStream('deflate-raw')` is used where the runtime has it (Node ≥ 18, Deno,
// Chromium ≥ 103); `inflateRawSync` is a small inflater of our own (after Jørgen Ibsen's tinf),
// used as the fallback and checked against the built-in one in the tests.
import { readerError } from './reader-errors.js';

const lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

interface Huffman {
  counts: Uint16Array; // codes per length 0..15
  symbols: Uint16Array; // symbols ordered by code
}

function buildHuffman(lengths: ArrayLike<number>, n: number, fail: (m: string) => never): Huffman {
  const counts = new Uint16Array(16);
  for (let i = 0; i < n; i++) counts[lengths[i]!]!++;
  counts[0] = 0;
  // Reject over-subscribed codes (incomplete ones are allowed, as zlib allows a single-code tree).
  let left = 1;
  for (let len = 1; len < 16; len++) {
    left <<= 1;
    left -= counts[len]!;
    if (left < 0) fail('over-subscribed Huffman code');
  }
  const offs = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offs[len + 1] = offs[len]! + counts[len]!;
  const symbols = new Uint16Array(n);
  for (let i = 0; i < n; i++) if (lengths[i]) symbols[offs[lengths[i]!]!++] = i;
  return { counts, symbols };
}

let fixedLit: Huffman | undefined;
let fixedDist: Huffman | undefined;

/**
 * Inflates raw DEFLATE data (RFC 1951) into exactly `expectedSize` bytes, synchronously, in plain
 * JS (the fallback where `DecompressionStream('deflate-raw')` is missing). Output beyond the
 * declared size, input that ends early, or an invalid stream is a typed `SpectraError` naming
 * `file` and `entry`; nothing grows past `expectedSize` (zip bombs stop there).
 *
 * @example
 * ```ts
 * import { inflateRawSync } from '@spectra/weights';
 * // a fixed-Huffman block holding 'hi' (zlib.deflateRawSync('hi'))
 * new TextDecoder().decode(inflateRawSync(new Uint8Array([0xcb, 0xc8, 0x04, 0x00]), 2, 'x.zip', 'a.txt')); // 'hi'
 * ```
 */
export function inflateRawSync(input: Uint8Array, expectedSize: number, file: string, entry: string): Uint8Array {
  const out = new Uint8Array(expectedSize);
  let outPos = 0;
  let inPos = 0;
  let bitBuf = 0;
  let bitCount = 0;
  const fail = (message: string): never => {
    throw readerError('E_MALFORMED', file, `zip entry '${entry}': invalid deflate data (${message})`, { entry });
  };
  const truncated = (): never => {
    throw readerError('E_TRUNCATED', file, `zip entry '${entry}': the deflate stream ends early (after ${outPos} of ${expectedSize} bytes)`, { entry, expectedBytes: expectedSize, actualBytes: outPos });
  };
  const bits = (n: number): number => {
    while (bitCount < n) {
      if (inPos >= input.length) truncated();
      bitBuf |= input[inPos++]! << bitCount;
      bitCount += 8;
    }
    const v = bitBuf & ((1 << n) - 1);
    bitBuf >>>= n;
    bitCount -= n;
    return v;
  };
  const decode = (h: Huffman): number => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= bits(1);
      const count = h.counts[len]!;
      if (code - count < first) return h.symbols[index + (code - first)]!;
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    return fail('no Huffman code matches');
  };
  const overflow = (): never => {
    throw readerError('E_MALFORMED', file, `zip entry '${entry}' inflates beyond its declared size of ${expectedSize} bytes`, { entry, expectedBytes: expectedSize });
  };
  let final = 0;
  do {
    final = bits(1);
    const type = bits(2);
    if (type === 0) {
      bitBuf = 0;
      bitCount = 0;
      if (inPos + 4 > input.length) truncated();
      const len = input[inPos]! | (input[inPos + 1]! << 8);
      const nlen = input[inPos + 2]! | (input[inPos + 3]! << 8);
      inPos += 4;
      if ((len ^ 0xffff) !== nlen) fail('stored block length check failed');
      if (inPos + len > input.length) truncated();
      if (outPos + len > expectedSize) overflow();
      out.set(input.subarray(inPos, inPos + len), outPos);
      inPos += len;
      outPos += len;
      continue;
    }
    let lit: Huffman;
    let dist: Huffman;
    if (type === 1) {
      if (!fixedLit) {
        const l = new Uint8Array(288);
        l.fill(8, 0, 144); l.fill(9, 144, 256); l.fill(7, 256, 280); l.fill(8, 280, 288);
        fixedLit = buildHuffman(l, 288, fail);
        fixedDist = buildHuffman(new Uint8Array(30).fill(5), 30, fail);
      }
      lit = fixedLit;
      dist = fixedDist!;
    } else if (type === 2) {
      const hlit = bits(5) + 257;
      const hdist = bits(5) + 1;
      const hclen = bits(4) + 4;
      if (hlit > 286 || hdist > 30) fail('too many length or distance codes');
      const cl = new Uint8Array(19);
      for (let i = 0; i < hclen; i++) cl[codeLengthOrder[i]!] = bits(3);
      const clTree = buildHuffman(cl, 19, fail);
      const lengths = new Uint8Array(hlit + hdist);
      for (let i = 0; i < hlit + hdist;) {
        const sym = decode(clTree);
        if (sym < 16) { lengths[i++] = sym; continue; }
        let repeat: number;
        let value = 0;
        if (sym === 16) {
          if (i === 0) fail('repeat with no previous length');
          value = lengths[i - 1]!;
          repeat = 3 + bits(2);
        } else if (sym === 17) repeat = 3 + bits(3);
        else repeat = 11 + bits(7);
        if (i + repeat > hlit + hdist) fail('code lengths overflow');
        lengths.fill(value, i, i + repeat);
        i += repeat;
      }
      if (lengths[256] === 0) fail('no end-of-block code');
      lit = buildHuffman(lengths.subarray(0, hlit), hlit, fail);
      dist = buildHuffman(lengths.subarray(hlit), hdist, fail);
    } else {
      return fail('reserved block type 3');
    }
    for (;;) {
      const sym = decode(lit);
      if (sym < 256) {
        if (outPos >= expectedSize) overflow();
        out[outPos++] = sym;
      } else if (sym === 256) {
        break;
      } else {
        const s = sym - 257;
        if (s >= 29) fail('invalid length symbol');
        const length = lengthBase[s]! + bits(lengthExtra[s]!);
        const d = decode(dist);
        if (d >= 30) fail('invalid distance symbol');
        const distance = distBase[d]! + bits(distExtra[d]!);
        if (distance > outPos) fail(`distance ${distance} reaches before the start of the output`);
        if (outPos + length > expectedSize) overflow();
        for (let k = 0; k < length; k++, outPos++) out[outPos] = out[outPos - distance]!;
      }
    }
  } while (!final);
  if (outPos !== expectedSize) {
    throw readerError('E_TRUNCATED', file, `zip entry '${entry}' inflates to ${outPos} bytes, its directory declares ${expectedSize}`, { entry, expectedBytes: expectedSize, actualBytes: outPos });
  }
  return out;
}

/** True when the runtime has `DecompressionStream('deflate-raw')`. */
export function hasDecompressionStream(): boolean {
  if (typeof DecompressionStream !== 'function') return false;
  try {
    new DecompressionStream('deflate-raw' as CompressionFormat);
    return true;
  } catch {
    return false;
  }
}

/**
 * Inflates with `DecompressionStream('deflate-raw')`, streaming the output into a buffer of the
 * declared size and cancelling the stream the moment it would overflow.
 */
export async function inflateRawStream(input: Uint8Array, expectedSize: number, file: string, entry: string): Promise<Uint8Array> {
  const out = new Uint8Array(expectedSize);
  let outPos = 0;
  const stream = new DecompressionStream('deflate-raw' as CompressionFormat);
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let failure: unknown;
  // Feed in chunks so back-pressure applies; errors surface through the reader.
  const feeding = (async () => {
    const chunk = 1 << 16;
    for (let o = 0; o < input.length; o += chunk) {
      if (failure) return;
      await writer.write(input.slice(o, Math.min(input.length, o + chunk)));
    }
    await writer.close();
  })().catch((e) => { failure ??= e; });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (outPos + value.length > expectedSize) {
        failure = readerError('E_MALFORMED', file, `zip entry '${entry}' inflates beyond its declared size of ${expectedSize} bytes`, { entry, expectedBytes: expectedSize });
        await reader.cancel().catch(() => undefined);
        await writer.abort().catch(() => undefined);
        throw failure;
      }
      out.set(value, outPos);
      outPos += value.length;
    }
  } catch (e) {
    if ((e as { name?: string })?.name === 'SpectraError') throw e;
    await writer.abort().catch(() => undefined);
    const message = (e as Error)?.message ?? String(e);
    if (/unexpected end|incomplete|truncat/i.test(message)) {
      throw readerError('E_TRUNCATED', file, `zip entry '${entry}': the deflate stream ends early (${message})`, { entry });
    }
    throw readerError('E_MALFORMED', file, `zip entry '${entry}': invalid deflate data (${message})`, { entry });
  }
  await feeding;
  if (outPos !== expectedSize) {
    throw readerError('E_TRUNCATED', file, `zip entry '${entry}' inflates to ${outPos} bytes, its directory declares ${expectedSize}`, { entry, expectedBytes: expectedSize, actualBytes: outPos });
  }
  return out;
}

/** `'stream'`: the runtime's DecompressionStream; `'own'`: `inflateRawSync`; `'auto'`: the stream when present. */
export type InflateImplementation = 'auto' | 'stream' | 'own';

/** Inflates with the runtime's stream when present (or as `prefer` says), else with our own inflater. */
export async function inflateRaw(input: Uint8Array, expectedSize: number, file: string, entry: string, prefer: InflateImplementation = 'auto'): Promise<Uint8Array> {
  if (prefer === 'own' || (prefer === 'auto' && !hasDecompressionStream())) return inflateRawSync(input, expectedSize, file, entry);
  return inflateRawStream(input, expectedSize, file, entry);
}
