#!/usr/bin/env node
// The house rule "TSDoc with a runnable example on every public export", checked: walks each
// published package's `src/index.ts` exports with the TypeScript compiler API and requires
//   - functions, classes and constants: a doc comment with an `@example` containing a code block;
//   - interfaces, types, enums: a doc comment (on the declaration or its members' owner).
// Prints what is missing and exits 1 if anything is.  node tools/check-docs.mjs [package…]
import ts from 'typescript';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packages = process.argv.slice(2).length ? process.argv.slice(2) : ['core', 'free-prob', 'weights', 'hessian'];

function docOf(symbol, checker) {
  const decl = symbol.declarations?.[0];
  if (!decl) return { text: '', tags: [] };
  const jsDocs = ts.getJSDocCommentsAndTags(decl).filter(ts.isJSDoc);
  // Overloads: any declaration with a doc comment counts (the implementation is often undocumented).
  let docs = jsDocs;
  if (!docs.length) for (const d of symbol.declarations ?? []) docs = docs.concat(ts.getJSDocCommentsAndTags(d).filter(ts.isJSDoc));
  // `export const x = …`: the comment sits on the variable statement.
  if (!docs.length && ts.isVariableDeclaration(decl)) docs = ts.getJSDocCommentsAndTags(decl.parent.parent).filter(ts.isJSDoc);
  const text = docs.map((d) => (typeof d.comment === 'string' ? d.comment : (d.comment ?? []).map((c) => c.text).join(''))).join('\n');
  const tags = docs.flatMap((d) => d.tags ?? []).map((t) => ({ name: t.tagName.text, text: typeof t.comment === 'string' ? t.comment : (t.comment ?? []).map((c) => c.text ?? '').join('') }));
  void checker;
  return { text, tags };
}

let missing = 0;
for (const name of packages) {
  const dir = join(root, 'packages', name);
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram([join(dir, 'src', 'index.ts')], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(join(dir, 'src', 'index.ts'));
  const moduleSymbol = checker.getSymbolAtLocation(index);
  const problems = [];
  let count = 0;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    count++;
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (!decl) continue;
    const where = `${relative(root, decl.getSourceFile().fileName)}`;
    const isValue = (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable)) !== 0;
    const { text, tags } = docOf(symbol, checker);
    if (isValue) {
      const example = tags.find((t) => t.name === 'example');
      if (!text.trim() && !tags.length) problems.push(`${exported.name} (${where}): no TSDoc`);
      else if (!example || !/```/.test(example.text)) problems.push(`${exported.name} (${where}): no @example code block`);
    } else if (!text.trim() && !tags.length) {
      problems.push(`${exported.name} (${where}): type without a doc comment`);
    }
  }
  missing += problems.length;
  console.log(`@spectra/${name}: ${count} exports, ${problems.length} missing docs`);
  for (const p of problems) console.log(`  - ${p}`);
}
if (missing) {
  console.error(`\n${missing} public export(s) lack the TSDoc the house rules require.`);
  process.exit(1);
}
console.log('\nevery public export has TSDoc (values with a runnable @example)');
