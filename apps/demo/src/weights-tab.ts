// Weights: analyse a model file in a Web Worker (progress, Cancel), then a sortable per-layer
// table, the model summary, and plots (ESD with the fitted power law, MP fit, α per layer).
import { renderSvgPlot, type PlotSpec } from '@spectra/core';
import { alphaPlot, esdPlot, marchenkoPasturPlot, reportToCsv, reportToJson, type LayerReport, type ModelReport, type PlotData } from '@spectra/weights';
import { download, h, num, setSvg } from './dom.js';
import type { AnalyzeRequest, WorkerAnswer } from './workers/analysis-worker.js';

interface Column {
  key: string;
  label: string;
  title: string;
  value: (l: LayerReport) => number | string | null;
  format?: (l: LayerReport) => string | Node;
}

const COLUMNS: Column[] = [
  { key: 'name', label: 'layer', title: 'layer name', value: (l) => l.name },
  { key: 'kind', label: 'kind', title: 'dense, conv2d, conv1d, embedding, attention, recurrent', value: (l) => l.kind },
  { key: 'shape', label: 'N×M·rf', title: 'N = max dim, M = min dim, rf = slices', value: (l) => l.N * l.M * l.rf, format: (l) => `${l.N}×${l.M}${l.rf > 1 ? `·${l.rf}` : ''}` },
  { key: 'alpha', label: 'α', title: 'power-law exponent of the ESD tail', value: (l) => l.alpha },
  { key: 'alphaHat', label: 'α̂', title: 'α·log10 λmax', value: (l) => l.alphaHat },
  { key: 'D', label: 'D', title: 'KS distance of the fit', value: (l) => l.D },
  { key: 'numPlSpikes', label: 'tail', title: 'eigenvalues ≥ xmin', value: (l) => l.numPlSpikes },
  { key: 'spectralNorm', label: 'λmax', title: 'largest eigenvalue of WᵀW', value: (l) => l.spectralNorm },
  { key: 'stableRank', label: 'stable rank', title: 'Σλ / λmax', value: (l) => l.stableRank },
  { key: 'numSpikes', label: 'MP spikes', title: 'eigenvalues above the Marchenko–Pastur edge + √TW', value: (l) => l.numSpikes },
  {
    key: 'phase', label: 'phase', title: 'Martin–Mahoney phase', value: (l) => l.phase,
    format: (l) => h('span', { className: `pill ${l.phase}` }, l.phase),
  },
  { key: 'warning', label: 'warning', title: 'under-trained (α > 6), over-trained (α < 2), failed fit', value: (l) => l.warning ?? '' },
  { key: 'trap', label: 'trap', title: 'correlation trap in the randomised ESD', value: (l) => (l.trap === null ? '' : l.trap ? 'yes' : 'no') },
];

function toSpec(plot: PlotData, extra: Partial<PlotSpec> = {}): PlotSpec {
  return { ...plot, series: plot.series.map((s) => ({ ...s })), tooltips: true, width: 640, height: 380, ...extra } as PlotSpec;
}

