// A minimal protobuf wire-format reader (protobuf.dev/programming-guides/encoding) for ONNX:
// varints, fixed32/64 and length-delimited fields, every length checked against the message end.
import { readerError } from './reader-errors.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH = 2;
export const WIRE_FIXED32 = 5;

/** A span of the file: [start, end). */
export interface Span {
  start: number;
  end: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ProtoReader {
  pos: number;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array, start: number, readonly end: number, readonly file: string, readonly what: string) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string): never {
    throw readerError('E_MALFORMED', this.file, `${this.what}: invalid protobuf (${message}) at byte ${this.pos}`);
  }

  truncated(need: number): never {
    throw readerError('E_TRUNCATED', this.file, `${this.what}: a protobuf field at byte ${this.pos} needs ${need} bytes but its message ends at ${this.end}`, { expectedBytes: this.pos + need, actualBytes: this.end });
  }

  more(): boolean {
    return this.pos < this.end;
  }

  /** Unsigned varint as a Number (exact up to 2^53; larger values are an error). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let k = 0; k < 10; k++) {
      if (this.pos >= this.end) this.truncated(1);
      const b = this.bytes[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (!(b & 0x80)) {
        if (result > Number.MAX_SAFE_INTEGER) this.fail('varint beyond 2^53');
        return result;
      }
      scale *= 128;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** Signed 64-bit varint (two's complement), exact within ±2^53. */
  int64(): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let k = 0; k < 10; k++) {
      if (this.pos >= this.end) this.truncated(1);
      const b = this.bytes[this.pos++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) { lo |= (b & 0x0f) << 28; hi |= (b & 0x7f) >>> 4; }
      else hi |= (b & 0x7f) << (shift - 32);
      shift += 7;
      if (!(b & 0x80)) {
        lo >>>= 0;
        if (hi & 0x80000000) return -((~hi >>> 0) * 4294967296 + (~lo >>> 0) + 1);
        return (hi >>> 0) * 4294967296 + lo;
      }
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** Field number and wire type of the next field. */
  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Math.floor(t / 8);
    if (field === 0) this.fail('field number 0');
    return { field, wire: t % 8 };
  }

  /** A length-delimited field's span. */
  lengthDelimited(): Span {
    const length = this.varint();
    if (this.pos + length > this.end) this.truncated(length);
    const span = { start: this.pos, end: this.pos + length };
    this.pos += length;
    return span;
  }

  fixed32(): number {
    if (this.pos + 4 > this.end) this.truncated(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  fixed64Float(): number {
    if (this.pos + 8 > this.end) this.truncated(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  string(): string {
    const s = this.lengthDelimited();
    // Short ASCII strings (names, op types) are the common case: decode them without a TextDecoder.
    if (s.end - s.start <= 64) {
      let ascii = true;
      for (let i = s.start; i < s.end; i++) if (this.bytes[i]! > 0x7f) { ascii = false; break; }
      if (ascii) return String.fromCharCode.apply(null, this.bytes.subarray(s.start, s.end) as unknown as number[]);
    }
    try {
      return utf8.decode(this.bytes.subarray(s.start, s.end));
    } catch {
      return this.fail('a string field is not valid UTF-8');
    }
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT: this.varint(); return;
      case WIRE_FIXED64: if (this.pos + 8 > this.end) this.truncated(8); this.pos += 8; return;
      case WIRE_LENGTH: this.lengthDelimited(); return;
      case WIRE_FIXED32: if (this.pos + 4 > this.end) this.truncated(4); this.pos += 4; return;
      default: this.fail(`wire type ${wire} (groups are not used by ONNX)`);
    }
  }

  /** A sub-reader over a length-delimited field. */
  sub(span: Span, what = this.what): ProtoReader {
    return new ProtoReader(this.bytes, span.start, span.end, this.file, what);
  }
}

/** Counts the varints in a packed span (each ends with a byte whose top bit is clear). */
export function countPackedVarints(bytes: Uint8Array, span: Span, file: string, what: string): number {
  let count = 0;
  for (let i = span.start; i < span.end; i++) if (!(bytes[i]! & 0x80)) count++;
  if (span.end > span.start && bytes[span.end - 1]! & 0x80) {
    throw readerError('E_TRUNCATED', file, `${what}: a packed varint field ends inside a varint`);
  }
  return count;
}
