// Truncated power series (coefficients c[0..n−1] of Σ c_k t^k) for the moment algebra of free
// convolutions: free cumulants add under ⊞ (moment–cumulant relation M(w) = C(w·M(w)) with
// M = 1 + Σ m_n wⁿ, C = 1 + Σ κ_n wⁿ; Speicher), S-transforms multiply under ⊠ (S(m) = (1 + m)χ(m)/m,
// χ the compositional inverse of ψ(w) = Σ m_n wⁿ).

/** Product of two series, truncated to n terms. */
export function seriesMultiply(a: Float64Array, b: Float64Array, n = a.length): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < Math.min(n, a.length); i++) {
    if (a[i] === 0) continue;
    for (let j = 0; j < Math.min(n - i, b.length); j++) out[i + j]! += a[i]! * b[j]!;
  }
  return out;
}

/** a(b(t)) for b with b[0] = 0, truncated to n terms (Horner in series arithmetic). */
export function seriesCompose(a: Float64Array, b: Float64Array, n: number): Float64Array {
  let out: Float64Array = new Float64Array(n);
  for (let k = a.length - 1; k >= 0; k--) {
    out = seriesMultiply(out, b, n);
    out[0]! += a[k]!;
  }
  return out;
}

/** The compositional inverse of f (f[0] = 0, f[1] ≠ 0), truncated to n terms, by Newton-free iteration. */
export function seriesReverse(f: Float64Array, n: number): Float64Array {
  // g = t/f₁ − (f(g) − f₁g)/f₁, iterated: each pass fixes one more coefficient.
  let g = new Float64Array(n);
  const f1 = f[1]!;
  if (n > 1) g[1] = 1 / f1;
  const higher = Float64Array.from(f);
  higher[0] = 0;
  higher[1] = 0;
  for (let pass = 2; pass < n; pass++) {
    const comp = seriesCompose(higher, g, n);
    const next = new Float64Array(n);
    next[1] = 1 / f1;
    for (let k = 2; k < n; k++) next[k] = -comp[k]! / f1;
    g = next;
  }
  return g;
}

/**
 * Free cumulants κ₁ … κ_k from moments m₁ … m_k (inverse of `momentsFromFreeCumulants`).
 *
 * @example
 * ```ts
 * import { freeCumulantsFromMoments } from '@spectra/free-prob';
 * freeCumulantsFromMoments([0, 1, 0, 2]); // Float64Array [0, 1, 0, 0] (the semicircle: only κ₂)
 * freeCumulantsFromMoments([1, 2, 5]);    // Float64Array [1, 1, 1] (Marchenko–Pastur(1, 1): every κ_n = 1)
 * ```
 */
export function freeCumulantsFromMoments(moments: ArrayLike<number>): Float64Array {
  const k = moments.length;
  const n = k + 1;
  // u(w) = w M(w); C(u) = M(w(u)).
  const M = new Float64Array(n);
  M[0] = 1;
  for (let i = 1; i <= k; i++) M[i] = moments[i - 1]!;
  const u = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) u[i + 1] = M[i]!;
  const w = seriesReverse(u, n);
  const C = seriesCompose(M, w, n);
  return C.slice(1);
}

/**
 * Moments m₁ … m_k from free cumulants κ₁ … κ_k: M(w) = C(w·M(w)), solved order by order.
 *
 * @example
 * ```ts
 * import { momentsFromFreeCumulants } from '@spectra/free-prob';
 * momentsFromFreeCumulants([0, 1, 0, 0]); // Float64Array [0, 1, 0, 2]
 * ```
 */
export function momentsFromFreeCumulants(cumulants: ArrayLike<number>): Float64Array {
  const k = cumulants.length;
  const n = k + 1;
  const C = new Float64Array(n);
  C[0] = 1;
  for (let i = 1; i <= k; i++) C[i] = cumulants[i - 1]!;
  let M: Float64Array = new Float64Array(n);
  M[0] = 1;
  for (let pass = 0; pass < n; pass++) {
    const wM = new Float64Array(n);
    for (let i = 0; i < n - 1; i++) wM[i + 1] = M[i]!;
    M = seriesCompose(C, wM, n);
  }
  return M.slice(1);
}

/**
 * S-transform coefficients S(m) = Σ s_j m^j (j < k) from moments m₁ … m_k (m₁ ≠ 0).
 *
 * @example
 * ```ts
 * import { sTransformSeries } from '@spectra/free-prob';
 * sTransformSeries([1, 2, 5]); // Float64Array [1, -1, 1]: MP(1, 1) has S = 1/(1 + m)
 * ```
 */
export function sTransformSeries(moments: ArrayLike<number>): Float64Array {
  const k = moments.length;
  const n = k + 1;
  const psi = new Float64Array(n);
  for (let i = 1; i <= k; i++) psi[i] = moments[i - 1]!;
  const chi = seriesReverse(psi, n);
  // S = (1 + m)·χ(m)/m.
  const chiOverM = chi.slice(1);
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) out[j] = chiOverM[j]! + (j > 0 ? chiOverM[j - 1]! : 0);
  return out;
}

/**
 * Moments m₁ … m_k from S-transform coefficients (inverse of `sTransformSeries`).
 *
 * @example
 * ```ts
 * import { momentsFromSTransformSeries } from '@spectra/free-prob';
 * momentsFromSTransformSeries([1, -2, 3]); // Float64Array [1, 3, 12]: S = 1/(1 + m)², Fuss–Catalan of order 2
 * ```
 */
export function momentsFromSTransformSeries(s: ArrayLike<number>): Float64Array {
  const k = s.length;
  const n = k + 1;
  // χ(m) = m S(m)/(1 + m); ψ = χ⁻¹.
  const S = Float64Array.from(s);
  const inv1p = new Float64Array(k);
  for (let j = 0; j < k; j++) inv1p[j] = j % 2 ? -1 : 1;
  const ratio = seriesMultiply(S, inv1p, k);
  const chi = new Float64Array(n);
  for (let j = 0; j < k; j++) chi[j + 1] = ratio[j]!;
  const psi = seriesReverse(chi, n);
  return psi.slice(1);
}
