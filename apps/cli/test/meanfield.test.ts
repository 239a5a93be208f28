import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { recordingIo } from './io.js';

// Reference values: reference/free-prob/mean_field.json (tanh, σ_w² = 1.5, σ_b² = 0.05; GH-120).
describe('spectra meanfield', () => {
  it('prints q*, χ₁, c*, ξ_q, ξ_c and the phase (table) matching the reference file', async () => {
    const io = recordingIo();
    expect(await main(['meanfield', '--activation', 'tanh', '--sigma-w2', '1.5', '--sigma-b2', '0.05'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/q\*\s+0\.4180372005/);
    expect(out).toMatch(/χ₁\s+0\.9386362682/);
    expect(out).toMatch(/c\*\s+1\n/);
    expect(out).toMatch(/ξ_q\s+1\.682828389/);
    expect(out).toMatch(/ξ_c\s+15\.79099403/);
    expect(out).toMatch(/phase\s+ordered/);
  });

  it('writes the documented JSON fields', async () => {
    const io = recordingIo();
    expect(await main(['meanfield', '--activation', 'tanh', '--sigma-w2', '0.8', '--sigma-b2', '0.05', '--format', 'json', '--depth', '3'], io)).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.qStar).toBeCloseTo(0.13808027796631228, 12);
    expect(r.chi1).toBeCloseTo(0.6468385133534245, 12);
    expect(r.xiQ).toBeCloseTo(1.5143734310127268, 10);
    expect(r.xiC).toBeCloseTo(2.295375278409915, 10);
    expect(r.phase).toBe('ordered');
    expect(r.criticalSigmaW2).toBeCloseTo(1.7609546396067337, 8);
    expect(r.layers.q).toHaveLength(3);
    // q₁ = σ_w² q_in + σ_b² = 0.85.
    expect(r.layers.q[0]).toBeCloseTo(0.85, 14);
  });

  it('reports the critical line as non-finite depth scales in JSON (strings) and CSV', async () => {
    const io = recordingIo();
    expect(await main(['meanfield', '--activation', 'relu', '--sigma-w2', '2', '--format', 'json'], io)).toBe(0);
    const r = JSON.parse(io.out());
    expect(r.phase).toBe('critical');
    expect(r.chi1).toBe(1);
    expect(r.xiC).toBe('Infinity');
    const csv = recordingIo();
    expect(await main(['meanfield', '--activation', 'relu', '--sigma-w2', '3', '--format', 'csv'], csv)).toBe(0);
    expect(csv.out()).toMatch(/^field,value\n/);
    expect(csv.out()).toMatch(/phase,chaotic/);
    expect(csv.out()).toMatch(/chi1,1\.5/);
  });

  it('rejects bad parameters with one line and a non-zero exit', async () => {
    for (const argv of [
      ['meanfield', '--activation', 'tanh', '--sigma-w2=-1'],
      ['meanfield', '--activation', 'tanh', '--sigma-w2', '1', '--sigma-b2=-0.1'],
      ['meanfield', '--activation', 'softplusplus', '--sigma-w2', '1'],
      ['meanfield', '--activation', 'tanh', '--sigma-w2', 'NaN'],
      ['meanfield', '--activation', 'tanh'],
    ]) {
      const io = recordingIo();
      expect(await main(argv, io)).not.toBe(0);
      expect(io.err().trim().split('\n')).toHaveLength(1);
    }
  });
});
