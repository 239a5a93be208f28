// Plot-ready series of a report (specs/weights.md §1, step 4): the ESD histogram on log axes with
// the fitted power law and xmin, the MP fit on linear axes, and α per layer. Plain data shaped like
// the CLI's `PlotSpec`, so any renderer (the CLI's SVG, a notebook, a chart library) can draw it.
import { histogram, SpectraError } from '@spectra/core';
import type { LayerReport } from './layer-report.js';
import type { ModelReport } from './analyze-model.js';

/** Axis scale of a plot (the same values as core's `AxisScale`). */
export type PlotAxisScale = 'linear' | 'log' | 'symlog';

/** One series of a plot: plain arrays, ready for `renderSvgPlot` (core) or any chart library. */
export interface PlotSeriesData {
  /** 'bars': x holds n + 1 edges and y n heights; 'vline': vertical markers at x. */
  kind: 'line' | 'points' | 'bars' | 'vline';
  x: number[];
  /** Heights (bars), values (line, points); absent for vlines. */
  y?: number[];
  /** Legend text. */
  label?: string;
  /** CSS colour. */
  color?: string;
  /** Draw the line dashed. */
  dashed?: boolean;
}

/** A plot-ready description of one figure; it satisfies core's `PlotSpec`, so `renderSvgPlot(plot)` draws it. */
export interface PlotData {
  title: string;
  xLabel: string;
  yLabel: string;
  xScale: PlotAxisScale;
  yScale: PlotAxisScale;
  series: PlotSeriesData[];
  /** Text lines to show beside the plot (fit results). */
  notes: string[];
  /** Fixed axis ranges, when the data's extent would crowd the frame. */
  xRange?: [number, number];
  yRange?: [number, number];
}

function needEsd(layer: LayerReport, what: string): Float64Array {
  if (!layer.esd) throw new SpectraError('E_ARGUMENT', `${what}: layer '${layer.name}' has no ESD kept; analyse with { keepEsd: true }`);
  return layer.esd;
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));

/**
 * The ESD as a density histogram on log-log axes (log-spaced bins over the positive eigenvalues),
 * the fitted power law p(x) = (α−1)/xmin·(x/xmin)^−α scaled by the tail's share of the ESD, and
 * xmin as a marker. `E_ARGUMENT` unless the report was made with `keepEsd: true`.
 *
 * @example
 * ```ts
 * import { randomGaussian, renderSvgPlot } from '@spectra/core';
 * import { analyzeModel, esdPlot, loadModel, writeNpy } from '@spectra/weights';
 * const w = randomGaussian(200, 100, { seed: 1 });
 * const report = await analyzeModel(await loadModel(writeNpy({ shape: [200, 100], data: w.data }), { name: 'w.npy' }), { keepEsd: true });
 * const plot = esdPlot(report.layers[0]);
 * [plot.xScale, plot.yScale];     // ['log', 'log']
 * plot.series.map((s) => s.kind); // ['bars', 'line', 'vline']: ESD, fitted power law, xmin
 * plot.notes[1];                  // 'α = 9.451 ± 2.548, D = 0.1545'
 * renderSvgPlot(plot).startsWith('<svg'); // true
 * ```
 */
export function esdPlot(layer: LayerReport, bins = 100): PlotData {
  const esd = needEsd(layer, 'esdPlot');
  const positive = Array.from(esd).filter((v) => v > 0);
  const series: PlotSeriesData[] = [];
  if (positive.length > 0) {
    const h = histogram(positive, { bins: Math.min(bins, Math.max(1, positive.length)), scale: 'log' });
    series.push({ kind: 'bars', x: Array.from(h.edges), y: Array.from(h.density), label: 'ESD', color: '#1f77b4' });
  }
  const notes = [`N×M = ${layer.N}×${layer.M}, rf = ${layer.rf}`];
  if (layer.status === 'success') {
    const { alpha, xmin, xmax } = layer;
    const share = layer.numPlSpikes / esd.length;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i <= 60; i++) {
      const x = xmin * (xmax / xmin) ** (i / 60);
      xs.push(x);
      ys.push(share * ((alpha - 1) / xmin) * (x / xmin) ** -alpha);
    }
    series.push({ kind: 'line', x: xs, y: ys, label: `power law α = ${fmt(alpha)}`, color: '#d62728' });
    series.push({ kind: 'vline', x: [xmin], label: `xmin = ${fmt(xmin)}`, color: '#2ca02c', dashed: true });
    notes.push(`α = ${fmt(alpha)} ± ${fmt(layer.sigma)}, D = ${fmt(layer.D)}`, `tail = ${layer.numPlSpikes} eigenvalues`);
  } else notes.push('power-law fit failed');
  return { title: `ESD of ${layer.name} (log-log)`, xLabel: 'eigenvalue λ of WᵀW', yLabel: 'density', xScale: 'log', yScale: 'log', series, notes };
}

