// Gauss rules computed once per size and cached: probabilists' Gauss–Hermite (for E[f(ξ)], ξ ~ N(0,1):
// spec §4 uses 120 nodes for smooth activations, §5 200/300 for D-laws) and Gauss–Legendre (split
// panels for kinked activations, §8's 400-node edge integrals). Nodes by Newton on the three-term
// recurrence (Legendre: Numerical Recipes §4.5, gauleg) or Golub–Welsch (Hermite).

/** A quadrature rule: Σ weights[i]·f(nodes[i]). */
export interface QuadratureRule {
  /** The nodes xᵢ, ascending. */
  readonly nodes: Float64Array;
  /** The weights wᵢ (same length as `nodes`). */
  readonly weights: Float64Array;
}

const hermiteCache = new Map<number, QuadratureRule>();
const legendreCache = new Map<number, QuadratureRule>();

/**
 * Probabilists' Gauss–Hermite rule: Σ wᵢ f(xᵢ) ≈ E[f(ξ)], ξ ~ N(0, 1) (weights sum to 1).
 *
 * @example
 * ```ts
 * import { gaussHermite } from '@spectra/free-prob';
 * const { nodes, weights } = gaussHermite(120);
 * let m4 = 0;
 * for (let i = 0; i < nodes.length; i++) m4 += weights[i] * nodes[i] ** 4;
 * m4; // 3 (E ξ⁴)
 * ```
 */
export function gaussHermite(n: number): QuadratureRule {
  const cached = hermiteCache.get(n);
  if (cached) return cached;
  // Golub–Welsch on the Jacobi matrix of the monic Hermite polynomials He_k (x He_k = He_{k+1} + k He_{k−1}):
  // zero diagonal, off-diagonal √k; nodes = eigenvalues, weights = squared first components (μ₀ = 1).
  // (Newton from asymptotic starting values — Numerical Recipes' gauher — collapses onto one root
  // for n ≳ 150, and the spec needs 200 and 300 nodes.)
  const diagonal = new Float64Array(n);
  const off = new Float64Array(n);
  for (let k = 1; k < n; k++) off[k - 1] = Math.sqrt(k);
  const rule = golubWelsch(diagonal, off, 1);
  hermiteCache.set(n, rule);
  return rule;
}

/**
 * Gauss rule of a Jacobi matrix (diagonal d, off-diagonal e, e[n−1] ignored) by implicit QL with
 * Wilkinson shifts carrying only the first row of the eigenvector matrix (EISPACK imtql2 / Numerical
 * Recipes tqli; Golub & Welsch 1969): O(n²) time, O(n) memory. Nodes ascending, weights μ₀·q₁ᵢ².
 */
function golubWelsch(diagonal: Float64Array, offDiagonal: Float64Array, mu0: number): QuadratureRule {
  const n = diagonal.length;
  const d = Float64Array.from(diagonal);
  const e = Float64Array.from(offDiagonal);
  e[n - 1] = 0;
  const z = new Float64Array(n);
  z[0] = 1;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= 2.220446049250313e-16 * dd) break;
      }
      if (m !== l) {
        if (iter++ === 100) break;
        let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
        let r = Math.hypot(g, 1);
        g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        let early = false;
        for (i = m - 1; i >= l; i--) {
          let f = s * e[i]!;
          const b = c * e[i]!;
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1]! -= p;
            e[m] = 0;
            early = true;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1]! - p;
          r = (d[i]! - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          f = z[i + 1]!;
          z[i + 1] = s * z[i]! + c * f;
          z[i] = c * z[i]! - s * f;
        }
        if (early) continue;
        d[l]! -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a]! - d[b]!);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    nodes[i] = d[order[i]!]!;
    weights[i] = mu0 * z[order[i]!]! ** 2;
  }
  return { nodes, weights };
}

/**
 * Gauss–Legendre rule on [−1, 1] (weights sum to 2).
 *
 * @example
 * ```ts
 * import { gaussLegendre } from '@spectra/free-prob';
 * const { nodes, weights } = gaussLegendre(5);
 * let s = 0;
 * for (let i = 0; i < 5; i++) s += weights[i] * nodes[i] ** 8;
 * s; // 0.2222222222222221 (∫₋₁¹ x⁸ dx = 2/9: exact up to degree 9)
 * ```
 */
export function gaussLegendre(n: number): QuadratureRule {
  const cached = legendreCache.get(n);
  if (cached) return cached;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const m = (n + 1) >> 1;
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let pp = 0;
    for (let its = 0; its < 100; its++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j + 1) * z * p2 - j * p3) / (j + 1);
      }
      pp = (n * (z * p1 - p2)) / (z * z - 1);
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-16) break;
    }
    nodes[i] = -z;
    nodes[n - 1 - i] = z;
    weights[i] = 2 / ((1 - z * z) * pp * pp);
    weights[n - 1 - i] = weights[i]!;
  }
  const rule = { nodes, weights };
  legendreCache.set(n, rule);
  return rule;
}
