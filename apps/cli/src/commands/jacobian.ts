// `spectra jacobian`: the singular-value spectrum of the input–output Jacobian of a deep fully connected
// net at initialisation (specs/free-prob.md §5–§7): atom at 0, moments, deciles, support edges, the
// mean-field phase and depth scales, a density plot with the Monte-Carlo histogram overlaid.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  jacobianSpectrum,
  meanField,
  monteCarlo,
  thresholdedKolmogorovSmirnov,
  jacobianCdf,
  empiricalQuantiles,
  quantilesFromCdf,
  type JacobianArchitecture,
  type JacobianSpectrum,
  type JacobianMonteCarlo,
} from '@spectra/free-prob';
import { histogram } from '@spectra/core';
import { UsageError, type CliCommand } from '../command.js';
import { renderSvgPlot, type PlotSeries } from '../svg-plot.js';
import { fmt, jsonSafe, numberOption } from './meanfield.js';

const HELP = `spectra jacobian --widths N0,N1,…,NL --activation NAME --sigma-w2 S [options]

Spectrum of JᵀJ for the input–output Jacobian J = D_L W_L ⋯ D_1 W_1 of a deep fully connected net at
initialisation, in the infinite-width limit with the given width ratios (free probability, solved by
the certified Newton-lilypads method): the atom at 0, the mean m₁ and second moment m₂ of the squared
singular values, their deciles, the support edges, and the mean-field phase and depth scales.

Options:
  --widths N0,N1,…,NL      layer widths (input first; depth L ≥ 1)
  --activation NAME        linear, relu, leakyRelu(α), hardTanh, hardSine, tanh, erf, sigmoid, gelu, swish
                           (one, or a comma list with one per layer)
  --sigma-w2 S             weight variance gain σ_w² (one, or one per layer)
  --sigma-b2 S             bias variance σ_b² (default 0; one, or one per layer)
  --input-variance Q       q_in = ‖x₀‖²/N₀ (default 1)
  --normalisation fan-in|fan-out
                           fan-in (default, He/PyTorch): Var W_l = σ_w²/N_{l−1}; fan-out: σ_w²/N_l
  --orthogonal             Haar-orthogonal weights (square layers) instead of Gaussian
  --fixed-point            D-laws of every layer at the mean-field fixed point q* (default: per-layer q_l)
  --format table|json|csv  output (default table)
  --plot FILE.svg          write the density plot (with the Monte-Carlo histogram if --monte-carlo)
  --monte-carlo N          also sample N networks of these widths and compare (KS_τ, moments, deciles)
  --seed S                 first Monte-Carlo seed (default 0)

JSON fields: widths, normalisation, weights, atom, mean, secondMoment, deciles {"0.1": …},
decileUpperBound (levels below the first CDF point), nonZeroDeciles (deciles of the part above the
atom: levels atom + α(1 − atom)), support {lower, upper}, meanField {qStar, chi1,
cStar, chiC, xiQ, xiC, phase}, layers [{lambda, Lambda, sigma2, q, p}], diagnostics, and with
--monte-carlo: monteCarlo {seeds, eigenvalues, zeroFraction, mean, secondMoment, deciles,
ksThresholded, tau}. Non-finite numbers are written as strings ("Infinity").
Exit code: 0 success, 1 bad parameters (one line on stderr), 2 bad usage.
`;

function list(value: unknown, name: string): string[] {
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value.split(',').map((s) => s.trim());
}