export function mountWeights(panel: HTMLElement): void {
  const fileInput = h('input', { type: 'file', multiple: true, id: 'weights-file', 'aria-describedby': 'weights-formats' }) as HTMLInputElement;
  const bundled = h('button', { className: 'secondary', type: 'button', id: 'weights-bundled' }, 'Analyse the bundled model');
  const randomize = h('input', { type: 'checkbox', id: 'weights-randomize' }) as HTMLInputElement;
  const mpFit = h('input', { type: 'checkbox', id: 'weights-mpfit', checked: true }) as HTMLInputElement;
  const cancel = h('button', { className: 'secondary', type: 'button', id: 'weights-cancel', disabled: true }, 'Cancel');
  const progress = h('progress', { id: 'weights-progress', max: 1, value: 0, hidden: true }) as HTMLProgressElement;
  const progressText = h('span', { id: 'weights-progress-text', 'aria-live': 'polite' });
  const message = h('div', { id: 'weights-message', role: 'status' });
  const drop = h('div', { className: 'dropzone', id: 'weights-drop', tabindex: '0' },
    h('p', {}, 'Drop model files here, or ', h('label', { className: 'inline', for: 'weights-file' }, 'choose files: '), fileInput),
    h('p', { id: 'weights-formats' }, 'safetensors (incl. sharded), PyTorch .pt/.bin, ONNX, TF.js model.json + shards, NumPy .npy/.npz. Pick all files of a sharded model together.'),
  );
  const results = h('div', { id: 'weights-results', hidden: true });
  panel.append(
    h('div', { className: 'card' },
      h('h2', {}, 'Analyse trained weights (heavy-tailed self-regularisation)'),
      drop,
      h('div', { className: 'row' }, bundled, h('span', {}, '@upscalerjs/default-model: a 222k-parameter super-resolution CNN (TF.js, float32)')),
      h('div', { className: 'row' },
        h('label', { className: 'inline' }, mpFit, 'Marchenko–Pastur fit'),
        h('label', { className: 'inline' }, randomize, 'randomise (correlation traps)'),
        cancel, progress, progressText),
      message),
    results,
  );

  let worker: Worker | null = null;
  let running = false;

  const setMessage = (kind: 'error' | 'info' | '', text: string) => {
    message.className = kind ? `message ${kind}` : '';
    message.textContent = text;
  };

  const start = (files: AnalyzeRequest['files']) => {
    if (running) return;
    worker ??= new Worker('analysis-worker.js', { type: 'module' });
    running = true;
    cancel.disabled = false;
    bundled.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    progressText.textContent = 'starting…';
    setMessage('', '');
    worker.onmessage = (e: MessageEvent<WorkerAnswer>) => {
      const a = e.data;
      if (a.type === 'progress') {
        progress.value = a.fraction;
        progressText.textContent = `${a.phase}${a.layer ? `: ${a.layer}` : ''}`;
        return;
      }
      running = false;
      cancel.disabled = true;
      bundled.disabled = false;
      progress.hidden = true;
      if (a.type === 'error') {
        progressText.textContent = '';
        setMessage('error', a.code === 'E_ABORTED' ? 'Analysis cancelled.' : `Could not analyse ${files.map((f) => f.name).join(', ')}: ${a.code}: ${a.message}`);
        return;
      }
      progressText.textContent = `done in ${(a.ms / 1000).toFixed(2)} s (${a.backend}, ${a.format})`;
      showReport(a.report as ModelReport, files[0]?.name ?? 'model');
    };
    const buffers = files.map((f) => f.bytes);
    worker.postMessage({ type: 'analyze', files, options: { mpFit: mpFit.checked, randomize: randomize.checked } } satisfies AnalyzeRequest, buffers);
  };

  cancel.addEventListener('click', () => worker?.postMessage({ type: 'cancel' }));
  const fromFileList = async (list: FileList | File[]) => {
    const files = await Promise.all(Array.from(list).map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
    if (files.length) start(files);
  };
  fileInput.addEventListener('change', () => void fromFileList(fileInput.files ?? []));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer?.files) void fromFileList(e.dataTransfer.files);
  });
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') fileInput.click();
  });
  bundled.addEventListener('click', async () => {
    try {
      const names = ['model.json', 'group1-shard1of1.bin'];
      const files = await Promise.all(names.map(async (name) => {
        const r = await fetch(`models/upscaler/${name}`);
        if (!r.ok) throw new Error(`models/upscaler/${name}: HTTP ${r.status}`);
        return { name, bytes: await r.arrayBuffer() };
      }));
      start(files);
    } catch (e) {
      setMessage('error', `Could not load the bundled model: ${(e as Error).message}`);
    }
  });

  function showReport(report: ModelReport, fileName: string): void {
    results.hidden = false;
    results.replaceChildren();
    const s = report.summary;
    const stats = h('div', { className: 'stats', id: 'weights-summary' },
      ...[
        ['layers analysed', String(s.layers)],
        ['fitted', String(s.fitted)],
        ['skipped tensors', String(s.skipped)],
        ['mean α', num(s.means.alpha)],
        ['mean α̂', num(s.means.alphaHat)],
        ['mean log‖W‖²_F', num(s.means.logNorm)],
        ['mean log λmax', num(s.means.logSpectralNorm)],
        ['phases', Object.entries(s.phases).map(([k, v]) => `${k} ${v}`).join(', ') || '—'],
        ['warnings', Object.entries(s.warnings).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'],
      ].map(([k, v]) => h('div', {}, h('span', {}, k!), v!)),
    );
    const exportJson = h('button', { className: 'secondary', type: 'button', id: 'weights-export-json' }, 'Export JSON');
    const exportCsv = h('button', { className: 'secondary', type: 'button', id: 'weights-export-csv' }, 'Export CSV');
    const base = fileName.replace(/\.[^.]+$/, '');
    exportJson.addEventListener('click', () => download(`${base}.spectra.json`, reportToJson(report), 'application/json'));
    exportCsv.addEventListener('click', () => download(`${base}.spectra.csv`, reportToCsv(report), 'text/csv'));
    const esdBox = h('div', { className: 'plot', id: 'weights-esd-plot' });
    const mpBox = h('div', { className: 'plot', id: 'weights-mp-plot' });
    const alphaBox = h('div', { className: 'plot', id: 'weights-alpha-plot' });
    const table = buildTable(report.layers, (layer) => {
      setSvg(esdBox, renderSvgPlot(toSpec(esdPlot(layer))), `ESD of ${layer.name}`);
      if (layer.mpDensity) setSvg(mpBox, renderSvgPlot(toSpec(marchenkoPasturPlot(layer))), `Marchenko–Pastur fit of ${layer.name}`);
      else mpBox.textContent = 'No MP fit for this layer (enable the Marchenko–Pastur fit).';
    });
    setSvg(alphaBox, renderSvgPlot(toSpec(alphaPlot(report), { width: 900, height: 300 })), 'alpha per layer');
    results.append(
      h('div', { className: 'card' }, h('h2', {}, `Summary — ${fileName}`), stats, h('div', { className: 'row' }, exportJson, exportCsv)),
      h('div', { className: 'card' }, h('h2', {}, 'Layers (click a row for its spectrum; click a header to sort)'), table),
      h('div', { className: 'grid2' }, h('div', { className: 'card' }, esdBox), h('div', { className: 'card' }, mpBox)),
      h('div', { className: 'card' }, alphaBox),
    );
    const first = table.querySelector<HTMLTableRowElement>('tbody tr');
    first?.click();
    if (report.skipped.length) {
      results.append(h('div', { className: 'card' }, h('h2', {}, `Skipped tensors (${report.skipped.length})`),
        h('p', {}, report.skipped.slice(0, 200).map((t) => `${t.name}: ${t.reason}`).join(' · '))));
    }
  }
}

