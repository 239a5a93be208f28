// Child process of bench/src/core/eigen.ts: the ESD stages (esd-stages.ts) on raw SIMD128 and
// relaxed-SIMD kernel instances side by side. Node 20 validates the relaxed build only with
// --experimental-wasm-relaxed-simd (the parent passes it); Deno (`deno run -A`) validates it by
// default and runs a newer V8. The last line of stdout is `@@RESULT <json>`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatStageRow, instantiateVariants, measureEsdStages } from './esd-stages.js';

const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const bytes: Record<string, Uint8Array> = {};
for (const variant of ['simd', 'relaxed-simd']) bytes[variant] = new Uint8Array(readFileSync(require.resolve(`@spectra/core/wasm/${variant}.wasm`)));
const variants = await instantiateVariants(bytes);
const rows = measureEsdStages(variants, quick ? 3 : 7);
const runtime = 'Deno' in globalThis ? `Deno ${(globalThis as unknown as { Deno: { version: { deno: string; v8: string } } }).Deno.version.deno}` : `Node ${process.version} + --experimental-wasm-relaxed-simd`;
console.log(`\nESD stages on raw kernels, ${runtime} (median ms of interleaved rounds; builds: ${Object.keys(variants).join(', ')})`);
for (const r of rows) console.log(formatStageRow(r));
console.log(`@@RESULT ${JSON.stringify({ runtime, rows })}`);
