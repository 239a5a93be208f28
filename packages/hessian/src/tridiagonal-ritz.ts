// @internal Eigenvalues of a small symmetric tridiagonal T (a Lanczos T_m, m ≲ 1000) with the rows of
// its eigenvector matrix that a caller needs: the last row for the residual bounds |β_m·s_{m,i}| of
// top-k, all rows for Ritz vectors. Implicit QL with Wilkinson-type shifts (EISPACK `imtql2`, as in
// Numerical Recipes' `tqli`), each rotation applied only to the carried rows: O(m²) for one row.
// (core's `gaussQuadrature` carries the first row only — the Gauss weights SLQ needs.)
import { SpectraError } from '@spectra/core';

export interface TridiagonalEigen {
  /** Ascending eigenvalues. */
  values: Float64Array;
  /** rows.length × m: entry (r, i) = component rows[r] of the unit eigenvector of values[i]. */
  components: Float64Array;
  rows: readonly number[];
}

/**
 * Eigenvalues of the tridiagonal (diagonal d, off-diagonal e, e.length = d.length − 1) and the
 * requested rows of the eigenvector matrix.
 */
export function tridiagonalEigen(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, rows: readonly number[]): TridiagonalEigen {
  const n = diagonal.length;
  if (offDiagonal.length < n - 1) throw new SpectraError('E_SHAPE', `tridiagonalEigen: offDiagonal has ${offDiagonal.length} entries, expected ${n - 1}`);
  const d = Float64Array.from(diagonal);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = offDiagonal[i]!;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(d[i]!) || !Number.isFinite(e[i]!)) throw new SpectraError('E_NON_FINITE', `tridiagonalEigen: entry ${i} is not finite`);
  }
  const r = rows.length;
  const z = new Float64Array(r * n);
  rows.forEach((row, k) => {
    z[k * n + row] = 1;
  });
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) + dd === dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new SpectraError('E_NO_CONVERGENCE', `tridiagonalEigen: no convergence for eigenvalue ${l} after 60 QL sweeps`);
        let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
        let rr = Math.hypot(g, 1);
        g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(rr) : -Math.abs(rr)));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        let deflated = false;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i]!;
          const b = c * e[i]!;
          rr = Math.hypot(f, g);
          e[i + 1] = rr;
          if (rr === 0) {
            d[i + 1]! -= p;
            e[m] = 0;
            deflated = true;
            break;
          }
          s = f / rr;
          c = g / rr;
          g = d[i + 1]! - p;
          rr = (d[i]! - g) * s + 2 * c * b;
          p = s * rr;
          d[i + 1] = g + p;
          g = c * rr - b;
          for (let k = 0; k < r; k++) {
            const o = k * n;
            const t = z[o + i + 1]!;
            z[o + i + 1] = s * z[o + i]! + c * t;
            z[o + i] = c * z[o + i]! - s * t;
          }
        }
        if (deflated) continue;
        d[l]! -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  // Sort ascending, permuting the carried components alike.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a]! - d[b]!);
  const values = new Float64Array(n);
  const components = new Float64Array(r * n);
  order.forEach((from, to) => {
    values[to] = d[from]!;
    for (let k = 0; k < r; k++) components[k * n + to] = z[k * n + from]!;
  });
  return { values, components, rows };
}
