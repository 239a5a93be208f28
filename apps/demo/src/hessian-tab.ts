// The Hessian tab (filled once @spectra/hessian's API is in place).
export function mountHessian(panel: HTMLElement): void {
  panel.innerHTML = '<div class="card"><h2>Hessian</h2><p>Loading…</p></div>';
}
