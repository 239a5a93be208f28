#!/usr/bin/env node
// The house rule "TSDoc with a runnable example (with its result) on every public export", run:
// a doctest runner for the `@example` blocks of every published package.
//
//   node tools/run-examples.mjs [--verbose] [filter…]     (after `npx turbo run build`)
//
// 1. Collects: walks the exports of each package's entry points (`src/index.ts`, and `src/node.ts`
//    where the package has a `./node` entry) with the TypeScript compiler API, as
//    tools/check-docs.mjs does, and takes every ```ts code block of their `@example` tags (an
//    example shared by several exports runs once). A block whose fence reads ```ts no-run is
//    listed, not run, with its reason (the block's first comment line; or text after `no-run`):
//    only for what cannot run in Node (a browser, a Web Worker).
// 2. Rewrites each block so that its result comments are checked, then transpiles it
//    (ts.transpileModule, inline source map, lines kept where they are in the source file) to
//    test-output/examples/<package>/<file>-<line>.mjs, inside the repository so that `@spectra/*`
//    resolves through the workspace symlinks to the built packages (dist/).
// 3. Runs the blocks as ES modules (top-level await works) in worker threads, as many at once as
//    there are cores, one block after the other in each worker (a fresh worker per block costs
//    ~0.2 s), with the repository root as working directory and a per-example timeout (30 s;
//    RUN_EXAMPLES_TIMEOUT_MS). A block that fails there runs again alone in a fresh worker (own
//    module graph, wasm instance, backend setting) and that verdict is reported: an example must
//    pass standalone.
//
// Result comments. A statement `expression; // <expected>` (or `const name = expression; //
// <expected>`, or an expression statement followed by comment lines when the value is too long
// for its line) is checked when the comment starts with a value:
//   - JS literals: numbers (also 0x…), 'strings' / "strings", true, false, null, undefined, NaN,
//     Infinity, arrays, objects; `Float64Array [..]` (any typed array, by constructor name);
//     a leading `→` is skipped. After the value comes the end, a space or `:,;.` then a space:
//     the rest is prose and ignored (`// 5 (= √25)`, `// 'simd': the SIMD128 build`).
//   - numbers: written as JS prints them, they match to a relative 1e-9 (0 only matches ±0);
//     after a leading `≈` every number of the value is rounded: it matches within half a unit of
//     its last digit (`≈ 2.35` ⇔ [2.345, 2.355]); a number ending in `…` is truncated: the shown
//     digits are a prefix of the value's.
//   - objects are compared on the keys shown (a subset is fine); arrays and typed arrays on every
//     element (a trailing `…` element: on those shown), and typed arrays on their constructor.
//   - `throws SpectraError E_CODE 'message'` anywhere in the comment: the statement must throw
//     that (name, then code and message when shown).
//   - `console.log(…)` followed by comment lines: the printed lines must equal them (trailing
//     spaces ignored).
// A comment on an expression statement that is not a value (`// returns: not fired`) is counted as
// unchecked; comments on declarations and assignments that are not values are narration. A check
// that is never reached fails, and so does an example that throws.
// Prints every failure with file:line, expected and actual, the unchecked comments, the opt-outs
// and a summary (--verbose: also each example's time and output); exits 1 on any failure or on a
// no-run without its reason.
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';

// The compiler is loaded by the main thread only (the workers just run examples).
const ts = isMainThread ? (await import('typescript')).default : null;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'test-output', 'examples');
const PACKAGES = ['core', 'free-prob', 'weights', 'hessian'];
const TIMEOUT_MS = Number(process.env.RUN_EXAMPLES_TIMEOUT_MS) || 30_000;
const SLOW_MS = 3_000;

// ── Expected values ─────────────────────────────────────────────────────────────────────────────

/**
 * Parses the value at the start of a result comment. Returns { value, rest } or null when the
 * comment does not start with a value. Values: { k: 'num', v, mode: 'exact' | 'approx' | 'prefix',
 * text } | { k: 'str', v } | { k: 'lit', v } (true/false/null/undefined) | { k: 'nan' } |
 * { k: 'arr', items, open } | { k: 'typed', ctor, items, open } | { k: 'obj', entries }.
 */
