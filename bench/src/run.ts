// `npm run bench [-- AREA… --quick --json FILE]`: runs the benchmark areas in one process, prints
// each comparison and the bars, and writes the whole report as JSON.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { report } from './harness.js';

const areas: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  core: () => import('./core/index.js'),
  weights: () => import('./weights/index.js'),
  'free-prob': () => import('./free-prob/index.js'),
  hessian: () => import('./hessian/index.js'),
};

const args = process.argv.slice(2);
const jsonIndex = args.indexOf('--json');
const jsonFile = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;
const selected = args.filter((a, i) => !a.startsWith('--') && (jsonIndex < 0 || i !== jsonIndex + 1));
const names = selected.length ? selected : Object.keys(areas);

report.environment = {
  date: new Date().toISOString(),
  node: process.version,
  v8: process.versions.v8,
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  quick: process.argv.includes('--quick'),
};
console.log(`spectra bench — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}`);
for (const name of names) {
  const load = areas[name];
  if (!load) {
    console.error(`unknown bench area '${name}'; known: ${Object.keys(areas).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== ${name} ===`);
  await (await load()).run();
}
const missed = report.bars.filter((b) => !b.pass);
console.log(`\n${report.bars.length - missed.length}/${report.bars.length} bars met${missed.length ? `; missed: ${missed.map((b) => b.id).join(', ')}` : ''}`);
if (jsonFile) {
  writeFileSync(jsonFile, JSON.stringify(report, null, 1));
  console.log(`JSON report: ${jsonFile}`);
}
