// The Weights tab (filled once @spectra/weights's API is in place).
export function mountWeights(panel: HTMLElement): void {
  panel.innerHTML = '<div class="card"><h2>Weights</h2><p>Loading…</p></div>';
}
