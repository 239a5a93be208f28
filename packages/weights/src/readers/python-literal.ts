// The NumPy header is a Python dict literal. It is parsed here by a tiny strict grammar — strings,
// integers, True/False/None, tuples, lists and dicts — never by an evaluator (specs/weights.md §13.3).
import { readerError } from './reader-errors.js';

export type PythonLiteral = string | number | boolean | null | PythonLiteral[] | { tuple: PythonLiteral[] } | Map<string, PythonLiteral>;

/** Parses one literal spanning all of `text` (surrounding whitespace allowed). Depth ≤ 8. */
export function parsePythonLiteral(text: string, file: string, what: string): PythonLiteral {
  let i = 0;
  const n = text.length;
  const fail = (message: string): never => {
    throw readerError('E_MALFORMED', file, `${what}: ${message} at character ${i} of ${JSON.stringify(text.slice(0, 120))}`);
  };
  const ws = () => {
    while (i < n && /\s/.test(text[i]!)) i++;
  };
  const value = (depth: number): PythonLiteral => {
    if (depth > 8) fail('nesting deeper than 8');
    ws();
    const c = text[i];
    if (c === undefined) return fail('unexpected end');
    if (c === "'" || c === '"') {
      const quote = c;
      i++;
      let out = '';
      while (i < n && text[i] !== quote) {
        const d = text[i]!;
        if (d === '\\') {
          const e = text[i + 1];
          if (e === '\\' || e === "'" || e === '"') { out += e; i += 2; continue; }
          fail('unsupported escape in string');
        }
        if (d === '\n') fail('newline in string');
        out += d;
        i++;
      }
      if (i >= n) fail('unterminated string');
      i++;
      return out;
    }
    if (c === '{') {
      i++;
      const map = new Map<string, PythonLiteral>();
      for (;;) {
        ws();
        if (text[i] === '}') { i++; return map; }
        const key = value(depth + 1);
        if (typeof key !== 'string') fail('dict keys must be strings');
        if (map.has(key as string)) fail(`duplicate key '${key as string}'`);
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        map.set(key as string, value(depth + 1));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return map; }
        fail("expected ',' or '}'");
      }
    }
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      i++;
      const items: PythonLiteral[] = [];
      let sawComma = false;
      for (;;) {
        ws();
        if (text[i] === close) { i++; break; }
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') { i++; sawComma = true; continue; }
        if (text[i] === close) { i++; break; }
        fail(`expected ',' or '${close}'`);
      }
      // `(3)` is the integer 3 in Python, `(3,)` a 1-tuple.
      if (c === '(') return items.length === 1 && !sawComma ? items[0]! : { tuple: items };
      return items;
    }
    const m = /^(?:True|False|None|[+-]?\d+L?)/.exec(text.slice(i, i + 40));
    if (!m) return fail('unexpected token');
    i += m[0].length;
    if (m[0] === 'True') return true;
    if (m[0] === 'False') return false;
    if (m[0] === 'None') return null;
    const digits = m[0].replace(/L$/, '');
    const v = Number(digits);
    if (!Number.isSafeInteger(v)) fail(`integer ${digits} is too large`);
    return v;
  };
  const v = value(0);
  ws();
  if (i !== n) fail('trailing characters');
  return v;
}