function buildTable(layers: LayerReport[], onSelect: (layer: LayerReport) => void): HTMLElement {
  let sortKey = 'layerId';
  let ascending = true;
  const tbody = h('tbody');
  const headRow = h('tr');
  const render = () => {
    const col = COLUMNS.find((c) => c.key === sortKey);
    const rows = [...layers].sort((a, b) => {
      const va = col ? col.value(a) : a.layerId;
      const vb = col ? col.value(b) : b.layerId;
      const cmp = typeof va === 'number' && typeof vb === 'number' ? (Number.isNaN(va) ? 1 : Number.isNaN(vb) ? -1 : va - vb) : String(va ?? '').localeCompare(String(vb ?? ''), undefined, { numeric: true });
      return ascending ? cmp : -cmp;
    });
    tbody.replaceChildren(...rows.map((layer) => {
      const tr = h('tr', { tabindex: '0', 'data-layer': layer.name, 'aria-selected': 'false' },
        ...COLUMNS.map((c) => {
          const v = c.format ? c.format(layer) : c.value(layer);
          const raw = c.value(layer);
          // Full precision in data-value: tests (and copy-paste) read the exact number.
          return h('td', { 'data-key': c.key, 'data-value': typeof raw === 'number' ? String(raw) : undefined }, typeof v === 'number' ? num(v) : v === null ? '—' : v);
        }));
      const select = () => {
        tbody.querySelectorAll('tr[aria-selected=true]').forEach((r) => r.setAttribute('aria-selected', 'false'));
        tr.setAttribute('aria-selected', 'true');
        onSelect(layer);
      };
      tr.addEventListener('click', select);
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          select();
        }
      });
      return tr;
    }));
    headRow.querySelectorAll('th').forEach((th) => th.setAttribute('aria-sort', th.dataset.key === sortKey ? (ascending ? 'ascending' : 'descending') : 'none'));
  };
  for (const c of COLUMNS) {
    const th = h('th', { scope: 'col', title: c.title, tabindex: '0', 'data-key': c.key }, c.label);
    const sort = () => {
      ascending = sortKey === c.key ? !ascending : true;
      sortKey = c.key;
      render();
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        sort();
      }
    });
    headRow.append(th);
  }
  render();
  return h('div', { className: 'table-wrap' }, h('table', { id: 'weights-table' }, h('thead', {}, headRow), tbody));
}