export function parseExpected(text) {
  let s = text.trim();
  let approx = false;
  if (s.startsWith('→')) s = s.slice(1).trimStart();
  if (s.startsWith('≈')) {
    approx = true;
    s = s.slice(1).trimStart();
  }
  let i = 0;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const fail = () => {
    throw new SyntaxError('not a value');
  };
  function number() {
    const m = /^(?:0x[0-9a-fA-F]+|[-−]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(…)?/.exec(s.slice(i));
    if (!m) return null;
    const after = s[i + m[0].length];
    if (after !== undefined && /[\w$]/.test(after)) return null; // 2π, 3x, 64KiB: prose
    i += m[0].length;
    const body = (m[1] ? m[0].slice(0, -1) : m[0]).replace('−', '-');
    const v = Number(body);
    if (!Number.isFinite(v)) fail();
    return { k: 'num', v, text: body, mode: m[1] ? 'prefix' : approx ? 'approx' : 'exact' };
  }
  function string() {
    const q = s[i];
    let j = i + 1;
    let out = '';
    while (j < s.length && s[j] !== q) {
      if (s[j] === '\\') {
        const c = s[j + 1];
        if (c === 'n') out += '\n';
        else if (c === 't') out += '\t';
        else if (c === 'x') {
          out += String.fromCharCode(parseInt(s.slice(j + 2, j + 4), 16));
          j += 2;
        } else out += c;
        j += 2;
      } else out += s[j++];
    }
    if (j >= s.length) fail();
    i = j + 1;
    return { k: 'str', v: out };
  }
  function items(close) {
    const list = [];
    let open = false;
    ws();
    if (s[i] === close) {
      i++;
      return { list, open };
    }
    for (;;) {
      ws();
      if (s[i] === '…') {
        i++;
        open = true;
        ws();
        if (s[i] !== close) fail();
        i++;
        return { list, open };
      }
      list.push(value());
      ws();
      if (s[i] === ',') {
        i++;
        continue;
      }
      if (s[i] === close) {
        i++;
        return { list, open };
      }
      fail();
    }
  }
  function value() {
    ws();
    const c = s[i];
    if (c === '[') {
      i++;
      const { list, open } = items(']');
      return { k: 'arr', items: list, open };
    }
    if (c === '{') {
      i++;
      const entries = [];
      for (;;) {
        ws();
        if (s[i] === '}') {
          i++;
          return { k: 'obj', entries };
        }
        if (s[i] === '…') {
          i++;
          ws();
          if (s[i] === ',') i++;
          continue;
        }
        let key;
        if (s[i] === "'" || s[i] === '"') key = string().v;
        else {
          const m = /^[\w$]+/.exec(s.slice(i));
          if (!m) fail();
          key = m[0];
          i += key.length;
        }
        ws();
        if (s[i] !== ':') fail();
        i++;
        entries.push([key, value()]);
        ws();
        if (s[i] === ',') i++;
        else if (s[i] !== '}') fail();
      }
    }
    if (c === "'" || c === '"') return string();
    const typed = /^([A-Z][A-Za-z0-9]*Array)(?:\(\d+\))?\s*\[/.exec(s.slice(i));
    if (typed) {
      i += typed[0].length;
      const { list, open } = items(']');
      return { k: 'typed', ctor: typed[1], items: list, open };
    }
    const word = /^-?[A-Za-z_$][\w$]*/.exec(s.slice(i));
    if (word) {
      const w = word[0];
      const lits = { true: true, false: false, null: null, undefined: undefined };
      if (w in lits) {
        i += w.length;
        return { k: 'lit', v: lits[w] };
      }
      if (w === 'NaN') {
        i += 3;
        return { k: 'nan' };
      }
      if (w === 'Infinity' || w === '-Infinity') {
        i += w.length;
        return { k: 'num', v: w === 'Infinity' ? Infinity : -Infinity, text: w, mode: 'exact' };
      }
      fail();
    }
    const n = number();
    if (n) return n;
    fail();
  }
  try {
    const v = value();
    const rest = s.slice(i);
    // What follows a value is prose: nothing, or a space, or punctuation then a space.
    if (rest && !/^(\s|[:;,.](\s|$)|\)|$)/.test(rest)) return null;
    return { value: v, rest: rest.trim() };
  } catch {
    return null;
  }
}

/** `throws SpectraError E_CODE 'message'` → { name, code?, message? }. */
export function parseThrows(text) {
  const m = /\bthrows\s+([A-Z]\w*)(?:\s+(E_[A-Z0-9_]+))?(?:\s+(['"])(.*?)\3)?/.exec(text);
  return m ? { name: m[1], code: m[2], message: m[4] } : null;
}

function describeExpected(e) {
  switch (e.k) {
    case 'num':
      return (e.mode === 'approx' ? '≈' : '') + e.text + (e.mode === 'prefix' ? '…' : '');
    case 'str':
      return `'${e.v}'`;
    case 'lit':
      return String(e.v);
    case 'nan':
      return 'NaN';
    case 'arr':
      return `[${e.items.map(describeExpected).join(', ')}${e.open ? ', …' : ''}]`;
    case 'typed':
      return `${e.ctor} [${e.items.map(describeExpected).join(', ')}${e.open ? ', …' : ''}]`;
    case 'obj':
      return `{ ${e.entries.map(([k, v]) => `${k}: ${describeExpected(v)}`).join(', ')} }`;
  }
  return '?';
}

/** Decimal places of a shown number's last digit (of its mantissa, shifted by its exponent). */
function lastDigitUnit(text) {
  const m = /^-?(\d*)(?:\.(\d*))?(?:e([-+]?\d+))?$/i.exec(text);
  if (!m) return 0;
  return 10 ** (Number(m[3] ?? 0) - (m[2]?.length ?? 0));
}

function numberMatches(e, a) {
  if (typeof a === 'bigint') a = Number(a);
  if (typeof a !== 'number') return false;
  if (e.v === a) return true;
  if (!Number.isFinite(a) || !Number.isFinite(e.v)) return false;
  const relOk = e.v !== 0 && Math.abs(a - e.v) <= 1e-9 * Math.max(Math.abs(a), Math.abs(e.v));
  if (e.text.startsWith('0x')) return a === e.v;
  if (e.mode === 'exact') return relOk;
  const unit = lastDigitUnit(e.text);
  if (e.mode === 'approx') return relOk || Math.abs(a - e.v) <= 0.5 * unit * (1 + 1e-9);
  // prefix: the shown digits start the printed value, or the value truncates to them.
  const shown = e.text.replace(/^-/, '');
  if (String(Math.abs(a)).startsWith(shown) && Math.sign(a) === Math.sign(e.v || a)) return true;
  const d = Math.abs(a) - Math.abs(e.v);
  return Math.sign(a) === Math.sign(e.v) && d >= -1e-12 * unit && d < unit;
}

/** null when `actual` matches the expected tree, else where and how it differs. */
export function compare(e, a, path = '') {
  const at = path ? ` at ${path}` : '';
  switch (e.k) {
    case 'num':
      return numberMatches(e, a) ? null : `${describeExpected(e)} ≠ ${show(a)}${at}`;
    case 'str':
      return a === e.v ? null : `'${e.v}' ≠ ${show(a)}${at}`;
    case 'lit':
      return a === e.v ? null : `${String(e.v)} ≠ ${show(a)}${at}`;
    case 'nan':
      return typeof a === 'number' && Number.isNaN(a) ? null : `NaN ≠ ${show(a)}${at}`;
    case 'arr':
    case 'typed': {
      if (e.k === 'arr' && !Array.isArray(a)) return `an array ≠ ${show(a)}${at}`;
      if (e.k === 'typed' && !(ArrayBuffer.isView(a) && a.constructor?.name === e.ctor)) return `${e.ctor} ≠ ${show(a)}${at}`;
      if (e.open ? a.length < e.items.length : a.length !== e.items.length) return `length ${e.items.length}${e.open ? '+' : ''} ≠ ${a.length}${at}`;
      for (let j = 0; j < e.items.length; j++) {
        const r = compare(e.items[j], a[j], `${path}[${j}]`);
        if (r) return r;
      }
      return null;
    }
    case 'obj': {
      if (a === null || typeof a !== 'object') return `an object ≠ ${show(a)}${at}`;
      for (const [k, v] of e.entries) {
        if (!(k in a)) return `no key '${k}'${at}`;
        const r = compare(v, a[k], `${path}.${k}`);
        if (r) return r;
      }
      return null;
    }
  }
  return 'unknown expectation';
}

function show(a) {
  return inspect(a, { depth: 4, breakLength: Infinity, compact: true, maxArrayLength: 24, maxStringLength: 300 });
}

// ── Collecting the examples ─────────────────────────────────────────────────────────────────────

function collect(packages) {
  const examples = new Map(); // file:line → example
  // One program for every entry point (parsing the shared libraries once); the options of the
  // first package's build config are enough to resolve and bind the exports.
  const entries = packages.flatMap((pkg) => ['index.ts', 'node.ts'].map((f) => ({ pkg, file: join(root, 'packages', pkg, 'src', f) }))).filter((e) => existsSync(e.file));
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'packages', packages[0], 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram(entries.map((e) => e.file), { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  for (const { pkg, file: entry } of entries) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry));
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const docs = new Set();
      for (const d of symbol.declarations ?? []) {
        if (!relative(root, d.getSourceFile().fileName).startsWith(`packages/${pkg}/src/`)) continue; // re-exported from elsewhere
        for (const j of ts.getJSDocCommentsAndTags(d)) if (ts.isJSDoc(j)) docs.add(j);
        if (ts.isVariableDeclaration(d)) for (const j of ts.getJSDocCommentsAndTags(d.parent.parent)) if (ts.isJSDoc(j)) docs.add(j);
      }
      for (const doc of docs) {
        for (const block of blocksOf(doc)) {
          const key = `${block.file}:${block.line}`;
          const known = examples.get(key);
          if (known) {
            if (!known.exports.includes(exported.name)) known.exports.push(exported.name);
          } else examples.set(key, { ...block, pkg, exports: [exported.name] });
        }
      }
    }
  }
  return [...examples.values()];
}

/** The ```ts blocks of a JSDoc comment's @example tags, with their source lines. */
function blocksOf(doc) {
  const sf = doc.getSourceFile();
  const file = relative(root, sf.fileName);
  const firstLine = sf.getLineAndCharacterOfPosition(doc.getStart(sf)).line; // 0-based
  const lines = sf.text.slice(doc.getStart(sf), doc.end).split('\n');
  const blocks = [];
  let tag = '';
  let block = null;
  lines.forEach((raw, k) => {
    const line = raw.replace(/^\s*\/\*\*\s?/, '').replace(/\s*\*\/\s*$/, '').replace(/^\s*\*(?: |(?=\n)|$)/, '');
    if (block) {
      if (/^\s*```\s*$/.test(line)) {
        if (tag === 'example') blocks.push(block);
        block = null;
      } else block.code.push(line);
      return;
    }
    const t = /^\s*@(\w+)/.exec(line);
    if (t) tag = t[1];
    const fence = /^\s*```(\w*)\s*(.*)$/.exec(line);
    if (fence) {
      block = { file, line: firstLine + k + 2, lang: fence[1], info: fence[2].trim(), code: [] };
    }
  });
  return blocks.filter((b) => b.lang === 'ts' || b.lang === 'typescript');
}

// ── Rewriting an example so its result comments are checked ────────────────────────────────────

function rewrite(example) {
  const pad = '\n'.repeat(example.line - 1); // the block's lines keep their source line numbers
  const code = pad + example.code.join('\n') + '\n';
  const sf = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const checks = [];
  const unchecked = [];
  const edits = [];
  const lineOf = (pos) => sf.getLineAndCharacterOfPosition(pos).line + 1;

  /** The comment after a statement: on its line, else the comment lines right below it. */
  function commentAfter(node) {
    const trailing = ts.getTrailingCommentRanges(code, node.end)?.find((c) => c.kind === ts.SyntaxKind.SingleLineCommentTrivia);
    if (trailing) return { sameLine: true, lines: [code.slice(trailing.pos + 2, trailing.end).replace(/^ /, '')] };
    const eol = code.indexOf('\n', node.end);
    if (eol < 0 || code.slice(node.end, eol).trim()) return null;
    const below = [];
    for (const l of code.slice(eol + 1).split('\n')) {
      const m = /^\s*\/\/ ?(.*)$/.exec(l);
      if (!m) break;
      below.push(m[1]);
    }
    return below.length ? { sameLine: false, lines: below } : null;
  }

  function visit(node) {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isExpressionStatement(node)) statement(node);
    else if (ts.isVariableStatement(node)) declaration(node);
    ts.forEachChild(node, visit);
  }

  function statement(node) {
    const comment = commentAfter(node);
    if (!comment) return;
    const expr = node.expression;
    const text = code.slice(expr.getStart(sf), expr.end);
    const line = lineOf(node.end);
    const id = checks.length;
    const isLog = ts.isCallExpression(expr) && /^console\.(log|info)$/.test(expr.expression.getText(sf));
    if (isLog) {
      checks.push({ id, line, kind: 'log', lines: comment.lines, source: text });
      edits.push([node.getStart(sf), node.end, `await __ex.log(${id}, async () => { ${text}; });`]);
      return;
    }
    const isAssignment = ts.isBinaryExpression(expr) && expr.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && expr.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    const joined = comment.lines.join(' ');
    const throws = comment.sameLine ? parseThrows(joined) : null;
    if (throws) {
      checks.push({ id, line, kind: 'throws', throws, source: text, text: joined });
      edits.push([node.getStart(sf), node.end, `await __ex.throws(${id}, async () => (${text}));`]);
      return;
    }
    if (isAssignment) return;
    const parsed = parseExpected(comment.sameLine ? comment.lines[0] : joined);
    if (!parsed) {
      if (comment.sameLine) unchecked.push({ line, source: text, comment: comment.lines[0] });
      return;
    }
    checks.push({ id, line, kind: 'value', expected: parsed.value, source: text, text: describeExpected(parsed.value) });
    edits.push([node.getStart(sf), node.end, `await __ex.check(${id}, async () => (${text}));`]);
  }

  function declaration(node) {
    const decls = node.declarationList.declarations;
    if (decls.length !== 1 || !ts.isIdentifier(decls[0].name) || !decls[0].initializer) return;
    const comment = commentAfter(node);
    if (!comment?.sameLine) return;
    const parsed = parseExpected(comment.lines[0]);
    if (!parsed) return;
    const name = decls[0].name.text;
    const id = checks.length;
    checks.push({ id, line: lineOf(node.end), kind: 'value', expected: parsed.value, source: name, text: describeExpected(parsed.value) });
    edits.push([node.end, node.end, ` await __ex.check(${id}, async () => ${name});`]);
  }

  visit(sf);
  let out = code;
  for (const [a, b, t] of edits.sort((x, y) => y[0] - x[0])) out = out.slice(0, a) + t + out.slice(b);
  const sourcePath = join(root, example.file);
  const js = ts.transpileModule(out, {
    fileName: sourcePath,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true, inlineSources: false, removeComments: false },
    reportDiagnostics: false,
  });
  const map = JSON.parse(js.sourceMapText);
  map.sources = [pathToFileURL(sourcePath).href];
  map.sourceRoot = '';
  const body = js.outputText.replace(/\/\/# sourceMappingURL=.*\s*$/, '');
  return { js: `${body}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`, checks, unchecked };
}

// ── Worker: runs examples, one at a time ────────────────────────────────────────────────────────

async function runInWorker() {
  let job = null; // { results, logs, capture, checks, error }
  const print = (...args) => {
    const text = args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 4, breakLength: Infinity }))).join(' ');
    if (!job) return;
    job.logs.push(text);
    if (job.capture) job.capture.push(...text.split('\n'));
  };
  console.log = print;
  console.info = print;
  const done = (id, error) => {
    job.results[id] = error ? { ok: false, error } : { ok: true };
  };
  globalThis.__ex = {
    async check(id, thunk) {
      let value;
      try {
        value = await thunk();
      } catch (e) {
        return done(id, `threw ${errorLine(e)}`);
      }
      const r = compare(job.checks[id].expected, value);
      done(id, r ? `${r}\n      actual:   ${show(value)}` : null);
    },
    async throws(id, thunk) {
      const want = job.checks[id].throws;
      try {
        const value = await thunk();
        return done(id, `did not throw; returned ${show(value)}`);
      } catch (e) {
        const name = e?.name === 'Error' ? e?.constructor?.name : e?.name;
        if (name !== want.name && e?.constructor?.name !== want.name) return done(id, `threw ${errorLine(e)}, not ${want.name}`);
        if (want.code && e.code !== want.code) return done(id, `threw code ${e.code}, not ${want.code} (${e.message})`);
        if (want.message !== undefined && e.message !== want.message) return done(id, `threw message '${e.message}', not '${want.message}'`);
        done(id, null);
      }
    },
    async log(id, thunk) {
      job.capture = [];
      try {
        await thunk();
      } finally {
        const got = job.capture;
        job.capture = null;
        const want = job.checks[id].lines;
        const norm = (l) => l.replace(/\s+$/, '');
        while (got.length && !got.at(-1).trim()) got.pop(); // the trailing newline of printed text
        const same = got.length === want.length && got.every((l, j) => norm(l) === norm(want[j]));
        done(id, same ? null : `printed\n${got.map((l) => `        ${l}`).join('\n')}\n      not\n${want.map((l) => `        ${l}`).join('\n')}`);
      }
    },
  };
  process.on('unhandledRejection', (e) => {
    if (job) job.error ??= `unhandled rejection: ${errorLine(e)}`;
  });
  parentPort.on('message', async ({ file, checks }) => {
    job = { results: checks.map(() => null), logs: [], capture: null, checks, error: null };
    const t0 = performance.now();
    try {
      await import(pathToFileURL(file).href);
    } catch (e) {
      job.error ??= errorLine(e);
    }
    const { results, error, logs } = job;
    parentPort.postMessage({ results, error, logs, ms: performance.now() - t0 });
    job = null;
  });
}

