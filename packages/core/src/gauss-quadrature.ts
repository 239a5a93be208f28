// gaussQuadrature (specs/core.md §1.2, §2.5): validation and scaling here; the kernel `dgauss`
// (assembly/src/tridiagonal.ts) and its JS twin (src/js/tridiagonal.ts) compute the rule.
import { resolveBackend, type BackendOptions } from './backend.js';
import { checkOptionsObject, readTridiagonal, type ProgressOptions } from './eigen-input.js';
import { SpectraError, throwIfAborted } from './errors.js';
import { gaussRuleKernel } from './tridiagonal-kernels.js';

/** Options of `gaussQuadrature`: the measure's mass, the weight formula, the backend, and `{ signal, onProgress }`. */
export interface GaussQuadratureOptions extends BackendOptions, ProgressOptions {
  /** Total mass μ₀ = ∫dμ of the measure (default 1): the weights sum to it. Must be finite and > 0. */
  mu0?: number;
  /**
   * `'golubWelsch'` (default): w_i = μ₀·q²_{1i} from the first row of the eigenvector matrix,
   * absolute accuracy O(u·μ₀). `'recurrence'`: w_i = μ₀/Σ_{k<n} p̃_k(x_i)² with the orthonormal
   * polynomials of J (p̃₀ = 1), which keeps relative accuracy for tiny end weights.
   */
  weights?: 'golubWelsch' | 'recurrence';
}

/** An n-point Gauss rule: Σ w_i·f(x_i) ≈ ∫f dμ, exact for polynomials of degree ≤ 2n − 1. */
export interface GaussRule {
  /** Nodes x_i, ascending (the eigenvalues of the Jacobi matrix). */
  nodes: Float64Array;
  /** Weights w_i ≥ 0, summing to μ₀. */
  weights: Float64Array;
}

const FN = 'gaussQuadrature';

/**
 * The Gauss quadrature rule of the Jacobi matrix J with `diagonal` (α_k) and `offDiagonal` (the
 * entries themselves: √β_k of the monic three-term recurrence, or the β_k of a Lanczos run), for a
 * measure of total mass `mu0`.
 *
 * Golub & Welsch (1969) on the first row only: the implicit QL/QR of LAPACK `dsteqr` applied to one
 * row of Q (as EISPACK `imtql2`, Gautschi's ORTHPOL), O(n²) time and O(n) memory instead of O(n³).
 * Nodes are accurate to O(u·‖J‖) absolutely. A zero off-diagonal splits J: the measure then lives on
 * the first block, and the other nodes get weight 0. Entries beyond [1.4e-146, 7.1e145] are scaled
 * by a power of two (exact; weights are scale-free) and the nodes unscaled.
 *
 * Errors (`SpectraError`): `E_SHAPE` for `offDiagonal.length ≠ diagonal.length − 1`; `E_NON_FINITE`
 * for non-finite entries; `E_ARGUMENT` for μ₀ not finite and positive or an unknown `weights`;
 * `E_ABORTED` when `signal` has fired; `E_NO_CONVERGENCE` if QL/QR exceeds 30·n iterations.
 *
 * @example
 * ```ts
 * import { gaussQuadrature } from '@spectra/core';
 * // Two-point Gauss–Legendre on [−1, 1]: d = 0, e₁ = 1/√3, μ₀ = 2.
 * const rule = gaussQuadrature([0, 0], [1 / Math.sqrt(3)], { mu0: 2 });
 * rule.nodes; // Float64Array [-0.5773502691896258, 0.5773502691896258] (∓1/√3)
 * rule.weights; // Float64Array [0.9999999999999998, 0.9999999999999998] (1, 1 to rounding)
 * ```
 */
export function gaussQuadrature(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, options: GaussQuadratureOptions = {}): GaussRule {
  checkOptionsObject(options, FN);
  const t = readTridiagonal(diagonal, offDiagonal, FN);
  const mu0 = options.mu0 ?? 1;
  if (typeof mu0 !== 'number' || !Number.isFinite(mu0) || !(mu0 > 0)) {
    throw new SpectraError('E_ARGUMENT', `${FN}: mu0 (the total mass μ₀) must be a finite number > 0, got ${String(mu0)}`, { mu0 });
  }
  const kind = options.weights ?? 'golubWelsch';
  if (kind !== 'golubWelsch' && kind !== 'recurrence') {
    throw new SpectraError('E_ARGUMENT', `${FN}: weights must be 'golubWelsch' or 'recurrence', got ${String(kind)}`);
  }
  const backend = resolveBackend(options, FN);
  throwIfAborted(options.signal);
  const rule = gaussRuleKernel(backend, FN, t.d, t.e, mu0, kind === 'golubWelsch' ? 0 : 1);
  if (t.scale !== 1) {
    const inv = 1 / t.scale;
    for (let i = 0; i < rule.nodes.length; i++) rule.nodes[i] = rule.nodes[i]! * inv;
  }
  for (let i = 0; i < rule.weights.length; i++) {
    if (!Number.isFinite(rule.weights[i]!) || !Number.isFinite(rule.nodes[i]!)) {
      throw new SpectraError('E_INTERNAL', `${FN}: node or weight ${i} came out non-finite (a kernel bug; please report)`, { index: i });
    }
  }
  options.onProgress?.(1);
  return rule;
}
