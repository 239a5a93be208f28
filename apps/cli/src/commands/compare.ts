// `spectra compare <a> <b>`: per-layer distances between two models (specs/weights.md §10.1):
// Frobenius (absolute and relative), WeightWatcher's uncentred CKA, the change of α, top singular values.
import { compareModels, extractLayers, type ModelComparison } from '@spectra/weights';
import { UsageError, type CliCommand } from '../command.js';
import { integerOption, loadModelArgument, parseLayerFilter, progressBar } from '../analysis-support.js';

const HELP = `spectra compare <a> <b> [options]

Compares two models layer by layer (matched by name, never by position alone): ‖W_a − W_b‖_F and
its ratio to ‖W_a‖_F, the uncentred CKA ‖W_aᵀW_b‖_F/√(‖W_aᵀW_a‖_F‖W_bᵀW_b‖_F) (WeightWatcher's),
α of each and its change, and the top singular values. Unmatched layers are listed.

Options:
  --format table|json|csv   output (default table)
  --layers SPEC             ids, names, kind:conv2d, /regex/ (as spectra analyze)
  --top K                   top singular values to show (default 3)
`;

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'per-layer distances between two models (Frobenius, CKA, α change)',
  help: HELP,
  options: {
    format: { type: 'string' },
    layers: { type: 'string' },
    top: { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    if (positionals.length !== 2) throw new UsageError(`expected two models to compare, got ${positionals.length}`);
    const format = (values.format as string | undefined) ?? 'table';
    if (!['table', 'json', 'csv'].includes(format)) throw new UsageError(`--format must be table, json or csv, got '${format}'`);
    const top = integerOption(values.top, 'top', 1) ?? 3;
    const filter = values.layers !== undefined ? parseLayerFilter(values.layers as string) : undefined;
    const extractOptions = filter
      ? { ...(filter.ids ? { layers: filter.ids } : {}), ...(filter.names ? { names: filter.names } : {}), ...(filter.kinds ? { kinds: filter.kinds } : {}), ...(filter.include ? { include: filter.include } : {}), ...(filter.exclude ? { exclude: filter.exclude } : {}) }
      : {};
    const [a, b] = await Promise.all([loadModelArgument(positionals[0]!, io), loadModelArgument(positionals[1]!, io)]);
    const bar = progressBar(io, 'compare');
    let cmp: ModelComparison;
    try {
      cmp = await compareModels(extractLayers(a, extractOptions).layers, extractLayers(b, extractOptions).layers, {
        topSingularValues: top,
        signal: io.signal,
        onProgress: (p) => bar.update(p.fraction, p.layer),
      });
    } finally {
      bar.done();
    }
    if (format === 'json') io.stdout.write(JSON.stringify(cmp, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
    else if (format === 'csv') io.stdout.write(comparisonCsv(cmp));
    else io.stdout.write(comparisonTable(cmp, positionals[0]!, positionals[1]!));
    return 0;
  },
};

const num = (v: number) => (Number.isNaN(v) ? 'NaN' : Math.abs(v) !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3) ? v.toExponential(2) : Number(v.toPrecision(4)).toString());

function comparisonTable(cmp: ModelComparison, a: string, b: string): string {
  const rows = [['name', 'N×M', 'rf', '‖ΔW‖_F', 'relative', 'CKA', 'alpha a', 'alpha b', 'Δalpha', 'top σ a', 'top σ b']];
  for (const l of cmp.layers) {
    rows.push([l.name, `${l.N}×${l.M}`, String(l.rf), num(l.frobenius), num(l.relativeFrobenius), num(l.cka), num(l.alphaA), num(l.alphaB), num(l.alphaChange),
      l.topSingularValuesA.map(num).join(' '), l.topSingularValuesB.map(num).join(' ')]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = [`a: ${a}`, `b: ${b}`, '', ...rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))];
  const s = cmp.summary;
  lines.push('', `summary: ${cmp.layers.length} matched layers; mean ‖ΔW‖_F ${num(s.meanFrobenius)}, relative ${num(s.meanRelativeFrobenius)}, CKA ${num(s.meanCka)}, Δalpha ${num(s.meanAlphaChange)}`);
  if (cmp.unmatchedA.length) lines.push(`only in a (${cmp.unmatchedA.length}): ${cmp.unmatchedA.join(', ')}`);
  if (cmp.unmatchedB.length) lines.push(`only in b (${cmp.unmatchedB.length}): ${cmp.unmatchedB.join(', ')}`);
  return lines.join('\n') + '\n';
}

function comparisonCsv(cmp: ModelComparison): string {
  const cols = ['name', 'nameB', 'kind', 'N', 'M', 'rf', 'frobenius', 'relativeFrobenius', 'cka', 'alphaA', 'alphaB', 'alphaChange', 'topSingularValuesA', 'topSingularValuesB'] as const;
  const cell = (v: unknown) => {
    const s = Array.isArray(v) ? v.join(' ') : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...cmp.layers.map((l) => cols.map((c) => cell(l[c])).join(','))].join('\n') + '\n';
}
