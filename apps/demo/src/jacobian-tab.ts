// Jacobian: shape a deep net's input–output Jacobian spectrum with sliders. The density (Newton
// lilypads, @spectra/free-prob) redraws live; the mean-field phase diagram shows the critical line
// and the current point; a Monte-Carlo histogram of a sampled network is drawn on demand.
import { renderSvgPlot, type PlotSeries } from '@spectra/core';
import { criticalLine, jacobianSpectrum, meanField, monteCarlo, type JacobianSpectrum } from '@spectra/free-prob';
import { h, num, setSvg } from './dom.js';

export interface JacobianSettings {
  depth: number;
  width: number;
  /** λ = N_{l−1}/N_l for every layer (1: square). */
  widthRatio: number;
  activation: string;
  sigmaW2: number;
  sigmaB2: number;
  weights: 'gaussian' | 'orthogonal';
  normalisation: 'fanIn' | 'fanOut';
}

/** Widths N₀…N_L for the settings: N_l = round(N_{l−1}/λ), as the spec's Monte-Carlo twin does. */
export function widthsOf(s: JacobianSettings): number[] {
  const widths = [s.width];
  for (let l = 1; l <= s.depth; l++) widths.push(Math.max(1, Math.round(widths[l - 1]! / s.widthRatio)));
  return widths;
}

/** The library call the tab makes (exported so the browser test can recompute it in Node). */
export function computeSpectrum(s: JacobianSettings): JacobianSpectrum {
  return jacobianSpectrum(
    { widths: widthsOf(s), activation: s.activation, sigmaW2: s.sigmaW2, sigmaB2: s.sigmaB2 },
    { grid: { points: 400 }, weights: s.weights, normalisation: s.normalisation },
  );
}

const ACTIVATIONS = ['relu', 'tanh', 'hardTanh', 'linear', 'erf', 'leakyRelu(0.2)', 'hardSine', 'gelu', 'swish', 'sigmoid'];

interface SliderSpec {
  key: keyof JacobianSettings;
  label: string;
  min: number;
  max: number;
  step: number;
}

const SLIDERS: SliderSpec[] = [
  { key: 'depth', label: 'depth L', min: 1, max: 32, step: 1 },
  { key: 'sigmaW2', label: 'σ_w²', min: 0.1, max: 4, step: 0.05 },
  { key: 'sigmaB2', label: 'σ_b²', min: 0, max: 0.5, step: 0.01 },
  { key: 'widthRatio', label: 'width ratio λ = N_{l−1}/N_l', min: 0.5, max: 2, step: 0.05 },
];

