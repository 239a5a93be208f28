// `spectra meanfield`: mean-field signal propagation of a deep net at initialisation (specs/free-prob.md
// §4): q*, χ₁, c*, χ_c, the depth scales ξ_q, ξ_c, the phase, and the critical σ_w² for the given σ_b².
import { criticalLine, meanField, type MeanFieldResult } from '@spectra/free-prob';
import { UsageError, type CliCommand } from '../command.js';

const HELP = `spectra meanfield --activation NAME --sigma-w2 S [options]

Mean-field signal propagation through a deep fully connected net at initialisation (Poole et al.
2016, Schoenholz et al. 2017), fan-in units (Var W = σ_w²/N_in, He/PyTorch):
  q*   fixed point of the pre-activation variance map q ↦ σ_w² E[φ(√q ξ)²] + σ_b²
  χ₁   σ_w² E[φ'(√q* ξ)²]: mean squared singular value of one layer's Jacobian
  c*   fixed point of the correlation map (1 in the ordered phase), χ_c its slope there
  ξ_q  depth scale of the length map, ξ_c = −1/log χ_c depth scale of correlations
  phase ordered (χ₁ < 1), chaotic (χ₁ > 1) or critical

Options:
  --activation NAME        linear, relu, leakyRelu(α), hardTanh, hardSine, tanh, erf, sigmoid, gelu, swish
  --sigma-w2 S             weight variance gain σ_w² (> 0)
  --sigma-b2 S             bias variance σ_b² (≥ 0, default 0)
  --input-variance Q       q_in = ‖x₀‖²/N₀ for the per-layer q_l (default 1)
  --depth L                also print q_l and χ_l for layers 1…L
  --format table|json|csv  output (default table)

JSON fields: activation, sigmaW2, sigmaB2, qStar, chi1, cStar, chiC, qMapSlope, xiQ, xiC, phase,
criticalSigmaW2 (σ_w² on the critical line χ₁ = 1 for this σ_b²), layers {q, chi}. Non-finite values
(ξ = ∞ on the critical line, q* = ∞ for a diverging q map) are written as the strings "Infinity"/"NaN".
Exit code: 0 success, 1 bad parameters (one line on stderr), 2 bad usage.
`;

/** A number option (required or with a default), or a usage error naming it. */
export function numberOption(value: unknown, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${String(value)}'`);
  return n;
}

/** A JSON value with non-finite numbers as strings (JSON has no Infinity/NaN). */
export function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v)));
}

/** Formats a number for tables: 10 significant digits, ∞ spelled out. */
export function fmt(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-4 && a < 1e7 ? String(Number(x.toPrecision(10))) : x.toExponential(6);
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const meanfieldCommand: CliCommand = {
  name: 'meanfield',
  summary: 'mean-field signal propagation: q*, χ₁, c*, depth scales ξ_q, ξ_c and the order/chaos phase',
  help: HELP,
  options: {
    activation: { type: 'string' },
    'sigma-w2': { type: 'string' },
    'sigma-b2': { type: 'string' },
    'input-variance': { type: 'string' },
    depth: { type: 'string' },
    format: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const activation = values.activation;
    if (typeof activation !== 'string') throw new UsageError('--activation is required');
    const sigmaW2 = numberOption(values['sigma-w2'], 'sigma-w2');
    const sigmaB2 = numberOption(values['sigma-b2'], 'sigma-b2', 0);
    const inputVariance = numberOption(values['input-variance'], 'input-variance', 1);
    const depthValue = values.depth === undefined ? 0 : numberOption(values.depth, 'depth');
    if (!Number.isSafeInteger(depthValue) || depthValue < 0) throw new UsageError(`--depth must be an integer ≥ 0, got '${String(values.depth)}'`);
    const format = (values.format as string | undefined) ?? 'table';
    if (format !== 'table' && format !== 'json' && format !== 'csv') throw new UsageError(`--format must be table, json or csv, got '${format}'`);
    const r: MeanFieldResult = meanField({ activation, sigmaW2, sigmaB2, inputVariance, depth: depthValue });
    const critical = criticalLine(activation, [sigmaB2])[0]!;
    const record = {
      activation: r.activation,
      sigmaW2: r.sigmaW2,
      sigmaB2: r.sigmaB2,
      qStar: r.qStar,
      chi1: r.chi1,
      cStar: r.cStar,
      chiC: r.chiC,
      qMapSlope: r.qMapSlope,
      xiQ: r.xiQ,
      xiC: r.xiC,
      phase: r.phase,
      criticalSigmaW2: critical.sigmaW2,
      layers: r.layers,
    };
    if (format === 'json') {
      io.stdout.write(JSON.stringify(jsonSafe(record), null, 2) + '\n');
      return 0;
    }
    const rows: Array<[string, string, string]> = [
      ['activation', 'activation', r.activation],
      ['σ_w²', 'sigmaW2', fmt(r.sigmaW2)],
      ['σ_b²', 'sigmaB2', fmt(r.sigmaB2)],
      ['q*', 'qStar', fmt(r.qStar)],
      ['χ₁', 'chi1', fmt(r.chi1)],
      ['c*', 'cStar', fmt(r.cStar)],
      ['χ_c', 'chiC', fmt(r.chiC)],
      ['ξ_q', 'xiQ', fmt(r.xiQ)],
      ['ξ_c', 'xiC', fmt(r.xiC)],
      ['phase', 'phase', r.phase],
      ['critical σ_w² (χ₁ = 1)', 'criticalSigmaW2', fmt(critical.sigmaW2)],
    ];
    r.layers.q.forEach((q, l) => {
      rows.push([`q_${l + 1}`, `q${l + 1}`, fmt(q)]);
      rows.push([`χ_${l + 1}`, `chi${l + 1}`, fmt(r.layers.chi[l]!)]);
    });
    if (format === 'csv') {
      io.stdout.write('field,value\n' + rows.map(([, k, v]) => `${csvField(k)},${csvField(v)}`).join('\n') + '\n');
      return 0;
    }
    const width = Math.max(...rows.map(([label]) => label.length));
    io.stdout.write(`Mean-field signal propagation (fan-in units)\n` + rows.map(([label, , v]) => `  ${label.padEnd(width)}  ${v}`).join('\n') + '\n');
    return 0;
  },
};
