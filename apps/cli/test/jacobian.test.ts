import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { recordingIo } from './io.js';

// Closed forms (specs/free-prob.md §5): ReLU He square L = 4 has atom ½, m₁ = 1, m₂ = 1 + 2L = 9, and
// the reference file relu_L4_square_he_fanout.json gives x₊ = 21.858249318046905 and the deciles.
describe('spectra jacobian', () => {
  it('prints the summary of a He-initialised ReLU net (closed forms and reference deciles)', async () => {
    const io = recordingIo();
    expect(await main(['jacobian', '--widths', '500,500,500,500,500', '--activation', 'relu', '--sigma-w2', '2', '--format', 'json'], io)).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.atom).toBeCloseTo(0.5, 14);
    expect(r.mean).toBeCloseTo(1, 14);
    expect(r.secondMoment).toBeCloseTo(9, 12);
    expect(r.support.upper).toBeCloseTo(21.858249318046905, 10);
    expect(r.deciles['0.5']).toBe(0);
    expect(Math.abs(r.deciles['0.9'] / 3.0417300407217325 - 1)).toBeLessThan(1e-6);
    expect(Math.abs(r.deciles['0.7'] / 0.07688774998892033 - 1)).toBeLessThan(1e-6);
    expect(r.meanField.phase).toBe('critical');
    expect(r.diagnostics.certified).toBe(true);
    expect(r.normalisation).toBe('fanIn');
  });

  it('fan-in and fan-out differ by the width ratios (ν_in is ν_out pushed by t ↦ t/Λ_L for ReLU)', async () => {
    const a = recordingIo();
    const b = recordingIo();
    expect(await main(['jacobian', '--widths', '400,500,625', '--activation', 'relu', '--sigma-w2', '2', '--format', 'json'], a)).toBe(0);
    expect(await main(['jacobian', '--widths', '400,500,625', '--activation', 'relu', '--sigma-w2', '2', '--normalisation', 'fan-out', '--format', 'json'], b)).toBe(0);
    const fanIn = JSON.parse(a.out());
    const fanOut = JSON.parse(b.out());
    const LambdaL = 400 / 625;
    expect(fanIn.mean).toBeCloseTo(fanOut.mean / LambdaL, 12);
    expect(fanIn.deciles['0.9']).toBeCloseTo(fanOut.deciles['0.9'] / LambdaL, 8);
  });

  it('table and CSV outputs carry the same numbers; --plot writes an SVG with the Monte-Carlo overlay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectra-jacobian-'));
    const io = recordingIo(dir);
    expect(await main(['jacobian', '--widths', '300,300,300', '--activation', 'hardTanh', '--sigma-w2', '1.5', '--sigma-b2', '0.05', '--plot', 'j.svg', '--monte-carlo', '2'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/atom at 0\s+0\.\d+/);
    expect(out).toMatch(/Monte Carlo: KS_τ\s+0\.0\d+/);
    const svg = readFileSync(join(dir, 'j.svg'), 'utf8');
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('Monte Carlo (2 networks)');
    const csv = recordingIo(dir);
    expect(await main(['jacobian', '--widths', '300,300,300', '--activation', 'hardTanh', '--sigma-w2', '1.5', '--sigma-b2', '0.05', '--format', 'csv'], csv)).toBe(0);
    const atomTable = /atom at 0\s+(\S+)/.exec(out)![1];
    expect(csv.out()).toContain(`atom,${atomTable}`);
  });

  it('Monte Carlo agrees with the theory (KS_τ below 1/√n)', async () => {
    const io = recordingIo();
    expect(await main(['jacobian', '--widths', '400,400,400', '--activation', 'relu', '--sigma-w2', '2', '--monte-carlo', '3', '--seed', '7', '--format', 'json'], io)).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.monteCarlo.eigenvalues).toBe(1200);
    expect(r.monteCarlo.ksThresholded).toBeLessThan(1 / Math.sqrt(1200));
    expect(Math.abs(r.monteCarlo.mean - r.mean)).toBeLessThan(0.1);
  });

  it('rejects absurd parameters with one line and a non-zero exit', async () => {
    for (const argv of [
      ['jacobian', '--widths', '784,1000,0,10', '--activation', 'relu', '--sigma-w2', '2'],
      ['jacobian', '--widths', '784', '--activation', 'relu', '--sigma-w2', '2'],
      ['jacobian', '--widths', '784,100', '--activation', 'relu', '--sigma-w2=-2'],
      ['jacobian', '--widths', '784,100', '--activation', 'relu', '--sigma-w2', '2', '--sigma-b2=-1'],
      ['jacobian', '--widths', '784,100', '--activation', 'relu', '--sigma-w2', 'abc'],
      ['jacobian', '--widths', '784,100', '--activation', 'relu', '--sigma-w2', '2', '--orthogonal'],
      ['jacobian', '--widths', '784,100', '--activation', 'relu', '--sigma-w2', '2', '--normalisation', 'sideways'],
      ['jacobian', '--activation', 'relu', '--sigma-w2', '2'],
    ]) {
      const io = recordingIo();
      expect(await main(argv, io)).not.toBe(0);
      expect(io.err().trim().split('\n')).toHaveLength(1);
    }
  });
});
