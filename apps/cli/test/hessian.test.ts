// `spectra hessian` end to end on a small MNIST configuration: the numbers it prints are checked
// against an independent route (power iteration on the saved parameters), the JSON contract
// (topEigenvalues descending, outliers an array of their eigenvalues), the plot, and bad usage.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { curvatureOperator, importParameters, multilayerPerceptron, powerIteration } from '@spectra/hessian';
import { loadMnist } from '@spectra/hessian/node';
import { main } from '../src/main.js';
import { recordingIo } from './io.js';

const small = ['--samples-per-class', '20', '--test-per-class', '10', '--hidden', '16,16', '--train-steps', '40', '--lanczos-steps', '20', '--probes', '3', '--top', '12', '--workers', '0'];

describe('spectra hessian', () => {
  it('JSON: descending top eigenvalues that match power iteration on the saved θ; outliers are the top values; class structure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectra-hessian-'));
    const io = recordingIo(dir);
    const code = await main(['hessian', ...small, '--format', 'json', '--save', 'theta.json', '--plot', 'density.svg'], io);
    expect(code, io.err()).toBe(0);
    const out = JSON.parse(io.out());
    expect(out.model.parameters).toBe(13002);
    const top: number[] = out.topEigenvalues;
    expect(top).toHaveLength(12);
    for (let i = 1; i < top.length; i++) expect(top[i]!).toBeLessThanOrEqual(top[i - 1]!);
    expect(Array.isArray(out.outliers)).toBe(true);
    expect(out.outliers).toHaveLength(out.outlierCount);
    expect(out.outliers).toEqual(top.slice(0, out.outlierCount));
    expect(out.expectedOutliers).toBe(9);
    expect(out.classStructure.rank).toBeLessThanOrEqual(90);
    expect(out.classStructure.rankBound).toBe(90);
    expect(out.training.finalLoss).toBeLessThan(out.training.initialLoss);
    expect(out.negativeMass.indexFractions.length).toBe(5);
    expect(out.density.grid.length).toBe(out.density.density.length);
    // Independent route: power iteration (a different algorithm) on the saved parameters.
    const saved = JSON.parse(readFileSync(join(dir, 'theta.json'), 'utf8'));
    const model = multilayerPerceptron([784, 16, 16, 10]);
    const theta = importParameters(model, saved);
    const { train } = await loadMnist({ trainPerClass: 20, testPerClass: 10 });
    const power = await powerIteration(curvatureOperator(model, theta, train), 1, { tolerance: 1e-10, maxIterations: 2000 });
    // A Rayleigh quotient never exceeds λ_max; power iteration creeps up to it slowly (close λ₂).
    expect(power.values[0]!).toBeLessThanOrEqual(top[0]! * (1 + 1e-12));
    expect(Math.abs(power.values[0]! - top[0]!) / top[0]!).toBeLessThan(1e-4);
    const svg = readFileSync(join(dir, 'density.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('outliers');
    expect(io.err()).toContain('[hessian]');
  });

  it('table output and --load: the same θ gives the same spectrum without training', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectra-hessian-'));
    const first = recordingIo(dir);
    expect(await main(['hessian', ...small, '--format', 'json', '--save', 'theta.json'], first)).toBe(0);
    const again = recordingIo(dir);
    expect(await main(['hessian', ...small, '--train-steps', '0', '--load', 'theta.json', '--format', 'json'], again), again.err()).toBe(0);
    expect(JSON.parse(again.out()).topEigenvalues).toEqual(JSON.parse(first.out()).topEigenvalues);
    const table = recordingIo(dir);
    expect(await main(['hessian', ...small, '--train-steps', '0', '--load', 'theta.json'], table)).toBe(0);
    const text = table.out();
    expect(text).toContain('Top 12 eigenvalues of H');
    expect(text).toContain('outliers:');
    expect(text).toContain('rank G_class');
    expect(text).toContain('negative mass');
  });

  it('bad usage exits 2, bad input exits 1 with one line', async () => {
    const io = recordingIo();
    expect(await main(['hessian', '--data', 'cifar'], io)).toBe(2);
    expect(await main(['hessian', '--hidden', '12,x'], recordingIo())).toBe(2);
    expect(await main(['hessian', '--probes', '0'], recordingIo())).toBe(2);
    expect(await main(['hessian', '--format', 'csv'], recordingIo())).toBe(2);
    const missing = recordingIo();
    expect(await main(['hessian', ...small, '--load', 'no-such-file.json'], missing)).toBe(1);
    expect(missing.err().trim().split('\n').filter((l) => !l.startsWith('[hessian]'))).toHaveLength(1);
  });
});
