// `spectra describe <file|dir>`: what a model file holds and what `spectra analyze` would analyse —
// every layer matrix (name, kind, shape, N, M, Q, receptive field, dtype, quantisation) and every
// tensor left out with its reason — read in milliseconds, without computing any spectrum.
import { extractLayers, type ExtractedLayers, type LayerMatrix, type LoadedModel, type SkippedTensor } from '@spectra/weights';
import { UsageError, type CliCommand, type CliIo } from '../command.js';
import { integerOption, loadModelArgument } from '../analysis-support.js';

const HELP = `spectra describe <file|dir> [options]

Lists the layers of a model as spectra reads them: name, kind (dense, conv2d, conv1d, embedding,
attention, recurrent), tensor shape, N, M, Q = N/M, receptive field rf (conv slices), dtype and
quantisation, then every tensor that is not analysed, with the reason (not-a-matrix, depthwise,
too-small, unsupported-dtype:X…). Nothing is decoded beyond the file's structure, so it answers in
milliseconds. Reads safetensors (also sharded), NumPy .npy/.npz, ONNX, TF.js model.json or weights
manifests, PyTorch .pt/.bin (also sharded) and Keras .h5 (with the optional jsfive).

Options:
  --format table|json|csv   output (default table)
  --min-evals N             smallest M·rf analysed (default 10)
  --max-evals N             largest M·rf analysed (default 15000)
  --compat weightwatcher    skip what WeightWatcher skips (fused in_proj, LSTM/GRU, conv1d; N > 50000)
  --recurrent split|stacked LSTM/GRU gates split (default) or the stored matrix
  --attention split|fused   fused QKV split into Q, K, V (default) or the stored matrix

Exit status: 0, or 1 with one line naming the file and the problem (2 for bad usage).
`;

interface Description {
  source: string;
  format: string;
  parameters: number;
  tensors: number;
  metadata: Record<string, string>;
  warnings: string[];
  layers: ReturnType<typeof layerRow>[];
  skipped: SkippedTensor[];
  readMilliseconds: number;
}

function layerRow(l: LayerMatrix) {
  return {
    layerId: l.layerId,
    name: l.name,
    kind: l.kind,
    shape: l.tensorShape,
    N: l.N,
    M: l.M,
    Q: l.Q,
    rf: l.rf,
    dtype: l.dtype,
    quantization: l.quantized ? quantizationLabel(l) : null,
    ...(l.layout ? { layout: l.layout } : {}),
    ...(l.part ? { part: l.part } : {}),
    ...(l.grouped ? { grouped: true } : {}),
    ...(l.aliases ? { aliases: l.aliases } : {}),
    ...(l.origin.subgraph ? { subgraph: l.origin.subgraph } : {}),
    ...(l.origin.role ? { role: l.origin.role } : {}),
  };
}

function quantizationLabel(l: LayerMatrix): string {
  // The stored integer type and scheme; the decoded (dequantised) values are what the analysis sees.
  return l.quantization ? `${l.quantization.dtype} ${l.quantization.scheme}` : 'quantised';
}

function describeModel(model: LoadedModel, extracted: ExtractedLayers, ms: number): Description {
  return {
    source: model.source,
    format: model.format,
    parameters: model.tensors.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0),
    tensors: model.tensors.length + model.skipped.length,
    metadata: model.metadata,
    warnings: extracted.warnings,
    layers: extracted.layers.map(layerRow),
    skipped: extracted.skipped,
    readMilliseconds: Math.round(ms * 10) / 10,
  };
}

function formatQ(q: number): string {
  return Number.isInteger(q) ? String(q) : q.toFixed(3);
}

function table(d: Description): string {
  const head = ['id', 'name', 'kind', 'shape', 'N', 'M', 'Q', 'rf', 'dtype', 'quantization'];
  const rows = d.layers.map((l) => [String(l.layerId), l.name, l.kind, l.shape.join('×'), String(l.N), String(l.M), formatQ(l.Q), String(l.rf), l.dtype, l.quantization ?? '']);
  const lines: string[] = [];
  lines.push(`${d.source}`);
  lines.push(`format ${d.format} · ${d.tensors} tensors · ${d.parameters.toLocaleString('en-US')} parameters · ${d.layers.length} layers analysed · ${d.skipped.length} left out · read in ${d.readMilliseconds} ms`);
  lines.push('');
  lines.push(...align([head, ...rows], new Set([0, 4, 5, 6, 7])));
  if (d.skipped.length > 0) {
    lines.push('');
    lines.push('not analysed:');
    const srows = d.skipped.map((s) => [s.name, s.reason, s.shape ? s.shape.join('×') : '', s.dtype ?? '']);
    lines.push(...align([['name', 'reason', 'shape', 'dtype'], ...srows], new Set()).map((l) => '  ' + l));
  }
  for (const w of d.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

function align(rows: string[][], right: Set<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join('x') : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(d: Description): string {
  const head = ['layer_id', 'name', 'kind', 'shape', 'N', 'M', 'Q', 'rf', 'dtype', 'quantization', 'status'];
  const rows = d.layers.map((l) => [l.layerId, l.name, l.kind, l.shape, l.N, l.M, l.Q, l.rf, l.dtype, l.quantization, 'analysed']);
  for (const s of d.skipped) rows.push([s.layerId ?? '', s.name, s.kind ?? '', s.shape ?? '', s.N ?? '', s.M ?? '', s.N && s.M ? s.N / s.M : '', '', s.dtype ?? '', '', s.reason]);
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export const describeCommand: CliCommand = {
  name: 'describe',
  summary: 'list the layers and skipped tensors of a model file, without computing spectra',
  help: HELP,
  options: {
    format: { type: 'string' },
    'min-evals': { type: 'string' },
    'max-evals': { type: 'string' },
    compat: { type: 'string' },
    recurrent: { type: 'string' },
    attention: { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, io: CliIo) {
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name a model file or directory' : 'describe takes one file or directory');
    const format = (values.format as string | undefined) ?? 'table';
    if (format !== 'table' && format !== 'json' && format !== 'csv') throw new UsageError(`--format must be table, json or csv, not '${format}'`);
    const compat = values.compat as string | undefined;
    if (compat !== undefined && compat !== 'weightwatcher') throw new UsageError(`--compat must be 'weightwatcher', not '${compat}'`);
    const recurrent = values.recurrent as string | undefined;
    if (recurrent !== undefined && recurrent !== 'split' && recurrent !== 'stacked') throw new UsageError(`--recurrent must be split or stacked, not '${recurrent}'`);
    const attention = values.attention as string | undefined;
    if (attention !== undefined && attention !== 'split' && attention !== 'fused') throw new UsageError(`--attention must be split or fused, not '${attention}'`);
    const t0 = performance.now();
    const model = await loadModelArgument(positionals[0]!, io);
    const extracted = extractLayers(model, {
      ...(values['min-evals'] !== undefined ? { minEvals: integerOption(values['min-evals'], 'min-evals')! } : {}),
      ...(values['max-evals'] !== undefined ? { maxEvals: integerOption(values['max-evals'], 'max-evals')! } : {}),
      ...(compat ? { compat: 'weightwatcher' as const } : {}),
      ...(recurrent ? { recurrent: recurrent as 'split' | 'stacked' } : {}),
      ...(attention ? { attention: attention as 'split' | 'fused' } : {}),
    });
    const d = describeModel(model, extracted, performance.now() - t0);
    io.stdout.write(format === 'json' ? JSON.stringify(d, null, 2) + '\n' : format === 'csv' ? csv(d) : table(d));
    return 0;
  },
};
