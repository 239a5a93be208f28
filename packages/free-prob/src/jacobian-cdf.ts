// The exact CDF of ν_J at arbitrary points (spec §5 "Exact CDF"): one continued lilypads sweep over
// the points in decreasing order with Im z = κ·x, then F from the primitive Φ at each solution. This is
// what Monte-Carlo comparisons need (F at every sampled eigenvalue, without interpolation error), and
// the conditional twin (theory recomputed with one seed's empirical D² laws).
import { SpectraError } from '@spectra/core';
import { resolveJacobianArchitecture, type JacobianArchitecture, type ResolvedArchitecture } from './jacobian-architecture.js';
import { LilypadSolver } from './lilypads.js';
import { masterEquationFor } from './jacobian-spectrum.js';
import { finiteArray } from './validate.js';

/** Options of `jacobianCdf` (the same meanings as in `JacobianSpectrumOptions`). */
export interface JacobianCdfOptions {
  /** Gaussian (default) or Haar-orthogonal weights (square layers only). */
  weights?: 'gaussian' | 'orthogonal';
  /** `'fanIn'` (default: Var W_l = σ_w²/N_{l−1}) or `'fanOut'` (σ_w²/N_l). */
  normalisation?: 'fanIn' | 'fanOut';
  /** D² laws at the per-layer q_l (default) or at the fixed point q*. */
  dLaw?: 'perLayer' | 'fixedPoint';
  /** Relative smoothing κ of Im z = κ·x (default 1e-10; general D-laws 1e-6). */
  relativeImaginaryPart?: number;
}

/** F at `xs` for a resolved architecture (internal: the conditional twin swaps in empirical laws). */
export function cdfForResolved(arch: ResolvedArchitecture, weights: 'gaussian' | 'orthogonal', xs: Float64Array, kappa?: number): Float64Array {
  const master = masterEquationFor(arch, weights);
  const general = master.kind === 'generalDLaw';
  const k = kappa ?? (general ? 1e-6 : 1e-10);
  const solver = new LilypadSolver(master.equation);
  const out = new Float64Array(xs.length);
  const atom = master.atoms.find((a) => a.location === 0)?.mass ?? 0;
  const order = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[b]! - xs[a]!);
  const scratch = new Float64Array(4);
  let stopped = false;
  // Restart (vertical approach) when crossing an atom away from 0: see jacobian-spectrum's sweep.
  const barriers = master.atoms.filter((a) => a.location !== 0).map((a) => a.location);
  let previous = NaN;
  for (const i of order) {
    const x = xs[i]!;
    if (!Number.isNaN(previous) && barriers.some((b) => (previous - b) * (x - b) <= 0)) solver.reset();
    previous = x;
    if (x < 0) out[i] = 0;
    else if (x === 0) out[i] = atom;
    else if (stopped) out[i] = NaN;
    else if (solver.solve(x, k * x)) {
      if (general) master.equation.evaluate(x, k * x, solver.mRe, solver.mIm, scratch);
      out[i] = Math.min(1, Math.max(0, master.cdfFromSolution(solver.mRe, solver.mIm)));
    } else {
      // Below the resolution of a discrete D² law continuation stalls: smaller x are not attempted.
      out[i] = NaN;
      stopped = true;
    }
  }
  return out;
}

/**
 * The exact CDF F(x) = ν_J((−∞, x]) (atom included) at any points, from the primitive Φ (spec §5): one
 * continued sweep in decreasing x at Im z = κ·x. F is 0 for x < 0 and the atom at x = 0; NaN where the
 * solver failed, and then at every smaller x > 0 too (the sweep stops there).
 *
 * @example
 * ```ts
 * import { jacobianCdf } from '@spectra/free-prob';
 * const F = jacobianCdf({ depth: 4, activation: 'relu', sigmaW2: 2 }, [0, 1e-30, 3.04173]);
 * F[0]; // 0.5 (the atom at 0)
 * F[1]; // 0.5000000142193353 (the singular density near 0 puts mass just above the atom: 0.5066 at L = 16)
 * F[2]; // 0.9000003275176197: the exact 90 % quantile is 3.0417141 (jacobianMeasure(…).quantile, by
 *       // bisection); jacobianSpectrum's decile table interpolates F in log x between path points: 3.0417300
 * ```
 */
export function jacobianCdf(architecture: JacobianArchitecture, xs: ArrayLike<number>, options: JacobianCdfOptions = {}): Float64Array {
  const x = finiteArray(xs, 'jacobianCdf: xs');
  if (options.relativeImaginaryPart !== undefined && !(options.relativeImaginaryPart > 0 && options.relativeImaginaryPart < 1)) {
    throw new SpectraError('E_ARGUMENT', `jacobianCdf: relativeImaginaryPart must be in (0, 1), got ${options.relativeImaginaryPart}`);
  }
  const arch = resolveJacobianArchitecture(architecture, { normalisation: options.normalisation ?? 'fanIn', dLaw: options.dLaw ?? 'perLayer' });
  return cdfForResolved(arch, options.weights ?? 'gaussian', x, options.relativeImaginaryPart);
}
