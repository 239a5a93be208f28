// The demo's shell: accessible tabs (WAI-ARIA tabs pattern: arrow keys move between tabs), the
// kernel status line, and lazy start of each tool the first time its tab is shown.
import { ready, wasmVariant } from '@spectra/core';
import { WEIGHTS_VERSION } from '@spectra/weights';
import { mountWeights } from './weights-tab.js';
import { mountJacobian } from './jacobian-tab.js';
import { mountHessian } from './hessian-tab.js';

const tools: Record<string, (panel: HTMLElement) => void> = {
  weights: mountWeights,
  jacobian: mountJacobian,
  hessian: mountHessian,
};
const mounted = new Set<string>();
const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role=tab]'));

function show(tab: HTMLButtonElement, focus = false): void {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    document.getElementById(t.getAttribute('aria-controls')!)!.hidden = !selected;
  }
  if (focus) tab.focus();
  const name = tab.id.replace('tab-', '');
  if (!mounted.has(name)) {
    mounted.add(name);
    tools[name]!(document.getElementById(`panel-${name}`)!);
  }
  history.replaceState(null, '', `#${name}`);
}

tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => show(tab));
  tab.addEventListener('keydown', (e) => {
    const next = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (next) show(tabs[(i + next + tabs.length) % tabs.length]!, true);
    if (e.key === 'Home') show(tabs[0]!, true);
    if (e.key === 'End') show(tabs[tabs.length - 1]!, true);
  });
});

document.getElementById('version')!.textContent = `@spectra/weights ${WEIGHTS_VERSION} · runs offline once loaded`;

const initial = tabs.find((t) => `#${t.id.replace('tab-', '')}` === location.hash) ?? tabs[0]!;
show(initial);

void ready().then((backend) => {
  const status = document.getElementById('backend-status')!;
  status.textContent = backend === 'wasm' ? `Kernels: WebAssembly (${wasmVariant()}).` : 'Kernels: plain JavaScript (WebAssembly unavailable here).';
  status.dataset.backend = backend;
});
