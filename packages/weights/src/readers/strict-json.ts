// A strict JSON parser for headers and manifests. `JSON.parse` keeps the last of duplicate keys (the
// safetensors spec makes them an error) and assigns `__proto__` keys through the prototype setter on
// revival; this parser rejects duplicates, caps the nesting depth, builds null-prototype objects and
// reports every problem as `E_MALFORMED` / `E_LIMIT` naming the file and the byte position.
import { readerError } from './reader-errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Decodes UTF-8 strictly (invalid sequences are an error, never U+FFFD). */
export function decodeUtf8(bytes: Uint8Array, file: string, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw readerError('E_MALFORMED', file, `${what} is not valid UTF-8`);
  }
}

/**
 * Parses `text` as JSON (RFC 8259) with duplicate-key detection and a nesting cap.
 * Objects come back with a null prototype.
 */
export function parseStrictJson(text: string, file: string, what: string, maxDepth = 64): JsonValue {
  let i = 0;
  const n = text.length;
  const fail = (message: string): never => {
    throw readerError('E_MALFORMED', file, `${what} is not valid JSON: ${message} at character ${i}`);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const parseString = (): string => {
    // at the opening quote
    i++;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= n) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        out += text.slice(start, i);
        const e = text.charCodeAt(i + 1);
        i += 2;
        switch (e) {
          case 0x22: out += '"'; break;
          case 0x5c: out += '\\'; break;
          case 0x2f: out += '/'; break;
          case 0x62: out += '\b'; break;
          case 0x66: out += '\f'; break;
          case 0x6e: out += '\n'; break;
          case 0x72: out += '\r'; break;
          case 0x74: out += '\t'; break;
          case 0x75: {
            const hex = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default: fail('bad escape');
        }
        start = i;
      } else i++;
    }
  };
  const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const parseValue = (depth: number): JsonValue => {
    ws();
    if (i >= n) fail('unexpected end');
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      if (depth >= maxDepth) throw readerError('E_LIMIT', file, `${what} nests deeper than ${maxDepth} levels`);
      i++;
      const obj = Object.create(null) as { [key: string]: JsonValue };
      ws();
      if (text.charCodeAt(i) === 0x7d) { i++; return obj; }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 0x22) fail('expected a string key');
        const key = parseString();
        if (Object.prototype.hasOwnProperty.call(obj, key)) {
          throw readerError('E_MALFORMED', file, `${what} has the key '${key}' twice`);
        }
        ws();
        if (text.charCodeAt(i) !== 0x3a) fail("expected ':'");
        i++;
        obj[key] = parseValue(depth + 1);
        ws();
        const d = text.charCodeAt(i);
        if (d === 0x2c) { i++; continue; }
        if (d === 0x7d) { i++; return obj; }
        fail("expected ',' or '}'");
      }
    }
    if (c === 0x5b) {
      if (depth >= maxDepth) throw readerError('E_LIMIT', file, `${what} nests deeper than ${maxDepth} levels`);
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text.charCodeAt(i) === 0x5d) { i++; return arr; }
      for (;;) {
        arr.push(parseValue(depth + 1));
        ws();
        const d = text.charCodeAt(i);
        if (d === 0x2c) { i++; continue; }
        if (d === 0x5d) { i++; return arr; }
        fail("expected ',' or ']'");
      }
    }
    if (c === 0x22) return parseString();
    if (text.startsWith('true', i)) { i += 4; return true; }
    if (text.startsWith('false', i)) { i += 5; return false; }
    if (text.startsWith('null', i)) { i += 4; return null; }
    numberPattern.lastIndex = i;
    const m = numberPattern.exec(text);
    if (!m) return fail('unexpected character');
    i += m[0].length;
    return Number(m[0]);
  };
  const value = parseValue(0);
  ws();
  if (i !== n) fail('trailing characters');
  return value;
}

/**
 * `decodeUtf8` + JSON with a byte cap (`E_LIMIT`). `strict` (default) uses `parseStrictJson`
 * (duplicate keys are errors, nesting capped); otherwise the engine's `JSON.parse`, which is
 * several times faster on multi-megabyte manifests, creates `__proto__` keys as plain own
 * properties (CreateDataProperty) and, in V8, parses iteratively; a SyntaxError or a RangeError
 * from deep nesting becomes `E_MALFORMED`.
 */
export function parseJsonBytes(bytes: Uint8Array, file: string, what: string, maxBytes: number, options: { strict?: boolean; maxDepth?: number } = {}): JsonValue {
  if (bytes.length > maxBytes) {
    throw readerError('E_LIMIT', file, `${what} is ${bytes.length} bytes, above the cap maxHeaderBytes = ${maxBytes}`);
  }
  let text = decodeUtf8(bytes, file, what);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (options.strict ?? true) return parseStrictJson(text, file, what, options.maxDepth ?? 64);
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    throw readerError('E_MALFORMED', file, `${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** A JSON object (null-prototype record) or undefined. */
export function asObject(v: JsonValue | undefined): { [key: string]: JsonValue } | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** Own-property lookup that never reaches a prototype. */
export function own(obj: { [key: string]: JsonValue } | undefined, key: string): JsonValue | undefined {
  return obj && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}
