// `spectra smooth <file> --out <file>`: WeightWatcher's SVD smoothing (specs/weights.md §10.1): each
// layer replaced by its rank-k truncation, written as safetensors with the other tensors unchanged.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { smoothModel, type SmoothingRule } from '@spectra/weights';
import { UsageError, type CliCommand } from '../command.js';
import { loadModelArgument, parseLayerFilter, progressBar } from '../analysis-support.js';

const HELP = `spectra smooth <file> --out <file.safetensors> [options]

Replaces every weight matrix by its rank-k truncation (WeightWatcher's SVDSmoothing) and writes the
whole model as safetensors; tensors that are not smoothed are copied bit for bit (from a safetensors
input) or re-encoded exactly. Conv kernels are smoothed per slice with k/rf (rounded up).

Options:
  --out FILE                the smoothed model (.safetensors), required
  --rule detx|spikes|tail|fraction
                            k from the detX tail (default), the MP spikes, the power-law tail size,
                            or a fraction of M·rf
  --fraction F              for --rule fraction (default 0.8)
  --method auto|dense|randomized
                            top-k subspace by the Gram eigenvectors or a randomised range finder
  --layers SPEC             which layers (as spectra analyze)
`;

export const smoothCommand: CliCommand = {
  name: 'smooth',
  summary: 'SVD smoothing: rank-k truncation of every layer, written as safetensors',
  help: HELP,
  options: {
    out: { type: 'string' },
    rule: { type: 'string' },
    fraction: { type: 'string' },
    method: { type: 'string' },
    layers: { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UsageError(`expected one model file, got ${positionals.length}`);
    const out = values.out as string | undefined;
    if (!out) throw new UsageError('--out FILE is required');
    const rule = ((values.rule as string | undefined) ?? 'detx') as SmoothingRule;
    if (!['detx', 'spikes', 'tail', 'fraction'].includes(rule)) throw new UsageError(`--rule must be detx, spikes, tail or fraction, got '${rule}'`);
    const fraction = values.fraction === undefined ? undefined : Number(values.fraction);
    if (fraction !== undefined && !(fraction >= 0 && fraction <= 1)) throw new UsageError(`--fraction must be a number in [0, 1], got '${String(values.fraction)}'`);
    const method = (values.method as string | undefined) ?? 'auto';
    if (!['auto', 'dense', 'randomized'].includes(method)) throw new UsageError(`--method must be auto, dense or randomized, got '${method}'`);
    const model = await loadModelArgument(positionals[0]!, io);
    const originalBytes = model.format === 'safetensors' && model.source ? new Uint8Array(await readFile(model.source)) : undefined;
    const bar = progressBar(io, 'smooth');
    let result;
    try {
      result = await smoothModel(model, {
        rule,
        ...(fraction !== undefined ? { fraction } : {}),
        method: method as 'auto' | 'dense' | 'randomized',
        ...(values.layers !== undefined ? { layers: parseLayerFilter(values.layers as string) } : {}),
        ...(originalBytes ? { originalBytes } : {}),
        signal: io.signal,
        onProgress: (p) => bar.update(p.fraction, p.layer),
      });
    } finally {
      bar.done();
    }
    const outPath = resolve(io.cwd, out);
    await writeFile(outPath, result.bytes);
    const lines = [`rule ${rule}: ${result.layers.filter((l) => l.k > 0).length} of ${result.layers.length} layers truncated`];
    for (const l of result.layers) lines.push(`  ${l.name}: ${l.k > 0 ? `rank ${l.k}/${l.M}${l.rf > 1 ? ` per slice (${l.rf} slices)` : ''}, ${(100 * l.keptEnergy).toFixed(1)}% of ‖W‖²_F kept (${l.method})` : 'unchanged'}`);
    lines.push(`wrote ${outPath} (${result.bytes.length} bytes; ${result.copied.length} tensors copied unchanged)`);
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