function errorLine(e) {
  if (!(e instanceof Error)) return show(e);
  const head = `${e.name}${e.code ? ` ${e.code}` : ''}: ${e.message}`;
  const frame = (e.stack ?? '').split('\n').find((l) => /packages\/[^/]+\/src\//.test(l));
  const m = frame && /file:\/\/\/?(.*?):(\d+):\d+/.exec(frame);
  return m ? `${head} (at ${relative(root, '/' + m[1].replace(/^\//, ''))}:${m[2]})` : head;
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const filters = args.filter((a) => !a.startsWith('--'));
  const t0 = performance.now();
  process.chdir(root);
  for (const pkg of PACKAGES) {
    if (!existsSync(join(root, 'packages', pkg, 'dist', 'index.js'))) {
      console.error(`run-examples: packages/${pkg}/dist is missing: run \`npx turbo run build\` first`);
      process.exit(1);
    }
  }
  let examples = collect(PACKAGES);
  if (filters.length) examples = examples.filter((e) => filters.some((f) => e.file.includes(f) || e.pkg === f || e.exports.includes(f)));
  rmSync(outDir, { recursive: true, force: true });
  const optOuts = [];
  const jobs = [];
  let unchecked = [];
  for (const ex of examples) {
    if (/\bno-run\b/.test(ex.info)) {
      optOuts.push(ex);
      continue;
    }
    const { js, checks, unchecked: u } = rewrite(ex);
    const dir = join(outDir, ex.pkg);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${basename(ex.file, '.ts')}-${ex.line}.mjs`);
    writeFileSync(file, js);
    unchecked = unchecked.concat(u.map((x) => ({ ...x, file: ex.file })));
    jobs.push({ ex, file, checks });
  }

  // Examples run in a few reused workers (a fresh worker costs ~0.2 s); any example that fails
  // there runs again alone in a fresh worker, whose verdict is the one reported, so that nothing
  // left behind by an earlier example (wasm memory, a backend setting) can fail a correct one.
  const results = new Array(jobs.length);
  let next = 0;
  const slots = Math.max(1, Math.min(availableParallelism(), 4));
  await Promise.all(Array.from({ length: slots }, async () => {
    let runner = null;
    while (next < jobs.length) {
      const k = next++;
      runner ??= new ExampleWorker();
      results[k] = await runner.run(jobs[k]);
      if (results[k].crashed || runner.runs >= 25) {
        runner.close();
        runner = null;
      }
    }
    runner?.close();
  }));
  const failing = jobs.map((_, k) => k).filter((k) => failed(jobs[k], results[k]));
  let rerun = 0;
  await Promise.all(Array.from({ length: slots }, async () => {
    while (rerun < failing.length) {
      const k = failing[rerun++];
      const runner = new ExampleWorker();
      results[k] = await runner.run(jobs[k]);
      runner.close();
    }
  }));
  if (verbose) jobs.forEach((job, k) => console.log(`${failed(job, results[k]) ? '✖' : '✔'} ${job.ex.file}:${job.ex.line} (${results[k].ms.toFixed(0)} ms)`));

  let failedExamples = 0;
  let checked = 0;
  let failedChecks = 0;
  const failures = [];
  const slow = [];
  jobs.forEach((job, k) => {
    const r = results[k];
    const where = `${job.ex.file}:${job.ex.line} (${job.ex.exports.join(', ')})`;
    let bad = false;
    if (r.error) {
      bad = true;
      failures.push(`✖ ${where}: the example failed: ${r.error}`);
    }
    job.checks.forEach((c, id) => {
      const res = r.results?.[id];
      if (!res && r.error) return; // not reached because of the error above
      checked++;
      if (res?.ok) return;
      bad = true;
      failedChecks++;
      const expected = c.kind === 'value' ? c.text : c.kind === 'throws' ? `throws ${c.throws.name} ${c.throws.code ?? ''}` : '(printed lines)';
      failures.push(`✖ ${job.ex.file}:${c.line}  ${c.source.length > 80 ? c.source.slice(0, 77) + '…' : c.source}\n      expected: ${expected}\n      ${res ? res.error.startsWith('threw') || res.error.startsWith('did not') || res.error.startsWith('printed') ? res.error : `mismatch: ${res.error}` : 'not reached'}`);
    });
    if (bad) failedExamples++;
    if (r.ms > SLOW_MS) slow.push(`${where}: ${(r.ms / 1000).toFixed(1)} s`);
    if (verbose && r.logs?.length) console.log(`── output of ${where}\n${r.logs.join('\n')}`);
  });

  for (const f of failures) console.log(f);
  if (unchecked.length) {
    console.log(`\nunchecked result comments (not a value):`);
    for (const u of unchecked) console.log(`  ${u.file}:${u.line}  ${u.source}  // ${u.comment}`);
  }
  if (slow.length) console.log(`\nslow examples (> ${SLOW_MS / 1000} s):\n${slow.map((s) => `  ${s}`).join('\n')}`);
  console.log(`\nopt-outs (\`\`\`ts no-run): ${optOuts.length}`);
  for (const o of optOuts) console.log(`  ${o.file}:${o.line} (${o.exports.join(', ')}): ${reasonOf(o) || 'no reason given'}`);
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`\n${jobs.length} examples run (${failedExamples} failed), ${checked} result comments checked (${failedChecks} failed), ${unchecked.length} unchecked comments, ${optOuts.length} opt-outs; ${s} s`);
  if (failedExamples || optOuts.some((o) => !reasonOf(o))) process.exit(1);
}