/**
 * The MP fit on linear axes: a histogram of the rescaled ESD (singular values when Q = 1), the
 * Marchenko–Pastur (quarter-circle) density with the fitted σ, the bulk edge λ₊ and the spike
 * threshold λ₊ + √TW. `E_ARGUMENT` unless the report was made with `keepEsd: true` and an MP fit.
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { analyzeModel, loadModel, marchenkoPasturPlot, writeNpy } from '@spectra/weights';
 * const w = randomGaussian(200, 100, { seed: 1 });
 * const report = await analyzeModel(await loadModel(writeNpy({ shape: [200, 100], data: w.data }), { name: 'w.npy' }), { keepEsd: true });
 * const plot = marchenkoPasturPlot(report.layers[0]); // mpFit is on by default
 * plot.xScale;                    // 'linear'
 * plot.series.map((s) => s.kind); // ['bars', 'line', 'vline']: rescaled ESD, MP density, bulk edge
 * plot.notes;                     // ['Q = 2, σ_mp = 0.9742', 'spikes = 0, mp_softrank = 1.034']
 * ```
 */
export function marchenkoPasturPlot(layer: LayerReport, bins = 100): PlotData {
  const esd = needEsd(layer, 'marchenkoPasturPlot');
  const mp = layer.mpDensity;
  if (!mp) throw new SpectraError('E_ARGUMENT', `marchenkoPasturPlot: layer '${layer.name}' has no MP fit (analyse with mpFit: true)`);
  const scale = mp.wScale * mp.wScale;
  const data = Array.from(esd, (v) => (mp.quarterCircle ? Math.sqrt(scale * v) : scale * v));
  const h = histogram(data, { bins: Math.min(bins, Math.max(1, data.length)) });
  const Q = layer.Q;
  const s = mp.sigmaMp;
  const s2 = s * s;
  const hi = Math.max(data.reduce((a, b) => Math.max(a, b), 0), mp.quarterCircle ? 2 * s : mp.lambdaPlus);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i <= 400; i++) {
    const x = (hi * i) / 400;
    let y = 0;
    if (mp.quarterCircle) y = x < 2 * s ? Math.sqrt(4 * s2 - x * x) / (Math.PI * s2) : 0;
    else if (x > mp.lambdaMinus && x < mp.lambdaPlus) y = (Q / (2 * Math.PI * s2 * x)) * Math.sqrt((mp.lambdaPlus - x) * (x - mp.lambdaMinus));
    xs.push(x);
    ys.push(y);
  }
  const edge = mp.quarterCircle ? Math.sqrt(mp.lambdaPlus) : mp.lambdaPlus;
  return {
    title: `MP fit of ${layer.name}`,
    xLabel: mp.quarterCircle ? 'rescaled singular value' : 'rescaled eigenvalue λ′',
    yLabel: 'density',
    xScale: 'linear',
    yScale: 'linear',
    series: [
      { kind: 'bars', x: Array.from(h.edges), y: Array.from(h.density), label: 'ESD', color: '#1f77b4' },
      { kind: 'line', x: xs, y: ys, label: `MP σ = ${fmt(s)}`, color: '#d62728' },
      { kind: 'vline', x: [edge], label: 'bulk edge λ₊', color: '#ff7f0e', dashed: true },
    ],
    notes: [`Q = ${fmt(Q)}, σ_mp = ${fmt(s)}`, `spikes = ${layer.numSpikes ?? 0}, mp_softrank = ${fmt(layer.mpSoftrank ?? NaN)}`],
  };
}

/**
 * α per layer (points for the fitted layers, in report order) with the over-/under-trained bounds
 * 2 and 6. Needs no kept ESD.
 *
 * @example
 * ```ts
 * import { randomGaussian } from '@spectra/core';
 * import { alphaPlot, analyzeModel, loadModel, writeNpy } from '@spectra/weights';
 * const w = randomGaussian(200, 100, { seed: 1 });
 * const report = await analyzeModel(await loadModel(writeNpy({ shape: [200, 100], data: w.data }), { name: 'w.npy' }));
 * const plot = alphaPlot(report);
 * plot.series[0].y; // [9.451164636256713]: α of the one layer
 * plot.notes;       // ['mean α = 9.451 over 1 layers']
 * ```
 */
export function alphaPlot(report: Pick<ModelReport, 'layers'>): PlotData {
  const fitted = report.layers.filter((l) => l.status === 'success');
  const x = fitted.map((_, i) => i);
  const y = fitted.map((l) => l.alpha);
  const n = Math.max(1, fitted.length - 1);
  const finite = y.filter(Number.isFinite);
  const lo = Math.min(1.5, ...finite.map((v) => v - 0.5));
  const hi = Math.max(6.5, ...finite.map((v) => v + 0.5));
  return {
    xRange: [-0.5, n + 0.5],
    yRange: [lo, hi],
    title: 'power-law α per layer',
    xLabel: 'layer (analysis order)',
    yLabel: 'α',
    xScale: 'linear',
    yScale: 'linear',
    series: [
      { kind: 'points', x, y, label: 'α', color: '#1f77b4' },
      { kind: 'line', x: [0, n], y: [2, 2], label: 'α = 2', color: '#d62728', dashed: true },
      { kind: 'line', x: [0, n], y: [6, 6], label: 'α = 6', color: '#ff7f0e', dashed: true },
    ],
    notes: fitted.length ? [`mean α = ${fmt(y.reduce((a, b) => a + b, 0) / y.length)} over ${fitted.length} layers`] : ['no fitted layer'],
  };
}
