// Test matrices with spectra fixed by construction, built without the library's own kernels (only
// its seeded rng and randomGaussian), shared by eigen.suite.ts and eigen-2stage.suite.ts.
import { randomGaussian, rng, type Matrix } from '@spectra/core';

/** Seeded unit Householder vectors, n long each. */
export function reflectors(n: number, count: number, seed: number): Float64Array[] {
  const r = rng(seed);
  const out: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    const v = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      v[i] = r.normal();
      s += v[i]! * v[i]!;
    }
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < n; i++) v[i] = v[i]! * inv;
    out.push(v);
  }
  return out;
}

/** Q = H₁·H₂···H_k (H = I − 2vvᵀ), dense row-major. */
export function orthogonalFromReflectors(n: number, count: number, seed: number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  // Q ← Q·H for each reflector: row i of Q loses 2(q_i·v)vᵀ.
  for (const v of reflectors(n, count, seed)) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += q[i * n + j]! * v[j]!;
      s *= 2;
      for (let j = 0; j < n; j++) q[i * n + j] = q[i * n + j]! - s * v[j]!;
    }
  }
  return q;
}

/** A = Q·diag(λ)·Qᵀ, exactly symmetric (upper triangle mirrored). */
export function withSpectrum(q: Float64Array, lambda: ArrayLike<number>): Matrix {
  const n = lambda.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k]! * lambda[k]! * q[j * n + k]!;
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return { rows: n, cols: n, data: a };
}

/** (G + Gᵀ)/2 for a seeded N(0, 1) matrix G: exactly symmetric. */
export function randomSymmetric(n: number, seed: number): Matrix {
  const g = randomGaussian(n, n, { seed }).data;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = 0.5 * (g[i * n + j]! + g[j * n + i]!);
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return { rows: n, cols: n, data: a };
}