/** Why a block does not run: the text after `no-run` in its fence, else its first comment line. */
function reasonOf(example) {
  const info = example.info.replace(/^no-run\s*/, '').trim();
  if (info) return info;
  const comment = example.code.find((l) => /^\s*\/\//.test(l));
  return comment ? comment.replace(/^\s*\/\/\s*/, '') : '';
}

function failed(job, r) {
  return Boolean(r.error) || job.checks.some((_, id) => !r.results?.[id]?.ok);
}

/** A worker thread running examples one after the other, each with a timeout. */
class ExampleWorker {
  constructor() {
    this.runs = 0;
    this.worker = new Worker(fileURLToPath(import.meta.url), { execArgv: ['--enable-source-maps'], stdout: true, stderr: true });
    this.out = '';
    this.worker.stdout.on('data', (d) => (this.out += d));
    this.worker.stderr.on('data', (d) => (this.out += d));
    this.pending = null;
    this.worker.on('message', (m) => this.settle(m));
    this.worker.on('error', (e) => this.settle({ error: `worker error: ${errorLine(e)}`, crashed: true }));
    this.worker.on('exit', (code) => this.settle({ error: `worker exited (${code}) before reporting`, crashed: true }));
  }

  settle(r) {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    const out = this.out.trim();
    this.out = '';
    p.resolve({ ms: performance.now() - p.t0, logs: [], results: [], ...r, ...(out ? { logs: [...(r.logs ?? []), out] } : {}) });
  }

  run(job) {
    this.runs++;
    return new Promise((resolve) => {
      this.pending = { resolve, t0: performance.now(), timer: setTimeout(() => this.settle({ error: `timed out after ${TIMEOUT_MS / 1000} s`, crashed: true }), TIMEOUT_MS) };
      this.worker.postMessage({ file: job.file, checks: job.checks });
    });
  }

  close() {
    this.worker.terminate();
  }
}

if (!isMainThread) await runInWorker();
else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