function numbers(value: unknown, name: string, fallback?: number): number | number[] {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const parts = list(value, name).map((s) => numberOption(s, name));
  return parts.length === 1 ? parts[0]! : parts;
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export const jacobianCommand: CliCommand = {
  name: 'jacobian',
  summary: 'singular-value spectrum of a deep net\'s input–output Jacobian at initialisation (free probability)',
  help: HELP,
  options: {
    widths: { type: 'string' },
    activation: { type: 'string' },
    'sigma-w2': { type: 'string' },
    'sigma-b2': { type: 'string' },
    'input-variance': { type: 'string' },
    normalisation: { type: 'string' },
    normalization: { type: 'string' },
    orthogonal: { type: 'boolean' },
    'fixed-point': { type: 'boolean' },
    format: { type: 'string' },
    plot: { type: 'string' },
    'monte-carlo': { type: 'string' },
    seed: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const widths = list(values.widths, 'widths').map((s) => numberOption(s, 'widths'));
    const activations = list(values.activation, 'activation');
    const sigmaW2 = numbers(values['sigma-w2'], 'sigma-w2');
    const sigmaB2 = numbers(values['sigma-b2'], 'sigma-b2', 0);
    const inputVariance = numberOption(values['input-variance'], 'input-variance', 1);
    const normRaw = (values.normalisation ?? values.normalization ?? 'fan-in') as string;
    if (normRaw !== 'fan-in' && normRaw !== 'fan-out') throw new UsageError(`--normalisation must be fan-in or fan-out, got '${normRaw}'`);
    const normalisation = normRaw === 'fan-in' ? 'fanIn' : 'fanOut';
    const weights = values.orthogonal ? 'orthogonal' : 'gaussian';
    const dLaw = values['fixed-point'] ? 'fixedPoint' : 'perLayer';
    const format = (values.format as string | undefined) ?? 'table';
    if (format !== 'table' && format !== 'json' && format !== 'csv') throw new UsageError(`--format must be table, json or csv, got '${format}'`);
    const mcSeeds = values['monte-carlo'] === undefined ? 0 : numberOption(values['monte-carlo'], 'monte-carlo');
    if (!Number.isSafeInteger(mcSeeds) || mcSeeds < 0) throw new UsageError(`--monte-carlo must be an integer ≥ 0, got '${String(values['monte-carlo'])}'`);
    const seed = numberOption(values.seed, 'seed', 0);
    if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed must be an integer ≥ 0, got '${String(values.seed)}'`);

    const architecture: JacobianArchitecture = {
      widths,
      activation: activations.length === 1 ? activations[0]! : activations,
      sigmaW2,
      sigmaB2,
      inputVariance,
    };
    const spectrum: JacobianSpectrum = jacobianSpectrum(architecture, {
      normalisation,
      weights,
      dLaw,
      quantileLevels: LEVELS,
      signal: io.signal,
    });
    // Mean field of the first layer's activation and gains (fan-in units: σ_w² of a fan-out net is σ²λ).
    const first = spectrum.layers[0]!;
    let meanFieldRecord: Record<string, unknown> | null = null;
    try {
      const mf = meanField({ activation: activations[0]!, sigmaW2: first.sigma2 * first.lambda, sigmaB2: first.sigmaB2 });
      meanFieldRecord = { qStar: mf.qStar, chi1: mf.chi1, cStar: mf.cStar, chiC: mf.chiC, xiQ: mf.xiQ, xiC: mf.xiC, phase: mf.phase };
    } catch {
      meanFieldRecord = null;
    }

    let mc: JacobianMonteCarlo | null = null;
    let mcRecord: Record<string, unknown> | null = null;
    if (mcSeeds > 0) {
      mc = await monteCarlo.jacobianSpectrum(architecture, { seeds: mcSeeds, seed, normalisation, weights, dLaw, signal: io.signal });
      const eig = mc.eigenvalues;
      const n = eig.length;
      let zeros = 0;
      let m1 = 0;
      let m2 = 0;
      for (const v of eig) {
        if (v === 0) zeros++;
        m1 += v / n;
        m2 += (v * v) / n;
      }
      const ks = thresholdedKolmogorovSmirnov(eig, (xs) => jacobianCdf(architecture, xs, { normalisation, weights, dLaw }), mc.zeroThreshold);
      mcRecord = {
        seeds: mcSeeds,
        firstSeed: seed,
        eigenvalues: n,
        zeroFraction: zeros / n,
        mean: m1,
        secondMoment: m2,
        deciles: Object.fromEntries(LEVELS.map((a, i) => [String(a), empiricalQuantiles(eig, LEVELS)[i]])),
        ksThresholded: ks.statistic,
        tau: mc.zeroThreshold,
      };
    }

    // Deciles of the non-zero part (levels atom + α(1 − atom)): informative when the atom dominates.
    const nonZero = quantilesFromCdf(spectrum.cdf.x, spectrum.cdf.F, LEVELS.map((a) => spectrum.atom + a * (1 - spectrum.atom)), spectrum.atom);
    const record = {
      widths,
      normalisation,
      weights,
      atom: spectrum.atom,
      mean: spectrum.mean,
      secondMoment: spectrum.secondMoment,
      deciles: Object.fromEntries(LEVELS.map((a, i) => [String(a), spectrum.quantiles.values[i]])),
      decileUpperBound: Object.fromEntries(LEVELS.map((a, i) => [String(a), spectrum.quantiles.upperBound[i]])),
      nonZeroDeciles: Object.fromEntries(LEVELS.map((a, i) => [String(a), nonZero.values[i]])),
      support: spectrum.support,
      atoms: spectrum.atoms,
      meanField: meanFieldRecord,
      layers: spectrum.layers.map((l) => ({ lambda: l.lambda, Lambda: l.Lambda, sigma2: l.sigma2, sigmaB2: l.sigmaB2, q: l.q, p: l.p, activation: l.activation })),
      diagnostics: {
        solver: spectrum.diagnostics.solver,
        certified: spectrum.diagnostics.certified,
        newtonIterations: spectrum.diagnostics.newtonIterations,
        halvings: spectrum.diagnostics.halvings,
        failures: spectrum.diagnostics.failures,
      },
      monteCarlo: mcRecord,
    };

    if (typeof values.plot === 'string') {
      const series: PlotSeries[] = [];
      if (mc) {
        // Histogram of the non-zero eigenvalues, scaled to their mass so it overlays the continuous density.
        const nonzero = mc.eigenvalues.filter((v) => v > 0 && v <= spectrum.x[spectrum.x.length - 1]!);
        if (nonzero.length > 1) {
          const h = histogram(nonzero, { bins: Math.min(80, Math.max(10, Math.ceil(2 * Math.sqrt(nonzero.length)))), range: [0, spectrum.x[spectrum.x.length - 1]!] });
          const scale = nonzero.length / mc.eigenvalues.length;
          series.push({ kind: 'bars', x: h.edges, y: Array.from(h.density, (d) => d * scale), label: `Monte Carlo (${mcSeeds} network${mcSeeds > 1 ? 's' : ''})`, opacity: 0.35 });
        }
      }
      const positive = Array.from(spectrum.density).map((d) => Math.max(d, 0));
      series.push({ kind: 'line', x: spectrum.x, y: positive, label: 'free probability (continuous part)' });
      // Log density axis: the density is singular at 0 for deep nets and spans decades.
      const top = Math.max(...positive);
      const svg = renderSvgPlot({
        yScale: 'log',
        yRange: [top * 1e-4, top * 1.5],
        title: `Jacobian spectrum: widths ${widths.join(',')}, ${activations.join(',')}, σ_w² = ${Array.isArray(sigmaW2) ? sigmaW2.join(',') : sigmaW2} (${normRaw})`,
        xLabel: 'squared singular value of J',
        yLabel: 'density',
        series,
        notes: [`atom at 0: ${fmt(spectrum.atom)}`, `m₁ = ${fmt(spectrum.mean)}, m₂ = ${fmt(spectrum.secondMoment)}`, `x₊ = ${fmt(spectrum.support.upper)}`],
      });
      await writeFile(resolve(io.cwd, values.plot), svg);
    }

    if (format === 'json') {
      io.stdout.write(JSON.stringify(jsonSafe(record), null, 2) + '\n');
      return 0;
    }
    const rows: Array<[string, string, string]> = [
      ['atom at 0', 'atom', fmt(spectrum.atom)],
      ['mean m₁', 'mean', fmt(spectrum.mean)],
      ['second moment m₂', 'secondMoment', fmt(spectrum.secondMoment)],
      ...LEVELS.map((a, i): [string, string, string] => [
        `decile ${a}`,
        `decile${a}`,
        (spectrum.quantiles.upperBound[i] ? '≤ ' : '') + fmt(spectrum.quantiles.values[i]!),
      ]),
      ...(spectrum.atom > 0
        ? LEVELS.map((a, i): [string, string, string] => [`non-zero part decile ${a}`, `nonZeroDecile${a}`, (nonZero.upperBound[i] ? '≤ ' : '') + fmt(nonZero.values[i]!)])
        : []),
      ['support lower edge', 'supportLower', fmt(spectrum.support.lower)],
      ['support upper edge', 'supportUpper', fmt(spectrum.support.upper)],
    ];
    if (meanFieldRecord) {
      rows.push(['mean-field phase', 'phase', String(meanFieldRecord.phase)]);
      rows.push(['χ₁', 'chi1', fmt(meanFieldRecord.chi1 as number)]);
      rows.push(['q*', 'qStar', fmt(meanFieldRecord.qStar as number)]);
      rows.push(['depth scale ξ_q', 'xiQ', fmt(meanFieldRecord.xiQ as number)]);
      rows.push(['depth scale ξ_c', 'xiC', fmt(meanFieldRecord.xiC as number)]);
    }
    if (mcRecord) {
      rows.push(['Monte Carlo: zero fraction', 'mcZeroFraction', fmt(mcRecord.zeroFraction as number)]);
      rows.push(['Monte Carlo: mean', 'mcMean', fmt(mcRecord.mean as number)]);
      rows.push(['Monte Carlo: second moment', 'mcSecondMoment', fmt(mcRecord.secondMoment as number)]);
      rows.push(['Monte Carlo: KS_τ', 'mcKsThresholded', fmt(mcRecord.ksThresholded as number)]);
    }
    if (format === 'csv') {
      io.stdout.write('field,value\n' + rows.map(([, k, v]) => `${csvField(k)},${csvField(v)}`).join('\n') + '\n');
      return 0;
    }
    const width = Math.max(...rows.map(([label]) => label.length));
    io.stdout.write(
      `Jacobian spectrum of JᵀJ (widths ${widths.join(',')}, ${normRaw}, ${weights} weights)\n` +
        rows.map(([label, , v]) => `  ${label.padEnd(width)}  ${v}`).join('\n') +
        '\n',
    );
    return 0;
  },
};