export function mountJacobian(panel: HTMLElement): void {
  const settings: JacobianSettings = { depth: 4, width: 1000, widthRatio: 1, activation: 'relu', sigmaW2: 2, sigmaB2: 0, weights: 'gaussian', normalisation: 'fanIn' };
  const controls = h('div', { className: 'row', id: 'jacobian-controls' });
  const outputs = new Map<string, HTMLOutputElement>();
  for (const s of SLIDERS) {
    const input = h('input', { type: 'range', id: `jacobian-${s.key}`, min: s.min, max: s.max, step: s.step, value: settings[s.key] as number }) as HTMLInputElement;
    const out = h('output', { for: `jacobian-${s.key}` }, String(settings[s.key])) as HTMLOutputElement;
    outputs.set(s.key, out);
    input.addEventListener('input', () => {
      (settings[s.key] as number) = Number(input.value);
      out.textContent = input.value;
      schedule();
    });
    controls.append(h('label', {}, h('span', {}, s.label, ' = ', out), input));
  }
  const activation = h('select', { id: 'jacobian-activation' }, ...ACTIVATIONS.map((a) => h('option', { value: a, selected: a === settings.activation }, a))) as HTMLSelectElement;
  activation.addEventListener('change', () => {
    settings.activation = activation.value;
    schedule();
  });
  const weights = h('select', { id: 'jacobian-weights' }, h('option', { value: 'gaussian' }, 'Gaussian'), h('option', { value: 'orthogonal' }, 'orthogonal (square layers)')) as HTMLSelectElement;
  weights.addEventListener('change', () => {
    settings.weights = weights.value as JacobianSettings['weights'];
    schedule();
  });
  const norm = h('select', { id: 'jacobian-normalisation' }, h('option', { value: 'fanIn' }, 'fan-in (He/PyTorch)'), h('option', { value: 'fanOut' }, 'fan-out')) as HTMLSelectElement;
  norm.addEventListener('change', () => {
    settings.normalisation = norm.value as JacobianSettings['normalisation'];
    schedule();
  });
  const width = h('input', { type: 'number', id: 'jacobian-width', min: 10, max: 4000, step: 10, value: settings.width }) as HTMLInputElement;
  width.addEventListener('change', () => {
    settings.width = Math.max(10, Math.min(4000, Math.round(Number(width.value) || 1000)));
    schedule();
  });
  controls.append(
    h('label', {}, 'activation', activation),
    h('label', {}, 'weights', weights),
    h('label', {}, 'normalisation', norm),
    h('label', {}, 'input width N₀', width),
  );
  const mcButton = h('button', { className: 'secondary', type: 'button', id: 'jacobian-monte-carlo' }, 'Overlay a Monte-Carlo sample');
  const mcNote = h('span', { id: 'jacobian-mc-note', 'aria-live': 'polite' });
  const message = h('div', { id: 'jacobian-message', role: 'status' });
  const stats = h('div', { className: 'stats', id: 'jacobian-stats' });
  const densityBox = h('div', { className: 'plot', id: 'jacobian-density-plot' });
  const phaseBox = h('div', { className: 'plot', id: 'jacobian-phase-plot' });
  panel.append(
    h('div', { className: 'card' },
      h('h2', {}, 'Singular values of the input–output Jacobian at initialisation'),
      h('p', {}, 'J = D_L W_L ⋯ D_1 W_1. The density of the squared singular values is computed exactly by free probability (Newton lilypads); widths N_l = N₀/λ^l.'),
      controls,
      h('div', { className: 'row' }, mcButton, mcNote),
      message),
    h('div', { className: 'card' }, h('h2', {}, 'Spectrum summary'), stats),
    h('div', { className: 'grid2' }, h('div', { className: 'card' }, densityBox), h('div', { className: 'card' }, phaseBox)),
  );

  let pending = false;
  let mcOverlay: PlotSeries | null = null;
  let last: JacobianSpectrum | null = null;
  function schedule(): void {
    mcOverlay = null;
    mcNote.textContent = '';
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      redraw();
    });
  }

  function redraw(): void {
    message.className = '';
    message.textContent = '';
    let spectrum: JacobianSpectrum;
    const t0 = performance.now();
    try {
      spectrum = computeSpectrum(settings);
    } catch (e) {
      const err = e as { code?: string; message?: string };
      message.className = 'message error';
      message.textContent = `${err.code ?? 'Error'}: ${err.message}`;
      return;
    }
    last = spectrum;
    const ms = performance.now() - t0;
    const mf = meanField({ activation: settings.activation, sigmaW2: settings.sigmaW2, sigmaB2: settings.sigmaB2 });
    const q = spectrum.quantiles;
    const cells: Array<[string, string, number | string]> = [
      ['atom', 'atom at 0', spectrum.atom],
      ['mean', 'mean (m₁)', spectrum.mean],
      ['secondMoment', 'second moment m₂', spectrum.secondMoment],
      ['upper', 'upper edge x₊', spectrum.support.upper],
      ['median', 'median', q.values[q.levels.indexOf(0.5)] ?? NaN],
      ['q90', '90 % quantile', q.values[q.levels.indexOf(0.9)] ?? NaN],
      ['phase', 'mean-field phase', mf.phase],
      ['chi1', 'χ₁', mf.chi1],
      ['xiC', 'ξ_c (depth scale)', mf.xiC],
      ['time', 'computed in', `${ms.toFixed(1)} ms`],
    ];
    stats.replaceChildren(...cells.map(([key, label, v]) => h('div', { 'data-key': key, 'data-value': typeof v === 'number' ? String(v) : v }, h('span', {}, label), typeof v === 'number' ? num(v) : v)));
    // The settings these numbers were computed from (the redraw is coalesced per frame).
    stats.dataset.settings = JSON.stringify(settings);
    drawDensity();
    drawPhaseDiagram(mf.phase);
  }

  function drawDensity(): void {
    if (!last) return;
    const series: PlotSeries[] = [];
    if (mcOverlay) series.push(mcOverlay);
    series.push({ kind: 'line', x: last.x, y: last.density, label: `free probability (atom ${num(last.atom, 3)} at 0)`, color: '#d62728', width: 2 });
    // Log y over six decades below the peak: the square-root edge would otherwise stretch the axis
    // down to the solver's 1e-12 floor and flatten everything of interest.
    let peak = 0;
    for (const v of last.density) if (v > peak) peak = v;
    setSvg(densityBox, renderSvgPlot({
      yRange: peak > 0 ? [peak * 1e-6, peak * 2] : undefined,
      title: `Density of JᵀJ eigenvalues, L = ${settings.depth}, ${settings.activation}`,
      xLabel: 'squared singular value', yLabel: 'density', yScale: 'log', tooltips: true, width: 640, height: 380, series,
      notes: [`m₁ = ${num(last.mean)}, m₂ = ${num(last.secondMoment)}`],
    }), 'Jacobian spectral density');
  }

  function drawPhaseDiagram(phase: string): void {
    const grid = Array.from({ length: 41 }, (_, i) => (0.5 * i) / 40);
    let line: ReturnType<typeof criticalLine> = [];
    try {
      line = criticalLine(settings.activation, grid).filter((p) => Number.isFinite(p.sigmaW2));
    } catch {
      line = [];
    }
    setSvg(phaseBox, renderSvgPlot({
      title: 'Mean-field phase diagram', xLabel: 'σ_b²', yLabel: 'σ_w²', width: 640, height: 380, xRange: [0, 0.5], yRange: [0, 4], tooltips: true,
      series: [
        { kind: 'line', x: line.map((p) => p.sigmaB2), y: line.map((p) => p.sigmaW2), label: 'critical line χ₁ = 1 (ordered below, chaotic above)', color: '#1f77b4', width: 2 },
        { kind: 'points', x: [settings.sigmaB2], y: [settings.sigmaW2], label: `this net (${phase})`, color: '#d62728', width: 6 },
      ],
    }), 'mean-field phase diagram');
  }

  mcButton.addEventListener('click', async () => {
    if (!last) return;
    mcButton.disabled = true;
    mcNote.textContent = 'sampling a network…';
    const forSettings = JSON.stringify(settings);
    try {
      const t0 = performance.now();
      // A smaller sampled net keeps the page responsive; same widths ratios and gains.
      const n0 = Math.min(settings.width, 400);
      const sample = await monteCarlo.jacobianSpectrum(
        { widths: widthsOf({ ...settings, width: n0 }), activation: settings.activation, sigmaW2: settings.sigmaW2, sigmaB2: settings.sigmaB2 },
        { seed: 1, seeds: 2, weights: settings.weights, normalisation: settings.normalisation },
      );
      if (JSON.stringify(settings) !== forSettings) return; // the sliders moved meanwhile
      const upper = last.support.upper * 1.02;
      const bins = 60;
      const edges = Array.from({ length: bins + 1 }, (_, i) => (upper * i) / bins);
      const counts = new Float64Array(bins);
      for (const v of sample.eigenvalues) if (v > 0 && v <= upper) counts[Math.min(bins - 1, Math.floor((v / upper) * bins))]!++;
      const n = sample.eigenvalues.length;
      mcOverlay = { kind: 'bars', x: edges, y: Array.from(counts, (c) => c / (n * (upper / bins))), label: `Monte Carlo (N₀ = ${n0}, 2 networks)`, color: '#7f7f7f' };
      mcNote.textContent = `sampled ${n} squared singular values in ${(performance.now() - t0).toFixed(0)} ms`;
      mcNote.dataset.count = String(n);
      drawDensity();
    } catch (e) {
      const err = e as { code?: string; message?: string };
      mcNote.textContent = `Monte Carlo failed: ${err.code ?? ''} ${err.message}`;
    } finally {
      mcButton.disabled = false;
    }
  });
  redraw();
}
