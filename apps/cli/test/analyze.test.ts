// `spectra analyze`, `compare` and `smooth` end to end through `main()`, on the embedded default
// model, the WeightWatcher reference matrices and small safetensors files made here.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { randomGaussian } from '@spectra/core';
import { loadModel, writeSafetensors } from '@spectra/weights';
import { main } from '../src/main.js';
import { recordingIo } from './io.js';

const reference = fileURLToPath(new URL('../../../reference/weights/', import.meta.url));
const wwReference = JSON.parse(readFileSync(join(reference, 'ww_default_analyze.json'), 'utf8'));

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'spectra-cli-'));
}

function twoModels(dir: string): { a: string; b: string } {
  const w = randomGaussian(120, 60, { seed: 1 });
  const d = randomGaussian(120, 60, { seed: 2 });
  const conv = randomGaussian(16, 12 * 9, { seed: 3 });
  const file = (name: string, scale: number) => {
    const path = join(dir, name);
    writeFileSync(path, writeSafetensors({
      'fc.weight': { dtype: 'float32', shape: [120, 60], data: Float32Array.from(w.data, (x, i) => x + scale * d.data[i]!) },
      'fc.bias': { dtype: 'float32', shape: [4], data: new Float32Array([1, -0, 2, 3]) },
      'conv.weight': { dtype: 'float32', shape: [16, 12, 3, 3], data: Float32Array.from(conv.data) },
    }));
    return path;
  };
  return { a: file('a.safetensors', 0), b: file('b.safetensors', 0.3) };
}

