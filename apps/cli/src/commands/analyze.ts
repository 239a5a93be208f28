// `spectra analyze [file|dir]`: WeightWatcher-class diagnostics of a model's layers (specs/weights.md).
// Without an argument it analyses the embedded default model (@upscalerjs/default-model, a float32
// TF.js layers model installed with the CLI) and writes its plots to ./spectra-plots/.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  alphaPlot,
  analyzeModel,
  esdPlot,
  extractLayers,
  fineTuneDeltas,
  loraLayers,
  marchenkoPasturPlot,
  reportToCsv,
  reportToJson,
  reportToTable,
  toWeightWatcherTable,
  weightWatcherTableToCsv,
  type AnalysisInput,
  type AnalysisOptions,
  type ModelReport,
} from '@spectra/weights';
import { createNodeAnalysisPool, isLoraAdapterPath, loadLoraAdapterFromPath } from '@spectra/weights/node';
import { UsageError, type CliCommand, type CliIo } from '../command.js';
import { renderSvgPlot, type PlotSpec } from '../svg-plot.js';
import { defaultModelPath, integerOption, loadModelArgument, parseLayerFilter, progressBar } from '../analysis-support.js';

const HELP = `spectra analyze [file|dir] [options]

Heavy-tailed self-regularisation analysis of every weight matrix of a model, without any data:
ESD, power-law α (WeightWatcher's fit), norms, MP fit with spikes, phase, and a model summary.
Reads safetensors (also sharded), NumPy .npy/.npz, ONNX, TF.js (model.json), PyTorch .pt/.bin, and
PEFT LoRA adapters (a directory with adapter_config.json). With no file, analyses the embedded default
model (@upscalerjs/default-model) and writes its plots to ./spectra-plots/.

Options:
  --format table|json|csv    output (default table); JSON/CSV use the report's field names
  --compat weightwatcher     WeightWatcher 0.7.5.5's quirks and column names (for existing notebooks)
  --plots DIR                write SVG plots: ESD (log-log, power law, xmin), MP fit, alpha per layer
  --no-plots                 no plots, even for the default model
  --randomize                randomised ESDs, rand_distance and correlation traps
  --replicates N             randomisation replicates (mean, sd, min, max; default 1)
  --seed N                   randomisation seed (default 0)
  --no-mp-fit                skip the Marchenko–Pastur fit (phases then stay undetermined above α 6)
  --vectors                  eigenvector localisation metrics
  --fit pl|tpl               power law (default) or also the truncated power law with its LR test
  --fix-fingers clip-xmax|xmin-peak
  --xmax K                   drop the top K eigenvalues before fitting
  --no-pool                  one row per conv slice
  --layers SPEC              ids (3, 2-5), names (fc.weight, -fc.weight), kind:conv2d, /regex/, !/regex/
  --min-evals N, --max-evals N
  --base FILE                analyse W − W_base (fine-tune deltas), or W_base + B·A for a LoRA adapter
  --workers N                analyse layers in N worker threads (same numbers)
  --out FILE                 write the table/JSON/CSV to FILE instead of stdout
Exit code: 0 success, 1 bad input (one line on stderr), 2 bad usage.
`;

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'analyse the weight matrices of a model (power-law α, norms, MP fit, phases)',
  help: HELP,
  options: {
    format: { type: 'string' },
    compat: { type: 'string' },
    plots: { type: 'string' },
    'no-plots': { type: 'boolean' },
    randomize: { type: 'boolean' },
    replicates: { type: 'string' },
    seed: { type: 'string' },
    'mp-fit': { type: 'boolean' },
    'no-mp-fit': { type: 'boolean' },
    vectors: { type: 'boolean' },
    fit: { type: 'string' },
    'fix-fingers': { type: 'string' },
    xmax: { type: 'string' },
    'no-pool': { type: 'boolean' },
    layers: { type: 'string' },
    'min-evals': { type: 'string' },
    'max-evals': { type: 'string' },
    base: { type: 'string' },
    workers: { type: 'string' },
    out: { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError(`expected at most one model file or directory, got ${positionals.length}`);
    const format = (values.format as string | undefined) ?? 'table';
    if (!['table', 'json', 'csv'].includes(format)) throw new UsageError(`--format must be table, json or csv, got '${format}'`);
    const compat = values.compat as string | undefined;
    if (compat !== undefined && compat !== 'weightwatcher') throw new UsageError(`--compat must be 'weightwatcher', got '${compat}'`);
    const fit = (values.fit as string | undefined) ?? 'pl';
    if (fit !== 'pl' && fit !== 'tpl') throw new UsageError(`--fit must be pl or tpl, got '${fit}'`);
    const fixFingers = values['fix-fingers'] as string | undefined;
    if (fixFingers !== undefined && fixFingers !== 'clip-xmax' && fixFingers !== 'xmin-peak') throw new UsageError(`--fix-fingers must be clip-xmax or xmin-peak, got '${fixFingers}'`);
    if (values['mp-fit'] && values['no-mp-fit']) throw new UsageError('--mp-fit and --no-mp-fit contradict each other');
    const workers = integerOption(values.workers, 'workers', 1);
    const replicates = integerOption(values.replicates, 'replicates', 1);
    const seed = integerOption(values.seed, 'seed', 0);

    const usingDefault = positionals.length === 0;
    const path = usingDefault ? defaultModelPath() : positionals[0]!;
    let plotsDir = values.plots as string | undefined;
    if (usingDefault && plotsDir === undefined && !values['no-plots']) plotsDir = 'spectra-plots';
    if (values['no-plots']) plotsDir = undefined;

    const options: AnalysisOptions = {
      ...(compat ? { compat: 'weightwatcher' as const } : {}),
      fit: fit === 'tpl' ? 'truncated-power-law' : 'power-law',
      ...(fixFingers ? { fixFingers: fixFingers as 'clip-xmax' | 'xmin-peak' } : {}),
      ...(values.xmax !== undefined ? { xmax: integerOption(values.xmax, 'xmax', 0)! } : {}),
      mpFit: !values['no-mp-fit'],
      ...(values.randomize || replicates !== undefined ? { randomize: { replicates: replicates ?? 1, seed: seed ?? 0 } } : {}),
      vectors: Boolean(values.vectors),
      pool: !values['no-pool'],
      ...(values.layers !== undefined ? { layers: parseLayerFilter(values.layers as string) } : {}),
      ...(values['min-evals'] !== undefined ? { minEvals: integerOption(values['min-evals'], 'min-evals', 0)! } : {}),
      ...(values['max-evals'] !== undefined ? { maxEvals: integerOption(values['max-evals'], 'max-evals', 1)! } : {}),
      keepEsd: plotsDir !== undefined,
    };

    const input = await loadInput(path, values.base as string | undefined, io, options);
    const bar = progressBar(io, 'analyze');
    const pool = workers && workers > 1 ? createNodeAnalysisPool(workers) : undefined;
    let report: ModelReport;
    try {
      report = await analyzeModel(input, { ...options, signal: io.signal, workers: pool, onProgress: (p) => bar.update(p.fraction, p.layer) });
    } finally {
      bar.done();
      await pool?.terminate();
    }

    let text: string;
    if (compat) {
      const table = toWeightWatcherTable(report);
      text = format === 'csv' ? weightWatcherTableToCsv(table) : format === 'json' ? JSON.stringify({ details: table.rows, summary: table.summary }, jsonSafe, 2) + '\n' : weightWatcherText(table);
    } else {
      text = format === 'json' ? reportToJson(report) + '\n' : format === 'csv' ? reportToCsv(report) : reportHeader(report, usingDefault) + reportToTable(report);
    }
    if (values.out) {
      const outPath = resolve(io.cwd, values.out as string);
      await writeFile(outPath, text);
      io.stderr.write(`wrote ${outPath}\n`);
    } else io.stdout.write(text);

    if (plotsDir !== undefined) {
      const dir = resolve(io.cwd, plotsDir);
      const count = await writePlots(report, dir);
      const note = `plots: ${count} SVG files in ${dir}${dir.endsWith('/') ? '' : '/'} (alpha.svg, esd-*.svg, mp-*.svg)\n`;
      // Keep machine-readable stdout clean.
      if (format === 'table' && !values.out) io.stdout.write(note);
      else io.stderr.write(note);
    }
    return 0;
  },
};

