// The Jacobian tab (filled once @spectra/jacobian's API is in place).
export function mountJacobian(panel: HTMLElement): void {
  panel.innerHTML = '<div class="card"><h2>Jacobian</h2><p>Loading…</p></div>';
}
