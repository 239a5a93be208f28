// What `spectra analyze`, `compare` and `smooth` share: the embedded default model, loading a model
// from a path, the `--layers` syntax, and a TTY-aware progress bar on stderr.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { SpectraError } from '@spectra/core';
import type { LayerFilter, LayerKind, LoadedModel } from '@spectra/weights';
import { loadModelFromPath } from '@spectra/weights/node';
import { UsageError, type CliIo } from './command.js';

const DEFAULT_MODEL_PACKAGE = '@upscalerjs/default-model';

/**
 * The float32 TF.js layers model of `@upscalerjs/default-model` (an npm dependency of the CLI): its
 * package root is found from its main entry, so nothing is downloaded at run time.
 */
export function defaultModelPath(): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(DEFAULT_MODEL_PACKAGE);
  } catch {
    throw new SpectraError('E_NOT_FOUND', `the embedded default model (${DEFAULT_MODEL_PACKAGE}) is not installed; run \`npm ci\` or name a model file`);
  }
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === DEFAULT_MODEL_PACKAGE) {
          const model = join(dir, 'models', 'model.json');
          if (!existsSync(model)) throw new SpectraError('E_NOT_FOUND', `${DEFAULT_MODEL_PACKAGE} has no models/model.json at ${dir}`);
          return model;
        }
      } catch (e) {
        if (e instanceof SpectraError) throw e;
      }
    }
    if (dirname(dir) === dir) throw new SpectraError('E_NOT_FOUND', `cannot locate the package root of ${DEFAULT_MODEL_PACKAGE} from ${entry}`);
  }
}

/** Loads a model file or directory relative to the working directory. */
export function loadModelArgument(path: string, io: CliIo): Promise<LoadedModel> {
  return loadModelFromPath(resolve(io.cwd, path));
}

const KINDS = new Set<LayerKind>(['dense', 'conv2d', 'conv1d', 'embedding', 'attention', 'recurrent']);

/**
 * `--layers` syntax: a comma list of ids (`3`), id ranges (`2-5`), names (`fc.weight`), excluded
 * names (`-fc.weight`), kinds (`kind:conv2d`) and regular expressions (`/attn/`, `!/bias/` to exclude).
 */
export function parseLayerFilter(spec: string): LayerFilter {
  const filter: LayerFilter = {};
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (/^\d+$/.test(raw)) (filter.ids ??= []).push(Number(raw));
    else if (/^\d+-\d+$/.test(raw)) {
      const [a, b] = raw.split('-').map(Number) as [number, number];
      if (b < a || b - a > 1e6) throw new UsageError(`--layers: bad range '${raw}'`);
      for (let i = a; i <= b; i++) (filter.ids ??= []).push(i);
    } else if (raw.startsWith('kind:')) {
      const k = raw.slice(5) as LayerKind;
      if (!KINDS.has(k)) throw new UsageError(`--layers: unknown kind '${k}' (expected ${[...KINDS].join(', ')})`);
      (filter.kinds ??= []).push(k);
    } else if (/^!?\/.*\/$/.test(raw)) {
      const exclude = raw.startsWith('!');
      const source = raw.slice(exclude ? 2 : 1, -1);
      try {
        new RegExp(source);
      } catch {
        throw new UsageError(`--layers: '${raw}' is not a valid regular expression`);
      }
      if (exclude) filter.exclude = source;
      else filter.include = source;
    } else (filter.names ??= []).push(raw);
  }
  return filter;
}

/** A progress bar on stderr when it is a terminal; nothing otherwise (logs stay clean). */
export function progressBar(io: CliIo, label: string): { update(fraction: number, detail: string): void; done(): void } {
  if (!io.stderr.isTTY) return { update() {}, done() {} };
  const width = Math.max(10, Math.min(40, (io.stderr.columns ?? 80) - 50));
  let last = '';
  return {
    update(fraction, detail) {
      const filled = Math.round(fraction * width);
      const name = detail.length > 30 ? '…' + detail.slice(-29) : detail;
      const line = `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${name}`;
      if (line !== last) io.stderr.write(line.padEnd(last.length));
      last = line;
    },
    done() {
      if (last) io.stderr.write('\r' + ' '.repeat(last.length) + '\r');
    },
  };
}

/** A positive integer option, or a usage error naming it. */
export function integerOption(value: unknown, name: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${String(value)}'`);
  return n;
}