async function loadInput(path: string, base: string | undefined, io: CliIo, options: AnalysisOptions): Promise<AnalysisInput> {
  const full = resolve(io.cwd, path);
  const extractOptions = { ...(options.pool === false ? { pool: false } : {}), ...(options.compat ? { compat: 'weightwatcher' as const } : {}) };
  if (await isLoraAdapterPath(full)) {
    const { adapter, config } = await loadLoraAdapterFromPath(full);
    const baseLayers = base ? extractLayers(await loadModelArgument(base, io), extractOptions).layers : undefined;
    return loraLayers(adapter, config, baseLayers ? { base: baseLayers } : {});
  }
  const model = await loadModelArgument(path, io);
  if (!base) return model;
  const baseModel = await loadModelArgument(base, io);
  return fineTuneDeltas(extractLayers(model, extractOptions).layers, extractLayers(baseModel, extractOptions).layers);
}

function reportHeader(report: ModelReport, usingDefault: boolean): string {
  const src = report.source ?? 'layers';
  return `${usingDefault ? 'embedded default model (@upscalerjs/default-model): ' : ''}${src}${report.format ? ` [${report.format}]` : ''}\n\n`;
}

function jsonSafe(_k: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? null : String(v)) : v;
}

function weightWatcherText(table: ReturnType<typeof toWeightWatcherTable>): string {
  const cols = table.columns;
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString()) : String(v));
  const rows = [cols, ...table.rows.map((r) => cols.map((c) => cell(r[c] ?? '')))];
  const widths = cols.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => c.padStart(widths[i]!)).join(' '));
  lines.push('', 'summary: ' + Object.entries(table.summary).map(([k, v]) => `${k}=${cell(v)}`).join(' '));
  return lines.join('\n') + '\n';
}

function safeFileName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
}

async function writePlots(report: ModelReport, dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  let count = 0;
  const write = async (file: string, spec: PlotSpec) => {
    await writeFile(join(dir, file), renderSvgPlot(spec));
    count++;
  };
  await write('alpha.svg', alphaPlot(report));
  for (const l of report.layers) {
    if (!l.esd) continue;
    const id = `${String(l.layerId).padStart(3, '0')}${l.sliceId !== null ? '-' + l.sliceId : ''}-${safeFileName(l.name)}`;
    await write(`esd-${id}.svg`, esdPlot(l));
    if (l.mpDensity) await write(`mp-${id}.svg`, marchenkoPasturPlot(l));
  }
  return count;
}