describe('spectra analyze', () => {
  it('with no argument analyses the embedded default model and writes its plots', async () => {
    const cwd = tmp();
    const io = recordingIo(cwd);
    expect(await main(['analyze'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('embedded default model (@upscalerjs/default-model)');
    expect(out).toContain('summary: 12 fitted, 0 failed');
    for (const name of ['F_0/kernel', 'UPN3/kernel']) expect(out).toContain(name);
    const dir = join(cwd, 'spectra-plots');
    expect(out).toContain(`plots: 25 SVG files in ${dir}/`);
    const files = readdirSync(dir);
    expect(files).toContain('alpha.svg');
    expect(files.filter((f) => f.startsWith('esd-'))).toHaveLength(12);
    expect(files.filter((f) => f.startsWith('mp-'))).toHaveLength(12);
    const svg = readFileSync(join(dir, files.find((f) => f.startsWith('esd-'))!), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('power law');
    expect(io.err()).toBe(''); // not a TTY: no progress bar
  });

  it('--format json carries the report field names and WW numbers on the reference matrix', async () => {
    const io = recordingIo(tmp());
    expect(await main(['analyze', join(reference, 'student2_1000x500.npy'), '--format', 'json'], io)).toBe(0);
    const report = JSON.parse(io.out());
    const row = report.layers[0];
    const ww = wwReference.cases[1].details[0];
    expect(Math.abs(row.alpha - ww.alpha)).toBeLessThanOrEqual(1e-6 * ww.alpha);
    expect(row.numPlSpikes).toBe(ww.num_pl_spikes);
    expect(row.phase).toBe('heavy-tailed');
    expect(report.options.mpFit).toBe(true);
  });

  it('--compat weightwatcher --format csv emits WW columns and values', async () => {
    const io = recordingIo(tmp());
    expect(await main(['analyze', join(reference, 'conv_64x32x3x3.npy'), '--compat', 'weightwatcher', '--format', 'csv', '--no-mp-fit'], io)).toBe(0);
    const [header, line] = io.out().trim().split('\n');
    const cols = header!.split(',');
    const values = line!.split(',');
    const ww = wwReference.cases[2].details[0];
    for (const c of ['alpha', 'alpha_weighted', 'log_norm', 'sv_min', 'xmin']) {
      const v = Number(values[cols.indexOf(c)]);
      expect(Math.abs(v - ww[c]), c).toBeLessThanOrEqual(1e-6 * Math.abs(ww[c]));
    }
    expect(values[cols.indexOf('num_pl_spikes')]).toBe(String(ww.num_pl_spikes));
    expect(cols).not.toContain('sigma_mp');
  });

  it('--randomize, --layers, --no-mp-fit, --no-pool, --workers, --out', async () => {
    const cwd = tmp();
    const { a } = twoModels(cwd);
    const io = recordingIo(cwd);
    expect(await main(['analyze', 'a.safetensors', '--randomize', '--format', 'json', '--layers', 'fc.weight', '--out', 'r.json'], io)).toBe(0);
    const report = JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8'));
    expect(report.layers.map((l: { name: string }) => l.name)).toEqual(['fc.weight']);
    expect(report.layers[0].randDistance).toBeGreaterThan(0);
    expect(report.layers[0].trap).toBe(false);
    expect(report.skipped.some((s: { name: string; reason: string }) => s.name === 'conv.weight' && s.reason === 'filtered')).toBe(true);
    const io2 = recordingIo(cwd);
    expect(await main(['analyze', a, '--no-mp-fit', '--no-pool', '--format', 'csv', '--workers', '2'], io2)).toBe(0);
    const rows = io2.out().trim().split('\n');
    expect(rows).toHaveLength(1 + 1 + 9); // header, fc, 9 conv slices
    const header = rows[0]!.split(',');
    expect(rows[1]!.split(',')[header.indexOf('sigmaMp')]).toBe('');
  });

  it('--base analyses the fine-tune delta W − W_base', async () => {
    const cwd = tmp();
    const { a, b } = twoModels(cwd);
    const io = recordingIo(cwd);
    expect(await main(['analyze', b, '--base', a, '--format', 'json', '--no-mp-fit'], io)).toBe(0);
    const report = JSON.parse(io.out());
    const fc = report.layers.find((l: { name: string }) => l.name === 'fc.weight');
    // ΔW = 0.3·D (up to float32 rounding): its Frobenius norm² is Σλ.
    const d = randomGaussian(120, 60, { seed: 2 });
    const expected = d.data.reduce((s, x) => s + (0.3 * x) ** 2, 0);
    expect(Math.abs(fc.norm - expected) / expected).toBeLessThan(1e-5);
    expect(fc.warnings.some((w: string) => w.includes('fine-tune delta'))).toBe(true);
    // conv is identical in both: its delta is zero, an all-zero ESD fails the fit.
    expect(report.layers.find((l: { name: string }) => l.name === 'conv.weight').status).toBe('failed');
  });

  it('bad input: exit 1 and one line; bad usage: exit 2', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'junk.safetensors'), new Uint8Array([1, 2, 3]));
    for (const args of [['analyze', 'missing.safetensors'], ['analyze', 'junk.safetensors']]) {
      const io = recordingIo(cwd);
      expect(await main(args, io)).toBe(1);
      expect(io.err().trim().split('\n')).toHaveLength(1);
      expect(io.err()).toMatch(/^spectra analyze: E_[A-Z_]+: /);
    }
    for (const args of [['analyze', '--format', 'xml'], ['analyze', 'a', 'b'], ['analyze', '--compat', 'ww'], ['analyze', '--workers', '0']]) {
      const io = recordingIo(cwd);
      expect(await main(args, io)).toBe(2);
      expect(io.err().trim().split('\n')).toHaveLength(1);
    }
  });

  it('draws a progress bar on a TTY stderr', async () => {
    const cwd = tmp();
    const { a } = twoModels(cwd);
    let err = '';
    const io = { ...recordingIo(cwd), stderr: { write: (s: string) => (err += s), isTTY: true, columns: 100 } };
    expect(await main(['analyze', a, '--no-mp-fit'], io)).toBe(0);
    expect(err).toContain('analyze [');
    expect(err).toContain('100%');
  });
});

describe('spectra compare', () => {
  it('prints per-layer distances; JSON matches the closed form', async () => {
    const cwd = tmp();
    const { a, b } = twoModels(cwd);
    const io = recordingIo(cwd);
    expect(await main(['compare', a, b], io)).toBe(0);
    expect(io.out()).toContain('fc.weight');
    expect(io.out()).toContain('summary: 2 matched layers');
    const io2 = recordingIo(cwd);
    expect(await main(['compare', a, b, '--format', 'json'], io2)).toBe(0);
    const cmp = JSON.parse(io2.out());
    const conv = cmp.layers.find((l: { name: string }) => l.name === 'conv.weight');
    expect(conv.frobenius).toBe(0);
    expect(conv.cka).toBeCloseTo(1, 12);
    expect(await main(['compare', a], recordingIo(cwd))).toBe(2);
  });
});

describe('spectra smooth', () => {
  it('writes a rank-truncated safetensors model; the bias is copied bit for bit', async () => {
    const cwd = tmp();
    const { a } = twoModels(cwd);
    const io = recordingIo(cwd);
    expect(await main(['smooth', a, '--out', 's.safetensors', '--rule', 'fraction', '--fraction', '0.25'], io)).toBe(0);
    expect(io.out()).toContain('fc.weight: rank 15/60');
    const out = join(cwd, 's.safetensors');
    expect(existsSync(out)).toBe(true);
    const smoothed = await loadModel(new Uint8Array(readFileSync(out)), { name: 's.safetensors' });
    const original = await loadModel(new Uint8Array(readFileSync(a)), { name: 'a.safetensors' });
    const bias = (m: typeof smoothed) => m.tensors.find((t) => t.name === 'fc.bias')!.read();
    expect(Array.from(bias(smoothed))).toEqual(Array.from(bias(original)));
    expect(Object.is(bias(smoothed)[1], -0)).toBe(true);
    expect(smoothed.tensors.map((t) => t.name).sort()).toEqual(original.tensors.map((t) => t.name).sort());
    // Analysing the result: the fc layer has rank 15 (a large zero mass: rank-collapse).
    const io2 = recordingIo(cwd);
    expect(await main(['analyze', 's.safetensors', '--format', 'json', '--layers', 'fc.weight'], io2)).toBe(0);
    const row = JSON.parse(io2.out()).layers[0];
    expect(row.matrixRank).toBe(60); // float32 rounding keeps tiny non-zero singular values
    expect(row.phase).toBe('rank-collapse');
    expect(await main(['smooth', a], recordingIo(cwd))).toBe(2);
  });
});
